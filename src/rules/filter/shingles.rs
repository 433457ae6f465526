//! Word shingles of the text handed on, to spot a second copy of the article: a teaser or
//! meta description that repeats the summary, or the whole body run together in one line.
//! Sentences would not do: a copy run together glues headings and list items to the next
//! sentence, so few sentences match exactly, while most runs of five words still do.
//! A copy spans several lines handed on, or is one of them cut short ("… more"); a line
//! otherwise much like a single earlier one is a templated paragraph (a court list, a meal
//! plan) and new.

use std::hash::Hasher;

use rustc_hash::FxHasher;

use table::ShingleTable;

mod table;

use crate::rules::line_stats::ascii_alphanumeric_prefix;
use crate::rules::structure::is_alphanumeric;

/// Words per shingle: long enough that common phrases do not match by chance.
const WIDTH: usize = 5;
/// A line must have this many shingles to be judged (shorter lines repeat by chance).
const MIN_SHINGLES: usize = 8;
/// Shingles remembered at most, so a huge document cannot grow the set without bound: as
/// many as a table of 2^15 slots holds before it would double (to 1.1 MB).
const CAP: usize = (1 << 15) / 8 * 7;

#[derive(Debug, Default)]
pub struct Shingles {
    /// Each shingle and the first line (counted from 0) it was handed on in.
    seen: ShingleTable,
    lines: u32,
}

impl Shingles {
    pub fn with_capacity(shingles: usize) -> Shingles {
        Shingles {
            seen: ShingleTable::with_capacity(shingles.min(CAP)),
            lines: 0,
        }
    }

    /// Shingles it holds without growing.
    pub fn capacity(&self) -> usize {
        self.seen.capacity()
    }

    /// Forgets every line, keeping the table's memory.
    pub fn clear(&mut self) {
        self.seen.clear();
        self.lines = 0;
    }

    /// Remembers a line handed on, by its shingles ([`shingles_of`]).
    pub fn remember(&mut self, shingles: &[u64]) {
        let line = self.lines;
        self.lines = self.lines.saturating_add(1);
        for &h in shingles {
            if self.seen.len() < CAP {
                self.seen.insert_first(h, line);
            }
        }
    }

    /// Whether four in five of the line's shingles were already handed on, in several
    /// lines or as the start of one.
    pub fn mostly_seen(&self, shingles: &[u64]) -> bool {
        if shingles.len() < MIN_SHINGLES {
            return false;
        }
        // Four in five seen is at most a fifth unseen: past that the rest is not looked up
        // (most paragraphs are new).
        let unseen_allowed = shingles.len() / 5;
        let (mut total, mut seen) = (0usize, 0usize);
        let mut first_line = None;
        let mut several_lines = false;
        // Only the tail differs: the line is a copy cut short.
        let mut tail_differs = true;
        for h in shingles {
            total += 1;
            if let Some(line) = self.seen.get(*h) {
                seen += 1;
                several_lines |= *first_line.get_or_insert(line) != line;
                tail_differs &= seen == total;
            } else if total - seen > unseen_allowed {
                return false;
            }
        }
        (several_lines || tail_differs) && seen * 5 >= total * 4
    }
}

/// Puts in `out` the hash of every run of `WIDTH` words of `text` (runs of letters and
/// digits, case folded), in order. One pass over the bytes, decoding only what is not ASCII:
/// this runs on every paragraph handed on.
pub fn shingles_of(text: &str, out: &mut Vec<u64>) {
    out.clear();
    let mut words = Words {
        out,
        last: [0; WIDTH],
        mixed: 0,
        count: 0,
        hash: FxHasher::default(),
        in_word: false,
    };
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii_alphanumeric() {
            // A run of ASCII letters and digits, hashed eight bytes at a time from its
            // start, lowered (byte by byte, hashing was a third of the work of judging a
            // paragraph).
            let (len, lowered) = ascii_alphanumeric_prefix(&bytes[i..]);
            words.hash.write_u64(lowered);
            words.in_word = true;
            i += len;
            // A run shorter than eight ends at the byte after it: an ASCII one ends the
            // word here (a character beyond ASCII may go on with it).
            if len < 8 && bytes.get(i).is_some_and(u8::is_ascii) {
                i += 1;
                words.end_word();
            }
            continue;
        }
        if b.is_ascii() {
            i += 1;
            words.end_word();
            continue;
        }
        let c = text[i..].chars().next().expect("a character starts here");
        i += c.len_utf8();
        if is_alphanumeric(c) {
            c.to_lowercase()
                .for_each(|l| words.hash.write_u32(u32::from(l)));
            words.in_word = true;
        } else {
            words.end_word();
        }
    }
    words.end_word();
}

/// The word being read and the last `WIDTH` words' hashes.
struct Words<'o> {
    out: &'o mut Vec<u64>,
    /// The last `WIDTH` words' hashes, oldest first.
    last: [u64; WIDTH],
    /// The XOR of each of them rotated left by 13 bits per place after the oldest.
    mixed: u64,
    /// Words so far.
    count: usize,
    /// The word being read, hashed as it is read (fast hashes: these are one document's
    /// words).
    hash: FxHasher,
    in_word: bool,
}

impl Words<'_> {
    fn end_word(&mut self) {
        if !std::mem::take(&mut self.in_word) {
            return;
        }
        let hash = std::mem::take(&mut self.hash).finish();
        // Each word rotated by its place in the run, then one multiply: the words' hashes
        // are not chained one multiply after another. A rotation distributes over XOR, so
        // the run moves on by taking the oldest word out, rotating the rest back one place
        // and adding the new word at the last.
        let rest = self.mixed ^ self.last[0];
        self.mixed = rest.rotate_right(13) ^ hash.rotate_left(13 * (WIDTH - 1) as u32);
        self.last.copy_within(1.., 0);
        self.last[WIDTH - 1] = hash;
        self.count += 1;
        if self.count >= WIDTH {
            self.out
                .push(self.mixed.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The same hashes as hashing each run of ASCII letters and digits whole (the
    /// implementation before), on lines of every kind of word.
    #[test]
    fn the_same_hashes_as_hashing_each_run_whole() {
        for line in [
            "",
            "one two three four",
            "Retiring early doesn't have to mean never earning a paycheck again, unless you want it to.",
            "abcdefgh abcdefghi ABCDEFGHIJKLMNOPQRSTUVWXYZ 0123456789012345 x y z",
            "Ähnliche Artikel: STRASSE, Straße ſhare x²³ ١٢٣ 中文字 and more words here",
            "straße1234567 café… “quoted” — naïve8 résumé coöperate ÉCOLE Σίσυφος end",
        ] {
            let (mut got, mut expected) = (Vec::new(), Vec::new());
            shingles_of(line, &mut got);
            shingles_by_runs(line, &mut expected);
            assert_eq!(got, expected, "{line:?}");
        }
        use proptest::prelude::*;
        proptest!(|(line in "([a-zA-Z0-9]{1,12}|[ ,.'’—]|[éßÄſ²١中🎉]){0,60}")| {
            let (mut got, mut expected) = (Vec::new(), Vec::new());
            shingles_of(&line, &mut got);
            shingles_by_runs(&line, &mut expected);
            prop_assert_eq!(got, expected);
        });
    }

    /// Stopping once more than a fifth of the shingles are unseen answers as looking every
    /// one up (the implementation before).
    #[test]
    fn stopping_early_answers_as_looking_every_shingle_up() {
        fn every(s: &Shingles, shingles: &[u64]) -> bool {
            let (mut total, mut seen) = (0usize, 0usize);
            let (mut first_line, mut several_lines, mut tail_differs) = (None, false, true);
            for h in shingles {
                total += 1;
                if let Some(line) = s.seen.get(*h) {
                    seen += 1;
                    several_lines |= *first_line.get_or_insert(line) != line;
                    tail_differs &= seen == total;
                }
            }
            total >= MIN_SHINGLES && (several_lines || tail_differs) && seen * 5 >= total * 4
        }
        use proptest::prelude::*;
        proptest!(|(remembered in prop::collection::vec(0..30u64, 0..60), parts in 1..4usize,
                    line in prop::collection::vec(0..36u64, 0..30))| {
            let mut s = Shingles::with_capacity(64);
            for part in remembered.chunks(remembered.len() / parts + 1) {
                s.remember(part);
            }
            prop_assert_eq!(s.mostly_seen(&line), every(&s, &line));
        });
    }

    /// `shingles_of` as it was before `Words`: each run of ASCII letters and digits
    /// measured, then hashed eight bytes at a time.
    fn shingles_by_runs(text: &str, out: &mut Vec<u64>) {
        out.clear();
        let bytes = text.as_bytes();
        let mut ring = [0u64; WIDTH];
        let mut n = 0;
        let mut i = 0;
        loop {
            // The next word, hashed as it is read (fast hashes: these are one document's words).
            let mut h = FxHasher::default();
            let mut in_word = false;
            loop {
                let run = bytes[i..]
                    .iter()
                    .take_while(|b| b.is_ascii_alphanumeric())
                    .count();
                if run > 0 {
                    hash_ascii_folded(&bytes[i..i + run], &mut h);
                    in_word = true;
                    i += run;
                }
                let Some(&b) = bytes.get(i) else { break };
                if b.is_ascii() {
                    i += 1;
                    if in_word {
                        break;
                    }
                    continue;
                }
                let c = text[i..].chars().next().expect("a character starts here");
                i += c.len_utf8();
                if is_alphanumeric(c) {
                    c.to_lowercase().for_each(|l| h.write_u32(u32::from(l)));
                    in_word = true;
                } else if in_word {
                    break;
                }
            }
            if !in_word {
                return;
            }
            ring[n % WIDTH] = h.finish();
            n += 1;
            if n >= WIDTH {
                // Each word rotated by its place in the run, then one multiply: the words'
                // hashes are not chained one multiply after another.
                let mixed = (0..WIDTH).fold(0u64, |acc, k| {
                    acc ^ ring[(n + k) % WIDTH].rotate_left(13 * k as u32)
                });
                out.push(mixed.wrapping_mul(0x9E37_79B9_7F4A_7C15));
            }
        }
    }

    /// Hashes ASCII letters and digits eight at a time, lower case: a letter or digit with the
    /// 0x20 bit set. (Byte by byte, hashing was a third of the work of judging a paragraph.)
    fn hash_ascii_folded(run: &[u8], h: &mut FxHasher) {
        for chunk in run.chunks(8) {
            let mut word = [0u8; 8];
            for (to, &from) in word.iter_mut().zip(chunk) {
                *to = from | 0x20;
            }
            h.write_u64(u64::from_le_bytes(word));
        }
    }

    fn remember(s: &mut Shingles, text: &str) {
        let mut hashes = Vec::new();
        shingles_of(text, &mut hashes);
        s.remember(&hashes);
    }

    fn mostly_seen(s: &Shingles, text: &str) -> bool {
        let mut hashes = Vec::new();
        shingles_of(text, &mut hashes);
        s.mostly_seen(&hashes)
    }

    /// The words are what `split` on anything but letters and digits gives, case folded.
    #[test]
    fn words_are_runs_of_letters_and_digits() {
        let by_split = |text: &str| {
            let words: Vec<String> = text
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(str::to_lowercase)
                .collect();
            let mut expected = Vec::new();
            shingles_of(&words.join(" "), &mut expected);
            expected
        };
        for line in [
            "I won’t allow Starmer’s plan — “No” … 2024, said the PM.",
            "Ähnliche Artikel: STRASSE, Straße ſhare x²³ ١٢٣ 中文字 and more",
            "tab\tand\u{a0}nbsp\u{2009}thin\u{200b}zero-width ⁱⁿ\u{2070}\u{2071} é\u{301}tude 🎉 end",
        ] {
            let mut got = Vec::new();
            shingles_of(line, &mut got);
            assert!(!got.is_empty());
            assert_eq!(got, by_split(line), "{line:?}");
        }
    }

    const PARAGRAPHS: [&str; 3] = [
        "Retiring early doesn't have to mean never earning a paycheck again, unless you want it to. Many early retirees define it as not having to work to live.",
        "The first step on the path to early retirement is figuring out exactly what that phrase means to you, and how much you will spend each year.",
        "Leif Dahleen, a blogger who retired from anesthesiology at age 43, says the first step is to take stock of what you own and what you owe.",
    ];

    #[test]
    fn a_copy_run_together_with_its_headings_is_seen() {
        let mut s = Shingles::default();
        remember(&mut s, "1. Define early retirement");
        remember(&mut s, PARAGRAPHS[0]);
        remember(&mut s, PARAGRAPHS[1]);
        remember(&mut s, "2. Take inventory");
        remember(&mut s, PARAGRAPHS[2]);
        let copy = format!(
            "1. Define early retirement {} {} 2. Take inventory {}",
            PARAGRAPHS[0], PARAGRAPHS[1], PARAGRAPHS[2]
        );
        assert!(mostly_seen(&s, &copy));
    }

    #[test]
    fn a_paragraph_sharing_a_phrase_is_new() {
        let mut s = Shingles::default();
        for p in PARAGRAPHS {
            remember(&mut s, p);
        }
        let line = "The first step on the path to early retirement is a budget, but few workers have saved enough to stop at fifty.";
        assert!(!mostly_seen(&s, line));
    }

    #[test]
    fn a_paragraph_like_one_earlier_paragraph_is_new() {
        let mut s = Shingles::default();
        remember(&mut s, PARAGRAPHS[1]);
        assert!(!mostly_seen(
            &s,
            &PARAGRAPHS[1].replace("The first step", "The second step")
        ));
    }

    #[test]
    fn a_caption_cut_short_is_seen() {
        let mut s = Shingles::default();
        remember(&mut s, PARAGRAPHS[2]);
        let cut = PARAGRAPHS[2].replace(" and what you owe.", " ... more");
        assert!(mostly_seen(&s, &cut));
    }

    #[test]
    fn short_lines_are_never_judged() {
        let mut s = Shingles::default();
        remember(&mut s, "The vote was held on Monday.");
        assert!(!mostly_seen(&s, "The vote was held on Monday."));
    }
}
