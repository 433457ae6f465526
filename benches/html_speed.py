#!/usr/bin/env python3
"""HTML pages per CPU second: newsclean against Python trafilatura, in one run.

    python3 benches/html_speed.py DIR [--runs 3] [--newsclean target/release/newsclean]

DIR is a folder of `.html` pages (the README's figures use the boilerplate suite's 91 dev
pages). newsclean cleans the whole folder in one process, `newsclean DIR -o OUT -j1` (decode,
parse, article decision, repair, normalize, rules, one file written per page); trafilatura
extracts every page in this Python process (`extract(html, include_comments=False)`, the
benchmark's call, and `fast=True`), from the pages already read into memory. Each figure is
the best of --runs runs, as CPU time (user + system): MB of HTML per CPU second, one core.
The runs alternate, so a burst of load on a shared machine falls on every tool alike.
trafilatura is optional: without it only newsclean is measured.
"""

import argparse
import os
import resource
import shutil
import subprocess
import tempfile
import time
from pathlib import Path


def children_cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_newsclean(binary, folder):
    out = tempfile.mkdtemp(prefix="newsclean-html-speed-")
    try:
        before = children_cpu()
        subprocess.run(
            [binary, str(folder), "-o", out, "-j1", "--quiet"],
            check=False,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        return children_cpu() - before
    finally:
        shutil.rmtree(out, ignore_errors=True)


def run_trafilatura(pages, **options):
    import trafilatura

    before = time.process_time()
    for page in pages:
        trafilatura.extract(page, include_comments=False, **options)
    return time.process_time() - before


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dir", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--newsclean", default="target/release/newsclean")
    args = parser.parse_args()

    paths = sorted(args.dir.glob("*.html"))
    raw = [p.read_bytes() for p in paths]
    mb = sum(len(r) for r in raw) / 1e6
    texts = [r.decode("utf-8", errors="replace") for r in raw]
    try:
        import trafilatura  # noqa: F401

        tools = {
            "trafilatura": lambda: run_trafilatura(texts),
            "trafilatura fast": lambda: run_trafilatura(texts, fast=True),
        }
    except ImportError:
        tools = {}
    # Check that the binary accepts the flags before timing it.
    probe = subprocess.run([args.newsclean, "--quiet", "--version"], capture_output=True)
    if probe.returncode != 0:
        raise SystemExit(f"{args.newsclean}: {probe.stderr.decode().strip()}")
    tools = {"newsclean": lambda: run_newsclean(args.newsclean, args.dir), **tools}

    best = {name: float("inf") for name in tools}
    for _ in range(args.runs):
        for name, run in tools.items():
            best[name] = min(best[name], run())

    print(f"{len(paths)} pages, {mb:.1f} MB of HTML, best of {args.runs} runs, CPU time")
    print(f"{'tool':<20} {'CPU s':>8} {'CPU MB/s':>9} {'newsclean x':>12}")
    for name, seconds in best.items():
        speed = mb / seconds
        ratio = best[name] / best["newsclean"]
        print(f"{name:<20} {seconds:8.2f} {speed:9.1f} {ratio:12.1f}")
    fields = " ".join(
        f"{name.replace(' ', '_')}.cpu_mbps={mb / s:.1f}" for name, s in best.items()
    )
    print(f"SUMMARY pages={len(paths)} mb={mb:.1f} {fields} load={os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
