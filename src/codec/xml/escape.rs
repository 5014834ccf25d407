//! Text escaping of .NET's `XmlUtf8RawTextWriter` under Web API's writer settings
//! (contracts/reference/wire.md#xml-writer): `CheckCharacters = false`, `NewLineHandling.Replace` with the Windows
//! newline.
//!
//! - `&`, `<`, `>` become `&amp;`, `&lt;`, `&gt;`; quotes stay as they are in element text.
//! - `\n`, `\r\n` and a lone `\r` each become the newline (`\r\n` on the wire).
//! - Characters XML cannot carry (C0 controls other than tab/CR/LF, U+FFFE, U+FFFF) become
//!   character references in upper-case hex without padding (`&#x1;`), as `InvalidXmlChar`
//!   does when it may not throw.

use crate::codec::words::{has_byte, has_byte_below, word_at};

/// The newline .NET writes on a Windows server (`Environment.NewLine`).
pub(super) const WIRE_NEWLINE: &[u8] = b"\r\n";

/// Append `s` escaped as element text exactly as the Web API server writes it.
///
/// ```
/// let mut out = Vec::new();
/// favorite_contract::codec::xml::escape_text("a<b & c>\nd\u{1}", &mut out);
/// assert_eq!(out, b"a&lt;b &amp; c&gt;\r\nd&#x1;");
/// ```
pub fn escape_text(s: &str, out: &mut Vec<u8>) {
    escape_with(s, WIRE_NEWLINE, out);
}

/// [`escape_text`] with a chosen newline (the help page's pretty form uses `\n`).
pub(super) fn escape_with(s: &str, newline: &[u8], out: &mut Vec<u8>) {
    let bytes = s.as_bytes();
    let mut run = 0;
    let mut i = 0;
    while i < bytes.len() {
        // Eight bytes at a time over text written as it is: none of them a control, `&`,
        // `<`, `>` or the lead byte 0xEF (the match below also passes tab and most 0xEF).
        if let Some(word) = word_at(bytes, i) {
            let special = has_byte_below(word, 0x20)
                || has_byte(word, b'&')
                || has_byte(word, b'<')
                || has_byte(word, b'>')
                || has_byte(word, 0xEF);
            if !special {
                i += 8;
                continue;
            }
        }
        let b = bytes[i];
        let (replacement, consumed): (Replacement<'_>, usize) = match b {
            b'&' => (Replacement::Bytes(b"&amp;"), 1),
            b'<' => (Replacement::Bytes(b"&lt;"), 1),
            b'>' => (Replacement::Bytes(b"&gt;"), 1),
            b'\n' => (Replacement::Bytes(newline), 1),
            b'\r' if bytes.get(i + 1) == Some(&b'\n') => (Replacement::Bytes(newline), 2),
            b'\r' => (Replacement::Bytes(newline), 1),
            0x00..=0x08 | 0x0B | 0x0C | 0x0E..=0x1F => (Replacement::CharRef(u32::from(b)), 1),
            // U+FFFE and U+FFFF are EF BF BE / EF BF BF in UTF-8.
            0xEF if bytes.get(i + 1) == Some(&0xBF)
                && matches!(bytes.get(i + 2), Some(0xBE | 0xBF)) =>
            {
                let low = u32::from(bytes[i + 2]) - 0xBE;
                (Replacement::CharRef(0xFFFE + low), 3)
            }
            _ => {
                i += 1;
                continue;
            }
        };
        out.extend_from_slice(&bytes[run..i]);
        match replacement {
            Replacement::Bytes(r) => out.extend_from_slice(r),
            Replacement::CharRef(c) => push_char_ref(c, out),
        }
        i += consumed;
        run = i;
    }
    out.extend_from_slice(&bytes[run..]);
}

enum Replacement<'a> {
    Bytes(&'a [u8]),
    CharRef(u32),
}

/// `&#x` + upper-case hex + `;` (`((int)ch).ToString("X")`).
fn push_char_ref(c: u32, out: &mut Vec<u8>) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    out.extend_from_slice(b"&#x");
    let mut digits = [0u8; 8];
    let mut n = c;
    let mut len = 0;
    loop {
        digits[len] = HEX[(n & 0xF) as usize];
        len += 1;
        n >>= 4;
        if n == 0 {
            break;
        }
    }
    out.extend(digits[..len].iter().rev());
    out.push(b';');
}
