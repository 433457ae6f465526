//! Turns the phrase and regex rules of every pack into regexes, and finds the rules that
//! match a line: a literal prefilter picks the few rules whose required words occur in the
//! line, behind a length gate (a long prose line meets only the rules that allow long
//! lines), and only their regexes run.

use regex_syntax::hir::{Hir, HirKind, Look};

use super::charclass::CharClass;
use super::lang::Lang;
use super::lazy::{self, LazyRegex};
use super::literals::{anchored_prefixes, required_literals, split_first_letter, Anchor};
use super::pack::{line_of, Action, PhraseMatch, Position, RuleSpec};
use super::prefilter::{Needle, Prefilter, RuleBits};
use super::tail::{expand_optional_run, TailRun};
use super::RuleError;

/// A rule without `max_words` applies to lines of at most this many words, so that no
/// phrase rule drops a prose paragraph by accident.
pub const DEFAULT_MAX_WORDS: usize = 30;
/// How far a block rule looks for its closing line when `max_lines` is not given.
pub const DEFAULT_BLOCK_LINES: usize = 20;
/// The most a block rule may look ahead: the filter holds this many lines at most.
pub const MAX_BLOCK_LINES: usize = 60;

/// Positions as a bit set.
pub const HEAD: u8 = 1;
pub const BODY: u8 = 2;
pub const TAIL: u8 = 4;
const ANYWHERE: u8 = HEAD | BODY | TAIL;

/// One rule of a pack, ready to match (its regexes compile on first use).
#[derive(Debug)]
pub struct CompiledRule {
    /// The rule's id, `pack.name`.
    pub id: String,
    /// What the rule removes, in words.
    pub description: String,
    /// Index of its pack in [`RuleBook::packs`](super::RuleBook).
    pub pack: usize,
    /// What happens when it matches: drop the line, cut the rest, or drop a block.
    pub action: Action,
    /// The rule's pattern (case and word boundaries as matched), one regex per top-level
    /// alternative: each alone keeps its lazy DFA small (bounded repetitions of several
    /// alternatives multiply into more states than the cache holds, and the search falls
    /// back to a slow engine), and gets its own literals.
    branches: Vec<Branch>,
    /// For a block: the line that closes it.
    #[doc(hidden)]
    pub until: Option<LazyRegex>,
    /// For a block: how far to look for the closing line.
    pub max_lines: usize,
    /// The longest line, in words, the rule may drop.
    pub max_words: usize,
    /// The longest line, in characters, the rule may drop.
    pub max_chars: usize,
    /// Where in the document it may fire (a set of position bits).
    #[doc(hidden)]
    pub positions: u8,
    /// The languages it applies to; empty for any.
    #[doc(hidden)]
    pub languages: Vec<Lang>,
    /// Whether it runs.
    pub enabled: bool,
    /// Lines it must drop (`--test-rules` and the test suite check them).
    pub examples: Vec<String>,
    /// Similar article lines no rule may drop.
    pub counter_examples: Vec<String>,
}

impl CompiledRule {
    /// The line-local conditions: size and language (position is the filter's business).
    fn admits(&self, words: usize, chars: usize, lang: Option<Lang>) -> bool {
        words <= self.max_words
            && chars <= self.max_chars
            && (self.languages.is_empty() || lang.is_none_or(|l| self.languages.contains(&l)))
    }
}

/// One top-level alternative of a rule's pattern.
#[derive(Debug)]
struct Branch {
    regex: BranchRegex,
    /// Strings one of which occurs in every line the branch matches, if any are known.
    literals: Option<Vec<Vec<u8>>>,
    /// Where every match starts and with what, when that is tied to the line's start.
    anchor: Option<Anchor>,
}

/// How a branch is matched: whole, or with its large Unicode class taken out of the automaton.
#[derive(Debug)]
enum BranchRegex {
    Whole(LazyRegex),
    /// `^S*X` where `X` starts with a letter: `X` alone, run from the first character
    /// outside `S` (see [`split_first_letter`]).
    FromFirstLetter(CharClass, LazyRegex),
    /// `X[C]{m,n}W$` with a large run (see [`TailRun`]).
    TailRun(Box<TailRun>),
}

impl Branch {
    /// What the prefilter looks for. A prefix at a known place rules out more lines than
    /// a word anywhere, unless the prefix is a single byte and the word is longer.
    fn needle(&self) -> Needle<'_> {
        let shortest = |set: &[Vec<u8>]| set.iter().map(Vec::len).min().unwrap_or(0);
        match (&self.anchor, &self.literals) {
            (Some(anchor), Some(literals))
                if shortest(anchor.prefixes()) < 2
                    && shortest(literals) > shortest(anchor.prefixes()) =>
            {
                Needle::Anywhere(literals)
            }
            (Some(anchor), _) => Needle::Anchored(anchor),
            (None, Some(literals)) => Needle::Anywhere(literals),
            (None, None) => Needle::Nothing,
        }
    }

    /// The alternatives of a pattern: a line matches the pattern when it matches any.
    fn split(hir: Hir) -> Result<Vec<Branch>, String> {
        let alternatives = alternatives(hir);
        alternatives
            .into_iter()
            .flat_map(expand_optional_run)
            .map(|hir| {
                let (literals, anchor) = (required_literals(&hir), anchored_prefixes(&hir));
                let regex = match split_first_letter(&hir, anchor.as_ref()) {
                    Some((skip, rest)) => {
                        BranchRegex::FromFirstLetter(skip, LazyRegex::anchored(rest)?)
                    }
                    None => match TailRun::split(&hir)? {
                        Some(tail) => BranchRegex::TailRun(Box::new(tail)),
                        None => BranchRegex::Whole(LazyRegex::new(hir)?),
                    },
                };
                Ok(Branch {
                    regex,
                    literals,
                    anchor,
                })
            })
            .collect()
    }

    fn is_match(&self, text: &str) -> bool {
        match &self.regex {
            BranchRegex::Whole(regex) => regex.is_match(text),
            BranchRegex::FromFirstLetter(skip, rest) => rest.is_match_at(text, skip.run_end(text)),
            BranchRegex::TailRun(tail) => tail.is_match(text),
        }
    }
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

/// Where a rule was written, for error messages.
pub struct Origin<'a> {
    pub file: &'a str,
    pub text: &'a str,
}

impl Origin<'_> {
    pub fn error(&self, offset: usize, rule: &str, message: String) -> RuleError {
        RuleError::Invalid {
            file: self.file.to_owned(),
            line: Some(line_of(self.text, offset)),
            rule: Some(rule.to_owned()),
            message,
        }
    }
}

/// Turns one rule as written into its compiled form.
pub fn compile_rule(
    spec: &RuleSpec,
    pack: usize,
    origin: &Origin<'_>,
) -> Result<CompiledRule, RuleError> {
    let id = spec.id.get_ref().as_str();
    let id_at = spec.id.span().start;
    let err = |offset: usize, message: String| origin.error(offset, id, message);
    let pattern = match (&spec.regex, spec.phrases.is_empty()) {
        (Some(_), false) => {
            return Err(err(
                id_at,
                "give either `regex` or `phrases`, not both".into(),
            ))
        }
        (None, true) => return Err(err(id_at, "needs a `regex` or `phrases`".into())),
        (Some(re), true) => re.get_ref().clone(),
        (None, false) => {
            if spec.phrases.iter().any(|p| p.trim().is_empty()) {
                return Err(err(id_at, "an empty phrase would match every line".into()));
            }
            phrase_pattern(&spec.phrases, spec.phrase_match)
        }
    };
    let at = spec.regex.as_ref().map_or(id_at, |r| r.span().start);
    // What the matcher runs: the case and word boundaries spelled out in the pattern.
    let matched = with_case(&pattern, spec.case_sensitive);
    let hir = match regex_syntax::parse(&matched) {
        Ok(hir) => hir,
        // The pattern as written words the error best.
        Err(e) => {
            may_match_empty(&pattern, spec.case_sensitive).map_err(|e| err(at, e))?;
            return Err(err(at, format!("invalid regex: {e}")));
        }
    };
    let empty = match hir.properties().minimum_len() {
        Some(0) => may_match_empty(&pattern, spec.case_sensitive).map_err(|e| err(at, e))?,
        _ => false,
    };
    if empty {
        return Err(err(at, "the regex matches the empty line, so it would drop every blank line; anchor it or require some text".into()));
    }
    let branches = Branch::split(hir).map_err(|e| err(at, e))?;
    let until = match (&spec.until, spec.action) {
        (Some(u), Action::Block) => {
            let at = u.span().start;
            if may_match_empty(u.get_ref(), spec.case_sensitive).map_err(|e| err(at, e))? {
                return Err(err(at, "`until` matches the empty line".into()));
            }
            let hir = parse(u.get_ref(), spec.case_sensitive).map_err(|e| err(at, e))?;
            Some(LazyRegex::new(hir).map_err(|e| err(at, e))?)
        }
        (None, Action::Block) => {
            return Err(err(
                id_at,
                "`action = \"block\"` needs an `until` regex".into(),
            ))
        }
        (Some(u), _) => {
            return Err(err(
                u.span().start,
                "`until` only goes with `action = \"block\"`".into(),
            ))
        }
        (None, _) => None,
    };
    let max_lines = spec.max_lines.unwrap_or(DEFAULT_BLOCK_LINES);
    if max_lines > MAX_BLOCK_LINES {
        return Err(err(
            id_at,
            format!("`max_lines` is at most {MAX_BLOCK_LINES}"),
        ));
    }
    let mut languages = Vec::new();
    for code in &spec.languages {
        languages
            .push(Lang::from_code(code).ok_or_else(|| {
                err(id_at, format!("unknown language {code:?} (en, de, fr, es)"))
            })?);
    }
    let positions = spec.position.iter().fold(0, |acc, p| {
        acc | match p {
            Position::Head => HEAD,
            Position::Body => BODY,
            Position::Tail => TAIL,
            Position::Anywhere => ANYWHERE,
        }
    });
    let rule = CompiledRule {
        id: id.to_owned(),
        description: spec.description.clone(),
        pack,
        action: spec.action,
        branches,
        until,
        max_lines,
        max_words: spec.max_words.unwrap_or(DEFAULT_MAX_WORDS),
        max_chars: spec.max_chars.unwrap_or(usize::MAX),
        positions: if positions == 0 { ANYWHERE } else { positions },
        languages,
        enabled: spec.enabled,
        examples: spec.examples.clone(),
        counter_examples: spec.counter_examples.clone(),
    };
    Ok(rule)
}

fn with_case(pattern: &str, case_sensitive: bool) -> String {
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

/// Whether the pattern matches the empty line, or why it is not a valid regex. Compiling a
/// `Regex` only to ask this cost most of the start-up (Unicode classes and case folding make
/// large automata, and the pack sets compile every pattern again anyway), so a pattern that
/// parses and needs at least one byte to match is settled from its syntax tree alone. Any
/// other pattern (a syntax error, or one that may match nothing, like `^$` or `\b`) still
/// goes through `Regex`, so the error text and the empty-line answer stay exactly the same.
fn may_match_empty(pattern: &str, case_sensitive: bool) -> Result<bool, String> {
    if let Ok(hir) = parse(pattern, case_sensitive) {
        if hir.properties().minimum_len().is_none_or(|n| n > 0) {
            return Ok(false);
        }
    }
    Ok(lazy::build(pattern, !case_sensitive)?.is_match(""))
}

/// The syntax tree of a pattern; a syntax error reads as the regex crate words it.
fn parse(pattern: &str, case_sensitive: bool) -> Result<regex_syntax::hir::Hir, String> {
    regex_syntax::ParserBuilder::new()
        .case_insensitive(!case_sensitive)
        .build()
        .parse(pattern)
        .map_err(|_| match lazy::build(pattern, !case_sensitive) {
            Err(e) => e,
            Ok(_) => format!("invalid regex: {pattern:?} does not parse"),
        })
}

/// Literal phrases as one alternation, anchored as `match` asks. Surrounding punctuation
/// and symbols (`›`, `|`, `:`) do not stop a whole-line match.
fn phrase_pattern(phrases: &[String], how: PhraseMatch) -> String {
    let alternation = phrases
        .iter()
        .map(|p| regex::escape(p.trim()).replace(' ', r"\s+"))
        .collect::<Vec<_>>()
        .join("|");
    let edge = r"[^\p{L}\p{N}]*";
    match how {
        PhraseMatch::Line => format!(r"^{edge}(?:{alternation}){edge}$"),
        PhraseMatch::Prefix => format!(r"^{edge}(?:{alternation})\b"),
        PhraseMatch::Contains => format!(r"\b(?:{alternation})"),
    }
}

/// Every rule of the book, compiled.
#[derive(Debug)]
pub struct Matcher {
    pub rules: Vec<CompiledRule>,
    /// Every branch of every rule, as (rule, branch of the rule), in load order: the
    /// prefilter's candidates are indices into this.
    branches: Vec<(usize, usize)>,
    /// The literal search for lines within the gate: every enabled rule.
    short_lines: Prefilter,
    /// For lines past the gate: only the enabled rules that allow such long lines. Prose
    /// paragraphs are most of the text, and these rules are few.
    long_lines: Prefilter,
    gate_words: usize,
    /// The largest `max_words` of an enabled rule: longer lines meet no rule at all.
    max_words: usize,
}

impl Matcher {
    pub fn new(rules: Vec<CompiledRule>) -> Matcher {
        // Most rules are about short lines; a line past the default limit meets only the
        // few that allow more (cookie and legal notices, long prompts).
        let gate_words = DEFAULT_MAX_WORDS;
        let branches: Vec<(usize, usize)> = rules
            .iter()
            .enumerate()
            .flat_map(|(i, r)| (0..r.branches.len()).map(move |k| (i, k)))
            .collect();
        let enabled = |long_only: bool| {
            let rules = &rules;
            branches
                .iter()
                .enumerate()
                .filter(move |(_, &(i, _))| {
                    rules[i].enabled && (!long_only || rules[i].max_words > gate_words)
                })
                .map(|(b, &(i, k))| (b, rules[i].branches[k].needle()))
        };
        let short_lines = Prefilter::new(enabled(false), branches.len());
        let long_lines = Prefilter::new(enabled(true), branches.len());
        let max_words = rules
            .iter()
            .filter(|r| r.enabled)
            .map(|r| r.max_words)
            .max()
            .unwrap_or(0);
        Matcher {
            rules,
            branches,
            short_lines,
            long_lines,
            gate_words,
            max_words,
        }
    }

    /// Every enabled rule whose pattern and line-local conditions match, in load order.
    pub fn hits(&self, text: &str, words: usize, lang: Option<Lang>, out: &mut Vec<usize>) {
        out.clear();
        if text.is_empty() || words > self.max_words {
            return;
        }
        let prefilter = if words > self.gate_words {
            &self.long_lines
        } else {
            &self.short_lines
        };
        let mut candidates = RuleBits::with_len(self.branches.len());
        prefilter.candidates(text, &mut candidates);
        let mut chars = None;
        for b in candidates.iter() {
            let (i, k) = self.branches[b];
            if out.last() == Some(&i) {
                continue;
            }
            let rule = &self.rules[i];
            let chars = *chars.get_or_insert_with(|| text.chars().count());
            if rule.admits(words, chars, lang) && rule.branches[k].is_match(text) {
                out.push(i);
            }
        }
    }

    /// The enabled rules matching a line on its own, wherever it sits (for examples, tests
    /// and benches).
    pub fn hits_alone(&self, text: &str) -> Vec<usize> {
        let mut hits = Vec::new();
        self.hits(text, super::structure::word_count(text), None, &mut hits);
        hits
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_line_phrases_ignore_edge_punctuation_and_case() {
        let re = lazy::build(
            &phrase_pattern(&["Share this".into()], PhraseMatch::Line),
            true,
        )
        .unwrap();
        assert!(re.is_match("› SHARE THIS:"));
        assert!(!re.is_match("Share this story with a friend"));
    }

    #[test]
    fn word_boundaries_become_ascii_and_escapes_survive() {
        assert_eq!(ascii_word_boundaries(r"\bfoo\\b\d"), r"(?-u:\b)foo\\b\d");
    }

    #[test]
    fn prefix_phrases_stop_at_a_word_boundary() {
        let re = lazy::build(
            &phrase_pattern(&["Read more".into()], PhraseMatch::Prefix),
            true,
        )
        .unwrap();
        assert!(re.is_match("Read more: the other story"));
        assert!(!re.is_match("Readmore"));
        assert!(!re.is_match("We read more books"));
    }

    /// A branch run from the first character its `^S*` does not skip matches exactly the
    /// lines the whole branch does.
    #[test]
    fn split_branches_match_what_the_whole_pattern_matches() {
        let phrases = ["Share this", "Print", "Ähnliche Artikel", "e-mail"].map(String::from);
        let patterns = [
            with_case(&phrase_pattern(&phrases, PhraseMatch::Line), false),
            with_case(&phrase_pattern(&phrases, PhraseMatch::Prefix), false),
            with_case(r"^[^\p{L}]*(?:share|print)\b|^[^\p{L}]*ähnlich", false),
            with_case(r"^\s*(?:related|more)\s+stories$", false),
            with_case(r"^[^\p{L}\d]*(?:photo|bild)\s*:", false),
        ];
        let lines = [
            "Share this",
            "› SHARE THIS:",
            "1. Share this",
            "— share this —",
            "  Print",
            "Print it",
            "«Ähnliche Artikel»",
            "ähnliche artikel",
            "e-mail",
            "• E-Mail",
            "Reprint",
            "x Share this",
            "Related stories",
            " more  stories",
            "3 more stories",
            "Photo: AP",
            "12 Photo: AP",
            "… Bild : dpa",
            "",
            "»",
            "42",
            "ſhare this",
        ];
        let mut split = 0;
        for pattern in &patterns {
            let whole = regex::Regex::new(pattern).unwrap();
            let branches = Branch::split(regex_syntax::parse(pattern).unwrap()).unwrap();
            split += branches
                .iter()
                .filter(|b| matches!(b.regex, BranchRegex::FromFirstLetter(..)))
                .count();
            for line in lines {
                assert_eq!(
                    branches.iter().any(|b| b.is_match(line)),
                    whole.is_match(line),
                    "{pattern} on {line:?}"
                );
            }
        }
        assert!(split >= 5, "only {split} branches were split");
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
                let pattern = match &spec.regex {
                    Some(re) => re.get_ref().clone(),
                    None => phrase_pattern(&spec.phrases, spec.phrase_match),
                };
                if spec.case_sensitive {
                    continue;
                }
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

    /// Every built-in rule's branches, split or whole, match exactly the lines its whole
    /// pattern matches, on random lines made of the pieces those patterns look for.
    #[test]
    fn built_in_branches_match_what_their_whole_patterns_match() {
        use proptest::prelude::*;
        let compiled: Vec<(String, regex::Regex, Vec<Branch>)> = super::super::builtin::PACKS
            .iter()
            .flat_map(|(file, text)| {
                super::super::pack::PackFile::parse(file, text)
                    .unwrap()
                    .rules
            })
            .map(|spec| {
                let pattern = match &spec.regex {
                    Some(re) => re.get_ref().clone(),
                    None => phrase_pattern(&spec.phrases, spec.phrase_match),
                };
                let pattern = with_case(&pattern, spec.case_sensitive);
                let whole = regex::Regex::new(&pattern).unwrap();
                let branches = Branch::split(regex_syntax::parse(&pattern).unwrap()).unwrap();
                (spec.id.into_inner(), whole, branches)
            })
            .collect();
        let pieces: Vec<String> = [
            "Photo",
            "photo",
            "Credit",
            "credit",
            "Image",
            ":",
            " ",
            "  ",
            "\t",
            "\u{a0}",
            "Jane Doe",
            "AP",
            "é",
            "Ünal",
            "Getty Images",
            "getty images",
            "via",
            "AFP",
            "Reuters",
            "/",
            "(",
            ")",
            "-",
            ".",
            ",",
            "'",
            "’",
            "|",
            "1",
            "12",
            "3 of 10",
            "10:30",
            "2 hours ago",
            "—",
            "•",
            "›",
            "«",
            "Share",
            "share this",
            "Print",
            "Email",
            "comments",
            "Comments",
            "Read more",
            "Sign up",
            "newsletter",
            "Subscribe",
            "log in",
            "or",
            "and",
            "Gallery",
            "caption",
            "copyright",
            "Advertisement",
            "cookies",
            "Related",
            "ſ",
            "中文",
            "x",
        ]
        .map(String::from)
        .into_iter()
        .chain(["y".repeat(45), "é".repeat(61)])
        .collect();
        // No failure file: it would land in a top-level folder of the repository.
        let config = ProptestConfig {
            cases: 4000,
            failure_persistence: None,
            ..ProptestConfig::default()
        };
        proptest!(config, |(parts in prop::collection::vec(prop::sample::select(pieces.clone()), 1..7))| {
            let line = parts.concat();
            for (id, whole, branches) in &compiled {
                prop_assert_eq!(
                    branches.iter().any(|b| b.is_match(&line)),
                    whole.is_match(&line),
                    "{} on {:?}", id, line
                );
            }
        });
    }

    /// The prefilter (literals anywhere, prefixes at the line start, at the first letter and
    /// before it) never keeps a rule from a line it matches: on every line of the fixtures,
    /// in upper case and behind signs and digits, and on lines made of rule words, `hits`
    /// gives what running every enabled rule's branches gives.
    #[test]
    fn the_prefilter_passes_every_line_a_rule_matches() {
        use proptest::prelude::*;
        let book = super::super::RuleBook::from_selection(&Default::default()).unwrap();
        let matcher = &book.matcher;
        let every_rule = |line: &str, words: usize| -> Vec<usize> {
            if line.is_empty() {
                return Vec::new();
            }
            let chars = line.chars().count();
            (0..matcher.rules.len())
                .filter(|&i| {
                    let rule = &matcher.rules[i];
                    rule.enabled
                        && rule.admits(words, chars, None)
                        && rule.branches.iter().any(|b| b.is_match(line))
                })
                .collect()
        };
        let check = |line: &str| {
            let mut hits = Vec::new();
            let words = super::super::structure::word_count(line);
            matcher.hits(line, words, None, &mut hits);
            assert_eq!(hits, every_rule(line, words), "{line:?}");
        };
        let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
        let mut lines = 0;
        for entry in std::fs::read_dir(fixtures).unwrap() {
            let Ok(text) = std::fs::read_to_string(entry.unwrap().path()) else {
                continue;
            };
            for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
                for variant in [
                    line.to_owned(),
                    line.to_uppercase(),
                    format!("• {line}"),
                    format!("| 3 {line} |"),
                    format!("12 of 20 {line}"),
                ] {
                    check(&variant);
                }
                lines += 1;
            }
        }
        assert!(lines > 300, "the fixtures hold {lines} lines");
        let pieces = [
            "Image ",
            "1",
            " of ",
            "23",
            " / ",
            "|",
            "•",
            "›",
            "Log in",
            "or",
            "and",
            "Register",
            "Share",
            "Print",
            "Email",
            "Advertisement",
            "SPONSORED",
            "Privacy Policy",
            "Terms of Use",
            "cookies",
            "Newsletter",
            "abonnieren",
            "für",
            "Más",
            "©",
            "(c)",
            "2024",
            "10:30",
            "min read",
            "Photo: ",
            "Getty Images",
            "via",
            "AFP",
            "Read more",
            "Related",
            "Comments",
            "ſ",
            "\u{212A}",
            " ",
            "-",
            ":",
            "é",
            "x",
        ];
        let config = ProptestConfig {
            cases: 3000,
            failure_persistence: None,
            ..ProptestConfig::default()
        };
        proptest!(config, |(parts in prop::collection::vec(prop::sample::select(pieces.to_vec()), 1..8))| {
            check(&parts.concat());
        });
    }

    fn pack_with(regex: &str) -> String {
        format!(
            "[pack]\nid = \"p\"\nname = \"P\"\ndescription = \"d\"\nversion = \"1\"\n\n\
             [[rule]]\nid = \"p.x\"\ndescription = \"d\"\nregex = '''{regex}'''\n"
        )
    }

    fn load(regex: &str) -> Result<super::super::RuleBook, String> {
        let text = pack_with(regex);
        super::super::RuleBook::from_texts(&[("mine.toml", &text)], &Default::default())
            .map_err(|e| e.to_string())
    }

    #[test]
    fn a_huge_regex_is_refused_at_load_naming_file_and_rule() {
        // Refused from the size estimate before any compiling, or compiled at load.
        for regex in [
            r"\w{1000}{1000}",
            r"(?:\p{L}{500}|\w{500}|x){100}",
            r".{200000}",
        ] {
            let err = load(regex).unwrap_err();
            assert!(err.starts_with("mine.toml:10: rule p.x: "), "{err}");
            assert!(
                err.contains("too large") || err.contains("size limit"),
                "{err}"
            );
            assert_eq!(err.lines().count(), 1, "{err}");
        }
    }

    #[test]
    fn a_line_matches_a_rule_when_it_matches_any_alternative() {
        let book = load(r"^photo:\s*\S+$|\bcookies\b.{0,20}\baccept|^\d+ min read$").unwrap();
        for line in [
            "Photo: Reuters",
            "We use Cookies, please accept",
            "5 min read",
        ] {
            assert_eq!(book.matching_rules(line), ["p.x"], "{line}");
        }
        for line in ["A photo: of something", "cookies are nice", "5 min"] {
            assert!(book.matching_rules(line).is_empty(), "{line}");
        }
    }
}
