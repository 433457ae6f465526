//! Runs a parsed command line: picks the mode (files to stdout, one file to `-o`, folders,
//! record streams), reports failures, and maps the outcome to an exit code. Every message
//! for people that is not `--explain` comes from here.

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
use crate::cli::Cli;
use crate::error::{one_line, Error};
use crate::parallel;
use crate::records::{self, RecordError};
use crate::report::Explainer;
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
    let inputs: Vec<PathBuf> = if cli.paths.is_empty() {
        vec![PathBuf::from("-")]
    } else {
        cli.paths.clone()
    };
    if cli.jsonl || cli.null_data {
        return run_records(&cleaner, cli, &inputs);
    }
    if cli.in_place || cli.check || inputs.iter().any(|p| p.is_dir()) {
        return run_batch(&cleaner, cli, inputs);
    }
    if cli.output.is_some() && inputs.len() > 1 {
        anyhow::bail!(
            "-o FILE takes one input; {} were given (for folders, -o names the output folder)",
            inputs.len()
        );
    }
    match &cli.output {
        Some(target) => write_atomically(target, |out| clean_one(&cleaner, cli, &inputs[0], out)),
        None => {
            let mut out = io::stdout().lock();
            let mut failed = false;
            for input in &inputs {
                match clean_one(&cleaner, cli, input, &mut out) {
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
    let name = display_name(input);
    let mut stderr = io::stderr().lock();
    let explain = cli.explain.then(|| Explainer {
        source: name.clone(),
        out: &mut stderr,
    });
    let reader: Box<dyn Read> = if input == Path::new("-") {
        Box::new(io::stdin().lock())
    } else {
        Box::new(File::open(input).with_context(|| format!("{name}: cannot open"))?)
    };
    let result = match explain {
        Some(explain) => cleaner.clean_reader_explained(reader, out, explain),
        None => cleaner.clean_reader(reader, out),
    };
    result.map_err(|e| match e.is_broken_pipe() {
        true => anyhow::Error::new(e),
        false => anyhow::Error::new(e).context(name),
    })
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
    let threads = parallel::worker_count(cli.threads);
    let mut readers: Vec<(String, Box<dyn Read + Send>)> = Vec::new();
    for input in inputs {
        let name = display_name(input);
        let reader: Box<dyn Read + Send> = if input == Path::new("-") {
            Box::new(io::stdin())
        } else {
            Box::new(File::open(input).with_context(|| format!("{name}: cannot open"))?)
        };
        readers.push((name, reader));
    }
    let mut totals = records::RecordReport::default();
    let mut clean_all = |out: &mut dyn Write| -> anyhow::Result<Report> {
        for (name, reader) in readers.drain(..) {
            let mut input = BufReader::with_capacity(256 * 1024, reader);
            let report = if cli.jsonl {
                records::clean_jsonl(cleaner, &mut input, out, &cli.field, cli.on_error, threads)
                    .map_err(|e| match e {
                        RecordError::Io(io) => anyhow::Error::new(io),
                        other => anyhow::Error::new(other).context(name.clone()),
                    })?
            } else {
                records::clean_nul_separated(cleaner, &mut input, out, threads).map_err(
                    |e| match e.is_broken_pipe() {
                        true => anyhow::Error::new(e),
                        false => anyhow::Error::new(e).context(name.clone()),
                    },
                )?
            };
            totals.records += report.records;
            totals.malformed += report.malformed;
            totals.totals.absorb(&report.totals);
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
