//! HTML input through the real binary: detection and `--input`, folders, records,
//! `--explain`, `--no-headline`, the size cap, and hostile pages.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

fn newsclean() -> Command {
    Command::cargo_bin("newsclean").unwrap()
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
}

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

const PAGE: &str = "<!DOCTYPE html><html><head><title>Ferry strike called off</title></head><body>\
<nav><a href=/>Home</a> <a href=/news>News</a></nav><article><h1>Ferry strike called off</h1>\
<p>The ferry crews' union called off Friday's strike late on Wednesday, after the operator offered a pay rise of four per cent and a review of rotas.</p>\
<p>Passengers who had rebooked can travel on their original tickets, the operator said, and refunds already paid will not be reclaimed.</p>\
</article><footer>Contact us · Privacy</footer></body></html>";

#[test]
fn a_page_on_stdin_is_detected_and_its_article_extracted() {
    let out = newsclean().write_stdin(PAGE).output().unwrap();
    assert!(out.status.success());
    assert_eq!(
        stdout(&out),
        "Ferry strike called off\n\
         The ferry crews' union called off Friday's strike late on Wednesday, after the operator offered a pay rise of four per cent and a review of rotas.\n\
         Passengers who had rebooked can travel on their original tickets, the operator said, and refunds already paid will not be reclaimed.\n"
    );
}

#[test]
fn input_forces_text_or_html() {
    let out = newsclean()
        .args(["--input", "text", "--keep-boilerplate"])
        .write_stdin(PAGE)
        .output()
        .unwrap();
    assert!(
        stdout(&out).contains("<nav><a href=/>Home</a>"),
        "{}",
        stdout(&out)
    );

    // A fragment without <html>, too short to look like markup, is read as HTML when forced.
    let fragment =
        "<p>Short <b>note</b> on the ferry, with a comma, and some more words to read.</p>";
    let auto = newsclean().write_stdin(fragment).output().unwrap();
    assert!(stdout(&auto).contains("<b>"), "{}", stdout(&auto));
    let forced = newsclean()
        .args(["--input", "html"])
        .write_stdin(fragment)
        .output()
        .unwrap();
    assert_eq!(
        stdout(&forced),
        "Short note on the ferry, with a comma, and some more words to read.\n"
    );
}

#[test]
fn no_headline_leaves_it_out_and_is_refused_for_text() {
    let out = newsclean()
        .arg("--no-headline")
        .write_stdin(PAGE)
        .output()
        .unwrap();
    assert!(
        stdout(&out).starts_with("The ferry crews' union"),
        "{}",
        stdout(&out)
    );
    let refused = newsclean()
        .args(["--no-headline", "--input", "text"])
        .write_stdin(PAGE)
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("--no-headline applies to HTML"));
}

#[test]
fn explain_names_the_container_and_every_dropped_block() {
    let out = newsclean()
        .arg("--explain")
        .arg(fixture("html-chrome-kinds.html"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("html: article container [html.container.article] <article>"),
        "{stderr}"
    );
    for (rule, text) in [
        ("html.chrome.aside", "Council approves harbour budget"),
        ("chrome.newsletter", "morning briefing"),
        ("chrome.share", "Facebook"),
        ("chrome.advert", "Advertisement"),
        ("chrome.byline", "Jane Porter"),
        ("html.outside-article", "We use cookies"),
        ("html.outside-article", "Weather"),
        ("html.outside-article", "Finally!"),
        ("html.outside-article", "All rights reserved"),
    ] {
        let found = stderr
            .lines()
            .any(|l| l.contains(&format!("[{rule}]")) && l.contains(text));
        assert!(found, "{rule} {text}: {stderr}");
    }
    assert!(
        !stderr.contains("hidden and must not appear"),
        "hidden text is never a block"
    );
}

#[test]
fn folders_select_html_pages_by_default() {
    let dir = tempfile::tempdir().unwrap();
    let (input, out) = (dir.path().join("in"), dir.path().join("out"));
    fs::create_dir(&input).unwrap();
    for name in ["a.html", "b.htm", "c.XHTML", "d.shtml"] {
        fs::write(input.join(name), PAGE).unwrap();
    }
    fs::write(input.join("style.css"), "body { color: red }").unwrap();
    let run = newsclean()
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .arg("--quiet")
        .output()
        .unwrap();
    assert!(run.status.success(), "{run:?}");
    let mut names: Vec<String> = fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["a.html", "b.htm", "c.XHTML", "d.shtml"]);
    let cleaned = fs::read_to_string(out.join("b.htm")).unwrap();
    assert!(
        cleaned.starts_with("Ferry strike called off\nThe ferry crews'"),
        "{cleaned}"
    );
}

#[test]
fn a_jsonl_field_can_carry_html() {
    let record = serde_json::json!({ "id": 7, "text": PAGE }).to_string() + "\n";
    let out = newsclean()
        .arg("--jsonl")
        .write_stdin(record)
        .output()
        .unwrap();
    assert!(out.status.success());
    let value: serde_json::Value = serde_json::from_str(stdout(&out).trim()).unwrap();
    let text = value["text"].as_str().unwrap();
    assert!(text.starts_with("Ferry strike called off\n"), "{text}");
    assert!(!text.contains("Privacy") && !text.contains('<'), "{text}");
}

#[test]
fn a_page_over_the_size_cap_is_refused_with_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.html");
    let mut page = b"<!doctype html><html><body><p>".to_vec();
    page.resize(64 * 1024 * 1024 + 1, b'a');
    fs::write(&path, &page).unwrap();
    let out = newsclean().arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("huge.html"), "{stderr}");
    assert!(stderr.contains("HTML page larger than 64 MiB"), "{stderr}");
    assert!(out.stdout.is_empty());
}

#[test]
fn a_page_nested_deeper_than_the_cap_is_refused_and_the_batch_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let deep = dir.path().join("deep.html");
    // 100,000 unclosed elements: html5ever's time grows with the open elements' depth.
    fs::write(
        &deep,
        format!("<!doctype html><body>{}<p>x</p>", "<div>".repeat(100_000)),
    )
    .unwrap();
    let fine = dir.path().join("fine.html");
    fs::write(
        &fine,
        "<!doctype html><body><p>The council met on Tuesday, and it voted for the budget.</p>",
    )
    .unwrap();
    let out = newsclean().arg(&deep).arg(&fine).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("deep.html: HTML elements nested deeper than 512; not cleaned"),
        "{stderr}"
    );
    assert_eq!(
        stdout(&out),
        "The council met on Tuesday, and it voted for the budget.\n"
    );
    // The same page read as text is cleaned (nothing is lost without saying so).
    let out = newsclean()
        .args(["--input", "text", "--keep-boilerplate"])
        .arg(&deep)
        .output()
        .unwrap();
    assert!(out.status.success());
}

/// Runs a hostile page; it must exit 0 and print valid UTF-8.
fn survives(page: &[u8]) -> String {
    let out = newsclean().write_stdin(page.to_vec()).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout(&out)
}

#[test]
fn hostile_pages_do_not_panic() {
    let para = "<p>The article text is here, a sentence with commas, words and a full stop at the end of it.</p>";
    // Deep nesting up to the depth cap.
    let deep = format!("<!doctype html><body>{}{para}", "<div>".repeat(500));
    assert!(survives(deep.as_bytes()).contains("The article text is here"));
    // Unclosed and misnested tags.
    let messy = format!("<!doctype html><body><b><i><p>{para}<table><td><p>x</b></i><li>{para}");
    assert!(survives(messy.as_bytes()).contains("The article text is here"));
    // A script that never closes swallows the rest of the page, as in a browser.
    let script = format!("<!doctype html><body>{para}<script>var x = '{para}");
    assert_eq!(
        survives(script.as_bytes()).matches("article text").count(),
        1
    );
    // A huge text node, a huge attribute value, and bytes that are not UTF-8.
    let mut huge = b"<!doctype html><body><p>".to_vec();
    huge.extend(std::iter::repeat_n(b"word, ".as_slice(), 1_000_000).flatten());
    assert!(survives(&huge).starts_with("word, word,"));
    let attribute = format!(
        "<!doctype html><body><div class=\"{}\">{para}</div>",
        "x ".repeat(2_000_000)
    );
    assert!(survives(attribute.as_bytes()).contains("The article text"));
    let invalid = b"<!doctype html><meta charset=utf-8><body><p>caf\xe9 \xff\xfe and more text, with a comma, to make a paragraph of it.</p>";
    assert!(survives(invalid).contains("caf"));
}

/// The README's block-rule pack: the fenced TOML block that holds `min_link_density`.
fn readme_block_pack() -> String {
    let readme =
        fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    readme
        .split("```toml\n")
        .skip(1)
        .map(|rest| rest.split("\n```").next().unwrap().to_owned() + "\n")
        .find(|block| block.contains("min_link_density"))
        .expect("README shows a block-rule pack")
}

/// The block-rule pack of docs/rules.md that holds `roles`.
fn docs_roles_pack() -> String {
    let docs =
        fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules.md")).unwrap();
    docs.split("```toml\n")
        .skip(1)
        .map(|rest| rest.split("\n```").next().unwrap().to_owned() + "\n")
        .find(|block| block.contains("roles = ["))
        .expect("docs/rules.md shows a roles pack")
}

#[test]
fn the_docs_role_rule_passes_its_examples_and_drops_elements_by_role() {
    let dir = tempfile::tempdir().unwrap();
    let pack = dir.path().join("roles.toml");
    fs::write(&pack, docs_roles_pack()).unwrap();
    let checked = newsclean().arg("--test-rules").arg(&pack).output().unwrap();
    assert!(
        stdout(&checked).contains("1 rules, 2 examples, 2 counter-examples: all pass"),
        "{}{}",
        stdout(&checked),
        String::from_utf8_lossy(&checked.stderr)
    );
    let page = "<!DOCTYPE html><html><head><title>Fares</title></head><body><article>\
        <h1>Fares</h1>\
        <p>Ferry fares will rise by six per cent in May, the operator said on Monday, blaming the cost of fuel.</p>\
        <aside role=\"doc-pullquote\"><p>We will not raise fares again this year, the operator said.</p></aside>\
        <div role=\"Marquee\"><p>Markets: the index is up by 0.4 per cent this morning.</p></div>\
        <div role=\"note\"><p>Season tickets bought before the end of April keep their old price.</p></div>\
        <p>Children under five still travel free on every crossing, and students pay half the fare.</p>\
        </article></body></html>";
    let out = newsclean()
        .arg("--rules")
        .arg(&pack)
        .arg("--explain")
        .write_stdin(page)
        .output()
        .unwrap();
    let (text, stderr) = (stdout(&out), String::from_utf8_lossy(&out.stderr));
    assert!(!text.contains("the index is up"), "{text}");
    assert!(text.contains("Season tickets bought"), "{text}");
    assert!(
        stderr.contains("dropped [roles.quote-and-ticker] \"Markets: the index"),
        "{stderr}"
    );
    // Without the pack the ticker stays: the built-in rules do not know the role.
    let plain = newsclean().write_stdin(page).output().unwrap();
    assert!(stdout(&plain).contains("the index is up"));
}

const STORY: &str = "<!DOCTYPE html><html><head><title>Ferry fares to rise</title></head><body>\
<article><h1>Ferry fares to rise</h1>\
<p>Ferry fares will rise by six per cent in May, the operator said on Monday, blaming the cost of fuel and of the new harbour fees.</p>\
<div class=\"podcast-plug\"><p>Listen to The Harbour, our podcast, every weekday.</p></div>\
<div class=\"podcasts-review\"><p>The podcast about the harbour won an award last year, the judges said.</p></div>\
<div class=\"box\"><a href=\"/a\">Ferry fares rise in May</a>, <a href=\"/b\">Sea wall repairs begin</a></div>\
<p>Season tickets bought before the end of April keep their old price, and children under five still travel free on every crossing.</p>\
</article></body></html>";

#[test]
fn the_readme_block_rules_drop_their_elements_and_explain_names_them() {
    let dir = tempfile::tempdir().unwrap();
    let pack = dir.path().join("mysite.toml");
    fs::write(&pack, readme_block_pack()).unwrap();
    let checked = newsclean().arg("--test-rules").arg(&pack).output().unwrap();
    assert!(
        stdout(&checked).contains("2 rules, 2 examples, 2 counter-examples: all pass"),
        "{}{}",
        stdout(&checked),
        String::from_utf8_lossy(&checked.stderr)
    );

    let out = newsclean()
        .arg("--rules")
        .arg(&pack)
        .arg("--explain")
        .write_stdin(STORY)
        .output()
        .unwrap();
    let (text, stderr) = (stdout(&out), String::from_utf8_lossy(&out.stderr));
    assert!(!text.contains("Listen to The Harbour"), "{text}");
    assert!(text.contains("The podcast about the harbour won"), "{text}");
    assert!(!text.contains("Sea wall repairs begin"), "{text}");
    assert!(
        stderr.contains("dropped [mysite.podcast-plug] \"Listen to The Harbour"),
        "{stderr}"
    );
    assert!(
        stderr.contains("dropped [mysite.link-box] \"Ferry fares rise in May"),
        "{stderr}"
    );

    // Without the pack, or with its rule switched off, the plug is kept.
    for args in [vec![], vec!["--disable", "mysite.podcast-plug"]] {
        let mut cmd = newsclean();
        if !args.is_empty() {
            cmd.arg("--rules").arg(&pack).args(&args);
        }
        let out = cmd.write_stdin(STORY).output().unwrap();
        assert!(stdout(&out).contains("Listen to The Harbour"), "{args:?}");
    }
}

#[test]
fn disable_and_enable_switch_the_built_in_block_rules() {
    let run = |args: &[&str]| {
        let out = newsclean()
            .args(args)
            .arg(fixture("html-chrome-kinds.html"))
            .output()
            .unwrap();
        assert!(out.status.success());
        stdout(&out)
    };
    assert!(!run(&[]).contains("Jane Porter"));
    assert!(run(&["--disable", "chrome.byline"]).contains("Jane Porter"));
    assert!(run(&["--disable", "chrome"]).contains("Jane Porter"));
    assert!(!run(&["--disable", "chrome", "--enable", "chrome.byline"]).contains("Jane Porter"));
    let listed = newsclean().arg("--list-rules").output().unwrap();
    assert!(stdout(&listed).contains("chrome.byline"));
}

#[test]
fn a_block_rule_whose_example_is_not_dropped_fails_test_rules() {
    let dir = tempfile::tempdir().unwrap();
    let pack = dir.path().join("bad.toml");
    let broken = readme_block_pack().replace("words = [\"podcast\"]", "words = [\"podcasts\"]");
    fs::write(&pack, broken).unwrap();
    let out = newsclean().arg("--test-rules").arg(&pack).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(
        text.contains("rule mysite.podcast-plug: example not dropped"),
        "{text}"
    );
    assert!(
        text.contains("rule mysite.podcast-plug: counter-example dropped by mysite.podcast-plug"),
        "{text}"
    );
}
