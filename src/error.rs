//! The core's error type. Messages say what is wrong; the caller adds which file.

use std::io;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("looks like a binary file (NUL bytes in the first 64 KiB); not cleaned")]
    Binary,
    #[error(
        "unknown encoding label {0:?} (try utf-8, windows-1252, iso-8859-2, shift_jis, utf-16le)"
    )]
    UnknownEncoding(String),
    #[error("HTML page larger than {} MiB; not cleaned (--input text cleans it as text)", limit >> 20)]
    TooLarge { limit: usize },
    #[error("{0}")]
    Usage(&'static str),
    #[error(transparent)]
    Rules(#[from] crate::rules::RuleError),
    #[error(transparent)]
    Io(#[from] io::Error),
}

impl Error {
    /// True when the reader of our output went away (`newsclean big.txt | head -1`).
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, Error::Io(e) if e.kind() == io::ErrorKind::BrokenPipe)
    }
}

/// An error and its causes as one line, `file: what went wrong: why`: messages that span
/// several lines (a regex parse error draws a caret under the pattern) are folded.
pub fn one_line(err: &anyhow::Error) -> String {
    err.chain()
        .map(|e| {
            e.to_string()
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect::<Vec<_>>()
        .join(": ")
}
