"""A datatrove formatter that cleans each document's text with newsclean.

    from datatrove.pipeline.readers import JsonlReader
    from newsclean.datatrove import NewscleanFormatter

    pipeline = [JsonlReader("data/"), NewscleanFormatter(disable=["social"]), ...]
    pipeline = [WarcReader("crawl/"), NewscleanFormatter(html=True), ...]  # HTML pages

Needs datatrove (``pip install newsclean[datatrove]``); importing this module without it
raises ImportError.
"""

from __future__ import annotations

from typing import Sequence, Union
import os

try:
    from datatrove.data import DocumentsPipeline
    from datatrove.pipeline.formatters.base import BaseFormatter
    from datatrove.utils.typeshelper import StatHints
except ImportError as missing:
    raise ImportError(
        "newsclean.datatrove needs datatrove: pip install 'newsclean[datatrove]'"
    ) from missing

from ._newsclean import Cleaner

__all__ = ["NewscleanFormatter"]


class NewscleanFormatter(BaseFormatter):
    """Replaces ``Document.text`` with its clean text, like datatrove's ``FTFYFormatter``
    but also dropping boilerplate lines and normalizing whitespace.

    Options are :class:`newsclean.Cleaner`'s. With ``html=True`` each ``Document.text`` is an
    HTML page (what ``WarcReader`` yields): it becomes the article's clean text
    (:meth:`newsclean.Cleaner.clean_html`, as ``newsclean --input html``), and the metadata
    the page states (``title``, ``author``, ``date``, ``url``, ``language``, ``site_name``)
    goes into ``Document.metadata`` under those names. What the reader set stays: a page's
    value that differs from it goes under ``page_`` + the name instead (a WARC record's
    ``date`` is the crawl's, the page's publication date becomes ``page_date``). The
    reader's ``url`` is passed as the page's address.

    Per document it records in the step's stats:
    ``lines_in``, ``lines_dropped``, ``repairs``, ``bytes_in`` and ``bytes_out`` (each with its
    mean/min/max per document), ``emptied`` (documents left with no text: they are kept,
    with an empty text, for a filter to drop), and ``dropped:RULE`` / ``repaired:KIND`` for
    each rule and repair that fired. With ``metadata_key`` set, each document's own counts
    also go into ``Document.metadata[metadata_key]``.
    """

    name = "🧹 newsclean"

    def __init__(
        self,
        repair: bool = True,
        boilerplate: bool = True,
        rules: Sequence[Union[str, os.PathLike]] = (),
        disable: Sequence[str] = (),
        enable: Sequence[str] = (),
        metadata_key: str | None = None,
        html: bool = False,
        headline: bool = True,
    ) -> None:
        super().__init__()
        # Built here so that a bad rule pack fails when the pipeline is set up, not on a
        # worker; pickled to workers as its options.
        self.cleaner = Cleaner(
            repair,
            boilerplate,
            list(rules),
            list(disable),
            list(enable),
            input="html" if html else "auto",
            headline=headline,
        )
        self.metadata_key = metadata_key
        self.html = html

    def format(self, text: str) -> str:
        return self.cleaner.clean(text)

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        for doc in data:
            self.stat_update(StatHints.total)
            with self.track_time():
                if self.html:
                    page = self.cleaner.clean_html(doc.text, url=doc.metadata.get("url"))
                    doc.text, report = page.text, page.report
                    _add_page_metadata(doc.metadata, page.metadata)
                else:
                    doc.text, report = self.cleaner.clean_with_report(doc.text)
            self._record(report)
            if self.metadata_key is not None:
                doc.metadata[self.metadata_key] = report
            yield doc

    def _record(self, report: dict) -> None:
        dropped = sum(report["dropped"].values())
        self.stat_update("lines_in", value=report["lines_in"], unit="doc")
        self.stat_update("lines_dropped", value=dropped, unit="doc")
        self.stat_update("repairs", value=sum(report["repairs"].values()), unit="doc")
        self.stat_update("bytes_in", value=report["bytes_in"], unit="doc")
        self.stat_update("bytes_out", value=report["bytes_out"], unit="doc")
        if report["bytes_out"] == 0:
            self.stat_update("emptied")
        for rule, count in report["dropped"].items():
            self.stat_update(f"dropped:{rule}", value=count)
        for kind, count in report["repairs"].items():
            self.stat_update(f"repaired:{kind}", value=count)


def _add_page_metadata(metadata: dict, page: dict) -> None:
    for key, value in page.items():
        if metadata.setdefault(key, value) != value:
            metadata[f"page_{key}"] = value
