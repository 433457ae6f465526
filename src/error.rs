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
    /// An HTML page over the size cap.
    #[error("HTML page larger than {} MiB; not cleaned (--input text cleans it as text)", limit >> 20)]
    TooLarge {
        /// The cap, in bytes.
        limit: usize,
    },
    /// An HTML page whose elements nest deeper than the cap.
    #[error(
        "HTML elements nested deeper than {limit}; not cleaned (--input text cleans it as text)"
    )]
    TooDeep {
        /// The cap, in elements.
        limit: usize,
    },
    /// A rule pack does not load, or `--enable`/`--disable` names no rule.
    #[error(transparent)]
    Rules(#[from] crate::rules::RuleError),
    /// Reading the input or writing the output failed.
    #[error(transparent)]
    Io(#[from] io::Error),
}

impl Error {
    /// The message the command line prints for this error after `newsclean: `, causes
    /// included, on one line (the Python package raises it).
    ///
    /// ```
    /// let mut config = newsclean::Config::default();
    /// config.rules.disable.push("no-such-pack".into());
    /// let err = newsclean::Cleaner::new(config).unwrap_err();
    /// assert!(err.one_line().starts_with("--disable no-such-pack: "), "{}", err.one_line());
    /// ```
    #[cfg(feature = "cli")]
    pub fn one_line(&self) -> String {
        crate::message::one_line_std(self)
    }

    /// True when the reader of our output went away (`newsclean big.txt | head -1`).
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, Error::Io(e) if e.kind() == io::ErrorKind::BrokenPipe)
    }
}
