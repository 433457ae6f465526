//! Bytes in, UTF-8 text out, in bounded chunks. The only module that sees raw input bytes.
//!
//! The encoding is settled once, from the first block: a BOM wins; then valid UTF-8; then
//! BOM-less UTF-16 (NUL bytes in every other position); then `chardetng`, the detector
//! Firefox uses. Invalid sequences become U+FFFD and are counted, never fatal.

use std::io::{self, Read};

use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::{DecoderResult, Encoding, UTF_16BE, UTF_16LE, UTF_8};

use crate::error::Error;

/// How much input is inspected to choose the encoding and to refuse binary files.
pub const SNIFF_BYTES: usize = 64 * 1024;
const READ_BYTES: usize = 64 * 1024;

/// A reader of decoded text.
pub struct TextReader<R> {
    input: R,
    encoding: &'static Encoding,
    decoder: encoding_rs::Decoder,
    /// Bytes read but not yet decoded (the sniffed first block, then each read).
    pending: Vec<u8>,
    at_eof: bool,
    finished: bool,
    bytes_in: u64,
    invalid_sequences: u64,
}

impl<R: Read> TextReader<R> {
    /// Reads the first block, refuses binary input, and settles the encoding:
    /// `forced` if given, else what the first block says.
    pub fn new(mut input: R, forced: Option<&'static Encoding>) -> Result<Self, Error> {
        let mut first = Vec::with_capacity(SNIFF_BYTES);
        let at_eof = fill(&mut input, &mut first, SNIFF_BYTES)?;
        Self::with_first_block(input, first, at_eof, forced)
    }

    /// Like [`TextReader::new`], when the first block (see [`first_block`]) was already read.
    pub fn with_first_block(
        input: R,
        first: Vec<u8>,
        at_eof: bool,
        forced: Option<&'static Encoding>,
    ) -> Result<Self, Error> {
        let (encoding, decoder) = match forced {
            Some(enc) => (enc, enc.new_decoder_with_bom_removal()),
            None => {
                let enc = sniff(&first, at_eof)?;
                (enc, enc.new_decoder_with_bom_removal())
            }
        };
        Ok(TextReader {
            input,
            encoding,
            decoder,
            bytes_in: first.len() as u64,
            pending: first,
            at_eof,
            finished: false,
            invalid_sequences: 0,
        })
    }

    pub fn encoding(&self) -> &'static Encoding {
        self.encoding
    }

    pub fn bytes_in(&self) -> u64 {
        self.bytes_in
    }

    pub fn invalid_sequences(&self) -> u64 {
        self.invalid_sequences
    }

    /// Replaces `out` with the next piece of decoded text. Returns false at the end.
    pub fn next_chunk(&mut self, out: &mut String) -> io::Result<bool> {
        out.clear();
        if self.finished {
            return Ok(false);
        }
        if self.pending.is_empty() && !self.at_eof {
            self.at_eof = fill(&mut self.input, &mut self.pending, READ_BYTES)?;
            self.bytes_in += self.pending.len() as u64;
        }
        let last = self.at_eof;
        let mut src = &self.pending[..];
        loop {
            let need = self
                .decoder
                .max_utf8_buffer_length_without_replacement(src.len())
                .unwrap_or(src.len() * 3 + 16);
            out.reserve(need.max(4));
            let (result, read) = self
                .decoder
                .decode_to_string_without_replacement(src, out, last);
            src = &src[read..];
            match result {
                DecoderResult::InputEmpty => break,
                DecoderResult::OutputFull => continue,
                DecoderResult::Malformed(_, _) => {
                    self.invalid_sequences += 1;
                    out.push('\u{FFFD}');
                }
            }
        }
        self.pending.clear();
        if last {
            self.finished = true;
        }
        Ok(true)
    }
}

/// Reads the first block of a stream: what the encoding and the kind of input are decided
/// from. Returns it and whether it is the whole stream.
pub fn first_block(input: &mut impl Read) -> io::Result<(Vec<u8>, bool)> {
    let mut first = Vec::with_capacity(SNIFF_BYTES);
    let at_eof = fill(input, &mut first, SNIFF_BYTES)?;
    Ok((first, at_eof))
}

/// Reads until `buf` holds `want` more bytes or the input ends; returns true at the end.
fn fill(input: &mut impl Read, buf: &mut Vec<u8>, want: usize) -> io::Result<bool> {
    // Into the spare capacity, not a zeroed buffer: with `-z` this runs for every document,
    // most of which are far smaller than a block.
    buf.reserve(want);
    let got = input.take(want as u64).read_to_end(buf)?;
    Ok(got < want)
}

/// Chooses the encoding of a stream from its first block.
pub fn sniff(block: &[u8], at_eof: bool) -> Result<&'static Encoding, Error> {
    if let Some((enc, _)) = Encoding::for_bom(block) {
        return Ok(enc);
    }
    if memchr::memchr(0, block).is_some() {
        return utf16_without_bom(block).ok_or(Error::Binary);
    }
    if is_utf8_prefix(block, at_eof) {
        return Ok(UTF_8);
    }
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
    detector.feed(block, at_eof);
    Ok(detector.guess(None, Utf8Detection::Allow))
}

/// True if `block` is UTF-8, allowing a sequence cut off at the end of a partial read.
fn is_utf8_prefix(block: &[u8], at_eof: bool) -> bool {
    match std::str::from_utf8(block) {
        Ok(_) => true,
        Err(e) => !at_eof && e.error_len().is_none(),
    }
}

/// UTF-16 text without a BOM has a NUL in every other byte for Latin script. Binary files
/// have NULs too, but not in such a strict pattern with text in between.
fn utf16_without_bom(block: &[u8]) -> Option<&'static Encoding> {
    let pairs = block.len() / 2;
    if pairs < 2 {
        return None;
    }
    let (mut even_nul, mut odd_nul) = (0usize, 0usize);
    for pair in block.chunks_exact(2) {
        even_nul += usize::from(pair[0] == 0);
        odd_nul += usize::from(pair[1] == 0);
    }
    let mostly = |n: usize| n * 10 >= pairs * 9;
    let rarely = |n: usize| n * 50 <= pairs;
    if mostly(odd_nul) && rarely(even_nul) {
        Some(UTF_16LE)
    } else if mostly(even_nul) && rarely(odd_nul) {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// Looks up an encoding by its WHATWG label (`latin1`, `cp1252`, `shift_jis`, `utf-16le`...).
pub fn encoding_for_label(label: &str) -> Result<&'static Encoding, Error> {
    Encoding::for_label(label.trim().as_bytes())
        .ok_or_else(|| Error::UnknownEncoding(label.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode_all(bytes: &[u8]) -> (String, &'static str) {
        let mut reader = TextReader::new(bytes, None).unwrap();
        let (mut all, mut chunk) = (String::new(), String::new());
        while reader.next_chunk(&mut chunk).unwrap() {
            all.push_str(&chunk);
        }
        (all, reader.encoding().name())
    }

    #[test]
    fn utf8_passes_through() {
        assert_eq!(decode_all("won’t".as_bytes()), ("won’t".into(), "UTF-8"));
    }

    #[test]
    fn windows_1252_is_detected() {
        let bytes = b"He said \x93we won\x92t go\x94 \x96 and left\x85 caf\xe9 na\xefve.";
        let (text, enc) = decode_all(bytes);
        assert_eq!(enc, "windows-1252");
        assert_eq!(text, "He said “we won’t go” – and left… café naïve.");
    }

    #[test]
    fn utf16_with_and_without_bom() {
        let mut le: Vec<u8> = vec![0xFF, 0xFE];
        le.extend("Grüße “x”".encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(decode_all(&le).0, "Grüße “x”");
        let be: Vec<u8> = "Plain text here"
            .encode_utf16()
            .flat_map(u16::to_be_bytes)
            .collect();
        assert_eq!(decode_all(&be), ("Plain text here".into(), "UTF-16BE"));
    }

    #[test]
    fn binary_is_refused() {
        assert!(matches!(
            TextReader::new(
                &b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x03\x00>\x00"[..],
                None
            ),
            Err(Error::Binary)
        ));
    }

    #[test]
    fn invalid_utf8_after_the_sniffed_block_becomes_replacement() {
        let mut bytes = vec![b'a'; SNIFF_BYTES];
        bytes.extend_from_slice(b"\xff tail");
        let mut reader = TextReader::new(&bytes[..], None).unwrap();
        let (mut all, mut chunk) = (String::new(), String::new());
        while reader.next_chunk(&mut chunk).unwrap() {
            all.push_str(&chunk);
        }
        assert!(all.ends_with("a\u{FFFD} tail"));
        assert_eq!(reader.invalid_sequences(), 1);
    }
}
