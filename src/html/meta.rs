//! What a page says about itself: `<meta>` and Open Graph tags, `<link rel=canonical>`,
//! `<html lang>`, `<title>`, and JSON-LD `NewsArticle` (and its kin) objects.

use html5ever::local_name;
use serde_json::Value;

use super::dom::{Data, Dom, Id, ROOT};

/// A page's metadata. Every field is optional: pages say what they say.
#[derive(Debug, Default, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Metadata {
    /// The headline: JSON-LD `headline`, `og:title`, or `<title>`.
    pub title: Option<String>,
    /// JSON-LD `author` names, or the `author` meta tag.
    pub author: Option<String>,
    /// JSON-LD `datePublished`, or `article:published_time` and its kin, as written.
    pub date: Option<String>,
    /// `<link rel=canonical>`, or `og:url`.
    pub url: Option<String>,
    /// `<html lang>`, or `og:locale`.
    pub language: Option<String>,
    /// `og:site_name`.
    pub site_name: Option<String>,
    /// JSON-LD `articleBody`: the publisher's own copy of the text, a reference for which
    /// blocks are the article (not printed: pages often cut or reformat it).
    #[serde(skip)]
    pub body: Option<String>,
    /// `og:title` / `twitter:title` / JSON-LD `headline`, the `<title>` as a last resort.
    #[serde(skip)]
    pub headlines: Vec<String>,
}

/// Reads the metadata of a parsed page.
pub fn read(dom: &Dom) -> Metadata {
    let mut found = Found::default();
    let mut stack = vec![ROOT];
    while let Some(id) = stack.pop() {
        if let Data::Element(e) = dom.data(id) {
            match e.name {
                local_name!("meta") => found.meta(
                    e.attr(&local_name!("property")),
                    e.attr(&local_name!("name")),
                    e.attr(&local_name!("itemprop")),
                    e.attr(&local_name!("content")),
                ),
                local_name!("link") => {
                    let canonical = e.attr(&local_name!("rel")).is_some_and(|r| {
                        r.split_ascii_whitespace()
                            .any(|w| w.eq_ignore_ascii_case("canonical"))
                    });
                    if canonical {
                        set(&mut found.canonical, e.attr(&local_name!("href")));
                    }
                }
                local_name!("html") => set(&mut found.language, e.attr(&local_name!("lang"))),
                local_name!("title") if found.title_tag.is_none() => {
                    let mut text = String::new();
                    dom.text_of(id, &mut text);
                    set(&mut found.title_tag, Some(&text));
                }
                local_name!("script") if e.keeps_text => found.json_ld(dom, id),
                _ => {}
            }
        }
        let first = stack.len();
        stack.extend(dom.children(id));
        stack[first..].reverse();
    }
    found.finish()
}

#[derive(Default)]
struct Found {
    og_title: Option<String>,
    title_tag: Option<String>,
    ld_headline: Option<String>,
    author: Option<String>,
    ld_author: Option<String>,
    date: Option<String>,
    ld_date: Option<String>,
    og_url: Option<String>,
    canonical: Option<String>,
    language: Option<String>,
    og_locale: Option<String>,
    site_name: Option<String>,
    body: Option<String>,
}

fn set(slot: &mut Option<String>, value: Option<&str>) {
    if slot.is_none() {
        if let Some(v) = value.map(collapse).filter(|v| !v.is_empty()) {
            *slot = Some(v);
        }
    }
}

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl Found {
    fn meta(
        &mut self,
        property: Option<&str>,
        name: Option<&str>,
        itemprop: Option<&str>,
        content: Option<&str>,
    ) {
        let key = property
            .or(name)
            .or(itemprop)
            .unwrap_or("")
            .to_ascii_lowercase();
        match key.as_str() {
            "og:title" | "twitter:title" => set(&mut self.og_title, content),
            "og:url" => set(&mut self.og_url, content),
            "og:site_name" => set(&mut self.site_name, content),
            "og:locale" => set(&mut self.og_locale, content),
            "author" | "article:author" | "byl" | "dc.creator" | "parsely-author"
            | "sailthru.author" => {
                set(&mut self.author, content.filter(|c| !c.starts_with("http")))
            }
            "article:published_time"
            | "datepublished"
            | "date"
            | "pubdate"
            | "dc.date"
            | "dc.date.issued"
            | "parsely-pub-date"
            | "sailthru.date" => set(&mut self.date, content),
            _ => {}
        }
    }

    fn json_ld(&mut self, dom: &Dom, script: Id) {
        let mut raw = String::new();
        dom.text_of(script, &mut raw);
        // Raw line breaks and tabs inside strings are common and invalid JSON.
        let cleaned: String = raw
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        let Ok(value) = serde_json::from_str::<Value>(cleaned.trim().trim_end_matches(';')) else {
            return;
        };
        let mut pending = vec![&value];
        let mut seen = 0;
        while let Some(v) = pending.pop() {
            seen += 1;
            if seen > 10_000 {
                return;
            }
            match v {
                Value::Array(items) => pending.extend(items.iter().rev()),
                Value::Object(map) => {
                    if let Some(graph) = map.get("@graph") {
                        pending.push(graph);
                    }
                    if is_article(map.get("@type")) {
                        self.article(map);
                    }
                    if let Some(main) = map.get("mainEntity").or(map.get("mainEntityOfPage")) {
                        if main.is_object() {
                            pending.push(main);
                        }
                    }
                }
                _ => {}
            }
        }
    }

    fn article(&mut self, map: &serde_json::Map<String, Value>) {
        let text = |key: &str| map.get(key).and_then(Value::as_str);
        set(&mut self.ld_headline, text("headline").or(text("name")));
        set(
            &mut self.ld_date,
            text("datePublished").or(text("dateCreated")),
        );
        if self
            .body
            .as_ref()
            .is_none_or(|b| b.len() < text("articleBody").map_or(0, str::len))
        {
            self.body = None;
            set(&mut self.body, text("articleBody"));
        }
        set(
            &mut self.ld_author,
            author_name(map.get("author")).as_deref(),
        );
    }

    fn finish(self) -> Metadata {
        let mut headlines: Vec<String> = [&self.og_title, &self.ld_headline, &self.title_tag]
            .into_iter()
            .flatten()
            .cloned()
            .collect();
        headlines.dedup();
        Metadata {
            title: self.ld_headline.or(self.og_title).or(self.title_tag),
            author: self.ld_author.or(self.author),
            date: self.ld_date.or(self.date),
            url: self.canonical.or(self.og_url),
            language: self
                .language
                .or(self.og_locale.map(|l| l.replace('_', "-"))),
            site_name: self.site_name,
            body: self.body,
            headlines,
        }
    }
}

/// `NewsArticle`, `Article`, `BlogPosting`, `ReportageNewsArticle`... alone or in a list.
fn is_article(kind: Option<&Value>) -> bool {
    let is = |name: &str| {
        name.ends_with("Article")
            || name == "BlogPosting"
            || name == "Report"
            || name == "LiveBlogPosting"
    };
    match kind {
        Some(Value::String(s)) => is(s),
        Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).any(is),
        _ => false,
    }
}

/// `"author": "Name"`, `{"name": ...}` or a list of those.
fn author_name(author: Option<&Value>) -> Option<String> {
    match author? {
        Value::String(s) => Some(s.clone()),
        Value::Object(map) => map.get("name").and_then(Value::as_str).map(str::to_owned),
        Value::Array(items) => {
            let names: Vec<String> = items.iter().filter_map(|i| author_name(Some(i))).collect();
            (!names.is_empty()).then(|| names.join(", "))
        }
        _ => None,
    }
}
