//! The embedded model of languages that lost-letter repair chooses with: word frequencies in
//! 29 languages (built by `data/build.py` from `wordfreq`, see NOTICE.md).
//!
//! Each word is indexed under the form lossy mojibake gives it (its UTF-8 bytes read as
//! Latin-1 with 0x80–0x9F dropped: `Straße` → `StraÃe`, `Łódź` → `Åódź`), so a damaged word
//! finds its candidates with one lookup.

use std::collections::HashMap;

static WORDS: &str = include_str!("data/words.txt");

/// Languages whose frequency lists fold `ß` into `ss`.
const SHARP_S_LANGS: &[&str] = &["de"];

/// A word of the model with its Zipf frequency (×10) per language.
#[derive(Debug)]
pub struct Entry {
    pub word: String,
    pub freqs: Vec<(u8, u8)>,
}

#[derive(Debug)]
pub struct Model {
    pub langs: Vec<&'static str>,
    entries: Vec<Entry>,
    /// Damaged form → entries.
    by_damaged: HashMap<String, Vec<u32>>,
    /// Lower-case word → entry, for language evidence.
    by_word: HashMap<&'static str, u32>,
}

/// What lossy mojibake leaves of `word`: each character whose UTF-8 form has a byte in
/// 0x80–0x9F keeps only its other bytes, as Latin-1 characters.
pub fn damage(word: &str) -> String {
    let mut out = String::with_capacity(word.len() + 4);
    let mut buf = [0u8; 4];
    for c in word.chars() {
        let bytes = c.encode_utf8(&mut buf).as_bytes();
        if bytes.iter().any(|b| (0x80..=0x9F).contains(b)) {
            out.extend(
                bytes
                    .iter()
                    .filter(|b| !(0x80..=0x9F).contains(*b))
                    .map(|&b| char::from(b)),
            );
        } else {
            out.push(c);
        }
    }
    out
}

fn capitalized(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

impl Model {
    pub fn load() -> Self {
        let mut lines = WORDS.lines();
        let header = lines.next().unwrap_or_default();
        let langs: Vec<&'static str> = header.trim_start_matches('#').split_whitespace().collect();
        let mut entries = Vec::new();
        let mut by_damaged: HashMap<String, Vec<u32>> = HashMap::new();
        let mut by_word = HashMap::new();
        for line in lines {
            let Some((word, rest)) = line.split_once('\t') else {
                continue;
            };
            let freqs: Vec<(u8, u8)> = rest
                .split(' ')
                .filter_map(|kv| {
                    let (l, z) = kv.split_once('=')?;
                    let li = langs.iter().position(|&x| x == l)?;
                    Some((li as u8, z.parse().ok()?))
                })
                .collect();
            let idx = entries.len() as u32;
            by_word.insert(word, idx);
            let sharp_s = freqs
                .iter()
                .any(|&(l, _)| SHARP_S_LANGS.contains(&langs[l as usize]));
            let mut forms = vec![word.to_owned()];
            if sharp_s && word.contains("ss") {
                for (i, _) in word.match_indices("ss") {
                    forms.push(format!("{}ß{}", &word[..i], &word[i + 2..]));
                }
            }
            for form in forms {
                for cased in [form.clone(), capitalized(&form)] {
                    let key = damage(&cased);
                    if key != cased {
                        let list = by_damaged.entry(key).or_default();
                        let e = entries.len() as u32;
                        list.push(e);
                        entries.push(Entry {
                            word: cased,
                            freqs: freqs.clone(),
                        });
                    }
                }
            }
            if entries.len() as u32 == idx {
                // Keep an entry for evidence even when no form of the word can be damaged.
                entries.push(Entry {
                    word: word.to_owned(),
                    freqs,
                });
            } else {
                by_word.insert(word, idx);
            }
        }
        Model {
            langs,
            entries,
            by_damaged,
            by_word,
        }
    }

    /// The words that lossy mojibake would turn into `damaged`.
    pub fn candidates(&self, damaged: &str) -> impl Iterator<Item = &Entry> {
        self.by_damaged
            .get(damaged)
            .into_iter()
            .flatten()
            .map(|&i| &self.entries[i as usize])
    }

    /// Frequencies of an intact word (any case), for evidence of the line's language.
    pub fn word_freqs(&self, word: &str) -> Option<&[(u8, u8)]> {
        let lower = word.to_lowercase();
        self.by_word
            .get(lower.as_str())
            .map(|&i| self.entries[i as usize].freqs.as_slice())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn damage_matches_the_corruption() {
        assert_eq!(damage("Straße"), "StraÃe");
        assert_eq!(damage("École"), "Ãcole");
        assert_eq!(damage("Łódź"), "Åódź");
        assert_eq!(damage("café"), "café");
    }

    #[test]
    fn finds_candidates() {
        let m = Model::load();
        let words: Vec<&str> = m.candidates("StraÃe").map(|e| e.word.as_str()).collect();
        assert!(words.contains(&"Straße"), "{words:?}");
        let words: Vec<&str> = m.candidates("Ãcole").map(|e| e.word.as_str()).collect();
        assert!(words.contains(&"École"), "{words:?}");
        assert!(m.word_freqs("the").is_some());
    }
}
