//! Runs a parsed command line: picks the mode (files to stdout, one file to `-o`, folders,
//! record streams; questions about newsclean itself go to `info`), reports failures, and
//! maps the outcome to an exit code. Messages for people (not `--explain`) are printed here
//! and in `info`, in the style `message` defines.

use std::fs::File;
use std::io::{self, BufReader, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Instant;

use anyhow::Context;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::batch::{self, BatchOptions, FileOutcome, Status, Target};
use crate::cli::{self, Cli, Mode};
use crate::error::Error;
use crate::info;
use crate::message::one_line;
use crate::records::{self, FieldPath, RecordReport};
use crate::report::Explainer;
use crate::rules::RuleError;
use crate::{Cleaner, Report};

/// Success; with `--check`, nothing would change.
pub const EXIT_OK: u8 = 0;
/// An input failed (the others were still cleaned); with `--check`, a file would change.
pub const EXIT_FAILED: u8 = 1;
/// A usage error: nothing was cleaned. With `--check`, a file could not be checked.
pub const EXIT_USAGE: u8 = 2;

/// The command-line tool: parses the process's arguments, runs them, returns the exit code.
pub fn main() -> ExitCode {
    match cli::parse() {
        Ok(cli) => run(&cli),
        Err(err) => clap_exit(&err),
    }
}

/// `--help` and `--version` print as clap writes them; a usage error is one line, exit 2.
fn clap_exit(err: &clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    match err.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let _ = err.print();
            ExitCode::from(EXIT_OK)
        }
        _ => {
            let rendered = err.render().to_string();
            eprintln!("newsclean: {}", crate::message::usage_error(&rendered));
            ExitCode::from(EXIT_USAGE)
        }
    }
}

/// Runs the command line and returns the process exit code.
pub fn run(cli: &Cli) -> ExitCode {
    match try_run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(err) if is_broken_pipe(&err) => ExitCode::from(EXIT_OK),
        Err(err) => {
            eprintln!("newsclean: {}", one_line(&err));
            ExitCode::from(EXIT_USAGE)
        }
    }
}

/// `Err` is a usage error (exit 2); failures of single inputs are reported and give exit 1.
fn try_run(cli: &Cli) -> anyhow::Result<u8> {
    let mode = cli.mode();
    cli.check_flags(&mode).map_err(anyhow::Error::msg)?;
    if let Mode::Info(_) = mode {
        return info::run(cli);
    }
    let started = Instant::now();
    let cleaner = build_cleaner(cli)?;
    if cli.verbose {
        say_packs(cli, &cleaner, started);
    }
    if cli.reads_stdin() && !cli.quiet && io::stdin().is_terminal() {
        eprintln!(
            "newsclean: reading standard input from the terminal: type or paste the text, then \
             press Ctrl-D (newsclean --help for usage)"
        );
    }
    let inputs = cli.inputs();
    match mode {
        Mode::Records => run_records(&cleaner, cli, &inputs),
        Mode::Batch => run_batch(&cleaner, cli, inputs),
        _ => run_files(&cleaner, cli, &inputs),
    }
}

/// Builds the cleaner; a broken pack in the user's rules folder says which folder it is
/// and how to run without it.
fn build_cleaner(cli: &Cli) -> anyhow::Result<Cleaner> {
    Cleaner::new(cli.config()?).map_err(|err| build_error(cli, err))
}

/// The pack file a rule error is about, if any.
fn pack_file(err: &Error) -> Option<&Path> {
    match err {
        Error::Rules(RuleError::Invalid { file, .. } | RuleError::Io { file, .. }) => {
            Some(Path::new(file))
        }
        _ => None,
    }
}

/// `-v`: which packs were loaded, from where, and how long loading took.
fn say_packs(cli: &Cli, cleaner: &Cleaner, started: Instant) {
    let Some(rules) = cleaner.rules() else {
        eprintln!("newsclean: no rule packs (--keep-boilerplate)");
        return;
    };
    let packs = rules
        .packs
        .iter()
        .map(|p| {
            let off = if p.enabled { "" } else { " (off)" };
            let from = if p.source.starts_with("(built-in)") {
                String::new()
            } else {
                format!(" from {}", p.source)
            };
            format!("{} {}{off}{from}", p.id, p.version)
        })
        .collect::<Vec<_>>()
        .join(", ");
    let folder = match (cli.no_config, cli.user_rules_dir()) {
        (true, _) => "not read (--no-config)".to_owned(),
        (false, Some(dir)) if dir.is_dir() => format!("{}", dir.display()),
        (false, Some(dir)) => format!("{} (absent)", dir.display()),
        (false, None) => "none (no HOME)".to_owned(),
    };
    eprintln!("newsclean: rule packs: {packs}");
    eprintln!(
        "newsclean: user rules folder: {folder}; set up in {:.3} s",
        started.elapsed().as_secs_f64()
    );
}

/// A cleaner that cannot be built; one from the user's rules folder names the folder.
pub(crate) fn build_error(cli: &Cli, err: Error) -> anyhow::Error {
    let user_dir = cli.user_rules_dir();
    match user_dir.filter(|dir| pack_file(&err).is_some_and(|f| f.starts_with(dir))) {
        Some(dir) => anyhow::anyhow!(
            "{} (a pack in your rules folder {}: fix or move it, or run with --no-config)",
            one_line(&anyhow::Error::new(err)),
            dir.display()
        ),
        None => anyhow::Error::new(err),
    }
}

/// Files and stdin, cleaned in order to stdout, or one input to `-o FILE`.
fn run_files(cleaner: &Cleaner, cli: &Cli, inputs: &[PathBuf]) -> anyhow::Result<u8> {
    if cli.output.is_some() && inputs.len() > 1 {
        anyhow::bail!(
            "-o FILE takes one input; {} were given (for folders, -o names the output folder)",
            inputs.len()
        );
    }
    match &cli.output {
        Some(target) => write_atomically(target, |out| clean_one(cleaner, cli, &inputs[0], out)),
        None => {
            let mut out = io::stdout().lock();
            let mut failed = false;
            for input in inputs {
                match clean_one(cleaner, cli, input, &mut out) {
                    Ok(_) => {}
                    Err(err) if is_broken_pipe(&err) => return Ok(EXIT_OK),
                    Err(err) => {
                        eprintln!("newsclean: {}", one_line(&err));
                        failed = true;
                    }
                }
            }
            Ok(if failed { EXIT_FAILED } else { EXIT_OK })
        }
    }
}

/// Cleans one input (a path, or `-` for stdin) into `out`. Errors name the input.
fn clean_one(
    cleaner: &Cleaner,
    cli: &Cli,
    input: &Path,
    out: &mut dyn Write,
) -> anyhow::Result<Report> {
    let started = Instant::now();
    let name = display_name(input);
    let mut stderr = io::stderr().lock();
    let explain = cli.explain.then(|| Explainer {
        source: name.clone(),
        out: &mut stderr,
    });
    let reader = open_input(input)?;
    let result = match explain {
        Some(explain) => cleaner.clean_reader_explained(reader, out, explain),
        None => cleaner.clean_reader(reader, out),
    };
    let report = result.map_err(|e| match e.is_broken_pipe() {
        true => anyhow::Error::new(e),
        false => anyhow::Error::new(e).context(name.clone()),
    })?;
    if cli.verbose {
        eprintln!(
            "newsclean: {name}: {}; {:.3} s",
            describe_report(&report),
            started.elapsed().as_secs_f64()
        );
    }
    Ok(report)
}

/// `-v`'s line about one document.
fn describe_report(r: &Report) -> String {
    format!(
        "{}, {} bytes, {} lines in, {} out ({} dropped), {} repairs, {} invalid sequences",
        r.encoding.unwrap_or("unknown encoding"),
        r.bytes_in,
        r.lines_in,
        r.lines_out,
        r.lines_dropped(),
        r.repair_count(),
        r.invalid_sequences
    )
}

/// A file, or stdin for `-`. A folder is refused here, where only documents are read.
fn open_input(input: &Path) -> anyhow::Result<Box<dyn Read>> {
    let name = display_name(input);
    if input == Path::new("-") {
        return Ok(Box::new(io::stdin().lock()));
    }
    if input.is_dir() {
        anyhow::bail!("{name}: is a folder (--jsonl and -z read files or stdin)");
    }
    Ok(Box::new(
        File::open(input).with_context(|| format!("{name}: cannot open"))?,
    ))
}

/// Writes a temporary file beside `target` and renames it into place only if `fill`
/// succeeds: a reader never sees half a file, and a failed run leaves nothing behind.
fn write_atomically(
    target: &Path,
    fill: impl FnOnce(&mut dyn Write) -> anyhow::Result<Report>,
) -> anyhow::Result<u8> {
    let dir = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let tmp = tempfile::Builder::new()
        .prefix(".newsclean-")
        .suffix(".newsclean-tmp")
        .tempfile_in(dir)
        .with_context(|| {
            format!(
                "{}: cannot create a temporary file in {}",
                target.display(),
                dir.display()
            )
        });
    // The output cannot be written: that input failed (exit 1), as in a folder run.
    let mut tmp = match tmp {
        Ok(tmp) => tmp,
        Err(err) => {
            eprintln!("newsclean: {}", one_line(&err));
            return Ok(EXIT_FAILED);
        }
    };
    if let Err(err) = fill(tmp.as_file_mut()) {
        eprintln!("newsclean: {}", one_line(&err));
        return Ok(EXIT_FAILED);
    }
    let moved = tmp
        .as_file()
        .sync_all()
        .map_err(anyhow::Error::new)
        .and_then(|_| {
            tmp.persist(target)
                .map(drop)
                .map_err(|e| anyhow::Error::new(e.error))
        });
    match moved.with_context(|| format!("{}: cannot write", target.display())) {
        Ok(()) => Ok(EXIT_OK),
        Err(err) => {
            eprintln!("newsclean: {}", one_line(&err));
            Ok(EXIT_FAILED)
        }
    }
}

fn run_batch(cleaner: &Cleaner, cli: &Cli, roots: Vec<PathBuf>) -> anyhow::Result<u8> {
    if roots.iter().any(|p| p == Path::new("-")) {
        anyhow::bail!("stdin (-) cannot be mixed with folders, --in-place or --check");
    }
    let target = match (&cli.output, cli.in_place, cli.check) {
        (_, true, _) => Target::InPlace {
            backup: cli.backup.clone(),
        },
        (_, _, true) => Target::Check,
        (Some(dir), _, _) => Target::OutDir(dir.clone()),
        (None, _, _) => {
            let folder = roots.iter().find(|p| p.is_dir()).unwrap_or(&roots[0]);
            anyhow::bail!(
                "{}: cleaning a folder needs -o OUTDIR, --in-place or --check",
                folder.display()
            )
        }
    };
    if let Target::OutDir(dir) = &target {
        if dir.is_file() {
            anyhow::bail!(
                "{}: -o must name a folder when the input is a folder",
                dir.display()
            );
        }
    }
    let opts = BatchOptions {
        roots,
        target,
        globs: cli.globs.clone(),
        hidden: cli.hidden,
        threads: cli.threads,
        skip_existing: cli.skip_existing,
    };
    let interrupted = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&interrupted);
    // Ctrl-C and SIGTERM let the files in progress finish (or vanish), never half-write one.
    let _ = ctrlc::set_handler(move || flag.store(true, Ordering::Relaxed));
    let bar = BatchProgress::new(!cli.quiet && io::stderr().is_terminal(), cli);
    let summary = batch::run(cleaner, &opts, &bar, &interrupted)?;
    if summary.files.is_empty() && summary.not_started == 0 {
        anyhow::bail!(nothing_selected(&opts));
    }
    if cli.check {
        let mut out = io::stdout().lock();
        for f in summary
            .files
            .iter()
            .filter(|f| f.status == Status::WouldChange)
        {
            writeln!(out, "{}", f.path)?;
        }
    }
    if let Some(path) = &cli.report {
        let json = serde_json::json!({ "files": summary.files, "totals": summary.totals(), "not_started": summary.not_started });
        write_json(path, &json)?;
    }
    if !cli.quiet {
        eprintln!("newsclean: {}", summary.describe());
    }
    Ok(batch_exit_code(cli.check, &summary))
}

/// 0, 1 or 2. `--check` follows `diff`: 0 nothing would change, 1 something would, 2 some
/// file could not be checked. Otherwise 1 means some file failed.
fn batch_exit_code(check: bool, summary: &batch::BatchSummary) -> u8 {
    match (check, summary.any_failed()) {
        (true, true) => EXIT_USAGE,
        (true, false) if summary.count(Status::WouldChange) > 0 => EXIT_FAILED,
        (false, true) => EXIT_FAILED,
        _ => EXIT_OK,
    }
}

/// Why a folder run found nothing to clean, like ripgrep's "No files were searched".
fn nothing_selected(opts: &BatchOptions) -> String {
    let roots = opts
        .roots
        .iter()
        .map(|r| r.display().to_string())
        .collect::<Vec<_>>()
        .join(", ");
    let rule = if opts.globs.is_empty() {
        "by the default selection (*.txt, *.text, and text files without an extension); \
         choose others with --glob, e.g. --glob '*.html'"
            .to_owned()
    } else {
        format!("by --glob {}", opts.globs.join(" --glob "))
    };
    let hidden = if opts.hidden {
        ""
    } else {
        " (hidden files and folders are skipped unless --hidden)"
    };
    format!("{roots}: no file to clean: none is selected {rule}{hidden}")
}

fn write_json(path: &Path, json: &serde_json::Value) -> anyhow::Result<()> {
    let code = write_atomically(path, |out| {
        serde_json::to_writer_pretty(&mut *out, json)?;
        out.write_all(b"\n")?;
        Ok(Report::default())
    })?;
    anyhow::ensure!(
        code == EXIT_OK,
        "{}: the report was not written",
        path.display()
    );
    Ok(())
}

/// The progress bar on a terminal, and failure messages either way.
struct BatchProgress {
    bar: ProgressBar,
    bytes: AtomicU64,
    started: Instant,
    /// `-v`: a line for every file.
    verbose: bool,
    /// `-q`: only failures.
    quiet: bool,
}

impl BatchProgress {
    fn new(visible: bool, cli: &Cli) -> Self {
        let bar = ProgressBar::with_draw_target(
            Some(0),
            match visible {
                true => ProgressDrawTarget::stderr(),
                false => ProgressDrawTarget::hidden(),
            },
        );
        bar.set_style(
            ProgressStyle::with_template("{bar:30} {pos}/{len} files  {msg}  ETA {eta}")
                .expect("the template is valid"),
        );
        BatchProgress {
            bar,
            bytes: AtomicU64::new(0),
            started: Instant::now(),
            verbose: cli.verbose,
            quiet: cli.quiet,
        }
    }

    fn say(&self, line: String) {
        self.bar.suspend(|| eprintln!("newsclean: {line}"));
    }
}

impl batch::Progress for BatchProgress {
    fn start(&self, files: u64) {
        self.bar.set_length(files);
    }

    fn file_done(&self, outcome: &FileOutcome) {
        let why = outcome.reason.as_deref();
        match outcome.status {
            Status::Failed => {
                self.say(format!("{}: {}", outcome.path, why.unwrap_or("failed")));
                return;
            }
            // Resuming a run skips every finished file: only -v names them.
            Status::Skipped
                if !self.quiet && (why != Some(batch::OUTPUT_IS_NEWER) || self.verbose) =>
            {
                self.say(format!("{}: skipped: {}", outcome.path, why.unwrap_or("")));
            }
            _ if self.verbose => self.say(format!(
                "{}: {:?}: {}",
                outcome.path,
                outcome.status,
                describe_report(&outcome.report)
            )),
            _ => {}
        }
        let bytes_in = outcome.report.bytes_in;
        let bytes = self.bytes.fetch_add(bytes_in, Ordering::Relaxed) + bytes_in;
        let secs = self.started.elapsed().as_secs_f64().max(1e-3);
        self.bar
            .set_message(format!("{:.1} MB/s", bytes as f64 / 1e6 / secs));
        self.bar.inc(1);
    }

    fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

/// `--jsonl` and `-z`: record streams from stdin or files, to stdout or `-o FILE`. An input
/// that fails is named and the others are still cleaned (exit 1).
fn run_records(cleaner: &Cleaner, cli: &Cli, inputs: &[PathBuf]) -> anyhow::Result<u8> {
    let started = Instant::now();
    let field = FieldPath::parse(cli.field()).map_err(anyhow::Error::msg)?;
    let mut totals = RecordReport::default();
    let mut failed = false;
    let mut clean_all = |out: &mut dyn Write| -> anyhow::Result<Report> {
        for input in inputs {
            match clean_records(cleaner, cli, &field, input, out) {
                Ok(report) => totals.absorb(&report),
                Err(err) if is_broken_pipe(&err) => return Err(err),
                Err(err) => {
                    eprintln!("newsclean: {}", one_line(&err));
                    failed = true;
                }
            }
        }
        Ok(Report::default())
    };
    let code = match &cli.output {
        Some(target) => write_atomically(target, &mut clean_all)?,
        None => match clean_all(&mut io::stdout().lock()) {
            Ok(_) => EXIT_OK,
            Err(err) if is_broken_pipe(&err) => return Ok(EXIT_OK),
            Err(err) => {
                eprintln!("newsclean: {}", one_line(&err));
                EXIT_FAILED
            }
        },
    };
    let code = if failed { EXIT_FAILED } else { code };
    let t = &totals.totals;
    if let Some(path) = &cli.report {
        let json = serde_json::json!({
            "records": totals.records,
            "cleaned": totals.cleaned,
            "without_field": totals.without_field,
            "malformed": totals.malformed,
            "totals": t,
        });
        write_json(path, &json)?;
    }
    let passed_over = totals.malformed + totals.without_field > 0;
    if !cli.quiet && (cli.report.is_some() || cli.verbose || passed_over) {
        let mut line = format!("{} records, {} cleaned", totals.records, totals.cleaned);
        if totals.without_field > 0 {
            line += &format!(
                ", {} without the field {field} (passed through)",
                totals.without_field
            );
        }
        if totals.malformed > 0 {
            line += &format!(", {} skipped (--on-error skip)", totals.malformed);
        }
        eprintln!(
            "newsclean: {line}; {} lines dropped, {} repairs; {:.2} s",
            t.lines_dropped(),
            t.repair_count(),
            started.elapsed().as_secs_f64()
        );
    }
    if cli.jsonl && totals.records > 0 && totals.without_field == totals.records {
        anyhow::bail!(
            "no record has the field {field} as a string (all {} passed through unchanged): \
             name it with --field (a.b or /a/b for a field inside an object)",
            totals.records
        );
    }
    Ok(code)
}

/// One record stream from one input.
fn clean_records(
    cleaner: &Cleaner,
    cli: &Cli,
    field: &FieldPath,
    input: &Path,
    out: &mut dyn Write,
) -> anyhow::Result<RecordReport> {
    let name = display_name(input);
    let mut input = BufReader::with_capacity(256 * 1024, open_input(input)?);
    if cli.jsonl {
        records::clean_jsonl(cleaner, &mut input, out, field, cli.on_error())
            .map_err(|e| anyhow::Error::new(e).context(name))
    } else {
        records::clean_nul_separated(cleaner, &mut input, out)
            .map_err(|e| anyhow::Error::new(e).context(name))
    }
}

fn display_name(input: &Path) -> String {
    if input == Path::new("-") {
        "<stdin>".to_owned()
    } else {
        input.display().to_string()
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
            || e.downcast_ref::<Error>().is_some_and(Error::is_broken_pipe)
    })
}
