//! Patterns that end in a bounded run of a large class: `X[C]{m,n}W$`, such as a photo
//! credit, `(?:photo|credit)\s*:\s*[\p{L}\p{N} .,'-]{1,60}$`. Compiled as one automaton,
//! the run is `n` copies of the class's UTF-8 automaton (20,000 states for that credit, a
//! megabyte, and a tenth of the start-up time). Here the run is checked a character at a
//! time instead, and only `X` and `W` are automata:
//!
//! the line matches when `W` matches a suffix of it starting at some `f`, the `k` characters
//! before `f` are in `C` with `m ≤ k ≤ n`, and a match of `X` ends where they start. The
//! starts of `W`'s suffixes come from a reverse search anchored at the line's end, and the
//! ends of `X`'s matches from a forward search that reports every match (both see the whole
//! line around them, so `\b` and `^` mean what they meant in the whole pattern).

use regex_syntax::hir::{Hir, HirKind, Look};

use super::charclass::CharClass;
use super::lazy::{self, LazyRegex};

/// A run estimated to compile past this many bytes is checked by hand.
const SPLIT_BYTES: u64 = 256 << 10;

#[derive(Debug)]
pub struct TailRun {
    /// `X`, asked where its matches end.
    head: LazyRegex,
    run: CharClass,
    min: usize,
    max: usize,
    /// `W`, asked where its matches that end the line start; `None` when empty.
    suffix: Option<LazyRegex>,
}

impl TailRun {
    /// `X[C]{m,n}W$` split into its parts, when the run is large and the split exact: no
    /// look-around in `W`, and no Unicode `\b` anywhere (its lazy DFA could not search every
    /// line, and the searches here have no slower engine to fall back on).
    pub fn split(hir: &Hir) -> Result<Option<TailRun>, String> {
        let HirKind::Concat(subs) = hir.kind() else {
            return Ok(None);
        };
        let Some((last, body)) = subs.split_last() else {
            return Ok(None);
        };
        if !matches!(last.kind(), HirKind::Look(Look::End))
            || hir.properties().look_set().contains_word_unicode()
        {
            return Ok(None);
        }
        let Some(at) = body.iter().rposition(|sub| large_run(sub).is_some()) else {
            return Ok(None);
        };
        let (class, min, max) = large_run(&body[at]).expect("found above");
        let after = &body[at + 1..];
        if after
            .iter()
            .any(|sub| !sub.properties().look_set().is_empty())
        {
            return Ok(None);
        }
        let suffix = match after.is_empty() {
            true => None,
            false => Some(LazyRegex::suffixes(Hir::concat(after.to_vec()))?),
        };
        Ok(Some(TailRun {
            head: LazyRegex::ends(Hir::concat(body[..at].to_vec()))?,
            run: class,
            min,
            max,
            suffix,
        }))
    }

    pub fn is_match(&self, text: &str) -> bool {
        let mut suffixes = Vec::new();
        match &self.suffix {
            Some(suffix) => suffix.suffix_starts(text, &mut suffixes),
            None => suffixes.push(text.len()),
        }
        // For each suffix, where `X` may end: from `min` characters of the run before it
        // back to as many as the run allows.
        let mut windows: Vec<(usize, usize)> = Vec::with_capacity(suffixes.len());
        for f in suffixes {
            let mut latest = (self.min == 0).then_some(f);
            let mut earliest = f;
            for (k, (i, c)) in text[..f].char_indices().rev().enumerate() {
                if k == self.max || !self.run.contains(c) {
                    break;
                }
                earliest = i;
                if k + 1 == self.min {
                    latest = Some(i);
                }
            }
            if let Some(latest) = latest {
                windows.push((earliest, latest));
            }
        }
        let Some(upto) = windows.iter().map(|&(_, latest)| latest).max() else {
            return false;
        };
        self.head.any_end(text, upto, |end| {
            windows.iter().any(|&(a, b)| (a..=b).contains(&end))
        })
    }
}

/// `X(?:Y)?W` where `Y` holds a large run, as the two alternatives `XW` and `XYW` (the same
/// lines): a run inside an optional group cannot be split out, and in the second
/// alternative it can (`AGENCY(?:\s*via\s*[\p{L} .]{1,40})?\s*$`).
pub fn expand_optional_run(hir: Hir) -> Vec<Hir> {
    let HirKind::Concat(subs) = hir.kind() else {
        return vec![hir];
    };
    let optional_run = |sub: &Hir| match sub.kind() {
        HirKind::Repetition(rep) if rep.min == 0 && rep.max == Some(1) => match rep.sub.kind() {
            HirKind::Concat(parts) => parts.iter().any(|p| large_run(p).is_some()),
            _ => large_run(&rep.sub).is_some(),
        },
        _ => false,
    };
    let Some(at) = subs.iter().position(optional_run) else {
        return vec![hir];
    };
    let HirKind::Repetition(rep) = subs[at].kind() else {
        unreachable!("found above")
    };
    let (before, after) = (&subs[..at], &subs[at + 1..]);
    let without = before.iter().chain(after).cloned().collect();
    let with = before
        .iter()
        .chain([rep.sub.as_ref()])
        .chain(after)
        .cloned()
        .collect();
    vec![Hir::concat(without), Hir::concat(with)]
}

/// `[C]{m,n}` whose automaton would be large: the class and the bounds.
fn large_run(hir: &Hir) -> Option<(CharClass, usize, usize)> {
    let HirKind::Repetition(rep) = hir.kind() else {
        return None;
    };
    let (HirKind::Class(class), Some(max)) = (rep.sub.kind(), rep.max) else {
        return None;
    };
    (lazy::compiled_size(hir) > SPLIT_BYTES)
        .then(|| (CharClass::of(class), rep.min as usize, max as usize))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(pattern: &str) -> Option<TailRun> {
        TailRun::split(&regex_syntax::parse(pattern).unwrap()).unwrap()
    }

    /// The split pattern matches exactly the lines the whole one does.
    #[test]
    fn a_split_tail_matches_what_the_whole_pattern_matches() {
        let patterns = [
            r"(?i)(?:credit|photo)\s*:\s*[\p{L}\p{N} .,/&'’()-]{1,60}$",
            r"(?i)(?-u:\b)(?:getty\s+images|afp)\s*(?:via|/|,|-)\s*[\p{L}\p{N} .&'’-]{1,40}\s*\)?$",
            r"(?i)^photo\s*:\s*[\p{L}\p{N} .]{3,20}$",
            r"(?i)(?-u:\b)foto(?-u:\b)[\p{L} ]{0,12}$",
        ];
        let long = "x".repeat(70);
        let lines = [
            "Photo: Jane Doe, AP".to_owned(),
            "The rabbitCredit: Getty - Contributor".to_owned(),
            "photo:".to_owned(),
            "Photo: Jane Doe; AP".to_owned(),
            format!("Credit: {long}"),
            format!("Credit: {}", "é".repeat(60)),
            format!("Credit: {}", "é".repeat(61)),
            "Officials inspect the site. AFP via Getty Images".to_owned(),
            "Officials inspect the site (Getty Images / Reuters )".to_owned(),
            "Officials inspect the site (Getty Images / Reuters ) today".to_owned(),
            "AFP - Ünal Çelik\t)".to_owned(),
            "photo: ab".to_owned(),
            "photo: abc".to_owned(),
            "xphoto: abc".to_owned(),
            "Foto".to_owned(),
            "Fotos der Woche".to_owned(),
            "Eine Foto von heute".to_owned(),
            "credit: photo: Jane".to_owned(),
            String::new(),
        ];
        for pattern in patterns {
            let tail = split(pattern).unwrap_or_else(|| panic!("{pattern} was not split"));
            let whole = regex::Regex::new(pattern).unwrap();
            for line in &lines {
                assert_eq!(
                    tail.is_match(line),
                    whole.is_match(line),
                    "{pattern} on {line:?}"
                );
            }
        }
    }

    /// An optional group holding the run becomes two alternatives, the second of them split,
    /// and together they match what the whole pattern does.
    #[test]
    fn an_optional_run_is_expanded_into_a_splittable_alternative() {
        let pattern = r"(?i)(?-u:\b)(?:getty\s+images|afp)(?:\s*(?:via|/|-)\s*[\p{L}\p{N} .&'’-]{1,40})?\s*\)?$";
        let alternatives = expand_optional_run(regex_syntax::parse(pattern).unwrap());
        assert_eq!(alternatives.len(), 2);
        assert!(TailRun::split(&alternatives[0]).unwrap().is_none());
        let tail = TailRun::split(&alternatives[1]).unwrap().expect("split");
        let short = regex::Regex::new(&alternatives[0].to_string()).unwrap();
        let whole = regex::Regex::new(pattern).unwrap();
        for line in [
            "Officials inspect the site. AFP via Getty Images",
            "(Getty Images / Reuters )",
            "Getty Images",
            "AFP)",
            "AFP - Ünal Çelik\t)",
            "AFP via Getty Images today, 12:30",
            "an afpx photo",
        ] {
            assert_eq!(
                short.is_match(line) || tail.is_match(line),
                whole.is_match(line),
                "{line:?}"
            );
        }
        assert_eq!(
            expand_optional_run(regex_syntax::parse("ab?c").unwrap()).len(),
            1
        );
    }

    #[test]
    fn small_runs_and_look_arounds_after_the_run_stay_whole() {
        assert!(split(r"photo:\s*[a-z]{1,60}$").is_none());
        assert!(split(r"photo:\s*[\p{L}]{1,60}\b$").is_none());
        assert!(split(r"(?u:\b)photo:\s*[\p{L}]{1,60}$").is_none());
        assert!(split(r"photo:\s*[\p{L}]{1,60}").is_none());
    }
}
