//! Which of a set of short literals (ASCII case ignored) occur in a line, wherever they
//! start and however they overlap.
//!
//! An Aho-Corasick DFA of the rules' literals is a few hundred KiB, and walking it is one
//! table load per byte that waits on the load before it and mostly misses the first-level
//! cache; a packed (Teddy) search is lost in verifying candidates, the rules' literals being
//! common English words. Here the first three bytes at every position, read straight from
//! the line, are hashed to a key tested in one bit set of 8 KiB; the tests of different
//! positions do not wait on one another, and only the positions that pass are compared with
//! the literals of their key. Most positions start no literal's first two bytes: a bit set
//! indexed by those two bytes themselves, which needs no hash, turns them away first.

use std::ops::Range;

/// Literals are at most this long (callers cut longer ones: their start occurs wherever
/// they do).
pub const MAX_LITERAL_BYTES: usize = 8;

/// Keys are this many bits: a hash of a position's first two bytes, then the low bits of
/// its third byte.
const KEY_BITS: u32 = 16;
/// Of which the third byte's.
const THIRD_BYTE_BITS: u32 = 4;

/// One bit for each key, and how many keys are set below each word of 64.
#[derive(Clone)]
struct KeyBits {
    words: Box<[u64; 1 << (KEY_BITS - 6)]>,
    rank_base: Box<[u32; 1 << (KEY_BITS - 6)]>,
}

impl KeyBits {
    fn of(keys: impl IntoIterator<Item = usize>) -> KeyBits {
        let mut words = Box::new([0u64; 1 << (KEY_BITS - 6)]);
        for key in keys {
            words[key >> 6] |= 1 << (key & 63);
        }
        let mut rank_base = Box::new([0u32; 1 << (KEY_BITS - 6)]);
        let mut below = 0;
        for (base, word) in rank_base.iter_mut().zip(words.iter()) {
            *base = below;
            below += word.count_ones();
        }
        KeyBits { words, rank_base }
    }

    fn contains(&self, key: usize) -> bool {
        self.words[key >> 6] & (1 << (key & 63)) != 0
    }

    /// How many keys below `key` are set.
    fn rank(&self, key: usize) -> usize {
        let below = self.words[key >> 6] & ((1u64 << (key & 63)) - 1);
        self.rank_base[key >> 6] as usize + below.count_ones() as usize
    }
}

/// One bit for each pair of bytes (little-endian).
#[derive(Clone)]
struct PairBits(Box<[u64; 1 << 10]>);

impl PairBits {
    fn of(pairs: impl IntoIterator<Item = usize>) -> PairBits {
        let mut words = Box::new([0u64; 1 << 10]);
        for pair in pairs {
            words[pair >> 6] |= 1 << (pair & 63);
        }
        PairBits(words)
    }

    fn contains(&self, pair: usize) -> bool {
        self.0[pair >> 6] & (1 << (pair & 63)) != 0
    }
}

impl std::fmt::Debug for PairBits {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let set: u32 = self.0.iter().map(|w| w.count_ones()).sum();
        write!(f, "PairBits({set} set)")
    }
}

impl std::fmt::Debug for KeyBits {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let set: u32 = self.words.iter().map(|w| w.count_ones()).sum();
        write!(f, "KeyBits({set} of {} set)", 1 << KEY_BITS)
    }
}

/// A literal of two bytes or more, as the eight bytes read at a position are compared to it.
#[derive(Debug, Clone, Copy)]
struct Literal {
    /// Its bytes, lowered, little-endian, zero past its end.
    value: u64,
    /// Ones over its bytes.
    mask: u64,
    len: u32,
    id: u32,
}

/// A set of literals of 1 to [`MAX_LITERAL_BYTES`] bytes, searched ASCII-case-insensitively.
#[derive(Debug, Clone)]
pub struct LiteralSet {
    /// The first two bytes of the literals of two bytes or more, each with its 0x20 bit set
    /// (as [`start_key`] takes them), as a bit set indexed by the two bytes little-endian.
    pairs: PairBits,
    /// The keys ([`start_key`]) of the literals of two bytes or more: a two-byte literal
    /// under every third byte.
    starts: KeyBits,
    /// The literals of two bytes or more, grouped by key, in the order of the keys (a
    /// two-byte literal in the group of each of its keys); the group of a key is its rank in
    /// `starts`.
    literals: Vec<Literal>,
    /// Where each group of `literals` starts (then the end of the last).
    group_starts: Vec<u32>,
    /// The bytes that are one-byte literals, as a bit set.
    single_bytes: [u64; 4],
    /// The one-byte literals, as (byte, id).
    singles: Vec<(u8, usize)>,
}

impl LiteralSet {
    /// The set of `literals`; a literal's id is its index. Literals must be 1 to
    /// [`MAX_LITERAL_BYTES`] bytes long.
    pub fn new<L: AsRef<[u8]>>(literals: &[L]) -> LiteralSet {
        let mut singles = Vec::new();
        let mut keyed: Vec<(usize, Literal)> = Vec::new();
        for (id, literal) in literals.iter().enumerate() {
            let literal = literal.as_ref().to_ascii_lowercase();
            assert!(
                (1..=MAX_LITERAL_BYTES).contains(&literal.len()),
                "literal of {} bytes",
                literal.len()
            );
            if let [byte] = literal[..] {
                singles.push((byte, id));
                continue;
            }
            let mut bytes = [0u8; 8];
            bytes[..literal.len()].copy_from_slice(&literal);
            let entry = Literal {
                value: u64::from_le_bytes(bytes),
                mask: u64::MAX >> (8 * (8 - literal.len())),
                len: u32::try_from(literal.len()).expect("short"),
                id: u32::try_from(id).expect("few literals"),
            };
            match literal[..] {
                [a, b] => {
                    let pair = pair_key(u32::from_le_bytes([a, b, 0, 0]));
                    keyed.extend((0..1 << THIRD_BYTE_BITS).map(|third| (pair | third, entry)));
                }
                [a, b, c, ..] => keyed.push((start_key(u32::from_le_bytes([a, b, c, 0])), entry)),
                [] | [_] => unreachable!("checked above"),
            }
        }
        let pairs = PairBits::of(
            keyed
                .iter()
                .map(|&(_, literal)| folded_pair(literal.value as u32)),
        );
        keyed.sort_unstable_by_key(|&(key, literal)| (key, literal.id));
        let starts = KeyBits::of(keyed.iter().map(|&(key, _)| key));
        let mut group_starts: Vec<u32> = (0..keyed.len())
            .filter(|&at| at == 0 || keyed[at - 1].0 != keyed[at].0)
            .map(|at| u32::try_from(at).expect("few literals"))
            .collect();
        group_starts.push(u32::try_from(keyed.len()).expect("few literals"));
        let mut single_bytes = [0u64; 4];
        for &(byte, _) in &singles {
            single_bytes[usize::from(byte >> 6)] |= 1 << (byte & 63);
        }
        LiteralSet {
            pairs,
            starts,
            literals: keyed.into_iter().map(|(_, literal)| literal).collect(),
            group_starts,
            single_bytes,
            singles,
        }
    }

    /// Calls `found` with the id and start of every literal that occurs in `text`, once per
    /// occurrence.
    pub fn find(&self, text: &[u8], found: &mut impl FnMut(usize, usize)) {
        if !self.singles.is_empty() {
            self.find_singles(text, found);
        }
        let len = text.len();
        if self.literals.is_empty() || len < 2 {
            return;
        }
        for (at, four) in text.windows(4).enumerate() {
            let four = u32::from_le_bytes(four.try_into().expect("four bytes"));
            if self.may_start_at(four) {
                let key = start_key(four);
                if self.starts.contains(key) {
                    self.compare_at(text, at, key, found);
                }
            }
        }
        // The last positions that can start a literal of two bytes or more.
        for at in len.saturating_sub(3)..len - 1 {
            let key = start_key(window_at(text, at) as u32);
            if self.starts.contains(key) {
                self.compare_at(text, at, key, found);
            }
        }
    }

    /// Whether the first two bytes of `four` (little-endian) start some literal of two bytes
    /// or more: a literal's key is made from those bytes folded the same way, so a position
    /// turned away here has no key in `starts` either.
    fn may_start_at(&self, four: u32) -> bool {
        self.pairs.contains(folded_pair(four))
    }

    fn find_singles(&self, text: &[u8], found: &mut impl FnMut(usize, usize)) {
        for (at, &byte) in text.iter().enumerate() {
            let byte = byte.to_ascii_lowercase();
            if self.single_bytes[usize::from(byte >> 6)] & (1 << (byte & 63)) != 0 {
                for &(single, id) in &self.singles {
                    if single == byte {
                        found(id, at);
                    }
                }
            }
        }
    }

    /// Compares the literals of `key` with `text` at `at`.
    fn compare_at(&self, text: &[u8], at: usize, key: usize, found: &mut impl FnMut(usize, usize)) {
        let window = lower_ascii(window_at(text, at));
        let left = text.len() - at;
        for literal in &self.literals[self.group(key)] {
            if literal.len as usize <= left && window & literal.mask == literal.value {
                found(literal.id as usize, at);
            }
        }
    }

    /// Where the literals of `key`, a key in `starts`, are.
    fn group(&self, key: usize) -> Range<usize> {
        let group = self.starts.rank(key);
        self.group_starts[group] as usize..self.group_starts[group + 1] as usize
    }
}

/// The eight bytes of `text` from `at` (zeros past its end), little-endian.
fn window_at(text: &[u8], at: usize) -> u64 {
    match text.get(at..at + 8) {
        Some(eight) => u64::from_le_bytes(eight.try_into().expect("eight bytes")),
        None if text.len() >= 8 => {
            let last = &text[text.len() - 8..];
            u64::from_le_bytes(last.try_into().expect("eight bytes")) >> (8 * (at + 8 - text.len()))
        }
        None => text[at..]
            .iter()
            .rev()
            .fold(0, |window, &byte| window << 8 | u64::from(byte)),
    }
}

const ONES: u64 = 0x0101_0101_0101_0101;

/// The eight bytes of `window` with ASCII capitals lowered.
fn lower_ascii(window: u64) -> u64 {
    let low_bits = window & (0x7F * ONES);
    let from_a = low_bits + (0x80 - u64::from(b'A')) * ONES;
    let past_z = low_bits + (0x80 - u64::from(b'Z') - 1) * ONES;
    let capitals = from_a & !past_z & !window & (0x80 * ONES);
    window | (capitals >> 2)
}

/// The key of the first three bytes of `four` (little-endian; the fourth is ignored). Each
/// byte is taken with its 0x20 bit set, which a byte and its ASCII lower case share (so no
/// line is lowered before the search); the other bytes that share it only cost a comparison.
fn start_key(four: u32) -> usize {
    pair_key(four) | ((four >> 16) as usize & ((1 << THIRD_BYTE_BITS) - 1))
}

/// The part of [`start_key`] that the first two bytes give (its low bits zero).
fn pair_key(four: u32) -> usize {
    let hash = (folded_pair(four) as u32).wrapping_mul(0x9E37_79B1) >> (32 - KEY_BITS);
    (hash & !((1 << THIRD_BYTE_BITS) - 1)) as usize
}

/// The first two bytes of `four` (little-endian), each with its 0x20 bit set.
fn folded_pair(four: u32) -> usize {
    ((four | 0x2020) & 0xFFFF) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every literal and position, the slow way.
    fn naive(literals: &[&str], text: &str) -> Vec<usize> {
        let text = text.to_ascii_lowercase();
        let mut ids: Vec<usize> = (0..literals.len())
            .filter(|&id| text.contains(&literals[id].to_ascii_lowercase()))
            .collect();
        ids.dedup();
        ids
    }

    /// The ids found, each checked to start where it was reported.
    fn found(set: &LiteralSet, literals: &[&str], text: &str) -> Vec<usize> {
        let mut ids = Vec::new();
        let mut occurrences = Vec::new();
        set.find(text.as_bytes(), &mut |id, at| {
            let rest = text.as_bytes()[at..].to_ascii_lowercase();
            assert!(rest.starts_with(literals[id].to_ascii_lowercase().as_bytes()));
            occurrences.push((id, at));
            ids.push(id)
        });
        let reported = occurrences.len();
        occurrences.sort_unstable();
        occurrences.dedup();
        assert_eq!(occurrences.len(), reported, "an occurrence reported twice");
        ids.sort_unstable();
        ids.dedup();
        ids
    }

    #[test]
    fn overlapping_and_nested_literals_are_all_found() {
        let literals = ["ad", "read", "/", "sponsor", "©", "abonn", "d", "s’abon"];
        let set = LiteralSet::new(&literals);
        for text in [
            "Read more",
            "SPONSORED / AD",
            "© 2024",
            "Abonnez-vous, s’abonner",
            "",
            "x",
            "nothing here",
            "spons",
        ] {
            assert_eq!(
                found(&set, &literals, text),
                naive(&literals, text),
                "{text:?}"
            );
        }
    }

    /// Pseudo-random text over a small alphabet hits the literals often, at every offset,
    /// across the seams between pieces and at the very end.
    #[test]
    fn finds_what_a_plain_search_finds() {
        let literals = [
            "ab", "ba", "abc", "cab", "a", "bca", "aaaaaaaa", "cabcab", "b/c", "é", "éa", "xyz",
            "[a", "@b", "a{", "â",
        ];
        let set = LiteralSet::new(&literals);
        // Besides the letters, characters whose bytes differ from theirs or from the
        // literals' in the 0x20 bit only ('{' and '[', '`' and '@', 'Â' and 'â').
        let alphabet = [
            'a', 'B', 'c', '/', 'é', ' ', 'X', '[', '{', '@', '`', 'Â', 'â', 'É',
        ];
        let mut seed = 0x2545_F491_4F6C_DD1Du64;
        for round in 0..400 {
            let len = [0, 1, 2, 3, 7, 8, 9, 40, 511, 512, 513, 1030, 3000][round % 13];
            let text: String = (0..len)
                .map(|_| {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    alphabet[(seed % alphabet.len() as u64) as usize]
                })
                .collect();
            assert_eq!(
                found(&set, &literals, &text),
                naive(&literals, &text),
                "{text:?}"
            );
        }
    }

    /// A literal is found up to the last byte of the line, in lines of every short length.
    #[test]
    fn literals_ending_the_line_are_found() {
        let literals = ["sponsore", "ad", "tag", "news", "s"];
        let set = LiteralSet::new(&literals);
        for before in 0..12 {
            for literal in literals {
                let text = format!("{}{}", "-".repeat(before), literal.to_uppercase());
                assert_eq!(
                    found(&set, &literals, &text),
                    naive(&literals, &text),
                    "{text:?}"
                );
                let cut = &text[..text.len() - 1];
                assert_eq!(
                    found(&set, &literals, cut),
                    naive(&literals, cut),
                    "{cut:?}"
                );
            }
        }
    }
}
