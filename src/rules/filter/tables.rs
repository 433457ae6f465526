//! The filter's tables, kept per thread from one document to the next. On a stream of
//! pages (`-z`, `--jsonl`) each page is a document of a few dozen lines: without this every
//! page allocated its window and tables and freed them at its end, and freeing the table of
//! shingles (larger than malloc's consolidation threshold) made malloc sweep its free lists.

use std::cell::Cell;
use std::collections::VecDeque;

use rustc_hash::{FxHashMap, FxHashSet};

use super::shingles::Shingles;
use super::{Held, WINDOW_LINES};

/// Entries the tables of line hashes start with: sized for a page, so that a page's lines
/// do not rehash them again and again.
const SEEN_START: usize = 256;
/// Shingles the table of shingles starts with.
const SHINGLES_START: usize = 2048;
/// The longest list of hashes or line numbers kept: a long document's lists are dropped at
/// its end rather than kept for every page after it.
const LIST_MAX: usize = 1024;

pub(super) struct Tables {
    pub window: VecDeque<Held>,
    pub seen: FxHashMap<u64, bool>,
    pub shingles: Shingles,
    pub front_shingles: Vec<u64>,
    pub anchor_texts: FxHashSet<u64>,
    pub anchors: VecDeque<(usize, usize)>,
    pub cut_lines: VecDeque<usize>,
    pub line_hits: Vec<usize>,
}

thread_local! {
    static SPARE: Cell<Option<Tables>> = const { Cell::new(None) };
}

impl Tables {
    /// This thread's spare tables, empty, or new ones.
    pub fn take() -> Tables {
        SPARE.with(Cell::take).unwrap_or_else(|| Tables {
            window: VecDeque::with_capacity(WINDOW_LINES + 1),
            seen: FxHashMap::with_capacity_and_hasher(SEEN_START, Default::default()),
            shingles: Shingles::with_capacity(SHINGLES_START),
            front_shingles: Vec::new(),
            anchor_texts: FxHashSet::with_capacity_and_hasher(SEEN_START, Default::default()),
            anchors: VecDeque::new(),
            cut_lines: VecDeque::new(),
            line_hits: Vec::new(),
        })
    }

    /// Keeps the tables, emptied, for the next document this thread filters, unless a long
    /// document grew them: then they are freed, and the next document starts anew.
    pub fn keep(mut self) {
        // A table's capacity at its start is under twice what it was asked for, and
        // doubles when it grows.
        let grown = self.window.capacity() > 2 * WINDOW_LINES
            || self.seen.capacity() > 2 * SEEN_START
            || self.anchor_texts.capacity() > 2 * SEEN_START
            || self.shingles.capacity() > 2 * SHINGLES_START
            || [
                self.front_shingles.capacity(),
                self.anchors.capacity(),
                self.cut_lines.capacity(),
                self.line_hits.capacity(),
            ]
            .iter()
            .any(|&c| c > LIST_MAX);
        if grown {
            return;
        }
        self.window.clear();
        self.seen.clear();
        self.shingles.clear();
        self.anchor_texts.clear();
        self.anchors.clear();
        self.cut_lines.clear();
        SPARE.with(|spare| spare.set(Some(self)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A page's tables are handed on emptied; a table a long document grew is freed.
    #[test]
    fn tables_of_a_page_are_kept_and_grown_ones_freed() {
        SPARE.with(Cell::take);
        let mut tables = Tables::take();
        tables.anchors.push_back((1, 2));
        tables.seen.insert(7, true);
        tables.keep();
        let kept = SPARE.with(Cell::take).expect("a page's tables are kept");
        assert!(kept.anchors.is_empty() && kept.seen.is_empty());
        let mut grown = kept;
        grown
            .seen
            .extend((0..4 * SEEN_START as u64).map(|hash| (hash, true)));
        grown.keep();
        assert!(SPARE.with(Cell::take).is_none());
    }
}
