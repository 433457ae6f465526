//! Start-up: what a run costs before and besides its text. `find … -exec newsclean` and a
//! scorer that runs one process per case pay it on every file. Loading the built-in rule
//! packs in the library, and the whole command on one short line (a process started, the
//! packs loaded, one line cleaned and written).
//!
//! `cargo bench --bench startup`. On a busy machine, CPU figures hold better than these
//! wall-clock ones: `docs/performance.md` gives the `perf stat` and callgrind commands.

use std::io::Write;
use std::process::{Command, Stdio};

use newsclean::rules::{RuleBook, RuleSelection};

fn main() {
    divan::main();
}

/// The built-in packs, loaded as every run loads them.
#[divan::bench]
fn load_built_in_rules() -> RuleBook {
    RuleBook::from_selection(&RuleSelection::default()).expect("built-in packs load")
}

/// `echo 'hello world' | newsclean`.
#[divan::bench(sample_count = 40)]
fn one_line_through_the_command() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_newsclean"))
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .expect("the command starts");
    child
        .stdin
        .take()
        .expect("stdin is piped")
        .write_all(b"hello world\n")
        .expect("the command reads its input");
    assert!(child.wait().expect("the command ends").success());
}
