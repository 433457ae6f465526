"""Strings Python can hold and UTF-8 cannot, and other edge cases: never a crash."""

from __future__ import annotations

import json

import pytest

import newsclean

# Without the rules: these short lines would be dropped as menu entries.
CLEANER = newsclean.Cleaner(boilerplate=False)
CALLS = {
    "clean": CLEANER.clean,
    "module clean": lambda t: newsclean.clean(t, boilerplate=False),
    "clean_many": lambda t: CLEANER.clean_many([t, t], threads=2)[0],
    "clean_with_report": lambda t: CLEANER.clean_with_report(t)[0],
    "clean_html": lambda t: CLEANER.clean_html(f"<html><body><p>{t}</p></body></html>").text,
    "clean_html_many": lambda t: CLEANER.clean_html_many([f"<p>{t}</p>"], threads=2)[0].text,
}


@pytest.mark.parametrize("call", CALLS.values(), ids=CALLS.keys())
@pytest.mark.parametrize(
    "text, want",
    [
        ("lone \ud800 high", "lone \ufffd high\n"),
        ("lone \udfff low", "lone \ufffd low\n"),
        ("at the end \udc80", "at the end \ufffd\n"),
        ("\ud83d\ude00 a pair held as two code points", "\U0001F600 a pair held as two code points\n"),
        ("two lows \ude00\ude00", "two lows \ufffd\ufffd\n"),
    ],
)
def test_lone_surrogates_become_replacement_characters(call, text, want):
    assert call(text) == want


def test_surrogates_from_json_and_surrogateescape():
    from_json = json.loads('"caf\\u00e9 \\ud800 ok"')
    assert CLEANER.clean(from_json) == "caf\u00e9 \ufffd ok\n"
    escaped = b"caf\xe9 latin-1 bytes".decode("utf-8", "surrogateescape")
    assert CLEANER.clean(escaped) == "caf\ufffd latin-1 bytes\n"


def test_explain_takes_surrogates_too():
    assert CLEANER.explain("x \ud800 y\n") == []


@pytest.mark.parametrize(
    "text, want",
    [
        ("", ""),
        ("   \n\t\n", ""),
        ("a\x00b", "ab\n"),  # control characters are removed, as in files
        ("e\u0301t\u00e9", "\u00e9t\u00e9\n"),  # NFC
        ("\ufeffBOM first", "BOM first\n"),
        ("\U0001F4F0 news \u4e2d\u6587 \u0639\u0631\u0628\u064a", "\U0001F4F0 news \u4e2d\u6587 \u0639\u0631\u0628\u064a\n"),
        ("one\rtwo\r\nthree\u2028four", "one\ntwo\nthree\nfour\n"),
    ],
)
def test_edge_cases(text, want):
    assert CLEANER.clean(text) == want


def test_a_str_subclass_is_a_str():
    class Page(str):
        pass

    assert CLEANER.clean(Page("  x  ")) == "x\n"


def test_a_line_longer_than_the_piece_size_survives_whole():
    line = ("word " * 60_000).strip()  # 300 KB, more than one 128 KiB piece
    assert newsclean.clean(line, boilerplate=False) == line + "\n"
