"""clean_many in parallel gives clean()'s results in order, and the GIL is released while
Rust works, so other Python threads run meanwhile."""

from __future__ import annotations

import random
import threading
import time

import pytest

import newsclean
from conftest import fixture_inputs, error_of


def documents() -> list[str]:
    docs = [
        p.read_bytes().decode("utf-8")
        for p in fixture_inputs()
        if not error_of(p).exists() and p.read_bytes().isascii() or p.name.startswith("mojibake")
    ]
    rng = random.Random(7)
    many = [rng.choice(docs) + f"\nDocument {i}.\n" for i in range(300)]
    return many


@pytest.mark.parametrize("threads", [None, 1, 2, 3, 8])
def test_clean_many_equals_clean_in_order(threads):
    cleaner = newsclean.Cleaner()
    docs = documents()
    assert cleaner.clean_many(docs, threads=threads) == [cleaner.clean(d) for d in docs]


def test_clean_many_takes_any_iterable():
    cleaner = newsclean.Cleaner(boilerplate=False)
    assert cleaner.clean_many([]) == []
    assert cleaner.clean_many(d for d in ["a ", " b"]) == ["a\n", "b\n"]
    assert cleaner.clean_many(("x",), threads=2) == ["x\n"]


def test_threads_share_one_cleaner():
    cleaner = newsclean.Cleaner()
    docs = documents()
    want = [cleaner.clean(d) for d in docs]
    results: dict[int, list[str]] = {}

    def work(k: int) -> None:
        results[k] = [cleaner.clean(d) for d in docs]

    workers = [threading.Thread(target=work, args=(k,)) for k in range(4)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    assert all(results[k] == want for k in range(4))


def big_document() -> str:
    paragraph = (
        "The council met on Tuesday to discuss the new budget, which includes money for "
        "roads, schools and the library; the mayor\u00e2\u20ac\u2122s office said so.\n"
    )
    return paragraph * 40_000  # 6 MB: long enough for a busy machine to schedule us


def python_runs_during(call, tick=lambda: None) -> int:
    """How often the calling thread ran `tick` (Python) in the middle half of `call`
    running on another thread. Holding the GIL for the whole call gives 0."""
    span: list[float] = []
    started = threading.Event()

    def worker() -> None:
        started.set()
        t0 = time.perf_counter()
        call()
        span.extend([t0, time.perf_counter()])

    ticks: list[float] = []
    thread = threading.Thread(target=worker)
    thread.start()
    started.wait()
    while thread.is_alive():
        tick()
        ticks.append(time.perf_counter())
    thread.join()
    t0, t1 = span
    lo, hi = t0 + (t1 - t0) / 4, t1 - (t1 - t0) / 4
    return sum(lo < t < hi for t in ticks)


@pytest.mark.parametrize(
    "how", ["clean", "clean_many", "clean_bytes", "explain", "clean_html", "clean_html_many"]
)
def test_the_gil_is_released_while_rust_cleans(how):
    cleaner = newsclean.Cleaner()
    doc = big_document()
    page = "<html><body><article>" + "".join(
        f"<p>{p}</p>" for p in doc.splitlines()[:20_000]
    ) + "</article></body></html>"
    calls = {
        "clean": lambda: cleaner.clean(doc),
        "clean_many": lambda: cleaner.clean_many([doc, doc], threads=1),
        "clean_bytes": lambda: cleaner.clean_bytes(doc.encode()),
        "explain": lambda: cleaner.explain(doc),
        "clean_html": lambda: cleaner.clean_html(page.encode()),
        "clean_html_many": lambda: cleaner.clean_html_many([page, page], threads=1),
    }
    assert python_runs_during(calls[how]) >= 10


def test_two_threads_clean_at_once():
    """While one thread cleans a large document, another completes cleans of its own."""
    cleaner = newsclean.Cleaner()
    doc = big_document()
    small = doc[: len(doc) // 200]
    assert python_runs_during(lambda: cleaner.clean(doc), lambda: cleaner.clean(small)) >= 2


def rust_threads_after(code: str, env: dict[str, str]) -> list[str]:
    """The names of the threads of a fresh interpreter after it ran `code`."""
    import os
    import subprocess
    import sys

    if not os.path.isdir("/proc/self/task"):
        pytest.skip("needs /proc")
    script = (
        "import os, newsclean\n"
        f"{code}\n"
        "print('\\n'.join(open(f'/proc/self/task/{t}/comm').read().strip()"
        " for t in os.listdir('/proc/self/task') if int(t) != os.getpid()))"
    )
    out = subprocess.run(
        [sys.executable, "-c", script],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout.split()


def test_thread_counts():
    many = "newsclean.Cleaner().clean_many(['a'] * 100, threads={})"
    assert len(rust_threads_after(many.format("None"), {"RAYON_NUM_THREADS": "3"})) == 3
    assert rust_threads_after(many.format(1), {}) == []
    pool = sorted(rust_threads_after(many.format(5), {}))
    assert pool == [f"newsclean-{i}" for i in range(5)]
