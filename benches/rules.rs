//! The boilerplate stage on its own: one line against the rule set (a long paragraph passes
//! the length gate and meets only the few long-line rules; a short line meets them all),
//! a whole page through the streaming filter, and the scraped pages of `fixtures/` through
//! it with the built-in packs and with ten times as many rules (MB/s should drop about
//! linearly with the rules a line meets, never worse).
//!
//! `cargo bench --bench rules`

use std::path::Path;

use divan::counter::BytesCount;
use newsclean::lines::Line;
use newsclean::rules::{RuleBook, RuleSelection, Verdict};

fn main() {
    divan::main();
}

fn book() -> RuleBook {
    RuleBook::from_selection(&RuleSelection::default()).expect("built-in packs load")
}

/// The built-in packs, each also loaded `copies - 1` more times under new ids.
fn book_with_copies(copies: usize) -> RuleBook {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    let mut packs = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let id = path.file_stem().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&path).unwrap();
        for copy in 0..copies {
            let renamed: String = text
                .lines()
                .map(|line| match line.starts_with("id = ") && copy > 0 {
                    true => line.replacen(&format!("\"{id}"), &format!("\"{id}-{copy}"), 1),
                    false => line.to_owned(),
                })
                .collect::<Vec<_>>()
                .join("\n");
            packs.push((format!("{id}-{copy}.toml"), renamed));
        }
    }
    let packs: Vec<(&str, &str)> = packs.iter().map(|(n, t)| (&**n, &**t)).collect();
    RuleBook::from_texts(&packs, &RuleSelection::default()).expect("generated packs load")
}

/// The lines of the scraped pages in `fixtures/` (the inputs, boilerplate and all).
fn scraped_lines() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let name = p.to_string_lossy();
            name.ends_with(".txt") && !name.ends_with(".expected.txt")
        })
        .collect();
    paths.sort();
    let mut lines = Vec::new();
    for path in paths {
        // Fixtures in other encodings or binary are not this bench's business.
        if let Ok(text) = std::fs::read_to_string(path) {
            lines.extend(text.lines().map(str::to_owned));
        }
    }
    lines
}

#[divan::bench(args = [1, 10])]
fn scraped_pages_through_the_filter(bencher: divan::Bencher, copies: usize) {
    let book = book_with_copies(copies);
    let lines = scraped_lines();
    let bytes: usize = lines.iter().map(|l| l.len() + 1).sum();
    bencher
        .counter(BytesCount::new(bytes))
        .bench_local(|| filter_all(&book, &lines));
}

/// Runs the lines through one document's filter; returns how many were dropped.
fn filter_all(book: &RuleBook, lines: &[String]) -> usize {
    let mut dropped = 0usize;
    let mut emit = |_: Line, verdict: Verdict<'_>| {
        dropped += usize::from(verdict != Verdict::Keep);
        Ok(())
    };
    let mut filter = book.start_document();
    for (i, text) in lines.iter().enumerate() {
        let line = Line {
            text: text.clone(),
            number: i as u64 + 1,
            partial: false,
        };
        filter.push(line, &mut emit).unwrap();
    }
    filter.finish(&mut emit).unwrap();
    dropped
}

const LONG_PARAGRAPH: &str = "Russia and the United States shook hands yesterday on an \
    agreement to resume full diplomatic relations and establish peace talks, cementing an \
    extraordinary reversal of international policy, while officials on both sides said the \
    embassies would be fully staffed again within weeks and that further meetings were planned \
    for the spring in a neutral capital.";

const SHORT_LINE: &str = "Sign up to our free breaking news emails";

#[divan::bench]
fn long_paragraph_against_all_rules(bencher: divan::Bencher) {
    let book = book();
    bencher.bench_local(|| book.matching_rules(divan::black_box(LONG_PARAGRAPH)).len());
}

#[divan::bench]
fn short_line_against_all_rules(bencher: divan::Bencher) {
    let book = book();
    bencher.bench_local(|| book.matching_rules(divan::black_box(SHORT_LINE)).len());
}

/// A page shaped like a scraped news page: a menu, the article, a teaser list, a footer.
fn page() -> Vec<String> {
    let mut lines = Vec::new();
    for i in 0..60 {
        lines.push(format!("Section {i}"));
    }
    lines.push("Sign up to our free breaking news emails".into());
    for i in 0..30 {
        lines.push(format!("{LONG_PARAGRAPH} ({i})"));
        if i % 7 == 3 {
            lines.push("Advertisement".into());
        }
    }
    lines.push("Most read".into());
    for i in 0..40 {
        lines.push(format!(
            "A teaser headline about something else, number {i}"
        ));
    }
    lines.push("© 2024 Example Media. All rights reserved.".into());
    lines
}

#[divan::bench]
fn page_through_the_filter(bencher: divan::Bencher) {
    let book = book();
    let page = page();
    let bytes: usize = page.iter().map(|l| l.len() + 1).sum();
    bencher
        .counter(BytesCount::new(bytes))
        .bench_local(|| filter_all(&book, &page));
}
