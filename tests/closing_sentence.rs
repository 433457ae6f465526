//! The article's closing sentence: a short sentence straight after the body's last
//! paragraph stays, though it is shorter than a paragraph; the short lines of the footer
//! after it (labels, links) still go.

mod filter_run;

use filter_run::kept;

const BODY: [&str; 3] = [
    "Fireworks left over from a cancelled festival exploded in a warehouse on Tuesday night, breaking windows along the quay.",
    "Fourteen families spent the night in the school hall while engineers checked their houses, the fire service said.",
    "The owner of the warehouse said the boxes had been stored there since December and that he had been told they were safe.",
];
const FOOTER: [&str; 4] = ["Contact", "Advertise with us", "Careers", "Site map"];

fn page(after_body: &[&'static str]) -> Vec<&'static str> {
    let mut doc = vec!["Home", "News", "Sport"];
    doc.extend(BODY);
    doc.extend_from_slice(after_body);
    doc.extend(FOOTER);
    doc
}

#[test]
fn a_short_sentence_after_the_last_paragraph_closes_the_article() {
    for closing in [
        "Nobody was badly hurt.",
        "The inquiry opens on Monday.",
        "Will the festival go ahead? Nobody knows yet.",
    ] {
        let out = kept(&page(&[closing]));
        assert_eq!(out.last().map(String::as_str), Some(closing), "{out:#?}");
        assert!(
            !out.iter().any(|l| FOOTER.contains(&l.as_str())),
            "{out:#?}"
        );
        // A second pass keeps it too.
        assert_eq!(
            kept(&out.iter().map(String::as_str).collect::<Vec<_>>()),
            out
        );
    }
}

#[test]
fn labels_links_and_a_sentence_after_other_furniture_do_not() {
    for label in [
        "More from the quay",
        "Related stories:",
        "Back to top",
        "Read on...",
    ] {
        let out = kept(&page(&[label]));
        assert!(!out.iter().any(|l| l == label), "{label:?}: {out:#?}");
    }
    // After a short line of the footer (one no phrase rule knows: a line a phrase rule drops
    // is gone from the output and parts nothing), a sentence is the footer's.
    let note = "Send us your photos today.";
    let out = kept(&page(&["The Harbour Weekly", note]));
    assert!(!out.iter().any(|l| l == note), "{out:#?}");
}
