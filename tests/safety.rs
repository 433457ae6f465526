//! Data safety on the real binary: what an output may replace (devices, FIFOs, symlinks,
//! inputs, backups), colliding outputs, files that change while cleaned, stderr that cannot
//! be written, signals and stale temporary files. Each test names the promise of
//! docs/reliability.md it holds.

use std::fs;
use std::io::{Read, Write};
use std::os::unix::fs::{FileTypeExt, MetadataExt, PermissionsExt};
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Command as StdCommand, Stdio};
use std::time::Duration;

use assert_cmd::Command;
use predicates::prelude::*;

fn newsclean() -> Command {
    Command::cargo_bin("newsclean").unwrap()
}

fn bin() -> PathBuf {
    assert_cmd::cargo::cargo_bin("newsclean")
}

fn write(path: &Path, text: &str) {
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

/// Makes a character device node (`mknod NAME c MAJOR MINOR`) in a test folder; `None`
/// when that is not permitted (not root), and the test is skipped.
fn device(path: &Path, major: u32, minor: u32) -> Option<()> {
    let made = StdCommand::new("mknod")
        .arg(path)
        .args(["c", &major.to_string(), &minor.to_string()])
        .stderr(Stdio::null())
        .status()
        .ok()?;
    if !made.success() {
        eprintln!("skipped: mknod needs root");
        return None;
    }
    Some(())
}

fn is_char_device(path: &Path) -> bool {
    fs::symlink_metadata(path)
        .unwrap()
        .file_type()
        .is_char_device()
}

/// Names of our temporary files anywhere below `dir`.
fn temporary_files(dir: &Path) -> Vec<String> {
    let mut found = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().into_owned();
        if entry.file_type().unwrap().is_dir() {
            found.extend(temporary_files(&entry.path()));
        } else if name.contains("newsclean-tmp") {
            found.push(name);
        }
    }
    found
}

const PAGE: &str = "First  page\r\nSubscribe to our newsletter\n";
const CLEAN_PAGE: &str = "First page\n";

/// An output that cannot be written is named once, as the output; the input being cleaned
/// is not blamed for it, and no message shows `(os error N)`. Plain files and `--jsonl`.
#[test]
fn a_failed_output_is_named_once_and_blames_no_input() {
    let dir = tempfile::tempdir().unwrap();
    let full = dir.path().join("full");
    if device(&full, 1, 7).is_none() {
        return;
    }
    let (page, records) = (dir.path().join("page.txt"), dir.path().join("in.jsonl"));
    write(&page, PAGE);
    write(&records, "{\"text\":\"First page\"}\n");
    for args in [vec![&page], vec![&records]] {
        let mut cmd = newsclean();
        if args[0] == &records {
            cmd.arg("--jsonl");
        }
        let out = cmd.args(&args).arg("-o").arg(&full).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert_eq!(
            stderr,
            format!(
                "newsclean: {}: cannot write: no space left on device\n",
                full.display()
            ),
            "{args:?}"
        );
        assert!(is_char_device(&full));
    }
    // Standard output that cannot be written: the modes that answer a question too.
    let listing = vec![std::ffi::OsString::from("--list-rules")];
    let jsonl = vec!["--jsonl".into(), records.clone().into_os_string()];
    for args in [listing, jsonl] {
        let stdout = fs::OpenOptions::new().write(true).open(&full).unwrap();
        let out = StdCommand::new(env!("CARGO_BIN_EXE_newsclean"))
            .args(&args)
            .stdout(stdout)
            .output()
            .unwrap();
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert_eq!(out.status.code(), Some(1), "{args:?} {stderr}");
        assert_eq!(
            stderr, "newsclean: <stdout>: cannot write: no space left on device\n",
            "{args:?}"
        );
    }
}

#[test]
fn output_to_a_device_writes_it_and_never_replaces_it() {
    let dir = tempfile::tempdir().unwrap();
    let (null, full) = (dir.path().join("null"), dir.path().join("full"));
    if device(&null, 1, 3).is_none() || device(&full, 1, 7).is_none() {
        return;
    }
    let input = dir.path().join("page.txt");
    write(&input, PAGE);
    newsclean()
        .arg(&input)
        .arg("-o")
        .arg(&null)
        .assert()
        .success();
    assert!(is_char_device(&null));
    newsclean()
        .arg(&input)
        .arg("-o")
        .arg(&full)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(format!(
            "{}: cannot write",
            full.display()
        )))
        .stderr(predicate::str::contains("o space left"));
    assert!(is_char_device(&full));
    // --report too, in a folder run and a record run.
    let folder = dir.path().join("in");
    write(&folder.join("a.txt"), PAGE);
    newsclean()
        .arg(&folder)
        .arg("-o")
        .arg(dir.path().join("tree"))
        .arg("--report")
        .arg(&full)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(format!(
            "{}: cannot write",
            full.display()
        )));
    assert!(is_char_device(&full));
    newsclean()
        .args(["--jsonl", "--report"])
        .arg(&null)
        .write_stdin("{\"text\":\"a\"}\n")
        .assert()
        .success();
    assert!(is_char_device(&null));
    assert_eq!(temporary_files(dir.path()), Vec::<String>::new());
}

#[test]
fn a_block_device_or_a_folder_is_never_an_output() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("page.txt");
    write(&input, PAGE);
    let folder = dir.path().join("folder");
    fs::create_dir(&folder).unwrap();
    newsclean()
        .arg(&input)
        .arg("-o")
        .arg(&folder)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("is a folder; not written"));
    let block = dir.path().join("block");
    let made = StdCommand::new("mknod")
        .arg(&block)
        .args(["b", "7", "200"])
        .stderr(Stdio::null())
        .status()
        .unwrap();
    if !made.success() {
        eprintln!("skipped: mknod needs root");
        return;
    }
    newsclean()
        .arg(&input)
        .arg("-o")
        .arg(&block)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("is a block device; not written"));
    assert!(fs::symlink_metadata(&block)
        .unwrap()
        .file_type()
        .is_block_device());
}

#[test]
fn output_to_a_fifo_is_written_directly() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe");
    assert!(StdCommand::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || fs::read_to_string(fifo).unwrap())
    };
    newsclean()
        .arg("-o")
        .arg(&fifo)
        .write_stdin(PAGE)
        .timeout(Duration::from_secs(60))
        .assert()
        .success();
    // Checked before waiting for the reader, which waits forever if nothing opened the FIFO.
    assert!(fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());
    assert_eq!(reader.join().unwrap(), CLEAN_PAGE);
}

#[test]
fn output_through_a_symlink_writes_the_file_it_names() {
    let dir = tempfile::tempdir().unwrap();
    let real = dir.path().join("real.txt");
    write(&real, "old\n");
    let link = dir.path().join("link.txt");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    newsclean()
        .arg("-o")
        .arg(&link)
        .write_stdin(PAGE)
        .assert()
        .success();
    assert!(fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(fs::read_to_string(&real).unwrap(), CLEAN_PAGE);
    // A dangling link is refused, and nothing is created.
    let dangling = dir.path().join("dangling.txt");
    std::os::unix::fs::symlink(dir.path().join("missing.txt"), &dangling).unwrap();
    newsclean()
        .arg("-o")
        .arg(&dangling)
        .write_stdin(PAGE)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("symlink to a missing file"));
    assert!(!dir.path().join("missing.txt").exists());
    assert!(fs::symlink_metadata(&dangling)
        .unwrap()
        .file_type()
        .is_symlink());
}

fn mode(path: &Path) -> u32 {
    fs::metadata(path).unwrap().permissions().mode() & 0o7777
}

#[test]
fn new_outputs_follow_the_umask_and_replaced_ones_keep_their_mode() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("page.txt");
    write(&input, PAGE);
    let out = dir.path().join("out.txt");
    let report = dir.path().join("report.json");
    let run = |umask: &str, extra: &str| {
        let status = StdCommand::new("sh")
            .arg("-c")
            .arg(format!(
                "umask {umask}; exec \"$0\" \"$1\" -o \"$2\" {extra}"
            ))
            .arg(bin())
            .arg(&input)
            .arg(&out)
            .status()
            .unwrap();
        assert!(status.success());
    };
    run("022", "");
    assert_eq!(mode(&out), 0o644);
    fs::remove_file(&out).unwrap();
    run("027", "");
    assert_eq!(mode(&out), 0o640);
    // An existing output keeps its mode, as a shell redirection would.
    fs::set_permissions(&out, fs::Permissions::from_mode(0o604)).unwrap();
    run("077", "");
    assert_eq!(mode(&out), 0o604);
    assert_eq!(fs::read_to_string(&out).unwrap(), CLEAN_PAGE);
    // The report of a folder run too; the mirrored files get the input's mode.
    let folder = dir.path().join("in");
    write(&folder.join("a.txt"), PAGE);
    fs::set_permissions(folder.join("a.txt"), fs::Permissions::from_mode(0o664)).unwrap();
    let status = StdCommand::new("sh")
        .arg("-c")
        .arg("umask 002; exec \"$0\" \"$1\" -o \"$2\" --report \"$3\"")
        .arg(bin())
        .arg(&folder)
        .arg(dir.path().join("tree"))
        .arg(&report)
        .status()
        .unwrap();
    assert!(status.success());
    assert_eq!(mode(&report), 0o664);
    assert_eq!(mode(&dir.path().join("tree/a.txt")), 0o664);
}

fn running_as_root() -> bool {
    fs::metadata("/proc/self").map(|m| m.uid()).ok() == Some(0)
}

/// Sets a user extended attribute; false where the file system has none.
fn set_xattr(path: &Path, name: &str, value: &str) -> bool {
    StdCommand::new("setfattr")
        .args(["-n", name, "-v", value])
        .arg(path)
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

fn get_xattr(path: &Path, name: &str) -> Option<String> {
    let out = StdCommand::new("getfattr")
        .args(["--only-values", "-n", name])
        .arg(path)
        .stderr(Stdio::null())
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn in_place_keeps_owner_mode_and_extended_attributes() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("in/page.txt");
    write(&file, PAGE);
    fs::set_permissions(&file, fs::Permissions::from_mode(0o640)).unwrap();
    let root = running_as_root();
    if root {
        std::os::unix::fs::chown(&file, Some(1234), Some(4321)).unwrap();
    }
    let xattrs = set_xattr(&file, "user.origin", "crawl-7");
    newsclean()
        .arg(dir.path().join("in"))
        .arg("--in-place")
        .assert()
        .success();
    assert_eq!(fs::read_to_string(&file).unwrap(), CLEAN_PAGE);
    assert_eq!(mode(&file), 0o640);
    if root {
        let meta = fs::metadata(&file).unwrap();
        assert_eq!((meta.uid(), meta.gid()), (1234, 4321));
    } else {
        eprintln!("owner not checked: needs root");
    }
    if xattrs {
        assert_eq!(get_xattr(&file, "user.origin").as_deref(), Some("crawl-7"));
    } else {
        eprintln!("extended attributes not checked: setfattr or file system support missing");
    }
}

#[test]
fn output_naming_an_input_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("page.txt");
    write(&input, PAGE);
    let link = dir.path().join("link.txt");
    std::os::unix::fs::symlink(&input, &link).unwrap();
    for out in [&input, &link] {
        newsclean()
            .arg(&input)
            .arg("-o")
            .arg(out)
            .assert()
            .code(2)
            .stderr(predicate::str::contains("-o names the input"));
        newsclean()
            .arg("--jsonl")
            .arg(&input)
            .arg("-o")
            .arg(out)
            .assert()
            .code(2);
    }
    assert_eq!(fs::read_to_string(&input).unwrap(), PAGE);
    // A folder cleaned into itself.
    let folder = dir.path().join("in");
    write(&folder.join("a.txt"), PAGE);
    newsclean()
        .arg(&folder)
        .arg("-o")
        .arg(&folder)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("-o names the input folder"));
    assert_eq!(fs::read_to_string(folder.join("a.txt")).unwrap(), PAGE);
}

#[test]
fn a_backup_never_replaces_anything() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("in");
    let file = folder.join("page.txt");
    write(&file, PAGE);
    newsclean()
        .arg(&folder)
        .args(["--in-place", "--backup", ".orig"])
        .assert()
        .success();
    let backup = folder.join("page.txt.orig");
    assert_eq!(fs::read_to_string(&backup).unwrap(), PAGE);
    // A second run with a changed file: the first backup is the only copy of the original.
    write(&file, "Second  version\n");
    newsclean()
        .arg(&folder)
        .args(["--in-place", "--backup", ".orig"])
        .assert()
        .code(1)
        // One line, naming the file once (house style: `newsclean: PATH: what: why`).
        .stderr(predicate::str::starts_with(format!(
            "newsclean: {}: backup {} already exists",
            file.display(),
            backup.display()
        )));
    assert_eq!(fs::read_to_string(&backup).unwrap(), PAGE);
    assert_eq!(fs::read_to_string(&file).unwrap(), "Second  version\n");
}

#[test]
fn a_backup_never_follows_a_symlink() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("in");
    let file = folder.join("page.txt");
    write(&file, PAGE);
    let outside = dir.path().join("outside.txt");
    write(&outside, "precious\n");
    std::os::unix::fs::symlink(&outside, folder.join("page.txt.orig")).unwrap();
    newsclean()
        .arg(&file)
        .args(["--in-place", "--backup", ".orig"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("already exists"));
    assert_eq!(fs::read_to_string(&outside).unwrap(), "precious\n");
    assert_eq!(fs::read_to_string(&file).unwrap(), PAGE);
}

#[test]
fn a_backup_suffix_that_names_another_input_loses_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("in");
    write(&folder.join("x.txt"), "one  \n");
    write(&folder.join("x.txt.txt"), "two  \n");
    newsclean()
        .arg(&folder)
        .args(["--in-place", "--backup", ".txt", "-j", "1"])
        .assert()
        .code(1);
    // x.txt was left alone (its backup name is taken); x.txt.txt was cleaned and kept.
    assert_eq!(fs::read_to_string(folder.join("x.txt")).unwrap(), "one  \n");
    assert_eq!(
        fs::read_to_string(folder.join("x.txt.txt")).unwrap(),
        "two\n"
    );
    assert_eq!(
        fs::read_to_string(folder.join("x.txt.txt.txt")).unwrap(),
        "two  \n"
    );
}

#[test]
fn an_empty_or_slashed_backup_suffix_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("page.txt");
    write(&file, PAGE);
    for suffix in ["", "/../x"] {
        newsclean()
            .arg(&file)
            .args(["--in-place", "--backup", suffix])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("--backup"));
    }
    assert_eq!(fs::read_to_string(&file).unwrap(), PAGE);
}

#[test]
fn two_inputs_writing_one_output_is_an_error_naming_both() {
    let dir = tempfile::tempdir().unwrap();
    let (one, two) = (dir.path().join("site1"), dir.path().join("site2"));
    write(&one.join("index.txt"), "From  site one\n");
    write(&two.join("index.txt"), "From  site two\n");
    let out = dir.path().join("out");
    let report = dir.path().join("report.json");
    newsclean()
        .arg(&one)
        .arg(&two)
        .arg("-o")
        .arg(&out)
        .arg("--report")
        .arg(&report)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(format!(
            "{}: would write {} like {}",
            two.join("index.txt").display(),
            out.join("index.txt").display(),
            one.join("index.txt").display()
        )));
    assert_eq!(
        fs::read_to_string(out.join("index.txt")).unwrap(),
        "From site one\n"
    );
    let report: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(report).unwrap()).unwrap();
    let failed: Vec<_> = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["status"] == "failed")
        .map(|f| f["path"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(failed, [two.join("index.txt").display().to_string()]);
}

#[test]
fn in_place_leaves_alone_a_file_that_changes_while_it_is_cleaned() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("growing.txt");
    // Large enough that cleaning it takes a while on any machine.
    let line = "A line of an article that another program is still writing to  \n";
    let body = line.repeat(200_000);
    write(&file, &body);
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let appender = {
        let (file, stop) = (file.clone(), stop.clone());
        std::thread::spawn(move || {
            let mut appended = String::new();
            let mut f = fs::OpenOptions::new().append(true).open(&file).unwrap();
            let mut n = 0;
            while !stop.load(std::sync::atomic::Ordering::SeqCst) {
                let extra = format!("appended line {n}\n");
                f.write_all(extra.as_bytes()).unwrap();
                appended.push_str(&extra);
                n += 1;
                std::thread::sleep(Duration::from_millis(2));
            }
            appended
        })
    };
    let result = newsclean()
        .arg(&file)
        .args(["--in-place", "--keep-boilerplate"])
        .output()
        .unwrap();
    stop.store(true, std::sync::atomic::Ordering::SeqCst);
    let appended = appender.join().unwrap();
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert_eq!(result.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("growing.txt: changed while it was being cleaned"),
        "{stderr}"
    );
    // Nothing appended was lost: the file is the original and every appended line.
    assert_eq!(fs::read_to_string(&file).unwrap(), body + &appended);
}

#[test]
fn a_fifo_is_refused_by_in_place_and_check() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe");
    assert!(StdCommand::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    // --check's status for a file it could not check is 2, like diff's.
    for (mode, code) in [("--in-place", 1), ("--check", 2)] {
        newsclean()
            .arg(&fifo)
            .arg(mode)
            .timeout(Duration::from_secs(20))
            .assert()
            .code(code)
            .stderr(predicate::str::contains("pipe: is a FIFO"));
    }
    assert!(fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());
}

/// A handle on `/dev/full` to give a child as its stderr (or stdout): every write fails.
fn dev_full() -> fs::File {
    fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap()
}

#[test]
fn a_stderr_that_cannot_be_written_never_crashes() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("page.txt");
    write(&input, PAGE);
    let out = dir.path().join("out.txt");
    let run = |args: &[&std::ffi::OsStr]| {
        StdCommand::new(bin())
            .args(args)
            .stdout(Stdio::null())
            .stderr(dev_full())
            .status()
            .unwrap()
            .code()
    };
    let missing = dir.path().join("missing.txt");
    assert_eq!(run(&[missing.as_os_str()]), Some(1));
    assert_eq!(run(&["--bogus-flag".as_ref()]), Some(2));
    let folder = dir.path().join("in");
    write(&folder.join("a.txt"), PAGE);
    let tree = dir.path().join("tree");
    assert_eq!(
        run(&[folder.as_os_str(), "-o".as_ref(), tree.as_os_str()]),
        Some(0)
    );
    // --explain: the output is written in full; the lost explanation makes it exit 1.
    assert_eq!(
        run(&[
            "--explain".as_ref(),
            input.as_os_str(),
            "-o".as_ref(),
            out.as_os_str()
        ]),
        Some(1)
    );
    assert_eq!(fs::read_to_string(&out).unwrap(), CLEAN_PAGE);
}

#[test]
fn explain_to_a_reader_that_leaves_still_writes_the_whole_output() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("page.txt");
    // Enough boilerplate that the explanation overflows a pipe nobody reads.
    let mut page = String::new();
    for i in 0..3000 {
        page += &format!("Paragraph {i} of the article, with enough words to be prose.\n");
        page += "Subscribe to our newsletter\n";
    }
    write(&input, &page);
    let out = dir.path().join("out.txt");
    let status = StdCommand::new("sh")
        .arg("-c")
        .arg("\"$0\" --explain \"$1\" 2>&1 >\"$2\" | head -c10 >/dev/null")
        .arg(bin())
        .arg(&input)
        .arg(&out)
        .status()
        .unwrap();
    assert!(status.success());
    let written = fs::read_to_string(&out).unwrap();
    let expected = newsclean().arg(&input).output().unwrap().stdout;
    assert_eq!(written.as_bytes(), expected.as_slice());
    assert!(written.contains("Paragraph 2999"));
}

#[test]
fn write_errors_name_the_output() {
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str], stdin: &str| {
        let mut child = StdCommand::new(bin())
            .args(args)
            .stdin(Stdio::piped())
            .stdout(dev_full())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(stdin.as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (code, stderr) = run(&["--jsonl"], "{\"text\":\"a\"}\n");
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("<stdout>: cannot write"), "{stderr}");
    let (code, stderr) = run(&["-z"], "a\0b");
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("<stdout>: cannot write"), "{stderr}");
    // --list-rules now lives in info.rs (issue 18's modes): it fails without a panic.
    let (code, stderr) = run(&["--list-rules"], "");
    assert!(matches!(code, Some(1 | 2)), "{stderr}");
    // A report that cannot be written: exit 1 (not the usage code), naming it.
    let folder = dir.path().join("in");
    write(&folder.join("a.txt"), PAGE);
    let report = dir.path().join("no/such/folder/report.json");
    newsclean()
        .arg(&folder)
        .arg("-o")
        .arg(dir.path().join("tree"))
        .arg("--report")
        .arg(&report)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(format!(
            "{}: cannot create a temporary file",
            report.display()
        )));
}

/// Starts newsclean writing `-o OUT` from a stdin it keeps open, waits until its
/// temporary file exists, sends `signal`, and returns how it ended.
fn interrupt_while_writing(
    args: &[&str],
    signal: &str,
) -> (std::process::ExitStatus, PathBuf, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.txt");
    let mut child = StdCommand::new(bin())
        .args(args)
        .arg("-o")
        .arg(&out)
        .stdin(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin
        .write_all(b"{\"text\":\"some  text\"}\nsome text")
        .unwrap();
    stdin.flush().unwrap();
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    while temporary_files(dir.path()).is_empty() {
        assert!(
            std::time::Instant::now() < deadline,
            "no temporary file appeared"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    let sent = StdCommand::new("kill")
        .args([signal, &child.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    let status = child.wait().unwrap();
    drop(stdin);
    (status, out, dir)
}

#[test]
fn a_signal_while_writing_one_output_leaves_no_temporary_file() {
    for (args, signal, number) in [
        (&[][..], "-TERM", 15),
        (&["--jsonl"][..], "-INT", 2),
        (&["-z"][..], "-TERM", 15),
        (&["--jsonl"][..], "-HUP", 1),
    ] {
        let (status, out, dir) = interrupt_while_writing(args, signal);
        // It dies by the signal, as a program without a handler would.
        assert_eq!(status.signal(), Some(number), "{args:?} {status:?}");
        assert!(!out.exists(), "{args:?}: output created");
        assert_eq!(
            temporary_files(dir.path()),
            Vec::<String>::new(),
            "{args:?}"
        );
    }
}

#[test]
fn a_signal_at_the_start_of_a_folder_run_leaves_no_temporary_file() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("in");
    for i in 0..200 {
        write(&folder.join(format!("{i:03}.txt")), &PAGE.repeat(50));
    }
    let reference = dir.path().join("reference");
    newsclean()
        .arg(&folder)
        .arg("-o")
        .arg(&reference)
        .assert()
        .success();
    for delay in [0, 5, 20] {
        let out = dir.path().join(format!("out-{delay}"));
        let child = StdCommand::new(bin())
            .arg(&folder)
            .arg("-o")
            .arg(&out)
            .args(["-j", "1"])
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay));
        StdCommand::new("kill")
            .args(["-TERM", &child.id().to_string()])
            .status()
            .unwrap();
        child.wait_with_output().unwrap();
        if !out.exists() {
            continue;
        }
        assert_eq!(temporary_files(&out), Vec::<String>::new());
        for entry in fs::read_dir(&out).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap();
            assert_eq!(
                fs::read(&path).unwrap(),
                fs::read(reference.join(name)).unwrap(),
                "{name:?} is partial"
            );
        }
    }
}

/// The process id of a process that has ended.
fn dead_pid() -> u32 {
    let mut child = StdCommand::new("true").spawn().unwrap();
    let pid = child.id();
    child.wait().unwrap();
    pid
}

#[test]
fn stale_temporary_files_of_dead_runs_are_removed_at_the_next_run() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    fs::create_dir_all(&out).unwrap();
    let dead = format!(".page.txt.Ab12Cd.{}.newsclean-tmp", dead_pid());
    let alive = format!(".page.txt.Ef34Gh.{}.newsclean-tmp", std::process::id());
    let not_ours = ".page.txt.notes".to_owned();
    for name in [&dead, &alive, &not_ours] {
        write(&out.join(name), "half a file");
    }
    let folder = dir.path().join("in");
    write(&folder.join("page.txt"), PAGE);
    newsclean()
        .arg(&folder)
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    assert!(
        !out.join(&dead).exists(),
        "the dead run's file is still there"
    );
    assert!(
        out.join(&alive).exists(),
        "a live process's file was removed"
    );
    assert!(out.join(&not_ours).exists());
    // The same for -o FILE.
    write(&out.join(&dead), "half a file");
    newsclean()
        .arg(folder.join("page.txt"))
        .arg("-o")
        .arg(out.join("single.txt"))
        .assert()
        .success();
    assert!(!out.join(&dead).exists());
}

#[test]
fn kill_9_leftovers_are_cleaned_by_the_next_run() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.txt");
    let mut child = StdCommand::new(bin())
        .arg("-o")
        .arg(&out)
        .stdin(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(b"some text").unwrap();
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    while temporary_files(dir.path()).is_empty() {
        assert!(std::time::Instant::now() < deadline);
        std::thread::sleep(Duration::from_millis(10));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    drop(stdin);
    assert_eq!(temporary_files(dir.path()).len(), 1);
    newsclean()
        .arg("-o")
        .arg(&out)
        .write_stdin(PAGE)
        .assert()
        .success();
    assert_eq!(temporary_files(dir.path()), Vec::<String>::new());
    let mut text = String::new();
    fs::File::open(&out)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    assert_eq!(text, CLEAN_PAGE);
}

/// A stderr pipe whose reader has already left: every message fails with a broken pipe.
fn stderr_with_no_reader() -> Stdio {
    use std::os::fd::{FromRawFd, OwnedFd};
    let mut fds = [0; 2];
    // SAFETY: `pipe` fills both descriptors on success; each is owned exactly once below.
    assert_eq!(unsafe { libc::pipe(fds.as_mut_ptr()) }, 0);
    let (reader, writer) = unsafe { (OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1])) };
    drop(reader);
    Stdio::from(writer)
}

#[test]
fn a_stderr_whose_reader_has_left_never_crashes() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("page.txt");
    write(&input, PAGE);
    let folder = dir.path().join("in");
    write(&folder.join("a.txt"), PAGE);
    let run = |args: &[&std::ffi::OsStr]| {
        StdCommand::new(bin())
            .args(args)
            .stdout(Stdio::null())
            .stderr(stderr_with_no_reader())
            .status()
            .unwrap()
    };
    let missing = dir.path().join("missing.txt");
    assert_eq!(run(&[missing.as_os_str()]).code(), Some(1));
    assert_eq!(run(&["--bogus-flag".as_ref()]).code(), Some(2));
    let tree = dir.path().join("tree");
    let status = run(&[folder.as_os_str(), "-o".as_ref(), tree.as_os_str()]);
    assert_eq!(status.code(), Some(0), "{status:?}");
    assert_eq!(fs::read_to_string(tree.join("a.txt")).unwrap(), CLEAN_PAGE);
    let out = dir.path().join("out.txt");
    let explained = run(&[
        "--explain".as_ref(),
        input.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
    ]);
    assert!(explained.code().is_some(), "{explained:?}");
    assert_ne!(explained.code(), Some(101));
    assert_eq!(fs::read_to_string(&out).unwrap(), CLEAN_PAGE);
}
