//! One pass over a line tells which rules may match it: every rule's required literals
//! (see `literals`) go into one [`LiteralSet`], and only the rules whose literals
//! occur in the line (or that have none) get their regex run. Most lines meet no rule, so
//! most regexes never run, and a regex that never runs is never compiled.

use super::literal_set::{LiteralSet, MAX_LITERAL_BYTES};
use super::literals::{
    is_letter, is_other_decimal_digit, starts_with_letter, Anchor, PREFIX_BYTES,
};

/// Rules (branches of rules) that fit in the bit set without a heap allocation (one set is
/// made per line).
const INLINE_WORDS: usize = 32;

/// Rule indices as a bit set: one bit per rule of the matcher.
#[derive(Debug, Clone)]
pub struct RuleBits {
    inline: [u64; INLINE_WORDS],
    heap: Vec<u64>,
    len: usize,
}

impl RuleBits {
    pub fn with_len(rules: usize) -> RuleBits {
        let len = rules.div_ceil(64);
        RuleBits {
            inline: [0; INLINE_WORDS],
            heap: if len > INLINE_WORDS {
                vec![0; len]
            } else {
                Vec::new()
            },
            len,
        }
    }

    fn words(&self) -> &[u64] {
        match self.len {
            len if len <= INLINE_WORDS => &self.inline[..len],
            _ => &self.heap,
        }
    }

    fn words_mut(&mut self) -> &mut [u64] {
        match self.len {
            len if len <= INLINE_WORDS => &mut self.inline[..len],
            _ => &mut self.heap,
        }
    }

    pub fn insert(&mut self, rule: usize) {
        self.words_mut()[rule / 64] |= 1 << (rule % 64);
    }

    /// Sets `self` to `base` (of the same length).
    pub fn reset_to(&mut self, base: &RuleBits) {
        self.words_mut().copy_from_slice(base.words());
    }

    /// The rules in the set, lowest first.
    pub fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        self.words().iter().enumerate().flat_map(|(k, &word)| {
            let mut rest = word;
            std::iter::from_fn(move || {
                if rest == 0 {
                    return None;
                }
                let bit = rest.trailing_zeros() as usize;
                rest &= rest - 1;
                Some(k * 64 + bit)
            })
        })
    }
}

/// What a rule (a branch of one) is known to need in a line.
#[derive(Debug, Clone, Copy)]
pub enum Needle<'r> {
    /// One of these strings, anywhere.
    Anywhere(&'r [Vec<u8>]),
    /// One of these prefixes, where the anchor says.
    Anchored(&'r Anchor),
    /// Nothing known: a candidate on every line.
    Nothing,
}

/// A required literal, after the start the search finds, and the rules that need it.
#[derive(Debug)]
struct Whole {
    /// Its bytes past [`MAX_LITERAL_BYTES`] (ASCII letters lowered), often none.
    rest: Vec<u8>,
    rules: Vec<usize>,
}

/// The literal search over a line for one group of rules.
#[derive(Debug)]
pub struct Prefilter {
    /// Every distinct literal needed anywhere in the line; `None` when no rule has one.
    searcher: Option<LiteralSet>,
    /// For each literal of the searcher (by its id, cut to [`MAX_LITERAL_BYTES`]), the whole
    /// literals that start with it and the rules that need each.
    wholes_of: Vec<Vec<Whole>>,
    /// The rules whose match starts at the start of the line, by prefix.
    at_line_start: PrefixTable,
    /// The rules whose match starts at the line's first letter, by prefix.
    at_first_letter: PrefixTable,
    /// The rules whose match may start before the line's first letter, with a non-letter,
    /// by prefix.
    before_first_letter: PrefixTable,
    /// The rules of the group with no known need: candidates on every line.
    always: RuleBits,
    /// Every rule of the group: the candidates on a line with an ASCII fold twin.
    all: RuleBits,
}

impl Prefilter {
    /// `rules` holds, for every rule of the group, its index and what it needs; `total` is
    /// the number of rules of the matcher.
    pub fn new<'r>(
        rules: impl IntoIterator<Item = (usize, Needle<'r>)>,
        total: usize,
    ) -> Prefilter {
        let mut always = RuleBits::with_len(total);
        let mut all = RuleBits::with_len(total);
        let mut literals: Vec<&[u8]> = Vec::new();
        let mut wholes_of: Vec<Vec<Whole>> = Vec::new();
        let mut index = std::collections::HashMap::<&[u8], usize>::new();
        let mut at_line_start = PrefixTable::default();
        let mut at_first_letter = PrefixTable::default();
        let mut before_first_letter = PrefixTable::default();
        for (rule, needle) in rules {
            all.insert(rule);
            let required = match needle {
                Needle::Nothing => {
                    always.insert(rule);
                    continue;
                }
                Needle::Anchored(Anchor::LineStart(prefixes)) => {
                    at_line_start.add(rule, prefixes);
                    continue;
                }
                Needle::Anchored(Anchor::FirstLetter(prefixes)) => {
                    let letter_led = |p: &&Vec<u8>| starts_with_letter(p);
                    at_first_letter.add(rule, prefixes.iter().filter(letter_led));
                    before_first_letter.add(rule, prefixes.iter().filter(|p| !letter_led(p)));
                    continue;
                }
                Needle::Anywhere(required) => required,
            };
            for literal in required {
                // The search looks for the start of a long literal (the bit sets stay small),
                // and the rest is compared where it was found: a cut phrase (`without `,
                // `personal`) is in many lines its whole never is.
                let (start, rest) = literal.split_at(literal.len().min(MAX_LITERAL_BYTES));
                let id = *index.entry(start).or_insert_with(|| {
                    literals.push(start);
                    wholes_of.push(Vec::new());
                    literals.len() - 1
                });
                let wholes = &mut wholes_of[id];
                let at = match wholes.iter().position(|w| w.rest == rest) {
                    Some(at) => at,
                    None => {
                        wholes.push(Whole {
                            rest: rest.to_vec(),
                            rules: Vec::new(),
                        });
                        wholes.len() - 1
                    }
                };
                if wholes[at].rules.last() != Some(&rule) {
                    wholes[at].rules.push(rule);
                }
            }
        }
        let searcher = (!literals.is_empty()).then(|| LiteralSet::new(&literals));
        at_line_start.seal();
        at_first_letter.seal();
        before_first_letter.seal();
        Prefilter {
            searcher,
            wholes_of,
            at_line_start,
            at_first_letter,
            before_first_letter,
            always,
            all,
        }
    }

    /// Puts in `out` the rules of the group that may match `text`.
    pub fn candidates(&self, text: &str, out: &mut RuleBits) {
        if meets_every_rule(text) {
            return out.reset_to(&self.all);
        }
        out.reset_to(&self.always);
        self.at_line_start.lookup(text.as_bytes(), out);
        if !self.at_first_letter.is_empty() || !self.before_first_letter.is_empty() {
            for (at, c) in text.char_indices() {
                if is_letter(c) {
                    self.at_first_letter.lookup(&text.as_bytes()[at..], out);
                    break;
                }
                self.before_first_letter.lookup(&text.as_bytes()[at..], out);
            }
        }
        let Some(searcher) = &self.searcher else {
            return;
        };
        let bytes = text.as_bytes();
        searcher.find(bytes, &mut |literal, at| {
            let after = at + MAX_LITERAL_BYTES;
            for whole in &self.wholes_of[literal] {
                if whole.rest.is_empty()
                    || bytes
                        .get(after..after + whole.rest.len())
                        .is_some_and(|found| found.eq_ignore_ascii_case(&whole.rest))
                {
                    for &rule in &whole.rules {
                        out.insert(rule);
                    }
                }
            }
        });
    }
}

/// Whether the line holds a character the literals leave out, so that it meets every rule:
/// one that folds to an ASCII letter ([`super::literals::ASCII_FOLD_TWINS`]) or a decimal digit
/// of another script ([`is_other_decimal_digit`]).
fn meets_every_rule(text: &str) -> bool {
    // Both are beyond ASCII, and most lines are ASCII: one pass of word-wide tests says so
    // for less than the two searches below cost to start.
    if text.is_ascii() {
        return false;
    }
    let bytes = text.as_bytes();
    // `ſ` is C5 BF, the Kelvin sign E2 84 AA.
    let twin = memchr::memchr2_iter(0xC5, 0xE2, bytes).any(|i| match bytes[i] {
        0xC5 => bytes.get(i + 1) == Some(&0xBF),
        _ => bytes.get(i + 1..i + 3) == Some(&[0x84, 0xAA]),
    });
    twin || has_other_decimal_digit(text)
}

/// Whether the line holds a decimal digit of another script. They start at U+0660, whose
/// UTF-8 starts with D9, and U+2000 to U+9FFF (lead bytes E2 to E9: punctuation, symbols,
/// CJK) hold none, so only a few lead bytes are decoded. Most lines are ASCII, and the
/// others are mostly Latin letters and punctuation: the bytes are looked at 16 at a time.
fn has_other_decimal_digit(text: &str) -> bool {
    let bytes = text.as_bytes();
    let may_start_digit = |b: u8| b >= 0xD9 && !(0xE2..=0xE9).contains(&b);
    let mut at = 0;
    for chunk in bytes.chunks(16) {
        if chunk.iter().fold(false, |any, &b| any | may_start_digit(b)) {
            for (i, &b) in chunk.iter().enumerate() {
                if may_start_digit(b)
                    && text[at + i..]
                        .chars()
                        .next()
                        .is_some_and(is_other_decimal_digit)
                {
                    return true;
                }
            }
        }
        at += chunk.len();
    }
    false
}

/// Rules by the prefix their match starts with: one hash probe per prefix length.
#[derive(Debug, Default)]
struct PrefixTable {
    /// (key of a prefix, the rules that may start with it).
    entries: Vec<(u64, Vec<usize>)>,
    /// Open addressing: index into `entries` plus one, or 0 for an empty slot.
    slots: Vec<u32>,
    /// The first bytes (ASCII lowered) of the prefixes, as a bit set: most lines start with
    /// none of them and need no probe.
    first_bytes: [u64; 4],
}

impl PrefixTable {
    fn add<'p>(&mut self, rule: usize, prefixes: impl IntoIterator<Item = &'p Vec<u8>>) {
        for prefix in prefixes {
            if let Some(&first) = prefix.first() {
                let first = first.to_ascii_lowercase();
                self.first_bytes[usize::from(first >> 6)] |= 1 << (first & 63);
            }
            let key = Self::key(prefix);
            match self.entries.iter_mut().find(|(k, _)| *k == key) {
                Some((_, rules)) if rules.last() == Some(&rule) => {}
                Some((_, rules)) => rules.push(rule),
                None => self.entries.push((key, vec![rule])),
            }
        }
    }

    fn seal(&mut self) {
        if self.entries.is_empty() {
            return;
        }
        let size = (self.entries.len() * 4).next_power_of_two();
        self.slots = vec![0; size];
        for (i, &(key, _)) in self.entries.iter().enumerate() {
            let mut slot = Self::slot(key, size);
            while self.slots[slot] != 0 {
                slot = (slot + 1) & (size - 1);
            }
            self.slots[slot] = u32::try_from(i + 1).expect("few prefixes");
        }
    }

    fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// A prefix (at most [`PREFIX_BYTES`], ASCII lowered) and its length in one number.
    fn key(prefix: &[u8]) -> u64 {
        let mut key = (prefix.len() as u64) << 32;
        for (i, &b) in prefix.iter().enumerate() {
            key |= u64::from(b) << (8 * i);
        }
        key
    }

    fn slot(key: u64, size: usize) -> usize {
        (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 40) as usize & (size - 1)
    }

    fn get(&self, key: u64) -> Option<&[usize]> {
        let size = self.slots.len();
        let mut slot = Self::slot(key, size);
        loop {
            match self.slots[slot] {
                0 => return None,
                i => {
                    let (k, rules) = &self.entries[i as usize - 1];
                    if *k == key {
                        return Some(rules);
                    }
                }
            }
            slot = (slot + 1) & (size - 1);
        }
    }

    /// Adds to `out` the rules whose prefix starts `text`.
    fn lookup(&self, text: &[u8], out: &mut RuleBits) {
        let Some(first) = text.first().map(u8::to_ascii_lowercase) else {
            return;
        };
        if self.first_bytes[usize::from(first >> 6)] & (1 << (first & 63)) == 0 {
            return;
        }
        let mut key = 0;
        for (n, &b) in text.iter().take(PREFIX_BYTES).enumerate() {
            key |= u64::from(b.to_ascii_lowercase()) << (8 * n);
            if let Some(rules) = self.get(key | ((n as u64 + 1) << 32)) {
                for &rule in rules {
                    out.insert(rule);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literal_hits_and_literal_free_rules_are_candidates() {
        let cookies = [b"cookies".to_vec()];
        let ads = [b"ad".to_vec(), b"sponsored".to_vec()];
        let filter = Prefilter::new(
            [
                (0, Needle::Anywhere(&cookies)),
                (1, Needle::Nothing),
                (2, Needle::Anywhere(&ads)),
            ],
            3,
        );
        let mut out = RuleBits::with_len(3);
        filter.candidates("We use COOKIES.", &mut out);
        assert_eq!(out.iter().collect::<Vec<_>>(), [0, 1]);
        filter.candidates("Read on", &mut out);
        assert_eq!(out.iter().collect::<Vec<_>>(), [1, 2]);
        filter.candidates("A \u{212A}elvin sign", &mut out);
        assert_eq!(out.iter().collect::<Vec<_>>(), [0, 1, 2]);
        filter.candidates("A long \u{17F} too", &mut out);
        assert_eq!(out.iter().collect::<Vec<_>>(), [0, 1, 2]);
    }

    /// A literal longer than the search's is compared whole where its start was found.
    #[test]
    fn long_literals_are_candidates_only_when_whole() {
        let notice = [b"without consent".to_vec()];
        let short = [b"without ".to_vec(), b"withoutX".to_vec()];
        let filter = Prefilter::new(
            [
                (0, Needle::Anywhere(&notice)),
                (1, Needle::Anywhere(&short)),
            ],
            2,
        );
        let mut out = RuleBits::with_len(2);
        filter.candidates("Not without a fight", &mut out);
        assert_eq!(out.iter().collect::<Vec<_>>(), [1]);
        filter.candidates("Sold WITHOUT CONSENT", &mut out);
        assert_eq!(out.iter().collect::<Vec<_>>(), [0, 1]);
        filter.candidates("without consen", &mut out);
        assert_eq!(out.iter().collect::<Vec<_>>(), [1]);
    }

    /// Literals spell `\d` with ASCII digits only: a line with another script's digit (or a
    /// character folding to an ASCII letter) meets every rule.
    #[test]
    fn lines_with_characters_the_literals_leave_out_meet_every_rule() {
        let time = [b":3".to_vec()];
        let filter = Prefilter::new([(0, Needle::Anywhere(&time)), (1, Needle::Nothing)], 2);
        let mut out = RuleBits::with_len(2);
        for line in [
            "At 10:30",
            "Scores ١٠:٣٠",
            "Hindi ३",
            "Fullwidth ３",
            "\u{17F}ome",
        ] {
            filter.candidates(line, &mut out);
            assert_eq!(out.iter().collect::<Vec<_>>(), [0, 1], "{line:?}");
        }
        for line in ["At 10 o’clock", "Superscript ² and ½ …", "Греция ١ "] {
            filter.candidates(line, &mut out);
            let expected: &[usize] = if line.starts_with("Греция") {
                &[0, 1]
            } else {
                &[1]
            };
            assert_eq!(out.iter().collect::<Vec<_>>(), expected, "{line:?}");
        }
    }

    /// U+2000 to U+9FFF hold no decimal digit: `meets_every_rule` skips their lead bytes.
    #[test]
    fn no_decimal_digit_between_u2000_and_u9fff() {
        assert!(('\u{2000}'..='\u{9FFF}').all(|c| !is_other_decimal_digit(c)));
    }

    #[test]
    fn long_literals_are_found_by_their_start() {
        let phrase = [b"if you buy something through our".to_vec()];
        let filter = Prefilter::new([(0, Needle::Anywhere(&phrase))], 1);
        let mut out = RuleBits::with_len(1);
        filter.candidates("Note: IF YOU BUY SOMETHING THROUGH OUR links", &mut out);
        assert_eq!(out.iter().collect::<Vec<_>>(), [0]);
        filter.candidates("If you like it, buy something", &mut out);
        assert_eq!(out.iter().count(), 0);
    }

    #[test]
    fn anchored_prefixes_are_looked_up_where_the_match_starts() {
        let share = Anchor::FirstLetter(vec![b"sh".to_vec(), b"prin".to_vec()]);
        let digits = Anchor::LineStart(vec![b"1".to_vec()]);
        let filter = Prefilter::new(
            [
                (0, Needle::Anchored(&share)),
                (1, Needle::Anchored(&digits)),
            ],
            2,
        );
        let mut out = RuleBits::with_len(2);
        for (line, expected) in [
            ("› SHARE this", &[0][..]),
            ("« « Print", &[0]),
            ("“Sharing” is here", &[0]),
            ("10 Share", &[0, 1]),
            ("We share this", &[]),
            ("Pri", &[]),
            ("", &[]),
            ("123", &[1]),
        ] {
            filter.candidates(line, &mut out);
            assert_eq!(out.iter().collect::<Vec<_>>(), expected, "{line}");
        }
    }

    /// `^[^\p{L}]*(?:login|\||\d of)+`: the match may start with `|` or a digit anywhere
    /// before the first letter, or with `login` at it.
    #[test]
    fn non_letter_prefixes_are_looked_up_before_the_first_letter() {
        let account = Anchor::FirstLetter(vec![b"logi".to_vec(), b"|".to_vec(), b"3".to_vec()]);
        let filter = Prefilter::new([(0, Needle::Anchored(&account))], 1);
        let mut out = RuleBits::with_len(1);
        for (line, expected) in [
            ("Login", &[0][..]),
            ("» | Login", &[0]),
            ("|", &[0]),
            ("- - 3", &[0]),
            ("(3 of 5)", &[0]),
            ("• Logout", &[]),
            ("Log in | Register", &[]),
            ("Photo 3 of 5", &[]),
            ("12 of 20", &[]),
            ("", &[]),
        ] {
            filter.candidates(line, &mut out);
            assert_eq!(out.iter().collect::<Vec<_>>(), expected, "{line}");
        }
    }

    #[test]
    fn bits_iterate_in_order_across_words() {
        let mut bits = RuleBits::with_len(200);
        for i in [130, 3, 64, 63] {
            bits.insert(i);
        }
        assert_eq!(bits.iter().collect::<Vec<_>>(), [3, 63, 64, 130]);
    }
}
