//! The boilerplate stage on its own: one line against the rule set (a long paragraph passes
//! the length gate and meets only the few long-line rules; a short line meets them all),
//! and a whole page through the streaming filter.

use newsclean::lines::Line;
use newsclean::rules::{RuleBook, RuleSelection, Verdict};

fn main() {
    divan::main();
}

fn book() -> RuleBook {
    RuleBook::from_selection(&RuleSelection::default()).expect("built-in packs load")
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
        .counter(divan::counter::BytesCount::new(bytes))
        .bench_local(|| {
            let mut dropped = 0usize;
            let mut emit = |_: Line, verdict: Verdict<'_>| {
                dropped += usize::from(verdict != Verdict::Keep);
                Ok(())
            };
            let mut filter = book.start_document();
            for (i, text) in page.iter().enumerate() {
                let line = Line {
                    text: text.clone(),
                    number: i as u64 + 1,
                    partial: false,
                };
                filter.push(line, &mut emit).unwrap();
            }
            filter.finish(&mut emit).unwrap();
            dropped
        });
}
