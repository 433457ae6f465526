//! Regexes checked when a pack loads but compiled on first use. Compiling the patterns of
//! every pack (Unicode classes, case folding) was nearly all of the start-up time, and most
//! rules never run on a given input: the literal prefilter keeps them off most lines.
//!
//! Loading still parses every pattern, so a syntax error is reported up front, and it
//! bounds the size the pattern will compile to, so that no rule can fail later, mid-stream.
//!
//! Rules only ask whether a line matches, never where, so a regex here is one forward NFA
//! run by a forward lazy DFA (the `regex` crate also keeps a reverse NFA and a reverse lazy
//! DFA per regex, to find where matches start: most of the matcher's memory). The PikeVM
//! over the same NFA takes over on the rare line the lazy DFA cannot search (a Unicode
//! `\b` next to a non-ASCII character).

use std::sync::{Mutex, OnceLock};

use regex::{Regex, RegexBuilder};
use regex_automata::hybrid::dfa::{self as lazy_dfa, OverlappingState};
use regex_automata::nfa::thompson::{self, pikevm::PikeVM, WhichCaptures, NFA};
use regex_automata::util::pool::Pool;
use regex_automata::{Anchored, Input, MatchKind};
use regex_syntax::hir::{Class, Hir, HirKind, Look};

/// The most memory one rule's compiled regex may take.
pub const SIZE_LIMIT: usize = 1 << 25;
/// A pattern estimated past the limit is compiled at load time, so that the limit is
/// checked exactly where the estimate is too rough to be sure. (On the built-in packs the
/// compiled size is 0.2 to 2.6 times the estimate; the largest estimate is 18 MB.)
const COMPILE_NOW: u64 = SIZE_LIMIT as u64;
/// A pattern estimated past this is refused without compiling (that could take long).
const REFUSE: u64 = SIZE_LIMIT as u64 * 16;
/// The limit when compiling on first use: a margin over `SIZE_LIMIT` for a pattern the
/// estimate underrated, so that a rule accepted at load never fails mid-stream.
const LAZY_SIZE_LIMIT: usize = SIZE_LIMIT * 4;
/// The most the lazy DFA's cache of one regex may grow to (the `regex` crate's default).
/// It grows only as states are built, and most rules need a few KiB; the phrase rules whose
/// edges are `[^\p{L}\p{N}]*` need far more on non-ASCII text, and a smaller cap had them
/// clear and rebuild it hundreds of times on the news corpus (at 1 MiB, 10 % slower).
const LAZY_DFA_CACHE_BYTES: usize = 2 << 20;
/// A rough size of one compiled NFA state, in bytes.
const STATE_BYTES: u64 = 24;

/// A regex from its syntax tree, compiled on first use. Built with the settings the `regex`
/// crate uses, so it matches exactly what `Regex::new` of the same pattern would.
#[derive(Debug)]
pub struct LazyRegex {
    /// The syntax tree until the regex is compiled (then it is only memory).
    hir: Mutex<Option<Hir>>,
    search: Search,
    compiled: OnceLock<CompiledRegex>,
}

impl LazyRegex {
    /// A regex for the pattern parsed as `hir`; errors say why it would not compile.
    pub fn new(hir: Hir) -> Result<LazyRegex, String> {
        let anchored = starts_at_line_start(&hir);
        LazyRegex::with_search(hir, Search::First { anchored })
    }

    /// A regex only ever searched for a match that starts at a given place
    /// ([`LazyRegex::is_match_at`]).
    pub fn anchored(hir: Hir) -> Result<LazyRegex, String> {
        LazyRegex::with_search(hir, Search::First { anchored: true })
    }

    /// A regex asked where its matches end ([`LazyRegex::any_end`]).
    pub fn ends(hir: Hir) -> Result<LazyRegex, String> {
        let anchored = starts_at_line_start(&hir);
        LazyRegex::with_search(hir, Search::AllEnds { anchored })
    }

    /// A regex asked where its matches that end the text start ([`LazyRegex::suffix_starts`]).
    pub fn suffixes(hir: Hir) -> Result<LazyRegex, String> {
        LazyRegex::with_search(hir, Search::SuffixStarts)
    }

    fn with_search(hir: Hir, search: Search) -> Result<LazyRegex, String> {
        let estimate = compiled_size(&hir);
        if estimate > REFUSE {
            return Err(format!(
                "the regex is far too large to compile (the limit is {} MiB): use fewer or smaller repetitions, or split it into several rules",
                SIZE_LIMIT >> 20
            ));
        }
        let lazy = LazyRegex {
            hir: Mutex::new(None),
            search,
            compiled: OnceLock::new(),
        };
        if estimate > COMPILE_NOW {
            let regex = compile(&hir, search, SIZE_LIMIT)?;
            lazy.compiled.set(regex).expect("the cell is new");
        } else {
            *lazy.hir.lock().expect("the lock is new") = Some(hir);
        }
        Ok(lazy)
    }

    pub fn is_match(&self, text: &str) -> bool {
        let anchored = matches!(self.search, Search::First { anchored: true });
        self.regex()
            .search(Input::new(text).anchored(anchored_if(anchored)))
    }

    /// Whether a match starts at byte `start` of `text` (what comes before still counts for
    /// `\b`). The regex must have been made with [`LazyRegex::anchored`].
    pub fn is_match_at(&self, text: &str, start: usize) -> bool {
        debug_assert_eq!(self.search, Search::First { anchored: true });
        self.regex()
            .search(Input::new(text).range(start..).anchored(Anchored::Yes))
    }

    /// Whether a match of the regex ends at an offset `accept` takes, of those up to `upto`
    /// (what follows still counts for `\b`). Made with [`LazyRegex::ends`].
    pub fn any_end(&self, text: &str, upto: usize, accept: impl Fn(usize) -> bool) -> bool {
        let Search::AllEnds { anchored } = self.search else {
            unreachable!("made with LazyRegex::ends")
        };
        let input = Input::new(text)
            .range(..upto)
            .anchored(anchored_if(anchored));
        self.overlapping(&input, accept)
    }

    /// The offsets where a match of the regex that ends at the end of `text` starts, in
    /// `out`. Made with [`LazyRegex::suffixes`].
    pub fn suffix_starts(&self, text: &str, out: &mut Vec<usize>) {
        debug_assert_eq!(self.search, Search::SuffixStarts);
        let input = Input::new(text).anchored(Anchored::Yes);
        self.overlapping(&input, |start| {
            out.push(start);
            false
        });
    }

    /// Calls `visit` with the offset of every match (its end searching forward, its start in
    /// reverse) until it returns true; returns whether it did.
    fn overlapping(&self, input: &Input<'_>, mut visit: impl FnMut(usize) -> bool) -> bool {
        let regex = self.regex();
        let mut caches = regex.caches.get();
        let mut state = OverlappingState::start();
        loop {
            let searched = match self.search {
                Search::SuffixStarts => {
                    regex
                        .dfa
                        .try_search_overlapping_rev(&mut caches.dfa, input, &mut state)
                }
                _ => regex
                    .dfa
                    .try_search_overlapping_fwd(&mut caches.dfa, input, &mut state),
            };
            searched
                .expect("the lazy DFA of a pattern without Unicode word boundaries never quits");
            match state.get_match() {
                Some(found) if visit(found.offset()) => return true,
                Some(_) => {}
                None => return false,
            }
        }
    }

    fn regex(&self) -> &CompiledRegex {
        self.compiled.get_or_init(|| {
            // The pattern parsed at load, and its size estimate is well within the limit.
            let hir = self
                .hir
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner())
                .take()
                .expect("a regex not yet compiled keeps its syntax tree");
            compile(&hir, self.search, LAZY_SIZE_LIMIT)
                .unwrap_or_else(|e| panic!("rule regex checked at load failed to compile: {e}"))
        })
    }
}

/// Every match starts at the start of the line (`^`, `\A`).
fn starts_at_line_start(hir: &Hir) -> bool {
    hir.properties().look_set_prefix().contains(Look::Start)
}

fn anchored_if(yes: bool) -> Anchored {
    match yes {
        true => Anchored::Yes,
        false => Anchored::No,
    }
}

type CacheFn =
    Box<dyn Fn() -> Caches + Send + Sync + std::panic::UnwindSafe + std::panic::RefUnwindSafe>;

/// What a regex is asked, which decides how it is compiled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Search {
    /// Is there a match. `anchored`: every match starts where the search does (`^`, or a
    /// place given), so the search need not look past the first byte where the pattern
    /// fails (the `regex` crate does the same).
    First { anchored: bool },
    /// Where does every match end (a forward automaton reporting all matches).
    AllEnds { anchored: bool },
    /// Where does every match that ends the text start (a reverse automaton).
    SuffixStarts,
}

/// A compiled rule regex: one lazy DFA, forward unless asked for suffixes, and for a
/// first-match search the PikeVM it falls back on.
struct CompiledRegex {
    dfa: lazy_dfa::DFA,
    /// For `Search::First`, on the rare line its lazy DFA cannot search.
    pikevm: Option<PikeVM>,
    /// One set of caches per thread searching at the same time.
    caches: Pool<Caches, CacheFn>,
}

/// The mutable search state of one `CompiledRegex`; the PikeVM's only when it is needed.
struct Caches {
    dfa: lazy_dfa::Cache,
    pikevm: Option<regex_automata::nfa::thompson::pikevm::Cache>,
}

impl std::fmt::Debug for CompiledRegex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CompiledRegex").finish_non_exhaustive()
    }
}

impl CompiledRegex {
    /// Whether there is a match (for `Search::First`).
    fn search(&self, input: Input<'_>) -> bool {
        let input = input.earliest(true);
        let mut caches = self.caches.get();
        match self.dfa.try_search_fwd(&mut caches.dfa, &input) {
            Ok(found) => found.is_some(),
            // The lazy DFA quit (a Unicode word boundary next to a non-ASCII byte).
            Err(_) => {
                let pikevm = self
                    .pikevm
                    .as_ref()
                    .expect("a first-match regex has a PikeVM");
                let cache = caches.pikevm.get_or_insert_with(|| pikevm.create_cache());
                pikevm.is_match(cache, input)
            }
        }
    }
}

fn compile(hir: &Hir, search: Search, limit: usize) -> Result<CompiledRegex, String> {
    // Rules only ask whether a line matches: no capture groups, and none of the engines
    // that exist to find them or where a match starts (they cost memory per regex).
    let nfa = thompson::Compiler::new()
        .configure(
            thompson::Config::new()
                .nfa_size_limit(Some(limit))
                .reverse(search == Search::SuffixStarts)
                .which_captures(WhichCaptures::None),
        )
        .build_from_hir(hir)
        .map_err(|e| match e.size_limit() {
            // As the `regex` crate words it.
            Some(limit) => {
                format!("invalid regex: Compiled regex exceeds size limit of {limit} bytes.")
            }
            None => format!("invalid regex: {e}"),
        })?;
    engines(nfa, search)
}

fn engines(nfa: NFA, search: Search) -> Result<CompiledRegex, String> {
    let kind = match search {
        Search::First { .. } => MatchKind::LeftmostFirst,
        Search::AllEnds { .. } | Search::SuffixStarts => MatchKind::All,
    };
    let dfa = lazy_dfa::DFA::builder()
        .configure(
            // No skip-ahead search to the pattern's prefixes (the `regex` crate's): a line
            // reaches a regex only when its required literals occur (see `prefilter`), so
            // it would skip little, and extracting the prefixes and building their
            // searcher cost more, on first use, than the searches it served.
            lazy_dfa::Config::new()
                .prefilter(None)
                .match_kind(kind)
                .cache_capacity(LAZY_DFA_CACHE_BYTES)
                // A pattern whose few states are each large still gets the room it needs.
                .skip_cache_capacity_check(true)
                .unicode_word_boundary(true),
        )
        .build_from_nfa(nfa.clone())
        .map_err(|e| format!("invalid regex: {e}"))?;
    let pikevm = matches!(search, Search::First { .. }).then(|| {
        PikeVM::builder()
            .build_from_nfa(nfa)
            .expect("a PikeVM builds from any NFA")
    });
    let for_cache = dfa.clone();
    let caches: CacheFn = Box::new(move || Caches {
        dfa: for_cache.create_cache(),
        pikevm: None,
    });
    Ok(CompiledRegex {
        dfa,
        pikevm,
        caches: Pool::new(caches),
    })
}

/// Compiles a pattern with the limits every rule regex gets.
pub fn build(pattern: &str, case_insensitive: bool) -> Result<Regex, String> {
    RegexBuilder::new(pattern)
        .case_insensitive(case_insensitive)
        .size_limit(SIZE_LIMIT)
        .build()
        .map_err(|e| format!("invalid regex: {e}"))
}

/// A rough upper bound of the bytes the pattern's automaton takes (a Unicode class counts
/// every range at its longest UTF-8 length; a bounded repetition copies its body).
pub fn compiled_size(hir: &Hir) -> u64 {
    states(hir).saturating_mul(STATE_BYTES)
}

fn states(hir: &Hir) -> u64 {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => 1,
        HirKind::Literal(lit) => lit.0.len() as u64,
        HirKind::Class(Class::Unicode(class)) => class
            .ranges()
            .iter()
            .map(|r| 2 * r.end().len_utf8() as u64)
            .sum::<u64>()
            .max(1),
        HirKind::Class(Class::Bytes(class)) => class.ranges().len().max(1) as u64,
        HirKind::Capture(capture) => states(&capture.sub) + 2,
        HirKind::Repetition(rep) => {
            let copies = rep.max.unwrap_or(rep.min).max(rep.min).max(1) as u64 + 1;
            states(&rep.sub).saturating_mul(copies)
        }
        HirKind::Concat(subs) | HirKind::Alternation(subs) => {
            subs.iter().fold(subs.len() as u64, |sum, sub| {
                sum.saturating_add(states(sub))
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lazy(pattern: &str) -> Result<LazyRegex, String> {
        LazyRegex::new(regex_syntax::parse(pattern).unwrap())
    }

    #[test]
    fn small_patterns_wait_for_their_first_use() {
        let re = lazy(r"(?i)\bcookies?\b").unwrap();
        assert!(re.compiled.get().is_none());
        assert!(re.is_match("We use Cookies."));
        assert!(re.compiled.get().is_some());
    }

    #[test]
    fn huge_repetitions_are_refused_at_load() {
        let err = lazy(r"\w{1000}{1000}").unwrap_err();
        assert!(err.contains("too large"), "{err}");
    }

    #[test]
    fn a_pattern_near_the_limit_is_compiled_at_load() {
        // Estimated past the limit, but under the refusal: compiled now, and refused for
        // its real size.
        let err = lazy(r".{200000}").unwrap_err();
        assert!(err.contains("size limit"), "{err}");
    }

    /// No regex gets a skip-ahead search, and an unanchored one still finds a match
    /// anywhere in the line.
    #[test]
    fn unanchored_regexes_search_without_skipping_ahead() {
        let compiled = |pattern: &str| {
            let hir = regex_syntax::parse(pattern).unwrap();
            compile(&hir, Search::First { anchored: false }, SIZE_LIMIT).unwrap()
        };
        for pattern in [
            r"newsletter\s+\d",
            r"(?i)(?:credit|photo|image|picture|foto|bild)\s+\d",
        ] {
            let regex = compiled(pattern);
            assert!(regex.dfa.get_config().get_prefilter().is_none());
            assert!(!regex.search(Input::new("picture five, newsletter one")));
        }
        assert!(compiled(r"newsletter\s+\d").search(Input::new("our newsletter 2 is")));
        let many = compiled(r"(?i)(?:credit|photo|image|picture|foto|bild)\s+\d");
        assert!(many.search(Input::new("see PICTURE 5")));
    }
}
