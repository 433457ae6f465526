#!/usr/bin/env python3
"""Cut news-sized paragraphs out of public-domain prose, for a held-out mojibake set.

Reads the `$baseText` heredoc of the FakerPHP `Text.php` providers (each one a public-domain
book, see tools/mojibake/README.md), joins hard-wrapped lines into paragraphs, splits them
into sentences and draws, per book, a few runs of whole sentences 120-420 characters long.
Deterministic for a given --seed. Python 3 standard library only.

    fresh-source.py --seed 2027 --per-book 6 FAKER_CHECKOUT > clean.txt
    fresh-source.py --whole ro_MD,fr_CA,nl_BE --limit 300 FAKER_CHECKOUT > prose.txt

`--whole` prints every paragraph of the named books instead (at most `--limit` a book).
"""

import argparse
import pathlib
import random
import re

BOOKS = ["cs_CZ", "de_DE", "el_GR", "en_US", "es_ES", "fr_FR", "hu_HU", "it_IT",
         "pl_PL", "ro_RO", "ru_RU", "uk_UA"]

SENTENCE_END = re.compile(r"(?<=[.!?…»“”\"])\s+(?=[\"„“«(\-–—A-ZÀ-ÝĀ-ŽΑ-ΩА-ЯЁІЇЄҐ])")


def base_text(php):
    m = re.search(r"\$baseText\s*=\s*<<<'?EOT'?\n(.*?)\nEOT", php, re.S)
    return m.group(1)


def paragraphs(text):
    """Blank-line separated paragraphs; a text without blank lines has one per line."""
    blocks = re.split(r"\n\s*\n", text) if re.search(r"\n\s*\n", text) else text.split("\n")
    for block in blocks:
        para = " ".join(line.strip() for line in block.splitlines()).strip()
        para = re.sub(r"\s+", " ", para)
        if para:
            yield para


def runs_of_sentences(para, rng):
    sentences = SENTENCE_END.split(para)
    start = 0
    while start < len(sentences):
        want = rng.randint(120, 420)
        end, length = start, 0
        while end < len(sentences) and length < want:
            length += len(sentences[end]) + 1
            end += 1
        yield " ".join(sentences[start:end])
        start = end


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--whole", help="comma-separated books: every paragraph of each")
    ap.add_argument("--limit", type=int, default=1_000_000)
    ap.add_argument("--per-book", type=int, default=6)
    ap.add_argument("faker")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    if args.whole:
        for book in args.whole.split(","):
            php = (pathlib.Path(args.faker) / "src/Faker/Provider" / book / "Text.php").read_text()
            for para in list(paragraphs(base_text(php)))[: args.limit]:
                print(para)
        return
    for book in BOOKS:
        php = (pathlib.Path(args.faker) / "src/Faker/Provider" / book / "Text.php").read_text()
        pieces = [p for para in paragraphs(base_text(php)) for p in runs_of_sentences(para, rng)
                  if 120 <= len(p) <= 480 and not p.startswith(("*", "<"))]
        for piece in sorted(rng.sample(pieces, min(args.per_book, len(pieces))), key=pieces.index):
            print(piece)


if __name__ == "__main__":
    main()
