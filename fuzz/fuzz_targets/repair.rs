#![no_main]
//! Any text through mojibake repair: no panic, and every fix names a span of the input.

use libfuzzer_sys::fuzz_target;
use newsclean::repair::Repairer;
use std::sync::LazyLock;

/// Built once, like the cleaner in the other targets.
static REPAIRER: LazyLock<Repairer> = LazyLock::new(Repairer::new);

fuzz_target!(|text: &str| {
    let repairer = &*REPAIRER;
    let mut doc = repairer.start_document();
    let mut line = text.replace('\n', " ");
    let original = line.clone();
    let mut fixes = Vec::new();
    doc.repair_line(&mut line, &mut fixes);
    for fix in &fixes {
        assert_eq!(original.get(fix.start..fix.end), Some(fix.before.as_str()));
    }
});
