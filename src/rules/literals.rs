//! Required literals of a regex: a set of strings one of which occurs in every match. A line
//! with none of a rule's literals cannot match the rule, so its regex is never run there
//! (most lines meet no rule at all; see `prefilter`).
//!
//! Strings are bytes with ASCII letters lowered, to be searched ASCII-case-insensitively.
//! Case folding beyond ASCII is exact (`(?i)é` gives `é` and `É`), except for the two
//! characters that fold to ASCII letters ([`ASCII_FOLD_TWINS`]): `(?i)k` also matches the
//! Kelvin sign, but spelling out every such variant would double the literals, so a line
//! holding either character is left to the regexes (see `prefilter`).

use regex_syntax::hir::{Class, Hir, HirKind};

/// The non-ASCII characters that case-fold to an ASCII letter: long s (`s`) and the Kelvin
/// sign (`k`). Literals leave them out; the prefilter passes every line that has one.
pub const ASCII_FOLD_TWINS: [char; 2] = ['\u{17F}', '\u{212A}'];

/// A class of at most this many characters becomes one string per character.
const MAX_CLASS_CHARS: usize = 8;
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
    /// Strings one of which occurs in every match (never holds the empty string).
    required: Option<Set>,
}

impl Info {
    fn exact(set: Set) -> Info {
        let required = useful(&set).then(|| set.clone());
        Info {
            exact: Some(set),
            required,
        }
    }

    fn unknown() -> Info {
        Info {
            exact: None,
            required: None,
        }
    }
}

/// The strings one of which occurs (ASCII case aside) in any text the regex matches, or
/// `None` when no such set was found (the regex must then run on every line).
pub fn required_literals(hir: &Hir) -> Option<Set> {
    analyze(hir).required
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
                _ => Info {
                    exact: None,
                    required: sub.required,
                },
            }
        }
        HirKind::Concat(subs) => concat(subs),
        HirKind::Alternation(subs) => alternation(subs),
    }
}

/// The strings of a small class, or `None` for a large one (`\w`, `\p{L}`, `[^…]`).
fn class_strings(class: &Class) -> Option<Set> {
    let mut set = Vec::new();
    match class {
        Class::Unicode(class) => {
            for range in class.ranges() {
                for c in range.start()..=range.end() {
                    if ASCII_FOLD_TWINS.contains(&c) {
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
            for range in class.ranges() {
                for b in range.start()..=range.end() {
                    if set.len() == MAX_CLASS_CHARS {
                        return None;
                    }
                    set.push(vec![b.to_ascii_lowercase()]);
                }
            }
        }
    }
    Some(normalized(set))
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
            Some(set) => match product(&run, &set) {
                Some(longer) => run = longer,
                None => {
                    whole_is_exact = false;
                    candidates.push(std::mem::replace(&mut run, set));
                }
            },
            None => {
                whole_is_exact = false;
                candidates.push(std::mem::replace(&mut run, vec![Vec::new()]));
                candidates.extend(info.required);
            }
        }
    }
    if whole_is_exact {
        return Info::exact(run);
    }
    candidates.push(run);
    Info {
        exact: None,
        required: candidates
            .into_iter()
            .filter(useful)
            .max_by_key(selectivity),
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
                .flat_map(|i| i.exact.clone().unwrap())
                .collect(),
        );
        if union.len() <= MAX_EXACT {
            return Info::exact(union);
        }
    }
    let mut union = Vec::new();
    for info in infos {
        match info.required {
            Some(set) => union.extend(set),
            None => return Info::unknown(),
        }
    }
    let union = normalized(union);
    Info {
        exact: None,
        required: (union.len() <= MAX_REQUIRED).then_some(union),
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

/// Longer shortest string first (fewer chance hits), then fewer strings.
fn selectivity(set: &Set) -> (usize, std::cmp::Reverse<usize>) {
    let shortest = set.iter().map(Vec::len).min().unwrap_or(0);
    (shortest, std::cmp::Reverse(set.len()))
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

    #[test]
    fn alternation_branches_each_give_their_best() {
        assert_eq!(
            literals(r"\bfoo\s+bar|bazz\d+"),
            Some(vec!["bar".into(), "bazz".into()])
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
        assert_eq!(literals(r"(?:ads)?\d+"), None);
        assert_eq!(literals(r"ads|\d+"), None);
    }

    #[test]
    fn optional_parts_multiply_into_variants() {
        assert_eq!(
            literals(r"(?:web)?site"),
            Some(vec!["site".into(), "website".into()])
        );
    }
}
