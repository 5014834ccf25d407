//! Content negotiation through the public API (contracts/reference/wire.md#negotiation): never panics on any header, and
//! the request-reader and response choices are consistent.

use favorite_contract::codec::negotiate::{
    Charset, MediaType, NegotiationInput, request_reader, response_type,
};
use favorite_contract::codec::{BindOptions, Format, bind};
use proptest::prelude::*;

/// Source: contracts/reference/wire.md#request-reader — 415 for unsupported bodies, null without error for empty ones.
#[test]
fn unsupported_bodies_are_refused_before_reading() {
    let err = bind(Some("text/plain"), b"Client=7", &BindOptions::default()).unwrap_err();
    insta::assert_snapshot!(err, @"The request entity's media type 'text/plain' is not supported for this resource.");
    let err = bind(None, b"{}", &BindOptions::default()).unwrap_err();
    insta::assert_snapshot!(err, @"The request contains an entity body but no Content-Type header. The inferred media type 'application/octet-stream' is not supported for this resource.");
    let empty = bind(Some("text/plain"), b"", &BindOptions::default()).unwrap();
    assert_eq!((empty.format, empty.request), (None, None));
}

/// Source: contracts/reference/wire.md#response-format — a request's own media type is the fallback for the response.
#[test]
fn response_follows_the_request_body_type() {
    let cases = [
        (
            "application/xml; charset=utf-16",
            "application/xml; charset=utf-16",
        ),
        ("text/xml", "text/xml; charset=utf-8"),
        ("text/json", "text/json; charset=utf-8"),
        (
            "application/x-www-form-urlencoded",
            "application/json; charset=utf-8",
        ),
    ];
    for (content_type, expected) in cases {
        let input = NegotiationInput {
            content_type: Some(content_type),
            ..NegotiationInput::default()
        };
        assert_eq!(
            response_type(&input).content_type(),
            expected,
            "{content_type}"
        );
    }
}

fn header() -> impl Strategy<Value = Option<String>> {
    proptest::option::of(prop_oneof![
        ".*",
        "[a-z*/;=,. q0-9\"+\\\\-]{0,40}",
        "((application|text|\\*)/(json|xml|\\*|html)(;q=[0-9.]{1,4})?(, ?)?){0,4}",
    ])
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Any header values give one of the four media types and a writable charset; never a panic.
    #[test]
    fn negotiation_never_panics(
        accept in header(),
        content_type in header(),
        xhr in header(),
        accept_charset in header(),
    ) {
        let input = NegotiationInput {
            accept: accept.as_deref(),
            content_type: content_type.as_deref(),
            x_requested_with: xhr.as_deref(),
            accept_charset: accept_charset.as_deref(),
        };
        let chosen = response_type(&input);
        prop_assert!(matches!(
            chosen.media,
            MediaType::ApplicationJson | MediaType::TextJson | MediaType::ApplicationXml | MediaType::TextXml
        ));
        prop_assert_ne!(chosen.charset, Charset::Utf16Be);
        // With no Accept, `X-Requested-With: XMLHttpRequest` always gives JSON (the mapping).
        if accept.is_none() && xhr.as_deref().is_some_and(|x| x.to_ascii_lowercase().contains("xmlhttprequest")) {
            prop_assert_eq!(chosen.media, MediaType::ApplicationJson);
        }
    }

    /// The reader choice does not depend on the body length, except that "no reader" is 415 for
    /// a body and a silent null for an empty one.
    #[test]
    fn request_reader_is_consistent(content_type in header(), len in 1usize..10_000) {
        let with_body = request_reader(content_type.as_deref(), len);
        let empty = request_reader(content_type.as_deref(), 0);
        match (&with_body, &empty) {
            (Ok(Some(a)), Ok(Some(b))) => {
                prop_assert_eq!(a, b);
                prop_assert!(matches!(a.format, Format::Json | Format::Xml | Format::Form));
            }
            (Err(e), Ok(None)) => prop_assert!(!e.message().is_empty()),
            other => prop_assert!(false, "inconsistent: {:?}", other),
        }
    }
}
