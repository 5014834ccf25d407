//! `HttpError` bodies (contracts/reference/wire.md#error-bodies): what Web API and the host answer for 401, 404, 405,
//! 413, 415 and 500, in JSON (Json.NET over the case-insensitive dictionary) and XML
//! (`<Error>` via `IXmlSerializable`, no namespace, no `xmlns:i`).
//!
//! Keys are written in the dictionary's insertion order, which is the order .NET adds them:
//! `Message`, `MessageDetail`, then `ExceptionMessage`, `ExceptionType`, `StackTrace`. The detail
//! keys appear only when error detail is on (local requests, or `customErrors` Off).

#[cfg(test)]
mod tests;

use super::WireFormat;
use super::negotiate::UnsupportedMediaType;

/// An exception's part of an `HttpError` (`new HttpError(exception, includeErrorDetail: true)`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExceptionDetail {
    /// `ExceptionMessage`: `exception.Message`.
    pub message: String,
    /// `ExceptionType`: the full CLR type name.
    pub type_name: String,
    /// `StackTrace`; `None` for an exception that was never thrown (written as `null` in JSON
    /// and `<StackTrace />` in XML).
    pub stack_trace: Option<String>,
}

/// A `System.Web.Http.HttpError` body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpError {
    /// `Message`: always present.
    pub message: String,
    /// `MessageDetail`: only with error detail on.
    pub message_detail: Option<String>,
    /// `ExceptionMessage`, `ExceptionType`, `StackTrace`: only with error detail on.
    pub exception: Option<ExceptionDetail>,
}

/// What the mock answers for a body over its size limit (HTTP 413).
///
/// There is no Web API text for this: IIS request filtering answers an HTML 404.13 and ASP.NET's
/// `maxRequestLength` throws `HttpException` "Maximum request length exceeded." (an HTML 500).
/// The mock answers 413 with that ASP.NET sentence in an `HttpError`, so clients see the same
/// words the real stack logs.
pub const PAYLOAD_TOO_LARGE_MESSAGE: &str = "Maximum request length exceeded.";

impl HttpError {
    /// A body with only `Message`.
    pub fn new(message: impl Into<String>) -> HttpError {
        HttpError {
            message: message.into(),
            message_detail: None,
            exception: None,
        }
    }

    /// HTTP 401 from `[Authorize]` (no, malformed or expired bearer token).
    pub fn unauthorized() -> HttpError {
        HttpError::new("Authorization has been denied for this request.")
    }

    /// HTTP 404 for a URI under a known route that matches no resource; `uri` is the full
    /// request URI as .NET prints it (`http://host/api/client/Nope`).
    pub fn not_found(uri: &str) -> HttpError {
        HttpError::new(format!(
            "No HTTP resource was found that matches the request URI '{uri}'."
        ))
    }

    /// HTTP 405 (send with an `Allow` header listing the allowed methods).
    pub fn method_not_allowed(method: &str) -> HttpError {
        HttpError::new(format!(
            "The requested resource does not support http method '{method}'."
        ))
    }

    /// HTTP 413: see [`PAYLOAD_TOO_LARGE_MESSAGE`].
    pub fn payload_too_large() -> HttpError {
        HttpError::new(PAYLOAD_TOO_LARGE_MESSAGE)
    }

    /// HTTP 415 for a body no formatter can read.
    pub fn unsupported_media_type(error: &UnsupportedMediaType) -> HttpError {
        HttpError::new(error.message())
    }

    /// HTTP 500 (an unhandled exception, e.g. a null request dereferenced).
    pub fn internal_error() -> HttpError {
        HttpError::new("An error has occurred.")
    }

    /// Add `MessageDetail` (error detail on).
    pub fn with_message_detail(mut self, detail: impl Into<String>) -> HttpError {
        self.message_detail = Some(detail.into());
        self
    }

    /// Add the exception keys (error detail on).
    pub fn with_exception(mut self, exception: ExceptionDetail) -> HttpError {
        self.exception = Some(exception);
        self
    }

    /// The keys and values in .NET's order; `None` values are written as null.
    fn entries(&self) -> Vec<(&'static str, Option<&str>)> {
        let mut entries = vec![("Message", Some(self.message.as_str()))];
        if let Some(detail) = &self.message_detail {
            entries.push(("MessageDetail", Some(detail)));
        }
        if let Some(e) = &self.exception {
            entries.push(("ExceptionMessage", Some(&e.message)));
            entries.push(("ExceptionType", Some(&e.type_name)));
            entries.push(("StackTrace", e.stack_trace.as_deref()));
        }
        entries
    }

    /// Serialise as the server writes it (UTF-8 bytes, no BOM, no indentation).
    pub fn encode(&self, format: WireFormat, out: &mut Vec<u8>) {
        let mut text = String::new();
        match format {
            WireFormat::Json => {
                text.push('{');
                for (i, (key, value)) in self.entries().into_iter().enumerate() {
                    if i > 0 {
                        text.push(',');
                    }
                    write_json_string(&mut text, key);
                    text.push(':');
                    match value {
                        Some(v) => write_json_string(&mut text, v),
                        None => text.push_str("null"),
                    }
                }
                text.push('}');
            }
            WireFormat::Xml => {
                text.push_str("<Error>");
                for (key, value) in self.entries() {
                    match value {
                        Some(v) => {
                            text.push('<');
                            text.push_str(key);
                            text.push('>');
                            write_xml_text(&mut text, v);
                            text.push_str("</");
                            text.push_str(key);
                            text.push('>');
                        }
                        None => {
                            text.push('<');
                            text.push_str(key);
                            text.push_str(" />");
                        }
                    }
                }
                text.push_str("</Error>");
            }
        }
        out.extend_from_slice(text.as_bytes());
    }
}

/// Json.NET's `WriteEscapedJavaScriptString` with `"` delimiters: `"` `\` and control characters
/// are escaped (`\n`-style where one exists, else `\u00xx` in lower-case hex), as are U+0085,
/// U+2028 and U+2029; everything else, Cyrillic included, is written raw.
// Written alongside `codec::json::write_string` (another branch); the two should become one.
fn write_json_string(out: &mut String, value: &str) {
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if u32::from(c) < 0x20 || matches!(c, '\u{85}' | '\u{2028}' | '\u{2029}') => {
                out.push_str(&format!("\\u{:04x}", u32::from(c)));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// `XmlWriter` text with .NET's web-host settings: `&` `<` `>` escaped, newlines rewritten to
/// `\r\n` (`NewLineHandling.Replace` on a Windows server), other control characters as `&#xN;`
/// (`CheckCharacters=false`).
fn write_xml_text(out: &mut String, value: &str) {
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\n' => out.push_str("\r\n"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\r\n");
            }
            '\t' => out.push('\t'),
            c if u32::from(c) < 0x20 => out.push_str(&format!("&#x{:X};", u32::from(c))),
            c => out.push(c),
        }
    }
}
