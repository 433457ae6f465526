//! Record streams: JSON Lines with one text field to clean, and NUL-separated documents.
//! One record in, one record out, in order, so that engines like Spark's `RDD.pipe`,
//! Hadoop Streaming and GNU `parallel --pipe` can run newsclean as a worker.

use std::io::{self, BufRead, Write};

use indexmap::IndexMap;
use serde_json::value::RawValue;

use crate::{Cleaner, Report};

/// What to do with a JSON line that cannot be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OnError {
    /// Stop with an error that names the line.
    Fail,
    /// Pass the line through untouched and count it.
    Skip,
}

/// Counts for a record stream.
#[derive(Debug, Default)]
pub struct RecordReport {
    pub records: u64,
    pub malformed: u64,
    pub totals: Report,
}

/// The longest JSON line `--jsonl` reads: a record is parsed and cleaned whole, in about
/// five times its size of memory, so a longer line is refused instead.
pub const MAX_RECORD_BYTES: usize = 64 << 20;

#[derive(Debug, thiserror::Error)]
pub enum RecordError {
    #[error("line {line}: {message}")]
    Malformed { line: u64, message: String },
    #[error(
        "line {line}: a record over {} MiB, the --jsonl limit; not cleaned (split the record, or clean its text as a file)",
        MAX_RECORD_BYTES >> 20
    )]
    TooLong { line: u64 },
    #[error(transparent)]
    Io(#[from] io::Error),
}

/// Cleans the string field `field` of every JSON object, one per line. Other fields are
/// copied as they were written (numbers and escapes untouched); a record without the field,
/// or where it is not a string, is passed through.
pub fn clean_jsonl(
    cleaner: &Cleaner,
    input: &mut dyn BufRead,
    output: &mut dyn Write,
    field: &str,
    on_error: OnError,
) -> Result<RecordReport, RecordError> {
    let mut report = RecordReport::default();
    let mut line = Vec::new();
    let mut number = 0u64;
    loop {
        line.clear();
        if read_line_up_to(input, &mut line, MAX_RECORD_BYTES)? == 0 {
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
        match clean_record(cleaner, body, field) {
            Ok((record, doc_report)) => {
                report.records += 1;
                report.totals.absorb(&doc_report);
                output.write_all(record.as_bytes())?;
            }
            Err(_) if on_error == OnError::Skip => {
                // Passed through as it was, but as UTF-8: the output is UTF-8 in every mode.
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
        output.flush()?;
    }
    Ok(report)
}

/// Reads one line like `read_until(b'\n')`, but stops once it holds more than `cap` bytes.
fn read_line_up_to(input: &mut dyn BufRead, line: &mut Vec<u8>, cap: usize) -> io::Result<usize> {
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
        let (take, done) = match memchr::memchr(b'\n', available) {
            Some(at) => (at + 1, true),
            None => (available.len(), false),
        };
        let take = take.min(cap + 1 - line.len().min(cap));
        line.extend_from_slice(&available[..take]);
        input.consume(take);
        total += take;
        if done && line.last() == Some(&b'\n') || line.len() > cap {
            return Ok(total);
        }
    }
}

fn trim_line_end(line: &[u8]) -> &[u8] {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    line.strip_suffix(b"\r").unwrap_or(line)
}

fn clean_record(cleaner: &Cleaner, body: &[u8], field: &str) -> Result<(String, Report), String> {
    let text = std::str::from_utf8(body).map_err(|e| format!("not UTF-8: {e}"))?;
    let mut record: IndexMap<String, Box<RawValue>> =
        serde_json::from_str(text).map_err(|e| format!("not a JSON object: {e}"))?;
    let mut doc_report = Report::default();
    if let Some(raw) = record.get_mut(field) {
        if let Ok(value) = serde_json::from_str::<String>(raw.get()) {
            let mut cleaned = Vec::with_capacity(value.len());
            doc_report = crate::pipeline::clean_text(cleaner, &value, &mut cleaned)
                .map_err(|e| format!("field {field:?}: {e}"))?;
            let cleaned = String::from_utf8(cleaned).expect("the pipeline writes UTF-8");
            // The field holds the article without its final newline, like the input did.
            let cleaned = cleaned.strip_suffix('\n').unwrap_or(&cleaned);
            *raw =
                RawValue::from_string(serde_json::to_string(cleaned).expect("strings serialize"))
                    .expect("a serialized string is valid JSON");
        }
    }
    let out = serde_json::to_string(&record).map_err(|e| e.to_string())?;
    Ok((out, doc_report))
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
        let mut doc = UntilNul {
            input: &mut *input,
            ended: false,
        };
        let doc_report = cleaner.clean_reader(&mut doc, &mut *output)?;
        io::copy(&mut doc, &mut io::sink())?;
        report.records += 1;
        report.totals.absorb(&doc_report);
        output.write_all(&[0])?;
        output.flush()?;
    }
    Ok(report)
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
        clean_jsonl(&cleaner, &mut input.as_bytes(), &mut out, "text", on_error)?;
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
