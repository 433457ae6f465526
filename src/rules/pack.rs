//! The rule-pack file format (TOML) and loading it: a strict schema, so a typo in a rule
//! file is an error that names the file, the rule and the line, never a silently dead rule.

use std::ops::Range;

use serde::Deserialize;
use toml::Spanned;

use super::RuleError;

/// One pack file as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackFile {
    pub pack: PackHeader,
    #[serde(default, rename = "rule")]
    pub rules: Vec<RuleSpec>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackHeader {
    pub id: Spanned<String>,
    pub name: String,
    pub description: String,
    pub version: String,
    /// Packs that only some users want (bylines, datelines) ship switched off.
    #[serde(default = "yes")]
    pub enabled: bool,
}

fn yes() -> bool {
    true
}

/// One rule as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSpec {
    pub id: Spanned<String>,
    pub description: String,
    /// A regular expression (Rust `regex` syntax) searched in the line.
    #[serde(default)]
    pub regex: Option<Spanned<String>>,
    /// Literal phrases; how they must sit in the line is `match`.
    #[serde(default)]
    pub phrases: Vec<String>,
    #[serde(default, rename = "match")]
    pub phrase_match: PhraseMatch,
    #[serde(default)]
    pub case_sensitive: bool,
    #[serde(default)]
    pub max_words: Option<usize>,
    #[serde(default)]
    pub max_chars: Option<usize>,
    #[serde(default)]
    pub position: Vec<Position>,
    /// ISO 639-1 codes; empty means any language.
    #[serde(default)]
    pub languages: Vec<String>,
    #[serde(default)]
    pub action: Action,
    /// For `action = "block"`: the regex of the line that closes the block (dropped too).
    #[serde(default)]
    pub until: Option<Spanned<String>>,
    /// For `action = "block"`: how far to look for the closing line.
    #[serde(default)]
    pub max_lines: Option<usize>,
    /// A block rule (HTML input): the element's tag is one of these.
    #[serde(default)]
    pub tags: Vec<String>,
    /// A block rule: one of the words of the element's class or id is one of these.
    #[serde(default)]
    pub words: Vec<String>,
    /// A block rule: one of the tokens of the element's ARIA `role` is one of these.
    #[serde(default)]
    pub roles: Vec<String>,
    /// A block rule: at least this share of the element's text is inside links.
    #[serde(default)]
    pub min_link_density: Option<f32>,
    #[serde(default = "yes")]
    pub enabled: bool,
    /// Lines the rule must drop (for a block rule, HTML snippets); checked by the test suite.
    #[serde(default)]
    pub examples: Vec<String>,
    /// Similar article lines the rule must keep; checked by the test suite.
    #[serde(default)]
    pub counter_examples: Vec<String>,
}

/// How a literal phrase must sit in the line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PhraseMatch {
    /// The whole line is the phrase (ignoring surrounding punctuation).
    #[default]
    Line,
    /// The line starts with the phrase.
    Prefix,
    /// The phrase is anywhere in the line.
    Contains,
}

/// Where in the document a rule may fire, relative to the article body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Position {
    /// Before the first paragraph of the article body.
    Head,
    /// Between the first and the last paragraph of the body.
    Body,
    /// After the last paragraph of the body.
    Tail,
    Anywhere,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Action {
    /// Drop the matching line.
    #[default]
    Drop,
    /// Drop the matching line and the rest of the document.
    Cut,
    /// Drop the matching line and the following lines up to and including the `until` line.
    Block,
}

impl RuleSpec {
    /// A rule on HTML elements (`tags`, `words`, `roles`, `min_link_density`) rather than on
    /// lines.
    pub fn is_block_rule(&self) -> bool {
        !self.tags.is_empty()
            || !self.words.is_empty()
            || !self.roles.is_empty()
            || self.min_link_density.is_some()
    }
}

impl PackFile {
    /// Parses one pack file; `file` is the name used in error messages.
    pub fn parse(file: &str, text: &str) -> Result<PackFile, RuleError> {
        toml::from_str(text).map_err(|e| RuleError::Invalid {
            file: file.to_owned(),
            line: e.span().map(|s| line_of(text, s.start)),
            rule: rule_around(text, e.span()),
            message: e.message().trim().to_owned(),
        })
    }
}

/// 1-based line number of a byte offset.
pub fn line_of(text: &str, offset: usize) -> usize {
    let offset = offset.min(text.len());
    text.as_bytes()[..offset]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// The id of the `[[rule]]` table an error offset falls in, for messages about bad fields.
fn rule_around(text: &str, span: Option<Range<usize>>) -> Option<String> {
    let offset = span?.start.min(text.len());
    let before = &text[..offset];
    let table = before.rfind("[[rule]]")?;
    let tail = &text[table..];
    let id_line = tail.lines().skip(1).find_map(|l| {
        let l = l.trim();
        let rest = l.strip_prefix("id")?.trim_start().strip_prefix('=')?;
        Some(
            rest.trim()
                .trim_matches(|c| c == '"' || c == '\'')
                .to_owned(),
        )
    })?;
    Some(id_line)
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "[pack]\nid = \"p\"\nname = \"P\"\ndescription = \"d\"\nversion = \"1\"\n";

    #[test]
    fn unknown_field_names_file_rule_and_line() {
        let text = format!(
            "{HEADER}\n[[rule]]\nid = \"p.one\"\ndescription = \"d\"\nregex = \"x\"\nmax_word = 3\n"
        );
        let err = PackFile::parse("mine.toml", &text).unwrap_err().to_string();
        assert!(err.starts_with("mine.toml:11: rule p.one: "), "{err}");
        assert!(err.contains("unknown field `max_word`"), "{err}");
    }

    #[test]
    fn a_minimal_pack_parses_with_defaults() {
        let text =
            format!("{HEADER}\n[[rule]]\nid = \"p.one\"\ndescription = \"d\"\nphrases = [\"x\"]\n");
        let pack = PackFile::parse("mine.toml", &text).unwrap();
        let rule = &pack.rules[0];
        assert_eq!(rule.action, Action::Drop);
        assert_eq!(rule.phrase_match, PhraseMatch::Line);
        assert!(rule.enabled && pack.pack.enabled && !rule.case_sensitive);
    }
}
