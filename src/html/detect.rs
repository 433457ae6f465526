//! Is this document HTML? Decided from its first bytes: after a BOM, blank space and
//! comments, `<!doctype html`, `<html`, `<head` or `<body`; or a first block dense with tags.

/// How much of the start is looked at.
const LOOK_BYTES: usize = 4096;

/// What `--input` asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum InputFormat {
    /// HTML when the content looks like HTML, text otherwise.
    #[default]
    Auto,
    /// Always text: markup is cleaned as lines of text.
    Text,
    /// Always HTML.
    Html,
}

impl InputFormat {
    /// True if a document starting with `first` is read as HTML.
    pub fn is_html(self, first: &[u8]) -> bool {
        match self {
            InputFormat::Text => false,
            InputFormat::Html => true,
            InputFormat::Auto => looks_like_html(first),
        }
    }
}

/// True if the document starting with `block` looks like an HTML page.
pub fn looks_like_html(block: &[u8]) -> bool {
    let block = &block[..block.len().min(LOOK_BYTES)];
    let ascii = ascii_view(block);
    let mut start = ascii.trim_ascii_start();
    while let Some(rest) = start.strip_prefix(b"<!--") {
        let Some(end) = memchr::memmem::find(rest, b"-->") else {
            return false;
        };
        start = rest[end + 3..].trim_ascii_start();
    }
    let opens = |prefix: &[u8]| {
        start.len() > prefix.len()
            && start[..prefix.len()].eq_ignore_ascii_case(prefix)
            && matches!(
                start[prefix.len()],
                b' ' | b'\t' | b'\n' | b'\r' | b'>' | b'/'
            )
    };
    if opens(b"<!doctype") {
        return start.len() > 14 && start[10..14].eq_ignore_ascii_case(b"html");
    }
    if opens(b"<?xml") {
        return contains_html_tag(start);
    }
    if opens(b"<html") || opens(b"<head") || opens(b"<body") {
        return true;
    }
    start.first() == Some(&b'<') && tag_dense(start)
}

/// `<?xml` starts XHTML and every other XML: XHTML says `<html` soon after.
fn contains_html_tag(block: &[u8]) -> bool {
    block.windows(5).any(|w| w.eq_ignore_ascii_case(b"<html"))
}

/// A fragment of markup (no `<html>`): at least eight tags, and markup at least a quarter
/// of the bytes.
fn tag_dense(block: &[u8]) -> bool {
    let (mut tags, mut inside, mut in_tag) = (0usize, 0usize, false);
    for (i, &b) in block.iter().enumerate() {
        if in_tag {
            inside += 1;
            in_tag = b != b'>';
        } else if b == b'<'
            && block
                .get(i + 1)
                .is_some_and(|&n| n.is_ascii_alphabetic() || n == b'/')
        {
            tags += 1;
            in_tag = true;
            inside += 1;
        }
    }
    tags >= 8 && inside * 4 >= block.len()
}

/// The bytes as ASCII: the UTF-8 BOM is dropped, UTF-16 (with its BOM) keeps every other byte.
fn ascii_view(block: &[u8]) -> std::borrow::Cow<'_, [u8]> {
    match block {
        [0xEF, 0xBB, 0xBF, rest @ ..] => rest.into(),
        [0xFF, 0xFE, rest @ ..] => rest.iter().step_by(2).copied().collect::<Vec<_>>().into(),
        [0xFE, 0xFF, rest @ ..] => rest
            .iter()
            .skip(1)
            .step_by(2)
            .copied()
            .collect::<Vec<_>>()
            .into(),
        _ => block.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_are_html() {
        for page in [
            "<!DOCTYPE html><html><body>x</body></html>",
            "\u{feff}  <!-- saved --> <html lang=en>",
            "<HEAD><title>t</title>",
            "<body>\n<p>x</p>",
            "<?xml version=\"1.0\"?>\n<html xmlns=\"http://www.w3.org/1999/xhtml\">",
            "<div><p>a</p><p>b</p><p>c</p><ul><li>d</li><li>e</li></ul></div>",
        ] {
            assert!(looks_like_html(page.as_bytes()), "{page}");
        }
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(
                "<!doctype html><p>x"
                    .encode_utf16()
                    .flat_map(u16::to_le_bytes),
            )
            .collect();
        assert!(looks_like_html(&utf16));
    }

    #[test]
    fn text_is_not_html() {
        for text in [
            "Town council approves budget\nThe council met on Tuesday.",
            "Use <b> for bold text, as in a < b and c > d.",
            "<?xml version=\"1.0\"?><rss><channel></channel></rss>",
            "",
        ] {
            assert!(!looks_like_html(text.as_bytes()), "{text}");
        }
    }

    #[test]
    fn forcing_wins() {
        assert!(InputFormat::Html.is_html(b"plain"));
        assert!(!InputFormat::Text.is_html(b"<!doctype html>"));
    }
}
