//! The one configuration struct the core receives. Built from the command line by `cli`,
//! or directly by library users; nothing in the core reads flags or the environment.

use encoding_rs::Encoding;

use crate::html::{InputFormat, MAX_HTML_BYTES};
use crate::lines::MAX_LINE_BYTES;
use crate::rules::RuleSelection;

#[derive(Debug, Clone)]
pub struct Config {
    /// Decode every input with this encoding instead of detecting it.
    pub encoding: Option<&'static Encoding>,
    /// Run mojibake repair.
    pub repair: bool,
    /// Run the boilerplate rules.
    pub boilerplate: bool,
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
