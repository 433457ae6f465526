//! Unicode and whitespace normalization of one line, and blank-line collapsing across lines.
//! The only module that changes whitespace or Unicode form.

use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// Characters removed outright: invisible, and in scraped text only ever noise.
/// ZWJ and ZWNJ are kept: they carry meaning in emoji sequences and in Persian and Indic scripts.
fn is_removed(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}' // soft hyphen
        | '\u{200B}' // zero width space
        | '\u{2060}' // word joiner
        | '\u{FEFF}' // BOM / zero width no-break space
        | '\u{180E}' // Mongolian vowel separator (formerly a space)
    ) || (c.is_control() && c != '\t')
}

/// Unicode general category Zs (space separators), plus tab, but for the narrow no-break
/// space U+202F: French typography requires it inside « » and before ; : ! ?, so it is part
/// of the text, not layout.
fn is_space(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t' | '\u{00A0}' | '\u{1680}' | '\u{2000}'..='\u{200A}' | '\u{205F}' | '\u{3000}'
    )
}

/// What a byte scan of a line found.
#[derive(PartialEq, Eq)]
enum Scan {
    /// Something to remove, replace, collapse or trim.
    NeedsWork,
    /// Nothing to do if the line is already NFC; it has characters for which that must be checked.
    CheckNfc,
    /// Nothing to do.
    Clean,
}

/// Whether eight bytes are ASCII with nothing for the normalizer to do: no control
/// character, DEL or run of two spaces (`prev_space`: the byte before was a space).
fn plain_ascii_word(word: u64, prev_space: bool) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let has_zero_byte = |x: u64| x.wrapping_sub(ONES) & !x & HIGH != 0;
    if word & HIGH != 0 || word.wrapping_sub(0x20 * ONES) & !word & HIGH != 0 {
        return false; // non-ASCII, or a control character
    }
    if has_zero_byte(word ^ (0x7F * ONES)) {
        return false;
    }
    // The high bit of every byte that is a space, exactly.
    let x = word ^ (0x20 * ONES);
    let spaces = !(((x & !HIGH) + !HIGH) | x | !HIGH);
    spaces & (spaces >> 8) == 0 && !(prev_space && spaces & 0x80 != 0)
}

/// Whether a whole line is ASCII with nothing for [`normalize_line`] to do (no control
/// character, DEL, run of two spaces or space at either end) and no byte `absent`: one pass
/// of tests eight bytes wide, for the pipeline to tell the lines that no stage before the
/// filter changes (most lines of a page) without asking each stage in turn.
pub fn plain_ascii_without(line: &str, absent: u8) -> bool {
    let b = line.as_bytes();
    if b.first() == Some(&b' ') || b.last() == Some(&b' ') {
        return false;
    }
    let mut prev_space = false;
    let mut chunks = b.chunks_exact(8);
    for chunk in &mut chunks {
        let word = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        if !plain_ascii_word(word, prev_space) || has_byte(word, absent) {
            return false;
        }
        prev_space = word >> 56 == u64::from(b' ');
    }
    chunks.remainder().iter().all(|&c| {
        let plain = (0x20..0x7F).contains(&c) && c != absent && !(c == b' ' && prev_space);
        prev_space = c == b' ';
        plain
    })
}

/// Whether one of the eight bytes of `word` is `byte` (exactly: the test for a zero lane
/// errs only in lanes above a true zero).
fn has_byte(word: u64, byte: u8) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let x = word ^ (u64::from(byte) * ONES);
    x.wrapping_sub(ONES) & !x & HIGH != 0
}

/// The cheap test that lets most lines through untouched: a byte scan that knows the UTF-8
/// encodings of every character the normalizer acts on, and which ranges are always NFC
/// (ASCII, Latin-1 and Latin Extended letters, general punctuation, currency signs).
fn scan(line: &str) -> Scan {
    let b = line.as_bytes();
    if b.first() == Some(&b' ') || b.last() == Some(&b' ') {
        return Scan::NeedsWork;
    }
    let mut check_nfc = false;
    let mut prev_space = false;
    let mut i = 0;
    while i < b.len() {
        // Eight plain ASCII bytes at a time: most of a line is.
        while let Some(word) = b.get(i..i + 8) {
            let word = u64::from_le_bytes(word.try_into().expect("eight bytes"));
            if !plain_ascii_word(word, prev_space) {
                break;
            }
            prev_space = word >> 56 == u64::from(b' ');
            i += 8;
        }
        let Some(&c) = b.get(i) else {
            break;
        };
        if c < 0x80 {
            if c < 0x20 || c == 0x7F || (c == b' ' && prev_space) {
                return Scan::NeedsWork;
            }
            prev_space = c == b' ';
            i += 1;
            continue;
        }
        prev_space = false;
        // `line` is valid UTF-8, so the continuation bytes read here exist.
        let (n1, n2) = (b[i + 1], b.get(i + 2).copied().unwrap_or(0));
        i += match c {
            // C1 controls U+0080-009F, NBSP U+00A0, soft hyphen U+00AD.
            0xC2 if n1 <= 0xA0 || n1 == 0xAD => return Scan::NeedsWork,
            0xC2..=0xCB => 2,
            0xCC..=0xDF => {
                check_nfc = true;
                2
            }
            // U+2000-200B spaces and ZWSP, U+2028/2029, U+205F, U+2060.
            0xE2 if n1 == 0x80 && (n2 <= 0x8B || matches!(n2, 0xA8 | 0xA9)) => {
                return Scan::NeedsWork
            }
            0xE2 if n1 == 0x81 && matches!(n2, 0x9F | 0xA0) => return Scan::NeedsWork,
            0xE2 if n1 <= 0x82 => 3,
            // U+1680 ogham space, U+180E, U+3000 ideographic space, U+FEFF.
            0xE1 if (n1, n2) == (0x9A, 0x80) || (n1, n2) == (0xA0, 0x8E) => return Scan::NeedsWork,
            0xE3 if (n1, n2) == (0x80, 0x80) => return Scan::NeedsWork,
            0xEF if (n1, n2) == (0xBB, 0xBF) => return Scan::NeedsWork,
            0xE0..=0xEF => {
                check_nfc = true;
                3
            }
            _ => {
                check_nfc = true;
                4
            }
        };
    }
    if check_nfc {
        Scan::CheckNfc
    } else {
        Scan::Clean
    }
}

/// Normalizes one line in place: invisible characters out, every space to one plain space,
/// trimmed, NFC. `trim_start`/`trim_end` are false at the inner edges of a long line's pieces.
/// Returns true if the line changed.
pub fn normalize_line(line: &mut String, trim_start: bool, trim_end: bool) -> bool {
    if trim_start && trim_end {
        match scan(line) {
            Scan::Clean => return false,
            Scan::CheckNfc if is_nfc_quick(line.chars()) == IsNormalized::Yes => return false,
            _ => {}
        }
    }
    let mut out = String::with_capacity(line.len());
    let mut pending_space = false;
    for c in line.chars() {
        if is_space(c) {
            pending_space = true;
        } else if !is_removed(c) {
            if pending_space && (!out.is_empty() || !trim_start) {
                out.push(' ');
            }
            pending_space = false;
            out.push(c);
        }
    }
    if pending_space && !trim_end && (!out.is_empty() || !trim_start) {
        out.push(' ');
    }
    if is_nfc_quick(out.chars()) != IsNormalized::Yes {
        out = out.nfc().collect();
    }
    let changed = out != *line;
    *line = out;
    changed
}

/// Collapses runs of blank lines to one and drops blank lines at the start and the end.
#[derive(Default)]
pub struct BlankLines {
    wrote_text: bool,
    blank_pending: bool,
}

impl BlankLines {
    /// Returns how many blank lines to write before this line, or None to write nothing.
    pub fn before(&mut self, line_is_blank: bool) -> Option<usize> {
        if line_is_blank {
            self.blank_pending = self.wrote_text;
            None
        } else {
            self.wrote_text = true;
            Some(usize::from(std::mem::take(&mut self.blank_pending)))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The one pass answers as normalizing the line and looking for the byte would.
    #[test]
    fn plain_ascii_lines_are_those_normalization_leaves_without_the_byte() {
        let alphabet = [b'a', b' ', b'&', b'\t', 0x7F, 0x1F, b'~', b'0'];
        let mut seed = 0x2545_F491_4F6C_DD1D_u64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for _ in 0..20_000 {
            let len = (next() % 21) as usize;
            let bytes: Vec<u8> = (0..len)
                .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
                .collect();
            let line = String::from_utf8(bytes).expect("ASCII");
            let mut normalized = line.clone();
            let expected = !normalize_line(&mut normalized, true, true) && !line.contains('&');
            assert_eq!(plain_ascii_without(&line, b'&'), expected, "{line:?}");
        }
        assert!(!plain_ascii_without("caf\u{e9} au lait", b'&'));
        assert!(plain_ascii_without("", b'&'));
    }

    #[test]
    fn plain_ascii_words_are_told_exactly() {
        let reference = |bytes: &[u8], prev_space: bool| {
            let mut prev = prev_space;
            bytes.iter().all(|&c| {
                let ok = (0x20..0x7F).contains(&c) && !(c == b' ' && prev);
                prev = c == b' ';
                ok
            })
        };
        let alphabet = [b'a', b' ', b'\t', 0x7F, 0x1F, b'~', 0xC3, 0x80, b'0'];
        let mut seed = 0x9E37_79B9_7F4A_7C15_u64;
        for _ in 0..20_000 {
            let mut bytes = [0u8; 8];
            for b in &mut bytes {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                *b = alphabet[(seed % alphabet.len() as u64) as usize];
            }
            for prev in [false, true] {
                assert_eq!(
                    plain_ascii_word(u64::from_le_bytes(bytes), prev),
                    reference(&bytes, prev),
                    "{bytes:?} after a space: {prev}"
                );
            }
        }
    }

    #[test]
    fn runs_of_spaces_across_eight_byte_words_are_collapsed() {
        assert_eq!(norm("abcdefg  hijklmnop"), "abcdefg hijklmnop");
        assert_eq!(norm("abcdefgh  ijklmnop"), "abcdefgh ijklmnop");
        assert_eq!(norm("abcdefgh ijklmno\u{7f}p"), "abcdefgh ijklmnop");
    }

    fn norm(s: &str) -> String {
        let mut s = s.to_owned();
        normalize_line(&mut s, true, true);
        s
    }

    #[test]
    fn plain_ascii_is_untouched() {
        assert_eq!(
            norm("A plain line, with punctuation."),
            "A plain line, with punctuation."
        );
    }

    #[test]
    fn spaces_collapse_and_trim() {
        assert_eq!(norm("  a \u{00A0}\u{2009} b\t\tc \u{3000}"), "a b c");
    }

    #[test]
    fn invisible_characters_go() {
        assert_eq!(norm("co\u{00AD}op\u{200B}er\u{FEFF}ate\u{7}"), "cooperate");
    }

    #[test]
    fn joiners_stay() {
        assert_eq!(
            norm("👩\u{200D}💻 می\u{200C}خواهم"),
            "👩\u{200D}💻 می\u{200C}خواهم"
        );
    }

    #[test]
    fn the_byte_scan_agrees_with_the_full_normalizer() {
        let samples = [
            "won’t “go” — 5 € … Zürich ŁÓDŹ",
            "Ελληνικά και русский",
            "a\u{00A0}b",
            "a\u{2009}b",
            "a\u{202F}b",
            "a\u{205F}b",
            "a\u{2060}b",
            "a\u{1680}b",
            "a\u{180E}b",
            "a\u{3000}b",
            "a\u{FEFF}b",
            "a\u{AD}b",
            "a\u{85}b",
            "a\u{200B}b",
            "e\u{301}",
            "\u{212B}",
            "한국어",
            "👩\u{200D}💻",
            "a\u{7F}b",
            "tab\there",
            "two  spaces",
            "\u{2126}",
            "\u{1D15E}",
        ];
        for s in samples {
            let mut full = String::new();
            let mut pending = false;
            for c in s.chars() {
                if is_space(c) {
                    pending = true;
                } else if !is_removed(c) {
                    if pending && !full.is_empty() {
                        full.push(' ');
                    }
                    pending = false;
                    full.push(c);
                }
            }
            let full: String = full.nfc().collect();
            assert_eq!(norm(s), full, "{s:?}");
            // The scan may only wave a line through if the full normalizer would leave it alone.
            let waved_through = match scan(s) {
                Scan::Clean => true,
                Scan::CheckNfc => is_nfc_quick(s.chars()) == IsNormalized::Yes,
                Scan::NeedsWork => false,
            };
            if waved_through {
                assert_eq!(full, s, "{s:?}");
            }
        }
    }

    #[test]
    fn nfc() {
        assert_eq!(norm("Cafe\u{301} Ångstro\u{308}m"), "Café Ångström");
    }

    #[test]
    fn inner_piece_edges_keep_one_space() {
        let mut s = "  end of piece  ".to_owned();
        normalize_line(&mut s, false, false);
        assert_eq!(s, " end of piece ");
    }

    #[test]
    fn blank_runs_collapse() {
        let mut b = BlankLines::default();
        let lines = ["", "a", "", "", "b", ""];
        let got: Vec<_> = lines.iter().map(|l| b.before(l.is_empty())).collect();
        assert_eq!(got, [None, Some(0), None, None, Some(1), None]);
    }
}
