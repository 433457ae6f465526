//! Mojibake repair: text that went through the wrong decoder is turned back into what was
//! meant. The only module that rewrites characters for encoding reasons.

use std::borrow::Cow;

/// One repaired span of a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    /// Byte range of `before` in the line as it was given to the repair stage.
    pub start: usize,
    pub end: usize,
    pub before: String,
    pub after: String,
    /// Which repair did it, e.g. `utf8-as-cp1252`, `lost-c1: right single quote`.
    pub rule: Cow<'static, str>,
}

/// The repair stage, built once and shared by every document (and thread).
#[derive(Debug, Default)]
pub struct Repairer {}

impl Repairer {
    pub fn new() -> Self {
        Repairer {}
    }

    /// Per-document state: evidence gathered from earlier lines of the same document.
    pub fn start_document(&self) -> DocumentRepair<'_> {
        DocumentRepair { _repairer: self }
    }
}

pub struct DocumentRepair<'r> {
    _repairer: &'r Repairer,
}

impl DocumentRepair<'_> {
    /// Repairs one line in place and appends what it did to `fixes`.
    pub fn repair_line(&mut self, _line: &mut String, _fixes: &mut Vec<Fix>) {}
}
