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

/// The longest of [`FUNCTION_WORDS`]: longer words need not be looked up.
const FUNCTION_LETTERS: usize = 7;

/// The [`function_key`]s of [`FUNCTION_WORDS`], sorted for a binary search.
const FUNCTION_KEYS: [u64; FUNCTION_WORDS.len()] = {
    let mut keys = [0; FUNCTION_WORDS.len()];
    let mut i = 0;
    while i < keys.len() {
        assert!(FUNCTION_WORDS[i].len() <= FUNCTION_LETTERS);
        keys[i] = function_key(ascii_key(FUNCTION_WORDS[i]), FUNCTION_WORDS[i].len());
        i += 1;
    }
    let mut sorted = 1;
    while sorted < keys.len() {
        let mut j = sorted;
        while j > 0 && keys[j - 1] > keys[j] {
            let swap = keys[j];
            keys[j] = keys[j - 1];
            keys[j - 1] = swap;
            j -= 1;
        }
        sorted += 1;
    }
    keys
};

/// A word's key with its length: "before" is a function word, "befores" no word of one.
/// An ASCII word's key takes 60 bits (five letters of 12 bits), its length the top four.
const fn function_key(key: u64, letters: usize) -> u64 {
    key | ((letters as u64) << 60)
}

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

/// Is the word of this key and length one of [`FUNCTION_WORDS`]?
fn is_function_word(key: u64, letters: usize) -> bool {
    letters <= FUNCTION_LETTERS
        && FUNCTION_KEYS
            .binary_search(&function_key(key, letters))
            .is_ok()
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
        if self.letters >= MIN_LETTERS && !is_function_word(self.key, self.letters) {
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

/// The words of the body's first paragraphs (the lead), each with how many of them use it.
#[derive(Debug, Default)]
pub struct Vocabulary {
    uses: FxHashMap<u64, Uses>,
    paragraphs: usize,
}

/// How many of the lead's paragraphs use a word.
#[derive(Debug, Default, Clone, Copy)]
struct Uses {
    paragraphs: usize,
    /// Of those, the paragraphs that made the run the body (the opening).
    opening: usize,
    /// The number of the last paragraph that used it (counted from 1).
    last: usize,
}

impl Vocabulary {
    /// Adds the lead's next paragraph; `opening`: it is one of the paragraphs that made the
    /// run the body.
    pub fn add(&mut self, paragraph: &str, opening: bool) {
        self.paragraphs += 1;
        let number = self.paragraphs;
        let uses = &mut self.uses;
        each_word(paragraph, |w| {
            let word = uses.entry(w).or_default();
            if word.last != number {
                word.last = number;
                word.paragraphs += 1;
                word.opening += usize::from(opening);
            }
        });
    }

    /// How well a line matches the lead: of its words, how many the lead uses, how often
    /// it comes back to them, and how many words the line has.
    pub fn overlap(&self, text: &str) -> Overlap {
        self.overlap_by(text, |uses| uses.paragraphs)
    }

    /// [`overlap`](Self::overlap) with the opening's paragraphs alone.
    pub fn opening_overlap(&self, text: &str) -> Overlap {
        self.overlap_by(text, |uses| uses.opening)
    }

    fn overlap_by(&self, text: &str, paragraphs: impl Fn(&Uses) -> usize) -> Overlap {
        let words = distinct_words(text);
        let mut overlap = Overlap {
            shared: 0,
            recurrence: 0,
            words: words.len(),
        };
        for w in &words {
            let n = self.uses.get(w).map_or(0, &paragraphs);
            if n > 0 {
                overlap.shared += 1;
                overlap.recurrence += n.min(RECURRENCE_CAP);
            }
        }
        overlap
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
        v.add("The defence minister on Wednesday accused the neighbouring state of bullying smaller nations in the region, and promised more ships.", true);
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
        v.add(
            "Evening bulletin with the day's top weather stories for Tuesday.",
            true,
        );
        v.add(
            "The harbour council voted on Tuesday to close the old swing bridge for repairs.",
            true,
        );
        v.add(
            "Council members said the bridge had rusted beyond safe use after the storms.",
            true,
        );
        v.add(
            "Repairs to the bridge will take two years, the council said.",
            true,
        );
        let caption = v.overlap("Evening bulletin: the day's top weather stories");
        let headline = v.overlap("Harbour council votes to close the swing bridge");
        assert!(caption.matches() && headline.matches());
        assert!(headline.better_than(caption), "{headline:?} {caption:?}");
        assert!(!caption.better_than(headline));
    }

    #[test]
    fn the_opening_is_the_paragraphs_that_made_the_body() {
        let mut v = Vocabulary::default();
        v.add("Evening bulletin with the day's top weather stories.", true);
        v.add(
            "The harbour council voted to close the swing bridge.",
            false,
        );
        let headline = "Harbour council votes to close the swing bridge";
        assert!(v.overlap(headline).matches());
        assert!(!v.opening_overlap(headline).matches());
        // A word used twice in one paragraph counts once.
        let mut once = Vocabulary::default();
        once.add("bridge bridge bridge", true);
        assert_eq!(once.overlap("bridge").recurrence, 1);
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
        // A longer word that starts like one is no function word.
        assert_eq!(words_of("Therefore others").len(), 2);
    }
}
