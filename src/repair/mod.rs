//! Mojibake repair: text that went through the wrong decoder is turned back into what was
//! meant. The only module that rewrites characters for encoding reasons.
//!
//! A line goes through, in order: the cheap gate ([`detect::needs_repair`]), HTML character
//! references ([`entities`]), reversible misreadings ([`reversible`], repeated for several
//! layers), stray C1 controls, and the lossy repairs ([`lossy`]) where bytes were lost.
//! See `docs/mojibake.md`.

mod charsets;
pub mod detect;
mod entities;
mod language;
mod lossy;
mod reversible;

use std::borrow::Cow;
use std::sync::OnceLock;

use charsets::Charset;
use language::Model;

/// One repaired span of a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    /// Byte range of `before` in the line as it was given to the repair stage.
    pub start: usize,
    pub end: usize,
    pub before: String,
    pub after: String,
    /// Which repair did it, e.g. `utf8-as-cp1252`, `lost-c1: right single quote`.
    pub rule: Cow<'static, str>,
}

/// A replacement proposed by one repair step, in the coordinates of that step's input.
#[derive(Debug, Clone)]
pub(crate) struct Edit {
    pub start: usize,
    pub end: usize,
    pub after: String,
    pub rule: Cow<'static, str>,
}

/// Applies non-overlapping edits (in any order) to `text`.
pub(crate) fn apply_edits(text: &str, edits: &[Edit]) -> String {
    let mut sorted: Vec<&Edit> = edits.iter().collect();
    sorted.sort_by_key(|e| e.start);
    let mut out = String::with_capacity(text.len());
    let mut pos = 0;
    for e in sorted {
        if e.start < pos {
            continue;
        }
        out.push_str(&text[pos..e.start]);
        out.push_str(&e.after);
        pos = e.end;
    }
    out.push_str(&text[pos..]);
    out
}

/// The layers most often stacked: no more are tried.
pub(crate) const MAX_LAYERS: usize = 4;

/// Passes over a line at most (see [`DocumentRepair::repair_line`]): a second one is rare, a
/// third rarer still.
const MAX_PASSES: u8 = 4;

/// The repair stage, built once and shared by every document (and thread).
pub struct Repairer {
    charsets: Vec<Charset>,
    roles: charsets::RoleTable,
    /// Loaded on first use: only lines with lost letters need it.
    model: OnceLock<Model>,
}

impl std::fmt::Debug for Repairer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Repairer")
            .field("charsets", &self.charsets)
            .field("model_loaded", &self.model.get().is_some())
            .finish()
    }
}

impl Default for Repairer {
    fn default() -> Self {
        Self::new()
    }
}

impl Repairer {
    pub fn new() -> Self {
        let charsets = charsets::all();
        Repairer {
            roles: charsets::RoleTable::new(&charsets),
            charsets,
            model: OnceLock::new(),
        }
    }

    /// Per-document state: evidence gathered from earlier lines of the same document.
    pub fn start_document(&self) -> DocumentRepair<'_> {
        DocumentRepair {
            repairer: self,
            evidence: lossy::DocEvidence::default(),
        }
    }
}

pub struct DocumentRepair<'r> {
    repairer: &'r Repairer,
    evidence: lossy::DocEvidence,
}

/// A fix in progress: where it came from in the original line, where it is in the current text.
struct Tracked {
    orig_start: usize,
    orig_end: usize,
    cur_start: usize,
    cur_end: usize,
    rule: Cow<'static, str>,
    /// The pass that last changed this span (0: HTML references).
    pass: u8,
}

/// Follows edits through several passes so that each final fix names the span of the line as
/// it was given, and layered repairs of one span are reported once.
#[derive(Default)]
struct Ledger {
    tracked: Vec<Tracked>,
    /// The pass now recording.
    pass: u8,
}

impl Ledger {
    /// Where a position of the current text was in the original line; a position inside an
    /// earlier fix maps to that fix's start (or end). Successive positions usually grow: the
    /// fixes already passed are then not looked at again (`cursor`: the position before, the
    /// fixes ending at or before it, the shift after the last of them).
    fn to_orig(&self, pos: usize, is_end: bool, cursor: &mut (usize, usize, isize)) -> usize {
        if pos < cursor.0 {
            *cursor = (0, 0, 0);
        }
        cursor.0 = pos;
        let (_, k, delta) = cursor;
        while let Some(t) = self.tracked.get(*k).filter(|t| pos >= t.cur_end) {
            *delta = t.orig_end as isize - t.cur_end as isize;
            *k += 1;
        }
        match self.tracked.get(*k) {
            Some(t) if pos > t.cur_start => {
                if is_end {
                    t.orig_end
                } else {
                    t.orig_start
                }
            }
            _ => (pos as isize + *delta) as usize,
        }
    }

    fn record(&mut self, edits: &mut [Edit]) {
        edits.sort_by_key(|e| e.start);
        let mut cursor = (0, 0, 0);
        let mapped: Vec<(usize, usize)> = edits
            .iter()
            .map(|e| {
                (
                    self.to_orig(e.start, false, &mut cursor),
                    self.to_orig(e.end, true, &mut cursor),
                )
            })
            .collect();
        let mut new: Vec<Tracked> = Vec::with_capacity(self.tracked.len() + edits.len());
        let mut shift: isize = 0;
        let mut old = std::mem::take(&mut self.tracked).into_iter().peekable();
        let moved = |t: Tracked, shift: isize| Tracked {
            cur_start: (t.cur_start as isize + shift) as usize,
            cur_end: (t.cur_end as isize + shift) as usize,
            ..t
        };
        for (e, &(mut o_start, mut o_end)) in edits.iter().zip(&mapped) {
            while old
                .peek()
                .is_some_and(|t| t.cur_end.max(t.cur_start + 1) <= e.start)
            {
                new.push(moved(old.next().expect("peeked"), shift));
            }
            let mut rule = e.rule.clone();
            while old.peek().is_some_and(|t| t.cur_start < e.end) {
                let t = old.next().expect("peeked");
                o_start = o_start.min(t.orig_start);
                o_end = o_end.max(t.orig_end);
                rule = merge_rules(&t.rule, &rule);
            }
            let cur_start = (e.start as isize + shift) as usize;
            shift += e.after.len() as isize - (e.end - e.start) as isize;
            new.push(Tracked {
                orig_start: o_start,
                orig_end: o_end,
                cur_start,
                cur_end: (e.end as isize + shift) as usize,
                rule,
                pass: self.pass,
            });
        }
        new.extend(old.map(|t| moved(t, shift)));
        self.tracked = new;
    }
}

/// The rule name of a span repaired by several steps: each step named once, in order.
fn merge_rules(old: &str, new: &str) -> Cow<'static, str> {
    if old == new && old == "utf8-as-cp1252" {
        return "double-cp1252".into();
    }
    let mut parts: Vec<&str> = Vec::new();
    for part in old.split(" + ").chain(new.split(" + ")) {
        if !parts.contains(&part) {
            parts.push(part);
        }
    }
    parts.join(" + ").into()
}

impl DocumentRepair<'_> {
    /// Repairs one line in place and appends what it did to `fixes`.
    pub fn repair_line(&mut self, line: &mut String, fixes: &mut Vec<Fix>) {
        if !detect::needs_repair(line) {
            return;
        }
        let mut text = std::mem::take(line);
        // The line as given, when composing it changed it: fix spans cannot point into it.
        let mut decomposed: Option<String> = None;
        // Combining marks U+0300–U+036F are CC 80–CD AF in UTF-8.
        if memchr::memchr2(0xCC, 0xCD, text.as_bytes()).is_some()
            && text.contains(|c| ('\u{300}'..='\u{36F}').contains(&c))
        {
            // Decisions are taken on the composed form, the one normalization will give the
            // line anyway, so that cleaning clean output finds nothing more to repair.
            let composed = compose(&text);
            if composed != text {
                decomposed = Some(std::mem::replace(&mut text, composed));
            }
        }
        // The line as given, kept only once something is about to change it.
        let mut original: Option<String> = None;
        let mut ledger = Ledger::default();
        let mut edits = Vec::new();
        let mut step = |text: &mut String, edits: &mut Vec<Edit>, ledger: &mut Ledger| -> bool {
            if edits.is_empty() {
                return false;
            }
            if original.is_none() {
                original = Some(text.clone());
            }
            let next = apply_edits(text, edits);
            ledger.record(edits);
            edits.clear();
            *text = next;
            true
        };

        entities::decode(&text, &mut edits);
        step(&mut text, &mut edits, &mut ledger);

        // Each pass reads the line as a second cleaning would read it: a repair can make
        // text that a step before it would repair further (`Ã` + a restored `…` is `Ã…`,
        // `Å`; a word freed of a lost `â¢` is looked up whole), so passes run until one
        // changes nothing, and repairing the output finds nothing left to do.
        // Whether a code page read showed Windows-1252 (kept over passes: the first read it).
        let mut read_as_cp1252 = false;
        for pass in 1..=MAX_PASSES {
            ledger.pass = pass;
            if self.repair_pass(
                &mut text,
                &mut edits,
                &mut ledger,
                &mut read_as_cp1252,
                &mut step,
            ) == Pass::Settled
            {
                break;
            }
        }

        let before_text = decomposed
            .as_deref()
            .or(original.as_deref())
            .unwrap_or_default();
        let spans_fit = decomposed.is_none()
            && ledger.tracked.iter().all(|t| {
                before_text.get(t.orig_start..t.orig_end).is_some()
                    && text.get(t.cur_start..t.cur_end).is_some()
            });
        if !spans_fit && !ledger.tracked.is_empty() {
            // The ledger lost track of where a chain of steps came from, or its spans are
            // in the composed line: report the whole line as one fix rather than a wrong
            // span (regressions: tests/regressions.rs).
            let rule = ledger
                .tracked
                .iter()
                .skip(1)
                .fold(ledger.tracked[0].rule.clone(), |acc, t| {
                    merge_rules(&acc, &t.rule)
                });
            fixes.push(Fix {
                start: 0,
                end: before_text.len(),
                before: before_text.to_owned(),
                after: text.clone(),
                rule,
            });
            *line = text;
            return;
        }
        for t in &ledger.tracked {
            fixes.push(Fix {
                start: t.orig_start,
                end: t.orig_end,
                before: before_text[t.orig_start..t.orig_end].to_owned(),
                after: text[t.cur_start..t.cur_end].to_owned(),
                rule: t.rule.clone(),
            });
        }
        *line = text;
    }
}

impl DocumentRepair<'_> {
    /// One pass of the steps after HTML references over `text`. What earlier steps of this
    /// pass wrote is protected from the lossy step; what earlier passes wrote is not, since a
    /// second cleaning of the output would not know it either.
    fn repair_pass(
        &mut self,
        text: &mut String,
        edits: &mut Vec<Edit>,
        ledger: &mut Ledger,
        read_as_cp1252: &mut bool,
        step: &mut impl FnMut(&mut String, &mut Vec<Edit>, &mut Ledger) -> bool,
    ) -> Pass {
        let mut changed = false;
        // The layers stopped because nothing more was read, not because none were left.
        let mut layers_settled = false;
        let all_charsets = &self.repairer.charsets;
        // A garble no code page reads (see `reversible::unreadable`) is left as it is.
        let mut first_mask = Some(reversible::candidate_charsets(
            text,
            all_charsets,
            &self.repairer.roles,
        ));
        let garbled =
            first_mask != Some(0) && reversible::unreadable(text, &all_charsets[charsets::CP1252]);
        let layers = if garbled { 0 } else { MAX_LAYERS };
        let cp1252_shown = first_mask != Some(0) && lossy::shows_cp1252(text);
        for _ in 0..layers {
            // Only the code pages in which the line has a lead byte followed by a
            // continuation byte can have misread it: most lines have none.
            let mask = first_mask.take().unwrap_or_else(|| {
                reversible::candidate_charsets(text, all_charsets, &self.repairer.roles)
            });
            if mask == 0 {
                layers_settled = true;
                break;
            }
            let charsets: Vec<&Charset> = all_charsets
                .iter()
                .enumerate()
                .filter(|(i, _)| mask & (1 << i) != 0)
                .map(|(_, cs)| cs)
                .collect();
            if let Some((fixed, rule)) =
                reversible::repair_whole_line(text, &charsets, all_charsets)
            {
                edits.push(Edit {
                    start: 0,
                    end: text.len(),
                    after: fixed,
                    rule: rule.into(),
                });
                trim_whole_line_edit(text, edits);
                changed |= step(text, edits, ledger);
                continue;
            }
            let mut layer_changed = false;
            let Some(chars) = reversible::char_offsets(text) else {
                break;
            };
            for cs in &charsets {
                let main = std::ptr::eq(*cs, &all_charsets[charsets::CP1252]);
                reversible::repair_sequences(text, &chars, cs, !main, edits);
                if step(text, edits, ledger) {
                    layer_changed = true;
                    break;
                }
            }
            if !layer_changed {
                layers_settled = true;
                break;
            }
            changed = true;
        }
        if garbled {
            return Pass::Settled;
        }
        let read_by_code_pages = changed;
        *read_as_cp1252 |= changed && cp1252_shown;
        let mut later = false;

        lossy::stray_c1(text, edits);
        later |= step(text, edits, ledger);

        lossy::split_reread_nbsp(text, edits);
        later |= step(text, edits, ledger);

        // Edits here only write `’ “ ” – — … à`, none of which the lossy step looks for:
        // the signs stay true of the line.
        let signs = lossy::signs(text);
        if signs.euro {
            lossy::lost_lead_byte(text, edits);
        }
        if signs.a_space {
            lossy::lone_a_grave(text, edits);
        }
        later |= step(text, edits, ledger);

        // The steps above changed the line in this pass: it was misread.
        let misread = ledger.tracked.iter().any(|t| t.pass == ledger.pass);
        // What the steps above wrote is repaired text: the lossy step must not read a
        // letter they restored (`Ã¢gÃ©` → `âgé`) as the remains of a lost quote. HTML
        // references count with the first pass.
        let protected: Vec<(usize, usize)> = ledger
            .tracked
            .iter()
            .filter(|t| t.pass == ledger.pass || (ledger.pass == 1 && t.pass == 0))
            .map(|t| (t.cur_start, t.cur_end))
            .collect();
        lossy::repair(
            text,
            signs.lost_bytes,
            misread,
            *read_as_cp1252,
            &protected,
            &self.repairer.model,
            &mut self.evidence,
            edits,
        );
        later |= step(text, edits, ledger);
        // Another pass can only find more where a step after the code pages wrote something
        // (it may form a new sequence or free a word), where layers were left unread, or
        // where the lossy step had work beside protected repairs it will not protect again.
        // Lines read through code pages alone are settled: their passes ran to the end.
        let settled = !later && (!read_by_code_pages || (layers_settled && !signs.lost_bytes));
        if settled {
            Pass::Settled
        } else {
            Pass::Changed
        }
    }
}

/// What one pass over a line leaves.
#[derive(Debug, PartialEq, Eq)]
enum Pass {
    /// Another pass would change nothing.
    Settled,
    /// It changed the line in a way another pass may read further.
    Changed,
}

/// The NFC form of `text`, composing only the stretches that can change: NFC never joins
/// across an ASCII character (a starter that composes with nothing before it), and leaves
/// characters below U+0300 as they are, so each run of non-ASCII characters, with the ASCII
/// character before it, is composed on its own, and only if it holds a character from
/// U+0300 up (all of which start with a byte 0xCC or more).
fn compose(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut done = 0;
    let mut i = 0;
    while i < b.len() {
        if b[i] < 0xCC {
            i += 1;
            continue;
        }
        // The run of non-ASCII characters around `i`, with the ASCII character before it.
        let mut start = i;
        while start > done && !b[start - 1].is_ascii() {
            start -= 1;
        }
        if start > done {
            start -= 1;
        }
        let mut end = i;
        while end < b.len() && !b[end].is_ascii() {
            end += 1;
        }
        out.push_str(&text[done..start]);
        out.extend(text[start..end].nfc());
        done = end;
        i = end;
    }
    out.push_str(&text[done..]);
    out
}

/// Shrinks a whole-line replacement to the parts that changed, one edit per changed stretch,
/// so that `--explain` shows the repaired spans rather than the whole line.
fn trim_whole_line_edit(text: &str, edits: &mut Vec<Edit>) {
    let Some(whole) = edits.pop() else { return };
    let fixed = whole.after.as_str();
    // The alignment below steps over equal ASCII one character at a time: a common ASCII
    // prefix is skipped at once.
    let skip = text
        .bytes()
        .zip(fixed.bytes())
        .take_while(|(x, y)| x == y && x.is_ascii())
        .count();
    // Positions are byte offsets, stepped a character at a time: nothing is built per
    // character (a line may be a megabyte long).
    let at = |s: &str, p: usize| s[p..].chars().next();
    let before = |s: &str, p: usize| s[..p].chars().next_back();
    // Align on unchanged ASCII: mojibake never touches ASCII except the spaces that `Â `/`Ã `
    // consume, so runs of ASCII letters, digits and punctuation are anchors.
    let (mut i, mut j) = (skip, skip);
    let (tb, fb) = (text.as_bytes(), fixed.as_bytes());
    while i < text.len() && j < fixed.len() {
        if tb[i] == fb[j] && tb[i].is_ascii() {
            i += 1;
            j += 1;
            continue;
        }
        let (si, sj) = (i, j);
        // Advance to the next ASCII letter or digit both sides agree on.
        let anchor = |s: &str, mut p: usize| {
            while let Some(c) = at(s, p).filter(|c| !c.is_ascii_alphanumeric()) {
                p += c.len_utf8();
            }
            p
        };
        i = anchor(text, i);
        j = anchor(fixed, j);
        if i < text.len() && j < fixed.len() && at(text, i) != at(fixed, j) {
            // Not aligned: give up and report the rest as one span.
            i = text.len();
            j = fixed.len();
        }
        // Unchanged ASCII punctuation and spaces at the end stay out of the span (but the
        // span keeps its first character).
        let (mut ei, mut ej) = (i, j);
        while let (Some(x), Some(y)) = (before(text, ei), before(fixed, ej)) {
            if x != y || !x.is_ascii() || ei - 1 <= si || ej - 1 <= sj {
                break;
            }
            ei -= 1;
            ej -= 1;
        }
        edits.push(Edit {
            start: si,
            end: ei,
            after: fixed[sj..ej].to_owned(),
            rule: whole.rule.clone(),
        });
    }
    if i < text.len() || j < fixed.len() {
        edits.push(Edit {
            start: i,
            end: text.len(),
            after: fixed[j..].to_owned(),
            rule: whole.rule.clone(),
        });
    }
    edits.retain(|e| text[e.start..e.end] != e.after);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn repair(s: &str) -> (String, Vec<Fix>) {
        let r = Repairer::new();
        let mut doc = r.start_document();
        let mut line = s.to_owned();
        let mut fixes = Vec::new();
        doc.repair_line(&mut line, &mut fixes);
        (line, fixes)
    }

    #[test]
    fn compose_matches_nfc() {
        use unicode_normalization::UnicodeNormalization;
        for s in [
            "Cafe\u{301} and nai\u{308}ve, A\u{30A}ngstro\u{308}m \u{212B}",
            "\u{301}leading mark, e\u{301}\u{302}\u{323} stacked, \u{1100}\u{1161} hangul",
            "Vie\u{323}\u{302}t Nam, Ha\u{300} No\u{323}\u{302}i; x\u{300}",
            "ASCII only",
            "\u{340}\u{341}\u{344} and \u{374}\u{37E}",
        ] {
            assert_eq!(compose(s), s.nfc().collect::<String>(), "{s}");
        }
    }

    #[test]
    fn repairer_is_shareable() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Repairer>();
    }

    #[test]
    fn fixes_name_spans_of_the_original_line() {
        let (out, fixes) = repair("It doesnâ€™t matter, cafÃ©.");
        assert_eq!(out, "It doesn’t matter, café.");
        assert_eq!(fixes.len(), 2, "{fixes:?}");
        assert_eq!(fixes[0].before, "â€™");
        assert_eq!(fixes[0].after, "’");
        assert_eq!(
            &"It doesnâ€™t matter, cafÃ©."[fixes[0].start..fixes[0].end],
            "â€™"
        );
        assert_eq!(fixes[1].before, "Ã©");
        assert_eq!(fixes[0].rule, "utf8-as-cp1252");
    }

    #[test]
    fn a_word_before_a_question_mark_is_no_lost_byte() {
        // A lead and a continuation in some code page, then `?`: the shape of a sequence
        // whose last byte was lost to `?`, but letters of a word, not mojibake.
        for s in [
            "„A ty se ptáš?“ zeptal se.",
            "Proč čekáš? Pojď dál.",
            "Чиї це? Мої? А твої?",
        ] {
            assert_eq!(repair(s).0, s, "{s}");
        }
        // Beside a sign that no word holds, the `?` is a lost byte.
        assert_eq!(
            repair("It doesnâ€?t matter, cafÃ©.").0,
            "It doesn\u{FFFD}t matter, café."
        );
    }

    #[test]
    fn a_lost_sharp_s_ending_a_word_is_no_a_grave() {
        // `ß` (C3 9F) lost its second byte before a real space: the word decides, not the
        // `Ã ` of `à` whose no-break space became a space.
        assert_eq!(
            repair("Ich weiÃ es, sagte er mit VergnÃ¼gen, daÃ sie kommt.").0,
            "Ich weiß es, sagte er mit Vergnügen, daß sie kommt."
        );
        assert_eq!(
            repair("VoilÃ  le travail, dÃ©jÃ  fait.").0,
            "Voilà le travail, déjà fait."
        );
        assert_eq!(
            repair("la cittÃ  di Roma Ã¨ bella").0,
            "la città di Roma è bella"
        );
    }

    #[test]
    fn double_layer_is_one_fix() {
        let (out, fixes) = repair("The Mona Lisa doesnÃ¢â‚¬â„¢t have eyebrows.");
        assert_eq!(out, "The Mona Lisa doesn’t have eyebrows.");
        assert_eq!(fixes.len(), 1, "{fixes:?}");
        assert_eq!(fixes[0].before, "Ã¢â‚¬â„¢");
        assert_eq!(fixes[0].rule, "double-cp1252");
    }

    #[test]
    fn unreadable_garble_is_left_alone() {
        // Mojibake of mojibake, lower-cased: `Ã` became `ã`, and no reading explains it.
        let s = "ã†â€™ãƒâ€ ã¢â‚¬â„¢ãƒæ’ã‚â¢ãƒâ¢ã¢â‚¬å¡ã‚â¬ãƒâ€šã‚â";
        assert_eq!(repair(s).0, s);
        // Whole sequences beside a real `ã` are still read.
        assert_eq!(
            repair("Não Ã© possÃ\u{AD}vel, disse a irmã â€” outra vez").0,
            "Não é possível, disse a irmã — outra vez"
        );
        assert_eq!(
            repair("ã\u{81}“ã‚“ã\u{81}«ã\u{81}¡ã\u{81}¯ã€\u{81}ä¸–ç•Œ").0,
            "こんにちは、世界"
        );
    }

    #[test]
    fn repaired_lines_are_fixed_points() {
        // Each of these needed a second pass once: a restored `…` beside a lead (`Ã…` is
        // `Å`, `â€…` a Windows-1252 reading), a word freed of a lost `â¢`, a lost `€` that
        // completes `â€™`, an `â` restored beside a lossy site.
        for s in [
            "wwbueg Ãâ¦rhonsalp",
            "mqrtmvlcÄâ¦dt",
            "jptfidk/usrșdim.â€â¦ Itâsș",
            "oionha â¦â€â¢: anabyggtmitâs",
            "txpmjfuItâsâ¢Câm.",
            "vmfccvpv â¢Ngá»i ’",
            "lunuvvgxÃ swnxlojjr Ã¢ Ã fpimhf",
        ] {
            let (once, _) = repair(s);
            let (twice, fixes) = repair(&once);
            assert_eq!(twice, once, "{s}: {fixes:?}");
        }
    }

    #[test]
    fn clean_lines_are_untouched() {
        for s in [
            "plain ascii",
            "Le château de Chambord a accueilli près de 1,2 million de visiteurs",
            "MAÇÃ SOBE 3% NA BOLSA",
            "Constantin Brâncuși s-a născut în România.",
            "As irmãs João e Conceição não vieram à reunião.",
            "Tiếng Việt: Hà Nội, thành phố",
            "Привет, как дела? Всё хорошо.",
            "Η Αθήνα είναι η πρωτεύουσα της Ελλάδας.",
            "Łódź i Gdańsk są w Polsce; żółć.",
            "Die Straße führt über die Brücke.",
            "E = mc² and √π ≈ 1.77, 5×£35, 2012—∞",
            "Emoji 😀 and ❤ are fine ✔",
        ] {
            let (out, fixes) = repair(s);
            assert_eq!(out, s);
            assert!(fixes.is_empty(), "{s}: {fixes:?}");
        }
    }
}
