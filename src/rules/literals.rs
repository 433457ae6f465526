//! Required literals of a regex: a set of strings one of which occurs in every match. A line
//! with none of a rule's literals cannot match the rule, so its regex is never run there
//! (most lines meet no rule at all; see `prefilter`).
//!
//! Strings are bytes with ASCII letters lowered, to be searched ASCII-case-insensitively.
//! Case folding beyond ASCII is exact (`(?i)é` gives `é` and `É`), except for the two
//! characters that fold to ASCII letters ([`ASCII_FOLD_TWINS`]): `(?i)k` also matches the
//! Kelvin sign, but spelling out every such variant would double the literals, so a line
//! holding either character is left to the regexes (see `prefilter`). Likewise `\d` matches
//! some 650 decimal digits of other scripts: a class is taken for its ASCII members when the
//! rest of it is such digits ([`is_other_decimal_digit`]), and a line holding one meets every
//! rule.

use std::sync::OnceLock;

use regex_syntax::hir::{Class, ClassUnicode, ClassUnicodeRange, Hir, HirKind};

use super::charclass::CharClass;

/// The non-ASCII characters that case-fold to an ASCII letter: long s (`s`) and the Kelvin
/// sign (`k`). Literals leave them out; the prefilter passes every line that has one.
pub const ASCII_FOLD_TWINS: [char; 2] = ['\u{17F}', '\u{212A}'];

/// A class of at most this many characters becomes one string per character (ten: the digits).
const MAX_CLASS_CHARS: usize = 10;
/// Exact sets grow by cross product along a concatenation; past this many strings the run
/// of literals is cut in two.
const MAX_EXACT: usize = 64;
/// An alternation of more required literals than this gives up (it would find little).
const MAX_REQUIRED: usize = 1024;

/// Sorted, deduplicated strings.
type Set = Vec<Vec<u8>>;

/// What a piece of the pattern tells about the text it matches.
struct Info {
    /// Every string the piece can match, when there are few.
    exact: Option<Set>,
    /// Strings one of which occurs in every match (never holds the empty string), when the
    /// piece is not exact (an exact piece requires its own strings: see `into_required`).
    required: Option<Set>,
    /// For a piece that is not exact: strings one of which every match starts with, and one
    /// of which it ends with (`\d{2}` starts and ends with a digit). A concatenation carries
    /// the exact run before the piece into its start, and starts the next run at its end.
    starts_with: Option<Set>,
    ends_with: Option<Set>,
}

impl Info {
    fn exact(set: Set) -> Info {
        Info {
            exact: Some(set),
            required: None,
            starts_with: None,
            ends_with: None,
        }
    }

    fn unknown() -> Info {
        Info {
            exact: None,
            required: None,
            starts_with: None,
            ends_with: None,
        }
    }

    /// Strings one of which occurs in every match.
    fn into_required(self) -> Option<Set> {
        match self.exact {
            Some(set) => useful(&set).then_some(set),
            None => self.required,
        }
    }
}

/// The strings one of which occurs (ASCII case aside) in any text the regex matches, or
/// `None` when no such set was found (the regex must then run on every line).
pub fn required_literals(hir: &Hir) -> Option<Set> {
    analyze(hir).into_required()
}

fn useful(set: &Set) -> bool {
    !set.is_empty() && set.iter().all(|s| !s.is_empty())
}

fn analyze(hir: &Hir) -> Info {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => Info::exact(vec![Vec::new()]),
        HirKind::Literal(lit) => Info::exact(vec![lower(&lit.0)]),
        HirKind::Class(class) => class_strings(class).map_or_else(Info::unknown, Info::exact),
        HirKind::Capture(capture) => analyze(&capture.sub),
        HirKind::Repetition(rep) => {
            let sub = analyze(&rep.sub);
            match (rep.min, rep.max) {
                (1, Some(1)) => sub,
                (0, Some(1)) => match sub.exact {
                    Some(mut set) => {
                        set.push(Vec::new());
                        Info::exact(normalized(set))
                    }
                    None => Info::unknown(),
                },
                (0, _) => Info::unknown(),
                _ => {
                    // At least once: a match starts and ends with one of the piece's.
                    let edges = sub.exact.clone().filter(useful);
                    Info {
                        exact: None,
                        required: sub.into_required(),
                        starts_with: edges.clone(),
                        ends_with: edges,
                    }
                }
            }
        }
        HirKind::Concat(subs) => concat(subs),
        HirKind::Alternation(subs) => alternation(subs),
    }
}

/// The strings of a small class, or `None` for a large one (`\w`, `\p{L}`, `[^…]`). A
/// class whose members beyond ASCII are all decimal digits of other scripts (`\d`,
/// `[\d.,]`) gives its ASCII members.
fn class_strings(class: &Class) -> Option<Set> {
    let mut set = Vec::new();
    match class {
        Class::Unicode(class) if class.ranges().iter().all(|r| r.end().is_ascii()) => {
            // Most small classes are a letter in both cases (`(?i)a`): ASCII needs neither
            // the twins nor the other scripts' digits looked at.
            let size: usize = class.ranges().iter().map(|r| r.len()).sum();
            if size > MAX_CLASS_CHARS {
                return None;
            }
            for range in class.ranges() {
                set.extend(
                    (range.start()..=range.end()).map(|c| vec![(c as u8).to_ascii_lowercase()]),
                );
            }
        }
        Class::Unicode(class) => {
            // Most classes are large (`\s`, `[^\p{L}]`): tell before building any string.
            // A range past ASCII is skipped whole when it holds only other scripts' digits;
            // the twins left out make the count an upper bound.
            let mut size = 0;
            for range in class.ranges() {
                if range.start().is_ascii() || !other_digits_only(range.start(), range.end()) {
                    size += range.end() as usize - range.start() as usize + 1;
                }
                if size > MAX_CLASS_CHARS + ASCII_FOLD_TWINS.len() {
                    return None;
                }
            }
            for range in class.ranges() {
                for c in range.start()..=range.end() {
                    if ASCII_FOLD_TWINS.contains(&c) || is_other_decimal_digit(c) {
                        continue;
                    }
                    if set.len() == MAX_CLASS_CHARS {
                        return None;
                    }
                    set.push(lower(c.encode_utf8(&mut [0; 4]).as_bytes()));
                }
            }
        }
        Class::Bytes(class) => {
            let size: usize = class
                .ranges()
                .iter()
                .map(|r| usize::from(r.end() - r.start()) + 1)
                .sum();
            if size > MAX_CLASS_CHARS {
                return None;
            }
            for range in class.ranges() {
                for b in range.start()..=range.end() {
                    set.push(vec![b.to_ascii_lowercase()]);
                }
            }
        }
    }
    // A class of nothing but other scripts' digits leaves no string: it is not small.
    (!set.is_empty()).then(|| normalized(set))
}

/// Whether every character from `start` to `end` (beyond ASCII) is another script's digit.
fn other_digits_only(start: char, end: char) -> bool {
    decimal_digits().covers(start, end)
}

/// Whether `c` is a decimal digit (`\d`, Unicode's Nd) outside ASCII: `٣`, `३`, `３`. The
/// literals leave them out; the prefilter passes every line that has one.
pub fn is_other_decimal_digit(c: char) -> bool {
    // The first such digit is U+0660: Latin, Greek and Cyrillic letters need no search.
    c >= '\u{660}' && other_digits_only(c, c)
}

/// `\d`, parsed once.
fn decimal_digits() -> &'static CharClass {
    static DIGITS: OnceLock<CharClass> = OnceLock::new();
    DIGITS.get_or_init(|| CharClass::of(&Class::Unicode(parsed_class(r"\d"))))
}

/// A concatenation: runs of exact pieces multiply into longer strings; the best run or
/// piece is what the whole requires.
fn concat(subs: &[Hir]) -> Info {
    let mut run: Set = vec![Vec::new()];
    let mut whole_is_exact = true;
    let mut candidates: Vec<Set> = Vec::new();
    for sub in subs {
        let info = analyze(sub);
        match info.exact {
            Some(set) => {
                if !extend(&mut run, &set) {
                    whole_is_exact = false;
                    candidates.push(std::mem::replace(&mut run, set));
                }
            }
            None => {
                whole_is_exact = false;
                let into_piece = info.starts_with.as_ref().and_then(|s| product(&run, s));
                candidates.push(into_piece.unwrap_or(run));
                candidates.extend(info.required);
                run = info.ends_with.unwrap_or_else(|| vec![Vec::new()]);
            }
        }
    }
    if whole_is_exact {
        return Info::exact(run);
    }
    candidates.push(run);
    Info {
        required: candidates
            .into_iter()
            .filter(useful)
            .min_by(|a, b| expected_hits(a).total_cmp(&expected_hits(b))),
        ..Info::unknown()
    }
}

/// An alternation: exact when every branch is; otherwise every branch must require
/// something, and the whole requires any of it.
fn alternation(subs: &[Hir]) -> Info {
    let infos: Vec<Info> = subs.iter().map(analyze).collect();
    if infos.iter().all(|i| i.exact.is_some()) {
        let union: Set = normalized(
            infos
                .iter()
                .flat_map(|i| i.exact.iter().flatten().cloned())
                .collect(),
        );
        if union.len() <= MAX_EXACT {
            return Info::exact(union);
        }
    }
    let mut union = Vec::new();
    for info in infos {
        match info.into_required() {
            Some(set) => union.extend(set),
            None => return Info::unknown(),
        }
    }
    let union = normalized(union);
    Info {
        required: (union.len() <= MAX_REQUIRED).then_some(union),
        ..Info::unknown()
    }
}

/// Prefixes are cut to this many bytes: enough to tell most words apart, and a line's
/// window of this size is one lookup per length.
pub const PREFIX_BYTES: usize = 4;
/// A prefix set that would grow past this many strings gives up.
const MAX_PREFIXES: usize = 1024;

/// Where a pattern's match must start, and with which strings (ASCII letters lowered, cut
/// to [`PREFIX_BYTES`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Anchor {
    /// `^X`: at the start of the line.
    LineStart(Set),
    /// `^[^\p{L}]*X`: at the line's first letter, or before it (the skipped characters
    /// hold no letter). A match of `X` that starts before the first letter starts with one of
    /// the prefixes that do not start with a letter (see [`starts_with_letter`]).
    FirstLetter(Set),
}

impl Anchor {
    pub fn prefixes(&self) -> &Set {
        match self {
            Anchor::LineStart(set) | Anchor::FirstLetter(set) => set,
        }
    }
}

/// Where and how every match of the pattern starts, when it is tied to the line's start.
/// Most phrase rules are: `^[^\p{L}]*(?:share|print|e-?mail)…`. Their words also occur in
/// the middle of ordinary lines ("ad" in "read"), so a search anywhere in the line finds
/// many lines they cannot match; a look at the line's first letters does not.
pub fn anchored_prefixes(hir: &Hir) -> Option<Anchor> {
    let HirKind::Concat(subs) = hir.kind() else {
        return None;
    };
    let (first, rest) = subs.split_first()?;
    if !matches!(first.kind(), HirKind::Look(regex_syntax::hir::Look::Start)) {
        return None;
    }
    let (skip, rest) = match rest.split_first() {
        Some((sub, tail)) if skips_only_non_letters(sub) => (true, tail),
        _ => (false, rest),
    };
    let set = prefixes_of_concat(rest)?;
    Some(if skip {
        Anchor::FirstLetter(set)
    } else {
        Anchor::LineStart(set)
    })
}

/// Whether a prefix starts with a letter. A prefix may be cut inside its second character,
/// never inside its first.
pub fn starts_with_letter(prefix: &[u8]) -> bool {
    String::from_utf8_lossy(prefix)
        .chars()
        .next()
        .is_some_and(is_letter)
}

/// `^S*X` split where `X` can only start at the first character outside `S`: the class
/// `S` holds no letter, the repetition is `*`, and every match of `X` starts with a letter
/// ([`Anchor::FirstLetter`]). Then the pattern matches a line exactly when `X` matches
/// anchored at [`CharClass::run_end`]: any earlier start would be a character of `S`, which is
/// no letter. Compiled alone, `X` is a fraction of the automaton: the Unicode class in front
/// of most phrase rules is the largest part of theirs.
/// `anchor` is [`anchored_prefixes`] of `hir`.
pub fn split_first_letter(hir: &Hir, anchor: Option<&Anchor>) -> Option<(CharClass, Hir)> {
    let Some(Anchor::FirstLetter(prefixes)) = anchor else {
        return None;
    };
    if !prefixes.iter().all(|p| starts_with_letter(p)) {
        return None;
    }
    let HirKind::Concat(subs) = hir.kind() else {
        return None;
    };
    let [_start, skip, rest @ ..] = subs.as_slice() else {
        return None;
    };
    let HirKind::Repetition(rep) = skip.kind() else {
        return None;
    };
    if rep.min != 0 || rep.max.is_some() || !skips_only_non_letters(skip) {
        return None;
    }
    let HirKind::Class(class) = rep.sub.kind() else {
        return None;
    };
    let class = CharClass::of(class);
    Some((class, Hir::concat(rest.to_vec())))
}

/// Whether a character is in `\p{L}`, the class the patterns skip with `[^\p{L}]`.
pub fn is_letter(c: char) -> bool {
    static LETTERS: OnceLock<CharClass> = OnceLock::new();
    LETTERS
        .get_or_init(|| CharClass::of(&Class::Unicode(letters().clone())))
        .contains(c)
}

/// `\p{L}`, parsed once.
fn letters() -> &'static ClassUnicode {
    static LETTERS: OnceLock<ClassUnicode> = OnceLock::new();
    LETTERS.get_or_init(|| parsed_class(r"\p{L}"))
}

/// A Unicode class written as a pattern.
fn parsed_class(pattern: &str) -> ClassUnicode {
    match regex_syntax::parse(pattern)
        .expect("a valid class")
        .into_kind()
    {
        HirKind::Class(Class::Unicode(class)) => class,
        _ => unreachable!("{pattern} is a Unicode class"),
    }
}

/// A repetition of a class that holds no letter (`[^\p{L}]*`, `[^\p{L}\p{N}]*`, `\s*`).
fn skips_only_non_letters(hir: &Hir) -> bool {
    let HirKind::Repetition(rep) = hir.kind() else {
        return false;
    };
    match rep.sub.kind() {
        HirKind::Class(Class::Unicode(class)) => disjoint(class.ranges(), letters().ranges()),
        HirKind::Class(Class::Bytes(class)) => class
            .ranges()
            .iter()
            .all(|r| (r.start()..=r.end()).all(|b| !b.is_ascii_alphabetic() && b.is_ascii())),
        _ => false,
    }
}

/// Whether two sorted lists of ranges share no character (an intersection without building
/// it: the class is as large as `\p{L}`).
fn disjoint(a: &[ClassUnicodeRange], b: &[ClassUnicodeRange]) -> bool {
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        if a[i].end() < b[j].start() {
            i += 1;
        } else if b[j].end() < a[i].start() {
            j += 1;
        } else {
            return false;
        }
    }
    true
}

/// The strings every match of the concatenation `subs` starts with, cut to
/// [`PREFIX_BYTES`]; `None` when some match may start with anything.
fn prefixes_of_concat(subs: &[Hir]) -> Option<Set> {
    let starts = concat_starts(subs)?;
    let set: Set = normalized(starts.into_iter().map(|(s, _)| s).collect());
    set.iter().all(|s| !s.is_empty()).then_some(set)
}

/// What a piece's matches start with: (string, the match is exactly the string). `None`
/// when the set grew too large.
fn starts(hir: &Hir) -> Option<Vec<(Vec<u8>, bool)>> {
    let whole = |set: Set| set.into_iter().map(cut).collect::<Vec<_>>();
    let out = match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => vec![(Vec::new(), true)],
        HirKind::Literal(lit) => whole(vec![lower(&lit.0)]),
        HirKind::Class(class) => match class_strings(class) {
            Some(set) => whole(set),
            None => vec![(Vec::new(), false)],
        },
        HirKind::Capture(capture) => starts(&capture.sub)?,
        HirKind::Repetition(rep) => {
            let sub = starts(&rep.sub)?;
            let once = rep.min == 1 && rep.max == Some(1);
            let mut out: Vec<_> = sub.into_iter().map(|(s, c)| (s, c && once)).collect();
            if rep.min == 0 {
                out.push((Vec::new(), true));
            }
            out
        }
        HirKind::Alternation(subs) => {
            let mut out = Vec::new();
            for sub in subs {
                out.extend(starts(sub)?);
            }
            out
        }
        HirKind::Concat(subs) => concat_starts(subs)?,
    };
    (out.len() <= MAX_PREFIXES).then_some(out)
}

/// [`starts`] of a concatenation of `subs`.
fn concat_starts(subs: &[Hir]) -> Option<Vec<(Vec<u8>, bool)>> {
    let mut out = vec![(Vec::new(), true)];
    for sub in subs {
        if out.iter().all(|(s, c)| !c || s.len() >= PREFIX_BYTES) {
            break;
        }
        let next = starts(sub)?;
        let mut grown = Vec::new();
        for (s, c) in out {
            if !c || s.len() >= PREFIX_BYTES {
                grown.push((s, false));
                continue;
            }
            for (t, d) in &next {
                let mut u = s.clone();
                u.extend_from_slice(t);
                let (u, fits) = cut(u);
                grown.push((u, *d && fits));
            }
        }
        grown.sort_unstable();
        grown.dedup();
        if grown.len() > MAX_PREFIXES {
            return None;
        }
        out = grown;
    }
    (out.len() <= MAX_PREFIXES).then_some(out)
}

/// A string cut to [`PREFIX_BYTES`], and whether it was short enough to stay whole.
fn cut(mut s: Vec<u8>) -> (Vec<u8>, bool) {
    let fits = s.len() <= PREFIX_BYTES;
    s.truncate(PREFIX_BYTES);
    (s, fits)
}

/// Sets `run` to [`product`] of it and `set`, and says whether that was small enough. Most
/// pieces are one string (a letter of a phrase, lowered): it is appended in place, which
/// keeps the strings distinct.
fn extend(run: &mut Set, set: &Set) -> bool {
    match set.as_slice() {
        [single] if run.len() <= MAX_EXACT => {
            for s in run.iter_mut() {
                s.extend_from_slice(single);
            }
            run.sort_unstable();
            true
        }
        _ => match product(run, set) {
            Some(longer) => {
                *run = longer;
                true
            }
            None => false,
        },
    }
}

fn product(left: &Set, right: &Set) -> Option<Set> {
    if left.len() * right.len() > MAX_EXACT {
        return None;
    }
    let mut out = Vec::with_capacity(left.len() * right.len());
    for a in left {
        for b in right {
            let mut s = a.clone();
            s.extend_from_slice(b);
            out.push(s);
        }
    }
    Some(normalized(out))
}

/// How often any string of the set is expected to start at a position of English text:
/// the sum over its strings of the product of their bytes' frequencies. The rarest set
/// sends the fewest lines to the regex (`cookies` over `use`, `q` over `the`).
fn expected_hits(set: &Set) -> f64 {
    set.iter()
        .map(|s| s.iter().map(|&b| byte_frequency(b)).product::<f64>())
        .sum()
}

/// The share of a byte in English prose, ASCII letters lowered: a fixed table of letter
/// frequencies (letters are about 80 % of the bytes, spaces 16 %), not fitted to any pages.
fn byte_frequency(byte: u8) -> f64 {
    /// Percent of letters, `a` to `z`, in English text.
    const LETTERS: [f64; 26] = [
        8.2, 1.5, 2.8, 4.3, 12.7, 2.2, 2.0, 6.1, 7.0, 0.15, 0.8, 4.0, 2.4, 6.7, 7.5, 1.9, 0.1, 6.0,
        6.3, 9.1, 2.8, 1.0, 2.4, 0.15, 2.0, 0.07,
    ];
    match byte {
        b'a'..=b'z' => LETTERS[usize::from(byte - b'a')] * 0.008,
        b' ' => 0.16,
        b'.' | b',' => 0.01,
        b'0'..=b'9' => 0.003,
        // Other punctuation and symbols, and the bytes of characters beyond ASCII (quotes,
        // dashes, accented letters): each rarer than most letters.
        _ => 0.002,
    }
}

fn normalized(mut set: Set) -> Set {
    set.sort_unstable();
    set.dedup();
    set
}

fn lower(bytes: &[u8]) -> Vec<u8> {
    bytes.to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn literals(pattern: &str) -> Option<Vec<String>> {
        let hir = regex_syntax::parse(pattern).unwrap();
        required_literals(&hir).map(|set| {
            set.into_iter()
                .map(|s| String::from_utf8(s).unwrap())
                .collect()
        })
    }

    #[test]
    fn a_word_in_the_middle_is_required() {
        assert_eq!(
            literals(r"^\s*(?:we|they)\s+use\s+cookies\b.{0,80}$"),
            Some(vec!["cookies".into()])
        );
    }

    /// The rarest piece by English letter frequencies, not the longest.
    #[test]
    fn the_rarest_piece_is_required() {
        assert_eq!(literals(r"\bjazz\s+\w+\s+there"), Some(vec!["jazz".into()]));
        assert_eq!(literals(r"\bthe\s+\w+\s+zq"), Some(vec!["zq".into()]));
    }

    #[test]
    fn alternation_branches_each_give_their_best() {
        assert_eq!(
            literals(r"\bfoo\s+bar|bazz\d+"),
            Some(
                ["bar".to_string()]
                    .into_iter()
                    .chain(('0'..='9').map(|d| format!("bazz{d}")))
                    .collect()
            )
        );
    }

    #[test]
    fn case_folding_beyond_ascii_gives_variants_but_not_the_twins() {
        assert_eq!(literals("(?i)ok"), Some(vec!["ok".into()]));
        assert_eq!(
            literals("(?i)été"),
            Some(vec!["ÉtÉ".into(), "Été".into(), "étÉ".into(), "été".into()])
        );
    }

    #[test]
    fn the_twins_are_the_only_non_ascii_folds_of_ascii_letters() {
        let mut twins = Vec::new();
        for letter in 'a'..='z' {
            let hir = regex_syntax::parse(&format!("(?i){letter}")).unwrap();
            let HirKind::Class(Class::Unicode(class)) = hir.kind() else {
                panic!("{letter}: {hir:?}");
            };
            for range in class.ranges() {
                twins.extend((range.start()..=range.end()).filter(|c| !c.is_ascii()));
            }
        }
        twins.sort_unstable();
        let mut expected = ASCII_FOLD_TWINS;
        expected.sort_unstable();
        assert_eq!(twins, expected);
    }

    #[test]
    fn optional_words_and_big_classes_require_nothing() {
        assert_eq!(literals(r"\w+"), None);
        assert_eq!(literals(r"(?:ads)?\p{N}+"), None);
        assert_eq!(literals(r"ads|[^x]+"), None);
        assert_eq!(literals(r"ads|[\d\x{66A}]"), None);
    }

    /// `\d` stands for its ten ASCII digits (other scripts' digits are the prefilter's
    /// business), so a time or a score gives short strings far rarer than `:` or `.` alone.
    #[test]
    fn decimal_digits_are_their_ascii_members() {
        let digits: Vec<String> = ('0'..='9').map(String::from).collect();
        assert_eq!(literals(r"(?:ads)?\d+"), Some(digits.clone()));
        assert_eq!(literals(r"[\d]"), Some(digits));
        let time = literals(r"^\p{L}+\s+\d{1,2}[:.]\d{2}$").unwrap();
        // A digit with the separator after it: `9:`, `0.`.
        assert_eq!(time.len(), 20);
        assert!(time.contains(&"0:".to_string()) && time.contains(&"9.".to_string()));
        // A class of other scripts' digits alone is not small.
        assert_eq!(literals(r"x[٠-٩]"), Some(vec!["x".into()]));
    }

    #[test]
    fn other_decimal_digits_are_exactly_those_of_backslash_d() {
        let hir = regex_syntax::parse(r"\d").unwrap();
        let HirKind::Class(Class::Unicode(class)) = hir.kind() else {
            panic!("{hir:?}");
        };
        let in_class = |c: char| {
            class
                .ranges()
                .iter()
                .any(|r| r.start() <= c && c <= r.end())
        };
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            assert_eq!(
                is_other_decimal_digit(c),
                !c.is_ascii() && in_class(c),
                "{c:?}"
            );
        }
    }

    #[test]
    fn optional_parts_multiply_into_variants() {
        assert_eq!(
            literals(r"(?:web)?site"),
            Some(vec!["site".into(), "website".into()])
        );
    }

    fn split(pattern: &str) -> Option<(CharClass, String)> {
        let hir = regex_syntax::parse(pattern).unwrap();
        split_first_letter(&hir, anchored_prefixes(&hir).as_ref()).map(|(s, h)| (s, h.to_string()))
    }

    #[test]
    fn a_skipped_class_in_front_is_split_off_only_when_exact() {
        let (skip, rest) = split(r"(?i)^[^\p{L}]*(?:share|print)\b").unwrap();
        assert_eq!(skip.run_end("› • Share this"), "› • ".len());
        assert_eq!(skip.run_end("1. Share"), "1. ".len());
        assert_eq!(skip.run_end("«»"), "«»".len());
        assert_eq!(skip.run_end("Ésta"), 0);
        let rest = regex::Regex::new(&format!("^(?:{rest})")).unwrap();
        assert!(rest.is_match("PRINT this") && !rest.is_match("› Share"));
        // Digits are not skipped here: a line that starts with one cannot match.
        let (skip, _) = split(r"(?i)^[^\p{L}\p{N}]*share").unwrap();
        assert_eq!(skip.run_end("1. Share"), 0);
        assert_eq!(skip.run_end("— Share"), "— ".len());
        // At least one skipped character, a bounded skip, a skip that is not all the
        // non-letters' business, or words that need not start with a letter: left whole.
        assert!(split(r"^[^\p{L}]+share").is_none());
        assert!(split(r"^[^\p{L}]{0,3}share").is_none());
        assert!(split(r"^[^\p{L}]*(?:share|\d+ comments)").is_none());
        assert!(split(r"^share").is_none());
        assert!(split(r"^\s*share").is_some());
    }

    fn anchor(pattern: &str) -> Option<Anchor> {
        anchored_prefixes(&regex_syntax::parse(pattern).unwrap())
    }

    fn set(strings: &[&str]) -> Set {
        strings.iter().map(|s| s.as_bytes().to_vec()).collect()
    }

    #[test]
    fn a_phrase_after_skipped_non_letters_starts_at_the_first_letter() {
        assert_eq!(
            anchor(r"(?i)^[^\p{L}]*(?:share|print|ad)(?:\s+\w+)?[^\p{L}]*$"),
            Some(Anchor::FirstLetter(set(&["ad", "prin", "shar"])))
        );
        // Prefixes are cut, and optional words give both spellings.
        assert_eq!(
            anchor(r"^[^\p{L}\p{N}]*(?:the\s+)?latest"),
            Some(Anchor::FirstLetter(set(&["late", "the"])))
        );
        assert_eq!(
            // Cut inside the second `é`: its case variants fall together.
            anchor(r"(?i)^\s*été"),
            Some(Anchor::FirstLetter(
                ["Été", "été"]
                    .iter()
                    .map(|s| s.as_bytes()[..PREFIX_BYTES].to_vec())
                    .collect()
            ))
        );
    }

    #[test]
    fn a_match_may_start_before_the_first_letter_with_a_non_letter() {
        // Digits are skipped too, and the match may start with one.
        assert_eq!(
            anchor(r"^[^\p{L}]*\d\s+of\s+\d+$"),
            Some(Anchor::FirstLetter(set(&[
                "0", "1", "2", "3", "4", "5", "6", "7", "8", "9"
            ])))
        );
        // `|` may be the match's own first character.
        assert_eq!(
            anchor(r"^[^\p{L}]*(?:login|\|)+$"),
            Some(Anchor::FirstLetter(set(&["logi", "|"])))
        );
        // Any run of non-letters is skipped, and the rest starts within it or after it.
        assert_eq!(
            anchor(r"^\d+ min read$"),
            Some(Anchor::FirstLetter(set(&[" min"])))
        );
        // Such patterns are run whole: their match need not start after the skipped run.
        let hir = regex_syntax::parse(r"^[^\p{L}]*(?:login|\|)+$").unwrap();
        assert!(split_first_letter(&hir, anchored_prefixes(&hir).as_ref()).is_none());
    }

    #[test]
    fn a_pattern_that_may_start_elsewhere_has_no_first_letter_anchor() {
        // The skipped class holds letters.
        assert_eq!(anchor(r"^\w*share"), None);
        // Not tied to the start of the line, or may start with anything.
        assert_eq!(anchor(r"share this"), None);
        assert_eq!(anchor(r"^.{0,10}share"), None);
    }

    #[test]
    fn a_pattern_without_skipping_starts_at_the_line_start() {
        assert_eq!(
            anchor(r"^(?:email check failed|post limit reached)\b"),
            Some(Anchor::LineStart(set(&["emai", "post"])))
        );
        assert_eq!(
            anchor(r"^\w+ min read$"),
            None,
            "a large class gives no prefix"
        );
    }

    #[test]
    fn letters_are_the_class_the_patterns_skip() {
        for c in ['a', 'Z', 'é', 'ł', 'Ж', '中', 'ß'] {
            assert!(is_letter(c), "{c}");
        }
        for c in ['1', ' ', '›', '“', '|', '\u{345}', '٣'] {
            assert!(!is_letter(c), "{c}");
        }
    }
}
