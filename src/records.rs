//! Record streams: JSON Lines with one text field to clean, and NUL-separated documents.
//! One record in, one record out, in order, so that engines like Spark's `RDD.pipe`,
//! Hadoop Streaming and GNU `parallel --pipe` can run newsclean as a worker.

use std::io::{self, BufRead, Write};

use indexmap::IndexMap;
use serde_json::value::RawValue;

use crate::parallel::{self, Step};
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

#[derive(Debug, thiserror::Error)]
pub enum RecordError {
    #[error("line {line}: {message}")]
    Malformed { line: u64, message: String },
    #[error(transparent)]
    Io(#[from] io::Error),
}

/// Cleans the string field `field` of every JSON object, one per line. Other fields are
/// copied as they were written (numbers and escapes untouched); a record without the field,
/// or where it is not a string, is passed through. Lines are cleaned on `threads` threads
/// and written in input order.
pub fn clean_jsonl(
    cleaner: &Cleaner,
    input: &mut (dyn BufRead + Send),
    output: &mut dyn Write,
    field: &str,
    on_error: OnError,
    threads: usize,
) -> Result<RecordReport, RecordError> {
    let mut report = RecordReport::default();
    let mut number = 0u64;
    let read = move || -> Option<io::Result<(u64, Vec<u8>)>> {
        let mut line = Vec::new();
        match input.read_until(b'\n', &mut line) {
            Ok(0) => None,
            Ok(_) => {
                number += 1;
                Some(Ok((number, line)))
            }
            Err(e) => Some(Err(e)),
        }
    };
    let work = |line: io::Result<(u64, Vec<u8>)>| -> io::Result<(u64, JsonLine)> {
        let (number, mut line) = line?;
        let body = trim_line_end(&line);
        let outcome = if body.iter().all(u8::is_ascii_whitespace) {
            JsonLine::Blank
        } else {
            match clean_record(cleaner, body, field) {
                Ok((record, doc_report)) => JsonLine::Cleaned(record, doc_report),
                Err(message) => {
                    line.truncate(body.len());
                    JsonLine::Malformed(line, message)
                }
            }
        };
        Ok((number, outcome))
    };
    let write = |step: Step<io::Result<(u64, JsonLine)>>| -> Result<(), RecordError> {
        let (number, outcome) = match step {
            Step::Write(line) => line?,
            Step::Flush => return Ok(output.flush()?),
        };
        match outcome {
            JsonLine::Blank => {}
            JsonLine::Cleaned(record, doc_report) => {
                report.records += 1;
                report.totals.absorb(&doc_report);
                output.write_all(record.as_bytes())?;
            }
            JsonLine::Malformed(body, _) if on_error == OnError::Skip => {
                report.malformed += 1;
                output.write_all(&body)?;
            }
            JsonLine::Malformed(_, message) => {
                return Err(RecordError::Malformed {
                    line: number,
                    message,
                })
            }
        }
        output.write_all(b"\n")?;
        Ok(())
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

/// One JSON line, cleaned by a worker.
enum JsonLine {
    /// Empty or only white space: written as an empty line.
    Blank,
    Cleaned(String, Report),
    /// The line as it was (without its line end), and what is wrong with it.
    Malformed(Vec<u8>, String),
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

/// Cleans NUL-separated documents (`-z`), writing each followed by a NUL. Documents are
/// cleaned on `threads` threads and written in input order.
pub fn clean_nul_separated(
    cleaner: &Cleaner,
    input: &mut (dyn BufRead + Send),
    output: &mut dyn Write,
    threads: usize,
) -> Result<RecordReport, crate::Error> {
    let mut report = RecordReport::default();
    let read = move || -> Option<io::Result<Vec<u8>>> {
        let mut doc = Vec::new();
        match input.read_until(0, &mut doc) {
            Ok(0) => None,
            Ok(_) => Some(Ok(doc)),
            Err(e) => Some(Err(e)),
        }
    };
    // A document that fails keeps what was cleaned before the failure, as when streaming.
    let work = |doc: io::Result<Vec<u8>>| -> (Vec<u8>, Result<Report, crate::Error>) {
        let doc = match doc {
            Ok(doc) => doc,
            Err(e) => return (Vec::new(), Err(e.into())),
        };
        let body = doc.strip_suffix(&[0]).unwrap_or(&doc);
        let mut cleaned = Vec::with_capacity(body.len());
        let result = cleaner.clean_reader(body, &mut cleaned);
        (cleaned, result)
    };
    let write = |step: Step<(Vec<u8>, Result<Report, crate::Error>)>| {
        let (cleaned, result) = match step {
            Step::Write(done) => done,
            Step::Flush => return Ok(output.flush()?),
        };
        output.write_all(&cleaned)?;
        let doc_report = result?;
        report.records += 1;
        report.totals.absorb(&doc_report);
        output.write_all(&[0])?;
        Ok::<_, crate::Error>(())
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
        clean_jsonl(
            &cleaner,
            &mut input.as_bytes(),
            &mut out,
            "text",
            on_error,
            1,
        )?;
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
        let report = clean_nul_separated(&cleaner, &mut &b"a  b\0\0c"[..], &mut out, 1).unwrap();
        assert_eq!(out, b"a b\n\0\0c\n\0");
        assert_eq!(report.records, 3);
    }
}
