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

/// What byte roles a character has in each code page, one bit per code page (bit i for
/// `all()[i]`): the table behind the per-line test of which code pages could have misread it.
#[derive(Clone, Copy, Default, PartialEq, Eq, Debug)]
pub struct Roles {
    /// A UTF-8 lead byte, C2–F4.
    pub lead: u8,
    /// A lead whose second byte may be A0 turned into a space: C2, C3, C5.
    pub lead_before_space: u8,
    /// The lead of a three-byte sequence, E0–EF.
    pub lead3: u8,
    /// A continuation byte, 80–BF.
    pub continuation: u8,
}

impl Roles {
    fn of(c: char, charsets: &[Charset]) -> Roles {
        let mut roles = Roles::default();
        for (i, cs) in charsets.iter().enumerate() {
            let Some(b) = cs.encode(c) else { continue };
            let bit = 1u8 << i;
            if (0xC2..=0xF4).contains(&b) {
                roles.lead |= bit;
            }
            if matches!(b, 0xC2 | 0xC3 | 0xC5) {
                roles.lead_before_space |= bit;
            }
            if (0xE0..=0xEF).contains(&b) {
                roles.lead3 |= bit;
            }
            if (0x80..=0xBF).contains(&b) {
                roles.continuation |= bit;
            }
        }
        roles
    }
}

/// [`Roles`] of every character below [`FLAT_LIMIT`], precomputed: looking them up is the
/// whole cost of the test for most lines.
pub struct RoleTable {
    flat: Box<[Roles]>,
}

impl std::fmt::Debug for RoleTable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RoleTable").finish_non_exhaustive()
    }
}

impl RoleTable {
    pub fn new(charsets: &[Charset]) -> Self {
        assert!(charsets.len() <= 8, "one bit per code page in a u8");
        let flat = (0..FLAT_LIMIT as u32)
            .map(|cp| char::from_u32(cp).map_or_else(Roles::default, |c| Roles::of(c, charsets)))
            .collect();
        RoleTable { flat }
    }

    #[inline]
    pub fn get(&self, c: char, charsets: &[Charset]) -> Roles {
        match self.flat.get(c as usize) {
            Some(&roles) => roles,
            None => Roles::of(c, charsets),
        }
    }
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
    fn role_table_agrees_with_the_code_pages() {
        let all = all();
        let table = RoleTable::new(&all);
        for c in [
            'Ã', 'â', '€', '©', ' ', 'é', '√', 'Р', '\u{F8FF}', '\u{FFFD}', 'a',
        ] {
            assert_eq!(table.get(c, &all), Roles::of(c, &all), "{c}");
        }
        let cp1252 = 1u8 << CP1252;
        assert_ne!(table.get('Ã', &all).lead_before_space & cp1252, 0);
        assert_ne!(table.get('©', &all).continuation & cp1252, 0);
        assert_eq!(table.get('a', &all), Roles::default());
    }

    #[test]
    fn macroman_square_root_is_c3() {
        let mac = all().into_iter().find(|c| c.name == "macintosh").unwrap();
        assert_eq!(mac.encode('√'), Some(0xC3));
        assert_eq!(mac.encode('\u{F8FF}'), Some(0xF0));
    }
}
