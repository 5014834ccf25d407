//! A finding: one typed mismatch between what the contract demands and what the server did.

use super::rule::{RuleId, Severity};
use crate::codec::{Format, WireFormat};
use serde::{Deserialize, Serialize};
use std::fmt;

/// Where a finding points.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "at", rename_all = "kebab-case")]
pub enum Location {
    /// The status line.
    Status,
    /// A response header, by name.
    Header(String),
    /// The body as a whole (syntax, encoding, stack traces).
    Body,
    /// A JSON pointer into the body or into the typed response (`/ClientFavorites/0/ProcTime`).
    Pointer(String),
    /// An XPath-like element path with 1-based row indices
    /// (`/ClientFavoriteDataInfoResponse/ClientFavorites/…Row[1]/ProcTime`).
    XPath(String),
    /// The exchange as a whole (timing, a relation between several exchanges).
    Exchange,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::Status => f.write_str("status"),
            Location::Header(name) => write!(f, "header {name}"),
            Location::Body => f.write_str("body"),
            Location::Pointer(p) if p.is_empty() => f.write_str("/"),
            Location::Pointer(p) | Location::XPath(p) => f.write_str(p),
            Location::Exchange => f.write_str("exchange"),
        }
    }
}

/// Escape one JSON pointer segment (RFC 6901: `~` → `~0`, `/` → `~1`).
pub(crate) fn pointer_segment(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// A request body exactly as sent.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "encoding", content = "data", rename_all = "kebab-case")]
pub enum Body {
    /// Valid UTF-8 text.
    Text(String),
    /// Bytes that are not UTF-8 (a cp1251 body, a truncated sequence).
    Bytes(Vec<u8>),
}

impl Body {
    /// Text when the bytes are UTF-8, raw bytes otherwise.
    pub fn from_bytes(bytes: &[u8]) -> Body {
        match std::str::from_utf8(bytes) {
            Ok(text) => Body::Text(text.to_owned()),
            Err(_) => Body::Bytes(bytes.to_vec()),
        }
    }

    /// The bytes sent.
    pub fn as_bytes(&self) -> &[u8] {
        match self {
            Body::Text(text) => text.as_bytes(),
            Body::Bytes(bytes) => bytes,
        }
    }

    /// Whether nothing is sent.
    pub fn is_empty(&self) -> bool {
        self.as_bytes().is_empty()
    }
}

/// The exact HTTP request a case sent: enough to replay it (see [`CaseRequest::to_curl`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseRequest {
    /// Method (`POST`).
    pub method: String,
    /// Path and query, with a leading slash (`/api/client/ClientFavoriteDataInfo`).
    pub path: String,
    /// Headers in the order sent; names as sent.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Body,
    /// The body's format as the case meant it; `None` for hostile bodies of no format.
    #[serde(with = "format_serde")]
    pub format: Option<Format>,
}

/// Headers curl computes itself; replaying them verbatim would break the replay.
const CURL_COMPUTED_HEADERS: &[&str] = &["content-length", "transfer-encoding"];

impl CaseRequest {
    /// The first value of a header, by case-insensitive name.
    pub fn header(&self, name: &str) -> Option<&str> {
        super::http::first_header(&self.headers, name)
    }

    /// A shell command (POSIX sh) that replays the request against `base_url`
    /// (`http://localhost:5000`). Every argument is single-quoted; a non-UTF-8 body is piped
    /// from `printf` with octal escapes so the bytes arrive unchanged.
    pub fn to_curl(&self, base_url: &str) -> String {
        let url = format!("{}{}", base_url.trim_end_matches('/'), self.path);
        let mut args = vec![
            "curl".to_owned(),
            "-sS".to_owned(),
            "-i".to_owned(),
            "-X".to_owned(),
            shell_quote(&self.method),
        ];
        for (name, value) in &self.headers {
            if CURL_COMPUTED_HEADERS
                .iter()
                .any(|h| name.eq_ignore_ascii_case(h))
            {
                continue;
            }
            args.push("-H".to_owned());
            // curl drops `Name:` with an empty value; `Name;` sends it empty.
            let header = if value.is_empty() {
                format!("{name};")
            } else {
                format!("{name}: {value}")
            };
            args.push(shell_quote(&header));
        }
        let mut prefix = String::new();
        match &self.body {
            Body::Text(text) if text.is_empty() => {}
            Body::Text(text) => {
                args.push("--data-raw".to_owned());
                args.push(shell_quote(text));
            }
            Body::Bytes(bytes) => {
                prefix = format!("printf '{}' | ", printf_octal(bytes));
                args.push("--data-binary".to_owned());
                args.push("@-".to_owned());
            }
        }
        args.push(shell_quote(&url));
        format!("{prefix}{}", args.join(" "))
    }
}

/// Single-quote for POSIX sh: `'` becomes `'\''`.
pub(crate) fn shell_quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('\'');
    for c in text.chars() {
        if c == '\'' {
            out.push_str("'\\''");
        } else {
            out.push(c);
        }
    }
    out.push('\'');
    out
}

/// A `printf` format that prints exactly `bytes`: printable ASCII as is (`%` and `\` escaped),
/// everything else (and `'`) as a three-digit octal escape, which POSIX printf supports.
fn printf_octal(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        match b {
            b'%' => out.push_str("%%"),
            b'\\' => out.push_str("\\\\"),
            b'\'' => out.push_str("\\047"),
            0x20..=0x7e => out.push(b as char),
            _ => out.push_str(&format!("\\{b:03o}")),
        }
    }
    out
}

/// One mismatch: what was expected, what was seen, where, by which rule, and the request that
/// produced it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// The rule broken.
    pub rule: RuleId,
    /// How much it matters (after the profile's overrides).
    pub severity: Severity,
    /// The response format the finding was seen in; `None` when format-independent.
    #[serde(with = "wire_format_serde")]
    pub format: Option<WireFormat>,
    /// Where.
    pub location: Location,
    /// What the contract demands.
    pub expected: String,
    /// What the server did.
    pub actual: String,
    /// Why it matters, in one or two sentences.
    pub message: String,
    /// The request that produced it (filled by the runner, shrunk when possible).
    pub request: Option<CaseRequest>,
}

impl Finding {
    /// A finding with no format and no request.
    pub fn new(
        rule: RuleId,
        severity: Severity,
        location: Location,
        expected: impl Into<String>,
        actual: impl Into<String>,
        message: impl Into<String>,
    ) -> Finding {
        Finding {
            rule,
            severity,
            format: None,
            location,
            expected: expected.into(),
            actual: actual.into(),
            message: message.into(),
            request: None,
        }
    }

    /// Set the response format.
    pub fn in_format(mut self, format: WireFormat) -> Finding {
        self.format = Some(format);
        self
    }

    /// Attach the request that produced it.
    pub fn with_request(mut self, request: CaseRequest) -> Finding {
        self.request = Some(request);
        self
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} [{}] at {}", self.rule, self.severity, self.location)?;
        if let Some(format) = self.format {
            write!(f, " ({})", wire_format_id(format))?;
        }
        write!(
            f,
            ": expected {}, found {}; {}",
            self.expected, self.actual, self.message
        )
    }
}

/// `json` / `xml`.
pub(crate) fn wire_format_id(format: WireFormat) -> &'static str {
    match format {
        WireFormat::Json => "json",
        WireFormat::Xml => "xml",
    }
}

/// `json` / `xml` / `form`.
pub(crate) fn format_id(format: Format) -> &'static str {
    match format {
        Format::Json => "json",
        Format::Xml => "xml",
        Format::Form => "form",
    }
}

/// The codec's format enums serialise (kebab-case) but do not deserialise; these helpers read the
/// same ids back so reports round-trip without touching the shared codec types.
mod format_serde {
    use super::format_id;
    use crate::codec::Format;
    use serde::{Deserialize, Deserializer, Serializer};

    pub(super) fn serialize<S: Serializer>(v: &Option<Format>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            Some(f) => s.serialize_some(format_id(*f)),
            None => s.serialize_none(),
        }
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Format>, D::Error> {
        let text: Option<String> = Option::deserialize(d)?;
        text.map(|t| {
            [Format::Json, Format::Xml, Format::Form]
                .into_iter()
                .find(|f| format_id(*f) == t)
                .ok_or_else(|| {
                    serde::de::Error::custom(format!(
                        "expected `json`, `xml` or `form`, found `{t}`"
                    ))
                })
        })
        .transpose()
    }
}

mod wire_format_serde {
    use super::wire_format_id;
    use crate::codec::WireFormat;
    use serde::{Deserialize, Deserializer, Serializer};

    pub(super) fn serialize<S: Serializer>(
        v: &Option<WireFormat>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        match v {
            Some(f) => s.serialize_some(wire_format_id(*f)),
            None => s.serialize_none(),
        }
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<WireFormat>, D::Error> {
        let text: Option<String> = Option::deserialize(d)?;
        text.map(|t| {
            [WireFormat::Json, WireFormat::Xml]
                .into_iter()
                .find(|f| wire_format_id(*f) == t)
                .ok_or_else(|| {
                    serde::de::Error::custom(format!("expected `json` or `xml`, found `{t}`"))
                })
        })
        .transpose()
    }
}
