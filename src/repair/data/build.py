#!/usr/bin/env python3
"""Builds words.txt, the word-frequency model that the lost-letter repair chooses with.

Source: the `wordfreq` package (pip install wordfreq==3.*), whose data is licensed
CC BY-SA 4.0 (see NOTICE.md). For each language we keep
  * the words that contain a letter whose UTF-8 form has a byte in 0x80-0x9F (the letters
    that lossy mojibake can destroy), among the TOP_LOSSABLE most frequent words, and
  * the TOP_COMMON most frequent words, as evidence of which language a line is in.
Output: words.txt, lines `word<TAB>lang=zipf10 ...` (zipf10 = round(10 * Zipf frequency)),
sorted by UTF-8 bytes, so that the repairer searches it in place (by prefix, one lost letter
at a time) without building any table at start-up.

It also builds trigrams.txt, a letter-trigram model of the Latin-script languages: for an
unknown word (a place or a family name) whose lost letters no listed word explains, the
trigrams around each candidate letter tell which spelling the language writes (`ółk` is
Polish, `óńk` nothing). Source: the TOP_TRIGRAM_WORDS most frequent words of each language,
weighted by their frequency, each word framed by `_` at both ends. Only trigrams with a
non-ASCII letter are kept (candidates differ only at a non-ASCII letter, and ASCII trigrams
are the same for every candidate), and only those with probability at least TRIGRAM_FLOOR in
their language. Lines: `trigram<TAB>lang=q ...`, q = round(-4 * log2(probability)), sorted by
UTF-8 bytes like words.txt.

Both lists spell Romanian and Turkish `ş`/`ţ` (cedilla) as `ș`/`ț` (comma below), as the
repair folds them (LIST_SPELLING): wordfreq writes Romanian with commas, while much Romanian
text, older or typed on Turkish layouts, has cedillas, and no listed language tells them apart.

Run from this folder: python3 build.py
"""
import math
import collections
import wordfreq

LANGS = ["en", "fr", "de", "es", "pt", "it", "nl", "ca", "ro", "pl", "cs", "sk", "sl",
         "sh", "hu", "lt", "lv", "fi", "sv", "nb", "da", "is", "tr", "vi", "ru", "uk",
         "bg", "mk", "el"]
TOP_LOSSABLE = 25000
# Nearly every Cyrillic and Greek word has a lossable letter: fewer words keep the model small.
TOP_LOSSABLE_NON_LATIN = 25000
NON_LATIN = {"ru", "uk", "bg", "mk", "el"}
TOP_COMMON = 150
# Words in capitals (datelines: `ZÜRICH —`) lose capitals whose small letters are safe: the most
# frequent words are kept for that too.
TOP_CAPITALS = 5000
# wordfreq folds ß to ss; the repair folds its candidates the same way before looking up.
SHARP_S = {"de"}
# One spelling for the cedilla and comma-below letters (see above); entries that meet keep the
# better figure of each language.
LIST_SPELLING = str.maketrans({"ş": "ș", "ţ": "ț"})
TOP_TRIGRAM_WORDS = 25000
TRIGRAM_FLOOR = 1e-6


def lossable(word):
    return any(0x80 <= b <= 0x9F for b in word.encode("utf-8"))


def keep(word, lang, rank):
    # A capital at the start of a sentence or name is lossable even when the small letter is not.
    # Words written with `â` tell a real `â` from the remains of a lost quote.
    return lossable(word) or lossable(word[:1].upper() + word[1:]) or (
        lang in SHARP_S and "ss" in word) or "â" in word or (
        rank < TOP_CAPITALS and lossable(word.upper()))


def main():
    entries = collections.defaultdict(dict)
    for lang in LANGS:
        top = TOP_LOSSABLE_NON_LATIN if lang in NON_LATIN else TOP_LOSSABLE
        words = wordfreq.top_n_list(lang, top, wordlist="best")
        for rank, w in enumerate(words):
            if not w.isalpha() and not all(c.isalpha() or c in "'’-" for c in w):
                continue
            if rank < TOP_COMMON or keep(w, lang, rank):
                z = wordfreq.zipf_frequency(w, lang, wordlist="best")
                if z >= 1.0:
                    key = w.translate(LIST_SPELLING)
                    entries[key][lang] = max(entries[key].get(lang, 0), round(z * 10))
    utf8 = lambda s: s.encode("utf-8")
    with open("words.txt", "w", encoding="utf-8") as f:
        f.write("# " + " ".join(LANGS) + "\n")
        for w in sorted(entries, key=utf8):
            f.write(w + "\t" + " ".join("%s=%d" % kv for kv in sorted(entries[w].items())) + "\n")

    build_trigrams()


def build_trigrams():
    entries = collections.defaultdict(dict)
    langs = [lang for lang in LANGS if lang not in NON_LATIN]
    for lang in langs:
        counts = collections.Counter()
        for w in wordfreq.top_n_list(lang, TOP_TRIGRAM_WORDS, wordlist="best"):
            if not w.isalpha():
                continue
            f = wordfreq.word_frequency(w, lang, wordlist="best")
            framed = "_" + w.lower() + "_"
            for i in range(len(framed) - 2):
                counts[framed[i:i + 3]] += f
        total = sum(counts.values())
        for g, c in counts.items():
            p = c / total
            if p >= TRIGRAM_FLOOR and not g.isascii():
                key = g.translate(LIST_SPELLING)
                q = min(255, round(-4 * math.log2(p)))
                entries[key][lang] = min(entries[key].get(lang, 255), q)
    with open("trigrams.txt", "w", encoding="utf-8") as f:
        f.write("# " + " ".join(langs) + "\n")
        for g in sorted(entries, key=lambda s: s.encode("utf-8")):
            f.write(g + "\t" + " ".join("%s=%d" % kv for kv in sorted(entries[g].items())) + "\n")


if __name__ == "__main__":
    main()
