//! The HTML front-end and the whole chain after it: any bytes, read as a page, never panic,
//! and the output is UTF-8 (a `String`) without markup-only lines.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsclean::html::{self, InputFormat, Options};
use newsclean::{Cleaner, Config};

fuzz_target!(|data: &[u8]| {
    // Under the size cap, a page is refused only for nesting deeper than the depth cap.
    let page = match html::extract(data, None, Options::default()) {
        Ok(page) => page,
        Err(newsclean::Error::TooDeep { .. }) => return,
        Err(e) => panic!("{e}"),
    };
    assert!(page.text.is_empty() || page.text.ends_with('\n'));
    let cleaner = Cleaner::new(Config::default().with_input(InputFormat::Html))
    .unwrap();
    let mut out = Vec::new();
    cleaner.clean_reader(data, &mut out).unwrap();
    String::from_utf8(out).expect("UTF-8 out");
});
