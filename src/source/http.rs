//! The HTTP message inside a WARC `response` record: status line and headers, then the
//! payload, de-chunked when it was sent chunked. Only what cleaning needs: the media type
//! and charset of `Content-Type`.

use encoding_rs::Encoding;

/// A parsed `Content-Type`: the media type (lower case) and its charset, if known.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ContentType {
    pub media_type: String,
    pub charset: Option<&'static Encoding>,
}

impl ContentType {
    /// Parses `text/html; charset="windows-1252"`. An unknown charset label is ignored (the
    /// decoder then detects the encoding).
    pub fn parse(value: &str) -> ContentType {
        let mut parts = value.split(';');
        let media_type = parts.next().unwrap_or("").trim().to_ascii_lowercase();
        let charset = parts
            .filter_map(|p| p.split_once('='))
            .find(|(name, _)| name.trim().eq_ignore_ascii_case("charset"))
            .and_then(|(_, label)| {
                Encoding::for_label(label.trim().trim_matches(['"', '\'']).as_bytes())
            });
        ContentType {
            media_type,
            charset,
        }
    }

    /// Text the cleaner can read: `text/*`, XHTML, or no type at all.
    pub fn is_text(&self) -> bool {
        self.media_type.is_empty()
            || self.media_type.starts_with("text/")
            || self.media_type == "application/xhtml+xml"
    }

    pub fn is_html(&self) -> bool {
        self.media_type == "text/html" || self.media_type == "application/xhtml+xml"
    }
}

/// The payload of an HTTP response and its `Content-Type` header.
#[derive(Debug)]
pub struct Response {
    pub content_type: ContentType,
    /// The raw header value, as the server sent it.
    pub content_type_header: Option<String>,
    pub payload: Vec<u8>,
}

/// Splits an HTTP response into headers and payload. `None` if it has no status line.
pub fn parse_response(message: &[u8]) -> Option<Response> {
    if !message.starts_with(b"HTTP/") {
        return None;
    }
    let (head, body) = split_head(message);
    let head = String::from_utf8_lossy(head);
    let header = |name: &str| {
        head.lines()
            .skip(1)
            .filter_map(|l| l.split_once(':'))
            .find(|(n, _)| n.trim().eq_ignore_ascii_case(name))
            .map(|(_, v)| v.trim().to_owned())
    };
    let content_type_header = header("Content-Type");
    let chunked =
        header("Transfer-Encoding").is_some_and(|v| v.to_ascii_lowercase().contains("chunked"));
    let payload = match chunked {
        true => dechunk(body).unwrap_or_else(|| body.to_vec()),
        false => body.to_vec(),
    };
    Some(Response {
        content_type: content_type_header
            .as_deref()
            .map(ContentType::parse)
            .unwrap_or_default(),
        content_type_header,
        payload,
    })
}

/// The header block (without the blank line) and what follows it.
fn split_head(message: &[u8]) -> (&[u8], &[u8]) {
    let crlf = memchr::memmem::find(message, b"\r\n\r\n").map(|i| (i, i + 4));
    let lf = memchr::memmem::find(message, b"\n\n").map(|i| (i, i + 2));
    match [crlf, lf].into_iter().flatten().min() {
        Some((end, body)) => (&message[..end], &message[body..]),
        None => (message, &[]),
    }
}

/// Joins the chunks of a chunked body; `None` if it is not well formed.
fn dechunk(mut body: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(body.len());
    loop {
        let eol = memchr::memchr(b'\n', body)?;
        let size_line = std::str::from_utf8(&body[..eol]).ok()?;
        let size_hex = size_line.split(';').next()?.trim();
        let size = usize::from_str_radix(size_hex, 16).ok()?;
        body = &body[eol + 1..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(body.get(..size)?);
        body = &body[size..];
        body = body.strip_prefix(b"\r").unwrap_or(body);
        body = body.strip_prefix(b"\n").unwrap_or(body);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charset_and_media_type() {
        let ct = ContentType::parse("Text/HTML; Charset=\"Windows-1252\"");
        assert_eq!(ct.media_type, "text/html");
        assert_eq!(ct.charset.unwrap().name(), "windows-1252");
        assert!(ct.is_html());
        assert_eq!(
            ContentType::parse("text/plain; charset=klingon").charset,
            None
        );
        assert!(!ContentType::parse("image/png").is_text());
    }

    #[test]
    fn payload_after_headers_and_chunks_joined() {
        let r = parse_response(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nbody").unwrap();
        assert_eq!(r.payload, b"body");
        let r = parse_response(
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n",
        )
        .unwrap();
        assert_eq!(r.payload, b"abcde");
        assert!(parse_response(b"not http").is_none());
    }
}
