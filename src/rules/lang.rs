//! A small guess at a document's language from its commonest function words, so rules
//! written for one language (`languages = ["de"]`) stay quiet on pages in another.

use super::structure::is_alphabetic;

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
fn stop_word_languages(lower: &str) -> u8 {
    match lower {
        "al" => bit(Lang::Es),
        "and" => bit(Lang::En),
        "are" => bit(Lang::En),
        "au" => bit(Lang::Fr),
        "auch" => bit(Lang::De),
        "auf" => bit(Lang::De),
        "aux" => bit(Lang::Fr),
        "avec" => bit(Lang::Fr),
        "be" => bit(Lang::En),
        "by" => bit(Lang::En),
        "ce" => bit(Lang::Fr),
        "como" => bit(Lang::Es),
        "con" => bit(Lang::Es),
        "dans" => bit(Lang::Fr),
        "das" => bit(Lang::De),
        "del" => bit(Lang::Es),
        "dem" => bit(Lang::De),
        "den" => bit(Lang::De),
        "der" => bit(Lang::De),
        "des" => bit(Lang::Fr),
        "die" => bit(Lang::De),
        "du" => bit(Lang::Fr),
        "ein" => bit(Lang::De),
        "eine" => bit(Lang::De),
        "el" => bit(Lang::Es),
        "en" => bit(Lang::Es),
        "es" => bit(Lang::Es),
        "est" => bit(Lang::Fr),
        "et" => bit(Lang::Fr),
        "for" => bit(Lang::En),
        "from" => bit(Lang::En),
        "für" => bit(Lang::De),
        "has" => bit(Lang::En),
        "have" => bit(Lang::En),
        "il" => bit(Lang::Fr),
        "im" => bit(Lang::De),
        "is" => bit(Lang::En),
        "ist" => bit(Lang::De),
        "it" => bit(Lang::En),
        "la" => bit(Lang::Fr),
        "las" => bit(Lang::Es),
        "le" => bit(Lang::Fr),
        "les" => bit(Lang::Fr),
        "lo" => bit(Lang::Es),
        "los" => bit(Lang::Es),
        "mit" => bit(Lang::De),
        "más" => bit(Lang::Es),
        "nicht" => bit(Lang::De),
        "of" => bit(Lang::En),
        "on" => bit(Lang::En),
        "para" => bit(Lang::Es),
        "pas" => bit(Lang::Fr),
        "pero" => bit(Lang::Es),
        "por" => bit(Lang::Es),
        "pour" => bit(Lang::Fr),
        "que" => bit(Lang::Fr) | bit(Lang::Es),
        "qui" => bit(Lang::Fr),
        "se" => bit(Lang::Es),
        "sich" => bit(Lang::De),
        "sie" => bit(Lang::De),
        "sont" => bit(Lang::Fr),
        "su" => bit(Lang::Es),
        "sur" => bit(Lang::Fr),
        "sus" => bit(Lang::Es),
        "that" => bit(Lang::En),
        "the" => bit(Lang::En),
        "this" => bit(Lang::En),
        "to" => bit(Lang::En),
        "una" => bit(Lang::Es),
        "und" => bit(Lang::De),
        "une" => bit(Lang::Fr),
        "von" => bit(Lang::De),
        "was" => bit(Lang::En),
        "were" => bit(Lang::En),
        "which" => bit(Lang::En),
        "wird" => bit(Lang::De),
        "with" => bit(Lang::En),
        "y" => bit(Lang::Es),
        "zu" => bit(Lang::De),
        _ => 0,
    }
}

const fn bit(lang: Lang) -> u8 {
    1 << lang as u8
}

/// Whether a lower-cased word is a function word in any of the known languages.
pub fn is_stop_word(lower: &str) -> bool {
    stop_word_languages(lower) != 0
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
        // Lowered on the stack: a word of up to 6 bytes lowers to at most 9 (`İ` is 2
        // bytes and lowers to 3).
        let mut buf = [0u8; 18];
        for word in text.split(|c: char| !is_alphabetic(c)) {
            if word.is_empty() || word.len() > 6 {
                continue;
            }
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
            let lower = std::str::from_utf8(&buf[..len]).expect("encoded characters");
            let langs = stop_word_languages(lower);
            for (i, lang) in ALL.iter().enumerate() {
                self.counts[i] += u32::from(langs & bit(*lang) != 0);
            }
        }
        let mut ranked: [(u32, Lang); 4] = std::array::from_fn(|i| (self.counts[i], ALL[i]));
        ranked.sort_by_key(|r| std::cmp::Reverse(r.0));
        let (best, second) = (ranked[0].0, ranked[1].0);
        if best >= 30 && best >= 2 * second {
            self.decided = Some(ranked[0].1);
        }
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

    /// Stop words beyond ASCII count in any case (`FÜR`, `Más`); `İ` lowers to two
    /// characters and a word of six such bytes still fits the stack buffer.
    #[test]
    fn stop_words_beyond_ascii_count_in_any_case() {
        assert_eq!(guess("FÜR Für für İİİ", 30), Some(Lang::De));
        assert_eq!(guess("MÁS Más", 30), Some(Lang::Es));
    }
}
