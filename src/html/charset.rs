//! The encoding of an HTML page: a BOM; then UTF-8 when the first block is valid UTF-8 with
//! multi-byte sequences; then the `<meta charset>` / `http-equiv` declaration found by the
//! HTML standard's prescan of the first 1024 bytes; then `chardetng`.
//!
//! Valid UTF-8 goes before the declaration on purpose: scrapers store pages re-encoded as
//! UTF-8 and keep the page's old `<meta charset=iso-8859-1>`, and a page really in a legacy
//! encoding with bytes above 0x7F is almost never valid UTF-8 by chance.

use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};

/// How far the prescan looks, as in the HTML standard.
const PRESCAN_BYTES: usize = 1024;

/// Where the chosen encoding came from (for `--explain` and the report).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Forced,
    Bom,
    Utf8,
    Meta,
    Detected,
}

/// Chooses the encoding of a page from its first block (`at_eof`: the block is all of it).
pub fn choose(
    block: &[u8],
    at_eof: bool,
    forced: Option<&'static Encoding>,
) -> (&'static Encoding, Source) {
    if let Some(enc) = forced {
        return (enc, Source::Forced);
    }
    if let Some((enc, _)) = Encoding::for_bom(block) {
        return (enc, Source::Bom);
    }
    if !block.is_ascii() && is_utf8_prefix(block, at_eof) {
        return (UTF_8, Source::Utf8);
    }
    if let Some(enc) = prescan(&block[..block.len().min(PRESCAN_BYTES)]) {
        return (enc, Source::Meta);
    }
    if block.is_ascii() {
        return (UTF_8, Source::Utf8);
    }
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
    detector.feed(block, at_eof);
    (detector.guess(None, Utf8Detection::Allow), Source::Detected)
}

fn is_utf8_prefix(block: &[u8], at_eof: bool) -> bool {
    match std::str::from_utf8(block) {
        Ok(_) => true,
        Err(e) => !at_eof && e.error_len().is_none() && block.len() - e.valid_up_to() < 4,
    }
}

/// The HTML standard's "prescan a byte stream to determine its encoding", for `<meta>`.
pub fn prescan(bytes: &[u8]) -> Option<&'static Encoding> {
    let mut at = 0;
    while at < bytes.len() {
        let rest = &bytes[at..];
        if rest.starts_with(b"<!--") {
            at += find(&rest[4..], b"-->").map_or(bytes.len(), |end| 4 + end + 3);
        } else if starts_with_ignore_case(rest, b"<meta")
            && rest
                .get(5)
                .is_some_and(|&b| b.is_ascii_whitespace() || b == b'/')
        {
            at += 5;
            if let Some(enc) = meta_encoding(bytes, &mut at) {
                return Some(enc);
            }
        } else if rest.len() > 1
            && rest[0] == b'<'
            && (rest[1].is_ascii_alphabetic() || rest[1] == b'/')
        {
            // Another tag: step over its attributes so that a `<meta` inside a value is not read.
            at += 1 + usize::from(rest[1] == b'/');
            while at < bytes.len() && !bytes[at].is_ascii_whitespace() && bytes[at] != b'>' {
                at += 1;
            }
            while attribute(bytes, &mut at).is_some() {}
        } else if rest.starts_with(b"<!") || rest.starts_with(b"</") || rest.starts_with(b"<?") {
            at += memchr::memchr(b'>', rest).map_or(bytes.len(), |end| end + 1);
        } else {
            at += 1;
        }
    }
    None
}

/// Reads a `<meta>` tag's attributes; returns the encoding it declares, if any.
fn meta_encoding(bytes: &[u8], at: &mut usize) -> Option<&'static Encoding> {
    let (mut http_equiv, mut content, mut charset) = (false, None, None);
    while let Some((name, value)) = attribute(bytes, at) {
        match name.to_ascii_lowercase().as_slice() {
            b"http-equiv" => http_equiv |= value.eq_ignore_ascii_case(b"content-type"),
            b"content" => content = Some(value),
            b"charset" => charset = charset.or(Some(value)),
            _ => {}
        }
    }
    let label = match (charset, content) {
        (Some(label), _) => label,
        (None, Some(content)) if http_equiv => charset_in_content(&content)?,
        _ => return None,
    };
    Encoding::for_label(trim(&label)).map(|enc| match enc.name() {
        // The standard reads these declarations as UTF-8 and windows-1252.
        "UTF-16LE" | "UTF-16BE" => UTF_8,
        "x-user-defined" => WINDOWS_1252,
        _ => enc,
    })
}

/// `text/html; charset=koi8-r` → `koi8-r`.
fn charset_in_content(content: &[u8]) -> Option<Vec<u8>> {
    let lower = content.to_ascii_lowercase();
    let start = find(&lower, b"charset")? + 7;
    let rest = trim(&content[start..]);
    let rest = trim(rest.strip_prefix(b"=")?);
    let value = match rest.first() {
        Some(&q) if q == b'"' || q == b'\'' => {
            let body = &rest[1..];
            &body[..memchr::memchr(q, body)?]
        }
        _ => {
            let end = rest
                .iter()
                .position(|&b| b.is_ascii_whitespace() || b == b';')
                .unwrap_or(rest.len());
            &rest[..end]
        }
    };
    (!value.is_empty()).then(|| value.to_vec())
}

/// The standard's "get an attribute": advances past one attribute of the tag at `at`;
/// None at the tag's end.
fn attribute(bytes: &[u8], at: &mut usize) -> Option<(Vec<u8>, Vec<u8>)> {
    let skip_space = |at: &mut usize| {
        while *at < bytes.len() && (bytes[*at].is_ascii_whitespace() || bytes[*at] == b'/') {
            *at += 1;
        }
    };
    skip_space(at);
    if *at >= bytes.len() || bytes[*at] == b'>' {
        *at += 1;
        return None;
    }
    let start = *at;
    while *at < bytes.len()
        && !matches!(bytes[*at], b'=' | b'>' | b'/')
        && !bytes[*at].is_ascii_whitespace()
    {
        *at += 1;
    }
    let name = bytes[start..*at].to_vec();
    while *at < bytes.len() && bytes[*at].is_ascii_whitespace() {
        *at += 1;
    }
    if bytes.get(*at) != Some(&b'=') {
        return Some((name, Vec::new()));
    }
    *at += 1;
    while *at < bytes.len() && bytes[*at].is_ascii_whitespace() {
        *at += 1;
    }
    let value = match bytes.get(*at) {
        Some(&q) if q == b'"' || q == b'\'' => {
            let body = &bytes[*at + 1..];
            let end = memchr::memchr(q, body).unwrap_or(body.len());
            *at += end + 2;
            body[..end].to_vec()
        }
        _ => {
            let start = *at;
            while *at < bytes.len() && bytes[*at] != b'>' && !bytes[*at].is_ascii_whitespace() {
                *at += 1;
            }
            bytes[start..*at].to_vec()
        }
    };
    Some((name, value))
}

fn starts_with_ignore_case(bytes: &[u8], prefix: &[u8]) -> bool {
    bytes.len() >= prefix.len() && bytes[..prefix.len()].eq_ignore_ascii_case(prefix)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(haystack, needle)
}

fn trim(bytes: &[u8]) -> &[u8] {
    bytes.trim_ascii()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(bytes: &[u8]) -> &'static str {
        choose(bytes, true, None).0.name()
    }

    #[test]
    fn meta_charset_and_http_equiv_are_read() {
        assert_eq!(
            name(b"<html><head><meta charset=\"windows-1252\"><title>caf\xe9</title>"),
            "windows-1252"
        );
        assert_eq!(
            name(b"<meta http-equiv='Content-Type' content='text/html; charset=ISO-8859-2'>\xb1"),
            "ISO-8859-2"
        );
        // Without http-equiv, a content attribute declares nothing.
        assert_ne!(
            name(b"<meta content=\"text/html; charset=koi8-r\">\xc1"),
            "KOI8-R"
        );
    }

    #[test]
    fn comments_and_other_attributes_hide_nothing_and_fake_nothing() {
        assert_eq!(
            name(b"<!-- <meta charset=koi8-r> --><div title='<meta charset=koi8-r>'>caf\xe9</div>"),
            "windows-1252"
        );
    }

    #[test]
    fn bom_wins_then_valid_utf8_then_the_declaration() {
        assert_eq!(name(b"\xef\xbb\xbf<meta charset=windows-1251>"), "UTF-8");
        assert_eq!(
            name("<meta charset=iso-8859-1><p>caf\u{e9}".as_bytes()),
            "UTF-8"
        );
        assert_eq!(name(b"<meta charset=utf-16le><p>x"), "UTF-8");
        assert_eq!(
            choose(b"<meta charset=koi8-r>\xc1", true, Some(UTF_8)).1,
            Source::Forced
        );
    }

    #[test]
    fn undeclared_legacy_bytes_are_detected() {
        let page =
            b"<p>Der B\xfcrgermeister sagte, die Stra\xdfe werde gr\xf6\xdfer und sch\xf6ner.</p>";
        assert_eq!(choose(page, true, None), (WINDOWS_1252, Source::Detected));
    }
}
