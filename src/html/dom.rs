//! A compact arena tree that html5ever builds into. It keeps only what the article decision
//! reads: element names, a handful of attributes (short ones truncated), and text, but not the
//! text of scripts, styles and other elements whose content never reaches the output.
//! Every walk over it is iterative, so deep nesting cannot overflow the stack.
//!
//! Text nodes live in a table of their own, apart from elements and the rest: the views of the
//! article decision keep one entry per node, and most of a page's nodes are text.

use std::borrow::Cow;
use std::cell::RefCell;

use html5ever::tendril::StrTendril;
use html5ever::tree_builder::{ElementFlags, NodeOrText, QuirksMode, TreeSink};
use html5ever::{local_name, ns, Attribute, LocalName, Namespace, QualName};

/// A node: an index into the element/document/other nodes, or with [`TEXT`] set, into the
/// text nodes.
pub type Id = u32;
/// The id standing for no node.
pub const NONE: Id = Id::MAX;
/// The document node.
pub const ROOT: Id = 0;
/// The bit that marks a text node's id.
const TEXT: Id = 1 << 31;

/// Attribute values longer than this are cut: class and id words, roles and meta values sit
/// in the first bytes, and a hostile page's megabyte attribute should not be kept.
const MAX_ATTR_BYTES: usize = 4096;

/// The text of a page is held in pieces of about this size, so that the block walk can free
/// each piece once it has read every text node in it.
const TEXT_PIECE_BYTES: usize = 1 << 20;

/// One element, document or other node's place in the tree, and what it is (24 bytes).
#[derive(Debug)]
struct Node {
    parent: Id,
    first_child: Id,
    last_child: Id,
    next: Id,
    prev: Id,
    slot: PackedSlot,
}

/// One text node's place in the tree and its text: a span of [`TextStore`] (20 bytes).
#[derive(Debug)]
struct TextNode {
    parent: Id,
    next: Id,
    prev: Id,
    start: u32,
    len: u32,
}

/// The start of a text node whose text was not kept (past 4 GiB of text in all).
const NO_TEXT: u32 = u32::MAX;

/// What a node is, with its index in the element table.
#[derive(Debug, Clone, Copy)]
enum Slot {
    Document,
    Element(u32),
    /// Comments, processing instructions, template contents: never text.
    Other,
}

/// A [`Slot`] in four bytes: the kind in the two high bits, the index below. Pages are
/// capped far below 2^30 elements.
#[derive(Debug, Clone, Copy)]
struct PackedSlot(u32);

impl PackedSlot {
    const INDEX: u32 = (1 << 30) - 1;

    fn pack(slot: Slot) -> Self {
        PackedSlot(match slot {
            Slot::Document => 0,
            Slot::Element(i) => 1 << 30 | (i & Self::INDEX),
            Slot::Other => 3 << 30,
        })
    }

    fn get(self) -> Slot {
        let i = self.0 & Self::INDEX;
        match self.0 >> 30 {
            0 => Slot::Document,
            1 => Slot::Element(i),
            _ => Slot::Other,
        }
    }
}

/// A node's content, as the walks see it.
#[derive(Debug, Clone, Copy)]
pub enum Data<'a> {
    Document,
    Element(ElementRef<'a>),
    Text(&'a str),
    Other,
}

/// An element's namespace in one byte: the HTML parser makes elements in these three only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ns {
    Html,
    Svg,
    MathMl,
}

impl Ns {
    fn of(ns: &Namespace) -> Ns {
        match *ns {
            ns!(svg) => Ns::Svg,
            ns!(mathml) => Ns::MathMl,
            _ => Ns::Html,
        }
    }

    fn namespace(self) -> Namespace {
        match self {
            Ns::Html => ns!(html),
            Ns::Svg => ns!(svg),
            Ns::MathMl => ns!(mathml),
        }
    }
}

/// An element (16 bytes); its attributes are a run of [`Dom`]'s attribute table.
#[derive(Debug)]
pub struct Element {
    pub name: LocalName,
    /// The first of its attributes in the attribute table.
    attrs: u32,
    /// How many attributes it has there.
    attr_count: u8,
    pub ns: Ns,
    /// `hidden`, `aria-hidden="true"`, or an inline style with `display:none` /
    /// `visibility:hidden`.
    pub hidden: bool,
    /// Text inside is kept (false for scripts other than JSON-LD, styles and the like).
    pub keeps_text: bool,
}

/// An attribute a decision reads (see [`kept_attribute`]): its value is a span of the
/// attribute text, cut to a bound.
#[derive(Debug)]
struct Attr {
    name: LocalName,
    start: u32,
    len: u32,
}

/// An element with its attributes.
#[derive(Debug, Clone, Copy)]
pub struct ElementRef<'a> {
    element: &'a Element,
    attrs: &'a [Attr],
    text: &'a str,
}

impl std::ops::Deref for ElementRef<'_> {
    type Target = Element;

    fn deref(&self) -> &Element {
        self.element
    }
}

impl<'a> ElementRef<'a> {
    /// The value of attribute `name`, if the element has it and it is one decisions read.
    pub fn attr(&self, name: &LocalName) -> Option<&'a str> {
        let a = self.attrs.iter().find(|a| a.name == *name)?;
        self.text
            .get(a.start as usize..a.start as usize + a.len as usize)
    }
}

/// The text of every text node, appended in pieces of about [`TEXT_PIECE_BYTES`]; a node's
/// text is a span of one piece. Each piece counts the nodes in it not yet read by the block
/// walk, and is freed when that reaches zero.
#[derive(Debug, Default)]
struct TextStore {
    pieces: Vec<Piece>,
    /// The buffers of freed pieces, emptied, for the block walk to write into.
    spare: Vec<String>,
    /// The length of the whole text, freed pieces included.
    end: usize,
    /// The capacity a new piece starts with (less than a full piece for a small page).
    first_capacity: usize,
}

#[derive(Debug)]
struct Piece {
    /// Where the piece starts in the whole text.
    start: u32,
    text: String,
    unread: u32,
}

impl TextStore {
    /// Adds the text of a new node; returns where it starts, or [`NO_TEXT`] past 4 GiB.
    fn push(&mut self, text: &str) -> u32 {
        let start = self.end;
        if u32::try_from(start + text.len()).is_err() {
            return NO_TEXT;
        }
        // A piece with no unread node was freed (a new one gets its first node at once).
        let full = self
            .pieces
            .last()
            .is_none_or(|p| p.unread == 0 || p.text.len() + text.len() > TEXT_PIECE_BYTES);
        if full {
            let capacity = self.first_capacity.clamp(4096, TEXT_PIECE_BYTES);
            self.pieces.push(Piece {
                start: start as u32,
                text: String::with_capacity(capacity.max(text.len())),
                unread: 0,
            });
        }
        let piece = self.pieces.last_mut().expect("a piece");
        piece.text.push_str(text);
        piece.unread += 1;
        self.end += text.len();
        start as u32
    }

    /// Appends to the node at `start..start + len` if its text ends the whole text.
    fn extend(&mut self, start: u32, len: u32, text: &str) -> bool {
        let end = self.end;
        let ends = start != NO_TEXT && (start + len) as usize == end;
        if !ends || u32::try_from(end + text.len()).is_err() {
            return false;
        }
        let Some(piece) = self.pieces.last_mut().filter(|p| p.unread > 0) else {
            return false;
        };
        piece.text.push_str(text);
        self.end += text.len();
        true
    }

    fn piece(&self, start: u32) -> Option<usize> {
        (start != NO_TEXT).then(|| self.pieces.partition_point(|p| p.start <= start) - 1)
    }

    fn get(&self, start: u32, len: u32) -> &str {
        let Some(i) = self.piece(start) else {
            return "";
        };
        let p = &self.pieces[i];
        let from = (start - p.start) as usize;
        p.text.get(from..from + len as usize).unwrap_or("")
    }

    /// A node in the piece holding `start` was read: the piece goes when all of them were.
    fn release(&mut self, start: u32) {
        if let Some(p) = self.piece(start).map(|i| &mut self.pieces[i]) {
            p.unread = p.unread.saturating_sub(1);
            if p.unread == 0 {
                let mut buffer = std::mem::take(&mut p.text);
                buffer.clear();
                self.spare.push(buffer);
            }
        }
    }
}

/// The parsed page.
#[derive(Debug, Default)]
pub struct Dom {
    nodes: Vec<Node>,
    texts: Vec<TextNode>,
    elements: Vec<Element>,
    attrs: Vec<Attr>,
    attr_text: String,
    text: TextStore,
}

impl Dom {
    /// How many nodes other than text there are: their ids run from 0 to this, and tables
    /// by node this long hold every element (text nodes' ids are apart, see [`Dom::is_text`]).
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// Whether `id` is a text node's.
    pub fn is_text(id: Id) -> bool {
        id != NONE && id & TEXT != 0
    }

    fn text_node(&self, id: Id) -> &TextNode {
        &self.texts[(id & !TEXT) as usize]
    }

    pub fn parent(&self, id: Id) -> Id {
        match Dom::is_text(id) {
            true => self.text_node(id).parent,
            false => self.nodes[id as usize].parent,
        }
    }

    fn next(&self, id: Id) -> Id {
        match Dom::is_text(id) {
            true => self.text_node(id).next,
            false => self.nodes[id as usize].next,
        }
    }

    /// The parent, next and previous sibling links of `id`, to change.
    fn links(&mut self, id: Id) -> (&mut Id, &mut Id, &mut Id) {
        match Dom::is_text(id) {
            true => {
                let t = &mut self.texts[(id & !TEXT) as usize];
                (&mut t.parent, &mut t.next, &mut t.prev)
            }
            false => {
                let n = &mut self.nodes[id as usize];
                (&mut n.parent, &mut n.next, &mut n.prev)
            }
        }
    }

    pub fn data(&self, id: Id) -> Data<'_> {
        if Dom::is_text(id) {
            let t = self.text_node(id);
            return Data::Text(self.text.get(t.start, t.len));
        }
        match self.nodes[id as usize].slot.get() {
            Slot::Document => Data::Document,
            Slot::Element(i) => Data::Element(self.element_at(i)),
            Slot::Other => Data::Other,
        }
    }

    fn element_at(&self, i: u32) -> ElementRef<'_> {
        let element = &self.elements[i as usize];
        let start = element.attrs as usize;
        ElementRef {
            element,
            attrs: &self.attrs[start..start + element.attr_count as usize],
            text: &self.attr_text,
        }
    }

    pub fn element(&self, id: Id) -> Option<ElementRef<'_>> {
        if Dom::is_text(id) {
            return None;
        }
        match self.nodes.get(id as usize)?.slot.get() {
            Slot::Element(i) => Some(self.element_at(i)),
            _ => None,
        }
    }

    /// The children of `id`, in order (none for a text node).
    pub fn children(&self, id: Id) -> impl Iterator<Item = Id> + '_ {
        let first = match Dom::is_text(id) {
            true => NONE,
            false => self.nodes[id as usize].first_child,
        };
        std::iter::successors(Some(first).filter(|&c| c != NONE), |&c| {
            Some(self.next(c)).filter(|&n| n != NONE)
        })
    }

    /// Marks text node `id` read by the block walk: its piece of text is freed once every
    /// node in it was read, and reads as empty after.
    pub fn release_text(&mut self, id: Id) {
        if Dom::is_text(id) {
            let start = self.text_node(id).start;
            self.text.release(start);
        }
    }

    /// The buffer of a piece of text freed by [`Dom::release_text`], emptied: the block walk
    /// writes into it rather than asking the allocator for more while the freed piece idles.
    pub fn take_spare_buffer(&mut self) -> Option<String> {
        self.text.spare.pop()
    }

    /// Takes the text nodes out of the tree and frees them and their text: the decision
    /// about the blocks reads only the elements and their places.
    pub fn drop_text(&mut self) {
        for parent in 0..self.nodes.len() {
            let mut child = self.nodes[parent].first_child;
            let mut last = NONE;
            self.nodes[parent].first_child = NONE;
            while child != NONE {
                let next = self.next(child);
                if !Dom::is_text(child) {
                    match last {
                        NONE => self.nodes[parent].first_child = child,
                        l => self.nodes[l as usize].next = child,
                    }
                    self.nodes[child as usize].prev = last;
                    last = child;
                }
                child = next;
            }
            if last != NONE {
                self.nodes[last as usize].next = NONE;
            }
            self.nodes[parent].last_child = last;
        }
        self.texts = Vec::new();
        self.text = TextStore::default();
    }

    /// The text of the subtree at `id`, whitespace as in the source.
    pub fn text_of(&self, id: Id, out: &mut String) {
        let mut stack = vec![id];
        while let Some(at) = stack.pop() {
            if let Data::Text(t) = self.data(at) {
                out.push_str(t);
            }
            let first = stack.len();
            stack.extend(self.children(at));
            stack[first..].reverse();
        }
    }
}

/// Elements nested deeper than this make the page refused. html5ever scans its stack of
/// open elements for many tags, so a page of 100,000 unclosed `<div>`s takes minutes; browsers
/// stop nesting at 512 too (Chromium's parser flattens the tree below that depth).
pub const MAX_DEPTH: u16 = 512;

/// The tree sink: nodes in vectors, handles are indexes.
pub struct Builder {
    dom: RefCell<Dom>,
    /// Each (non-text) node's depth below the document, up to [`MAX_DEPTH`] + 1.
    depths: RefCell<Vec<u16>>,
    too_deep: std::cell::Cell<bool>,
}

impl Default for Builder {
    fn default() -> Self {
        Builder::for_bytes(0)
    }
}

impl Builder {
    /// A builder with room for the nodes a page of `bytes` usually makes (an element per
    /// 128 bytes or so), so the arena is not copied again and again as it grows.
    pub fn for_bytes(bytes: usize) -> Self {
        let mut nodes = Vec::with_capacity(1 + bytes / 128);
        nodes.push(Node::new(Slot::Document));
        Builder {
            dom: RefCell::new(Dom {
                nodes,
                texts: Vec::with_capacity(bytes / 256),
                elements: Vec::with_capacity(bytes / 256),
                attrs: Vec::with_capacity(bytes / 512),
                attr_text: String::with_capacity(bytes / 64),
                text: TextStore {
                    first_capacity: bytes / 2,
                    ..TextStore::default()
                },
            }),
            depths: RefCell::new(Vec::with_capacity(1 + bytes / 128)),
            too_deep: std::cell::Cell::new(false),
        }
    }

    /// Some element was nested deeper than [`MAX_DEPTH`]: the caller stops parsing.
    pub fn too_deep(&self) -> bool {
        self.too_deep.get()
    }

    /// Records that `child` (not a text node) now sits under `parent`.
    fn placed(&self, parent: Id, child: Id) {
        let mut depths = self.depths.borrow_mut();
        let need = child.max(parent) as usize + 1;
        if depths.len() < need {
            depths.resize(need, 0);
        }
        let depth = depths[parent as usize].saturating_add(1).min(MAX_DEPTH + 1);
        depths[child as usize] = depth;
        if depth > MAX_DEPTH {
            self.too_deep.set(true);
        }
    }
}

impl Node {
    fn new(slot: Slot) -> Self {
        Node {
            parent: NONE,
            first_child: NONE,
            last_child: NONE,
            next: NONE,
            prev: NONE,
            slot: PackedSlot::pack(slot),
        }
    }
}

/// The attributes some decision reads: class, id, role and itemprop of any element (the
/// chrome and container views), and what the metadata reads of `<meta>`, `<link>` and
/// `<html>`. A page's links, images and data attributes are most of its attribute bytes.
fn kept_attribute(element: &LocalName, name: &LocalName) -> bool {
    match *name {
        local_name!("class")
        | local_name!("id")
        | local_name!("role")
        | local_name!("itemprop") => true,
        local_name!("property") | local_name!("name") | local_name!("content") => {
            *element == local_name!("meta")
        }
        local_name!("rel") | local_name!("href") => *element == local_name!("link"),
        local_name!("lang") => *element == local_name!("html"),
        _ => false,
    }
}

fn hides(attr: &Attribute) -> bool {
    match attr.name.local {
        local_name!("hidden") => true,
        local_name!("aria-hidden") => attr.value.trim().eq_ignore_ascii_case("true"),
        local_name!("style") => style_hides(&attr.value),
        _ => false,
    }
}

/// `display: none` or `visibility: hidden` in an inline style.
fn style_hides(style: &str) -> bool {
    let compact: String = style
        .chars()
        .filter(|c| !c.is_whitespace())
        .take(MAX_ATTR_BYTES)
        .flat_map(char::to_lowercase)
        .collect();
    compact.contains("display:none") || compact.contains("visibility:hidden")
}

fn keeps_text(name: &QualName, attrs: &[Attribute]) -> bool {
    if name.ns != ns!(html) {
        return name.ns != ns!(svg);
    }
    match name.local {
        local_name!("script") => attrs.iter().any(|a| {
            a.name.local == local_name!("type")
                && a.value.trim().eq_ignore_ascii_case("application/ld+json")
        }),
        local_name!("style")
        | local_name!("noscript")
        | local_name!("template")
        | local_name!("iframe")
        | local_name!("textarea")
        | local_name!("select")
        | local_name!("object")
        | local_name!("noembed")
        | local_name!("noframes")
        | local_name!("xmp") => false,
        _ => true,
    }
}

/// A block element whose content the blocks walk: entering or leaving it ends a block.
fn starts_block(e: &Element) -> bool {
    super::blocks::is_block(&e.name) && !super::blocks::is_excluded(e)
}

/// The first bytes of an attribute value, at most [`MAX_ATTR_BYTES`].
fn cut(value: &str) -> &str {
    if value.len() <= MAX_ATTR_BYTES {
        return value;
    }
    let mut end = MAX_ATTR_BYTES;
    while !value.is_char_boundary(end) {
        end -= 1;
    }
    &value[..end]
}

impl Dom {
    fn push(&mut self, slot: Slot) -> Id {
        self.nodes.push(Node::new(slot));
        (self.nodes.len() - 1) as Id
    }

    /// A new text node (not yet placed). Text past 4 GiB in all is left out (pages are
    /// capped far below that).
    fn push_text(&mut self, text: &str) -> Id {
        let start = self.text.push(text);
        let len = match start {
            NO_TEXT => 0,
            _ => text.len() as u32,
        };
        self.texts.push(TextNode {
            parent: NONE,
            next: NONE,
            prev: NONE,
            start,
            len,
        });
        (self.texts.len() - 1) as Id | TEXT
    }

    /// Appends to text node `id` when its text ends the buffer (the parser sends a run of
    /// text in pieces); false when `id` is no such node, and a new node must be made.
    fn extend_text(&mut self, id: Id, text: &str) -> bool {
        if !Dom::is_text(id) {
            return false;
        }
        let node = &mut self.texts[(id & !TEXT) as usize];
        if !self.text.extend(node.start, node.len, text) {
            return false;
        }
        node.len += text.len() as u32;
        true
    }

    /// Adds `attrs`' kept attributes to the attribute table (values cut), as a run starting
    /// at its end; returns the run's start and length. An element keeps at most 255.
    fn push_attrs(&mut self, element: &LocalName, attrs: &[Attribute]) -> (u32, u8) {
        let start = self.attrs.len() as u32;
        let mut count = 0u8;
        for a in attrs {
            if count == u8::MAX || !kept_attribute(element, &a.name.local) {
                continue;
            }
            let value = cut(&a.value);
            let Ok(at) = u32::try_from(self.attr_text.len()) else {
                break;
            };
            if u32::try_from(self.attr_text.len() + value.len()).is_err() {
                break;
            }
            self.attr_text.push_str(value);
            self.attrs.push(Attr {
                name: a.name.local.clone(),
                start: at,
                len: value.len() as u32,
            });
            count += 1;
        }
        (start, count)
    }

    /// Whitespace-only text right after a block boundary (first in a block element, or just
    /// after one) never reaches the blocks: the block text is empty there, and a space owed
    /// at the start of a block is never written. Outside `<pre>` only. A dense page has one
    /// such node between every two paragraphs, so they are not made at all.
    fn whitespace_is_moot(&self, parent: Id, last: Id, text: &str) -> bool {
        if !text.bytes().all(|b| b.is_ascii_whitespace()) {
            return false;
        }
        let at_boundary = match last {
            NONE => self.element(parent).is_some_and(|e| starts_block(&e)),
            prev => self.element(prev).is_some_and(|e| starts_block(&e)),
        };
        at_boundary && !self.inside_pre(parent)
    }

    fn inside_pre(&self, mut id: Id) -> bool {
        while id != NONE {
            if self
                .element(id)
                .is_some_and(|e| e.name == local_name!("pre"))
            {
                return true;
            }
            id = self.parent(id);
        }
        false
    }

    fn keeps_text(&self, parent: Id) -> bool {
        match self.data(parent) {
            Data::Element(e) => e.keeps_text,
            Data::Document => true,
            _ => false,
        }
    }

    fn detach(&mut self, id: Id) {
        let (parent, next, prev) = {
            let (p, n, v) = self.links(id);
            let old = (*p, *n, *v);
            (*p, *n, *v) = (NONE, NONE, NONE);
            old
        };
        if parent == NONE {
            return;
        }
        match prev {
            NONE => self.nodes[parent as usize].first_child = next,
            p => *self.links(p).1 = next,
        }
        match next {
            NONE => self.nodes[parent as usize].last_child = prev,
            n => *self.links(n).2 = prev,
        }
    }

    fn append_node(&mut self, parent: Id, child: Id) {
        let last = self.nodes[parent as usize].last_child;
        {
            let (p, n, v) = self.links(child);
            (*p, *n, *v) = (parent, NONE, last);
        }
        match last {
            NONE => self.nodes[parent as usize].first_child = child,
            l => *self.links(l).1 = child,
        }
        self.nodes[parent as usize].last_child = child;
    }

    fn insert_before(&mut self, sibling: Id, child: Id) {
        let (parent, prev) = {
            let (p, _, v) = self.links(sibling);
            (*p, *v)
        };
        {
            let (p, n, v) = self.links(child);
            (*p, *n, *v) = (parent, sibling, prev);
        }
        *self.links(sibling).2 = child;
        match prev {
            NONE => self.nodes[parent as usize].first_child = child,
            p => *self.links(p).1 = child,
        }
    }
}

impl Builder {
    /// Adds text after the last child of `parent`, merged into a text node there is one.
    fn append_text(&self, parent: Id, text: StrTendril) {
        let dom = &mut *self.dom.borrow_mut();
        if !dom.keeps_text(parent) {
            return;
        }
        let last = dom.nodes[parent as usize].last_child;
        if dom.extend_text(last, &text) {
            return;
        }
        if dom.whitespace_is_moot(parent, last, &text) {
            return;
        }
        let id = dom.push_text(&text);
        dom.append_node(parent, id);
    }
}

/// An element's name as the tree builder asks for it.
#[derive(Debug)]
pub struct Name(Namespace, LocalName);

impl html5ever::tree_builder::ElemName for Name {
    fn ns(&self) -> &Namespace {
        &self.0
    }
    fn local_name(&self) -> &LocalName {
        &self.1
    }
}

impl TreeSink for Builder {
    type Handle = Id;
    type Output = Dom;
    type ElemName<'a> = Name;

    fn finish(self) -> Dom {
        self.dom.into_inner()
    }

    fn parse_error(&self, _msg: Cow<'static, str>) {}

    fn get_document(&self) -> Id {
        ROOT
    }

    fn elem_name<'a>(&'a self, target: &'a Id) -> Name {
        match self.dom.borrow().element(*target) {
            Some(e) => Name(e.ns.namespace(), e.name.clone()),
            _ => Name(ns!(), local_name!("")),
        }
    }

    fn create_element(&self, name: QualName, attrs: Vec<Attribute>, flags: ElementFlags) -> Id {
        let hidden = attrs.iter().any(hides);
        let keeps = keeps_text(&name, &attrs);
        let dom = &mut *self.dom.borrow_mut();
        let (start, count) = dom.push_attrs(&name.local, &attrs);
        dom.elements.push(Element {
            ns: Ns::of(&name.ns),
            name: name.local,
            attrs: start,
            attr_count: count,
            hidden,
            keeps_text: keeps,
        });
        let id = dom.push(Slot::Element((dom.elements.len() - 1) as u32));
        if flags.template {
            // The template's contents: a fragment right after it, never walked.
            dom.push(Slot::Other);
        }
        id
    }

    fn create_comment(&self, _text: StrTendril) -> Id {
        self.dom.borrow_mut().push(Slot::Other)
    }

    fn create_pi(&self, _target: StrTendril, _data: StrTendril) -> Id {
        self.dom.borrow_mut().push(Slot::Other)
    }

    fn append(&self, parent: &Id, child: NodeOrText<Id>) {
        match child {
            NodeOrText::AppendNode(node) => {
                let dom = &mut *self.dom.borrow_mut();
                dom.detach(node);
                dom.append_node(*parent, node);
                self.placed(*parent, node);
            }
            NodeOrText::AppendText(text) => self.append_text(*parent, text),
        }
    }

    fn append_based_on_parent_node(&self, element: &Id, prev: &Id, child: NodeOrText<Id>) {
        let has_parent = self.dom.borrow().parent(*element) != NONE;
        match has_parent {
            true => self.append_before_sibling(element, child),
            false => self.append(prev, child),
        }
    }

    fn append_doctype_to_document(&self, _: StrTendril, _: StrTendril, _: StrTendril) {}

    fn get_template_contents(&self, target: &Id) -> Id {
        target + 1
    }

    fn same_node(&self, x: &Id, y: &Id) -> bool {
        x == y
    }

    fn set_quirks_mode(&self, _mode: QuirksMode) {}

    fn append_before_sibling(&self, sibling: &Id, child: NodeOrText<Id>) {
        let dom = &mut *self.dom.borrow_mut();
        let parent = dom.parent(*sibling);
        if parent == NONE {
            return;
        }
        match child {
            NodeOrText::AppendNode(node) => {
                dom.detach(node);
                dom.insert_before(*sibling, node);
                self.placed(parent, node);
            }
            NodeOrText::AppendText(text) => {
                if !dom.keeps_text(parent) {
                    return;
                }
                let prev = match Dom::is_text(*sibling) {
                    true => dom.text_node(*sibling).prev,
                    false => dom.nodes[*sibling as usize].prev,
                };
                if dom.extend_text(prev, &text) {
                    return;
                }
                let id = dom.push_text(&text);
                dom.insert_before(*sibling, id);
            }
        }
    }

    fn add_attrs_if_missing(&self, target: &Id, attrs: Vec<Attribute>) {
        let dom = &mut *self.dom.borrow_mut();
        let Some(i) = (match dom.nodes.get(*target as usize).map(|n| n.slot.get()) {
            Some(Slot::Element(i)) if !Dom::is_text(*target) => Some(i as usize),
            _ => None,
        }) else {
            return;
        };
        let name = dom.elements[i].name.clone();
        let have: Vec<LocalName> = {
            let e = dom.element_at(i as u32);
            e.attrs.iter().map(|a| a.name.clone()).collect()
        };
        let missing: Vec<Attribute> = attrs
            .into_iter()
            .filter(|a| !have.contains(&a.name.local))
            .collect();
        if missing
            .iter()
            .all(|a| !kept_attribute(&name, &a.name.local))
        {
            return;
        }
        // The element's run moves to the end of the table, the new attributes after it.
        let (old, count) = (dom.elements[i].attrs as usize, dom.elements[i].attr_count);
        let start = dom.attrs.len() as u32;
        for k in old..old + count as usize {
            let a = &dom.attrs[k];
            let moved = Attr {
                name: a.name.clone(),
                start: a.start,
                len: a.len,
            };
            dom.attrs.push(moved);
        }
        let (_, added) = dom.push_attrs(&name, &missing);
        let e = &mut dom.elements[i];
        e.attrs = start;
        e.attr_count = count.saturating_add(added);
    }

    fn remove_from_parent(&self, target: &Id) {
        self.dom.borrow_mut().detach(*target);
    }

    fn reparent_children(&self, node: &Id, new_parent: &Id) {
        let dom = &mut *self.dom.borrow_mut();
        let mut child = match Dom::is_text(*node) {
            true => NONE,
            false => dom.nodes[*node as usize].first_child,
        };
        while child != NONE {
            let next = dom.next(child);
            dom.detach(child);
            dom.append_node(*new_parent, child);
            if !Dom::is_text(child) {
                self.placed(*new_parent, child);
            }
            child = next;
        }
    }
}

#[cfg(test)]
pub(crate) fn parse(html: &str) -> Dom {
    use html5ever::tendril::TendrilSink;
    html5ever::parse_document(Builder::default(), Default::default()).one(html)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(html: &str) -> Vec<String> {
        let dom = parse(html);
        let mut out = Vec::new();
        let mut stack = vec![ROOT];
        while let Some(id) = stack.pop() {
            if let Data::Text(t) = dom.data(id) {
                out.push(t.to_owned());
            }
            let first = stack.len();
            stack.extend(dom.children(id));
            stack[first..].reverse();
        }
        out
    }

    #[test]
    fn whitespace_at_a_block_boundary_makes_no_node_but_between_inline_elements_does() {
        let html = "<div>\n<p>a</p>\n<p><b>b</b> <i>c</i></p>\n<pre><p>d</p>\n</pre></div>";
        assert_eq!(texts(html), ["a", "b", " ", "c", "d", "\n"]);
    }

    #[test]
    fn dropping_the_text_leaves_the_elements_in_place() {
        let mut dom = parse("<div>a<p>b</p>c<!-- d --><i>e</i>f</div>");
        let children = |dom: &Dom| {
            let div = (0..dom.len() as Id)
                .find(|&id| {
                    dom.element(id)
                        .is_some_and(|e| e.name == local_name!("div"))
                })
                .unwrap();
            dom.children(div)
                .map(|c| match dom.data(c) {
                    Data::Element(e) => e.name.to_string(),
                    Data::Text(t) => t.to_owned(),
                    _ => "#".to_owned(),
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(children(&dom), ["a", "p", "c", "#", "i", "f"]);
        dom.drop_text();
        assert_eq!(children(&dom), ["p", "#", "i"]);
        let i = dom.children(ROOT).count();
        assert_eq!(i, 1, "the document still holds <html>");
    }

    #[test]
    fn a_packed_slot_keeps_kind_and_index() {
        for slot in [Slot::Document, Slot::Element(7), Slot::Other] {
            assert_eq!(
                format!("{:?}", PackedSlot::pack(slot).get()),
                format!("{slot:?}")
            );
        }
    }

    #[test]
    fn nodes_and_elements_stay_small() {
        assert_eq!(std::mem::size_of::<Node>(), 24);
        assert_eq!(std::mem::size_of::<TextNode>(), 20);
        assert_eq!(std::mem::size_of::<Element>(), 16);
        assert_eq!(std::mem::size_of::<Attr>(), 16);
    }

    #[test]
    fn attributes_added_later_join_the_element_and_cut_values_stay_whole_chars() {
        let long = "é".repeat(MAX_ATTR_BYTES);
        let dom = parse(&format!(
            "<html><body class=a><p id=\"{long}\">x</p><body id=b class=c data-x=1>"
        ));
        let body = (0..dom.len() as Id)
            .find(|&id| {
                dom.element(id)
                    .is_some_and(|e| e.name == local_name!("body"))
            })
            .unwrap();
        let body = dom.element(body).unwrap();
        assert_eq!(body.attr(&local_name!("class")), Some("a"));
        assert_eq!(body.attr(&local_name!("id")), Some("b"));
        let p = (0..dom.len() as Id)
            .find(|&id| dom.element(id).is_some_and(|e| e.name == local_name!("p")))
            .unwrap();
        let id = dom.element(p).unwrap().attr(&local_name!("id")).unwrap();
        assert_eq!(id.len(), MAX_ATTR_BYTES);
        assert!(id.chars().all(|c| c == 'é'));
    }

    #[test]
    fn a_piece_of_text_is_freed_once_all_its_nodes_were_read() {
        let mut store = TextStore::default();
        let a = store.push("abc");
        let b = store.push("de");
        assert!(store.extend(b, 2, "f"));
        assert!(!store.extend(a, 3, "g"), "only the last node grows");
        assert_eq!(store.get(b, 3), "def");
        store.release(a);
        assert_eq!(store.get(b, 3), "def");
        store.release(b);
        assert_eq!(store.get(a, 3), "");
        assert!(store
            .spare
            .pop()
            .is_some_and(|s| s.is_empty() && s.capacity() >= 5));
        assert_eq!(store.push("h"), 6, "offsets go on past a freed piece");
        assert_eq!(store.get(6, 1), "h");
    }
}
