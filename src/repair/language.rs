//! The embedded model of languages that lost-letter repair chooses with: word frequencies in
//! 29 languages (built by `data/build.py` from `wordfreq`, see NOTICE.md).
//!
//! The list is kept as the text it is embedded as, sorted by UTF-8 bytes, and searched in
//! place, through an index made at build time (`build.rs`). Candidates for a damaged word are
//! found by walking the sorted list like a trie, one lost letter at a time, so a word with
//! several lost letters costs a few binary searches rather than every combination.

static WORDS: &str = include_str!("data/words.txt");
static TRIGRAMS: &str = include_str!("data/trigrams.txt");
// `WORD_STARTS`, `WORD_FIRST` and `WORD_PAIRS`: the list's index, made by `build.rs`.
include!(concat!(env!("OUT_DIR"), "/word_index.rs"));

/// Stop a search that branches this much: the word is too damaged to choose well. A prefix
/// that starts a word costs [`LIVE_STEP`], one that starts none (most choices of a lost
/// letter) costs 1: a Cyrillic word with four lost letters in a row (`ÑÑÑÑÑи`, `тысячи`)
/// tries tens of thousands of prefixes, a few hundred of them live.
const MAX_STEPS: usize = 60_000;
const LIVE_STEP: usize = 4;

#[derive(Debug)]
pub struct Model {
    pub langs: Langs,
    /// Byte offsets of the word lines in `WORDS`.
    starts: &'static [u32],
    /// `first[b]`: the index of the first word whose first byte is `b` or more.
    first: &'static [u32; 257],
    /// The words starting with two given ASCII small letters: `pairs[(a, b)] = (start, end)`
    /// (most lookups are of such words).
    pairs: &'static [(u32, u32); 26 * 26],
}

/// A character a lost letter may have been: what to write, and how the list spells it.
#[derive(Debug, Clone)]
pub struct Choice {
    pub letter: char,
    pub folded: Folded,
}

/// How the list spells one letter ([`fold`]), kept inline: choices are made by the dozen
/// for every lost letter.
#[derive(Debug, Clone, Copy)]
pub struct Folded {
    buf: [u8; 12],
    len: u8,
}

impl Folded {
    pub fn of(c: char) -> Self {
        let mut buf = [0u8; 12];
        let mut len = 0;
        let mut put = |c: char| {
            len += c.encode_utf8(&mut buf[len..]).len();
        };
        match c {
            'ß' | 'ẞ' => "ss".chars().for_each(&mut put),
            'ς' => put('σ'),
            'ş' | 'Ş' => put('ș'),
            'ţ' | 'Ţ' => put('ț'),
            _ if c.is_ascii() => put(c.to_ascii_lowercase()),
            // At most three characters of up to three bytes each.
            _ => c.to_lowercase().for_each(&mut put),
        }
        Folded {
            buf,
            len: len as u8,
        }
    }
}

impl std::ops::Deref for Folded {
    type Target = str;
    fn deref(&self) -> &str {
        std::str::from_utf8(&self.buf[..usize::from(self.len)]).expect("built from chars")
    }
}

/// One part of a damaged word: letters that survived, or a lost letter's choices.
#[derive(Debug, Clone)]
pub enum Piece {
    Kept { written: String, folded: String },
    Lost(Vec<Choice>),
}

/// A candidate repair of a word: its spelling and its frequencies.
#[derive(Debug)]
pub struct Found {
    pub word: String,
    pub freqs: &'static str,
}

/// How the frequency lists spell a letter: lower case, `ß` as `ss`, `ş`/`ţ` as `ș`/`ț`.
pub fn fold(c: char) -> String {
    let mut out = String::new();
    fold_into(c, &mut out);
    out
}

/// [`fold`], appended to `out`.
pub fn fold_into(c: char, out: &mut String) {
    match c {
        'ß' | 'ẞ' => out.push_str("ss"),
        'ς' => out.push('σ'),
        // Romanian written with cedillas (`şi`, `ţară`, older text and Turkish keyboards) is
        // the same language as with commas below (`și`, `țară`), the lists' spelling.
        'ş' | 'Ş' => out.push('ș'),
        'ţ' | 'Ţ' => out.push('ț'),
        _ if c.is_ascii() => out.push(c.to_ascii_lowercase()),
        _ => out.extend(c.to_lowercase()),
    }
}

/// How the frequency lists spell a word.
pub fn fold_word(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for c in word.chars() {
        fold_into(c, &mut out);
    }
    out
}

/// The model for steps that run before the lossy one and consult it rarely (the reversible
/// step, for `Ã` + space ending a word): it is static text, loading builds nothing.
pub fn shared_model() -> &'static Model {
    static MODEL: std::sync::OnceLock<Model> = std::sync::OnceLock::new();
    MODEL.get_or_init(Model::load)
}

impl Model {
    pub fn load() -> Self {
        let header_end = WORDS.find('\n').map_or(WORDS.len(), |i| i + 1);
        Model {
            langs: Langs::new(&WORDS[..header_end]),
            starts: &WORD_STARTS,
            first: &WORD_FIRST,
            pairs: &WORD_PAIRS,
        }
    }

    /// The words that start with the first bytes of `key` (two small ASCII letters, or one
    /// byte), as a range of indices.
    fn bucket(&self, key: &[u8]) -> (usize, usize) {
        if let [a @ b'a'..=b'z', b @ b'a'..=b'z', ..] = key {
            let (start, end) = self.pairs[usize::from(a - b'a') * 26 + usize::from(b - b'a')];
            return (start as usize, end as usize);
        }
        match key.first() {
            Some(&b) => (
                self.first[usize::from(b)] as usize,
                self.first[usize::from(b) + 1] as usize,
            ),
            None => (0, self.starts.len()),
        }
    }

    fn word_at(&self, i: usize) -> &'static str {
        let line = &WORDS[self.starts[i] as usize..];
        let end = line.find('\t').unwrap_or(line.len());
        &line[..end]
    }

    fn freqs_at(&self, i: usize) -> &'static str {
        let line = &WORDS[self.starts[i] as usize..];
        let line = &line[..line.find('\n').unwrap_or(line.len())];
        line.split_once('\t').map_or("", |(_, f)| f)
    }

    /// Frequencies of a word as the list spells it, e.g. `"fr=61 pt=12"`.
    pub fn freqs(&self, folded: &str) -> Option<&'static str> {
        let f = folded.as_bytes();
        let (lo, hi) = self.bucket(f);
        let i = lo + self.starts[lo..hi].partition_point(|&s| before_key(s, f));
        (i < hi && self.word_at(i) == folded).then(|| self.freqs_at(i))
    }

    /// Every spelling of the damaged word that the list knows.
    pub fn candidates(&self, pieces: &[Piece]) -> Vec<Found> {
        let mut found = Vec::new();
        let mut steps = 0;
        let mut written = String::new();
        let mut folded = String::new();
        self.walk(
            pieces,
            0,
            self.starts.len(),
            &mut written,
            &mut folded,
            &mut found,
            &mut steps,
        );
        if steps > MAX_STEPS {
            found.clear();
        }
        found
    }

    #[allow(clippy::too_many_arguments)]
    fn walk(
        &self,
        pieces: &[Piece],
        lo: usize,
        hi: usize,
        written: &mut String,
        folded: &mut String,
        found: &mut Vec<Found>,
        steps: &mut usize,
    ) {
        *steps += if lo < hi { LIVE_STEP } else { 1 };
        if *steps > MAX_STEPS || lo >= hi {
            return;
        }
        let Some((first, rest)) = pieces.split_first() else {
            if self.word_at(lo) == folded.as_str() {
                found.push(Found {
                    word: written.clone(),
                    freqs: self.freqs_at(lo),
                });
            }
            return;
        };
        let (wl, fl) = (written.len(), folded.len());
        match first {
            Piece::Kept {
                written: w,
                folded: f,
            } => {
                written.push_str(w);
                folded.push_str(f);
                let (a, b) = self.narrow_fast(lo, hi, folded);
                self.walk(rest, a, b, written, folded, found, steps);
            }
            Piece::Lost(choices) => {
                for ch in choices {
                    written.push(ch.letter);
                    folded.push_str(&ch.folded);
                    let (a, b) = self.narrow_fast(lo, hi, folded);
                    self.walk(rest, a, b, written, folded, found, steps);
                    written.truncate(wl);
                    folded.truncate(fl);
                }
            }
        }
        written.truncate(wl);
        folded.truncate(fl);
    }

    fn narrow_fast(&self, lo: usize, hi: usize, prefix: &str) -> (usize, usize) {
        let p = prefix.as_bytes();
        // Every word with the prefix is in the bucket of its first byte.
        let (b_lo, b_hi) = self.bucket(p);
        let (lo, hi) = (lo.max(b_lo), hi.min(b_hi).max(lo.max(b_lo)));
        let slice = &self.starts[lo..hi];
        let first = slice.partition_point(|&s| before_key(s, p));
        // A prefix holds no tab, so a line that starts with it is a word that does.
        let len = slice[first..].partition_point(|&s| starts_with_key(s, p));
        (lo + first, lo + first + len)
    }
}

/// The first `len + 1` bytes of the line at `start`: compared with a key of `len` bytes they
/// order as the word alone would, because the tab after a word sorts before every letter
/// (a word that is a prefix of the key meets the tab where the key goes on).
fn word_then_tab(start: u32, len: usize) -> &'static [u8] {
    let bytes = WORDS.as_bytes();
    let start = start as usize;
    &bytes[start..(start + len + 1).min(bytes.len())]
}

/// `word_then_tab(start, key.len()) < key`, comparing a byte at a time (keys are short: a
/// loop beats a call to `memcmp`).
fn before_key(start: u32, key: &[u8]) -> bool {
    let line = word_then_tab(start, key.len());
    for (a, b) in line.iter().zip(key) {
        if a != b {
            return a < b;
        }
    }
    line.len() < key.len()
}

/// `word_then_tab(start, key.len()).starts_with(key)`, a byte at a time.
fn starts_with_key(start: u32, key: &[u8]) -> bool {
    let line = word_then_tab(start, key.len());
    line.len() >= key.len() && line.iter().zip(key).all(|(a, b)| a == b)
}

/// Letter trigrams of the Latin-script languages (`data/trigrams.txt`): how often each
/// language writes a trigram that holds a non-ASCII letter, words framed by `_`. Searched in
/// place like the word list; nothing is built.
pub struct Trigrams {
    pub langs: Langs,
    body: &'static [u8],
}

/// The cost (−4 × log2 probability) of a trigram a language does not have: below the floor
/// the list was cut at (1e-6, cost 80).
pub const UNSEEN_TRIGRAM: u32 = 96;

impl Trigrams {
    pub fn load() -> Self {
        let header_end = TRIGRAMS.find('\n').map_or(TRIGRAMS.len(), |i| i + 1);
        Trigrams {
            langs: Langs::new(&TRIGRAMS[..header_end]),
            body: &TRIGRAMS.as_bytes()[header_end..],
        }
    }

    /// The costs of `trigram` (as the list spells it, framed by `_`) by language, e.g.
    /// `"pl=59"`, or `None` when no language writes it.
    pub fn costs(&self, trigram: &str) -> Option<&'static str> {
        let line = find_line(self.body, trigram.as_bytes())?;
        let text = std::str::from_utf8(line).ok()?;
        text.split_once('\t').map(|(_, f)| f)
    }

    /// The cost of `trigram` in each language ([`UNSEEN_TRIGRAM`] where it is not listed).
    fn cost_vector(&self, trigram: &str) -> Vec<u32> {
        let mut costs = vec![UNSEEN_TRIGRAM; self.langs.len()];
        if let Some(listed) = self.costs(trigram) {
            for (l, q) in parse_freqs(&self.langs, listed) {
                costs[l] = q as u32;
            }
        }
        costs
    }
}

/// Trigram costs of the spellings of one word: the spellings share most of their trigrams,
/// so each is looked up once.
pub struct TrigramCosts<'t> {
    trigrams: &'t Trigrams,
    cache: std::collections::HashMap<[char; 3], Vec<u32>>,
    framed: Vec<char>,
    key: String,
}

impl<'t> TrigramCosts<'t> {
    pub fn new(trigrams: &'t Trigrams) -> Self {
        TrigramCosts {
            trigrams,
            cache: std::collections::HashMap::new(),
            framed: Vec::new(),
            key: String::new(),
        }
    }

    /// Adds to `totals` (one per language) the cost of every trigram of `word` that holds a
    /// non-ASCII letter. `word` is spelled as the list spells it (see [`fold_word`]).
    pub fn add_costs(&mut self, word: &str, totals: &mut [u32]) {
        self.framed.clear();
        self.framed.push('_');
        self.framed.extend(word.chars());
        self.framed.push('_');
        for tri in self.framed.windows(3) {
            if tri.iter().all(char::is_ascii) {
                continue;
            }
            let tri = [tri[0], tri[1], tri[2]];
            let costs = self.cache.entry(tri).or_insert_with(|| {
                self.key.clear();
                self.key.extend(tri);
                self.trigrams.cost_vector(&self.key)
            });
            for (t, c) in totals.iter_mut().zip(costs.iter()) {
                *t += c;
            }
        }
    }
}

/// The line of a sorted `key<TAB>…` list whose key is `key`, by binary search on the bytes.
fn find_line(body: &'static [u8], key: &[u8]) -> Option<&'static [u8]> {
    let (mut lo, mut hi) = (0, body.len());
    // `lo` is always a line start: every line before it has a smaller key, every line
    // starting at or after `hi` a greater one.
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        let start = memchr::memrchr(b'\n', &body[lo..mid]).map_or(lo, |i| lo + i + 1);
        let end = memchr::memchr(b'\n', &body[start..]).map_or(body.len(), |i| start + i);
        let line = &body[start..end];
        let word = &line[..memchr::memchr(b'\t', line).unwrap_or(line.len())];
        match word.cmp(key) {
            std::cmp::Ordering::Less => lo = end + 1,
            std::cmp::Ordering::Greater => hi = start,
            std::cmp::Ordering::Equal => return Some(line),
        }
    }
    None
}

/// The language codes of a list header, with a table from code to index.
#[derive(Debug)]
pub struct Langs {
    names: Vec<&'static str>,
    /// Index by the two letters of a code (5 bits each); `u8::MAX` for none.
    index: [u8; 1024],
}

impl Langs {
    fn new(header: &'static str) -> Self {
        let names: Vec<&'static str> = header.trim_start_matches('#').split_whitespace().collect();
        let mut index = [u8::MAX; 1024];
        for (i, name) in names.iter().enumerate() {
            if let Some(k) = code_key(name.as_bytes()) {
                index[k] = i as u8;
            }
        }
        Langs { names, index }
    }

    /// The index of a language code.
    pub fn position(&self, code: &[u8]) -> Option<usize> {
        let i = self.index[code_key(code)?];
        (i != u8::MAX && self.names[i as usize].as_bytes() == code).then_some(i as usize)
    }
}

fn code_key(code: &[u8]) -> Option<usize> {
    match code {
        [a, b] => Some((usize::from(*a & 31) << 5) | usize::from(*b & 31)),
        _ => None,
    }
}

impl std::ops::Deref for Langs {
    type Target = [&'static str];
    fn deref(&self) -> &Self::Target {
        &self.names
    }
}

/// Parses `"fr=61 pt=12"` into (language index, Zipf × 10).
pub fn parse_freqs<'a>(
    langs: &'a Langs,
    freqs: &'a str,
) -> impl Iterator<Item = (usize, i32)> + 'a {
    freqs
        .as_bytes()
        .split(|&b| b == b' ')
        .filter_map(move |kv| {
            let eq = kv.iter().position(|&b| b == b'=')?;
            let (l, z) = (&kv[..eq], &kv[eq + 1..]);
            if z.is_empty() || z.len() > 9 || !z.iter().all(u8::is_ascii_digit) {
                return None;
            }
            let z = z
                .iter()
                .fold(0i32, |acc, &d| acc * 10 + i32::from(d - b'0'));
            Some((langs.position(l)?, z))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kept(s: &str) -> Piece {
        Piece::Kept {
            written: s.to_owned(),
            folded: s.chars().map(fold).collect(),
        }
    }

    fn lost(range: std::ops::RangeInclusive<char>) -> Piece {
        Piece::Lost(
            range
                .map(|c| Choice {
                    letter: c,
                    folded: Folded::of(c),
                })
                .collect(),
        )
    }

    #[test]
    fn finds_lost_letters() {
        let m = Model::load();
        let words = |p: &[Piece]| {
            m.candidates(p)
                .into_iter()
                .map(|f| f.word)
                .collect::<Vec<_>>()
        };
        assert!(words(&[kept("Stra"), lost('À'..='ß'), kept("e")]).contains(&"Straße".to_owned()));
        assert!(words(&[lost('À'..='ß'), kept("cole")]).contains(&"École".to_owned()));
        assert!(words(&[lost('ŀ'..='ş'), kept("ódź")]).contains(&"Łódź".to_owned()));
        assert!(m.freqs("the").is_some());
        assert!(m.freqs("zzzzqx").is_none());
    }

    #[test]
    fn folded_letters_match_fold() {
        for c in ['a', 'Z', 'É', 'ß', 'ẞ', 'ς', 'Σ', 'İ', 'Ł', 'Ǆ', 'Ω', 'ﬃ'] {
            assert_eq!(&*Folded::of(c), fold(c), "{c}");
        }
    }

    #[test]
    fn trigram_lookup() {
        let t = Trigrams::load();
        assert!(t.langs.contains(&"pl") && !t.langs.contains(&"ru"));
        let pl = t.langs.iter().position(|&l| l == "pl").unwrap();
        let costs = |g: &str| parse_freqs(&t.langs, t.costs(g).unwrap_or("")).collect::<Vec<_>>();
        assert!(costs("ółk").iter().any(|&(l, _)| l == pl));
        assert!(t.costs("óńk").is_none());
        // The first and last lines of the list are found too.
        let first = TRIGRAMS.lines().nth(1).unwrap().split('\t').next().unwrap();
        let last = TRIGRAMS.lines().last().unwrap().split('\t').next().unwrap();
        assert!(t.costs(first).is_some() && t.costs(last).is_some());
        let mut totals = vec![0; t.langs.len()];
        TrigramCosts::new(&t).add_costs("żółkiewka", &mut totals);
        let best = (0..totals.len()).min_by_key(|&l| totals[l]).unwrap();
        assert_eq!(t.langs[best], "pl");
    }
}
