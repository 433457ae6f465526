//! Runs a parsed command line: picks the mode (files to stdout, one file to `-o`, folders,
//! record streams), reports failures, and maps the outcome to an exit code. Every message
//! for people that is not `--explain` comes from here.

use std::fs::File;
use std::io::{self, BufReader, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use anyhow::Context;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::batch::{self, BatchOptions, FileOutcome, Status, Target};
use crate::cli::Cli;
use crate::error::{one_line, Error};
use crate::output::{self, FileId, Outputs, Replace};
use crate::records::{self, RecordError};
use crate::report::Explainer;
use crate::signals::Interrupts;
use crate::{Cleaner, Report};

pub const EXIT_OK: u8 = 0;
pub const EXIT_FAILED: u8 = 1;
pub const EXIT_USAGE: u8 = 2;

/// Runs the command line and returns the process exit code.
pub fn run(cli: Cli) -> ExitCode {
    // First of all, so that no signal can leave a temporary file behind.
    let outputs = Outputs::new();
    let interrupts = Interrupts::install(outputs.temp_files()).unwrap_or_default();
    let run = Run {
        cli: &cli,
        outputs: &outputs,
        interrupts: &interrupts,
    };
    match try_run(&cli, &run) {
        Ok(code) => ExitCode::from(code),
        Err(err) if is_broken_pipe(&err) => ExitCode::from(EXIT_OK),
        Err(err) => {
            say(format_args!("{}", one_line(&err)));
            ExitCode::from(EXIT_USAGE)
        }
    }
}

/// Writes one line for people to stderr. A stderr that cannot be written (`2>/dev/full`,
/// a reader that went away) loses the message, never the run: the exit status still says
/// what happened.
pub fn say(message: std::fmt::Arguments<'_>) {
    let _ = writeln!(io::stderr().lock(), "newsclean: {message}");
}

/// One run of the command line: the flags, the writer of its outputs, its signal flag.
struct Run<'a> {
    cli: &'a Cli,
    outputs: &'a Outputs,
    interrupts: &'a Interrupts,
}

/// `Err` is a usage error (exit 2); failures of single inputs are reported and give exit 1.
fn try_run(cli: &Cli, run: &Run<'_>) -> anyhow::Result<u8> {
    let cleaner = Cleaner::new(cli.config()?)?;
    if cli.list_rules {
        if let Some(rules) = cleaner.rules() {
            let listed = output::write_stream("<stdout>", &mut io::stdout().lock(), |out| {
                let mut out = io::BufWriter::new(out);
                rules.write_listing(&mut out)?;
                Ok(out.flush()?)
            });
            return Ok(match listed {
                Ok(()) => EXIT_OK,
                Err(err) if is_broken_pipe(&err) => EXIT_OK,
                Err(err) => {
                    say(format_args!("{}", one_line(&err)));
                    EXIT_FAILED
                }
            });
        }
        return Ok(EXIT_OK);
    }
    let inputs: Vec<PathBuf> = if cli.paths.is_empty() {
        vec![PathBuf::from("-")]
    } else {
        cli.paths.clone()
    };
    if let Some(target) = &cli.output {
        refuse_an_input_as_output(target, &inputs)?;
    }
    if cli.jsonl || cli.null_data {
        return run_records(&cleaner, cli, run, &inputs);
    }
    if cli.in_place || cli.check || inputs.iter().any(|p| p.is_dir()) {
        return run_batch(&cleaner, cli, run, inputs);
    }
    if cli.output.is_some() && inputs.len() > 1 {
        anyhow::bail!(
            "-o FILE takes one input; {} were given (for folders, -o names the output folder)",
            inputs.len()
        );
    }
    let mut explain = ExplainStream::default();
    let code = match &cli.output {
        Some(target) => write_output(run, target, &inputs, |out| {
            clean_one(&cleaner, cli, &inputs[0], out, &mut explain)
        }),
        None => {
            let mut out = io::stdout().lock();
            let mut failed = false;
            for input in &inputs {
                match clean_one(&cleaner, cli, input, &mut out, &mut explain) {
                    Ok(_) => {}
                    Err(err) if is_broken_pipe(&err) => return Ok(EXIT_OK),
                    Err(err) => {
                        say(format_args!("{}", one_line(&err)));
                        failed = true;
                    }
                }
            }
            if failed {
                EXIT_FAILED
            } else {
                EXIT_OK
            }
        }
    };
    Ok(code.max(explain.exit_code()))
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

/// Cleans one input (a path, or `-` for stdin) into `out`. Errors name the input.
fn clean_one(
    cleaner: &Cleaner,
    cli: &Cli,
    input: &Path,
    out: &mut dyn Write,
    explain_to: &mut ExplainStream,
) -> anyhow::Result<Report> {
    let name = display_name(input);
    let explain = cli.explain.then(|| Explainer {
        source: name.clone(),
        out: explain_to,
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
            say(format_args!("{}", one_line(&err)));
            EXIT_FAILED
        }
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
        (None, _, _) => anyhow::bail!("cleaning a folder needs -o OUTDIR, --in-place or --check"),
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
    };
    // Ctrl-C and SIGTERM let the files in progress finish, never half-write one.
    run.interrupts.finish_files_in_progress();
    let bar = BatchProgress::new(!cli.quiet && io::stderr().is_terminal());
    let summary = batch::run(cleaner, &opts, run.outputs, &bar, run.interrupts.flag())?;
    let mut code = EXIT_OK;
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
        match listed {
            Err(err) if !is_broken_pipe(&err) => {
                say(format_args!("{}", one_line(&err)));
                code = EXIT_FAILED;
            }
            _ => {}
        }
    }
    if let Some(path) = &cli.report {
        let json = serde_json::json!({ "files": summary.files, "totals": summary.totals(), "not_started": summary.not_started });
        code = code.max(write_json(run, path, &json));
    }
    if !cli.quiet {
        say(format_args!("{}", summary.describe()));
    }
    let changed = cli.check && summary.count(Status::WouldChange) > 0;
    Ok(if summary.any_failed() || changed {
        EXIT_FAILED
    } else {
        code
    })
}

/// Writes the `--report` file; exit 1 and a message naming it if that fails.
fn write_json(run: &Run<'_>, path: &Path, json: &serde_json::Value) -> u8 {
    let inputs: Vec<PathBuf> = run.cli.paths.clone();
    write_output(run, path, &inputs, |out| {
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
                .suspend(|| say(format_args!("{}: {why}", outcome.path)));
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
fn run_records(
    cleaner: &Cleaner,
    cli: &Cli,
    run: &Run<'_>,
    inputs: &[PathBuf],
) -> anyhow::Result<u8> {
    let started = Instant::now();
    let mut readers: Vec<(String, Box<dyn Read>)> = Vec::new();
    for input in inputs {
        let name = display_name(input);
        let reader: Box<dyn Read> = if input == Path::new("-") {
            Box::new(io::stdin().lock())
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
                // A failed write of the output is named by the writer around `out`.
                records::clean_jsonl(cleaner, &mut input, out, &cli.field, cli.on_error)
                    .map_err(|e| match e {
                        RecordError::Io(io) => anyhow::Error::new(io),
                        other => anyhow::Error::new(other),
                    })
                    .with_context(|| name.clone())?
            } else {
                records::clean_nul_separated(cleaner, &mut input, out)
                    .with_context(|| name.clone())?
            };
            totals.records += report.records;
            totals.malformed += report.malformed;
            totals.totals.absorb(&report.totals);
        }
        Ok(Report::default())
    };
    let mut code = match &cli.output {
        Some(target) => write_output(run, target, inputs, &mut clean_all),
        None => {
            let written =
                output::write_stream("<stdout>", &mut io::stdout().lock(), &mut clean_all);
            match written {
                Ok(_) => EXIT_OK,
                Err(err) if is_broken_pipe(&err) => return Ok(EXIT_OK),
                Err(err) => {
                    say(format_args!("{}", one_line(&err)));
                    EXIT_FAILED
                }
            }
        }
    };
    let t = &totals.totals;
    if let Some(path) = &cli.report {
        let json = serde_json::json!({ "records": totals.records, "malformed": totals.malformed, "totals": t });
        code = code.max(write_json(run, path, &json));
    }
    if !cli.quiet && cli.report.is_some() {
        say(format_args!(
            "{} records, {} malformed passed through; {} lines dropped, {} repairs; {:.2} s",
            totals.records,
            totals.malformed,
            t.lines_dropped(),
            t.repair_count(),
            started.elapsed().as_secs_f64()
        ));
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
