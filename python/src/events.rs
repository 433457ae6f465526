//! What `explain` and `clean_with_report` hand to Python: the core's events and counts as
//! plain dicts, with the same rule ids the command line's `--explain` and `--report` show.

use std::collections::BTreeMap;
use std::io;

use newsclean::{Event, EventSink, Report};
use pyo3::prelude::*;
use pyo3::types::PyDict;

/// One event, owned, kept until the GIL is held again.
pub enum Owned {
    Dropped {
        line: u64,
        rule: String,
        text: String,
    },
    Repaired {
        line: u64,
        rule: String,
        before: String,
        after: String,
        byte: usize,
    },
    /// A decision of the HTML front-end about a block of the page (block 0: the page).
    Html {
        block: u64,
        rule: String,
        text: String,
    },
}

/// Collects every event of one document.
#[derive(Default)]
pub struct Collected(pub Vec<Owned>);

impl EventSink for Collected {
    fn event(&mut self, event: &Event<'_>) -> io::Result<()> {
        self.0.push(match event {
            Event::Dropped { line, rule, text } => Owned::Dropped {
                line: *line,
                rule: (*rule).to_owned(),
                text: (*text).to_owned(),
            },
            Event::Repaired { line, fix } => Owned::Repaired {
                line: *line,
                rule: fix.rule.to_string(),
                before: fix.before.clone(),
                after: fix.after.clone(),
                byte: fix.start,
            },
            Event::Html(decision) => Owned::Html {
                block: decision.block,
                rule: decision.rule.to_string(),
                text: decision.text.clone(),
            },
        });
        Ok(())
    }
}

impl Owned {
    pub fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let dict = PyDict::new(py);
        match self {
            Owned::Dropped { line, rule, text } => {
                dict.set_item("kind", "dropped")?;
                dict.set_item("line", line)?;
                dict.set_item("rule", rule)?;
                dict.set_item("text", text)?;
            }
            Owned::Repaired {
                line,
                rule,
                before,
                after,
                byte,
            } => {
                dict.set_item("kind", "repaired")?;
                dict.set_item("line", line)?;
                dict.set_item("rule", rule)?;
                dict.set_item("before", before)?;
                dict.set_item("after", after)?;
                dict.set_item("byte", byte)?;
            }
            Owned::Html { block, rule, text } => {
                dict.set_item("kind", "html")?;
                dict.set_item("block", block)?;
                dict.set_item("rule", rule)?;
                dict.set_item("text", text)?;
            }
        }
        Ok(dict)
    }
}

/// A document's counts, as `--report` writes them per file.
pub fn report_dict<'py>(py: Python<'py>, report: &Report) -> PyResult<Bound<'py, PyDict>> {
    let dict = PyDict::new(py);
    dict.set_item("bytes_in", report.bytes_in)?;
    dict.set_item("bytes_out", report.bytes_out)?;
    dict.set_item("lines_in", report.lines_in)?;
    dict.set_item("lines_out", report.lines_out)?;
    dict.set_item("dropped", counts(py, &report.dropped)?)?;
    dict.set_item("repairs", counts(py, &report.repairs)?)?;
    Ok(dict)
}

fn counts<'py>(py: Python<'py>, counts: &BTreeMap<String, u64>) -> PyResult<Bound<'py, PyDict>> {
    let dict = PyDict::new(py);
    for (key, count) in counts {
        dict.set_item(key, count)?;
    }
    Ok(dict)
}
