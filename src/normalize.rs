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

/// Unicode general category Zs (space separators), plus tab.
fn is_space(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t' | '\u{00A0}' | '\u{1680}' | '\u{2000}'
            ..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}'
    )
}

/// The cheap test that lets most lines through untouched: printable ASCII with single
/// spaces and nothing to trim.
fn is_plain(line: &str) -> bool {
    let b = line.as_bytes();
    if b.first() == Some(&b' ') || b.last() == Some(&b' ') {
        return false;
    }
    let mut prev_space = false;
    for &c in b {
        if !(0x20..0x7F).contains(&c) {
            return false;
        }
        let space = c == b' ';
        if space && prev_space {
            return false;
        }
        prev_space = space;
    }
    true
}

/// Normalizes one line in place: invisible characters out, every space to one plain space,
/// trimmed, NFC. `trim_start`/`trim_end` are false at the inner edges of a long line's pieces.
pub fn normalize_line(line: &mut String, trim_start: bool, trim_end: bool) {
    if trim_start && trim_end && is_plain(line) {
        return;
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
    *line = out;
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
