//! A comment's poster line: the line a comment system prints above each comment to name who
//! wrote it, with or without a clock time ("Posted by reader42 on 03/04/08", "Submitted by
//! Jane", "1. reader42 wrote:", "reader42 says:"). Threads of 2008-era sites often stamp a
//! comment with its date alone, or not at all, so the stamps of `STAMP_LINE` miss them; the
//! poster's name and the verb that introduces the comment mark them instead.

use std::sync::LazyLock;

use regex::Regex;

/// At most this many words in a poster line: a name, a date, a place.
pub const POSTER_WORDS: usize = 10;

/// "Posted by …", "Submitted by …", "Comment by/from …", maybe numbered ("#3", "3.").
static POSTED_BY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:#?[0-9]{1,4}[.):]? +)?(?:posted|submitted|comment(?:ed)?|reply|answer) (?:by|from):? +\S")
        .expect("a valid pattern")
});

/// "NAME wrote:", "NAME says:", "NAME wrote on March 3, 2008:", maybe numbered. The name is
/// one to four tokens; `said` is left out (a reporter's "The mayor said:" before a quote).
static NAME_WROTE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(#?[0-9]{1,4}[.):]? +)?(\S+(?: +\S+){0,3}) +(?:wrote|writes|says|commented)(?: (?:on|at) .{1,40})?:$")
        .expect("a valid pattern")
});

/// Is the line (of `words` words) a comment's poster line? "Posted by NAME" with anything
/// after it; "NAME wrote:" or "NAME says:" only when the line says more than a reporter's
/// introduction of a quote would: it is numbered, dated ("wrote on …:"), or the name is a
/// handle (a figure or an underscore in it, or all in lower case: "riverrat54",
/// "concerned_mom"). An article quoting "One reader wrote:" names no handle.
pub fn comment_poster(text: &str, words: usize) -> bool {
    let text = text.trim();
    if words == 0 || words > POSTER_WORDS || text.ends_with(['.', '!', '?']) {
        return false;
    }
    if !could_be_poster(text.as_bytes()) {
        return false;
    }
    if starts_with_poster_word(text.as_bytes()) && POSTED_BY.is_match(text) {
        return true;
    }
    if !has_poster_verb(text.as_bytes()) {
        return false;
    }
    let Some(c) = NAME_WROTE.captures(text) else {
        return false;
    };
    let numbered = c.get(1).is_some();
    let dated = text[c.get(2).map_or(0, |m| m.end())..].contains(" on ")
        || text[c.get(2).map_or(0, |m| m.end())..].contains(" at ");
    numbered || dated || c.get(2).is_some_and(|name| is_handle(name.as_str()))
}

/// A name that is a user's handle, not a person's name as a reporter writes it: one token
/// with a figure or an underscore, or all in lower-case letters.
fn is_handle(name: &str) -> bool {
    !name.contains(' ')
        && (name.bytes().any(|b| b.is_ascii_digit() || b == b'_')
            || name.chars().all(|c| c.is_lowercase() || !c.is_alphabetic()))
}

/// What every poster line has: a colon at its end, or one of the leading words of
/// `POSTED_BY` at its start (after a number). Most short lines have neither and are not
/// searched; the test looks at a few bytes.
fn could_be_poster(b: &[u8]) -> bool {
    b.last() == Some(&b':') || starts_with_poster_word(b)
}

/// Does the line start (after a number such as "#12" or "3.") with a leading word of
/// `POSTED_BY`?
fn starts_with_poster_word(b: &[u8]) -> bool {
    let start = b
        .iter()
        .position(|c| !(c.is_ascii_digit() || b"#.): ".contains(c)))
        .unwrap_or(b.len());
    let head = &b[start..];
    [
        &b"posted"[..],
        b"submitted",
        b"comment",
        b"reply",
        b"answer",
    ]
    .iter()
    .any(|w| {
        head.get(..w.len())
            .is_some_and(|h| h.eq_ignore_ascii_case(w))
    })
}

/// Does the line open with a handle's "wrote:" or "says:" (a colon within its first bytes,
/// after one of those verbs)?
fn opens_with_handle_mark(b: &[u8]) -> bool {
    let head = &b[..b.len().min(48)];
    memchr::memchr(b':', head).is_some_and(|colon| {
        let before = &head[..colon];
        [&b" wrote"[..], b" says"].iter().any(|v| {
            before.len() >= v.len() && before[before.len() - v.len()..].eq_ignore_ascii_case(v)
        })
    })
}

/// Has the line one of the verbs `NAME_WROTE` introduces a comment with?
fn has_poster_verb(b: &[u8]) -> bool {
    [&b"wrote"[..], b"writes", b"says", b"commented"]
        .iter()
        .any(|v| b.windows(v.len()).any(|w| w.eq_ignore_ascii_case(v)))
}

/// So many poster marks in one line make a thread glued into it.
pub const GLUED_POSTERS: usize = 3;

/// Does a long line hold a thread of comments glued together, told by their poster marks:
/// "Posted by NAME", "Submitted by NAME", or a handle with a figure or an underscore before
/// "wrote:" or "says:" ("kathy22 wrote: …")? Such a line starts with its first mark, so a
/// line that does not is not split into words; an article's "One wrote: …, another wrote:
/// …" names no handle.
pub fn glued_posters(text: &str) -> bool {
    // A thread glued into one line starts with its first comment's mark.
    let b = text.as_bytes();
    if !starts_with_poster_word(b) && !opens_with_handle_mark(b) {
        return false;
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut marks = 0;
    for (i, w) in words.iter().enumerate() {
        let next = words.get(i + 1).copied().unwrap_or("");
        let by = next.trim_end_matches(':').eq_ignore_ascii_case("by");
        let posted = by
            && ["posted", "submitted"].iter().any(|p| {
                w.trim_start_matches(|c: char| !c.is_alphabetic())
                    .eq_ignore_ascii_case(p)
            });
        let wrote = ["wrote:", "says:"]
            .iter()
            .any(|v| next.eq_ignore_ascii_case(v))
            && w.bytes().any(|b| b.is_ascii_digit() || b == b'_')
            && w.bytes().any(|b| b.is_ascii_alphabetic());
        marks += usize::from(posted || wrote);
    }
    marks >= GLUED_POSTERS
}

#[cfg(test)]
mod tests {
    use super::*;

    fn poster(t: &str) -> bool {
        comment_poster(t, t.split_whitespace().count())
    }

    #[test]
    fn poster_lines_of_comment_systems() {
        for t in [
            "Posted by riverrat54 on 03/04/08",
            "Posted by: Linda M. | March 11, 2008",
            "Submitted by Jane (not verified)",
            "Comment from Bob in Springfield",
            "#12 Posted by taxpayer",
            "1. riverrat54 wrote:",
            "riverrat54 wrote:",
            "concerned_mom says:",
            "oldtimer wrote on March 5, 2008:",
            "3. Bill Smith wrote:",
            "Bill wrote at 9:15 pm:",
        ] {
            assert!(poster(t), "{t}");
        }
    }

    #[test]
    fn a_reporters_introduction_of_a_quote_is_no_poster_line() {
        for t in [
            "The mayor wrote:",
            "Mr Johnson said:",
            "One reader wrote:",
            "Bill Smith says:",
            "Posted by the council on its website, the notice was taken down.",
            "The statement, posted by the club on Monday, said the manager would stay",
            "Comments",
            "He was posted by the army to a base in the north of the country and the family moved",
        ] {
            assert!(!poster(t), "{t}");
        }
    }

    #[test]
    fn handles_have_figures_underscores_or_no_capitals() {
        assert!(is_handle("reader42") && is_handle("concerned_mom") && is_handle("oldtimer"));
        assert!(!is_handle("Bill") && !is_handle("Bill Smith") && !is_handle("One reader"));
    }

    #[test]
    fn poster_marks_glued_into_one_line_are_a_thread() {
        assert!(glued_posters("Posted by jim: No power here. Posted by kathy22: Six hours. Posted by bob: Same every year."));
        assert!(glued_posters("jim_w wrote: No power here. kathy22 wrote: Six hours out. bob_1 says: Same every year."));
        assert!(!glued_posters("One wrote: no power here. Another wrote: six hours out. A third wrote: same every year."));
        assert!(!glued_posters(
            "The letter was posted by the council on Monday and read by hundreds: it said little."
        ));
    }
}
