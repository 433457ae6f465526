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

#[derive(Debug)]
pub struct Node {
    pub parent: Id,
    pub first_child: Id,
    pub last_child: Id,
    pub next: Id,
    pub prev: Id,
    pub data: Data,
}

#[derive(Debug)]
pub enum Data {
    Document,
    Element(Element),
    Text(StrTendril),
    /// Comments, processing instructions, template contents: never text.
    Other,
}

#[derive(Debug)]
pub struct Element {
    pub ns: Namespace,
    pub name: LocalName,
    /// The attributes decisions read, lower-cased names, values cut to a bound.
    pub attrs: Vec<(LocalName, StrTendril)>,
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

/// The parsed page.
#[derive(Debug)]
pub struct Dom {
    pub nodes: Vec<Node>,
}

impl Dom {
    pub fn node(&self, id: Id) -> &Node {
        &self.nodes[id as usize]
    }

    pub fn element(&self, id: Id) -> Option<&Element> {
        match &self.nodes.get(id as usize)?.data {
            Data::Element(e) => Some(e),
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

    /// The text of the subtree at `id`, whitespace as in the source.
    pub fn text_of(&self, id: Id, out: &mut String) {
        let mut stack = vec![id];
        while let Some(at) = stack.pop() {
            if let Data::Text(t) = &self.node(at).data {
                out.push_str(t);
            }
            let first = stack.len();
            stack.extend(self.children(at));
            stack[first..].reverse();
        }
    }
}

/// The tree sink: nodes in a vector, handles are indexes.
pub struct Builder {
    nodes: RefCell<Vec<Node>>,
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
        nodes.push(Node::new(Data::Document));
        Builder {
            nodes: RefCell::new(nodes),
        }
    }
}

impl Node {
    fn new(data: Data) -> Self {
        Node {
            parent: NONE,
            first_child: NONE,
            last_child: NONE,
            next: NONE,
            prev: NONE,
            data,
        }
    }
}

/// Attributes worth keeping, and whether text inside an element is worth keeping.
fn kept_attribute(name: &LocalName) -> bool {
    matches!(
        *name,
        local_name!("class")
            | local_name!("id")
            | local_name!("role")
            | local_name!("itemprop")
            | local_name!("itemtype")
            | local_name!("name")
            | local_name!("property")
            | local_name!("content")
            | local_name!("rel")
            | local_name!("href")
            | local_name!("type")
            | local_name!("lang")
            | local_name!("datetime")
    )
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

impl Builder {
    fn push(&self, data: Data) -> Id {
        let mut nodes = self.nodes.borrow_mut();
        nodes.push(Node::new(data));
        (nodes.len() - 1) as Id
    }

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

    fn parent_keeps_text(nodes: &[Node], parent: Id) -> bool {
        match &nodes[parent as usize].data {
            Data::Element(e) => e.keeps_text,
            Data::Document => true,
            _ => false,
        }
    }

    /// Adds text after the last child of `parent`, merged into a text node there is one.
    fn append_text(&self, parent: Id, text: StrTendril) {
        let mut nodes = self.nodes.borrow_mut();
        if !Self::parent_keeps_text(&nodes, parent) {
            return;
        }
        let last = nodes[parent as usize].last_child;
        if last != NONE {
            if let Data::Text(t) = &mut nodes[last as usize].data {
                t.push_tendril(&text);
                return;
            }
        }
        drop(nodes);
        let id = self.push(Data::Text(text));
        Self::append_node(&mut self.nodes.borrow_mut(), parent, id);
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
        Dom {
            nodes: self.nodes.into_inner(),
        }
    }

    fn parse_error(&self, _msg: Cow<'static, str>) {}

    fn get_document(&self) -> Id {
        ROOT
    }

    fn elem_name<'a>(&'a self, target: &'a Id) -> Name {
        match &self.nodes.borrow()[*target as usize].data {
            Data::Element(e) => Name(e.ns.clone(), e.name.clone()),
            _ => Name(ns!(), local_name!("")),
        }
    }

    fn create_element(&self, name: QualName, attrs: Vec<Attribute>, flags: ElementFlags) -> Id {
        let hidden = attrs.iter().any(hides);
        let keeps = keeps_text(&name, &attrs);
        let kept = attrs
            .into_iter()
            .filter(|a| kept_attribute(&a.name.local))
            .map(|a| (a.name.local, cut(a.value)))
            .collect();
        let id = self.push(Data::Element(Element {
            ns: name.ns,
            name: name.local,
            attrs: kept,
            hidden,
            keeps_text: keeps,
        }));
        if flags.template {
            // The template's contents: a fragment right after it, never walked.
            self.push(Data::Other);
        }
        id
    }

    fn create_comment(&self, _text: StrTendril) -> Id {
        self.push(Data::Other)
    }

    fn create_pi(&self, _target: StrTendril, _data: StrTendril) -> Id {
        self.push(Data::Other)
    }

    fn append(&self, parent: &Id, child: NodeOrText<Id>) {
        match child {
            NodeOrText::AppendNode(node) => {
                let mut nodes = self.nodes.borrow_mut();
                Self::detach(&mut nodes, node);
                Self::append_node(&mut nodes, *parent, node);
            }
            NodeOrText::AppendText(text) => self.append_text(*parent, text),
        }
    }

    fn append_based_on_parent_node(&self, element: &Id, prev: &Id, child: NodeOrText<Id>) {
        let has_parent = self.nodes.borrow()[*element as usize].parent != NONE;
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
        let mut nodes = self.nodes.borrow_mut();
        let parent = nodes[*sibling as usize].parent;
        if parent == NONE {
            return;
        }
        match child {
            NodeOrText::AppendNode(node) => {
                Self::detach(&mut nodes, node);
                Self::insert_before(&mut nodes, *sibling, node);
            }
            NodeOrText::AppendText(text) => {
                if !Self::parent_keeps_text(&nodes, parent) {
                    return;
                }
                let prev = nodes[*sibling as usize].prev;
                if prev != NONE {
                    if let Data::Text(t) = &mut nodes[prev as usize].data {
                        t.push_tendril(&text);
                        return;
                    }
                }
                nodes.push(Node::new(Data::Text(text)));
                let id = (nodes.len() - 1) as Id;
                Self::insert_before(&mut nodes, *sibling, id);
            }
        }
    }

    fn add_attrs_if_missing(&self, target: &Id, attrs: Vec<Attribute>) {
        let mut nodes = self.nodes.borrow_mut();
        if let Data::Element(e) = &mut nodes[*target as usize].data {
            for a in attrs {
                if kept_attribute(&a.name.local) && e.attr(&a.name.local).is_none() {
                    e.attrs.push((a.name.local, cut(a.value)));
                }
            }
        }
    }

    fn remove_from_parent(&self, target: &Id) {
        Self::detach(&mut self.nodes.borrow_mut(), *target);
    }

    fn reparent_children(&self, node: &Id, new_parent: &Id) {
        let mut nodes = self.nodes.borrow_mut();
        let mut child = nodes[*node as usize].first_child;
        while child != NONE {
            let next = nodes[child as usize].next;
            Self::detach(&mut nodes, child);
            Self::append_node(&mut nodes, *new_parent, child);
            child = next;
        }
    }
}
