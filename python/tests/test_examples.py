"""The cleaning functions of the examples in examples/ (which import datasets and pyspark
only in main(), so these run without them): the same output as the command line."""

from __future__ import annotations

import importlib.util
import json

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
