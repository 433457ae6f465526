//! A note under a name: after the body, a contributor's box or a company's "About" box is a
//! line holding the name alone (maybe a handle or a photo credit after it) and a paragraph
//! that introduces that name ("Jane Doe is a reporter who covers …", "Example Corp is a
//! global provider of …"). The paragraph reads as prose; what gives it away is that it
//! opens with the very name the short line above it holds, and says who or what that is.
//! An article quotes or profiles people too, but does not set a name on a line of its own
//! just above the sentence that introduces it.

use crate::rules::structure::Shape;

/// The name's line stands at most this many non-blank lines above the note (the name, a
/// handle, a "Follow" button).
pub const NAME_REACH: usize = 3;
/// A note is a paragraph of at most this many words: a box holds a few sentences.
pub const NOTE_MAX_WORDS: usize = 80;
/// A name is at most this many words ("Jane Q. de Doe" is four).
const NAME_MAX_WORDS: usize = 4;

/// What a note says of the name right after it: who or what that is, or what they do.
/// "is a", "is an", "is the" and the like describe; "said" or "is expected" report, and an
/// article's sentence about a person reports.
const INTRODUCTIONS: [&str; 11] = [
    "is a ",
    "is an ",
    "is the ",
    "is part of ",
    "is supported by ",
    "writes ",
    "covers ",
    "has been ",
    "joined ",
    "lives in ",
    "was born ",
];

/// The name a paragraph opens by introducing: its first one to four words, each starting
/// with a capital, followed by one of `INTRODUCTIONS`. `None` for any other paragraph.
pub fn introduced_name(text: &str) -> Option<&str> {
    let text = text.trim_start();
    let mut end = 0;
    for (i, word) in text.split(' ').enumerate().take(NAME_MAX_WORDS + 1) {
        if i > 0 {
            let rest = &text[end + 1..];
            if INTRODUCTIONS.iter().any(|v| rest.starts_with(v)) {
                return Some(&text[..end]);
            }
        }
        if i == NAME_MAX_WORDS || !word.chars().next().is_some_and(char::is_uppercase) {
            return None;
        }
        end += if i == 0 { word.len() } else { word.len() + 1 };
    }
    None
}

/// Is the line a note under a name: a paragraph of at most `NOTE_MAX_WORDS` words that
/// opens by introducing a name, with that name alone on one of `above`, the non-blank lines
/// just above it, nearest first?
pub fn name_note<'t>(text: &str, shape: &Shape, above: impl IntoIterator<Item = &'t str>) -> bool {
    if !shape.prose || shape.words > NOTE_MAX_WORDS {
        return false;
    }
    let Some(name) = introduced_name(text) else {
        return false;
    };
    above
        .into_iter()
        .take(NAME_REACH)
        .any(|line| line.trim() == name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::structure::word_count;

    fn shape(t: &str) -> Shape {
        Shape::of(t, word_count(t))
    }

    const NOTE: &str = "Jane Doe is a reporter who covers city hall and the courts for the \
                        paper. She joined it in 2015.";

    #[test]
    fn the_name_is_the_capitalised_words_before_an_introduction() {
        assert_eq!(introduced_name(NOTE), Some("Jane Doe"));
        assert_eq!(
            introduced_name("Example Corp is a global provider of software for hospitals."),
            Some("Example Corp")
        );
        assert_eq!(introduced_name("Regan writes about travel."), Some("Regan"));
        // Reporting, not introducing.
        assert_eq!(introduced_name("Jane Doe said the vote was close."), None);
        // The sentence does not open with the name.
        assert_eq!(introduced_name("The mayor is a former teacher."), None);
        assert_eq!(introduced_name("A B C D E is a thing."), None);
    }

    #[test]
    fn a_note_needs_its_name_alone_on_a_line_just_above() {
        assert!(name_note(NOTE, &shape(NOTE), ["@janedoe", "Jane Doe"]));
        // The name in a byline, or too far above, or another name.
        assert!(!name_note(NOTE, &shape(NOTE), ["By Jane Doe"]));
        assert!(!name_note(
            NOTE,
            &shape(NOTE),
            ["Share", "Tweet", "Email", "Jane Doe"]
        ));
        assert!(!name_note(NOTE, &shape(NOTE), ["John Roe"]));
        // A profile's sentence in the body: no line holds the name alone.
        let profile = "Jane Doe is a nurse who has worked nights at the hospital for twenty \
                       years.";
        assert!(!name_note(
            profile,
            &shape(profile),
            ["The ward was quiet when we arrived on Tuesday evening."]
        ));
        // Not a paragraph.
        assert!(!name_note(
            "Jane Doe is a reporter",
            &shape("Jane Doe is a reporter"),
            ["Jane Doe"]
        ));
    }
}
