//! Mojibake where bytes were lost: UTF-8 read as Latin-1 and the C1 characters (bytes
//! 0x80–0x9F) dropped, so that `’` (E2 80 99) left only `â`, `…` (E2 80 A6) left `â¦`,
//! `É` (C3 89) left `Ã`. A re-read of such text as UTF-8 glues the survivors to the next
//! bytes: `…` + no-break space → `⦠` (U+29A0).
//!
//! Punctuation is restored from its position (inside a word, before or after a quotation,
//! between spaced words); letters from the embedded language model. Where neither is clear
//! the text stays as it is.

use std::sync::OnceLock;

use super::language::{fold, parse_freqs, Choice, Model, Piece};
use super::Edit;

/// C1 controls left after the reversible repairs: a Windows-1252 byte that was decoded as
/// Latin-1 (`\u{92}` for `’`).
pub fn stray_c1(text: &str, edits: &mut Vec<Edit>) {
    for (i, c) in text.char_indices() {
        if ('\u{80}'..='\u{9F}').contains(&c) {
            let buf = [c as u32 as u8];
            let (s, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(&buf);
            let fixed = s.chars().next().unwrap_or(c);
            if fixed != c {
                edits.push(Edit {
                    start: i,
                    end: i + c.len_utf8(),
                    after: fixed.to_string(),
                    rule: "c1-as-cp1252".into(),
                });
            }
        }
    }
}

/// What a document has shown so far, to settle choices a single line cannot.
#[derive(Debug, Default)]
pub struct DocEvidence {
    /// Spaced dashes seen intact: en dash vs em dash.
    en_dashes: u32,
    em_dashes: u32,
    /// Earlier lines had lossy mojibake.
    lossy_lines: u32,
}

impl DocEvidence {
    pub fn observe_clean(&mut self, line: &str) {
        if line.contains(" – ") {
            self.en_dashes += 1;
        }
        if line.contains(" — ") {
            self.em_dashes += 1;
        }
    }
}

/// `â` + the surviving last byte of a three-byte punctuation character whose middle byte
/// (0x80–0x9F) was lost.
fn lost_middle(last: char, prev: Option<char>) -> Option<(&'static str, &'static str)> {
    Some(match last {
        '¦' => ("…", "ellipsis"),
        '¢' if prev.is_some_and(char::is_alphanumeric) => ("™", "trade mark"),
        '¢' => ("•", "bullet"),
        '¬' => ("€", "euro sign"),
        '°' => ("‰", "per mille"),
        '²' => ("′", "prime"),
        '³' => ("″", "double prime"),
        '¹' => ("‹", "single left angle quote"),
        'º' => ("›", "single right angle quote"),
        '¯' => ("\u{202F}", "narrow no-break space"),
        _ => return None,
    })
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Leads of two-byte UTF-8 sequences whose lost second byte can be a letter the model knows.
fn is_letter_lead(c: char) -> bool {
    matches!(c, 'Ã' | 'Ä' | 'Å' | 'Ç' | 'È' | 'Î' | 'Ï' | 'Ð' | 'Ñ' | 'á')
}

/// Latin-1 characters that are continuation bytes (0xA0–0xBF), which can sit inside a damaged
/// word (`Ngá»i`).
fn is_continuation(c: char) -> bool {
    ('\u{A1}'..='\u{BF}').contains(&c)
}

/// English contractions and possessives after a lost apostrophe.
fn contraction_tail(tail: &str) -> bool {
    matches!(
        tail,
        "s" | "t" | "re" | "ve" | "ll" | "d" | "m" | "S" | "T" | "RE" | "VE" | "LL" | "D" | "M"
    )
}

fn is_vowel_start(c: char) -> bool {
    "aeiouyhAEIOUYHàâäéèêëîïôöûüÀÂÄÉÈÊËÎÏÔÖÛÜÃ".contains(c)
}

/// Elided articles and pronouns of French and Italian (`l’`, `d’`, `qu’`, `dell’`).
fn elision_head(head: &str) -> bool {
    let lower = head.to_lowercase();
    matches!(
        lower.as_str(),
        "l" | "d"
            | "j"
            | "m"
            | "n"
            | "s"
            | "t"
            | "c"
            | "qu"
            | "jusqu"
            | "lorsqu"
            | "puisqu"
            | "quelqu"
            | "presqu"
            | "dell"
            | "nell"
            | "all"
            | "dall"
            | "sull"
            | "coll"
            | "un"
            | "o"
    )
}

/// Text in a language that writes `â` as a letter inside words (Vietnamese above all), where a
/// bare `â` proves nothing.
fn vietnamese(chars: &[char]) -> bool {
    chars
        .iter()
        .filter(|&&c| {
            matches!(
                c,
                '\u{1EA0}'..='\u{1EF9}' | 'ơ' | 'ư' | 'đ' | 'Đ' | 'Ơ' | 'Ư'
            )
        })
        .count()
        >= 2
}

struct Ctx<'a> {
    text: &'a str,
    chars: Vec<char>,
    offsets: Vec<usize>,
}

impl Ctx<'_> {
    fn span(&self, first: usize, last: usize) -> (usize, usize) {
        let end = self
            .offsets
            .get(last + 1)
            .copied()
            .unwrap_or(self.text.len());
        (self.offsets[first], end)
    }
    fn at(&self, i: isize) -> Option<char> {
        if i < 0 {
            None
        } else {
            self.chars.get(i as usize).copied()
        }
    }
}

pub fn repair(text: &str, model: &OnceLock<Model>, doc: &mut DocEvidence, edits: &mut Vec<Edit>) {
    if !text
        .contains(|c: char| c == 'â' || is_letter_lead(c) || ('\u{2800}'..='\u{2BFF}').contains(&c))
    {
        doc.observe_clean(text);
        return;
    }
    let ctx = Ctx {
        text,
        chars: text.chars().collect(),
        offsets: text.char_indices().map(|(o, _)| o).collect(),
    };
    let n = ctx.chars.len();
    let mut taken = vec![false; n];
    let mut strong = 0u32;
    let mut local: Vec<Edit> = Vec::new();

    // Pass 1: patterns that are mojibake wherever they occur.
    for i in 0..n {
        let c = ctx.chars[i];
        if c == 'â' {
            let prev = i.checked_sub(1).map(|p| ctx.chars[p]);
            if let Some((after, name)) = ctx.chars.get(i + 1).and_then(|&l| lost_middle(l, prev)) {
                let (s, e) = ctx.span(i, i + 1);
                local.push(edit(s, e, after, "lost-c1", name));
                taken[i] = true;
                taken[i + 1] = true;
                strong += 1;
            }
        } else if ('\u{2800}'..='\u{2BFF}').contains(&c) {
            // Re-read: E2 <last byte of the punctuation> <second byte of a Latin-1 char whose
            // C2 lead was dropped>.
            let cp = c as u32;
            let mid = char::from(0x80 | ((cp >> 6) & 0x3F) as u8);
            let tail = char::from(0x80 | (cp & 0x3F) as u8);
            let prev = i.checked_sub(1).map(|p| ctx.chars[p]);
            if let (Some((after, name)), true) = (lost_middle(mid, prev), tail >= '\u{A0}') {
                let (s, e) = ctx.span(i, i);
                local.push(edit(
                    s,
                    e,
                    &format!("{after}{tail}"),
                    "lost-c1-reread",
                    name,
                ));
                taken[i] = true;
                strong += 1;
            }
        }
    }

    // Pass 2: lost letters, chosen by the language model.
    if ctx.chars.iter().any(|&c| is_letter_lead(c)) {
        let model = model.get_or_init(Model::load);
        strong += repair_letters(&ctx, model, &mut taken, &mut local);
    }

    // Pass 3: a bare `â`, from a quote or dash whose two last bytes were lost.
    if !vietnamese(&ctx.chars) {
        let model = model.get_or_init(Model::load);
        strong += repair_bare_a(
            &ctx,
            model,
            doc,
            strong + doc.lossy_lines.min(1),
            &mut taken,
            &mut local,
        );
    }

    if strong > 0 {
        doc.lossy_lines += 1;
    } else {
        doc.observe_clean(text);
    }
    edits.extend(local);
}

fn edit(start: usize, end: usize, after: &str, rule: &str, name: &str) -> Edit {
    Edit {
        start,
        end,
        after: after.to_owned(),
        rule: format!("{rule}: {name}").into(),
    }
}

/// The characters a lost letter after lead `c` may have been, or `None` if `c` is not such a
/// lead: a two-byte UTF-8 lead keeps its 5 payload bits, the lost byte was 0x80–0x9F.
fn lost_letter_choices(c: char, at_start: bool) -> Option<Vec<Choice>> {
    if !is_letter_lead(c) || c == 'á' {
        return None;
    }
    let base = (u32::from(c as u8) & 0x1F) << 6;
    Some(choices(
        (base..base + 0x20).filter_map(char::from_u32),
        at_start,
    ))
}

fn choices(range: impl Iterator<Item = char>, at_start: bool) -> Vec<Choice> {
    range
        .filter(|c| c.is_alphabetic() && (at_start || !c.is_uppercase()))
        .map(|c| Choice {
            letter: c,
            folded: fold(c),
        })
        .collect()
}

/// Lost letters: each word with a damaged letter is searched for in the language model; the
/// spelling that is clearly the most frequent in the line's languages wins.
fn repair_letters(ctx: &Ctx<'_>, model: &Model, taken: &mut [bool], out: &mut Vec<Edit>) -> u32 {
    let n = ctx.chars.len();
    let is_word = |c: char| c.is_alphabetic() || is_continuation(c);
    let mut words: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < n {
        if is_word(ctx.chars[i]) {
            let start = i;
            while i < n && is_word(ctx.chars[i]) {
                i += 1;
            }
            words.push((start, i));
        } else {
            i += 1;
        }
    }
    // Language evidence: the intact words of the line, by language.
    let mut evidence = vec![0i32; model.langs.len()];
    for &(s, e) in &words {
        if (s..e).any(|k| is_letter_lead(ctx.chars[k]) || ctx.chars[k] == 'â') {
            continue;
        }
        let folded: String = ctx.chars[s..e].iter().map(|&c| fold(c)).collect();
        if let Some(freqs) = model.freqs(&folded) {
            for (l, z) in parse_freqs(&model.langs, freqs) {
                if z >= 40 {
                    evidence[l] += 1;
                }
            }
        }
    }
    let bonus = |l: usize| evidence[l].min(4) * 5;
    let mut fixed = 0;
    for &(s, e) in &words {
        if !(s..e).any(|k| is_letter_lead(ctx.chars[k])) || (s..e).any(|k| taken[k]) {
            continue;
        }
        // The whole run, and the parts between bare `â` (a lost apostrophe glued to a word).
        let mut spans = vec![(s, e)];
        let mut a = s;
        for k in s..=e {
            if k == e || ctx.chars[k] == 'â' {
                if a < k && (a, k) != (s, e) {
                    spans.push((a, k));
                }
                a = k + 1;
            }
        }
        for (ws, we) in spans {
            let Some(pieces) = word_pieces(ctx, ws, we) else {
                continue;
            };
            let sentence_start = sentence_start(ctx, ws);
            let mut scored: Vec<(i32, String)> = Vec::new();
            for found in model.candidates(&pieces) {
                let best = parse_freqs(&model.langs, found.freqs)
                    .map(|(l, z)| z + bonus(l))
                    .max()
                    .unwrap_or(0);
                scored.push((best, found.word));
            }
            if scored.is_empty() {
                continue;
            }
            // One spelling per word: a capital only where a sentence starts or for rare words
            // (names, in news text).
            scored.sort_by_key(|(score, _)| std::cmp::Reverse(*score));
            let top_fold: String = scored[0].1.chars().map(fold).collect();
            let variants: Vec<&(i32, String)> = scored
                .iter()
                .filter(|(_, w)| w.chars().map(fold).collect::<String>() == top_fold)
                .collect();
            let prefer_upper = sentence_start || scored[0].0 < 35;
            let chosen = variants
                .iter()
                .find(|(_, w)| w.chars().next().is_some_and(char::is_uppercase) == prefer_upper)
                .unwrap_or(&variants[0]);
            let second = scored
                .iter()
                .find(|(_, w)| w.chars().map(fold).collect::<String>() != top_fold)
                .map_or(0, |x| x.0);
            if chosen.0 < 25 || chosen.0 - second < 8 {
                continue;
            }
            let (bs, be) = ctx.span(ws, we - 1);
            out.push(Edit {
                start: bs,
                end: be,
                after: chosen.1.clone(),
                rule: "lost-c1: letter".into(),
            });
            for t in taken.iter_mut().take(we).skip(ws) {
                *t = true;
            }
            fixed += 1;
            break;
        }
    }
    fixed
}

fn sentence_start(ctx: &Ctx<'_>, i: usize) -> bool {
    let before = ctx.chars[..i].iter().rev().find(|c| !c.is_whitespace());
    before.is_none_or(|&c| ".!?:«“\"(—–•".contains(c))
}

/// Splits a damaged word into the letters that survived and the lost ones, or `None` if it
/// has no lost letter or too many to choose among.
fn word_pieces(ctx: &Ctx<'_>, ws: usize, we: usize) -> Option<Vec<Piece>> {
    let mut pieces = Vec::new();
    let mut lost = 0;
    let mut k = ws;
    while k < we {
        let c = ctx.chars[k];
        let next = ctx.chars.get(k + 1).copied().filter(|_| k + 1 < we);
        // Vietnamese: E1 BA/BB + a lost third byte.
        if c == 'á' && matches!(next, Some('º' | '»')) {
            let base = if next == Some('º') { 0x1E80 } else { 0x1EC0 };
            pieces.push(Piece::Lost(choices(
                (base..base + 0x20).filter_map(char::from_u32),
                k == ws,
            )));
            lost += 1;
            k += 2;
            continue;
        }
        if let Some(ch) = lost_letter_choices(c, k == ws) {
            pieces.push(Piece::Lost(ch));
            lost += 1;
        } else if is_continuation(c) {
            return None;
        } else {
            match pieces.last_mut() {
                Some(Piece::Kept { written, folded }) => {
                    written.push(c);
                    folded.push_str(&fold(c));
                }
                _ => pieces.push(Piece::Kept {
                    written: c.to_string(),
                    folded: fold(c),
                }),
            }
        }
        k += 1;
    }
    (lost > 0 && lost <= 6 && we - ws >= 2).then_some(pieces)
}

/// A bare `â` from a lost quote or dash, restored from its position. `evidence` counts the
/// certain lossy repairs of the line (and earlier lines): the weaker positions need some.
fn repair_bare_a(
    ctx: &Ctx<'_>,
    model: &Model,
    doc: &DocEvidence,
    evidence: u32,
    taken: &mut [bool],
    out: &mut Vec<Edit>,
) -> u32 {
    let mut decided: Vec<(usize, &'static str, &'static str, bool)> = Vec::new();
    let mut open_double = false;
    for (i, &c) in ctx.chars.iter().enumerate() {
        if c != 'â' || taken[i] {
            continue;
        }
        let prev = ctx.at(i as isize - 1);
        let next = ctx.at(i as isize + 1);
        let word_before = prev.is_some_and(is_word_char);
        let word_after = next.is_some_and(is_word_char);
        // The letters right after, up to the end of the word.
        let tail: String = ctx.chars[i + 1..]
            .iter()
            .take_while(|c| c.is_alphabetic())
            .collect();
        let after_tail = ctx.chars.get(i + 1 + tail.chars().count()).copied();
        let head: String = {
            let mut k = i;
            while k > 0 && ctx.chars[k - 1].is_alphabetic() {
                k -= 1;
            }
            ctx.chars[k..i].iter().collect()
        };
        let choice: Option<(&'static str, &'static str, bool)> = if word_before && word_after {
            let tail_ends = after_tail.is_none_or(|c| !c.is_alphabetic());
            // A word that is written with `â` (`mâine`, `coborât`, `château`) keeps it.
            let whole: String = format!("{head}â{tail}").chars().map(fold).collect();
            if model.freqs(&whole).is_some() {
                None
            } else if prev.is_some_and(char::is_numeric) && next.is_some_and(char::is_numeric) {
                Some(("–", "en dash", true))
            } else if (contraction_tail(&tail) && tail_ends)
                || (elision_head(&head) && next.is_some_and(is_vowel_start))
            {
                Some(("’", "right single quote", true))
            } else {
                None
            }
        } else if !word_before && word_after {
            let space_before = prev.is_none_or(|c| c.is_whitespace() || "([{/-".contains(c));
            if space_before && next.is_some_and(|c| c.is_uppercase() || c.is_numeric()) {
                open_double = true;
                Some(("“", "left double quote", true))
            } else if space_before {
                open_double = true;
                Some(("“", "left double quote", false))
            } else {
                None
            }
        } else if word_before || prev.is_some_and(|c| ".,;:!?)…".contains(c)) {
            // Closing: after a word or punctuation, before a space, punctuation or the end.
            let next_ok = next.is_none_or(|c| c.is_whitespace() || ".,;:!?)".contains(c));
            if !next_ok {
                None
            } else if !word_before {
                open_double = false;
                Some(("”", "right double quote", true))
            } else if open_double {
                open_double = false;
                Some(("”", "right double quote", false))
            } else {
                Some(("’", "right single quote", false))
            }
        } else {
            // Between spaces (or at an edge): a dash.
            let spaced =
                prev.is_none_or(char::is_whitespace) && next.is_none_or(char::is_whitespace);
            if spaced && prev.is_some() && next.is_some() {
                if doc.en_dashes > doc.em_dashes {
                    Some(("–", "en dash", false))
                } else {
                    Some(("—", "em dash", false))
                }
            } else {
                None
            }
        };
        if let Some((after, name, certain)) = choice {
            decided.push((i, after, name, certain));
        }
    }
    let certain = decided.iter().filter(|d| d.3).count() as u32;
    if certain + evidence == 0 {
        return 0;
    }
    for (i, after, name, _) in &decided {
        let (s, e) = ctx.span(*i, *i);
        out.push(edit(s, e, after, "lost-c1", name));
        taken[*i] = true;
    }
    certain
}
