"""newsclean: turn scraped news articles into clean text.

The same cleaner as the ``newsclean`` command line (decode, repair mojibake, normalize
Unicode and whitespace, drop boilerplate lines by rule packs), called from Python::

    import newsclean

    newsclean.clean("Hello,\\u00a0world  \\r\\n")           # 'Hello, world\\n'
    cleaner = newsclean.Cleaner(disable=["social"])          # build once ...
    cleaner.clean_many(texts)                               # ... clean many, in parallel
    page = newsclean.clean_html(html_bytes)                 # an HTML page: article + metadata
    page.text, page.title, page.date

Adapters: ``newsclean.datatrove.NewscleanFormatter`` (needs ``pip install newsclean[datatrove]``).
"""

from ._newsclean import (
    Cleaner,
    NewscleanError,
    Page,
    RuleError,
    __version__,
    clean,
    clean_html,
)

__all__ = [
    "Cleaner",
    "NewscleanError",
    "Page",
    "RuleError",
    "__version__",
    "clean",
    "clean_html",
]
