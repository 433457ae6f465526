"""The cleaning functions of the examples in examples/ (which import datasets and pyspark
only in main(), so these run without them): the same output as the command line."""

from __future__ import annotations

import importlib.util
import json

import pytest

import newsclean
from conftest import ROOT, error_of, fixture_inputs


def example(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "examples" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def utf8_fixtures() -> list[str]:
    texts = []
    for path in fixture_inputs():
        try:
            if not error_of(path).exists():
                texts.append(path.read_bytes().decode("utf-8"))
        except UnicodeDecodeError:
            pass
    return texts


def test_the_datasets_batch_function_cleans_every_text():
    texts = utf8_fixtures()
    batch = {"text": texts, "id": list(range(len(texts)))}
    out = example("datasets_clean").clean_batch(batch)
    assert out == {"text": newsclean.Cleaner().clean_many(texts)}


def test_the_spark_partition_function_matches_newsclean_jsonl(cli):
    records = [{"id": i, "text": t} for i, t in enumerate(utf8_fixtures())]
    records += [{"id": "no text"}, {"id": "not a string", "text": 7}]
    lines = [json.dumps(r) for r in records] * 3  # more than one batch of the example's
    module = example("pyspark_mappartitions")
    module.BATCH = len(records) + 1
    got = [json.loads(line) for line in module.clean_partition(lines)]
    run = cli(["--jsonl", "--on-error", "skip"], stdin="\n".join(lines).encode() + b"\n")
    assert run.returncode == 0, run.stderr
    want = [json.loads(line) for line in run.stdout.decode("utf-8").splitlines()]
    assert len(got) == len(lines)
    assert got == want


def html_fixtures() -> list[str]:
    """The HTML fixtures in UTF-8, as str (what a data set's column holds)."""
    pages = []
    for path in sorted(ROOT.glob("fixtures/*.html")):
        try:
            pages.append(path.read_bytes().decode("utf-8"))
        except UnicodeDecodeError:
            pass
    return pages


def test_the_datasets_html_batch_function_gives_text_and_metadata(cli):
    pages = html_fixtures()
    assert len(pages) >= 3
    batch = {"html": pages, "url": [f"https://a.example/{i}" for i in range(len(pages))]}
    out = example("datasets_clean").clean_html_batch(batch)
    for page, text in zip(pages, out["text"]):
        run = cli(["--input", "html"], stdin=page.encode("utf-8"))
        assert text == run.stdout.decode("utf-8")
    want = newsclean.Cleaner().clean_html_many(pages, urls=batch["url"])
    assert out["title"] == [p.title for p in want]
    assert out["url"] == [p.url for p in want]
    assert any(t is not None for t in out["title"])


def test_the_datatrove_warc_pipeline_cleans_pages_and_drops_empty_ones():
    pytest.importorskip("datatrove")
    from datatrove.data import Document

    formatter, keep = example("datatrove_warc").cleaning()
    pages = html_fixtures() + ["<html><body><nav><a href=/>Home</a></nav></body></html>"]
    docs = [Document(text=p, id=str(i), metadata={}) for i, p in enumerate(pages)]
    kept = list(keep.run(formatter.run(iter(docs))))
    cleaner = newsclean.Cleaner()
    assert [d.text for d in kept] == [cleaner.clean_html(p).text for p in pages[:-1]]
