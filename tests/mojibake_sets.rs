//! The repair stage on whole case sets, through the real binary:
//!
//! * `tests/data/mojibake-real.jsonl`: real mojibake collected from public files (each case
//!   with its source) and real clean text in languages that write `â`, `Ã`, `ã` (Welsh, Cree,
//!   Portuguese, Romanian, Vietnamese, French) and maths, which must come out unchanged.
//! * `tests/data/mojibake-dev-cases.jsonl`: the synthetic development cases (`corrupted` →
//!   `clean`), see docs/mojibake.md.
//! * `tests/data/mojibake-heldout-cases.jsonl`: synthetic cases made the same way from other
//!   text (`tests/data/mojibake-heldout-clean.txt`), with a floor for each group.
//! * `tests/data/mojibake-fresh-cases.jsonl`: the same from public-domain books in twelve
//!   languages (tools/mojibake/README.md), with a floor for each group.
//! * Clean prose (`tests/data/mojibake-clean-prose.txt` and others) that repair must not
//!   change, paragraph by paragraph and in random documents.
//!
//! And idempotence: repairing repaired text changes nothing, on both sets and on random text.

mod prose_corpus;

use std::sync::OnceLock;

use assert_cmd::Command;
use newsclean::{Cleaner, Config};
use proptest::prelude::*;
use serde_json::Value;

fn read_cases(name: &str) -> Vec<Value> {
    let path = format!("{}/tests/data/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{path}: {e}"))
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON case"))
        .collect()
}

/// Runs the binary once over `texts` (one JSON record each) and returns the cleaned texts.
fn clean_all(texts: &[String]) -> Vec<String> {
    let input: String = texts
        .iter()
        .map(|t| serde_json::json!({ "text": t }).to_string() + "\n")
        .collect();
    let out = Command::cargo_bin("newsclean")
        .unwrap()
        .args(["--jsonl", "--keep-boilerplate", "-q"])
        .write_stdin(input)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8(out).expect("UTF-8 output");
    let cleaned: Vec<String> = out
        .lines()
        .map(|l| {
            let v: Value = serde_json::from_str(l).expect("a JSON record");
            v["text"].as_str().expect("a text field").to_owned()
        })
        .collect();
    assert_eq!(cleaned.len(), texts.len());
    cleaned
}

/// Compares as the mojibake scorer does: lines stripped, runs of spaces (and no-break
/// spaces) as one space, empty lines dropped.
fn same_text(a: &str, b: &str) -> bool {
    let norm = |s: &str| -> Vec<String> {
        s.lines()
            .map(|l| {
                l.split([' ', '\t', '\u{A0}', '\u{202F}'])
                    .filter(|w| !w.is_empty())
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .filter(|l| !l.is_empty())
            .collect()
    };
    norm(a) == norm(b)
}

#[test]
fn real_world_cases_and_no_false_positive() {
    let cases = read_cases("mojibake-real.jsonl");
    let inputs: Vec<String> = cases
        .iter()
        .map(|c| c["text"].as_str().unwrap().to_owned())
        .collect();
    let outputs = clean_all(&inputs);
    let mut changed_clean = Vec::new();
    let (mut damaged, mut repaired) = (0, 0);
    for (case, out) in cases.iter().zip(&outputs) {
        let expected = case["expected"].as_str().unwrap();
        let ok = same_text(out, expected);
        if case["kind"] == "clean" {
            if !ok {
                changed_clean.push(format!("{}: {expected:?} -> {out:?}", case["id"]));
            }
        } else {
            damaged += 1;
            repaired += usize::from(ok);
        }
    }
    assert!(
        changed_clean.is_empty(),
        "clean real text changed:\n{}",
        changed_clean.join("\n")
    );
    // 62 of 69 at the time of writing (docs/mojibake.md lists the ones it will not guess).
    assert!(
        repaired * 100 >= damaged * 85,
        "only {repaired} of {damaged} real cases repaired"
    );
}

/// The scorer's group of a synthetic case: its mode, and for the lossy modes whether a
/// letter (not punctuation the context restores) lost a byte 0x80–0x9F.
fn case_group(case: &Value) -> String {
    const CONTEXT_PUNCT: &str = "‘’‚“”„–—…•€™†‡‰‹›";
    let mode = case["mode"].as_str().unwrap();
    if !mode.starts_with("latin1-noc1") {
        return mode.to_owned();
    }
    let lost_letter = case["clean"].as_str().unwrap().chars().any(|c| {
        let mut buf = [0; 4];
        let bytes = c.encode_utf8(&mut buf).as_bytes();
        !CONTEXT_PUNCT.contains(c) && bytes[1..].iter().any(|b| (0x80..=0x9F).contains(b))
    });
    format!("{mode}/{}", if lost_letter { "letters" } else { "punct" })
}

/// Held-out synthetic cases: `tests/data/mojibake-heldout-clean.txt` (news paragraphs never
/// used to write a rule) through the scorer's corruption model (`corrupt.py --seed 4242
/// --prefix held --mixed 30`, docs/mojibake.md). Every case passes or fails as the scorer
/// judges it; the floors sit just under the figures of this state, so a change that
/// loses held-out cases fails here.
#[test]
fn heldout_synthetic_cases() {
    check_floors(
        "mojibake-heldout-cases.jsonl",
        &[
            ("clean", 100.0),
            ("cp1252", 100.0),
            ("cp1252-double", 100.0),
            ("latin1", 100.0),
            ("macroman", 100.0),
            ("nbsp", 100.0),
            ("latin1-noc1/punct", 100.0),
            ("latin1-noc1-reread/punct", 100.0),
            ("latin1-noc1/letters", 71.0),
            ("latin1-noc1-reread/letters", 71.0),
            ("mixed", 83.0),
        ],
        95.9,
    );
}

/// The fresh held-out set: paragraphs of public-domain books in twelve languages
/// (`tests/data/mojibake-fresh-clean.txt`, made by `tools/mojibake/fresh-source.py`, see
/// tools/mojibake/README.md) through `corrupt.py --seed 31337 --prefix fresh2 --mixed 30`.
/// Scored, never read for rules; the floors are the figures of this state.
#[test]
fn fresh_heldout_cases() {
    check_floors(
        "mojibake-fresh-cases.jsonl",
        &[
            ("clean", FRESH_CLEAN),
            ("cp1252", 100.0),
            ("cp1252-double", 100.0),
            ("latin1", 100.0),
            ("macroman", 100.0),
            ("nbsp", 97.0),
            ("latin1-noc1/punct", FRESH_PUNCT),
            ("latin1-noc1-reread/punct", 100.0),
            ("latin1-noc1/letters", FRESH_LETTERS),
            ("latin1-noc1-reread/letters", 19.5),
            ("mixed", 89.5),
        ],
        FRESH_OVERALL,
    );
}

/// A second development set: news-like paragraphs written for it in fourteen languages
/// (`tests/data/mojibake-devmix-clean.txt`) through `corrupt.py --seed 4242 --prefix devmix
/// --mixed 150` (tools/mojibake/README.md), for the damage that meets in one window. Read for
/// rules like the first; the floors are the figures of this state.
#[test]
fn devmix_cases() {
    check_floors(
        "mojibake-devmix-cases.jsonl",
        &[
            ("clean", 100.0),
            ("cp1252", 100.0),
            ("cp1252-double", 100.0),
            ("latin1", 100.0),
            ("macroman", 100.0),
            ("nbsp", 100.0),
            ("latin1-noc1/punct", 96.0),
            ("latin1-noc1-reread/punct", 95.0),
            ("latin1-noc1/letters", 72.0),
            ("latin1-noc1-reread/letters", 72.0),
            ("mixed", 92.0),
        ],
        95.0,
    );
}

/// A third held-out set: `tests/data/mojibake-news3-clean.txt` (65 news paragraphs in
/// seventeen languages written for it) through `corrupt.py --seed 5150 --prefix news3
/// --mixed 30` (tools/mojibake/README.md). Scored before and after the rules of its commit;
/// its failures were read by kind in session 15 (Swedish quotation marks), so it is no longer
/// unseen. The floors are the figures of this state.
#[test]
fn news3_heldout_cases() {
    check_floors(
        "mojibake-news3-cases.jsonl",
        &[
            ("clean", 100.0),
            ("cp1252", 100.0),
            ("cp1252-double", 100.0),
            ("latin1", 100.0),
            ("macroman", 100.0),
            ("nbsp", 100.0),
            ("latin1-noc1/punct", 96.5),
            ("latin1-noc1-reread/punct", 95.0),
            ("latin1-noc1/letters", 60.0),
            ("latin1-noc1-reread/letters", 60.0),
            ("mixed", 80.0),
        ],
        93.9,
    );
}

/// Floors of the fresh set (docs/mojibake.md has the figures).
const FRESH_OVERALL: f64 = 85.9;
const FRESH_CLEAN: f64 = 100.0;
const FRESH_PUNCT: f64 = 100.0;
const FRESH_LETTERS: f64 = 21.5;

/// Runs a synthetic case set through the binary and holds each group and the whole set to
/// its floor (per cent of cases passed).
fn check_floors(set: &str, floors: &[(&str, f64)], overall: f64) {
    let cases = read_cases(set);
    let inputs: Vec<String> = cases
        .iter()
        .map(|c| c["corrupted"].as_str().unwrap().to_owned())
        .collect();
    let outputs = clean_all(&inputs);
    let mut groups: std::collections::BTreeMap<String, (usize, usize)> = Default::default();
    for (case, out) in cases.iter().zip(&outputs) {
        let entry = groups.entry(case_group(case)).or_default();
        entry.0 += 1;
        entry.1 += usize::from(same_text(out, case["clean"].as_str().unwrap()));
    }
    let (total, passed) = groups
        .values()
        .fold((0, 0), |(t, p), &(n, ok)| (t + n, p + ok));
    let report: Vec<String> = groups
        .iter()
        .map(|(g, (n, ok))| format!("{g}: {ok}/{n}"))
        .collect();
    for &(group, floor) in floors {
        let (n, ok) = groups[group];
        assert!(
            ok as f64 * 100.0 >= floor * n as f64,
            "{set}: {group} below {floor} %: {}",
            report.join(", ")
        );
    }
    assert!(
        passed as f64 * 100.0 >= overall * total as f64,
        "{set}: {passed} of {total} cases: {}",
        report.join(", ")
    );
}

#[test]
fn repairing_repaired_text_changes_nothing() {
    let mut inputs: Vec<String> = read_cases("mojibake-real.jsonl")
        .iter()
        .map(|c| c["text"].as_str().unwrap().to_owned())
        .collect();
    inputs.extend(
        read_cases("mojibake-dev-cases.jsonl")
            .iter()
            .map(|c| c["corrupted"].as_str().unwrap().to_owned()),
    );
    let once = clean_all(&inputs);
    let twice = clean_all(&once);
    let differ: Vec<String> = once
        .iter()
        .zip(&twice)
        .filter(|(a, b)| a != b)
        .map(|(a, b)| format!("{a:?}\n  -> {b:?}"))
        .collect();
    assert!(
        differ.is_empty(),
        "{} changed:\n{}",
        differ.len(),
        differ.join("\n")
    );
}

fn repairer() -> &'static Cleaner {
    static CLEANER: OnceLock<Cleaner> = OnceLock::new();
    CLEANER.get_or_init(|| {
        Cleaner::new(Config::default().with_repair(true).with_boilerplate(false)).unwrap()
    })
}

/// The same pipeline without the repair stage: what clean text must come out as.
fn no_repair() -> &'static Cleaner {
    static CLEANER: OnceLock<Cleaner> = OnceLock::new();
    CLEANER.get_or_init(|| {
        Cleaner::new(Config::default().with_repair(false).with_boilerplate(false)).unwrap()
    })
}

/// Clean paragraphs in the languages the repair stage knows and in those that write its
/// leads as letters: public-domain books (`tests/data/mojibake-clean-prose.txt`: Creangă in
/// Romanian, Beaugrand in Canadian French, de Coster in Flemish; tools/mojibake/README.md),
/// the prose corpus (`tests/data/prose`), the held-out news paragraphs (both sets) and the real-world
/// set's clean texts (Welsh, Cree, Portuguese, Romanian, Vietnamese, maths…).
fn clean_paragraphs() -> &'static [String] {
    static PARAGRAPHS: OnceLock<Vec<String>> = OnceLock::new();
    PARAGRAPHS.get_or_init(|| {
        let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
        let mut files = vec![
            data.join("mojibake-clean-prose.txt"),
            data.join("mojibake-heldout-clean.txt"),
            data.join("mojibake-news2-clean.txt"),
            data.join("mojibake-news3-clean.txt"),
        ];
        files.extend(prose_corpus::files());
        let mut paragraphs: Vec<String> = files
            .iter()
            .flat_map(|f| {
                std::fs::read_to_string(f)
                    .unwrap()
                    .lines()
                    .filter(|l| !l.trim().is_empty())
                    .map(str::to_owned)
                    .collect::<Vec<_>>()
            })
            .collect();
        paragraphs.extend(
            read_cases("mojibake-real.jsonl")
                .iter()
                .filter(|c| c["kind"] == "clean")
                .map(|c| c["text"].as_str().unwrap().to_owned()),
        );
        paragraphs
    })
}

/// Every clean paragraph, and all of them as one document (where evidence of lossy damage
/// would carry from line to line), comes out of repair as it went in.
#[test]
fn repair_never_changes_clean_prose() {
    let paragraphs = clean_paragraphs();
    assert!(paragraphs.len() > 1000);
    let changed: Vec<String> = paragraphs
        .iter()
        .filter(|p| repairer().clean_str(p) != no_repair().clean_str(p))
        .map(|p| format!("{p:?} -> {:?}", repairer().clean_str(p)))
        .collect();
    assert!(changed.is_empty(), "{}", changed.join("\n"));
    let document = paragraphs.join("\n");
    assert_eq!(
        repairer().clean_str(&document),
        no_repair().clean_str(&document)
    );
}

/// Text made of the pieces lossy and reversible repairs decide on: bare `â`, `Ã` + spaces,
/// `€™`, `â€`, words of languages that write `â`, repaired letters beside damaged ones.
fn mojibake_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => "[a-z]{1,9}",
        3 => Just(" ".to_owned()),
        3 => prop::sample::select(vec![
            "â", "Ã", "Ã ", "Ã  la", "Ã s", "€™", "â€", "â€œ", "â€™", "Ã¢", "Ã©", "Ð", "Ñ", "Ð¿",
            "Ä", "Å", "Ĺ", "Ă", "â'r", "mitâs", "wonât", "âstâ", "Itâs", "get_bdev", "/usr",
            "’", "“", "”", "é", "ê", "ă", "ș", "ŵ", ".", ",", ":", "\"", "'", "\n", "\u{a0}",
            "â¦", "â¢", "2019", "Câm.", "pâine", "mâine", "Ngá»i",
        ])
        .prop_map(str::to_owned),
    ];
    prop::collection::vec(piece, 0..60).prop_map(|p| p.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    /// Repair runs its passes until one changes nothing, so a second cleaning finds nothing
    /// left: a restored `…` beside a lead (`Ã…`), a word freed of a lost `â¢`.
    #[test]
    fn repair_is_idempotent_on_random_mojibake(text in mojibake_text()) {
        let once = repairer().clean_str(&text);
        let twice = repairer().clean_str(&once);
        prop_assert_eq!(once, twice);
    }

    /// Clean paragraphs in any order and company (a document mixing Romanian, Welsh and
    /// Russian) come out of repair unchanged.
    #[test]
    fn repair_never_changes_clean_documents(
        picks in prop::collection::vec(prop::sample::select(clean_paragraphs()), 1..8)
    ) {
        let document = picks.join("\n");
        prop_assert_eq!(repairer().clean_str(&document), no_repair().clean_str(&document));
    }
}
