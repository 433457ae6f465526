#![no_main]
//! Any text as a user rule pack: it loads or is refused with an error, never a panic; a pack
//! that loads can clean a document.

use libfuzzer_sys::fuzz_target;
use newsclean::rules::{RuleBook, RuleSelection};

fuzz_target!(|text: &str| {
    if let Ok(book) = RuleBook::from_texts(&[("fuzz.toml", text)], &RuleSelection::default()) {
        let mut filter = book.start_document();
        let mut emit = |_line, _verdict| Ok(());
        for (number, text) in ["Sign up to our newsletter", "A paragraph of text.", ""].into_iter().enumerate() {
            let line = newsclean::lines::Line { text: text.to_owned(), number: number as u64 + 1, partial: false };
            filter.push(line, &mut emit).unwrap();
        }
        filter.finish(&mut emit).unwrap();
    }
});
