//! Rule packs from the command line: listing, user packs, switches, the user's rules folder,
//! and rule-file errors as one line naming the file.

mod prose_corpus;

use std::fs;

use assert_cmd::Command;
use predicates::prelude::*;

fn newsclean() -> Command {
    let mut cmd = Command::cargo_bin("newsclean").unwrap();
    // Keep the developer's own rules folder out of the tests.
    cmd.env("XDG_CONFIG_HOME", "/nonexistent-newsclean-test");
    cmd
}

const ARTICLE: &str = "The council voted on Tuesday to build eleven kilometres of protected cycle lanes, \
with work starting in the spring and finishing within two years.\n\
Residents who had campaigned for the lanes said the decision was long overdue and welcomed the timetable.\n";

const USER_PACK: &str = r#"
[pack]
id = "mysite"
name = "My site"
description = "Lines my scraper always picks up"
version = "0.1.0"

[[rule]]
id = "mysite.promo"
description = "the site's own promotion line"
phrases = ["Visit our partner shop"]
examples = ["Visit our partner shop"]
counter_examples = ["He said he would visit the shop on Monday."]
"#;

#[test]
fn list_rules_shows_packs_and_descriptions() {
    newsclean().arg("--list-rules").assert().success().stdout(
        predicate::str::contains("newsletter").and(predicate::str::contains("newsletter.sign-up")),
    );
}

#[test]
fn a_user_pack_adds_rules_and_can_be_disabled() {
    let dir = tempfile::tempdir().unwrap();
    let pack = dir.path().join("mysite.toml");
    fs::write(&pack, USER_PACK).unwrap();
    let input = format!("{ARTICLE}Visit our partner shop\n");
    newsclean()
        .arg("--rules")
        .arg(&pack)
        .write_stdin(input.clone())
        .assert()
        .success()
        .stdout(ARTICLE);
    newsclean()
        .arg("--rules")
        .arg(&pack)
        .args(["--disable", "mysite.promo", "--explain"])
        .write_stdin(input.clone())
        .assert()
        .success()
        .stderr(predicate::str::contains("mysite.promo").not());
    // --keep-boilerplate runs no rules, so a rule switch beside it is refused, not ignored.
    newsclean()
        .arg("--rules")
        .arg(&pack)
        .args(["--disable", "mysite.promo", "--keep-boilerplate"])
        .write_stdin(input.clone())
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "no effect with --keep-boilerplate",
        ));
    newsclean()
        .arg("--rules")
        .arg(&pack)
        .arg("--list-rules")
        .assert()
        .success()
        .stdout(predicate::str::contains("mysite.promo"));
}

#[test]
fn disabling_a_built_in_pack_keeps_its_lines() {
    let input = format!("{ARTICLE}Subscribe to our newsletter\n");
    newsclean()
        .write_stdin(input.clone())
        .assert()
        .success()
        .stdout(ARTICLE);
    newsclean()
        .args(["--disable", "newsletter", "--explain"])
        .write_stdin(input)
        .assert()
        .success()
        .stderr(predicate::str::contains("newsletter.").not());
}

#[test]
fn the_user_rules_folder_is_loaded_when_present() {
    let dir = tempfile::tempdir().unwrap();
    let rules = dir.path().join("newsclean").join("rules");
    fs::create_dir_all(&rules).unwrap();
    fs::write(rules.join("mysite.toml"), USER_PACK).unwrap();
    Command::cargo_bin("newsclean")
        .unwrap()
        .env("XDG_CONFIG_HOME", dir.path())
        .arg("--explain")
        .write_stdin(format!("{ARTICLE}Visit our partner shop\n"))
        .assert()
        .success()
        .stdout(ARTICLE)
        .stderr(predicate::str::contains("mysite.promo"));
}

/// Runs with a broken user pack: a usage error (exit 2); returns stderr.
fn load_failure(pack: &std::path::Path) -> String {
    let out = newsclean()
        .arg("--rules")
        .arg(pack)
        .write_stdin("x")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    String::from_utf8(out.stderr).unwrap()
}

#[test]
fn rule_file_errors_are_one_line_naming_the_file_and_rule() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.toml");
    fs::write(
        &bad,
        USER_PACK.replace(
            "phrases = [\"Visit our partner shop\"]",
            "regex = \"(unclosed\"",
        ),
    )
    .unwrap();
    let stderr = load_failure(&bad);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("bad.toml") && stderr.contains("mysite.promo"),
        "{stderr}"
    );

    fs::write(
        &bad,
        USER_PACK.replace(
            "version = \"0.1.0\"",
            "version = \"0.1.0\"\ncolour = \"red\"",
        ),
    )
    .unwrap();
    let stderr = load_failure(&bad);
    assert!(
        stderr.contains("bad.toml") && stderr.contains("colour"),
        "{stderr}"
    );

    newsclean()
        .args(["--disable", "no-such-rule"])
        .write_stdin("x")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no-such-rule"));
}

#[test]
fn a_huge_regex_is_refused_at_load_in_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("huge.toml");
    for pattern in [r"\\w{1000}{1000}", r"(?:alpha|beta|gamma){50000}"] {
        fs::write(
            &bad,
            USER_PACK.replace(
                "phrases = [\"Visit our partner shop\"]",
                &format!("regex = \"{pattern}\""),
            ),
        )
        .unwrap();
        let started = std::time::Instant::now();
        let stderr = load_failure(&bad);
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(
            stderr.contains("huge.toml") && stderr.contains("mysite.promo"),
            "{stderr}"
        );
        // Refused by the size limit, not after building a giant automaton.
        assert!(started.elapsed().as_secs() < 20, "{:?}", started.elapsed());
    }
}

/// The prose corpus (tests/data/prose/*.txt, one paragraph a line, in each language the
/// packs cover) goes through the whole pipeline untouched: neither a phrase rule nor a
/// structural one drops a sentence of an article (but for the known structural drops
/// written down in `known-structural-drops.tsv`), and repair and normalization change none.
#[test]
fn the_prose_corpus_comes_out_whole() {
    for path in prose_corpus::files() {
        let text = fs::read_to_string(&path).unwrap();
        let known = prose_corpus::known_drops_of(&path);
        let expected: String = text
            .lines()
            .filter(|l| !known.iter().any(|k| k.line == *l))
            .map(|l| format!("{l}\n"))
            .collect();
        newsclean()
            .arg(&path)
            .assert()
            .success()
            .stdout(predicate::eq(expected.as_str()));
    }
}

/// A rule limited to the tail (`authors.bio`) drops a contributor's note after the end of
/// the article, while the same sentence inside the body stays a paragraph of the article
/// (step keep-spared); cleaning the output again changes nothing.
#[test]
fn a_tail_rule_drops_the_note_after_the_body_and_spares_the_same_sentence_inside_it() {
    let page = "fixtures/boilerplate-author-note.txt";
    let expected = fs::read_to_string("fixtures/boilerplate-author-note.expected.txt").unwrap();
    let out = newsclean().arg(page).assert().success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert_eq!(text, expected);
    assert!(text.contains("Mara Quinn is a freelance writer based in the town, and she said"));
    assert!(!text.contains("Mara Quinn is a freelance writer based in the town.\n"));
    newsclean()
        .arg("--explain")
        .arg(page)
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "line 18: dropped [authors.bio] \"Mara Quinn is a freelance writer based in the town.\"",
        ))
        .stderr(predicate::str::contains("line 11:").not());
    newsclean()
        .args(["--disable", "authors.bio", page])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Mara Quinn is a freelance writer based in the town.\n",
        ));
    newsclean()
        .write_stdin(expected.as_str())
        .assert()
        .success()
        .stdout(expected.clone());
}

/// The 2008-era shapes of `fixtures/boilerplate-2008-*`: each drop names its heuristic in
/// `--explain`, and `--disable` with that id keeps the lines.
#[test]
fn the_2008_shapes_name_their_heuristics_and_can_be_disabled() {
    let fixture = |name: &str| format!("{}/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    for (page, id, line) in [
        (
            "boilerplate-2008-comment-posters.txt",
            "structure.comment-poster",
            "Posted by concerned_mom on 03/04/08",
        ),
        (
            "boilerplate-2008-glued-menus.txt",
            "structure.glued-menu",
            "Local News State News Nation World Politics Education Health Science Technology Crime Courts",
        ),
        (
            "boilerplate-2008-leaked-script.txt",
            "structure.script",
            "google_ad_width = 300;",
        ),
        (
            "boilerplate-2008-comment-dates.txt",
            "structure.comment-date",
            "Mary Example",
        ),
    ] {
        newsclean()
            .args(["--explain", &fixture(page)])
            .assert()
            .success()
            .stderr(predicate::str::contains(format!("dropped [{id}] \"{line}\"")));
        newsclean()
            .args(["--disable", id, &fixture(page)])
            .assert()
            .success()
            .stdout(predicate::str::contains(format!("{line}\n")));
    }
}
