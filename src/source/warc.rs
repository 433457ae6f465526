//! A reader of WARC files (ISO 28500, versions 1.0 and 1.1; WET files are WARC too), record
//! by record. A record is a version line, `Name: value` header lines, a blank line, then
//! exactly `Content-Length` bytes of content and two line ends. Compression is not seen here:
//! a `.warc.gz` is decompressed (every gzip member) before this reader.
//!
//! Lenient where writers differ (bare `\n` line ends, extra blank lines between records,
//! folded header lines); strict where data would be lost (a missing or bad
//! `Content-Length`, a content block cut short): those are errors naming the byte offset.

use std::io::{self, BufRead, Read};

/// Header sections longer than this are not WARC (and would otherwise be read whole).
const MAX_HEADER_BYTES: usize = 64 * 1024;

/// A record's content is read whole; a longer one is passed over (and counted by the
/// caller), so memory stays bounded whatever the archive holds. As large as the HTML
/// front-end reads (crawlers cut their captures far below it: Common Crawl at 1 MiB).
pub const MAX_BLOCK_BYTES: u64 = crate::html::MAX_HTML_BYTES as u64;

/// One record: its headers, and its content block read whole.
#[derive(Debug, Default)]
pub struct Record {
    /// Byte offset of the record's version line in the (decompressed) stream.
    pub offset: u64,
    pub headers: Vec<(String, String)>,
    pub block: Vec<u8>,
    /// The content was over the reader's cap ([`MAX_BLOCK_BYTES`]): it was skipped, and
    /// `block` is empty.
    pub too_large: bool,
}

impl Record {
    /// The value of a header, by case-insensitive name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// `WARC-Type`, lower-cased (`warcinfo`, `response`, `conversion`, ...).
    pub fn kind(&self) -> String {
        self.header("WARC-Type").unwrap_or("").to_ascii_lowercase()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum WarcError {
    #[error("WARC record at byte {offset}: {message}")]
    Format { offset: u64, message: String },
    #[error(transparent)]
    Io(#[from] io::Error),
}

/// Reads records one after another from a decompressed stream.
pub struct WarcReader<R> {
    input: R,
    /// Bytes consumed so far.
    offset: u64,
    line: Vec<u8>,
    /// Content longer than this is passed over.
    max_block: u64,
}

impl<R: BufRead> WarcReader<R> {
    pub fn new(input: R) -> Self {
        WarcReader {
            input,
            offset: 0,
            line: Vec::new(),
            max_block: MAX_BLOCK_BYTES,
        }
    }

    /// Passes over content longer than `bytes` instead of [`MAX_BLOCK_BYTES`].
    pub fn with_max_block(mut self, bytes: u64) -> Self {
        self.max_block = bytes;
        self
    }

    /// True if `head` (the first bytes of a stream) is the start of a WARC record.
    pub fn looks_like_warc(head: &[u8]) -> bool {
        head.starts_with(b"WARC/")
    }

    /// Reads the next record into `record` (reusing its buffers). Returns false at the end.
    pub fn next_record(&mut self, record: &mut Record) -> Result<bool, WarcError> {
        record.headers.clear();
        record.block.clear();
        // Records end in two line ends; some writers add more or fewer.
        loop {
            if !self.read_line()? {
                return Ok(false);
            }
            if !trim_eol(&self.line).is_empty() {
                break;
            }
        }
        record.offset = self.offset - self.line.len() as u64;
        let version = trim_eol(&self.line);
        if !version.starts_with(b"WARC/") {
            return Err(self.format_error(
                record.offset,
                format!(
                    "expected a WARC record (\"WARC/1.1\"), found {:?}",
                    String::from_utf8_lossy(&version[..version.len().min(40)])
                ),
            ));
        }
        self.read_headers(record)?;
        let length = record.header("Content-Length").ok_or_else(|| {
            self.format_error(record.offset, "record has no Content-Length".into())
        })?;
        let length: u64 = length.trim().parse().map_err(|_| {
            self.format_error(record.offset, format!("bad Content-Length {length:?}"))
        })?;
        record.too_large = length > self.max_block;
        let got = match record.too_large {
            true => io::copy(&mut (&mut self.input).take(length), &mut io::sink())? as usize,
            false => (&mut self.input)
                .take(length)
                .read_to_end(&mut record.block)?,
        };
        self.offset += got as u64;
        if (got as u64) < length {
            return Err(self.format_error(
                record.offset,
                format!("record content ends after {got} of its {length} bytes (truncated file?)"),
            ));
        }
        Ok(true)
    }

    fn read_headers(&mut self, record: &mut Record) -> Result<(), WarcError> {
        let mut header_bytes = 0;
        loop {
            if !self.read_line()? {
                return Err(
                    self.format_error(record.offset, "file ends inside a record's headers".into())
                );
            }
            header_bytes += self.line.len();
            if header_bytes > MAX_HEADER_BYTES {
                return Err(self.format_error(
                    record.offset,
                    format!("record headers longer than {MAX_HEADER_BYTES} bytes"),
                ));
            }
            let line = trim_eol(&self.line);
            if line.is_empty() {
                return Ok(());
            }
            let text = String::from_utf8_lossy(line);
            if line[0] == b' ' || line[0] == b'\t' {
                // A folded continuation of the previous header's value.
                if let Some((_, value)) = record.headers.last_mut() {
                    value.push(' ');
                    value.push_str(text.trim());
                }
                continue;
            }
            match text.split_once(':') {
                Some((name, value)) => record
                    .headers
                    .push((name.trim().to_owned(), value.trim().to_owned())),
                None => {
                    return Err(self.format_error(
                        record.offset,
                        format!("header line without a colon: {:?}", truncate(&text, 60)),
                    ))
                }
            }
        }
    }

    /// Reads one line (with its end) into `self.line`; false at the end of the input.
    fn read_line(&mut self) -> Result<bool, WarcError> {
        self.line.clear();
        let n = (&mut self.input)
            .take(MAX_HEADER_BYTES as u64 + 1)
            .read_until(b'\n', &mut self.line)?;
        self.offset += n as u64;
        Ok(n > 0)
    }

    fn format_error(&self, offset: u64, message: String) -> WarcError {
        WarcError::Format { offset, message }
    }
}

fn trim_eol(line: &[u8]) -> &[u8] {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    line.strip_suffix(b"\r").unwrap_or(line)
}

fn truncate(text: &str, chars: usize) -> String {
    text.chars().take(chars).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(kind: &str, body: &str) -> String {
        format!(
            "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: http://x/{kind}\r\nContent-Length: {}\r\n\r\n{body}\r\n\r\n",
            body.len()
        )
    }

    fn read_all(data: &[u8]) -> Result<Vec<(String, String, u64)>, WarcError> {
        let mut reader = WarcReader::new(data);
        let mut r = Record::default();
        let mut out = Vec::new();
        while reader.next_record(&mut r)? {
            out.push((
                r.kind(),
                String::from_utf8(r.block.clone()).unwrap(),
                r.offset,
            ));
        }
        Ok(out)
    }

    #[test]
    fn records_follow_each_other() {
        let a = record("warcinfo", "software: x\r\n");
        let data = a.clone() + &record("conversion", "Hello\nworld");
        let got = read_all(data.as_bytes()).unwrap();
        assert_eq!(got.len(), 2);
        assert_eq!(got[1].0, "conversion");
        assert_eq!(got[1].1, "Hello\nworld");
        assert_eq!(got[1].2, a.len() as u64);
    }

    #[test]
    fn bare_newlines_and_folded_headers_are_read() {
        let data = "WARC/1.1\nWARC-Type: resource\nX-Long: a\n  b\nContent-Length: 2\n\nhi\n\n";
        let mut reader = WarcReader::new(data.as_bytes());
        let mut r = Record::default();
        assert!(reader.next_record(&mut r).unwrap());
        assert_eq!(r.header("x-long"), Some("a b"));
        assert_eq!(r.block, b"hi");
        assert!(!reader.next_record(&mut r).unwrap());
    }

    #[test]
    fn a_short_block_is_an_error_with_its_offset() {
        let a = record("conversion", "one");
        let b = record("conversion", "two two two");
        let data = a.clone() + &b[..b.len() - 8];
        let err = read_all(data.as_bytes()).unwrap_err().to_string();
        assert!(
            err.starts_with(&format!(
                "WARC record at byte {}: record content ends",
                a.len()
            )),
            "{err}"
        );
    }

    #[test]
    fn garbage_and_missing_lengths_are_errors() {
        assert!(read_all(b"GET / HTTP/1.1\r\n").is_err());
        assert!(read_all(b"WARC/1.0\r\nWARC-Type: response\r\n\r\n").is_err());
        assert!(read_all(b"WARC/1.0\r\nContent-Length: x\r\n\r\n").is_err());
    }

    #[test]
    fn content_over_the_cap_is_passed_over_and_the_next_record_read() {
        let data = record("response", "0123456789") + &record("conversion", "ok");
        let mut reader = WarcReader::new(data.as_bytes()).with_max_block(5);
        let mut r = Record::default();
        assert!(reader.next_record(&mut r).unwrap());
        assert!(r.too_large && r.block.is_empty());
        assert!(reader.next_record(&mut r).unwrap());
        assert!(!r.too_large);
        assert_eq!(
            (r.kind().as_str(), &r.block[..]),
            ("conversion", &b"ok"[..])
        );
        assert!(!reader.next_record(&mut r).unwrap());
    }
}
