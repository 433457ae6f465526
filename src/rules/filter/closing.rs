//! The article's closing sentence: a short sentence straight after the body's last
//! paragraph ("Nobody was badly hurt.", "The trial resumes on Monday."). It is shorter than a
//! paragraph, so it would fall to the tail rule with the footer; but page furniture after
//! the body is a label, a link or a prompt a phrase rule knows, not a sentence.

use crate::rules::structure::Shape;

/// Words a closing sentence has at least: "Nobody was badly hurt." A shorter line ending
/// in a full stop is as often a label ("All rights reserved.", "Back to top.").
const MIN_WORDS: usize = 4;

/// Could the line close the article: a short sentence that starts with a capital and ends
/// with `.`, `!` or `?`, maybe inside closing quotes?
pub fn closing_sentence(text: &str, shape: &Shape) -> bool {
    let end = text
        .trim_end_matches(|c: char| matches!(c, '"' | '\'' | '”' | '’' | ')') || c.is_whitespace());
    shape.has_letters
        && !shape.prose
        && shape.words >= MIN_WORDS
        && end.ends_with(['.', '!', '?'])
        && !end.ends_with("..")
        && text
            .trim_start()
            .chars()
            .next()
            .is_some_and(char::is_uppercase)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::structure::word_count;

    fn closing(text: &str) -> bool {
        closing_sentence(text, &Shape::of(text, word_count(text)))
    }

    #[test]
    fn a_short_sentence_closes_the_article() {
        assert!(closing("Nobody was badly hurt."));
        assert!(closing("The trial resumes on Monday."));
        assert!(closing("Will it work? \u{201c}We will see.\u{201d}"));
    }

    #[test]
    fn labels_links_and_teasers_cut_short_do_not() {
        assert!(!closing("More stories"));
        assert!(!closing("Related articles:"));
        assert!(!closing("Read more..."));
        assert!(!closing("Back to top."));
        assert!(!closing("the council said."));
    }
}
