//! The headline chooser reads the lead, not only the paragraph that opens the body: a
//! video's or a photo's caption often opens it, and its title, nearest the body, shares
//! every word with that one paragraph. The headline's words are the ones the lead comes
//! back to, paragraph after paragraph. A site's name or a section's label that uses a word
//! of the story (the town's name) is no headline for it.

mod filter_run;

use filter_run::{kept, kept_again as again};

const MENU: [&str; 5] = ["Home", "News", "Sport", "Weather", "Culture"];
const HEADLINE: &str = "Lifeboat volunteers pull stranded climbers from flooded sea cave";
/// A video's title and the caption that opens the body, about another subject.
const VIDEO: &str = "Evening bulletin: storm clouds gather over the northern coast";
const CAPTION: &str = "Evening bulletin with the day's weather as storm clouds gather over the northern coast and the ferries stay in port.";
const LEAD: [&str; 6] = [
    "Three climbers trapped by the rising tide in a sea cave below the cliffs were pulled out by lifeboat volunteers late on Sunday.",
    "The climbers had entered the cave at low water and were stranded when the flooded entrance closed behind them, the coastguard said.",
    "Lifeboat volunteers reached the cave in a small inflatable and carried the climbers out one at a time through the flooded passage.",
    "One of the climbers was treated for cold in hospital; the other two walked home, the lifeboat station in Harbour Town said.",
    "The station's volunteers have pulled climbers from the same cave twice this year and asked visitors to Harbour Town to check the tide tables.",
    "A sign warning climbers about the cave and the tide will go up at the top of the cliff path in Harbour Town next week.",
];

#[test]
fn the_headline_the_lead_comes_back_to_beats_the_title_of_a_caption_opening_the_body() {
    let mut doc: Vec<&str> = MENU.to_vec();
    doc.extend([HEADLINE, "Share", "Print", "Email", VIDEO, CAPTION]);
    doc.extend(LEAD);
    let out = kept(&doc);
    assert_eq!(out[0], HEADLINE, "{out:#?}");
    assert!(out.ends_with(&LEAD.map(String::from)), "{out:#?}");
    assert_eq!(again(&out), out);
}

#[test]
fn a_site_name_with_the_towns_name_nearest_the_body_is_no_headline() {
    let site = "Harbour Town Gazette: news from Harbour Town";
    let mut doc: Vec<&str> = MENU.to_vec();
    doc.extend([HEADLINE, "Share", "Print", "Local News", site]);
    doc.extend(LEAD);
    let out = kept(&doc);
    assert_eq!(out[0], HEADLINE, "{out:#?}");
    assert!(
        !out.iter().any(|l| l == site || l == "Local News"),
        "{out:#?}"
    );
    assert_eq!(again(&out), out);
}

#[test]
fn a_site_name_above_the_headline_is_not_chosen_for_the_towns_name() {
    let site = "Harbour Town Gazette: news from Harbour Town";
    let mut doc: Vec<&str> = MENU.to_vec();
    doc.extend([site, "Local News", HEADLINE, "Share", "Print", "Email"]);
    doc.extend(LEAD);
    let out = kept(&doc);
    assert_eq!(out[0], HEADLINE, "{out:#?}");
    assert!(!out.iter().any(|l| l == site), "{out:#?}");
    assert_eq!(again(&out), out);
}
