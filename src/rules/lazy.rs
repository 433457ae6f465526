//! Regexes checked when a pack loads but compiled on first use. Compiling the patterns of
//! every pack (Unicode classes, case folding) was nearly all of the start-up time, and most
//! rules never run on a given input: the literal prefilter keeps them off most lines.
//!
//! Loading still parses every pattern, so a syntax error is reported up front, and it
//! bounds the size the pattern will compile to, so that no rule can fail later, mid-stream.

use std::sync::OnceLock;

use regex::{Regex, RegexBuilder};
use regex_automata::meta;
use regex_automata::nfa::thompson::WhichCaptures;
use regex_syntax::hir::{Class, Hir, HirKind};

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
/// The lazy DFA's cache of one regex (the `regex` crate's default).
const HYBRID_CACHE_BYTES: usize = 2 << 20;
/// A rough size of one compiled NFA state, in bytes.
const STATE_BYTES: u64 = 24;

/// A regex from its syntax tree, compiled on first use. Built with the settings the `regex`
/// crate uses, so it matches exactly what `Regex::new` of the same pattern would.
#[derive(Debug)]
pub struct LazyRegex {
    hir: Hir,
    compiled: OnceLock<meta::Regex>,
}

impl LazyRegex {
    /// A regex for the pattern parsed as `hir`; errors say why it would not compile.
    pub fn new(hir: Hir) -> Result<LazyRegex, String> {
        let lazy = LazyRegex {
            hir,
            compiled: OnceLock::new(),
        };
        let estimate = compiled_size(&lazy.hir);
        if estimate > REFUSE {
            return Err(format!(
                "the regex is far too large to compile (the limit is {} MiB): use fewer or smaller repetitions, or split it into several rules",
                SIZE_LIMIT >> 20
            ));
        }
        if estimate > COMPILE_NOW {
            let regex = compile(&lazy.hir, SIZE_LIMIT)?;
            lazy.compiled.set(regex).expect("the cell is new");
        }
        Ok(lazy)
    }

    pub fn is_match(&self, text: &str) -> bool {
        self.regex().is_match(text)
    }

    fn regex(&self) -> &meta::Regex {
        self.compiled.get_or_init(|| {
            // The pattern parsed at load, and its size estimate is well within the limit.
            compile(&self.hir, LAZY_SIZE_LIMIT)
                .unwrap_or_else(|e| panic!("rule regex checked at load failed to compile: {e}"))
        })
    }
}

fn compile(hir: &Hir, limit: usize) -> Result<meta::Regex, String> {
    meta::Builder::new()
        .configure(
            // Rules only ask whether a line matches: no capture groups, and none of the
            // engines that exist to find them (they cost memory per regex).
            meta::Config::new()
                .nfa_size_limit(Some(limit))
                .hybrid_cache_capacity(HYBRID_CACHE_BYTES)
                .which_captures(WhichCaptures::None)
                .onepass(false)
                .backtrack(false),
        )
        .build_from_hir(hir)
        .map_err(|e| match e.size_limit() {
            // As the `regex` crate words it.
            Some(limit) => {
                format!("invalid regex: Compiled regex exceeds size limit of {limit} bytes.")
            }
            None => format!("invalid regex: {e}"),
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
}
