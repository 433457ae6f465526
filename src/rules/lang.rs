//! A small guess at a document's language from its commonest function words, so rules
//! written for one language (`languages = ["de"]`) stay quiet on pages in another.

use super::line_stats::{first_ascii_word, AsciiWord};
use super::structure::is_alphabetic;

/// Words longer than this many bytes are not looked up: no function word is.
const STOP_WORD_BYTES: usize = 6;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    En,
    De,
    Fr,
    Es,
}

const ALL: [Lang; 4] = [Lang::En, Lang::De, Lang::Fr, Lang::Es];

impl Lang {
    pub fn from_code(code: &str) -> Option<Lang> {
        match code.to_ascii_lowercase().as_str() {
            "en" => Some(Lang::En),
            "de" => Some(Lang::De),
            "fr" => Some(Lang::Fr),
            "es" => Some(Lang::Es),
            _ => None,
        }
    }

    /// The ISO 639-1 code.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::De => "de",
            Lang::Fr => "fr",
            Lang::Es => "es",
        }
    }
}

/// The languages (as bits, see [`bit`]) in whose running text a lower-cased word is a
/// frequent function word, rare in the others. A `match` rather than lists: it runs on every
/// short word of a page until the language is clear.
fn stop_word_languages(lower: &[u8]) -> u8 {
    match lower {
        b"al" => bit(Lang::Es),
        b"and" => bit(Lang::En),
        b"are" => bit(Lang::En),
        b"au" => bit(Lang::Fr),
        b"auch" => bit(Lang::De),
        b"auf" => bit(Lang::De),
        b"aux" => bit(Lang::Fr),
        b"avec" => bit(Lang::Fr),
        b"be" => bit(Lang::En),
        b"by" => bit(Lang::En),
        b"ce" => bit(Lang::Fr),
        b"como" => bit(Lang::Es),
        b"con" => bit(Lang::Es),
        b"dans" => bit(Lang::Fr),
        b"das" => bit(Lang::De),
        b"del" => bit(Lang::Es),
        b"dem" => bit(Lang::De),
        b"den" => bit(Lang::De),
        b"der" => bit(Lang::De),
        b"des" => bit(Lang::Fr),
        b"die" => bit(Lang::De),
        b"du" => bit(Lang::Fr),
        b"ein" => bit(Lang::De),
        b"eine" => bit(Lang::De),
        b"el" => bit(Lang::Es),
        b"en" => bit(Lang::Es),
        b"es" => bit(Lang::Es),
        b"est" => bit(Lang::Fr),
        b"et" => bit(Lang::Fr),
        b"for" => bit(Lang::En),
        b"from" => bit(Lang::En),
        b"f\xc3\xbcr" => bit(Lang::De),
        b"has" => bit(Lang::En),
        b"have" => bit(Lang::En),
        b"il" => bit(Lang::Fr),
        b"im" => bit(Lang::De),
        b"is" => bit(Lang::En),
        b"ist" => bit(Lang::De),
        b"it" => bit(Lang::En),
        b"la" => bit(Lang::Fr),
        b"las" => bit(Lang::Es),
        b"le" => bit(Lang::Fr),
        b"les" => bit(Lang::Fr),
        b"lo" => bit(Lang::Es),
        b"los" => bit(Lang::Es),
        b"mit" => bit(Lang::De),
        b"m\xc3\xa1s" => bit(Lang::Es),
        b"nicht" => bit(Lang::De),
        b"of" => bit(Lang::En),
        b"on" => bit(Lang::En),
        b"para" => bit(Lang::Es),
        b"pas" => bit(Lang::Fr),
        b"pero" => bit(Lang::Es),
        b"por" => bit(Lang::Es),
        b"pour" => bit(Lang::Fr),
        b"que" => bit(Lang::Fr) | bit(Lang::Es),
        b"qui" => bit(Lang::Fr),
        b"se" => bit(Lang::Es),
        b"sich" => bit(Lang::De),
        b"sie" => bit(Lang::De),
        b"sont" => bit(Lang::Fr),
        b"su" => bit(Lang::Es),
        b"sur" => bit(Lang::Fr),
        b"sus" => bit(Lang::Es),
        b"that" => bit(Lang::En),
        b"the" => bit(Lang::En),
        b"this" => bit(Lang::En),
        b"to" => bit(Lang::En),
        b"una" => bit(Lang::Es),
        b"und" => bit(Lang::De),
        b"une" => bit(Lang::Fr),
        b"von" => bit(Lang::De),
        b"was" => bit(Lang::En),
        b"were" => bit(Lang::En),
        b"which" => bit(Lang::En),
        b"wird" => bit(Lang::De),
        b"with" => bit(Lang::En),
        b"y" => bit(Lang::Es),
        b"zu" => bit(Lang::De),
        _ => 0,
    }
}

const fn bit(lang: Lang) -> u8 {
    1 << lang as u8
}

/// Whether a lower-cased word is a function word in any of the known languages.
pub fn is_stop_word(lower: &str) -> bool {
    stop_word_languages(lower.as_bytes()) != 0
}

/// Running counts of function words; decides once the evidence is clear.
#[derive(Debug, Default)]
pub struct LangGuess {
    counts: [u32; 4],
    decided: Option<Lang>,
}

impl LangGuess {
    pub fn current(&self) -> Option<Lang> {
        self.decided
    }

    pub fn observe(&mut self, text: &str) {
        if self.decided.is_some() {
            return;
        }
        let before = self.counts;
        if text.is_ascii() {
            self.observe_ascii(text.as_bytes());
        } else {
            self.observe_chars(text);
        }
        // Undecided on these counts before: most lines (menus, bylines) hold no function
        // word, and then the ranking would answer the same.
        if self.counts == before {
            return;
        }
        let mut ranked: [(u32, Lang); 4] = std::array::from_fn(|i| (self.counts[i], ALL[i]));
        ranked.sort_by_key(|r| std::cmp::Reverse(r.0));
        let (best, second) = (ranked[0].0, ranked[1].0);
        if best >= 30 && best >= 2 * second {
            self.decided = Some(ranked[0].1);
        }
    }

    /// Counts a lower-cased word if it is a function word.
    fn count(&mut self, lower: &[u8]) {
        let langs = stop_word_languages(lower);
        if langs != 0 {
            for (i, lang) in ALL.iter().enumerate() {
                self.counts[i] += u32::from(langs & bit(*lang) != 0);
            }
        }
    }

    /// The words of an ASCII line: runs of ASCII letters (what `is_alphabetic` accepts
    /// there), those of up to 6 letters counted. Each is found, measured and lowered from
    /// one load of eight bytes at its start or before it (`first_ascii_word`): a page in a
    /// language the guess does not know is read to its end.
    fn observe_ascii(&mut self, bytes: &[u8]) {
        let mut i = 0;
        while i < bytes.len() {
            match first_ascii_word(&bytes[i..]) {
                AsciiWord::None => i += 8,
                AsciiWord::Whole {
                    start,
                    len,
                    lowered,
                } => {
                    if len <= STOP_WORD_BYTES {
                        self.count(&lowered.to_le_bytes()[..len]);
                    }
                    i += start + len;
                }
                // Read again from its start, where it is whole or eight letters long.
                AsciiWord::Open { start } if start > 0 => i += start,
                AsciiWord::Open { .. } => {
                    i += 8;
                    while i < bytes.len() && bytes[i].is_ascii_alphabetic() {
                        i += 1;
                    }
                }
            }
        }
    }

    /// The words of any line: runs of letters (`is_alphabetic`), those of up to 6 bytes
    /// lowered on the stack. ASCII bytes are told apart by their value; only the others
    /// are decoded (the curly quotes and dashes of a line otherwise ASCII).
    fn observe_chars(&mut self, text: &str) {
        let bytes = text.as_bytes();
        let (mut i, mut start) = (0, 0);
        while i < bytes.len() {
            let (letter, len) = match bytes[i] {
                b if b.is_ascii() => (b.is_ascii_alphabetic(), 1),
                _ => {
                    let c = text[i..].chars().next().expect("a character starts here");
                    (is_alphabetic(c), c.len_utf8())
                }
            };
            if !letter {
                self.count_word(&text[start..i]);
                start = i + len;
            }
            i += len;
        }
        self.count_word(&text[start..]);
    }

    /// Counts a word of up to 6 bytes, lowered on the stack.
    fn count_word(&mut self, word: &str) {
        if word.is_empty() || word.len() > STOP_WORD_BYTES {
            return;
        }
        // A word of up to 6 bytes lowers to at most 9 (`İ` is 2 bytes and lowers to 3).
        let mut buf = [0u8; 18];
        let len = if word.is_ascii() {
            buf[..word.len()].copy_from_slice(word.as_bytes());
            buf[..word.len()].make_ascii_lowercase();
            word.len()
        } else {
            let mut len = 0;
            for c in word.chars().flat_map(char::to_lowercase) {
                if len + c.len_utf8() > buf.len() {
                    break;
                }
                len += c.encode_utf8(&mut buf[len..]).len();
            }
            len
        };
        self.count(&buf[..len]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The guess after seeing `line` `times` times.
    fn guess(line: &str, times: usize) -> Option<Lang> {
        let mut g = LangGuess::default();
        for _ in 0..times {
            g.observe(line);
        }
        g.current()
    }

    #[test]
    fn guesses_german_and_english() {
        assert_eq!(
            guess("Die Regierung hat sich auf eine neue Regel für den Verkehr und die Schule geeinigt, das ist nicht neu.", 5),
            Some(Lang::De)
        );
        assert_eq!(
            guess(
                "The minister said that the plan was ready and that it would be put to the vote.",
                5
            ),
            Some(Lang::En)
        );
    }

    /// On ASCII lines the pass by bytes counts what the pass by characters counts.
    #[test]
    fn the_ascii_pass_agrees_with_the_pass_by_characters() {
        for line in [
            "",
            "The minister said that the plan was ready, and that it would be put to the vote.",
            "DIE Regierung hat sich auf eine neue Regel geeinigt: das ist nicht neu (2024).",
            "y-el 3los_la de'l L'homme qu'il est... A1b2c3 THAT'S",
            "abcdefg abcdef THE\tthe\nAnd",
            "internationally the x und ab-und-zu QUE que.le,la;el abcdefghijklmnop y",
            "aaaaaaa the bbbbbbbb und ccccccccc que 1234567the 12345678und the",
        ] {
            assert_eq!(by_bytes(line), by_chars(line), "{line:?}");
        }
    }

    fn by_bytes(line: &str) -> [u32; 4] {
        let mut g = LangGuess::default();
        g.observe_ascii(line.as_bytes());
        g.counts
    }

    fn by_chars(line: &str) -> [u32; 4] {
        let mut g = LangGuess::default();
        g.observe_chars(line);
        g.counts
    }

    /// The words of a line split by characters (the implementation before the walk that
    /// decodes only what is not ASCII).
    fn by_split(line: &str) -> [u32; 4] {
        let mut g = LangGuess::default();
        for word in line.split(|c: char| !is_alphabetic(c)) {
            g.count_word(word);
        }
        g.counts
    }

    proptest::proptest! {
        #[test]
        fn any_line_beyond_ascii(line in "((the|und|que|für|FÜR|más|MÁS|le|y|[A-Za-zéßÄİſ]{1,7})[ ,.'’“”—…\u{a0}0-9]{1,2}){0,12}") {
            proptest::prop_assert_eq!(by_chars(&line), by_split(&line));
        }
    }

    proptest::proptest! {
        #[test]
        fn any_ascii_line(line in "[ -~\t]{0,60}|((the|a|und|que|le|[A-Za-z]{1,8})[ ,.'0-9]){0,12}|((the|und|y|[A-Za-z]{1,12})[ ,0-9]{1,9}){0,12}") {
            proptest::prop_assert_eq!(by_bytes(&line), by_chars(&line));
        }
    }

    /// Stop words beyond ASCII count in any case (`FÜR`, `Más`); `İ` lowers to two
    /// characters and a word of six such bytes still fits the stack buffer.
    #[test]
    fn stop_words_beyond_ascii_count_in_any_case() {
        assert_eq!(guess("FÜR Für für İİİ", 30), Some(Lang::De));
        assert_eq!(guess("MÁS Más", 30), Some(Lang::Es));
    }
}
