//! The headline chooser: of the title-like lines above the body, the one whose words the
//! body's first paragraphs use most. The nearest title-like line is often a photo's credit,
//! a byline or another story's teaser; the headline names what the lead paragraph is about.

use rustc_hash::FxHashSet;

use crate::rules::structure::is_alphabetic;

/// Words of fewer letters do not count: they are mostly function words.
const MIN_LETTERS: usize = 4;
/// A word is known by its first letters, lower-cased: "accuses" and "accused" are one word.
const PREFIX_LETTERS: usize = 5;

/// Calls `f` with each word of a line, as a key made of its first letters.
fn each_word(text: &str, mut f: impl FnMut(u64)) {
    let mut word = WordKey::default();
    if text.is_ascii() {
        // The same by bytes (an ASCII letter is one byte, its lower case too).
        for &b in text.as_bytes() {
            match b.is_ascii_alphabetic() {
                true => word.push(char::from(b.to_ascii_lowercase())),
                false => word.end(&mut f),
            }
        }
    } else {
        for c in text.chars() {
            match is_alphabetic(c) {
                true if c.is_ascii() => word.push(c.to_ascii_lowercase()),
                true => word.push(c.to_lowercase().next().unwrap_or(c)),
                false => word.end(&mut f),
            }
        }
    }
    word.end(&mut f);
}

/// The word being read: its key so far and how many letters it has.
#[derive(Default)]
struct WordKey {
    key: u64,
    letters: usize,
}

impl WordKey {
    fn push(&mut self, lower: char) {
        if self.letters < PREFIX_LETTERS {
            // Five ASCII letters fit whole; a rare clash of other scripts is harmless.
            self.key = (self.key << 12) ^ u64::from(lower);
        }
        self.letters += 1;
    }

    /// Ends the word: `f` gets its key when it is long enough to count.
    fn end(&mut self, f: &mut impl FnMut(u64)) {
        if self.letters >= MIN_LETTERS {
            f(self.key);
        }
        *self = WordKey::default();
    }
}

/// The words of a line, each once.
#[cfg(test)]
fn words_of(text: &str) -> FxHashSet<u64> {
    let mut words = FxHashSet::default();
    each_word(text, |w| {
        words.insert(w);
    });
    words
}

/// The words of the body's first paragraphs.
#[derive(Debug, Default)]
pub struct Vocabulary(FxHashSet<u64>);

impl Vocabulary {
    pub fn add(&mut self, text: &str) {
        each_word(text, |w| {
            self.0.insert(w);
        });
    }

    /// How well a line matches the body: of its words, how many the body uses, and how
    /// many it has.
    pub fn overlap(&self, text: &str) -> Overlap {
        let mut words = Vec::new();
        each_word(text, |w| words.push(w));
        words.sort_unstable();
        words.dedup();
        Overlap {
            shared: words.iter().filter(|w| self.0.contains(w)).count(),
            words: words.len(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Overlap {
    pub shared: usize,
    pub words: usize,
}

impl Overlap {
    /// At least two of the line's words, and half of them, are the body's.
    pub fn matches(self) -> bool {
        self.shared >= 2 && self.shared * 2 >= self.words
    }

    /// A larger share of the line's words in the body.
    pub fn better_than(self, other: Overlap) -> bool {
        self.shared * other.words > other.shared * self.words
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body() -> Vocabulary {
        let mut v = Vocabulary::default();
        v.add("The defence minister on Wednesday accused the neighbouring state of bullying smaller nations in the region, and promised more ships.");
        v
    }

    #[test]
    fn the_headline_shares_the_leads_words_and_a_credit_does_not() {
        let v = body();
        let headline = v.overlap("Minister accuses neighbour of bullying smaller nations");
        assert!(headline.matches(), "{headline:?}");
        let credit = v.overlap("Photo: Jane Doe, Example Agency");
        assert!(!credit.matches(), "{credit:?}");
        let teaser = v.overlap("Ten recipes for a quick winter dinner");
        assert!(!teaser.matches(), "{teaser:?}");
        assert!(headline.better_than(credit) && !credit.better_than(headline));
    }

    #[test]
    fn ascii_and_other_text_give_the_same_words() {
        let ascii = words_of("Council votes to close the bridge");
        let other = words_of("Council votes to close the bridge \u{e9}");
        assert_eq!(ascii, other);
    }

    #[test]
    fn words_are_known_by_their_first_letters_in_any_case() {
        assert_eq!(words_of("ACCUSES"), words_of("accused"));
        assert_ne!(words_of("accuses"), words_of("access"));
        // Short words do not count.
        assert!(words_of("the of a to in on").is_empty());
    }
}
