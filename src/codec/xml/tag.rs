//! Start tags as `XmlUTF8TextReader.ReadStartElement` and `ReadAttributes` scan them. quick-xml
//! is lenient about names and attribute syntax; .NET is not, so every start tag quick-xml
//! accepts is re-scanned here byte by byte and the first fault .NET meets is reported, at the
//! offset where its buffer reader stands.

use super::messages::Syntax;

/// `charType & 4`: the whitespace `SkipWhitespace` skips inside tags.
fn is_tag_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

/// `charType & 1`: a byte that may start a name.
fn is_name_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_' || b >= 0x80
}

/// `charType & 2`: a byte that may continue a name.
fn is_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_') || b >= 0x80
}

/// A fault and the document offset .NET reports it at.
pub(super) type Fault = (Syntax, usize);

/// `ReadQualifiedName` at `i`: the first byte of each part is taken whatever it is, then name
/// bytes; `XmlConvert.VerifyNCName` rejects a part that does not start like a name, with the
/// reader still at the start of the qualified name. Returns the end of the name.
pub(super) fn qualified_name(bytes: &[u8], i: usize) -> Result<usize, Fault> {
    let part = |start: usize| {
        let mut j = (start + 1).min(bytes.len());
        while j < bytes.len() && is_name_byte(bytes[j]) {
            j += 1;
        }
        j
    };
    let check = |start: usize| match bytes.get(start) {
        Some(&b) if is_name_start(b) => Ok(()),
        Some(&b) => Err((bad_start(b), i)),
        None => Err((Syntax::UnexpectedEof(Vec::new()), bytes.len())),
    };
    check(i)?;
    let mut end = part(i);
    if bytes.get(end) == Some(&b':') {
        check(end + 1)?;
        end = part(end + 1);
    }
    Ok(end)
}

fn bad_start(b: u8) -> Syntax {
    Syntax::BadStartNameChar(char::from(b))
}

/// How a start tag ended, once its syntax is accepted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct TagEnd {
    /// A fault .NET meets only after resolving prefixes (`/` or `?` not followed by `>`).
    pub(super) trailing: Option<Fault>,
}

/// Scan the start tag at `start` (its `<`) the way .NET does.
pub(super) fn check_start_tag(bytes: &[u8], start: usize) -> Result<TagEnd, Fault> {
    let mut i = qualified_name(bytes, start + 1)?;
    while i < bytes.len() && is_tag_space(bytes[i]) {
        i += 1;
    }
    if !matches!(bytes.get(i), Some(b'>' | b'/')) {
        i = attributes(bytes, i)?;
    }
    let trailing = match bytes.get(i) {
        Some(b'/') if bytes.get(i + 1) != Some(&b'>') => Some(token(">", bytes, i + 1)),
        Some(b'?') => Some(token(">", bytes, i)),
        _ => None,
    };
    Ok(TagEnd { trailing })
}

fn token(expected: &str, bytes: &[u8], at: usize) -> Fault {
    let found = bytes
        .get(at)
        .map_or_else(String::new, |&b| char::from(b).to_string());
    let what = Syntax::TokenExpected {
        expected: expected.to_owned(),
        found,
    };
    (what, at)
}

/// `ReadAttributes` from `i`; returns the offset of the `>`, `/` or `?` that ends them.
fn attributes(bytes: &[u8], mut i: usize) -> Result<usize, Fault> {
    loop {
        i = qualified_name(bytes, i)?;
        if bytes.get(i) != Some(&b'=') {
            i = skip_space(bytes, i);
            if bytes.get(i) != Some(&b'=') {
                return Err(token("=", bytes, i));
            }
        }
        i += 1;
        if !matches!(bytes.get(i), Some(b'"' | b'\'')) {
            i = skip_space(bytes, i);
            if !matches!(bytes.get(i), Some(b'"' | b'\'')) {
                return Err(token("\"", bytes, i));
            }
        }
        let quote = bytes[i];
        i = value(bytes, i + 1, quote)?;
        let after = skip_space(bytes, i);
        match bytes.get(after) {
            Some(b'>' | b'/' | b'?') => return Ok(after),
            _ if after == i => return Err((Syntax::SpaceBetweenAttributes, i)),
            _ => i = after,
        }
    }
}

fn skip_space(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() && is_tag_space(bytes[i]) {
        i += 1;
    }
    i
}

/// An attribute value up to its closing quote; returns the offset after the quote.
fn value(bytes: &[u8], mut i: usize, quote: u8) -> Result<usize, Fault> {
    loop {
        match bytes.get(i) {
            None => return Err((Syntax::UnexpectedEof(Vec::new()), bytes.len())),
            Some(&b) if b == quote => return Ok(i + 1),
            Some(b'&') => {
                let end = bytes[i..]
                    .iter()
                    .position(|&c| c == b';')
                    .map(|p| i + p + 1)
                    .ok_or((Syntax::UnexpectedEof(Vec::new()), bytes.len()))?;
                if !is_valid_reference(&bytes[i + 1..end - 1]) {
                    return Err((Syntax::InvalidCharRef, i));
                }
                i = end;
            }
            Some(0xEF)
                if bytes.get(i + 1) == Some(&0xBF)
                    && matches!(bytes.get(i + 2), Some(0xBE | 0xBF)) =>
            {
                return Err((Syntax::NonCharacter, i));
            }
            Some(&b) if b == b'<' || (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r')) => {
                return Err(token(&char::from(quote).to_string(), bytes, i));
            }
            Some(_) => i += 1,
        }
    }
}

/// `GetCharEntity` on the text between `&` and `;`.
fn is_valid_reference(name: &[u8]) -> bool {
    match name {
        b"lt" | b"gt" | b"amp" | b"quot" | b"apos" => true,
        [b'#', b'x', hex @ ..] => digits_value(hex, 16),
        [b'#', dec @ ..] => digits_value(dec, 10),
        _ => false,
    }
}

fn digits_value(digits: &[u8], radix: u32) -> bool {
    let mut value: u32 = 0;
    for &d in digits {
        let Some(v) = char::from(d).to_digit(radix) else {
            return false;
        };
        value = value * radix + v;
        if value > 0x10_FFFF {
            return false;
        }
    }
    !(0xD800..=0xDFFF).contains(&value)
}
