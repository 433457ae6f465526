//! The table of shingles seen: each shingle and the first line it was seen in. Its keys are
//! hashes already mixed by a multiply, so the table takes its slot from a key's top bits
//! and probes the slots after it in turn (a general hash map hashes the key again and
//! probes groups of control bytes: most of the cost of remembering a paragraph). Emptying
//! it between documents starts a new generation instead of clearing every slot.

/// One slot: a key and its line, valid only in the generation it was written in.
#[derive(Debug, Clone, Copy, Default)]
struct Slot {
    key: u64,
    generation: u32,
    line: u32,
}

#[derive(Debug)]
pub struct ShingleTable {
    slots: Vec<Slot>,
    /// The generation of the slots in use (slots start in generation 0, never in use).
    generation: u32,
    len: usize,
    /// Keys it holds before it grows ([`capacity`](Self::capacity)).
    limit: usize,
    /// 64 less the bits of a slot's index.
    shift: u32,
}

/// The fewest slots a table has.
const MIN_SLOTS: usize = 8;

impl Default for ShingleTable {
    fn default() -> Self {
        ShingleTable::with_capacity(0)
    }
}

impl ShingleTable {
    /// A table that holds `keys` keys without growing.
    pub fn with_capacity(keys: usize) -> ShingleTable {
        ShingleTable::with_slots(slots_for(keys))
    }

    fn with_slots(slots: usize) -> ShingleTable {
        ShingleTable {
            slots: vec![Slot::default(); slots],
            generation: 1,
            len: 0,
            limit: slots / 8 * 7,
            shift: 64 - slots.trailing_zeros(),
        }
    }

    /// Keys it holds without growing: seven in eight slots, as a general hash map.
    pub fn capacity(&self) -> usize {
        self.limit
    }

    pub fn len(&self) -> usize {
        self.len
    }

    /// Forgets every key, keeping the slots.
    pub fn clear(&mut self) {
        self.len = 0;
        self.generation = self.generation.wrapping_add(1);
        if self.generation == 0 {
            // Generation 0 marks a slot never used: start the slots over.
            self.slots.fill(Slot::default());
            self.generation = 1;
        }
    }

    /// The line `key` was first seen in.
    #[inline]
    pub fn get(&self, key: u64) -> Option<u32> {
        let mask = self.slots.len() - 1;
        let mut i = self.home(key);
        loop {
            let slot = &self.slots[i];
            if slot.generation != self.generation {
                return None;
            }
            if slot.key == key {
                return Some(slot.line);
            }
            i = (i + 1) & mask;
        }
    }

    /// Remembers that `key` was seen in `line`, unless it was seen before.
    #[inline]
    pub fn insert_first(&mut self, key: u64, line: u32) {
        if self.len >= self.limit {
            self.grow();
        }
        let mask = self.slots.len() - 1;
        let mut i = self.home(key);
        loop {
            let slot = &mut self.slots[i];
            if slot.generation != self.generation {
                *slot = Slot {
                    key,
                    generation: self.generation,
                    line,
                };
                self.len += 1;
                return;
            }
            if slot.key == key {
                return;
            }
            i = (i + 1) & mask;
        }
    }

    /// The slot a key's probe starts at: its top bits.
    #[inline]
    fn home(&self, key: u64) -> usize {
        (key >> self.shift) as usize
    }

    /// Doubles the slots, moving every key in use.
    #[cold]
    #[inline(never)]
    fn grow(&mut self) {
        let mut grown = ShingleTable::with_slots(self.slots.len() * 2);
        for slot in &self.slots {
            if slot.generation == self.generation {
                grown.insert_first(slot.key, slot.line);
            }
        }
        *self = grown;
    }
}

/// The slots for `keys` keys: a power of two, no more than seven in eight in use (the
/// rounding of a general hash map, so that a table of shingles takes the memory it did).
fn slots_for(keys: usize) -> usize {
    (keys.saturating_mul(8) / 7)
        .next_power_of_two()
        .max(MIN_SLOTS)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The same answers as a general hash map keeping the first line of each key, across
    /// growing and emptying.
    #[test]
    fn answers_as_a_map_keeping_the_first_line() {
        use proptest::prelude::*;
        use std::collections::HashMap;
        proptest!(|(documents in prop::collection::vec(
            prop::collection::vec((any::<u64>(), 0..40u64), 0..200), 1..4))| {
            let mut table = ShingleTable::with_capacity(4);
            for keys in &documents {
                table.clear();
                let mut map = HashMap::new();
                for (line, &(key, small)) in keys.iter().enumerate() {
                    // Small keys collide in the top bits: long probes.
                    let key = if small % 2 == 0 { small } else { key };
                    table.insert_first(key, line as u32);
                    map.entry(key).or_insert(line as u32);
                    prop_assert_eq!(table.len(), map.len());
                }
                for &(key, small) in keys {
                    prop_assert_eq!(table.get(key), map.get(&key).copied());
                    prop_assert_eq!(table.get(small ^ 0x5555), map.get(&(small ^ 0x5555)).copied());
                }
            }
        });
    }

    /// Emptying the table through every generation leaves no key behind.
    #[test]
    fn the_generation_wraps_to_empty_slots() {
        let mut table = ShingleTable::with_capacity(4);
        table.generation = u32::MAX;
        table.insert_first(7, 1);
        table.clear();
        assert_eq!(table.generation, 1);
        assert_eq!(table.get(7), None);
        table.insert_first(7, 2);
        assert_eq!(table.get(7), Some(2));
    }

    /// As many keys as a general hash map of the same request holds before it grows.
    #[test]
    fn capacity_is_that_of_a_hash_map() {
        for keys in [0, 1, 7, 100, 2048, 28_672] {
            let map = rustc_hash::FxHashMap::<u64, u32>::with_capacity_and_hasher(
                keys,
                Default::default(),
            );
            assert!(ShingleTable::with_capacity(keys).capacity() >= keys);
            if keys >= 100 {
                assert_eq!(ShingleTable::with_capacity(keys).capacity(), map.capacity());
            }
        }
    }
}
