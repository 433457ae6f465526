//! The chain one document goes through, in order:
//!
//! bytes → decode → lines → repair → normalize → boilerplate → write
//!
//! Each stage lives in its own module; this file only wires them together.

use std::io::{Read, Write};

use crate::decode::TextReader;
use crate::error::Error;
use crate::lines::{Line, LineSplitter};
use crate::normalize::{normalize_line, BlankLines};
use crate::repair::{DocumentRepair, Fix};
use crate::report::{Event, Explainer, Report};
use crate::rules::{DocumentFilter, Verdict};
use crate::Cleaner;

/// Cleans one document from a byte stream.
pub fn clean_stream<R: Read, W: Write>(
    cleaner: &Cleaner,
    input: R,
    output: W,
    explain: Option<Explainer<'_>>,
) -> Result<Report, Error> {
    let mut text = TextReader::new(input, cleaner.config().encoding)?;
    let mut chain = Chain::new(cleaner, output, explain);
    let mut lines = LineSplitter::new(cleaner.config().max_line_bytes);
    let mut chunk = String::new();
    while text.next_chunk(&mut chunk)? {
        lines.push(&chunk, &mut |line| chain.line(line))?;
    }
    lines.finish(&mut |line| chain.line(line))?;
    let mut report = chain.finish()?;
    report.encoding = Some(text.encoding().name());
    report.bytes_in = text.bytes_in();
    report.invalid_sequences = text.invalid_sequences();
    Ok(report)
}

/// Cleans one document that is already text (no decoding stage).
pub fn clean_text<W: Write>(cleaner: &Cleaner, text: &str, output: W) -> Result<Report, Error> {
    let mut chain = Chain::new(cleaner, output, None);
    let mut lines = LineSplitter::new(cleaner.config().max_line_bytes);
    lines.push(text, &mut |line| chain.line(line))?;
    lines.finish(&mut |line| chain.line(line))?;
    let mut report = chain.finish()?;
    report.bytes_in = text.len() as u64;
    Ok(report)
}

/// The per-line stages of one document.
struct Chain<'c, 'e, W: Write> {
    repair: Option<DocumentRepair<'c>>,
    filter: Option<DocumentFilter<'c>>,
    sink: Sink<'e, W>,
    fixes: Vec<Fix>,
    /// The previous piece was part of an over-long line that continues here.
    mid_line: bool,
}

impl<'c, 'e, W: Write> Chain<'c, 'e, W> {
    fn new(cleaner: &'c Cleaner, output: W, explain: Option<Explainer<'e>>) -> Self {
        Chain {
            repair: cleaner.repairer().map(|r| r.start_document()),
            filter: cleaner.rules().map(|r| r.start_document()),
            sink: Sink {
                out: std::io::BufWriter::with_capacity(64 * 1024, output),
                report: Report::default(),
                explain,
                blank: BlankLines::default(),
                ended_in_space: false,
                spare: Vec::new(),
            },
            fixes: Vec::new(),
            mid_line: false,
        }
    }

    fn line(&mut self, mut line: Line) -> Result<Option<String>, Error> {
        self.repair(&mut line)?;
        // A NEL that repair did not read as a Windows-1252 ellipsis ends a line.
        while let Some(at) = line.text.find('\u{85}') {
            let tail = line.text[at + '\u{85}'.len_utf8()..].to_owned();
            line.text.truncate(at);
            let head = std::mem::replace(&mut line.text, tail);
            self.after_repair(Line {
                text: head,
                partial: false,
                ..line
            })?;
        }
        self.after_repair(line)?;
        // The splitter reads the next line into the buffer of one written out.
        Ok(self.sink.spare.pop())
    }

    fn after_repair(&mut self, mut line: Line) -> Result<(), Error> {
        let (trim_start, trim_end) = (!self.mid_line, !line.partial);
        // Removing an invisible character can join the halves of a mojibake sequence:
        // repair the joined text too, so that cleaning clean output changes nothing.
        if normalize_line(&mut line.text, trim_start, trim_end) && self.repair(&mut line)? {
            normalize_line(&mut line.text, trim_start, trim_end);
        }
        self.mid_line = line.partial;
        match &mut self.filter {
            Some(filter) => {
                filter.push(line, &mut |line, verdict| self.sink.accept(line, verdict))?
            }
            None => self.sink.accept(line, Verdict::Keep)?,
        }
        Ok(())
    }

    /// Returns true if anything was repaired.
    fn repair(&mut self, line: &mut Line) -> Result<bool, Error> {
        let Some(repair) = &mut self.repair else {
            return Ok(false);
        };
        repair.repair_line(&mut line.text, &mut self.fixes);
        let repaired = !self.fixes.is_empty();
        for fix in self.fixes.drain(..) {
            self.sink.event(&Event::Repaired {
                line: line.number,
                fix: &fix,
            })?;
        }
        Ok(repaired)
    }

    fn finish(mut self) -> Result<Report, Error> {
        if let Some(filter) = &mut self.filter {
            filter.finish(&mut |line, verdict| self.sink.accept(line, verdict))?;
        }
        self.sink.out.flush()?;
        Ok(self.sink.report)
    }
}

/// The write stage: UTF-8, `\n` line ends, blank runs collapsed, counts and `--explain`.
struct Sink<'e, W: Write> {
    out: std::io::BufWriter<W>,
    report: Report,
    explain: Option<Explainer<'e>>,
    blank: BlankLines,
    /// The last piece written ended in a space (so the next piece's leading space is not doubled).
    ended_in_space: bool,
    /// Buffers of lines written out or dropped, for the splitter to read lines into.
    spare: Vec<String>,
}

/// Spare line buffers kept at most, and the largest kept (a long line's piece is not).
const SPARE_BUFFERS: usize = 4;
const SPARE_BYTES: usize = 64 << 10;

impl<W: Write> Sink<'_, W> {
    fn event(&mut self, event: &Event<'_>) -> std::io::Result<()> {
        self.report.record(event);
        match &mut self.explain {
            Some(explain) => explain.event(event),
            None => Ok(()),
        }
    }

    fn accept(&mut self, line: Line, verdict: Verdict<'_>) -> std::io::Result<()> {
        self.write(&line, verdict)?;
        if self.spare.len() < SPARE_BUFFERS && line.text.capacity() <= SPARE_BYTES {
            self.spare.push(line.text);
        }
        Ok(())
    }

    fn write(&mut self, line: &Line, verdict: Verdict<'_>) -> std::io::Result<()> {
        self.report.lines_in += u64::from(!line.partial);
        if let Verdict::Drop(rule) = verdict {
            return self.event(&Event::Dropped {
                line: line.number,
                rule,
                text: &line.text,
            });
        }
        let mut text = line.text.as_str();
        if self.ended_in_space {
            text = text.strip_prefix(' ').unwrap_or(text);
        }
        let Some(blanks) = self.blank.before(text.is_empty() && !line.partial) else {
            return Ok(());
        };
        for _ in 0..blanks {
            self.out.write_all(b"\n")?;
        }
        self.out.write_all(text.as_bytes())?;
        self.ended_in_space = line.partial && text.ends_with(' ');
        if !line.partial {
            self.out.write_all(b"\n")?;
            self.report.lines_out += 1;
        }
        self.report.bytes_out += (text.len() + blanks + usize::from(!line.partial)) as u64;
        Ok(())
    }
}
