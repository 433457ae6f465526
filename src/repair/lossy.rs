//! Mojibake where bytes were lost: the C1 bytes 0x80–0x9F dropped (or turned into `?`/U+FFFD),
//! so that only the lead byte of a UTF-8 sequence is left.

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

pub fn repair(_text: &str, _edits: &mut Vec<Edit>) {}
