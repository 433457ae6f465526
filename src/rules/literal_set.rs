//! Which of a set of short literals (ASCII case ignored) occur in a line, wherever they
//! start and however they overlap.
//!
//! An Aho-Corasick DFA of the rules' literals is a few hundred KiB, and walking it is one
//! table load per byte that waits on the load before it and mostly misses the first-level
//! cache. Here every position is tested against two bit sets of 8 KiB each (the first two
//! bytes of the short literals, a hash of the first three of the others); the tests of
//! different positions do not wait on one another, and only the positions that pass are
//! compared with the literals that start there.

/// Literals are at most this long (callers cut longer ones: their start occurs wherever
/// they do).
pub const MAX_LITERAL_BYTES: usize = 8;

use std::ops::Range;

/// Lines are lowered and searched in pieces of this many bytes, on the stack.
const PIECE_BYTES: usize = 120;

/// Bytes after a piece that stay zero, so that every position can read eight bytes.
const PADDING: usize = MAX_LITERAL_BYTES;

/// A piece of a line, lowered, and its padding.
type Piece = [u8; PIECE_BYTES + PADDING];

/// One bit for each of 2^16 keys.
#[derive(Clone)]
struct KeyBits(Box<[u64; 1024]>);

impl KeyBits {
    fn new() -> KeyBits {
        KeyBits(Box::new([0; 1024]))
    }

    fn insert(&mut self, key: usize) {
        self.0[key >> 6] |= 1 << (key & 63);
    }

    fn contains(&self, key: usize) -> bool {
        self.0[(key >> 6) & 1023] & (1 << (key & 63)) != 0
    }
}

impl std::fmt::Debug for KeyBits {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let set: u32 = self.0.iter().map(|w| w.count_ones()).sum();
        write!(f, "KeyBits({set} of 65536 set)")
    }
}

/// A literal of two bytes or more, as the eight bytes read at a position are compared to it.
#[derive(Debug, Clone, Copy)]
struct Literal {
    /// Its bytes, lowered, little-endian, zero past its end.
    value: u64,
    /// Ones over its bytes.
    mask: u64,
    len: usize,
    id: usize,
}

/// A set of literals of 1 to [`MAX_LITERAL_BYTES`] bytes, searched ASCII-case-insensitively.
#[derive(Debug, Clone)]
pub struct LiteralSet {
    /// The keys (first byte << 8 | second byte) that start a two-byte literal, or whose
    /// first byte is a one-byte literal.
    pairs: KeyBits,
    /// The hashes of the first three bytes of the longer literals.
    triples: KeyBits,
    /// The bytes that are one-byte literals, as a bit set.
    single_bytes: [u64; 4],
    /// The one-byte literals, as (byte, id).
    singles: Vec<(u8, usize)>,
    /// The literals of two bytes or more, grouped by their first two bytes.
    literals: Vec<Literal>,
    /// Where each group of `literals` is: the first two bytes (first byte high) of every
    /// group, as a bit set whose rank (set bits before a key, counted with `rank_base`) is
    /// the group's number, and where each group starts (then the end of the last).
    group_keys: KeyBits,
    rank_base: Box<[u16; 1024]>,
    group_starts: Vec<u32>,
}

impl LiteralSet {
    /// The set of `literals`; a literal's id is its index. Literals must be 1 to
    /// [`MAX_LITERAL_BYTES`] bytes long.
    pub fn new<L: AsRef<[u8]>>(literals: &[L]) -> LiteralSet {
        let mut pairs = KeyBits::new();
        let mut triples = KeyBits::new();
        let mut singles = Vec::new();
        let mut longer = Vec::new();
        for (id, literal) in literals.iter().enumerate() {
            let literal = literal.as_ref().to_ascii_lowercase();
            assert!(
                (1..=MAX_LITERAL_BYTES).contains(&literal.len()),
                "literal of {} bytes",
                literal.len()
            );
            match literal[..] {
                [a] => {
                    singles.push((a, id));
                    (0..=255u8).for_each(|b| pairs.insert(pair_key(a, b)));
                }
                [a, b] => pairs.insert(pair_key(a, b)),
                [a, b, c, ..] => triples.insert(triple_key(a, b, c)),
                [] => unreachable!("checked above"),
            }
            if literal.len() >= 2 {
                let mut bytes = [0u8; 8];
                bytes[..literal.len()].copy_from_slice(&literal);
                longer.push(Literal {
                    value: u64::from_le_bytes(bytes),
                    mask: u64::MAX >> (8 * (8 - literal.len())),
                    len: literal.len(),
                    id,
                });
            }
        }
        longer.sort_by_key(|l| first_two(l.value));
        let mut group_keys = KeyBits::new();
        let mut group_starts = Vec::new();
        for (at, literal) in longer.iter().enumerate() {
            let key = usize::from(first_two(literal.value));
            if !group_keys.contains(key) {
                group_keys.insert(key);
                group_starts.push(u32::try_from(at).expect("few literals"));
            }
        }
        group_starts.push(u32::try_from(longer.len()).expect("few literals"));
        let mut rank_base = Box::new([0u16; 1024]);
        let mut below = 0u16;
        for (base, word) in rank_base.iter_mut().zip(group_keys.0.iter()) {
            *base = below;
            below += word.count_ones() as u16;
        }
        let mut single_bytes = [0u64; 4];
        for &(byte, _) in &singles {
            single_bytes[usize::from(byte >> 6)] |= 1 << (byte & 63);
        }
        LiteralSet {
            pairs,
            triples,
            single_bytes,
            singles,
            literals: longer,
            group_keys,
            rank_base,
            group_starts,
        }
    }

    /// Calls `found` with the id and start of every literal that occurs in `text`, once or
    /// more per occurrence (a literal across the seam of two pieces may be reported twice).
    pub fn find(&self, text: &[u8], found: &mut impl FnMut(usize, usize)) {
        let mut piece: Piece = [0; PIECE_BYTES + PADDING];
        let mut start = 0;
        loop {
            let end = (start + PIECE_BYTES).min(text.len());
            let len = end - start;
            for (to, &from) in piece[..len].iter_mut().zip(&text[start..end]) {
                *to = from.to_ascii_lowercase();
            }
            piece[len..len + PADDING].fill(0);
            self.find_in_piece(&piece, len, &mut |id, at| found(id, start + at));
            if end == text.len() {
                return;
            }
            // The next piece starts early enough to hold whole any literal this one cut.
            start = end - (MAX_LITERAL_BYTES - 1);
        }
    }

    /// `piece[..len]` is lowered text, followed by zeros.
    fn find_in_piece(&self, piece: &Piece, len: usize, found: &mut impl FnMut(usize, usize)) {
        // The three bytes from `at`, first byte highest.
        let mut three = u32::from(piece[0]) << 8 | u32::from(piece[1]);
        for (at, &next) in piece[2..len + 2].iter().enumerate() {
            three = (three << 8 | u32::from(next)) & 0xFF_FFFF;
            if self.pairs.contains((three >> 8) as usize) | self.triples.contains(hash3(three)) {
                self.compare_at(piece, at, len, found);
            }
        }
    }

    fn compare_at(
        &self,
        piece: &Piece,
        at: usize,
        len: usize,
        found: &mut impl FnMut(usize, usize),
    ) {
        let window = u64::from_le_bytes(piece[at..at + 8].try_into().expect("eight bytes"));
        let first = piece[at];
        if self.single_bytes[usize::from(first >> 6)] & (1 << (first & 63)) != 0 {
            for &(byte, id) in &self.singles {
                if byte == first {
                    found(id, at);
                }
            }
        }
        let Some(group) = self.group(usize::from(first_two(window))) else {
            return;
        };
        for literal in &self.literals[group] {
            if at + literal.len <= len && window & literal.mask == literal.value {
                found(literal.id, at);
            }
        }
    }
}

impl LiteralSet {
    /// The literals starting with the two bytes of `key` (first byte high), if any.
    fn group(&self, key: usize) -> Option<Range<usize>> {
        if !self.group_keys.contains(key) {
            return None;
        }
        let word = self.group_keys.0[key >> 6] & ((1u64 << (key & 63)) - 1);
        let group = usize::from(self.rank_base[key >> 6]) + word.count_ones() as usize;
        Some(self.group_starts[group] as usize..self.group_starts[group + 1] as usize)
    }
}

fn pair_key(a: u8, b: u8) -> usize {
    usize::from(a) << 8 | usize::from(b)
}

fn triple_key(a: u8, b: u8, c: u8) -> usize {
    hash3(u32::from(a) << 16 | u32::from(b) << 8 | u32::from(c))
}

/// Three bytes (first highest) hashed to 16 bits.
fn hash3(three: u32) -> usize {
    (three.wrapping_mul(0x9E37_79B1) >> 16) as usize
}

/// The first two bytes of a little-endian literal or window, first byte high.
fn first_two(value: u64) -> u16 {
    (value as u16).swap_bytes()
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
        set.find(text.as_bytes(), &mut |id, at| {
            let rest = text.as_bytes()[at..].to_ascii_lowercase();
            assert!(rest.starts_with(literals[id].to_ascii_lowercase().as_bytes()));
            ids.push(id)
        });
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
        ];
        let set = LiteralSet::new(&literals);
        let alphabet = ['a', 'B', 'c', '/', 'é', ' ', 'X'];
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

    #[test]
    fn a_literal_cut_by_the_seam_of_two_pieces_is_found() {
        let literals = ["sponsore"];
        let set = LiteralSet::new(&literals);
        for before in PIECE_BYTES - 9..PIECE_BYTES + 2 {
            let text = format!("{}Sponsored", " ".repeat(before));
            assert_eq!(found(&set, &literals, &text), [0], "after {before} spaces");
            assert_eq!(
                found(&set, &literals, &text[..text.len() - 2]),
                [] as [usize; 0]
            );
        }
    }
}
