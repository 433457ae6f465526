//! newsclean: turn scraped news articles into clean text.
//!
//! ```
//! use newsclean::{Cleaner, Config};
//!
//! let cleaner = Cleaner::new(Config::default()).unwrap();
//! assert_eq!(cleaner.clean_str("  Hello,\u{00A0}world  \r\n"), "Hello, world\n");
//! ```
//!
//! [`Cleaner`] runs the stages a [`Config`] asks for, in this order: decode (any encoding
//! to UTF-8), split into lines, repair mojibake, normalize Unicode and white space, drop
//! boilerplate lines by [`rules`], write. [`Report`] counts what happened; [`Error`] says
//! what went wrong. [`records`] cleans JSON Lines and NUL-separated record streams.
//!
//! The command-line tool is behind the default `cli` feature; with
//! `default-features = false` the crate builds the cleaner alone, without clap, rayon,
//! indicatif, ctrlc or walkdir.

#![warn(missing_docs)]

#[cfg(feature = "cli")]
mod app;
#[cfg(feature = "cli")]
mod batch;
#[cfg(feature = "cli")]
mod cli;
mod config;
#[cfg(feature = "cli")]
mod corpus;
#[cfg(feature = "cli")]
mod info;
// The stages below are public for the benches, fuzz targets and tests, not as an API: the
// API is `Cleaner`, `Config`, `Report`, `Error`, `rules` and `records`.
#[doc(hidden)]
pub mod decode;
mod error;
pub mod html;
#[doc(hidden)]
pub mod lines;
#[cfg(feature = "cli")]
mod message;
#[doc(hidden)]
pub mod normalize;
#[cfg(feature = "cli")]
mod output;
mod parallel;
#[doc(hidden)]
pub mod pipeline;
pub mod records;
#[doc(hidden)]
pub mod repair;
mod report;
pub mod rules;
#[cfg(feature = "cli")]
mod signals;
#[cfg(feature = "cli")]
mod sink;
#[cfg(feature = "cli")]
#[doc(hidden)]
pub mod source;

use std::io::{Read, Write};

pub use config::Config;
pub use error::Error;
pub use repair::Fix;
pub use report::{Event, EventSink, Explainer, Report};

use repair::Repairer;
use rules::RuleBook;

/// The command-line tool's entry point, for `src/main.rs`: parses the process's arguments,
/// runs them and returns the exit status. Not part of the library's API.
#[cfg(feature = "cli")]
#[doc(hidden)]
pub fn cli_main() -> std::process::ExitCode {
    app::main()
}

/// A configured cleaner. Build it once; it is `Sync`, so threads can share it.
///
/// ```
/// use newsclean::{Cleaner, Config};
///
/// let config = Config::default().with_boilerplate(false);
/// let cleaner = Cleaner::new(config)?;
/// assert_eq!(cleaner.clean_str("caf\u{e9}  au lait\n"), "caf\u{e9} au lait\n");
/// # Ok::<(), newsclean::Error>(())
/// ```
#[derive(Debug)]
pub struct Cleaner {
    config: Config,
    repairer: Option<Repairer>,
    rules: Option<RuleBook>,
}

impl Cleaner {
    /// Builds the stages the configuration asks for. Fails if a rule pack does not load.
    ///
    /// ```
    /// use newsclean::{Cleaner, Config, Error};
    ///
    /// let mut config = Config::default();
    /// config.rules.disable.push("no-such-pack".into());
    /// assert!(matches!(Cleaner::new(config), Err(Error::Rules(_))));
    /// ```
    pub fn new(config: Config) -> Result<Self, Error> {
        let rules = if config.boilerplate {
            Some(RuleBook::from_selection(&config.rules)?)
        } else {
            None
        };
        let repairer = config.repair.then(Repairer::new);
        Ok(Cleaner {
            config,
            repairer,
            rules,
        })
    }

    /// The configuration it was built from.
    pub fn config(&self) -> &Config {
        &self.config
    }

    #[doc(hidden)]
    pub fn repairer(&self) -> Option<&Repairer> {
        self.repairer.as_ref()
    }

    /// The loaded rule packs, unless the configuration switched the rules off.
    ///
    /// ```
    /// let cleaner = newsclean::Cleaner::new(newsclean::Config::default())?;
    /// let rules = cleaner.rules().expect("rules are on by default");
    /// assert!(rules.packs.iter().any(|p| p.id == "cookies"));
    /// # Ok::<(), newsclean::Error>(())
    /// ```
    pub fn rules(&self) -> Option<&RuleBook> {
        self.rules.as_ref()
    }

    /// Cleans a document held in memory.
    ///
    /// ```
    /// let cleaner = newsclean::Cleaner::new(newsclean::Config::default())?;
    /// let page = "Prices rose again in May.\nAccept all cookies\n";
    /// assert_eq!(cleaner.clean_str(page), "Prices rose again in May.\n");
    /// # Ok::<(), newsclean::Error>(())
    /// ```
    pub fn clean_str(&self, text: &str) -> String {
        let mut out = Vec::with_capacity(text.len());
        pipeline::clean_text(self, text, &mut out).expect("writing to a Vec cannot fail");
        String::from_utf8(out).expect("the pipeline writes UTF-8")
    }

    /// Like [`Cleaner::clean_str`], and returns the document's [`Report`]; with `events`,
    /// also hands it every dropped line and repair (what `--explain` prints, as data).
    ///
    /// ```
    /// use newsclean::{Cleaner, Config, Event, EventSink};
    ///
    /// struct Rules(Vec<String>);
    /// impl EventSink for Rules {
    ///     fn event(&mut self, event: &Event<'_>) -> std::io::Result<()> {
    ///         if let Event::Dropped { rule, .. } = event {
    ///             self.0.push(rule.to_string());
    ///         }
    ///         Ok(())
    ///     }
    /// }
    /// let cleaner = Cleaner::new(Config::default())?;
    /// let mut rules = Rules(Vec::new());
    /// let page = "Prices rose again in May.\nAccept all cookies\n";
    /// let (text, report) = cleaner.clean_str_report(page, Some(&mut rules))?;
    /// assert_eq!(text, "Prices rose again in May.\n");
    /// assert_eq!(report.lines_dropped(), 1);
    /// assert!(rules.0[0].starts_with("cookies."), "{:?}", rules.0);
    /// # Ok::<(), newsclean::Error>(())
    /// ```
    pub fn clean_str_report(
        &self,
        text: &str,
        events: Option<&mut dyn EventSink>,
    ) -> Result<(String, Report), Error> {
        let mut out = Vec::with_capacity(text.len());
        let report = pipeline::clean_text_explained(self, text, &mut out, events)?;
        Ok((
            String::from_utf8(out).expect("the pipeline writes UTF-8"),
            report,
        ))
    }

    /// Cleans one document from a reader of bytes in any encoding into a writer, as UTF-8.
    ///
    /// ```
    /// let cleaner = newsclean::Cleaner::new(newsclean::Config::default())?;
    /// let windows_1252 = b"Caf\xe9 owners met on Tuesday.\n";
    /// let mut out = Vec::new();
    /// let report = cleaner.clean_reader(&windows_1252[..], &mut out)?;
    /// assert_eq!(out, "Café owners met on Tuesday.\n".as_bytes());
    /// assert_eq!(report.encoding, Some("windows-1252"));
    /// # Ok::<(), newsclean::Error>(())
    /// ```
    pub fn clean_reader<R: Read, W: Write>(&self, input: R, output: W) -> Result<Report, Error> {
        pipeline::clean_stream(self, input, output, None)
    }

    /// Like [`Cleaner::clean_reader`], and describes every dropped line and repair to `explain`.
    ///
    /// ```
    /// use newsclean::{Cleaner, Config, Explainer};
    ///
    /// let cleaner = Cleaner::new(Config::default())?;
    /// let (mut out, mut notes) = (Vec::new(), Vec::new());
    /// let explain = Explainer { source: "page.txt".into(), out: &mut notes };
    /// let page = "Prices rose again in May.\nAccept all cookies\n";
    /// cleaner.clean_reader_explained(page.as_bytes(), &mut out, explain)?;
    /// let notes = String::from_utf8(notes).unwrap();
    /// assert!(notes.starts_with("page.txt: line 2: dropped ["), "{notes}");
    /// # Ok::<(), newsclean::Error>(())
    /// ```
    pub fn clean_reader_explained<R: Read, W: Write>(
        &self,
        input: R,
        output: W,
        mut explain: Explainer<'_>,
    ) -> Result<Report, Error> {
        pipeline::clean_stream(self, input, output, Some(&mut explain))
    }
}
