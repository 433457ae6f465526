#![no_main]
//! Any text through mojibake repair: no panic, and every fix names a span of the input.

use libfuzzer_sys::fuzz_target;
use newsclean::repair::Repairer;

fuzz_target!(|text: &str| {
    let repairer = Repairer::new();
    let mut doc = repairer.start_document();
    let mut line = text.replace('\n', " ");
    let original = line.clone();
    let mut fixes = Vec::new();
    doc.repair_line(&mut line, &mut fixes);
    for fix in &fixes {
        assert!(fix.start <= fix.end && fix.end <= original.len());
    }
});
