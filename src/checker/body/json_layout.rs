//! Bytes Json.NET never writes although every JSON reader reads them alike
//! (contracts/reference/wire.md#writer-deviations): whitespace around or between tokens
//! (`Formatting.None` writes none), string escapes other than Json.NET's default ones, and a
//! negative zero. The JSON grammar has no other lexical freedom: literals are fixed, and number
//! forms are the type rules' business (`json.type`, `json.decimal-form`).
//!
//! Runs on text that already parsed as JSON, and reports each kind of deviation once per body,
//! at its first occurrence.

use super::clip;
use crate::checker::finding::Location;
use crate::checker::rule::{RuleId, Severity};
use crate::checker::sink::Sink;
use crate::codec::json::write_string;
use crate::wire::json::line_column;

/// The first occurrence of each kind of deviation.
#[derive(Default)]
struct Found {
    whitespace: Option<usize>,
    /// Offset, the string as written, the string as Json.NET writes it.
    escape: Option<(usize, String, String)>,
    negative_zero: Option<(usize, String)>,
}

/// Report the layout deviations of valid JSON `text`.
pub(super) fn check(text: &str, sink: &mut Sink<'_>) {
    let found = scan(text);
    let at = |offset: usize| {
        let (line, column) = line_column(text, offset);
        format!("at line {line}, column {column}")
    };
    if let Some(offset) = found.whitespace {
        sink.push(
            RuleId::JsonLayout,
            Severity::Warning,
            Location::Body,
            "compact JSON, as Json.NET writes it (Formatting.None)",
            format!("whitespace {}", at(offset)),
            "pretty-printed or padded: every JSON reader ignores it, but it is not what Web API \
             writes (byte comparisons and snapshots differ)",
        );
    }
    if let Some((offset, raw, canonical)) = found.escape {
        sink.push(
            RuleId::JsonLayout,
            Severity::Warning,
            Location::Body,
            clip(&canonical),
            format!("{} {}", clip(&raw), at(offset)),
            format!(
                "{}; JSON readers decode both alike",
                escape_difference(&raw, &canonical)
            ),
        );
    }
    if let Some((offset, token)) = found.negative_zero {
        sink.push(
            RuleId::JsonLayout,
            Severity::Warning,
            Location::Body,
            "0",
            format!("{token} {}", at(offset)),
            "a negative zero; .NET writes none (JavaScript keeps -0, which prints as 0)",
        );
    }
}

fn scan(text: &str) -> Found {
    let bytes = text.as_bytes();
    let mut found = Found::default();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b' ' | b'\t' | b'\n' | b'\r' => {
                found.whitespace.get_or_insert(i);
                i += 1;
            }
            b'"' => {
                let end = string_end(bytes, i);
                // Most strings hold nothing Json.NET escapes: then they are written as is.
                let inner = &bytes[(i + 1).min(end)..end.saturating_sub(1).max(i + 1)];
                if found.escape.is_none() && !written_as_is(inner) {
                    let raw = &text[i..end];
                    if let Ok(decoded) = serde_json::from_str::<String>(raw) {
                        let mut canonical = Vec::with_capacity(raw.len());
                        write_string(&decoded, &mut canonical);
                        if canonical != raw.as_bytes() {
                            let canonical = String::from_utf8_lossy(&canonical).into_owned();
                            found.escape = Some((i, raw.to_owned(), canonical));
                        }
                    }
                }
                i = end;
            }
            b'-' | b'0'..=b'9' => {
                let start = i;
                while i < bytes.len()
                    && matches!(bytes[i], b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9')
                {
                    i += 1;
                }
                let token = &text[start..i];
                if found.negative_zero.is_none() && is_negative_zero(token) {
                    found.negative_zero = Some((start, token.to_owned()));
                }
            }
            _ => i += 1,
        }
    }
    found
}

/// Whether the content of a string (between its quotes) is what Json.NET writes for it
/// unchanged: no escape, no control character, no U+0085, U+2028 or U+2029 (which Json.NET
/// escapes).
fn written_as_is(inner: &[u8]) -> bool {
    let mut i = 0;
    while i < inner.len() {
        match inner[i] {
            b'\\' | 0..0x20 => return false,
            0xC2 if inner.get(i + 1) == Some(&0x85) => return false,
            0xE2 if inner.get(i + 1) == Some(&0x80)
                && matches!(inner.get(i + 2), Some(0xA8 | 0xA9)) =>
            {
                return false;
            }
            _ => i += 1,
        }
    }
    true
}

/// The offset just after the string starting with the quote at `start`.
fn string_end(bytes: &[u8], start: usize) -> usize {
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len()
}

/// `-0`, `-0.0`, `-0.00`, … (an exponent makes no zero negative in .NET's eyes either).
fn is_negative_zero(token: &str) -> bool {
    token.strip_prefix("-0").is_some_and(|rest| {
        rest.is_empty()
            || rest
                .strip_prefix('.')
                .is_some_and(|f| f.bytes().all(|b| b == b'0'))
    })
}

/// What differs between a string as written and as Json.NET writes it, in words.
fn escape_difference(raw: &str, canonical: &str) -> &'static str {
    if raw.contains("\\/") {
        "an escaped `/`, which Json.NET writes as it is"
    } else if ['\u{2028}', '\u{2029}', '\u{85}']
        .iter()
        .any(|c| raw.contains(*c))
    {
        "a raw U+2028, U+2029 or U+0085, which Json.NET escapes (older JavaScript cannot eval it)"
    } else if raw.matches("\\u").count() > canonical.matches("\\u").count() {
        "a \\u escape for a character Json.NET writes as it is (or a short escape like \\n)"
    } else {
        "string escapes that differ from Json.NET's (\\u00XX in lower case, \\b \\t \\n \\f \\r)"
    }
}
