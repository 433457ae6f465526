//! newsclean: turn scraped news articles into clean text.
//!
//! ```
//! use newsclean::{Cleaner, Config};
//!
//! let cleaner = Cleaner::new(Config::default()).unwrap();
//! assert_eq!(cleaner.clean_str("  Hello,\u{00A0}world  \r\n"), "Hello, world\n");
//! ```
//!
//! The stages, in the order [`pipeline`] runs them: [`decode`], [`lines`], [`repair`],
//! [`normalize`], [`rules`], then the write stage. [`Report`] counts what happened.

pub mod app;
pub mod batch;
pub mod cli;
pub mod config;
pub mod decode;
pub mod error;
pub mod lines;
pub mod normalize;
pub mod pipeline;
pub mod records;
pub mod repair;
pub mod report;
pub mod rules;

use std::io::{Read, Write};

pub use config::Config;
pub use error::Error;
pub use report::{Explainer, Report};

use repair::Repairer;
use rules::RuleBook;

/// A configured cleaner. Build it once; it is `Sync`, so threads can share it.
#[derive(Debug)]
pub struct Cleaner {
    config: Config,
    repairer: Option<Repairer>,
    rules: Option<RuleBook>,
}

impl Cleaner {
    /// Builds the stages the configuration asks for. Fails if a rule pack does not load.
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

    pub fn config(&self) -> &Config {
        &self.config
    }

    pub fn repairer(&self) -> Option<&Repairer> {
        self.repairer.as_ref()
    }

    pub fn rules(&self) -> Option<&RuleBook> {
        self.rules.as_ref()
    }

    /// Cleans a document held in memory.
    pub fn clean_str(&self, text: &str) -> String {
        let mut out = Vec::with_capacity(text.len());
        pipeline::clean_text(self, text, &mut out).expect("writing to a Vec cannot fail");
        String::from_utf8(out).expect("the pipeline writes UTF-8")
    }

    /// Cleans one document from a reader of bytes in any encoding into a writer, as UTF-8.
    pub fn clean_reader<R: Read, W: Write>(&self, input: R, output: W) -> Result<Report, Error> {
        pipeline::clean_stream(self, input, output, None)
    }

    /// Like [`Cleaner::clean_reader`], and describes every dropped line and repair to `explain`.
    pub fn clean_reader_explained<R: Read, W: Write>(
        &self,
        input: R,
        output: W,
        mut explain: Explainer<'_>,
    ) -> Result<Report, Error> {
        pipeline::clean_stream(self, input, output, Some(&mut explain))
    }
}
