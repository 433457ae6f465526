"""The datatrove formatter, where datatrove is installed; and a clear ImportError where not."""

from __future__ import annotations

import pickle
import subprocess
import sys

import pytest

import newsclean
from test_options import ARTICLE, MOJIBAKE, NEWSLETTER


def test_importing_the_adapter_without_datatrove_says_so():
    code = (
        "import sys; sys.modules['datatrove'] = None\n"
        "try:\n    import newsclean.datatrove\n"
        "except ImportError as e:\n    print('ImportError', e)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.startswith("ImportError newsclean.datatrove needs datatrove: pip install")
    code = "import sys; sys.modules['datatrove'] = None\nimport newsclean; print(newsclean.clean(' x', boilerplate=False))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout == "x\n\n"  # the package itself never needs datatrove


def test_the_formatter_cleans_documents_and_records_stats():
    pytest.importorskip("datatrove")
    from datatrove.data import Document

    from newsclean.datatrove import NewscleanFormatter

    texts = [NEWSLETTER + MOJIBAKE + ARTICLE, ARTICLE, NEWSLETTER]
    docs = [Document(text=t, id=str(i)) for i, t in enumerate(texts)]
    step = NewscleanFormatter(metadata_key="newsclean")
    out = list(step.run(iter(docs)))
    cleaner = newsclean.Cleaner()
    assert [d.text for d in out] == [cleaner.clean(t) for t in texts]
    assert out[2].text == ""  # kept, emptied, for a filter to drop
    assert out[0].metadata["newsclean"]["dropped"] == {"newsletter.sign-up": 1}
    assert out[0].metadata["newsclean"]["repairs"] == {"utf8-as-cp1252": 1}
    stats = step.stats
    assert stats["total"].total == 3
    assert stats["lines_dropped"].total == 2
    assert stats["repairs"].total == 1
    assert stats["emptied"].total == 1
    assert stats["dropped:newsletter.sign-up"].total == 2
    assert step.format(MOJIBAKE) == cleaner.clean(MOJIBAKE)


def test_the_formatter_takes_options_and_fails_early_on_bad_ones():
    pytest.importorskip("datatrove")
    from datatrove.data import Document

    from newsclean.datatrove import NewscleanFormatter

    keep = NewscleanFormatter(disable=["newsletter"])
    doc = Document(text=NEWSLETTER + ARTICLE, id="0")
    assert list(keep.run(iter([doc])))[0].text == NEWSLETTER + ARTICLE
    with pytest.raises(newsclean.RuleError):
        NewscleanFormatter(disable=["no-such-rule"])


def test_the_formatter_pickles_for_workers():
    pytest.importorskip("datatrove")
    from newsclean.datatrove import NewscleanFormatter

    step = pickle.loads(pickle.dumps(NewscleanFormatter(repair=False)))
    assert step.format(MOJIBAKE) == MOJIBAKE


def test_the_formatter_extracts_html_pages_with_their_metadata():
    pytest.importorskip("datatrove")
    from datatrove.data import Document

    from conftest import FIXTURES
    from newsclean.datatrove import NewscleanFormatter
    from test_html import PAGE

    page = PAGE.format(canonical="")
    json_ld = (FIXTURES / "html-json-ld-only.html").read_text(encoding="utf-8")
    docs = [
        Document(text=page, id="0", metadata={"url": "https://warc.example/0", "title": "kept"}),
        Document(text=json_ld, id="1"),
    ]
    step = NewscleanFormatter(html=True, metadata_key="newsclean")
    out = list(step.run(iter(docs)))
    cleaner = newsclean.Cleaner()
    assert [d.text for d in out] == [cleaner.clean_html(page).text, cleaner.clean_html(json_ld).text]
    assert out[0].metadata["url"] == "https://warc.example/0"
    assert out[0].metadata["title"] == "kept"  # what the reader set stays
    assert out[0].metadata["page_title"] == "Harbour reopens after storm repairs"
    assert "page_url" not in out[0].metadata  # the page names no url: the reader's is used
    assert out[0].metadata["site_name"] == "The Coast Courier"
    assert out[1].metadata["author"] == "Tom Ellis"
    assert out[1].metadata["date"] == "2024-09-02T08:00:00Z"
    assert out[0].metadata["newsclean"] == cleaner.clean_html(page).report
    assert step.stats["total"].total == 2
    assert step.stats["lines_in"].total > 0
    assert step.format(page) == cleaner.clean_html(page).text
    no_headline = NewscleanFormatter(html=True, headline=False)
    assert no_headline.format(page) == cleaner.clean_html(page).text.split("\n", 1)[1]
