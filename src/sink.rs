//! Where cleaned documents go: plain text, or one JSON Lines record per document with its
//! metadata; either possibly compressed (`--compress`, or the output name's extension).

use std::io::{self, Write};
use std::path::Path;

use crate::html::Metadata;
use crate::report::Report;
use crate::source::compress::Compression;
use crate::source::Meta;

/// How documents are written (`--output-format`, trafilatura's name for it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum OutputFormat {
    /// The clean text.
    #[default]
    Text,
    /// One JSON object a line: source, url, date, record_id, content_type, language, text.
    Jsonl,
}

/// `--compress`: the formats output can be written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputCompression {
    Gz,
    Zst,
    Bz2,
    Xz,
}

impl OutputCompression {
    fn format(self) -> Compression {
        match self {
            OutputCompression::Gz => Compression::Gzip,
            OutputCompression::Zst => Compression::Zstd,
            OutputCompression::Bz2 => Compression::Bzip2,
            OutputCompression::Xz => Compression::Xz,
        }
    }
}

/// The compression of an output: asked for, else the output file's extension.
pub fn output_compression(
    asked: Option<OutputCompression>,
    path: Option<&Path>,
) -> Option<Compression> {
    asked.map(OutputCompression::format).or_else(|| {
        path.and_then(|p| p.extension())
            .and_then(|e| e.to_str())
            .and_then(Compression::from_extension)
    })
}

/// A writer that compresses, or not; `finish` writes the end of the compressed stream.
pub enum Encoder<W: Write> {
    Plain(W),
    Gzip(flate2::write::GzEncoder<W>),
    Zstd(zstd::stream::write::Encoder<'static, W>),
    Bzip2(bzip2::write::BzEncoder<W>),
    Xz(liblzma::write::XzEncoder<W>),
}

impl<W: Write> Encoder<W> {
    pub fn new(out: W, compression: Option<Compression>) -> io::Result<Self> {
        Ok(match compression {
            None => Encoder::Plain(out),
            Some(Compression::Gzip) => Encoder::Gzip(flate2::write::GzEncoder::new(
                out,
                flate2::Compression::default(),
            )),
            Some(Compression::Zstd) => Encoder::Zstd(zstd::stream::write::Encoder::new(out, 3)?),
            Some(Compression::Bzip2) => Encoder::Bzip2(bzip2::write::BzEncoder::new(
                out,
                bzip2::Compression::default(),
            )),
            Some(Compression::Xz) => Encoder::Xz(liblzma::write::XzEncoder::new(out, 6)),
        })
    }

    /// Ends the compressed stream and flushes it.
    pub fn finish(self) -> io::Result<W> {
        let mut out = match self {
            Encoder::Plain(w) => w,
            Encoder::Gzip(e) => e.finish()?,
            Encoder::Zstd(e) => e.finish()?,
            Encoder::Bzip2(e) => e.finish()?,
            Encoder::Xz(e) => e.finish()?,
        };
        out.flush()?;
        Ok(out)
    }

    fn inner(&mut self) -> &mut dyn Write {
        match self {
            Encoder::Plain(w) => w,
            Encoder::Gzip(e) => e,
            Encoder::Zstd(e) => e,
            Encoder::Bzip2(e) => e,
            Encoder::Xz(e) => e,
        }
    }
}

impl<W: Write> Write for Encoder<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.inner().write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner().flush()
    }
}

/// One output record of `--output-format jsonl`. Unknown metadata is `null`, so every
/// record has the same keys.
#[derive(Debug, serde::Serialize)]
pub struct JsonlRecord<'a> {
    pub source: &'a str,
    /// `WARC-Target-URI`, else the page's canonical URL.
    pub url: Option<&'a str>,
    /// `WARC-Date` (when it was crawled), else the page's publication date.
    pub date: Option<&'a str>,
    pub title: Option<&'a str>,
    pub author: Option<&'a str>,
    pub site_name: Option<&'a str>,
    /// The page's declared language (`<html lang>`), else the rules' guess.
    pub language: Option<&'a str>,
    pub record_id: Option<&'a str>,
    pub content_type: Option<&'a str>,
    pub encoding: Option<&'a str>,
    pub text: &'a str,
    /// `--stats`: what cleaning did to this document.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stats: Option<&'a Report>,
}

impl<'a> JsonlRecord<'a> {
    /// The container's fields win over the page's where both say something: a WARC record's
    /// URI and date are where and when it was fetched, which every record of a crawl has.
    pub fn new(meta: &'a Meta, text: &'a str, report: &'a Report, stats: bool) -> Self {
        let page = report.metadata.as_deref();
        let from_page =
            |field: fn(&'a Metadata) -> &'a Option<String>| page.and_then(|p| field(p).as_deref());
        JsonlRecord {
            source: &meta.source,
            url: meta.url.as_deref().or(from_page(|p| &p.url)),
            date: meta.date.as_deref().or(from_page(|p| &p.date)),
            title: from_page(|p| &p.title),
            author: from_page(|p| &p.author),
            site_name: from_page(|p| &p.site_name),
            language: from_page(|p| &p.language).or(report.language),
            record_id: meta.record_id.as_deref(),
            content_type: meta.content_type.as_deref(),
            encoding: report.encoding,
            // The text without its final newline, like `--jsonl` writes a cleaned field.
            text: text.strip_suffix('\n').unwrap_or(text),
            stats: stats.then_some(report),
        }
    }

    /// Writes the record and its line end.
    pub fn write_to(&self, out: &mut dyn Write) -> io::Result<()> {
        serde_json::to_writer(&mut *out, self)?;
        out.write_all(b"\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn output_compression_by_flag_or_extension() {
        let path = Path::new("out.jsonl.zst");
        assert_eq!(
            output_compression(None, Some(path)),
            Some(Compression::Zstd)
        );
        assert_eq!(
            output_compression(Some(OutputCompression::Gz), Some(path)),
            Some(Compression::Gzip)
        );
        assert_eq!(output_compression(None, Some(Path::new("a.txt"))), None);
    }

    #[test]
    fn compressed_output_reads_back() {
        for c in [
            Compression::Gzip,
            Compression::Zstd,
            Compression::Bzip2,
            Compression::Xz,
        ] {
            let mut e = Encoder::new(Vec::new(), Some(c)).unwrap();
            e.write_all(b"clean text\n").unwrap();
            let bytes = e.finish().unwrap();
            assert_eq!(Compression::detect(&bytes), Some(c));
            let mut d = crate::source::compress::decompress(io::Cursor::new(bytes)).unwrap();
            let mut text = String::new();
            d.reader.read_to_string(&mut text).unwrap();
            assert_eq!(text, "clean text\n");
        }
    }
}
