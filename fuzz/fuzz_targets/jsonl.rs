#![no_main]
//! Any bytes as JSON Lines: no panic; with `--on-error skip`, one output line per input line.

use libfuzzer_sys::fuzz_target;
use newsclean::records::{clean_jsonl, OnError};
use newsclean::{Cleaner, Config};

fuzz_target!(|data: &[u8]| {
    let cleaner = Cleaner::new(Config::default()).unwrap();
    let mut out = Vec::new();
    clean_jsonl(&cleaner, &mut &data[..], &mut out, "text", OnError::Skip).unwrap();
    let lines_in = data.split(|&b| b == b'\n').count() - usize::from(data.ends_with(b"\n") || data.is_empty());
    assert_eq!(out.iter().filter(|&&b| b == b'\n').count(), lines_in);
});
