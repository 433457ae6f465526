//! Cleaning many files: walking folders, choosing files, running them in parallel, and
//! writing every output atomically. The only module that writes output files.

use std::fs::{self, File};
use std::io::{self, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use anyhow::Context;
use globset::{Glob, GlobSet, GlobSetBuilder};
use rayon::prelude::*;
use walkdir::WalkDir;

use crate::corpus::{self, CorpusOptions};
use crate::error::Error;
use crate::message::{io_reason, one_line};
use crate::output::{special_name, FileId, Outputs, Replace, Stamp};
use crate::source::compress::Compression;
use crate::source::shard::Shard;
use crate::source::{Container, Input};
use crate::{Cleaner, Report};

/// Why `--skip-existing` skipped a file.
pub const OUTPUT_IS_NEWER: &str = "output is newer than input";

/// Where the cleaned text of each file goes.
#[derive(Debug, Clone)]
pub enum Target {
    /// A mirrored tree under this folder.
    OutDir(PathBuf),
    /// Over the input itself, keeping a copy with this suffix if given.
    InPlace { backup: Option<String> },
    /// Nowhere: only tell which files would change.
    Check,
}

#[derive(Debug, Clone)]
pub struct BatchOptions {
    pub roots: Vec<PathBuf>,
    pub target: Target,
    /// Glob patterns on the path relative to its root; `!PATTERN` excludes.
    pub globs: Vec<String>,
    pub hidden: bool,
    /// Worker threads; `None` uses every core.
    pub threads: Option<usize>,
    pub skip_existing: bool,
    /// Clean only this share of the files found.
    pub shard: Option<Shard>,
}

/// One file found below a root.
#[derive(Debug)]
struct Job {
    input: PathBuf,
    /// Path below its root, mirrored under the output folder.
    relative: PathBuf,
    /// Chosen by the default rule for files without an extension: binary ones are skipped,
    /// not failed, since nobody asked for them by name.
    extensionless: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Cleaned,
    /// The output would be the same as the input (`--in-place`, `--check`): nothing written.
    Unchanged,
    /// `--check`: the file would change.
    WouldChange,
    Skipped,
    Failed,
}

/// What happened to one file.
#[derive(Debug, serde::Serialize)]
pub struct FileOutcome {
    pub path: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub output: Option<String>,
    pub status: Status,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// What cleaning did: encoding, bytes, lines, drops by rule, repairs by kind.
    #[serde(flatten)]
    pub report: Report,
}

impl FileOutcome {
    fn new(path: &Path, status: Status, reason: Option<String>) -> Self {
        FileOutcome {
            path: path.display().to_string(),
            output: None,
            status,
            reason,
            report: Report::default(),
        }
    }

    fn with_report(mut self, report: Report) -> Self {
        self.report = report;
        self
    }
}

/// Everything a batch run did, in the order the files were found.
#[derive(Debug, serde::Serialize)]
pub struct BatchSummary {
    pub files: Vec<FileOutcome>,
    #[serde(skip)]
    pub elapsed: Duration,
    /// Files not started because the run was interrupted.
    pub not_started: usize,
}

impl BatchSummary {
    pub fn count(&self, status: Status) -> usize {
        self.files.iter().filter(|f| f.status == status).count()
    }

    pub fn totals(&self) -> Report {
        let mut total = Report::default();
        for f in &self.files {
            total.absorb(&f.report);
        }
        total
    }

    /// The end-of-run line for stderr.
    pub fn describe(&self) -> String {
        let t = self.totals();
        let secs = self.elapsed.as_secs_f64().max(1e-9);
        let mb = |b: u64| b as f64 / 1e6;
        let mut s = format!(
            "{} cleaned, {} unchanged, {} skipped, {} failed",
            self.count(Status::Cleaned),
            self.count(Status::Unchanged),
            self.count(Status::Skipped),
            self.count(Status::Failed),
        );
        if self.count(Status::WouldChange) > 0 {
            s += &format!(", {} would change", self.count(Status::WouldChange));
        }
        if self.not_started > 0 {
            s += &format!(", {} not started (interrupted)", self.not_started);
        }
        s += &format!(
            "; {:.1} MB in, {:.1} MB out; {} lines dropped, {} repairs; {:.2} s, {:.1} MB/s",
            mb(t.bytes_in),
            mb(t.bytes_out),
            t.lines_dropped(),
            t.repair_count(),
            secs,
            mb(t.bytes_in) / secs
        );
        s
    }

    pub fn any_failed(&self) -> bool {
        self.not_started > 0 || self.files.iter().any(|f| f.status == Status::Failed)
    }
}

/// Hooks the caller provides: progress display and failure messages as they happen.
pub trait Progress: Sync {
    fn start(&self, files: u64);
    fn file_done(&self, outcome: &FileOutcome);
    fn finish(&self);
}

/// Cleans every selected file below `opts.roots`, writing through `outputs`.
pub fn run(
    cleaner: &Cleaner,
    opts: &BatchOptions,
    outputs: &Outputs,
    progress: &dyn Progress,
    interrupted: &AtomicBool,
) -> anyhow::Result<BatchSummary> {
    let started = Instant::now();
    let selection = Selection::new(&opts.globs, opts.hidden)?;
    let (jobs, mut walk_failures) = find_jobs(&opts.roots, &selection, &opts.target);
    let jobs = match opts.shard {
        Some(shard) => shard.take(jobs),
        None => jobs,
    };
    progress.start(jobs.len() as u64);
    for f in &walk_failures {
        progress.file_done(f);
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.threads.unwrap_or(0))
        .build()
        .context("cannot start worker threads")?;
    let not_started = AtomicU64::new(0);
    let mut outcomes: Vec<FileOutcome> = pool.install(|| {
        jobs.par_iter()
            .filter_map(|job| {
                if interrupted.load(Ordering::Relaxed) {
                    not_started.fetch_add(1, Ordering::Relaxed);
                    return None;
                }
                let outcome = clean_job(cleaner, opts, outputs, job);
                progress.file_done(&outcome);
                Some(outcome)
            })
            .collect()
    });
    progress.finish();
    walk_failures.append(&mut outcomes);
    Ok(BatchSummary {
        files: walk_failures,
        elapsed: started.elapsed(),
        not_started: not_started.into_inner() as usize,
    })
}

/// The files below `roots` that the selection (`--glob`, `--hidden`) takes, in walk order,
/// and the entries that could not be walked.
pub fn find_files(
    roots: &[PathBuf],
    globs: &[String],
    hidden: bool,
) -> anyhow::Result<(Vec<PathBuf>, Vec<FileOutcome>)> {
    let selection = Selection::new(globs, hidden)?;
    let (jobs, failures) = find_jobs(roots, &selection, &Target::Check);
    Ok((jobs.into_iter().map(|j| j.input).collect(), failures))
}

/// The extensions cleaned by default: text, and HTML pages.
const DEFAULT_EXTENSIONS: &[&str] = &["txt", "text", "html", "htm", "xhtml", "shtml"];

/// Which files below a root are cleaned.
struct Selection {
    include: Option<GlobSet>,
    exclude: GlobSet,
    hidden: bool,
}

impl Selection {
    fn new(globs: &[String], hidden: bool) -> anyhow::Result<Self> {
        let (mut include, mut exclude) = (GlobSetBuilder::new(), GlobSetBuilder::new());
        let mut any_include = false;
        for pattern in globs {
            let (builder, raw) = match pattern.strip_prefix('!') {
                Some(rest) => (&mut exclude, rest),
                None => {
                    any_include = true;
                    (&mut include, pattern.as_str())
                }
            };
            // A pattern without a slash matches the file name at any depth, like .gitignore.
            let full = if raw.contains('/') {
                raw.to_owned()
            } else {
                format!("**/{raw}")
            };
            builder.add(
                Glob::new(&full).with_context(|| format!("--glob {pattern:?}: invalid pattern"))?,
            );
        }
        Ok(Selection {
            include: if any_include {
                Some(include.build()?)
            } else {
                None
            },
            exclude: exclude.build()?,
            hidden,
        })
    }

    /// Some(extensionless) if the file is selected.
    fn select(&self, relative: &Path) -> Option<bool> {
        if self.exclude.is_match(relative) {
            return None;
        }
        if let Some(include) = &self.include {
            return include.is_match(relative).then_some(false);
        }
        // `page.txt.gz`: a compressed text file is chosen like `page.txt`.
        let plain = plain_name(relative);
        match plain.extension().and_then(|e| e.to_str()) {
            None if plain != relative => None,
            None => Some(true),
            Some(ext)
                if DEFAULT_EXTENSIONS
                    .iter()
                    .any(|e| ext.eq_ignore_ascii_case(e)) =>
            {
                Some(false)
            }
            Some(_) => None,
        }
    }
}

/// The name without a compression extension: `a.txt.gz` → `a.txt` (for choosing files and
/// naming outputs, which are written plain; the content is recognised by its bytes).
pub fn plain_name(path: &Path) -> PathBuf {
    let compressed = path
        .extension()
        .and_then(|e| e.to_str())
        .and_then(Compression::from_extension)
        .is_some();
    match compressed {
        true => path.with_extension(""),
        false => path.to_path_buf(),
    }
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.as_encoded_bytes().first() == Some(&b'.')
}

/// Walks the roots. Unreadable folders come back as failed outcomes and symlink loops as
/// skipped ones, so the run can go on and still say what it passed over. File names need
/// not be UTF-8: paths stay `OsStr`, and only messages show them lossily.
fn find_jobs(
    roots: &[PathBuf],
    selection: &Selection,
    target: &Target,
) -> (Vec<Job>, Vec<FileOutcome>) {
    let (mut jobs, mut failures) = (Vec::new(), Vec::new());
    let out_dir = match target {
        Target::OutDir(dir) => fs::canonicalize(dir).ok(),
        _ => None,
    };
    for root in roots {
        if let Some(why) = not_a_file_or_folder(root) {
            failures.push(FileOutcome::new(root, Status::Failed, Some(why)));
            continue;
        }
        if root.is_file() {
            let name = PathBuf::from(root.file_name().unwrap_or(root.as_os_str()));
            jobs.push(Job {
                input: root.clone(),
                relative: name,
                extensionless: false,
            });
            continue;
        }
        let walker = WalkDir::new(root)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter();
        let walker = walker.filter_entry(|entry| {
            if entry.depth() > 0 && !selection.hidden && is_hidden(entry.file_name()) {
                return false;
            }
            // The output folder may sit inside an input folder: never clean our own output.
            !(entry.file_type().is_dir()
                && out_dir
                    .as_ref()
                    .is_some_and(|out| fs::canonicalize(entry.path()).ok().as_ref() == Some(out)))
        });
        for entry in walker {
            let entry = match entry {
                Ok(e) => e,
                Err(err) => {
                    let path = err.path().unwrap_or(root).to_path_buf();
                    let outcome = match (err.loop_ancestor(), err.io_error()) {
                        (Some(_), _) => {
                            FileOutcome::new(&path, Status::Skipped, Some("symlink loop".into()))
                        }
                        (None, Some(e)) => {
                            let why = format!("cannot read: {}", io_reason(e));
                            FileOutcome::new(&path, Status::Failed, Some(why))
                        }
                        (None, None) => {
                            FileOutcome::new(&path, Status::Failed, Some(err.to_string()))
                        }
                    };
                    failures.push(outcome);
                    continue;
                }
            };
            if !entry.file_type().is_file() {
                continue;
            }
            let relative = entry
                .path()
                .strip_prefix(root)
                .unwrap_or(entry.path())
                .to_path_buf();
            let Some(extensionless) = selection.select(&relative) else {
                continue;
            };
            jobs.push(Job {
                input: entry.into_path(),
                relative,
                extensionless,
            });
        }
    }
    let (jobs, mut clashes) = keep_apart(jobs, target);
    failures.append(&mut clashes);
    (jobs, failures)
}

/// Why a root that is neither a regular file nor a folder (a FIFO, a device) is refused:
/// only a file can be replaced in place, and a folder run reads files.
fn not_a_file_or_folder(root: &Path) -> Option<String> {
    let meta = fs::metadata(root).ok()?;
    (!meta.is_file() && !meta.is_dir()).then(|| {
        format!(
            "is a {}; folder runs, --in-place and --check take only files and folders",
            special_name(&meta)
        )
    })
}

/// Two jobs that would write the same output (`site1/index.txt` and `site2/index.txt`
/// into one folder, or `a.txt` and `a.txt.gz`, whose output is plain) or rewrite the same
/// file: the first found is cleaned, the second is a failure that names both.
fn keep_apart(jobs: Vec<Job>, target: &Target) -> (Vec<Job>, Vec<FileOutcome>) {
    #[derive(PartialEq, Eq, Hash)]
    enum Key {
        Output(PathBuf),
        File(FileId),
    }
    let mut seen: rustc_hash::FxHashMap<Key, PathBuf> = Default::default();
    let (mut kept, mut clashes) = (Vec::with_capacity(jobs.len()), Vec::new());
    for job in jobs {
        let key = match target {
            Target::OutDir(_) => Key::Output(plain_name(&job.relative)),
            Target::InPlace { .. } | Target::Check => match FileId::of_path(&job.input) {
                Some(id) => Key::File(id),
                None => Key::Output(job.input.clone()),
            },
        };
        match seen.get(&key) {
            Some(first) => {
                let how = match first.file_name() == job.input.file_name() {
                    true => "clean the two folders into two outputs",
                    false => {
                        "a compressed file is written under its name without the \
                              compression extension: keep one of the two"
                    }
                };
                let why = match target {
                    Target::OutDir(dir) => format!(
                        "would write {} like {}; not cleaned ({how})",
                        dir.join(plain_name(&job.relative)).display(),
                        first.display()
                    ),
                    _ => format!("is the same file as {}; cleaned once", first.display()),
                };
                clashes.push(FileOutcome::new(&job.input, Status::Failed, Some(why)));
            }
            None => {
                seen.insert(key, job.input.clone());
                kept.push(job);
            }
        }
    }
    (kept, clashes)
}

fn clean_job(cleaner: &Cleaner, opts: &BatchOptions, outputs: &Outputs, job: &Job) -> FileOutcome {
    let result = match &opts.target {
        Target::OutDir(dir) => clean_into(
            cleaner,
            outputs,
            job,
            &dir.join(plain_name(&job.relative)),
            opts.skip_existing,
        ),
        Target::InPlace { backup } => clean_in_place(cleaner, outputs, job, backup.as_deref()),
        Target::Check => check(cleaner, job),
    };
    match result {
        Ok(outcome) => outcome,
        Err(err) => {
            let binary = err
                .chain()
                .any(|e| matches!(e.downcast_ref::<Error>(), Some(Error::Binary)));
            let status = if binary && job.extensionless {
                Status::Skipped
            } else {
                Status::Failed
            };
            // The outcome names the input: an error about the same path (`--in-place`)
            // does not name it again.
            let reason = one_line(&err);
            let reason = reason
                .strip_prefix(&format!("{}: ", job.input.display()))
                .map_or_else(|| reason.clone(), str::to_owned);
            FileOutcome::new(&job.input, status, Some(reason))
        }
    }
}

fn open(path: &Path) -> anyhow::Result<File> {
    File::open(path).context("cannot open")
}

/// Cleans into the mirrored output path; a new output gets the input's permission bits
/// (less the umask).
fn clean_into(
    cleaner: &Cleaner,
    outputs: &Outputs,
    job: &Job,
    out: &Path,
    skip_existing: bool,
) -> anyhow::Result<FileOutcome> {
    if skip_existing && is_newer(out, &job.input) {
        let mut o = FileOutcome::new(&job.input, Status::Skipped, Some(OUTPUT_IS_NEWER.into()));
        o.output = Some(out.display().to_string());
        return Ok(o);
    }
    let input = open(&job.input)?;
    let meta = input.metadata().context("cannot read metadata")?;
    let dir = out
        .parent()
        .expect("output paths are below the output folder");
    fs::create_dir_all(dir).with_context(|| format!("cannot create folder {}", dir.display()))?;
    let how = Replace {
        not_one_of: &[FileId::of(&meta)],
        new_mode: Some(std::os::unix::fs::PermissionsExt::mode(&meta.permissions())),
        ..Replace::default()
    };
    let input =
        Input::from_reader(job.input.display().to_string(), input).context("cannot read")?;
    let report = outputs.write(out, &how, |tmp| clean_container(cleaner, input, tmp))?;
    let mut outcome = FileOutcome::new(&job.input, Status::Cleaned, None).with_report(report);
    outcome.output = Some(out.display().to_string());
    Ok(outcome)
}

/// Rewrites the input, unless nothing changes or the file changed while it was cleaned.
fn clean_in_place(
    cleaner: &Cleaner,
    outputs: &Outputs,
    job: &Job,
    backup: Option<&str>,
) -> anyhow::Result<FileOutcome> {
    let input = open(&job.input)?;
    let stamp = Stamp::of(&input.metadata().context("cannot read metadata")?);
    let input =
        Input::from_reader(job.input.display().to_string(), input).context("cannot read")?;
    if input.compression.is_some() || input.container == Container::Warc {
        anyhow::bail!(
            "compressed or WARC input is not rewritten in place (its output is plain text); use -o OUTDIR"
        );
    }
    let backup = backup.map(|suffix| {
        let mut name = job.input.clone().into_os_string();
        name.push(suffix);
        PathBuf::from(name)
    });
    let how = Replace {
        unchanged_since: Some(&stamp),
        backup: backup.as_deref(),
        ..Replace::default()
    };
    let mut compare = SameBytes::new(open(&job.input)?);
    let mut report = Report::default();
    let written = outputs.write_unless(&job.input, &how, |tmp| {
        report = cleaner.clean_reader(input.reader, Tee(tmp, &mut compare))?;
        Ok((!compare.finish()?).then_some(()))
    })?;
    let status = match written {
        Some(()) => Status::Cleaned,
        None => Status::Unchanged,
    };
    Ok(FileOutcome::new(&job.input, status, None).with_report(report))
}

/// `--check`: cleans into a comparison with the input; writes nothing.
fn check(cleaner: &Cleaner, job: &Job) -> anyhow::Result<FileOutcome> {
    let name = job.input.display().to_string();
    let original = Input::from_reader(name.clone(), open(&job.input)?).context("cannot read")?;
    let mut compare = SameBytes::new(original.reader);
    let input = Input::from_reader(name, open(&job.input)?).context("cannot read")?;
    let report = clean_container(cleaner, input, &mut compare)?;
    let status = if compare.finish()? {
        Status::Unchanged
    } else {
        Status::WouldChange
    };
    Ok(FileOutcome::new(&job.input, status, None).with_report(report))
}

/// Cleans every document of an input (one, or each record of a WARC file) as text.
fn clean_container(cleaner: &Cleaner, input: Input, out: &mut dyn Write) -> anyhow::Result<Report> {
    let opts = CorpusOptions::default();
    let summary = corpus::clean_input(cleaner, input, out, &opts, None, &mut |_| Ok(()))
        .map_err(|e| e.error)?;
    Ok(summary.totals)
}

fn is_newer(out: &Path, input: &Path) -> bool {
    let modified = |p: &Path| fs::metadata(p).and_then(|m| m.modified()).ok();
    matches!((modified(out), modified(input)), (Some(o), Some(i)) if o >= i)
}

/// A writer that compares what is written with the bytes of a reader, storing nothing.
struct SameBytes<R> {
    original: BufReader<R>,
    same: bool,
    buf: Vec<u8>,
}

impl<R: Read> SameBytes<R> {
    fn new(original: R) -> Self {
        SameBytes {
            original: BufReader::new(original),
            same: true,
            buf: Vec::new(),
        }
    }

    /// True if everything written equals the whole original.
    fn finish(&mut self) -> io::Result<bool> {
        let mut probe = [0u8; 1];
        Ok(self.same && self.original.read(&mut probe)? == 0)
    }
}

impl<R: Read> Write for SameBytes<R> {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        if self.same {
            self.buf.resize(data.len(), 0);
            let mut filled = 0;
            while filled < data.len() {
                match self.original.read(&mut self.buf[filled..])? {
                    0 => break,
                    n => filled += n,
                }
            }
            self.same = filled == data.len() && self.buf[..] == *data;
        }
        Ok(data.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Writes everything to both writers.
struct Tee<A, B>(A, B);

impl<A: Write, B: Write> Write for Tee<A, B> {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        self.0.write_all(data)?;
        self.1.write_all(data)?;
        Ok(data.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0.flush()?;
        self.1.flush()
    }
}
