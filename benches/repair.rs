//! Throughput of the repair stage alone, beside the `plsfix` crate (a Rust port of ftfy) on
//! the same text in the same run: clean news text, and the same text as mojibake of each
//! kind the repairer handles.
//!
//! `cargo bench --bench repair --features compare-plsfix`; divan prints time per iteration
//! and MB/s. Without the feature, only newsclean's repair runs.

use std::path::Path;

use divan::counter::BytesCount;
use divan::Bencher;
use newsclean::repair::{Fix, Repairer};

fn main() {
    divan::main();
}

const SIZE: usize = 1 << 20;

/// The expected outputs in `fixtures/` (clean, mostly accented news text), repeated.
fn clean_lines() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut names: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".expected.txt"))
        .collect();
    names.sort();
    let mut lines = Vec::new();
    for path in names {
        lines.extend(
            std::fs::read_to_string(path)
                .unwrap()
                .lines()
                .filter(|l| !l.trim().is_empty())
                .map(str::to_owned),
        );
    }
    let total: usize = lines.iter().map(String::len).sum();
    let copies = SIZE / total.max(1) + 1;
    let mut out = Vec::with_capacity(lines.len() * copies);
    for _ in 0..copies {
        out.extend(lines.iter().cloned());
    }
    out
}

fn utf8_as_cp1252(line: &str) -> String {
    line.bytes()
        .map(|b| {
            let buf = [b];
            let (s, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(&buf);
            s.into_owned()
        })
        .collect()
}

/// Latin-1 reading with the C1 bytes dropped: the lossy kind.
fn utf8_as_latin1_noc1(line: &str) -> String {
    line.bytes()
        .filter(|b| !(0x80..0xA0).contains(b))
        .map(char::from)
        .collect()
}

fn corpus(kind: &str) -> Vec<String> {
    let clean = clean_lines();
    match kind {
        "clean" => clean,
        "cp1252" => clean.iter().map(|l| utf8_as_cp1252(l)).collect(),
        "lossy" => clean.iter().map(|l| utf8_as_latin1_noc1(l)).collect(),
        // What a crawl looks like: most lines clean, a third misread, some of those lossy.
        "third-mojibake" => clean
            .iter()
            .enumerate()
            .map(|(i, l)| match i % 6 {
                0 => utf8_as_cp1252(l),
                3 => utf8_as_latin1_noc1(l),
                _ => l.clone(),
            })
            .collect(),
        _ => unreachable!(),
    }
}

const KINDS: &[&str] = &["clean", "cp1252", "lossy", "third-mojibake"];

#[divan::bench(args = KINDS)]
fn newsclean_repair(bencher: Bencher, kind: &str) {
    let lines = corpus(kind);
    let bytes: usize = lines.iter().map(String::len).sum();
    let repairer = Repairer::new();
    bencher
        .counter(BytesCount::new(bytes))
        .with_inputs(|| lines.clone())
        .bench_local_values(|mut lines| {
            let mut doc = repairer.start_document();
            let mut fixes: Vec<Fix> = Vec::new();
            for line in &mut lines {
                doc.repair_line(line, &mut fixes);
                fixes.clear();
            }
            lines
        });
}

/// The same text with its lines joined by spaces into one line of about a megabyte (the
/// pieces `lines.rs` cuts a long line into): the stage must stay linear in line length.
#[divan::bench(args = KINDS)]
fn newsclean_repair_one_long_line(bencher: Bencher, kind: &str) {
    let line = corpus(kind).join(" ");
    let bytes = line.len();
    let repairer = Repairer::new();
    bencher
        .counter(BytesCount::new(bytes))
        .with_inputs(|| line.clone())
        .bench_local_values(|mut line| {
            let mut doc = repairer.start_document();
            let mut fixes: Vec<Fix> = Vec::new();
            doc.repair_line(&mut line, &mut fixes);
            line
        });
}

/// Only with `--features compare-plsfix`: plsfix and the ICU crates it needs are not built
/// by `cargo test`.
#[cfg(feature = "compare-plsfix")]
#[divan::bench(args = KINDS)]
fn plsfix_fix_text(bencher: Bencher, kind: &str) {
    let lines = corpus(kind);
    let bytes: usize = lines.iter().map(String::len).sum();
    bencher.counter(BytesCount::new(bytes)).bench_local(|| {
        let mut total = 0;
        for line in &lines {
            total += plsfix::fix_text(line, None).len();
        }
        total
    });
}
