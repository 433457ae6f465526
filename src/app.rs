//! Runs a parsed command line: picks the mode (files to stdout, one file to `-o`, folders,
//! record streams), reports failures, and maps the outcome to an exit code. Every message
//! for people that is not `--explain` comes from here.

use std::fs::File;
use std::io::{self, BufRead, BufReader, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Instant;

use anyhow::Context;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::batch::{self, BatchOptions, FileOutcome, Status, Target};
use crate::cli::Cli;
use crate::corpus::{self, CorpusOptions, Note};
use crate::error::{one_line, Error};
use crate::records::{self, RecordError};
use crate::sink::{self, Encoder, OutputFormat};
use crate::source::{display_name, shard, Container, Input};
use crate::{Cleaner, Report};

pub const EXIT_OK: u8 = 0;
pub const EXIT_FAILED: u8 = 1;
pub const EXIT_USAGE: u8 = 2;

/// Runs the command line and returns the process exit code.
pub fn run(cli: Cli) -> ExitCode {
    match try_run(&cli) {
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
    let cleaner = Cleaner::new(cli.config()?)?;
    if cli.list_rules {
        if let Some(rules) = cleaner.rules() {
            let mut out = io::BufWriter::new(io::stdout().lock());
            rules.write_listing(&mut out)?;
            out.flush()?;
        }
        return Ok(EXIT_OK);
    }
    let inputs = input_paths(cli)?;
    let jsonl_out = cli.output_format == OutputFormat::Jsonl;
    check_corpus_flags(cli, &inputs)?;
    if cli.jsonl || (cli.null_data && !jsonl_out) {
        return run_records(&cleaner, cli, &sharded(cli, inputs));
    }
    if !jsonl_out && (cli.in_place || cli.check || inputs.iter().any(|p| p.is_dir())) {
        return run_batch(&cleaner, cli, inputs);
    }
    if !jsonl_out && cli.output.is_some() && inputs.len() > 1 {
        anyhow::bail!(
            "-o FILE takes one input; {} were given (for folders, -o names the output folder)",
            inputs.len()
        );
    }
    run_corpus(&cleaner, cli, inputs)
}

/// The paths given, or read from `--files-from`; `-` (stdin) when there are none.
fn input_paths(cli: &Cli) -> anyhow::Result<Vec<PathBuf>> {
    let mut paths = cli.paths.clone();
    if let Some(list) = &cli.files_from {
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
fn run_corpus(cleaner: &Cleaner, cli: &Cli, roots: Vec<PathBuf>) -> anyhow::Result<u8> {
    let (inputs, walk_failures) = match roots.iter().any(|p| p.is_dir()) {
        true => batch::find_files(&roots, &cli.globs, cli.hidden)?,
        false => (roots, Vec::new()),
    };
    for f in &walk_failures {
        eprintln!(
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
    };
    let compression = sink::output_compression(cli.compress, cli.output.as_deref());
    let mut run = CorpusRun::default();
    let code = match &cli.output {
        // What was cleaned before a failed input is kept (whole documents only); a run
        // that cleaned nothing leaves no file.
        Some(target) => write_atomically(target, |out| {
            let mut out = Encoder::new(out, compression)?;
            run.all(cleaner, &inputs, &mut out, &opts)?;
            out.finish()?;
            anyhow::ensure!(
                !(run.failed && run.documents == 0),
                "{}: not written: no document was cleaned",
                target.display()
            );
            Ok(Report::default())
        })?,
        None => {
            let mut out = Encoder::new(io::stdout().lock(), compression)?;
            let result = run.all(cleaner, &inputs, &mut out, &opts);
            match result.and_then(|()| out.finish().map(drop).map_err(Into::into)) {
                Ok(()) => EXIT_OK,
                Err(err) if is_broken_pipe(&err) => return Ok(EXIT_OK),
                Err(err) => {
                    eprintln!("newsclean: {}", one_line(&err));
                    EXIT_FAILED
                }
            }
        }
    };
    if let Some(path) = &cli.report {
        let json = serde_json::json!({
            "inputs": run.inputs,
            "documents": run.documents,
            "skipped_records": run.skipped,
            "large_cuts": run.large_cuts,
            "totals": run.totals,
        });
        write_json(path, &json)?;
    }
    let skipped: u64 = run.skipped.values().sum();
    if !cli.quiet && (skipped > 0 || cli.report.is_some()) {
        let kinds: Vec<String> = run
            .skipped
            .iter()
            .map(|(k, n)| format!("{n} {k}"))
            .collect();
        eprintln!(
            "newsclean: {} documents from {} inputs; records skipped: {}",
            run.documents,
            run.inputs,
            if kinds.is_empty() {
                "none".to_owned()
            } else {
                kinds.join(", ")
            }
        );
    }
    let failed = run.failed || !walk_failures.is_empty();
    Ok(if failed && code == EXIT_OK {
        EXIT_FAILED
    } else {
        code
    })
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
    html_warned: bool,
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
        for path in inputs {
            let name = display_name(path);
            let input = match Input::open(path) {
                Ok(input) => input,
                Err(e) => {
                    eprintln!("newsclean: {name}: {e}");
                    self.failed = true;
                    continue;
                }
            };
            self.inputs += 1;
            let result =
                corpus::clean_input(cleaner, input, out, opts, &mut |note| self.note(note));
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
                        0 => eprintln!("newsclean: {name}: {message}"),
                        n => eprintln!(
                            "newsclean: {name}: {message} (the {n} documents before it were written)"
                        ),
                    }
                    self.failed = true;
                    *stop.summary
                }
            };
            self.documents += summary.documents;
            self.totals.absorb(&summary.totals);
            for (kind, n) in summary.skipped {
                *self.skipped.entry(kind).or_default() += n;
            }
        }
        Ok(())
    }

    fn note(&mut self, note: Note) {
        match note {
            Note::HtmlAsText { document } if !self.html_warned => {
                self.html_warned = true;
                eprintln!("newsclean: {document}: HTML is cleaned as text (markup stays in the output) until the HTML front-end is in; this is said once");
            }
            Note::HtmlAsText { .. } => {}
            Note::LargeCut { document, cut } => {
                eprintln!("newsclean: {document}: {cut}");
                self.large_cuts
                    .push(serde_json::json!({ "document": document, "cut": cut }));
            }
        }
    }
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
    let mut tmp = tempfile::Builder::new()
        .prefix(".newsclean-")
        .suffix(".newsclean-tmp")
        .tempfile_in(dir)
        .with_context(|| {
            format!(
                "{}: cannot create a temporary file in {}",
                target.display(),
                dir.display()
            )
        })?;
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
        (None, _, _) => anyhow::bail!("cleaning a folder needs -o OUTDIR, --in-place or --check"),
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
        shard: cli.shard,
    };
    let interrupted = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&interrupted);
    // Ctrl-C and SIGTERM let the files in progress finish (or vanish), never half-write one.
    let _ = ctrlc::set_handler(move || flag.store(true, Ordering::Relaxed));
    let bar = BatchProgress::new(!cli.quiet && io::stderr().is_terminal());
    let summary = batch::run(cleaner, &opts, &bar, &interrupted)?;
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
    let changed = cli.check && summary.count(Status::WouldChange) > 0;
    Ok(if summary.any_failed() || changed {
        EXIT_FAILED
    } else {
        EXIT_OK
    })
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
}

impl BatchProgress {
    fn new(visible: bool) -> Self {
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
        }
    }
}

impl batch::Progress for BatchProgress {
    fn start(&self, files: u64) {
        self.bar.set_length(files);
    }

    fn file_done(&self, outcome: &FileOutcome) {
        if outcome.status == Status::Failed {
            let why = outcome.reason.as_deref().unwrap_or("failed");
            self.bar
                .suspend(|| eprintln!("newsclean: {}: {why}", outcome.path));
            return;
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

/// `--jsonl` and `-z`: record streams from stdin or files, to stdout or `-o FILE`.
fn run_records(cleaner: &Cleaner, cli: &Cli, inputs: &[PathBuf]) -> anyhow::Result<u8> {
    let started = Instant::now();
    let mut readers: Vec<(String, Input)> = Vec::new();
    for input in inputs {
        let name = display_name(input);
        let reader = Input::open(input).with_context(|| name.clone())?;
        readers.push((name, reader));
    }
    let mut totals = records::RecordReport::default();
    let compression = sink::output_compression(cli.compress, cli.output.as_deref());
    let named = |name: &str, e: anyhow::Error| match is_broken_pipe(&e) {
        true => e,
        false => e.context(name.to_owned()),
    };
    let mut clean_all = |out: &mut dyn Write| -> anyhow::Result<Report> {
        let mut out = Encoder::new(out, compression)?;
        for (name, input) in readers.drain(..) {
            if !cli.jsonl && input.container == Container::Warc {
                // `-z` over a WARC file: its records are the documents.
                let opts = CorpusOptions {
                    nul_separated: true,
                    explain: cli.explain,
                    ..CorpusOptions::default()
                };
                let summary = corpus::clean_input(cleaner, input, &mut out, &opts, &mut |_| {})
                    .map_err(|e| named(&name, e.error))?;
                totals.records += summary.documents;
                totals.totals.absorb(&summary.totals);
                continue;
            }
            let mut input = BufReader::with_capacity(256 * 1024, input.reader);
            let report = if cli.jsonl {
                records::clean_jsonl(cleaner, &mut input, &mut out, &cli.field, cli.on_error)
                    .map_err(|e| match e {
                        RecordError::Io(io) => named(&name, anyhow::Error::new(io)),
                        other => anyhow::Error::new(other).context(name.clone()),
                    })?
            } else {
                records::clean_nul_separated(cleaner, &mut input, &mut out)
                    .map_err(|e| named(&name, anyhow::Error::new(e)))?
            };
            totals.records += report.records;
            totals.malformed += report.malformed;
            totals.totals.absorb(&report.totals);
        }
        out.finish()?;
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
    let t = &totals.totals;
    if let Some(path) = &cli.report {
        let json = serde_json::json!({ "records": totals.records, "malformed": totals.malformed, "totals": t });
        write_json(path, &json)?;
    }
    if !cli.quiet && cli.report.is_some() {
        eprintln!(
            "newsclean: {} records, {} malformed passed through; {} lines dropped, {} repairs; {:.2} s",
            totals.records,
            totals.malformed,
            t.lines_dropped(),
            t.repair_count(),
            started.elapsed().as_secs_f64()
        );
    }
    Ok(code)
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
            || e.downcast_ref::<Error>().is_some_and(Error::is_broken_pipe)
    })
}
