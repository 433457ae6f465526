//! Teaser chains: after the body, a page often lists other stories, each a headline, a line
//! or two of furniture (a section label, a byline, a date, a "Read more" button) and one
//! short paragraph, its blurb. Each blurb reads as a paragraph and, a few lines from the
//! next, they make a run of paragraphs of their own; what gives them away is the rhythm:
//! every paragraph stands alone between short lines, one of them headline-shaped.
//!
//! The chain is followed as lines are pushed, so that a teaser's blurb is known as one
//! while the lines before it are judged (they are at the end of the body, not in it).

use crate::rules::structure::{teaser_blurb, teaser_headline, Shape};

/// Lines between two blurbs of a chain, at most (a section label, the headline, its copy, a
/// byline, a date, the time to read it, a "Read more" button...).
pub const UNIT_LINES: usize = 8;
/// So many teasers in a row are a chain.
pub const CHAIN_UNITS: usize = 3;

/// What a non-blank line is to a chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// A short paragraph (or a line longer than a headline) no phrase rule matched.
    Blurb,
    /// A line between blurbs: a headline (short, no phrase rule), other furniture matched
    /// by a phrase rule (`chrome`), or another short line.
    Between { headline: bool, chrome: bool },
    /// A paragraph too long for a blurb: the body goes on.
    Break,
}

impl Part {
    /// The part a line plays, from its shape, whether a phrase rule matched it, and whether
    /// it is a long line that is no prose (a glued list, script).
    pub fn of(shape: &Shape, hit: bool, not_prose: bool) -> Part {
        if !hit && !not_prose && teaser_blurb(shape) {
            Part::Blurb
        } else if shape.prose && !hit && !not_prose {
            Part::Break
        } else {
            Part::Between {
                headline: !hit && teaser_headline(shape),
                chrome: hit,
            }
        }
    }
}

/// The state of the chain being followed.
#[derive(Debug, Default)]
pub struct TeaserChain {
    /// Lines since the last blurb or break, and of them those no phrase rule matched.
    lines: usize,
    plain: usize,
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
            Part::Between { headline, chrome } => {
                self.lines += 1;
                self.plain += usize::from(!chrome);
                if headline {
                    self.headline = Some(ordinal);
                }
                self.chrome |= chrome;
                self.first_between.get_or_insert(ordinal);
                return None;
            }
            Part::Blurb if self.lines > 0 => self.blurb(body_seen),
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
        let close = self.plain >= 1 && self.lines <= UNIT_LINES;
        if self.units > 0 && close {
            self.units += 1;
        } else if self.chrome {
            self.units = 1;
            self.from = headline;
            self.after_body = body_seen;
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

    fn clear_between(&mut self) {
        self.lines = 0;
        self.plain = 0;
        self.headline = None;
        self.chrome = false;
        self.first_between = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADLINE: Part = Part::Between {
        headline: true,
        chrome: false,
    };
    const BUTTON: Part = Part::Between {
        headline: false,
        chrome: true,
    };

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
    fn a_long_stretch_between_two_blurbs_ends_the_chain() {
        use Part::Blurb;
        let mut parts = vec![BUTTON, HEADLINE, Blurb, HEADLINE, Blurb];
        parts.extend([HEADLINE; UNIT_LINES + 1]);
        parts.push(Blurb);
        assert!(feed(&parts).iter().all(Option::is_none));
    }
}
