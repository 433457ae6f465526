#![no_main]
//! Any bytes as JSON Lines: no panic; with `--on-error skip`, one output line per input line.

use libfuzzer_sys::fuzz_target;
use newsclean::records::{clean_jsonl, FieldPath, OnError};
use std::sync::LazyLock;

use newsclean::{Cleaner, Config};

/// Built once: compiling the rule packs per input would leave the fuzzer at a few runs a second.
static CLEANER: LazyLock<Cleaner> = LazyLock::new(|| Cleaner::new(Config::default()).unwrap());

fuzz_target!(|data: &[u8]| {
    let cleaner = &*CLEANER;
    let mut out = Vec::new();
    let field = FieldPath::parse("text").unwrap();
    clean_jsonl(&cleaner, &mut &data[..], &mut out, &field, OnError::Skip).unwrap();
    let lines_in = data.split(|&b| b == b'\n').count() - usize::from(data.ends_with(b"\n") || data.is_empty());
    assert_eq!(out.iter().filter(|&&b| b == b'\n').count(), lines_in);
});
