//! What happened to a document: counts for the summary and the batch report, and the
//! `--explain` event stream. Only this module formats events for people.

use std::collections::BTreeMap;
use std::fmt;
use std::io::{self, Write};

use crate::html::Decision;
use crate::repair::Fix;

/// One thing the pipeline did to one line.
#[derive(Debug)]
pub enum Event<'a> {
    /// A line left out of the output, and the rule that dropped it.
    Dropped {
        /// 1-based line number in the input.
        line: u64,
        /// The id of the rule (or structural heuristic) that dropped it.
        rule: &'a str,
        /// The line as it would have been written.
        text: &'a str,
    },
    /// A span of a line rewritten by mojibake repair.
    Repaired {
        /// 1-based line number in the input.
        line: u64,
        /// What was rewritten, where, and by which repair.
        fix: &'a Fix,
    },
    /// A decision of the HTML front-end: a block left out, or the container chosen.
    Html(&'a Decision),
}

impl fmt::Display for Event<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Event::Dropped { line, rule, text } => {
                write!(f, "line {line}: dropped [{rule}] {text:?}")
            }
            Event::Repaired { line, fix } => write!(
                f,
                "line {line}: repaired [{}] {:?} -> {:?} at byte {}",
                fix.rule, fix.before, fix.after, fix.start
            ),
            Event::Html(Decision {
                rule,
                block: 0,
                text,
            }) => write!(f, "html: article container [{rule}] {text}"),
            Event::Html(Decision { rule, block, text }) => {
                write!(f, "block {block}: dropped [{rule}] {text:?}")
            }
        }
    }
}

/// Counts for one document (or, added together, for a whole run).
#[derive(Debug, Default, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Report {
    /// The encoding the input was decoded from (`UTF-8`, `windows-1252`, ...).
    pub encoding: Option<&'static str>,
    /// Bytes read.
    pub bytes_in: u64,
    /// Bytes written.
    pub bytes_out: u64,
    /// Lines read.
    pub lines_in: u64,
    /// Lines written.
    pub lines_out: u64,
    /// Byte sequences that were not valid in the input encoding (each became U+FFFD).
    pub invalid_sequences: u64,
    /// Dropped lines by rule id.
    pub dropped: BTreeMap<String, u64>,
    /// Repairs by repair rule.
    pub repairs: BTreeMap<String, u64>,
    /// The language the rules guessed for the document, if they decided one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<&'static str>,
    /// A cut rule dropped most of a large document: likely several articles in one stream.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub large_cut: Option<Box<LargeCut>>,
    /// What an HTML page said about itself (title, author, date...), for the records of
    /// `--output-format jsonl`; `None` for text. Not a count: never added up.
    #[serde(skip)]
    pub metadata: Option<Box<crate::html::Metadata>>,
}

/// Documents at least this long whose cut drops most of them are reported.
pub const LARGE_CUT_BYTES: u64 = 1 << 20;

/// A cut rule that dropped more than half the lines of a document over [`LARGE_CUT_BYTES`].
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct LargeCut {
    pub rule: String,
    pub lines_dropped: u64,
    pub lines_in: u64,
}

impl LargeCut {
    /// Set when the document is large and the cut rule `rule` dropped most of its lines.
    pub fn of(report: &Report, rule: &str) -> Option<Box<LargeCut>> {
        let dropped = report.dropped.get(rule).copied().unwrap_or(0);
        (report.bytes_in >= LARGE_CUT_BYTES && dropped * 2 > report.lines_in).then(|| {
            Box::new(LargeCut {
                rule: rule.to_owned(),
                lines_dropped: dropped,
                lines_in: report.lines_in,
            })
        })
    }
}

impl fmt::Display for LargeCut {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "cut rule {} dropped {} of {} lines ({:.1} %) of a document over 1 MB; \
             if it holds several articles, give them as separate documents \
             (-z, --jsonl or WARC)",
            self.rule,
            self.lines_dropped,
            self.lines_in,
            100.0 * self.lines_dropped as f64 / self.lines_in.max(1) as f64
        )
    }
}

impl Report {
    /// Counts one event.
    pub fn record(&mut self, event: &Event<'_>) {
        match event {
            // Most dropped lines count for a rule already seen: no new key to allocate.
            Event::Dropped { rule, .. } => match self.dropped.get_mut(*rule) {
                Some(count) => *count += 1,
                None => {
                    self.dropped.insert((*rule).to_owned(), 1);
                }
            },
            Event::Repaired { fix, .. } => {
                *self.repairs.entry(fix.rule.to_string()).or_default() += 1
            }
            Event::Html(Decision { block: 0, .. }) => {}
            Event::Html(Decision { rule, .. }) => {
                *self.dropped.entry(rule.as_ref().to_owned()).or_default() += 1
            }
        }
    }

    /// Lines dropped, by every rule.
    pub fn lines_dropped(&self) -> u64 {
        self.dropped.values().sum()
    }

    /// Repairs, of every kind.
    pub fn repair_count(&self) -> u64 {
        self.repairs.values().sum()
    }

    /// Adds another document's counts to these (for run totals).
    pub fn absorb(&mut self, other: &Report) {
        self.bytes_in += other.bytes_in;
        self.bytes_out += other.bytes_out;
        self.lines_in += other.lines_in;
        self.lines_out += other.lines_out;
        self.invalid_sequences += other.invalid_sequences;
        for (k, v) in &other.dropped {
            *self.dropped.entry(k.clone()).or_default() += v;
        }
        for (k, v) in &other.repairs {
            *self.repairs.entry(k.clone()).or_default() += v;
        }
    }
}

/// Where `--explain` lines go: a writer and the name of the input they are about.
pub struct Explainer<'w> {
    /// The input's name, at the start of every line.
    pub source: String,
    /// Where the lines are written.
    pub out: &'w mut dyn Write,
}

impl Explainer<'_> {
    /// Writes one event as a line: `SOURCE: line N: dropped [rule] "text"`.
    pub fn event(&mut self, event: &Event<'_>) -> io::Result<()> {
        writeln!(self.out, "{}: {event}", self.source)
    }
}

/// Receives every dropped line and repair as it happens: [`Explainer`] prints them for
/// `--explain`; a library (the Python binding) keeps them as data instead of parsing text.
pub trait EventSink {
    /// Called once per event, in the order they happen; an error stops the document.
    fn event(&mut self, event: &Event<'_>) -> io::Result<()>;
}

impl EventSink for Explainer<'_> {
    fn event(&mut self, event: &Event<'_>) -> io::Result<()> {
        Explainer::event(self, event)
    }
}
