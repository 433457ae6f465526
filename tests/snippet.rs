//! A snippet of a few lines (a title and a paragraph or two, piped in or cut from a corpus)
//! has no page around it: the positional steps (`structure.head`, `structure.tail`) leave
//! its short lines alone, while the phrase rules still drop boilerplate in it. A page, with
//! its menu above the body, is judged by position as before.

mod filter_run;

use filter_run::kept;

const BODY: [&str; 3] = [
    "Fireworks left over from a cancelled festival exploded in a warehouse on Tuesday night, breaking windows along the quay.",
    "Fourteen families spent the night in the school hall while engineers checked their houses, the fire service said.",
    "The owner of the warehouse said the boxes had been stored there since December and that he had been told they were safe.",
];
const SHORT: &str = "Harbour bridge reopens after repairs";

#[test]
fn a_snippet_keeps_its_short_lines_first_and_last() {
    for doc in [
        [&BODY[..], &[SHORT]].concat(),
        [&[SHORT][..], &BODY[..]].concat(),
        [&[SHORT][..], &BODY[..2], &[SHORT]].concat(),
    ] {
        let out = kept(&doc);
        assert_eq!(out, doc, "{doc:#?}");
    }
}

#[test]
fn a_phrase_rule_still_drops_boilerplate_in_a_snippet() {
    let doc = [&BODY[..], &["Sign up to our free breaking news emails"]].concat();
    assert_eq!(kept(&doc), BODY);
}

#[test]
fn on_a_page_a_short_line_after_the_body_is_still_dropped() {
    let doc = [&["Home", "News", "Sport"][..], &BODY[..], &[SHORT]].concat();
    let out = kept(&doc);
    assert_eq!(out, BODY, "{doc:#?}");
}
