//! Folders: mirrored output trees, selection, parallel runs, atomic writes, safety promises.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command as StdCommand, Stdio};
use std::time::Duration;

use assert_cmd::Command;
use predicates::prelude::*;

fn newsclean() -> Command {
    Command::cargo_bin("newsclean").unwrap()
}

fn write(path: &Path, text: &str) {
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

/// Every file below `dir`, as relative paths, sorted.
fn tree(dir: &Path) -> Vec<String> {
    let mut files: Vec<String> = walk(dir)
        .into_iter()
        .map(|p| p.strip_prefix(dir).unwrap().display().to_string())
        .collect();
    files.sort();
    files
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

/// A small scraped-pages folder: nested text files, other files, hidden ones.
fn pages() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("in");
    write(
        &root.join("a/one.txt"),
        "First  page\r\nSubscribe to our newsletter\n",
    );
    write(&root.join("a/b/two.text"), "Second\u{a0}page");
    write(&root.join("a/b/NOTES"), "no extension  here\n");
    write(&root.join("a/page.md"), "not selected\n");
    write(&root.join(".cache/hidden.txt"), "hidden\n");
    fs::write(root.join("a/b/blob"), b"\x00\x01\x02binary").unwrap();
    dir
}

#[test]
fn folder_to_mirrored_tree() {
    let dir = pages();
    let (input, out) = (dir.path().join("in"), dir.path().join("out"));
    newsclean()
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .assert()
        .success()
        .stderr(predicate::str::contains("3 cleaned"));
    assert_eq!(tree(&out), ["a/b/NOTES", "a/b/two.text", "a/one.txt"]);
    assert_eq!(
        fs::read_to_string(out.join("a/one.txt")).unwrap(),
        "First page\n"
    );
    assert_eq!(
        fs::read_to_string(out.join("a/b/two.text")).unwrap(),
        "Second page\n"
    );
    // Inputs are never modified.
    assert_eq!(
        fs::read_to_string(input.join("a/one.txt")).unwrap(),
        "First  page\r\nSubscribe to our newsletter\n"
    );
}

#[test]
fn globs_and_hidden_change_the_selection() {
    let dir = pages();
    let (input, out) = (dir.path().join("in"), dir.path().join("out"));
    newsclean()
        .arg(&input)
        .args([
            "-o",
            out.to_str().unwrap(),
            "--glob",
            "*.txt",
            "--glob",
            "*.md",
            "--glob",
            "!**/b/**",
            "--hidden",
        ])
        .assert()
        .success();
    assert_eq!(tree(&out), [".cache/hidden.txt", "a/one.txt", "a/page.md"]);
}

#[test]
fn output_is_the_same_whatever_the_thread_count() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    for i in 0..200 {
        write(
            &input.join(format!("d{}/p{i}.txt", i % 7)),
            &format!(
                "Headline {i}\n\nThe ministerâ€™s  plan number {i}.\nSign up to our newsletter\n"
            ),
        );
    }
    let runs: Vec<Vec<(String, Vec<u8>)>> = ["1", "4"]
        .iter()
        .map(|j| {
            let out = dir.path().join(format!("out{j}"));
            newsclean()
                .arg(&input)
                .args(["-j", j, "-o"])
                .arg(&out)
                .assert()
                .success();
            tree(&out)
                .into_iter()
                .map(|p| (p.clone(), fs::read(out.join(&p)).unwrap()))
                .collect()
        })
        .collect();
    assert_eq!(runs[0].len(), 200);
    assert_eq!(runs[0], runs[1]);
}

#[test]
fn output_folder_inside_the_input_is_not_walked() {
    let dir = pages();
    let input = dir.path().join("in");
    let out = input.join("clean");
    newsclean()
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    newsclean()
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .assert()
        .success()
        .stderr(predicate::str::contains("3 cleaned"));
    assert!(!out.join("clean").exists());
}

#[test]
fn bad_entries_are_reported_and_the_rest_goes_on() {
    let dir = pages();
    let input = dir.path().join("in");
    std::os::unix::fs::symlink("..", input.join("a/loop")).unwrap();
    std::os::unix::fs::symlink("gone.txt", input.join("a/dangling.txt")).unwrap();
    fs::write(input.join("a/binary.txt"), b"\x00\x00\x00\x01").unwrap();
    let name = std::ffi::OsStr::from_bytes_lossless(b"bad\xffname.txt");
    fs::write(input.join("a").join(name), "The council  met on Tuesday.\n").unwrap();
    let out = dir.path().join("out");
    // The dangling link and the binary .txt fail (exit 1); the loop is skipped and counted
    // as skipped; the name that is not UTF-8 is cleaned like any other.
    newsclean()
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("loop: skipped: symlink loop")
                .and(predicate::str::contains(
                    "dangling.txt: cannot read: no such file",
                ))
                .and(predicate::str::contains(
                    "binary.txt: looks like a binary file",
                ))
                .and(predicate::str::contains(
                    "4 cleaned, 0 unchanged, 2 skipped, 2 failed",
                ))
                .and(predicate::str::contains("os error").not()),
        );
    assert_eq!(
        tree(&out),
        [
            "a/b/NOTES",
            "a/b/two.text",
            "a/bad\u{fffd}name.txt",
            "a/one.txt"
        ]
    );
    assert_eq!(
        fs::read_to_string(out.join("a").join(name)).unwrap(),
        "The council met on Tuesday.\n",
        "the output keeps the input's bytes in its name"
    );
}

trait FromBytes {
    fn from_bytes_lossless(b: &[u8]) -> &Self;
}

impl FromBytes for std::ffi::OsStr {
    fn from_bytes_lossless(b: &[u8]) -> &Self {
        std::os::unix::ffi::OsStrExt::from_bytes(b)
    }
}

#[test]
fn unwritable_output_folder_fails_cleanly() {
    // Runs as root in CI, where permission bits do not stop writes: a regular file where a
    // folder must go is refused by the kernel for everyone.
    let dir = pages();
    let blocker = dir.path().join("blocker");
    fs::write(&blocker, "a file").unwrap();
    newsclean()
        .arg(dir.path().join("in"))
        .arg("-o")
        .arg(blocker.join("out"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("cannot create folder"));
    assert_eq!(fs::read_to_string(&blocker).unwrap(), "a file");
}

#[test]
fn in_place_rewrites_atomically_and_keeps_permissions_and_backups() {
    let dir = pages();
    let one = dir.path().join("in/a/one.txt");
    fs::set_permissions(&one, fs::Permissions::from_mode(0o640)).unwrap();
    newsclean()
        .arg(dir.path().join("in"))
        .args(["--in-place", "--backup", ".orig"])
        .assert()
        .success();
    assert_eq!(fs::read_to_string(&one).unwrap(), "First page\n");
    assert_eq!(
        fs::metadata(&one).unwrap().permissions().mode() & 0o777,
        0o640
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("in/a/one.txt.orig")).unwrap(),
        "First  page\r\nSubscribe to our newsletter\n"
    );
    let leftovers: Vec<_> = tree(dir.path())
        .into_iter()
        .filter(|p| p.contains("newsclean-tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn check_lists_files_that_would_change_and_writes_nothing() {
    let dir = pages();
    let input = dir.path().join("in");
    let before = tree(dir.path());
    newsclean()
        .arg(&input)
        .arg("--check")
        .assert()
        .code(1)
        .stdout(predicate::function(|out: &str| {
            let mut names: Vec<&str> = out.lines().map(|l| l.rsplit('/').next().unwrap()).collect();
            names.sort();
            names == ["NOTES", "one.txt", "two.text"]
        }));
    assert_eq!(tree(dir.path()), before);
    newsclean().arg(&input).arg("--in-place").assert().success();
    newsclean()
        .arg(&input)
        .arg("--check")
        .assert()
        .success()
        .stdout("");
}

#[test]
fn skip_existing_resumes() {
    let dir = pages();
    let (input, out) = (dir.path().join("in"), dir.path().join("out"));
    newsclean()
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    fs::write(out.join("a/one.txt"), "kept\n").unwrap();
    newsclean()
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .arg("--skip-existing")
        .assert()
        .success()
        .stderr(predicate::str::contains("0 cleaned"));
    assert_eq!(fs::read_to_string(out.join("a/one.txt")).unwrap(), "kept\n");
}

#[test]
fn report_names_every_file() {
    let dir = pages();
    let report = dir.path().join("report.json");
    newsclean()
        .arg(dir.path().join("in"))
        .arg("-o")
        .arg(dir.path().join("out"))
        .arg("--report")
        .arg(&report)
        .assert()
        .success();
    let json: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(&report).unwrap()).unwrap();
    let files = json["files"].as_array().unwrap();
    let one = files
        .iter()
        .find(|f| f["path"].as_str().unwrap().ends_with("one.txt"))
        .unwrap();
    assert_eq!(one["status"], "cleaned");
    assert_eq!(one["encoding"], "UTF-8");
    assert_eq!(one["bytes_in"], 41);
    let blob = files
        .iter()
        .find(|f| f["path"].as_str().unwrap().ends_with("blob"))
        .unwrap();
    assert_eq!(blob["status"], "skipped");
    assert_eq!(json["totals"]["lines_out"], 3);
}

#[test]
fn folder_without_a_target_is_a_usage_error() {
    let dir = pages();
    newsclean()
        .arg(dir.path().join("in"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("-o OUTDIR"));
}

/// 400 files of clean text, enough for a run to be caught mid-way; and their common body.
fn slow_folder() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let body =
        "An already clean line of article text that is long enough to take time.\n".repeat(3000);
    for i in 0..400 {
        write(&dir.path().join(format!("in/p{i:03}.txt")), &body);
    }
    (dir, body)
}

/// Waits until a batch run has written its first file (or 20 s), so that a signal sent
/// next finds it mid-run: a fixed delay let a fast build finish first.
fn wait_for_first_output(out: &Path) {
    let started = std::time::Instant::now();
    while started.elapsed() < Duration::from_secs(20) {
        if out.exists() && !tree(out).is_empty() {
            return;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
}

/// Kill the process mid-run: every output file that exists is complete.
#[test]
fn killed_run_leaves_no_partial_output() {
    let (dir, body) = slow_folder();
    let (input, out) = (dir.path().join("in"), dir.path().join("out"));
    let mut child = StdCommand::new(assert_cmd::cargo::cargo_bin("newsclean"))
        .arg(&input)
        .args(["-j", "2", "--keep-boilerplate", "-o"])
        .arg(&out)
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    wait_for_first_output(&out);
    child.kill().unwrap();
    child.wait().unwrap();
    let written: Vec<String> = if out.exists() { tree(&out) } else { Vec::new() };
    assert!(written.len() < 400, "the run should have been cut short");
    for name in written.iter().filter(|n| !n.ends_with(".newsclean-tmp")) {
        assert_eq!(
            fs::read_to_string(out.join(name)).unwrap(),
            body,
            "{name} is partial"
        );
    }
}

/// SIGTERM (like Ctrl-C) lets the files in progress finish and leaves no temporary file.
#[test]
fn terminated_run_cleans_up_and_fails() {
    let (dir, body) = slow_folder();
    let (input, out) = (dir.path().join("in"), dir.path().join("out"));
    let child = StdCommand::new(assert_cmd::cargo::cargo_bin("newsclean"))
        .arg(&input)
        .args(["-j", "1", "--keep-boilerplate", "-o"])
        .arg(&out)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    wait_for_first_output(&out);
    let killed = StdCommand::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let result = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&result.stderr);
    let written = if out.exists() { tree(&out) } else { Vec::new() };
    if written.len() == 400 {
        return; // The machine was fast enough to finish first: nothing to check.
    }
    assert_eq!(result.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("not started (interrupted)"), "{stderr}");
    for name in &written {
        assert!(
            !name.contains("newsclean-tmp"),
            "temporary file left: {name}"
        );
        assert_eq!(
            fs::read_to_string(out.join(name)).unwrap(),
            body,
            "{name} is partial"
        );
    }
}

#[test]
fn no_escape_codes_when_stderr_is_not_a_terminal() {
    let dir = pages();
    let out = newsclean()
        .arg(dir.path().join("in"))
        .arg("-o")
        .arg(dir.path().join("out"))
        .output()
        .unwrap();
    assert!(
        !out.stderr.contains(&0x1b),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let quiet = newsclean()
        .arg(dir.path().join("in"))
        .args(["-q", "-o"])
        .arg(dir.path().join("out2"))
        .output()
        .unwrap();
    assert!(quiet.stderr.is_empty());
}
