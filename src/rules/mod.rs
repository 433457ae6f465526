//! Boilerplate rules: the rule language, loading packs, and deciding line by line what is
//! not the article. The only place that knows a boilerplate phrase (through `rules/*.toml`).
//!
//! - [`pack`]: the TOML schema of a rule pack, and parsing it strictly;
//! - [`matcher`]: every phrase and regex rule, found in a line through a literal prefilter
//!   (`literals`, `prefilter`) behind a length gate, compiled on first use (`lazy`);
//! - [`structure`]: the structural heuristics (where the body is, menus, repeats);
//! - [`filter`]: one document's streaming pass, with a bounded look-ahead window.

mod builtin;
mod charclass;
pub mod filter;
pub mod lang;
mod lazy;
mod literal_set;
mod literals;
pub mod matcher;
pub mod pack;
mod prefilter;
pub mod structure;
mod tail;

use std::fmt;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

pub use filter::DocumentFilter;

use crate::lines::Line;
use matcher::{compile_rule, CompiledRule, Matcher, Origin};
use pack::{Action, PackFile};
use structure::{Heuristic, Switches};

#[derive(Debug, thiserror::Error)]
pub enum RuleError {
    /// A pack that does not load; says where as precisely as it can.
    #[error("{}", located(file, *line, rule.as_deref(), message))]
    Invalid {
        file: String,
        line: Option<usize>,
        rule: Option<String>,
        message: String,
    },
    /// The cause follows from the error chain, so it is not repeated here.
    #[error("{file}")]
    Io {
        file: String,
        #[source]
        source: io::Error,
    },
    #[error("--{flag} {id}: no pack or rule has this id (see --list-rules)")]
    UnknownId { flag: &'static str, id: String },
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
    Keep,
    /// Dropped by the rule with this id.
    Drop(&'a str),
}

/// A loaded pack's header, for the listing and for `--enable`/`--disable`.
#[derive(Debug)]
pub struct PackInfo {
    pub id: String,
    pub name: String,
    pub description: String,
    pub version: String,
    pub source: String,
    pub enabled: bool,
}

/// Every loaded pack, compiled; shared by every document (and thread).
#[derive(Debug)]
pub struct RuleBook {
    pub packs: Vec<PackInfo>,
    matcher: Matcher,
    switches: Switches,
}

/// A pack's text and where it came from, before compiling.
struct Source {
    name: String,
    text: String,
}

impl RuleBook {
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
                specs.push((compile_rule(rule, pack_index, &origin)?, rule.enabled));
            }
        }
        let mut switches = Switches::default();
        let mut structure_on = true;
        // Packs first, then single rules, so `--disable PACK --enable PACK.RULE` keeps one rule.
        let mut rule_override: Vec<Option<bool>> = vec![None; specs.len()];
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
                    && !Heuristic::ALL.iter().any(|h| h.id() == id)
                {
                    return Err(RuleError::UnknownId {
                        flag,
                        id: id.clone(),
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
            }
        }
        let mut rules: Vec<CompiledRule> = Vec::with_capacity(specs.len());
        for (i, (mut rule, rule_on)) in specs.into_iter().enumerate() {
            rule.enabled = rule_override[i].unwrap_or(packs[rule.pack].enabled && rule_on);
            rules.push(rule);
        }
        Ok(RuleBook {
            packs,
            matcher: Matcher::new(rules),
            switches,
        })
    }

    /// `--list-rules`: every pack and rule with its description.
    pub fn write_listing(&self, out: &mut dyn Write) -> io::Result<()> {
        let on_off = |on: bool| if on { "on" } else { "off" };
        let structure_on = Heuristic::ALL.iter().any(|h| self.switches.on(*h));
        writeln!(
            out,
            "{} (built-in, {}): structural heuristics: where the article body is, menus, repeats",
            structure::PACK_ID,
            on_off(structure_on)
        )?;
        for h in Heuristic::ALL {
            writeln!(
                out,
                "  {:<34} {:<5} {:<4} {}",
                h.id(),
                if h.keeps() { "keep" } else { "drop" },
                on_off(self.switches.on(h)),
                h.description()
            )?;
        }
        for (p, pack) in self.packs.iter().enumerate() {
            writeln!(
                out,
                "\n{} {} ({}, {}): {}: {}",
                pack.id,
                pack.version,
                pack.source,
                on_off(pack.enabled),
                pack.name,
                pack.description
            )?;
            for rule in self.matcher.rules.iter().filter(|r| r.pack == p) {
                let action = match rule.action {
                    Action::Drop => "drop",
                    Action::Cut => "cut",
                    Action::Block => "block",
                };
                writeln!(
                    out,
                    "  {:<34} {:<5} {:<4} {}",
                    rule.id,
                    action,
                    on_off(rule.enabled),
                    rule.description
                )?;
            }
        }
        Ok(())
    }

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
        ] {
            switches.set(h, false);
        }
        DocumentFilter::new(self, switches)
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

pub type Emit<'e, 'a> = dyn FnMut(Line, Verdict<'a>) -> io::Result<()> + 'e;
