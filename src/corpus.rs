//! Cleaning the documents of one input into a sink: the loop between the containers of
//! [`crate::source`] and the writers of [`crate::sink`].
//!
//! A plain text input in text mode streams through the chain (bounded memory whatever its
//! size); every other input is read document by document, each cleaned whole and written
//! whole, so an error part way through an archive leaves only complete documents behind.

use std::collections::BTreeMap;
use std::io::{self, Write};

use crate::error::Error;
use crate::pipeline;
use crate::report::{EventSink, Explainer, LargeCut, Report};
use crate::sink::{JsonlRecord, OutputFormat};
use crate::source::{Container, Document, Input, SourceError};
use crate::Cleaner;

#[derive(Debug, Clone, Copy, Default)]
pub struct CorpusOptions {
    /// `-z`: documents in a text input are separated by NUL bytes, and written so.
    pub nul_separated: bool,
    pub format: OutputFormat,
    /// `--stats`: per-document counts in JSONL records.
    pub stats: bool,
}

/// Something the person running newsclean should know, for the caller to show.
#[derive(Debug)]
pub enum Note {
    /// A cut rule dropped most of a large document.
    LargeCut { document: String, cut: LargeCut },
}

/// What cleaning one input did.
#[derive(Debug, Default)]
pub struct InputSummary {
    /// Documents written.
    pub documents: u64,
    /// Records that were not documents (WARC `warcinfo`, `request`, `metadata`, ...), by kind.
    pub skipped: BTreeMap<String, u64>,
    pub totals: Report,
}

/// Why an input stopped; `summary` counts what was written before.
#[derive(Debug, thiserror::Error)]
#[error("{error:#}")]
pub struct InputError {
    pub summary: Box<InputSummary>,
    pub error: anyhow::Error,
}

/// Cleans every document of `input` into `out`.
pub fn clean_input(
    cleaner: &Cleaner,
    input: Input,
    out: &mut dyn Write,
    opts: &CorpusOptions,
    mut explain: Option<&mut dyn Write>,
    notes: &mut dyn FnMut(Note),
) -> Result<InputSummary, InputError> {
    let streamed = input.container == Container::Text
        && !opts.nul_separated
        && opts.format == OutputFormat::Text;
    if streamed {
        return clean_streamed(cleaner, input, out, explain, notes);
    }
    let warc = input.container == Container::Warc;
    let mut documents = input.documents(opts.nul_separated);
    let mut summary = InputSummary::default();
    let mut cleaned = Vec::new();
    loop {
        let doc = match documents.next_document() {
            Ok(Some(doc)) => doc,
            Ok(None) => break,
            Err(e) => return Err(stopped(summary, documents.skipped(), e)),
        };
        cleaned.clear();
        let name = document_name(&doc);
        let report =
            match clean_document(cleaner, &doc, &mut cleaned, explain.as_deref_mut(), &name) {
                Ok(report) => report,
                // A binary record in an archive is passed over; a binary file is an error.
                Err(Error::Binary) if warc => {
                    *summary.skipped.entry("binary".into()).or_default() += 1;
                    continue;
                }
                Err(e) => {
                    let err = anyhow::Error::new(e).context(name);
                    return Err(InputError {
                        summary: Box::new(summary),
                        error: err,
                    });
                }
            };
        if let Some(cut) = report.large_cut.as_deref().cloned() {
            notes(Note::LargeCut {
                document: name.clone(),
                cut,
            });
        }
        let written = write_document(out, &doc, &cleaned, &report, opts, summary.documents);
        if let Err(e) = written {
            return Err(InputError {
                summary: Box::new(summary),
                error: e.into(),
            });
        }
        summary.documents += 1;
        summary.totals.absorb(&report);
    }
    let skipped = documents.skipped().clone();
    for (kind, n) in skipped {
        *summary.skipped.entry(kind).or_default() += n;
    }
    Ok(summary)
}

fn stopped(
    mut summary: InputSummary,
    skipped: &BTreeMap<String, u64>,
    err: SourceError,
) -> InputError {
    for (kind, n) in skipped {
        *summary.skipped.entry(kind.clone()).or_default() += n;
    }
    InputError {
        summary: Box::new(summary),
        error: err.into(),
    }
}

/// One plain text input, streamed through the chain into `out`.
fn clean_streamed(
    cleaner: &Cleaner,
    input: Input,
    out: &mut dyn Write,
    explain: Option<&mut dyn Write>,
    notes: &mut dyn FnMut(Note),
) -> Result<InputSummary, InputError> {
    let mut explainer = explain.map(|out| Explainer {
        source: input.name.clone(),
        out,
    });
    let sink = explainer.as_mut().map(|e| e as &mut dyn EventSink);
    match pipeline::clean_stream(cleaner, input.reader, out, sink) {
        Ok(report) => {
            if let Some(cut) = report.large_cut.as_deref().cloned() {
                notes(Note::LargeCut {
                    document: input.name,
                    cut,
                });
            }
            Ok(InputSummary {
                documents: 1,
                skipped: BTreeMap::new(),
                totals: report,
            })
        }
        Err(e) => Err(InputError {
            summary: Box::default(),
            error: anyhow::Error::new(e),
        }),
    }
}

/// The name a document goes by in messages: its URL inside an archive, else its input.
fn document_name(doc: &Document) -> String {
    match &doc.meta.url {
        Some(url) => format!("{} ({url})", doc.meta.source),
        None => doc.meta.source.clone(),
    }
}

fn clean_document(
    cleaner: &Cleaner,
    doc: &Document,
    out: &mut Vec<u8>,
    explain: Option<&mut (dyn Write + '_)>,
    name: &str,
) -> Result<Report, Error> {
    let declared = doc.meta.declared_encoding;
    let mut explainer = explain.map(|out| Explainer {
        source: name.to_owned(),
        out: out as &mut dyn Write,
    });
    let sink = explainer.as_mut().map(|e| e as &mut dyn EventSink);
    pipeline::clean_stream_declared(cleaner, &doc.body[..], out, sink, declared)
}

fn write_document(
    out: &mut dyn Write,
    doc: &Document,
    cleaned: &[u8],
    report: &Report,
    opts: &CorpusOptions,
    written_before: u64,
) -> io::Result<()> {
    match opts.format {
        OutputFormat::Jsonl => {
            let text = std::str::from_utf8(cleaned).expect("the pipeline writes UTF-8");
            JsonlRecord::new(&doc.meta, text, report, opts.stats).write_to(out)?;
        }
        OutputFormat::Text if opts.nul_separated => {
            out.write_all(cleaned)?;
            out.write_all(&[0])?;
        }
        OutputFormat::Text => {
            // Documents of an archive, one after another, with a blank line between.
            if written_before > 0 {
                out.write_all(b"\n")?;
            }
            out.write_all(cleaned)?;
        }
    }
    out.flush()
}
