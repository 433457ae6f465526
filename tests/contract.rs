//! The command-line contract as a new user meets it: nothing silently does nothing, every
//! message has one style, exit codes are the same in every mode, and the things expected of
//! a Rust CLI (completions, man page, `--version`, `-v`, `--test-rules`) are there.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;

fn newsclean() -> Command {
    let mut cmd = Command::cargo_bin("newsclean").unwrap();
    // No user rules folder from the machine running the tests.
    cmd.env("XDG_CONFIG_HOME", "/nonexistent-newsclean-test-config");
    cmd.env_remove("COLUMNS");
    cmd
}

fn write(path: &Path, text: &str) -> PathBuf {
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
    path.to_path_buf()
}

/// Every line on stderr is one message in the house style.
fn one_style(stderr: &str) -> bool {
    !stderr.is_empty()
        && stderr.lines().all(|l| l.starts_with("newsclean: "))
        && !stderr.contains("os error")
        && !stderr.contains("error:")
        && !stderr.contains("newsclean-tmp")
}

fn stderr_of(assert: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&assert.get_output().stderr).into_owned()
}

// ---- nothing silently does nothing ----

#[test]
fn a_folder_with_nothing_selected_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    write(&dir.path().join("html/a.md"), "# page\n");
    let assert = newsclean()
        .arg(dir.path().join("html"))
        .arg("-o")
        .arg(dir.path().join("out"))
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("no file to clean")
                .and(predicate::str::contains("--glob '*.md'")),
        );
    assert!(one_style(&stderr_of(&assert)));
    assert!(!dir.path().join("out").exists());
    // With a glob that picks nothing, the glob is named.
    newsclean()
        .arg(dir.path().join("html"))
        .args(["--check", "--glob", "*.rst"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("by --glob *.rst"));
}

#[test]
fn a_field_inside_an_object_is_cleaned_by_dotted_path_or_pointer() {
    let input = "{\"id\":1,\"doc\":{\"text\":\"a  b\",\"n\":2.50}}\n";
    for field in ["doc.text", "/doc/text"] {
        newsclean()
            .args(["--jsonl", "--field", field])
            .write_stdin(input)
            .assert()
            .success()
            .stdout("{\"id\":1,\"doc\":{\"text\":\"a b\",\"n\":2.50}}\n");
    }
    // A pointer reaches a name that holds a dot.
    newsclean()
        .args(["--jsonl", "--field", "/a.b"])
        .write_stdin("{\"a.b\":\"x  y\"}\n")
        .assert()
        .success()
        .stdout("{\"a.b\":\"x y\"}\n");
}

#[test]
fn a_field_no_record_has_is_refused() {
    let assert = newsclean()
        .args(["--jsonl", "--field", "body"])
        .write_stdin("{\"text\":\"a  b\"}\n{\"text\":\"c\"}\n")
        .assert()
        .code(2)
        .stdout("{\"text\":\"a  b\"}\n{\"text\":\"c\"}\n")
        .stderr(predicate::str::contains(
            "no record has the field body as a string (all 2 passed through unchanged)",
        ));
    assert!(one_style(&stderr_of(&assert)));
}

#[test]
fn a_null_field_passes_through_and_is_counted() {
    newsclean()
        .arg("--jsonl")
        .write_stdin("{\"text\":null}\n{\"text\":\"a  b\"}\n")
        .assert()
        .success()
        .stdout("{\"text\":null}\n{\"text\":\"a b\"}\n")
        .stderr(predicate::str::contains(
            "2 records, 1 cleaned, 1 without the field text (passed through)",
        ));
}

#[test]
fn a_field_that_is_not_a_string_fails_or_is_skipped_and_counted() {
    let input = "{\"text\":\"a  b\"}\n{\"text\":5}\n{\"text\":{\"x\":1}}\n";
    newsclean()
        .arg("--jsonl")
        .write_stdin(input)
        .assert()
        .code(1)
        .stderr("newsclean: <stdin>: line 2: field text is a number, not a string\n");
    newsclean()
        .args(["--jsonl", "--field", "text.x"])
        .write_stdin("{\"text\":\"flat\"}\n")
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "line 1: field text.x: text is a string, not an object",
        ));
    // The skip count is in the summary line without --report.
    newsclean()
        .args(["--jsonl", "--on-error", "skip"])
        .write_stdin(input)
        .assert()
        .success()
        .stdout("{\"text\":\"a b\"}\n{\"text\":5}\n{\"text\":{\"x\":1}}\n")
        .stderr(predicate::str::contains(
            "1 records, 1 cleaned, 2 skipped (--on-error skip)",
        ));
}

#[test]
fn flags_that_cannot_apply_are_refused_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(&dir.path().join("in/a.txt"), "a  b\n");
    let folder = dir.path().join("in");
    let (f, d) = (file.to_str().unwrap(), folder.to_str().unwrap());
    let cases: &[(&[&str], &str)] = &[
        (
            &["--jsonl", "--in-place", f],
            "--in-place works on files in place",
        ),
        (&["-z", "--check", f], "--check works on files in place"),
        (
            &["--report", "r.json", f],
            "--report describes a folder run",
        ),
        (&["--report", "r.json"], "--report describes a folder run"),
        (
            &["--explain", d, "--check"],
            "--explain describes one document's lines",
        ),
        (&["--explain", "--jsonl"], "it cannot for records"),
        (
            &["--glob", "*.txt", f],
            "--glob applies to cleaning folders",
        ),
        (
            &["--hidden", "--check", f],
            "--hidden applies to cleaning folders",
        ),
        (
            &["--skip-existing", f],
            "--skip-existing applies to cleaning folders",
        ),
        (
            &["--skip-existing", "--check", d],
            "--skip-existing compares each output",
        ),
        (
            &["--field", "body", f],
            "--field applies to JSON Lines records",
        ),
        (
            &["--on-error", "skip", "-z"],
            "--on-error applies to JSON Lines records",
        ),
        (
            &["--jsonl", "--encoding", "latin1"],
            "--encoding does not apply to --jsonl",
        ),
        (
            &["--keep-boilerplate", "--disable", "social", f],
            "--disable has no effect",
        ),
        (
            &["--list-rules", f],
            "--list-rules prints to stdout and exits",
        ),
    ];
    for (args, why) in cases {
        let assert = newsclean()
            .current_dir(dir.path())
            .args(*args)
            .write_stdin("x\n")
            .assert()
            .code(2)
            .stdout("")
            .stderr(predicate::str::contains(*why));
        assert!(one_style(&stderr_of(&assert)), "{args:?}");
    }
    assert!(!dir.path().join("r.json").exists());
    assert_eq!(fs::read_to_string(&file).unwrap(), "a  b\n");
}

#[test]
fn a_terminal_on_stdin_gets_a_hint() {
    // `script` runs the command with a terminal as its stdin; without it there is nothing
    // to test here.
    let Some(script) = which("script") else {
        eprintln!("skipped: no `script` on this machine");
        return;
    };
    let bin = assert_cmd::cargo::cargo_bin("newsclean");
    // Ctrl-D typed at that terminal ends the input.
    let assert = Command::new(script)
        .args([
            "-qec",
            &format!("{} --no-config", bin.display()),
            "/dev/null",
        ])
        .write_stdin("\x04")
        .timeout(std::time::Duration::from_secs(30))
        .assert()
        .success();
    let seen = String::from_utf8_lossy(&assert.get_output().stdout).into_owned();
    assert!(
        seen.contains("newsclean: reading standard input from the terminal"),
        "{seen:?}"
    );
    // -q silences it; so does stdin that is not a terminal.
    let assert = Command::new(which("script").unwrap())
        .args([
            "-qec",
            &format!("{} --no-config -q", bin.display()),
            "/dev/null",
        ])
        .write_stdin("\x04")
        .timeout(std::time::Duration::from_secs(30))
        .assert()
        .success();
    assert!(!String::from_utf8_lossy(&assert.get_output().stdout).contains("reading"));
    newsclean().write_stdin("a\n").assert().success().stderr("");
}

fn which(name: &str) -> Option<PathBuf> {
    std::env::var_os("PATH")
        .iter()
        .flat_map(std::env::split_paths)
        .map(|d| d.join(name))
        .find(|p| p.is_file())
}

// ---- one error style, one set of exit codes ----

#[test]
fn errors_are_one_line_in_the_house_style() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("folder");
    fs::create_dir(&folder).unwrap();
    let missing = dir.path().join("missing.txt");
    let cases: Vec<(Vec<String>, &str, i32)> = vec![
        (
            vec!["--bogus".into()],
            "newsclean: unexpected argument '--bogus' found",
            2,
        ),
        (
            vec!["--qiuet".into()],
            "a similar argument exists: '--quiet'",
            2,
        ),
        (
            vec![missing.display().to_string()],
            "missing.txt: cannot open: no such file or directory",
            1,
        ),
        (
            vec!["--jsonl".into(), folder.display().to_string()],
            "folder: is a folder (--jsonl and -z read files or stdin)",
            1,
        ),
        (
            vec!["--rules".into(), folder.display().to_string()],
            "folder: cannot read the rule pack: is a directory",
            2,
        ),
        (
            vec![
                "-o".into(),
                dir.path().join("no/such/out.txt").display().to_string(),
            ],
            "out.txt: cannot create a temporary file in",
            1,
        ),
        (
            vec![folder.display().to_string()],
            "folder: cleaning a folder needs -o OUTDIR, --in-place or --check",
            2,
        ),
        (
            vec!["--encoding".into(), "klingon".into()],
            "newsclean: unknown encoding label \"klingon\"",
            2,
        ),
    ];
    for (args, expected, code) in cases {
        let assert = newsclean()
            .args(&args)
            .write_stdin("x\n")
            .assert()
            .code(code)
            .stderr(predicate::str::contains(expected));
        let stderr = stderr_of(&assert);
        assert!(one_style(&stderr), "{args:?}: {stderr:?}");
        assert_eq!(stderr.lines().count(), 1, "{args:?}: {stderr:?}");
    }
}

#[test]
fn json_errors_give_the_line_once_and_the_column_in_words() {
    newsclean()
        .arg("--jsonl")
        .write_stdin("{\"text\":\"ok\"}\n{\"text\":\n")
        .assert()
        .code(1)
        .stderr(
            "newsclean: <stdin>: line 2: not a JSON object: EOF while parsing a value (column 8)\n",
        );
}

#[test]
fn a_regex_error_keeps_the_caret_as_a_column() {
    let dir = tempfile::tempdir().unwrap();
    let pack = write(
        &dir.path().join("p.toml"),
        "[pack]\nid = \"p\"\nname = \"P\"\ndescription = \"d\"\nversion = \"1\"\n\n\
         [[rule]]\nid = \"p.a\"\ndescription = \"d\"\nregex = 'ab(c'\n",
    );
    let assert =
        newsclean()
            .arg("--rules")
            .arg(&pack)
            .write_stdin("x\n")
            .assert()
            .code(2)
            .stderr(predicate::str::contains("p.toml:10: rule p.a: ").and(
                predicate::str::contains("at column 3 of \"ab(c\": unclosed group"),
            ));
    assert!(one_style(&stderr_of(&assert)));
}

#[test]
fn a_missing_record_input_fails_alone_and_the_others_are_cleaned() {
    let dir = tempfile::tempdir().unwrap();
    let good = write(&dir.path().join("good.jsonl"), "{\"text\":\"a  b\"}\n");
    let nul = write(&dir.path().join("good.bin"), "c  d\0");
    let missing = dir.path().join("missing.jsonl");
    newsclean()
        .arg("--jsonl")
        .arg(&missing)
        .arg(&good)
        .assert()
        .code(1)
        .stdout("{\"text\":\"a b\"}\n")
        .stderr(predicate::str::contains(
            "missing.jsonl: cannot open: no such file",
        ));
    newsclean()
        .arg("-z")
        .arg(&missing)
        .arg(&nul)
        .assert()
        .code(1)
        .stdout("c d\n\0");
    // Plain mode agrees.
    newsclean()
        .arg(&missing)
        .arg(&good)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("a b"));
}

#[test]
fn a_file_name_that_is_not_utf8_is_cleaned_and_shown_lossily() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9.txt");
    fs::write(dir.path().join(name), "The council  met.\n").unwrap();
    newsclean()
        .arg(dir.path().join(name))
        .assert()
        .success()
        .stdout("The council met.\n");
    let missing = std::ffi::OsStr::from_bytes(b"gone\xff.txt");
    newsclean()
        .arg(dir.path().join(missing))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("gone\u{fffd}.txt: cannot open"));
}

#[test]
fn check_exits_like_diff_0_clean_1_would_change_2_trouble() {
    let dir = tempfile::tempdir().unwrap();
    let clean = write(&dir.path().join("clean/a.txt"), "Already clean.\n");
    write(&dir.path().join("dirty/a.txt"), "Not  clean.\n");
    write(&dir.path().join("broken/a.txt"), "Not  clean.\n");
    fs::write(dir.path().join("broken/b.txt"), b"\x00\x00binary").unwrap();
    newsclean()
        .arg("--check")
        .arg(clean.parent().unwrap())
        .assert()
        .code(0)
        .stdout("");
    newsclean()
        .arg("--check")
        .arg(dir.path().join("dirty"))
        .assert()
        .code(1)
        .stdout(predicate::str::ends_with("a.txt\n"));
    newsclean()
        .arg("--check")
        .arg(dir.path().join("broken"))
        .assert()
        .code(2)
        .stdout(predicate::str::ends_with("a.txt\n"))
        .stderr(predicate::str::contains("b.txt: looks like a binary file"));
}

#[test]
fn a_mistyped_rule_id_gets_a_suggestion() {
    newsclean()
        .args(["--enable", "social.butto"])
        .write_stdin("x\n")
        .assert()
        .code(2)
        .stderr(
            "newsclean: --enable social.butto: no pack or rule has this id (did you mean \
             social.button? see --list-rules)\n",
        );
    newsclean()
        .args(["--disable", "zzzzqqq"])
        .write_stdin("x\n")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did you mean").not());
}

// ---- expected of a Rust CLI ----

#[test]
fn completions_for_every_shell() {
    for (shell, marker) in [
        ("bash", "complete -F"),
        ("zsh", "#compdef newsclean"),
        ("fish", "complete -c newsclean"),
        ("powershell", "Register-ArgumentCompleter"),
        ("elvish", "edit:completion:arg-completer[newsclean]"),
    ] {
        newsclean()
            .args(["--completions", shell])
            .assert()
            .success()
            .stdout(predicate::str::contains(marker).and(predicate::str::contains("--jsonl")));
    }
    newsclean().args(["--completions", "tcsh"]).assert().code(2);
}

#[test]
fn a_man_page() {
    newsclean().arg("--man").assert().success().stdout(
        predicate::str::starts_with(".ie \\n(.g .ds Aq")
            .or(predicate::str::contains(".TH newsclean 1"))
            .and(predicate::str::contains(".TH newsclean"))
            .and(predicate::str::contains("\\-\\-test\\-rules")),
    );
}

#[test]
fn a_broken_user_pack_names_its_folder_and_no_config_skips_it() {
    let dir = tempfile::tempdir().unwrap();
    write(
        &dir.path().join("newsclean/rules/bad.toml"),
        "[pack]\nid = \"bad\"\n",
    );
    let folder = dir.path().join("newsclean/rules");
    let mut cmd = newsclean();
    cmd.env("XDG_CONFIG_HOME", dir.path());
    let assert = cmd.write_stdin("a  b\n").assert().code(2).stderr(
        predicate::str::contains("bad.toml")
            .and(predicate::str::contains(format!(
                "a pack in your rules folder {}",
                folder.display()
            )))
            .and(predicate::str::contains("--no-config")),
    );
    assert!(one_style(&stderr_of(&assert)));
    let mut cmd = newsclean();
    cmd.env("XDG_CONFIG_HOME", dir.path())
        .arg("--no-config")
        .write_stdin("a  b\n")
        .assert()
        .success()
        .stdout("a b\n");
}

const PACK_HEAD: &str =
    "[pack]\nid = \"mine\"\nname = \"Mine\"\ndescription = \"mine\"\nversion = \"1.0\"\n";

#[test]
fn test_rules_checks_a_users_examples_and_counter_examples() {
    let dir = tempfile::tempdir().unwrap();
    let good = write(
        &dir.path().join("good.toml"),
        &format!(
            "{PACK_HEAD}\n[[rule]]\nid = \"mine.donate\"\ndescription = \"appeal\"\n\
             phrases = [\"Support our newsroom\"]\nexamples = [\"Support our newsroom\"]\n\
             counter_examples = [\"The newsroom moved in May.\"]\n"
        ),
    );
    newsclean()
        .arg("--test-rules")
        .arg(&good)
        .assert()
        .success()
        .stdout(predicate::str::ends_with(
            "good.toml: 1 rules, 1 examples, 1 counter-examples: all pass\n",
        ));
    let bad = write(
        &dir.path().join("bad.toml"),
        &format!(
            "{PACK_HEAD}\n[[rule]]\nid = \"mine.donate\"\ndescription = \"appeal\"\n\
             phrases = [\"Support our newsroom\"]\nenabled = false\n\
             examples = [\"Donate now\"]\ncounter_examples = [\"Support our newsroom\"]\n"
        ),
    );
    newsclean()
        .arg("--test-rules")
        .arg(&bad)
        .assert()
        .code(1)
        .stdout(
            predicate::str::contains("rule mine.donate: example not dropped: \"Donate now\"")
                .and(predicate::str::contains(
                    "counter-example dropped by mine.donate: \"Support our newsroom\"",
                ))
                .and(predicate::str::contains("2 failed")),
        );
    let empty = write(
        &dir.path().join("empty.toml"),
        &format!(
            "{PACK_HEAD}\n[[rule]]\nid = \"mine.x\"\ndescription = \"x\"\nphrases = [\"x y\"]\n"
        ),
    );
    newsclean()
        .arg("--test-rules")
        .arg(&empty)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("nothing to check"));
}

#[test]
fn verbose_says_encoding_packs_and_timings() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("old.txt");
    fs::write(
        &page,
        b"Caf\xe9 owners met on Tuesday to discuss the new rules.\n",
    )
    .unwrap();
    newsclean()
        .arg("-v")
        .arg(&page)
        .assert()
        .success()
        .stdout("Café owners met on Tuesday to discuss the new rules.\n")
        .stderr(
            predicate::str::contains("newsclean: rule packs: newsletter ")
                .and(predicate::str::contains("bylines").and(predicate::str::contains("(off)")))
                .and(predicate::str::contains(
                    "old.txt: windows-1252, 53 bytes, 1 lines in",
                ))
                .and(predicate::str::is_match(r"set up in \d+\.\d{3} s").unwrap()),
        );
}

#[test]
fn version_names_the_commit_and_the_packs() {
    newsclean().arg("--version").assert().success().stdout(
        predicate::str::is_match(
            r"^newsclean \d+\.\d+\.\d+ \((git [0-9a-f]{7,}|unknown commit)\)\n",
        )
        .unwrap()
        .and(predicate::str::is_match(r"built-in rule packs: newsletter \S+, cookies ").unwrap()),
    );
    newsclean()
        .arg("-V")
        .assert()
        .success()
        .stdout(predicate::str::contains("built-in").not());
}

#[test]
fn list_rules_wraps_to_the_terminal_width() {
    let wide = newsclean().arg("--list-rules").output().unwrap();
    let wide = String::from_utf8(wide.stdout).unwrap();
    assert!(wide.lines().any(|l| l.chars().count() > 90));
    let narrow = newsclean()
        .env("COLUMNS", "90")
        .arg("--list-rules")
        .output()
        .unwrap();
    let narrow = String::from_utf8(narrow.stdout).unwrap();
    for line in narrow.lines() {
        // A single word longer than the room may stand alone on its line.
        let long = line.chars().count() > 90;
        assert!(!long || !line.trim().contains(' '), "{line:?}");
    }
    // The words are the same; only the line breaks differ.
    let words = |s: &str| s.split_whitespace().map(str::to_owned).collect::<Vec<_>>();
    assert_eq!(words(&wide), words(&narrow));
    // Listed even with --keep-boilerplate, which runs no rules.
    newsclean()
        .args(["--list-rules", "--keep-boilerplate"])
        .assert()
        .success()
        .stdout(predicate::str::contains("social.button"));
}

#[test]
fn help_groups_flags_under_headings_without_repeating_them() {
    newsclean().arg("--help").assert().success().stdout(
        predicate::str::contains("Folders:")
            .and(predicate::str::contains("Records:"))
            .and(predicate::str::contains("Rules:"))
            .and(predicate::str::contains("Setup:"))
            .and(predicate::str::contains("Folders: ").not())
            .and(predicate::str::contains("terminal"))
            .and(predicate::str::contains("--completions <SHELL>")),
    );
}

// ---- the library and the package ----

#[test]
fn the_package_holds_the_licences_the_notice_and_the_docs() {
    let out = std::process::Command::new(env!("CARGO"))
        .args(["package", "--list", "--allow-dirty", "--offline"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    // A clean package: no warning (a test or bench left out, missing metadata).
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(!stderr.contains("warning"), "{stderr}");
    let list = String::from_utf8(out.stdout).unwrap();
    for file in [
        "LICENSE-MIT",
        "LICENSE-APACHE",
        "NOTICE.md",
        "README.md",
        "docs/rules.md",
        "docs/reliability.md",
        "rules/social.toml",
        "src/repair/data/words.txt",
        "tests/contract.rs",
        "fixtures/independent-putin-starmer.txt",
    ] {
        assert!(list.lines().any(|l| l == file), "{file} is not packaged");
    }
    assert!(!list
        .lines()
        .any(|l| l.starts_with("fuzz/") || l.starts_with("target/")));
    let manifest =
        fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml")).unwrap();
    assert!(manifest.contains("license = \"(MIT OR Apache-2.0) AND CC-BY-SA-4.0\""));
}
