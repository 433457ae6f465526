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
/// holds a few pieces: at 128 KiB a line of any length runs in about 15 MiB. (A cut is a
/// seam: lossy repairs weigh the evidence of their piece, so a garbled line of many
/// megabytes can read a lost quote differently at another size.)
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
}

impl LineSplitter {
    pub fn new(max_line_bytes: usize) -> Self {
        LineSplitter {
            pending: String::new(),
            max: max_line_bytes.max(16),
            number: 0,
            after_cr: false,
            continued: false,
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
        while self.pending.len() + text.len() > self.max {
            let room = self.max - self.pending.len();
            let piece = match piece_boundary(text, room) {
                Some(cut) => {
                    self.pending.push_str(&text[..cut]);
                    text = &text[cut..];
                    std::mem::take(&mut self.pending)
                }
                // No seam near the end of the new text: the last one in the text held.
                None => match seam_in(self.pending.as_bytes()) {
                    Some(cut) => {
                        let rest = self.pending.split_off(cut);
                        std::mem::replace(&mut self.pending, rest)
                    }
                    None => {
                        let cut = char_cut(text, room, self.pending.is_empty());
                        self.pending.push_str(&text[..cut]);
                        text = &text[cut..];
                        std::mem::take(&mut self.pending)
                    }
                },
            };
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
        }
        self.pending.push_str(text);
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

/// Where to cut an over-long line within the first `room` bytes of `text`: after a space
/// near the end (so no word is split), else between two ASCII characters (a mojibake
/// sequence is a run of non-ASCII characters, and its repair reads the letters on either
/// side: cut there, the two pieces would be read differently than on a second pass).
/// `None` if there is no such place in the last 4 KiB before `room`.
fn piece_boundary(text: &str, room: usize) -> Option<usize> {
    let mut cut = room.min(text.len());
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    let start = cut.saturating_sub(4096);
    seam_in(&text.as_bytes()[start..cut]).map(|i| start + i)
}

/// The last good place to cut in the last 4 KiB of `bytes` (see [`piece_boundary`]).
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

/// A cut at a character boundary within `room`, at least one character if nothing is held.
fn char_cut(text: &str, room: usize, nothing_held: bool) -> usize {
    let mut cut = room.min(text.len());
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    match cut {
        0 if nothing_held => text.chars().next().map_or(0, char::len_utf8),
        cut => cut,
    }
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
