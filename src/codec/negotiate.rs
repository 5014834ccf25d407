//! Content negotiation (wire rules §4): which reader a request body gets (or 415), and which
//! media type and charset the response is written in.

use super::{Format, WireFormat};

/// A text encoding the formatters support.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Charset {
    /// UTF-8 without a byte-order mark (the default).
    Utf8,
    /// UTF-16 little-endian (`utf-16`, `unicode`), written with a byte-order mark.
    Utf16Le,
    /// UTF-16 big-endian (`utf-16BE`, `unicodeFFFE`), read only.
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
    /// The media type sent; `None` when there was no Content-Type.
    pub media_type: Option<String>,
}

impl UnsupportedMediaType {
    /// The HttpError `Message` .NET sends with the 415.
    pub fn message(&self) -> String {
        todo!()
    }
}

impl MediaType {
    /// The media type text.
    pub fn as_str(self) -> &'static str {
        todo!()
    }
    /// The writer.
    pub fn wire_format(self) -> WireFormat {
        todo!()
    }
}

/// Pick the request body reader (wire rules §4.1).
pub fn request_reader(
    _content_type: Option<&str>,
    _body_len: usize,
) -> Result<Option<RequestMedia>, UnsupportedMediaType> {
    todo!()
}
