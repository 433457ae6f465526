//! Boilerplate rules: the rule language, loading packs, and deciding line by line what is
//! not the article. The only place that knows a boilerplate phrase (through `rules/*.toml`).
//!
//! - [`pack`]: the TOML schema of a rule pack, and parsing it strictly;
//! - `analysis`: what loading learns from a rule's pattern (for the built-in packs, the build
//!   script runs it and loading reads its table);
//! - `matcher`: every phrase and regex rule, found in a line through a literal prefilter
//!   (`literals`, `prefilter`) behind a length gate, compiled on first use (`lazy`);
//! - [`structure`]: the structural heuristics (where the body is, menus, repeats);
//! - [`filter`]: one document's streaming pass, with a bounded look-ahead window.

mod analysis;
mod builtin;
mod charclass;
// Public for the benches and tests, not as an API.
#[doc(hidden)]
pub mod filter;
#[doc(hidden)]
pub mod lang;
mod lazy;
mod line_stats;
mod literal_set;
mod literals;
mod matcher;
#[doc(hidden)]
pub mod pack;
mod phrase_table;
mod prefilter;
#[doc(hidden)]
pub mod structure;
mod tail;

use std::fmt;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use filter::DocumentFilter;
pub use matcher::CompiledRule;

use crate::html::block_rules::{BlockRule, BlockRules};
use crate::lines::Line;
use matcher::{compile_rule, Matcher, Origin};
use pack::{Action, PackFile};
use structure::{Heuristic, Switches};

/// Why the rules cannot be loaded. Messages name the file, line and rule.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RuleError {
    /// A pack that does not load; says where as precisely as it can.
    #[error("{}", located(file, *line, rule.as_deref(), message))]
    Invalid {
        /// The pack file (built-in ones are named `(built-in) rules/NAME.toml`).
        file: String,
        /// The 1-based line of the error, when known.
        line: Option<usize>,
        /// The id of the rule the error is in, when it is in one.
        rule: Option<String>,
        /// What is wrong.
        message: String,
    },
    /// A pack file or folder that cannot be read. The cause follows from the error chain,
    /// so it is not repeated here.
    #[error("{file}: cannot read the rule pack")]
    Io {
        /// The file or folder.
        file: String,
        /// Why it cannot be read.
        #[source]
        source: io::Error,
    },
    /// `--enable` or `--disable` names no pack or rule.
    #[error("--{flag} {id}: no pack or rule has this id{}", did_you_mean(suggestion.as_deref()))]
    UnknownId {
        /// `enable` or `disable`.
        flag: &'static str,
        /// The id as given.
        id: String,
        /// The closest id that exists, if one is close.
        suggestion: Option<String>,
    },
}

fn did_you_mean(suggestion: Option<&str>) -> String {
    match suggestion {
        Some(id) => format!(" (did you mean {id}? see --list-rules)"),
        None => " (see --list-rules)".to_owned(),
    }
}

/// The known id closest to a mistyped one, as clap suggests flags: close enough that it is
/// likely what was meant (Jaro-Winkler similarity above 0.8), else none.
fn closest_id<'a>(typed: &str, known: impl Iterator<Item = &'a str>) -> Option<String> {
    known
        .map(|id| (strsim::jaro_winkler(typed, id), id))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, id)| id.to_owned())
}

/// The id and version of every built-in pack, in load order (for `--version`).
pub fn builtin_pack_versions() -> Vec<(String, String)> {
    builtin::PACKS
        .iter()
        .filter_map(|(name, text)| {
            let file = PackFile::parse(name, text).ok()?;
            Some((file.pack.id.into_inner(), file.pack.version))
        })
        .collect()
}

fn located(file: &str, line: Option<usize>, rule: Option<&str>, message: &str) -> String {
    let mut s = file.to_owned();
    if let Some(line) = line {
        s.push_str(&format!(":{line}"));
    }
    if let Some(rule) = rule {
        s.push_str(&format!(": rule {rule}"));
    }
    format!("{s}: {message}")
}

/// Which packs and rules to use, as the user asked for them.
#[derive(Debug, Clone, Default)]
pub struct RuleSelection {
    /// Extra pack files (`--rules FILE`).
    pub files: Vec<PathBuf>,
    /// Rule or pack ids switched off (`--disable`).
    pub disable: Vec<String>,
    /// Rule or pack ids switched on that are off by default (`--enable`).
    pub enable: Vec<String>,
    /// A folder of user packs loaded when present (`$XDG_CONFIG_HOME/newsclean/rules`).
    pub user_dir: Option<PathBuf>,
}

/// What the boilerplate stage decided about one line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict<'a> {
    /// Part of the article.
    Keep,
    /// Dropped by the rule with this id.
    Drop(&'a str),
}

/// A loaded pack's header, for the listing and for `--enable`/`--disable`.
#[derive(Debug)]
pub struct PackInfo {
    /// The pack's id, the first part of its rules' ids.
    pub id: String,
    /// A short name.
    pub name: String,
    /// What the pack removes.
    pub description: String,
    /// The pack's own version.
    pub version: String,
    /// The file it came from.
    pub source: String,
    /// Whether its rules run (unless switched one by one).
    pub enabled: bool,
}

/// Every loaded pack, compiled; shared by every document (and thread).
#[derive(Debug)]
pub struct RuleBook {
    /// Every loaded pack, in load order: built-in, the user's folder, `--rules` files.
    pub packs: Vec<PackInfo>,
    matcher: Matcher,
    blocks: BlockRules,
    switches: Switches,
    /// Held by this book alone: a thread's memo of what the rules find in a line
    /// (`filter::line_memo`) knows the book it was filled with by a weak reference to it,
    /// which also keeps the address from being taken by a later book.
    memo_owner: Arc<()>,
}

/// A pack's text and where it came from, before compiling.
struct Source {
    name: String,
    text: String,
}

impl RuleBook {
    /// Loads the built-in packs, the user's folder and the extra files, and applies the
    /// switches.
    ///
    /// ```
    /// use newsclean::rules::{RuleBook, RuleSelection};
    ///
    /// let mut selection = RuleSelection::default();
    /// selection.disable.push("social".into());
    /// let book = RuleBook::from_selection(&selection)?;
    /// assert!(!book.packs.iter().find(|p| p.id == "social").unwrap().enabled);
    /// # Ok::<(), newsclean::rules::RuleError>(())
    /// ```
    pub fn from_selection(selection: &RuleSelection) -> Result<Self, RuleError> {
        let mut sources: Vec<Source> = builtin::PACKS
            .iter()
            .map(|(name, text)| Source {
                name: format!("(built-in) rules/{name}"),
                text: (*text).to_owned(),
            })
            .collect();
        if let Some(dir) = &selection.user_dir {
            sources.extend(read_dir(dir)?);
        }
        for file in &selection.files {
            sources.push(read_source(file)?);
        }
        Self::compile(&sources, selection)
    }

    /// Builds a book from pack texts alone (tests, benches, library users).
    pub fn from_texts(
        packs: &[(&str, &str)],
        selection: &RuleSelection,
    ) -> Result<Self, RuleError> {
        let sources: Vec<Source> = packs
            .iter()
            .map(|(name, text)| Source {
                name: (*name).to_owned(),
                text: (*text).to_owned(),
            })
            .collect();
        Self::compile(&sources, selection)
    }

    fn compile(sources: &[Source], selection: &RuleSelection) -> Result<Self, RuleError> {
        let mut packs = Vec::new();
        let mut specs = Vec::new();
        let mut block_specs: Vec<(BlockRule, bool)> = Vec::new();
        let mut ids = std::collections::HashMap::<String, String>::new();
        ids.insert(structure::PACK_ID.to_owned(), "(built-in)".to_owned());
        for h in Heuristic::ALL {
            ids.insert(h.id().to_owned(), "(built-in)".to_owned());
        }
        for source in sources {
            let file = PackFile::parse(&source.name, &source.text)?;
            let origin = Origin {
                file: &source.name,
                text: &source.text,
            };
            let mut claim = |id: &toml::Spanned<String>, rule: Option<&str>| {
                if let Some(first) = ids.insert(id.get_ref().clone(), source.name.clone()) {
                    return Err(RuleError::Invalid {
                        file: source.name.clone(),
                        line: Some(pack::line_of(&source.text, id.span().start)),
                        rule: rule.map(str::to_owned),
                        message: format!("the id {:?} is already used in {first}", id.get_ref()),
                    });
                }
                Ok(())
            };
            claim(&file.pack.id, None)?;
            for rule in &file.rules {
                claim(&rule.id, Some(rule.id.get_ref()))?;
            }
            let pack_index = packs.len();
            packs.push(PackInfo {
                id: file.pack.id.get_ref().clone(),
                name: file.pack.name.clone(),
                description: file.pack.description.clone(),
                version: file.pack.version.clone(),
                source: source.name.clone(),
                enabled: file.pack.enabled,
            });
            for rule in &file.rules {
                if rule.is_block_rule() {
                    let error =
                        |message| origin.error(rule.id.span().start, rule.id.get_ref(), message);
                    block_specs.push((BlockRule::compile(rule, pack_index, &error)?, rule.enabled));
                    continue;
                }
                specs.push((compile_rule(rule, pack_index, &origin)?, rule.enabled));
            }
        }
        let mut switches = Switches::default();
        let mut structure_on = true;
        // Packs first, then single rules, so `--disable PACK --enable PACK.RULE` keeps one rule.
        let mut rule_override: Vec<Option<bool>> = vec![None; specs.len()];
        let mut block_override: Vec<Option<bool>> = vec![None; block_specs.len()];
        for (flag, list, on) in [
            ("enable", &selection.enable, true),
            ("disable", &selection.disable, false),
        ] {
            for id in list {
                if id == structure::PACK_ID {
                    structure_on = on;
                } else if let Some(p) = packs.iter_mut().find(|p| &p.id == id) {
                    p.enabled = on;
                } else if !specs.iter().any(|(r, _)| &r.id == id)
                    && !block_specs.iter().any(|(r, _)| &r.id == id)
                    && !Heuristic::ALL.iter().any(|h| h.id() == id)
                {
                    let known = packs.iter().map(|p| p.id.as_str());
                    let known = known.chain(specs.iter().map(|(r, _)| r.id.as_str()));
                    let known = known.chain(block_specs.iter().map(|(r, _)| r.id.as_str()));
                    let known = known.chain(Heuristic::ALL.iter().map(|h| h.id()));
                    let known = known.chain(std::iter::once(structure::PACK_ID));
                    return Err(RuleError::UnknownId {
                        flag,
                        id: id.clone(),
                        suggestion: closest_id(id, known),
                    });
                }
            }
        }
        for h in Heuristic::ALL {
            switches.set(h, structure_on);
        }
        for (list, on) in [(&selection.enable, true), (&selection.disable, false)] {
            for id in list {
                if let Some(h) = Heuristic::ALL.iter().find(|h| h.id() == id) {
                    switches.set(*h, on);
                }
                for (i, (r, _)) in specs.iter().enumerate() {
                    if &r.id == id {
                        rule_override[i] = Some(on);
                    }
                }
                for (i, (r, _)) in block_specs.iter().enumerate() {
                    if &r.id == id {
                        block_override[i] = Some(on);
                    }
                }
            }
        }
        let mut rules: Vec<CompiledRule> = Vec::with_capacity(specs.len());
        for (i, (mut rule, rule_on)) in specs.into_iter().enumerate() {
            rule.enabled = rule_override[i].unwrap_or(packs[rule.pack].enabled && rule_on);
            rules.push(rule);
        }
        if block_specs.len() > BlockRules::MAX {
            return Err(RuleError::Invalid {
                file: "(the rule packs)".to_owned(),
                line: None,
                rule: None,
                message: format!("more than {} block rules", BlockRules::MAX),
            });
        }
        let blocks = block_specs
            .into_iter()
            .enumerate()
            .map(|(i, (mut rule, rule_on))| {
                rule.enabled = block_override[i].unwrap_or(packs[rule.pack].enabled && rule_on);
                rule
            })
            .collect();
        Ok(RuleBook {
            packs,
            matcher: Matcher::new(rules),
            blocks: BlockRules::new(blocks),
            switches,
            memo_owner: Arc::new(()),
        })
    }

    /// `--list-rules`: every pack and rule with its description. With a `width`, long
    /// descriptions wrap to it, their continuation lines under the description column.
    pub fn write_listing(&self, out: &mut dyn Write, width: Option<usize>) -> io::Result<()> {
        let on_off = |on: bool| if on { "on" } else { "off" };
        let structure_on = Heuristic::ALL.iter().any(|h| self.switches.on(*h));
        let para = |out: &mut dyn Write, text: String| -> io::Result<()> {
            writeln!(out, "{}", wrap(&text, width, 2))
        };
        para(
            out,
            format!(
                "{} (built-in, {}): structural heuristics: where the article body is, menus, \
                 repeats",
                structure::PACK_ID,
                on_off(structure_on)
            ),
        )?;
        let row = |out: &mut dyn Write, id: &str, action: &str, on: bool, what: &str| {
            let head = format!("  {id:<34} {action:<5} {:<4} ", on_off(on));
            let indent = head.chars().count();
            let text = format!("{head}{what}");
            writeln!(out, "{}", wrap(&text, width, indent))
        };
        for h in Heuristic::ALL {
            let action = if h.keeps() { "keep" } else { "drop" };
            row(out, h.id(), action, self.switches.on(h), h.description())?;
        }
        for (p, pack) in self.packs.iter().enumerate() {
            writeln!(out)?;
            para(
                out,
                format!(
                    "{} {} ({}, {}): {}: {}",
                    pack.id,
                    pack.version,
                    pack.source,
                    on_off(pack.enabled),
                    pack.name,
                    pack.description
                ),
            )?;
            for rule in self.matcher.rules.iter().filter(|r| r.pack == p) {
                let action = match rule.action {
                    Action::Drop => "drop",
                    Action::Cut => "cut",
                    Action::Block => "block",
                };
                row(out, &rule.id, action, rule.enabled, &rule.description)?;
            }
            for rule in self.blocks.rules().iter().filter(|r| r.pack == p) {
                row(out, &rule.id, "html", rule.enabled, &rule.description)?;
            }
        }
        Ok(())
    }

    /// The rules stage for one document.
    #[doc(hidden)]
    pub fn start_document(&self) -> DocumentFilter<'_> {
        DocumentFilter::new(self, self.switches)
    }

    /// For the lines an HTML front-end chose: where the body starts and ends, and which
    /// boxes inside it are teasers or link lists, was decided with the page's DOM, so the
    /// structural heuristics that guess it from lines are off; phrase rules, repeats and
    /// the keep rules run as for text.
    pub fn start_html_document(&self) -> DocumentFilter<'_> {
        let mut switches = self.switches;
        for h in [
            Heuristic::Head,
            Heuristic::Tail,
            Heuristic::Gap,
            Heuristic::LinkRun,
            Heuristic::LoneParagraph,
            Heuristic::TeaserStream,
            Heuristic::TeaserChain,
            Heuristic::FarParagraph,
        ] {
            switches.set(h, false);
        }
        DocumentFilter::new(self, switches)
    }

    /// For the lines of an HTML page whose container is only a layout element (a table's
    /// cell, the `<body>`): judged as text, since the tree did not say where the article
    /// starts and ends; but the headline the page declared, when it is the first line, is
    /// the headline (the text steps would choose among the lines above the body).
    pub fn start_layout_document(&self, headline_first: bool) -> DocumentFilter<'_> {
        let mut filter = DocumentFilter::new(self, self.switches);
        if headline_first {
            filter.take_first_line_as_headline();
        }
        filter
    }

    /// Every block rule (HTML elements by tag, class/id words, link density), in load order.
    pub fn block_rules(&self) -> &BlockRules {
        &self.blocks
    }

    /// Every phrase rule, compiled, in load order (enabled or not).
    pub fn rules(&self) -> &[CompiledRule] {
        &self.matcher.rules
    }

    /// Whether the rule at `index` (into [`RuleBook::rules`]) matches the line on its own,
    /// wherever it sits: for checking a rule's examples.
    pub fn rule_matches(&self, index: usize, text: &str) -> bool {
        self.matcher.hits_alone(text).contains(&index)
    }

    /// The ids of the enabled rules that match the line on its own, wherever it sits.
    pub fn matching_rules(&self, text: &str) -> Vec<&str> {
        self.matcher
            .hits_alone(text)
            .into_iter()
            .map(|i| self.matcher.rules[i].id.as_str())
            .collect()
    }
}

impl fmt::Display for PackInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.id, self.version)
    }
}

/// Breaks `text` at spaces so that no line is longer than `width` characters (a word longer
/// than the room stays whole); continuation lines start with `indent` spaces.
fn wrap(text: &str, width: Option<usize>, indent: usize) -> String {
    let Some(width) = width.filter(|w| *w > indent + 10) else {
        return text.to_owned();
    };
    let mut out = String::with_capacity(text.len() + 16);
    let mut line_len = 0;
    for (i, word) in text.split(' ').enumerate() {
        let len = word.chars().count();
        if i > 0 {
            if line_len + 1 + len > width && line_len > indent {
                out.push('\n');
                out.extend(std::iter::repeat_n(' ', indent));
                line_len = indent;
            } else {
                out.push(' ');
                line_len += 1;
            }
        }
        out.push_str(word);
        line_len += len;
    }
    out
}

fn read_source(path: &Path) -> Result<Source, RuleError> {
    let text = std::fs::read_to_string(path).map_err(|source| RuleError::Io {
        file: path.display().to_string(),
        source,
    })?;
    Ok(Source {
        name: path.display().to_string(),
        text,
    })
}

/// The `*.toml` packs of a user's rules folder, in name order; a missing folder is no error.
fn read_dir(dir: &Path) -> Result<Vec<Source>, RuleError> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(source) => {
            return Err(RuleError::Io {
                file: dir.display().to_string(),
                source,
            })
        }
    };
    let mut paths = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|source| RuleError::Io {
            file: dir.display().to_string(),
            source,
        })?;
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "toml") {
            paths.push(path);
        }
    }
    paths.sort();
    paths.iter().map(|p| read_source(p)).collect()
}

/// Where the rules stage hands each line with its verdict.
#[doc(hidden)]
pub type Emit<'e, 'a> = dyn FnMut(Line, Verdict<'a>) -> io::Result<()> + 'e;
