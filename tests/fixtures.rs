//! Runs every golden pair in `fixtures/`: `NAME.txt` (or an HTML page, `NAME.html`) must clean
//! to `NAME.expected.txt` byte for
//! byte, given as a path and on stdin; `NAME.expected-error` instead holds text that the error
//! message must contain (exit status 1, nothing on stdout).

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

fn inputs() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut inputs: Vec<PathBuf> = fs::read_dir(&dir)
        .expect("fixtures/ exists")
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            (name.ends_with(".txt") || name.ends_with(".html")) && !name.ends_with(".expected.txt")
        })
        .collect();
    inputs.sort();
    inputs
}

fn sibling(input: &Path, suffix: &str) -> PathBuf {
    let stem = input.file_stem().unwrap().to_string_lossy();
    input.with_file_name(format!("{stem}{suffix}"))
}

fn check(input: &Path) -> Result<(), String> {
    let name = input.file_name().unwrap().to_string_lossy().into_owned();
    let error_file = sibling(input, ".expected-error");
    if error_file.exists() {
        let want = fs::read_to_string(&error_file).unwrap();
        let out = Command::cargo_bin("newsclean")
            .unwrap()
            .arg(input)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        if out.status.code() != Some(1) || !out.stdout.is_empty() {
            return Err(format!(
                "{name}: expected exit 1 and no output, got {:?}",
                out.status
            ));
        }
        if !stderr.contains(want.trim()) || !stderr.contains(&*name) {
            return Err(format!(
                "{name}: stderr {stderr:?} lacks {:?} or the file name",
                want.trim()
            ));
        }
        return Ok(());
    }
    let expected = fs::read(sibling(input, ".expected.txt"))
        .map_err(|e| format!("{name}: no .expected.txt or .expected-error beside it: {e}"))?;
    let by_path = Command::cargo_bin("newsclean")
        .unwrap()
        .arg(input)
        .output()
        .unwrap();
    let by_stdin = Command::cargo_bin("newsclean")
        .unwrap()
        .pipe_stdin(input)
        .unwrap()
        .output()
        .unwrap();
    for (how, out) in [("path", by_path), ("stdin", by_stdin)] {
        if !out.status.success() {
            return Err(format!(
                "{name} ({how}): failed: {}",
                String::from_utf8_lossy(&out.stderr)
            ));
        }
        if out.stdout != expected {
            return Err(format!(
                "{name} ({how}): output differs\n--- expected\n{}\n--- got\n{}",
                String::from_utf8_lossy(&expected),
                String::from_utf8_lossy(&out.stdout)
            ));
        }
    }
    Ok(())
}

#[test]
fn every_fixture_cleans_to_its_expected_output() {
    let inputs = inputs();
    assert!(
        inputs.len() >= 13,
        "expected the golden pairs in fixtures/, found {}",
        inputs.len()
    );
    let failures: Vec<String> = inputs.iter().filter_map(|p| check(p).err()).collect();
    assert!(
        failures.is_empty(),
        "{} of {} fixtures failed:\n{}",
        failures.len(),
        inputs.len(),
        failures.join("\n\n")
    );
}

/// Cleaning is idempotent: every expected output cleans to itself.
#[test]
fn expected_outputs_are_fixed_points() {
    for input in inputs() {
        let expected = sibling(&input, ".expected.txt");
        if !expected.exists() {
            continue;
        }
        let out = Command::cargo_bin("newsclean")
            .unwrap()
            .arg(&expected)
            .output()
            .unwrap();
        assert!(out.status.success());
        assert_eq!(
            String::from_utf8_lossy(&out.stdout),
            fs::read_to_string(&expected).unwrap(),
            "{} is not a fixed point",
            expected.display()
        );
    }
}
