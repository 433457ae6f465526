//! A character class tested one character at a time, outside any regex: the characters a
//! rule's `^[^\p{L}]*` skips, or the run its `[\p{L} .,-]{1,60}$` allows at the line's end.
//! Such classes are most of their pattern's automaton, and the simple loop here does their
//! part of the work (see `literals::split_first_letter` and `tail`).

use regex_syntax::hir::Class;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CharClass {
    /// Bit `b`: ASCII character `b` is in the class.
    ascii: u128,
    /// The class's ranges beyond ASCII, sorted.
    ranges: Vec<(char, char)>,
}

impl CharClass {
    /// The class of a pattern (a byte class holds ASCII only in the patterns rules compile).
    pub fn of(class: &Class) -> CharClass {
        let ranges: Vec<(char, char)> = match class {
            Class::Unicode(class) => class
                .ranges()
                .iter()
                .map(|r| (r.start(), r.end()))
                .collect(),
            Class::Bytes(class) => class
                .ranges()
                .iter()
                .map(|r| (char::from(r.start()), char::from(r.end())))
                .collect(),
        };
        let mut ascii = 0u128;
        for &(a, b) in &ranges {
            for c in u32::from(a)..=u32::from(b).min(127) {
                ascii |= 1 << c;
            }
        }
        let ranges = ranges
            .into_iter()
            .filter(|&(_, b)| !b.is_ascii())
            .map(|(a, b)| (a.max('\u{80}'), b))
            .collect();
        CharClass { ascii, ranges }
    }

    pub fn contains(&self, c: char) -> bool {
        if c.is_ascii() {
            return self.ascii & (1 << u32::from(c)) != 0;
        }
        self.covers(c, c)
    }

    /// Whether every character from `start` to `end`, all beyond ASCII, is in the class.
    pub fn covers(&self, start: char, end: char) -> bool {
        debug_assert!(!start.is_ascii());
        let i = self.ranges.partition_point(|&(_, e)| e < start);
        self.ranges
            .get(i)
            .is_some_and(|&(s, e)| s <= start && end <= e)
    }

    /// The byte offset of the first character of `text` outside the class.
    pub fn run_end(&self, text: &str) -> usize {
        text.char_indices()
            .find(|&(_, c)| !self.contains(c))
            .map_or(text.len(), |(i, _)| i)
    }

    /// The byte offset where the run of characters of the class that ends `text` starts.
    pub fn run_start(&self, text: &str) -> usize {
        text.char_indices()
            .rev()
            .find(|&(_, c)| !self.contains(c))
            .map_or(0, |(i, c)| i + c.len_utf8())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn class(pattern: &str) -> CharClass {
        match regex_syntax::parse(pattern).unwrap().kind() {
            regex_syntax::hir::HirKind::Class(c) => CharClass::of(c),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn membership_matches_the_regex_class() {
        for pattern in [
            r"[^\p{L}]",
            r"(?i)[\p{L}\p{N} .,/&'’()-]",
            r"[a-c\x{7f}-\x{100}]",
            r"(?-u:[0-9])",
        ] {
            let cls = class(pattern);
            let re = regex::Regex::new(&format!("^{pattern}$")).unwrap();
            for c in [
                'a', 'Z', '0', ' ', '’', 'é', 'Ω', '中', '\u{7f}', '\u{80}', '\u{100}', '\u{101}',
                '-', '\n',
            ] {
                assert_eq!(
                    cls.contains(c),
                    re.is_match(c.encode_utf8(&mut [0; 4])),
                    "{pattern} {c:?}"
                );
            }
        }
    }
}
