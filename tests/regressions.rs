//! Regression tests, each named after what it pins.

use newsclean::{Cleaner, Config};

fn keep_boilerplate() -> Cleaner {
    Cleaner::new(Config::default().with_boilerplate(false)).unwrap()
}

/// Found by the property tests: a double-encoded quote followed by a C1 character read as
/// Windows-1252 made the repair ledger report a span that ended inside a character, and
/// slicing the original line with it panicked.
#[test]
fn chained_repairs_with_a_lost_span_do_not_panic() {
    let cleaner = keep_boilerplate();
    assert_eq!(cleaner.clean_str("Ã¢â‚¬â„¢Â”Ã©\n"), "’”é\n");
    let mut explained = Vec::new();
    cleaner
        .clean_reader_explained(
            "Ã¢â‚¬â„¢Â”\n".as_bytes(),
            Vec::new(),
            newsclean::Explainer {
                source: "t".into(),
                out: &mut explained,
            },
        )
        .unwrap();
    assert!(String::from_utf8(explained).unwrap().contains("repaired"));
}

/// Found by the `repair` fuzz target: a line mixing a combining mark, a re-read `Ä` and a
/// dotted `Ġ` made repair report a fix whose span ran past the end of the line.
#[test]
fn repair_spans_stay_inside_the_line() {
    let repairer = newsclean::repair::Repairer::new();
    let line = "+\u{2aaf} \u{3013} K\u{d1}\u{344}\u{c4}1\u{120}";
    let mut doc = repairer.start_document();
    let mut repaired = line.to_owned();
    let mut fixes = Vec::new();
    doc.repair_line(&mut repaired, &mut fixes);
    for fix in &fixes {
        assert!(
            fix.start <= fix.end && fix.end <= line.len(),
            "{}..{} in a line of {} bytes",
            fix.start,
            fix.end,
            line.len()
        );
    }
}
