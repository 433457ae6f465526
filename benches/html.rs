//! Throughput of HTML pages through the whole chain (decode, parse, article decision, repair,
//! normalize, rules), page by page in one process, as MB/s of HTML.
//!
//! `cargo bench --bench html` runs on the HTML fixtures; set `NEWSCLEAN_BENCH_HTML` to a
//! folder of `.html` pages to measure on those instead (the README's figure uses the
//! boilerplate suite's 91 dev pages).

use std::path::PathBuf;

use divan::counter::BytesCount;
use divan::Bencher;
use newsclean::html::{self, InputFormat, Options};
use newsclean::{Cleaner, Config};

fn main() {
    divan::main();
}

fn pages() -> Vec<Vec<u8>> {
    let dir = std::env::var_os("NEWSCLEAN_BENCH_HTML")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures"));
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .collect();
    paths.sort();
    paths.iter().map(|p| std::fs::read(p).unwrap()).collect()
}

fn total(pages: &[Vec<u8>]) -> usize {
    pages.iter().map(Vec::len).sum()
}

/// Every page through the whole chain, as `newsclean page.html` cleans it.
#[divan::bench(sample_count = 10)]
fn whole_chain(bencher: Bencher) {
    let pages = pages();
    let cleaner = Cleaner::new(Config::default().with_input(InputFormat::Html)).unwrap();
    let mut out = Vec::with_capacity(1 << 20);
    bencher
        .counter(BytesCount::new(total(&pages)))
        .bench_local(|| {
            for page in &pages {
                out.clear();
                cleaner.clean_reader(&page[..], &mut out).unwrap();
            }
        });
}

/// The front-end alone: decode, parse and choose the article's blocks.
#[divan::bench(sample_count = 10)]
fn front_end(bencher: Bencher) {
    let pages = pages();
    bencher
        .counter(BytesCount::new(total(&pages)))
        .bench_local(|| {
            for page in &pages {
                divan::black_box(html::extract(page, None, Options::default()).unwrap());
            }
        });
}
