//! Throughput of the whole pipeline and of the stages the lead owns (decode, lines,
//! normalize), on the bundled articles repeated to 4 MiB, clean and as mojibake.
//!
//! `cargo bench --bench pipeline`; divan prints time per iteration and MB/s.

use std::path::Path;

use divan::counter::BytesCount;
use divan::Bencher;
use newsclean::lines::{Line, LineSplitter, MAX_LINE_BYTES};
use newsclean::normalize::normalize_line;
use newsclean::{Cleaner, Config};

fn main() {
    divan::main();
}

const SIZE: usize = 4 << 20;

/// The clean articles in `fixtures/`, repeated to `SIZE` bytes.
fn news() -> String {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut one = String::new();
    let mut names: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    for path in names {
        if path.to_string_lossy().ends_with(".expected.txt") {
            one.push_str(&std::fs::read_to_string(path).unwrap());
        }
    }
    one.repeat(SIZE / one.len() + 1)
}

/// Every third line turned into UTF-8-read-as-Windows-1252 mojibake.
fn mojibake() -> String {
    news()
        .lines()
        .enumerate()
        .map(|(i, line)| {
            if i % 3 == 0 {
                let (cow, _, _) = encoding_rs::WINDOWS_1252.decode(line.as_bytes());
                format!("{cow}\n")
            } else {
                format!("{line}\n")
            }
        })
        .collect()
}

fn run(bencher: Bencher, config: Config, text: String) {
    let cleaner = Cleaner::new(config).unwrap();
    let mut out = Vec::with_capacity(text.len());
    bencher.counter(BytesCount::of_str(&text)).bench_local(|| {
        out.clear();
        cleaner.clean_reader(text.as_bytes(), &mut out).unwrap();
    });
}

#[divan::bench]
fn full_pipeline_news(bencher: Bencher) {
    run(bencher, Config::default(), news());
}

#[divan::bench]
fn full_pipeline_mojibake(bencher: Bencher) {
    run(bencher, Config::default(), mojibake());
}

#[divan::bench]
fn decode_and_normalize_only(bencher: Bencher) {
    run(
        bencher,
        Config::default().with_repair(false).with_boilerplate(false),
        news(),
    );
}

#[divan::bench]
fn split_lines(bencher: Bencher) {
    let text = news();
    bencher.counter(BytesCount::of_str(&text)).bench_local(|| {
        let mut n = 0usize;
        let mut splitter = LineSplitter::new(MAX_LINE_BYTES);
        let mut count = |line: Line| -> Result<Option<String>, ()> {
            n += 1;
            Ok(Some(line.text))
        };
        splitter.push(&text, &mut count).unwrap();
        splitter.finish(&mut count).unwrap();
        n
    });
}

#[divan::bench]
fn normalize_lines(bencher: Bencher) {
    let lines: Vec<String> = news().lines().map(str::to_owned).collect();
    let bytes: usize = lines.iter().map(String::len).sum();
    bencher.counter(BytesCount::new(bytes)).bench_local(|| {
        for line in &lines {
            let mut l = line.clone();
            normalize_line(&mut l, true, true);
            divan::black_box(l);
        }
    });
}
