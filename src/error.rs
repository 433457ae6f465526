//! The core's error type. Messages say what is wrong; the caller adds which file.

use std::io;

/// Why cleaning could not start or could not finish. New kinds may be added.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The input has NUL bytes in its first 64 KiB: it is not text.
    #[error("looks like a binary file (NUL bytes in the first 64 KiB); not cleaned")]
    Binary,
    /// [`Config::encoding`](crate::Config) was given a label no encoding has.
    #[error(
        "unknown encoding label {0:?} (try utf-8, windows-1252, iso-8859-2, shift_jis, utf-16le)"
    )]
    UnknownEncoding(String),
    /// A rule pack does not load, or `--enable`/`--disable` names no rule.
    #[error(transparent)]
    Rules(#[from] crate::rules::RuleError),
    /// Reading the input or writing the output failed.
    #[error(transparent)]
    Io(#[from] io::Error),
}

impl Error {
    /// True when the reader of our output went away (`newsclean big.txt | head -1`).
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, Error::Io(e) if e.kind() == io::ErrorKind::BrokenPipe)
    }
}
