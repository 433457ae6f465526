//! Word shingles of the text handed on, to spot a second copy of the article: a teaser or
//! meta description that repeats the summary, or the whole body run together in one line.
//! Sentences would not do: a copy run together glues headings and list items to the next
//! sentence, so few sentences match exactly, while most runs of five words still do.
//! A copy spans several lines handed on, or is one of them cut short ("… more"); a line
//! otherwise much like a single earlier one is a templated paragraph (a court list, a meal
//! plan) and new.

use std::hash::Hasher;

use rustc_hash::{FxHashMap, FxHasher};

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
    seen: FxHashMap<u64, u32>,
    lines: u32,
}

impl Shingles {
    pub fn with_capacity(shingles: usize) -> Shingles {
        Shingles {
            seen: FxHashMap::with_capacity_and_hasher(shingles.min(CAP), Default::default()),
            lines: 0,
        }
    }

    pub fn remember(&mut self, text: &str) {
        let line = self.lines;
        self.lines = self.lines.saturating_add(1);
        for_each_shingle(text, |h| {
            if self.seen.len() < CAP {
                self.seen.entry(h).or_insert(line);
            }
        });
    }

    /// Whether four in five of the line's shingles were already handed on, in several
    /// lines or as the start of one.
    pub fn mostly_seen(&self, text: &str) -> bool {
        let (mut total, mut seen) = (0usize, 0usize);
        let mut first_line = None;
        let mut several_lines = false;
        // Only the tail differs: the line is a copy cut short.
        let mut tail_differs = true;
        for_each_shingle(text, |h| {
            total += 1;
            if let Some(&line) = self.seen.get(&h) {
                seen += 1;
                several_lines |= *first_line.get_or_insert(line) != line;
                tail_differs &= seen == total;
            }
        });
        total >= MIN_SHINGLES && (several_lines || tail_differs) && seen * 5 >= total * 4
    }
}

/// Calls `f` with the hash of every run of `WIDTH` words (letters and digits, case folded),
/// without allocating.
fn for_each_shingle(text: &str, mut f: impl FnMut(u64)) {
    let mut ring = [0u64; WIDTH];
    let mut n = 0;
    for word in text.split(|c: char| !c.is_alphanumeric()) {
        if word.is_empty() {
            continue;
        }
        // Fast hashes (this runs on every word handed on): these are one document's words.
        let mut h = FxHasher::default();
        for c in word.chars() {
            if c.is_ascii() {
                h.write_u8(c.to_ascii_lowercase() as u8);
            } else {
                c.to_lowercase().for_each(|l| h.write_u32(u32::from(l)));
            }
        }
        ring[n % WIDTH] = h.finish();
        n += 1;
        if n >= WIDTH {
            let mut h = FxHasher::default();
            for k in 0..WIDTH {
                h.write_u64(ring[(n + k) % WIDTH]);
            }
            f(h.finish());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PARAGRAPHS: [&str; 3] = [
        "Retiring early doesn't have to mean never earning a paycheck again, unless you want it to. Many early retirees define it as not having to work to live.",
        "The first step on the path to early retirement is figuring out exactly what that phrase means to you, and how much you will spend each year.",
        "Leif Dahleen, a blogger who retired from anesthesiology at age 43, says the first step is to take stock of what you own and what you owe.",
    ];

    #[test]
    fn a_copy_run_together_with_its_headings_is_seen() {
        let mut s = Shingles::default();
        s.remember("1. Define early retirement");
        s.remember(PARAGRAPHS[0]);
        s.remember(PARAGRAPHS[1]);
        s.remember("2. Take inventory");
        s.remember(PARAGRAPHS[2]);
        let copy = format!(
            "1. Define early retirement {} {} 2. Take inventory {}",
            PARAGRAPHS[0], PARAGRAPHS[1], PARAGRAPHS[2]
        );
        assert!(s.mostly_seen(&copy));
    }

    #[test]
    fn a_paragraph_sharing_a_phrase_is_new() {
        let mut s = Shingles::default();
        for p in PARAGRAPHS {
            s.remember(p);
        }
        assert!(!s.mostly_seen(
            "The first step on the path to early retirement is a budget, but few workers have saved enough to stop at fifty."
        ));
    }

    #[test]
    fn a_paragraph_like_one_earlier_paragraph_is_new() {
        let mut s = Shingles::default();
        s.remember(PARAGRAPHS[1]);
        assert!(!s.mostly_seen(&PARAGRAPHS[1].replace("The first step", "The second step")));
    }

    #[test]
    fn a_caption_cut_short_is_seen() {
        let mut s = Shingles::default();
        s.remember(PARAGRAPHS[2]);
        let cut = PARAGRAPHS[2].replace(" and what you owe.", " ... more");
        assert!(s.mostly_seen(&cut));
    }

    #[test]
    fn short_lines_are_never_judged() {
        let mut s = Shingles::default();
        s.remember("The vote was held on Monday.");
        assert!(!s.mostly_seen("The vote was held on Monday."));
    }
}
