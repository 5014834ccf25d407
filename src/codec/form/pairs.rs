//! From body text to `(key, value)` pairs as `FormUrlEncodedParser` and
//! `FormDataCollectionExtensions` produce them: split on `&` and the first `=`, decode with
//! `UriQueryUtility.UrlDecode`, normalise jQuery keys.

/// One pair as .NET sees it, with what decoding noticed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Pair<'a> {
    /// 0-based index among all pairs (empty ones included, as .NET counts them).
    pub(super) index: usize,
    /// The key as sent, undecoded.
    pub(super) raw_key: &'a str,
    /// The value as sent, undecoded; `None` when the pair had no `=`.
    pub(super) raw_value: Option<&'a str>,
    /// The decoded key.
    pub(super) key: String,
    /// The decoded value (`""` without `=`).
    pub(super) value: String,
    /// What decoding the key and the value noticed.
    pub(super) notes: DecodeNotes,
}

/// Oddities `UrlDecode` passes over silently.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct DecodeNotes {
    /// A `%` not followed by two hex digits, kept literally.
    pub(super) bad_escape: bool,
    /// `%XX` bytes that are not UTF-8, decoded to U+FFFD.
    pub(super) replaced: bool,
}

impl DecodeNotes {
    fn merge(self, other: DecodeNotes) -> DecodeNotes {
        DecodeNotes {
            bad_escape: self.bad_escape || other.bad_escape,
            replaced: self.replaced || other.replaced,
        }
    }
}

/// `FormUrlEncodedParser`: every `&` ends a pair (so `a=1&` has a second, empty pair), a segment
/// without `=` is a name with an empty value, and only the first `=` separates. Lazy, so a body
/// of a million `&` costs nothing past the key limit.
pub(super) fn split(text: &str) -> impl Iterator<Item = Pair<'_>> {
    text.split('&').enumerate().map(|(index, segment)| {
        let (raw_key, raw_value) = match segment.split_once('=') {
            Some((k, v)) => (k, Some(v)),
            None => (segment, None),
        };
        let (key, key_notes) = url_decode(raw_key);
        let (value, value_notes) = url_decode(raw_value.unwrap_or(""));
        Pair {
            index,
            raw_key,
            raw_value,
            key,
            value,
            notes: key_notes.merge(value_notes),
        }
    })
}

/// `UriQueryUtility.UrlDecode` (= `WebUtility.UrlDecode`): `+` is a space, `%XX` a byte, runs of
/// bytes are decoded as UTF-8 with U+FFFD for invalid sequences, and a `%` without two hex digits
/// after it stays as it is. (`%uXXXX` is not special here, unlike `HttpUtility`.)
pub(super) fn url_decode(text: &str) -> (String, DecodeNotes) {
    let mut notes = DecodeNotes::default();
    let mut out = String::with_capacity(text.len());
    let mut bytes: Vec<u8> = Vec::new();
    let flush = |bytes: &mut Vec<u8>, out: &mut String, notes: &mut DecodeNotes| {
        if !bytes.is_empty() {
            let decoded = String::from_utf8_lossy(bytes);
            notes.replaced |= matches!(decoded, std::borrow::Cow::Owned(_));
            out.push_str(&decoded);
            bytes.clear();
        }
    };
    let raw = text.as_bytes();
    let mut i = 0;
    while i < raw.len() {
        let b = raw[i];
        if b == b'%' {
            let hex = match (raw.get(i + 1), raw.get(i + 2)) {
                (Some(&h1), Some(&h2)) => hex_value(h1).zip(hex_value(h2)).map(|(a, b)| a << 4 | b),
                _ => None,
            };
            match hex {
                Some(byte) => {
                    bytes.push(byte);
                    i += 3;
                    continue;
                }
                None => notes.bad_escape = true,
            }
        }
        if b.is_ascii() {
            bytes.push(if b == b'+' { b' ' } else { b });
            i += 1;
        } else {
            // A non-ASCII character is appended as a character after flushing pending bytes.
            flush(&mut bytes, &mut out, &mut notes);
            let len = utf8_len(b);
            out.push_str(text.get(i..i + len).unwrap_or("\u{FFFD}"));
            i += len;
        }
    }
    flush(&mut bytes, &mut out, &mut notes);
    (out, notes)
}

fn hex_value(b: u8) -> Option<u8> {
    char::from(b)
        .to_digit(16)
        .and_then(|d| u8::try_from(d).ok())
}

fn utf8_len(lead: u8) -> usize {
    match lead {
        0xF0..=0xFF => 4,
        0xE0..=0xEF => 3,
        _ => 2,
    }
}

/// `NormalizeJQueryToMvc` failed: a `[` without a later `]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct MissingBracket;

/// `FormDataCollectionExtensions.NormalizeJQueryToMvc`: `a[b]` → `a.b`, `a[]` → `a`, `a[0]` kept
/// (a digit right after `[`; .NET's `Char.IsDigit` also accepts non-ASCII digits, which only
/// changes how an unknown key is displayed).
pub(super) fn normalize_jquery(key: &str) -> Result<String, MissingBracket> {
    if !key.contains('[') {
        return Ok(key.to_owned());
    }
    let mut out = String::with_capacity(key.len());
    let mut rest = key;
    while let Some(open) = rest.find('[') {
        out.push_str(&rest[..open]);
        let inner_and_after = &rest[open + 1..];
        let close = inner_and_after.find(']').ok_or(MissingBracket)?;
        let inner = &inner_and_after[..close];
        if inner.starts_with(|c: char| c.is_ascii_digit()) {
            out.push('[');
            out.push_str(inner);
            out.push(']');
        } else if !inner.is_empty() {
            out.push('.');
            out.push_str(inner);
        }
        rest = &inner_and_after[close + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

/// `StringComparer.OrdinalIgnoreCase` for form keys: characters compared by their simple
/// upper-case mapping (so `ı` and `I` match, as in .NET's invariant table).
pub(super) fn eq_ordinal_ignore_case(a: &str, b: &str) -> bool {
    let upper = |c: char| {
        let mut it = c.to_uppercase();
        match (it.next(), it.next()) {
            (Some(u), None) => u,
            _ => c,
        }
    };
    a.chars().map(upper).eq(b.chars().map(upper))
}
