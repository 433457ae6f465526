//! Block rules: rule-pack rules that drop an HTML element (and every block inside it) by its
//! tag, the words of its class and id, and the share of its text inside links. They are
//! written in the same TOML packs as the line rules (`tags`, `words`, `min_link_density`),
//! so site-specific cleanup of HTML stays data; the built-in class and id words of page
//! furniture are the pack `rules/chrome.toml`.

use html5ever::LocalName;
use rustc_hash::FxHashMap;

use super::dom::ElementRef;
use crate::rules::pack::{Action, PhraseMatch, RuleSpec};
use crate::rules::RuleError;

/// Class words that name content embedded in the body (a quoted post is part of the story,
/// though it sits in a `social-media-embed` box): a class item whose last listed word is
/// one of these keeps the element out of every `words` condition.
const CONTENT_WORDS: &[&str] = &["embed", "embedded", "tweet"];

/// Words are compared in a buffer of this many bytes: longer words match no rule.
const MAX_WORD_BYTES: usize = 24;

/// One block rule, compiled.
#[derive(Debug)]
pub struct BlockRule {
    /// The rule's id, `pack.name`.
    pub id: String,
    /// What the rule removes, in words.
    pub description: String,
    /// Index of its pack in the rule book's packs.
    pub pack: usize,
    tags: Vec<LocalName>,
    words: Vec<String>,
    /// ARIA role names, lower case.
    roles: Vec<String>,
    min_link_density: Option<f32>,
    /// Whether it runs.
    pub enabled: bool,
    /// HTML snippets it must drop (`--test-rules` and the test suite check them).
    pub examples: Vec<String>,
    /// Similar HTML snippets no block rule may drop.
    pub counter_examples: Vec<String>,
}

impl BlockRule {
    /// Checks and compiles one rule as written; `error` words a message for its place.
    pub fn compile(
        spec: &RuleSpec,
        pack: usize,
        error: &dyn Fn(String) -> RuleError,
    ) -> Result<BlockRule, RuleError> {
        let line_fields = [
            ("regex", spec.regex.is_some()),
            ("phrases", !spec.phrases.is_empty()),
            ("match", spec.phrase_match != PhraseMatch::Line),
            ("case_sensitive", spec.case_sensitive),
            ("max_words", spec.max_words.is_some()),
            ("max_chars", spec.max_chars.is_some()),
            ("position", !spec.position.is_empty()),
            ("languages", !spec.languages.is_empty()),
            ("action", spec.action != Action::Drop),
            ("until", spec.until.is_some()),
            ("max_lines", spec.max_lines.is_some()),
        ];
        if let Some((field, _)) = line_fields.iter().find(|(_, given)| *given) {
            return Err(error(format!(
                "`{field}` is for line rules; a block rule (`tags`, `words`, `roles`, \
                 `min_link_density`) drops the whole element"
            )));
        }
        let mut tags = Vec::with_capacity(spec.tags.len());
        for tag in &spec.tags {
            if tag.is_empty() || !tag.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
                return Err(error(format!("`tags`: {tag:?} is not an element name")));
            }
            tags.push(LocalName::from(tag.to_ascii_lowercase()));
        }
        let mut words = Vec::with_capacity(spec.words.len());
        for word in &spec.words {
            let lower = word.to_ascii_lowercase();
            if lower.is_empty()
                || lower.len() > MAX_WORD_BYTES
                || !lower.bytes().all(|b| b.is_ascii_alphanumeric())
            {
                return Err(error(format!(
                    "`words`: {word:?} is not one word of letters and digits (at most \
                     {MAX_WORD_BYTES}): class and id values are split at `-`, `_`, spaces \
                     and lower-to-upper case changes, so write \"promo\" for class=\"promo-box\""
                )));
            }
            if CONTENT_WORDS.contains(&lower.as_str()) {
                return Err(error(format!(
                    "`words`: {word:?} names content embedded in the article ({}), never \
                     page furniture",
                    CONTENT_WORDS.join(", ")
                )));
            }
            words.push(lower);
        }
        let mut roles = Vec::with_capacity(spec.roles.len());
        for role in &spec.roles {
            let lower = role.to_ascii_lowercase();
            let name = |b: u8| b.is_ascii_lowercase() || b == b'-';
            if lower.is_empty() || !lower.bytes().all(name) {
                return Err(error(format!(
                    "`roles`: {role:?} is not an ARIA role name (letters and `-`, such as \
                     \"note\", \"region\" or \"doc-pullquote\")"
                )));
            }
            if let Some(own) = super::article::own_role_rule(&lower) {
                return Err(error(format!(
                    "`roles`: {role:?} is decided by the front-end itself ({own}) before any \
                     pack rule"
                )));
            }
            roles.push(lower);
        }
        if let Some(d) = spec.min_link_density {
            if !(d > 0.0 && d <= 1.0) {
                return Err(error(format!(
                    "`min_link_density` is a share of the element's text, above 0 and at most \
                     1, not {d}"
                )));
            }
        }
        Ok(BlockRule {
            id: spec.id.get_ref().clone(),
            description: spec.description.clone(),
            pack,
            tags,
            words,
            roles,
            min_link_density: spec.min_link_density,
            enabled: spec.enabled,
            examples: spec.examples.clone(),
            counter_examples: spec.counter_examples.clone(),
        })
    }

    fn admits(&self, e: ElementRef, density: Option<f32>) -> bool {
        let links = match (self.min_link_density, density) {
            (None, None) => true,
            (Some(min), Some(d)) => d >= min,
            _ => false,
        };
        links && (self.tags.is_empty() || self.tags.contains(&e.name)) && self.admits_role(e)
    }

    /// The element's `role` (a list of tokens, the first one a browser knows wins) has one of
    /// the rule's roles; any role when the rule lists none.
    fn admits_role(&self, e: ElementRef) -> bool {
        if self.roles.is_empty() {
            return true;
        }
        e.attr(&html5ever::local_name!("role")).is_some_and(|v| {
            v.split_ascii_whitespace()
                .any(|t| self.roles.iter().any(|r| t.eq_ignore_ascii_case(r)))
        })
    }
}

/// Every block rule of the loaded packs, in load order, with the enabled ones indexed by word.
#[derive(Debug, Default)]
pub struct BlockRules {
    rules: Vec<BlockRule>,
    /// Word → the enabled rules that list it, in load order.
    by_word: FxHashMap<String, Vec<u16>>,
    /// The enabled rules without a `words` condition.
    wordless: Vec<u16>,
    /// Some enabled rule has a `min_link_density`.
    link_density: bool,
}

/// The rule whose elements are pop-ups: inline ones are left out wherever they are.
const POP_UP_RULE: &str = "chrome.dialog";

impl BlockRules {
    /// The most block rules a rule book holds (their indexes share a `u16` with the
    /// front-end's own decisions).
    pub const MAX: usize = 60_000;

    /// Indexes the enabled rules.
    pub fn new(rules: Vec<BlockRule>) -> Self {
        let mut by_word: FxHashMap<String, Vec<u16>> = FxHashMap::default();
        let mut wordless = Vec::new();
        for (i, rule) in rules.iter().enumerate().filter(|(_, r)| r.enabled) {
            let i = i as u16;
            if rule.words.is_empty() {
                wordless.push(i);
            }
            for w in &rule.words {
                let list = by_word.entry(w.clone()).or_default();
                if list.last() != Some(&i) {
                    list.push(i);
                }
            }
        }
        let link_density = rules
            .iter()
            .any(|r| r.enabled && r.min_link_density.is_some());
        BlockRules {
            rules,
            by_word,
            wordless,
            link_density,
        }
    }

    /// Every block rule, enabled or not, in load order.
    pub fn rules(&self) -> &[BlockRule] {
        &self.rules
    }

    /// Some enabled rule needs the elements' link density.
    pub fn uses_link_density(&self) -> bool {
        self.link_density
    }

    /// Whether the rule at `index` marks pop-ups.
    pub fn is_pop_up(&self, index: u16) -> bool {
        self.rules
            .get(index as usize)
            .is_some_and(|r| r.id == POP_UP_RULE)
    }

    /// The id of the rule at `index`.
    pub fn id(&self, index: u16) -> &str {
        &self.rules[index as usize].id
    }

    /// The first enabled rule (in load order) that matches the element. With `density`
    /// `None` only rules without a link-density condition are tried; with the element's link
    /// density, only rules with one. `cache` keeps what each class and id value's words name
    /// across the elements of a page (most elements share their class value with others).
    pub fn first_match<'a>(
        &self,
        e: ElementRef<'a>,
        density: Option<f32>,
        cache: &mut WordCache<'a>,
    ) -> Option<u16> {
        let mut best: Option<u16> = None;
        let mut consider = |i: u16| {
            if best.is_none_or(|b| i < b) && self.rules[i as usize].admits(e, density) {
                best = Some(i);
            }
        };
        for &i in &self.wordless {
            consider(i);
        }
        if self.by_word.is_empty() {
            return best;
        }
        let values = [
            e.attr(&html5ever::local_name!("class")),
            e.attr(&html5ever::local_name!("id")),
        ];
        for value in values.into_iter().flatten() {
            let words = cache.0.entry(value).or_insert_with(|| self.words_of(value));
            if words.content {
                // Embedded content: no word condition holds, whatever else the element says.
                return self.wordless_only(e, density);
            }
            for &i in &words.rules {
                consider(i);
            }
        }
        best
    }

    /// The rules the words of a class or id value list, and whether an item of it names
    /// embedded content.
    fn words_of(&self, value: &str) -> ValueWords {
        let mut out = ValueWords::default();
        for item in value.split_ascii_whitespace() {
            // The head of a compound is its last word: `social-embed` is an embed,
            // `imageEmbedCaption` a caption.
            let mut content = false;
            any_word(item, &mut |w| {
                let mut lower = [0u8; MAX_WORD_BYTES];
                if w.len() > lower.len() {
                    return false;
                }
                for (l, b) in lower.iter_mut().zip(w.bytes()) {
                    *l = b.to_ascii_lowercase();
                }
                let w = std::str::from_utf8(&lower[..w.len()]).unwrap_or("");
                if CONTENT_WORDS.contains(&w) {
                    content = true;
                } else if let Some(list) = self.by_word.get(w) {
                    out.rules.extend_from_slice(list);
                    content = false;
                }
                false
            });
            out.content |= content;
        }
        out
    }

    fn wordless_only(&self, e: ElementRef, density: Option<f32>) -> Option<u16> {
        self.wordless
            .iter()
            .copied()
            .find(|&i| self.rules[i as usize].admits(e, density))
    }
}

/// What the words of one class or id value name (see [`BlockRules::first_match`]).
#[derive(Debug, Default)]
struct ValueWords {
    /// The enabled rules that list one of its words.
    rules: Vec<u16>,
    /// An item's last listed word names embedded content.
    content: bool,
}

/// What each class and id value of a page names, by value.
#[derive(Debug, Default)]
pub struct WordCache<'a>(FxHashMap<&'a str, ValueWords>);

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
        let mut joined = [0u8; MAX_WORD_BYTES];
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The first match of `rules` for a `<tag class=class>` element.
    fn first_in(rules: &BlockRules, tag: &str, class: &str) -> Option<u16> {
        let dom = crate::html::dom::parse(&format!("<body><{tag} class=\"{class}\"></{tag}>"));
        let id = (0..dom.len() as u32)
            .find(|&id| dom.element(id).is_some_and(|e| *e.name == *tag))
            .expect("the element");
        let cache = &mut WordCache::default();
        rules.first_match(dom.element(id).expect("an element"), None, cache)
    }

    fn first(class: &str) -> Option<String> {
        let rules = crate::html::builtin_block_rules();
        first_in(rules, "div", class).map(|i| rules.id(i).to_owned())
    }

    #[test]
    fn the_last_word_of_a_class_compound_decides() {
        assert_eq!(
            first("InlineImage-imageEmbedCaption").as_deref(),
            Some("chrome.caption")
        );
        assert_eq!(first("social-share-embed"), None);
        assert_eq!(first("robots-nocontent").as_deref(), Some("chrome.hidden"));
        assert_eq!(first("sr-only").as_deref(), Some("chrome.hidden"));
        assert_eq!(first("story-text"), None);
    }

    fn book(rule: &str) -> Result<crate::rules::RuleBook, String> {
        let text = format!(
            "[pack]\nid = \"p\"\nname = \"P\"\ndescription = \"d\"\nversion = \"1\"\n\
             [[rule]]\nid = \"p.r\"\ndescription = \"d\"\n{rule}\n"
        );
        crate::rules::RuleBook::from_texts(
            &[("p.toml", &text)],
            &crate::rules::RuleSelection::default(),
        )
        .map_err(|e| e.to_string())
    }

    /// Whether the pack rule `p.r` matches the first `<tag>` of `html`.
    fn role_rule_matches(rules: &BlockRules, html: &str, tag: &str) -> bool {
        let dom = crate::html::dom::parse(html);
        let id = (0..dom.len() as u32)
            .find(|&id| dom.element(id).is_some_and(|e| *e.name == *tag))
            .expect("the element");
        let hit = rules.first_match(dom.element(id).unwrap(), None, &mut WordCache::default());
        hit.is_some_and(|i| rules.id(i) == "p.r")
    }

    #[test]
    fn a_role_rule_matches_a_token_of_the_role_any_case_with_its_other_conditions() {
        let book = book("roles = [\"note\", \"Status\"]\ntags = [\"div\"]").unwrap();
        let rules = book.block_rules();
        for (html, hit) in [
            ("<div role=note>x</div>", true),
            ("<div role=\"STATUS\">x</div>", true),
            ("<div role=\"doc-example note\">x</div>", true),
            ("<div role=notes>x</div>", false),
            ("<div class=note>x</div>", false),
            ("<div>x</div>", false),
            ("<section role=note>x</section>", false),
        ] {
            let tag = if html.starts_with("<section") {
                "section"
            } else {
                "div"
            };
            assert_eq!(role_rule_matches(rules, html, tag), hit, "{html}");
        }
    }

    #[test]
    fn a_role_the_front_end_decides_or_not_a_role_name_is_refused() {
        let own = book("roles = [\"Navigation\"]").unwrap_err();
        assert!(
            own.contains("decided by the front-end itself (html.chrome.nav)"),
            "{own}"
        );
        let odd = book("roles = [\"note region\"]").unwrap_err();
        assert!(odd.contains("is not an ARIA role name"), "{odd}");
        let line = book("roles = [\"note\"]\nmax_words = 3").unwrap_err();
        assert!(line.contains("(`tags`, `words`, `roles`"), "{line}");
    }

    #[test]
    fn the_first_rule_in_load_order_wins_and_tags_must_match() {
        // `share` (chrome.share) comes after `related` (chrome.related) in the pack.
        assert_eq!(first("share related").as_deref(), Some("chrome.related"));
        let text = "[pack]\nid = \"p\"\nname = \"P\"\ndescription = \"d\"\nversion = \"1\"\n\
                    [[rule]]\nid = \"p.plug\"\ndescription = \"d\"\ntags = [\"aside\"]\nwords = [\"plug\"]\n";
        let book = crate::rules::RuleBook::from_texts(
            &[("p.toml", text)],
            &crate::rules::RuleSelection::default(),
        )
        .unwrap();
        let rules = book.block_rules();
        assert!(first_in(rules, "div", "podcast-plug").is_none());
        let hit = first_in(rules, "aside", "podcast-plug");
        assert_eq!(hit.map(|i| rules.id(i)), Some("p.plug"));
    }
}
