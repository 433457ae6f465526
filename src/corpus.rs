//! Cleaning the documents of many inputs into one sink: the loop between the containers of
//! [`crate::source`] and the writers of [`crate::sink`], on [`crate::parallel`]'s workers.
//!
//! ```text
//! inputs ─▶ open (a reading thread) ─▶ small file: one document ─▶ workers ─▶ in order ─▶ out
//!                                   └▶ archive, stream, large file ───────────▶ the writer:
//!                                        records ─▶ workers ─▶ in order ─▶ out
//! ```
//!
//! Documents are cleaned whole by the workers and written whole, in input order, so the
//! output is the same for every `-j` and an error part way through an archive leaves only
//! complete documents behind. A plain text input too large to hand to a worker streams
//! through the chain on the writing thread instead, in bounded memory.

use std::collections::BTreeMap;
use std::io::{self, Cursor, Read, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::error::Error;
use crate::parallel::{self, Step};
use crate::pipeline::{self, Declared};
use crate::report::{EventSink, Explainer, LargeCut, Report};
use crate::sink::{JsonlRecord, OutputFormat};
use crate::source::{display_name, Container, Document, Input, Meta, SourceError};
use crate::Cleaner;

/// The largest plain text input handed to a worker whole; a larger one is streamed.
const WHOLE_INPUT_BYTES: usize = 4 << 20;

#[derive(Debug, Clone, Copy)]
pub struct CorpusOptions {
    /// `-z`: documents in a text input are separated by NUL bytes, and written so.
    pub nul_separated: bool,
    pub format: OutputFormat,
    /// `--stats`: per-document counts in JSONL records.
    pub stats: bool,
    /// `--explain`: every document's dropped lines and repairs, in input order.
    pub explain: bool,
    /// Workers cleaning documents (1: everything on the calling thread).
    pub threads: usize,
}

impl Default for CorpusOptions {
    fn default() -> Self {
        CorpusOptions {
            nul_separated: false,
            format: OutputFormat::Text,
            stats: false,
            explain: false,
            threads: 1,
        }
    }
}

/// Something the person running newsclean should know, for the caller to show.
#[derive(Debug)]
pub enum Note {
    /// A cut rule dropped most of a large document.
    LargeCut { document: String, cut: LargeCut },
    /// An input is done: every document of it written, or stopped by an error after the
    /// documents counted in the error's summary.
    Input {
        name: String,
        result: Result<InputSummary, InputError>,
    },
    /// An input that could not be opened: nothing of it was read.
    Unopened { name: String, error: SourceError },
}

/// What cleaning one input did.
#[derive(Debug, Default)]
pub struct InputSummary {
    /// Documents written.
    pub documents: u64,
    /// Records that were not documents (WARC `warcinfo`, `request`, `metadata`, ...), by kind.
    pub skipped: BTreeMap<String, u64>,
    pub totals: Report,
    /// Time spent cleaning it (on a worker, or on the writing thread).
    pub elapsed: Duration,
}

/// Why an input stopped; `summary` counts what was written before.
#[derive(Debug, thiserror::Error)]
#[error("{error:#}")]
pub struct InputError {
    pub summary: Box<InputSummary>,
    pub error: anyhow::Error,
}

impl InputError {
    fn new(summary: InputSummary, error: impl Into<anyhow::Error>) -> Self {
        InputError {
            summary: Box::new(summary),
            error: error.into(),
        }
    }
}

/// Cleans every input in `paths` into `out`, in order, and tells `notes` about each. A bad
/// input is told and the next one goes on; `Err` is only what `notes` returns (the caller
/// stops the run, as when the output is gone).
pub fn clean_all(
    cleaner: &Cleaner,
    paths: &[PathBuf],
    out: &mut dyn Write,
    opts: &CorpusOptions,
    explain: Option<&mut (dyn Write + '_)>,
    notes: &mut dyn FnMut(Note) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let mut explain = explain;
    // A failed write to `out` ends the run: the output is gone, and the input being written
    // is not to blame (the caller names the output).
    let mut out = crate::output::Watched::new(out);
    // One input is read on this thread, as it comes; its documents may still go to workers.
    let threads = if paths.len() > 1 { opts.threads } else { 1 };
    // A `-z` file holds many documents: never one whole.
    let whole_files = threads > 1 && !opts.nul_separated;
    let mut next = paths.iter();
    let read = || next.next().map(|path| open(path, whole_files));
    let work = |job: Job| match job {
        Job::Whole(doc) => Done::Whole(Box::new(clean_document(cleaner, doc, opts.explain))),
        Job::Stream(input) => Done::Stream(input),
        Job::Unopened(name, error) => Done::Unopened(name, error),
    };
    let write = |step: Step<Done>| -> anyhow::Result<()> {
        let done = match step {
            Step::Write(done) => done,
            Step::Flush => return Ok(out.flush()?),
        };
        match done {
            Done::Whole(cleaned) => {
                let name = cleaned.meta.source.clone();
                let mut summary = InputSummary {
                    elapsed: cleaned.elapsed,
                    ..InputSummary::default()
                };
                let written = write_cleaned(
                    &mut out,
                    explain.as_deref_mut(),
                    *cleaned,
                    opts,
                    &mut summary,
                    notes,
                );
                let result = match written {
                    Ok(()) => Ok(summary),
                    Err(error) if out.has_failed() => return Err(error),
                    Err(error) => Err(InputError::new(summary, error)),
                };
                notes(Note::Input { name, result })
            }
            Done::Stream(input) => {
                let name = input.name.clone();
                let started = Instant::now();
                let mut result = clean_input(
                    cleaner,
                    input,
                    &mut out,
                    opts,
                    explain.as_deref_mut(),
                    notes,
                );
                match result {
                    Ok(ref mut summary) => summary.elapsed = started.elapsed(),
                    Err(stop) if out.has_failed() => return Err(stop.error),
                    Err(ref mut stop) => stop.summary.elapsed = started.elapsed(),
                }
                notes(Note::Input { name, result })
            }
            Done::Unopened(name, error) => notes(Note::Unopened { name, error }),
        }
    };
    parallel::ordered(
        threads,
        parallel::default_in_flight(threads),
        read,
        work,
        write,
    )
}

/// One input, as the reading thread hands it on.
enum Job {
    /// A small plain file: one document, cleaned by a worker.
    Whole(Document),
    /// Read on the writing thread: an archive (its records go to the workers), a record
    /// stream, standard input, or a file too large to hold.
    Stream(Input),
    Unopened(String, SourceError),
}

/// A job after the workers.
enum Done {
    Whole(Box<Cleaned>),
    Stream(Input),
    Unopened(String, SourceError),
}

/// Opens an input, and reads it whole if `whole_files` and it is one small plain document.
fn open(path: &Path, whole_files: bool) -> Job {
    let name = display_name(path);
    let input = match Input::open(path) {
        Ok(input) => input,
        Err(error) => return Job::Unopened(name, error),
    };
    // Standard input is read as it comes: a caller may be waiting for the answer.
    let streams = path == Path::new("-") || input.container != Container::Text || !whole_files;
    if streams {
        return Job::Stream(input);
    }
    match read_whole(input, WHOLE_INPUT_BYTES) {
        Ok(Ok(doc)) => Job::Whole(doc),
        Ok(Err(input)) => Job::Stream(input),
        Err(error) => Job::Unopened(name, SourceError::Io(error)),
    }
}

/// The input as one document if it holds at most `limit` bytes; else the input itself,
/// with the bytes read put back in front.
fn read_whole(mut input: Input, limit: usize) -> io::Result<Result<Document, Input>> {
    let mut body = Vec::new();
    (&mut input.reader)
        .take(limit as u64 + 1)
        .read_to_end(&mut body)?;
    if body.len() <= limit {
        let meta = Meta {
            source: input.name,
            ..Meta::default()
        };
        return Ok(Ok(Document { meta, body }));
    }
    let rest = std::mem::replace(&mut input.reader, Box::new(io::empty()));
    input.reader = Box::new(Cursor::new(body).chain(rest));
    Ok(Err(input))
}

/// Cleans every document of one input into `out`: a plain text input in text mode streams
/// through the chain; the documents of any other go to `opts.threads` workers.
pub fn clean_input(
    cleaner: &Cleaner,
    input: Input,
    out: &mut dyn Write,
    opts: &CorpusOptions,
    explain: Option<&mut (dyn Write + '_)>,
    notes: &mut dyn FnMut(Note) -> anyhow::Result<()>,
) -> Result<InputSummary, InputError> {
    let streamed = input.container == Container::Text
        && !opts.nul_separated
        && opts.format == OutputFormat::Text;
    if streamed {
        return clean_streamed(cleaner, input, out, explain, notes);
    }
    let mut explain = explain;
    let mut documents = input.documents(opts.nul_separated);
    let mut ended = false;
    // A reading error ends the stream after the documents before it.
    let read = || match ended {
        true => None,
        false => match documents.next_document() {
            Ok(doc) => doc.map(Ok),
            Err(e) => {
                ended = true;
                Some(Err(e))
            }
        },
    };
    let work = |doc: Result<Document, SourceError>| {
        doc.map(|doc| clean_document(cleaner, doc, opts.explain))
    };
    let mut summary = InputSummary::default();
    let write = |step: Step<Result<Cleaned, SourceError>>| -> anyhow::Result<()> {
        match step {
            Step::Write(cleaned) => write_cleaned(
                out,
                explain.as_deref_mut(),
                cleaned?,
                opts,
                &mut summary,
                notes,
            ),
            Step::Flush => Ok(out.flush()?),
        }
    };
    let result = parallel::ordered(
        opts.threads,
        parallel::default_in_flight(opts.threads),
        read,
        work,
        write,
    );
    for (kind, n) in documents.skipped() {
        *summary.skipped.entry(kind.clone()).or_default() += n;
    }
    match result {
        Ok(()) => Ok(summary),
        Err(error) => Err(InputError::new(summary, error)),
    }
}

/// One plain text input, streamed through the chain into `out`.
fn clean_streamed(
    cleaner: &Cleaner,
    input: Input,
    out: &mut dyn Write,
    explain: Option<&mut (dyn Write + '_)>,
    notes: &mut dyn FnMut(Note) -> anyhow::Result<()>,
) -> Result<InputSummary, InputError> {
    let mut explainer = explain.map(|out| Explainer {
        source: input.name.clone(),
        out,
    });
    let sink = explainer.as_mut().map(|e| e as &mut dyn EventSink);
    let report = pipeline::clean_stream(cleaner, input.reader, out, sink)
        .map_err(|e| InputError::new(InputSummary::default(), e))?;
    if let Some(cut) = report.large_cut.as_deref().cloned() {
        notes(Note::LargeCut {
            document: input.name,
            cut,
        })
        .map_err(|e| InputError::new(InputSummary::default(), e))?;
    }
    Ok(InputSummary {
        documents: 1,
        totals: report,
        ..InputSummary::default()
    })
}

/// A document cleaned by a worker, held until its turn to be written.
struct Cleaned {
    meta: Meta,
    text: Vec<u8>,
    /// Its `--explain` lines.
    explained: Vec<u8>,
    result: Result<Report, Error>,
    elapsed: Duration,
}

fn clean_document(cleaner: &Cleaner, doc: Document, explain: bool) -> Cleaned {
    let started = Instant::now();
    let declared = Declared {
        encoding: doc.meta.declared_encoding,
        html: doc.meta.is_html(),
    };
    let (mut text, mut explained) = (Vec::new(), Vec::new());
    let mut explainer = explain.then(|| Explainer {
        source: document_name(&doc.meta),
        out: &mut explained,
    });
    let sink = explainer.as_mut().map(|e| e as &mut dyn EventSink);
    let result = pipeline::clean_stream_declared(cleaner, &doc.body[..], &mut text, sink, declared);
    Cleaned {
        meta: doc.meta,
        text,
        explained,
        result,
        elapsed: started.elapsed(),
    }
}

/// Writes a cleaned document (and its explanation) and counts it. A binary record in an
/// archive is passed over and counted; a failed document is an error naming it.
fn write_cleaned(
    out: &mut dyn Write,
    explain: Option<&mut (dyn Write + '_)>,
    cleaned: Cleaned,
    opts: &CorpusOptions,
    summary: &mut InputSummary,
    notes: &mut dyn FnMut(Note) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    if let Some(explain) = explain {
        explain.write_all(&cleaned.explained)?;
    }
    let name = document_name(&cleaned.meta);
    let report = match cleaned.result {
        Ok(report) => report,
        // A binary record in an archive is passed over; a binary file is an error.
        Err(Error::Binary) if cleaned.meta.record_id.is_some() => {
            *summary.skipped.entry("binary".into()).or_default() += 1;
            return Ok(());
        }
        Err(e) => return Err(anyhow::Error::new(e).context(name)),
    };
    if let Some(cut) = report.large_cut.as_deref().cloned() {
        notes(Note::LargeCut {
            document: name,
            cut,
        })?;
    }
    // As the library reports a write error of the chain, whose output this is.
    write_document(out, &cleaned.meta, &cleaned.text, &report, opts, summary).map_err(Error::Io)?;
    // The input's encoding is its documents' one, while they agree.
    summary.totals.encoding = match summary.documents {
        0 => report.encoding,
        _ => summary
            .totals
            .encoding
            .filter(|&e| report.encoding == Some(e)),
    };
    summary.documents += 1;
    summary.totals.absorb(&report);
    Ok(())
}

/// The name a document goes by in messages: its URL inside an archive, else its input.
fn document_name(meta: &Meta) -> String {
    match &meta.url {
        Some(url) => format!("{} ({url})", meta.source),
        None => meta.source.clone(),
    }
}

fn write_document(
    out: &mut dyn Write,
    meta: &Meta,
    cleaned: &[u8],
    report: &Report,
    opts: &CorpusOptions,
    summary: &InputSummary,
) -> io::Result<()> {
    match opts.format {
        OutputFormat::Jsonl => {
            let text = std::str::from_utf8(cleaned).expect("the pipeline writes UTF-8");
            JsonlRecord::new(meta, text, report, opts.stats).write_to(out)
        }
        OutputFormat::Text if opts.nul_separated => {
            out.write_all(cleaned)?;
            out.write_all(&[0])
        }
        OutputFormat::Text => {
            // Documents of an archive, one after another, with a blank line between.
            if summary.documents > 0 {
                out.write_all(b"\n")?;
            }
            out.write_all(cleaned)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::BufRead;

    fn input(bytes: &'static [u8]) -> Input {
        Input::from_reader("mem".into(), bytes).unwrap()
    }

    #[test]
    fn a_small_input_is_read_whole_and_a_large_one_given_back_entire() {
        let Ok(Ok(doc)) = read_whole(input(b"four"), 4) else {
            panic!("within the limit")
        };
        assert_eq!(doc.body, b"four");
        assert_eq!(doc.meta.source, "mem");
        let mut again = match read_whole(input(b"fives"), 4).unwrap() {
            Ok(_) => panic!("over the limit"),
            Err(input) => input,
        };
        let mut all = Vec::new();
        again.reader.read_to_end(&mut all).unwrap();
        assert_eq!(all, b"fives");
        // The chained reader is still a BufRead.
        assert!(again.reader.fill_buf().unwrap().is_empty());
    }
}
