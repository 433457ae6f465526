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
    // A worker in a streaming engine must answer each record before the next arrives,
    // also when records are cleaned on several threads.
    for j in ["1", "4"] {
        answers_each_record_before_the_next(j);
    }
}

fn answers_each_record_before_the_next(j: &str) {
    let mut child = StdCommand::new(assert_cmd::cargo::cargo_bin("newsclean"))
        .args(["--jsonl", "-j", j])
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

/// Every text fixture, cleaned on its own, in name order: what a stream of them must give.
fn fixture_documents() -> Vec<(Vec<u8>, Vec<u8>)> {
    let mut paths: Vec<_> = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            name.ends_with(".txt") && !name.contains(".expected") && !name.starts_with("binary")
        })
        .collect();
    paths.sort();
    assert!(paths.len() > 10, "the fixtures are there");
    paths
        .iter()
        .map(|p| {
            let doc = std::fs::read(p).unwrap();
            let alone = newsclean().arg(p).output().unwrap();
            assert!(alone.status.success(), "{}", p.display());
            (doc, alone.stdout)
        })
        .filter(|(doc, _)| !doc.contains(&0))
        .collect()
}

#[test]
fn nul_separated_stream_is_the_same_for_every_thread_count() {
    let docs = fixture_documents();
    // Many documents, so that workers finish out of order.
    let mut input = Vec::new();
    let mut expected = Vec::new();
    for _ in 0..8 {
        for (doc, cleaned) in &docs {
            input.extend_from_slice(doc);
            input.push(0);
            expected.extend_from_slice(cleaned);
            expected.push(0);
        }
    }
    for j in ["1", "2", "3", "8"] {
        let out = newsclean()
            .args(["-z", "-j", j])
            .write_stdin(input.clone())
            .output()
            .unwrap();
        assert!(out.status.success());
        assert!(
            out.stdout == expected,
            "-j{j} differs from each document cleaned alone"
        );
    }
}

#[test]
fn jsonl_stream_is_the_same_for_every_thread_count() {
    let docs = fixture_documents();
    let mut input = String::new();
    for round in 0..8 {
        for (i, (doc, _)) in docs.iter().enumerate() {
            let text = String::from_utf8_lossy(doc);
            let record = serde_json::json!({ "id": i, "round": round, "text": text });
            input.push_str(&record.to_string());
            input.push('\n');
        }
        input.push_str("not json\n\n");
    }
    let run = |j: &str| {
        let out = newsclean()
            .args(["--jsonl", "--on-error", "skip", "-j", j])
            .write_stdin(input.clone())
            .output()
            .unwrap();
        assert!(out.status.success());
        String::from_utf8(out.stdout).unwrap()
    };
    let one = run("1");
    assert_eq!(one.lines().count(), input.lines().count());
    for j in ["2", "3", "8"] {
        assert!(run(j) == one, "-j{j} differs from -j1");
    }
}

#[test]
fn malformed_line_stops_a_parallel_stream_after_the_lines_before_it() {
    let mut input = String::new();
    for i in 0..200 {
        input.push_str(&format!("{{\"text\":\"record  {i}\"}}\n"));
    }
    input.push_str("broken\n");
    for i in 0..200 {
        input.push_str(&format!("{{\"text\":\"later {i}\"}}\n"));
    }
    let out = newsclean()
        .args(["--jsonl", "-j", "4"])
        .write_stdin(input)
        .assert()
        .failure()
        .stderr(predicate::str::contains("line 201:"))
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8(out).unwrap();
    assert_eq!(out.lines().count(), 200);
    assert_eq!(out.lines().last(), Some("{\"text\":\"record 199\"}"));
}
