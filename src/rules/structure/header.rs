//! A comment's header: its stamp with the commenter's name, a "Posted by" or a button around
//! it on one short line ("Posted by reader42 | March 3, 2008 09:15 AM", "9:15 am, Monday,
//! March 3, 2008 | Report"). Comment systems of every age print one above or below each
//! comment; a thread of them ends the article like a bare stamp's thread does.

use std::sync::LazyLock;

use regex::Regex;

/// A date with a clock time in either order ("March 3, 2008 9:15 AM", "9:15 AM EST, Monday,
/// March 3, 2008"). ASCII classes only (`-u`): the pattern is tried on every short line with
/// a clock time (datelines among them), and Unicode classes would make its automaton large;
/// a month spelt with an accent is left to the whole-line stamps of `STAMP_LINE`.
static STAMP_WITHIN: LazyLock<Regex> = LazyLock::new(|| {
    let month = "[a-z]{3,}\\.?";
    let date = format!(
        "(?:{month} [0-9]{{1,2}}(?:st|nd|rd|th)?,? [0-9]{{4}}|[0-9]{{1,2}}\\.? {month},? [0-9]{{4}}|[0-9]{{1,2}}[./-][0-9]{{1,2}}[./-][0-9]{{2,4}}|[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}})"
    );
    let time = "[0-9]{1,2}[:.h][0-9]{2}(?: ?[ap]\\.?m\\.?)?";
    let forward = format!("(?:on )?{date}(?:,| at| um| -)? {time}");
    let reversed = format!("{time}(?: [a-z]{{2,4}})?,? (?:on )?(?:[a-z]+,? )?{date}");
    Regex::new(&format!("(?i-u){forward}|{reversed}")).expect("a valid pattern")
});

/// Words around the stamp in a header, at most: "Posted by", a name, a separator, a button.
pub const HEADER_WORDS: usize = 5;

/// Is the short line (the caller has checked its length and that it holds a clock time) a
/// comment's header: a stamp with at most `HEADER_WORDS` words around it, not ending like a
/// sentence? An entry of a timeline ("March 3, 2008 9:15 AM: the polls open in the east
/// of the state.") says what happened, in a sentence.
pub fn comment_header(text: &str) -> bool {
    // Every date of the pattern has a year of four figures or figures split by `/`, `.` or
    // `-`; a line with neither (a bare time, a score) is not searched.
    if !has_date_figures(text.as_bytes()) {
        return false;
    }
    let Some(stamp) = STAMP_WITHIN.find(text) else {
        return false;
    };
    let around = text[..stamp.start()].split_whitespace().count()
        + text[stamp.end()..].split_whitespace().count();
    around <= HEADER_WORDS && !text.trim_end().ends_with(['.', '!', '?'])
}

/// A year (four figures starting 19 or 20, no more) or figures split twice by the same `/`,
/// `.` or `-` ("03/03/2008", "2008-03-03"). A decimal or a score has neither.
pub(super) fn has_date_figures(b: &[u8]) -> bool {
    let run_end = |mut i: usize| {
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        i
    };
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let end = run_end(i);
        let run = &b[i..end];
        if run.len() == 4 && (run.starts_with(b"19") || run.starts_with(b"20")) {
            return true;
        }
        if let Some(&sep) = b.get(end).filter(|s| b"/.-".contains(s)) {
            let second = run_end(end + 1);
            if second > end + 1
                && b.get(second) == Some(&sep)
                && b.get(second + 1).is_some_and(u8::is_ascii_digit)
            {
                return true;
            }
        }
        i = end;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stamp_with_a_name_or_a_button_around_it_is_a_header() {
        for t in [
            "Posted by reader42 | March 3, 2008 09:15 AM",
            "Submitted by Jane on 03/03/2008 - 9:15am",
            "9:15 AM EST, Monday, March 3, 2008 | Report",
            "Comment from Bob, 3 March 2008 14:20",
            "reader42 wrote on March 3, 2008 at 9:15 pm:",
        ] {
            assert!(comment_header(t), "{t}");
        }
    }

    #[test]
    fn dates_have_a_year_or_figures_split_twice() {
        assert!(has_date_figures(b"March 3, 2008"));
        assert!(has_date_figures(b"03/03/08 9:15"));
        assert!(has_date_figures(b"2008-03-03"));
        assert!(!has_date_figures(b"Shares rose 3.5% to 12.40"));
        assert!(!has_date_figures(b"Rovers 2-1 at 9:15"));
    }

    #[test]
    fn a_timeline_entry_or_a_stampless_line_is_no_header() {
        for t in [
            "March 3, 2008 9:15 AM: the polls open in the east.",
            "At 9:15 the polls opened in the east of the state on March 3, 2008 again",
            "Posted by reader42",
            "Monday, March 3, 2008",
        ] {
            assert!(!comment_header(t), "{t}");
        }
    }
}
