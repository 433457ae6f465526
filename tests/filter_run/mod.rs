//! Running a document's lines through a rule book's filter, for the tests of its
//! heuristics.

use newsclean::lines::Line;
use newsclean::rules::{RuleBook, RuleSelection, Verdict};

/// Runs a document through a book's filter, returning each line with its verdict (the id
/// of the rule that dropped it).
pub fn verdicts(book: &RuleBook, lines: &[&str]) -> Vec<(String, Option<String>)> {
    let mut out = Vec::new();
    let mut filter = book.start_document();
    let mut emit = |line: Line, verdict: Verdict<'_>| {
        let rule = match verdict {
            Verdict::Keep => None,
            Verdict::Drop(id) => Some(id.to_owned()),
        };
        out.push((line.text, rule));
        Ok(())
    };
    for (i, text) in lines.iter().enumerate() {
        let line = Line {
            text: (*text).to_owned(),
            number: i as u64 + 1,
            partial: false,
        };
        filter.push(line, &mut emit).unwrap();
    }
    filter.finish(&mut emit).unwrap();
    out
}

/// The lines the default book keeps of a document.
#[allow(dead_code)] // `rules_packs` asks for every verdict, not only the kept lines.
pub fn kept(lines: &[&str]) -> Vec<String> {
    let book = RuleBook::from_selection(&RuleSelection::default()).unwrap();
    verdicts(&book, lines)
        .into_iter()
        .filter_map(|(text, rule)| rule.is_none().then_some(text))
        .collect()
}

/// What the default book keeps of its own output: cleaning it again must change nothing.
#[allow(dead_code)] // only the headline tests clean their output again.
pub fn kept_again(out: &[String]) -> Vec<String> {
    kept(&out.iter().map(String::as_str).collect::<Vec<_>>())
}
