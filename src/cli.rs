//! The command line: flags, help text, and their translation into a [`Config`].

use std::path::PathBuf;

use clap::Parser;

use crate::config::Config;
use crate::decode::encoding_for_label;
use crate::error::Error;
use crate::records::OnError;
use crate::rules::RuleSelection;

const EXAMPLES: &str = "\
Examples:
  newsclean page.txt                      clean one page to stdout
  scraper URL | newsclean > article.txt   use it as a filter
  newsclean --explain page.txt            show every dropped line and repair on stderr
  newsclean --keep-boilerplate page.txt   only fix encoding, mojibake and whitespace
  newsclean --encoding cp1252 old.txt     skip detection, decode as Windows-1252
  newsclean --rules mysite.toml page.txt  add your own rule pack
  newsclean scraped/ -o clean/            clean a folder into a mirrored tree
  newsclean --check scraped/              list files that would change (exit 1 if any)
  newsclean --jsonl < in.jsonl > out.jsonl  clean the text field of each record

Exit status: 0 success, 1 an input failed (the others are still cleaned), 2 usage error.";

#[derive(Debug, Parser)]
#[command(
    name = "newsclean",
    version,
    about = "Turn scraped news articles into clean text.",
    long_about = "Turn scraped news articles into clean text: decode any encoding, repair \
                  mojibake (including the lossy kind, `wonât` → `won’t`), normalize Unicode \
                  and whitespace, and drop newsletter, cookie, share and other boilerplate \
                  lines. Writes clean UTF-8.",
    after_help = EXAMPLES
)]
pub struct Cli {
    /// Files to clean; none or `-` reads standard input.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Write the result to FILE instead of standard output (written atomically).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Decode input as this encoding instead of detecting it (a WHATWG label: utf-8,
    /// windows-1252, latin1, iso-8859-2, shift_jis, utf-16le, ...).
    #[arg(long, value_name = "LABEL")]
    pub encoding: Option<String>,

    /// Keep boilerplate lines: run every stage except the rules.
    #[arg(long)]
    pub keep_boilerplate: bool,

    /// Do not repair mojibake.
    #[arg(long)]
    pub no_repair: bool,

    /// Describe on stderr every dropped line (with its rule id) and every repair.
    #[arg(long)]
    pub explain: bool,

    /// Add a rule pack from a TOML file (repeatable).
    #[arg(long = "rules", value_name = "FILE")]
    pub rule_files: Vec<PathBuf>,

    /// Switch off a rule or a whole pack by id (repeatable).
    #[arg(long, value_name = "ID")]
    pub disable: Vec<String>,

    /// Switch on a rule or pack that is off by default (repeatable).
    #[arg(long, value_name = "ID")]
    pub enable: Vec<String>,

    /// Print every rule pack and rule with its description, then exit.
    #[arg(long)]
    pub list_rules: bool,

    /// Folders: clean only files matching this glob (repeatable; `!GLOB` excludes).
    /// Default: *.txt, *.text and files without an extension that are not binary.
    #[arg(long = "glob", value_name = "GLOB", help_heading = "Folders")]
    pub globs: Vec<String>,

    /// Folders: include hidden files and folders.
    #[arg(long, help_heading = "Folders")]
    pub hidden: bool,

    /// Worker threads for folders, -z and --jsonl (default: all cores); output is the same
    /// for every N.
    #[arg(
        short = 'j',
        long = "threads",
        value_name = "N",
        help_heading = "Folders"
    )]
    pub threads: Option<usize>,

    /// Rewrite the inputs themselves (atomically, keeping permissions).
    #[arg(long, conflicts_with_all = ["output", "check"], help_heading = "Folders")]
    pub in_place: bool,

    /// With --in-place: keep each original as PATH+SUFFIX.
    #[arg(
        long,
        value_name = "SUFFIX",
        requires = "in_place",
        help_heading = "Folders"
    )]
    pub backup: Option<String>,

    /// Write nothing; list the files that would change and exit 1 if there are any.
    #[arg(long, conflicts_with = "output", help_heading = "Folders")]
    pub check: bool,

    /// Folders: skip files whose output is newer than the input (resume a run).
    #[arg(long, help_heading = "Folders")]
    pub skip_existing: bool,

    /// Write a JSON report of every file (or record stream) to FILE.
    #[arg(long, value_name = "FILE", help_heading = "Folders")]
    pub report: Option<PathBuf>,

    /// No progress bar and no summary.
    #[arg(short, long)]
    pub quiet: bool,

    /// Read JSON Lines and clean one string field of each record.
    #[arg(long, help_heading = "Records", conflicts_with = "null_data")]
    pub jsonl: bool,

    /// With --jsonl: the field to clean.
    #[arg(
        long,
        value_name = "NAME",
        default_value = "text",
        help_heading = "Records"
    )]
    pub field: String,

    /// With --jsonl: what to do with a line that is not a JSON object.
    #[arg(long, value_enum, default_value = "fail", help_heading = "Records")]
    pub on_error: OnError,

    /// Documents are separated by NUL bytes instead of one document per input.
    #[arg(short = 'z', long, help_heading = "Records")]
    pub null_data: bool,
}

impl Cli {
    /// The validated configuration the core receives.
    pub fn config(&self) -> Result<Config, Error> {
        let encoding = self
            .encoding
            .as_deref()
            .map(encoding_for_label)
            .transpose()?;
        Ok(Config {
            encoding,
            repair: !self.no_repair,
            boilerplate: !self.keep_boilerplate,
            rules: RuleSelection {
                files: self.rule_files.clone(),
                disable: self.disable.clone(),
                enable: self.enable.clone(),
                user_dir: user_rules_dir(),
            },
            ..Config::default()
        })
    }
}

/// `$XDG_CONFIG_HOME/newsclean/rules`, or `~/.config/newsclean/rules`.
fn user_rules_dir() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CONFIG_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")))?;
    Some(base.join("newsclean").join("rules"))
}
