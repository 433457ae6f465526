#![no_main]
//! Any bytes through the whole pipeline, as from a file: no panic, UTF-8 out.

use libfuzzer_sys::fuzz_target;
use newsclean::{Cleaner, Config};

fuzz_target!(|data: &[u8]| {
    let cleaner = Cleaner::new(Config { max_line_bytes: 64, ..Config::default() }).unwrap();
    let mut out = Vec::new();
    if cleaner.clean_reader(data, &mut out).is_ok() {
        assert!(std::str::from_utf8(&out).is_ok());
    }
});
