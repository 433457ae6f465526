"""The golden fixtures the Rust tests use (the seed article among them), through every way
into the Python API, and the command line's own output on the same bytes."""

from __future__ import annotations

import pytest

import newsclean
from conftest import error_of, expected_of, fixture_inputs

INPUTS = fixture_inputs()
CLEANABLE = [p for p in INPUTS if not error_of(p).exists()]


def as_utf8(raw: bytes) -> str | None:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return None


def test_there_are_fixtures_and_the_seed_is_one():
    names = {p.name for p in INPUTS}
    assert len(names) >= 30
    assert "independent-putin-starmer.txt" in names


@pytest.mark.parametrize("path", CLEANABLE, ids=lambda p: p.name)
def test_bytes_clean_to_the_expected_output(path):
    expected = expected_of(path).read_bytes().decode("utf-8")
    assert newsclean.Cleaner().clean_bytes(path.read_bytes()) == expected


@pytest.mark.parametrize(
    "path",
    [p for p in CLEANABLE if as_utf8(p.read_bytes()) is not None],
    ids=lambda p: p.name,
)
def test_utf8_text_cleans_to_the_expected_output(path):
    expected = expected_of(path).read_bytes().decode("utf-8")
    text = as_utf8(path.read_bytes())
    assert newsclean.clean(text) == expected
    assert newsclean.Cleaner().clean(text) == expected


def test_the_seed_is_exact_through_every_call():
    seed = next(p for p in INPUTS if p.name == "independent-putin-starmer.txt")
    text = seed.read_text(encoding="utf-8")
    expected = expected_of(seed).read_text(encoding="utf-8")
    cleaner = newsclean.Cleaner()
    assert cleaner.clean(text) == expected
    assert cleaner.clean_many([text, text], threads=2) == [expected, expected]
    assert cleaner.clean_with_report(text)[0] == expected


def test_clean_many_gives_every_fixture_its_expected_output():
    texts = [as_utf8(p.read_bytes()) for p in CLEANABLE]
    pairs = [
        (t, expected_of(p).read_text(encoding="utf-8"))
        for p, t in zip(CLEANABLE, texts)
        if t is not None
    ]
    got = newsclean.Cleaner().clean_many([t for t, _ in pairs])
    assert got == [e for _, e in pairs]


@pytest.mark.parametrize("path", [p for p in INPUTS if error_of(p).exists()], ids=lambda p: p.name)
def test_inputs_the_cli_refuses_raise_the_same_message(path):
    want = error_of(path).read_text(encoding="utf-8").strip()
    with pytest.raises(newsclean.NewscleanError, match=want):
        newsclean.Cleaner().clean_bytes(path.read_bytes())


def test_output_is_the_command_lines_for_every_fixture(cli):
    """The command line on each fixture file, against every Python call on the same input."""
    cleaner = newsclean.Cleaner()
    for path in CLEANABLE:
        run = cli([str(path)])
        assert run.returncode == 0, run.stderr
        want = run.stdout.decode("utf-8")
        raw = path.read_bytes()
        assert cleaner.clean_bytes(raw) == want, path.name
        text = as_utf8(raw)
        if text is not None:
            assert cleaner.clean(text) == want, path.name
            assert newsclean.clean(text) == want, path.name
