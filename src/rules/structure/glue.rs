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

/// A menu glued into a line shorter than `glued_links` looks at has at least this many words.
pub const MENU_MIN_WORDS: usize = 12;
/// ... and at most one word in this many in lower case, or a function word.
const MENU_PLAIN_WORDS: usize = 8;

/// Bytes a glued menu has none of: figures and the punctuation of sentences and titles.
const NOT_IN_MENU: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = c.is_ascii_digit()
            || matches!(
                c,
                b',' | b'.' | b':' | b';' | b'!' | b'?' | b'"' | b'(' | b')'
            );
        b += 1;
    }
    table
};

/// Words a headline in title case is written with between its capitalised words, and a
/// glued menu rarely holds ("Terms of Use" has one).
const FUNCTION_WORDS: [&str; 18] = [
    "a", "an", "the", "of", "to", "in", "on", "for", "with", "at", "by", "from", "as", "and", "or",
    "is", "are", "was",
];

/// Is the line (of `words` words, under `LONG_WORDS`) a menu glued into one line: 12 words
/// or more, each capitalised ("Local News State News Nation World Politics Health …"), with
/// no punctuation a sentence or a title uses (`.`, `,`, `:`, `!`, `?`, figures), and hardly
/// a function word: a headline written in title case has its "to", "of", "the" (capitalised
/// or not), a menu's entries are nouns one after another. Inside the body the gap and
/// link-run rules see one short line and keep it.
pub fn glued_menu(text: &str, words: usize) -> bool {
    if !(MENU_MIN_WORDS..super::LONG_WORDS).contains(&words) {
        return false;
    }
    // A sentence's last byte is among them: most lines are decided by it.
    let last = text.trim_end().as_bytes().last();
    if last.is_some_and(|&b| NOT_IN_MENU[usize::from(b)])
        || text.bytes().any(|b| NOT_IN_MENU[usize::from(b)])
    {
        return false;
    }
    let (mut tokens, mut plain) = (0, 0);
    for token in text.split_whitespace() {
        let Some(first) = token.chars().find(|c| c.is_alphabetic()) else {
            continue;
        };
        tokens += 1;
        let function = FUNCTION_WORDS.iter().any(|w| w.eq_ignore_ascii_case(token));
        plain += usize::from(function || !first.is_uppercase());
    }
    tokens >= MENU_MIN_WORDS && plain * MENU_PLAIN_WORDS <= tokens
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

    #[test]
    fn menus_glued_into_a_short_line_are_glued_menus() {
        for t in [
            "Local News State News Nation World Politics Education Health Science Technology Crime Courts",
            "Home | News | Sports | Business | Entertainment | Life | Opinion | Obituaries | Classifieds | Jobs | Autos | Homes",
            "Most Popular Most Emailed Most Commented Police Blotter Photo Galleries Video Blogs Terms of Use",
        ] {
            assert!(glued_menu(t, t.split_whitespace().filter(|w| w.chars().any(char::is_alphanumeric)).count()), "{t}");
        }
    }

    #[test]
    fn headlines_and_sentences_in_title_case_are_no_glued_menu() {
        for t in [
            "Storm Knocks Out Power To Thousands Of Homes Across The Region On Sunday Night",
            "Farmers Brace For A Late Frost As Temperatures Fall Across The Valley Again",
            "Council votes to close the Elm Street bridge for repairs after the spring floods",
            "Smith, Jones And Brown Win Seats On The County Board In A Close Race",
            "Home News Sports Business",
            "Rovers Beat United 3-1 In The Cup Final At Wembley Stadium On Saturday",
        ] {
            assert!(!glued_menu(t, t.split_whitespace().count()), "{t}");
        }
    }
}
