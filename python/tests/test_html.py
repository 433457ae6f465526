"""HTML pages: clean_html gives the command line's `--input html` output for every HTML
fixture, with the page's metadata; clean_html_many gives the same in input order."""

from __future__ import annotations

import pickle

import pytest

import newsclean
from conftest import FIXTURES, expected_of

PAGES = sorted(FIXTURES.glob("*.html"))

PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Harbour reopens | The Coast Courier</title>
<meta property="og:site_name" content="The Coast Courier">
<meta property="og:title" content="Harbour reopens after storm repairs">
{canonical}
</head><body>
<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
<article>
<h1>Harbour reopens after storm repairs</h1>
<p>The harbour reopened to fishing boats on Monday, six weeks after a winter storm tore
away part of the outer wall and flooded the quay.</p>
<p>Engineers rebuilt forty metres of the wall, and the council said the work had cost less
than it had feared when the damage was first surveyed.</p>
<p>Sign up for our newsletter</p>
</article>
<footer>Copyright 2024 The Coast Courier. All rights reserved.</footer>
</body></html>
"""


def utf8(raw: bytes) -> str | None:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return None


def test_there_are_html_fixtures_one_of_them_not_utf8():
    assert len(PAGES) >= 5
    assert any(utf8(p.read_bytes()) is None for p in PAGES)


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_every_html_fixture_cleans_to_its_expected_output(path):
    want = expected_of(path).read_text(encoding="utf-8")
    raw = path.read_bytes()
    assert newsclean.Cleaner().clean_html(raw).text == want
    assert newsclean.clean_html(raw).text == want
    if utf8(raw) is not None:
        assert newsclean.clean_html(utf8(raw)).text == want


@pytest.mark.parametrize("headline", [True, False])
def test_output_is_the_command_lines_input_html_for_every_fixture(cli, headline):
    cleaner = newsclean.Cleaner(headline=headline)
    flags = ["--input", "html"] + ([] if headline else ["--no-headline"])
    for path in PAGES:
        run = cli([*flags, str(path)])
        assert run.returncode == 0, run.stderr
        want = run.stdout.decode("utf-8")
        raw = path.read_bytes()
        assert cleaner.clean_html(raw).text == want, path.name
        assert newsclean.clean_html(raw, headline=headline).text == want, path.name
        if utf8(raw) is not None:
            assert cleaner.clean_html(utf8(raw)).text == want, path.name
            # A page in a str cleaned as a text document: auto-detected as HTML.
            assert cleaner.clean(utf8(raw)) == want, path.name


def test_headline_off_drops_the_headline():
    with_headline = newsclean.clean_html(PAGE.format(canonical="")).text
    without = newsclean.clean_html(PAGE.format(canonical=""), headline=False).text
    assert with_headline.startswith("Harbour reopens after storm repairs\n")
    assert with_headline.endswith(without)
    assert "Harbour reopens" not in without


def test_the_page_carries_its_metadata():
    page = newsclean.clean_html(PAGE.format(canonical=""))
    assert page.text.startswith("Harbour reopens after storm repairs\nThe harbour reopened")
    for chrome in ("Home", "Sign up", "Copyright"):
        assert chrome not in page.text
    assert page.title == "Harbour reopens after storm repairs"
    assert page.site_name == "The Coast Courier"
    assert page.language == "en"
    assert page.author is None and page.date is None and page.url is None
    assert page.encoding is None  # a str was not decoded
    assert page.metadata == {
        "title": "Harbour reopens after storm repairs",
        "site_name": "The Coast Courier",
        "language": "en",
    }
    assert "Harbour reopens" in repr(page) and "site_name='The Coast Courier'" in repr(page)


def test_json_ld_gives_author_and_date():
    page = newsclean.clean_html((FIXTURES / "html-json-ld-only.html").read_bytes())
    assert page.title == "Orchard growers expect record apple harvest"
    assert page.author == "Tom Ellis"
    assert page.date == "2024-09-02T08:00:00Z"
    assert page.encoding == "UTF-8"


def test_bytes_are_decoded_by_the_pages_charset():
    page = newsclean.clean_html((FIXTURES / "html-windows-1252-meta.html").read_bytes())
    assert page.encoding == "windows-1252"
    assert "\ufffd" not in page.text


def test_url_fills_in_only_when_the_page_names_none():
    canonical = '<link rel="canonical" href="https://courier.example/harbour">'
    assert newsclean.clean_html(PAGE.format(canonical=""), url="https://a.example/x").url == (
        "https://a.example/x"
    )
    page = newsclean.clean_html(PAGE.format(canonical=canonical), url="https://a.example/x")
    assert page.url == "https://courier.example/harbour"


@pytest.mark.parametrize("threads", [None, 1, 2])
def test_clean_html_many_equals_clean_html_in_order(threads):
    cleaner = newsclean.Cleaner()
    raws = [p.read_bytes() for p in PAGES]
    pages = [r if i % 2 else (utf8(r) or r) for i, r in enumerate(raws * 5)]
    pages.append(PAGE.format(canonical=""))
    got = cleaner.clean_html_many(pages, threads=threads)
    want = [cleaner.clean_html(p) for p in pages]
    assert [p.text for p in got] == [p.text for p in want]
    assert [p.metadata for p in got] == [p.metadata for p in want]
    assert [p.encoding for p in got] == [p.encoding for p in want]


def test_clean_html_many_takes_urls_one_per_page():
    cleaner = newsclean.Cleaner()
    page = PAGE.format(canonical="")
    got = cleaner.clean_html_many([page, page], urls=["https://a.example/1", None])
    assert [p.url for p in got] == ["https://a.example/1", None]
    with pytest.raises(ValueError, match="clean_html_many: 1 urls for 2 pages"):
        cleaner.clean_html_many([page, page], urls=["https://a.example/1"])
    assert cleaner.clean_html_many([]) == []


def test_wrong_types_and_oversized_pages_raise():
    cleaner = newsclean.Cleaner()
    with pytest.raises(TypeError, match="html is int, not str or bytes"):
        cleaner.clean_html(7)
    with pytest.raises(TypeError, match="clean_html_many: item 1 is NoneType, not str or bytes"):
        cleaner.clean_html_many(["<p>a</p>", None])
    huge = b"<html>" + b" " * (64 << 20)
    with pytest.raises(newsclean.NewscleanError, match="clean_html_many: item 1: "):
        cleaner.clean_html_many([b"<p>a</p>", huge])
    with pytest.raises(newsclean.NewscleanError):
        cleaner.clean_html(huge)


def test_input_option_is_the_flags(cli):
    page = PAGE.format(canonical="")
    for input in ("auto", "text", "html"):
        run = cli(["--input", input], stdin=page.encode())
        assert run.returncode == 0, run.stderr
        assert newsclean.Cleaner(input=input).clean(page) == run.stdout.decode(), input
        assert newsclean.clean(page, input=input) == run.stdout.decode(), input
    text = "A line of plain text that the reader wrote.\n"
    run = cli(["--input", "html"], stdin=text.encode())
    assert newsclean.Cleaner(input="html").clean(text) == run.stdout.decode()
    with pytest.raises(ValueError, match="input must be 'auto', 'text' or 'html', not 'xml'"):
        newsclean.Cleaner(input="xml")


def test_input_text_reads_markup_as_lines():
    page = PAGE.format(canonical="")
    assert "<article>" in newsclean.Cleaner(input="text").clean(page)
    assert "<article>" not in newsclean.Cleaner().clean(page)


def test_explain_names_the_html_decisions():
    events = newsclean.Cleaner().explain(PAGE.format(canonical=""))
    html = [e for e in events if e["kind"] == "html"]
    assert html and all(e["rule"].startswith("html.") for e in html)
    assert any("Home" in e["text"] for e in html)


def test_a_cleaner_with_html_options_pickles():
    cleaner = newsclean.Cleaner(headline=False)
    copy = pickle.loads(pickle.dumps(cleaner))
    page = PAGE.format(canonical="")
    assert copy.clean_html(page).text == cleaner.clean_html(page).text


def test_the_pages_report_is_clean_with_reports():
    cleaner = newsclean.Cleaner()
    for path in PAGES:
        text = utf8(path.read_bytes())
        if text is not None:
            page = cleaner.clean_html(text)
            assert cleaner.clean_with_report(text) == (page.text, page.report), path.name
            assert page.report["lines_out"] == page.text.count("\n")
