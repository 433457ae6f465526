//! The page as text blocks: block elements and `<br>` end a block, whitespace outside `<pre>`
//! collapses, scripts, styles, forms' widgets, embedded documents and hidden elements are left
//! out, and table cells of a row are joined with ` | ` into one line.

use html5ever::{local_name, LocalName};

use super::dom::{Data, Dom, Element, Id, Ns, NONE, ROOT};

/// Between the cells of a table row.
pub const CELL_SEPARATOR: &str = " | ";

/// One run of text between block boundaries.
#[derive(Debug, Clone, Copy)]
pub struct Block<'a> {
    /// Whitespace collapsed; in `<pre>` the lines are kept, joined by `\n`. A slice of one
    /// of the collected text's pieces (see [`Collected::blocks`]), not an allocation each.
    pub text: &'a str,
    /// The innermost block element holding the text.
    pub node: Id,
    /// Characters of the text, and of those inside links.
    pub chars: u32,
    /// Characters inside links.
    pub link_chars: u32,
    /// 1-6 inside `<h1>`-`<h6>`, else 0.
    pub heading: u8,
    /// The block is a `<p>`: written prose, where links are usually citations.
    pub paragraph: bool,
}

/// The blocks' text is written in pieces of about this size (a block never straddles two),
/// into the buffers the tree's text is freed from as the walk reads it.
const PIECE_BYTES: usize = 1 << 20;

/// The blocks of a page as collected: their text in pieces, each block's text ending where
/// the next one's starts in the same piece.
pub struct Collected {
    pieces: Vec<String>,
    /// The blocks without their text (see [`Collected::blocks`]).
    blocks: Vec<Counts>,
    /// Where each block's text ends: its piece, and the offset in it.
    ends: Vec<(u32, u32)>,
}

impl Collected {
    /// The blocks, each with its text sliced from `pieces` (which the caller keeps).
    pub fn blocks<'a>(
        pieces: &'a [String],
        blocks: Vec<Counts>,
        ends: Vec<(u32, u32)>,
    ) -> Vec<Block<'a>> {
        let mut at = (0, 0);
        blocks
            .into_iter()
            .zip(ends)
            .map(|(c, (piece, end))| {
                let start = if piece == at.0 { at.1 } else { 0 };
                at = (piece, end);
                Block {
                    text: &pieces[piece as usize][start as usize..end as usize],
                    node: c.node,
                    chars: c.chars,
                    link_chars: c.link_chars,
                    heading: c.heading,
                    paragraph: c.paragraph,
                }
            })
            .collect()
    }

    /// The text pieces, and what [`Collected::blocks`] takes.
    pub fn into_parts(self) -> (Vec<String>, Vec<Counts>, Vec<(u32, u32)>) {
        (self.pieces, self.blocks, self.ends)
    }
}

/// A block as collected: a [`Block`] without its text (half the size, for a page of many
/// blocks while the tree is still held).
pub struct Counts {
    node: Id,
    chars: u32,
    link_chars: u32,
    heading: u8,
    paragraph: bool,
}

impl Block<'_> {
    /// The share of the characters inside links.
    pub fn link_density(&self) -> f32 {
        self.link_chars as f32 / self.chars.max(1) as f32
    }
}

/// Elements whose content never reaches the text.
pub fn is_excluded(e: &Element) -> bool {
    if e.hidden {
        return true;
    }
    if matches!(e.ns, Ns::Svg | Ns::MathMl) {
        return true;
    }
    matches!(
        e.name,
        local_name!("head")
            | local_name!("script")
            | local_name!("style")
            | local_name!("noscript")
            | local_name!("template")
            | local_name!("iframe")
            | local_name!("object")
            | local_name!("embed")
            | local_name!("canvas")
            | local_name!("video")
            | local_name!("audio")
            | local_name!("map")
            | local_name!("button")
            | local_name!("input")
            | local_name!("select")
            | local_name!("textarea")
            | local_name!("option")
            | local_name!("datalist")
            | local_name!("dialog")
            | local_name!("title")
            | local_name!("noembed")
            | local_name!("noframes")
    )
}

/// Elements that start and end a block.
pub fn is_block(name: &LocalName) -> bool {
    matches!(
        *name,
        local_name!("address")
            | local_name!("article")
            | local_name!("aside")
            | local_name!("blockquote")
            | local_name!("body")
            | local_name!("center")
            | local_name!("dd")
            | local_name!("details")
            | local_name!("div")
            | local_name!("dl")
            | local_name!("dt")
            | local_name!("fieldset")
            | local_name!("figcaption")
            | local_name!("figure")
            | local_name!("footer")
            | local_name!("form")
            | local_name!("h1")
            | local_name!("h2")
            | local_name!("h3")
            | local_name!("h4")
            | local_name!("h5")
            | local_name!("h6")
            | local_name!("header")
            | local_name!("hgroup")
            | local_name!("hr")
            | local_name!("html")
            | local_name!("legend")
            | local_name!("li")
            | local_name!("main")
            | local_name!("menu")
            | local_name!("nav")
            | local_name!("ol")
            | local_name!("p")
            | local_name!("pre")
            | local_name!("section")
            | local_name!("summary")
            | local_name!("table")
            | local_name!("caption")
            | local_name!("tbody")
            | local_name!("thead")
            | local_name!("tfoot")
            | local_name!("tr")
            | local_name!("ul")
    )
}

fn heading_level(name: &LocalName) -> u8 {
    match *name {
        local_name!("h1") => 1,
        local_name!("h2") => 2,
        local_name!("h3") => 3,
        local_name!("h4") => 4,
        local_name!("h5") => 5,
        local_name!("h6") => 6,
        _ => 0,
    }
}

/// Collects the blocks of the page in document order.
/// `skip` names inline elements left out with their content. The text of the page is freed
/// piece by piece as it is read (see [`Dom::release_text`]): the tree's copy of the text and
/// the blocks' are not both held whole.
pub fn collect(dom: &mut Dom, skip: impl Fn(Id) -> bool) -> Collected {
    let mut w = Walker {
        blocks: Vec::new(),
        ends: Vec::new(),
        pieces: Vec::new(),
        spare: Vec::new(),
        text: String::new(),
        kept: 0,
        start: 0,
        chars: 0,
        link_chars: 0,
        space: false,
        containers: vec![ROOT],
        paragraphs: vec![false],
        links: 0,
        pre: 0,
        headings: Vec::new(),
    };
    // (node, entering): an explicit stack, so that nesting depth costs heap, not stack.
    let mut stack = vec![(ROOT, true)];
    while let Some((id, entering)) = stack.pop() {
        match dom.data(id) {
            Data::Text(t) => {
                w.text(t);
                dom.release_text(id);
                w.spare.extend(dom.take_spare_buffer());
            }
            Data::Element(e) if entering => {
                if is_excluded(&e) || !is_block(&e.name) && skip(id) {
                    continue;
                }
                w.enter(id, &e);
                stack.push((id, false));
                let first = stack.len();
                stack.extend(dom.children(id).map(|c| (c, true)));
                stack[first..].reverse();
            }
            Data::Element(e) => w.leave(&e),
            Data::Document => {
                let first = stack.len();
                stack.extend(dom.children(id).map(|c| (c, true)));
                stack[first..].reverse();
            }
            _ => {}
        }
    }
    w.flush();
    w.pieces.push(w.text);
    Collected {
        pieces: w.pieces,
        blocks: w.blocks,
        ends: w.ends,
    }
}

struct Walker {
    blocks: Vec<Counts>,
    ends: Vec<(u32, u32)>,
    /// The full pieces of text.
    pieces: Vec<String>,
    /// Emptied buffers to write the next pieces into.
    spare: Vec<String>,
    /// The piece being written: the text of the blocks so far (up to `kept`), then the one
    /// being made from `start`.
    text: String,
    kept: usize,
    start: usize,
    chars: u32,
    link_chars: u32,
    /// A space is owed before the next word.
    space: bool,
    containers: Vec<Id>,
    /// For each of `containers`, whether it is a `<p>`.
    paragraphs: Vec<bool>,
    links: u32,
    pre: u32,
    headings: Vec<u8>,
}

impl Walker {
    fn enter(&mut self, id: Id, e: &Element) {
        let name = &e.name;
        if *name == local_name!("br") {
            self.line_break();
            return;
        }
        if matches!(*name, local_name!("td") | local_name!("th")) {
            let open = self.open().trim_end();
            if !open.is_empty() && !open.ends_with(['\n', '|']) {
                self.text.truncate(self.start + open.len());
                self.text.push_str(CELL_SEPARATOR);
                self.chars += 3;
            }
            self.space = false;
            return;
        }
        if *name == local_name!("a") {
            self.links += 1;
        }
        if *name == local_name!("img") {
            return;
        }
        if is_block(name) {
            self.flush();
            self.containers.push(id);
            self.paragraphs.push(*name == local_name!("p"));
            if *name == local_name!("pre") {
                self.pre += 1;
            }
            let level = heading_level(name);
            if level > 0 {
                self.headings.push(level);
            }
        }
    }

    fn leave(&mut self, e: &Element) {
        let name = &e.name;
        if *name == local_name!("a") {
            self.links = self.links.saturating_sub(1);
        }
        if is_block(name) {
            self.flush();
            self.containers.pop();
            self.paragraphs.pop();
            if *name == local_name!("pre") {
                self.pre = self.pre.saturating_sub(1);
            }
            if heading_level(name) > 0 {
                self.headings.pop();
            }
        } else if matches!(*name, local_name!("td") | local_name!("th")) {
            self.space = true;
        }
    }

    fn text(&mut self, text: &str) {
        if self.pre > 0 {
            for c in text.chars() {
                match c {
                    '\r' => {}
                    '\n' => self.text.push('\n'),
                    c => {
                        self.text.push(c);
                        self.count(1);
                    }
                }
            }
            return;
        }
        let mut words = text.split(|c: char| c.is_ascii_whitespace());
        if let Some(first) = words.next() {
            self.word(first);
        }
        for word in words {
            self.space = true;
            self.word(word);
        }
    }

    fn word(&mut self, word: &str) {
        if word.is_empty() {
            return;
        }
        let open = self.open();
        if self.space && !open.is_empty() && !open.ends_with(['\n', ' ']) {
            self.text.push(' ');
            self.count(1);
        }
        self.space = false;
        self.text.push_str(word);
        self.count(word.chars().count() as u32);
    }

    fn count(&mut self, n: u32) {
        self.chars += n;
        if self.links > 0 {
            self.link_chars += n;
        }
    }

    fn line_break(&mut self) {
        if self.pre > 0 {
            self.text.push('\n');
        } else {
            self.flush();
        }
    }

    /// The text of the block being made.
    fn open(&self) -> &str {
        &self.text[self.start..]
    }

    fn flush(&mut self) {
        let open = self.open();
        let (lead, text) = match self.pre {
            0 => {
                let text = open.trim();
                let text = text.strip_suffix('|').unwrap_or(text).trim_end();
                (open.len() - open.trim_start().len(), text)
            }
            _ => (
                open.len() - open.trim_start_matches('\n').len(),
                open.trim_matches('\n'),
            ),
        };
        let (from, len) = (self.start + lead, text.len());
        if text.chars().any(char::is_alphanumeric) {
            self.text.truncate(from + len);
            self.text.drain(self.start..from);
            self.kept = self.text.len();
            self.ends.push((self.pieces.len() as u32, self.kept as u32));
            self.blocks.push(Counts {
                node: *self.containers.last().unwrap_or(&NONE),
                chars: self.chars,
                link_chars: self.link_chars.min(self.chars),
                heading: self.headings.last().copied().unwrap_or(0),
                paragraph: self.paragraphs.last().copied().unwrap_or(false),
            });
        }
        self.text.truncate(self.kept);
        if self.kept >= PIECE_BYTES - PIECE_BYTES / 16 {
            let next = self
                .spare
                .pop()
                .unwrap_or_else(|| String::with_capacity(PIECE_BYTES));
            self.pieces.push(std::mem::replace(&mut self.text, next));
            self.kept = 0;
        }
        self.start = self.text.len();
        self.chars = 0;
        self.link_chars = 0;
        self.space = false;
    }
}
