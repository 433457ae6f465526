"""Speed of the Python package against the command line, ftfy and plsfix, in one run.

    python python/benches/bench.py --pages DIR [--mb 64] [--anchor-mb 4] [--runs 3]
                                   [--corpus FILE] [--html-mb 16] [--no-html]
                                   [--cli target/release/newsclean]

DIR holds scraped pages (`*.txt`; `*.expected.txt` are skipped), each cleaned as its own
document. They are repeated in order until the corpus reaches --mb megabytes (or, with
--corpus FILE, the documents are FILE's NUL-separated ones, such as bench/compare's
news-pages corpus). Measured, on the same documents:

- the command line: `newsclean -z` over the corpus as NUL-separated documents (one
  process, one thread), its CPU time read from the kernel (user + system);
- `Cleaner.clean_many(texts, threads=1)` and `threads=None` (all cores), and a loop of
  `Cleaner.clean(text)`: this process's CPU time over all its threads, so the figures
  compare the work done, not the number of cores;
- `Cleaner(boilerplate=False).clean_many(texts, threads=1)`: decode, repair and normalize
  only, the stages ftfy and plsfix also run;
- ftfy's and plsfix's `fix_text` called from Python, document by document, on the first
  --anchor-mb megabytes (they are too slow for the whole corpus; throughput is per byte);
- the CPU time of one `clean()` call on a 100-byte string: the per-call overhead and the
  cleaning itself (so an upper bound on the overhead), of one on an empty string, and of
  one with repair and rules off;
- unless --no-html, DIR's `*.html` pages repeated to --html-mb megabytes: the command line's
  `newsclean --input html -z` against `Cleaner.clean_html_many(pages, threads=1)` (bytes in,
  so both decode), output checked equal.

Rounds alternate between the commands, so a burst of load on the shared machine falls on
all of them alike; the best round of each is reported (CPU time is what load inflates).
The output of `clean_many` is checked against the command line's, byte for byte.
Needs: the package installed, a release build of the command line; ftfy and plsfix if
their columns are wanted.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
import timeit
from pathlib import Path
from typing import Callable

import newsclean

MB = 1_000_000


def load_pages(folder: Path, pattern: str = "*.txt") -> list[bytes]:
    paths = sorted(p for p in folder.glob(pattern) if not p.name.endswith(".expected.txt"))
    if not paths:
        sys.exit(f"bench: {folder}: no {pattern} pages")
    return [p.read_bytes() for p in paths]


def corpus(pages: list, megabytes: float) -> list:
    docs: list = []
    size = 0
    while size < megabytes * MB:
        page = pages[len(docs) % len(pages)]
        docs.append(page)
        size += len(page.encode("utf-8") if isinstance(page, str) else page)
    return docs


def utf8_bytes(docs: list[str]) -> int:
    return sum(len(d.encode("utf-8")) for d in docs)


def cpu_self() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def cpu_children() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def measured(work: Callable[[], object]) -> tuple[float, float]:
    """(CPU seconds of this process, wall seconds) of `work`."""
    cpu, wall = cpu_self(), time.perf_counter()
    work()
    return cpu_self() - cpu, time.perf_counter() - wall


def run_cli(cli: Path, stream: Path, out: Path, *flags: str) -> tuple[float, float]:
    with stream.open("rb") as source, out.open("wb") as sink:
        cpu, wall = cpu_children(), time.perf_counter()
        subprocess.run([str(cli), "-z", *flags], stdin=source, stdout=sink, check=True)
        return cpu_children() - cpu, time.perf_counter() - wall


def per_call_micros(call: Callable[[], object], number: int = 20_000) -> float:
    """CPU time of one call: on a loaded machine wall time counts the waits for a core."""
    best = min(timeit.repeat(call, number=number, repeat=5, timer=time.process_time))
    return best / number * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=Path, required=True)
    parser.add_argument("--mb", type=float, default=64)
    parser.add_argument("--anchor-mb", type=float, default=4)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--corpus", type=Path)
    parser.add_argument("--html-mb", type=float, default=16)
    parser.add_argument("--no-html", action="store_true")
    parser.add_argument("--cli", type=Path, default=Path("target/release/newsclean"))
    args = parser.parse_args()

    pages = [p.decode("utf-8") for p in load_pages(args.pages)]
    if args.corpus:
        docs = args.corpus.read_bytes().decode("utf-8").split("\0")
        docs = [d for d in docs if d]
    else:
        docs = corpus(pages, args.mb)
    size = utf8_bytes(docs)
    anchor = corpus(docs, args.anchor_mb)
    anchor_size = utf8_bytes(anchor)
    cleaner = newsclean.Cleaner()
    repair_only = newsclean.Cleaner(boilerplate=False)
    html_docs = [] if args.no_html else corpus(load_pages(args.pages, "*.html"), args.html_mb)
    html_size = sum(len(d) for d in html_docs)
    origin = args.corpus.name if args.corpus else f"{len(pages)} pages repeated"
    print(
        f"corpus: {origin} to {len(docs)} documents, {size / MB:.1f} MB; "
        f"HTML: {len(html_docs)} pages, {html_size / MB:.1f} MB; "
        f"anchors on {len(anchor)} documents, {anchor_size / MB:.1f} MB; "
        f"{os.cpu_count()} cores; newsclean {newsclean.__version__}, Python {sys.version.split()[0]}"
    )

    anchors: dict[str, Callable[[str], str]] = {}
    for name in ("ftfy", "plsfix"):
        try:
            anchors[name] = __import__(name).fix_text
        except ImportError:
            print(f"{name}: not installed, no column")

    results: dict[str, list[tuple[float, float]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        stream, cli_out = Path(tmp) / "corpus.nul", Path(tmp) / "out.nul"
        stream.write_bytes(b"".join(d.encode("utf-8") + b"\0" for d in docs))
        html_stream, html_out = Path(tmp) / "html.nul", Path(tmp) / "html-out.nul"
        html_stream.write_bytes(b"".join(d + b"\0" for d in html_docs))
        runs: dict[str, tuple[int, Callable[[], tuple[float, float]]]] = {
            "cli -z": (size, lambda: run_cli(args.cli, stream, cli_out)),
            "clean_many threads=1": (size, lambda: measured(lambda: cleaner.clean_many(docs, threads=1))),
            "clean_many threads=None": (size, lambda: measured(lambda: cleaner.clean_many(docs))),
            "clean() loop": (size, lambda: measured(lambda: [cleaner.clean(d) for d in docs])),
            "clean_many, no rules": (
                size,
                lambda: measured(lambda: repair_only.clean_many(docs, threads=1)),
            ),
        }
        if html_docs:
            runs["cli --input html -z"] = (
                html_size,
                lambda: run_cli(args.cli, html_stream, html_out, "--input", "html"),
            )
            runs["clean_html_many threads=1"] = (
                html_size,
                lambda: measured(lambda: cleaner.clean_html_many(html_docs, threads=1)),
            )
        for name, fix in anchors.items():
            runs[f"{name}.fix_text"] = (
                anchor_size,
                lambda fix=fix: measured(lambda: [fix(d) for d in anchor]),
            )
        for round_ in range(args.runs):
            for name, (_, run) in runs.items():
                results.setdefault(name, []).append(run())
            print(f"round {round_ + 1}/{args.runs} done", file=sys.stderr)

        from_cli = cli_out.read_bytes().decode("utf-8").split("\0")[:-1]
        same = from_cli == cleaner.clean_many(docs)
        print(f"output of clean_many == output of `newsclean -z`: {same} ({len(from_cli)} documents)")
        if html_docs:
            from_cli = html_out.read_bytes().decode("utf-8").split("\0")[:-1]
            got = [p.text for p in cleaner.clean_html_many(html_docs)]
            same_html = from_cli == got
            print(
                f"output of clean_html_many == output of `newsclean --input html -z`: "
                f"{same_html} ({len(from_cli)} pages)"
            )
            same = same and same_html

    cpu_rate = {}
    print(f"{'what':<26} {'MB':>6} {'cpu s':>7} {'wall s':>7} {'MB/s cpu':>9} {'MB/s wall':>9}")
    for name, (nbytes, _) in runs.items():
        cpu, wall = min(results[name], key=lambda r: r[0])
        cpu_rate[name] = nbytes / MB / cpu
        print(
            f"{name:<26} {nbytes / MB:>6.1f} {cpu:>7.2f} {wall:>7.2f} "
            f"{cpu_rate[name]:>9.2f} {nbytes / MB / wall:>9.2f}"
        )
    base = cpu_rate["cli -z"]
    for name in (
        "clean_many threads=1",
        "clean_many threads=None",
        "clean() loop",
        "clean_many, no rules",
    ):
        line = f"{name}: {100 * cpu_rate[name] / base:.1f}% of the CLI's CPU throughput"
        for anchor_name in anchors:
            line += f", {cpu_rate[name] / cpu_rate[anchor_name + '.fix_text']:.1f}x {anchor_name}"
        print(line)
    if html_docs:
        ratio = cpu_rate["clean_html_many threads=1"] / cpu_rate["cli --input html -z"]
        print(f"clean_html_many threads=1: {100 * ratio:.1f}% of the CLI's CPU throughput on HTML")

    hundred = ("The council met on Tuesday to discuss the new budget, " * 2)[:100]
    assert len(hundred.encode()) == 100
    default = per_call_micros(lambda: newsclean.clean(hundred))
    built = per_call_micros(lambda: cleaner.clean(hundred))
    empty = per_call_micros(lambda: cleaner.clean(""))
    bare_cleaner = newsclean.Cleaner(repair=False, boilerplate=False)
    bare = per_call_micros(lambda: bare_cleaner.clean(hundred))
    print(
        f"CPU time of one call on a 100-byte string: newsclean.clean {default:.2f} us, "
        f"Cleaner.clean {built:.2f} us (an empty string: {empty:.2f} us; "
        f"repair and rules off: {bare:.2f} us)"
    )
    if not same:
        sys.exit("bench: the package's output differs from the command line's")


if __name__ == "__main__":
    main()
