//! What the rules find in a line on its own (its words and shape, the phrase rules it
//! matches, whether it is a glued list or a comment's stamp), remembered for lines that come
//! again. On a stream of pages from a few sites most lines are the sites' menus, buttons and
//! bylines, seen on page after page; each would otherwise be counted and matched anew.
//!
//! The memo is a table of short lines kept per thread from one document to the next, like
//! the filter's other tables (`tables`) but apart from them, which a long document may grow
//! and free: it grows to at most `SLOTS` lines, so a long stream costs no more memory than
//! a few pages.
//! A line is looked up by its hash, and its bytes are compared before its facts are used.
//! The facts depend on the line, on the rules and switches (one memo serves one book and
//! one set of switches at a time: binding it to others empties it) and, when a rule for
//! some languages only was asked, on the document's language, which is then part of the key.

use std::cell::Cell;
use std::sync::{Arc, Weak};

use super::super::lang::Lang;
use super::super::line_stats::LineStats;
use super::super::structure::{Heuristic, Shape, Switches};
use super::hits::Hits;
use super::NotProse;

/// The longest line remembered, in bytes. Menus, buttons and bylines are shorter; the
/// lines past it are mostly paragraphs, which do not come again.
pub(super) const MAX_LEN: usize = 46;
/// Lines remembered at most: a slot holds one line and its facts in 64 bytes.
const SLOTS: usize = 4096;
/// Slots the memo starts with; it doubles, up to `SLOTS`, when lines fill three quarters
/// of them, so that a single long document that repeats few lines keeps it small.
const FIRST_SLOTS: usize = 512;
/// Slots a line may take: its hash picks a set of them.
const WAYS: usize = 8;
const _: () = assert!((FIRST_SLOTS / WAYS).is_power_of_two() && FIRST_SLOTS / WAYS >= 2);
const _: () = assert!((SLOTS / FIRST_SLOTS).is_power_of_two());

/// What `DocumentFilter::push` finds in a whole line (not a piece of an over-long one) from
/// its text, the rules and the document's language.
#[derive(Clone)]
pub(super) struct LineFacts {
    pub stats: LineStats,
    pub shape: Shape,
    pub hits: Hits,
    pub not_prose: NotProse,
    pub stamp: bool,
    /// The stamp is a poster's mark (`Posted by …`, `name wrote:`), not a date or a time.
    pub poster: bool,
    /// The matcher asked the document's language: the hits hold in that language only.
    pub by_language: bool,
}

/// One remembered line: its hash, bytes and facts, packed into a cache line.
#[derive(Clone, Copy)]
struct Slot {
    hash: u64,
    /// The rules the line matches (`hits` of them): lines matching more are not remembered.
    rules: [u16; 2],
    hits: u8,
    /// Bytes of the line; 0 for an empty slot (empty lines are not remembered).
    len: u8,
    /// The document's language when the line was matched (`lang_key`), or `ANY_LANGUAGE`.
    lang: u8,
    words: u8,
    digits: u8,
    /// `FLAG_*` bits.
    flags: u8,
    text: [u8; MAX_LEN],
}

const _: () = assert!(std::mem::size_of::<Slot>() == 64);

const FLAG_LETTERS: u8 = 1;
const FLAG_PROSE: u8 = 1 << 1;
const FLAG_LINK_LIKE: u8 = 1 << 2;
const FLAG_GLUED_LINKS: u8 = 1 << 3;
const FLAG_SCRIPT: u8 = 1 << 4;
const FLAG_GLUED_THREAD: u8 = 1 << 5;
const FLAG_STAMP: u8 = 1 << 6;
const FLAG_POSTER: u8 = 1 << 7;

impl Slot {
    const EMPTY: Slot = Slot {
        hash: 0,
        rules: [0; 2],
        hits: 0,
        len: 0,
        lang: 0,
        words: 0,
        digits: 0,
        flags: 0,
        text: [0; MAX_LEN],
    };

    fn holds(&self, hash: u64, text: &[u8], lang: u8) -> bool {
        self.hash == hash
            && usize::from(self.len) == text.len()
            && (self.lang == lang || self.lang == ANY_LANGUAGE)
            && &self.text[..text.len()] == text
    }

    /// The slot for a line and its facts, if they fit in one.
    fn of(hash: u64, text: &[u8], lang: u8, facts: &LineFacts) -> Option<Slot> {
        if text.is_empty() || text.len() > MAX_LEN || facts.hits.len() > 2 {
            return None;
        }
        let mut rules = [0; 2];
        for (kept, &rule) in rules.iter_mut().zip(facts.hits.iter()) {
            *kept = u16::try_from(rule).ok()?;
        }
        // A shape's words are the line's (`Shape::with_letters`); one byte holds the words
        // of a line this short, and its digits.
        let words = u8::try_from(facts.stats.words).ok()?;
        let digits = u8::try_from(facts.stats.digits).ok()?;
        if facts.shape.words != facts.stats.words
            || facts.shape.has_letters != facts.stats.has_letters
        {
            return None;
        }
        let flag = |on: bool, bit: u8| if on { bit } else { 0 };
        let flags = flag(facts.stats.has_letters, FLAG_LETTERS)
            | flag(facts.shape.prose, FLAG_PROSE)
            | flag(facts.shape.link_like, FLAG_LINK_LIKE)
            | flag(facts.not_prose.glued_links, FLAG_GLUED_LINKS)
            | flag(facts.not_prose.script, FLAG_SCRIPT)
            | flag(facts.not_prose.glued_thread, FLAG_GLUED_THREAD)
            | flag(facts.stamp, FLAG_STAMP)
            | flag(facts.poster, FLAG_POSTER);
        let mut slot = Slot {
            hash,
            rules,
            hits: facts.hits.len() as u8,
            len: text.len() as u8,
            lang: if facts.by_language {
                lang
            } else {
                ANY_LANGUAGE
            },
            words,
            digits,
            flags,
            text: [0; MAX_LEN],
        };
        slot.text[..text.len()].copy_from_slice(text);
        Some(slot)
    }

    fn facts(&self) -> LineFacts {
        let on = |bit: u8| self.flags & bit != 0;
        let words = usize::from(self.words);
        let rules = self.rules.map(usize::from);
        LineFacts {
            stats: LineStats {
                words,
                has_letters: on(FLAG_LETTERS),
                digits: usize::from(self.digits),
            },
            shape: Shape {
                words,
                has_letters: on(FLAG_LETTERS),
                prose: on(FLAG_PROSE),
                link_like: on(FLAG_LINK_LIKE),
            },
            hits: Hits::of(&rules[..usize::from(self.hits)]),
            not_prose: NotProse {
                glued_links: on(FLAG_GLUED_LINKS),
                script: on(FLAG_SCRIPT),
                glued_thread: on(FLAG_GLUED_THREAD),
                name_note: false,
            },
            stamp: on(FLAG_STAMP),
            poster: on(FLAG_POSTER),
            by_language: self.lang != ANY_LANGUAGE,
        }
    }
}

/// The key of a line whose facts hold in a document of any language.
const ANY_LANGUAGE: u8 = 0;

/// The language as part of a line's key.
fn lang_key(lang: Option<Lang>) -> u8 {
    lang.map_or(1, |l| l as u8 + 2)
}

/// The first of the slots a line's hash picks in a table of `slots`: from its high bits,
/// after a multiply that mixes every bit of the hash into them. A table twice as large
/// splits each set in two by the next bit.
fn set_of(hash: u64, slots: usize) -> usize {
    let sets = slots / WAYS;
    let mixed = hash.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    (mixed >> (64 - sets.trailing_zeros())) as usize * WAYS
}

pub(super) struct LineMemo {
    /// The book whose rules found the facts (see `RuleBook::memo_owner`).
    owner: Weak<()>,
    switches: Switches,
    /// Each set's slots from the line found last to the one found longest ago; a line seen
    /// for the first time takes the last slot, and moves to the front when seen again, so
    /// that lines seen once do not push out those that come again. Empty until the first
    /// line is remembered.
    slots: Vec<Slot>,
    /// Slots holding a line.
    lines: usize,
}

impl Default for LineMemo {
    fn default() -> Self {
        LineMemo {
            owner: Weak::new(),
            switches: Switches::default(),
            slots: Vec::new(),
            lines: 0,
        }
    }
}

thread_local! {
    static SPARE: Cell<Option<LineMemo>> = const { Cell::new(None) };
}

impl LineMemo {
    /// This thread's memo, or an empty one if another document holds it.
    pub fn take() -> LineMemo {
        SPARE.with(Cell::take).unwrap_or_default()
    }

    /// Keeps the memo for the next document this thread filters; an empty one (taken while
    /// another document held this thread's memo) does not take the place of a filled one.
    pub fn keep(self) {
        SPARE.with(|spare| {
            let kept = match spare.take() {
                Some(filled) if self.slots.is_empty() => filled,
                _ => self,
            };
            spare.set(Some(kept));
        });
    }

    /// Makes the memo serve the book holding `owner`, with `switches`: if it was filled for
    /// another book or other switches, it is emptied.
    pub fn bind(&mut self, owner: &Arc<()>, switches: Switches) {
        let same_switches = Heuristic::ALL
            .iter()
            .all(|&h| self.switches.on(h) == switches.on(h));
        if Weak::ptr_eq(&self.owner, &Arc::downgrade(owner)) && same_switches {
            return;
        }
        self.owner = Arc::downgrade(owner);
        self.switches = switches;
        self.slots = Vec::new();
        self.lines = 0;
    }

    /// The facts of `text` (of hash `hash`) found in a document of language `lang`, if the
    /// line was remembered.
    pub fn recall(&mut self, hash: u64, text: &str, lang: Option<Lang>) -> Option<LineFacts> {
        if text.is_empty() || text.len() > MAX_LEN || self.slots.is_empty() {
            return None;
        }
        let lang = lang_key(lang);
        let first = set_of(hash, self.slots.len());
        let set = &mut self.slots[first..][..WAYS];
        let way = set
            .iter()
            .position(|slot| slot.holds(hash, text.as_bytes(), lang))?;
        set[..=way].rotate_right(1);
        Some(set[0].facts())
    }

    /// Remembers the facts of a line not found by `recall`, if it is short enough and they
    /// fit in a slot.
    pub fn remember(&mut self, hash: u64, text: &str, lang: Option<Lang>, facts: &LineFacts) {
        let Some(slot) = Slot::of(hash, text.as_bytes(), lang_key(lang), facts) else {
            return;
        };
        if self.slots.is_empty() {
            self.slots = vec![Slot::EMPTY; FIRST_SLOTS];
        } else if self.slots.len() < SLOTS && 4 * self.lines >= 3 * self.slots.len() {
            self.grow();
        }
        self.place(slot);
    }

    /// Puts a line in the first free slot of its set, or else in the set's last slot.
    fn place(&mut self, slot: Slot) {
        let first = set_of(slot.hash, self.slots.len());
        let set = &mut self.slots[first..][..WAYS];
        match set.iter().position(|s| s.len == 0) {
            Some(way) => {
                set[way] = slot;
                self.lines += 1;
            }
            None => set[WAYS - 1] = slot,
        }
    }

    /// Doubles the table. The lines of a set go to the two sets it splits into, in order:
    /// none is lost, and those seen again stay in front.
    fn grow(&mut self) {
        let larger = vec![Slot::EMPTY; 2 * self.slots.len()];
        let old = std::mem::replace(&mut self.slots, larger);
        self.lines = 0;
        for slot in old.into_iter().filter(|s| s.len != 0) {
            self.place(slot);
        }
    }

    /// Lines remembered.
    #[cfg(test)]
    fn len(&self) -> usize {
        self.slots.iter().filter(|s| s.len != 0).count()
    }
}

#[cfg(test)]
mod tests {
    use super::super::hash_of;
    use super::*;
    use crate::rules::{RuleBook, RuleSelection};

    /// Everything a line's facts hold, comparable.
    fn summary(f: &LineFacts) -> (LineStats, [bool; 4], Vec<usize>, [bool; 6]) {
        let s = f.shape;
        let n = f.not_prose;
        (
            f.stats,
            [
                s.has_letters,
                s.prose,
                s.link_like,
                s.words == f.stats.words,
            ],
            f.hits.to_vec(),
            [
                n.glued_links,
                n.script,
                n.glued_thread,
                f.stamp,
                f.poster,
                f.by_language,
            ],
        )
    }

    fn new_book() -> RuleBook {
        RuleBook::from_selection(&RuleSelection::default()).unwrap()
    }

    const LINES: [&str; 19] = [
        // Rules for one language match these.
        "Newsletter bestellen",
        "Inscrivez-vous à notre newsletter",
        "Jane Doe can be reached at jd@example.org.",
        "Share on Facebook",
        "Advertisement",
        "Read more",
        "Subscribe to our newsletter",
        "By Jane Smith, Reporter",
        "12:45 Reply",
        "Posted 3 hours ago",
        "Home | News | Sport | Weather | Contact us",
        "Ähnliche Artikel",
        "Lesen Sie auch",
        "Photo: Reuters/John Doe",
        "42",
        "Comments",
        "The council met on Tuesday.",
        "¿Qué pasó?",
        // 46 bytes: the longest remembered.
        "Sign up for the morning briefing, it's free!!!",
    ];

    /// A line's facts read back from the memo are those found afresh, in every language
    /// and for the lines the rules match and those they do not.
    #[test]
    fn remembered_facts_are_the_facts_found_afresh() {
        let book = new_book();
        let mut filter = book.start_document();
        let langs = [None, Some(Lang::En), Some(Lang::De), Some(Lang::Fr)];
        let (mut matched, mut by_language) = (0, 0);
        for lang in langs {
            for line in LINES {
                let fresh = filter.facts_afresh(line, lang);
                matched += usize::from(!fresh.hits.is_empty());
                by_language += usize::from(fresh.by_language);
                let hash = hash_of(line);
                let first = filter.facts_of(line, hash, lang);
                assert_eq!(summary(&first), summary(&fresh), "{line:?} {lang:?}");
                assert!(filter.memo.recall(hash, line, lang).is_some(), "{line:?}");
                let again = filter.facts_of(line, hash, lang);
                assert_eq!(summary(&again), summary(&fresh), "{line:?} {lang:?}");
            }
        }
        assert!(
            matched >= 8,
            "the lines should exercise the rules: {matched}"
        );
        assert!(by_language >= 3 * langs.len(), "{by_language}");
    }

    /// A line a rule for some languages matches, remembered in one language, is not
    /// recalled in another; one no such rule is asked about is recalled in any. Nor is a
    /// line recalled that only shares a remembered line's hash, nor one too long to keep.
    #[test]
    fn only_the_same_line_in_a_language_with_the_same_facts_is_recalled() {
        let book = new_book();
        let mut filter = book.start_document();
        let others = [None, Some(Lang::En), Some(Lang::Fr), Some(Lang::Es)];
        let line = "Newsletter bestellen";
        let hash = hash_of(line);
        assert!(filter.facts_of(line, hash, Some(Lang::De)).by_language);
        assert!(filter.memo.recall(hash, line, Some(Lang::De)).is_some());
        for other in others {
            assert!(filter.memo.recall(hash, line, other).is_none(), "{other:?}");
        }
        let any = "Share on Facebook";
        assert!(
            !filter
                .facts_of(any, hash_of(any), Some(Lang::De))
                .by_language
        );
        for other in others {
            assert!(
                filter.memo.recall(hash_of(any), any, other).is_some(),
                "{other:?}"
            );
        }
        assert!(filter
            .memo
            .recall(hash, "Newsletter bestellen!", Some(Lang::De))
            .is_none());
        assert!(filter
            .memo
            .recall(hash, "Newsletter BESTELLEN", Some(Lang::De))
            .is_none());
        let long = "x".repeat(MAX_LEN + 1);
        filter.facts_of(&long, hash_of(&long), None);
        assert!(filter.memo.recall(hash_of(&long), &long, None).is_none());
    }

    /// Other switches or another book empty the memo; the same ones keep it.
    #[test]
    fn binding_to_other_rules_forgets_the_lines() {
        let book = new_book();
        let other = new_book();
        let line = "Share on Facebook";
        let hash = hash_of(line);
        let mut memo = LineMemo::default();
        let facts = book.start_document().facts_afresh(line, None);
        let switches = Switches::default();
        memo.bind(&book.memo_owner, switches);
        memo.remember(hash, line, None, &facts);
        memo.bind(&book.memo_owner, switches);
        assert!(memo.recall(hash, line, None).is_some());
        let mut fewer = switches;
        fewer.set(Heuristic::Script, false);
        memo.bind(&book.memo_owner, fewer);
        assert!(memo.recall(hash, line, None).is_none());
        memo.remember(hash, line, None, &facts);
        memo.bind(&other.memo_owner, fewer);
        assert!(memo.recall(hash, line, None).is_none());
    }

    /// The lines of one document are recalled in the next one this thread filters, even
    /// after a document long enough to have its tables freed; a memo left empty does not
    /// replace them.
    #[test]
    fn the_memo_outlives_the_document() {
        let book = new_book();
        let page = |lines: &[String]| {
            let mut filter = book.start_document();
            let mut emit = |_: crate::lines::Line, _: crate::rules::Verdict<'_>| Ok(());
            for (n, text) in lines.iter().enumerate() {
                let line = crate::lines::Line {
                    text: text.clone(),
                    number: n as u64 + 1,
                    partial: false,
                };
                filter.push(line, &mut emit).unwrap();
            }
            filter.finish(&mut emit).unwrap();
        };
        SPARE.with(Cell::take);
        let menu = "Contact us".to_owned();
        let long: Vec<String> = std::iter::once(menu.clone())
            .chain((0..3000).map(|i| format!("Line {i} of a long document.")))
            .collect();
        page(&long);
        LineMemo::default().keep();
        let mut memo = LineMemo::take();
        assert!(memo.recall(hash_of(&menu), &menu, None).is_some());
    }

    /// However many lines pass, the memo has at most `SLOTS` slots, and it grows without
    /// losing a line; a set full of lines seen once takes a new one in place of the last of
    /// them, and a line seen again stays while lines seen once come and go.
    #[test]
    fn the_memo_holds_a_bounded_number_of_lines() {
        let facts = new_book().start_document().facts_afresh("Menu", None);
        let mut memo = LineMemo::default();
        let mut grown = 0;
        for i in 0..4 * SLOTS {
            let line = format!("Menu item {i}");
            let before = memo.slots.len();
            let grows = before > 0 && before < SLOTS && 4 * memo.lines >= 3 * before;
            let held: Vec<(u64, String)> = memo
                .slots
                .iter()
                .filter(|s| grows && s.len != 0)
                .map(|s| {
                    let text = String::from_utf8(s.text[..usize::from(s.len)].to_vec());
                    (s.hash, text.unwrap())
                })
                .collect();
            memo.remember(hash_of(&line), &line, None, &facts);
            assert!(memo.slots.len() <= SLOTS && memo.slots.capacity() <= SLOTS);
            assert_eq!(memo.slots.len() > before && before > 0, grows);
            grown += usize::from(grows);
            for (hash, text) in &held {
                assert!(memo.recall(*hash, text, None).is_some(), "{text} lost");
            }
        }
        assert_eq!(grown, (SLOTS / FIRST_SLOTS).trailing_zeros() as usize);
        assert_eq!(memo.slots.len(), SLOTS);
        assert!(
            memo.len() <= SLOTS && memo.len() > SLOTS / 2,
            "{}",
            memo.len()
        );
        // Lines whose hashes pick one set of the full table.
        let set = |line: &String| set_of(hash_of(line), SLOTS);
        let kept = "Home".to_owned();
        let same_set: Vec<String> = (0..)
            .map(|i| format!("Section {i}"))
            .filter(|line| set(line) == set(&kept))
            .take(3 * WAYS)
            .collect();
        memo.remember(hash_of(&kept), &kept, None, &facts);
        assert!(memo.recall(hash_of(&kept), &kept, None).is_some());
        for line in &same_set {
            memo.remember(hash_of(line), line, None, &facts);
            assert!(memo.recall(hash_of(&kept), &kept, None).is_some(), "{line}");
        }
        let held = same_set
            .iter()
            .filter(|line| memo.recall(hash_of(line), line, None).is_some())
            .count();
        assert!(held < WAYS, "{held}");
    }
}
