#![no_main]
//! Any bytes through the whole pipeline, as from a file: no panic, UTF-8 out.

use libfuzzer_sys::fuzz_target;
use std::sync::LazyLock;

use newsclean::{Cleaner, Config};

/// Built once: compiling the rule packs per input would leave the fuzzer at a few runs a second.
static CLEANER: LazyLock<Cleaner> =
    LazyLock::new(|| Cleaner::new(Config::default().with_max_line_bytes(64)).unwrap());

fuzz_target!(|data: &[u8]| {
    let cleaner = &*CLEANER;
    let mut out = Vec::new();
    if cleaner.clean_reader(data, &mut out).is_ok() {
        assert!(std::str::from_utf8(&out).is_ok());
    }
});
