//! The HTML front-end: a page's bytes in, the article's lines and the page's metadata out.
//!
//! bytes → encoding ([`charset`]) → html5ever into a compact tree ([`dom`]) → text blocks
//! ([`blocks`]) → which blocks are the article ([`article`]) → lines. The lines then go
//! through the same repair, normalize and rule stages as text input.
//!
//! ```
//! let page = newsclean::html::extract(
//!     b"<html><body><nav><a href=/>Home</a></nav><article><h1>Title</h1>\
//!       <p>The council met on Tuesday, and it voted for the new budget after a long debate.</p>\
//!       </article></body></html>",
//!     None,
//!     newsclean::html::Options::default(),
//! ).unwrap();
//! assert_eq!(page.text, "Title\nThe council met on Tuesday, and it voted for the new budget after a long debate.\n");
//! ```

mod article;
pub mod block_rules;
mod blocks;
mod charset;
mod detect;
mod dom;
mod meta;

use std::borrow::Cow;
use std::io::Read;
use std::sync::LazyLock;

use encoding_rs::{DecoderResult, Encoding};
use html5ever::tendril::{StrTendril, TendrilSink};

pub use article::Options;
pub use block_rules::BlockRules;
pub use detect::{looks_like_html, InputFormat};
pub use meta::Metadata;

use crate::error::Error;

/// Pages larger than this are refused by default (64 MiB).
pub const MAX_HTML_BYTES: usize = 64 << 20;

/// How much is decoded and handed to the parser at a time.
const PARSE_CHUNK: usize = 64 * 1024;

/// One extracted page.
#[derive(Debug, Default)]
pub struct Page {
    /// The article's lines, headline first, each ended by `\n` (not yet repaired, normalized
    /// or filtered by the rules).
    pub text: String,
    /// What the page says about itself: title, author, date, URL, language, site name.
    pub metadata: Metadata,
    /// The encoding the page was decoded from.
    pub encoding: Option<&'static Encoding>,
    /// Bytes of HTML read.
    pub bytes_in: u64,
    /// Byte sequences invalid in that encoding (each became U+FFFD).
    pub invalid_sequences: u64,
    /// Every decision, in document order, for `--explain`.
    pub decisions: Vec<Decision>,
    /// The article's container is a layout element (a table's cell, row or body, the
    /// page's `<body>`), as on pages laid out with tables: the tree did not say where the
    /// article starts and ends, so the line-based structural steps decide it, as for text.
    pub layout_container: bool,
    /// The first line is the page's headline (found by its heading or declared title).
    pub headline_first: bool,
}

/// A decision the front-end made about a block or the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    /// The rule id (`html.chrome.nav`, `html.container.article`, a pack's block rule such
    /// as `chrome.share`...).
    pub rule: Cow<'static, str>,
    /// The block's number in document order (1-based); 0 for a decision about the page.
    pub block: u64,
    /// The block's text, or what the decision was about.
    pub text: String,
}

/// The block rules of the built-in packs, as they ship (for callers without a rule book).
pub fn builtin_block_rules() -> &'static BlockRules {
    static BOOK: LazyLock<crate::rules::RuleBook> = LazyLock::new(|| {
        crate::rules::RuleBook::from_selection(&crate::rules::RuleSelection::default())
            .expect("the built-in packs load")
    });
    BOOK.block_rules()
}

/// A paragraph of the article an example snippet is set in: long enough that the snippet
/// holds little of the page, as a box on a real page does.
const EXAMPLE_PROSE: &str = "The council met on Tuesday evening and, after a long debate \
    that ran well past midnight, voted to approve the new harbour budget, which sets aside \
    money for dredging, for repairs to the old sea wall and for a study of the ferry service.";

/// The ids of the block rules that drop some of an HTML snippet set between paragraphs of
/// an article (how the test suite and `--test-rules` check a block rule's examples).
pub fn block_rules_dropping(snippet: &str, rules: &BlockRules) -> Result<Vec<String>, Error> {
    let p = format!("<p>{EXAMPLE_PROSE}</p>");
    let page = format!(
        "<!doctype html><html><head><title>Example</title></head><body><article>\
         <h1>Council approves the harbour budget</h1>{p}{p}{snippet}{p}{p}</article>\
         </body></html>"
    );
    let page = extract_str_with(&page, Options::default(), rules)?;
    let mut ids: Vec<String> = page
        .decisions
        .into_iter()
        .filter(|d| d.block > 0 && rules.rules().iter().any(|r| r.id == d.rule))
        .map(|d| d.rule.into_owned())
        .collect();
    ids.dedup();
    Ok(ids)
}

/// Extracts the article from a whole page held in memory. `hint` is a charset known from
/// elsewhere (an HTTP header, a WARC record, `--encoding`); it wins over what the page says.
/// The built-in block rules apply ([`extract_with`] takes others).
pub fn extract(
    bytes: &[u8],
    hint: Option<&'static Encoding>,
    options: Options,
) -> Result<Page, Error> {
    extract_with(bytes, hint, options, builtin_block_rules())
}

/// Like [`extract`], with the block rules of a rule book
/// ([`RuleBook::block_rules`](crate::rules::RuleBook::block_rules)).
pub fn extract_with(
    bytes: &[u8],
    hint: Option<&'static Encoding>,
    options: Options,
    rules: &BlockRules,
) -> Result<Page, Error> {
    if bytes.len() > MAX_HTML_BYTES {
        return Err(Error::TooLarge {
            limit: MAX_HTML_BYTES,
        });
    }
    extract_bytes(bytes, hint, options, rules)
}

/// Reads a page whose first block (see [`crate::decode::first_block`]) was already read,
/// refusing it above `limit` bytes. The page is decoded and parsed as it is read: only the
/// tree is held, never the whole input.
pub fn read_page<R: Read>(
    first: Vec<u8>,
    at_eof: bool,
    mut rest: R,
    limit: usize,
    hint: Option<&'static Encoding>,
    options: Options,
    rules: &BlockRules,
) -> Result<Page, Error> {
    let (encoding, _) = charset::choose(&first, at_eof, hint);
    let mut feeder = Feeder::new(encoding, first.len());
    feeder.feed(&first, at_eof)?;
    let mut buf = vec![0u8; PARSE_CHUNK];
    let mut ended = at_eof;
    while !ended {
        let n = match rest.read(&mut buf) {
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e.into()),
        };
        if feeder.bytes + n > limit {
            return Err(Error::TooLarge { limit });
        }
        ended = n == 0;
        feeder.feed(&buf[..n], ended)?;
    }
    Ok(feeder.finish(options, rules))
}

/// Extracts the article from a page that is already text (a JSON string field), with the
/// built-in block rules.
pub fn extract_str(text: &str, options: Options) -> Result<Page, Error> {
    extract_str_with(text, options, builtin_block_rules())
}

/// Like [`extract_str`], with the block rules of a rule book.
pub fn extract_str_with(text: &str, options: Options, rules: &BlockRules) -> Result<Page, Error> {
    let mut parser =
        html5ever::parse_document(dom::Builder::for_bytes(text.len()), Default::default());
    for piece in pieces(text) {
        parser.process(StrTendril::from_slice(piece));
        check_depth(&parser)?;
    }
    let mut page = finish(parser.finish(), options, rules);
    page.bytes_in = text.len() as u64;
    Ok(page)
}

fn extract_bytes(
    bytes: &[u8],
    hint: Option<&'static Encoding>,
    options: Options,
    rules: &BlockRules,
) -> Result<Page, Error> {
    let sniffed = &bytes[..bytes.len().min(crate::decode::SNIFF_BYTES)];
    let (encoding, _) = charset::choose(sniffed, sniffed.len() == bytes.len(), hint);
    let mut feeder = Feeder::new(encoding, bytes.len());
    for chunk in bytes.chunks(PARSE_CHUNK) {
        feeder.feed(chunk, false)?;
    }
    feeder.feed(b"", true)?;
    Ok(feeder.finish(options, rules))
}

/// Stops a page nested deeper than [`dom::MAX_DEPTH`]: html5ever's time grows with the
/// depth of open elements for every later tag, so parsing on would not end in bounded time.
fn check_depth(parser: &html5ever::driver::Parser<dom::Builder>) -> Result<(), Error> {
    match parser.tokenizer.sink.sink.too_deep() {
        true => Err(Error::TooDeep {
            limit: dom::MAX_DEPTH as usize,
        }),
        false => Ok(()),
    }
}

/// Decodes bytes piece by piece into the parser.
struct Feeder {
    encoding: &'static Encoding,
    decoder: encoding_rs::Decoder,
    parser: html5ever::driver::Parser<dom::Builder>,
    out: String,
    bytes: usize,
    invalid: u64,
}

impl Feeder {
    fn new(encoding: &'static Encoding, size_hint: usize) -> Self {
        Feeder {
            encoding,
            decoder: encoding.new_decoder_with_bom_removal(),
            parser: html5ever::parse_document(
                dom::Builder::for_bytes(size_hint),
                Default::default(),
            ),
            out: String::with_capacity(PARSE_CHUNK * 3 + 16),
            bytes: 0,
            invalid: 0,
        }
    }

    fn feed(&mut self, mut src: &[u8], last: bool) -> Result<(), Error> {
        self.bytes += src.len();
        loop {
            self.out.clear();
            let (result, read) =
                self.decoder
                    .decode_to_string_without_replacement(src, &mut self.out, last);
            src = &src[read..];
            if !self.out.is_empty() {
                self.parser.process(StrTendril::from_slice(&self.out));
                check_depth(&self.parser)?;
            }
            match result {
                DecoderResult::InputEmpty => break,
                DecoderResult::OutputFull => self.out.reserve(PARSE_CHUNK * 3 + 16),
                DecoderResult::Malformed(_, _) => {
                    self.invalid += 1;
                    self.parser.process(StrTendril::from_slice("\u{FFFD}"));
                }
            }
        }
        Ok(())
    }

    fn finish(self, options: Options, rules: &BlockRules) -> Page {
        let mut page = finish(self.parser.finish(), options, rules);
        page.encoding = Some(self.encoding);
        page.bytes_in = self.bytes as u64;
        page.invalid_sequences = self.invalid;
        page
    }
}

/// Splits text at char boundaries into parser-sized pieces.
fn pieces(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let mut end = rest.len().min(PARSE_CHUNK);
        while !rest.is_char_boundary(end) {
            end += 1;
        }
        let (piece, after) = rest.split_at(end);
        rest = after;
        Some(piece)
    })
}

/// From the parsed tree to the page: blocks, the article decision, the lines. The tree is
/// dropped as soon as the decision is made, and the kept blocks' text moves into the page.
fn finish(mut dom: dom::Dom, options: Options, rules: &BlockRules) -> Page {
    let metadata = meta::read(&dom);
    let order = article::preorder(&dom);
    let mut kinds = article::classify(&dom, &order, rules);
    let collected = blocks::collect(&mut dom, |id| article::skips_inline(&kinds, id));
    // The blocks hold the text now; the decision reads the tree's shape and attributes.
    dom.drop_text();
    let (block_text, raw, ends) = collected.into_parts();
    let blocks = blocks::Collected::blocks(&block_text, raw, ends);
    article::classify_by_links(&dom, &order, &blocks, rules, &mut kinds);
    let choice = article::choose(&dom, &order, &kinds, &blocks, &metadata, options);
    drop((order, kinds));
    let container = choice
        .container
        .map(|(id, rule)| (describe(&dom, id), rule));
    let layout_container = choice
        .container
        .is_some_and(|(id, _)| is_layout_element(&dom, id));
    drop(dom);
    let mut page = Page {
        metadata,
        layout_container,
        headline_first: choice.headline_first,
        ..Page::default()
    };
    if let Some((text, rule)) = container {
        page.decisions.push(Decision {
            rule: rule.id(rules),
            block: 0,
            text,
        });
    }
    for &(i, rule) in &choice.dropped {
        page.decisions.push(Decision {
            rule: rule.id(rules),
            block: i as u64 + 1,
            text: blocks[i].text.to_owned(),
        });
    }
    let size = choice.kept.iter().map(|&i| blocks[i].text.len() + 1).sum();
    page.text.reserve_exact(size);
    for &i in &choice.kept {
        page.text.push_str(blocks[i].text);
        page.text.push('\n');
    }
    page
}

/// Whether an element only lays the page out: a table's parts, `<body>`, `<center>`, or
/// the whole page. An article container chosen among these says nothing of the article's
/// own start and end.
fn is_layout_element(dom: &dom::Dom, id: dom::Id) -> bool {
    use html5ever::local_name as n;
    let Some(e) = dom.element(id) else {
        return true;
    };
    [
        n!("table"),
        n!("tbody"),
        n!("thead"),
        n!("tfoot"),
        n!("tr"),
        n!("td"),
        n!("th"),
        n!("body"),
        n!("html"),
        n!("center"),
    ]
    .contains(&e.name)
}

/// `<div class="story-body" id="main">`, for `--explain`.
fn describe(dom: &dom::Dom, id: dom::Id) -> String {
    let Some(e) = dom.element(id) else {
        return "the whole page".to_owned();
    };
    let mut out = format!("<{}", e.name);
    for name in [
        html5ever::local_name!("id"),
        html5ever::local_name!("class"),
        html5ever::local_name!("itemprop"),
    ] {
        if let Some(v) = e.attr(&name) {
            let v: String = v.chars().take(80).collect();
            out.push_str(&format!(" {name}={v:?}"));
        }
    }
    out.push('>');
    out
}
