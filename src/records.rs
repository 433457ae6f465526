//! Record streams: JSON Lines with one text field to clean, and NUL-separated documents.
//! One record in, one record out, in order, so that engines like Spark's `RDD.pipe`,
//! Hadoop Streaming and GNU `parallel --pipe` can run newsclean as a worker.
//!
//! ```
//! use newsclean::records::{clean_jsonl, clean_nul_separated, FieldPath, OnError};
//! use newsclean::{Cleaner, Config};
//!
//! let cleaner = Cleaner::new(Config::default())?;
//! let input = "{\"id\":7,\"doc\":{\"body\":\"Prices  rose.\"}}\n";
//! let field = FieldPath::parse("doc.body").unwrap();
//! let mut out = Vec::new();
//! let report = clean_jsonl(&cleaner, &mut input.as_bytes(), &mut out, &field, OnError::Fail)?;
//! assert_eq!(out, b"{\"id\":7,\"doc\":{\"body\":\"Prices rose.\"}}\n");
//! assert_eq!((report.records, report.cleaned), (1, 1));
//!
//! let mut out = Vec::new();
//! clean_nul_separated(&cleaner, &mut &b"One  doc.\0Two.\0"[..], &mut out)?;
//! assert_eq!(out, b"One doc.\n\0Two.\n\0");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::io::{self, BufRead, BufReader, Read, Write};

use indexmap::IndexMap;
use serde_json::value::RawValue;

use crate::parallel::{self, Step};
use crate::{Cleaner, Report};

/// What to do with a JSON line that cannot be read, or whose field is not a string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum OnError {
    /// Stop with an error that names the line.
    Fail,
    /// Pass the line through untouched and count it.
    Skip,
}

/// Counts for a record stream.
#[derive(Debug, Default)]
pub struct RecordReport {
    /// Records read (JSON objects, or NUL-separated documents); lines skipped as malformed
    /// are not among them.
    pub records: u64,
    /// Records whose field was cleaned.
    pub cleaned: u64,
    /// Records without the field, or where it is `null`: passed through unchanged.
    pub without_field: u64,
    /// Lines passed through untouched by `OnError::Skip` (not JSON, or the field not a
    /// string).
    pub malformed: u64,
    /// What cleaning did, over every record.
    pub totals: Report,
}

/// The longest JSON line `--jsonl` reads: a record is parsed and cleaned whole, in about
/// five times its size of memory, so a longer line is refused instead.
pub const MAX_RECORD_BYTES: usize = 64 << 20;

impl RecordReport {
    /// Adds another stream's counts to these.
    pub fn absorb(&mut self, other: &RecordReport) {
        self.records += other.records;
        self.cleaned += other.cleaned;
        self.without_field += other.without_field;
        self.malformed += other.malformed;
        self.totals.absorb(&other.totals);
    }
}

/// Why a record stream stopped.
#[derive(Debug, thiserror::Error)]
pub enum RecordError {
    /// A line that is not a JSON object, or whose field is not a string (`OnError::Fail`).
    #[error("line {line}: {message}")]
    Malformed {
        /// 1-based line number in the stream.
        line: u64,
        /// What is wrong with it.
        message: String,
    },
    /// A line over [`MAX_RECORD_BYTES`]: refused, as cleaning it would hold it whole.
    #[error(
        "line {line}: a record over {} MiB, the --jsonl limit; not cleaned (split the record, or clean its text as a file)",
        MAX_RECORD_BYTES >> 20
    )]
    TooLong {
        /// 1-based line number in the stream.
        line: u64,
    },
    /// Reading or writing failed.
    #[error(transparent)]
    Io(#[from] io::Error),
}

/// Where the field to clean sits in a record: a top-level name, a dotted path (`doc.text`)
/// or a JSON Pointer (`/doc/text`, RFC 6901; use it for a name that holds a dot).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldPath(Vec<String>);

impl FieldPath {
    /// Reads `--field`: a JSON Pointer when it starts with `/`, else names split at dots.
    pub fn parse(field: &str) -> Result<FieldPath, String> {
        let keys: Vec<String> = match field.strip_prefix('/') {
            Some(pointer) => pointer
                .split('/')
                .map(|k| k.replace("~1", "/").replace("~0", "~"))
                .collect(),
            None => field.split('.').map(str::to_owned).collect(),
        };
        if field.is_empty() || keys.iter().any(String::is_empty) {
            return Err(format!(
                "--field {field:?}: a field name, a dotted path (a.b) or a JSON Pointer (/a/b), \
                 with no empty part"
            ));
        }
        Ok(FieldPath(keys))
    }
}

impl std::fmt::Display for FieldPath {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0.join("."))
    }
}

/// Cleans the string field at `field` of every JSON object, one per line. Other fields are
/// copied as they were written (numbers and escapes untouched); a record without the field,
/// or where it is null, is passed through and counted; a record where it is another kind of
/// value is an error (or, with `OnError::Skip`, passed through and counted).
pub fn clean_jsonl(
    cleaner: &Cleaner,
    input: &mut dyn BufRead,
    output: &mut dyn Write,
    field: &FieldPath,
    on_error: OnError,
) -> Result<RecordReport, RecordError> {
    let mut report = RecordReport::default();
    let mut line = Vec::new();
    let mut number = 0u64;
    loop {
        line.clear();
        if read_until_capped(input, b'\n', &mut line, MAX_RECORD_BYTES)? == 0 {
            break;
        }
        number += 1;
        if line.len() > MAX_RECORD_BYTES {
            return Err(RecordError::TooLong { line: number });
        }
        let body = trim_line_end(&line);
        if body.iter().all(u8::is_ascii_whitespace) {
            output.write_all(b"\n")?;
            continue;
        }
        let result = clean_record(cleaner, body, field);
        write_record(&mut report, output, number, body, result, on_error)?;
        output.flush()?;
    }
    Ok(report)
}

/// Writes one non-blank JSON line's outcome and its line end, and counts it: the cleaned
/// record, or the line passed through as it was (as UTF-8: the output is UTF-8 in every mode).
fn write_record(
    report: &mut RecordReport,
    output: &mut dyn Write,
    number: u64,
    body: &[u8],
    result: Result<(String, Found), String>,
    on_error: OnError,
) -> Result<(), RecordError> {
    match result {
        Ok((record, Found::Cleaned(doc_report))) => {
            report.records += 1;
            report.cleaned += 1;
            report.totals.absorb(&doc_report);
            output.write_all(record.as_bytes())?;
        }
        Ok((_, Found::Absent)) => {
            report.records += 1;
            report.without_field += 1;
            output.write_all(body)?;
        }
        Err(_) if on_error == OnError::Skip => {
            report.malformed += 1;
            output.write_all(String::from_utf8_lossy(body).as_bytes())?;
        }
        Err(message) => {
            return Err(RecordError::Malformed {
                line: number,
                message,
            })
        }
    }
    output.write_all(b"\n")?;
    Ok(())
}

/// Reads one record like `read_until(end)`, but stops once it holds more than `cap` bytes.
fn read_until_capped(
    input: &mut dyn BufRead,
    end: u8,
    line: &mut Vec<u8>,
    cap: usize,
) -> io::Result<usize> {
    let mut total = 0;
    loop {
        let available = match input.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            return Ok(total);
        }
        let (take, done) = match memchr::memchr(end, available) {
            Some(at) => (at + 1, true),
            None => (available.len(), false),
        };
        let take = take.min(cap + 1 - line.len().min(cap));
        line.extend_from_slice(&available[..take]);
        input.consume(take);
        total += take;
        if done && line.last() == Some(&end) || line.len() > cap {
            return Ok(total);
        }
    }
}

/// Like [`clean_jsonl`], with the lines cleaned on `threads` threads and written in input
/// order: the output is the same for every thread count. At most a few batches of lines per
/// thread are in memory at once, and a line is flushed as soon as it and every line before
/// it are written.
pub fn clean_jsonl_parallel(
    cleaner: &Cleaner,
    input: &mut BufReader<impl Read + Send>,
    output: &mut dyn Write,
    field: &FieldPath,
    on_error: OnError,
    threads: usize,
) -> Result<RecordReport, RecordError> {
    let mut report = RecordReport::default();
    let mut read_lines = 0u64;
    let mut too_long: Option<RecordError> = None;
    let read = move || -> Option<Result<NumberedLines, RecordError>> {
        if let Some(error) = too_long.take() {
            return Some(Err(error));
        }
        let first = read_lines + 1;
        let batch = match read_batch(input, b'\n', MAX_RECORD_BYTES)? {
            Ok(batch) => batch,
            Err(e) => return Some(Err(e.into())),
        };
        read_lines += batch.records.len() as u64;
        if batch.oversized.is_some() {
            let error = RecordError::TooLong {
                line: read_lines + 1,
            };
            // The records before the long one are still cleaned and written.
            if batch.records.is_empty() {
                return Some(Err(error));
            }
            too_long = Some(error);
        }
        Some(Ok((first, batch.records)))
    };
    let clean_line = |line: Vec<u8>| -> JsonLine {
        let body = trim_line_end(&line);
        if body.iter().all(u8::is_ascii_whitespace) {
            return JsonLine::Blank;
        }
        let result = clean_record(cleaner, body, field);
        let len = body.len();
        let mut body = line;
        body.truncate(len);
        JsonLine::Read { body, result }
    };
    type Lines = Result<(u64, Vec<JsonLine>), RecordError>;
    let work = |batch: Result<NumberedLines, RecordError>| -> Lines {
        let (first, lines) = batch?;
        Ok((first, lines.into_iter().map(clean_line).collect()))
    };
    let mut write_line = |output: &mut dyn Write, number: u64, line: JsonLine| {
        let JsonLine::Read { body, result } = line else {
            return Ok(output.write_all(b"\n")?);
        };
        write_record(&mut report, output, number, &body, result, on_error)
    };
    let write = |step: Step<Lines>| -> Result<(), RecordError> {
        match step {
            Step::Write(batch) => {
                let (first, lines) = batch?;
                (first..)
                    .zip(lines)
                    .try_for_each(|(number, line)| write_line(&mut *output, number, line))
            }
            Step::Flush => Ok(output.flush()?),
        }
    };
    parallel::ordered(
        threads,
        parallel::default_in_flight(threads),
        read,
        work,
        write,
    )?;
    Ok(report)
}

/// A batch of JSON lines read for one worker, with the number of its first line.
type NumberedLines = (u64, Vec<Vec<u8>>);

/// One JSON line, read and cleaned by a worker.
enum JsonLine {
    /// Empty or only white space: written as an empty line.
    Blank,
    /// The line without its line end, and its cleaned record or what is wrong with it.
    Read {
        body: Vec<u8>,
        result: Result<(String, Found), String>,
    },
}

/// A batch of records handed to a worker holds about this many bytes at most: passing a few
/// records at a time between threads keeps its cost (a wake-up each) small beside cleaning.
const BATCH_BYTES: usize = 64 * 1024;

/// Whole records read for one worker, and the start of a record over the cap if reading
/// stopped at one (its first `cap + 1` bytes; the rest is still unread).
struct Batch {
    records: Vec<Vec<u8>>,
    oversized: Option<Vec<u8>>,
}

/// The next record ending in `end` (or at the end of input), and the whole records after it
/// that are already buffered, up to [`BATCH_BYTES`]. Only the first read may wait for input,
/// so a caller that sends one record and waits for its answer gets it. A record is held to
/// `cap` bytes: reading stops at a longer one, so memory stays bounded whatever the input.
fn read_batch(input: &mut BufReader<impl Read>, end: u8, cap: usize) -> Option<io::Result<Batch>> {
    let mut records = Vec::new();
    let mut bytes = 0;
    loop {
        let mut record = Vec::new();
        match read_until_capped(input, end, &mut record, cap) {
            Ok(0) => break,
            Ok(n) => bytes += n,
            Err(e) if records.is_empty() => return Some(Err(e)),
            Err(_) => unreachable!("a buffered record is read without I/O"),
        }
        if record.len() > cap {
            return Some(Ok(Batch {
                records,
                oversized: Some(record),
            }));
        }
        records.push(record);
        let buffered_whole_record = memchr::memchr(end, input.buffer()).is_some();
        if bytes >= BATCH_BYTES || !buffered_whole_record {
            break;
        }
    }
    (!records.is_empty()).then_some(Ok(Batch {
        records,
        oversized: None,
    }))
}

fn trim_line_end(line: &[u8]) -> &[u8] {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    line.strip_suffix(b"\r").unwrap_or(line)
}

/// What a record held at the field's path.
enum Found {
    Cleaned(Report),
    /// No such field, or `null`: the record is passed through as it was.
    Absent,
}

type Object = IndexMap<String, Box<RawValue>>;

fn clean_record(
    cleaner: &Cleaner,
    body: &[u8],
    field: &FieldPath,
) -> Result<(String, Found), String> {
    let text = std::str::from_utf8(body).map_err(|e| format!("not UTF-8: {e}"))?;
    let mut record: Object = serde_json::from_str(text)
        .map_err(|e| format!("not a JSON object: {}", json_reason(&e)))?;
    let found = clean_in(cleaner, &mut record, &field.0, field)?;
    let out = match found {
        Found::Cleaned(_) => serde_json::to_string(&record).map_err(|e| e.to_string())?,
        Found::Absent => String::new(),
    };
    Ok((out, found))
}

/// Follows `path` down nested objects and cleans the string at its end.
fn clean_in(
    cleaner: &Cleaner,
    object: &mut Object,
    path: &[String],
    field: &FieldPath,
) -> Result<Found, String> {
    let (key, rest) = path.split_first().expect("a field path has a name");
    let Some(raw) = object.get_mut(key) else {
        return Ok(Found::Absent);
    };
    let kind = json_kind(raw.get());
    if kind == "null" {
        return Ok(Found::Absent);
    }
    if rest.is_empty() {
        let value = serde_json::from_str::<String>(raw.get())
            .map_err(|_| format!("field {field} is {kind}, not a string"))?;
        let mut cleaned = Vec::with_capacity(value.len());
        let doc_report = crate::pipeline::clean_text(cleaner, &value, &mut cleaned)
            .map_err(|e| format!("field {field}: {e}"))?;
        let cleaned = String::from_utf8(cleaned).expect("the pipeline writes UTF-8");
        // The field holds the article without its final newline, like the input did.
        let cleaned = cleaned.strip_suffix('\n').unwrap_or(&cleaned);
        *raw = RawValue::from_string(serde_json::to_string(cleaned).expect("strings serialize"))
            .expect("a serialized string is valid JSON");
        return Ok(Found::Cleaned(doc_report));
    }
    let mut inner: Object = serde_json::from_str(raw.get())
        .map_err(|_| format!("field {field}: {key} is {kind}, not an object"))?;
    let found = clean_in(cleaner, &mut inner, rest, field)?;
    if let Found::Cleaned(_) = found {
        *raw = RawValue::from_string(serde_json::to_string(&inner).map_err(|e| e.to_string())?)
            .expect("a serialized object is valid JSON");
    }
    Ok(found)
}

/// "a number", "an object"...: what a JSON value is, from its first byte.
fn json_kind(raw: &str) -> &'static str {
    match raw.trim_start().as_bytes().first() {
        Some(b'"') => "a string",
        Some(b'{') => "an object",
        Some(b'[') => "an array",
        Some(b't' | b'f') => "a boolean",
        Some(b'n') => "null",
        _ => "a number",
    }
}

/// serde_json's message without its `at line 1 column C`: the stream's line number is
/// given by the caller, and the column once, in words.
fn json_reason(e: &serde_json::Error) -> String {
    let text = e.to_string();
    let position = format!(" at line {} column {}", e.line(), e.column());
    match text.strip_suffix(&position) {
        Some(message) => format!("{message} (column {})", e.column()),
        None => text,
    }
}

/// Cleans NUL-separated documents (`-z`), writing each followed by a NUL.
pub fn clean_nul_separated(
    cleaner: &Cleaner,
    input: &mut dyn BufRead,
    output: &mut dyn Write,
) -> Result<RecordReport, crate::Error> {
    let mut report = RecordReport::default();
    while !input.fill_buf()?.is_empty() {
        // Read as a stream, like a file: a document of any size runs in bounded memory.
        stream_document(cleaner, &[], input, output, &mut report)?;
    }
    Ok(report)
}

/// Cleans the next NUL-terminated document of `input`, whose first bytes `start` were
/// already read, as a stream, and writes it followed by a NUL.
fn stream_document(
    cleaner: &Cleaner,
    start: &[u8],
    input: &mut dyn BufRead,
    output: &mut dyn Write,
    report: &mut RecordReport,
) -> Result<(), crate::Error> {
    let mut rest = UntilNul {
        input,
        ended: false,
    };
    let doc_report = cleaner.clean_reader(start.chain(&mut rest), &mut *output)?;
    io::copy(&mut rest, &mut io::sink())?;
    report.records += 1;
    report.cleaned += 1;
    report.totals.absorb(&doc_report);
    output.write_all(&[0])?;
    output.flush()?;
    Ok(())
}

/// One NUL-terminated document of a stream, read up to its NUL, which is consumed.
struct UntilNul<'a> {
    input: &'a mut dyn BufRead,
    ended: bool,
}

impl io::Read for UntilNul<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.ended || buf.is_empty() {
            return Ok(0);
        }
        let available = self.input.fill_buf()?;
        let len = match memchr::memchr(0, available) {
            Some(0) => {
                self.input.consume(1);
                self.ended = true;
                return Ok(0);
            }
            Some(at) => at,
            None if available.is_empty() => {
                self.ended = true;
                return Ok(0);
            }
            None => available.len(),
        };
        let len = len.min(buf.len());
        buf[..len].copy_from_slice(&available[..len]);
        self.input.consume(len);
        Ok(len)
    }
}
/// Like [`clean_nul_separated`], with the documents cleaned on `threads` threads and written
/// in input order: the output is the same for every thread count.
pub fn clean_nul_separated_parallel(
    cleaner: &Cleaner,
    input: &mut BufReader<impl Read + Send>,
    output: &mut dyn Write,
    threads: usize,
) -> Result<RecordReport, crate::Error> {
    let mut report = RecordReport::default();
    // A document that fails keeps what was cleaned before the failure, as when streaming.
    let clean_doc = |doc: Vec<u8>| -> CleanedDoc {
        let body = doc.strip_suffix(&[0]).unwrap_or(&doc);
        let mut cleaned = Vec::with_capacity(body.len());
        let result = cleaner.clean_reader(body, &mut cleaned);
        (cleaned, result)
    };
    let work = |docs: io::Result<Vec<Vec<u8>>>| match docs {
        Ok(docs) => docs.into_iter().map(clean_doc).collect(),
        Err(e) => vec![(Vec::new(), Err(e.into()))],
    };
    loop {
        let mut oversized = None;
        let read = || {
            let batch = match read_batch(&mut *input, 0, PARALLEL_DOCUMENT_BYTES)? {
                Ok(batch) => batch,
                Err(e) => return Some(Err(e)),
            };
            oversized = batch.oversized;
            (!batch.records.is_empty()).then_some(Ok(batch.records))
        };
        let mut write_doc = |output: &mut dyn Write, (cleaned, result): CleanedDoc| {
            output.write_all(&cleaned)?;
            let doc_report = result?;
            report.records += 1;
            report.cleaned += 1;
            report.totals.absorb(&doc_report);
            output.write_all(&[0])?;
            Ok::<_, crate::Error>(())
        };
        let write = |step: Step<Vec<CleanedDoc>>| match step {
            Step::Write(docs) => docs
                .into_iter()
                .try_for_each(|doc| write_doc(&mut *output, doc)),
            Step::Flush => Ok(output.flush()?),
        };
        parallel::ordered(
            threads,
            parallel::default_in_flight(threads),
            read,
            work,
            write,
        )?;
        let Some(start) = oversized else {
            return Ok(report);
        };
        // A long document is streamed on this thread, as plain mode does, in bounded
        // memory; the documents after it go back to the workers.
        stream_document(cleaner, &start, input, output, &mut report)?;
    }
}

/// The longest `-z` document handed to a worker whole; a longer one is streamed.
const PARALLEL_DOCUMENT_BYTES: usize = 4 << 20;

/// A `-z` document's output, and how cleaning it ended (the output so far if it failed).
type CleanedDoc = (Vec<u8>, Result<Report, crate::Error>);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Config;

    fn jsonl(input: &str, on_error: OnError) -> Result<String, RecordError> {
        let cleaner = Cleaner::new(Config {
            boilerplate: false,
            ..Config::default()
        })
        .unwrap();
        let mut out = Vec::new();
        let field = FieldPath::parse("text").unwrap();
        clean_jsonl(&cleaner, &mut input.as_bytes(), &mut out, &field, on_error)?;
        Ok(String::from_utf8(out).unwrap())
    }

    #[test]
    fn only_the_field_changes() {
        let input = "{\"id\":1.50,\"text\":\"  a\\u00a0 b \\r\\n\",\"t\":\"\\u00e9\"}\n";
        assert_eq!(
            jsonl(input, OnError::Fail).unwrap(),
            "{\"id\":1.50,\"text\":\"a b\",\"t\":\"\\u00e9\"}\n"
        );
    }

    #[test]
    fn malformed_lines_are_named_or_passed_through() {
        let input = "{\"text\":\"ok\"}\nnot json\n";
        let err = jsonl(input, OnError::Fail).unwrap_err();
        assert!(err.to_string().starts_with("line 2:"), "{err}");
        assert_eq!(
            jsonl(input, OnError::Skip).unwrap(),
            "{\"text\":\"ok\"}\nnot json\n"
        );
    }

    #[test]
    fn nul_separated_documents() {
        let cleaner = Cleaner::new(Config {
            boilerplate: false,
            ..Config::default()
        })
        .unwrap();
        let mut out = Vec::new();
        let report = clean_nul_separated(&cleaner, &mut &b"a  b\0\0c"[..], &mut out).unwrap();
        assert_eq!(out, b"a b\n\0\0c\n\0");
        assert_eq!(report.records, 3);
    }
}
