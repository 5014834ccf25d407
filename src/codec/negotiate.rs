//! Content negotiation (contracts/reference/wire.md#negotiation): which reader a request body gets (or 415), and which
//! media type and charset the response is written in.
//!
//! Headers are parsed with `System.Net.Http`'s grammar (module `header`): a malformed Content-Type
//! reads as *no* Content-Type, and an Accept or Accept-Charset value with any invalid element is
//! ignored as a whole (web host adds headers without validation; the typed collections then
//! leave invalid raw values out).

mod header;
mod select;
#[cfg(test)]
mod tests;

use super::{Format, WireFormat};
use header::ParsedMediaType;

/// `HttpContentExtensions.ReadAsAsync`: the media type assumed when there is no Content-Type.
pub const OCTET_STREAM: &str = "application/octet-stream";

/// A text encoding the formatters support.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Charset {
    /// UTF-8 without a byte-order mark (the default).
    Utf8,
    /// UTF-16 little-endian (`charset=utf-16`; .NET honours no alias), written with a byte-order
    /// mark.
    Utf16Le,
    /// UTF-16 big-endian: read only, when the body starts with its byte-order mark (a declared
    /// `utf-16BE` charset is not honoured by the formatters).
    Utf16Be,
}

/// A response media type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
pub enum MediaType {
    /// `application/json`
    ApplicationJson,
    /// `text/json`
    TextJson,
    /// `application/xml`
    ApplicationXml,
    /// `text/xml`
    TextXml,
}

/// The negotiated response type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
pub struct ResponseType {
    /// Media type.
    pub media: MediaType,
    /// Charset.
    pub charset: Charset,
}

/// The reader chosen for a request body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestMedia {
    /// The format read.
    pub format: Format,
    /// The media type as sent (lower-cased, without parameters).
    pub media_type: String,
    /// Effective charset for decoding.
    pub charset: Charset,
    /// A declared charset the formatter does not support (silently read as UTF-8).
    pub unsupported_charset: Option<String>,
}

/// No formatter can read the body: HTTP 415.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.message())]
pub struct UnsupportedMediaType {
    /// The media type sent (case kept, parameters dropped); `None` when there was no
    /// Content-Type or it did not parse, which .NET reports as the inferred
    /// `application/octet-stream`.
    pub media_type: Option<String>,
}

impl UnsupportedMediaType {
    /// The HttpError `Message` .NET sends with the 415 (`FormatterParameterBinding`: one text when
    /// the request had a Content-Type, another naming the inferred `application/octet-stream`).
    pub fn message(&self) -> String {
        match &self.media_type {
            Some(media) => format!(
                "The request entity's media type '{media}' is not supported for this resource."
            ),
            None => format!(
                "The request contains an entity body but no Content-Type header. The inferred \
                 media type '{OCTET_STREAM}' is not supported for this resource."
            ),
        }
    }

    /// The `UnsupportedMediaTypeException` message (`ExceptionMessage` when error detail is on).
    pub fn exception_message(&self, type_name: &str) -> String {
        let media = self.media_type.as_deref().unwrap_or(OCTET_STREAM);
        format!(
            "No MediaTypeFormatter is available to read an object of type '{type_name}' from \
             content with media type '{media}'."
        )
    }

    /// The exception's CLR type (`ExceptionType` when error detail is on).
    pub const EXCEPTION_TYPE: &'static str = "System.Net.Http.UnsupportedMediaTypeException";
}

impl Charset {
    /// `Encoding.WebName`, what `charset=` carries and what Accept-Charset is compared with.
    pub fn web_name(self) -> &'static str {
        match self {
            Charset::Utf8 => "utf-8",
            Charset::Utf16Le => "utf-16",
            Charset::Utf16Be => "utf-16BE",
        }
    }
}

impl MediaType {
    /// The media type text.
    pub fn as_str(self) -> &'static str {
        match self {
            MediaType::ApplicationJson => "application/json",
            MediaType::TextJson => "text/json",
            MediaType::ApplicationXml => "application/xml",
            MediaType::TextXml => "text/xml",
        }
    }

    /// The writer.
    pub fn wire_format(self) -> WireFormat {
        match self {
            MediaType::ApplicationJson | MediaType::TextJson => WireFormat::Json,
            MediaType::ApplicationXml | MediaType::TextXml => WireFormat::Xml,
        }
    }

    fn type_subtype(self) -> (&'static str, &'static str) {
        match self {
            MediaType::ApplicationJson => ("application", "json"),
            MediaType::TextJson => ("text", "json"),
            MediaType::ApplicationXml => ("application", "xml"),
            MediaType::TextXml => ("text", "xml"),
        }
    }
}

impl ResponseType {
    /// The `Content-Type` header value, e.g. `application/json; charset=utf-8`.
    pub fn content_type(&self) -> String {
        self.content_type_static().to_owned()
    }

    /// [`ResponseType::content_type`] without an allocation (every combination is a constant).
    pub(crate) fn content_type_static(&self) -> &'static str {
        use Charset::{Utf8, Utf16Be, Utf16Le};
        use MediaType::{ApplicationJson, ApplicationXml, TextJson, TextXml};
        match (self.media, self.charset) {
            (ApplicationJson, Utf8) => "application/json; charset=utf-8",
            (ApplicationJson, Utf16Le) => "application/json; charset=utf-16",
            (ApplicationJson, Utf16Be) => "application/json; charset=utf-16BE",
            (TextJson, Utf8) => "text/json; charset=utf-8",
            (TextJson, Utf16Le) => "text/json; charset=utf-16",
            (TextJson, Utf16Be) => "text/json; charset=utf-16BE",
            (ApplicationXml, Utf8) => "application/xml; charset=utf-8",
            (ApplicationXml, Utf16Le) => "application/xml; charset=utf-16",
            (ApplicationXml, Utf16Be) => "application/xml; charset=utf-16BE",
            (TextXml, Utf8) => "text/xml; charset=utf-8",
            (TextXml, Utf16Le) => "text/xml; charset=utf-16",
            (TextXml, Utf16Be) => "text/xml; charset=utf-16BE",
        }
    }

    /// The writer.
    pub fn wire_format(&self) -> WireFormat {
        self.media.wire_format()
    }
}

/// The request headers content negotiation looks at, raw as received (`None` = absent; several
/// header lines of one name joined with `, `).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct NegotiationInput<'a> {
    /// `Accept`.
    pub accept: Option<&'a str>,
    /// The request's `Content-Type` (fallback when Accept matches nothing).
    pub content_type: Option<&'a str>,
    /// `X-Requested-With` (jQuery's `XMLHttpRequest` maps to JSON).
    pub x_requested_with: Option<&'a str>,
    /// `Accept-Charset`.
    pub accept_charset: Option<&'a str>,
}

/// The response media type and charset `DefaultContentNegotiator` picks (contracts/reference/wire.md#response-format, contracts/reference/wire.md#charsets).
/// Never fails: with nothing acceptable .NET falls back to the first writer (JSON), no 406.
///
/// ```
/// use favorite_contract::codec::negotiate::{response_type, NegotiationInput};
/// let input = NegotiationInput {
///     accept: Some("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"),
///     ..NegotiationInput::default()
/// };
/// assert_eq!(response_type(&input).content_type(), "application/xml; charset=utf-8");
/// ```
pub fn response_type(input: &NegotiationInput<'_>) -> ResponseType {
    select::negotiate(input)
}

/// The formatters that can read the request type, in `HttpConfiguration.Formatters` order, with
/// their supported media types (`FormUrlEncodedMediaTypeFormatter`, third in the list, reads only
/// `FormDataCollection`/`JToken` and is skipped).
const READERS: [(Format, &[(&str, &str)]); 3] = [
    (Format::Json, &[("application", "json"), ("text", "json")]),
    (Format::Xml, &[("application", "xml"), ("text", "xml")]),
    (Format::Form, &[("application", "x-www-form-urlencoded")]),
];

/// Pick the request body reader (contracts/reference/wire.md#request-reader): the first formatter with a supported media
/// type inside the Content-Type (`MediaTypeFormatterCollection.FindReader`), so parameters are
/// allowed and ranges such as `*/*` or `text/*` select JSON. Without a usable reader the answer
/// is 415, except for an empty body, which binds null without an error (`Ok(None)`).
///
/// Charsets (`MediaTypeFormatter.SelectCharacterEncoding`): JSON and XML honour exactly the
/// encodings' web names `utf-8` and `utf-16` (case-insensitive; no aliases such as `utf8` or
/// `unicode`, and a quoted value does not match); any other declared charset is reported in
/// `unsupported_charset` and the body is read as UTF-8. The form reader always decodes UTF-8.
pub fn request_reader(
    content_type: Option<&str>,
    body_len: usize,
) -> Result<Option<RequestMedia>, UnsupportedMediaType> {
    let parsed = content_type.and_then(header::parse_content_type);
    let reader = parsed.as_ref().and_then(|ct| {
        READERS.into_iter().find_map(|(format, types)| {
            types
                .iter()
                .any(|(ty, subtype)| ct.contains(ty, subtype).is_some())
                .then(|| reader_media(format, ct))
        })
    });
    match reader {
        Some(media) => Ok(Some(media)),
        None if body_len == 0 => Ok(None),
        None => Err(UnsupportedMediaType {
            media_type: parsed.map(|ct| ct.media_type.into_owned()),
        }),
    }
}

fn reader_media(format: Format, content_type: &ParsedMediaType<'_>) -> RequestMedia {
    let declared = content_type
        .param("charset")
        .and_then(|p| p.value)
        .filter(|v| !v.trim().is_empty());
    let honoured: &[Charset] = match format {
        Format::Json | Format::Xml => &[Charset::Utf8, Charset::Utf16Le],
        // FormUrlEncodedParser decodes the raw bytes as UTF-8 whatever the header says.
        Format::Form => &[Charset::Utf8],
    };
    let matched = declared.map(|d| {
        honoured
            .iter()
            .copied()
            .find(|c| d.eq_ignore_ascii_case(c.web_name()))
    });
    let (charset, unsupported_charset) = match (declared, matched) {
        (Some(_), Some(Some(charset))) => (charset, None),
        (Some(d), _) => (Charset::Utf8, Some(d.to_owned())),
        (None, _) => (Charset::Utf8, None),
    };
    RequestMedia {
        format,
        media_type: content_type.media_type.to_ascii_lowercase(),
        charset,
        unsupported_charset,
    }
}
