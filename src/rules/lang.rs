//! A small guess at a document's language from its commonest function words, so rules
//! written for one language (`languages = ["de"]`) stay quiet on pages in another.

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

    /// Function words frequent in running text of this language and rare in the others.
    fn stop_words(self) -> &'static [&'static str] {
        match self {
            Lang::En => &[
                "the", "and", "of", "to", "is", "that", "was", "for", "with", "it", "on", "are",
                "by", "this", "be", "have", "from", "which", "were", "has",
            ],
            Lang::De => &[
                "der", "die", "und", "den", "das", "ist", "nicht", "mit", "sich", "auf", "für",
                "eine", "ein", "dem", "auch", "wird", "von", "sie", "zu", "im",
            ],
            Lang::Fr => &[
                "le", "la", "les", "et", "des", "est", "une", "du", "dans", "que", "pour", "qui",
                "pas", "sur", "au", "avec", "il", "sont", "ce", "aux",
            ],
            Lang::Es => &[
                "el", "los", "las", "y", "del", "que", "en", "una", "por", "con", "para", "es",
                "se", "su", "al", "lo", "como", "más", "pero", "sus",
            ],
        }
    }
}

/// Whether a lower-cased word is a function word in any of the known languages.
pub fn is_stop_word(lower: &str) -> bool {
    ALL.iter().any(|l| l.stop_words().contains(&lower))
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
        for word in text.split(|c: char| !c.is_alphabetic()) {
            if word.is_empty() || word.len() > 6 {
                continue;
            }
            let lower = word.to_lowercase();
            for (i, lang) in ALL.iter().enumerate() {
                if lang.stop_words().contains(&lower.as_str()) {
                    self.counts[i] += 1;
                }
            }
        }
        let mut ranked: Vec<(u32, Lang)> = self.counts.iter().copied().zip(ALL).collect();
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

    #[test]
    fn guesses_german_and_english() {
        let mut g = LangGuess::default();
        for _ in 0..5 {
            g.observe("Die Regierung hat sich auf eine neue Regel für den Verkehr und die Schule geeinigt, das ist nicht neu.");
        }
        assert_eq!(g.current(), Some(Lang::De));
        let mut g = LangGuess::default();
        for _ in 0..5 {
            g.observe(
                "The minister said that the plan was ready and that it would be put to the vote.",
            );
        }
        assert_eq!(g.current(), Some(Lang::En));
    }
}
