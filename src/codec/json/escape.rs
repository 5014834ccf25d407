//! Json.NET's default string escaping (`StringEscapeHandling.Default`, `JavaScriptUtils`):
//! control characters below U+0020 as `\b \t \n \f \r` or `\u00XX` (lowercase hex), the
//! delimiter and `\` with a backslash, and the three JavaScript line terminators U+0085,
//! U+2028, U+2029 as `\u0085`, `\u2028`, `\u2029`. Everything else — Cyrillic, `<`, `>`, `&`,
//! `'` inside double quotes, DEL — is written raw as UTF-8.

/// What to do with a byte.
const PASS: u8 = 0;
/// A control character written as `\u00XX`.
const UNICODE: u8 = b'u';
/// First byte of U+0085 (`C2 85`).
const LEAD_C2: u8 = 1;
/// First byte of U+2028/U+2029 (`E2 80 A8`/`E2 80 A9`).
const LEAD_E2: u8 = 2;

const fn table(delimiter: u8) -> [u8; 256] {
    let mut t = [PASS; 256];
    let mut i = 0;
    while i < 0x20 {
        t[i] = UNICODE;
        i += 1;
    }
    t[0x08] = b'b';
    t[0x09] = b't';
    t[0x0A] = b'n';
    t[0x0C] = b'f';
    t[0x0D] = b'r';
    t[b'\\' as usize] = b'\\';
    t[delimiter as usize] = delimiter;
    t[0xC2] = LEAD_C2;
    t[0xE2] = LEAD_E2;
    t
}

static DOUBLE_QUOTED: [u8; 256] = table(b'"');
static SINGLE_QUOTED: [u8; 256] = table(b'\'');

use crate::codec::words::{has_byte, has_byte_below, word_at};

const HEX: &[u8; 16] = b"0123456789abcdef";

/// Whether none of the eight bytes of `word` needs the table (a fast path over text that is
/// written as it is: the table's special bytes are the controls, `\`, the delimiter and the
/// lead bytes 0xC2 and 0xE2).
fn all_pass(word: u64, delimiter: u8) -> bool {
    !(has_byte_below(word, 0x20)
        || has_byte(word, b'\\')
        || has_byte(word, delimiter)
        || has_byte(word, 0xC2)
        || has_byte(word, 0xE2))
}

/// Append `s` escaped for a string delimited by `delimiter` (`"` or `'`), without the
/// delimiters.
pub(crate) fn escape_into(out: &mut Vec<u8>, s: &str, delimiter: u8) {
    let table = if delimiter == b'\'' {
        &SINGLE_QUOTED
    } else {
        &DOUBLE_QUOTED
    };
    let bytes = s.as_bytes();
    let mut run = 0;
    let mut i = 0;
    while i < bytes.len() {
        if let Some(word) = word_at(bytes, i)
            && all_pass(word, delimiter)
        {
            i += 8;
            continue;
        }
        let action = table[usize::from(bytes[i])];
        if action == PASS {
            i += 1;
            continue;
        }
        let escaped: &[u8] = match action {
            LEAD_C2 if bytes.get(i + 1) == Some(&0x85) => b"\\u0085",
            LEAD_E2 if bytes.get(i + 1) == Some(&0x80) && bytes.get(i + 2) == Some(&0xA8) => {
                b"\\u2028"
            }
            LEAD_E2 if bytes.get(i + 1) == Some(&0x80) && bytes.get(i + 2) == Some(&0xA9) => {
                b"\\u2029"
            }
            LEAD_C2 | LEAD_E2 => {
                i += 1;
                continue;
            }
            _ => &[],
        };
        out.extend_from_slice(&bytes[run..i]);
        if escaped.is_empty() {
            let b = bytes[i];
            if action == UNICODE {
                out.extend_from_slice(&[
                    b'\\',
                    b'u',
                    b'0',
                    b'0',
                    HEX[usize::from(b >> 4)],
                    HEX[usize::from(b & 0xF)],
                ]);
            } else {
                out.extend_from_slice(&[b'\\', action]);
            }
            i += 1;
        } else {
            out.extend_from_slice(escaped);
            i += if action == LEAD_C2 { 2 } else { 3 };
        }
        run = i;
    }
    out.extend_from_slice(&bytes[run..]);
}

/// Append `s` as a Json.NET string literal: `"` + escaped text + `"`.
pub(crate) fn write_quoted(s: &str, out: &mut Vec<u8>) {
    out.push(b'"');
    escape_into(out, s, b'"');
    out.push(b'"');
}
