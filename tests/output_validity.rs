//! What is written is valid, and a second pass changes nothing: UTF-8 in every mode, no
//! U+2028/U+2029, over-long lines kept whole across their piece seams, and record streams
//! that run in bounded memory (or are refused by a named limit).

mod common;

use std::fs;
use std::io::Write;
use std::path::Path;

use assert_cmd::Command;
use newsclean::{Cleaner, Config};
use predicates::prelude::*;

fn newsclean() -> Command {
    Command::cargo_bin("newsclean").unwrap()
}

#[test]
fn jsonl_skip_passes_bad_lines_through_as_utf8() {
    let input = b"{\"text\":\"ok\"}\nnot json \xff\xfe here\n{\"text\":\"b\xe9\"}\n".to_vec();
    let out = newsclean()
        .args(["--jsonl", "--on-error", "skip"])
        .write_stdin(input)
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).expect("the output is UTF-8");
    assert_eq!(
        text,
        "{\"text\":\"ok\"}\nnot json \u{fffd}\u{fffd} here\n{\"text\":\"b\u{fffd}\"}\n"
    );
}

#[test]
fn a_line_separator_made_by_repair_ends_the_line() {
    // `â€¨` is U+2028 read as Windows-1252: repair restores it, and it must end the line
    // (as it would when the output is cleaned again), never be written.
    for args in [&["--keep-boilerplate"][..], &[][..]] {
        let out = newsclean()
            .args(args)
            .write_stdin(
                "The first sentence of the article.â€¨The second sentence of it.â€©The third.\n",
            )
            .output()
            .unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(!text.contains(['\u{2028}', '\u{2029}']), "{text:?}");
        assert_eq!(
            text,
            "The first sentence of the article.\nThe second sentence of it.\nThe third.\n"
        );
    }
}

#[test]
fn text_after_a_line_separator_made_by_repair_is_repaired_as_its_own_line() {
    // The splitter reads the part after a repaired `â€¨` as a line of its own on a second
    // pass, so the first pass repairs it alone too (found by the idempotence property).
    let once = newsclean()
        .arg("--keep-boilerplate")
        .write_stdin("â€¨aAÃé")
        .output()
        .unwrap();
    assert!(once.status.success());
    let twice = newsclean()
        .arg("--keep-boilerplate")
        .write_stdin(once.stdout.clone())
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8(twice.stdout).unwrap(),
        String::from_utf8(once.stdout).unwrap()
    );
}

#[test]
fn an_over_long_line_is_kept_whole() {
    // 1 MiB of one letter is eight pieces of 128 KiB, each the same as the one before:
    // neither the repeat rule nor the tail rule may drop one.
    let line = "a".repeat(1 << 20);
    let out = newsclean()
        .write_stdin(format!("{line}\n"))
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(out.stdout.len(), line.len() + 1);
    assert!(out.stdout[..line.len()].iter().all(|&b| b == b'a'));
    // A paragraph repeated without a newline.
    let prose = "The council met on Tuesday and voted for the new budget after a long debate. ";
    let line = prose.repeat((300 << 10) / prose.len());
    let out = newsclean()
        .write_stdin(format!("{line}\n"))
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        format!("{}\n", line.trim_end())
    );
}

/// A garbled line of several pieces is repaired the same in every piece (no quote made up
/// at a seam) and a second pass changes nothing.
#[test]
fn an_over_long_garbled_line_is_repaired_whole_and_stays_put() {
    let sentence = "The mayor said he wonât sign it, and the council didnât argue.   ";
    let line = sentence.repeat((400 << 10) / sentence.len());
    let clean = |text: &[u8]| {
        newsclean()
            .write_stdin(text.to_vec())
            .output()
            .unwrap()
            .stdout
    };
    let once = clean(format!("{line}\n").as_bytes());
    let text = String::from_utf8(once.clone()).unwrap();
    let n = line.matches("wonât").count();
    assert_eq!(text.matches("won’t").count(), n);
    assert_eq!(text.matches("didn’t").count(), n);
    assert!(!text.contains(['“', '”', 'â']));
    assert_eq!(text.matches('\n').count(), 1);
    assert_eq!(clean(&once), once);
}

/// Every fixture, cleaned twice, gives what it gave once: whole, and with its lines cut
/// into pieces of a few bytes, so that seams fall everywhere. (The rules stage keeps every
/// piece: with pieces this small it would judge on a second pass a line that cleaning made
/// shorter than a piece, which at the real piece size, 128 KiB, takes a line of that length.)
#[test]
fn every_fixture_is_a_fixed_point_of_cleaning_at_any_piece_size() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut checked = 0;
    for (piece, boilerplate) in [(40, false), (61, false), (97, false), (1 << 17, true)] {
        let cleaner = Cleaner::new(
            Config::default()
                .with_max_line_bytes(piece)
                .with_boilerplate(boilerplate),
        )
        .unwrap();
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let Ok(text) = fs::read_to_string(&path) else {
                continue; // not UTF-8: covered through the binary by tests/fixtures.rs
            };
            let once = cleaner.clean_str(&text);
            let twice = cleaner.clean_str(&once);
            assert!(
                once == twice,
                "{} changes on a second pass with pieces of {piece} bytes",
                path.display()
            );
            checked += 1;
        }
    }
    assert!(checked > 40, "{checked}");
}

/// The binary's exit code, stderr and peak memory in KiB on `feed`'s stdin.
fn run_measured(args: &[&str], feed: impl FnOnce(&mut dyn Write)) -> (Option<i32>, String, u64) {
    let run = common::run_measured(args, feed);
    (run.code, run.stderr, run.peak_kib)
}

#[test]
fn a_nul_separated_document_without_a_nul_runs_in_bounded_memory() {
    let chunk = "word ".repeat(1 << 14).into_bytes();
    let (code, stderr, peak) = run_measured(&["-z", "--keep-boilerplate"], |w| {
        for _ in 0..(256 << 20) / chunk.len() {
            if w.write_all(&chunk).is_err() {
                return;
            }
        }
    });
    assert_eq!(code, Some(0), "{stderr}");
    assert!(peak > 0 && peak < 16 * 1024, "peak {peak} KiB");
}

#[test]
fn a_jsonl_record_over_the_limit_is_refused_by_name_in_bounded_memory() {
    let chunk = "a".repeat(1 << 16).into_bytes();
    for on_error in ["fail", "skip"] {
        let (code, stderr, peak) = run_measured(&["--jsonl", "--on-error", on_error], |w| {
            let _ = w.write_all(b"{\"text\":\"short\"}\n{\"text\":\"");
            for _ in 0..(200 << 20) / chunk.len() {
                if w.write_all(&chunk).is_err() {
                    return;
                }
            }
            let _ = w.write_all(b"\"}\n");
        });
        assert_eq!(code, Some(1), "{stderr}");
        assert!(
            stderr.contains("line 2: a record over 64 MiB, the --jsonl limit"),
            "{stderr}"
        );
        assert!(peak > 0 && peak < 160 * 1024, "peak {peak} KiB");
    }
}

#[test]
fn jsonl_records_under_the_limit_are_cleaned() {
    newsclean()
        .arg("--jsonl")
        .write_stdin("{\"text\":\"a  b\"}\n{\"text\":\"c\"}")
        .assert()
        .success()
        .stdout(predicate::eq("{\"text\":\"a b\"}\n{\"text\":\"c\"}\n"));
}

/// Invalid bytes in the input give UTF-8 out in every mode that writes text: a plain file, a
/// NUL-separated stream, an HTML page, a folder's mirrored tree and `--in-place`.
#[test]
fn every_mode_writes_utf8_from_invalid_bytes() {
    let page =
        b"The council met on Tuesday and voted for the new budget, caf\xe9 \xff\xfe and more.\n";
    let utf8 = |bytes: &[u8], mode: &str| {
        let text = std::str::from_utf8(bytes).unwrap_or_else(|e| panic!("{mode}: {e}"));
        assert!(text.contains("council"), "{mode}: {text:?}");
    };
    let run = |args: &[&str], input: Vec<u8>| {
        let out = newsclean().args(args).write_stdin(input).output().unwrap();
        assert!(out.status.success(), "{args:?}: {out:?}");
        out.stdout
    };
    utf8(&run(&["--keep-boilerplate"], page.to_vec()), "plain");
    let mut stream = page.to_vec();
    stream.push(0);
    stream.extend_from_slice(page);
    utf8(&run(&["-z", "--keep-boilerplate"], stream), "-z");
    let mut html = b"<html><body><article><p>".to_vec();
    html.extend_from_slice(&page[..page.len() - 1]);
    html.extend_from_slice(b"</p></article></body></html>");
    utf8(
        &run(&["--input", "html", "--keep-boilerplate"], html),
        "html",
    );

    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("in");
    fs::create_dir(&folder).unwrap();
    fs::write(folder.join("page.txt"), page).unwrap();
    let tree = dir.path().join("out");
    newsclean()
        .args(["--keep-boilerplate"])
        .arg(&folder)
        .arg("-o")
        .arg(&tree)
        .assert()
        .success();
    utf8(&fs::read(tree.join("page.txt")).unwrap(), "folder");
    newsclean()
        .args(["--keep-boilerplate", "--in-place"])
        .arg(folder.join("page.txt"))
        .assert()
        .success();
    utf8(&fs::read(folder.join("page.txt")).unwrap(), "--in-place");
}
