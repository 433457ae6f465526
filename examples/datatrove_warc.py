"""Extract and clean the news articles of a web crawl's WARC files with datatrove.

    pip install './python[datatrove]' warcio faust-cchardet python-magic
    python3 examples/datatrove_warc.py crawl/ clean-out/

datatrove's `WarcReader` yields each HTML response as a document whose text is the page;
`NewscleanFormatter(html=True)` replaces it with the article's clean text (what
`newsclean --input html` writes) and adds the page's title, author, publication date
(`page_date`: the record's `date` is the crawl's) and site name to the metadata. Pages
that were all boilerplate are left empty by the formatter and dropped by the filter.
"""

from __future__ import annotations

import sys


def cleaning() -> list:
    """The steps between reader and writer: the articles out of the pages, empty ones out."""
    from datatrove.pipeline.filters import LambdaFilter

    from newsclean.datatrove import NewscleanFormatter

    return [NewscleanFormatter(html=True), LambdaFilter(lambda doc: doc.text != "")]


def pipeline(source: str, target: str) -> list:
    from datatrove.pipeline.readers import WarcReader
    from datatrove.pipeline.writers import JsonlWriter

    return [WarcReader(source, glob_pattern="*.warc.gz"), *cleaning(), JsonlWriter(target)]


def main(source: str, target: str) -> None:
    from datatrove.executor import LocalPipelineExecutor

    LocalPipelineExecutor(pipeline=pipeline(source, target), tasks=1).run()


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
