//! Which blocks are the article. Independent views of the page each give evidence:
//!
//! - the content view: a block's length, punctuation and link density (Readability's
//!   measures), or, when the page carries JSON-LD `articleBody`, how much of the block the
//!   publisher's own copy of the text contains;
//! - the chrome view: elements that are page furniture by tag (`nav`, `aside`, `footer`...),
//!   ARIA role or class/id words (`sidebar`, `related`, `share`, `comments`...);
//! - the container view: `itemprop=articleBody`, `<article>`, `<main>` and body-like class
//!   words make an element more likely to be the article's container.
//!
//! The container is the element whose blocks weigh most (content counts for, chrome and links
//! against, so a sibling block pulls the container up a level only when it is article-like);
//! inside it the chrome view and the link density drop blocks one by one, each with a rule id.

use html5ever::{local_name, LocalName};
use rustc_hash::FxHashSet;

use super::block_rules::{BlockRules, WordCache};
use super::blocks::Block;
use super::dom::{Data, Dom, ElementRef, Id, NONE, ROOT};
use super::meta::Metadata;

/// The article's blocks, headline first.
#[derive(Debug, Default)]
pub struct Choice {
    /// Indexes into the blocks, in output order.
    pub kept: Vec<usize>,
    /// Dropped blocks and why, in document order.
    pub dropped: Vec<(usize, Rule)>,
    /// The container chosen and why (`html.container.*`), for `--explain`.
    pub container: Option<(Id, Rule)>,
    /// The first kept block is the page's headline.
    pub headline_first: bool,
}

/// A chrome element needs this share of the positive weight of the element it is pruned
/// from to be kept: a wrapper holding most of the content is not chrome, whatever its class.
const CHROME_HOLDS_AT_MOST: f32 = 0.75;
/// Above this link density a block is a link list, not prose.
const LINK_DENSE: f32 = 0.5;
/// A subheading whose text is this much link is a teaser's title.
const LINKED_HEADING: f32 = 0.9;
/// A `<p>` inside the article is a link teaser only above this link density...
const PARAGRAPH_LINK_DENSE: f32 = 0.8;
/// ...and below this length (characters).
const PARAGRAPH_TEASER_CHARS: u32 = 200;
/// JSON-LD `articleBody` is used as a reference only when it is this long (tokens).
const REFERENCE_TOKENS: usize = 40;

/// What the caller wants from the decision.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Keep the page's headline as the first line.
    pub headline: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options { headline: true }
    }
}

/// Decides which blocks are the article.
pub fn choose(
    dom: &Dom,
    order: &[Id],
    kinds: &[Kind],
    blocks: &[Block],
    meta: &Metadata,
    options: Options,
) -> Choice {
    if blocks.is_empty() {
        return Choice::default();
    }
    let reference = Reference::new(meta.body.as_deref());

    // The content view alone, to know which elements hold the content.
    let raw: Vec<f32> = blocks
        .iter()
        .map(|b| content_weight(b, &reference))
        .collect();
    let positive = subtree_sums(dom, order, blocks, |i| raw[i].max(0.0));
    let total = positive[ROOT as usize];

    let holds_container = holds_container(dom, order, kinds);
    // Chrome seen from the whole page; blocks under it weigh against.
    let chrome = inherit(dom, order, ROOT, None, |id| {
        let rule = chrome_rule(kinds, id);
        let chrome =
            !holds_container[id as usize] && positive[id as usize] < CHROME_HOLDS_AT_MOST * total;
        if chrome {
            rule
        } else {
            Rule::NONE
        }
    });
    let weight: Vec<f32> = blocks
        .iter()
        .enumerate()
        .map(|(i, b)| match chrome[b.node as usize].is_some() {
            true => -(b.chars as f32),
            false => raw[i],
        })
        .collect();
    drop(chrome);
    let sums = subtree_sums(dom, order, blocks, |i| weight[i]);
    let (container, why) = pick_container(dom, order, kinds, &sums, &positive);
    drop(sums);
    // Inside the container: chrome relative to it, link lists, repeats.
    let in_container = Subtree::of(dom, order, container);
    let inside = inherit(dom, order, container, Some(&in_container), |id| {
        let rule = chrome_rule(kinds, id);
        let chrome = id != container
            && !holds_container[id as usize]
            && positive[id as usize] < CHROME_HOLDS_AT_MOST * positive[container as usize];
        if chrome {
            rule
        } else {
            Rule::NONE
        }
    });
    let headline = find_headline(blocks, meta, &in_container);
    let mut choice = Choice {
        container: Some((container, why)),
        ..Choice::default()
    };
    match headline {
        Some(h) if options.headline => {
            choice.kept.push(h);
            choice.headline_first = true;
        }
        Some(h) => choice.dropped.push((h, Rule::of(Some("html.headline")))),
        None => {}
    }
    // The reference drops blocks only when it is about as long as the container's text:
    // many pages publish the first paragraphs only.
    let container_tokens: usize = blocks
        .iter()
        .filter(|b| in_container.contains(b.node) && !inside[b.node as usize].is_some())
        .map(|b| tokens(b.text).count())
        .sum();
    let strict = reference
        .as_ref()
        .filter(|r| r.count as f32 >= 0.7 * container_tokens as f32);
    let headline_text = headline.map(|h| blocks[h].text);
    for (i, b) in blocks.iter().enumerate() {
        if Some(i) == headline {
            continue;
        }
        let verdict = if !in_container.contains(b.node) {
            Some(Rule::of(Some("html.outside-article")))
        } else if inside[b.node as usize].is_some() {
            Some(inside[b.node as usize])
        } else {
            block_rule(b, strict)
        };
        match verdict {
            Some(rule) => choice.dropped.push((i, rule)),
            None if Some(b.text) == headline_text => choice
                .dropped
                .push((i, Rule::of(Some("html.headline-again")))),
            None => choice.kept.push(i),
        }
    }
    trim_tail(blocks, &mut choice);
    choice
}

/// Short, sentence-less blocks left at the end (a `Related` heading whose list went, a
/// `Share this` label) are not article text.
fn trim_tail(blocks: &[Block], choice: &mut Choice) {
    while choice.kept.len() > 1 {
        let last = *choice.kept.last().expect("not empty");
        let b = &blocks[last];
        let sentence = b
            .text
            .ends_with(['.', '!', '?', '"', '”', '»', ')', '。', '！', '？', '」']);
        if b.chars >= 60 || sentence && b.heading == 0 {
            break;
        }
        choice.kept.pop();
        choice
            .dropped
            .push((last, Rule::of(Some("html.trailing-label"))));
    }
    choice.dropped.sort_unstable();
}

/// The ids of the nodes other than text in document order (pre-order), from the root,
/// iteratively: the views' tables have an entry for each of them.
pub fn preorder(dom: &Dom) -> Vec<Id> {
    let mut order = Vec::with_capacity(dom.len());
    let mut stack = vec![ROOT];
    while let Some(id) = stack.pop() {
        order.push(id);
        let first = stack.len();
        stack.extend(dom.children(id).filter(|&c| !Dom::is_text(c)));
        stack[first..].reverse();
    }
    order
}

/// The nodes below one element, as a mask over all nodes.
struct Subtree(Vec<bool>);

impl Subtree {
    fn of(dom: &Dom, order: &[Id], root: Id) -> Self {
        let mut mask = vec![false; dom.len()];
        for &id in order {
            let parent = dom.parent(id);
            mask[id as usize] = id == root || (parent != NONE && mask[parent as usize]);
        }
        Subtree(mask)
    }

    fn contains(&self, id: Id) -> bool {
        self.0.get(id as usize).copied().unwrap_or(false)
    }
}

/// Sums a weight per block over every subtree: node → sum of its blocks' weights.
fn subtree_sums(
    dom: &Dom,
    order: &[Id],
    blocks: &[Block],
    weight: impl Fn(usize) -> f32,
) -> Vec<f32> {
    let mut sums = vec![0.0f32; dom.len()];
    for (i, b) in blocks.iter().enumerate() {
        if b.node != NONE {
            sums[b.node as usize] += weight(i);
        }
    }
    for &id in order.iter().rev() {
        let parent = dom.parent(id);
        if parent != NONE {
            sums[parent as usize] += sums[id as usize];
        }
    }
    sums
}

/// Which elements have a body container (`itemprop=articleBody` or a body class word) at or
/// below them: an element holding the article's body is not chrome, whatever its class
/// words say. (`<article>` is not enough: sidebars list their teasers as articles.)
fn holds_container(dom: &Dom, order: &[Id], kinds: &[Kind]) -> Vec<bool> {
    let mut holds: Vec<bool> = kinds
        .iter()
        .map(|k| container_bonus(k.container.static_name()) >= 0.5)
        .collect();
    for &id in order.iter().rev() {
        let parent = dom.parent(id);
        if parent != NONE && holds[id as usize] {
            holds[parent as usize] = true;
        }
    }
    holds
}

/// For every node below `root` (`inside` holds the nodes below it), the rule of the nearest
/// element (itself included) that `rule` names, top-down.
fn inherit(
    dom: &Dom,
    order: &[Id],
    root: Id,
    inside: Option<&Subtree>,
    rule: impl Fn(Id) -> Rule,
) -> Vec<Rule> {
    let mut out: Vec<Rule> = vec![Rule::NONE; dom.len()];
    for &id in order {
        if inside.is_some_and(|s| !s.contains(id)) {
            continue;
        }
        let parent = dom.parent(id);
        let from_parent = match id == root || parent == NONE {
            true => Rule::NONE,
            false => out[parent as usize],
        };
        out[id as usize] = match from_parent.is_some() {
            true => from_parent,
            false => rule(id),
        };
    }
    out
}

// ---------------------------------------------------------------- the content view --

/// Tokens of JSON-LD `articleBody`, when the page has a long one.
struct Reference {
    tokens: FxHashSet<String>,
    /// Tokens in all (repeats counted).
    count: usize,
}

impl Reference {
    fn new(body: Option<&str>) -> Option<Self> {
        let tokens: Vec<String> = tokens(body?).collect();
        (tokens.len() >= REFERENCE_TOKENS).then(|| Reference {
            count: tokens.len(),
            tokens: tokens.into_iter().collect(),
        })
    }

    /// The share of the block's tokens found in the reference, and how many it has.
    fn share(&self, text: &str) -> (f32, usize) {
        let (mut n, mut found) = (0usize, 0usize);
        for t in tokens(text) {
            n += 1;
            found += usize::from(self.tokens.contains(&t));
        }
        (found as f32 / n.max(1) as f32, n)
    }
}

fn tokens(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .map(str::to_lowercase)
}

/// How much a block speaks for the element holding it being the article: positive for prose,
/// negative for link lists and short labels, in characters.
fn content_weight(b: &Block, reference: &Option<Reference>) -> f32 {
    let chars = b.chars as f32;
    let links = b.link_density();
    if let Some(reference) = reference {
        let (share, n) = reference.share(b.text);
        if n >= 3 && share >= 0.6 {
            return chars;
        }
    }
    if links > LINK_DENSE {
        return -chars;
    }
    if b.heading > 0 {
        return 0.0;
    }
    if b.chars < 50 {
        return -0.5 * chars;
    }
    let commas = b.text.matches([',', '،', '、', '，']).count() as f32;
    chars * (1.0 - 2.0 * links) + 10.0 * commas.min(20.0)
}

/// Mostly link text, and not a long paragraph: a long paragraph made of links is a summary
/// with its sources linked, kept unless nearly all of it is links.
fn is_link_list(b: &Block) -> bool {
    let density = b.link_density();
    if b.heading > 1 {
        // A subheading that is one link is the title of another story.
        return density > LINKED_HEADING;
    }
    if b.paragraph {
        // Inside the article a `<p>` is written prose; its links are citations, so only a
        // short one that is nearly all link is a teaser (trafilatura's paragraph test).
        return density > PARAGRAPH_LINK_DENSE && b.chars < PARAGRAPH_TEASER_CHARS;
    }
    b.heading != 1 && density > LINK_DENSE && (b.chars < 200 || density > 0.9)
}

/// Link lists and, when the page has a reference text, blocks it does not contain.
fn block_rule(b: &Block, reference: Option<&Reference>) -> Option<Rule> {
    if is_link_list(b) {
        return Some(Rule::of(Some("html.link-dense")));
    }
    if let Some(reference) = reference {
        let (share, n) = reference.share(b.text);
        if n >= 5 && share < 0.3 {
            return Some(Rule::of(Some("html.not-in-json-ld-body")));
        }
    }
    None
}

// ---------------------------------------------------------------- the element views --

/// What one element's tag, role and class/id words say.
#[derive(Debug, Clone, Copy, Default)]
pub struct Kind {
    chrome: Rule,
    container: Rule,
    /// An inline pop-up, left out with its content (see [`classify`]).
    pop_up: bool,
}

/// A rule id in two bytes: an index into [`RULES`] (0: no rule), or past its end, a block
/// rule of the packs ([`BlockRules`]). The views keep one per node, and a page can have
/// millions of nodes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Rule(u16);

/// Every rule id the front-end's own views and decisions give.
const RULES: &[&str] = &[
    "",
    "html.chrome.nav",
    "html.chrome.aside",
    "html.chrome.footer",
    "html.chrome.header",
    "html.chrome.form",
    "html.chrome.figure",
    "html.chrome.dialog",
    "html.container.itemprop-articlebody",
    "html.container.body-class",
    "html.container.article",
    "html.container.main",
    "html.container.page",
    "html.container.heaviest",
    "html.outside-article",
    "html.link-dense",
    "html.not-in-json-ld-body",
    "html.headline",
    "html.headline-again",
    "html.trailing-label",
];

impl Rule {
    const NONE: Rule = Rule(0);

    fn of(name: Option<&'static str>) -> Rule {
        let at = name.and_then(|n| RULES.iter().position(|r| *r == n));
        debug_assert!(name.is_none() || at.is_some(), "{name:?} is not in RULES");
        Rule(at.unwrap_or(0) as u16)
    }

    /// The block rule at `index` of the packs.
    fn pack(index: u16) -> Rule {
        Rule(RULES.len() as u16 + index)
    }

    /// The index of the packs' block rule it is, if it is one.
    fn pack_index(self) -> Option<u16> {
        self.0.checked_sub(RULES.len() as u16)
    }

    /// The id of one of the front-end's own rules; `None` for none or a pack's rule.
    fn static_name(self) -> Option<&'static str> {
        RULES.get(self.0 as usize).filter(|_| self.0 != 0).copied()
    }

    /// The rule's id: borrowed for the front-end's own, copied for a pack's.
    pub fn id(self, rules: &BlockRules) -> std::borrow::Cow<'static, str> {
        match (self.static_name(), self.pack_index()) {
            (Some(name), _) => name.into(),
            (None, Some(i)) => rules.id(i).to_owned().into(),
            (None, None) => "".into(),
        }
    }

    fn is_some(self) -> bool {
        self.0 != 0
    }
}

/// What the tag, role and class/id words of every element say, by node id (`order`: the
/// nodes in document order, [`preorder`]).
/// The packs' block rules with a link-density condition are tried later, by
/// [`classify_by_links`], once the blocks are known.
pub fn classify(dom: &Dom, order: &[Id], rules: &BlockRules) -> Vec<Kind> {
    let mut cache = WordCache::default();
    let mut kinds: Vec<Kind> = (0..dom.len() as Id)
        .map(|id| match dom.data(id) {
            Data::Element(e) => Kind {
                chrome: match chrome_by_tag(&e.name).or_else(|| chrome_by_role(e)) {
                    Some(name) => Rule::of(Some(name)),
                    None => rules
                        .first_match(e, None, &mut cache)
                        .map_or(Rule::NONE, Rule::pack),
                },
                container: Rule::of(container_kind(e)),
                pop_up: false,
            },
            _ => Kind::default(),
        })
        .collect();
    // A pop-up is the innermost inline element named one: the outer ones are wrappers that
    // also hold the linked name the card is about, and a link is the trigger, not the card.
    let mut inner = vec![false; dom.len()];
    for &id in order.iter().rev() {
        let named = dom
            .element(id)
            .is_some_and(|e| !super::blocks::is_block(&e.name) && e.name != local_name!("a"))
            && is_dialog(kinds[id as usize].chrome, rules)
            && !kinds[id as usize].container.is_some();
        kinds[id as usize].pop_up = named && !inner[id as usize];
        let parent = dom.parent(id);
        if parent != NONE && (named || inner[id as usize]) {
            inner[parent as usize] = true;
        }
    }
    kinds
}

fn is_dialog(rule: Rule, rules: &BlockRules) -> bool {
    rule == Rule::of(Some("html.chrome.dialog"))
        || rule.pack_index().is_some_and(|i| rules.is_pop_up(i))
}

/// The packs' block rules with a link-density condition, for the elements no other rule
/// named: the share of the text of the blocks inside an element that is link text.
pub fn classify_by_links(
    dom: &Dom,
    order: &[Id],
    blocks: &[Block],
    rules: &BlockRules,
    kinds: &mut [Kind],
) {
    if !rules.uses_link_density() {
        return;
    }
    let chars = subtree_sums(dom, order, blocks, |i| blocks[i].chars as f32);
    let links = subtree_sums(dom, order, blocks, |i| blocks[i].link_chars as f32);
    let mut cache = WordCache::default();
    for &id in order {
        let at = id as usize;
        let Some(e) = dom.element(id) else { continue };
        if kinds[at].chrome.is_some() || chars[at] == 0.0 {
            continue;
        }
        if let Some(i) = rules.first_match(e, Some(links[at] / chars[at]), &mut cache) {
            kinds[at].chrome = Rule::pack(i);
        }
    }
}

/// Inline elements whose text is never the article's wherever they are: pop-ups, hover cards
/// and tooltips inside a paragraph (their text is shown only on demand).
pub fn skips_inline(kinds: &[Kind], id: Id) -> bool {
    kinds.get(id as usize).is_some_and(|k| k.pop_up)
}

fn chrome_rule(kinds: &[Kind], id: Id) -> Rule {
    let kind = kinds[id as usize];
    match kind.container.is_some() {
        true => Rule::NONE,
        false => kind.chrome,
    }
}

fn chrome_by_tag(name: &LocalName) -> Option<&'static str> {
    Some(match *name {
        local_name!("nav") | local_name!("menu") => "html.chrome.nav",
        local_name!("aside") => "html.chrome.aside",
        local_name!("footer") => "html.chrome.footer",
        local_name!("header") => "html.chrome.header",
        local_name!("form") | local_name!("fieldset") => "html.chrome.form",
        local_name!("figure") | local_name!("figcaption") => "html.chrome.figure",
        _ => return None,
    })
}

fn chrome_by_role(e: ElementRef) -> Option<&'static str> {
    let role = e.attr(&local_name!("role"))?.trim().to_ascii_lowercase();
    own_role_rule(&role)
}

/// The front-end's own rule for an ARIA role (lower case), if it names it.
pub(super) fn own_role_rule(role: &str) -> Option<&'static str> {
    Some(match role {
        "navigation" | "menu" | "menubar" | "search" => "html.chrome.nav",
        "complementary" => "html.chrome.aside",
        "contentinfo" => "html.chrome.footer",
        "banner" => "html.chrome.header",
        "dialog" | "alertdialog" | "alert" => "html.chrome.dialog",
        _ => return None,
    })
}

/// Compounds that name an article's body in class and id values (letters only, lower case).
const BODY_COMPOUNDS: &[&str] = &[
    "articlebody",
    "articlecontent",
    "articletext",
    "storybody",
    "storycontent",
    "storytext",
    "entrycontent",
    "entrybody",
    "postcontent",
    "postbody",
    "posttext",
    "bodytext",
    "articleinner",
    "contentbody",
    "maincontent",
    "newsbody",
    "newstext",
    "textbody",
];

/// How much of its content weight a container gets on top, by how surely it names the body.
fn container_bonus(kind: Option<&str>) -> f32 {
    match kind {
        Some("html.container.itemprop-articlebody") => 1.0,
        Some("html.container.body-class") => 0.5,
        Some(_) => 0.25,
        None => 0.0,
    }
}

fn container_kind(e: ElementRef) -> Option<&'static str> {
    if e.attr(&local_name!("itemprop")).is_some_and(|v| {
        v.split_ascii_whitespace()
            .any(|w| w.eq_ignore_ascii_case("articleBody"))
    }) {
        return Some("html.container.itemprop-articlebody");
    }
    let paragraph_level = matches!(
        e.name,
        local_name!("p")
            | local_name!("span")
            | local_name!("a")
            | local_name!("li")
            | local_name!("h1")
            | local_name!("h2")
            | local_name!("h3")
    );
    for name in [local_name!("class"), local_name!("id")] {
        // Every compound has one of these parts: most class values have none.
        let hint = |v: &&str| has_body_part(v);
        if let Some(v) = e.attr(&name).filter(|_| !paragraph_level).filter(hint) {
            let letters: String = v
                .chars()
                .filter(char::is_ascii_alphanumeric)
                .collect::<String>()
                .to_ascii_lowercase();
            if BODY_COMPOUNDS.iter().any(|c| letters.contains(c)) {
                return Some("html.container.body-class");
            }
        }
    }
    match e.name {
        local_name!("article") => Some("html.container.article"),
        local_name!("main") => Some("html.container.main"),
        _ => None,
    }
}

/// Whether a class or id value holds `body`, `content`, `text` or `inner` (ASCII case
/// ignored), in one pass over its bytes.
fn has_body_part(value: &str) -> bool {
    let bytes = value.as_bytes();
    (0..bytes.len()).any(|i| {
        let part: &[u8] = match bytes[i] | 0x20 {
            b'b' => b"body",
            b'c' => b"content",
            b't' => b"text",
            b'i' => b"inner",
            _ => return false,
        };
        bytes[i..]
            .get(..part.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(part))
    })
}

/// The element whose blocks weigh most; a container element (by the container view) gets a
/// bonus of part of its content weight.
fn pick_container(
    dom: &Dom,
    order: &[Id],
    kinds: &[Kind],
    sums: &[f32],
    positive: &[f32],
) -> (Id, Rule) {
    let mut best = (ROOT, Rule::of(Some("html.container.page")), f32::MIN);
    for &id in order {
        let Some(_) = dom.element(id) else { continue };
        let bonus =
            container_bonus(kinds[id as usize].container.static_name()) * positive[id as usize];
        let score = sums[id as usize] + bonus;
        if score >= best.2 && score > 0.0 {
            let why = match kinds[id as usize].container {
                Rule::NONE => Rule::of(Some("html.container.heaviest")),
                kind => kind,
            };
            best = (id, why, score);
        }
    }
    (best.0, best.1)
}

// ---------------------------------------------------------------- the headline --

fn simplify(text: &str) -> String {
    tokens(text).collect::<Vec<_>>().join(" ")
}

/// The `<h1>` or `<h2>` (else a lower heading, else a block that is no heading) whose text
/// is the page's declared headline; otherwise the first `<h1>` inside the container.
fn find_headline(blocks: &[Block], meta: &Metadata, in_container: &Subtree) -> Option<usize> {
    let declared: Vec<String> = meta
        .headlines
        .iter()
        .map(|h| simplify(h))
        .filter(|h| !h.is_empty())
        .collect();
    // Every block is a candidate (`declared_plain`): none is simplified when the page
    // declares no title.
    let matches = |text: &str| {
        if declared.is_empty() {
            return false;
        }
        let s = simplify(text);
        !s.is_empty()
            && declared
                .iter()
                .any(|h| *h == s || (s.len() * 10 >= h.len() * 6 && h.contains(&s)))
    };
    // A blog's or a small site's template often gives the site's name the `<h1>` and the
    // post's title a lower heading.
    let declared_at = |levels: std::ops::RangeInclusive<u8>| {
        blocks
            .iter()
            .position(|b| levels.contains(&b.heading) && matches(b.text))
    };
    // Pages laid out with tables set the title in a `<font>`, a `<b>` or a `<span>`, often
    // in a row of its own above the article's cell: a block that is not a link (another
    // story's title would be).
    let declared_plain = || {
        blocks
            .iter()
            .position(|b| b.heading == 0 && b.link_chars * 2 < b.chars && matches(b.text))
    };
    declared_at(1..=2)
        .or_else(|| declared_at(3..=6))
        .or_else(declared_plain)
        .or_else(|| {
            blocks
                .iter()
                .position(|b| b.heading == 1 && in_container.contains(b.node))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_body_part_is_found_in_any_case_and_only_whole() {
        for value in ["story-Body", "mainCONTENT", "rich_text", "x inner", "TEXT"] {
            assert!(has_body_part(value), "{value}");
        }
        for value in ["", "bod", "contents-nav", "tex", "innr", "[b]"] {
            assert_eq!(has_body_part(value), value.contains("content"), "{value}");
        }
    }

    #[test]
    fn every_rule_the_views_give_fits_in_two_bytes() {
        for name in RULES.iter().skip(1) {
            assert_eq!(Rule::of(Some(name)).static_name(), Some(*name));
        }
        assert_eq!(Rule::of(None).static_name(), None);
        assert_eq!(Rule::pack(3).pack_index(), Some(3));
        assert_eq!(Rule::pack(3).static_name(), None);
        assert!(RULES.len() + BlockRules::MAX <= u16::MAX as usize);
    }
}
