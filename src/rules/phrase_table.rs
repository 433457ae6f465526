//! Whole-line phrase branches matched by a table of their phrases instead of a regex:
//! `^S*(?:share|print|e-?mail|copy\s+link)T*$`, the shape of most navigation, sharing and
//! legal-link rules, and of every `match = "line"` phrase rule. Such branches run on a good
//! part of all lines (their first letters pick them), and a regex run there is a walk over
//! one of a hundred separate lazy DFAs, stalling on memory at each byte; a lookup in a hash
//! set of a few dozen short strings is not.
//!
//! A branch is taken only when the table gives exactly the regex's answer on every line:
//!
//! - the middle expands to a bounded set of phrases made of ASCII characters that are not
//!   whitespace, letters folded as `(?i)` folds them (both cases, and `ſ`/`K` for `s`/`k`),
//!   and `\s+` between words; optional pieces (`e-?mail`) and alternations are expanded;
//! - pieces next to `S*` or `T*` that can match only nothing or characters of that class
//!   (`\s*[:*]?` before `[^\p{L}]*$`) are dropped: the class's run absorbs them;
//! - no phrase starts with a character of `S` or ends with one of `T`, so a match can only
//!   start where the line's run of `S` ends and only end where its final run of `T` starts;
//! - no phrase holds two `\s+` side by side or one at an edge, so each run of whitespace in
//!   the line is one `\s+` of the phrase.
//!
//! Anything else (a case-sensitive letter, a letter beyond ASCII, `\b`, `\S`, a counted
//! repetition) leaves the branch to its regex.

use regex_syntax::hir::{Class, ClassUnicode, Hir, HirKind, Look};

use super::charclass::CharClass;
use super::literals::ASCII_FOLD_TWINS;

/// A branch expanding to more phrases than this keeps its regex.
const MAX_PHRASES: usize = 4096;
/// The longest phrase kept, in bytes; lines are folded into a buffer of this size.
const MAX_PHRASE_BYTES: usize = 96;
/// A class of more characters than this is not a letter in its cases or a few signs.
const MAX_CLASS_CHARS: usize = 16;
/// How `\s+` is written in a phrase (no phrase holds a whitespace character of its own).
const SPACE: u8 = b' ';

/// The phrases of a `^S*(?:…)T*$` branch, folded as [`fold_hash`] folds a line, in an
/// open-addressing table keyed by the same hash: a line is folded and hashed in one pass
/// over its bytes, without building a string, and most lines are turned away by their
/// length or by the one slot their hash picks.
#[derive(Debug)]
pub struct PhraseTable {
    start: CharClass,
    end: CharClass,
    /// The phrases, each with its hash.
    phrases: Vec<(u64, Box<[u8]>)>,
    /// Index + 1 into `phrases` of the phrase in each slot, 0 for none; a power of two long.
    slots: Box<[u32]>,
    /// How far a hash is shifted right to give a slot.
    shift: u32,
    shortest: usize,
    longest: usize,
}

impl PhraseTable {
    /// The table of a branch, when it has the shape and the table is exact (module docs).
    pub fn of(hir: &Hir) -> Option<PhraseTable> {
        let shape = Shape::of(hir)?;
        let phrases = shape.phrases(shape.middle)?;
        Some(PhraseTable::new(shape.start, shape.end, phrases))
    }

    /// The table of phrases already checked against their branch's classes.
    fn new(start: CharClass, end: CharClass, mut phrases: Vec<Vec<u8>>) -> PhraseTable {
        phrases.sort_unstable();
        phrases.dedup();
        let bits = (phrases.len() * 2)
            .next_power_of_two()
            .trailing_zeros()
            .max(1);
        let mut slots = vec![0u32; 1 << bits].into_boxed_slice();
        let shift = 64 - bits;
        let mask = slots.len() - 1;
        let phrases: Vec<(u64, Box<[u8]>)> = phrases
            .into_iter()
            .map(|p| (hash_bytes(&p), p.into_boxed_slice()))
            .collect();
        for (k, (hash, _)) in phrases.iter().enumerate() {
            let mut i = (hash >> shift) as usize;
            while slots[i] != 0 {
                i = (i + 1) & mask;
            }
            slots[i] = u32::try_from(k + 1).expect("at most MAX_PHRASES phrases");
        }
        let shortest = phrases.iter().map(|(_, p)| p.len()).min().unwrap_or(0);
        let longest = phrases.iter().map(|(_, p)| p.len()).max().unwrap_or(0);
        PhraseTable {
            start,
            end,
            phrases,
            slots,
            shift,
            shortest,
            longest,
        }
    }

    /// Whether the branch's regex matches the line.
    pub fn is_match(&self, text: &str) -> bool {
        let from = self.start.run_end(text);
        let rest = &text[from..];
        let middle = &rest[..self.end.run_start(rest)];
        // A line folds to at most as many bytes as it has.
        if middle.len() < self.shortest {
            return false;
        }
        let mut buf = [0u8; MAX_PHRASE_BYTES];
        let Some((len, hash)) = fold_hash(middle, &mut buf[..self.longest]) else {
            return false;
        };
        len >= self.shortest && self.contains(hash, &buf[..len])
    }

    fn contains(&self, hash: u64, folded: &[u8]) -> bool {
        let mask = self.slots.len() - 1;
        let mut i = (hash >> self.shift) as usize;
        loop {
            let Some(k) = self.slots[i].checked_sub(1) else {
                return false;
            };
            let (h, phrase) = &self.phrases[k as usize];
            if *h == hash && **phrase == *folded {
                return true;
            }
            i = (i + 1) & mask;
        }
    }

    /// The phrases, folded (for tests).
    #[cfg(test)]
    pub fn phrases(&self) -> impl Iterator<Item = &[u8]> {
        self.phrases.iter().map(|(_, p)| &p[..])
    }
}

/// A branch `^S*M T*$` taken apart: `S`, `T`, and `M` without the pieces `S*` and `T*`
/// absorb.
struct Shape<'h> {
    start: CharClass,
    end: CharClass,
    middle: &'h [Hir],
    /// Where `middle` starts in the branch's concatenation.
    at: usize,
}

impl<'h> Shape<'h> {
    fn of(hir: &'h Hir) -> Option<Shape<'h>> {
        let HirKind::Concat(subs) = hir.kind() else {
            return None;
        };
        let [first, middle @ .., last] = subs.as_slice() else {
            return None;
        };
        if !matches!(first.kind(), HirKind::Look(Look::Start))
            || !matches!(last.kind(), HirKind::Look(Look::End))
        {
            return None;
        }
        let nothing = || CharClass::of(&Class::Unicode(ClassUnicode::empty()));
        let mut at = 1;
        let (start, middle) = match middle
            .split_first()
            .map(|(sub, rest)| (star_class(sub), rest))
        {
            Some((Some(class), rest)) => {
                at += 1;
                (class, rest)
            }
            Some((None, _)) => (nothing(), middle),
            None => return None,
        };
        let (end, mut middle) = match middle
            .split_last()
            .map(|(sub, rest)| (star_class(sub), rest))
        {
            Some((Some(class), rest)) => (class, rest),
            Some((None, _)) => (nothing(), middle),
            None => return None,
        };
        while let Some((sub, rest)) = middle.split_first() {
            if !absorbed(sub, &start) {
                break;
            }
            middle = rest;
            at += 1;
        }
        while let Some((sub, rest)) = middle.split_last() {
            if !absorbed(sub, &end) {
                break;
            }
            middle = rest;
        }
        Some(Shape {
            start,
            end,
            middle,
            at,
        })
    }

    /// The phrases of `middle` between this shape's classes, when a table of them is exact.
    fn phrases(&self, middle: &[Hir]) -> Option<Vec<Vec<u8>>> {
        // Most alternatives a table cannot take are told apart before any phrase is built.
        count_concat(middle)?;
        let phrases = expand_concat(middle)?;
        let edges_ok = |p: &Vec<u8>| {
            let (Some(&a), Some(&z)) = (p.first(), p.last()) else {
                return false;
            };
            a != SPACE
                && z != SPACE
                && !p.windows(2).any(|w| w == [SPACE, SPACE])
                && variants(a).all(|c| !self.start.contains(c))
                && variants(z).all(|c| !self.end.contains(c))
                && p.len() <= MAX_PHRASE_BYTES
        };
        phrases.iter().all(edges_ok).then_some(phrases)
    }
}

/// A branch and, when a table matches it exactly, that table: [`analysis::branches`]
/// builds each table once, and the matcher keeps it.
///
/// [`analysis::branches`]: super::analysis::branches
pub type Tabled = (Hir, Option<PhraseTable>);

/// A whole-line branch whose alternation holds both phrases a table takes and others
/// (`^S*(?:menu|site\s*map|search(?:\s+\S+)?|schließen)T*$`), as two branches: the same
/// line pattern around the alternatives the table takes, and around the rest. A line
/// matches one of the two exactly when it matches the branch; the first is looked up in a
/// table, and the second, with fewer first letters, reaches fewer lines. Each alternative
/// is expanded once, and its phrases go into the table as they are.
pub fn split_tabled(hir: Hir) -> Vec<Tabled> {
    let Some(shape) = Shape::of(&hir) else {
        return vec![(hir, None)];
    };
    let alternatives = match shape.middle {
        [alternation] => match alternation.kind() {
            HirKind::Alternation(alternatives) => alternatives,
            _ => return whole(hir),
        },
        _ => return whole(hir),
    };
    let mut takes = Vec::with_capacity(alternatives.len());
    let mut phrases = Vec::new();
    for alt in alternatives {
        let p = shape.phrases(std::slice::from_ref(alt));
        takes.push(p.is_some());
        phrases.extend(p.into_iter().flatten());
    }
    let taken = takes.iter().filter(|&&t| t).count();
    if phrases.len() > MAX_PHRASES || taken < 2 && taken < takes.len() {
        return vec![(hir, None)];
    }
    let (start, end, at) = (shape.start, shape.end, shape.at);
    let table = PhraseTable::new(start, end, phrases);
    // The whole alternation expands to the union of its alternatives' phrases.
    if taken == takes.len() {
        return vec![(hir, Some(table))];
    }
    // The parts are moved, not copied: a copy of a syntax tree is most of what a split costs.
    let HirKind::Concat(mut subs) = hir.into_kind() else {
        unreachable!("a shape is a concatenation")
    };
    let middle = std::mem::replace(&mut subs[at], Hir::empty());
    let HirKind::Alternation(alternatives) = middle.into_kind() else {
        unreachable!("the shape's middle is an alternation")
    };
    let (tabled, rest): (Vec<_>, Vec<_>) = alternatives
        .into_iter()
        .zip(takes)
        .partition(|(_, take)| *take);
    let strip =
        |alts: Vec<(Hir, bool)>| Hir::alternation(alts.into_iter().map(|(a, _)| a).collect());
    let mut rest_subs = subs.clone();
    subs[at] = strip(tabled);
    rest_subs[at] = strip(rest);
    // The new branch matches the lines whose middle is one of these phrases, whatever
    // form the parser's simplifications give its alternation.
    vec![
        (Hir::concat(subs), Some(table)),
        (Hir::concat(rest_subs), None),
    ]
}

fn whole(hir: Hir) -> Vec<Tabled> {
    let table = PhraseTable::of(&hir);
    vec![(hir, table)]
}

/// `text` as the phrases are written: ASCII letters lowered, `ſ` and `K` as `s` and `k`,
/// each run of whitespace as one space, other ASCII as it is; its length in `out` and its
/// [`hash_bytes`], or `None` when it is longer than `out` or holds a character no phrase
/// can match.
fn fold_hash(text: &str, out: &mut [u8]) -> Option<(usize, u64)> {
    let bytes = text.as_bytes();
    let (mut i, mut len, mut hash) = (0, 0, 0u64);
    let mut in_space = false;
    while let Some(&b) = bytes.get(i) {
        let folded = if b.is_ascii() {
            i += 1;
            // `char::is_whitespace` on ASCII (with the vertical tab, unlike `u8`'s).
            if matches!(b, b'\t'..=b'\r' | b' ') {
                None
            } else {
                Some(b.to_ascii_lowercase())
            }
        } else {
            let c = text[i..].chars().next()?;
            i += c.len_utf8();
            match c {
                c if c.is_whitespace() => None,
                '\u{17F}' => Some(b's'),
                '\u{212A}' => Some(b'k'),
                _ => return None,
            }
        };
        let b = match folded {
            Some(b) => {
                in_space = false;
                b
            }
            None if in_space => continue,
            None => {
                in_space = true;
                SPACE
            }
        };
        *out.get_mut(len)? = b;
        len += 1;
        hash = hash_step(hash, b);
    }
    Some((len, hash))
}

/// The hash [`fold_hash`] gives a folded line, of a phrase.
fn hash_bytes(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0, |hash, &b| hash_step(hash, b))
}

/// One byte into a hash, as `FxHasher` mixes a word.
fn hash_step(hash: u64, b: u8) -> u64 {
    (hash.rotate_left(5) ^ u64::from(b)).wrapping_mul(0x517c_c1b7_2722_0a95)
}

/// The characters of a line that fold to phrase byte `b`.
fn variants(b: u8) -> impl Iterator<Item = char> {
    let c = char::from(b);
    let twin = match b {
        b's' => Some(ASCII_FOLD_TWINS[0]),
        b'k' => Some(ASCII_FOLD_TWINS[1]),
        _ => None,
    };
    [Some(c), Some(c.to_ascii_uppercase()), twin]
        .into_iter()
        .flatten()
}

/// The class of `C*`.
fn star_class(hir: &Hir) -> Option<CharClass> {
    let HirKind::Repetition(rep) = hir.kind() else {
        return None;
    };
    if rep.min != 0 || rep.max.is_some() {
        return None;
    }
    match rep.sub.kind() {
        HirKind::Class(class @ Class::Unicode(_)) => Some(CharClass::of(class)),
        _ => None,
    }
}

/// Whether `hir` matches nothing and otherwise only characters of `class`: then `hir`
/// next to `class*` matches what `class*` alone does.
fn absorbed(hir: &Hir, class: &CharClass) -> bool {
    hir.properties().minimum_len() == Some(0)
        && hir.properties().look_set().is_empty()
        && only_chars_of(hir, class)
}

fn only_chars_of(hir: &Hir, class: &CharClass) -> bool {
    match hir.kind() {
        HirKind::Empty => true,
        HirKind::Look(_) => false,
        HirKind::Literal(lit) => {
            std::str::from_utf8(&lit.0).is_ok_and(|s| s.chars().all(|c| class.contains(c)))
        }
        HirKind::Class(Class::Unicode(c)) => c
            .ranges()
            .iter()
            .all(|r| class.contains(r.start()) && class.contains(r.end()) && covers(class, r)),
        HirKind::Class(Class::Bytes(_)) => false,
        HirKind::Repetition(rep) => only_chars_of(&rep.sub, class),
        HirKind::Capture(cap) => only_chars_of(&cap.sub, class),
        HirKind::Concat(subs) | HirKind::Alternation(subs) => {
            subs.iter().all(|s| only_chars_of(s, class))
        }
    }
}

/// Whether every character of a range is in the class.
fn covers(class: &CharClass, r: &regex_syntax::hir::ClassUnicodeRange) -> bool {
    let (a, z) = (r.start(), r.end());
    let ascii_end = z.min('\u{7F}');
    if a.is_ascii() && !(a..=ascii_end).all(|c| class.contains(c)) {
        return false;
    }
    if z.is_ascii() {
        return true;
    }
    class.covers(a.max('\u{80}'), z)
}

/// How many phrases [`expand_concat`] would build at most, or `None` when it would give up
/// on a piece or past [`MAX_PHRASES`]: a walk without allocating.
fn count_concat(subs: &[Hir]) -> Option<usize> {
    subs.iter().try_fold(1usize, |n, sub| {
        let m = n.checked_mul(count(sub)?)?;
        (m <= MAX_PHRASES).then_some(m)
    })
}

fn count(hir: &Hir) -> Option<usize> {
    match hir.kind() {
        HirKind::Empty => Some(1),
        HirKind::Look(_) | HirKind::Class(Class::Bytes(_)) => None,
        HirKind::Literal(lit) => std::str::from_utf8(&lit.0)
            .ok()?
            .chars()
            .all(|c| c.is_ascii() && !c.is_ascii_alphabetic() && !c.is_whitespace())
            .then_some(1),
        HirKind::Class(Class::Unicode(class)) => {
            let size: usize = class.ranges().iter().map(|r| r.len()).sum();
            if size > MAX_CLASS_CHARS {
                return None;
            }
            let mut seen = 0u128;
            for c in class.ranges().iter().flat_map(|r| r.start()..=r.end()) {
                if c.is_ascii() {
                    seen |= 1 << (c as u8).to_ascii_lowercase();
                } else if !ASCII_FOLD_TWINS.contains(&c) {
                    return None;
                }
            }
            Some(seen.count_ones() as usize)
        }
        HirKind::Capture(cap) => count(&cap.sub),
        HirKind::Repetition(rep) => match (rep.min, rep.max) {
            (1, Some(1)) => count(&rep.sub),
            (0, Some(1)) => Some(count(&rep.sub)? + 1),
            (0 | 1, None) if is_whitespace_class(&rep.sub) => Some(2),
            _ => None,
        },
        HirKind::Concat(subs) => count_concat(subs),
        HirKind::Alternation(subs) => subs.iter().try_fold(0usize, |n, sub| {
            let m = n + count(sub)?;
            (m <= MAX_PHRASES).then_some(m)
        }),
    }
}

/// Every string a concatenation can match, as phrases, when there are few.
fn expand_concat(subs: &[Hir]) -> Option<Vec<Vec<u8>>> {
    let mut out: Vec<Vec<u8>> = vec![Vec::new()];
    for sub in subs {
        let piece = expand(sub)?;
        // Most pieces are one letter: every phrase grows in place.
        if let [only] = piece.as_slice() {
            out.iter_mut().for_each(|p| p.extend_from_slice(only));
            continue;
        }
        if out.len() * piece.len() > MAX_PHRASES {
            return None;
        }
        out = out
            .iter()
            .flat_map(|head| {
                piece.iter().map(move |tail| {
                    let mut p = head.clone();
                    p.extend_from_slice(tail);
                    p
                })
            })
            .collect();
    }
    Some(out)
}

fn expand(hir: &Hir) -> Option<Vec<Vec<u8>>> {
    match hir.kind() {
        HirKind::Empty => Some(vec![Vec::new()]),
        HirKind::Look(_) => None,
        HirKind::Literal(lit) => {
            let text = std::str::from_utf8(&lit.0).ok()?;
            let mut phrase = Vec::with_capacity(text.len());
            for c in text.chars() {
                // A letter written as itself is case-sensitive; `(?i)` makes letters classes.
                if !c.is_ascii() || c.is_ascii_alphabetic() || c.is_whitespace() {
                    return None;
                }
                phrase.push(c as u8);
            }
            Some(vec![phrase])
        }
        HirKind::Class(Class::Unicode(class)) => class_tokens(class),
        HirKind::Class(Class::Bytes(_)) => None,
        HirKind::Capture(cap) => expand(&cap.sub),
        HirKind::Repetition(rep) => match (rep.min, rep.max) {
            (1, Some(1)) => expand(&rep.sub),
            (0, Some(1)) => {
                let mut set = expand(&rep.sub)?;
                set.push(Vec::new());
                Some(set)
            }
            (1, None) if is_whitespace_class(&rep.sub) => Some(vec![vec![SPACE]]),
            // A run of whitespace folds to one space: `\s*` is that space or nothing.
            (0, None) if is_whitespace_class(&rep.sub) => Some(vec![Vec::new(), vec![SPACE]]),
            _ => None,
        },
        HirKind::Concat(subs) => expand_concat(subs),
        HirKind::Alternation(subs) => {
            let mut set = Vec::new();
            for sub in subs {
                set.extend(expand(sub)?);
                if set.len() > MAX_PHRASES {
                    return None;
                }
            }
            Some(set)
        }
    }
}

/// The phrase bytes of a class made of ASCII letters in all their case variants and ASCII
/// signs: a line character is in the class exactly when it folds to one of them.
fn class_tokens(class: &ClassUnicode) -> Option<Vec<Vec<u8>>> {
    let size: u32 = class.ranges().iter().map(|r| r.len() as u32).sum();
    if size as usize > MAX_CLASS_CHARS {
        return None;
    }
    let chars: Vec<char> = class
        .ranges()
        .iter()
        .flat_map(|r| r.start()..=r.end())
        .collect();
    let mut tokens = Vec::new();
    for &c in &chars {
        if ASCII_FOLD_TWINS.contains(&c) {
            continue;
        }
        if !c.is_ascii() || c.is_whitespace() {
            return None;
        }
        let b = (c as u8).to_ascii_lowercase();
        if !variants(b).all(|v| chars.contains(&v)) {
            return None;
        }
        tokens.push(vec![b]);
    }
    // A twin only ever comes with its letter (checked above through `variants`).
    let twins_covered = ASCII_FOLD_TWINS
        .iter()
        .zip([b's', b'k'])
        .all(|(t, b)| !chars.contains(t) || tokens.contains(&vec![b]));
    if !twins_covered {
        return None;
    }
    tokens.sort();
    tokens.dedup();
    Some(tokens)
}

/// Whether a class is `\s`.
fn is_whitespace_class(hir: &Hir) -> bool {
    static SPACES: std::sync::OnceLock<Hir> = std::sync::OnceLock::new();
    let spaces = SPACES.get_or_init(|| regex_syntax::parse(r"\s").expect("a valid class"));
    hir == spaces
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::analysis::{branches_with_tables, phrase_pattern, rule_pattern, with_case};
    use crate::rules::pack::PackFile;

    /// The regex crate's own answer for a branch.
    fn oracle(hir: &Hir) -> regex_automata::meta::Regex {
        regex_automata::meta::Regex::builder()
            .build_from_hir(hir)
            .unwrap()
    }

    /// Lines a table and its regex must agree on: each phrase written out with every kind of
    /// space, in other cases and with the folding twins, behind and before signs the skip
    /// classes hold or not, and near misses of each.
    fn variations(table: &PhraseTable, extra: &[String]) -> Vec<String> {
        let mut bases: Vec<String> = extra.to_vec();
        for phrase in table.phrases() {
            let text = String::from_utf8(phrase.to_vec()).unwrap();
            for space in [" ", "  ", "\t", "\u{a0}", " \u{2009}"] {
                bases.push(text.replace(' ', space));
            }
            bases.push(text.replace(' ', ""));
        }
        let mut lines = Vec::new();
        for base in &bases {
            let upper = base.to_uppercase();
            let mut title = base.clone();
            if let Some(first) = title.get_mut(..1) {
                first.make_ascii_uppercase();
            }
            for case in [base.clone(), upper, title] {
                let twins = case.replace('s', "\u{17F}").replace('K', "\u{212A}");
                for word in [case.clone(), twins] {
                    let mut shorter = word.clone();
                    shorter.pop();
                    for core in [
                        word.clone(),
                        shorter,
                        format!("{word}s"),
                        format!("x{word}"),
                        format!("{word} x"),
                        format!("{word}{word}"),
                        format!("{word}é"),
                    ] {
                        for (before, after) in [
                            ("", ""),
                            ("• ", ""),
                            ("", " |"),
                            ("1. ", ":"),
                            ("«", "»"),
                            ("— ", " —"),
                            ("  ", "  "),
                            ("12", "3"),
                            ("(", ")"),
                            ("", "*"),
                            ("", " :* "),
                            ("", " 1:30"),
                            ("a ", ""),
                            ("", "."),
                        ] {
                            lines.push(format!("{before}{core}{after}"));
                        }
                    }
                }
            }
        }
        lines
    }

    fn check_agrees(id: &str, hir: &Hir, table: &PhraseTable, extra: &[String]) -> usize {
        let regex = oracle(hir);
        let mut matched = 0;
        for line in variations(table, extra) {
            let expected = regex.is_match(&line);
            assert_eq!(table.is_match(&line), expected, "{id} on {line:?}");
            matched += usize::from(expected);
        }
        matched
    }

    /// Every built-in branch the table takes gives the regex's answer on its rule's
    /// examples and counter-examples and on variations of each of its phrases.
    #[test]
    fn built_in_tables_agree_with_their_regexes() {
        let mut converted = Vec::new();
        let mut matched = 0;
        for (file, text) in crate::rules::builtin::PACKS {
            for spec in PackFile::parse(file, text).unwrap().rules {
                if spec.is_block_rule() {
                    continue;
                }
                let pattern = rule_pattern(&spec).unwrap();
                let hir = regex_syntax::parse(&with_case(&pattern, spec.case_sensitive)).unwrap();
                let extra: Vec<String> = spec
                    .examples
                    .iter()
                    .chain(&spec.counter_examples)
                    .cloned()
                    .collect();
                for (k, (branch, table)) in branches_with_tables(hir).into_iter().enumerate() {
                    if let Some(table) = table {
                        let id = format!("{}#{k}", spec.id.get_ref());
                        matched += check_agrees(&id, &branch, &table, &extra);
                        converted.push(id);
                    }
                }
            }
        }
        eprintln!("{} tables: {converted:?}", converted.len());
        for id in [
            "navigation.menu#0",
            "related.heading#0",
            "navigation.skip#1",
        ] {
            assert!(
                converted.iter().any(|c| c == id),
                "{id} not in {converted:?}"
            );
        }
        assert!(matched > 1000, "{matched} lines matched");
    }

    /// A user's whole-line phrase rule is matched by its table, and gives what its regex
    /// gives; a rule with a case-sensitive letter or a letter beyond ASCII keeps its regex.
    #[test]
    fn a_user_pack_gets_tables_only_where_they_are_exact() {
        let table_of = |pattern: &str, case_sensitive: bool| {
            let hir = regex_syntax::parse(&with_case(pattern, case_sensitive)).unwrap();
            branches_with_tables(hir)
                .into_iter()
                .map(|(b, t)| t.map(|t| (b, t)))
                .collect::<Vec<_>>()
        };
        let phrases = ["Share this", "Print", "E-mail this", "Go to top"].map(String::from);
        let line = phrase_pattern(&phrases, crate::rules::pack::PhraseMatch::Line);
        let taken = [
            line.as_str(),
            r"^[^\p{L}]*(?:back|next)(?:\s+page)?\s*[:*]?[^\p{L}]*$",
            r"^\s*(?:sign\s+up|log\s*in)$",
        ];
        for pattern in taken {
            let found = table_of(pattern, false);
            let [Some((hir, table))] = found.as_slice() else {
                panic!("{pattern}: {found:?}");
            };
            let extra =
                ["sign up", "login", "log in", "NEXT PAGE :", "Go to top!"].map(String::from);
            assert!(check_agrees(pattern, hir, table, &extra) > 10, "{pattern}");
        }
        for kept in [
            (r"^[^\p{L}]*(?:Share|print)[^\p{L}]*$", true),
            (r"^[^\p{L}]*(?:teilen|drücken)[^\p{L}]*$", false),
            (r"^[^\p{L}]*(?:share|print)\b", false),
            (r"^[^\p{L}]*(?:share|print)\s*\S*$", false),
            (r"^[^\p{L}]*(?:share\W+this)[^\p{L}]*$", false),
            (r"^[^\p{L}]*(?:a{1,3})[^\p{L}]*$", false),
            (r"^(?:share|print)\s+\s+x$", false),
        ] {
            assert!(
                table_of(kept.0, kept.1).iter().all(Option::is_none),
                "{kept:?}"
            );
        }
        // A phrase starting with a skipped sign goes to a branch of its own, with its regex.
        let split = table_of(r"^[^\p{L}]*(?:share|print|24/7)[^\p{L}]*$", false);
        assert!(matches!(split.as_slice(), [Some(_), None]), "{split:?}");
        // The split's table is made of its alternatives' phrases, whatever the parser makes
        // of the new alternation (single letters become one class).
        let extra = ["x\u{b}y", "X \u{b}Y", "A", "b\u{b}", "x", "24/7"].map(String::from);
        for pattern in [
            r"^[^\p{L}]*(?:share|print|24/7)[^\p{L}]*$",
            r"^[^\p{L}]*(?:a|b|x\s+y|schließen)[^\p{L}]*$",
        ] {
            let split = table_of(pattern, false);
            let [Some((hir, table)), None] = split.as_slice() else {
                panic!("{pattern}: {split:?}");
            };
            assert!(check_agrees(pattern, hir, table, &extra) > 10, "{pattern}");
        }
        let pack = format!(
            "[pack]\nid = \"p\"\nname = \"P\"\ndescription = \"d\"\nversion = \"1\"\n\n\
             [[rule]]\nid = \"p.x\"\ndescription = \"d\"\nregex = '''{}'''\n",
            taken[1]
        );
        let book = crate::rules::RuleBook::from_texts(&[("mine.toml", &pack)], &Default::default())
            .unwrap();
        for (line, hit) in [
            ("» Next page: ", true),
            ("NEXT", true),
            ("next pages", false),
        ] {
            assert_eq!(book.matching_rules(line) == ["p.x"], hit, "{line}");
        }
    }
}
