"""Type stubs for the Rust extension module (re-exported by ``newsclean``)."""

import os
from typing import Dict, Iterable, List, Literal, Optional, Sequence, Tuple, TypedDict, Union

__version__: str

StrPath = Union[str, "os.PathLike[str]"]

class NewscleanError(ValueError):
    """A document or a configuration newsclean cannot work with (for example bytes that
    look like a binary file). The message is the command line's, on one line."""

class RuleError(NewscleanError):
    """A rule pack that does not load, or an unknown rule or pack id. The message names the
    file, line and rule, as the command line does."""

class DroppedEvent(TypedDict):
    kind: Literal["dropped"]
    line: int
    """1-based line number in the input."""
    rule: str
    """Id of the rule that dropped the line, e.g. ``newsletter.signup``."""
    text: str
    """The line as it was when dropped (repaired and normalized)."""

class RepairedEvent(TypedDict):
    kind: Literal["repaired"]
    line: int
    rule: str
    """The repair, e.g. ``utf8-as-cp1252``."""
    before: str
    after: str
    byte: int
    """UTF-8 byte offset of ``before`` in the line as the repair stage saw it."""

class HtmlEvent(TypedDict):
    kind: Literal["html"]
    block: int
    """The block's number in document order (1-based); 0 for a decision about the page."""
    rule: str
    """The HTML front-end's rule, e.g. ``html.chrome.nav`` or ``html.container.article``."""
    text: str

Event = Union[DroppedEvent, RepairedEvent, HtmlEvent]

Input = Literal["auto", "text", "html"]

class Page:
    """One HTML page, cleaned: the article's text and what the page says about itself.
    Every metadata field is ``None`` when the page does not state it."""

    @property
    def text(self) -> str:
        """The article, cleaned: what ``newsclean --input html`` writes for the page."""
    @property
    def title(self) -> Optional[str]:
        """The headline: JSON-LD ``headline``, ``og:title``, or ``<title>``."""
    @property
    def author(self) -> Optional[str]:
        """JSON-LD ``author`` names, or the ``author`` meta tag."""
    @property
    def date(self) -> Optional[str]:
        """JSON-LD ``datePublished`` or ``article:published_time`` and its kin, as written."""
    @property
    def url(self) -> Optional[str]:
        """``<link rel=canonical>`` or ``og:url``; else the ``url`` passed to ``clean_html``."""
    @property
    def language(self) -> Optional[str]:
        """``<html lang>`` or ``og:locale``."""
    @property
    def site_name(self) -> Optional[str]:
        """``og:site_name``."""
    @property
    def encoding(self) -> Optional[str]:
        """The encoding bytes were decoded from (``windows-1252``...); ``None`` for a ``str``."""
    @property
    def report(self) -> Report:
        """The page's counts, as :meth:`Cleaner.clean_with_report` gives them for a text."""
    @property
    def metadata(self) -> Dict[str, str]:
        """The metadata fields the page states (``title``, ``author``, ``date``, ``url``,
        ``language``, ``site_name``), without the missing ones."""

class Report(TypedDict):
    bytes_in: int
    """UTF-8 bytes of the input text."""
    bytes_out: int
    lines_in: int
    lines_out: int
    dropped: dict[str, int]
    """Dropped lines by rule id."""
    repairs: dict[str, int]
    """Repairs by kind."""

class Cleaner:
    """A configured cleaner. Build it once (loading rule packs takes milliseconds), then call
    it for every document; one cleaner can be shared by many threads.

    :param repair: repair mojibake (``--no-repair`` on the command line turns it off).
    :param boilerplate: drop boilerplate lines by rule packs (``--keep-boilerplate`` turns it off).
    :param rules: extra rule pack files (TOML), as ``--rules FILE``.
    :param disable: rule or pack ids to switch off, as ``--disable ID``.
    :param enable: rule or pack ids that are off by default to switch on, as ``--enable ID``.
    :param input: what ``clean``, ``clean_many``, ``clean_bytes``, ``explain`` and
        ``clean_with_report`` read, as ``--input``: ``"auto"`` (HTML when the document looks
        like an HTML page, text otherwise), ``"text"`` or ``"html"``. ``clean_html`` always
        reads HTML.
    :param headline: with HTML, keep the page's headline as the first line
        (``--no-headline`` turns it off).
    :raises RuleError: a pack does not load, or an id names no pack or rule.
    :raises ValueError: ``input`` is not one of the three.

    Unlike the command line, no folder of user packs (``~/.config/newsclean/rules``) is
    read: pass ``rules=`` explicitly. A cleaner pickles as its options, so Spark,
    multiprocessing and datatrove can ship it to workers (which read the rule files again).
    """

    def __init__(
        self,
        repair: bool = True,
        boilerplate: bool = True,
        rules: Sequence[StrPath] = (),
        disable: Sequence[str] = (),
        enable: Sequence[str] = (),
        input: Input = "auto",
        headline: bool = True,
    ) -> None: ...
    def clean(self, text: str) -> str:
        """Cleans one document; the result ends in a newline unless it is empty.

        Lone surrogates in ``text`` (which UTF-8 cannot hold) become U+FFFD; a surrogate
        pair held as two code points is joined. Texts of 1 KiB or more are cleaned with the
        GIL released."""
    def clean_bytes(self, data: bytes) -> str:
        """Cleans one document given as bytes in any encoding, decoded as the command line
        decodes a file (BOM, UTF-8, UTF-16 without BOM, then detection).

        :raises NewscleanError: the bytes look like a binary file (NUL bytes in the first 64 KiB)."""
    def clean_many(self, texts: Iterable[str], threads: Optional[int] = None) -> List[str]:
        """Cleans many documents in parallel on Rust threads with the GIL released; the
        results are in input order. ``threads``: ``None`` uses every core (rayon's pool, sized
        by ``RAYON_NUM_THREADS`` if set), ``1`` the calling thread only.

        :raises TypeError: an item is not a ``str``.
        :raises ValueError: ``threads`` is 0."""
    def clean_html(self, html: Union[str, bytes], url: Optional[str] = None) -> Page:
        """Extracts the article from one HTML page and cleans it: the same text as
        ``newsclean --input html`` on the page, with the page's metadata.

        A ``str`` is parsed as it is; ``bytes`` are decoded as the command line decodes a
        page file (BOM, ``<meta charset>``, then detection). ``url`` is the page's address
        if known: ``Page.url`` when the page names none. Pages of 1 KiB or more are cleaned
        with the GIL released.

        :raises NewscleanError: ``bytes`` over 64 MiB.
        :raises TypeError: ``html`` is neither ``str`` nor ``bytes``."""
    def clean_html_many(
        self,
        pages: Iterable[Union[str, bytes]],
        threads: Optional[int] = None,
        urls: Optional[Sequence[Optional[str]]] = None,
    ) -> List[Page]:
        """``clean_html`` on many pages in parallel on Rust threads with the GIL released;
        results in input order. ``threads`` as for ``clean_many``; ``urls``, if given, holds
        one address (or ``None``) per page.

        :raises TypeError: a page is neither ``str`` nor ``bytes``.
        :raises ValueError: ``urls`` is not as long as ``pages``, or ``threads`` is 0.
        :raises NewscleanError: a page cannot be read (the message names its index)."""
    def explain(self, text: str) -> List[Event]:
        """Every dropped line (with the rule that dropped it) and every repair of one
        document, in order: what ``newsclean --explain`` prints, as dicts."""
    def clean_with_report(self, text: str) -> Tuple[str, Report]:
        """The clean text and the document's counts (what ``--report`` records per file)."""

def clean(
    text: str,
    *,
    repair: bool = True,
    boilerplate: bool = True,
    rules: Sequence[StrPath] = (),
    disable: Sequence[str] = (),
    enable: Sequence[str] = (),
    input: Input = "auto",
    headline: bool = True,
) -> str:
    """Cleans one document; options as for :class:`Cleaner`.

    A cleaner is built once per set of options and kept (the last 8 sets), so a loop of
    calls does not reload rule packs; build a :class:`Cleaner` to reload changed files."""

def clean_html(
    html: Union[str, bytes],
    url: Optional[str] = None,
    *,
    repair: bool = True,
    boilerplate: bool = True,
    rules: Sequence[StrPath] = (),
    disable: Sequence[str] = (),
    enable: Sequence[str] = (),
    headline: bool = True,
) -> Page:
    """:meth:`Cleaner.clean_html` with options as for :class:`Cleaner`, on a kept cleaner
    as :func:`clean` does."""
