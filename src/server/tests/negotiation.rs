//! Content-Type text and negotiated HttpError bodies.

use crate::codec::{Charset, MediaType, ResponseType};
use crate::server::negotiation::{content_type, error_response};
use http::StatusCode;

#[test]
fn content_types_carry_the_charset_as_web_api_writes_them() {
    let utf8 = |media| ResponseType {
        media,
        charset: Charset::Utf8,
    };
    assert_eq!(
        content_type(utf8(MediaType::ApplicationJson)),
        "application/json; charset=utf-8"
    );
    assert_eq!(
        content_type(utf8(MediaType::TextXml)),
        "text/xml; charset=utf-8"
    );
    let utf16 = ResponseType {
        media: MediaType::ApplicationXml,
        charset: Charset::Utf16Le,
    };
    assert_eq!(content_type(utf16), "application/xml; charset=utf-16");
}

#[test]
fn error_bodies_escape_their_message() {
    let xml = ResponseType {
        media: MediaType::ApplicationXml,
        charset: Charset::Utf8,
    };
    let response = error_response(StatusCode::NOT_FOUND, "a < b & 'c'", xml);
    assert_eq!(
        &response.body[..],
        b"<Error><Message>a &lt; b &amp; 'c'</Message></Error>"
    );
    let json = ResponseType {
        media: MediaType::ApplicationJson,
        charset: Charset::Utf8,
    };
    let response = error_response(StatusCode::NOT_FOUND, "say \"hi\"", json);
    assert_eq!(&response.body[..], br#"{"Message":"say \"hi\""}"#);
}
