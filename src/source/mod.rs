//! Containers: bytes in, a sequence of documents with their metadata out.
//!
//! ```text
//! file / stdin ─▶ decompress (by magic bytes) ─▶ container ─▶ documents ─▶ the chain
//! ```
//!
//! A container is a whole file (one document), a NUL-separated stream (`-z`), or a WARC/WET
//! file (one document per `response`, `resource` or `conversion` record). JSON Lines are
//! read by [`crate::records`]. Every format lives in its own module here; nothing else in
//! the crate decompresses or splits documents.
//!
//! Documents own their bytes and are independent of each other, so a stream of them can be
//! cleaned on several workers and written back in order.

pub mod compress;
pub mod http;
pub mod shard;
pub mod warc;

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, BufRead, Read};
use std::path::Path;

use encoding_rs::Encoding;

use compress::{decompress, Compression};
use http::ContentType;
use warc::{Record, WarcError, WarcReader};

/// One document and what is known about it.
#[derive(Debug, Default, Clone)]
pub struct Document {
    pub meta: Meta,
    /// The document's bytes, in any encoding.
    pub body: Vec<u8>,
}

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Meta {
    /// The input it came from (a path, or `<stdin>`).
    pub source: String,
    /// `WARC-Target-URI`.
    pub url: Option<String>,
    /// `WARC-Date`.
    pub date: Option<String>,
    /// `WARC-Record-ID`.
    pub record_id: Option<String>,
    /// The media type (`text/html`, `text/plain`): from the HTTP response of a WARC record,
    /// or the record's own `Content-Type`.
    pub content_type: Option<String>,
    /// The charset declared with the content type, used instead of detection.
    pub declared_encoding: Option<&'static Encoding>,
}

impl Meta {
    pub fn is_html(&self) -> bool {
        matches!(
            self.content_type.as_deref(),
            Some("text/html" | "application/xhtml+xml")
        )
    }
}

/// What kind of container an input is, from its (decompressed) first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Container {
    /// Text: one document, or NUL-separated documents with `-z`.
    Text,
    /// WARC or WET records.
    Warc,
}

/// An opened input: decompressed, its container recognised, not yet read.
pub struct Input {
    pub name: String,
    pub compression: Option<Compression>,
    pub container: Container,
    pub reader: Box<dyn BufRead + Send>,
}

impl Input {
    /// Opens a path (`-` is standard input), decompressing it if its bytes say so.
    pub fn open(path: &Path) -> Result<Input, SourceError> {
        let name = display_name(path);
        if path == Path::new("-") {
            return Ok(Input::from_reader(name, io::stdin())?);
        }
        let file = File::open(path).map_err(SourceError::Open)?;
        Ok(Input::from_reader(name, file)?)
    }

    pub fn from_reader(name: String, reader: impl Read + Send + 'static) -> io::Result<Input> {
        let mut d = decompress(reader)?;
        let container = match WarcReader::<&[u8]>::looks_like_warc(d.reader.fill_buf()?) {
            true => Container::Warc,
            false => Container::Text,
        };
        Ok(Input {
            name,
            compression: d.compression,
            container,
            reader: d.reader,
        })
    }

    /// The documents of this input. `nul_separated` splits a text container at NUL bytes.
    pub fn documents(self, nul_separated: bool) -> Documents {
        let meta = Meta {
            source: self.name,
            ..Meta::default()
        };
        let kind = match self.container {
            Container::Warc => Kind::Warc {
                reader: WarcReader::new(self.reader),
                record: Record::default(),
            },
            Container::Text if nul_separated => Kind::Nul(self.reader),
            Container::Text => Kind::Whole(Some(self.reader)),
        };
        Documents {
            meta,
            kind,
            skipped: BTreeMap::new(),
        }
    }
}

/// `<stdin>` for `-`, else the path as given.
pub fn display_name(path: &Path) -> String {
    if path == Path::new("-") {
        "<stdin>".to_owned()
    } else {
        path.display().to_string()
    }
}

/// An error reading documents out of a container.
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    #[error("cannot open: {0}")]
    Open(io::Error),
    #[error(transparent)]
    Warc(#[from] WarcError),
    #[error(transparent)]
    Io(#[from] io::Error),
}

/// The documents of one input, in order.
pub struct Documents {
    meta: Meta,
    kind: Kind,
    /// Records passed over, by WARC-Type (and `non-text` for responses that are not text).
    skipped: BTreeMap<String, u64>,
}

enum Kind {
    Whole(Option<Box<dyn BufRead + Send>>),
    Nul(Box<dyn BufRead + Send>),
    Warc {
        reader: WarcReader<Box<dyn BufRead + Send>>,
        record: Record,
    },
}

impl Documents {
    /// Records passed over (not documents), by kind.
    pub fn skipped(&self) -> &BTreeMap<String, u64> {
        &self.skipped
    }

    /// The next document, or `None` at the end.
    pub fn next_document(&mut self) -> Result<Option<Document>, SourceError> {
        let meta = self.meta.clone();
        match &mut self.kind {
            Kind::Whole(reader) => {
                let Some(mut reader) = reader.take() else {
                    return Ok(None);
                };
                let mut body = Vec::new();
                reader.read_to_end(&mut body)?;
                Ok(Some(Document { meta, body }))
            }
            Kind::Nul(reader) => {
                let mut body = Vec::new();
                if reader.read_until(0, &mut body)? == 0 {
                    return Ok(None);
                }
                if body.last() == Some(&0) {
                    body.pop();
                }
                Ok(Some(Document { meta, body }))
            }
            Kind::Warc { reader, record } => loop {
                if !reader.next_record(record)? {
                    return Ok(None);
                }
                match document_of_record(record, &meta) {
                    Ok(doc) => return Ok(Some(doc)),
                    Err(kind) => *self.skipped.entry(kind).or_default() += 1,
                }
            },
        }
    }
}

/// The document a WARC record holds, or the kind of record it is when it holds none.
fn document_of_record(record: &mut Record, meta: &Meta) -> Result<Document, String> {
    let kind = record.kind();
    if record.too_large {
        return Err("too-large".into());
    }
    let own_type = record.header("Content-Type").map(ContentType::parse);
    let (content_type, body) = match kind.as_str() {
        "conversion" | "resource" => (
            own_type.unwrap_or_default(),
            std::mem::take(&mut record.block),
        ),
        "response" => match http::parse_response(&record.block) {
            Some(response) => (response.content_type, response.payload),
            // A response record of another protocol (dns:, ...) or without its status line.
            None if own_type.as_ref().is_some_and(ContentType::is_text) => (
                own_type.unwrap_or_default(),
                std::mem::take(&mut record.block),
            ),
            None => return Err("non-text".into()),
        },
        _ => {
            return Err(if kind.is_empty() {
                "untyped".into()
            } else {
                kind
            })
        }
    };
    if !content_type.is_text() {
        return Err("non-text".into());
    }
    let url = record
        .header("WARC-Target-URI")
        .map(|u| u.trim_start_matches('<').trim_end_matches('>').to_owned());
    Ok(Document {
        meta: Meta {
            source: meta.source.clone(),
            url,
            date: record.header("WARC-Date").map(str::to_owned),
            record_id: record.header("WARC-Record-ID").map(str::to_owned),
            content_type: (!content_type.media_type.is_empty()).then_some(content_type.media_type),
            declared_encoding: content_type.charset,
        },
        body: decompressed_payload(body),
    })
}

/// A payload sent with `Content-Encoding: gzip` (or zstd...) as the crawler stored it.
fn decompressed_payload(body: Vec<u8>) -> Vec<u8> {
    if Compression::detect(&body).is_none() {
        return body;
    }
    let mut out = Vec::new();
    match decompress(io::Cursor::new(body.clone())).and_then(|mut d| d.reader.read_to_end(&mut out))
    {
        Ok(_) => out,
        Err(_) => body,
    }
}
