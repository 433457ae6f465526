//! How mojibake looks: a cheap gate that lets clean lines through, and a "badness" score
//! that compares a stretch of text with a candidate repair of it.
//!
//! Mojibake of UTF-8 has a shape that real text almost never has: an accented capital
//! followed by a symbol (`Ã©`), a math sign inside a word (`r√©gime`), a Cyrillic capital
//! followed by a Latin-1 symbol (`Р°`), C1 control characters. The score counts those
//! shapes; a repair is taken only if it removes enough of them.

/// What a character is, as far as the shape of mojibake is concerned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Class {
    AsciiLower,
    AsciiUpper,
    AsciiDigit,
    /// ASCII space and punctuation.
    AsciiOther,
    /// U+0080–U+009F: never meant in text.
    C1,
    /// Non-ASCII Latin capital.
    Upper,
    /// Non-ASCII Latin small letter.
    Lower,
    /// Punctuation that text uses next to letters: dashes, ellipsis, bullet, NBSP.
    Common,
    /// The apostrophe `’`, at home on both sides of letters.
    Quote,
    /// `”`, which ends a quotation and so is not followed by a letter.
    Closer,
    /// Symbols that open a phrase and may stand before a letter: « ¿ ¡ „ ‚ ‹.
    Opener,
    /// Other Latin-1 / code-page symbols (© ® ° ± ¢ ¤ ¦ § ¨ ¬ ¯ ´ ¸ € ™ † ‡ ‰ ƒ ˆ ˜ √ ∂ …).
    Symbol,
    /// A Cyrillic letter that Russian does not use (typical of Windows-1251 mojibake: ѓ ѕ ђ).
    RareCyrillic,
    Cyrillic,
    Greek,
    /// Letters of other scripts written from UTF-8 3-byte sequences (CJK, Hangul, Thai, Indic).
    FarScript,
    /// Hebrew, Arabic.
    Semitic,
    /// Characters that a misreading produces but text does not use (IPA, Armenian, rare
    /// Latin Extended-B, box drawing next to letters…).
    Implausible,
    Other,
}

pub fn class_of(c: char) -> Class {
    use Class::*;
    match c {
        'a'..='z' => AsciiLower,
        'A'..='Z' => AsciiUpper,
        '0'..='9' => AsciiDigit,
        '\0'..='\u{7F}' => AsciiOther,
        '\u{80}'..='\u{9F}' => C1,
        '’' => Quote,
        '”' => Closer,
        '\u{A0}' => AsciiOther,
        '…' | '–' | '—' | '•' | '·' | '\u{AD}' => Common,
        '«' | '¿' | '¡' | '„' | '‚' | '‹' | '‘' | '“' => Opener,
        '\u{A1}'..='\u{BF}' | '×' | '÷' => Symbol,
        'À'..='Þ' => Upper,
        'ß'..='ÿ' => Lower,
        // Long s and the Maltese dotted G: what `Å¿`-like sequences decode to, not letters
        // of current text.
        'ſ' | 'Ġ' | 'ġ' => Implausible,
        '\u{100}'..='\u{17F}' => {
            // Latin Extended-A alternates capital/small, with three runs offset by one.
            let cp = c as u32;
            let upper = match cp {
                0x139..=0x148 | 0x179..=0x17E => cp % 2 == 1,
                0x17F => false,
                0x138 => false,
                0x149 => false,
                _ => cp % 2 == 0,
            };
            if upper {
                Upper
            } else {
                Lower
            }
        }
        // Pinyin, Vietnamese, Romanian comma-below, Croatian digraphs.
        '\u{1A0}'..='\u{1B0}' | '\u{1C4}'..='\u{1DC}' | '\u{218}'..='\u{21B}' => {
            if c.is_uppercase() {
                Upper
            } else {
                Lower
            }
        }
        'ƒ' => Symbol,
        '\u{180}'..='\u{24F}' | '\u{250}'..='\u{2AF}' | '\u{1D00}'..='\u{1DBF}' => Implausible,
        // Spacing modifiers: the few that code pages carry are symbols, the rest implausible.
        'ˆ' | 'ˇ' | '˘' | '˙' | '˚' | '˛' | '˜' | '˝' => Symbol,
        'ʻ' | 'ʼ' => Lower,
        '\u{2B0}'..='\u{2FF}' => Implausible,
        '\u{300}'..='\u{36F}' => Other,
        '\u{370}'..='\u{3FF}' | '\u{1F00}'..='\u{1FFF}' => Greek,
        '\u{400}'..='\u{40F}' | '\u{450}'..='\u{45F}' | 'Ґ' | 'ґ' => RareCyrillic,
        '\u{410}'..='\u{44F}' | '\u{460}'..='\u{52F}' => Cyrillic,
        '\u{530}'..='\u{58F}' => Implausible,
        '\u{590}'..='\u{6FF}' => Semitic,
        '\u{700}'..='\u{8FF}' => Implausible,
        '\u{900}'..='\u{DFF}' | '\u{E00}'..='\u{E7F}' => FarScript,
        '\u{1E00}'..='\u{1EFF}' => {
            if c.is_uppercase() {
                Upper
            } else {
                Lower
            }
        }
        '€' | '™' | '†' | '‡' | '‰' | '›' => Symbol,
        '\u{2000}'..='\u{206F}' => Other,
        // Maths and technical signs that MacRoman and cp437 put where UTF-8 has lead bytes.
        '√' | '∂' | '∑' | '∏' | '∫' | '≈' | '∆' | '◊' | '≤' | '≥' | '∞' | '≠' | '\u{F8FF}'
        | 'ﬁ' | 'ﬂ' => Symbol,
        '\u{2500}'..='\u{259F}' => Symbol,
        '\u{3040}'..='\u{30FF}' | '\u{3400}'..='\u{9FFF}' | '\u{AC00}'..='\u{D7AF}' => FarScript,
        '\u{E000}'..='\u{F8FE}' => Implausible,
        _ => Other,
    }
}

impl Class {
    fn is_latin_letter(self) -> bool {
        matches!(
            self,
            Class::AsciiLower | Class::AsciiUpper | Class::Upper | Class::Lower
        )
    }
    fn is_script_letter(self) -> bool {
        matches!(
            self,
            Class::Cyrillic
                | Class::RareCyrillic
                | Class::Greek
                | Class::FarScript
                | Class::Semitic
        )
    }
}

/// Badness of one character on its own.
fn char_weight(c: char, class: Class) -> u32 {
    match class {
        Class::C1 => 3,
        Class::Implausible => 4,
        // The two leads of nearly all Latin-1 mojibake; real text has them almost only in
        // capitals (SÃO, CHÂTEAU), where a repair finds no sequence to decode anyway.
        _ if c == '\u{FFFD}' || c == 'Ã' || c == 'Â' => 1,
        // Signs that text hardly uses but that MacRoman and Windows-1252 mojibake is full of
        // (`√©`, `¬Æ`, `â‚¬`); the Apple logo is MacRoman's F0, the lead of every emoji.
        _ if matches!(
            c,
            '√' | '¬' | '‚' | '¤' | '¦' | '¨' | '¯' | '¸' | 'ˆ' | '˜' | '‹' | '›' | '\u{F8FF}'
        ) =>
        {
            1
        }
        _ => 0,
    }
}

/// Badness of two adjacent characters.
fn pair_weight(a: Class, b: Class, a_latin1: bool, b_latin1: bool) -> u32 {
    use Class::*;
    match (a, b) {
        (Upper | Lower, Quote | Closer) => 0,
        // `HÃ”TEL`: a closing quote glued to the next word.
        (Closer, AsciiLower | AsciiUpper | Upper | Lower) => 1,
        // `Ã©`, `Â£`, `Å¡`: an accented letter followed by a code-page symbol.
        (Upper | Lower, Symbol) => 2,
        // Not for curly quotes: `JOSÉ’S`, `Ã’s` are how capitals meet apostrophes.
        (Upper, Common) => 1,
        (Lower, Common) => 1,
        // `r√©`: a symbol glued to the end of a word.
        (AsciiLower | AsciiUpper, Symbol) => 1,
        (Symbol, Symbol) => 1,
        (Symbol, Upper | Lower) => 1,
        (Symbol, RareCyrillic | Cyrillic) => 2,
        // `Ãœ`, `Ã¶Ã`: a capital and a small accented letter side by side.
        (Lower, Upper) => 2,
        // `Äô`, `Ã¶`: within Latin-1, a capital followed by a small accented letter.
        (Upper, Lower) if a_latin1 && b_latin1 => 2,
        (Upper, Lower) | (Lower, AsciiUpper) => 1,
        (AsciiLower, Upper) => 1,
        // `Ã«`: an opening sign glued to the end of a word.
        (Upper | Lower, Opener) => 2,
        (Opener, Symbol) => 1,
        // Windows-1251 mojibake: `РїР`, `С‚`.
        (Cyrillic | RareCyrillic, Symbol | Common | Quote | Closer | Opener | C1) => 2,
        (Cyrillic, RareCyrillic) | (RareCyrillic, Cyrillic) | (RareCyrillic, RareCyrillic) => 1,
        // Scripts glued together inside a word.
        (x, y) if x.is_script_letter() && y.is_latin_letter() => 2,
        (x, y) if x.is_latin_letter() && y.is_script_letter() => 2,
        (x, y) if x.is_script_letter() && y.is_script_letter() && x != y => {
            if matches!((x, y), (Cyrillic, RareCyrillic) | (RareCyrillic, Cyrillic)) {
                1
            } else {
                2
            }
        }
        (Greek | Semitic | FarScript, Symbol) | (Symbol, Greek) => 1,
        _ => 0,
    }
}

/// How much a run of characters looks like mojibake.
pub fn badness(chars: impl IntoIterator<Item = char>) -> u32 {
    let mut scan = BadnessScan::default();
    let total: u32 = chars.into_iter().map(|c| scan.step(c)).sum();
    total - scan.refund
}

/// The length of the run of ASCII bytes that `bytes` starts with, eight bytes at a time:
/// most of a line is ASCII, and every scan of it skips those runs.
pub fn ascii_run(bytes: &[u8]) -> usize {
    const HIGH_BITS: u64 = 0x8080_8080_8080_8080;
    let mut n = 0;
    for chunk in bytes.chunks_exact(8) {
        let word = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        if word & HIGH_BITS != 0 {
            break;
        }
        n += 8;
    }
    n + bytes[n..].iter().take_while(|b| b.is_ascii()).count()
}

/// [`badness`] of a string, skipping runs of ASCII: two ASCII characters side by side never
/// add to it, so only the ASCII character on each side of other text is looked at.
pub fn badness_of(text: &str) -> u32 {
    let bytes = text.as_bytes();
    let mut scan = BadnessScan::default();
    let mut total = 0;
    let mut i = 0;
    while i < bytes.len() {
        let run = ascii_run(&bytes[i..]);
        if run > 0 {
            total += scan.step(char::from(bytes[i]));
            if run > 1 {
                total += scan.step(char::from(bytes[i + run - 1]));
            }
            i += run;
            continue;
        }
        let c = text[i..].chars().next().expect("not at the end");
        total += scan.step(c);
        i += c.len_utf8();
    }
    total - scan.refund
}

/// The state of a badness scan: what the previous character was.
#[derive(Default)]
struct BadnessScan {
    prev: Option<Class>,
    prev_latin1: bool,
    prev_char: Option<char>,
    /// The previous character was a letter right after box drawing.
    box_then_letter: bool,
    /// Badness counted for a character and taken back once the next one was seen.
    refund: u32,
    /// The previous character was a small Greek letter after a capital or a digit.
    sci_greek: bool,
}

fn is_box_drawing(c: char) -> bool {
    ('\u{2500}'..='\u{257F}').contains(&c)
}

impl BadnessScan {
    /// The badness `c` adds after the characters seen so far.
    fn step(&mut self, c: char) -> u32 {
        let (prev, prev_latin1, prev_char) = (self.prev, self.prev_latin1, self.prev_char);
        let class = class_of(c);
        let latin1 = ('\u{C0}'..='\u{FF}').contains(&c);
        let mut total = char_weight(c, class);
        let sci_greek_before = std::mem::take(&mut self.sci_greek);
        if let Some(p) = prev {
            // `IL2Rγc`, `TNFα`, `10μs`: a small Greek letter after a capital or a digit is a
            // symbol of science written into a token, not two scripts in a word; so is the
            // Latin that goes on after it.
            let sci = class == Class::Greek
                && c.is_lowercase()
                && matches!(p, Class::AsciiUpper | Class::AsciiDigit);
            if sci {
                self.sci_greek = true;
            } else if !(sci_greek_before && p == Class::Greek && class.is_latin_letter()) {
                total += pair_weight(p, class, prev_latin1, latin1);
            }
            // `voilÃ`, `tÃ©`: the commonest lead glued to the end of a small-letter word.
            if matches!(p, Class::AsciiLower | Class::Lower) && (c == 'Ã' || c == 'Â') {
                total += 1;
            }
            // A trade mark sign after a capital is where it belongs (`NICIODATĂ™`, `AHÅ™`).
            if c == '™' && p == Class::Upper {
                total -= 1;
            }
            // `âœ`, `âš`: the lead of a three-byte sequence (dingbats, arrows, symbols) before
            // a letter that Windows-1252 keeps at a C1 position; no language writes `â` there.
            if prev_char == Some('â') && matches!(c, 'œ' | 'Œ' | 'š' | 'Š' | 'ž' | 'Ž' | 'Ÿ')
            {
                total += 2;
            }
            // `┬┐que`: box drawing glued to the start of a word is UTF-8 read as cp437;
            // tables and text art set box drawing beside other box drawing or spaces, or one
            // letter between two box characters (`┼┐a┼┐`), which is taken back below.
            if prev_char.is_some_and(is_box_drawing) && c.is_alphabetic() {
                total += 2;
                self.box_then_letter = true;
            } else if std::mem::take(&mut self.box_then_letter) && is_box_drawing(c) {
                self.refund += 2;
            }
            // `Ã` + no-break space is `à` read as Latin-1; no word ends in `Ã` before one.
            if c == '\u{A0}' && prev_char == Some('Ã') {
                total += 2;
            }
            // `√ò`, `¬Æ`: a math sign directly before an accented letter is MacRoman
            // mojibake, not maths.
            if matches!(
                prev_char,
                Some(
                    '√' | '∂'
                        | '∑'
                        | '∏'
                        | '∫'
                        | '≈'
                        | '∆'
                        | '◊'
                        | '≤'
                        | '≥'
                        | '∞'
                        | '≠'
                        | '¬'
                )
            ) && matches!(class, Class::Upper | Class::Lower)
            {
                total += 1;
            }
        }
        self.prev = Some(class);
        self.prev_latin1 = latin1;
        self.prev_char = Some(c);
        total
    }
}

/// The cheap gate: could this line hold anything the repair stage changes? Pure ASCII without
/// `&` cannot; nor can text whose non-ASCII characters are all outside the ranges that
/// misreadings and lost bytes produce.
pub fn needs_repair(line: &str) -> bool {
    let bytes = line.as_bytes();
    if ascii_without_ampersand(bytes) {
        return false;
    }
    if memchr::memchr(b'&', bytes).is_some() {
        return true;
    }
    let mut rest = line;
    loop {
        rest = &rest[ascii_run(rest.as_bytes())..];
        let Some(c) = rest.chars().next() else {
            return false;
        };
        if is_suspicious(c) {
            return true;
        }
        rest = &rest[c.len_utf8()..];
    }
}

/// Whether `bytes` are all ASCII and hold no `&`: most lines, told in one pass of tests eight
/// bytes wide, where a short line costs the two searches more to start than to run.
fn ascii_without_ampersand(bytes: &[u8]) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let word = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        // A lane of `amp` is zero where the byte is `&`; the test for a zero lane is exact
        // about whether there is one.
        let amp = word ^ (u64::from(b'&') * ONES);
        if (word | (amp.wrapping_sub(ONES) & !amp)) & HIGH != 0 {
            return false;
        }
    }
    chunks
        .remainder()
        .iter()
        .all(|&b| b.is_ascii() && b != b'&')
}

/// Characters that take part in some mojibake the repairer knows: everything in U+0080–U+00FF
/// and the other code-page characters, plus U+FFFD and the lossy re-read artefacts.
fn is_suspicious(c: char) -> bool {
    let cp = c as u32;
    match cp {
        0..=0x7F => false,
        0x80..=0x24F => true,
        0x2C6..=0x2DD => true,
        0x370..=0x3FF => true,
        0x400..=0x45F | 0x490..=0x491 => true,
        0x2000..=0x2BFF => true,
        0xF8FF | 0xFB01 | 0xFB02 | 0xFFFD => true,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mojibake_is_worse_than_its_repair() {
        assert!(badness("tÃ©lÃ©phone".chars()) > badness("téléphone".chars()) + 2);
        assert!(badness("r√©gime".chars()) >= badness("régime".chars()) + 2);
        assert!(badness("Ð¿Ñ€Ð¸".chars()) > 2);
        assert!(badness("doesnâ€™t".chars()) >= 3);
        assert!(badness("âœ” done".chars()) >= 2);
        assert!(badness("âš ok".chars()) >= 2);
        assert!(badness("┬┐que".chars()) >= 3);
        // Box drawing among box drawing and spaces is a table, not mojibake.
        assert_eq!(badness("│ a │ é │".chars()), 0);
    }

    #[test]
    fn greek_symbols_of_science_are_no_script_mix() {
        assert_eq!(badness("IL2RγcKO".chars()), 0);
        assert_eq!(badness("TNFα and 10μs".chars()), 0);
        assert!(badness("IL2RÎ³cKO".chars()) >= 2);
        // Greek glued inside a small-letter word still is.
        assert!(badness("abγcd".chars()) >= 2);
        assert!(badness("prπs".chars()) >= 2);
    }

    #[test]
    fn ascii_without_ampersand_is_told_exactly() {
        let alphabet = [b'a', b'&', b' ', 0x25, 0x27, 0x7F, 0x80, 0xA6, 0xC3, 0x00];
        let mut seed = 0x9E37_79B9_7F4A_7C15_u64;
        for round in 0..20_000 {
            let len = round % 40;
            let bytes: Vec<u8> = (0..len)
                .map(|_| {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    // Mostly plain bytes, so that lines without `&` or high bytes occur.
                    match seed % 16 {
                        0 => alphabet[(seed >> 8) as usize % alphabet.len()],
                        _ => b'a' + (seed >> 8) as u8 % 26,
                    }
                })
                .collect();
            let expected = bytes.iter().all(|&b| b.is_ascii() && b != b'&');
            assert_eq!(ascii_without_ampersand(&bytes), expected, "{bytes:?}");
        }
    }

    #[test]
    fn ascii_runs() {
        assert_eq!(ascii_run(b""), 0);
        assert_eq!(ascii_run(b"abc"), 3);
        assert_eq!(ascii_run("abcdefghijé".as_bytes()), 10);
        assert_eq!(ascii_run("abcdefgé".as_bytes()), 7);
        assert_eq!(ascii_run("éabc".as_bytes()), 0);
        assert_eq!(ascii_run(b"0123456789abcdefXYZ"), 19);
    }

    #[test]
    fn skipping_ascii_gives_the_same_badness() {
        for s in [
            "",
            "a",
            "plain ascii only",
            "tÃ©lÃ©phone et cafÃ© Ã  cÃ´tÃ©",
            "It doesnâ€™t matter, voilÃ",
            "r√©gime √©quilibr√©, Ð¿Ñ€Ð¸ and 東京 ok",
            "x√y, Ã\u{A0}b, AHÅ™ ok",
            "┬┐que ├┤a┼┐ab┼┐abc┼",
        ] {
            assert_eq!(badness_of(s), badness(s.chars()), "{s}");
        }
    }

    #[test]
    fn ordinary_text_scores_low() {
        for s in [
            "Le château de Chambord",
            "MAÇÃ SOBE",
            "Brâncuși și țară",
            "São Paulo, ação, irmãs",
            "Tiếng Việt có dấu",
            "Привет, мир",
            "Ελληνικά",
            "Łódź, Kraków, Gdańsk",
            "Straße über Öl",
        ] {
            assert!(badness(s.chars()) <= 1, "{s}");
        }
    }

    #[test]
    fn gate_lets_plain_text_through() {
        assert!(!needs_repair("plain ascii text"));
        assert!(needs_repair("Tom &amp; Jerry"));
        assert!(needs_repair("wonât"));
        assert!(!needs_repair("日本語のテキスト"));
        assert!(!needs_repair("한국어 텍스트"));
        assert!(needs_repair("日本語 and café"));
        assert!(needs_repair("Привет"));
        assert!(needs_repair("x\u{FFFD}y"));
    }
}
