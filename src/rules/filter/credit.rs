//! A story's credit: the byline or the dateline printed under its headline ("By Jane Doe",
//! "Published 11:11 PM Nov 19, 2019"). The headline is the title-like line just above the
//! credit; the lines nearest the body are as often a photo's caption, a video's title or
//! another story's teaser.

use super::teasers::{dated, DATE_WORDS};
use crate::rules::structure::{is_byline, Shape};

/// Does the line credit a story: a byline, or a short line with a date, a clock time or an
/// age ("3 hours ago")?
pub fn is_credit(text: &str, shape: &Shape) -> bool {
    !shape.prose && (is_byline(text) || (shape.words <= DATE_WORDS && dated(text)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::structure::word_count;

    fn credit(text: &str) -> bool {
        is_credit(text, &Shape::of(text, word_count(text)))
    }

    #[test]
    fn a_byline_or_a_dateline_is_a_credit() {
        assert!(credit("By Jane Doe and John Roe, Example News"));
        assert!(credit("Published 11:11 PM EST Nov 19, 2019"));
        assert!(credit("Updated 2 hours ago"));
        assert!(credit("March 3, 2008 | BY: Jane Doe"));
    }

    #[test]
    fn prose_titles_and_scores_are_no_credit() {
        assert!(!credit(
            "By the end of 2008, the council had spent the whole budget on roads."
        ));
        assert!(!credit("Council votes to close the harbour bridge"));
        assert!(!credit("Rovers beat United 2-1"));
        assert!(!credit("by-election candidates named"));
    }
}
