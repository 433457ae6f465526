//! Indexes the embedded word list at build time: where each word's line starts, and where
//! the words of each first byte and of each pair of small letters begin. Built at run time,
//! the index was a megabyte of heap, and finding the line starts read all 2 MB of the list
//! into memory, on every run that needed one word looked up.

use std::fmt::Write as _;
use std::path::Path;

const WORDS: &str = "src/repair/data/words.txt";

fn main() {
    git_hash();
    println!("cargo:rerun-if-changed={WORDS}");
    let words = std::fs::read(WORDS).expect("the word list is part of the source");
    let header_end = words
        .iter()
        .position(|&b| b == b'\n')
        .map_or(words.len(), |i| i + 1);
    let mut starts: Vec<u32> = Vec::with_capacity(250_000);
    let mut pos = header_end;
    for (i, &b) in words.iter().enumerate().skip(header_end) {
        if b == b'\n' {
            starts.push(pos as u32);
            pos = i + 1;
        }
    }
    let first: Vec<u32> = (0..=256usize)
        .map(|b| starts.partition_point(|&s| usize::from(words[s as usize]) < b) as u32)
        .collect();
    let two = |s: u32| {
        (
            words[s as usize],
            words.get(s as usize + 1).copied().unwrap_or(0),
        )
    };
    let pairs: Vec<(u32, u32)> = (0..26 * 26)
        .map(|k| {
            let key = (b'a' + (k / 26) as u8, b'a' + (k % 26) as u8);
            let start = starts.partition_point(|&s| two(s) < key);
            let end = start + starts[start..].partition_point(|&s| two(s) == key);
            (start as u32, end as u32)
        })
        .collect();

    let mut out = String::new();
    let list = |out: &mut String, name: &str, ty: &str, items: Vec<String>| {
        writeln!(out, "static {name}: [{ty}; {}] = [", items.len()).unwrap();
        for chunk in items.chunks(16) {
            writeln!(out, "{},", chunk.join(",")).unwrap();
        }
        writeln!(out, "];").unwrap();
    };
    list(
        &mut out,
        "WORD_STARTS",
        "u32",
        starts.iter().map(u32::to_string).collect(),
    );
    list(
        &mut out,
        "WORD_FIRST",
        "u32",
        first.iter().map(u32::to_string).collect(),
    );
    list(
        &mut out,
        "WORD_PAIRS",
        "(u32, u32)",
        pairs.iter().map(|(a, b)| format!("({a},{b})")).collect(),
    );
    let dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    std::fs::write(Path::new(&dir).join("word_index.rs"), out).expect("OUT_DIR is writable");
}

/// `NEWSCLEAN_GIT_HASH` for `--version`: the commit built, or `unknown commit` outside a
/// git checkout (a crates.io download).
fn git_hash() {
    let git = |args: &[&str]| {
        std::process::Command::new("git")
            .args(args)
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
    };
    let version = match git(&["rev-parse", "--short=10", "HEAD"]) {
        Some(hash) => format!("git {hash}"),
        None => "unknown commit".to_owned(),
    };
    println!("cargo:rustc-env=NEWSCLEAN_GIT_HASH={version}");
    // A commit moves the branch HEAD points to; a checkout moves HEAD itself. Only files
    // that exist are watched (cargo reruns the script on every build for a missing one).
    let branch = git(&["symbolic-ref", "-q", "HEAD"]);
    let watched = ["HEAD", branch.as_deref().unwrap_or("HEAD"), "packed-refs"];
    for path in watched {
        if let Some(file) = git(&["rev-parse", "--git-path", path]) {
            if Path::new(&file).exists() {
                println!("cargo:rerun-if-changed={file}");
            }
        }
    }
}
