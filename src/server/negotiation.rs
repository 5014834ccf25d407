//! The server's view of content negotiation (wire rules §4.2–4.4): which type a response is
//! written in, the `Content-Type` header .NET sends for it, and negotiated `HttpError` bodies.
//! The one adapter between the server and `codec::negotiate` / `codec::error_body`.

use super::request::{CapturedRequest, MockResponse};
use crate::codec::{Charset, MediaType, ResponseType, WireFormat, encode_text};
use http::{StatusCode, header};

/// The negotiated response type for a request (Accept, X-Requested-With, Accept-Charset, the
/// request Content-Type; JSON when nothing decides).
pub(crate) fn response_type(request: &CapturedRequest) -> ResponseType {
    interim::response_type(
        request.header(header::ACCEPT),
        request.header(header::CONTENT_TYPE),
        request.header("x-requested-with"),
    )
}

/// The writer for a media type.
pub(crate) fn wire_format(media: MediaType) -> WireFormat {
    match media {
        MediaType::ApplicationJson | MediaType::TextJson => WireFormat::Json,
        MediaType::ApplicationXml | MediaType::TextXml => WireFormat::Xml,
    }
}

/// The `Content-Type` header as Web API writes it: the media type and the charset parameter.
pub(crate) fn content_type(response_type: ResponseType) -> String {
    let media = match response_type.media {
        MediaType::ApplicationJson => "application/json",
        MediaType::TextJson => "text/json",
        MediaType::ApplicationXml => "application/xml",
        MediaType::TextXml => "text/xml",
    };
    let charset = match response_type.charset {
        Charset::Utf8 => "utf-8",
        Charset::Utf16Le => "utf-16",
        Charset::Utf16Be => "utf-16BE",
    };
    format!("{media}; charset={charset}")
}

/// A response carrying an `HttpError` with this message, in the negotiated type.
pub(crate) fn error_response(
    status: StatusCode,
    message: &str,
    response_type: ResponseType,
) -> MockResponse {
    let utf8 = interim::error_body(message, wire_format(response_type.media));
    MockResponse::with_body(
        status,
        &content_type(response_type),
        encode_text(utf8, response_type.charset),
    )
}

/// A stand-in for the negotiation and `HttpError` writers that `codec` does not provide yet.
mod interim {
    use crate::codec::{Charset, MediaType, ResponseType, WireFormat};

    pub(super) fn response_type(
        accept: Option<&str>,
        content_type: Option<&str>,
        _requested_with: Option<&str>,
    ) -> ResponseType {
        let utf8 = |media| ResponseType {
            media,
            charset: Charset::Utf8,
        };
        let mut best: Option<(f32, MediaType)> = None;
        for item in accept.unwrap_or("").split(',') {
            let mut parts = item.split(';').map(str::trim);
            let media = match parts.next().map(str::to_ascii_lowercase).as_deref() {
                Some("application/json") => MediaType::ApplicationJson,
                Some("text/json") => MediaType::TextJson,
                Some("application/xml") => MediaType::ApplicationXml,
                Some("text/xml") => MediaType::TextXml,
                _ => continue,
            };
            let q = parts
                .find_map(|p| p.strip_prefix("q="))
                .and_then(|q| q.parse().ok())
                .unwrap_or(1.0);
            if best.is_none_or(|(bq, _)| q > bq) {
                best = Some((q, media));
            }
        }
        if let Some((_, media)) = best {
            return utf8(media);
        }
        let ct = content_type.unwrap_or("").to_ascii_lowercase();
        if ct.starts_with("application/xml") {
            utf8(MediaType::ApplicationXml)
        } else if ct.starts_with("text/xml") {
            utf8(MediaType::TextXml)
        } else {
            utf8(MediaType::ApplicationJson)
        }
    }

    pub(super) fn error_body(message: &str, format: WireFormat) -> Vec<u8> {
        match format {
            WireFormat::Json => {
                let mut map = serde_json::Map::new();
                map.insert("Message".to_owned(), message.into());
                serde_json::Value::Object(map).to_string().into_bytes()
            }
            WireFormat::Xml => {
                let escaped = message
                    .replace('&', "&amp;")
                    .replace('<', "&lt;")
                    .replace('>', "&gt;");
                format!("<Error><Message>{escaped}</Message></Error>").into_bytes()
            }
        }
    }
}
