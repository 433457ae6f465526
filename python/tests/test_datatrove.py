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
