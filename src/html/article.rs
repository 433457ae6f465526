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

use super::blocks::Block;
use super::dom::{Data, Dom, Element, Id, NONE, ROOT};
use super::meta::Metadata;

/// The article's blocks, headline first.
#[derive(Debug, Default)]
pub struct Choice {
    /// Indexes into the blocks, in output order.
    pub kept: Vec<usize>,
    /// Dropped blocks and why, in document order.
    pub dropped: Vec<(usize, &'static str)>,
    /// The container chosen and why (`html.container.*`), for `--explain`.
    pub container: Option<(Id, &'static str)>,
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
        Some(h) if options.headline => choice.kept.push(h),
        Some(h) => choice.dropped.push((h, "html.headline")),
        None => {}
    }
    // The reference drops blocks only when it is about as long as the container's text:
    // many pages publish the first paragraphs only.
    let container_tokens: usize = blocks
        .iter()
        .filter(|b| in_container.contains(b.node) && !inside[b.node as usize].is_some())
        .map(|b| tokens(&b.text).count())
        .sum();
    let strict = reference
        .as_ref()
        .filter(|r| r.count as f32 >= 0.7 * container_tokens as f32);
    let headline_text = headline.map(|h| blocks[h].text.as_str());
    for (i, b) in blocks.iter().enumerate() {
        if Some(i) == headline {
            continue;
        }
        let verdict = if !in_container.contains(b.node) {
            Some("html.outside-article")
        } else if let Some(rule) = inside[b.node as usize].name() {
            Some(rule)
        } else {
            block_rule(b, strict)
        };
        match verdict {
            Some(rule) => choice.dropped.push((i, rule)),
            None if Some(b.text.as_str()) == headline_text => {
                choice.dropped.push((i, "html.headline-again"))
            }
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
        choice.dropped.push((last, "html.trailing-label"));
    }
    choice.dropped.sort_unstable();
}

/// Node ids in document order (pre-order), from the root, iteratively.
pub fn preorder(dom: &Dom) -> Vec<Id> {
    let mut order = Vec::with_capacity(dom.len());
    let mut stack = vec![ROOT];
    while let Some(id) = stack.pop() {
        order.push(id);
        let first = stack.len();
        stack.extend(dom.children(id));
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
            let parent = dom.node(id).parent;
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
        let parent = dom.node(id).parent;
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
        .map(|k| container_bonus(k.container.name()) >= 0.5)
        .collect();
    for &id in order.iter().rev() {
        let parent = dom.node(id).parent;
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
        let parent = dom.node(id).parent;
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
        let (share, n) = reference.share(&b.text);
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
fn block_rule(b: &Block, reference: Option<&Reference>) -> Option<&'static str> {
    if is_link_list(b) {
        return Some("html.link-dense");
    }
    if let Some(reference) = reference {
        let (share, n) = reference.share(&b.text);
        if n >= 5 && share < 0.3 {
            return Some("html.not-in-json-ld-body");
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

/// A rule id in one byte, an index into [`RULES`] (0: no rule): the views keep one per node,
/// and a page can have millions of nodes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Rule(u8);

/// Every rule id the element views give.
const RULES: &[&str] = &[
    "",
    "html.chrome.nav",
    "html.chrome.aside",
    "html.chrome.footer",
    "html.chrome.header",
    "html.chrome.form",
    "html.chrome.figure",
    "html.chrome.dialog",
    "html.chrome.sidebar",
    "html.chrome.related",
    "html.chrome.newsletter",
    "html.chrome.share",
    "html.chrome.cookie",
    "html.chrome.comments",
    "html.chrome.advert",
    "html.chrome.byline",
    "html.chrome.caption",
    "html.chrome.hidden",
    "html.container.itemprop-articlebody",
    "html.container.body-class",
    "html.container.article",
    "html.container.main",
];

impl Rule {
    const NONE: Rule = Rule(0);

    fn of(name: Option<&'static str>) -> Rule {
        let at = name.and_then(|n| RULES.iter().position(|r| *r == n));
        debug_assert!(name.is_none() || at.is_some(), "{name:?} is not in RULES");
        Rule(at.unwrap_or(0) as u8)
    }

    fn name(self) -> Option<&'static str> {
        (self.0 != 0).then(|| RULES[self.0 as usize])
    }

    fn is_some(self) -> bool {
        self.0 != 0
    }
}

/// What the tag, role and class/id words of every element say, by node id (`order`: the
/// nodes in document order, [`preorder`]).
pub fn classify(dom: &Dom, order: &[Id]) -> Vec<Kind> {
    let mut kinds: Vec<Kind> = (0..dom.len() as Id)
        .map(|id| match dom.data(id) {
            Data::Element(e) => Kind {
                chrome: Rule::of(
                    chrome_by_tag(&e.name)
                        .or_else(|| chrome_by_role(e))
                        .or_else(|| chrome_by_words(e)),
                ),
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
            && kinds[id as usize].chrome == Rule::of(Some("html.chrome.dialog"))
            && !kinds[id as usize].container.is_some();
        kinds[id as usize].pop_up = named && !inner[id as usize];
        let parent = dom.node(id).parent;
        if parent != NONE && (named || inner[id as usize]) {
            inner[parent as usize] = true;
        }
    }
    kinds
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

fn chrome_by_role(e: &Element) -> Option<&'static str> {
    let role = e.attr(&local_name!("role"))?.trim().to_ascii_lowercase();
    Some(match role.as_str() {
        "navigation" | "menu" | "menubar" | "search" => "html.chrome.nav",
        "complementary" => "html.chrome.aside",
        "contentinfo" => "html.chrome.footer",
        "banner" => "html.chrome.header",
        "dialog" | "alertdialog" | "alert" => "html.chrome.dialog",
        _ => return None,
    })
}

/// Class and id words that name page furniture, by the rule that drops them.
const CHROME_WORDS: &[(&str, &[&str])] = &[
    (
        "html.chrome.nav",
        &[
            "nav",
            "navbar",
            "navigation",
            "menu",
            "breadcrumb",
            "breadcrumbs",
            "pagination",
            "pager",
            "toolbar",
            "skiplink",
            "masthead",
            "topbar",
        ],
    ),
    (
        "html.chrome.sidebar",
        &["sidebar", "rail", "widget", "widgets", "aside"],
    ),
    (
        "html.chrome.related",
        &[
            "related",
            "recommended",
            "recommendations",
            "trending",
            "popular",
            "mostread",
            "outbrain",
            "taboola",
            "recirculation",
            "recirc",
            "teaser",
            "teasers",
            "readmore",
            "morestories",
            "moreheadlines",
        ],
    ),
    (
        "html.chrome.newsletter",
        &[
            "newsletter",
            "subscribe",
            "subscription",
            "signup",
            "paywall",
            "promo",
            "promotion",
            "cta",
            "donate",
            "membership",
        ],
    ),
    (
        "html.chrome.share",
        &[
            "share",
            "sharing",
            "social",
            "sharebar",
            "sociallinks",
            "follow",
        ],
    ),
    (
        "html.chrome.cookie",
        &["cookie", "cookies", "consent", "gdpr"],
    ),
    (
        "html.chrome.comments",
        &[
            "comment",
            "comments",
            "disqus",
            "respond",
            "replies",
            "discussion",
        ],
    ),
    (
        "html.chrome.advert",
        &[
            "ad",
            "ads",
            "advert",
            "adverts",
            "advertisement",
            "advertising",
            "adslot",
            "adunit",
            "sponsor",
            "sponsored",
            "dfp",
            "gpt",
        ],
    ),
    (
        "html.chrome.byline",
        &[
            "byline",
            "author",
            "authors",
            "dateline",
            "timestamp",
            "published",
            "posted",
            "meta",
            "tags",
            "keywords",
            "bio",
        ],
    ),
    (
        "html.chrome.caption",
        &["caption", "credit", "credits", "figcaption"],
    ),
    ("html.chrome.footer", &["footer", "copyright", "disclaimer"]),
    (
        "html.chrome.header",
        &["header", "headline", "heading", "title"],
    ),
    (
        "html.chrome.hidden",
        &[
            "hidden",
            "hide",
            "visuallyhidden",
            "offscreen",
            "sronly",
            "screenreader",
            "print",
            "noprint",
            "nocontent",
            "noscript",
        ],
    ),
    (
        "html.chrome.dialog",
        &[
            "popup",
            "modal",
            "overlay",
            "login",
            "lightbox",
            "tooltip",
            "popover",
            "rollover",
            "hovercard",
        ],
    ),
];

/// Class words that name content embedded in the body (a quoted post is part of the story,
/// though it sits in a `social-media-embed` box).
const CONTENT_WORDS: &[&str] = &["embed", "embedded", "tweet"];

/// The group a content word stands for in [`WORD_GROUPS`].
const CONTENT_GROUP: usize = usize::MAX;

/// Every chrome word with the index of its group in [`CHROME_WORDS`], and the content words.
static WORD_GROUPS: std::sync::LazyLock<rustc_hash::FxHashMap<&'static str, usize>> =
    std::sync::LazyLock::new(|| {
        let mut table = rustc_hash::FxHashMap::default();
        for (group, (_, words)) in CHROME_WORDS.iter().enumerate().rev() {
            for w in *words {
                table.insert(*w, group);
            }
        }
        for w in CONTENT_WORDS {
            table.insert(*w, CONTENT_GROUP);
        }
        table
    });

/// Calls `found` with each word of a class or id value (split at non-alphanumerics and at
/// lower-to-upper case changes; `sr-only`, `screen-reader-text`, `visually-hidden` also
/// joined), until it returns true. Words are slices of the value: no allocation per element.
fn any_word(value: &str, found: &mut dyn FnMut(&str) -> bool) -> bool {
    for item in value.split_ascii_whitespace() {
        let bytes = item.as_bytes();
        let mut start = None;
        for i in 0..=bytes.len() {
            let c = bytes.get(i).copied();
            let alnum = c.is_some_and(|c| c.is_ascii_alphanumeric());
            let camel = c.is_some_and(|c| c.is_ascii_uppercase())
                && i > 0
                && bytes[i - 1].is_ascii_lowercase();
            if let Some(s) = start {
                if !alnum || camel {
                    if found(&item[s..i]) {
                        return true;
                    }
                    start = None;
                }
            }
            if alnum && start.is_none() {
                start = Some(i);
            }
        }
        let mut joined = [0u8; 24];
        let mut n = 0;
        for &b in bytes
            .iter()
            .filter(|b| b.is_ascii_alphanumeric())
            .take(joined.len())
        {
            joined[n] = b.to_ascii_lowercase();
            n += 1;
        }
        let joined = std::str::from_utf8(&joined[..n]).unwrap_or("");
        for compound in ["sronly", "screenreader", "visuallyhidden"] {
            if joined.starts_with(compound) && found(compound) {
                return true;
            }
        }
    }
    false
}

fn chrome_by_words(e: &Element) -> Option<&'static str> {
    let values = [e.attr(&local_name!("class")), e.attr(&local_name!("id"))];
    if values.iter().all(Option::is_none) {
        return None;
    }
    // The first group (in list order) that has any of the words; none if a class item ends
    // in a content word (the head of a compound is its last word: `social-embed` is an
    // embed, `imageEmbedCaption` a caption).
    let table = &*WORD_GROUPS;
    let mut best = CHROME_WORDS.len();
    for item in values
        .iter()
        .flatten()
        .flat_map(|v| v.split_ascii_whitespace())
    {
        let mut content = false;
        any_word(item, &mut |w| {
            let mut lower = [0u8; 24];
            if w.len() > lower.len() {
                return false;
            }
            for (l, b) in lower.iter_mut().zip(w.bytes()) {
                *l = b.to_ascii_lowercase();
            }
            let w = std::str::from_utf8(&lower[..w.len()]).unwrap_or("");
            match table.get(w) {
                Some(&CONTENT_GROUP) => content = true,
                Some(&group) => {
                    best = best.min(group);
                    content = false;
                }
                None => {}
            }
            false
        });
        if content {
            return None;
        }
    }
    CHROME_WORDS.get(best).map(|(rule, _)| *rule)
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
fn container_bonus(kind: Option<&'static str>) -> f32 {
    match kind {
        Some("html.container.itemprop-articlebody") => 1.0,
        Some("html.container.body-class") => 0.5,
        Some(_) => 0.25,
        None => 0.0,
    }
}

fn container_kind(e: &Element) -> Option<&'static str> {
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
        let hint = |v: &&str| {
            let lower = v.to_ascii_lowercase();
            ["body", "content", "text", "inner"]
                .iter()
                .any(|p| lower.contains(p))
        };
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

/// The element whose blocks weigh most; a container element (by the container view) gets a
/// bonus of part of its content weight.
fn pick_container(
    dom: &Dom,
    order: &[Id],
    kinds: &[Kind],
    sums: &[f32],
    positive: &[f32],
) -> (Id, &'static str) {
    let mut best = (ROOT, "html.container.page", f32::MIN);
    for &id in order {
        let Some(_) = dom.element(id) else { continue };
        let bonus = container_bonus(kinds[id as usize].container.name()) * positive[id as usize];
        let score = sums[id as usize] + bonus;
        if score >= best.2 && score > 0.0 {
            let why = kinds[id as usize]
                .container
                .name()
                .unwrap_or("html.container.heaviest");
            best = (id, why, score);
        }
    }
    (best.0, best.1)
}

// ---------------------------------------------------------------- the headline --

fn simplify(text: &str) -> String {
    tokens(text).collect::<Vec<_>>().join(" ")
}

/// The `<h1>` (or `<h2>`) whose text is the page's declared headline; otherwise the first
/// `<h1>` inside the container.
fn find_headline(blocks: &[Block], meta: &Metadata, in_container: &Subtree) -> Option<usize> {
    let declared: Vec<String> = meta
        .headlines
        .iter()
        .map(|h| simplify(h))
        .filter(|h| !h.is_empty())
        .collect();
    let matches = |text: &str| {
        let s = simplify(text);
        !s.is_empty()
            && declared
                .iter()
                .any(|h| *h == s || (s.len() * 10 >= h.len() * 6 && h.contains(&s)))
    };
    blocks
        .iter()
        .position(|b| (1..=2).contains(&b.heading) && matches(&b.text))
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
    fn every_rule_the_views_give_fits_in_one_byte() {
        let names = CHROME_WORDS.iter().map(|(rule, _)| *rule).chain([
            "html.chrome.form",
            "html.chrome.figure",
            "html.chrome.aside",
            "html.chrome.dialog",
            "html.container.itemprop-articlebody",
            "html.container.body-class",
            "html.container.article",
            "html.container.main",
        ]);
        for name in names {
            assert_eq!(Rule::of(Some(name)).name(), Some(name));
        }
        assert!(RULES.len() <= u8::MAX as usize);
        assert_eq!(Rule::of(None).name(), None);
    }

    #[test]
    fn the_last_word_of_a_class_compound_decides() {
        let kind = |class: &str| {
            chrome_by_words(&Element {
                ns: html5ever::ns!(html),
                name: local_name!("div"),
                attrs: vec![(local_name!("class"), class.into())],
                hidden: false,
                keeps_text: true,
            })
        };
        assert_eq!(
            kind("InlineImage-imageEmbedCaption"),
            Some("html.chrome.caption")
        );
        assert_eq!(kind("social-share-embed"), None);
        assert_eq!(kind("robots-nocontent"), Some("html.chrome.hidden"));
        assert_eq!(kind("story-text"), None);
    }
}
