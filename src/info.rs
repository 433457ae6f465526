//! The modes that answer a question about newsclean itself and exit: `--list-rules`,
//! `--test-rules`, `--completions`, `--man`.

use std::fs;
use std::io::{self, IsTerminal, Write};
use std::path::Path;

use anyhow::Context;

use crate::app::{build_error, is_broken_pipe, EXIT_FAILED, EXIT_OK};
use crate::cli::{self, Cli};
use crate::message::one_line;
use crate::output::{self, WriteError};
use crate::rules::pack::PackFile;
use crate::rules::{RuleBook, RuleSelection};

/// `--list-rules`, `--test-rules`, `--completions`, `--man`: print and exit. A standard
/// output that cannot be written is named (exit 1), not taken for a usage error.
pub fn run(cli: &Cli) -> anyhow::Result<u8> {
    let written = output::write_stream("<stdout>", &mut io::stdout().lock(), |out| {
        let mut out = io::BufWriter::new(out);
        let code = answer(cli, &mut out)?;
        out.flush()?;
        Ok(code)
    });
    match written {
        Err(err) if err.downcast_ref::<WriteError>().is_some() && !is_broken_pipe(&err) => {
            let _ = writeln!(io::stderr().lock(), "newsclean: {}", one_line(&err));
            Ok(EXIT_FAILED)
        }
        written => written,
    }
}

fn answer(cli: &Cli, out: &mut dyn Write) -> anyhow::Result<u8> {
    let mut out = out;
    let code = if let Some(shell) = cli.completions {
        clap_complete::generate(shell, &mut cli::command(), "newsclean", &mut out);
        EXIT_OK
    } else if cli.man {
        clap_mangen::Man::new(cli::command()).render(&mut out)?;
        EXIT_OK
    } else if let Some(pack) = &cli.test_rules {
        test_rules(cli, pack, &mut out)?
    } else {
        // Listed even with --keep-boilerplate: the listing shows what the flags select.
        let book = RuleBook::from_selection(&cli.config()?.rules)
            .map_err(|e| build_error(cli, e.into()))?;
        book.write_listing(&mut out, listing_width())?;
        EXIT_OK
    };
    Ok(code)
}

/// The width `--list-rules` wraps to: `$COLUMNS`, else the terminal's; none into a pipe.
fn listing_width() -> Option<usize> {
    let columns = std::env::var("COLUMNS").ok().and_then(|c| c.parse().ok());
    columns.or_else(|| {
        io::stdout()
            .is_terminal()
            .then(terminal_size::terminal_size)
            .flatten()
            .map(|(w, _)| usize::from(w.0))
    })
}

/// Reports a counter-example of rule `id` that the rules `hits` drop; whether any did.
fn counter_dropped(
    out: &mut dyn Write,
    name: &str,
    id: &dyn std::fmt::Display,
    counter: &str,
    hits: &[impl AsRef<str>],
) -> io::Result<bool> {
    if hits.is_empty() {
        return Ok(false);
    }
    let by: Vec<&str> = hits.iter().map(AsRef::as_ref).collect();
    writeln!(
        out,
        "{name}: rule {id}: counter-example dropped by {}: {counter:?}",
        by.join(", ")
    )?;
    Ok(true)
}

/// `--test-rules PACK`: every rule of the pack must drop its examples, and no rule in
/// effect may drop one of its counter-examples. Exit 1 if any does, or if there is nothing
/// to check.
fn test_rules(cli: &Cli, path: &Path, out: &mut dyn Write) -> anyhow::Result<u8> {
    let name = path.display().to_string();
    let text =
        fs::read_to_string(path).with_context(|| format!("{name}: cannot read the rule pack"))?;
    let file = PackFile::parse(&name, &text)?;
    // The pack and each of its rules are switched on, so that examples of rules that ship
    // switched off are checked too.
    let mut enable = vec![file.pack.id.get_ref().clone()];
    enable.extend(file.rules.iter().map(|r| r.id.get_ref().clone()));
    enable.extend(cli.enable.iter().cloned());
    // Packs given with --rules are in effect too: their rules may drop a counter-example.
    let mut files = cli.rule_files.clone();
    files.push(path.to_path_buf());
    let selection = RuleSelection {
        files,
        enable,
        disable: cli.disable.clone(),
        user_dir: None,
    };
    let book = RuleBook::from_selection(&selection)?;
    let pack = book
        .packs
        .iter()
        .position(|p| p.source == name)
        .expect("the pack was loaded");
    let (mut examples, mut counters, mut failures) = (0, 0, 0);
    for (i, rule) in book
        .rules()
        .iter()
        .enumerate()
        .filter(|(_, r)| r.pack == pack)
    {
        for example in &rule.examples {
            examples += 1;
            if !book.rule_matches(i, example) {
                failures += 1;
                writeln!(
                    out,
                    "{name}: rule {}: example not dropped: {example:?}",
                    rule.id
                )?;
            }
        }
        for counter in &rule.counter_examples {
            counters += 1;
            let hits = book.matching_rules(counter);
            failures += usize::from(counter_dropped(out, &name, &rule.id, counter, &hits)?);
        }
    }
    let blocks = book.block_rules();
    for rule in blocks.rules().iter().filter(|r| r.pack == pack) {
        for example in &rule.examples {
            examples += 1;
            let ids = crate::html::block_rules_dropping(example, blocks)?;
            if !ids.contains(&rule.id) {
                failures += 1;
                let by = match ids.is_empty() {
                    true => String::new(),
                    false => format!(" (dropped by {} first)", ids.join(", ")),
                };
                writeln!(
                    out,
                    "{name}: rule {}: example not dropped{by}: {example:?}",
                    rule.id
                )?;
            }
        }
        for counter in &rule.counter_examples {
            counters += 1;
            let ids = crate::html::block_rules_dropping(counter, blocks)?;
            failures += usize::from(counter_dropped(out, &name, &rule.id, counter, &ids)?);
        }
    }
    let rules = book.rules().iter().filter(|r| r.pack == pack).count()
        + blocks.rules().iter().filter(|r| r.pack == pack).count();
    let counted = format!("{rules} rules, {examples} examples, {counters} counter-examples");
    if examples + counters == 0 {
        writeln!(
            out,
            "{name}: {counted}: nothing to check (add examples and counter_examples to the rules)"
        )?;
        return Ok(EXIT_FAILED);
    }
    match failures {
        0 => writeln!(out, "{name}: {counted}: all pass")?,
        n => writeln!(out, "{name}: {counted}: {n} failed")?,
    }
    Ok(if failures == 0 { EXIT_OK } else { EXIT_FAILED })
}
