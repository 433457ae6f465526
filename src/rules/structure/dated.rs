//! A comment's stamp that is only a date: comment systems of 2008 print the commenter's name
//! and the day, no clock time ("riverrat54, March 4, 2008", "Jane Smith | 03/04/08"), or
//! the name on one line and the date alone on the next. `STAMP_LINE` and the headers of
//! `header.rs` need a clock time, so such threads were kept whole.
//!
//! A date alone is a dateline, a diary's day or a timeline's entry as often; it counts as a
//! stamp only under a line that is a name (the caller checks that with `name_line`).

use super::header::has_date_figures;

/// At most this many words in a date stamp: a name of up to `NAME_TOKENS` words and the date.
pub const DATE_STAMP_WORDS: usize = 8;
/// A commenter's name is one to this many words.
pub const NAME_TOKENS: usize = 3;
/// At least this many ASCII figures in a date stamp: a year has four, figures split twice
/// ("3/4/08") three or more; a caller that counted a line's figures skips lines with fewer.
pub const DATE_STAMP_DIGITS: usize = 3;

/// What a short line with a date is, as a comment's stamp.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateStamp {
    /// The date alone ("March 4, 2008", "Tuesday, 03/04/08"): a stamp under a name.
    Alone,
    /// A name and the date ("riverrat54, March 4, 2008", "Jane Smith | 03/04/08").
    Named,
}

/// Is the line (of `words` words) a date, maybe with a name, and nothing else? A date is a
/// month's name with a day or a year, or figures split twice by `/`, `.` or `-`; the other
/// words are at most `NAME_TOKENS` names (capitalised, or a handle with a figure or an
/// underscore) and the joining words "on", "at", "by". A line ending like a sentence, or
/// with any other word, says something ("March 4, 2008: the polls open").
pub fn date_stamp(text: &str, words: usize) -> Option<DateStamp> {
    let text = text.trim();
    if words == 0 || words > DATE_STAMP_WORDS || text.ends_with(['.', '!', '?', ':', ';']) {
        return None;
    }
    // Every date stamp has a year or figures split twice ("03/04/08"); most short lines
    // have neither, and their words are not looked at.
    if !has_date_figures(text.as_bytes()) {
        return None;
    }
    let (mut month, mut day_or_year, mut numeric, mut names) = (false, false, false, 0);
    for token in text
        .split(|c: char| {
            c.is_whitespace() || matches!(c, ',' | '|' | '-' | '–' | '—' | '·' | '•' | '(' | ')')
        })
        .filter(|t| !t.is_empty())
    {
        match token_kind(token) {
            Token::Month => month = true,
            Token::DayOrYear => day_or_year = true,
            Token::Numeric => numeric = true,
            Token::Joining => {}
            Token::Name => names += 1,
            Token::Other => return None,
        }
    }
    let dated = numeric || (month && day_or_year);
    match (dated, names) {
        (false, _) => None,
        (true, 0) => Some(DateStamp::Alone),
        (true, n) if n <= NAME_TOKENS => Some(DateStamp::Named),
        _ => None,
    }
}

/// Is the line a commenter's name alone: one to `NAME_TOKENS` words, each capitalised or a
/// handle, or a single word in lower case ("towerwatcher"); no sentence end, no date?
pub fn name_line(text: &str, words: usize) -> bool {
    let text = text.trim();
    let lower_handle = words == 1
        && text
            .chars()
            .all(|c| c.is_lowercase() || c.is_ascii_digit() || c == '_');
    (1..=NAME_TOKENS).contains(&words)
        && !text.ends_with(['.', '!', '?', ':', ';'])
        && (lower_handle
            || text
                .split_whitespace()
                .all(|t| token_kind(t) == Token::Name))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Token {
    Month,
    /// A day (1-31, maybe "4th") or a year of four figures.
    DayOrYear,
    /// Figures split twice by the same `/` or `.` ("03/04/08"; `-` splits tokens).
    Numeric,
    /// "on", "at", "by", a weekday: words a stamp joins its parts with.
    Joining,
    /// A capitalised word or a handle.
    Name,
    Other,
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];
const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

fn token_kind(token: &str) -> Token {
    let word = token.trim_end_matches('.');
    // A month's or a weekday's name, whole or cut to 3 or 4 letters ("Mar.", "Sept", "Tue").
    let is_name_of = |names: &[&str]| {
        word.len() >= 3
            && names.iter().any(|n| {
                n.len() >= word.len()
                    && (n.len() == word.len() || word.len() <= 4)
                    && n.as_bytes()[..word.len()].eq_ignore_ascii_case(word.as_bytes())
            })
    };
    if is_name_of(&MONTHS) {
        return Token::Month;
    }
    if is_name_of(&WEEKDAYS)
        || ["on", "at", "by"]
            .iter()
            .any(|j| j.eq_ignore_ascii_case(word))
    {
        return Token::Joining;
    }
    let figures = ["st", "nd", "rd", "th"]
        .iter()
        .find_map(|s| word.strip_suffix(s))
        .unwrap_or(word);
    if !figures.is_empty() && figures.bytes().all(|b| b.is_ascii_digit()) {
        let year = figures.len() == 4 && (figures.starts_with("19") || figures.starts_with("20"));
        let day = figures.len() <= 2 && (1..=31).contains(&figures.parse::<u32>().unwrap_or(0));
        return if year || day {
            Token::DayOrYear
        } else {
            Token::Other
        };
    }
    if numeric_date(word) {
        return Token::Numeric;
    }
    let handle = word.bytes().any(|b| b.is_ascii_digit() || b == b'_')
        && word.bytes().any(|b| b.is_ascii_alphabetic());
    let capitalised = word.chars().next().is_some_and(char::is_uppercase)
        && word
            .chars()
            .skip(1)
            .all(|c| c.is_alphabetic() || c == '\'' || c == '’');
    if handle || capitalised {
        Token::Name
    } else {
        Token::Other
    }
}

/// Figures split twice by the same `/` or `.`: "03/04/08", "4.3.2008".
fn numeric_date(word: &str) -> bool {
    [b'/', b'.'].iter().any(|&sep| {
        let parts: Vec<&[u8]> = word.as_bytes().split(|&b| b == sep).collect();
        parts.len() == 3
            && parts
                .iter()
                .all(|p| (1..=4).contains(&p.len()) && p.iter().all(u8::is_ascii_digit))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::structure::word_count;

    fn stamp(t: &str) -> Option<DateStamp> {
        date_stamp(t, word_count(t))
    }

    #[test]
    fn a_name_and_a_date_are_a_named_stamp() {
        for t in [
            "riverrat54, March 4, 2008",
            "Jane Smith | 03/04/08",
            "concerned_mom on Mar. 5, 2008",
            "Bob - Tuesday, March 4, 2008",
            "Ann Lee, 4 March 2008",
        ] {
            assert_eq!(stamp(t), Some(DateStamp::Named), "{t}");
        }
    }

    #[test]
    fn a_date_alone_is_a_stamp_only_with_a_name_above_it() {
        for t in [
            "March 4, 2008",
            "Tuesday, March 4, 2008",
            "03/04/08",
            "4th March 2008",
        ] {
            assert_eq!(stamp(t), Some(DateStamp::Alone), "{t}");
        }
        assert!(name_line("riverrat54", 1));
        assert!(name_line("towerwatcher", 1));
        assert!(name_line("Jane Smith", 2));
        assert!(!name_line("Key dates", 2));
        assert!(!name_line("The bridge reopens", 3));
        assert!(!name_line("March 4, 2008", 3));
    }

    #[test]
    fn no_date_stamp_has_fewer_figures_than_date_stamp_digits() {
        let digits = |t: &str| t.bytes().filter(u8::is_ascii_digit).count();
        for t in ["3/4/08", "3/4/8", "Jo, 3.4.8", "May 2008", "Ann, 1.2.3"] {
            assert!(stamp(t).is_some(), "{t}");
            assert!(digits(t) >= DATE_STAMP_DIGITS, "{t}");
        }
        for t in [
            "3/4", "Jo, 3.4", "May 08", "March 4", "Ann 12", "1/2/", "Tue 4th",
        ] {
            assert!(digits(t) < DATE_STAMP_DIGITS, "{t}");
            assert_eq!(stamp(t), None, "{t}");
        }
    }

    #[test]
    fn a_dateline_or_timeline_entry_saying_something_is_no_stamp() {
        for t in [
            "March 4, 2008: the polls open",
            "Published March 4, 2008 by the city council",
            "Updated on March 4, 2008.",
            "Rovers beat United 2-1",
            "Chapter 4",
            "Page 12 of 2008 report",
            "Jane Smith",
        ] {
            assert_eq!(stamp(t), None, "{t}");
        }
    }
}
