"""explain() lists what --explain prints, as dicts with rule ids; clean_with_report counts."""

from __future__ import annotations

import re

import newsclean
from conftest import fixture_inputs
from test_options import ARTICLE, MOJIBAKE, NEWSLETTER


def test_events_for_a_dropped_line_and_a_repair():
    events = newsclean.Cleaner().explain(NEWSLETTER + MOJIBAKE + ARTICLE)
    # In the order the stages saw them: a line is repaired before the filter decides on
    # the lines around it.
    assert sorted(events, key=lambda e: e["line"]) == [
        {"kind": "dropped", "line": 1, "rule": "newsletter.sign-up", "text": NEWSLETTER.strip()},
        {
            "kind": "repaired",
            "line": 2,
            "rule": "utf8-as-cp1252",
            "before": "\u00e2\u20ac\u2122",
            "after": "\u2019",
            "byte": len("The mayor".encode()),
        },
    ]


def test_nothing_to_explain_in_a_clean_article():
    assert newsclean.Cleaner().explain(ARTICLE) == []
    assert newsclean.Cleaner().explain("") == []


def test_explain_does_not_change_the_output_and_the_report_matches():
    cleaner = newsclean.Cleaner()
    for path in fixture_inputs():
        try:
            text = path.read_bytes().decode("utf-8")
        except UnicodeDecodeError:
            continue
        events = cleaner.explain(text)
        out, report = cleaner.clean_with_report(text)
        assert out == cleaner.clean(text)
        dropped: dict[str, int] = {}
        repairs: dict[str, int] = {}
        for e in events:
            counts = dropped if e["kind"] == "dropped" else repairs
            counts[e["rule"]] = counts.get(e["rule"], 0) + 1
        assert report["dropped"] == dropped, path.name
        assert report["repairs"] == repairs, path.name
        assert report["bytes_out"] == len(out.encode())
        assert report["lines_out"] == sum(1 for line in out.split("\n")[:-1] if line)
        assert report["bytes_in"] == len(text.encode())


def test_events_are_the_command_lines(cli):
    """Every fixture: the (line, kind, rule) of each event equals what `--explain` prints."""
    line_re = re.compile(r"^<stdin>: line (\d+): (dropped|repaired) \[([^\]]+)\]")
    cleaner = newsclean.Cleaner()
    compared = 0
    for path in fixture_inputs():
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            continue
        run = cli(["--explain"], stdin=raw)
        assert run.returncode == 0, run.stderr
        want = [
            (int(m[1]), m[2], m[3])
            for m in map(line_re.match, run.stderr.decode("utf-8").splitlines())
            if m
        ]
        got = [(e["line"], e["kind"], e["rule"]) for e in cleaner.explain(text)]
        assert got == want, path.name
        compared += len(got)
    assert compared > 50
