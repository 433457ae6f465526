//! Work done once at build time instead of on every run:
//!
//! - the embedded word list's index: where each word's line starts, and where the words of
//!   each first byte and of each pair of small letters begin. Built at run time, the index
//!   was a megabyte of heap, and finding the line starts read all 2 MB of the list into
//!   memory, on every run that needed one word looked up;
//! - the analysis of the built-in rule packs' patterns ([`analysed_rules`]): parsing them and
//!   finding their literals was most of the start-up.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

// The library's own analysis of a rule's pattern, compiled into this script, so that the
// table it writes is what loading a pack would find.
#[allow(dead_code)]
#[path = "src/rules/analysis.rs"]
mod analysis;
#[allow(dead_code)]
#[path = "src/rules/charclass.rs"]
mod charclass;
#[allow(dead_code)]
#[path = "src/rules/lazy.rs"]
mod lazy;
#[allow(dead_code)]
#[path = "src/rules/literals.rs"]
mod literals;
#[allow(dead_code)]
#[path = "src/rules/pack.rs"]
mod pack;
#[allow(dead_code)]
#[path = "src/rules/phrase_table.rs"]
mod phrase_table;
#[allow(dead_code)]
#[path = "src/rules/tail.rs"]
mod tail;

/// How `pack` reports a pack that does not parse (the library's error has more variants).
#[derive(Debug)]
#[allow(dead_code)]
enum RuleError {
    Invalid {
        file: String,
        line: Option<usize>,
        rule: Option<String>,
        message: String,
    },
}

const WORDS: &str = "src/repair/data/words.txt";
const RULES: &str = "rules";

fn main() {
    git_hash();
    analysed_rules();
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

/// `analysed_rules.rs`: for each pattern of the packs in `rules/` (as written, or made of its
/// phrases) and its case flag, the literals and anchor of each of its branches, sorted by
/// pattern and flag. Loading a rule whose pattern is in the table takes its analysis from there and
/// parses the pattern only when a line first reaches it. A pattern that loading would refuse,
/// or compile at once for its size, is left out: loading then checks and analyses it as it
/// does a user's (the test suite checks that every built-in pattern is in the table).
fn analysed_rules() {
    println!("cargo:rerun-if-changed={RULES}");
    for module in [
        "analysis",
        "charclass",
        "lazy",
        "literals",
        "pack",
        "phrase_table",
        "tail",
    ] {
        println!("cargo:rerun-if-changed=src/rules/{module}.rs");
    }
    let mut files: Vec<_> = std::fs::read_dir(RULES)
        .expect("the rule packs are part of the source")
        .map(|entry| entry.expect("the rules folder is readable").path())
        .filter(|path| path.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    let mut table: BTreeMap<(String, bool), Vec<analysis::BranchFacts>> = BTreeMap::new();
    for path in &files {
        let text = std::fs::read_to_string(path).expect("a rule pack is UTF-8 text");
        // A pack that does not parse is reported by the test suite, as loading reports it.
        let Ok(file) = pack::PackFile::parse(&path.display().to_string(), &text) else {
            continue;
        };
        for rule in &file.rules {
            // A rule without a pattern (or a block rule) is reported, or taken, by loading.
            let Ok(pattern) = analysis::rule_pattern(rule) else {
                continue;
            };
            let matched = analysis::with_case(&pattern, rule.case_sensitive);
            let Ok(hir) = regex_syntax::parse(&matched) else {
                continue;
            };
            if hir.properties().minimum_len() == Some(0) {
                continue;
            }
            let branches: Vec<_> = analysis::branches_with_tables(hir)
                .into_iter()
                .map(|(branch, _)| branch)
                .collect();
            if branches
                .iter()
                .any(|b| lazy::compiled_size(b) > lazy::SIZE_LIMIT as u64)
            {
                continue;
            }
            let facts = branches.iter().map(analysis::BranchFacts::of).collect();
            table.insert((pattern, rule.case_sensitive), facts);
        }
    }
    let set = |strings: &[Vec<u8>]| {
        let items: Vec<String> = strings
            .iter()
            .map(|s| format!("b\"{}\"", s.escape_ascii()))
            .collect();
        format!("&[{}]", items.join(", "))
    };
    let mut out = String::from("static ANALYSED: &[StaticPattern] = &[\n");
    for ((pattern, case_sensitive), facts) in &table {
        writeln!(
            out,
            "StaticPattern {{ pattern: {pattern:?}, case_sensitive: {case_sensitive}, branches: &["
        )
        .unwrap();
        for branch in facts {
            let literals = match &branch.literals {
                Some(strings) => format!("Some({})", set(strings)),
                None => "None".to_owned(),
            };
            let anchor = match &branch.anchor {
                Some(literals::Anchor::LineStart(prefixes)) => {
                    format!("Some((AnchorAt::LineStart, {}))", set(prefixes))
                }
                Some(literals::Anchor::FirstLetter(prefixes)) => {
                    format!("Some((AnchorAt::FirstLetter, {}))", set(prefixes))
                }
                None => "None".to_owned(),
            };
            writeln!(
                out,
                "    StaticBranch {{ literals: {literals}, anchor: {anchor} }},"
            )
            .unwrap();
        }
        writeln!(out, "]}},").unwrap();
    }
    out.push_str("];\n");
    let dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    std::fs::write(Path::new(&dir).join("analysed_rules.rs"), out).expect("OUT_DIR is writable");
}
