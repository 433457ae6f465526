//! The chain one document goes through, in order:
//!
//! bytes → decode → lines → repair → normalize → boilerplate → write
//!
//! HTML is a front-end before the chain: bytes → `html` (decode, parse, choose the article's
//! blocks) → lines → the same repair, normalize, boilerplate and write stages.
//!
//! Each stage lives in its own module; this file only wires them together.

use std::io::{Read, Write};

use crate::decode::{first_block, TextReader};
use crate::error::Error;
use crate::html;
use crate::lines::{keep_spare_buffers, take_spare_buffers, Line, LineSplitter};
use crate::normalize::{normalize_line, plain_ascii_without, BlankLines};
use crate::repair::{DocumentRepair, Fix};
use crate::report::{Event, EventSink, LargeCut, Report};
use crate::rules::{DocumentFilter, Verdict};
use crate::Cleaner;

/// Cleans one document from a byte stream.
pub fn clean_stream<R: Read, W: Write>(
    cleaner: &Cleaner,
    input: R,
    output: W,
    explain: Option<&mut dyn EventSink>,
) -> Result<Report, Error> {
    clean_stream_declared(cleaner, input, output, explain, Declared::default())
}

/// What a document's container says about it (the HTTP headers of a WARC record).
#[derive(Debug, Clone, Copy, Default)]
pub struct Declared {
    /// The charset of its `Content-Type`: used instead of detection, unless `--encoding`.
    pub encoding: Option<&'static encoding_rs::Encoding>,
    /// Its `Content-Type` is HTML: read by the HTML front-end, unless `--input text`.
    pub html: bool,
}

/// Cleans one document whose container said what it is. `--encoding` and `--input` still
/// win; without either, the encoding and the format are detected as for any document.
pub fn clean_stream_declared<R: Read, W: Write>(
    cleaner: &Cleaner,
    input: R,
    output: W,
    explain: Option<&mut dyn EventSink>,
    declared: Declared,
) -> Result<Report, Error> {
    let mut input = input;
    let (first, at_eof) = first_block(&mut input)?;
    let config = cleaner.config();
    let forced = config.encoding.or(declared.encoding);
    let declared_html = declared.html && config.input != html::InputFormat::Text;
    if declared_html || config.input.is_html(&first) {
        let page = html::read_page(
            first,
            at_eof,
            input,
            config.max_html_bytes,
            forced,
            config.html,
            block_rules(cleaner),
        )?;
        return clean_page(cleaner, page, output, explain);
    }
    let mut text = TextReader::with_first_block(input, first, at_eof, forced)?;
    let mut chain = Chain::new(cleaner, output, explain);
    let mut lines = LineSplitter::new(cleaner.config().max_line_bytes);
    let mut chunk = String::new();
    while text.next_chunk(&mut chunk)? {
        lines.push(&chunk, &mut |line| chain.line(line))?;
    }
    lines.finish(&mut |line| chain.line(line))?;
    let cut_rule = chain.cut_rule();
    let mut report = chain.finish()?;
    report.encoding = Some(text.encoding().name());
    report.bytes_in = text.bytes_in();
    report.invalid_sequences = text.invalid_sequences();
    report.large_cut = cut_rule.and_then(|rule| LargeCut::of(&report, rule));
    Ok(report)
}

/// Cleans one document that is already text (no decoding stage).
pub fn clean_text<W: Write>(cleaner: &Cleaner, text: &str, output: W) -> Result<Report, Error> {
    clean_text_explained(cleaner, text, output, None)
}

/// Like [`clean_text`], and hands every dropped line and repair to `explain`.
pub fn clean_text_explained<W: Write>(
    cleaner: &Cleaner,
    text: &str,
    output: W,
    explain: Option<&mut dyn EventSink>,
) -> Result<Report, Error> {
    if cleaner.config().input.is_html(text.as_bytes()) {
        let page = html::extract_str_with(text, cleaner.config().html, block_rules(cleaner))?;
        return clean_page(cleaner, page, output, explain);
    }
    let mut chain = Chain::new(cleaner, output, explain);
    let mut lines = LineSplitter::new(cleaner.config().max_line_bytes);
    lines.push(text, &mut |line| chain.line(line))?;
    lines.finish(&mut |line| chain.line(line))?;
    let cut_rule = chain.cut_rule();
    let mut report = chain.finish()?;
    report.bytes_in = text.len() as u64;
    report.large_cut = cut_rule.and_then(|rule| LargeCut::of(&report, rule));
    Ok(report)
}

/// The block rules of the rule book, or with the boilerplate stage off, the built-in ones:
/// the front-end's decision does not change with `--keep-boilerplate`.
fn block_rules(cleaner: &Cleaner) -> &html::BlockRules {
    match cleaner.rules() {
        Some(book) => book.block_rules(),
        None => html::builtin_block_rules(),
    }
}

/// Cleans the article lines the HTML front-end chose from a page (from [`html::extract`] or
/// [`html::extract_str`]), as `--input html` does. The page's metadata is not read: take it
/// first to keep it.
pub fn clean_page<W: Write>(
    cleaner: &Cleaner,
    page: html::Page,
    output: W,
    explain: Option<&mut dyn EventSink>,
) -> Result<Report, Error> {
    let mut chain = Chain::new(cleaner, output, explain);
    chain.filter = cleaner.rules().map(|r| match page.layout_container {
        true => r.start_layout_document(page.headline_first),
        false => r.start_html_document(),
    });
    for decision in &page.decisions {
        chain.sink.event(&Event::Html(decision))?;
    }
    let mut lines = LineSplitter::new(cleaner.config().max_line_bytes);
    lines.push(&page.text, &mut |line| chain.line(line))?;
    lines.finish(&mut |line| chain.line(line))?;
    let cut_rule = chain.cut_rule();
    let mut report = chain.finish()?;
    report.encoding = page.encoding.map(|e| e.name());
    report.bytes_in = page.bytes_in;
    report.invalid_sequences = page.invalid_sequences;
    report.large_cut = cut_rule.and_then(|rule| LargeCut::of(&report, rule));
    report.metadata = Some(Box::new(html::Metadata {
        body: None,
        headlines: Vec::new(),
        ..page.metadata
    }));
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
    fn new(cleaner: &'c Cleaner, output: W, explain: Option<&'e mut dyn EventSink>) -> Self {
        Chain {
            repair: cleaner.repairer().map(|r| r.start_document()),
            filter: cleaner.rules().map(|r| r.start_document()),
            sink: Sink {
                out: std::io::BufWriter::with_capacity(64 * 1024, output),
                report: Report::default(),
                explain,
                blank: BlankLines::default(),
                space_pending: false,
                line_has_text: false,
                mid_line: false,
                spare: take_spare_buffers(),
                drop_run: (String::new(), 0),
            },
            fixes: Vec::new(),
            mid_line: false,
        }
    }

    fn line(&mut self, mut line: Line) -> Result<Option<String>, Error> {
        if self.dropped_unread(&line) {
            let filter = self.filter.as_mut().expect("only a filter cuts");
            filter.push(line, &mut |line, verdict| self.sink.accept(line, verdict))?;
            return Ok(self.sink.spare.pop());
        }
        if self.untouched_before_filter(&line) {
            self.hand_on(line)?;
            return Ok(self.sink.spare.pop());
        }
        self.repair(&mut line)?;
        self.split_at_line_ends(line)?;
        // The splitter reads the next line into the buffer of one written out.
        Ok(self.sink.spare.pop())
    }

    /// A NEL that repair did not read as a Windows-1252 ellipsis ends a line; so does a
    /// U+2028 or U+2029 that repair made (`â€¨`), as the splitter would on a second pass.
    fn split_at_line_ends(&mut self, mut line: Line) -> Result<(), Error> {
        if line_end_after_repair(&line.text).is_none() {
            return self.after_repair(line);
        }
        while let Some((at, end)) = line_end_after_repair(&line.text) {
            let tail = line.text[at + end.len_utf8()..].to_owned();
            line.text.truncate(at);
            let head = std::mem::replace(&mut line.text, tail);
            self.repair_part(Line {
                text: head,
                partial: false,
                ..line
            })?;
        }
        self.repair_part(line)
    }

    /// A part of a line that a repaired line end cut off is a line of its own on a second
    /// pass, and repair weighs a line's evidence as a whole: repair it again alone, so that
    /// cleaning the output changes nothing. Each split removes a character, so this ends.
    fn repair_part(&mut self, mut part: Line) -> Result<(), Error> {
        if self.repair(&mut part)? && line_end_after_repair(&part.text).is_some() {
            return self.split_at_line_ends(part);
        }
        self.after_repair(part)
    }

    fn after_repair(&mut self, mut line: Line) -> Result<(), Error> {
        let (trim_start, trim_end) = (!self.mid_line, !line.partial);
        // Removing an invisible character can join the halves of a mojibake sequence:
        // repair the joined text too, so that cleaning clean output changes nothing.
        if normalize_line(&mut line.text, trim_start, trim_end) && self.repair(&mut line)? {
            // The joined text can repair to a line end (`ß\u{ad}â€¨`): split it again. Each
            // split removes a character, so this ends.
            if line_end_after_repair(&line.text).is_some() {
                return self.split_at_line_ends(line);
            }
            normalize_line(&mut line.text, trim_start, trim_end);
        }
        self.hand_on(line)
    }

    /// Hands a repaired and normalized line to the filter (or, without one, the sink).
    fn hand_on(&mut self, line: Line) -> Result<(), Error> {
        self.mid_line = line.partial;
        match &mut self.filter {
            Some(filter) => {
                filter.push(line, &mut |line, verdict| self.sink.accept(line, verdict))?
            }
            None => self.sink.accept(line, Verdict::Keep)?,
        }
        Ok(())
    }

    /// A whole line that is ASCII, holds no `&` and has nothing to normalize: repair reads
    /// nothing in it (only `&` starts a repair in ASCII text), no line end can come out of
    /// it, and normalization leaves it as it is, so it goes straight to the filter. Most
    /// lines of a page are such lines; one pass over them replaces the stages' three.
    fn untouched_before_filter(&self, line: &Line) -> bool {
        !line.partial && !self.mid_line && plain_ascii_without(&line.text, b'&')
    }

    /// After a cut the rest of the document is dropped: a whole line there is not worth
    /// repairing or normalizing (most of a long comment thread, or of a stream of pages
    /// with no separator). `--explain` still shows it cleaned; a piece of an over-long
    /// line is kept, so it is cleaned.
    fn dropped_unread(&self, line: &Line) -> bool {
        self.sink.explain.is_none()
            && !line.partial
            && !self.mid_line
            && self.filter.as_ref().is_some_and(|f| f.is_cut())
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
            self.sink.report.language = filter.language();
        }
        self.sink.count_drop_run();
        self.sink.out.flush()?;
        keep_spare_buffers(std::mem::take(&mut self.sink.spare));
        Ok(self.sink.report)
    }

    /// The id of the cut rule that fired, if any.
    fn cut_rule(&self) -> Option<&'c str> {
        self.filter.as_ref().and_then(DocumentFilter::cut_rule)
    }
}

/// The first character that ends a line found after repair, and where.
fn line_end_after_repair(text: &str) -> Option<(usize, char)> {
    // By their last byte (C2 85, E2 80 A8, E2 80 A9): most lines have none of the three,
    // and most are ASCII, which a word-at-a-time test tells faster than the search.
    let bytes = text.as_bytes();
    if bytes.is_ascii() {
        return None;
    }
    memchr::memchr3_iter(0x85, 0xA8, 0xA9, bytes).find_map(|i| match (bytes[i], &bytes[..i]) {
        (0x85, [.., 0xC2]) => Some((i - 1, '\u{85}')),
        (0xA8, [.., 0xE2, 0x80]) => Some((i - 2, '\u{2028}')),
        (0xA9, [.., 0xE2, 0x80]) => Some((i - 2, '\u{2029}')),
        _ => None,
    })
}

/// The write stage: UTF-8, `\n` line ends, blank runs collapsed, counts and `--explain`.
struct Sink<'e, W: Write> {
    out: std::io::BufWriter<W>,
    report: Report,
    explain: Option<&'e mut dyn EventSink>,
    blank: BlankLines,
    /// The last piece written ended in a space, held back until more text follows it.
    space_pending: bool,
    /// Text of the line in progress (an over-long one, in pieces) has been written.
    line_has_text: bool,
    /// The last line handed in was a piece of an over-long line that goes on.
    mid_line: bool,
    /// Buffers of lines written out or dropped, for the splitter to read lines into.
    spare: Vec<String>,
    /// The rule of the last lines dropped and how many of them the report has not counted
    /// yet: lines are dropped in runs by one rule, and the report counts them by the rule's
    /// id in a sorted map (a string comparison at each level).
    drop_run: (String, u64),
}

/// Spare line buffers kept at most, and the largest kept. The filter releases the lines of
/// its window in runs and at the end of a document, so the spares cover a window's worth.
/// A buffer keeps its capacity when reused, and the filter holds hundreds of lines: reusing
/// large ones let the memory of its window creep up to the largest lines seen (a 1 GiB
/// stream grew by megabytes), so only buffers of short lines, most lines, are kept.
const SPARE_BUFFERS: usize = crate::rules::filter::WINDOW_LINES;
const SPARE_BYTES: usize = 1 << 10;

impl<W: Write> Sink<'_, W> {
    fn event(&mut self, event: &Event<'_>) -> std::io::Result<()> {
        self.report.record(event);
        match &mut self.explain {
            Some(explain) => explain.event(event),
            None => Ok(()),
        }
    }

    /// Counts a line dropped by `rule` (without `--explain`, the report is all that sees it).
    fn count_drop(&mut self, rule: &str) {
        if self.drop_run.1 > 0 && self.drop_run.0 == rule {
            self.drop_run.1 += 1;
            return;
        }
        self.count_drop_run();
        self.drop_run.0.clear();
        self.drop_run.0.push_str(rule);
        self.drop_run.1 = 1;
    }

    /// Adds the run of dropped lines not counted yet to the report.
    fn count_drop_run(&mut self) {
        let (rule, lines) = &mut self.drop_run;
        if *lines == 0 {
            return;
        }
        match self.report.dropped.get_mut(rule.as_str()) {
            Some(count) => *count += *lines,
            None => {
                self.report.dropped.insert(rule.clone(), *lines);
            }
        }
        *lines = 0;
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
        let continues = std::mem::replace(&mut self.mid_line, line.partial);
        if let Verdict::Drop(rule) = verdict {
            if self.explain.is_none() {
                self.count_drop(rule);
                return Ok(());
            }
            return self.event(&Event::Dropped {
                line: line.number,
                rule,
                text: &line.text,
            });
        }
        let mut text = line.text.as_str();
        // A piece that goes on a line with nothing written yet starts it: no leading space.
        if self.space_pending || (continues && !self.line_has_text) {
            text = text.strip_prefix(' ').unwrap_or(text);
        }
        // A line none of whose pieces has text is blank, as the whole line would be; the
        // last piece of a line with text, even empty once trimmed, ends that line.
        if text.is_empty() && !self.line_has_text {
            if !line.partial {
                self.blank.before(true);
                self.space_pending = false;
            }
            return Ok(());
        }
        let Some(blanks) = self.blank.before(false) else {
            return Ok(());
        };
        for _ in 0..blanks {
            self.out.write_all(b"\n")?;
        }
        // A space at the end of a piece is written only once more text follows it on the
        // line: the end of the line trims it, as a second pass would.
        let (body, space_after) = match line.partial {
            true => text.strip_suffix(' ').map_or((text, false), |t| (t, true)),
            false => (text, false),
        };
        let pending = std::mem::take(&mut self.space_pending);
        let space_before = pending && !body.is_empty();
        if space_before {
            self.out.write_all(b" ")?;
        }
        self.out.write_all(body.as_bytes())?;
        self.space_pending = line.partial && (space_after || (pending && body.is_empty()));
        self.line_has_text = line.partial && (self.line_has_text || !body.is_empty());
        if !line.partial {
            self.out.write_all(b"\n")?;
            self.report.lines_out += 1;
        }
        let written = usize::from(space_before) + body.len() + blanks + usize::from(!line.partial);
        self.report.bytes_out += written as u64;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::{Cleaner, Config, Explainer, Report};

    const COMMENTS: usize = 600;

    /// A short article, a comment section, and a long run of comments in mojibake.
    fn article_then_comments() -> String {
        let mut lines = vec![
            "Town council approves budget".to_owned(),
            "The council met on Tuesday to discuss the new budget, which includes money for roads, schools and the library.".to_owned(),
            "Members argued for three hours before the vote, and several residents spoke against the plan to close a fire station.".to_owned(),
            "The mayor said the final figures were lower than last year because the town had repaid a large loan in the spring.".to_owned(),
            "Opposition councillors warned that the savings would not last, pointing to rising energy prices and a growing waiting list.".to_owned(),
            "A public meeting on the spending plan will be held next month in the hall of the primary school on Church Street.".to_owned(),
            "Comments".to_owned(),
        ];
        lines.extend((0..COMMENTS).map(|i| {
            format!("Reader {i} wrote: the mayor\u{e2}\u{20ac}\u{2122}s plan won\u{e2}\u{20ac}\u{2122}t fix the roads.")
        }));
        lines.join("\n") + "\n"
    }

    fn clean(cleaner: &Cleaner, text: &str, explain: bool) -> (String, Report, String) {
        let (mut out, mut explained) = (Vec::new(), Vec::new());
        let report = match explain {
            true => cleaner.clean_reader_explained(
                text.as_bytes(),
                &mut out,
                Explainer {
                    source: "-".into(),
                    out: &mut explained,
                },
            ),
            false => cleaner.clean_reader(text.as_bytes(), &mut out),
        }
        .unwrap();
        let text = |bytes| String::from_utf8(bytes).unwrap();
        (text(out), report, text(explained))
    }

    /// The buffers of one document's short lines are kept, up to a window's worth, for the
    /// next document the thread cleans; a long line's buffer is not.
    #[test]
    fn line_buffers_are_kept_for_the_next_document() {
        use super::{SPARE_BUFFERS, SPARE_BYTES};
        use crate::lines::take_spare_buffers;
        let cleaner = Cleaner::new(Config::default()).unwrap();
        take_spare_buffers();
        let mut text = "short line\n".repeat(2 * SPARE_BUFFERS);
        text.push_str(&"long ".repeat(SPARE_BYTES));
        crate::pipeline::clean_text(&cleaner, &text, Vec::new()).unwrap();
        let spare = take_spare_buffers();
        assert!(
            !spare.is_empty() && spare.len() <= SPARE_BUFFERS,
            "{}",
            spare.len()
        );
        assert!(spare.iter().all(|b| b.capacity() <= SPARE_BYTES));
        assert!(take_spare_buffers().is_empty());
    }

    /// Lines after a cut are dropped without being repaired, yet counted and dropped by the
    /// cut's rule; `--explain` still shows them cleaned.
    #[test]
    fn the_rest_after_a_cut_is_dropped_unrepaired_unless_explained() {
        let cleaner = Cleaner::new(Config::default()).unwrap();
        let text = article_then_comments();
        let (out, report, _) = clean(&cleaner, &text, false);
        assert!(out.starts_with("Town council approves budget\n"), "{out}");
        assert!(
            !out.contains("Comments") && !out.contains("Reader"),
            "{out}"
        );
        let cut = |r: &Report| {
            let (id, n) = r.dropped.iter().max_by_key(|(_, n)| **n).unwrap();
            assert!(id.contains("comments"), "{:?}", r.dropped);
            *n
        };
        let repairs = |r: &Report| r.repairs.values().sum::<u64>();
        assert_eq!(cut(&report), COMMENTS as u64 + 1);
        // The comments still in the filter's window when the cut fired were repaired.
        assert!(repairs(&report) < COMMENTS as u64, "{:?}", report.repairs);

        let (out_explained, explained_report, explained) = clean(&cleaner, &text, true);
        assert_eq!(out_explained, out);
        assert_eq!(cut(&explained_report), COMMENTS as u64 + 1);
        assert!(repairs(&explained_report) >= 2 * COMMENTS as u64);
        assert!(explained.contains("Reader 599 wrote: the mayor’s plan won’t fix"));
        assert_eq!(explained_report.lines_in, report.lines_in);
    }

    /// A library's own sink gets the events `--explain` prints, one for one, in order.
    #[test]
    fn an_event_sink_gets_what_explain_prints() {
        struct Lines(Vec<String>);
        impl crate::report::EventSink for Lines {
            fn event(&mut self, event: &crate::report::Event<'_>) -> std::io::Result<()> {
                self.0.push(format!("-: {event}"));
                Ok(())
            }
        }
        let cleaner = Cleaner::new(Config::default()).unwrap();
        let text = article_then_comments();
        let (out, report, explained) = clean(&cleaner, &text, true);
        let mut sink = Lines(Vec::new());
        let mut sunk = Vec::new();
        let sunk_report =
            super::clean_text_explained(&cleaner, &text, &mut sunk, Some(&mut sink)).unwrap();
        assert_eq!(String::from_utf8(sunk).unwrap(), out);
        assert_eq!(sink.0, explained.lines().collect::<Vec<_>>());
        assert!(sink.0.len() > COMMENTS);
        assert_eq!(sunk_report.dropped, report.dropped);
    }

    #[test]
    fn a_line_whose_pieces_have_no_text_is_blank() {
        // Over-long at 16 bytes: a space, then a NEL that ends the (empty) first line.
        let cleaner = Cleaner::new(
            Config::default()
                .with_max_line_bytes(16)
                .with_repair(false)
                .with_boilerplate(false),
        )
        .unwrap();
        let once = cleaner.clean_str(" \u{85}aaAaAAaAAaaAaaA");
        assert_eq!(once, "aaAaAAaAAaaAaaA\n");
        assert_eq!(cleaner.clean_str(&once), once);
    }

    #[test]
    fn a_line_end_made_by_repairing_joined_text_ends_the_line() {
        // Normalization removes the soft hyphen, and the joined `â€¨` repairs to U+2028.
        let cleaner = Cleaner::new(Config::default().with_boilerplate(false)).unwrap();
        let once = cleaner.clean_str("ß\u{ad}â€¨x\n");
        assert!(!once.contains('\u{2028}'), "{once:?}");
        assert_eq!(cleaner.clean_str(&once), once);
    }
}
