//! One pass over a line tells which rules may match it: every rule's required literals
//! (see `literals`) go into one Aho-Corasick automaton, and only the rules whose literals
//! occur in the line (or that have none) get their regex run. Most lines meet no rule, so
//! most regexes never run, and a regex that never runs is never compiled.

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

use super::literals::ASCII_FOLD_TWINS;

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

/// Which automaton a prefilter searches with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Speed {
    /// A full DFA: the fastest search, and megabytes of tables for a large group.
    Fastest,
    /// A contiguous NFA: about a third slower to search, a fraction of the memory.
    Compact,
}

/// The literal search over a line for one group of rules.
#[derive(Debug)]
pub struct Prefilter {
    /// Every distinct required literal of the group; `None` when no rule has one.
    searcher: Option<AhoCorasick>,
    /// The rules that require each literal of the searcher (by pattern id); the patterns
    /// past these are the [`ASCII_FOLD_TWINS`].
    rules_of: Vec<Vec<usize>>,
    /// The rules of the group with no required literal: candidates on every line.
    always: RuleBits,
    /// Every rule of the group: the candidates on a line with an ASCII fold twin.
    all: RuleBits,
}

impl Prefilter {
    /// `rules` holds, for every rule of the group, its index and its required literals
    /// (`None`: it may match without any); `total` is the number of rules of the matcher.
    /// `speed` picks the automaton: a full DFA searches faster, a contiguous NFA takes a
    /// fraction of the memory.
    pub fn new<'r>(
        rules: impl IntoIterator<Item = (usize, Option<&'r [Vec<u8>]>)>,
        total: usize,
        speed: Speed,
    ) -> Prefilter {
        let mut always = RuleBits::with_len(total);
        let mut all = RuleBits::with_len(total);
        let mut literals: Vec<&[u8]> = Vec::new();
        let mut rules_of: Vec<Vec<usize>> = Vec::new();
        let mut index = std::collections::HashMap::<&[u8], usize>::new();
        for (rule, required) in rules {
            all.insert(rule);
            let Some(required) = required else {
                always.insert(rule);
                continue;
            };
            for literal in required {
                let id = *index.entry(literal.as_slice()).or_insert_with(|| {
                    literals.push(literal);
                    rules_of.push(Vec::new());
                    literals.len() - 1
                });
                if rules_of[id].last() != Some(&rule) {
                    rules_of[id].push(rule);
                }
            }
        }
        let mut twins = [[0; 4]; ASCII_FOLD_TWINS.len()];
        let twins: Vec<&[u8]> = ASCII_FOLD_TWINS
            .iter()
            .zip(&mut twins)
            .map(|(c, buf)| c.encode_utf8(buf).as_bytes())
            .collect();
        let searcher = (!literals.is_empty()).then(|| {
            literals.extend(twins);
            AhoCorasick::builder()
                .ascii_case_insensitive(true)
                .match_kind(MatchKind::Standard)
                .kind(Some(match speed {
                    Speed::Fastest => AhoCorasickKind::DFA,
                    Speed::Compact => AhoCorasickKind::ContiguousNFA,
                }))
                .build(&literals)
                .expect("literal sets are small enough for a DFA")
        });
        Prefilter {
            searcher,
            rules_of,
            always,
            all,
        }
    }

    /// Puts in `out` the rules of the group that may match `text`.
    pub fn candidates(&self, text: &str, out: &mut RuleBits) {
        out.reset_to(&self.always);
        let Some(searcher) = &self.searcher else {
            return;
        };
        // Overlapping: one literal inside another (`ad` in `read`) must be reported too.
        for found in searcher.find_overlapping_iter(text) {
            match self.rules_of.get(found.pattern().as_usize()) {
                Some(rules) => rules.iter().for_each(|&rule| out.insert(rule)),
                None => return out.reset_to(&self.all),
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
            [(0, Some(&cookies[..])), (1, None), (2, Some(&ads[..]))],
            3,
            Speed::Compact,
        );
        let mut out = RuleBits::with_len(3);
        filter.candidates("We use COOKIES.", &mut out);
        assert_eq!(out.iter().collect::<Vec<_>>(), [0, 1]);
        filter.candidates("Read on", &mut out);
        assert_eq!(out.iter().collect::<Vec<_>>(), [1, 2]);
        filter.candidates("A \u{212A}elvin sign", &mut out);
        assert_eq!(out.iter().collect::<Vec<_>>(), [0, 1, 2]);
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
