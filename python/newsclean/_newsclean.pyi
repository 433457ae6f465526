"""Type stubs for the Rust extension module (re-exported by ``newsclean``)."""

import os
from typing import Iterable, List, Literal, Optional, Sequence, Tuple, TypedDict, Union

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

Event = Union[DroppedEvent, RepairedEvent]

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
    :raises RuleError: a pack does not load, or an id names no pack or rule.

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
) -> str:
    """Cleans one document; options as for :class:`Cleaner`.

    A cleaner is built once per set of options and kept (the last 8 sets), so a loop of
    calls does not reload rule packs; build a :class:`Cleaner` to reload changed files."""
