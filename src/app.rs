//! Runs a parsed command line: picks the mode (files to stdout, one file to `-o`, folders,
//! record streams; questions about newsclean itself go to `info`), reports failures, and
//! maps the outcome to an exit code. Messages for people (not `--explain`) are printed here
//! and in `info`, in the style `message` defines.

use std::fs::File;
use std::io::{self, BufRead, BufReader, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use anyhow::Context;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::batch::{self, BatchOptions, FileOutcome, Status, Target};
use crate::cli::{self, Cli, Mode};
use crate::corpus::{self, CorpusOptions, Note};
use crate::error::Error;
use crate::info;
use crate::message::{io_reason, one_line};
use crate::output::{self, FileId, Outputs, Replace};
use crate::parallel;
use crate::records::{self, FieldPath, RecordReport};
use crate::rules::RuleError;
use crate::signals::Interrupts;
use crate::sink::{self, Encoder, OutputFormat};
use crate::source::{display_name, shard, Container, Input, SourceError};
use crate::{Cleaner, Report};

/// `eprintln!` that cannot panic: a stderr that cannot be written (`2>/dev/full`, a reader
/// gone) loses the message, never the run; the exit status still says what happened.
macro_rules! say {
    ($($arg:tt)*) => {{
        let _ = writeln!(io::stderr().lock(), $($arg)*);
    }};
}

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
            say!("newsclean: {}", crate::message::usage_error(&rendered));
            ExitCode::from(EXIT_USAGE)
        }
    }
}

/// Runs the command line and returns the process exit code.
pub fn run(cli: &Cli) -> ExitCode {
    // First of all, so that no signal can leave a temporary file behind.
    let outputs = Outputs::new();
    let interrupts = Interrupts::install(outputs.temp_files()).unwrap_or_default();
    let run = Run {
        outputs: &outputs,
        interrupts: &interrupts,
    };
    match try_run(cli, &run) {
        Ok(code) => ExitCode::from(code),
        Err(err) if is_broken_pipe(&err) => ExitCode::from(EXIT_OK),
        Err(err) => {
            say!("newsclean: {}", one_line(&err));
            ExitCode::from(EXIT_USAGE)
        }
    }
}

/// The writer of a run's outputs and its signal flag.
struct Run<'a> {
    outputs: &'a Outputs,
    interrupts: &'a Interrupts,
}

/// `Err` is a usage error (exit 2); failures of single inputs are reported and give exit 1.
fn try_run(cli: &Cli, run: &Run<'_>) -> anyhow::Result<u8> {
    let mode = cli.mode();
    cli.check_flags(&mode).map_err(anyhow::Error::msg)?;
    if let Mode::Info(_) = mode {
        return info::run(cli);
    }
    let started = Instant::now();
    // Leaked, not dropped: the rule book is thousands of small allocations (syntax trees,
    // literal sets, automata), and freeing them one by one just before the process exits
    // is a measurable share of a short run; the operating system takes the memory back.
    let cleaner: &'static Cleaner = Box::leak(Box::new(build_cleaner(cli)?));
    if cli.verbose {
        say_packs(cli, cleaner, started);
    }
    if cli.reads_stdin() && !cli.quiet && io::stdin().is_terminal() {
        say!(
            "newsclean: reading standard input from the terminal: type or paste the text, then \
             press Ctrl-D (newsclean --help for usage)"
        );
    }
    let inputs = input_paths(cli)?;
    check_corpus_flags(cli, &inputs)?;
    if let Some(target) = &cli.output {
        refuse_an_input_as_output(target, &inputs)?;
    }
    match mode {
        Mode::Records => run_records(cleaner, cli, run, &sharded(cli, inputs)),
        Mode::Batch => run_batch(cleaner, cli, run, inputs),
        _ => {
            if cli.output_format == OutputFormat::Text && cli.output.is_some() && inputs.len() > 1 {
                anyhow::bail!(
                    "-o FILE takes one input; {} were given (for folders, -o names the output folder)",
                    inputs.len()
                );
            }
            run_corpus(cleaner, cli, run, inputs)
        }
    }
}

/// The paths given, or read from `--files-from`; `-` (stdin) when there are none.
fn input_paths(cli: &Cli) -> anyhow::Result<Vec<PathBuf>> {
    let Some(list) = &cli.files_from else {
        return Ok(cli.inputs());
    };
    let mut paths = cli.paths.clone();
    {
        let name = display_name(list);
        let mut reader: Box<dyn BufRead> = if list == Path::new("-") {
            Box::new(io::stdin().lock())
        } else {
            Box::new(BufReader::new(
                File::open(list).with_context(|| format!("{name}: cannot open"))?,
            ))
        };
        let listed = shard::read_list(&mut reader, cli.files_from_nul)
            .with_context(|| format!("{name}: cannot read the list of files"))?;
        if listed.iter().any(|p| p == Path::new("-")) && list == Path::new("-") {
            anyhow::bail!("{name}: the list is read from stdin, so it cannot name stdin (-)");
        }
        paths.extend(listed);
        if paths.is_empty() {
            anyhow::bail!("{name}: the list of files is empty");
        }
    }
    if paths.is_empty() {
        paths.push(PathBuf::from("-"));
    }
    Ok(paths)
}

/// Flags of this module that cannot apply to what was asked are errors, not no-ops.
fn check_corpus_flags(cli: &Cli, inputs: &[PathBuf]) -> anyhow::Result<()> {
    let jsonl_out = cli.output_format == OutputFormat::Jsonl;
    if cli.stats && !jsonl_out {
        anyhow::bail!("--stats adds counts to JSONL records: use it with --output-format jsonl (or --report for totals)");
    }
    if cli.jsonl && (jsonl_out || cli.stats) {
        anyhow::bail!("--jsonl already writes JSON Lines (each record with its field cleaned): --output-format jsonl and --stats do not apply; use --report for counts");
    }
    if cli.shard.is_some() && inputs.iter().any(|p| p == Path::new("-")) {
        anyhow::bail!("--shard splits a list of files or folders; stdin (-) is one stream");
    }
    let folders = !jsonl_out && (cli.in_place || cli.check || inputs.iter().any(|p| p.is_dir()));
    if cli.compress.is_some() && folders {
        anyhow::bail!("--compress applies to one output stream (stdout or -o FILE), not to a folder of outputs");
    }
    Ok(())
}

fn sharded(cli: &Cli, inputs: Vec<PathBuf>) -> Vec<PathBuf> {
    match cli.shard {
        Some(shard) => shard.take(inputs),
        None => inputs,
    }
}

/// Files, folders (with `--output-format jsonl`) and archives, every document to one
/// output stream: stdout or `-o FILE`, compressed if asked.
fn run_corpus(
    cleaner: &Cleaner,
    cli: &Cli,
    run: &Run<'_>,
    roots: Vec<PathBuf>,
) -> anyhow::Result<u8> {
    let (inputs, walk_failures) = match roots.iter().any(|p| p.is_dir()) {
        true => batch::find_files(&roots, &cli.globs, cli.hidden)?,
        false => (roots, Vec::new()),
    };
    for f in &walk_failures {
        say!(
            "newsclean: {}: {}",
            f.path,
            f.reason.as_deref().unwrap_or("failed")
        );
    }
    let inputs = sharded(cli, inputs);
    let opts = CorpusOptions {
        nul_separated: cli.null_data,
        format: cli.output_format,
        stats: cli.stats,
        explain: cli.explain,
        threads: parallel::worker_count(cli.threads),
    };
    let compression = sink::output_compression(cli.compress, cli.output.as_deref());
    let mut corpus = CorpusRun {
        verbose: cli.verbose,
        ..CorpusRun::default()
    };
    let code = match &cli.output {
        // What was cleaned before a failed input is kept (whole documents only); a run
        // that cleaned nothing leaves no file.
        Some(target) => write_output(run, target, &inputs, |out| {
            let mut out = Encoder::new(out, compression)?;
            corpus.all(cleaner, &inputs, &mut out, &opts)?;
            out.finish()?;
            anyhow::ensure!(
                !(corpus.failed && corpus.documents == 0),
                "{}: not written: no document was cleaned",
                target.display()
            );
            Ok(Report::default())
        }),
        None => {
            let written = output::write_stream("<stdout>", &mut io::stdout().lock(), |out| {
                let mut out = Encoder::new(out, compression)?;
                corpus.all(cleaner, &inputs, &mut out, &opts)?;
                out.finish()?;
                Ok(())
            });
            match written {
                Ok(()) => EXIT_OK,
                Err(err) if is_broken_pipe(&err) => return Ok(EXIT_OK),
                Err(err) => {
                    say!("newsclean: {}", one_line(&err));
                    EXIT_FAILED
                }
            }
        }
    };
    let mut code = code.max(corpus.explain.exit_code());
    if let Some(path) = &cli.report {
        let json = serde_json::json!({
            "inputs": corpus.inputs,
            "documents": corpus.documents,
            "skipped_records": corpus.skipped,
            "large_cuts": corpus.large_cuts,
            "totals": corpus.totals,
        });
        code = code.max(write_json(run, path, &json));
    }
    let skipped: u64 = corpus.skipped.values().sum();
    if !cli.quiet && (skipped > 0 || cli.report.is_some()) {
        let kinds: Vec<String> = corpus
            .skipped
            .iter()
            .map(|(k, n)| format!("{n} {k}"))
            .collect();
        say!(
            "newsclean: {} documents from {} inputs; records skipped: {}",
            corpus.documents,
            corpus.inputs,
            if kinds.is_empty() {
                "none".to_owned()
            } else {
                kinds.join(", ")
            }
        );
    }
    let failed = corpus.failed || !walk_failures.is_empty();
    Ok(if failed { code.max(EXIT_FAILED) } else { code })
}

/// Counts of a corpus run, over all its inputs.
#[derive(Default)]
struct CorpusRun {
    inputs: u64,
    documents: u64,
    skipped: std::collections::BTreeMap<String, u64>,
    large_cuts: Vec<serde_json::Value>,
    totals: Report,
    failed: bool,
    /// `-v`: a line for every input.
    verbose: bool,
    explain: ExplainStream,
}

impl CorpusRun {
    /// Cleans every input into `out`; a bad input is reported and the next one goes on.
    /// `Err` only when the output itself fails.
    fn all(
        &mut self,
        cleaner: &Cleaner,
        inputs: &[PathBuf],
        out: &mut dyn Write,
        opts: &CorpusOptions,
    ) -> anyhow::Result<()> {
        let mut explain = std::mem::take(&mut self.explain);
        let explain_to = opts.explain.then_some(&mut explain as &mut dyn Write);
        let result = corpus::clean_all(cleaner, inputs, out, opts, explain_to, &mut |note| {
            self.note(note)
        });
        self.explain = explain;
        result
    }

    /// Says what happened; `Err` stops the run (the output is gone).
    fn note(&mut self, note: Note) -> anyhow::Result<()> {
        match note {
            Note::LargeCut { document, cut } => {
                say!("newsclean: {document}: {cut}");
                self.large_cuts
                    .push(serde_json::json!({ "document": document, "cut": cut }));
            }
            Note::Unopened { name, error } => {
                match error {
                    SourceError::Open(e) => {
                        say!("newsclean: {name}: cannot open: {}", io_reason(&e))
                    }
                    e => say!("newsclean: {name}: {}", one_line(&anyhow::Error::new(e))),
                }
                self.failed = true;
            }
            Note::Input { name, result } => {
                self.inputs += 1;
                let summary = match result {
                    Ok(summary) => summary,
                    Err(stop) => {
                        if is_broken_pipe(&stop.error) {
                            return Err(stop.error);
                        }
                        let message = one_line(&stop.error);
                        let message = message
                            .strip_prefix(&format!("{name}: "))
                            .unwrap_or(&message);
                        match stop.summary.documents {
                            0 => say!("newsclean: {name}: {message}"),
                            n => say!(
                                "newsclean: {name}: {message} (the {n} documents before it were written)"
                            ),
                        }
                        self.failed = true;
                        *stop.summary
                    }
                };
                if self.verbose {
                    say!(
                        "newsclean: {name}: {}; {:.3} s",
                        describe_report(&summary.totals),
                        summary.elapsed.as_secs_f64()
                    );
                }
                self.documents += summary.documents;
                self.totals.absorb(&summary.totals);
                for (kind, n) in summary.skipped {
                    *self.skipped.entry(kind).or_default() += n;
                }
            }
        }
        Ok(())
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
        say!("newsclean: no rule packs (--keep-boilerplate)");
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
    say!("newsclean: rule packs: {packs}");
    say!(
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

/// Writes `-o FILE` (or `--report FILE`) through the one output writer: exit 1 and a
/// message if the input fails or the file cannot be written, naming which.
fn write_output(
    run: &Run<'_>,
    target: &Path,
    inputs: &[PathBuf],
    fill: impl FnOnce(&mut dyn Write) -> anyhow::Result<Report>,
) -> u8 {
    let inputs: Vec<FileId> = inputs.iter().filter_map(|p| FileId::of_path(p)).collect();
    let how = Replace {
        not_one_of: &inputs,
        sync: true,
        ..Replace::default()
    };
    match run.outputs.write(target, &how, fill) {
        Ok(_) => EXIT_OK,
        Err(err) => {
            say!("newsclean: {}", one_line(&err));
            EXIT_FAILED
        }
    }
}

/// `-o` naming one of the inputs would clean it in place without `--in-place`: refused.
fn refuse_an_input_as_output(target: &Path, inputs: &[PathBuf]) -> anyhow::Result<()> {
    let Some(out) = FileId::of_path(target).filter(|_| !target.is_dir()) else {
        return Ok(()); // an output folder is checked by the folder run
    };
    if let Some(input) = inputs.iter().find(|i| FileId::of_path(i) == Some(out)) {
        anyhow::bail!(
            "{}: -o names the input {}; use --in-place to rewrite an input",
            target.display(),
            input.display()
        );
    }
    Ok(())
}

/// `--explain`'s stream, stderr. When it cannot be written (its reader went away, as in
/// `--explain 2>&1 >out.txt | head`, or the disk is full) the explanation stops and the
/// cleaning goes on: the output is still written in full.
#[derive(Default)]
struct ExplainStream {
    lost: Option<io::Error>,
}

impl ExplainStream {
    /// Exit 1 if the explanation asked for was cut short by anything but its reader leaving.
    fn exit_code(&self) -> u8 {
        match &self.lost {
            Some(e) if e.kind() != io::ErrorKind::BrokenPipe => EXIT_FAILED,
            _ => EXIT_OK,
        }
    }
}

impl Write for ExplainStream {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        if self.lost.is_none() {
            if let Err(e) = io::stderr().lock().write_all(data) {
                self.lost = Some(e);
            }
        }
        Ok(data.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

fn run_batch(
    cleaner: &Cleaner,
    cli: &Cli,
    run: &Run<'_>,
    roots: Vec<PathBuf>,
) -> anyhow::Result<u8> {
    if roots.iter().any(|p| p == Path::new("-")) {
        anyhow::bail!("stdin (-) cannot be mixed with folders, --in-place or --check");
    }
    if let Some(suffix) = &cli.backup {
        anyhow::ensure!(
            !suffix.is_empty(),
            "--backup '': an empty suffix would name the file itself, so no backup could be kept"
        );
        anyhow::ensure!(
            !suffix.contains('/'),
            "--backup {suffix:?}: a suffix cannot hold '/' (the backup stays beside its file)"
        );
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
        let out = FileId::of_path(dir);
        if let Some(root) = roots
            .iter()
            .find(|r| out.is_some() && FileId::of_path(r) == out)
        {
            anyhow::bail!(
                "{}: -o names the input folder {}; use --in-place to rewrite the files in it",
                dir.display(),
                root.display()
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
        shard: cli.shard,
    };
    // Ctrl-C and SIGTERM let the files in progress finish, never half-write one.
    run.interrupts.finish_files_in_progress();
    let bar = BatchProgress::new(!cli.quiet && io::stderr().is_terminal(), cli);
    let summary = batch::run(cleaner, &opts, run.outputs, &bar, run.interrupts.flag())?;
    if summary.files.is_empty() && summary.not_started == 0 {
        anyhow::bail!(nothing_selected(&opts));
    }
    let mut written = EXIT_OK;
    if cli.check {
        let listed = output::write_stream("<stdout>", &mut io::stdout().lock(), |out| {
            for f in summary
                .files
                .iter()
                .filter(|f| f.status == Status::WouldChange)
            {
                writeln!(out, "{}", f.path)?;
            }
            Ok(())
        });
        if let Err(err) = listed.as_ref().map_err(|e| (is_broken_pipe(e), e)) {
            if !err.0 {
                say!("newsclean: {}", one_line(err.1));
                written = EXIT_USAGE;
            }
        }
    }
    if let Some(path) = &cli.report {
        let json = serde_json::json!({ "files": summary.files, "totals": summary.totals(), "not_started": summary.not_started });
        if write_json(run, path, &json) != EXIT_OK {
            // --check's 1 means "would change": a file it could not write is its 2.
            written = if cli.check { EXIT_USAGE } else { EXIT_FAILED };
        }
    }
    if !cli.quiet {
        say!("newsclean: {}", summary.describe());
    }
    Ok(batch_exit_code(cli.check, &summary).max(written))
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
        "by the default selection (*.txt, *.text, the HTML pages *.html, *.htm, *.xhtml, \
         *.shtml, and text files without an extension); choose others with --glob, e.g. \
         --glob '*.md'"
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

/// Writes the `--report` file; exit 1 and a message naming it if that fails.
fn write_json(run: &Run<'_>, path: &Path, json: &serde_json::Value) -> u8 {
    write_output(run, path, &[], |out| {
        serde_json::to_writer_pretty(&mut *out, json)?;
        out.write_all(b"\n")?;
        Ok(Report::default())
    })
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
        self.bar.suspend(|| say!("newsclean: {line}"));
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
fn run_records(
    cleaner: &Cleaner,
    cli: &Cli,
    run: &Run<'_>,
    inputs: &[PathBuf],
) -> anyhow::Result<u8> {
    let started = Instant::now();
    let field = FieldPath::parse(cli.field()).map_err(anyhow::Error::msg)?;
    let mut totals = RecordReport::default();
    let mut failed = false;
    let compression = sink::output_compression(cli.compress, cli.output.as_deref());
    let mut clean_all = |out: &mut dyn Write| -> anyhow::Result<Report> {
        // A failed write ends the run, named as the output's: no input is to blame.
        let mut out = output::Watched::new(Encoder::new(out, compression)?);
        for input in inputs {
            match clean_records(cleaner, cli, &field, input, &mut out) {
                Ok(report) => totals.absorb(&report),
                Err(err) if is_broken_pipe(&err) || out.has_failed() => return Err(err),
                Err(err) => {
                    say!("newsclean: {}", one_line(&err));
                    failed = true;
                }
            }
        }
        out.into_inner().finish()?;
        Ok(Report::default())
    };
    let code = match &cli.output {
        Some(target) => write_output(run, target, inputs, &mut clean_all),
        None => {
            let written =
                output::write_stream("<stdout>", &mut io::stdout().lock(), &mut clean_all);
            match written {
                Ok(_) => EXIT_OK,
                Err(err) if is_broken_pipe(&err) => return Ok(EXIT_OK),
                Err(err) => {
                    say!("newsclean: {}", one_line(&err));
                    EXIT_FAILED
                }
            }
        }
    };
    let mut code = if failed { EXIT_FAILED } else { code };
    let t = &totals.totals;
    if let Some(path) = &cli.report {
        let json = serde_json::json!({
            "records": totals.records,
            "cleaned": totals.cleaned,
            "without_field": totals.without_field,
            "malformed": totals.malformed,
            "totals": t,
        });
        code = code.max(write_json(run, path, &json));
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
        say!(
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
    if input.is_dir() {
        anyhow::bail!("{name}: is a folder (--jsonl and -z read files or stdin)");
    }
    let input = match Input::open(input) {
        Ok(input) => input,
        Err(crate::source::SourceError::Open(e)) => {
            anyhow::bail!("{name}: cannot open: {}", crate::message::io_reason(&e))
        }
        Err(e) => return Err(anyhow::Error::new(e).context(name)),
    };
    if !cli.jsonl && input.container == Container::Warc {
        // `-z` over a WARC file: its records are the documents.
        let opts = CorpusOptions {
            nul_separated: true,
            threads: parallel::worker_count(cli.threads),
            ..CorpusOptions::default()
        };
        let summary = corpus::clean_input(cleaner, input, out, &opts, None, &mut |_| Ok(()))
            .map_err(|e| e.error.context(name))?;
        return Ok(RecordReport {
            records: summary.documents,
            totals: summary.totals,
            ..RecordReport::default()
        });
    }
    let mut input = BufReader::with_capacity(256 * 1024, input.reader);
    let threads = parallel::worker_count(cli.threads);
    if cli.jsonl {
        records::clean_jsonl_parallel(cleaner, &mut input, out, field, cli.on_error(), threads)
            .map_err(|e| anyhow::Error::new(e).context(name))
    } else {
        records::clean_nul_separated_parallel(cleaner, &mut input, out, threads)
            .map_err(|e| anyhow::Error::new(e).context(name))
    }
}

pub(crate) fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
            || e.downcast_ref::<Error>().is_some_and(Error::is_broken_pipe)
    })
}
