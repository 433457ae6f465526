//! More shapes of a list of links glued into one line: entries joined with no space at all
//! ("NewsSportWeather", where a lower-case letter meets the capital of the next entry), and
//! a menu glued to the footer's sentence ("… | Contact | © 2008 Example Ltd. All rights
//! reserved.") whose sentence ends are few next to its separators.

/// Separators a sentence never uses between words (a dash or a slash may be prose's).
fn is_strong_separator(word: &str) -> bool {
    matches!(word, "|" | "•" | "·" | "»" | "::") || word.starts_with('|')
}

/// How many entries of a glued list a token joins: the places where a lower-case letter is
/// followed by a capital ("NewsSport" joins two). A capital after a single lower-case first
/// letter ("iPhone", "eBay") is a name's spelling, not a seam; so is one after "Mc" or "Mac".
pub fn joints(token: &str) -> usize {
    if token.is_ascii() {
        return ascii_joints(token.as_bytes());
    }
    let mut joints = 0;
    let mut lower_run = 0;
    let mut prev_lower = false;
    let mut letters = 0;
    for c in token.chars() {
        if c.is_lowercase() {
            lower_run += 1;
            prev_lower = true;
        } else {
            if c.is_uppercase()
                && prev_lower
                && lower_run >= 2
                && !after_name_prefix(token, letters)
            {
                joints += 1;
            }
            lower_run = 0;
            prev_lower = false;
        }
        letters += c.len_utf8();
    }
    joints
}

/// [`joints`] of an ASCII token, by bytes.
fn ascii_joints(b: &[u8]) -> usize {
    let mut joints = 0;
    let mut lower_run = 0;
    for (at, &c) in b.iter().enumerate() {
        if c.is_ascii_lowercase() {
            lower_run += 1;
            continue;
        }
        if c.is_ascii_uppercase() && lower_run >= 2 {
            // An ASCII token is text as it is: the name check reads it so.
            let token = std::str::from_utf8(b).expect("ASCII");
            joints += usize::from(!after_name_prefix(token, at));
        }
        lower_run = 0;
    }
    joints
}

/// Is byte offset `at` of `token` just after a "Mc" or "Mac" that starts it?
fn after_name_prefix(token: &str, at: usize) -> bool {
    let head = token.trim_start_matches(|c: char| !c.is_alphabetic());
    let offset = token.len() - head.len();
    ["Mc", "Mac"]
        .iter()
        .any(|p| head.starts_with(p) && offset + p.len() == at)
}

/// A glued list's sentence ends are few: at most one per this many words.
pub const GLUED_SENTENCE_WORDS: usize = 15;
/// ... and its strong separators many: at least one per this many words.
pub const GLUED_STRONG_SEPARATOR_WORDS: usize = 6;

/// Could a line with a sentence end still be a glued list: does it hold a separator no
/// sentence uses? (Checked before the line is split into words, which most paragraphs need
/// not be.)
pub fn may_hold_separators(text: &str) -> bool {
    // `·` is C2 B7 in UTF-8, `»` C2 BB, `•` E2 80 A2: vectorised searches for `|` and the
    // last byte of each (a byte prose's letters rarely end with), then a look back.
    let b = text.as_bytes();
    memchr::memchr3_iter(b'|', 0xB7, 0xBB, b).any(|i| b[i] == b'|' || (i > 0 && b[i - 1] == 0xC2))
        || memchr::memchr_iter(0xA2, b).any(|i| i >= 2 && b[i - 2..i] == [0xE2, 0x80])
}

/// Is a line of `tokens` words that has sentence ends a menu glued to a sentence or two (a
/// footer's notice): strong separators between many of its words, and few sentence ends?
pub fn separated_despite_sentences(text: &str, tokens: usize) -> bool {
    let separators = text
        .split_whitespace()
        .filter(|w| is_strong_separator(w))
        .count();
    separators * GLUED_STRONG_SEPARATOR_WORDS >= tokens
        && sentence_ends(text) * GLUED_SENTENCE_WORDS <= tokens
}

/// How many sentences end in the line: a `.`, `!`, `?` or `…` (maybe before a closing quote
/// or bracket) followed by a space or the end of the line.
fn sentence_ends(text: &str) -> usize {
    let mut ends = 0;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if matches!(c, '.' | '!' | '?' | '…') {
            while chars
                .next_if(|&q| matches!(q, '"' | '\'' | '”' | '’' | ')' | ']'))
                .is_some()
            {}
            if chars.peek().is_none_or(|n| n.is_whitespace()) {
                ends += 1;
            }
        }
    }
    ends
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_glued_without_a_space_are_joints() {
        assert_eq!(joints("NewsSportWeather"), 2);
        assert_eq!(joints("TravelContact"), 1);
        assert_eq!(joints("Home"), 0);
    }

    #[test]
    fn names_spelt_with_an_inner_capital_are_no_joints() {
        assert_eq!(joints("iPhone"), 0);
        assert_eq!(joints("eBay"), 0);
        assert_eq!(joints("McAllister"), 0);
        assert_eq!(joints("MacDonald"), 0);
        assert_eq!(joints("(McAllister)"), 0);
        assert_eq!(joints("NASA"), 0);
    }

    #[test]
    fn a_menu_glued_to_the_footer_notice_is_a_list() {
        let line = "Home | Local | Region | Sport | Business | Arts | Weather | Traffic | Jobs | \
                    Homes | Cars | Contact Us | Site Map | Copyright 2008 Example Media Ltd. \
                    All rights reserved.";
        assert!(may_hold_separators(line));
        assert!(separated_despite_sentences(
            line,
            line.split_whitespace().count()
        ));
    }

    #[test]
    fn a_paragraph_with_a_bar_or_two_is_no_list() {
        let line = "The results | as the council printed them | showed a rise in every ward. \
                    The mayor said the figures were encouraging. She will present them to the \
                    committee on Monday, and the public may comment until the end of the month.";
        assert!(!separated_despite_sentences(
            line,
            line.split_whitespace().count()
        ));
        let plain = "A paragraph of the body with no separator at all, and a full stop.";
        assert!(!may_hold_separators(plain));
        assert!(!may_hold_separators("A café’s “menu” — and a full stop."));
        for sep in ["a • b", "a · b", "a » b", "a | b"] {
            assert!(may_hold_separators(sep), "{sep}");
        }
    }
}
