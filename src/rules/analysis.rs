//! What loading a pack learns from a rule's pattern, without compiling it: the pattern as
//! matched (case and word boundaries spelled out), its top-level alternatives (branches),
//! and for each branch the literals and anchor the prefilter looks for.
//!
//! The build script runs this module on the built-in packs (`build.rs`), so that start-up
//! reads their analysis from a table in the binary instead of parsing some fifty large
//! patterns ([`StaticBranch`]); a user's pack is analysed here when it loads.

use regex_syntax::hir::{Hir, HirKind, Look};

use super::literals::{anchored_prefixes, required_literals, Anchor};
use super::pack::{PhraseMatch, RuleSpec};
use super::phrase_table::{split_tabled, Tabled};
use super::tail::expand_optional_run;

/// What the prefilter knows of one branch of a rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BranchFacts {
    /// Strings one of which occurs in every line the branch matches, if any are known.
    pub literals: Option<Vec<Vec<u8>>>,
    /// Where every match starts and with what, when that is tied to the line's start.
    pub anchor: Option<Anchor>,
}

impl BranchFacts {
    /// The analysis of a branch's syntax tree.
    pub fn of(hir: &Hir) -> BranchFacts {
        BranchFacts {
            literals: required_literals(hir),
            anchor: anchored_prefixes(hir),
        }
    }

    /// The analysis the build script wrote into the binary.
    pub fn from_static(branch: &StaticBranch) -> BranchFacts {
        let owned = |set: &[&[u8]]| set.iter().map(|s| s.to_vec()).collect();
        BranchFacts {
            literals: branch.literals.map(owned),
            anchor: branch.anchor.map(|(at, set)| match at {
                AnchorAt::LineStart => Anchor::LineStart(owned(set)),
                AnchorAt::FirstLetter => Anchor::FirstLetter(owned(set)),
            }),
        }
    }
}

/// A built-in pattern (as written, or made of its phrases) and its branches, analysed by
/// the build script.
#[derive(Debug)]
pub struct StaticPattern {
    pub pattern: &'static str,
    pub case_sensitive: bool,
    pub branches: &'static [StaticBranch],
}

/// [`BranchFacts`] as static data.
#[derive(Debug, Clone, Copy)]
pub struct StaticBranch {
    pub literals: Option<&'static [&'static [u8]]>,
    pub anchor: Option<(AnchorAt, &'static [&'static [u8]])>,
}

/// Which [`Anchor`] a [`StaticBranch`] has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnchorAt {
    LineStart,
    FirstLetter,
}

/// The branches of a pattern's syntax tree (a line matches the pattern when it matches
/// any), each with the table of its phrases when one matches it exactly.
pub fn branches_with_tables(hir: Hir) -> Vec<Tabled> {
    alternatives(hir)
        .into_iter()
        .flat_map(expand_optional_run)
        .flat_map(split_tabled)
        .collect()
}

/// The top-level alternatives of a pattern, taken apart without copying them (a copy of a
/// syntax tree with Unicode classes is most of the cost of loading a pack).
fn alternatives(hir: Hir) -> Vec<Hir> {
    // `^A|^B` parses as `^(?:A|B)` (the parser lifts a common prefix): split it the same.
    let lifted = match hir.kind() {
        HirKind::Alternation(_) => true,
        HirKind::Concat(subs) => {
            subs.len() <= 3
                && matches!(
                    subs.first().map(Hir::kind),
                    Some(HirKind::Look(Look::Start))
                )
                && matches!(subs.last().map(Hir::kind), Some(HirKind::Alternation(_)))
        }
        _ => false,
    };
    if !lifted {
        return vec![hir];
    }
    match hir.into_kind() {
        HirKind::Alternation(subs) => subs,
        HirKind::Concat(mut head) => {
            let Some(HirKind::Alternation(alternatives)) = head.pop().map(Hir::into_kind) else {
                unreachable!("checked above")
            };
            alternatives
                .into_iter()
                .map(|alt| Hir::concat(head.iter().cloned().chain([alt]).collect()))
                .collect()
        }
        _ => unreachable!("checked above"),
    }
}

/// The pattern a rule is matched as: its case and word boundaries spelled out.
pub fn with_case(pattern: &str, case_sensitive: bool) -> String {
    if case_sensitive {
        ascii_word_boundaries(pattern)
    } else {
        format!(
            "(?i:{})",
            ascii_word_boundaries(&prefolded_classes(pattern))
        )
    }
}

/// `\p{L}` as `(?i)` makes it, written out so that the flag has nothing to do: folding the
/// case of a class of all letters is most of the work of parsing a pattern that holds one
/// (the packs hold about a hundred), and the result is the class itself plus U+0345, a
/// combining mark whose case folds to `ι` (a test checks the equality).
const PREFOLDED_LETTERS: (&str, &str) = (r"\p{L}", r"(?-i:[\p{L}\x{345}])");

/// `pattern`, meant to be read case-insensitively, with its classes of letters written out
/// as the flag makes them: `\p{L}` outside brackets, and bracketed classes of letters and
/// caseless items ([`prefolded_bracket`]). A pattern that sets flags of its own is left as
/// it is.
fn prefolded_classes(pattern: &str) -> String {
    if pattern
        .match_indices("(?")
        .any(|(at, _)| !pattern[at..].starts_with("(?:"))
    {
        return pattern.to_owned();
    }
    let mut out = String::with_capacity(pattern.len() + 64);
    let mut depth = 0usize;
    let mut rest = pattern;
    while let Some(c) = rest.chars().next() {
        if depth == 0 {
            let (from, to) = PREFOLDED_LETTERS;
            if rest.starts_with(from) {
                out.push_str(to);
                rest = &rest[from.len()..];
                continue;
            }
            if let Some((len, written)) = prefolded_bracket(rest) {
                out.push_str(&written);
                rest = &rest[len..];
                continue;
            }
        }
        let len = match c {
            // An escape and the character it escapes.
            '\\' => 1 + rest[1..].chars().next().map_or(0, char::len_utf8),
            '[' => {
                depth += 1;
                // A `]` first in a class (after `[` or `[^`) is a literal.
                let mut len = 1 + usize::from(rest[1..].starts_with('^'));
                len += usize::from(rest[len..].starts_with(']'));
                len
            }
            ']' if depth > 0 => {
                depth -= 1;
                1
            }
            _ => c.len_utf8(),
        };
        out.push_str(&rest[..len]);
        rest = &rest[len..];
    }
    out
}

/// A bracketed class at the start of `rest` made of `\p{L}` and items without case (`\p{N}`,
/// `\s`, `\d`, escaped ASCII punctuation, characters that are neither letters nor digits, a
/// `-` last), negated or not, written out as `(?i)` makes it: the same items and U+0345
/// (folding adds nothing else to such a union; tests check both the items and the built-in
/// packs). Its length in `rest` and its new spelling; `None` for any other class (ranges,
/// nested classes, set operations, letters), which the parser folds as before.
fn prefolded_bracket(rest: &str) -> Option<(usize, String)> {
    let body = if rest.starts_with("[^") {
        2
    } else if rest.starts_with('[') {
        1
    } else {
        return None;
    };
    let mut at = body;
    let mut letters = false;
    loop {
        let tail = &rest[at..];
        let c = tail.chars().next()?;
        at += match c {
            ']' if at > body => break,
            '\\' if tail.starts_with(r"\p{L}") => {
                letters = true;
                5
            }
            '\\' if tail.starts_with(r"\p{N}") => 5,
            '\\' => match tail[1..].chars().next()? {
                's' | 'd' => 2,
                e if e.is_ascii_punctuation() => 2,
                _ => return None,
            },
            '-' if tail[1..].starts_with(']') => 1,
            // `&&` and `~~` are set operations; one alone is itself.
            '&' | '~' if !tail[1..].starts_with(c) => 1,
            '[' | ']' | '-' | '&' | '~' => return None,
            c if !c.is_alphanumeric() => c.len_utf8(),
            _ => return None,
        };
    }
    letters.then(|| {
        let (head, items) = (&rest[..body], &rest[body..at]);
        (at + 1, format!(r"(?-i:{head}\x{{345}}{items}])"))
    })
}

/// Rewrites `\b` as an ASCII word boundary. A Unicode `\b` makes the set's fast DFA give up
/// on any line with a non-ASCII character (a curly quote is enough), and the slow engine
/// then runs every pattern: 50 times slower. Letters next to a boundary in the built-in
/// packs are ASCII, so nothing else changes.
fn ascii_word_boundaries(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('b') => out.push_str(r"(?-u:\b)"),
            Some(other) => {
                out.push(c);
                out.push(other);
            }
            None => out.push(c),
        }
    }
    out
}

/// The pattern a text rule matches: its `regex`, or its `phrases` as one alternation
/// (loading and the build script's table of the built-in packs must agree on it).
pub fn rule_pattern(spec: &RuleSpec) -> Result<String, &'static str> {
    match (&spec.regex, spec.phrases.is_empty()) {
        (Some(_), false) => Err("give either `regex` or `phrases`, not both"),
        (None, true) => Err("needs a `regex` or `phrases`"),
        (Some(re), true) => Ok(re.get_ref().clone()),
        (None, false) if spec.phrases.iter().any(|p| p.trim().is_empty()) => {
            Err("an empty phrase would match every line")
        }
        (None, false) => Ok(phrase_pattern(&spec.phrases, spec.phrase_match)),
    }
}

/// Literal phrases as one alternation, anchored as `match` asks. Surrounding punctuation
/// and symbols (`›`, `|`, `:`) do not stop a whole-line match.
pub fn phrase_pattern(phrases: &[String], how: PhraseMatch) -> String {
    let alternation = phrases
        .iter()
        .map(|p| regex_syntax::escape(p.trim()).replace(' ', r"\s+"))
        .collect::<Vec<_>>()
        .join("|");
    let edge = r"[^\p{L}\p{N}]*";
    match how {
        PhraseMatch::Line => format!(r"^{edge}(?:{alternation}){edge}$"),
        PhraseMatch::Prefix => format!(r"^{edge}(?:{alternation})\b"),
        PhraseMatch::Contains => format!(r"\b(?:{alternation})"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_boundaries_become_ascii_and_escapes_survive() {
        assert_eq!(ascii_word_boundaries(r"\bfoo\\b\d"), r"(?-u:\b)foo\\b\d");
    }

    #[test]
    fn prefolded_classes_are_what_case_folding_makes_them() {
        let folded = |p: &str| regex_syntax::parse(&format!("(?i:{p})")).unwrap();
        let (letters, written) = PREFOLDED_LETTERS;
        assert_eq!(folded(letters), folded(written));
        for class in [
            r"[^\p{L}]",
            r"[^\p{L}\p{N}]",
            r"[\p{L}\p{N}&'’.+-]",
            r"[^\p{L}\d\s]",
            r"[\p{L}\-\]\^~]",
            r"[\p{N}\p{L}«»]",
        ] {
            let written = prefolded_classes(class);
            assert!(written.starts_with("(?-i:"), "{class}");
            assert_eq!(folded(class), folded(&written), "{class}");
        }
    }

    /// The items a prefolded bracket may hold besides `\p{L}` have no case: every character
    /// that is neither a letter nor a digit, `\p{N}`, `\s` and `\d` fold to themselves alone.
    #[test]
    fn the_items_of_a_prefolded_bracket_are_caseless() {
        use regex_syntax::hir::{ClassUnicode, ClassUnicodeRange};
        let mut ranges = Vec::new();
        let mut start = None;
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            match (start, c.is_alphanumeric()) {
                (None, false) => start = Some(c),
                (Some(s), true) => {
                    let end = char::from_u32(u32::from(c) - 1).unwrap_or(s);
                    ranges.push(ClassUnicodeRange::new(s, end));
                    start = None;
                }
                _ => {}
            }
        }
        if let Some(s) = start {
            ranges.push(ClassUnicodeRange::new(s, char::MAX));
        }
        let others = ClassUnicode::new(ranges);
        let mut closed = others.clone();
        closed.case_fold_simple();
        assert_eq!(closed, others);
        for class in [r"\p{N}", r"\s", r"\d"] {
            assert_eq!(
                regex_syntax::parse(&format!("(?i:{class})")).unwrap(),
                regex_syntax::parse(class).unwrap(),
                "{class}"
            );
        }
    }

    /// Every built-in pattern parses to the same syntax tree with its classes written out
    /// as without.
    #[test]
    fn built_in_patterns_parse_the_same_prefolded() {
        for (file, text) in super::super::builtin::PACKS {
            for spec in super::super::pack::PackFile::parse(file, text)
                .unwrap()
                .rules
            {
                if spec.is_block_rule() || spec.case_sensitive {
                    continue;
                }
                let pattern = rule_pattern(&spec).unwrap();
                let plain = format!("(?i:{})", ascii_word_boundaries(&pattern));
                assert_eq!(
                    regex_syntax::parse(&with_case(&pattern, false)).unwrap(),
                    regex_syntax::parse(&plain).unwrap(),
                    "{}",
                    spec.id.get_ref()
                );
            }
        }
    }

    #[test]
    fn only_classes_outside_brackets_are_written_out() {
        let folded = |p: &str| prefolded_classes(p);
        assert_eq!(
            folded(r"^[^\p{L}]*x\p{L}+"),
            r"^(?-i:[^\x{345}\p{L}])*x(?-i:[\p{L}\x{345}])+"
        );
        assert_eq!(folded(r"[^\p{L}\p{N}]*$"), r"(?-i:[^\x{345}\p{L}\p{N}])*$");
        assert_eq!(
            folded(r"[\p{L}\p{N} .-]{1,60}$"),
            r"(?-i:[\x{345}\p{L}\p{N} .-]){1,60}$"
        );
        for unchanged in [
            r"[\p{N} .]{1,60}$",
            r"[]\p{L}]",
            r"[^]\p{L}]",
            r"[a\p{L}]",
            r"[\p{L}a-z]",
            r"[\p{L}&&\p{N}]",
            r"[\p{L}--x]",
            r"[a[^\p{L}]]",
            r"\\p{L}",
            r"\[^\p{L}]",
            r"(?-i:[^\p{L}])",
            r"(?i)\p{L}",
        ] {
            let expected = match unchanged {
                r"\\p{L}" => r"\\p{L}".to_owned(),
                r"\[^\p{L}]" => r"\[^(?-i:[\p{L}\x{345}])]".to_owned(),
                _ => unchanged.to_owned(),
            };
            assert_eq!(folded(unchanged), expected, "{unchanged}");
        }
    }
}
