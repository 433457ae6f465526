//! Boilerplate rules: the rule language, loading packs, and deciding line by line what is
//! not the article. The only place that knows a boilerplate phrase (through `rules/*.toml`).

use std::io::{self, Write};
use std::path::PathBuf;

use crate::lines::Line;

#[derive(Debug, thiserror::Error)]
pub enum RuleError {
    #[error("{file}: {message}")]
    Invalid { file: String, message: String },
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

/// Every loaded pack, compiled; shared by every document (and thread).
#[derive(Debug, Default)]
pub struct RuleBook {}

impl RuleBook {
    pub fn from_selection(_selection: &RuleSelection) -> Result<Self, RuleError> {
        Ok(RuleBook {})
    }

    /// `--list-rules`: every pack and rule with its description.
    pub fn write_listing(&self, _out: &mut dyn Write) -> io::Result<()> {
        Ok(())
    }

    pub fn start_document(&self) -> DocumentFilter<'_> {
        DocumentFilter { _book: self }
    }
}

/// One document's pass through the rules. It may hold back a bounded number of lines
/// (to judge a run of short lines as a whole) but hands every line on, in order, once.
pub struct DocumentFilter<'a> {
    _book: &'a RuleBook,
}

pub type Emit<'e, 'a> = dyn FnMut(Line, Verdict<'a>) -> io::Result<()> + 'e;

impl<'a> DocumentFilter<'a> {
    pub fn push(&mut self, line: Line, emit: &mut Emit<'_, 'a>) -> io::Result<()> {
        emit(line, Verdict::Keep)
    }

    /// End of the document: hands on whatever is still held back.
    pub fn finish(&mut self, _emit: &mut Emit<'_, 'a>) -> io::Result<()> {
        Ok(())
    }
}
