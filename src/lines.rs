//! Splits decoded text into lines. CRLF, CR, LF, U+2028 and U+2029 all end a line. NEL
//! (U+0085) is left to the pipeline, which splits on it after mojibake repair: in scraped text
//! a lone U+0085 is far more often a Windows-1252 ellipsis read as Latin-1 than a line end.
//! A line longer than the cap is handed on in pieces so memory stays bounded.

use std::cell::Cell;

/// One line (or one piece of an over-long line) as it moves down the pipeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub text: String,
    /// 1-based number of the input line this came from.
    pub number: u64,
    /// More of the same input line follows in the next `Line`.
    pub partial: bool,
}

/// The default cap on one line piece: a 1 GiB file with no newline still runs in bounded memory.
/// Repair keeps about ten bytes per character of a piece while it works on it, and the filter
/// holds a few pieces: at 128 KiB a line of any length runs in about 15 MiB. An over-long line
/// is cut where a second pass cuts its output again (see [`ContentSeams`]), so that repair,
/// which weighs the evidence of one piece, reads the same pieces both times.
pub const MAX_LINE_BYTES: usize = 1 << 17;

thread_local! {
    /// Buffers of lines done with, kept from one document to the next on this thread.
    /// Most documents of a stream are pages of a few dozen short lines: without this every
    /// line of every page would be a new allocation.
    static SPARE_BUFFERS: Cell<Vec<String>> = const { Cell::new(Vec::new()) };
}

/// Takes this thread's spare line buffers (see [`keep_spare_buffers`]).
pub fn take_spare_buffers() -> Vec<String> {
    SPARE_BUFFERS.with(Cell::take)
}

/// Keeps line buffers for the next document this thread cleans.
pub fn keep_spare_buffers(buffers: Vec<String>) {
    SPARE_BUFFERS.with(|spare| spare.set(buffers));
}

pub struct LineSplitter {
    pending: String,
    max: usize,
    number: u64,
    /// The last chunk ended in `\r`, so a `\n` at the start of the next one is part of it.
    after_cr: bool,
    /// The line in `pending` already had a piece handed on.
    continued: bool,
    seams: ContentSeams,
}

impl LineSplitter {
    pub fn new(max_line_bytes: usize) -> Self {
        LineSplitter {
            pending: String::new(),
            max: max_line_bytes.max(16),
            number: 0,
            after_cr: false,
            continued: false,
            seams: ContentSeams::new(max_line_bytes.max(16)),
        }
    }

    /// Feeds a chunk of text; calls `emit` for each line it completes. `emit` may hand back
    /// the buffer of a line it is done with: the next line is read into it, so that lines
    /// do not cost an allocation each.
    pub fn push<E>(
        &mut self,
        chunk: &str,
        emit: &mut impl FnMut(Line) -> Result<Option<String>, E>,
    ) -> Result<(), E> {
        let mut rest = chunk;
        if self.after_cr {
            self.after_cr = false;
            rest = rest.strip_prefix('\n').unwrap_or(rest);
        }
        while let Some((end, term_len)) = find_line_end(rest) {
            let (text, after) = (&rest[..end], &rest[end..]);
            self.append(text, emit)?;
            self.finish_line(emit)?;
            let mut skip = term_len;
            if after.as_bytes()[0] == b'\r' {
                match after.as_bytes().get(1) {
                    Some(b'\n') => skip = 2,
                    None => self.after_cr = true,
                    _ => {}
                }
            }
            rest = &after[skip..];
        }
        self.append(rest, emit)
    }

    /// Hands on the last line, if the text did not end with a line break.
    pub fn finish<E>(
        &mut self,
        emit: &mut impl FnMut(Line) -> Result<Option<String>, E>,
    ) -> Result<(), E> {
        if !self.pending.is_empty() || self.continued {
            self.finish_line(emit)?;
        }
        Ok(())
    }

    fn append<E>(
        &mut self,
        mut text: &str,
        emit: &mut impl FnMut(Line) -> Result<Option<String>, E>,
    ) -> Result<(), E> {
        if !self.continued && self.pending.len() + text.len() <= self.max {
            self.pending.push_str(text);
            if !self.seams.enough_in(self.pending.as_bytes()) {
                return Ok(());
            }
            text = "";
        }
        // An over-long line: cut from its start at every content seam (see
        // [`ContentSeams`]), and where a piece fills up with none, at the old seam.
        loop {
            let mut take = (self.max - self.pending.len()).min(text.len());
            while !text.is_char_boundary(take) {
                take -= 1;
            }
            self.pending.push_str(&text[..take]);
            text = &text[take..];
            while let Some(cut) = self.seams.next_in(self.pending.as_bytes()) {
                let rest = self.pending.split_off(cut);
                let piece = std::mem::replace(&mut self.pending, rest);
                self.emit_piece(piece, emit)?;
            }
            if text.is_empty() {
                return Ok(());
            }
            if take == 0 {
                // The piece is full and holds no content seam.
                let piece = match seam_in(self.pending.as_bytes()) {
                    Some(cut) => {
                        let rest = self.pending.split_off(cut);
                        std::mem::replace(&mut self.pending, rest)
                    }
                    None => std::mem::take(&mut self.pending),
                };
                self.seams.restart();
                self.emit_piece(piece, emit)?;
            }
        }
    }

    fn emit_piece<E>(
        &mut self,
        piece: String,
        emit: &mut impl FnMut(Line) -> Result<Option<String>, E>,
    ) -> Result<(), E> {
        if !self.continued {
            self.number += 1;
        }
        self.continued = true;
        let spare = emit(Line {
            text: piece,
            number: self.number,
            partial: true,
        })?;
        if self.pending.is_empty() {
            self.reuse(spare);
        }
        Ok(())
    }

    fn finish_line<E>(
        &mut self,
        emit: &mut impl FnMut(Line) -> Result<Option<String>, E>,
    ) -> Result<(), E> {
        if !self.continued {
            self.number += 1;
        }
        self.continued = false;
        self.seams.new_line();
        let text = std::mem::take(&mut self.pending);
        let spare = emit(Line {
            text,
            number: self.number,
            partial: false,
        })?;
        self.reuse(spare);
        Ok(())
    }

    /// Reads the next line into a buffer handed back, if there is one.
    fn reuse(&mut self, spare: Option<String>) {
        if let Some(mut buffer) = spare {
            buffer.clear();
            self.pending = buffer;
        }
    }
}

/// The last good place to cut in the last 4 KiB of `bytes` (a space, else between two ASCII characters: never inside a mojibake sequence).
fn seam_in(bytes: &[u8]) -> Option<usize> {
    let start = bytes.len().saturating_sub(4096);
    let window = &bytes[start..];
    let after_space = memchr::memrchr(b' ', window).map(|i| i + 1);
    let between_ascii = || {
        window
            .windows(2)
            .rposition(|w| w[0].is_ascii() && w[1].is_ascii())
            .map(|i| i + 1)
    };
    after_space
        .or_else(between_ascii)
        .map(|i| start + i)
        .filter(|&i| i > 0)
}

/// Where an over-long line is cut: after the spaces between two plain words, chosen by the
/// letters before them, never by an offset. A second pass reads the output, where repair has
/// made the line shorter, and finds the same seams again: repair and normalization keep ASCII
/// letters and digits as they are and make one space of a run of spaces, so a piece of the
/// output is the repair of a piece of the input, and repairing it again changes nothing. Cut
/// at an offset instead, a second pass would weigh each lossy repair's evidence over other
/// pieces, and could repair a little further.
///
/// A seam is the place after a run of spaces, tabs or no-break spaces (and of invisible
/// characters normalization removes), with an ASCII letter or digit on either side (a full stop, comma, `!` or `?` may come between the word before and
/// its spaces). Every seam would make pieces of a word or two: one is taken when a
/// hash of the (up to eight) letters before its spaces falls in one of `every` buckets, and at
/// least `every / 2` seams have passed since the last cut, so that pieces are about
/// `every * 1.5` words long whatever the text, and a repeated word cannot make them shorter.
#[derive(Debug)]
struct ContentSeams {
    /// Seams chosen one in this many (a power of two).
    every: u64,
    /// Bytes of the text held that have been looked at.
    scanned: usize,
    /// Seams passed since the last cut.
    passed: u64,
    /// Seams that make a line that fits in a piece over-long (see [`ContentSeams::enough_in`]).
    many: usize,
    /// Seams counted in the line held, and how far it was looked at.
    counted: usize,
    counted_to: usize,
}

impl ContentSeams {
    fn new(max: usize) -> Self {
        ContentSeams {
            every: (max as u64 / 256).max(1).next_power_of_two(),
            scanned: 0,
            passed: 0,
            many: max / 16,
            counted: 0,
            counted_to: 0,
        }
    }

    /// The text held starts a new piece (after a cut that was not at a seam, or a line end).
    fn restart(&mut self) {
        self.scanned = 0;
        self.passed = 0;
    }

    /// The next seam in `text` (the text held, which starts where the last piece ended),
    /// looking on from where the last call stopped; the scan starts again after it.
    fn next_in(&mut self, text: &[u8]) -> Option<usize> {
        for at in self.scanned.max(1)..text.len() {
            let Some(hash) = seam_hash(text, at) else {
                continue;
            };
            self.passed += 1;
            if self.passed > self.every / 2 && (hash >> 32) % self.every == 0 {
                self.restart();
                return Some(at);
            }
        }
        self.scanned = text.len().max(1);
        None
    }

    /// Whether a line not yet cut (`text`, held whole) has so many seams that it is cut
    /// although it fits in a piece: one a sixteenth of the piece size. A line that cleaning
    /// brings under the piece size keeps its seams, so a second pass cuts it too, at the same
    /// seams, and neither repair nor the rules read it whole one time and in pieces the next.
    /// A seam takes two bytes at least: shorter lines, most, are not looked at.
    fn enough_in(&mut self, text: &[u8]) -> bool {
        if text.len() < 2 * self.many {
            return false;
        }
        self.counted += (self.counted_to.max(1)..text.len())
            .filter(|&at| seam_hash(text, at).is_some())
            .count();
        self.counted_to = text.len();
        self.counted >= self.many
    }

    /// A new line starts.
    fn new_line(&mut self) {
        self.restart();
        self.counted = 0;
        self.counted_to = 0;
    }
}

/// The hash of the word before the seam at `at` (see [`ContentSeams`]), if there is one.
fn seam_hash(text: &[u8], at: usize) -> Option<u64> {
    if !text.get(at).is_some_and(u8::is_ascii_alphanumeric) || space_before(text, at) == 0 {
        return None;
    }
    // The run holds a space a second pass still sees (a soft hyphen alone joins two words).
    let (mut end, mut spaced) = (at, false);
    while let n @ 1.. = space_before(text, end) {
        spaced |= invisible_before(text, end) == 0;
        end -= n;
    }
    if !spaced {
        return None;
    }
    // A full stop or comma may end the word.
    if end > 0 && matches!(text[end - 1], b'.' | b',' | b'!' | b'?') {
        end -= 1;
    }
    // Up to eight letters or digits before, read past what normalization removes (a soft
    // hyphen inside a word): the letters a second pass sees.
    let mut letters = [0u8; 8];
    let mut n = 0;
    while n < letters.len() && end > 0 {
        if text[end - 1].is_ascii_alphanumeric() {
            letters[n] = text[end - 1];
            n += 1;
            end -= 1;
            continue;
        }
        match invisible_before(text, end) {
            0 => break,
            len => end -= len,
        }
    }
    (n > 0).then(|| {
        letters[..n]
            .iter()
            .rev()
            .fold(0xcbf2_9ce4_8422_2325_u64, |h, &b| {
                (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
            })
    })
}

/// The length of the space, tab or no-break space that ends just before `at`, or of a
/// character normalization removes (which a second pass does not see); 0 if none.
fn space_before(text: &[u8], at: usize) -> usize {
    match at.checked_sub(1).map(|i| text[i]) {
        Some(b' ' | b'\t') => 1,
        Some(0xA0) if at >= 2 && text[at - 2] == 0xC2 => 2,
        _ => invisible_before(text, at),
    }
}

/// The length of a soft hyphen, zero width space, word joiner or BOM ending just before
/// `at` (characters normalization removes), or 0.
fn invisible_before(text: &[u8], at: usize) -> usize {
    const INVISIBLE: [&[u8]; 4] = [
        b"\xC2\xAD",
        b"\xE2\x80\x8B",
        b"\xE2\x81\xA0",
        b"\xEF\xBB\xBF",
    ];
    INVISIBLE
        .into_iter()
        .find(|seq| at >= seq.len() && &text[at - seq.len()..at] == *seq)
        .map_or(0, <[u8]>::len)
}

/// Finds the first line terminator: its byte offset and length. A `\r` is reported alone;
/// the caller joins it with a following `\n`.
fn find_line_end(s: &str) -> Option<(usize, usize)> {
    let bytes = s.as_bytes();
    let mut from = 0;
    while let Some(i) = memchr::memchr3(b'\n', b'\r', 0xE2, &bytes[from..]).map(|i| i + from) {
        if bytes[i] != 0xE2 {
            return Some((i, 1));
        }
        // U+2028 and U+2029 are E2 80 A8 / E2 80 A9.
        if bytes.get(i + 1) == Some(&0x80) && matches!(bytes.get(i + 2), Some(0xA8 | 0xA9)) {
            return Some((i, 3));
        }
        from = i + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn handed_back_buffers_are_cleared_and_reused() {
        let mut out = Vec::new();
        let mut splitter = LineSplitter::new(1 << 20);
        let mut emit = |l: Line| -> Result<Option<String>, ()> {
            out.push(l.text);
            Ok(Some(String::from("left over from an earlier line")))
        };
        splitter.push("one\ntwo\nthree", &mut emit).unwrap();
        splitter.finish(&mut emit).unwrap();
        assert_eq!(out, ["one", "two", "three"]);
    }

    fn split(chunks: &[&str], max: usize) -> Vec<(String, u64, bool)> {
        let mut out = Vec::new();
        let mut splitter = LineSplitter::new(max);
        let mut emit = |l: Line| -> Result<Option<String>, ()> {
            out.push((l.text, l.number, l.partial));
            Ok(None)
        };
        for c in chunks {
            splitter.push(c, &mut emit).unwrap();
        }
        splitter.finish(&mut emit).unwrap();
        out
    }

    fn texts(chunks: &[&str]) -> Vec<String> {
        split(chunks, MAX_LINE_BYTES)
            .into_iter()
            .map(|l| l.0)
            .collect()
    }

    #[test]
    fn every_line_break_kind() {
        assert_eq!(
            texts(&["a\r\nb\rc\nd\u{2028}e\u{2029}f\u{85}g"]),
            ["a", "b", "c", "d", "e", "f\u{85}g"]
        );
    }

    /// A chunk that ends a piece with no space in it: the seam goes back to the last space
    /// in the text already held, never between a word and its mojibake (`won|ât`).
    #[test]
    fn a_seam_goes_back_to_the_last_space_held() {
        assert_eq!(
            split(&["aaaaaaaaaa won", "ât"], 16),
            [
                ("aaaaaaaaaa ".to_owned(), 1, true),
                ("wonât".to_owned(), 1, false)
            ]
        );
    }

    #[test]
    fn crlf_split_across_chunks_is_one_break() {
        assert_eq!(texts(&["a\r", "\nb\r", "c\n"]), ["a", "b", "c"]);
    }

    #[test]
    fn no_final_newline_still_gives_the_last_line() {
        assert_eq!(texts(&["one\ntwo"]), ["one", "two"]);
        assert!(texts(&[""]).is_empty());
    }

    #[test]
    fn curly_quotes_are_not_line_breaks() {
        assert_eq!(texts(&["won’t “go” … \u{2026}"]), ["won’t “go” … \u{2026}"]);
    }

    /// An over-long line is cut from its start after the spaces between two plain words; the
    /// same text made shorter (as repair makes it) is cut at the same words.
    #[test]
    fn over_long_lines_are_cut_at_seams_found_again_in_shorter_text() {
        let words_per_piece = |text: &str| -> Vec<usize> {
            split(&[text], 48)
                .into_iter()
                .map(|(piece, _, _)| piece.split_whitespace().count())
                .collect()
        };
        let garbled =
            "The cafÃ© wonât open, Ã  la carte. The maÃ®tre dâ€™s menu, two â€œstarsâ€\u{9d}. Then";
        let repaired = "The café won’t open, à la carte. The maître d’s menu, two “stars”. Then";
        assert!(split(&[repaired], 48).len() > 2);
        assert_eq!(words_per_piece(garbled), words_per_piece(repaired));
        // A soft hyphen alone is no seam (a second pass sees one word), beside a space it is.
        let hyphenated =
            "The Bundes\u{ad}regierung wants a new law, the Bundes\u{ad} regierung said.";
        let plain = "The Bundesregierung wants a new law, the Bundes regierung said.";
        assert_eq!(words_per_piece(hyphenated), words_per_piece(plain));
        // A piece with no seam at all is still cut, at a space or between ASCII characters.
        let lines = split(&[&"Ã©".repeat(40)], 48);
        assert!(lines.len() > 1 && lines.iter().all(|l| l.0.len() <= 48));
        assert_eq!(
            lines.iter().map(|l| l.0.as_str()).collect::<String>(),
            "Ã©".repeat(40)
        );
    }

    #[test]
    fn long_lines_come_in_numbered_pieces() {
        let long = "word ".repeat(100);
        let lines = split(&[&long, "\nnext"], 64);
        assert!(lines.len() > 2);
        assert!(lines[..lines.len() - 2].iter().all(|l| l.2 && l.1 == 1));
        assert_eq!(lines.last().unwrap(), &("next".to_string(), 2, false));
        let joined: String = lines[..lines.len() - 1]
            .iter()
            .map(|l| l.0.as_str())
            .collect();
        assert_eq!(joined, long);
        assert!(lines.iter().all(|l| l.0.len() <= 64));
    }
}
