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

use std::io::{self, BufRead, Write};

use indexmap::IndexMap;
use serde_json::value::RawValue;

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
        if input.read_until(b'\n', &mut line)? == 0 {
            break;
        }
        number += 1;
        let body = trim_line_end(&line);
        if body.iter().all(u8::is_ascii_whitespace) {
            output.write_all(b"\n")?;
            continue;
        }
        match clean_record(cleaner, body, field) {
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
                output.write_all(body)?;
            }
            Err(message) => {
                return Err(RecordError::Malformed {
                    line: number,
                    message,
                })
            }
        }
        output.write_all(b"\n")?;
        output.flush()?;
    }
    Ok(report)
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
    let mut doc = Vec::new();
    loop {
        doc.clear();
        if input.read_until(0, &mut doc)? == 0 {
            break;
        }
        let body = doc.strip_suffix(&[0]).unwrap_or(&doc);
        let doc_report = cleaner.clean_reader(body, &mut *output)?;
        report.records += 1;
        report.cleaned += 1;
        report.totals.absorb(&doc_report);
        output.write_all(&[0])?;
        output.flush()?;
    }
    Ok(report)
}

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
