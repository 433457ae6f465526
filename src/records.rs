//! Record streams: JSON Lines with one text field to clean, and NUL-separated documents.
//! One record in, one record out, in order, so that engines like Spark's `RDD.pipe`,
//! Hadoop Streaming and GNU `parallel --pipe` can run newsclean as a worker.

use std::io::{self, BufRead, BufReader, Read, Write};

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
    input: &mut BufReader<impl Read + Send>,
    output: &mut dyn Write,
    field: &str,
    on_error: OnError,
    threads: usize,
) -> Result<RecordReport, RecordError> {
    let mut report = RecordReport::default();
    let mut read_lines = 0u64;
    let read = move || -> Option<io::Result<(u64, Vec<Vec<u8>>)>> {
        let first = read_lines + 1;
        let batch = read_batch(input, b'\n')?;
        Some(batch.map(|lines| {
            read_lines += lines.len() as u64;
            (first, lines)
        }))
    };
    let clean_line = |(number, mut line): (u64, Vec<u8>)| -> (u64, JsonLine) {
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
        (number, outcome)
    };
    let work = |batch: io::Result<(u64, Vec<Vec<u8>>)>| -> io::Result<Vec<(u64, JsonLine)>> {
        let (first, lines) = batch?;
        Ok((first..).zip(lines).map(clean_line).collect())
    };
    let mut write_line =
        |output: &mut dyn Write, (number, outcome): (u64, JsonLine)| -> Result<(), RecordError> {
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
    let write = |step: Step<io::Result<Vec<(u64, JsonLine)>>>| -> Result<(), RecordError> {
        match step {
            Step::Write(lines) => lines?
                .into_iter()
                .try_for_each(|line| write_line(&mut *output, line)),
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

/// A `-z` document's output, and how cleaning it ended (the output so far if it failed).
type CleanedDoc = (Vec<u8>, Result<Report, crate::Error>);

/// A batch of records handed to a worker holds about this many bytes at most: passing a few
/// records at a time between threads keeps its cost (a wake-up each) small beside cleaning.
const BATCH_BYTES: usize = 64 * 1024;

/// The next record ending in `end` (or at the end of input), and the whole records after it
/// that are already buffered, up to [`BATCH_BYTES`]. Only the first read may wait for input,
/// so a caller that sends one record and waits for its answer gets it.
fn read_batch(input: &mut BufReader<impl Read>, end: u8) -> Option<io::Result<Vec<Vec<u8>>>> {
    let mut batch = Vec::new();
    let mut bytes = 0;
    loop {
        let mut record = Vec::new();
        match input.read_until(end, &mut record) {
            Ok(0) => break,
            Ok(n) => bytes += n,
            Err(e) if batch.is_empty() => return Some(Err(e)),
            Err(_) => unreachable!("a buffered record is read without I/O"),
        }
        batch.push(record);
        let buffered_whole_record = memchr::memchr(end, input.buffer()).is_some();
        if bytes >= BATCH_BYTES || !buffered_whole_record {
            break;
        }
    }
    (!batch.is_empty()).then_some(Ok(batch))
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
    input: &mut BufReader<impl Read + Send>,
    output: &mut dyn Write,
    threads: usize,
) -> Result<RecordReport, crate::Error> {
    let mut report = RecordReport::default();
    let read = move || read_batch(input, 0);
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
    let mut write_doc =
        |output: &mut dyn Write, (cleaned, result): (Vec<u8>, Result<Report, crate::Error>)| {
            output.write_all(&cleaned)?;
            let doc_report = result?;
            report.records += 1;
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
            &mut BufReader::new(input.as_bytes()),
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
        let report = clean_nul_separated(
            &cleaner,
            &mut BufReader::new(&b"a  b\0\0c"[..]),
            &mut out,
            1,
        )
        .unwrap();
        assert_eq!(out, b"a b\n\0\0c\n\0");
        assert_eq!(report.records, 3);
    }
}
