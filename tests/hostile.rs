//! Hostile input and faults: nothing panics, nothing is lost, every error is one line that
//! names the file.

mod common;

use std::fs;
use std::io::Write;
use std::path::Path;
use std::process::{Command as StdCommand, Stdio};
use std::time::Duration;

use assert_cmd::Command;

fn newsclean() -> Command {
    Command::cargo_bin("newsclean").unwrap()
}

/// Asserts stderr is exactly one `newsclean: ` line with no Rust debug output in it.
fn one_error_line(stderr: &[u8], names: &str) {
    let stderr = String::from_utf8_lossy(stderr);
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 1, "one line expected: {stderr:?}");
    assert!(lines[0].starts_with("newsclean: "), "{stderr:?}");
    assert!(lines[0].contains(names), "{stderr:?} does not name {names}");
    for debug in [
        "panicked",
        "RUST_BACKTRACE",
        "Os {",
        "kind:",
        "Error {",
        "Custom {",
    ] {
        assert!(
            !stderr.contains(debug),
            "debug output shown to the user: {stderr:?}"
        );
    }
    // A cause is said once, not again by every error that wraps it.
    let parts: Vec<&str> = lines[0].split(": ").collect();
    for pair in parts.windows(2) {
        assert_ne!(pair[0], pair[1], "a repeated cause: {stderr:?}");
    }
}

#[test]
fn empty_blank_and_all_boilerplate_inputs_give_empty_output() {
    for input in [
        "",
        " \n\t\n\u{a0}\r\n",
        "Sign up to our newsletter\nSubscribe to our newsletter\n",
    ] {
        newsclean().write_stdin(input).assert().success().stdout("");
    }
}

#[test]
fn invalid_utf8_at_every_offset() {
    let text = "Le café “Zürich” – won’t close.\n";
    for offset in 0..=text.len() {
        let mut bytes = text.as_bytes().to_vec();
        bytes.insert(offset, 0xFF);
        let out = newsclean()
            .arg("--keep-boilerplate")
            .write_stdin(bytes)
            .output()
            .unwrap();
        assert!(out.status.success(), "offset {offset}");
        let out = String::from_utf8(out.stdout).expect("output is always UTF-8");
        // Decoded as UTF-8 the bad byte becomes U+FFFD; if detection then calls the input
        // Windows-1252, it is `ÿ`. Either way, nothing else is lost.
        // (A byte inside a character breaks that character; only the rest must survive.)
        if text.is_char_boundary(offset) {
            let rest: String = out
                .chars()
                .filter(|&c| c != '\u{FFFD}' && c != 'ÿ')
                .collect();
            assert_eq!(rest.trim_end(), text.trim_end(), "offset {offset}: {out:?}");
        } else {
            assert!(
                out.ends_with("won’t close.\n") || out.starts_with("Le caf"),
                "offset {offset}: {out:?}"
            );
        }
    }
}

#[test]
fn errors_are_one_line_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.txt");
    let out = newsclean().arg(&missing).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    one_error_line(&out.stderr, "missing.txt");

    let folder = dir.path().join("folder.txt");
    fs::create_dir(&folder).unwrap();
    let out = newsclean().arg(&folder).arg("--check").output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(2),
        "an empty folder is nothing to do, and that is said, not passed over"
    );
    one_error_line(&out.stderr, "folder.txt: no file to clean");

    let bin = dir.path().join("data.txt");
    fs::write(&bin, b"\x00\x01\x02\x03 binary").unwrap();
    let out = newsclean().arg(&bin).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    one_error_line(&out.stderr, "data.txt");

    let out = newsclean()
        .args(["--encoding", "nope"])
        .write_stdin("x")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    one_error_line(&out.stderr, "nope");

    let out = newsclean()
        .arg("--rules")
        .arg(dir.path().join("no-such-pack.toml"))
        .write_stdin("x")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    one_error_line(&out.stderr, "no-such-pack.toml");
}

/// A file removed after the folder was listed but before it was read is named, and the
/// rest of the run goes on.
#[test]
fn file_that_disappears_mid_run() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    fs::create_dir(&input).unwrap();
    let body: String = (0..2000)
        .map(|i| format!("Line {i} of article text, already clean.\n"))
        .collect();
    for i in 0..300 {
        fs::write(input.join(format!("p{i:03}.txt")), &body).unwrap();
    }
    let victim = input.join("p299.txt");
    let out_dir = dir.path().join("out");
    let child = StdCommand::new(assert_cmd::cargo::cargo_bin("newsclean"))
        .arg(&input)
        .args(["-j", "1", "-o"])
        .arg(&out_dir)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The folder has been listed once the first output appears.
    let first = out_dir.join("p000.txt");
    for _ in 0..2000 {
        if first.exists() {
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    fs::remove_file(&victim).unwrap();
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    if out_dir.join("p299.txt").exists() {
        return; // It was cleaned before we removed it: nothing to check on this machine.
    }
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("p299.txt") && stderr.contains("cannot open"),
        "{stderr}"
    );
    assert!(out_dir.join("p298.txt").exists());
}

/// Peak resident memory of a child that succeeds while `feed` writes its stdin.
fn peak_rss_kib(args: &[&str], feed: impl FnOnce(&mut dyn Write)) -> u64 {
    let run = common::run_measured(args, feed);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    run.peak_kib
}

#[test]
fn memory_stays_bounded_on_a_huge_line() {
    // 1 GiB without a newline; the peak over the whole run.
    let chunk = "word ".repeat(1 << 14).into_bytes();
    let feed = |total: usize| {
        let chunk = &chunk;
        move |w: &mut dyn Write| {
            for _ in 0..total / chunk.len() {
                w.write_all(chunk).unwrap();
            }
        }
    };
    let peak = peak_rss_kib(&["--keep-boilerplate"], feed(1 << 30));
    assert!(
        peak > 0 && peak < 16 * 1024,
        "decode and repair: peak {peak} KiB"
    );
    // The rules stage too (a shorter run: the debug build is slow at it).
    let peak = peak_rss_kib(&[], feed(128 << 20));
    assert!(
        peak > 0 && peak < RULES_PEAK_KIB,
        "full pipeline: peak {peak} KiB"
    );
}

/// Compiled rule regexes and their caches are most of the full pipeline's memory.
const RULES_PEAK_KIB: u64 = 32 * 1024;

#[test]
fn a_dense_20_mb_html_page_runs_in_bounded_memory() {
    // The shape of `benches/dense_page.py`: short paragraphs of two links each, the most
    // nodes per byte, and most of the page reaches the output. The release build measures
    // about 61 MiB (README); the bound leaves room for the debug build and the allocator,
    // and still fails if the tree or a copy of the text is held whole again.
    const WORDS: [&str; 12] = [
        "council", "harbour", "ferry", "budget", "vote", "members", "said", "bridge", "repair",
        "plan", "season", "crew",
    ];
    let mut seed = 16u32;
    let mut word = move || {
        seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        WORDS[(seed >> 16) as usize % WORDS.len()]
    };
    // Written straight to the child, paragraph by paragraph.
    let feed = |w: &mut dyn Write| {
        w.write_all(
            b"<!DOCTYPE html><html><head><meta charset=utf-8><title>A dense page</title></head>\
              <body><article><h1>A dense page</h1>\n",
        )
        .unwrap();
        let mut written = 0;
        let mut n = 0;
        while written < 20_000_000 {
            n += 1;
            let (a, b, c, d, e, f) = (word(), word(), word(), word(), word(), word());
            let paragraph = format!(
                "<p class=\"para\">The {a} {b} {c}, <a href=\"/s/{n}\">{d} {e}</a> and \
                 <a href=\"/t/{n}\">{f} {a}</a> {b} {c} {d}.</p>\n"
            );
            w.write_all(paragraph.as_bytes()).unwrap();
            written += paragraph.len();
        }
        w.write_all(b"</article></body></html>\n").unwrap();
    };
    let peak = peak_rss_kib(&["--input", "html"], feed);
    assert!(peak > 0 && peak < 80 * 1024, "dense page: peak {peak} KiB");
}

#[test]
fn fixtures_exist_for_legacy_encodings() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    for name in [
        "windows-1252-legacy.txt",
        "shift-jis-japanese.txt",
        "utf16le-bom.txt",
        "utf16be-no-bom.txt",
    ] {
        assert!(dir.join(name).exists(), "{name}");
    }
}
