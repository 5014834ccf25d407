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
    if let Some((big_endian, rest)) = utf32_bom(body, media.charset) {
        return match media.format {
            Format::Json => Some(Cow::Owned(decode_utf32(rest, big_endian))),
            Format::Xml | Format::Form => {
                diagnostics.push(utf32_unsupported());
                None
            }
        };
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

/// A UTF-32 byte-order mark as `StreamReader`'s encoding detection sees it (big-endian
/// `00 00 FE FF`; little-endian `FF FE 00 00`, unless a declared `utf-16` claims the `FF FE`
/// first as its own preamble): whether it is big-endian, and the bytes after it.
fn utf32_bom(body: &[u8], declared: Charset) -> Option<(bool, &[u8])> {
    if let Some(rest) = body.strip_prefix(&[0x00, 0x00, 0xFE, 0xFF]) {
        return Some((true, rest));
    }
    if declared != Charset::Utf16Le
        && let Some(rest) = body.strip_prefix(&[0xFF, 0xFE, 0x00, 0x00])
    {
        return Some((false, rest));
    }
    None
}

/// `new UTF32Encoding(bigEndian, true)` as `StreamReader` detects it: not a throwing decoder, so
/// a surrogate or a value past U+10FFFF becomes U+FFFD, and the bytes of an incomplete last
/// character are dropped (the reader never flushes its decoder at the end of the stream).
fn decode_utf32(bytes: &[u8], big_endian: bool) -> String {
    bytes
        .chunks_exact(4)
        .map(|quad| {
            let quad = [quad[0], quad[1], quad[2], quad[3]];
            let value = if big_endian {
                u32::from_be_bytes(quad)
            } else {
                u32::from_le_bytes(quad)
            };
            char::from_u32(value).unwrap_or(char::REPLACEMENT_CHARACTER)
        })
        .collect()
}

/// DataContractSerializer's reader knows UTF-8 and UTF-16 only: a UTF-32 body fails to read.
fn utf32_unsupported() -> Diagnostic {
    Diagnostic {
        kind: DiagnosticKind::InvalidEncoding,
        severity: Severity::Error,
        location: Location::Body,
        field: None,
        found: Some("a UTF-32 byte-order mark".to_owned()),
        expected: Some("a UTF-8 or UTF-16 body".to_owned()),
        effect: Effect::RequestNull,
        model_state: None,
        message: "the body is UTF-32; the XML reader reads UTF-8 and UTF-16 only, so the request \
                  becomes null"
            .to_owned(),
    }
}

fn decode_utf16(bytes: &[u8], big_endian: bool) -> Result<String, (usize, &'static str)> {
    if !bytes.len().is_multiple_of(2) {
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

#[cfg(test)]
mod tests {
    use crate::codec::{BindOptions, Format, bind};

    fn utf32(text: &str, big_endian: bool) -> Vec<u8> {
        let mut out = if big_endian {
            vec![0x00, 0x00, 0xFE, 0xFF]
        } else {
            vec![0xFF, 0xFE, 0x00, 0x00]
        };
        for ch in text.chars() {
            let unit = u32::from(ch);
            out.extend_from_slice(&if big_endian {
                unit.to_be_bytes()
            } else {
                unit.to_le_bytes()
            });
        }
        out
    }

    /// Source: Web API's JSON formatter reads through `StreamReader`, whose encoding detection
    /// (ReferenceSource `StreamReader.DetectEncoding`) switches to `UTF32Encoding` on either
    /// UTF-32 byte-order mark; the XML reader (`XmlDictionaryReader`) knows UTF-8/16 only.
    #[test]
    fn utf32_bodies_with_a_byte_order_mark() {
        let body = r#"{"Client":7,"SiteCode":"Пятёрочка"}"#;
        for (content_type, big_endian) in [
            ("application/json", true),
            ("application/json", false),
            ("application/json; charset=utf-8", false),
        ] {
            let bound = bind(
                Some(content_type),
                &utf32(body, big_endian),
                &BindOptions::default(),
            )
            .expect("json is read");
            let request = bound.request.expect("binds");
            assert_eq!(request.client, 7, "{content_type} big-endian {big_endian}");
            assert_eq!(request.site_code.as_deref(), Some("Пятёрочка"));
        }
        // Not a throwing decoder: a value past U+10FFFF is U+FFFD; a cut last character is
        // dropped.
        let mut odd = utf32(r#"{"Client":7,"SiteCode":"a"#, true);
        odd.extend_from_slice(&[0x00, 0x11, 0x00, 0x00]);
        odd.extend_from_slice(&utf32(r#""}"#, true)[4..]);
        odd.extend_from_slice(&[0x00, 0x00]);
        let bound = bind(Some("application/json"), &odd, &BindOptions::default()).unwrap();
        assert_eq!(
            bound.request.and_then(|r| r.site_code).as_deref(),
            Some("a\u{FFFD}")
        );
        // XML: null, with the reason.
        let xml = bind(
            Some("application/xml"),
            &utf32("<x/>", true),
            &BindOptions::default(),
        )
        .unwrap();
        assert_eq!(xml.format, Some(Format::Xml));
        assert!(xml.request.is_none());
        assert!(xml.diagnostics[0].message.contains("UTF-32"));
    }
}
