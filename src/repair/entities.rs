//! HTML character references left in extracted text (`&amp;`, `&rsquo;`, `&#8217;`,
//! `&#x2019;`), decoded exactly once, and not in lines that are clearly markup or code.

mod table {
    include!("data/entities.rs");
}

use super::Edit;

/// Longest name in the table, plus a little: bounds the scan after `&`.
const MAX_NAME: usize = 10;

fn named(name: &str) -> Option<char> {
    if name == "apos" {
        return Some('\'');
    }
    table::NAMED
        .binary_search_by(|&(n, _)| n.cmp(name))
        .ok()
        .map(|i| table::NAMED[i].1)
}

/// A numeric reference as browsers read it: 0x80–0x9F mean Windows-1252, invalid ones are
/// left alone.
fn numeric(digits: &str, hex: bool) -> Option<char> {
    if digits.is_empty() || digits.len() > 7 {
        return None;
    }
    let cp = u32::from_str_radix(digits, if hex { 16 } else { 10 }).ok()?;
    if (0x80..0xA0).contains(&cp) {
        let b = cp as u8;
        let buf = [b];
        let (s, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(&buf);
        return s.chars().next();
    }
    if cp == 0 || (cp < 0x20 && cp != 9 && cp != 10) {
        return None;
    }
    char::from_u32(cp)
}

/// Markup or program text, where `&amp;` is meant literally.
pub fn looks_like_code(line: &str) -> bool {
    let b = line.as_bytes();
    let tag = b
        .windows(2)
        .any(|w| w[0] == b'<' && (w[1].is_ascii_alphabetic() || w[1] == b'/' || w[1] == b'!'));
    let braces = line.contains('{') && line.contains('}');
    let statement = line.trim_end().ends_with(';') && line.contains('(');
    tag || braces || statement || line.contains("&&") || line.contains("=>")
}

pub fn decode(line: &str, edits: &mut Vec<Edit>) {
    if memchr::memchr(b'&', line.as_bytes()).is_none() || looks_like_code(line) {
        return;
    }
    for amp in memchr::memchr_iter(b'&', line.as_bytes()) {
        let rest = &line[amp + 1..];
        let Some(semi) = rest
            .as_bytes()
            .iter()
            .take(MAX_NAME + 2)
            .position(|&b| b == b';')
        else {
            continue;
        };
        let body = &rest[..semi];
        let c = if let Some(num) = body.strip_prefix('#') {
            match num.strip_prefix(['x', 'X']) {
                Some(hex) if hex.bytes().all(|b| b.is_ascii_hexdigit()) => numeric(hex, true),
                None if num.bytes().all(|b| b.is_ascii_digit()) => numeric(num, false),
                _ => None,
            }
        } else if !body.is_empty() && body.bytes().all(|b| b.is_ascii_alphanumeric()) {
            named(body)
        } else {
            None
        };
        if let Some(c) = c {
            edits.push(Edit {
                start: amp,
                end: amp + 1 + semi + 1,
                after: c.to_string(),
                rule: "html-entity".into(),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(s: &str) -> String {
        let mut edits = Vec::new();
        decode(s, &mut edits);
        super::super::apply_edits(s, &edits)
    }

    #[test]
    fn decodes_named_and_numeric() {
        assert_eq!(run("Tom &amp; Jerry"), "Tom & Jerry");
        assert_eq!(run("it&rsquo;s &#8220;ok&#x201D;"), "it’s “ok”");
        assert_eq!(run("caf&eacute; &#150; bar"), "café – bar");
    }

    #[test]
    fn decodes_once() {
        assert_eq!(run("&amp;lt;b&amp;gt;"), "&lt;b&gt;");
    }

    #[test]
    fn leaves_unknown_and_code() {
        assert_eq!(run("AT&T; R&D &bogus; &#xZZ;"), "AT&T; R&D &bogus; &#xZZ;");
        assert_eq!(
            run("<a href=\"x?a=1&amp;b=2\">"),
            "<a href=\"x?a=1&amp;b=2\">"
        );
        assert_eq!(
            run("if (a &amp;&amp; b) { x(); }"),
            "if (a &amp;&amp; b) { x(); }"
        );
    }
}
