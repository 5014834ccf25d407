//! One HTTP exchange as plain data: the request exactly as sent ([`HttpRequest`]) and the
//! response as received ([`HttpResponse`]). The checker's findings carry the request, the
//! client sends it, the judging core reads both, and snapshots record them; none of them needs
//! to know hyper.

use crate::codec::{Format, WireFormat};
use serde::{Deserialize, Serialize};

/// A request body exactly as sent.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "encoding", content = "data", rename_all = "kebab-case")]
pub enum RequestBody {
    /// Valid UTF-8 text.
    Text(String),
    /// Bytes that are not UTF-8 (a cp1251 body, a truncated sequence).
    Bytes(Vec<u8>),
}

impl RequestBody {
    /// Text when the bytes are UTF-8, raw bytes otherwise.
    pub fn from_bytes(bytes: &[u8]) -> RequestBody {
        match std::str::from_utf8(bytes) {
            Ok(text) => RequestBody::Text(text.to_owned()),
            Err(_) => RequestBody::Bytes(bytes.to_vec()),
        }
    }

    /// The bytes sent.
    pub fn as_bytes(&self) -> &[u8] {
        match self {
            RequestBody::Text(text) => text.as_bytes(),
            RequestBody::Bytes(bytes) => bytes,
        }
    }

    /// Whether nothing is sent.
    pub fn is_empty(&self) -> bool {
        self.as_bytes().is_empty()
    }
}

/// The exact HTTP request of an exchange: enough to replay it (see [`HttpRequest::to_curl`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HttpRequest {
    /// Method (`POST`).
    pub method: String,
    /// Path and query, with a leading slash (`/api/client/ClientFavoriteDataInfo`), below the
    /// target's base path.
    pub path: String,
    /// Headers in the order sent; names as sent.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: RequestBody,
    /// The body's format as the sender meant it; `None` for bodies of no format (hostile
    /// input, live traffic).
    pub format: Option<Format>,
}

/// Headers curl computes itself; replaying them verbatim would break the replay.
const CURL_COMPUTED_HEADERS: &[&str] = &["content-length", "transfer-encoding"];

impl HttpRequest {
    /// The first value of a header, by case-insensitive name.
    pub fn header(&self, name: &str) -> Option<&str> {
        first_header(&self.headers, name)
    }

    /// The first value of a header as a server reads it: `None` when absent or when it holds
    /// anything but visible ASCII (what `http::HeaderValue::to_str` refuses), so a prediction
    /// sees the same header the server sees.
    pub fn visible_header(&self, name: &str) -> Option<&str> {
        self.header(name).filter(|v| is_visible_ascii(v.as_bytes()))
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
            RequestBody::Text(text) if text.is_empty() => {}
            RequestBody::Text(text) => {
                args.push("--data-raw".to_owned());
                args.push(shell_quote(text));
            }
            RequestBody::Bytes(bytes) => {
                prefix = format!("printf '{}' | ", printf_octal(bytes));
                args.push("--data-binary".to_owned());
                args.push("@-".to_owned());
            }
        }
        args.push(shell_quote(&url));
        format!("{prefix}{}", args.join(" "))
    }
}

/// A response as received.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpResponse {
    /// Status code.
    pub status: u16,
    /// Headers in order received (values decoded lossily as UTF-8).
    pub headers: Vec<(String, String)>,
    /// Body bytes.
    pub body: bytes::Bytes,
}

impl HttpResponse {
    /// The first value of a header, by case-insensitive name.
    pub fn header(&self, name: &str) -> Option<&str> {
        first_header(&self.headers, name)
    }

    /// The body format the Content-Type announces; `None` when it names neither JSON nor XML.
    pub fn wire_format(&self) -> Option<WireFormat> {
        self.header("content-type").and_then(media_format)
    }
}

/// The first value of header `name` (case-insensitive, as HTTP field names are) in `headers`.
pub(crate) fn first_header<'h>(headers: &'h [(String, String)], name: &str) -> Option<&'h str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// Visible ASCII and tabs: the header bytes `http::HeaderValue::to_str` accepts.
fn is_visible_ascii(bytes: &[u8]) -> bool {
    bytes
        .iter()
        .all(|&b| b == b'\t' || (0x20..0x7f).contains(&b))
}

/// JSON or XML by media type (`application/json; charset=utf-8` → JSON).
pub fn media_format(content_type: &str) -> Option<WireFormat> {
    match media_type(content_type).as_str() {
        "application/json" | "text/json" => Some(WireFormat::Json),
        "application/xml" | "text/xml" => Some(WireFormat::Xml),
        _ => None,
    }
}

/// The media type of a Content-Type, lowercased, without parameters.
pub(crate) fn media_type(content_type: &str) -> String {
    content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

/// The `charset` parameter of a Content-Type, lowercased.
pub(crate) fn charset(content_type: &str) -> Option<String> {
    content_type.split(';').skip(1).find_map(|p| {
        let (k, v) = p.split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| v.trim().trim_matches('"').to_ascii_lowercase())
    })
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
