//! The rule language and the built-in packs: every rule drops its examples and keeps its
//! counter-examples, and broken packs fail with messages that say where.

mod filter_run;
mod prose_corpus;

use filter_run::verdicts as run;
use newsclean::lines::Line;
use newsclean::rules::{RuleBook, RuleSelection, Verdict};

/// The id of the rule that dropped the line `text` in `verdicts`, if one did.
fn rule_of(verdicts: &[(String, Option<String>)], text: &str) -> Option<String> {
    verdicts
        .iter()
        .find(|(t, _)| t == text)
        .and_then(|(_, rule)| rule.clone())
}

fn everything_on() -> RuleBook {
    RuleBook::from_selection(&RuleSelection {
        enable: vec!["bylines".into()],
        ..RuleSelection::default()
    })
    .unwrap()
}

#[test]
fn every_built_in_rule_drops_its_examples_and_keeps_its_counter_examples() {
    let book = everything_on();
    let mut failures = Vec::new();
    for (i, rule) in book.rules().iter().enumerate() {
        if rule.examples.is_empty() || rule.counter_examples.is_empty() {
            failures.push(format!(
                "{}: needs an example and a counter-example",
                rule.id
            ));
        }
        for example in &rule.examples {
            if !book.rule_matches(i, example) {
                failures.push(format!(
                    "{} does not match its example {example:?}",
                    rule.id
                ));
            }
        }
        for counter in &rule.counter_examples {
            let hits = book.matching_rules(counter);
            if !hits.is_empty() {
                failures.push(format!(
                    "counter-example of {} {counter:?} is matched by {hits:?}",
                    rule.id
                ));
            }
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

/// The built-in pack files, parsed as plain TOML: (file name, the pack's rules).
fn pack_files() -> Vec<(String, Vec<toml::Value>)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let value: toml::Value = toml::from_str(&std::fs::read_to_string(&path).unwrap())
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let rules = value
                .get("rule")
                .and_then(|r| r.as_array())
                .cloned()
                .unwrap_or_default();
            (path.display().to_string(), rules)
        })
        .collect()
}

/// The top-level alternatives of a pattern (`a|b|c`), as source text.
fn branches(pattern: &str) -> Vec<String> {
    use regex_syntax::ast::{parse::Parser, Ast};
    match &Parser::new().parse(pattern).unwrap() {
        Ast::Alternation(alt) => alt
            .asts
            .iter()
            .map(|a| pattern[a.span().start.offset..a.span().end.offset].to_owned())
            .collect(),
        _ => vec![pattern.to_owned()],
    }
}

/// The words of a line that make two lines "close": three letters or more, not a number,
/// not one of the commonest function words.
fn content_words(text: &str) -> std::collections::HashSet<String> {
    const COMMON: [&str; 11] = [
        "the", "and", "for", "our", "your", "this", "that", "with", "from", "are", "was",
    ];
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 3 && !w.chars().all(|c| c.is_ascii_digit()))
        .map(str::to_lowercase)
        .filter(|w| !COMMON.contains(&w.as_str()))
        .collect()
}

fn strings(rule: &toml::Value, field: &str) -> Vec<String> {
    rule.get(field)
        .and_then(|v| v.as_array())
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_str())
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

/// Rule hygiene, branch by branch: a rule `a|b|c` is three rules in one, so each branch
/// needs an example that it alone (of the rule's branches) matches, which shows what the
/// branch is for, and a counter-example close to that example (sharing a content word)
/// that no rule drops, which shows where it stops. A branch nobody can give an example
/// for is dead; one without a near miss has never been tested against prose.
#[test]
fn every_branch_has_its_own_example_and_a_close_counter_example() {
    let mut failures = Vec::new();
    let mut total = 0;
    for (file, rules) in pack_files() {
        for rule in &rules {
            let Some(pattern) = rule.get("regex").and_then(|r| r.as_str()) else {
                continue;
            };
            let id = rule.get("id").and_then(|r| r.as_str()).unwrap_or("?");
            let case_sensitive = rule
                .get("case_sensitive")
                .and_then(|c| c.as_bool())
                .unwrap_or(false);
            let compiled: Vec<(String, regex::Regex)> = branches(pattern)
                .into_iter()
                .map(|b| {
                    let re = regex::RegexBuilder::new(&b)
                        .case_insensitive(!case_sensitive)
                        .build()
                        .unwrap_or_else(|e| panic!("{file}: {id}: branch {b:?}: {e}"));
                    (b, re)
                })
                .collect();
            let examples = strings(rule, "examples");
            let counters = strings(rule, "counter_examples");
            for (i, (source, re)) in compiled.iter().enumerate() {
                total += 1;
                let own: Vec<&String> = examples
                    .iter()
                    .filter(|e| {
                        re.is_match(e)
                            && compiled
                                .iter()
                                .enumerate()
                                .all(|(j, (_, other))| j == i || !other.is_match(e))
                    })
                    .collect();
                if own.is_empty() {
                    failures.push(format!(
                        "{id}: branch {i} `{source}` has no example that it alone matches"
                    ));
                    continue;
                }
                let words: std::collections::HashSet<String> =
                    own.iter().flat_map(|e| content_words(e)).collect();
                let close = counters
                    .iter()
                    .any(|c| !content_words(c).is_disjoint(&words));
                if !words.is_empty() && !close {
                    failures.push(format!(
                        "{id}: branch {i} `{source}`: no counter-example shares a word with {own:?}"
                    ));
                }
            }
        }
    }
    assert!(total > 100, "only {total} branches found");
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

/// Ordinary article prose in every language the packs cover (tests/data/prose/*.txt, its
/// sources in the README there): news and Wikipedia sentences, and sentences that share
/// words with boilerplate (said:, gallery, presented by, watch:, members only, unlimited
/// access...). No phrase rule may match a single line of it.
#[test]
fn no_phrase_rule_matches_a_line_of_the_prose_corpus() {
    let book = everything_on();
    let mut lines = 0;
    let mut failures = Vec::new();
    for path in prose_corpus::files() {
        for line in std::fs::read_to_string(&path).unwrap().lines() {
            if line.trim().is_empty() {
                continue;
            }
            lines += 1;
            let hits = book.matching_rules(line);
            if !hits.is_empty() {
                failures.push(format!("{}: {hits:?} match {line:?}", path.display()));
            }
        }
    }
    assert!(lines >= 3400, "the corpus has only {lines} lines");
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

const HEADER: &str =
    "[pack]\nid = \"mine\"\nname = \"Mine\"\ndescription = \"test pack\"\nversion = \"1\"\n";

fn load(extra: &str) -> Result<RuleBook, String> {
    let text = format!("{HEADER}{extra}");
    RuleBook::from_texts(&[("mine.toml", &text)], &RuleSelection::default())
        .map_err(|e| e.to_string())
}

#[test]
fn an_unknown_field_is_an_error_naming_file_line_and_rule() {
    let err =
        load("\n[[rule]]\nid = \"mine.x\"\ndescription = \"d\"\nregex = \"x\"\nmax_wrods = 3\n")
            .unwrap_err();
    assert!(err.starts_with("mine.toml:11: rule mine.x: "), "{err}");
    assert!(err.contains("unknown field `max_wrods`"), "{err}");
}

#[test]
fn an_invalid_regex_is_an_error_naming_file_line_and_rule() {
    let err = load("\n[[rule]]\nid = \"mine.x\"\ndescription = \"d\"\nregex = \"(unclosed\"\n")
        .unwrap_err();
    assert!(
        err.starts_with("mine.toml:10: rule mine.x: invalid regex"),
        "{err}"
    );
}

#[test]
fn a_regex_matching_the_empty_line_is_refused() {
    let err =
        load("\n[[rule]]\nid = \"mine.x\"\ndescription = \"d\"\nregex = \"a*\"\n").unwrap_err();
    assert!(
        err.contains("rule mine.x") && err.contains("empty line"),
        "{err}"
    );
}

#[test]
fn a_duplicate_id_is_refused() {
    let rule = "\n[[rule]]\nid = \"mine.x\"\ndescription = \"d\"\nregex = \"x\"\n";
    let err = load(&format!("{rule}{rule}")).unwrap_err();
    assert!(err.starts_with("mine.toml:13: rule mine.x: "), "{err}");
    assert!(err.contains("already used"), "{err}");
    let clash = "\n[[rule]]\nid = \"newsletter.sign-up\"\ndescription = \"d\"\nregex = \"x\"\n";
    let text = format!("{HEADER}{clash}");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mine.toml");
    std::fs::write(&path, text).unwrap();
    let err = RuleBook::from_selection(&RuleSelection {
        files: vec![path],
        ..RuleSelection::default()
    })
    .unwrap_err()
    .to_string();
    assert!(
        err.contains("already used in (built-in) rules/newsletter.toml"),
        "{err}"
    );
}

#[test]
fn an_unknown_disable_id_is_an_error() {
    let err = RuleBook::from_selection(&RuleSelection {
        disable: vec!["no-such-rule".into()],
        ..RuleSelection::default()
    })
    .unwrap_err()
    .to_string();
    assert!(err.contains("--disable no-such-rule"), "{err}");
}

/// A distinct paragraph of the body, long enough that a few of them make a body.
fn paragraph(n: usize) -> String {
    format!(
        "Paragraph {n} of the report says the council voted on Tuesday to close the old bridge \
         over the river, and that the repair work will start in the spring once the money for \
         it has been found in next year's budget."
    )
}

const PARAGRAPH: &str =
    "The council voted on Tuesday to close the old bridge, and the work will start in spring.";

#[test]
fn disabling_a_pack_or_a_rule_turns_it_off() {
    let doc = [
        PARAGRAPH,
        "Sign up to our free breaking news emails",
        PARAGRAPH,
    ];
    let default = RuleBook::from_selection(&RuleSelection::default()).unwrap();
    assert_eq!(
        run(&default, &doc)[1].1.as_deref(),
        Some("newsletter.sign-up")
    );
    for off in ["newsletter", "newsletter.sign-up"] {
        let book = RuleBook::from_selection(&RuleSelection {
            disable: vec![off.into()],
            ..RuleSelection::default()
        })
        .unwrap();
        assert_eq!(run(&book, &doc)[1].1, None, "--disable {off}");
    }
}

#[test]
fn bylines_are_kept_unless_enabled() {
    let doc = [
        "By Jane Doe",
        PARAGRAPH,
        "By Jane Doe and John Smith",
        PARAGRAPH,
    ];
    let default = RuleBook::from_selection(&RuleSelection::default()).unwrap();
    assert_eq!(run(&default, &doc)[2].1, None);
    assert_eq!(
        run(&everything_on(), &doc)[2].1.as_deref(),
        Some("bylines.by")
    );
}

#[test]
fn a_cut_drops_the_rest_and_a_block_ends_at_its_closing_line() {
    let pack = format!(
        "{HEADER}
[[rule]]
id = \"mine.cut\"
description = \"d\"
phrases = [\"The end of it\"]
action = \"cut\"

[[rule]]
id = \"mine.block\"
description = \"d\"
phrases = [\"Begin box\"]
action = \"block\"
until = '^End box$'
"
    );
    let book = RuleBook::from_texts(&[("mine.toml", &pack)], &RuleSelection::default()).unwrap();
    let paragraphs: Vec<String> = (1..=4).map(paragraph).collect();
    let doc = [
        paragraphs[0].as_str(),
        "Begin box",
        "A sentence inside the box that reads like prose, and is long enough to count.",
        "End box",
        &paragraphs[1],
        &paragraphs[2],
        "The end of it",
        &paragraphs[3],
    ];
    let verdicts: Vec<_> = run(&book, &doc).into_iter().map(|(_, v)| v).collect();
    let ids: Vec<Option<&str>> = verdicts.iter().map(|v| v.as_deref()).collect();
    assert_eq!(
        ids,
        [
            None,
            Some("mine.block"),
            Some("mine.block"),
            Some("mine.block"),
            None,
            None,
            Some("mine.cut"),
            Some("mine.cut")
        ]
    );
}

#[test]
fn every_line_comes_out_once_in_order_while_memory_stays_bounded() {
    let book = RuleBook::from_selection(&RuleSelection::default()).unwrap();
    let mut filter = book.start_document();
    let seen = std::cell::RefCell::new(Vec::new());
    let mut emit = |line: Line, _: Verdict<'_>| {
        seen.borrow_mut().push(line.number);
        Ok(())
    };
    for n in 1..=5000u64 {
        let text = match n % 4 {
            0 => "Home".to_owned(),
            1 => format!("{PARAGRAPH} ({n})"),
            _ => format!("A short label {n}"),
        };
        let line = Line {
            text,
            number: n,
            partial: false,
        };
        filter.push(line, &mut emit).unwrap();
    }
    let before_finish = seen.borrow().len();
    filter.finish(&mut emit).unwrap();
    let held = 5000 - before_finish;
    assert!(
        held <= newsclean::rules::filter::WINDOW_LINES,
        "held {held} lines"
    );
    assert_eq!(seen.into_inner(), (1..=5000).collect::<Vec<_>>());
}

#[test]
fn a_long_paragraph_far_from_the_body_is_kept_by_the_other_rules_and_menus_around_it_are_not() {
    // Only far-paragraph drops a paragraph standing alone this far below the body (see
    // a_paragraph_far_below_the_body_is_dropped_and_the_body_resuming_is_not).
    let book = RuleBook::from_selection(&RuleSelection {
        disable: vec!["structure.far-paragraph".into()],
        ..RuleSelection::default()
    })
    .unwrap();
    let far = "A long paragraph written well after the article has ended still reads like \
               running prose, with more than twenty five words in it, so no structural rule \
               may drop it whatever sits around it on the page";
    let mut doc: Vec<String> = ["Home", "World", "Business", "Opinion"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    doc.extend((1..=4).map(paragraph));
    doc.extend((1..=20).map(|i| format!("Teaser headline number {i}")));
    doc.push(far.to_owned());
    doc.push("Contact".to_owned());
    let lines: Vec<&str> = doc.iter().map(String::as_str).collect();
    let out = run(&book, &lines);
    let kept: Vec<&str> = out
        .iter()
        .filter(|(_, v)| v.is_none())
        .map(|(t, _)| t.as_str())
        .collect();
    assert_eq!(kept.len(), 5, "{kept:#?}");
    assert!(kept.contains(&far));
    assert!(out[..4].iter().all(|(_, v)| v.is_some()));
    let all_on = RuleBook::from_selection(&RuleSelection::default()).unwrap();
    let verdicts = run(&all_on, &lines);
    let rule = verdicts
        .iter()
        .find(|(t, _)| t == far)
        .and_then(|(_, r)| r.clone());
    assert_eq!(rule.as_deref(), Some("structure.far-paragraph"));
}

/// The lines a book keeps of a document.
fn kept(book: &RuleBook, doc: &[String]) -> Vec<String> {
    let lines: Vec<&str> = doc.iter().map(String::as_str).collect();
    run(book, &lines)
        .into_iter()
        .filter(|(_, v)| v.is_none())
        .map(|(t, _)| t)
        .collect()
}

const LIST_ITEMS: [&str; 8] = [
    "Search engines will drive people to your information",
    "You will go from imagining customers to serving real people",
    "Your email list will begin to grow",
    "Your products and services will benefit from the interaction",
    "Your revenue will grow year by year",
    "Your reach will grow with every post",
    "Your costs will fall as you learn",
    "Your evenings will be your own again",
];

#[test]
fn a_list_a_paragraph_announces_with_a_colon_is_kept_inside_the_body() {
    let list_doc = |lead_in: &str| {
        let mut doc: Vec<String> = (1..=3).map(paragraph).collect();
        doc.push(lead_in.to_owned());
        doc.extend(LIST_ITEMS.iter().map(|s| s.to_string()));
        doc.extend((4..=6).map(paragraph));
        doc
    };
    let book = RuleBook::from_selection(&RuleSelection::default()).unwrap();
    let announced = list_doc("The faster you start, the faster these benefits will come:");
    assert_eq!(kept(&book, &announced).len(), announced.len());
    // Without the lead-in the same stretch is an inline box of links.
    let unannounced = list_doc("The faster you start, the better it will be for your business.");
    assert_eq!(kept(&book, &unannounced).len(), 7);
    let off = RuleBook::from_selection(&RuleSelection {
        disable: vec!["structure.keep-list".into()],
        ..RuleSelection::default()
    })
    .unwrap();
    assert_eq!(kept(&off, &announced).len(), 7);
}

#[test]
fn a_colon_at_the_end_of_the_body_keeps_no_footer() {
    let book = RuleBook::from_selection(&RuleSelection::default()).unwrap();
    let mut doc: Vec<String> = (1..=4).map(paragraph).collect();
    doc.push("Here is where you can find all of our other apps and tools:".to_owned());
    doc.extend(["EMI Calculator", "Stock Screener", "Live Sensex", "Careers"].map(String::from));
    assert_eq!(kept(&book, &doc).len(), 5);
}

#[test]
fn a_second_copy_of_the_body_run_together_is_a_repeat() {
    let book = RuleBook::from_selection(&RuleSelection::default()).unwrap();
    let mut doc: Vec<String> = vec!["How the bridge vote went".to_owned()];
    doc.extend((1..=4).map(paragraph));
    let copy = format!("How the bridge vote went {}", doc[1..].join(" "));
    doc.push(copy);
    let lines: Vec<&str> = doc.iter().map(String::as_str).collect();
    let out = run(&book, &lines);
    assert_eq!(out[5].1.as_deref(), Some("structure.repeat"), "{out:#?}");
    assert!(out[1..5].iter().all(|(_, v)| v.is_none()));
}

/// A results table laid out one cell per line: position, name, points, wins.
fn results_table(rows: usize) -> Vec<String> {
    let names = [
        "Kyle Busch",
        "Martin Truex Jr.",
        "Kevin Harvick",
        "Denny Hamlin",
        "Joey Logano",
    ];
    let mut cells: Vec<String> = ["Pos.", "Driver", "Points", "Wins"]
        .map(String::from)
        .to_vec();
    for r in 0..rows {
        cells.push(format!("{}", r + 1));
        cells.push(names[r % names.len()].to_owned());
        cells.push(format!("{}", 5040 - 7 * r));
        cells.push(format!("{}", r % 4));
    }
    cells
}

#[test]
fn a_table_of_figures_after_a_paragraph_is_kept_and_a_menu_is_not() {
    let book = RuleBook::from_selection(&RuleSelection::default()).unwrap();
    let menu = [
        "Home", "World", "Sport", "Business", "Tech", "Culture", "Travel", "Opinion",
    ];
    let with = |middle: Vec<String>| {
        let mut doc: Vec<String> = menu.iter().map(|s| s.to_string()).collect();
        // One short intro, too short on its own to be taken for the body.
        doc.push("Here are the final standings of the season after all the races.".to_owned());
        let len = middle.len();
        doc.extend(middle);
        doc.extend(menu.iter().map(|s| s.to_string()));
        doc.extend((1..=2).map(paragraph));
        (doc, len)
    };
    let (doc, len) = with(results_table(8));
    let out = kept(&book, &doc);
    assert_eq!(out.len(), 1 + len + 2, "{out:#?}");
    assert_eq!(out[1], "Pos.");
    // The same stretch of words without figures is a menu.
    let mut links: Vec<String> = Vec::new();
    for r in 0..20 {
        links.push(format!("{} news", menu[r % menu.len()]));
    }
    let (doc, _) = with(links);
    // Without the table the intro is a lone paragraph too.
    assert_eq!(kept(&book, &doc).len(), 2);
    let off = RuleBook::from_selection(&RuleSelection {
        disable: vec!["structure.keep-table".into()],
        ..RuleSelection::default()
    })
    .unwrap();
    let (doc, _) = with(results_table(8));
    assert!(kept(&off, &doc).len() < 10);
}

#[test]
fn an_item_repeated_from_one_list_of_the_body_to_the_next_is_kept() {
    let book = RuleBook::from_selection(&RuleSelection::default()).unwrap();
    let item = "Asparagus and eggs with one cup of asparagus, two poached eggs and half a cup of sweet potato.";
    let doc = |second_heading: bool| {
        let mut doc: Vec<String> = (1..=3).map(paragraph).collect();
        doc.push("Plan A".to_owned());
        doc.push(item.to_owned());
        doc.push(paragraph(4));
        if second_heading {
            doc.push("Plan B".to_owned());
        }
        doc.push(item.to_owned());
        doc.extend((5..=6).map(paragraph));
        doc
    };
    let listed = doc(true);
    assert_eq!(kept(&book, &listed).len(), listed.len());
    // Straight after a paragraph the same line is a second copy (a caption under itself).
    let copied = doc(false);
    let lines: Vec<&str> = copied.iter().map(String::as_str).collect();
    let out = run(&book, &lines);
    assert_eq!(out[6].1.as_deref(), Some("structure.repeat"), "{out:#?}");
}

#[test]
fn a_stream_of_teasers_after_the_body_is_dropped_and_sections_of_the_body_are_not() {
    let book = RuleBook::from_selection(&RuleSelection::default()).unwrap();
    let units = [
        ("Why farmers may want to paint their cows with zebra stripes", "Some people thought the stripy cattle in a pasture were a joke, but the science behind them could save farmers money."),
        ("Two troops killed in helicopter crash", "Officials promptly dismiss a claim that the craft was downed but say the cause is being investigated."),
        ("Woman risks her life to save a koala", "At least six people have died and hundreds of homes have been destroyed by the bushfires this week."),
    ];
    let mut doc: Vec<String> = (1..=4).map(paragraph).collect();
    doc.push("Most read".to_owned());
    for (i, (headline, blurb)) in units.iter().enumerate() {
        doc.push(headline.to_string());
        doc.push(blurb.to_string());
        doc.push(format!("{}H ago", i + 1));
    }
    let lines: Vec<&str> = doc.iter().map(String::as_str).collect();
    let out = run(&book, &lines);
    assert!(out[..4].iter().all(|(_, v)| v.is_none()), "{out:#?}");
    assert_eq!(
        out[5].1.as_deref(),
        Some("structure.teaser-stream"),
        "{out:#?}"
    );
    assert_eq!(
        out[12].1.as_deref(),
        Some("structure.teaser-stream"),
        "{out:#?}"
    );
    assert!(out[4..].iter().all(|(_, v)| v.is_some()), "{out:#?}");
    // The same shape straight after a paragraph: sections of the article, each with its
    // subheading.
    let mut doc: Vec<String> = (1..=4).map(paragraph).collect();
    for (headline, blurb) in units {
        doc.push(headline.to_owned());
        doc.push(blurb.to_owned());
    }
    doc.extend((5..=6).map(paragraph));
    assert_eq!(kept(&book, &doc).len(), doc.len());
}

/// Other stories' teasers, each a section label, a headline and a one-sentence blurb.
const TEASERS: [(&str, &str); 4] = [
    ("Harbour ferry fares to rise in the new year", "The operator says fuel and wages cost more, and passengers will pay about a tenth more for a return ticket."),
    ("Museum reopens its east wing after a long repair", "Visitors can see the old clocks again after two years of work on the roof and the heating of the building."),
    ("Farmers count the cost of the wettest autumn", "Many fields are still under water, and some growers fear they will not be able to sow wheat before the spring."),
    ("Library extends its opening hours on weekdays", "From next month the reading rooms stay open until eight in the evening, the council said in a short statement."),
];

fn body_then(after: &[String]) -> Vec<String> {
    let mut doc: Vec<String> = (1..=4).map(paragraph).collect();
    doc.extend(after.iter().cloned());
    doc
}

#[test]
fn a_chain_of_teasers_after_a_related_heading_is_dropped() {
    let book = RuleBook::from_selection(&RuleSelection::default()).unwrap();
    let mut after = vec!["Related stories".to_owned()];
    for (headline, blurb) in TEASERS {
        after.extend(["Local news", headline, "By Jane Doe", blurb].map(str::to_owned));
    }
    after.extend(["Contact us", "Privacy policy"].map(str::to_owned));
    let doc = body_then(&after);
    let lines: Vec<&str> = doc.iter().map(String::as_str).collect();
    let out = run(&book, &lines);
    assert!(out[..4].iter().all(|(_, v)| v.is_none()), "{out:#?}");
    assert!(out[4..].iter().all(|(_, v)| v.is_some()), "{out:#?}");
    for (text, verdict) in &out {
        if TEASERS.iter().any(|(_, blurb)| blurb == text) {
            assert_eq!(
                verdict.as_deref(),
                Some("structure.teaser-chain"),
                "{out:#?}"
            );
        }
    }
    // Off, the blurbs are a run of paragraphs and stay.
    let off = RuleBook::from_selection(&RuleSelection {
        disable: vec!["structure.teaser-chain".into()],
        ..RuleSelection::default()
    })
    .unwrap();
    assert!(kept(&off, &doc).contains(&TEASERS[3].1.to_owned()));
}

#[test]
fn sections_of_one_paragraph_each_are_kept_after_a_paragraph_or_when_the_body_goes_on() {
    let book = RuleBook::from_selection(&RuleSelection::default()).unwrap();
    // Subheadings straight after the body's paragraphs: the article's sections.
    let mut after = Vec::new();
    for (headline, blurb) in TEASERS {
        after.extend([headline, blurb].map(str::to_owned));
    }
    let doc = body_then(&after);
    assert_eq!(kept(&book, &doc), doc);
    // An interview after an advertisement, each answer a paragraph, with the body going on
    // after the questions: no chain.
    let mut after = vec!["Advertisement".to_owned()];
    for (question, answer) in [
        ("Q: Where did you grow up?", "A: On a farm near the coast, where my parents kept sheep and grew potatoes for the market."),
        ("Q: What was your first job?", "A: I sold newspapers at the station every morning before school, in rain and in snow."),
        ("Q: What are you reading now?", "A: A history of the railways, which my daughter gave me for my birthday last month."),
    ] {
        after.extend([question, answer].map(str::to_owned));
    }
    after.extend((5..=6).map(paragraph));
    let doc = body_then(&after);
    let mut expected = doc.clone();
    expected.retain(|l| l != "Advertisement");
    assert_eq!(kept(&book, &doc), expected);
}

#[test]
fn the_last_paragraphs_of_an_article_after_a_break_are_kept() {
    let book = RuleBook::from_selection(&RuleSelection::default()).unwrap();
    // An epilogue after an advertisement and a subheading, with a short paragraph or two:
    // fewer than three headline-and-blurb units, and the last ones long.
    let after: Vec<String> = [
        "Advertisement",
        "What happens next",
        "The bridge will stay closed until the survey is finished, which the engineers expect to take about six weeks.",
        "A spokesman for the council said that the ferry would run every half hour in the meantime, free of charge for residents.",
        "Looking back",
        "When the bridge opened in 1931 it was the longest of its kind in the county, and the whole town came out to cross it.",
    ]
    .map(str::to_owned)
    .to_vec();
    let doc = body_then(&after);
    let mut expected = doc.clone();
    expected.retain(|l| l != "Advertisement");
    assert_eq!(kept(&book, &doc), expected);
}

/// Items of a plan, each shorter than a headline: names, quantities, instructions.
const SHORT_ITEMS: [&str; 9] = [
    "Pre-workout meal",
    "Eat an hour before your workout",
    "Two poached eggs on toast",
    "Workout drink",
    "Drink during your workout",
    "Post-workout meal",
    "Eat within two hours after it",
    "Chicken and rice",
    "One glass of water",
];

#[test]
fn a_list_of_short_items_between_paragraphs_is_kept_and_a_box_of_headlines_is_not() {
    let book = RuleBook::from_selection(&RuleSelection::default()).unwrap();
    let doc = |middle: &[&str]| {
        let mut doc: Vec<String> = (1..=3).map(paragraph).collect();
        doc.extend(middle.iter().map(|s| s.to_string()));
        doc.extend((4..=6).map(paragraph));
        doc
    };
    // No colon announces the list: a stretch of nine short lines, longer than a gap.
    let listed = doc(&SHORT_ITEMS);
    assert_eq!(kept(&book, &listed), listed);
    // The same number of lines of a headline's length is an inline box of teasers.
    let headlines = [
        "Council closes the old bridge over the river for good",
        "Record crowd at the autumn fair despite the heavy rain",
        "New mayor promises cheaper buses and more cycle lanes",
        "Schools to stay open during the long winter holidays",
        "Police appeal for witnesses after the crash on the ring road",
        "Local bakery wins a national prize for its sourdough bread",
        "Football club signs a new striker from the league rivals",
        "Hospital opens a new ward for children with the help of donors",
        "Flood defences along the river will be finished next year",
    ];
    assert_eq!(kept(&book, &doc(&headlines)).len(), 6);
    // Short lines under the heading of a box are its links, however short.
    let mut boxed = vec!["Related stories"];
    boxed.extend([
        "Bridge closure",
        "Autumn fair",
        "Bus fares",
        "Winter holidays",
    ]);
    boxed.extend([
        "Ring road crash",
        "Bakery prize",
        "New striker",
        "Children's ward",
    ]);
    assert_eq!(kept(&book, &doc(&boxed)).len(), 6);
    // A list ending in a lone line that only looks like a paragraph (a teaser's blurb) is
    // no list of the body.
    let mut doc_lone: Vec<String> = (1..=3).map(paragraph).collect();
    doc_lone.extend(SHORT_ITEMS.iter().map(|s| s.to_string()));
    doc_lone.push("The council will vote on the new bridge next week, officials say.".to_owned());
    doc_lone.extend(
        [
            "Home", "Contact", "Privacy", "Terms", "Jobs", "Archive", "Help",
        ]
        .map(String::from),
    );
    doc_lone.extend((4..=5).map(paragraph));
    assert_eq!(
        kept(&book, &doc_lone).len(),
        5,
        "{:#?}",
        kept(&book, &doc_lone)
    );
    let off = RuleBook::from_selection(&RuleSelection {
        disable: vec!["structure.keep-items".into()],
        ..RuleSelection::default()
    })
    .unwrap();
    assert_eq!(kept(&off, &listed).len(), 6);
}

/// The prose corpus, each file cleaned as one document with every rule and step on: not a
/// line is lost (the phrase rules are checked line by line above; this adds the structural
/// steps, which judge a line by its shape and its neighbours), but for the known structural
/// drops written down in `known-structural-drops.tsv`.
#[test]
fn the_prose_corpus_loses_no_line_when_cleaned_as_a_document() {
    let book = RuleBook::from_selection(&RuleSelection::default()).unwrap();
    let mut lines = 0;
    let mut failures = Vec::new();
    for path in prose_corpus::files() {
        let known = prose_corpus::known_drops_of(&path);
        let text = std::fs::read_to_string(&path).unwrap();
        let doc: Vec<&str> = text.lines().collect();
        for (line, rule) in run(&book, &doc) {
            let Some(rule) = rule else { continue };
            if !known.iter().any(|k| k.rule == rule && k.line == line) {
                let name = path.file_name().unwrap().to_string_lossy();
                failures.push(format!("{name}\t{rule}\t{line}"));
            }
        }
        lines += doc.len();
    }
    assert!(lines >= 3400, "the corpus has only {lines} lines");
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn a_glued_menu_and_leaked_script_are_dropped_by_their_steps_and_long_sentences_are_not() {
    let book = RuleBook::from_selection(&RuleSelection::default()).unwrap();
    let menu = "Politics Business Technology Science Health Education Sport Football Cricket \
                Rugby Tennis Golf Culture Books Music Film Television Travel Food Style \
                Opinion Weather Video Podcasts Obituaries";
    let script = "var slot = googletag.defineSlot('/1234/news', [300, 250], 'ad-1'); \
                  googletag.enableServices();";
    let names = "Mayor Anna Lopez, Council Leader Tom Reed, Fire Chief Maria Costa and Police \
                 Chief John Park met the Governor in Springfield on Monday to discuss the \
                 Bridge Street Flood Plan.";
    let mut doc: Vec<String> = (1..=3).map(paragraph).collect();
    doc.extend([menu, script, names].map(String::from));
    doc.extend((4..=6).map(paragraph));
    let lines: Vec<&str> = doc.iter().map(String::as_str).collect();
    let verdicts = run(&book, &lines);
    let rule_of = |text: &str| rule_of(&verdicts, text);
    assert_eq!(rule_of(menu).as_deref(), Some("structure.glued-links"));
    assert_eq!(rule_of(script).as_deref(), Some("structure.script"));
    assert_eq!(rule_of(names), None);
    assert_eq!(kept(&book, &doc).len(), 7);
    // Each is its own rule: switched off, the line is kept as the paragraph it looks like.
    let off = RuleBook::from_selection(&RuleSelection {
        disable: vec!["structure.glued-links".into(), "structure.script".into()],
        ..RuleSelection::default()
    })
    .unwrap();
    assert_eq!(kept(&off, &doc).len(), 9);
}

#[test]
fn a_thread_of_comments_after_the_body_ends_the_article_and_a_live_blog_does_not() {
    let book = RuleBook::from_selection(&RuleSelection::default()).unwrap();
    let body: Vec<String> = (1..=4).map(paragraph).collect();
    let mut thread = body.clone();
    for (name, time, comment) in [
        (
            "reader42",
            "March 3, 2021 at 9:05 pm",
            "I disagree with almost everything in this piece, and so do my neighbours.",
        ),
        (
            "jo_b",
            "March 3, 2021 at 9:40 pm",
            "The bridge has been unsafe for years and everybody on the east bank knows it.",
        ),
        (
            "sam1970",
            "March 4, 2021 at 7:02 am",
            "Finally a decision, after all those studies that cost more than a new bridge.",
        ),
    ] {
        thread.extend([name, time, comment].map(String::from));
    }
    let lines: Vec<&str> = thread.iter().map(String::as_str).collect();
    let verdicts = run(&book, &lines);
    assert_eq!(kept(&book, &thread), body);
    assert_eq!(
        verdicts[4].1.as_deref(),
        Some("structure.comment-thread"),
        "{verdicts:#?}"
    );
    // The same thread glued into one line.
    let mut glued = body.clone();
    glued.push(thread[4..].join(" "));
    assert_eq!(kept(&book, &glued), body);
    // A live blog: entries under bare times, with the article's own sentences.
    let mut live = body.clone();
    for (time, entry) in [
        ("10:32", "The council has opened the meeting, and the first speaker is the engineer who inspected the bridge."),
        ("10:47", "The engineer says the steel frame is rusting faster than expected and the repairs cannot wait."),
        ("11:05", "Councillors have started to vote on the closure of the bridge, with the result expected soon."),
    ] {
        live.extend([time, entry].map(String::from));
    }
    let live_kept = kept(&book, &live);
    assert!(
        live[4..]
            .iter()
            .filter(|l| l.len() > 10)
            .all(|l| live_kept.contains(l)),
        "{live_kept:#?}"
    );
    // Without the step (and the teaser chain, which takes a name and a stamp above each
    // comment for a teaser's furniture), the thread stays.
    let off = RuleBook::from_selection(&RuleSelection {
        disable: vec![
            "structure.comment-thread".into(),
            "structure.teaser-chain".into(),
        ],
        ..RuleSelection::default()
    })
    .unwrap();
    assert!(kept(&off, &thread).len() > body.len());
}

/// Comments' headers (the stamp with the commenter's name or a button around it on one line)
/// after the body end the article like bare stamps do; a timeline of dated sentences in the
/// body does not.
#[test]
fn a_thread_under_comments_headers_ends_the_article() {
    let book = RuleBook::from_selection(&RuleSelection::default()).unwrap();
    let body: Vec<String> = (1..=4).map(paragraph).collect();
    let mut thread = body.clone();
    for (header, comment) in [
        (
            "Posted by reader42 | March 3, 2008 09:15 AM",
            "I disagree with almost everything in this piece, and so do my neighbours.",
        ),
        (
            "Posted by jo_b | March 3, 2008 10:02 AM",
            "The bridge has been unsafe for years and everybody on the east bank knows it.",
        ),
        (
            "Posted by sam1970 | March 4, 2008 07:40 AM",
            "Finally a decision, after all those studies that cost more than a new bridge.",
        ),
    ] {
        thread.extend([header, comment].map(String::from));
    }
    let verdicts = run(
        &book,
        &thread.iter().map(String::as_str).collect::<Vec<_>>(),
    );
    assert_eq!(kept(&book, &thread), body);
    assert_eq!(
        verdicts[4].1.as_deref(),
        Some("structure.comment-thread"),
        "{verdicts:#?}"
    );
    let mut timeline = body.clone();
    for entry in [
        "March 3, 2008 9:15 AM: the council opens the meeting on the future of the bridge.",
        "March 3, 2008 9:40 AM: the engineer says the steel frame is rusting too fast.",
        "March 3, 2008 10:05 AM: the councillors vote to close the bridge for a year.",
    ] {
        timeline.push(entry.to_string());
    }
    timeline.push(paragraph(5));
    assert_eq!(kept(&book, &timeline), timeline);
}

/// Block rules (HTML elements by tag, class/id words and link density): each built-in one
/// drops its example snippets, set in an article, under its own id, and no block rule drops
/// a counter-example.
#[test]
fn every_built_in_block_rule_drops_its_examples_and_keeps_its_counter_examples() {
    let book = everything_on();
    let blocks = book.block_rules();
    assert!(blocks.rules().len() >= 10, "the chrome pack is loaded");
    let mut failures = Vec::new();
    for rule in blocks.rules() {
        if rule.examples.is_empty() || rule.counter_examples.is_empty() {
            failures.push(format!(
                "{}: needs an example and a counter-example",
                rule.id
            ));
        }
        for example in &rule.examples {
            let ids = newsclean::html::block_rules_dropping(example, blocks).unwrap();
            if ids.first() != Some(&rule.id) {
                failures.push(format!(
                    "{}: example {example:?} dropped by {ids:?}",
                    rule.id
                ));
            }
        }
        for counter in &rule.counter_examples {
            let ids = newsclean::html::block_rules_dropping(counter, blocks).unwrap();
            if !ids.is_empty() {
                failures.push(format!(
                    "{}: counter-example {counter:?} dropped by {ids:?}",
                    rule.id
                ));
            }
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn a_block_rule_with_a_line_field_or_a_bad_word_is_refused_naming_file_line_and_rule() {
    for (extra, message) in [
        (
            "[[rule]]\nid = \"mine.box\"\ndescription = \"d\"\nwords = [\"promo\"]\nregex = \"a\"\n",
            "`regex` is for line rules",
        ),
        (
            "[[rule]]\nid = \"mine.box\"\ndescription = \"d\"\nwords = [\"promo-box\"]\n",
            "is not one word",
        ),
        (
            "[[rule]]\nid = \"mine.box\"\ndescription = \"d\"\ntags = [\"div\"]\nmin_link_density = 1.5\n",
            "`min_link_density` is a share",
        ),
        (
            "[[rule]]\nid = \"mine.box\"\ndescription = \"d\"\ntags = [\"div\"]\nmax_link_density = 0.5\n",
            "unknown field `max_link_density`",
        ),
    ] {
        let err = load(extra).unwrap_err();
        let line = match message.starts_with("unknown") {
            true => 10,
            false => 7,
        };
        assert!(
            err.starts_with(&format!("mine.toml:{line}: rule mine.box: ")),
            "{err}"
        );
        assert!(err.contains(message), "{err}");
    }
}

/// The headline is the title-like line above the body that shares the lead's words, not the
/// nearest one: a photo's credit, a byline or another story's teaser stands between them.
/// Without a line that matches the lead, the nearest title-like line is kept as before.
#[test]
fn the_headline_is_the_line_that_matches_the_leads_words() {
    let book = RuleBook::from_selection(&RuleSelection::default()).unwrap();
    let headline = "Council votes to close the old river bridge for repairs";
    let teaser = "Ten quick dinners for a cold winter evening at home";
    let credit = "Jane Doe, Example Photo Agency";
    let lead = [
        "The town council voted on Tuesday to close the old river bridge for six months of repairs, after engineers found cracks in two of its piers.",
        "Drivers will be sent over the new bridge to the north, which the council says can carry the extra traffic until the repairs are finished.",
        "Shops near the old bridge fear they will lose customers while it is closed, and asked the council for help with their rents.",
    ];
    let mut doc: Vec<String> = ["Home", "News", "Sport", "Weather"]
        .map(String::from)
        .to_vec();
    doc.push(headline.to_owned());
    doc.extend(["Share", "Print", "Email"].map(String::from));
    doc.push(teaser.to_owned());
    doc.push(credit.to_owned());
    doc.extend(lead.map(String::from));
    let out = kept(&book, &doc);
    assert_eq!(out[0], headline, "{out:#?}");
    assert!(!out.iter().any(|l| l == teaser || l == credit), "{out:#?}");
    // No line matches the lead: the nearest title-like line is kept, as it was.
    let doc: Vec<String> = doc.into_iter().filter(|l| l != headline).collect();
    let out = kept(&book, &doc);
    assert_eq!(out[0], credit, "{out:#?}");
}

#[test]
fn a_note_under_its_name_after_the_body_is_dropped_and_a_profile_in_the_body_is_not() {
    let book = RuleBook::from_selection(&RuleSelection::default()).unwrap();
    let note = "Jane Doe is a reporter who covers the council and the courts for the paper, \
                and has lived in the town since 2009.";
    let mut doc: Vec<String> = (1..=4).map(paragraph).collect();
    doc.extend(["Share".into(), "Jane Doe".into(), note.into()]);
    let lines: Vec<&str> = doc.iter().map(String::as_str).collect();
    let verdicts = run(&book, &lines);
    let rule_of = |text: &str| rule_of(&verdicts, text);
    assert_eq!(rule_of(note).as_deref(), Some("structure.name-note"));
    // The same sentence in the body, without the name alone on a line above it, is kept;
    // and so is the note with the heuristic off.
    let mut profile: Vec<String> = (1..=2).map(paragraph).collect();
    profile.push(note.into());
    profile.extend((3..=4).map(paragraph));
    assert_eq!(kept(&book, &profile).len(), 5);
    let off = RuleBook::from_selection(&RuleSelection {
        disable: vec!["structure.name-note".into()],
        ..RuleSelection::default()
    })
    .unwrap();
    assert!(kept(&off, &doc).iter().any(|t| t == note));
}

#[test]
fn a_paragraph_far_below_the_body_is_dropped_and_the_body_resuming_is_not() {
    let book = RuleBook::from_selection(&RuleSelection::default()).unwrap();
    let notice = "Market data on this page is delayed by at least fifteen minutes and is \
                  provided for information only, not for trading, by the exchange named.";
    let links: Vec<String> = (1..=14).map(|i| format!("Section {i}")).collect();
    let mut doc: Vec<String> = (1..=4).map(paragraph).collect();
    doc.extend(links.iter().cloned());
    doc.push(notice.into());
    let lines: Vec<&str> = doc.iter().map(String::as_str).collect();
    let verdicts = run(&book, &lines);
    let rule = verdicts
        .iter()
        .find(|(t, _)| t == notice)
        .and_then(|(_, rule)| rule.clone());
    assert_eq!(rule.as_deref(), Some("structure.far-paragraph"));
    // After as long a box, the body going on (two paragraphs close together) is kept.
    let mut resumed = doc.clone();
    resumed.push(paragraph(5));
    let kept_lines = kept(&book, &resumed);
    assert!(kept_lines.iter().any(|t| t == notice));
    assert!(kept_lines.iter().any(|t| *t == paragraph(5)));
    // Below a shorter stretch the paragraph is the body's last.
    let mut near: Vec<String> = (1..=4).map(paragraph).collect();
    near.extend(links.iter().take(6).cloned());
    near.push(notice.into());
    assert!(kept(&book, &near).iter().any(|t| t == notice));
    // Cleaning the output again changes nothing.
    let once = kept(&book, &doc);
    assert_eq!(kept(&book, &once), once);
}
