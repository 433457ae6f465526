//! The one configuration struct the core receives. Built from the command line by `cli`,
//! or directly by library users; nothing in the core reads flags or the environment.

use encoding_rs::Encoding;

use crate::error::Error;
use crate::html::{InputFormat, MAX_HTML_BYTES};
use crate::lines::MAX_LINE_BYTES;
use crate::rules::RuleSelection;

/// What a [`Cleaner`](crate::Cleaner) does. Start from [`Config::default`] (every stage on,
/// the built-in rule packs) and change what you need, with the `with_` methods or by
/// setting fields; new fields may be added, so it cannot be built as a struct literal.
///
/// ```
/// use newsclean::Config;
///
/// let config = Config::default()
///     .with_repair(false)
///     .with_encoding_label("windows-1252")?;
/// assert_eq!(config.encoding.map(|e| e.name()), Some("windows-1252"));
///
/// let mut config = Config::default();
/// config.rules.enable.push("bylines".into());
/// # Ok::<(), newsclean::Error>(())
/// ```
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Config {
    /// Decode every input with this encoding instead of detecting it.
    pub encoding: Option<&'static Encoding>,
    /// Run mojibake repair.
    pub repair: bool,
    /// Run the boilerplate rules.
    pub boilerplate: bool,
    /// Which rule packs and rules to use.
    pub rules: RuleSelection,
    /// Lines longer than this are processed in pieces.
    pub max_line_bytes: usize,
    /// Text, HTML, or decided by the content.
    pub input: InputFormat,
    /// HTML pages larger than this are refused.
    pub max_html_bytes: usize,
    /// What the HTML front-end keeps (the headline).
    pub html: crate::html::Options,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            encoding: None,
            repair: true,
            boilerplate: true,
            rules: RuleSelection::default(),
            max_line_bytes: MAX_LINE_BYTES,
            input: InputFormat::Auto,
            max_html_bytes: MAX_HTML_BYTES,
            html: crate::html::Options::default(),
        }
    }
}

impl Config {
    /// Decodes every input as the encoding with this WHATWG label (`utf-8`, `latin1`,
    /// `windows-1252`, `shift_jis`, ...) instead of detecting it.
    pub fn with_encoding_label(mut self, label: &str) -> Result<Self, Error> {
        self.encoding = Some(crate::decode::encoding_for_label(label)?);
        Ok(self)
    }

    /// Runs mojibake repair, or not.
    pub fn with_repair(mut self, on: bool) -> Self {
        self.repair = on;
        self
    }

    /// Runs the boilerplate rules, or not.
    pub fn with_boilerplate(mut self, on: bool) -> Self {
        self.boilerplate = on;
        self
    }

    /// Uses these rule packs and switches.
    pub fn with_rules(mut self, rules: RuleSelection) -> Self {
        self.rules = rules;
        self
    }

    /// Reads inputs as text, as HTML pages, or as what their content looks like.
    pub fn with_input(mut self, input: InputFormat) -> Self {
        self.input = input;
        self
    }

    /// With HTML input, keeps the page's headline as the first line (the default), or not.
    pub fn with_headline(mut self, on: bool) -> Self {
        self.html.headline = on;
        self
    }

    /// Processes lines longer than this many bytes in pieces (memory stays bounded).
    pub fn with_max_line_bytes(mut self, bytes: usize) -> Self {
        self.max_line_bytes = bytes;
        self
    }
}
