//! Compressed input, recognised by its magic bytes (never by the file name): gzip (every
//! member, as WARC files are written), zstd (every frame), bzip2 and xz. Decompression
//! streams through fixed buffers, so memory stays bounded whatever the size of the input.
//!
//! A decoder error (a truncated or corrupt archive) names the format and how many bytes of
//! the compressed input had been read when it happened.

use std::io::{self, BufRead, BufReader, Cursor, Read};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// The formats recognised, by the first bytes of the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compression {
    Gzip,
    Zstd,
    Bzip2,
    Xz,
}

/// The longest magic number looked at.
const MAGIC_BYTES: usize = 6;
const BUFFER_BYTES: usize = 128 * 1024;

impl Compression {
    /// The format whose magic number `head` starts with, if any.
    pub fn detect(head: &[u8]) -> Option<Compression> {
        const MAGICS: [(&[u8], Compression); 4] = [
            (&[0x1f, 0x8b], Compression::Gzip),
            (&[0x28, 0xb5, 0x2f, 0xfd], Compression::Zstd),
            (b"BZh", Compression::Bzip2),
            (&[0xfd, b'7', b'z', b'X', b'Z', 0x00], Compression::Xz),
        ];
        MAGICS
            .iter()
            .find(|(magic, _)| head.starts_with(magic))
            .map(|&(_, format)| format)
    }

    pub fn name(self) -> &'static str {
        match self {
            Compression::Gzip => "gzip",
            Compression::Zstd => "zstd",
            Compression::Bzip2 => "bzip2",
            Compression::Xz => "xz",
        }
    }

    /// The file name extensions of the format (for naming outputs, never for detection).
    pub fn from_extension(ext: &str) -> Option<Compression> {
        match ext.to_ascii_lowercase().as_str() {
            "gz" | "gzip" => Some(Compression::Gzip),
            "zst" | "zstd" => Some(Compression::Zstd),
            "bz2" => Some(Compression::Bzip2),
            "xz" => Some(Compression::Xz),
            _ => None,
        }
    }
}

/// A readable input after decompression, and what it was compressed with.
pub struct Decompressed {
    pub compression: Option<Compression>,
    pub reader: Box<dyn BufRead + Send>,
}

/// Looks at the first bytes of `input` and returns a reader of its content: decompressed
/// if it starts with a known magic number, else the bytes as they are.
pub fn decompress(input: impl Read + Send + 'static) -> io::Result<Decompressed> {
    let mut input = Fused {
        inner: input,
        ended: false,
    };
    let mut head = Vec::with_capacity(MAGIC_BYTES);
    (&mut input)
        .take(MAGIC_BYTES as u64)
        .read_to_end(&mut head)?;
    let compression = Compression::detect(&head);
    let whole = Cursor::new(head).chain(input);
    let reader: Box<dyn BufRead + Send> = match compression {
        None => Box::new(BufReader::with_capacity(BUFFER_BYTES, whole)),
        Some(format) => {
            let read = Arc::new(AtomicU64::new(0));
            let counted = Counted {
                inner: whole,
                read: Arc::clone(&read),
            };
            Box::new(BufReader::with_capacity(
                BUFFER_BYTES,
                Located {
                    inner: decoder(format, counted),
                    format,
                    read,
                },
            ))
        }
    };
    Ok(Decompressed {
        compression,
        reader,
    })
}

fn decoder<R: Read + Send + 'static>(format: Compression, input: R) -> Box<dyn Read + Send> {
    let input = BufReader::with_capacity(BUFFER_BYTES, input);
    match format {
        Compression::Gzip => Box::new(flate2::bufread::MultiGzDecoder::new(input)),
        Compression::Zstd => match zstd::stream::read::Decoder::with_buffer(input) {
            Ok(d) => Box::new(d),
            Err(e) => Box::new(Failed(Some(e))),
        },
        Compression::Bzip2 => Box::new(bzip2::bufread::MultiBzDecoder::new(input)),
        Compression::Xz => Box::new(liblzma::bufread::XzDecoder::new_multi_decoder(input)),
    }
}

/// A decoder that could not be set up: its first read reports why.
struct Failed(Option<io::Error>);

impl Read for Failed {
    fn read(&mut self, _: &mut [u8]) -> io::Result<usize> {
        Err(self
            .0
            .take()
            .unwrap_or_else(|| io::Error::other("decoder failed")))
    }
}

/// A reader that is never read again once it has ended. A terminal's Ctrl-D is one end of
/// input, not the last: reading on after it would wait for more typing.
struct Fused<R> {
    inner: R,
    ended: bool,
}

impl<R: Read> Read for Fused<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.ended || buf.is_empty() {
            return Ok(0);
        }
        let n = self.inner.read(buf)?;
        self.ended = n == 0;
        Ok(n)
    }
}

/// Counts the compressed bytes the decoder has taken.
struct Counted<R> {
    inner: R,
    read: Arc<AtomicU64>,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// Adds the format and the compressed byte offset to a decoder's errors.
struct Located<D> {
    inner: D,
    format: Compression,
    read: Arc<AtomicU64>,
}

impl<D: Read> Read for Located<D> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.inner.read(buf).map_err(|e| {
            let at = self.read.load(Ordering::Relaxed);
            let what = match e.kind() {
                io::ErrorKind::UnexpectedEof => "truncated",
                _ => "corrupt",
            };
            io::Error::new(
                e.kind(),
                format!(
                    "{what} {} data near byte {at} of the compressed input: {e}",
                    self.format.name()
                ),
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn read_all(bytes: Vec<u8>) -> io::Result<(Option<Compression>, Vec<u8>)> {
        let mut d = decompress(Cursor::new(bytes))?;
        let mut out = Vec::new();
        d.reader.read_to_end(&mut out)?;
        Ok((d.compression, out))
    }

    fn gzip(data: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    #[test]
    fn every_format_round_trips() {
        let text = "Grüße, ".repeat(5000).into_bytes();
        let zst = zstd::encode_all(&text[..], 3).unwrap();
        let mut bz = bzip2::write::BzEncoder::new(Vec::new(), bzip2::Compression::default());
        bz.write_all(&text).unwrap();
        let mut xz = liblzma::write::XzEncoder::new(Vec::new(), 6);
        xz.write_all(&text).unwrap();
        for (format, bytes) in [
            (Compression::Gzip, gzip(&text)),
            (Compression::Zstd, zst),
            (Compression::Bzip2, bz.finish().unwrap()),
            (Compression::Xz, xz.finish().unwrap()),
        ] {
            assert_eq!(read_all(bytes).unwrap(), (Some(format), text.clone()));
        }
    }

    #[test]
    fn plain_and_short_inputs_pass_through() {
        for bytes in [&b""[..], b"a", b"\x1f", b"BZ", b"plain text\n"] {
            assert_eq!(read_all(bytes.to_vec()).unwrap(), (None, bytes.to_vec()));
        }
    }

    #[test]
    fn every_gzip_member_is_read() {
        let mut two = gzip(b"first\n");
        two.extend(gzip(b"second\n"));
        assert_eq!(read_all(two).unwrap().1, b"first\nsecond\n");
    }

    #[test]
    fn a_truncated_archive_names_its_offset() {
        let whole = gzip(&b"some words ".repeat(10_000));
        let cut = whole[..whole.len() / 2].to_vec();
        let err = read_all(cut.clone()).unwrap_err().to_string();
        assert!(err.starts_with("truncated gzip data near byte"), "{err}");
        assert!(err.contains(&format!("byte {}", cut.len())), "{err}");
    }
}
