//! Turns the phrase and regex rules of every pack into regexes, and finds the rules that
//! match a line: a literal prefilter picks the few rules whose required words occur in the
//! line, behind a length gate (a long prose line meets only the rules that allow long
//! lines), and only their regexes run.

use std::sync::OnceLock;

use regex_syntax::hir::Hir;

use super::analysis::{self, with_case, BranchFacts};
use super::builtin;
use super::charclass::CharClass;
use super::lang::Lang;
use super::lazy::{self, LazyRegex};
use super::literals::{split_first_letter, Anchor};
use super::pack::{line_of, Action, Position, RuleSpec};
use super::phrase_table::PhraseTable;
use super::prefilter::{Needle, Prefilter, RuleBits};
use super::tail::TailRun;
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
    /// The rule's pattern (case and word boundaries as matched) is searched as one regex per
    /// top-level alternative (branch): each alone keeps its lazy DFA small (bounded
    /// repetitions of several alternatives multiply into more states than the cache holds,
    /// and the search falls back to a slow engine), and gets its own literals. What the
    /// prefilter knows of each branch, in order.
    branches: Vec<BranchFacts>,
    /// The branches' regexes, in the same order.
    regexes: BranchRegexes,
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
    /// Whether branch `k` of the rule matches the line.
    fn branch_matches(&self, k: usize, text: &str) -> bool {
        self.regexes.get(&self.branches)[k].is_match(text)
    }

    /// Whether any branch of the rule matches the line.
    #[cfg(test)]
    fn any_branch_matches(&self, text: &str) -> bool {
        (0..self.branches.len()).any(|k| self.branch_matches(k, text))
    }

    /// The line-local conditions: size and language (position is the filter's business).
    fn admits(&self, words: usize, chars: usize, lang: Option<Lang>) -> bool {
        words <= self.max_words
            && chars <= self.max_chars
            && (self.languages.is_empty() || lang.is_none_or(|l| self.languages.contains(&l)))
    }
}

/// The regexes of a rule's branches. A built-in rule's were analysed by the build script,
/// and its pattern is parsed and split again only when a line first reaches one of its
/// branches; a user's rule is parsed when its pack loads (to report its errors), and keeps
/// what that made.
#[derive(Debug)]
struct BranchRegexes {
    /// For a built-in rule not yet parsed: its pattern as written, and whether it is
    /// case-sensitive.
    pattern: Option<(Box<str>, bool)>,
    regexes: OnceLock<Vec<BranchRegex>>,
}

impl BranchRegexes {
    fn get(&self, facts: &[BranchFacts]) -> &[BranchRegex] {
        self.regexes.get_or_init(|| {
            let (pattern, case_sensitive) = self
                .pattern
                .as_ref()
                .expect("a rule not parsed keeps its pattern");
            let hir = regex_syntax::parse(&with_case(pattern, *case_sensitive))
                .expect("built-in patterns parse (the build script parsed them)");
            let regexes: Vec<BranchRegex> = analysis::branches_with_tables(hir)
                .into_iter()
                .zip(facts)
                .map(|((hir, table), facts)| {
                    BranchRegex::new(hir, table, facts.anchor.as_ref())
                        .unwrap_or_else(|e| panic!("built-in rule regex failed to build: {e}"))
                })
                .collect();
            assert_eq!(regexes.len(), facts.len(), "the build script's branches");
            regexes
        })
    }
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
    /// `^S*(?:phrases)T*$`, looked up in a table of its phrases (see [`PhraseTable`]).
    Phrases(Box<PhraseTable>),
}

impl BranchFacts {
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
}

/// The branches of a pattern, analysed and with their regexes.
fn split(hir: Hir) -> Result<(Vec<BranchFacts>, Vec<BranchRegex>), String> {
    analysis::branches_with_tables(hir)
        .into_iter()
        .map(|(hir, table)| {
            let facts = BranchFacts::of(&hir);
            let regex = BranchRegex::new(hir, table, facts.anchor.as_ref())?;
            Ok((facts, regex))
        })
        .collect()
}

impl BranchRegex {
    /// The regex of one branch; `table` is the one [`analysis::branches_with_tables`] gave
    /// it, and `anchor` its [`BranchFacts::anchor`].
    fn new(
        hir: Hir,
        table: Option<PhraseTable>,
        anchor: Option<&Anchor>,
    ) -> Result<BranchRegex, String> {
        if let Some(table) = table {
            return Ok(BranchRegex::Phrases(Box::new(table)));
        }
        Ok(match split_first_letter(&hir, anchor) {
            Some((skip, rest)) => BranchRegex::FromFirstLetter(skip, LazyRegex::anchored(rest)?),
            None => match TailRun::split(&hir)? {
                Some(tail) => BranchRegex::TailRun(Box::new(tail)),
                None => BranchRegex::Whole(LazyRegex::new(hir)?),
            },
        })
    }

    fn is_match(&self, text: &str) -> bool {
        match self {
            BranchRegex::Whole(regex) => regex.is_match(text),
            BranchRegex::FromFirstLetter(skip, rest) => rest.is_match_at(text, skip.run_end(text)),
            BranchRegex::TailRun(tail) => tail.is_match(text),
            BranchRegex::Phrases(table) => table.is_match(text),
        }
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
    let pattern = analysis::rule_pattern(spec).map_err(|message| err(id_at, message.into()))?;
    let at = spec.regex.as_ref().map_or(id_at, |r| r.span().start);
    let (branches, regexes) = match builtin::analysed(&pattern, spec.case_sensitive) {
        // Checked and analysed by the build script; parsed on first use.
        Some(facts) => (
            facts.iter().map(BranchFacts::from_static).collect(),
            BranchRegexes {
                pattern: Some((pattern.into(), spec.case_sensitive)),
                regexes: OnceLock::new(),
            },
        ),
        None => {
            // What the matcher runs: the case and word boundaries spelled out in the pattern.
            let matched = with_case(&pattern, spec.case_sensitive);
            let (facts, regexes) = parse_checked(&pattern, &matched, spec.case_sensitive)
                .and_then(split)
                .map_err(|e| err(at, e))?;
            (
                facts,
                BranchRegexes {
                    pattern: None,
                    regexes: OnceLock::from(regexes),
                },
            )
        }
    };
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
        regexes,
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

/// The syntax tree of the pattern a rule is matched as (`matched`, from `pattern` as written),
/// or why it cannot be a rule: not a valid regex, or matching the empty line.
fn parse_checked(pattern: &str, matched: &str, case_sensitive: bool) -> Result<Hir, String> {
    let hir = match regex_syntax::parse(matched) {
        Ok(hir) => hir,
        // The pattern as written words the error best.
        Err(e) => {
            may_match_empty(pattern, case_sensitive)?;
            return Err(format!("invalid regex: {e}"));
        }
    };
    let empty = match hir.properties().minimum_len() {
        Some(0) => may_match_empty(pattern, case_sensitive)?,
        _ => false,
    };
    if empty {
        return Err("the regex matches the empty line, so it would drop every blank line; anchor it or require some text".into());
    }
    Ok(hir)
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

    /// Every enabled rule whose pattern and line-local conditions match, in load order; and
    /// whether the language was asked (a rule for some languages only was a candidate):
    /// if not, the line has these hits in a document of any language.
    pub fn hits(&self, text: &str, words: usize, lang: Option<Lang>, out: &mut Vec<usize>) -> bool {
        out.clear();
        if text.is_empty() || words > self.max_words {
            return false;
        }
        let prefilter = if words > self.gate_words {
            &self.long_lines
        } else {
            &self.short_lines
        };
        let mut candidates = RuleBits::with_len(self.branches.len());
        prefilter.candidates(text, &mut candidates);
        let mut chars = None;
        let mut asked_language = false;
        for b in candidates.iter() {
            let (i, k) = self.branches[b];
            if out.last() == Some(&i) {
                continue;
            }
            let rule = &self.rules[i];
            let chars = *chars.get_or_insert_with(|| text.chars().count());
            asked_language |= !rule.languages.is_empty();
            if rule.admits(words, chars, lang) && rule.branch_matches(k, text) {
                out.push(i);
            }
        }
        asked_language
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
    use crate::rules::analysis::phrase_pattern;
    use crate::rules::pack::PhraseMatch;

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
        let mut split_count = 0;
        for pattern in &patterns {
            let whole = regex::Regex::new(pattern).unwrap();
            let (_, branches) = split(regex_syntax::parse(pattern).unwrap()).unwrap();
            split_count += branches
                .iter()
                .filter(|b| matches!(b, BranchRegex::FromFirstLetter(..)))
                .count();
            for line in lines {
                assert_eq!(
                    branches.iter().any(|b| b.is_match(line)),
                    whole.is_match(line),
                    "{pattern} on {line:?}"
                );
            }
        }
        assert!(split_count >= 5, "only {split_count} branches were split");
    }

    /// Every built-in rule's branches, split or whole, match exactly the lines its whole
    /// pattern matches, on random lines made of the pieces those patterns look for.
    #[test]
    fn built_in_branches_match_what_their_whole_patterns_match() {
        use proptest::prelude::*;
        let compiled: Vec<(String, regex::Regex, Vec<BranchRegex>)> = super::super::builtin::PACKS
            .iter()
            .flat_map(|(file, text)| {
                super::super::pack::PackFile::parse(file, text)
                    .unwrap()
                    .rules
            })
            .filter(|spec| !spec.is_block_rule())
            .map(|spec| {
                let pattern = analysis::rule_pattern(&spec).unwrap();
                let pattern = with_case(&pattern, spec.case_sensitive);
                let whole = regex::Regex::new(&pattern).unwrap();
                let (_, branches) = split(regex_syntax::parse(&pattern).unwrap()).unwrap();
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
                    rule.enabled && rule.admits(words, chars, None) && rule.any_branch_matches(line)
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

    /// Every built-in rule loads from the build script's analysis, which is what loading
    /// would find, and its regexes build when first used.
    #[test]
    fn built_in_rules_load_with_the_analysis_of_the_build_script() {
        let mut rules = 0;
        for (file, text) in super::super::builtin::PACKS {
            for spec in super::super::pack::PackFile::parse(file, text)
                .unwrap()
                .rules
            {
                // HTML block rules have no line pattern (`html::block_rules`).
                if spec.is_block_rule() {
                    continue;
                }
                let id = spec.id.get_ref();
                let pattern = analysis::rule_pattern(&spec).unwrap();
                let matched = with_case(&pattern, spec.case_sensitive);
                let Some(analysed) = builtin::analysed(&pattern, spec.case_sensitive) else {
                    panic!("{id} is not in the build script's table");
                };
                let analysed: Vec<BranchFacts> =
                    analysed.iter().map(BranchFacts::from_static).collect();
                let hir = parse_checked(&pattern, &matched, spec.case_sensitive).unwrap();
                let (facts, _) = split(hir).unwrap();
                assert_eq!(analysed, facts, "{id}");
                rules += 1;
            }
        }
        assert!(rules > 40, "{rules} built-in rules");
        let book = super::super::RuleBook::from_selection(&Default::default()).unwrap();
        for rule in &book.matcher.rules {
            assert!(
                rule.regexes.regexes.get().is_none(),
                "{} parsed at load",
                rule.id
            );
            assert_eq!(rule.regexes.get(&rule.branches).len(), rule.branches.len());
        }
        assert_eq!(book.matcher.rules.len(), rules);
    }

    /// A user's rule is parsed and analysed when its pack loads.
    #[test]
    fn a_user_rule_is_parsed_at_load() {
        let book = load(r"^photo:\s*\S+$").unwrap();
        let rule = &book.matcher.rules[0];
        assert!(rule.regexes.regexes.get().is_some());
        assert!(book.matching_rules("Photo: AP") == ["p.x"]);
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
