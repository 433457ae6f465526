//! The command line: flags, help text, which mode a command line asks for, the flags that
//! cannot apply in that mode, and the translation into a [`Config`].

use std::path::{Path, PathBuf};

use clap::{CommandFactory, FromArgMatches, Parser};
use clap_complete::Shell;

use crate::config::Config;
use crate::error::Error;
use crate::records::OnError;
use crate::rules::RuleSelection;
use crate::sink::{OutputCompression, OutputFormat};
use crate::source::shard::Shard;

const EXAMPLES: &str = "\
Examples:
  newsclean page.txt                        clean one page to stdout
  scraper URL | newsclean > article.txt     use it as a filter
  newsclean --explain page.txt              show every dropped line and repair on stderr
  newsclean --keep-boilerplate page.txt     only fix encoding, mojibake and whitespace
  newsclean --encoding cp1252 old.txt       skip detection, decode as Windows-1252
  newsclean --rules mysite.toml page.txt    add your own rule pack
  newsclean --test-rules mysite.toml        check your pack's examples
  newsclean scraped/ -o clean/              clean a folder into a mirrored tree
  newsclean --check scraped/                list files that would change (exit 1 if any)
  newsclean --jsonl < in.jsonl > out.jsonl  clean the text field of each record
  newsclean crawl.warc.wet.gz --output-format jsonl -o clean.jsonl.zst
                                          one JSON record per WET/WARC record
  newsclean --shard 3/8 --files-from paths.txt --output-format jsonl -o part3.jsonl.gz

Exit status: 0 success; 1 an input failed (the others are still cleaned), or with --check a
file would change; 2 usage error, or with --check a file could not be checked.";

/// `--version`: the crate version and the commit it was built from.
const VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (",
    env!("NEWSCLEAN_GIT_HASH"),
    ")"
);

#[derive(Debug, Parser)]
#[command(
    name = "newsclean",
    version = VERSION,
    about = "Turn scraped news articles into clean text.",
    long_about = "Turn scraped news articles into clean text: decode any encoding, repair \
                  mojibake (including the lossy kind, `wonât` → `won’t`), normalize Unicode \
                  and whitespace, and drop newsletter, cookie, share and other boilerplate \
                  lines. Writes clean UTF-8.",
    after_help = EXAMPLES
)]
pub struct Cli {
    /// Files or folders to clean. None, or `-`, reads standard input; when that is a
    /// terminal, a one-line hint says so on stderr.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Write the result to FILE (written atomically); with a folder, the output folder.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Decode input as this encoding instead of detecting it (a WHATWG label: utf-8,
    /// windows-1252, latin1, iso-8859-2, shift_jis, utf-16le, ...).
    #[arg(long, value_name = "LABEL")]
    pub encoding: Option<String>,

    /// What the input is: `html` pages (the article is extracted), `text`, or `auto`
    /// (HTML when it starts like a page: `<!doctype html>`, `<html>`, `<head>`, `<body>`,
    /// or dense markup).
    #[arg(long, value_enum, value_name = "KIND", default_value = "auto")]
    pub input: crate::html::InputFormat,

    /// HTML input: leave out the page's headline (by default the `<h1>` that matches the
    /// page's declared title is the first line).
    #[arg(long)]
    pub no_headline: bool,

    /// Keep boilerplate lines: run every stage except the rules.
    #[arg(long)]
    pub keep_boilerplate: bool,

    /// Do not repair mojibake.
    #[arg(long)]
    pub no_repair: bool,

    /// Describe on stderr every dropped line (with its rule id) and every repair.
    #[arg(long)]
    pub explain: bool,

    /// Say more on stderr: the encoding of each input, the rule packs loaded, timings.
    #[arg(short, long, conflicts_with = "quiet")]
    pub verbose: bool,

    /// No progress bar, no summary and no hints on stderr (errors are still printed).
    #[arg(short, long)]
    pub quiet: bool,

    /// Add a rule pack from a TOML file (repeatable).
    #[arg(long = "rules", value_name = "FILE", help_heading = "Rules")]
    pub rule_files: Vec<PathBuf>,

    /// Switch off a rule or a whole pack by id (repeatable).
    #[arg(long, value_name = "ID", help_heading = "Rules")]
    pub disable: Vec<String>,

    /// Switch on a rule or pack that is off by default (repeatable).
    #[arg(long, value_name = "ID", help_heading = "Rules")]
    pub enable: Vec<String>,

    /// Do not load the rule packs in your rules folder ($XDG_CONFIG_HOME/newsclean/rules,
    /// or ~/.config/newsclean/rules).
    #[arg(long, help_heading = "Rules")]
    pub no_config: bool,

    /// Print every rule pack and rule with its description, then exit.
    #[arg(long, help_heading = "Rules")]
    pub list_rules: bool,

    /// Check that every rule of a pack drops its `examples` and keeps its
    /// `counter_examples`; print what fails, then exit (1 if anything failed).
    #[arg(long, value_name = "PACK.toml", help_heading = "Rules")]
    pub test_rules: Option<PathBuf>,

    /// Clean only files matching this glob (repeatable; `!GLOB` excludes). Default: *.txt,
    /// *.text, the HTML pages *.html, *.htm, *.xhtml, *.shtml, and files without an
    /// extension that are not binary.
    #[arg(long = "glob", value_name = "GLOB", help_heading = "Folders")]
    pub globs: Vec<String>,

    /// Include hidden files and folders.
    #[arg(long, help_heading = "Folders")]
    pub hidden: bool,

    /// Worker threads for folders, several files, archives, -z and --jsonl (default: all
    /// cores); output is the same for every N.
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

    /// Write nothing; list the files that would change. Exit 0 if none would, 1 if some
    /// would, 2 if some could not be checked.
    #[arg(long, conflicts_with = "output", help_heading = "Folders")]
    pub check: bool,

    /// Skip files whose output in -o OUTDIR is newer than the input (resume a run).
    #[arg(long, help_heading = "Folders")]
    pub skip_existing: bool,

    /// Write a JSON report of every file, or of the record stream, to FILE.
    #[arg(long, value_name = "FILE", help_heading = "Folders")]
    pub report: Option<PathBuf>,

    /// Read JSON Lines and clean one string field of each record.
    #[arg(long, help_heading = "Records", conflicts_with = "null_data")]
    pub jsonl: bool,

    /// With --jsonl: the field to clean [default: text]. `a.b` or the JSON Pointer `/a/b`
    /// names a field inside an object.
    #[arg(long, value_name = "NAME", help_heading = "Records")]
    pub field: Option<String>,

    /// With --jsonl: what to do with a line that is not a JSON object, or whose field is
    /// not a string [default: fail].
    #[arg(long, value_enum, value_name = "ACTION", help_heading = "Records")]
    pub on_error: Option<OnError>,

    /// Documents are separated by NUL bytes instead of one document per input.
    #[arg(short = 'z', long, help_heading = "Records")]
    pub null_data: bool,

    /// Write the clean text, or one JSON record per document (source, url, date,
    /// record_id, content_type, language, encoding, text) for files, folders, -z and WARC.
    #[arg(long, value_enum, default_value = "text", help_heading = "Corpora")]
    pub output_format: OutputFormat,

    /// With --output-format jsonl: add each document's counts (lines dropped by rule,
    /// repairs) as "stats".
    #[arg(long, help_heading = "Corpora")]
    pub stats: bool,

    /// Compress the output (default: by the -o name's extension: .gz, .zst, .bz2, .xz).
    #[arg(long, value_enum, value_name = "FORMAT", help_heading = "Corpora")]
    pub compress: Option<OutputCompression>,

    /// Clean only every N-th input file, starting at the I-th (0-based), of the files given
    /// or found in folders: N machines or array jobs split a corpus with no coordinator.
    #[arg(long, value_name = "I/N", help_heading = "Corpora")]
    pub shard: Option<Shard>,

    /// Read the input paths from FILE, one a line (`-` for stdin).
    #[arg(long, value_name = "FILE", help_heading = "Corpora")]
    pub files_from: Option<PathBuf>,

    /// With --files-from: the paths are separated by NUL bytes (`find -print0`).
    #[arg(
        short = '0',
        long = "null",
        requires = "files_from",
        help_heading = "Corpora"
    )]
    pub files_from_nul: bool,

    /// Print a completion script for SHELL to stdout, then exit.
    #[arg(long, value_name = "SHELL", help_heading = "Setup")]
    pub completions: Option<Shell>,

    /// Print the manual page (roff) to stdout, then exit.
    #[arg(long, help_heading = "Setup")]
    pub man: bool,
}

/// What a command line asks newsclean to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mode {
    /// Print something about newsclean itself and exit (`--list-rules`, `--completions`...).
    Info(&'static str),
    /// `--jsonl` or `-z`: record streams.
    Records,
    /// Folders, `--in-place` or `--check`: many files, each to its own output.
    Batch,
    /// Files or stdin, cleaned in order to stdout or to `-o FILE`.
    Files,
}

/// Parses the process's arguments.
pub fn parse() -> Result<Cli, clap::Error> {
    // The long version reads every built-in pack: only worth it when it is asked for.
    let command = match std::env::args_os().any(|a| a == "--version") {
        true => command(),
        false => Cli::command(),
    };
    Cli::from_arg_matches(&command.try_get_matches()?)
}

/// The clap command, with the long `--version` (it lists the built-in packs).
pub fn command() -> clap::Command {
    Cli::command().long_version(long_version())
}

fn long_version() -> String {
    let packs = crate::rules::builtin_pack_versions()
        .into_iter()
        .map(|(id, version)| format!("{id} {version}"))
        .collect::<Vec<_>>()
        .join(", ");
    format!("{VERSION}\nbuilt-in rule packs: {packs}")
}

impl Cli {
    /// The inputs, with stdin (`-`) when none was given.
    pub fn inputs(&self) -> Vec<PathBuf> {
        if self.paths.is_empty() {
            vec![PathBuf::from("-")]
        } else {
            self.paths.clone()
        }
    }

    /// True when standard input is read.
    pub fn reads_stdin(&self) -> bool {
        self.paths.is_empty() || self.paths.iter().any(|p| p == Path::new("-"))
    }

    pub fn mode(&self) -> Mode {
        if self.list_rules {
            Mode::Info("--list-rules")
        } else if self.test_rules.is_some() {
            Mode::Info("--test-rules")
        } else if self.completions.is_some() {
            Mode::Info("--completions")
        } else if self.man {
            Mode::Info("--man")
        } else if self.jsonl || (self.null_data && self.output_format == OutputFormat::Text) {
            Mode::Records
        } else if self.output_format == OutputFormat::Text
            && (self.in_place || self.check || self.paths.iter().any(|p| p.is_dir()))
        {
            Mode::Batch
        } else {
            Mode::Files
        }
    }

    /// Refuses a flag that cannot apply in the mode asked for, saying why: nothing is
    /// silently ignored. Each check is one small function; the first refusal wins.
    pub fn check_flags(&self, mode: &Mode) -> Result<(), String> {
        const CHECKS: &[fn(&Cli, &Mode) -> Option<String>] = &[
            info_takes_no_inputs,
            streams_are_not_rewritten,
            explain_needs_single_documents,
            report_needs_a_run,
            folder_flags_need_a_folder,
            skip_existing_needs_an_output_folder,
            record_flags_need_jsonl,
            jsonl_is_already_decoded,
            rule_flags_need_the_rules,
            headline_needs_html,
        ];
        match CHECKS.iter().find_map(|check| check(self, mode)) {
            Some(why) => Err(why),
            None => Ok(()),
        }
    }

    /// The validated configuration the core receives.
    pub fn config(&self) -> Result<Config, Error> {
        let config = match self.encoding.as_deref() {
            Some(label) => Config::default().with_encoding_label(label)?,
            None => Config::default(),
        };
        Ok(config
            .with_repair(!self.no_repair)
            .with_boilerplate(!self.keep_boilerplate)
            .with_rules(RuleSelection {
                files: self.rule_files.clone(),
                disable: self.disable.clone(),
                enable: self.enable.clone(),
                user_dir: self.user_rules_dir(),
            })
            .with_input(self.input)
            .with_headline(!self.no_headline))
    }

    /// The user's rules folder, unless `--no-config`.
    pub fn user_rules_dir(&self) -> Option<PathBuf> {
        if self.no_config {
            None
        } else {
            user_rules_dir()
        }
    }

    pub fn field(&self) -> &str {
        self.field.as_deref().unwrap_or("text")
    }

    pub fn on_error(&self) -> OnError {
        self.on_error.unwrap_or(OnError::Fail)
    }
}

fn headline_needs_html(cli: &Cli, _mode: &Mode) -> Option<String> {
    (cli.no_headline && cli.input == crate::html::InputFormat::Text)
        .then(|| "--no-headline applies to HTML input; --input text reads none".to_owned())
}

fn info_takes_no_inputs(cli: &Cli, mode: &Mode) -> Option<String> {
    match mode {
        Mode::Info(flag) if !cli.paths.is_empty() || cli.output.is_some() => Some(format!(
            "{flag} prints to stdout and exits: it takes no PATH and no -o"
        )),
        _ => None,
    }
}

fn streams_are_not_rewritten(cli: &Cli, mode: &Mode) -> Option<String> {
    let flag = if cli.in_place {
        "--in-place"
    } else {
        "--check"
    };
    (*mode == Mode::Records && (cli.in_place || cli.check)).then(|| {
        format!(
            "{flag} works on files in place; --jsonl and -z write a record stream (to stdout \
             or -o FILE)"
        )
    })
}

fn explain_needs_single_documents(cli: &Cli, mode: &Mode) -> Option<String> {
    let why = match mode {
        Mode::Batch => "files cleaned in parallel (clean one file at a time to see its lines)",
        Mode::Records => "records (pipe one record's text through newsclean --explain)",
        _ => return None,
    };
    cli.explain
        .then(|| format!("--explain describes one document's lines; it cannot for {why}"))
}

fn report_needs_a_run(cli: &Cli, mode: &Mode) -> Option<String> {
    // Documents out of archives and `--output-format jsonl` runs are reported too.
    if *mode != Mode::Files || cli.report.is_none() {
        return None;
    }
    // Only regular files are looked into: opening a FIFO would wait for a writer.
    let documents = cli.output_format == OutputFormat::Jsonl
        || cli.paths.iter().any(|p| {
            p.is_file()
                && crate::source::Input::open(p)
                    .is_ok_and(|i| i.container == crate::source::Container::Warc)
        });
    (!documents).then(|| {
        "--report describes a folder run, a record stream, an archive or --output-format \
         jsonl; for files and stdin use -v or --explain"
            .to_owned()
    })
}

fn folder_flags_need_a_folder(cli: &Cli, mode: &Mode) -> Option<String> {
    let flag = [
        (!cli.globs.is_empty(), "--glob"),
        (cli.hidden, "--hidden"),
        (cli.threads.is_some(), "-j/--threads"),
        (cli.skip_existing, "--skip-existing"),
    ]
    .into_iter()
    .find_map(|(given, flag)| given.then_some(flag))?;
    let has_folder = cli.paths.iter().any(|p| p.is_dir());
    // -j also sets the worker count for --in-place and --check over named files.
    let applies = match mode {
        Mode::Batch => has_folder || flag == "-j/--threads",
        // Record streams, archives and several files clean their documents on -j workers.
        Mode::Records => flag == "-j/--threads",
        // A folder to one stream (--output-format jsonl) is selected like any folder.
        Mode::Files => flag == "-j/--threads" || (has_folder && flag != "--skip-existing"),
        _ => false,
    };
    (!applies).then(|| format!("{flag} applies to cleaning folders, and no PATH is a folder"))
}

fn skip_existing_needs_an_output_folder(cli: &Cli, mode: &Mode) -> Option<String> {
    (*mode == Mode::Batch && cli.skip_existing && (cli.in_place || cli.check)).then(|| {
        "--skip-existing compares each output in -o OUTDIR with its input; --in-place and \
         --check have no separate output"
            .to_owned()
    })
}

fn record_flags_need_jsonl(cli: &Cli, _mode: &Mode) -> Option<String> {
    let flag = if cli.field.is_some() {
        "--field"
    } else if cli.on_error.is_some() {
        "--on-error"
    } else {
        return None;
    };
    (!cli.jsonl).then(|| format!("{flag} applies to JSON Lines records: add --jsonl"))
}

fn jsonl_is_already_decoded(cli: &Cli, _mode: &Mode) -> Option<String> {
    (cli.jsonl && cli.encoding.is_some()).then(|| {
        "--encoding does not apply to --jsonl: JSON text is UTF-8 and its strings are already \
         decoded (it applies to files, stdin and -z)"
            .to_owned()
    })
}

fn rule_flags_need_the_rules(cli: &Cli, mode: &Mode) -> Option<String> {
    let flag = if !cli.rule_files.is_empty() {
        "--rules"
    } else if !cli.enable.is_empty() {
        "--enable"
    } else if !cli.disable.is_empty() {
        "--disable"
    } else {
        return None;
    };
    (cli.keep_boilerplate && !matches!(mode, Mode::Info(_)))
        .then(|| format!("{flag} has no effect with --keep-boilerplate, which runs no rules"))
}

/// `$XDG_CONFIG_HOME/newsclean/rules`, or `~/.config/newsclean/rules`.
fn user_rules_dir() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CONFIG_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")))?;
    Some(base.join("newsclean").join("rules"))
}
