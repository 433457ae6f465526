//! The command-line contract: stdin and files, `-o`, flags, exit codes, broken pipes.

use std::fs;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command as StdCommand, Stdio};

use assert_cmd::Command;
use predicates::prelude::*;

fn newsclean() -> Command {
    Command::cargo_bin("newsclean").unwrap()
}

fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
        .display()
        .to_string()
}

#[test]
fn stdin_to_stdout() {
    newsclean()
        .write_stdin("  Hello,\u{a0}world  \r\n\r\n\r\nBye")
        .assert()
        .success()
        .stdout("Hello, world\n\nBye\n")
        .stderr("");
}

#[test]
fn dash_means_stdin() {
    newsclean()
        .arg("-")
        .write_stdin("The council met on Tuesday.\n")
        .assert()
        .success()
        .stdout("The council met on Tuesday.\n");
}

#[test]
fn several_files_are_cleaned_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.txt"), dir.path().join("b.txt"));
    fs::write(&a, "first  file\n").unwrap();
    fs::write(&b, "second file").unwrap();
    newsclean()
        .arg(&a)
        .arg(&b)
        .assert()
        .success()
        .stdout("first file\nsecond file\n");
}

#[test]
fn output_file_is_written_and_nothing_is_left_beside_it() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("clean.txt");
    newsclean()
        .arg(fixture("crlf-line-ends.txt"))
        .arg("-o")
        .arg(&out)
        .assert()
        .success()
        .stdout("");
    assert_eq!(
        fs::read(&out).unwrap(),
        fs::read(fixture("crlf-line-ends.expected.txt")).unwrap()
    );
    let names: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["clean.txt"], "no temporary file may be left behind");
}

#[test]
fn output_file_of_a_failed_input_is_not_created() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("clean.txt");
    newsclean()
        .arg(fixture("binary-elf.txt"))
        .arg("-o")
        .arg(&out)
        .assert()
        .code(1);
    assert!(!out.exists());
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn a_missing_file_fails_but_the_others_are_cleaned() {
    newsclean()
        .arg("no/such/file.txt")
        .arg(fixture("no-final-newline.txt"))
        .assert()
        .code(1)
        .stdout("Last line has no newline\n")
        .stderr(
            predicate::str::contains("no/such/file.txt")
                .and(predicate::str::contains("cannot open")),
        );
}

#[test]
fn binary_input_names_the_file() {
    newsclean()
        .arg(fixture("binary-elf.txt"))
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains("binary-elf.txt").and(predicate::str::contains("binary")));
}

#[test]
fn binary_stdin_is_refused_too() {
    newsclean()
        .write_stdin(&b"PK\x03\x04\x00\x00\x08\x00"[..])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("<stdin>"));
}

#[test]
fn usage_errors_exit_2() {
    newsclean().arg("--no-such-flag").assert().code(2);
    newsclean()
        .args(["--encoding", "klingon"])
        .write_stdin("x")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("klingon"));
    newsclean()
        .args(["a.txt", "b.txt", "-o", "out.txt"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("one input"));
}

#[test]
fn forced_encoding_overrides_detection() {
    // Four bytes are too little for detection to be sure; the forced label decides.
    newsclean()
        .args(["--encoding", "iso-8859-2"])
        .write_stdin(&b"\xa3\xf3d\xbc\n"[..])
        .assert()
        .success()
        .stdout("Łódź\n");
}

#[test]
fn invalid_utf8_becomes_replacement_characters_without_failing() {
    let mut bytes = "Valid text then ".repeat(5000).into_bytes();
    bytes.extend_from_slice(b"\xff\xfe broken\n");
    newsclean()
        .write_stdin(bytes)
        .assert()
        .success()
        .stdout(predicate::str::ends_with("then \u{FFFD}\u{FFFD} broken\n"));
}

#[test]
fn keep_boilerplate_keeps_every_line() {
    let input = fs::read_to_string(fixture("newsletter-top-middle-bottom.txt")).unwrap();
    newsclean()
        .arg("--keep-boilerplate")
        .write_stdin(input.clone())
        .assert()
        .success()
        .stdout(input);
}

#[test]
fn no_repair_leaves_mojibake_alone() {
    newsclean()
        .args(["--no-repair", "--keep-boilerplate"])
        .write_stdin("The ministerâ€™s plan\n")
        .assert()
        .success()
        .stdout("The ministerâ€™s plan\n");
}

#[test]
fn explain_goes_to_stderr_and_leaves_stdout_alone() {
    let plain = newsclean()
        .arg(fixture("independent-putin-starmer.txt"))
        .output()
        .unwrap();
    let explained = newsclean()
        .arg("--explain")
        .arg(fixture("independent-putin-starmer.txt"))
        .output()
        .unwrap();
    assert!(explained.status.success());
    assert_eq!(plain.stdout, explained.stdout);
    let stderr = String::from_utf8(explained.stderr).unwrap();
    let dropped = stderr.lines().filter(|l| l.contains("dropped [")).count();
    let repaired = stderr.lines().filter(|l| l.contains("repaired [")).count();
    assert_eq!(dropped, 4, "the four sign-up lines, each named:\n{stderr}");
    // Each damaged character in the seed is an `â` (or the re-read `⦠`), each repaired once.
    let damaged = fs::read_to_string(fixture("independent-putin-starmer.txt"))
        .unwrap()
        .chars()
        .filter(|&c| c == 'â' || c == '⦠')
        .count();
    assert_eq!(
        repaired, damaged,
        "every repaired quote is named:\n{stderr}"
    );
    assert!(stderr
        .lines()
        .all(|l| l.starts_with(&fixture("independent-putin-starmer.txt"))));
}

#[test]
fn version_and_help() {
    newsclean()
        .arg("--version")
        .assert()
        .success()
        .stdout(predicate::str::starts_with("newsclean "));
    newsclean()
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("Examples:").and(predicate::str::contains("Exit status")));
}

#[test]
fn closed_stdout_ends_quietly() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.txt");
    let line = "A long enough line of article text to fill the pipe quickly and keep going.\n";
    fs::write(&big, line.repeat(200_000)).unwrap();
    let mut child = StdCommand::new(assert_cmd::cargo::cargo_bin("newsclean"))
        .arg(&big)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    // The reader is dropped here, like `head -1` exiting.
    let out = child.wait_with_output().unwrap();
    assert_eq!(first, line);
    assert!(out.status.success(), "status {:?}", out.status);
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}

#[test]
fn library_and_binary_agree() {
    let text = fs::read_to_string(fixture("newsletter-top-middle-bottom.txt")).unwrap();
    let cleaner = newsclean::Cleaner::new(newsclean::Config::default()).unwrap();
    let mut child = StdCommand::new(assert_cmd::cargo::cargo_bin("newsclean"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        cleaner.clean_str(&text)
    );
}

#[test]
fn write_errors_are_reported() {
    let devfull = fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let out = StdCommand::new(assert_cmd::cargo::cargo_bin("newsclean"))
        .arg(fixture("crlf-line-ends.txt"))
        .stdout(devfull)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    // One message, naming the output: the input being cleaned is not to blame.
    assert_eq!(
        stderr,
        "newsclean: <stdout>: cannot write: no space left on device\n"
    );
}

#[test]
fn nel_ends_a_line_unless_repair_reads_it_as_an_ellipsis() {
    newsclean()
        .args(["--no-repair", "--keep-boilerplate"])
        .write_stdin("first line\u{85}second line\n")
        .assert()
        .success()
        .stdout("first line\nsecond line\n");
    newsclean()
        .arg("--keep-boilerplate")
        .write_stdin("Nous n'en avons pas encore parlé\u{85} Tu sais, ça fait longtemps.\n")
        .assert()
        .success()
        .stdout("Nous n'en avons pas encore parlé… Tu sais, ça fait longtemps.\n");
}
