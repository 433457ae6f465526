//! Which of a set of short literals (ASCII case ignored) occur in a line, wherever they
//! start and however they overlap.
//!
//! An Aho-Corasick DFA of the rules' literals is a few hundred KiB, and walking it is one
//! table load per byte that waits on the load before it and mostly misses the first-level
//! cache; a packed (Teddy) search is lost in verifying candidates, the rules' literals being
//! common English words. Here the first three bytes at a position, read straight from the
//! line, are hashed to a key tested in one bit set of 8 KiB; the tests of different
//! positions do not wait on one another, and only the positions that pass are compared with
//! the literals of their key. Most positions start no literal's first two bytes: a bit set
//! indexed by those two bytes themselves, which needs no hash, turns them away first.
//!
//! Only every second position is tested: a literal of three bytes or more is entered twice,
//! by its own first bytes and by those from its second byte on (found one byte on, it is
//! compared one byte back), so each of its occurrences is met at exactly one tested
//! position. A two-byte literal starting at an untested position is the pair after a tested
//! one, which the same four bytes read give: a second bit set of the two-byte literals'
//! pairs. Half the positions tested cost more passing positions to compare (each literal has
//! two keys), far fewer than the tests saved.

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

/// A literal of two bytes or more, as the eight bytes read where it starts are compared to it.
#[derive(Debug, Clone, Copy)]
struct Literal {
    /// Its bytes, lowered, little-endian, zero past its end.
    value: u64,
    /// Ones over its bytes.
    mask: u64,
    len: u16,
    /// How far before the position whose key it is filed under it starts: 0, or 1 for a
    /// literal entered by the bytes from its second on.
    offset: u16,
    id: u32,
}

/// A set of literals of 1 to [`MAX_LITERAL_BYTES`] bytes, searched ASCII-case-insensitively.
#[derive(Debug, Clone)]
pub struct LiteralSet {
    /// The first two bytes of each key (see `starts`), each with its 0x20 bit set (as
    /// [`start_key`] takes them), as a bit set indexed by the two bytes little-endian; and
    /// every pair that starts with a byte of `two_byte_ends`.
    pairs: PairBits,
    /// The keys ([`start_key`]) of the literals of two bytes or more: each literal's first
    /// three bytes, and for a literal of three bytes or more its bytes from its second on;
    /// two bytes (a two-byte literal, the last two of a three-byte one) under every third
    /// byte.
    starts: KeyBits,
    /// The literals of two bytes or more, grouped by key, in the order of the keys (a
    /// literal in the group of each of its keys, those filed by their first bytes first);
    /// the group of a key is its rank in `starts`.
    literals: Vec<Literal>,
    /// Where each group of `literals` starts (then the end of the last).
    group_starts: Vec<u32>,
    /// The two-byte literals, for those starting one byte before a tested position, in the
    /// order of their bytes.
    two_byte: Vec<Literal>,
    /// Which bytes end a two-byte literal, in either ASCII case: where one of them is at a
    /// tested position, a two-byte literal may start one byte before.
    two_byte_ends: Box<[bool; 256]>,
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
        let mut two_byte = Vec::new();
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
            let entry = |offset: u16| Literal {
                value: u64::from_le_bytes(bytes),
                mask: u64::MAX >> (8 * (8 - literal.len())),
                len: u16::try_from(literal.len()).expect("short"),
                offset,
                id: u32::try_from(id).expect("few literals"),
            };
            keyed.extend(keys_of(&literal).map(|key| (key, entry(0))));
            match literal.len() {
                2 => two_byte.push(entry(0)),
                _ => keyed.extend(keys_of(&literal[1..]).map(|key| (key, entry(1)))),
            }
        }
        keyed.sort_unstable_by_key(|&(key, literal)| (key, literal.offset, literal.id));
        let starts = KeyBits::of(keyed.iter().map(|&(key, _)| key));
        let mut group_starts: Vec<u32> = (0..keyed.len())
            .filter(|&at| at == 0 || keyed[at - 1].0 != keyed[at].0)
            .map(|at| u32::try_from(at).expect("few literals"))
            .collect();
        group_starts.push(u32::try_from(keyed.len()).expect("few literals"));
        two_byte.sort_unstable_by_key(|literal| (literal.value, literal.id));
        let mut two_byte_ends = Box::new([false; 256]);
        for literal in &two_byte {
            let end = (literal.value >> 8) as u8;
            two_byte_ends[usize::from(end)] = true;
            two_byte_ends[usize::from(end.to_ascii_uppercase())] = true;
        }
        let mut single_bytes = [0u64; 4];
        for &(byte, _) in &singles {
            single_bytes[usize::from(byte >> 6)] |= 1 << (byte & 63);
        }
        let filed = keyed
            .iter()
            .map(|&(_, literal)| folded_pair((literal.value >> (8 * literal.offset)) as u32));
        let ends: Vec<u8> = (0..=255u8)
            .filter(|&b| two_byte_ends[usize::from(b)])
            .collect();
        let ending = ends.into_iter().flat_map(|end| {
            (0..=255u8).map(move |next| folded_pair(u32::from_le_bytes([end, next, 0, 0])))
        });
        LiteralSet {
            pairs: PairBits::of(filed.chain(ending)),
            starts,
            literals: keyed.into_iter().map(|(_, literal)| literal).collect(),
            group_starts,
            two_byte,
            two_byte_ends,
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
        let mut at = 0;
        while let Some(four) = text.get(at..at + 4) {
            let four = u32::from_le_bytes(four.try_into().expect("four bytes"));
            self.test_position(text, at, four, found);
            at += 2;
        }
        // The last tested positions, their bytes past the end read as zeros (a literal is
        // compared only where it fits).
        while at < len {
            self.test_position(text, at, window_at(text, at) as u32, found);
            at += 2;
        }
    }

    /// Finds the literals met at tested position `at`, whose next four bytes are `four`
    /// (little-endian). Most positions are turned away by their first two bytes; of those
    /// that pass (many: the pairs from a literal's second byte on are common in English),
    /// most by their key.
    #[inline(always)]
    fn test_position(
        &self,
        text: &[u8],
        at: usize,
        four: u32,
        found: &mut impl FnMut(usize, usize),
    ) {
        if self.pairs.contains(folded_pair(four)) {
            let key = start_key(four);
            // One branch for both tests: which passes is irregular.
            if self.starts.contains(key) | self.ends_two_byte(four) {
                self.met_at(text, at, four, key, found);
            }
        }
    }

    /// Whether the first byte of `four` (little-endian) ends a two-byte literal.
    fn ends_two_byte(&self, four: u32) -> bool {
        self.two_byte_ends[four as u8 as usize]
    }

    /// Finds the literals met at tested position `at`, whose next four bytes are `four`
    /// (little-endian) and whose key is `key`: those filed under its key, and a two-byte
    /// literal that ends there.
    fn met_at(
        &self,
        text: &[u8],
        at: usize,
        four: u32,
        key: usize,
        found: &mut impl FnMut(usize, usize),
    ) {
        if self.starts.contains(key) {
            self.compare_at(text, at, key, found);
        }
        if self.ends_two_byte(four) && at > 0 {
            let pair = lower_ascii(u64::from(u16::from_le_bytes([text[at - 1], text[at]])));
            let first = self.two_byte.partition_point(|l| l.value < pair);
            for literal in self.two_byte[first..]
                .iter()
                .take_while(|l| l.value == pair)
            {
                found(literal.id as usize, at - 1);
            }
        }
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

    /// Compares the literals of `key` with `text` where each would start, `at` less its
    /// offset.
    fn compare_at(&self, text: &[u8], at: usize, key: usize, found: &mut impl FnMut(usize, usize)) {
        let here = lower_ascii(window_at(text, at));
        let mut before = None;
        for literal in &self.literals[self.group(key)] {
            let (window, room) = match literal.offset {
                0 => (here, text.len() - at),
                // Filed after the literals at offset 0.
                _ if at == 0 => break,
                _ => (
                    *before.get_or_insert_with(|| lower_ascii(window_at(text, at - 1))),
                    text.len() - at + 1,
                ),
            };
            if usize::from(literal.len) <= room && window & literal.mask == literal.value {
                found(literal.id as usize, at - usize::from(literal.offset));
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

/// The keys `bytes` (two or more, lowered) are filed under: that of its first three, or
/// those of its first two under every third byte.
fn keys_of(bytes: &[u8]) -> std::ops::RangeInclusive<usize> {
    match *bytes {
        [a, b] => {
            let pair = pair_key(u32::from_le_bytes([a, b, 0, 0]));
            pair..=pair | ((1 << THIRD_BYTE_BITS) - 1)
        }
        [a, b, c, ..] => {
            let key = start_key(u32::from_le_bytes([a, b, c, 0]));
            key..=key
        }
        [] | [_] => unreachable!("two bytes or more"),
    }
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
        let literals = ["sponsore", "ad", "tag", "news", "s", "via"];
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
