//! A compact arena tree that html5ever builds into. It keeps only what the article decision
//! reads: element names, a handful of attributes (short ones truncated), and text, but not the
//! text of scripts, styles and other elements whose content never reaches the output.
//! Every walk over it is iterative, so deep nesting cannot overflow the stack.

use std::borrow::Cow;
use std::cell::RefCell;

use html5ever::tendril::StrTendril;
use html5ever::tree_builder::{ElementFlags, NodeOrText, QuirksMode, TreeSink};
use html5ever::{local_name, ns, Attribute, LocalName, Namespace, QualName};

/// An index into [`Dom::nodes`].
pub type Id = u32;
/// The id standing for no node.
pub const NONE: Id = Id::MAX;
/// The document node.
pub const ROOT: Id = 0;

/// Attribute values longer than this are cut: class and id words, roles and meta values sit
/// in the first bytes, and a hostile page's megabyte attribute should not be kept.
const MAX_ATTR_BYTES: usize = 4096;

/// One node's place in the tree, and what it is. Kept small (24 bytes): a page can have
/// millions of nodes; elements and texts live in their own tables.
#[derive(Debug)]
pub struct Node {
    pub parent: Id,
    pub first_child: Id,
    pub last_child: Id,
    pub next: Id,
    pub prev: Id,
    slot: PackedSlot,
}

/// What a node is, with its index in the element or text table.
#[derive(Debug, Clone, Copy)]
enum Slot {
    Document,
    Element(u32),
    Text(u32),
    /// Comments, processing instructions, template contents: never text.
    Other,
}

/// A [`Slot`] in four bytes: the kind in the two high bits, the index below. Pages are
/// capped far below 2^30 elements or text nodes.
#[derive(Debug, Clone, Copy)]
struct PackedSlot(u32);

impl PackedSlot {
    const INDEX: u32 = (1 << 30) - 1;

    fn pack(slot: Slot) -> Self {
        PackedSlot(match slot {
            Slot::Document => 0,
            Slot::Element(i) => 1 << 30 | (i & Self::INDEX),
            Slot::Text(i) => 2 << 30 | (i & Self::INDEX),
            Slot::Other => 3 << 30,
        })
    }

    fn get(self) -> Slot {
        let i = self.0 & Self::INDEX;
        match self.0 >> 30 {
            0 => Slot::Document,
            1 => Slot::Element(i),
            2 => Slot::Text(i),
            _ => Slot::Other,
        }
    }
}

/// A text node's place in [`Dom::text`].
#[derive(Debug, Clone, Copy)]
struct Span {
    start: u32,
    len: u32,
}

/// A node's content, as the walks see it.
#[derive(Debug, Clone, Copy)]
pub enum Data<'a> {
    Document,
    Element(&'a Element),
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

#[derive(Debug)]
pub struct Element {
    pub name: LocalName,
    pub ns: Ns,
    /// The attributes decisions read (see [`kept_attribute`]), values cut to a bound.
    pub attrs: Box<[(LocalName, StrTendril)]>,
    /// `hidden`, `aria-hidden="true"`, or an inline style with `display:none` /
    /// `visibility:hidden`.
    pub hidden: bool,
    /// Text inside is kept (false for scripts other than JSON-LD, styles and the like).
    pub keeps_text: bool,
}

impl Element {
    pub fn attr(&self, name: &LocalName) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| &**v)
    }
}

/// The parsed page. The text of every text node is a span of one buffer: no allocation per
/// node, and the parser's input buffers are not kept alive by the text cut from them.
#[derive(Debug, Default)]
pub struct Dom {
    nodes: Vec<Node>,
    elements: Vec<Element>,
    texts: Vec<Span>,
    text: String,
}

impl Dom {
    /// How many nodes (ids run from 0 to this).
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    pub fn node(&self, id: Id) -> &Node {
        &self.nodes[id as usize]
    }

    pub fn data(&self, id: Id) -> Data<'_> {
        match self.nodes[id as usize].slot.get() {
            Slot::Document => Data::Document,
            Slot::Element(i) => Data::Element(&self.elements[i as usize]),
            Slot::Text(i) => Data::Text(self.span(i)),
            Slot::Other => Data::Other,
        }
    }

    pub fn element(&self, id: Id) -> Option<&Element> {
        match self.nodes.get(id as usize)?.slot.get() {
            Slot::Element(i) => Some(&self.elements[i as usize]),
            _ => None,
        }
    }

    /// The children of `id`, in order.
    pub fn children(&self, id: Id) -> impl Iterator<Item = Id> + '_ {
        std::iter::successors(
            Some(self.node(id).first_child).filter(|&c| c != NONE),
            |&c| Some(self.node(c).next).filter(|&n| n != NONE),
        )
    }

    fn span(&self, i: u32) -> &str {
        match self.texts.get(i as usize) {
            Some(s) => &self.text[s.start as usize..(s.start + s.len) as usize],
            None => "",
        }
    }

    /// Frees the text of every text node once it has been read (they read as empty after):
    /// the decision about the blocks needs only the tree.
    pub fn drop_text(&mut self) {
        self.texts = Vec::new();
        self.text = String::new();
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

/// The tree sink: nodes in a vector, handles are indexes.
pub struct Builder {
    dom: RefCell<Dom>,
    /// Each node's depth below the document, up to [`MAX_DEPTH`] + 1.
    depths: RefCell<Vec<u16>>,
    too_deep: std::cell::Cell<bool>,
}

impl Default for Builder {
    fn default() -> Self {
        Builder::for_bytes(0)
    }
}

impl Builder {
    /// A builder with room for the nodes a page of `bytes` usually makes (one per 64 bytes
    /// or so), so the arena is not copied again and again as it grows.
    pub fn for_bytes(bytes: usize) -> Self {
        let mut nodes = Vec::with_capacity(1 + bytes / 64);
        nodes.push(Node::new(Slot::Document));
        Builder {
            dom: RefCell::new(Dom {
                nodes,
                elements: Vec::with_capacity(bytes / 256),
                texts: Vec::with_capacity(bytes / 256),
                text: String::with_capacity(bytes / 2),
            }),
            depths: RefCell::new(Vec::with_capacity(1 + bytes / 64)),
            too_deep: std::cell::Cell::new(false),
        }
    }

    /// Some element was nested deeper than [`MAX_DEPTH`]: the caller stops parsing.
    pub fn too_deep(&self) -> bool {
        self.too_deep.get()
    }

    /// Records that `child` now sits under `parent`.
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

fn cut(value: StrTendril) -> StrTendril {
    if value.len() <= MAX_ATTR_BYTES {
        return value;
    }
    let mut end = MAX_ATTR_BYTES;
    while !value.is_char_boundary(end) {
        end -= 1;
    }
    StrTendril::from_slice(&value[..end])
}

impl Dom {
    fn push(&mut self, slot: Slot) -> Id {
        self.nodes.push(Node::new(slot));
        (self.nodes.len() - 1) as Id
    }

    /// A new text node (not yet placed). Text past 4 GiB in all is left out (pages are
    /// capped far below that).
    fn push_text(&mut self, text: &str) -> Id {
        let start = self.text.len();
        let span = match u32::try_from(start + text.len()) {
            Ok(_) => {
                self.text.push_str(text);
                Span {
                    start: start as u32,
                    len: text.len() as u32,
                }
            }
            Err(_) => Span { start: 0, len: 0 },
        };
        self.texts.push(span);
        self.push(Slot::Text((self.texts.len() - 1) as u32))
    }

    /// Appends to text node `id` when its text ends the buffer (the parser sends a run of
    /// text in pieces); false when `id` is no such node, and a new node must be made.
    fn extend_text(&mut self, id: Id, text: &str) -> bool {
        let Some(Slot::Text(i)) = self.nodes.get(id as usize).map(|n| n.slot.get()) else {
            return false;
        };
        let span = &mut self.texts[i as usize];
        let ends = (span.start + span.len) as usize == self.text.len();
        if !ends || u32::try_from(self.text.len() + text.len()).is_err() {
            return false;
        }
        self.text.push_str(text);
        span.len += text.len() as u32;
        true
    }

    fn element_mut(&mut self, id: Id) -> Option<&mut Element> {
        match self.nodes.get(id as usize)?.slot.get() {
            Slot::Element(i) => Some(&mut self.elements[i as usize]),
            _ => None,
        }
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
            NONE => self.element(parent).is_some_and(starts_block),
            prev => self.element(prev).is_some_and(starts_block),
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
            id = self.node(id).parent;
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
}

impl Builder {
    fn detach(nodes: &mut [Node], id: Id) {
        let (parent, prev, next) = {
            let n = &nodes[id as usize];
            (n.parent, n.prev, n.next)
        };
        if parent == NONE {
            return;
        }
        match prev {
            NONE => nodes[parent as usize].first_child = next,
            p => nodes[p as usize].next = next,
        }
        match next {
            NONE => nodes[parent as usize].last_child = prev,
            n => nodes[n as usize].prev = prev,
        }
        let n = &mut nodes[id as usize];
        n.parent = NONE;
        n.prev = NONE;
        n.next = NONE;
    }

    fn append_node(nodes: &mut [Node], parent: Id, child: Id) {
        let last = nodes[parent as usize].last_child;
        {
            let c = &mut nodes[child as usize];
            c.parent = parent;
            c.prev = last;
            c.next = NONE;
        }
        match last {
            NONE => nodes[parent as usize].first_child = child,
            l => nodes[l as usize].next = child,
        }
        nodes[parent as usize].last_child = child;
    }

    fn insert_before(nodes: &mut [Node], sibling: Id, child: Id) {
        let (parent, prev) = {
            let s = &nodes[sibling as usize];
            (s.parent, s.prev)
        };
        {
            let c = &mut nodes[child as usize];
            c.parent = parent;
            c.prev = prev;
            c.next = sibling;
        }
        nodes[sibling as usize].prev = child;
        match prev {
            NONE => nodes[parent as usize].first_child = child,
            p => nodes[p as usize].next = child,
        }
    }

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
        Self::append_node(&mut dom.nodes, parent, id);
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
        let kept = attrs
            .into_iter()
            .filter(|a| kept_attribute(&name.local, &a.name.local))
            .map(|a| (a.name.local, cut(a.value)))
            .collect::<Vec<_>>()
            .into_boxed_slice();
        let dom = &mut *self.dom.borrow_mut();
        dom.elements.push(Element {
            ns: Ns::of(&name.ns),
            name: name.local,
            attrs: kept,
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
                let nodes = &mut self.dom.borrow_mut().nodes;
                Self::detach(nodes, node);
                Self::append_node(nodes, *parent, node);
                self.placed(*parent, node);
            }
            NodeOrText::AppendText(text) => self.append_text(*parent, text),
        }
    }

    fn append_based_on_parent_node(&self, element: &Id, prev: &Id, child: NodeOrText<Id>) {
        let has_parent = self.dom.borrow().node(*element).parent != NONE;
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
        let parent = dom.nodes[*sibling as usize].parent;
        if parent == NONE {
            return;
        }
        match child {
            NodeOrText::AppendNode(node) => {
                Self::detach(&mut dom.nodes, node);
                Self::insert_before(&mut dom.nodes, *sibling, node);
                self.placed(parent, node);
            }
            NodeOrText::AppendText(text) => {
                if !dom.keeps_text(parent) {
                    return;
                }
                let prev = dom.nodes[*sibling as usize].prev;
                if dom.extend_text(prev, &text) {
                    return;
                }
                let id = dom.push_text(&text);
                Self::insert_before(&mut dom.nodes, *sibling, id);
            }
        }
    }

    fn add_attrs_if_missing(&self, target: &Id, attrs: Vec<Attribute>) {
        if let Some(e) = self.dom.borrow_mut().element_mut(*target) {
            let mut kept = std::mem::take(&mut e.attrs).into_vec();
            for a in attrs {
                let missing = !kept.iter().any(|(n, _)| *n == a.name.local);
                if kept_attribute(&e.name, &a.name.local) && missing {
                    kept.push((a.name.local, cut(a.value)));
                }
            }
            e.attrs = kept.into_boxed_slice();
        }
    }

    fn remove_from_parent(&self, target: &Id) {
        Self::detach(&mut self.dom.borrow_mut().nodes, *target);
    }

    fn reparent_children(&self, node: &Id, new_parent: &Id) {
        let nodes = &mut self.dom.borrow_mut().nodes;
        let mut child = nodes[*node as usize].first_child;
        while child != NONE {
            let next = nodes[child as usize].next;
            Self::detach(nodes, child);
            Self::append_node(nodes, *new_parent, child);
            self.placed(*new_parent, child);
            child = next;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use html5ever::tendril::TendrilSink;

    fn texts(html: &str) -> Vec<String> {
        let dom = html5ever::parse_document(Builder::default(), Default::default()).one(html);
        (0..dom.len() as Id)
            .filter_map(|id| match dom.data(id) {
                Data::Text(t) => Some(t.to_owned()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn whitespace_at_a_block_boundary_makes_no_node_but_between_inline_elements_does() {
        let html = "<div>\n<p>a</p>\n<p><b>b</b> <i>c</i></p>\n<pre><p>d</p>\n</pre></div>";
        assert_eq!(texts(html), ["a", "b", " ", "c", "d", "\n"]);
    }

    #[test]
    fn a_packed_slot_keeps_kind_and_index() {
        for slot in [
            Slot::Document,
            Slot::Element(7),
            Slot::Text(1 << 29),
            Slot::Other,
        ] {
            assert_eq!(
                format!("{:?}", PackedSlot::pack(slot).get()),
                format!("{slot:?}")
            );
        }
    }
}
