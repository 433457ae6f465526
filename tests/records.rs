//! Record streams: JSON Lines (`--jsonl`) and NUL-separated documents (`-z`).

use std::io::{BufRead, BufReader, Write};
use std::process::{Command as StdCommand, Stdio};

use assert_cmd::Command;
use predicates::prelude::*;

fn newsclean() -> Command {
    Command::cargo_bin("newsclean").unwrap()
}

#[test]
fn one_output_line_per_input_line_in_order() {
    let input =
        "{\"id\":1,\"text\":\"First  story\\r\\nSign up to our newsletter\",\"lang\":\"en\"}\n\
                 {\"id\":2,\"text\":\"Subscribe to our newsletter\"}\n\
                 \n\
                 {\"id\":3,\"body\":\"no text field\"}\n";
    let out = newsclean()
        .arg("--jsonl")
        .write_stdin(input)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8(out).unwrap();
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 4);
    let first: serde_json::Value = serde_json::from_str(lines[0]).unwrap();
    assert_eq!(first["id"], 1);
    assert_eq!(first["lang"], "en");
    assert!(first["text"].as_str().unwrap().starts_with("First story"));
    assert_eq!(lines[2], "");
    assert_eq!(lines[3], "{\"id\":3,\"body\":\"no text field\"}");
}

#[test]
fn another_field_can_be_cleaned() {
    newsclean()
        .args(["--jsonl", "--field", "body"])
        .write_stdin("{\"body\":\"a  b\",\"text\":\"c  d\"}\n")
        .assert()
        .success()
        .stdout("{\"body\":\"a b\",\"text\":\"c  d\"}\n");
}

#[test]
fn malformed_line_is_named_or_skipped() {
    let input = "{\"text\":\"ok\"}\n{\"text\": broken\n{\"text\":\"fine\"}\n";
    newsclean()
        .arg("--jsonl")
        .write_stdin(input)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("<stdin>: line 2:"));
    newsclean()
        .args(["--jsonl", "--on-error", "skip"])
        .write_stdin(input)
        .assert()
        .success()
        .stdout("{\"text\":\"ok\"}\n{\"text\": broken\n{\"text\":\"fine\"}\n");
}

#[test]
fn records_are_flushed_one_by_one() {
    // A worker in a streaming engine must answer each record before the next arrives.
    let mut child = StdCommand::new(assert_cmd::cargo::cargo_bin("newsclean"))
        .arg("--jsonl")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    for i in 0..3 {
        writeln!(stdin, "{{\"text\":\"record  {i}\"}}").unwrap();
        stdin.flush().unwrap();
        let mut line = String::new();
        stdout.read_line(&mut line).unwrap();
        assert_eq!(line, format!("{{\"text\":\"record {i}\"}}\n"));
    }
    drop(stdin);
    assert!(child.wait().unwrap().success());
}

#[test]
fn report_counts_records() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("r.json");
    newsclean()
        .args(["--jsonl", "--on-error", "skip", "--report"])
        .arg(&report)
        .write_stdin("{\"text\":\"a\"}\nbad\n{\"text\":\"b\"}\n")
        .assert()
        .success();
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(report).unwrap()).unwrap();
    assert_eq!(json["records"], 2);
    assert_eq!(json["malformed"], 1);
}

#[test]
fn nul_separated_documents() {
    newsclean()
        .arg("-z")
        .write_stdin(&b"first  doc\r\n\0second\0"[..])
        .assert()
        .success()
        .stdout(&b"first doc\n\0second\n\0"[..]);
}
