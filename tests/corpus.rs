//! Corpus formats on the real binary: compressed inputs, WARC/WET archives, JSONL output,
//! sharding and path lists, and the warning for a cut that drops most of a large document.

use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

fn newsclean() -> Command {
    Command::cargo_bin("newsclean").unwrap()
}

fn fixture(name: &str) -> Vec<u8> {
    fs::read(Path::new("fixtures").join(name)).unwrap()
}

fn warc(name: &str) -> PathBuf {
    Path::new("tests/data/warc").join(name)
}

/// A fixture's expected clean text as a JSONL record holds it (without the final newline).
fn expected_field(name: &str) -> String {
    let text = String::from_utf8(fixture(&format!("{name}.expected.txt"))).unwrap();
    text.strip_suffix('\n').unwrap_or(&text).to_owned()
}

const SEED: &str = "independent-putin-starmer";

fn compressed(format: &str, data: &[u8]) -> Vec<u8> {
    match format {
        "gz" => {
            let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
            e.write_all(data).unwrap();
            e.finish().unwrap()
        }
        "zst" => zstd::encode_all(data, 3).unwrap(),
        "bz2" => {
            let mut e = bzip2::write::BzEncoder::new(Vec::new(), bzip2::Compression::default());
            e.write_all(data).unwrap();
            e.finish().unwrap()
        }
        "xz" => {
            let mut e = liblzma::write::XzEncoder::new(Vec::new(), 6);
            e.write_all(data).unwrap();
            e.finish().unwrap()
        }
        other => panic!("{other}"),
    }
}

const FORMATS: [&str; 4] = ["gz", "zst", "bz2", "xz"];

fn json_lines(stdout: &[u8]) -> Vec<Value> {
    String::from_utf8(stdout.to_vec())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn the_seed_compressed_as_file_stdin_and_folder_gives_the_expected_text() {
    let seed = fixture(&format!("{SEED}.txt"));
    let expected = fixture(&format!("{SEED}.expected.txt"));
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("in");
    fs::create_dir(&folder).unwrap();
    for format in FORMATS {
        let bytes = compressed(format, &seed);
        let file = dir.path().join(format!("seed.txt.{format}"));
        fs::write(&file, &bytes).unwrap();
        let from_file = newsclean().arg(&file).assert().success();
        assert_eq!(from_file.get_output().stdout, expected, "{format} file");
        let from_stdin = newsclean().write_stdin(bytes.clone()).assert().success();
        assert_eq!(from_stdin.get_output().stdout, expected, "{format} stdin");
        fs::write(folder.join(format!("{format}-seed.txt.{format}")), &bytes).unwrap();
    }
    // Chosen by the default selection, and written plain under the name without `.gz`.
    let out = dir.path().join("out");
    newsclean()
        .arg(&folder)
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    for format in FORMATS {
        let cleaned = fs::read(out.join(format!("{format}-seed.txt"))).unwrap();
        assert_eq!(cleaned, expected, "{format} in a folder");
    }
}

#[test]
fn compressed_record_streams_are_read() {
    let jsonl = compressed("zst", b"{\"text\":\"a  b\"}\n{\"text\":\"c\"}\n");
    newsclean()
        .args(["--jsonl", "--keep-boilerplate"])
        .write_stdin(jsonl)
        .assert()
        .success()
        .stdout("{\"text\":\"a b\"}\n{\"text\":\"c\"}\n");
}

#[test]
fn a_truncated_gz_names_the_file_and_offset_and_keeps_earlier_documents() {
    let docs = b"First  story.\0Second  story.\0".to_vec();
    let mut long = docs.clone();
    long.extend(b"Third story, long enough to be cut in the middle. ".repeat(2000));
    let whole = compressed("gz", &long);
    let cut = &whole[..whole.len() - 40];
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("docs.gz");
    fs::write(&file, cut).unwrap();
    let run = newsclean()
        .args(["-z", "--keep-boilerplate"])
        .arg(&file)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(format!(
            "docs.gz: truncated gzip data near byte {}",
            cut.len()
        )));
    assert!(run
        .get_output()
        .stdout
        .starts_with(b"First story.\n\0Second story.\n\0"));
}

#[test]
fn a_truncated_wet_keeps_the_whole_records_before_the_cut() {
    let whole = fs::read(warc("three-articles.warc.wet.gz")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("cut.wet.gz");
    fs::write(&file, &whole[..whole.len() - 100]).unwrap();
    let out = dir.path().join("out.jsonl");
    newsclean()
        .args(["--output-format", "jsonl", "-o"])
        .arg(&out)
        .arg(&file)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "cut.wet.gz: truncated gzip data near byte",
        ))
        .stderr(predicate::str::contains(
            "the 2 documents before it were written",
        ));
    let records = json_lines(&fs::read(&out).unwrap());
    assert_eq!(records.len(), 2);
    assert_eq!(
        records[1]["text"],
        expected_field("boilerplate-comments-cut")
    );
}

#[test]
fn a_wet_file_of_three_articles_gives_three_records() {
    let run = newsclean()
        .args(["--output-format", "jsonl"])
        .arg(warc("three-articles.warc.wet.gz"))
        .assert()
        .success()
        .stderr(predicate::str::contains("records skipped: 1 warcinfo"));
    let records = json_lines(&run.get_output().stdout);
    let names = [
        "article-clean-utf8",
        "boilerplate-comments-cut",
        "french-accents-survive",
    ];
    assert_eq!(records.len(), 3);
    for (i, (record, name)) in records.iter().zip(names).enumerate() {
        assert_eq!(
            record["url"],
            format!("https://news.example/{}/{name}", i + 1)
        );
        assert_eq!(record["text"], expected_field(name), "{name}");
        assert_eq!(record["date"], "2025-02-19T10:00:00Z");
        assert_eq!(record["content_type"], "text/plain");
        assert!(record["record_id"]
            .as_str()
            .unwrap()
            .starts_with("<urn:uuid:"));
        assert!(record["source"]
            .as_str()
            .unwrap()
            .ends_with("three-articles.warc.wet.gz"));
    }
    assert_eq!(records[0]["language"], "en");
}

#[test]
fn wet_records_as_text_are_not_one_document() {
    let run = newsclean()
        .arg(warc("three-articles.warc.wet.gz"))
        .assert()
        .success();
    let out = String::from_utf8(run.get_output().stdout.clone()).unwrap();
    assert!(!out.contains("WARC-Type"), "{out}");
    // The comments cut in the second article leaves the third one whole.
    assert!(out.ends_with(&format!("{}\n", expected_field("french-accents-survive"))));
}

#[test]
fn warc_responses_are_decoded_by_their_declared_charset() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("report.json");
    let run = newsclean()
        .args(["--output-format", "jsonl", "--report"])
        .arg(&report)
        .arg(warc("responses.warc.gz"))
        .assert()
        .success();
    let records = json_lines(&run.get_output().stdout);
    assert_eq!(records.len(), 4, "{records:?}");
    assert_eq!(records[0]["encoding"], "windows-1252");
    assert_eq!(records[0]["text"], expected_field("article-windows-1252"));
    // 0xA4: a euro sign in the declared ISO-8859-15, a currency sign if guessed as 1252.
    assert_eq!(
        records[1]["text"],
        "The ticket now costs 12 € after the rise."
    );
    assert_eq!(records[2]["content_type"], "text/html");
    let report: Value = serde_json::from_slice(&fs::read(report).unwrap()).unwrap();
    let skipped = &report["skipped_records"];
    for kind in ["warcinfo", "request", "metadata", "non-text"] {
        assert_eq!(skipped[kind], 1, "{kind}: {report}");
    }
    assert_eq!(report["documents"], 4);
}

#[test]
fn the_declared_charset_gives_way_to_encoding() {
    let run = newsclean()
        .args(["--output-format", "jsonl", "--encoding", "windows-1252"])
        .arg(warc("responses.warc.gz"))
        .assert()
        .success();
    let records = json_lines(&run.get_output().stdout);
    assert_eq!(
        records[1]["text"],
        "The ticket now costs 12 ¤ after the rise."
    );
}

fn folder_of(n: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..n {
        let body = format!("Story number {i} is here.\n");
        let name = format!("d{}/story-{i:02}.txt", i % 3);
        let path = dir.path().join(name);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        match i % 2 {
            0 => fs::write(&path, body).unwrap(),
            _ => fs::write(
                path.with_extension("txt.gz"),
                compressed("gz", body.as_bytes()),
            )
            .unwrap(),
        }
    }
    dir
}

fn sources(args: &[&str], root: &Path) -> Vec<String> {
    let run = newsclean()
        .args(["--output-format", "jsonl"])
        .args(args)
        .arg(root)
        .assert()
        .success();
    json_lines(&run.get_output().stdout)
        .iter()
        .map(|r| r["source"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn shards_cover_a_folder_exactly_once() {
    let dir = folder_of(11);
    let all = sources(&[], dir.path());
    assert_eq!(all.len(), 11);
    let first = sources(&["--shard", "0/2"], dir.path());
    let second = sources(&["--shard", "1/2"], dir.path());
    assert_eq!(first.len() + second.len(), all.len());
    let mut both: Vec<String> = first.iter().chain(&second).cloned().collect();
    both.sort();
    let mut all_sorted = all.clone();
    all_sorted.sort();
    assert_eq!(both, all_sorted);
    // Text mode into folders splits the same way.
    let out = tempfile::tempdir().unwrap();
    newsclean()
        .args(["--shard", "1/2", "-o"])
        .arg(out.path())
        .arg(dir.path())
        .assert()
        .success();
    let written = walk(out.path());
    assert_eq!(written.len(), second.len());
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}

#[test]
fn files_from_a_list_by_line_or_nul_and_from_stdin() {
    let dir = folder_of(4);
    let files: Vec<PathBuf> = {
        let mut f = walk(dir.path());
        f.sort();
        f
    };
    let list = dir.path().join("list.txt");
    let lines: String = files.iter().map(|f| format!("{}\n", f.display())).collect();
    fs::write(&list, &lines).unwrap();
    let by_line = newsclean()
        .args(["--output-format", "jsonl", "--files-from"])
        .arg(&list)
        .assert()
        .success();
    assert_eq!(json_lines(&by_line.get_output().stdout).len(), 4);
    let nul: String = files.iter().map(|f| format!("{}\0", f.display())).collect();
    let from_stdin = newsclean()
        .args(["--files-from", "-", "-0", "--shard", "0/2"])
        .args(["--output-format", "jsonl"])
        .write_stdin(nul)
        .assert()
        .success();
    let records = json_lines(&from_stdin.get_output().stdout);
    assert_eq!(records.len(), 2);
    assert_eq!(records[1]["source"], files[2].display().to_string());
}

#[test]
fn output_is_compressed_by_flag_or_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("clean.jsonl.zst");
    newsclean()
        .args(["--output-format", "jsonl", "-o"])
        .arg(&out)
        .arg(warc("three-articles.warc.wet.gz"))
        .assert()
        .success();
    let text = zstd::decode_all(&fs::read(&out).unwrap()[..]).unwrap();
    assert_eq!(json_lines(&text).len(), 3);
    let run = newsclean()
        .args(["--compress", "gz"])
        .arg(format!("fixtures/{SEED}.txt"))
        .assert()
        .success();
    let mut plain = Vec::new();
    flate2::read::MultiGzDecoder::new(&run.get_output().stdout[..])
        .read_to_end(&mut plain)
        .unwrap();
    assert_eq!(plain, fixture(&format!("{SEED}.expected.txt")));
}

#[test]
fn stats_and_empty_documents_in_jsonl() {
    let run = newsclean()
        .args(["-z", "--output-format", "jsonl", "--stats"])
        .write_stdin("Sign up to our newsletter\0\0Body  text here.")
        .assert()
        .success();
    let records = json_lines(&run.get_output().stdout);
    assert_eq!(records.len(), 3);
    assert_eq!(records[1]["text"], "");
    assert_eq!(records[2]["text"], "Body text here.");
    assert!(records[0]["stats"]["lines_in"].as_u64().unwrap() >= 1);
    assert!(records[0]["stats"]["dropped"].is_object());
}

#[test]
fn flags_that_cannot_apply_are_usage_errors() {
    newsclean()
        .arg("--stats")
        .write_stdin("x")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--stats"));
    newsclean()
        .args(["--shard", "0/2"])
        .write_stdin("x")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("stdin"));
    newsclean().args(["--shard", "2/2", "x"]).assert().code(2);
    newsclean()
        .args(["--jsonl", "--output-format", "jsonl"])
        .write_stdin("{}")
        .assert()
        .code(2);
}

#[test]
fn a_cut_dropping_most_of_a_large_document_is_reported() {
    let mut doc = String::from_utf8(fixture("boilerplate-comments-cut.txt")).unwrap();
    while doc.len() < 1_200_000 {
        doc.push_str("Reader wrote: I do not agree with any of this, and I said so before.\n");
    }
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("report.json");
    let run = newsclean()
        .arg("--report")
        .arg(&report)
        .args(["--output-format", "jsonl"])
        .write_stdin(doc)
        .assert()
        .success()
        .stderr(predicate::str::contains("cut rule ").count(1))
        .stderr(predicate::str::contains("-z, --jsonl or WARC"));
    assert_eq!(json_lines(&run.get_output().stdout).len(), 1);
    let report: Value = serde_json::from_slice(&fs::read(report).unwrap()).unwrap();
    let cut = &report["large_cuts"][0]["cut"];
    assert!(
        cut["rule"].as_str().unwrap().contains("comments"),
        "{report}"
    );
    assert!(cut["lines_dropped"].as_u64().unwrap() * 2 > cut["lines_in"].as_u64().unwrap());
    // A small document cut the same way says nothing.
    newsclean()
        .arg("fixtures/boilerplate-comments-cut.txt")
        .assert()
        .success()
        .stderr("");
}

#[test]
fn nul_separated_output_of_a_wet_file_has_one_document_per_record() {
    let run = newsclean()
        .arg("-z")
        .arg(warc("three-articles.warc.wet.gz"))
        .assert()
        .success();
    let out = String::from_utf8(run.get_output().stdout.clone()).unwrap();
    let docs: Vec<&str> = out.split_terminator('\0').collect();
    assert_eq!(docs.len(), 3);
    assert_eq!(docs[1], expected_field("boilerplate-comments-cut") + "\n");
}

#[test]
fn jsonl_records_compressed_in_and_out_and_a_truncated_one_named() {
    let jsonl = b"{\"text\":\"a  b\"}\n".repeat(5000);
    let gz = compressed("gz", &jsonl);
    let dir = tempfile::tempdir().unwrap();
    let cut = dir.path().join("cut.jsonl.gz");
    fs::write(&cut, &gz[..gz.len() / 2]).unwrap();
    newsclean()
        .arg("--jsonl")
        .arg(&cut)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "cut.jsonl.gz: truncated gzip data near byte",
        ));
    let run = newsclean()
        .args(["--jsonl", "--compress", "zst"])
        .write_stdin(gz)
        .assert()
        .success();
    let plain = zstd::decode_all(&run.get_output().stdout[..]).unwrap();
    assert_eq!(plain, b"{\"text\":\"a b\"}\n".repeat(5000));
}

#[test]
fn html_in_a_warc_goes_through_the_html_front_end_with_its_metadata() {
    let run = newsclean()
        .args(["--output-format", "jsonl"])
        .arg(warc("responses.warc.gz"))
        .assert()
        .success();
    let records = json_lines(&run.get_output().stdout);
    let page = &records[2];
    assert_eq!(page["text"], expected_field("html-chrome-kinds"));
    assert_eq!(
        page["title"],
        "Harbour bridge reopens after two years of repairs"
    );
    assert_eq!(page["site_name"], "The Coastal Herald");
    assert_eq!(page["language"], "en");
    // The record's URI and date win over the page's canonical URL.
    assert_eq!(page["url"], "https://news.example/page");
    assert_eq!(page["date"], "2025-02-19T10:00:00Z");
    assert_eq!(page["content_type"], "text/html");
    // A fragment no sniffing calls HTML is read as HTML because its Content-Type says so...
    let fragment = &records[3];
    assert_eq!(
        fragment["text"],
        "The council approved the new library budget on Tuesday evening, after a long debate about opening hours."
    );
    // ...unless --input text says every document is text.
    let as_text = newsclean()
        .args(["--output-format", "jsonl", "--input", "text"])
        .arg(warc("responses.warc.gz"))
        .assert()
        .success();
    let records = json_lines(&as_text.get_output().stdout);
    assert!(records[3]["text"].as_str().unwrap().starts_with("<p>"));
    assert_eq!(records[2]["title"], Value::Null);
}

#[test]
fn html_files_in_a_folder_give_jsonl_records_with_the_page_metadata() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("pages");
    fs::create_dir(&folder).unwrap();
    fs::write(
        folder.join("a-orchard.html.gz"),
        compressed("gz", &fixture("html-json-ld-only.html")),
    )
    .unwrap();
    fs::write(
        folder.join("b-bridge.html"),
        fixture("html-chrome-kinds.html"),
    )
    .unwrap();
    fs::write(
        folder.join("c-note.txt"),
        "A plain note about the weather.\n",
    )
    .unwrap();
    let run = newsclean()
        .args(["--output-format", "jsonl"])
        .arg(&folder)
        .assert()
        .success();
    let records = json_lines(&run.get_output().stdout);
    assert_eq!(records.len(), 3, "{records:?}");
    assert_eq!(records[0]["text"], expected_field("html-json-ld-only"));
    assert_eq!(records[0]["author"], "Tom Ellis");
    assert_eq!(records[0]["date"], "2024-09-02T08:00:00Z");
    // Without a WARC record, the page's canonical URL is the document's.
    assert_eq!(
        records[1]["url"],
        "https://herald.example/news/harbour-bridge-reopens"
    );
    assert_eq!(records[1]["text"], expected_field("html-chrome-kinds"));
    assert_eq!(records[2]["title"], Value::Null);
    assert_eq!(records[2]["text"], "A plain note about the weather.");
}

#[test]
fn nul_separated_documents_detected_as_html_go_through_the_front_end() {
    let mut stream = fixture("html-chrome-kinds.html");
    stream.push(0);
    stream.extend(b"<p>Not a page: a line of text that starts with a tag.</p>\n");
    let run = newsclean()
        .args(["-z", "--output-format", "jsonl"])
        .write_stdin(stream)
        .assert()
        .success();
    let records = json_lines(&run.get_output().stdout);
    assert_eq!(records[0]["text"], expected_field("html-chrome-kinds"));
    assert_eq!(records[0]["site_name"], "The Coastal Herald");
    assert_eq!(
        records[1]["text"],
        "<p>Not a page: a line of text that starts with a tag.</p>"
    );
}

/// The output of a run at `-j` 1, 2 and 3: the same bytes every time, returned.
fn same_for_every_j(args: &[&str], paths: &[PathBuf]) -> Vec<u8> {
    let run = |j: &str| {
        newsclean()
            .args(["-j", j])
            .args(args)
            .args(paths)
            .assert()
            .success()
            .get_output()
            .stdout
            .clone()
    };
    let one = run("1");
    for j in ["2", "3"] {
        assert!(run(j) == one, "-j{j} differs from -j1 for {args:?}");
    }
    one
}

#[test]
fn several_files_archives_and_folders_are_cleaned_in_input_order_for_every_j() {
    let names = [
        "article-clean-utf8",
        "boilerplate-comments-cut",
        "french-accents-survive",
        "article-windows-1252",
        SEED,
    ];
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    let mut expected = Vec::new();
    for (i, name) in names.iter().enumerate() {
        let text = fixture(&format!("{name}.txt"));
        // Some compressed, one larger than a worker is handed whole (streamed in place).
        let file = match i % 2 {
            0 => dir.path().join(format!("{i}.txt")),
            _ => dir.path().join(format!("{i}.txt.gz")),
        };
        let bytes = match i % 2 {
            0 => text,
            _ => compressed("gz", &text),
        };
        fs::write(&file, bytes).unwrap();
        files.push(file);
        expected.extend(fixture(&format!("{name}.expected.txt")));
    }
    let big = dir.path().join("big.txt");
    let line = "A long report on the harbour works goes on, paragraph after paragraph.\n";
    fs::write(&big, line.repeat(5 << 20 >> 6)).unwrap();
    files.insert(2, big.clone());
    let big_clean = newsclean().arg(&big).assert().success();
    let mut with_big = expected.clone();
    let at: usize = names[..2]
        .iter()
        .map(|n| fixture(&format!("{n}.expected.txt")).len())
        .sum();
    with_big.splice(at..at, big_clean.get_output().stdout.iter().copied());
    assert_eq!(same_for_every_j(&[], &files), with_big);
    // A WET file's records, a folder to JSONL, and -z over an archive.
    let wet = [warc("three-articles.warc.wet.gz")];
    same_for_every_j(&["--output-format", "jsonl"], &wet);
    same_for_every_j(&["-z"], &wet);
    let folder = [dir.path().to_path_buf()];
    let records = same_for_every_j(&["--output-format", "jsonl"], &folder);
    assert_eq!(json_lines(&records).len(), names.len() + 1);
    // Several -z files to JSONL: every document of each is a record (not a file a record).
    let streams = [dir.path().join("z1.bin"), dir.path().join("z2.bin")];
    fs::write(&streams[0], "One.\0Two.\0").unwrap();
    fs::write(&streams[1], "Three.\0").unwrap();
    let args = ["-z", "--output-format", "jsonl", "--keep-boilerplate"];
    let texts: Vec<Value> = json_lines(&same_for_every_j(&args, &streams))
        .iter()
        .map(|r| r["text"].clone())
        .collect();
    assert_eq!(texts, ["One.", "Two.", "Three."]);
}

#[test]
fn a_file_and_its_compressed_twin_in_one_folder_are_an_error_naming_both() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("in");
    fs::create_dir(&folder).unwrap();
    fs::write(folder.join("a.txt"), "The plain one.\n").unwrap();
    fs::write(
        folder.join("a.txt.gz"),
        compressed("gz", b"The compressed one.\n"),
    )
    .unwrap();
    fs::write(folder.join("b.txt"), "Another story.\n").unwrap();
    let out = dir.path().join("out");
    newsclean()
        .arg(&folder)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("a.txt.gz: would write")
                .and(predicate::str::contains(format!(
                    "like {}",
                    folder.join("a.txt").display()
                )))
                .and(predicate::str::contains("1 failed")),
        );
    // The first found is cleaned, and the batch went on.
    assert_eq!(
        fs::read_to_string(out.join("a.txt")).unwrap(),
        "The plain one.\n"
    );
    assert_eq!(
        fs::read_to_string(out.join("b.txt")).unwrap(),
        "Another story.\n"
    );
}
