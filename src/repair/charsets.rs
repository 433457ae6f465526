//! The single-byte code pages that UTF-8 is commonly misread as, in both directions.
//!
//! Each table answers "which byte would this character have been in code page X?", which is
//! the first half of undoing a misreading (the second half is reading those bytes as UTF-8).

use encoding_rs::Encoding;

/// Characters below this code point are looked up in a flat table; the few code-page
/// characters above it (Apple logo, ligatures) go through a short list.
const FLAT_LIMIT: usize = 0x2600;

/// One code page, reversible: byte → char and char → byte.
pub struct Charset {
    pub name: &'static str,
    /// The rule name a repair through this code page reports.
    pub rule: &'static str,
    #[cfg(test)]
    decode: [char; 256],
    /// `encode_flat[c]` is the byte of `c` plus one, or 0 if `c` is not in the code page.
    encode_flat: Box<[u16]>,
    encode_high: Vec<(char, u8)>,
}

impl std::fmt::Debug for Charset {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Charset").field("name", &self.name).finish()
    }
}

impl Charset {
    fn from_table(name: &'static str, rule: &'static str, decode: [char; 256]) -> Self {
        let mut encode_flat = vec![0u16; FLAT_LIMIT].into_boxed_slice();
        let mut encode_high = Vec::new();
        for (byte, &c) in decode.iter().enumerate().rev() {
            let cp = c as usize;
            if cp < FLAT_LIMIT {
                encode_flat[cp] = byte as u16 + 1;
            } else {
                encode_high.push((c, byte as u8));
            }
        }
        Charset {
            name,
            rule,
            #[cfg(test)]
            decode,
            encode_flat,
            encode_high,
        }
    }

    fn from_encoding(name: &'static str, rule: &'static str, encoding: &'static Encoding) -> Self {
        let mut decode = ['\0'; 256];
        for (byte, slot) in decode.iter_mut().enumerate() {
            let buf = [byte as u8];
            let (text, _) = encoding.decode_without_bom_handling(&buf);
            let mut chars = text.chars();
            // WHATWG maps the holes of these code pages to the C1 control of the same number,
            // which is exactly the "sloppy" reading that produced the mojibake.
            *slot = match (chars.next(), chars.next()) {
                (Some(c), None) if c != '\u{FFFD}' => c,
                _ => char::from(byte as u8),
            };
        }
        Self::from_table(name, rule, decode)
    }

    /// Windows-1252 with the holes read as C1 controls, merged with Latin-1 (which differs
    /// only by having C1 controls where Windows-1252 has punctuation): one table undoes both.
    fn cp1252_latin1() -> Self {
        let mut cs =
            Self::from_encoding("windows-1252", "utf8-as-cp1252", encoding_rs::WINDOWS_1252);
        for b in 0x80u8..0xA0 {
            cs.encode_flat[b as usize] = u16::from(b) + 1;
        }
        cs
    }

    fn cp437() -> Self {
        const HIGH: &str = "ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐\
                            └┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u{A0}";
        let mut decode = ['\0'; 256];
        for (b, slot) in decode.iter_mut().enumerate().take(0x80) {
            *slot = char::from(b as u8);
        }
        for (slot, c) in decode[0x80..].iter_mut().zip(HIGH.chars()) {
            *slot = c;
        }
        Self::from_table("cp437", "utf8-as-cp437", decode)
    }

    /// The byte `c` has in this code page.
    #[inline]
    pub fn encode(&self, c: char) -> Option<u8> {
        let cp = c as usize;
        if cp < FLAT_LIMIT {
            self.encode_flat[cp].checked_sub(1).map(|b| b as u8)
        } else {
            self.encode_high
                .iter()
                .find(|&&(h, _)| h == c)
                .map(|&(_, b)| b)
        }
    }

    #[cfg(test)]
    pub fn decode(&self, b: u8) -> char {
        self.decode[b as usize]
    }
}

/// Every code page the repairer tries, most common misreading first.
pub fn all() -> Vec<Charset> {
    vec![
        Charset::cp1252_latin1(),
        Charset::from_encoding("macintosh", "utf8-as-macroman", encoding_rs::MACINTOSH),
        Charset::from_encoding("windows-1251", "utf8-as-cp1251", encoding_rs::WINDOWS_1251),
        Charset::from_encoding("windows-1250", "utf8-as-cp1250", encoding_rs::WINDOWS_1250),
        Charset::from_encoding("iso-8859-2", "utf8-as-iso8859-2", encoding_rs::ISO_8859_2),
        Charset::from_encoding("windows-1257", "utf8-as-cp1257", encoding_rs::WINDOWS_1257),
        Charset::cp437(),
    ]
}

/// The Latin-1 / Windows-1252 table, which the lossy repairs reason in.
pub const CP1252: usize = 0;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_round_trip() {
        for cs in all() {
            for b in 0..=255u8 {
                let c = cs.decode(b);
                assert!(cs.encode(c).is_some(), "{} {b:#x}", cs.name);
            }
        }
    }

    #[test]
    fn cp1252_knows_curly_quotes_and_c1() {
        let cs = &all()[CP1252];
        assert_eq!(cs.encode('’'), Some(0x92));
        assert_eq!(cs.encode('\u{92}'), Some(0x92));
        assert_eq!(cs.encode('\u{81}'), Some(0x81));
        assert_eq!(cs.encode('é'), Some(0xE9));
        assert_eq!(cs.encode('ł'), None);
    }

    #[test]
    fn macroman_square_root_is_c3() {
        let mac = all().into_iter().find(|c| c.name == "macintosh").unwrap();
        assert_eq!(mac.encode('√'), Some(0xC3));
        assert_eq!(mac.encode('\u{F8FF}'), Some(0xF0));
    }
}
