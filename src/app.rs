//! Runs a parsed command line: opens inputs, picks outputs, reports failures, and maps the
//! outcome to an exit code. Every message for people that is not `--explain` comes from here.

use std::fs::File;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;

use crate::cli::Cli;
use crate::error::Error;
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
            eprintln!("newsclean: {}", chain(&err));
            ExitCode::from(EXIT_USAGE)
        }
    }
}

fn try_run(cli: &Cli) -> anyhow::Result<u8> {
    let config = cli.config()?;
    let cleaner = Cleaner::new(config)?;
    if cli.list_rules {
        if let Some(rules) = cleaner.rules() {
            let stdout = io::stdout();
            let mut out = io::BufWriter::new(stdout.lock());
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
    if cli.output.is_some() && inputs.len() > 1 {
        anyhow::bail!("-o FILE takes one input; {} were given", inputs.len());
    }
    let mut failed = false;
    match &cli.output {
        Some(target) => {
            if let Err(err) = clean_to_file(&cleaner, cli, &inputs[0], target) {
                report_failure(&err);
                failed = true;
            }
        }
        None => {
            let stdout = io::stdout();
            let mut out = stdout.lock();
            for input in &inputs {
                match clean_one(&cleaner, cli, input, &mut out) {
                    Ok(_) => {}
                    Err(err) if is_broken_pipe(&err) => return Ok(EXIT_OK),
                    Err(err) => {
                        report_failure(&err);
                        failed = true;
                    }
                }
            }
        }
    }
    Ok(if failed { EXIT_FAILED } else { EXIT_OK })
}

/// Cleans one input (a path, or `-` for stdin) into `out`.
fn clean_one(
    cleaner: &Cleaner,
    cli: &Cli,
    input: &Path,
    out: &mut dyn Write,
) -> anyhow::Result<Report> {
    let name = display_name(input);
    let stderr = io::stderr();
    let mut err_out = stderr.lock();
    let explain = cli.explain.then(|| Explainer {
        source: name.clone(),
        out: &mut err_out,
    });
    let result = if input == Path::new("-") {
        clean_with(cleaner, io::stdin().lock(), out, explain)
    } else {
        let file = File::open(input).with_context(|| format!("{name}: cannot open"))?;
        clean_with(cleaner, file, out, explain)
    };
    result.map_err(|e| {
        if e.is_broken_pipe() {
            anyhow::Error::new(e)
        } else {
            anyhow::Error::new(e).context(name)
        }
    })
}

fn clean_with<R: io::Read>(
    cleaner: &Cleaner,
    input: R,
    out: &mut dyn Write,
    explain: Option<Explainer<'_>>,
) -> Result<Report, Error> {
    match explain {
        Some(explain) => cleaner.clean_reader_explained(input, out, explain),
        None => cleaner.clean_reader(input, out),
    }
}

/// `-o FILE`: write beside the target and rename into place, so a reader never sees half a file.
fn clean_to_file(cleaner: &Cleaner, cli: &Cli, input: &Path, target: &Path) -> anyhow::Result<()> {
    let dir = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".newsclean-")
        .tempfile_in(dir)
        .with_context(|| {
            format!(
                "{}: cannot create a temporary file in {}",
                target.display(),
                dir.display()
            )
        })?;
    clean_one(cleaner, cli, input, tmp.as_file_mut())?;
    tmp.as_file()
        .sync_all()
        .with_context(|| format!("{}: cannot write", target.display()))?;
    tmp.persist(target)
        .with_context(|| format!("{}: cannot move the result into place", target.display()))?;
    Ok(())
}

fn display_name(input: &Path) -> String {
    if input == Path::new("-") {
        "<stdin>".to_owned()
    } else {
        input.display().to_string()
    }
}

fn report_failure(err: &anyhow::Error) {
    eprintln!("newsclean: {}", chain(err));
}

/// `file: what went wrong: why`, on one line.
fn chain(err: &anyhow::Error) -> String {
    err.chain()
        .map(|e| e.to_string())
        .collect::<Vec<_>>()
        .join(": ")
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
            || e.downcast_ref::<Error>().is_some_and(Error::is_broken_pipe)
    })
}
