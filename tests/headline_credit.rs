//! The headline chooser and a story's credit: the title-like line just above a byline or a
//! dateline is the headline, even when a video's title, a photo's caption or another
//! story's teaser stands nearer the body and the headline shares few words with the lead.

mod filter_run;

use filter_run::{kept, kept_again as again};

const MENU: [&str; 5] = ["Home", "News", "Sport", "Weather", "Culture"];
/// A headline whose words the lead hardly uses: the chooser cannot find it by them.
const HEADLINE: &str = "A quiet winter ends with a bang for the harbour town";
/// A video's title and another story's teaser, each headline-shaped.
const VIDEO: &str = "Watch the new ferry arrive in the bay this morning";
const TEASER: &str = "Five things to know about the spring elections";
const LEAD: [&str; 3] = [
    "Fireworks left over from a cancelled festival exploded in a warehouse on Tuesday night, breaking windows along the quay.",
    "Nobody was hurt, the fire service said, but fourteen families spent the night in the school hall while engineers checked their houses.",
    "The owner of the warehouse said the boxes had been stored there since December and that he had been told they were safe.",
];

fn page(between: &[&'static str]) -> Vec<&'static str> {
    let mut doc: Vec<&str> = MENU.to_vec();
    doc.push(HEADLINE);
    doc.extend_from_slice(between);
    doc.extend(["Share", "Print", "Email", VIDEO, TEASER]);
    doc.extend(LEAD);
    doc
}

#[test]
fn the_line_above_a_byline_is_the_headline_not_the_teasers_nearer_the_body() {
    for credit in [
        &["By Jane Doe, Example News"][..],
        &["Published 11:05 PM, March 3, 2008"],
        &["By Jane Doe", "Updated 2 hours ago"],
    ] {
        let out = kept(&page(credit));
        assert_eq!(out[0], HEADLINE, "{credit:?}: {out:#?}");
        assert!(
            !out.iter().any(|l| l == VIDEO || l == TEASER),
            "{credit:?}: {out:#?}"
        );
        assert!(out.ends_with(&LEAD.map(String::from)), "{out:#?}");
        assert_eq!(again(&out), out);
    }
}

#[test]
fn an_authors_name_between_headline_and_dateline_is_no_headline() {
    // The name shares no words with the lead; the headline shares one.
    let headline = "Warehouse fireworks blast breaks windows along the quay";
    let name = "Jane Doe, Example Agency Writer";
    let mut doc: Vec<&str> = MENU.to_vec();
    doc.extend([headline, name, "Updated 1:39 am, March 3, 2008"]);
    doc.extend(["Share", "Print", VIDEO, TEASER]);
    doc.extend(LEAD);
    let out = kept(&doc);
    assert_eq!(out[0], headline, "{out:#?}");
    assert!(!out.iter().any(|l| l == name || l == TEASER), "{out:#?}");
    assert_eq!(again(&out), out);
}

#[test]
fn a_standfirst_nearest_the_body_stays_and_the_credit_gives_way() {
    // A sentence under the headline is the standfirst. It stays; a second pass would find
    // it, not the headline, nearest the body, so the credit does not move the choice.
    let standfirst =
        "Families spent the night in a school hall. The fire service says nobody was hurt";
    let mut doc = page(&["By Jane Doe, Example News"]);
    let at = doc.iter().position(|l| *l == TEASER).unwrap();
    doc[at] = standfirst;
    let out = kept(&doc);
    assert!(out.iter().any(|l| l == standfirst), "{out:#?}");
    assert_eq!(again(&out), out);
}

#[test]
fn without_a_credit_the_nearest_title_stays_and_prose_starting_with_by_is_no_credit() {
    // "By the end of ..." is a sentence, not a byline: nothing marks the headline, and the
    // nearest title-like line is kept as before.
    let prose = "By the end of March the harbour had been dredged, two months later than planned.";
    let out = kept(&page(&[prose]));
    assert!(out.iter().any(|l| l == TEASER), "{out:#?}");
    assert!(!out.iter().any(|l| l == HEADLINE), "{out:#?}");
}

#[test]
fn the_credit_nearest_the_body_marks_the_headline_past_dated_teasers_above_it() {
    // A box of dated teasers above the article: each has a date under its title, but the
    // article's own credit is nearer the body.
    let mut doc: Vec<&str> = MENU.to_vec();
    doc.extend([
        "Council approves a new budget for the harbour",
        "March 1, 2008",
        "Lifeboat crew rescues two sailors off the point",
        "February 28, 2008",
    ]);
    doc.extend([
        HEADLINE,
        "By Jane Doe, Example News",
        "Share",
        VIDEO,
        TEASER,
    ]);
    doc.extend(LEAD);
    let out = kept(&doc);
    assert_eq!(out[0], HEADLINE, "{out:#?}");
    assert!(
        !out.iter()
            .any(|l| l.starts_with("Council") || l.starts_with("Lifeboat")),
        "{out:#?}"
    );
}
