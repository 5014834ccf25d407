//! Body text encodings (contracts/reference/wire.md#charsets): requests are read as UTF-8 or UTF-16 (by BOM or by a
//! declared charset), any other declared charset silently falls back to UTF-8, and decoding is
//! strict — invalid bytes make the model null. Form bodies are the exception: they are parsed as
//! raw bytes (UTF-8 with replacement).

use super::Format;
use super::diagnostic::{Diagnostic, DiagnosticKind, Effect, Location, ModelStateEntry, Severity};
use super::negotiate::{Charset, RequestMedia};
use std::borrow::Cow;

/// Decode a request body. `None` (with an error diagnostic) when the bytes are not valid in the
/// effective encoding, as .NET's throwing decoder fails and the formatter yields null.
pub fn decode_body(
    body: &[u8],
    media: &RequestMedia,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<String> {
    decode_text(body, media, diagnostics).map(Cow::into_owned)
}

/// [`decode_body`], borrowing the body when it is already valid UTF-8 (the usual case), so
/// binding copies nothing.
pub(crate) fn decode_text<'b>(
    body: &'b [u8],
    media: &RequestMedia,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Cow<'b, str>> {
    if let Some(declared) = &media.unsupported_charset {
        diagnostics.push(Diagnostic {
            kind: DiagnosticKind::CharsetFallback,
            severity: Severity::Warning,
            location: Location::Body,
            field: None,
            found: Some(declared.clone()),
            expected: Some("utf-8 or utf-16".to_owned()),
            effect: Effect::Converted,
            model_state: None,
            message: format!(
                "charset `{declared}` is not supported by the formatter; Web API silently reads \
                 the body as UTF-8"
            ),
        });
    }
    if media.format == Format::Form {
        // The form parser works on raw bytes decoded as UTF-8 with replacement: invalid bytes
        // become U+FFFD and a byte-order mark stays part of the first key, as in .NET.
        return Some(String::from_utf8_lossy(body));
    }
    // A byte-order mark wins over the declared charset (StreamReader detection).
    let (charset, bytes) = if let Some(rest) = body.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        (Charset::Utf8, rest)
    } else if let Some(rest) = body.strip_prefix(&[0xFF, 0xFE]) {
        (Charset::Utf16Le, rest)
    } else if let Some(rest) = body.strip_prefix(&[0xFE, 0xFF]) {
        (Charset::Utf16Be, rest)
    } else {
        (media.charset, body)
    };
    let decoded = match charset {
        Charset::Utf8 => std::str::from_utf8(bytes)
            .map(Cow::Borrowed)
            .map_err(|e| (e.valid_up_to(), "UTF-8")),
        Charset::Utf16Le | Charset::Utf16Be => {
            decode_utf16(bytes, charset == Charset::Utf16Be).map(Cow::Owned)
        }
    };
    match decoded {
        Ok(text) => Some(text),
        Err((offset, name)) => {
            diagnostics.push(Diagnostic {
                kind: DiagnosticKind::InvalidEncoding,
                severity: Severity::Error,
                location: Location::Body,
                field: None,
                found: Some(format!("invalid {name} byte sequence at byte {offset}")),
                expected: Some(format!("a valid {name} body")),
                effect: Effect::RequestNull,
                model_state: Some(ModelStateEntry {
                    key: "request".to_owned(),
                    message: format!(
                        "Unable to translate bytes at index {offset} from specified code page to \
                         Unicode."
                    ),
                }),
                message: format!(
                    "the body is not valid {name} at byte {offset}; .NET's strict decoder throws \
                     and the request becomes null"
                ),
            });
            None
        }
    }
}

fn decode_utf16(bytes: &[u8], big_endian: bool) -> Result<String, (usize, &'static str)> {
    if bytes.len() % 2 != 0 {
        return Err((bytes.len() - 1, "UTF-16"));
    }
    let units = bytes.chunks_exact(2).map(|pair| {
        if big_endian {
            u16::from_be_bytes([pair[0], pair[1]])
        } else {
            u16::from_le_bytes([pair[0], pair[1]])
        }
    });
    let mut out = String::with_capacity(bytes.len() / 2);
    for (i, unit) in char::decode_utf16(units).enumerate() {
        match unit {
            Ok(ch) => out.push(ch),
            Err(_) => return Err((i * 2, "UTF-16")),
        }
    }
    Ok(out)
}

/// Encode response text (UTF-8 bytes) in the negotiated charset; UTF-16 gets a byte-order mark,
/// as .NET's `UnicodeEncoding(false, true)` preamble.
pub fn encode_text(utf8: Vec<u8>, charset: Charset) -> Vec<u8> {
    match charset {
        Charset::Utf8 => utf8,
        Charset::Utf16Le | Charset::Utf16Be => {
            let text = String::from_utf8_lossy(&utf8);
            let big = charset == Charset::Utf16Be;
            let mut out = Vec::with_capacity(2 + text.len() * 2);
            out.extend_from_slice(if big { &[0xFE, 0xFF] } else { &[0xFF, 0xFE] });
            for unit in text.encode_utf16() {
                out.extend_from_slice(&if big {
                    unit.to_be_bytes()
                } else {
                    unit.to_le_bytes()
                });
            }
            out
        }
    }
}
