#!/usr/bin/env python3
"""Writes a dense 20 MB HTML page to stdout, for measuring peak memory on a large page.

    python3 benches/dense_page.py > /tmp/dense.html
    /usr/bin/time -v target/release/newsclean /tmp/dense.html > /dev/null   # Maximum resident set size

The page is one article of short paragraphs, each with two links and a class on it: about
a million nodes and 14 MB of article text, the worst case per byte for a tree (many small
nodes, most of the page is text that reaches the output). The text is made from a fixed
word list with a fixed seed, so the page is the same on every run.
"""

import argparse
import random
import sys

WORDS = (
    "the council harbour ferry budget vote debate members week said would could after "
    "before under over new old city port road bridge wall repair plan cost money year "
    "month day night morning report service crew union strike fare ticket season sea"
).split()


def sentence(rng, n):
    words = [rng.choice(WORDS) for _ in range(n)]
    words[0] = words[0].capitalize()
    return " ".join(words)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=20.0, help="size of the page (default 20)")
    ap.add_argument("--seed", type=int, default=16)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    limit = int(args.mb * 1_000_000)
    out = sys.stdout
    head = (
        "<!DOCTYPE html><html><head><meta charset=utf-8><title>A dense page</title></head>"
        "<body><article><h1>A dense page</h1>\n"
    )
    out.write(head)
    size = len(head)
    n = 0
    while size < limit:
        n += 1
        p = (
            f'<p class="para">{sentence(rng, 6)}, <a href="/s/{n}">{sentence(rng, 3)}</a> '
            f'and <a href="/t/{n}">{sentence(rng, 2)}</a> {sentence(rng, 4)}.</p>\n'
        )
        out.write(p)
        size += len(p.encode())
    out.write("</article></body></html>\n")


if __name__ == "__main__":
    main()
