//! The headline chooser: of the title-like lines above the body, the one whose words the
//! body's first paragraphs use most. The nearest title-like line is often a photo's credit,
//! a byline or another story's teaser; the headline names what the lead paragraphs are
//! about, so its words recur from one paragraph to the next, where a photo's or a video's
//! caption shares its words with one paragraph (its own copy as the body's first line).

use rustc_hash::FxHashMap;
#[cfg(test)]
use rustc_hash::FxHashSet;

use crate::rules::structure::is_alphabetic;

/// Words of fewer letters do not count: they are mostly function words.
const MIN_LETTERS: usize = 4;
/// A word is known by its first letters, lower-cased: "accuses" and "accused" are one word.
const PREFIX_LETTERS: usize = 5;
/// Function words of four letters or more, in the packs' languages: the lead uses them in
/// every paragraph, and a caption (a sentence) more than a headline. They are no word of
/// what a story is about.
const FUNCTION_WORDS: [&str; 108] = [
    // English
    "about", "after", "also", "because", "been", "before", "being", "could", "does", "from", "have",
    "having", "here", "into", "just", "more", "most", "much", "only", "other", "over", "said",
    "says", "should", "some", "such", "than", "that", "their", "them", "then", "there", "these",
    "they", "this", "those", "very", "were", "what", "when", "where", "which", "while", "will",
    "with", "would", "your", // German
    "aber", "auch", "dass", "diese", "eine", "einem", "einen", "einer", "eines", "haben", "hatte",
    "kann", "mehr", "nach", "nicht", "noch", "oder", "schon", "sein", "sich", "sind", "wenn",
    "werden", "wird", "wurde", // French
    "aussi", "avec", "cette", "comme", "dans", "depuis", "elle", "elles", "fait", "leur", "leurs",
    "mais", "nous", "plus", "pour", "sans", "sont", "sous", "tous", "tout", "vous",
    // Spanish
    "como", "cuando", "desde", "donde", "entre", "esta", "este", "hasta", "para", "pero", "porque",
    "puede", "sobre", "tiene", "todo",
];

/// The keys of [`FUNCTION_WORDS`], as [`WordKey`] makes them.
const FUNCTION_KEYS: [u64; FUNCTION_WORDS.len()] = {
    let mut keys = [0; FUNCTION_WORDS.len()];
    let mut i = 0;
    while i < keys.len() {
        keys[i] = ascii_key(FUNCTION_WORDS[i]);
        i += 1;
    }
    keys
};

/// The key of a lower-case ASCII word (see `WordKey::push`).
const fn ascii_key(word: &str) -> u64 {
    let bytes = word.as_bytes();
    let (mut key, mut i) = (0, 0);
    while i < bytes.len() && i < PREFIX_LETTERS {
        key = (key << 12) ^ bytes[i] as u64;
        i += 1;
    }
    key
}

/// A word of the line counts once for each paragraph of the lead that uses it, up to this
/// many: a word the lead comes back to is what the story is about.
const RECURRENCE_CAP: usize = 3;

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

    /// Ends the word: `f` gets its key when it is long enough to count and no function word.
    fn end(&mut self, f: &mut impl FnMut(u64)) {
        if self.letters >= MIN_LETTERS && !FUNCTION_KEYS.contains(&self.key) {
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

/// The distinct words of a line.
fn distinct_words(text: &str) -> Vec<u64> {
    let mut words = Vec::new();
    each_word(text, |w| words.push(w));
    words.sort_unstable();
    words.dedup();
    words
}

/// The words of the body's first paragraphs, each with how many of them use it.
#[derive(Debug, Default)]
pub struct Vocabulary(FxHashMap<u64, usize>);

impl Vocabulary {
    /// Adds one paragraph of the lead.
    pub fn add(&mut self, paragraph: &str) {
        for w in distinct_words(paragraph) {
            *self.0.entry(w).or_default() += 1;
        }
    }

    /// How well a line matches the body: of its words, how many the body uses, how often
    /// the lead comes back to them, and how many words it has.
    pub fn overlap(&self, text: &str) -> Overlap {
        let words = distinct_words(text);
        let uses: Vec<usize> = words
            .iter()
            .filter_map(|w| self.0.get(w).copied())
            .collect();
        Overlap {
            shared: uses.len(),
            recurrence: uses.iter().map(|&n| n.min(RECURRENCE_CAP)).sum(),
            words: words.len(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Overlap {
    /// The line's words the lead uses.
    pub shared: usize,
    /// Of those, the paragraphs that use each (at most `RECURRENCE_CAP`), summed.
    pub recurrence: usize,
    pub words: usize,
}

impl Overlap {
    /// At least two of the line's words, and half of them, are the body's.
    pub fn matches(self) -> bool {
        self.shared >= 2 && self.shared * 2 >= self.words
    }

    /// More of the lead's recurring words for each word of the line.
    pub fn better_than(self, other: Overlap) -> bool {
        self.recurrence * other.words > other.recurrence * self.words
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
    fn words_the_lead_comes_back_to_beat_one_paragraphs_words() {
        // A video's caption opens the body; the story goes on about its headline's subject.
        let mut v = Vocabulary::default();
        v.add("Evening bulletin with the day's top weather stories for Tuesday.");
        v.add("The harbour council voted on Tuesday to close the old swing bridge for repairs.");
        v.add("Council members said the bridge had rusted beyond safe use after the storms.");
        v.add("Repairs to the bridge will take two years, the council said.");
        let caption = v.overlap("Evening bulletin: the day's top weather stories");
        let headline = v.overlap("Harbour council votes to close the swing bridge");
        assert!(caption.matches() && headline.matches());
        assert!(headline.better_than(caption), "{headline:?} {caption:?}");
        assert!(!caption.better_than(headline));
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
        // Short words and function words do not count.
        assert!(words_of("the of a to in on").is_empty());
        assert!(words_of("which would have been there").is_empty());
        assert_eq!(words_of("Thermal").len(), 1);
    }
}
