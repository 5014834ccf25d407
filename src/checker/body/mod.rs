//! Response body validation against the contract, driven by the contract's [`TypeSchema`]s:
//! JSON ([`json`]) and XML ([`xml`]) success bodies, `HttpError` bodies ([`error_body`]), and the
//! typed [`Response`] read from a valid body so invariants can run on it.

mod error_body;
mod json;
mod json_layout;
mod lexical;
mod walk;
mod xml;
mod xml_layout;

pub use error_body::{ExpectedMessage, check_error_body};

use super::finding::{Finding, Location};
use super::profile::{ExpectedDateKind, Profile};
use super::rule::{RuleId, Severity};
use super::sink::Sink;
use crate::codec::WireFormat;
use crate::contract::{TypeSchema, contract};
use crate::excerpt::excerpt;
use crate::model::{DateKind, FromObject, NetDateTime, Response};
use crate::wire::json::{self as json_tree, Json};
use std::borrow::Cow;

/// Longest excerpt of a value quoted in a finding; longer text is cut with `…`.
pub const MAX_EXCERPT_CHARS: usize = 60;

/// The UTF-8 byte-order mark, which Web API's formatters never write.
const UTF8_BOM: &str = "\u{feff}";

/// Cut text for a finding.
pub(crate) fn clip(text: &str) -> Cow<'_, str> {
    excerpt(text, MAX_EXCERPT_CHARS)
}

/// A short rendering of a JSON value for `actual` fields.
pub(crate) fn json_excerpt(value: &Json) -> String {
    match value {
        Json::Null => "null".to_owned(),
        Json::Bool(b) => b.to_string(),
        Json::Number(n) => n.clone(),
        Json::String(s) => format!("\"{}\"", clip(s)),
        Json::Array(items) => format!("an array of {} items", items.len()),
        Json::Object(members) => format!("an object of {} properties", members.len()),
    }
}

/// The outcome of validating a success body.
#[derive(Clone, Debug, PartialEq)]
pub struct BodyCheck {
    /// Everything found (profile overrides applied).
    pub findings: Vec<Finding>,
    /// The typed response, when every value could be read; decimals keep their scale, dates
    /// their kind and written offset.
    pub response: Option<Response>,
}

/// Validate the text of a success response (`ClientFavoriteDataInfoResponse`) in `format`.
///
/// ```
/// use favorite_contract::Profile;
/// use favorite_contract::rules::check_response_text;
/// use favorite_contract::codec::WireFormat;
/// let check = check_response_text(WireFormat::Json, r#"{"TotalRows":"1"}"#, &Profile::default());
/// assert!(check.response.is_none());
/// assert!(check.findings.iter().any(|f| f.rule.id() == "json.type"));
/// ```
pub fn check_response_text(format: WireFormat, text: &str, profile: &Profile) -> BodyCheck {
    check_text(format, text, contract().response(), profile)
}

/// Validate a body of any contract type (`schema`), e.g. a request body a runner sent.
pub fn check_text(
    format: WireFormat,
    text: &str,
    schema: &'static TypeSchema,
    profile: &Profile,
) -> BodyCheck {
    check_text_in(format, text, schema, profile, DEFAULT_CHARSET)
}

/// The charset of a body whose Content-Type names none.
const DEFAULT_CHARSET: &str = "utf-8";

/// [`check_text`] for a body that came in `charset` (which an XML declaration must not
/// contradict).
fn check_text_in(
    format: WireFormat,
    text: &str,
    schema: &'static TypeSchema,
    profile: &Profile,
    charset: &str,
) -> BodyCheck {
    let mut sink = Sink::new(profile, Some(format));
    let text = strip_bom(text, format, &mut sink);
    let object = match format {
        WireFormat::Json => json::check(text, schema, &mut sink),
        WireFormat::Xml => xml::check(text, schema, charset, &mut sink),
    };
    let response = object
        .filter(|o| std::ptr::eq(o.type_schema(), contract().response()))
        .and_then(Response::from_object);
    BodyCheck {
        findings: sink.finish(),
        response,
    }
}

/// `text` without a leading UTF-8 byte-order mark, which is reported: Web API's formatters
/// never write one, RFC 8259 section 8.1 forbids it in JSON ("MUST NOT add a byte order
/// mark") and `JSON.parse` or Python's `json` fail on it, while XML allows it (a warning
/// there).
pub(super) fn strip_bom<'t>(text: &'t str, format: WireFormat, sink: &mut Sink<'_>) -> &'t str {
    let Some(rest) = text.strip_prefix(UTF8_BOM) else {
        return text;
    };
    let (severity, why) = match format {
        WireFormat::Json => (
            Severity::Violation,
            "RFC 8259 forbids a byte-order mark in JSON on the network; JSON.parse and Python's \
             json fail on the text",
        ),
        WireFormat::Xml => (
            Severity::Warning,
            "XML allows one, but Web API's formatters never write one",
        ),
    };
    sink.push(
        RuleId::HttpEncoding,
        severity,
        Location::Body,
        "UTF-8 without a byte-order mark",
        "a byte-order mark",
        why,
    );
    rest
}

/// Validate the bytes of a success response, decoding them per the Content-Type's charset
/// (UTF-8 by default; `utf-16` as Web API writes it, with a byte-order mark).
pub fn check_response_bytes(
    format: WireFormat,
    content_type: Option<&str>,
    body: &[u8],
    profile: &Profile,
) -> BodyCheck {
    match decode(content_type, body) {
        Ok(text) => {
            let charset = content_type.and_then(crate::exchange::charset);
            let charset = charset.as_deref().unwrap_or(DEFAULT_CHARSET);
            check_text_in(format, &text, contract().response(), profile, charset)
        }
        Err(e) => BodyCheck {
            findings: profile.apply(vec![e.finding().in_format(format)]),
            response: None,
        },
    }
}

/// Bytes that do not decode in the declared charset.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Undecodable {
    charset: String,
    what: String,
}

impl Undecodable {
    /// The `http.encoding` finding.
    pub(crate) fn finding(&self) -> Finding {
        Finding::new(
            RuleId::HttpEncoding,
            Severity::Violation,
            Location::Body,
            format!("a body valid in {}", self.charset),
            self.what.clone(),
            "the body's bytes do not decode in the declared charset; clients see garbage or fail",
        )
    }
}

/// Decode a body per the charset parameter of its Content-Type.
pub(crate) fn decode<'b>(
    content_type: Option<&str>,
    body: &'b [u8],
) -> Result<Cow<'b, str>, Undecodable> {
    let charset = content_type
        .and_then(crate::exchange::charset)
        .unwrap_or_else(|| "utf-8".to_owned());
    let invalid = |what: &str| Undecodable {
        charset: charset.clone(),
        what: what.to_owned(),
    };
    match charset.as_str() {
        "utf-16" | "utf-16le" | "unicode" | "utf-16be" => {
            let big_endian = match body {
                [0xFE, 0xFF, ..] => true,
                [0xFF, 0xFE, ..] => false,
                _ => charset == "utf-16be",
            };
            let bytes = match body {
                [0xFE, 0xFF, rest @ ..] | [0xFF, 0xFE, rest @ ..] => rest,
                _ => body,
            };
            if bytes.len() % 2 != 0 {
                return Err(invalid("an odd number of bytes"));
            }
            let units = bytes.chunks_exact(2).map(|c| {
                if big_endian {
                    u16::from_be_bytes([c[0], c[1]])
                } else {
                    u16::from_le_bytes([c[0], c[1]])
                }
            });
            char::decode_utf16(units)
                .collect::<Result<String, _>>()
                .map(Cow::Owned)
                .map_err(|_| invalid("an unpaired UTF-16 surrogate"))
        }
        // UTF-8 is read in place: no copy of the body.
        _ => std::str::from_utf8(body)
            .map(Cow::Borrowed)
            .map_err(|e| invalid(&format!("invalid UTF-8 at byte {}", e.valid_up_to()))),
    }
}

impl Sink<'_> {
    /// Report a body that does not parse, at the line and column of byte `offset` in `text`.
    pub(crate) fn syntax(
        &mut self,
        rule: RuleId,
        text: &str,
        offset: usize,
        expected: impl Into<String>,
        found: &str,
        message: &str,
    ) {
        let (line, column) = json_tree::line_column(text, offset);
        self.push(
            rule,
            Severity::Violation,
            Location::Body,
            expected,
            format!("{found} at line {line}, column {column}"),
            message,
        );
    }

    /// Compare a date's kind (and a Local date's offset) with the profile's expectation.
    pub(crate) fn date_kind(&mut self, value: &NetDateTime, location: Location) {
        let tz = self.profile.time_zone;
        let (ok, expected) = match self.profile.date_kind {
            ExpectedDateKind::Any => return,
            ExpectedDateKind::Unspecified => (
                value.kind == DateKind::Unspecified,
                lexical::kind_name(DateKind::Unspecified),
            ),
            ExpectedDateKind::Utc => (
                value.kind == DateKind::Utc,
                lexical::kind_name(DateKind::Utc),
            ),
            ExpectedDateKind::Local => {
                // The server's offset at the value's instant (a named zone has a history).
                let offset = match value.kind {
                    DateKind::Local(offset) => tz
                        .offset_at_utc(value.instant_utc(tz))
                        .eq(&offset)
                        .then_some(offset),
                    _ => None,
                };
                let expected = offset.unwrap_or_else(|| tz.offset_of_local(value.wall));
                (
                    value.kind == DateKind::Local(expected),
                    lexical::kind_name(DateKind::Local(expected)),
                )
            }
        };
        if !ok {
            self.push(
                RuleId::DateKind,
                Severity::ProfileDeviation,
                location,
                expected,
                format!(
                    "{} in \"{}\"",
                    lexical::kind_name(value.kind),
                    value.to_wire()
                ),
                "the profile expects another DateTime kind (SQL Server values reach .NET as \
                 Unspecified; DateTime.Now is Local)",
            );
        }
    }
}

#[cfg(test)]
mod tests;
