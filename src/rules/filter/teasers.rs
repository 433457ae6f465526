//! Teaser chains: after the body, a page often lists other stories, each a headline, a line
//! or two of furniture (a section label, a byline, a date, a "Read more" button) and one
//! short paragraph, its blurb. Each blurb reads as a paragraph and, a few lines from the
//! next, they make a run of paragraphs of their own; what gives them away is the rhythm:
//! every paragraph stands alone between short lines, one of them headline-shaped.
//!
//! The chain is followed as lines are pushed, so that a teaser's blurb is known as one
//! while the lines before it are judged (they are at the end of the body, not in it).

use crate::rules::structure::{teaser_blurb, teaser_headline, Shape, HEADLINE_MAX_WORDS};

/// Lines between two blurbs of a chain, at most (a section label, the headline, its copy, a
/// byline, a date, the time to read it, a "Read more" button...).
pub const UNIT_LINES: usize = 8;
/// So many teasers in a row are a chain.
pub const CHAIN_UNITS: usize = 3;
/// Plain lines (no phrase rule matched them) before each blurb of a chain that no phrase
/// rule announced, at least: the headline and its date, maybe a byline. A section of the
/// article has its subheading alone.
pub const BARE_FURNITURE: usize = 2;
/// A teaser's date is a short line: at most this many words.
pub const DATE_WORDS: usize = 8;

/// What a non-blank line is to a chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// A short paragraph (or a line longer than a headline) no phrase rule matched.
    Blurb,
    /// A line between blurbs: a headline (short, no phrase rule), other furniture matched
    /// by a phrase rule (`chrome`), or another short line.
    Between {
        headline: bool,
        chrome: bool,
        /// A short line with a year, a clock time or an age: a teaser's date.
        dated: bool,
    },
    /// A paragraph too long for a blurb: the body goes on.
    Break,
}

impl Part {
    /// The part a line plays, from its text and shape, whether a phrase rule matched it, and
    /// whether it is a long line that is no prose (a glued list, script). Before a body was
    /// seen (`body_seen`) no chain can be found, and a line's date is not looked for.
    pub fn of(text: &str, shape: &Shape, hit: bool, not_prose: bool, body_seen: bool) -> Part {
        if !hit && !not_prose && long_headline(text, shape) {
            Part::Between {
                headline: true,
                chrome: false,
                dated: false,
            }
        } else if !hit && !not_prose && teaser_blurb(shape) {
            Part::Blurb
        } else if shape.prose && !hit && !not_prose {
            Part::Break
        } else {
            Part::Between {
                headline: !hit && teaser_headline(shape),
                chrome: hit,
                dated: !hit && body_seen && shape.words <= DATE_WORDS && dated(text),
            }
        }
    }
}

/// Is the line a headline longer than a short line: a title of up to `HEADLINE_MAX_WORDS`
/// words that is no sentence? A blurb cut short ends in an ellipsis instead ("… the
/// race in the ...").
fn long_headline(text: &str, shape: &Shape) -> bool {
    let end = text.trim_end();
    !shape.prose
        && !teaser_headline(shape)
        && shape.words <= HEADLINE_MAX_WORDS
        && !end.ends_with("..")
        && !end.ends_with('…')
}

/// Has the line a year (1900 to 2099), a clock time ("23:05") or an age ("3 hours ago")?
/// A result's score ("beat Rovers 2-1") has none of these.
pub(super) fn dated(text: &str) -> bool {
    let b = text.trim_end().as_bytes();
    let ago = b
        .get(b.len().saturating_sub(4)..)
        .is_some_and(|t| t.eq_ignore_ascii_case(b" ago"));
    ago || has_year_or_clock(b)
}

/// Four figures starting 19 or 20 and no more, or one or two figures, `:` and two figures.
/// One pass over the bytes, from figure run to figure run (most short lines have none).
fn has_year_or_clock(b: &[u8]) -> bool {
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        let run = &b[start..i];
        let year = run.len() == 4 && (run.starts_with(b"19") || run.starts_with(b"20"));
        let clock = run.len() <= 2
            && b.get(i) == Some(&b':')
            && b.get(i + 1..i + 3)
                .is_some_and(|m| m.iter().all(u8::is_ascii_digit))
            && !b.get(i + 3).is_some_and(u8::is_ascii_digit);
        if year || clock {
            return true;
        }
    }
    false
}

/// The state of the chain being followed.
#[derive(Debug, Default)]
pub struct TeaserChain {
    /// Lines since the last blurb or break, and of them those no phrase rule matched.
    lines: usize,
    plain: usize,
    /// Whether one of them is a teaser's date.
    dated: bool,
    /// Of the lines since then: the last headline-shaped one, and whether a phrase rule
    /// matched any (a "Related" heading or a "Read more" button between the body and the
    /// first teaser).
    headline: Option<usize>,
    chrome: bool,
    /// The first line since the last blurb.
    first_between: Option<usize>,
    /// Teasers in a row so far, where the first one's headline is, and whether a body had
    /// been seen before it.
    units: usize,
    from: usize,
    after_body: bool,
    /// The chain was not announced by a line a phrase rule matched: each of its teasers has
    /// `BARE_FURNITURE` plain lines or more.
    bare: bool,
}

/// What a pushed line tells about the lines before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Finding {
    /// The lines from this ordinal to the one just pushed are teasers.
    Teasers(usize),
    /// The teasers found from this ordinal on were sections of the article after all: the
    /// body goes on after them (a paragraph straight after a blurb, or a long one close by).
    Article(usize),
}

impl TeaserChain {
    /// Non-blank line `ordinal` was pushed, playing `part`; `body_seen` says whether a run of
    /// paragraphs long enough to be a body was seen before it.
    ///
    /// A teaser is a blurb after at most `UNIT_LINES` lines, a headline among them. The
    /// first one of a chain must follow a line a phrase rule matched (a "Related" heading, a
    /// button): a subheading straight after a paragraph is a section of the article, and
    /// sections of one paragraph each are common (an interview's questions and answers).
    /// For the same reason a chain the body resumes after is no chain.
    pub fn push(&mut self, ordinal: usize, part: Part, body_seen: bool) -> Option<Finding> {
        let found = match part {
            Part::Between {
                headline,
                chrome,
                dated,
            } => {
                self.lines += 1;
                self.plain += usize::from(!chrome);
                self.dated |= dated;
                if headline {
                    self.headline = Some(ordinal);
                }
                self.chrome |= chrome;
                self.first_between.get_or_insert(ordinal);
                return None;
            }
            Part::Blurb if self.lines > 0 => self.blurb(body_seen),
            // A long blurb under the same furniture (headline, date) goes on with the
            // chain; the body resuming has no date above its paragraph.
            Part::Break if self.bare && self.units > 0 && self.furnished() => self.blurb(body_seen),
            // A break, or a paragraph straight after a blurb: the body resumes if it comes
            // within a unit's lines.
            Part::Break | Part::Blurb => {
                let found = self.unmark(self.lines <= UNIT_LINES);
                self.units = 0;
                found
            }
        };
        self.clear_between();
        found
    }

    /// The chain, if it was found, is the article's when the body `resumes` after it.
    fn unmark(&self, resumes: bool) -> Option<Finding> {
        (resumes && self.after_body && self.units >= CHAIN_UNITS)
            .then_some(Finding::Article(self.from))
    }

    fn blurb(&mut self, body_seen: bool) -> Option<Finding> {
        let Some(headline) = self.headline else {
            self.units = 0;
            return None;
        };
        // Furniture besides the headline: a date, maybe a byline. Templated parts of an
        // article (a result and its scorers) have a headline-like line but no date.
        let furnished = self.furnished();
        let close = self.lines <= UNIT_LINES && (furnished || (!self.bare && self.plain >= 1));
        if self.units > 0 && close {
            self.units += 1;
        } else if self.chrome || furnished {
            // A chain starts after a "Related" heading or a button; or, unannounced, with a
            // furnished teaser.
            self.units = 1;
            self.from = headline;
            self.after_body = body_seen;
            self.bare = !self.chrome;
        } else {
            self.units = 0;
        }
        if !self.after_body || self.units < CHAIN_UNITS {
            return None;
        }
        Some(Finding::Teasers(if self.units == CHAIN_UNITS {
            self.from
        } else {
            self.first_between.unwrap_or(headline)
        }))
    }

    /// The lines since the last blurb have furniture besides a headline: a date, maybe a
    /// byline, within a unit's lines.
    fn furnished(&self) -> bool {
        self.plain >= BARE_FURNITURE && self.dated && self.lines <= UNIT_LINES
    }

    fn clear_between(&mut self) {
        self.lines = 0;
        self.plain = 0;
        self.dated = false;
        self.headline = None;
        self.chrome = false;
        self.first_between = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const fn between(headline: bool, chrome: bool, dated: bool) -> Part {
        Part::Between {
            headline,
            chrome,
            dated,
        }
    }
    const HEADLINE: Part = between(true, false, false);
    const BUTTON: Part = between(false, true, false);
    const DATE: Part = between(true, false, true);
    const BYLINE: Part = between(false, false, false);

    fn feed(parts: &[Part]) -> Vec<Option<Finding>> {
        let mut chain = TeaserChain::default();
        (0..parts.len())
            .map(|i| chain.push(i, parts[i], true))
            .collect()
    }

    #[test]
    fn three_teasers_after_a_button_are_a_chain_and_the_fourth_extends_it() {
        use Part::Blurb;
        let found = feed(&[
            BUTTON, HEADLINE, Blurb, HEADLINE, Blurb, BUTTON, HEADLINE, Blurb, HEADLINE, Blurb,
        ]);
        assert_eq!(found[7], Some(Finding::Teasers(1)));
        assert_eq!(found[9], Some(Finding::Teasers(8)));
        assert_eq!(found.iter().flatten().count(), 2);
    }

    #[test]
    fn no_chain_without_a_break_before_it_or_with_the_body_going_on_after_it() {
        use Part::{Blurb, Break};
        // Subheadings straight after the body: sections.
        let sections = [Break, HEADLINE, Blurb, HEADLINE, Blurb, HEADLINE, Blurb];
        assert!(feed(&sections).iter().all(Option::is_none));
        // After a button, but a paragraph follows the last blurb.
        let found = feed(&[
            BUTTON, HEADLINE, Blurb, HEADLINE, Blurb, HEADLINE, Blurb, Blurb,
        ]);
        assert_eq!(found[6], Some(Finding::Teasers(1)));
        assert_eq!(found[7], Some(Finding::Article(1)));
        // Not before a body was seen.
        let mut chain = TeaserChain::default();
        let parts = [BUTTON, HEADLINE, Blurb, HEADLINE, Blurb, HEADLINE, Blurb];
        assert!((0..parts.len()).all(|i| chain.push(i, parts[i], false).is_none()));
    }

    #[test]
    fn teasers_with_a_date_make_a_chain_that_no_button_announced() {
        use Part::{Blurb, Break};
        let found = feed(&[
            Break, HEADLINE, BYLINE, DATE, Blurb, HEADLINE, BYLINE, DATE, Blurb, HEADLINE, DATE,
            Blurb,
        ]);
        assert_eq!(found[11], Some(Finding::Teasers(3)));
        assert_eq!(found.iter().flatten().count(), 1);
        // A long blurb under the same furniture goes on with the chain; a paragraph
        // straight after a blurb is the body resuming.
        let mut parts = found_parts();
        parts.extend([HEADLINE, BYLINE, DATE, Break]);
        let found = feed(&parts);
        assert_eq!(found[15], Some(Finding::Teasers(12)));
        parts.push(Break);
        assert_eq!(feed(&parts)[16], Some(Finding::Article(3)));
    }

    fn found_parts() -> Vec<Part> {
        use Part::{Blurb, Break};
        vec![
            Break, HEADLINE, BYLINE, DATE, Blurb, HEADLINE, BYLINE, DATE, Blurb, HEADLINE, DATE,
            Blurb,
        ]
    }

    #[test]
    fn unannounced_units_without_a_date_or_with_a_subheading_alone_are_sections() {
        use Part::{Blurb, Break};
        // A result, its scorers and a short line, three times: no date.
        let results = [
            Break, HEADLINE, Blurb, BYLINE, HEADLINE, Blurb, BYLINE, HEADLINE, Blurb, BYLINE,
            HEADLINE, Blurb,
        ];
        assert!(feed(&results).iter().all(Option::is_none));
        // Dated sections with one line each: a diary's days.
        let diary = [Break, DATE, Blurb, DATE, Blurb, DATE, Blurb];
        assert!(feed(&diary).iter().all(Option::is_none));
        // The furniture thins out after two teasers: the chain is not followed further.
        let thin = [
            Break, HEADLINE, DATE, Blurb, HEADLINE, DATE, Blurb, HEADLINE, Blurb,
        ];
        assert!(feed(&thin).iter().all(Option::is_none));
    }

    #[test]
    fn a_long_title_is_a_headline_and_a_blurb_cut_short_is_a_blurb() {
        let shape = |t: &str| Shape::of(t, crate::rules::structure::word_count(t));
        let title = "Council votes to close the old library on Main Street after a decade of \
                     falling visits";
        assert!(matches!(
            Part::of(title, &shape(title), false, false, true),
            Part::Between { headline: true, .. }
        ));
        let cut = "The new budget leaves the libraries with less money than last year and the \
                   mayor with a ...";
        assert_eq!(Part::of(cut, &shape(cut), false, false, true), Part::Blurb);
    }

    #[test]
    fn a_date_is_a_year_a_clock_time_or_an_age() {
        assert!(dated("Tuesday March 4, 2008"));
        assert!(dated("Mar 4 14:05"));
        assert!(dated("Posted 3 hours ago"));
        assert!(!dated("Rovers beat United 2-1"));
        assert!(!dated("By Jane Doe"));
        assert!(!dated("Page 1234"));
    }

    #[test]
    fn a_long_stretch_between_two_blurbs_ends_the_chain() {
        use Part::Blurb;
        let mut parts = vec![BUTTON, HEADLINE, Blurb, HEADLINE, Blurb];
        parts.extend([HEADLINE; UNIT_LINES + 1]);
        parts.push(Blurb);
        assert!(feed(&parts).iter().all(Option::is_none));
    }
}
