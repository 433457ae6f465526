//! The statistics of one line that the filter's decisions start from (its words, whether it
//! has a letter), computed in one pass over its bytes when the line is pushed, eight ASCII
//! bytes at a time. Each figure means exactly what the function it stands for computes
//! (`structure::word_count`, a letter anywhere); the tests compare them on varied lines.

use super::structure::{
    is_alphabetic, is_alphanumeric, is_unspaced_script, word_count, THREAD_STAMPS,
};

/// What the filter reads of a line before it decides anything.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineStats {
    /// `structure::word_count` of the line.
    pub words: usize,
    /// The line holds a letter (`char::is_alphabetic`).
    pub has_letters: bool,
    /// ASCII digits in the line.
    pub digits: usize,
}

impl LineStats {
    pub fn of(text: &str) -> LineStats {
        let mut pass = Pass {
            words: 0,
            pending: 1,
            letters: 0,
            digits: 0,
        };
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let end = bytes.len().min(i + 8);
            let chunk = load(&bytes[i..end]);
            let high = chunk & HIGH;
            if high == 0 {
                pass.ascii(chunk);
                i = end;
                continue;
            }
            // The ASCII bytes before the first that is not, if any; then that character.
            let ascii = (high.trailing_zeros() / 8) as usize;
            if ascii > 0 {
                pass.ascii(chunk & ((1u64 << (8 * ascii)) - 1));
                i += ascii;
                continue;
            }
            let c = text[i..].chars().next().expect("a character starts here");
            i += c.len_utf8();
            if c.is_whitespace() {
                pass.pending = 1;
            } else if is_unspaced_script(c) {
                // Words by characters: rare enough for the count by characters to do.
                return LineStats {
                    words: word_count(text),
                    has_letters: text.chars().any(char::is_alphabetic),
                    digits: bytes.iter().filter(|b| b.is_ascii_digit()).count(),
                };
            } else if is_alphanumeric(c) {
                pass.words += pass.pending as usize;
                pass.pending = 0;
                if pass.letters == 0 {
                    pass.letters = u64::from(is_alphabetic(c)) << 7;
                }
            }
        }
        LineStats {
            words: pass.words,
            has_letters: pass.letters != 0,
            digits: pass.digits,
        }
    }

    /// Whether `structure::glued_thread` can find a thread in the line: each of its
    /// `THREAD_STAMPS` stamps (a clock time, an age in figures) holds an ASCII digit.
    pub fn may_hold_thread(&self) -> bool {
        self.digits >= THREAD_STAMPS
    }
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// The state of the pass between two pieces of the line.
struct Pass {
    /// Words so far: a word is counted at its first letter or digit.
    words: usize,
    /// 1 when no letter or digit came since the last space (or the line start): the next
    /// one starts a word.
    pending: u64,
    /// High bits of the bytes that were ASCII letters (or bit 7 for a letter beyond ASCII).
    letters: u64,
    /// ASCII digits so far.
    digits: usize,
}

impl Pass {
    /// Takes up to eight ASCII bytes, little end first, padded with zero bytes (neither
    /// space nor letter nor digit, so they change nothing).
    ///
    /// A letter or digit starts a word when the bytes since the last letter or digit hold a
    /// space (or reach back to the line start). Seen as a number with one byte a lane, the
    /// lanes that are no letter or digit set to 0xFF, adding 1 in each space's lane (and
    /// the pending 1 of the bytes before, in the lowest lane) carries across each run of
    /// such lanes that holds a space into the letter or digit after it: the lanes of
    /// letters and digits that end up non-zero are the words' starts.
    fn ascii(&mut self, chunk: u64) {
        let letter = in_range(chunk | (0x20 * ONES), b'a', b'z');
        let digit = in_range(chunk, b'0', b'9');
        let alnum = letter | digit;
        let space = in_range(chunk, b' ', b' ') | in_range(chunk, b'\t', b'\r');
        let runs = ((!alnum & HIGH) >> 7) & ONES;
        let (sum, over_a) = (runs * 0xFF).overflowing_add(space >> 7);
        let (sum, over_b) = sum.overflowing_add(self.pending);
        self.pending = u64::from(over_a | over_b);
        self.words += lane_sum(sum & (alnum >> 7));
        self.digits += lane_sum(digit >> 7);
        self.letters |= letter;
    }
}

/// The ASCII letters and digits `bytes` starts with, up to eight: how many, and those bytes
/// lowered (the 0x20 bit set) as a number, the first in the lowest lane, zero lanes after
/// them.
pub(in crate::rules) fn ascii_alphanumeric_prefix(bytes: &[u8]) -> (usize, u64) {
    let chunk = load(&bytes[..bytes.len().min(8)]);
    // Lanes of bytes beyond ASCII are taken apart from their low bits.
    let low = chunk & !HIGH;
    let letter = in_range(low | (0x20 * ONES), b'a', b'z');
    let alphanumeric = (letter | in_range(low, b'0', b'9')) & !chunk;
    let len = ((!alphanumeric & HIGH).trailing_zeros() / 8) as usize;
    (len, (chunk | (0x20 * ONES)) & lanes_below(len))
}

/// The lowest `len` lanes (up to eight) set.
fn lanes_below(len: usize) -> u64 {
    match len {
        8 => u64::MAX,
        _ => (1u64 << (8 * len)) - 1,
    }
}

/// The first run of ASCII letters in the first eight bytes of `bytes`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(in crate::rules) enum AsciiWord {
    /// None starts there.
    None,
    /// One starts at byte `start` and ends there (before a byte that is no ASCII letter, or
    /// at the end of `bytes`): its `len` and its bytes lowered (the 0x20 bit set) as a
    /// number, the first in the lowest lane, zero lanes after them.
    Whole {
        start: usize,
        len: usize,
        lowered: u64,
    },
    /// One starts at byte `start` and may go on past the eight.
    Open { start: usize },
}

/// The first run of ASCII letters in the first eight bytes of `bytes`, from one load: the
/// language guess reads a line's words by it.
pub(in crate::rules) fn first_ascii_word(bytes: &[u8]) -> AsciiWord {
    let chunk = load(&bytes[..bytes.len().min(8)]);
    // Lanes of bytes beyond ASCII are taken apart from their low bits.
    let letters = in_range((chunk & !HIGH) | (0x20 * ONES), b'a', b'z') & !chunk;
    if letters == 0 {
        return AsciiWord::None;
    }
    let start = (letters.trailing_zeros() / 8) as usize;
    // The lanes shifted in at the top read as no letters: a run up to the eighth byte is
    // open unless `bytes` end there.
    let len = ((!(letters >> (8 * start)) & HIGH).trailing_zeros() / 8) as usize;
    if start + len == 8 && bytes.len() > 8 {
        return AsciiWord::Open { start };
    }
    let lowered = ((chunk >> (8 * start)) | (0x20 * ONES)) & lanes_below(len);
    AsciiWord::Whole {
        start,
        len,
        lowered,
    }
}

/// The sum of the lanes of `x`, each 0 or 1: one multiply adds them up into the top lane (the
/// baseline target has no popcount instruction).
fn lane_sum(x: u64) -> usize {
    (x.wrapping_mul(ONES) >> 56) as usize
}

/// Up to eight bytes as a number, the first in the lowest lane, zero bytes after them.
fn load(bytes: &[u8]) -> u64 {
    match <[u8; 8]>::try_from(bytes) {
        Ok(lanes) => u64::from_le_bytes(lanes),
        // A line's last few bytes: shifted in one by one rather than copied (a copy of a
        // length not known at compile time calls `memcpy`).
        Err(_) => bytes
            .iter()
            .rev()
            .fold(0, |lanes, &b| (lanes << 8) | u64::from(b)),
    }
}

/// The high bit of each lane of `x` (every lane below 0x80) that lies in `lo..=hi`.
const fn in_range(x: u64, lo: u8, hi: u8) -> u64 {
    // Below 0x80 plus at most 0x80: no lane carries into the next.
    let at_least_lo = x + (0x80 - lo as u64) * ONES;
    let above_hi = x + (0x7F - hi as u64) * ONES;
    at_least_lo & !above_hi & HIGH
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn separate(text: &str) -> LineStats {
        LineStats {
            words: word_count(text),
            has_letters: text.chars().any(char::is_alphabetic),
            digits: text.chars().filter(char::is_ascii_digit).count(),
        }
    }

    /// A line `glued_thread` takes for a thread has the digits `may_hold_thread` asks for.
    #[test]
    fn a_glued_thread_has_the_digits_it_needs() {
        use crate::rules::structure::glued_thread;
        let thread = "Anna November 19, 2019 at 6:34 am Great piece, thanks. Bob November 19, 2019 at 7:02 am I disagree entirely. Carla 3 hours ago Well said, both of you and everyone else here";
        assert!(glued_thread(thread));
        assert!(LineStats::of(thread).may_hold_thread());
        let ages =
            "Anna 3 hours ago Great piece. Bob 5 hours ago I disagree. Carla 9 days ago Well said.";
        assert!(glued_thread(ages));
        assert!(LineStats::of(ages).may_hold_thread());
        let prose = "The council met on Tuesday at 6:30 pm, two hours ago, to discuss the budget.";
        assert!(!LineStats::of("a 1 hour ago b 2 hours ago c").may_hold_thread());
        assert!(!glued_thread(prose));
    }

    #[test]
    fn the_pass_agrees_with_the_separate_functions() {
        for text in [
            "",
            " ",
            "a",
            "7",
            "-",
            "  a  ",
            "The show opens to the public on Friday, the organisers said.",
            "one two three four five six seven eight nine ten eleven twelve",
            "--- x\u{b}y\tz - 1,000 people . ! (see p. 4)",
            "a\r\nb\x0cc\u{85}d\u{3000}e\u{a0}f",
            "“Don’t” — née ½ ² ‘quoted’ … end",
            "Ähnliche Artikel: STRASSE, Straße ſhare x²³ ١٢٣",
            "東京 タワーの 3D 映像",
            "Kindle for PCの起動",
            "12345678 abcdefgh ABCDEFGH 9 ,,,,,,,, x",
            "@[`{ /:;?~ \u{7f}\u{1}",
            "Home | News | Sport | Weather",
            "ab\u{2009}cd\u{200b}ef é\u{301}tude 🎉 ok",
        ] {
            assert_eq!(LineStats::of(text), separate(text), "{text:?}");
        }
    }

    #[test]
    fn words_across_the_eight_byte_pieces() {
        // Every split of a run of spaces and punctuation across a piece's end.
        for pad in 0..17 {
            for gap in ["", " ", "  ", "-", " - ", "--------- ", "         -"] {
                let text = format!("{}x{gap}y ’z{gap}1", "-".repeat(pad));
                assert_eq!(LineStats::of(&text), separate(&text), "{text:?}");
            }
        }
    }

    /// The prefix of ASCII letters and digits, against taking them byte by byte.
    #[test]
    fn the_alphanumeric_prefix_of_any_bytes() {
        let by_bytes = |bytes: &[u8]| {
            let len = bytes
                .iter()
                .take(8)
                .take_while(|b| b.is_ascii_alphanumeric())
                .count();
            let mut lowered = [0u8; 8];
            for (to, from) in lowered.iter_mut().zip(&bytes[..len]) {
                *to = from | 0x20;
            }
            (len, u64::from_le_bytes(lowered))
        };
        for a in 0..=255u8 {
            for b in 0..=255u8 {
                let bytes = [a, b'x', b, b'Z', b'9', b'0', b'a', b'q', b'r', a];
                for end in [0, 1, 2, 3, 8, 9, 10] {
                    let bytes = &bytes[..end];
                    assert_eq!(
                        ascii_alphanumeric_prefix(bytes),
                        by_bytes(bytes),
                        "{bytes:?}"
                    );
                }
            }
        }
    }

    /// The first ASCII word, against finding it byte by byte.
    #[test]
    fn the_first_ascii_word_of_any_bytes() {
        let by_bytes = |bytes: &[u8]| {
            let head = &bytes[..bytes.len().min(8)];
            let Some(start) = head.iter().position(u8::is_ascii_alphabetic) else {
                return AsciiWord::None;
            };
            let len = bytes[start..]
                .iter()
                .take_while(|b| b.is_ascii_alphabetic())
                .count();
            if start + len > 8 || (start + len == 8 && bytes.len() > 8) {
                return AsciiWord::Open { start };
            }
            let mut lowered = [0u8; 8];
            for (to, from) in lowered.iter_mut().zip(&bytes[start..start + len]) {
                *to = from.to_ascii_lowercase();
            }
            AsciiWord::Whole {
                start,
                len,
                lowered: u64::from_le_bytes(lowered),
            }
        };
        for a in 0..=255u8 {
            for b in 0..=255u8 {
                let bytes = [a, b'x', b, b'Z', b' ', b'0', b'a', b'q', a, b'r', b];
                for from in [0, 1, 2, 4] {
                    for end in from..=bytes.len() {
                        let bytes = &bytes[from..end];
                        assert_eq!(first_ascii_word(bytes), by_bytes(bytes), "{bytes:?}");
                    }
                }
            }
        }
        for text in ["abcdefgh", "abcdefghi", "  abcdefgh", "1234567a", "a", ""] {
            assert_eq!(
                first_ascii_word(text.as_bytes()),
                by_bytes(text.as_bytes()),
                "{text:?}"
            );
        }
    }

    proptest! {
        #[test]
        fn any_line_of_mixed_characters(text in "[ a-zA-Z0-9.,;:!?'\"\\-\t|’“”—…éßÄ\u{a0}\u{2009}\u{3000}\u{85}ſ½²١中あ🎉]{0,80}") {
            prop_assert_eq!(LineStats::of(&text), separate(&text));
        }

        #[test]
        fn any_string(text in any::<String>()) {
            prop_assert_eq!(LineStats::of(&text), separate(&text));
        }

        /// The stamp test given the line's digits answers as the one that counts none.
        #[test]
        fn a_stamp_is_found_with_its_digits_counted(parts in prop::collection::vec(prop::sample::select(vec![
            "3 hours ago", "an hour ago", "19.11.2019 06:34", "November 19, 2019 at 6:34 am",
            "2019-11-19 6:34", "Reply", "report abuse", "vor 2 Tagen", "il y a une heure",
            " ", "x", "12", "1", ":", "h", "10h30", "é",
        ]), 1..5)) {
            use crate::rules::structure::{comment_stamp, comment_stamp_with_digits, Shape};
            let text = parts.concat();
            let stats = LineStats::of(&text);
            let shape = Shape::with_letters(&text, stats.words, stats.has_letters);
            prop_assert_eq!(
                comment_stamp_with_digits(&text, &shape, stats.digits),
                comment_stamp(&text, &shape),
                "{}", text
            );
        }

        /// `may_hold_thread` never turns away a line `glued_thread` accepts.
        #[test]
        fn no_thread_is_turned_away(parts in prop::collection::vec(prop::sample::select(vec![
            "3 hours ago", "1 day ago", "an hour ago", "19.11.2019 06:34", "Nov 19, 2019 at 6:34 am",
            "2019-11-19 6:34", "Reply", " ", "x", "great piece", "10:", "ago", "7", "h",
        ]), 0..12)) {
            let text = parts.join(" ");
            let thread = crate::rules::structure::glued_thread(&text);
            prop_assert!(!thread || LineStats::of(&text).may_hold_thread(), "{}", text);
        }
    }
}
