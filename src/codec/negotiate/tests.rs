use super::header::{self, Range};
use super::*;

fn negotiate(accept: Option<&str>, content_type: Option<&str>, xhr: Option<&str>) -> String {
    response_type(&NegotiationInput {
        accept,
        content_type,
        x_requested_with: xhr,
        accept_charset: None,
    })
    .content_type()
}

fn charset_of(accept_charset: Option<&str>, content_type: Option<&str>) -> Charset {
    response_type(&NegotiationInput {
        accept_charset,
        content_type,
        ..NegotiationInput::default()
    })
    .charset
}

/// A table row: name, Accept, request Content-Type, X-Requested-With, expected Content-Type.
type Row = (
    &'static str,
    Option<&'static str>,
    Option<&'static str>,
    Option<&'static str>,
    &'static str,
);

#[test]
fn response_type_table() {
    // Source: contracts/reference/wire.md#response-format, every row of the [mono] table.
    let json = "application/json; charset=utf-8";
    let xml = "application/xml; charset=utf-8";
    let cases: [Row; 15] = [
        ("no Accept", None, None, None, json),
        ("Accept */*", Some("*/*"), None, None, json),
        (
            "no Accept, xml body",
            None,
            Some("application/xml"),
            None,
            xml,
        ),
        (
            "no Accept, text/xml body",
            None,
            Some("text/xml"),
            None,
            "text/xml; charset=utf-8",
        ),
        (
            "no Accept, form body",
            None,
            Some("application/x-www-form-urlencoded"),
            None,
            json,
        ),
        (
            "tie goes to JSON",
            Some("application/xml, application/json"),
            None,
            None,
            json,
        ),
        (
            "higher q wins",
            Some("application/json;q=0.5, application/xml;q=0.9"),
            None,
            None,
            xml,
        ),
        (
            "browser",
            Some("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"),
            None,
            None,
            xml,
        ),
        ("unsupported Accept", Some("text/plain"), None, None, json),
        (
            "text/*",
            Some("text/*"),
            None,
            None,
            "text/json; charset=utf-8",
        ),
        (
            "text/json",
            Some("text/json"),
            None,
            None,
            "text/json; charset=utf-8",
        ),
        (
            "Accept beats body",
            Some("application/xml"),
            Some("application/json"),
            None,
            xml,
        ),
        ("XHR, no Accept", None, None, Some("XMLHttpRequest"), json),
        ("XHR, */*", Some("*/*"), None, Some("XMLHttpRequest"), json),
        (
            "XHR beats an xml body",
            None,
            Some("text/xml"),
            Some("XMLHttpRequest"),
            json,
        ),
    ];
    for (name, accept, content_type, xhr, expected) in cases {
        assert_eq!(negotiate(accept, content_type, xhr), expected, "{name}");
    }
}

#[test]
fn accept_categories_and_quality_rules() {
    // Source: contracts/reference/wire.md#response-format (literal > type/* > */*, replaced only by strictly higher q).
    let json = "application/json; charset=utf-8";
    let xml = "application/xml; charset=utf-8";
    let cases = [
        // XHR mapping applies only with no Accept or exactly */*.
        (Some("application/xml"), Some("XMLHttpRequest"), xml),
        (Some("*/*;q=0.5"), Some("x-xmlhttprequest-y"), json),
        (Some("application/xml, */*"), Some("XMLHttpRequest"), xml),
        // A literal XML match at .5 beats JSON's */* at .45; a */* at .6 beats it.
        (
            Some("application/xml;q=0.5, text/json;q=0.4, */*;q=0.45"),
            None,
            xml,
        ),
        (Some("application/xml;q=0.5, */*;q=0.6"), None, json),
        // q=0 excludes; an unparseable q is 1; q above 1 is not clamped.
        (
            Some("application/json;q=0, application/xml;q=0.1"),
            None,
            xml,
        ),
        (
            Some("application/json;q=0.5, application/xml;q=abc"),
            None,
            xml,
        ),
        (Some("application/xml;q=2, application/json"), None, xml),
        (
            Some("application/xml;q=\"0.5\", application/json;q=0.9"),
            None,
            xml,
        ),
        // NaN never wins a comparison, so the first formatter's match stays.
        (Some("application/xml;q=NaN, application/json"), None, json),
        (Some("application/json;q=NaN, application/xml"), None, json),
        // Parameters other than q do not matter; case does not either.
        (Some("APPLICATION/XML; v=2"), None, xml),
        (Some("application / xml"), None, xml),
        // One invalid element hides the whole header.
        (Some("application/xml, nonsense"), None, json),
        (Some("application/xml;"), None, json),
        (Some("application/xml, , ,"), None, xml),
        (Some(""), None, json),
    ];
    for (accept, xhr, expected) in cases {
        assert_eq!(negotiate(accept, None, xhr), expected, "{accept:?} {xhr:?}");
    }
    // Malformed request Content-Type is ignored as a fallback.
    assert_eq!(negotiate(None, Some("application/xml;"), None), json);
}

#[test]
fn response_charset() {
    // Source: contracts/reference/wire.md#charsets (Accept-Charset, then the request charset, then UTF-8).
    let cases = [
        (Some("utf-16"), None, Charset::Utf16Le),
        (Some("UTF-16"), None, Charset::Utf16Le),
        (Some("iso-8859-1, utf-16;q=0.5"), None, Charset::Utf16Le),
        (Some("*"), None, Charset::Utf8),
        (Some("utf-8;q=0.1, utf-16"), None, Charset::Utf16Le),
        (Some("utf-16;q=0.1, utf-8"), None, Charset::Utf8),
        (Some("utf-8;q=0.1, utf-16;q=0.2"), None, Charset::Utf16Le),
        (Some("*;q=0.5, utf-16;q=0.5"), None, Charset::Utf16Le),
        (Some("utf-16;q=0, *"), None, Charset::Utf8),
        (
            None,
            Some("application/json; charset=utf-16"),
            Charset::Utf16Le,
        ),
        (
            None,
            Some("application/x-www-form-urlencoded; charset=utf-16"),
            Charset::Utf16Le,
        ),
        (
            None,
            Some("application/json; charset=windows-1251"),
            Charset::Utf8,
        ),
        (
            Some("windows-1251"),
            Some("text/xml; charset=utf-16"),
            Charset::Utf16Le,
        ),
        // Invalid Accept-Charset (q out of range, `.5`) is ignored as a whole.
        (Some("utf-16;q=2"), None, Charset::Utf8),
        (Some("utf-16;q=.5"), None, Charset::Utf8),
        (Some("utf-16;x=1"), None, Charset::Utf8),
    ];
    for (accept_charset, content_type, expected) in cases {
        assert_eq!(
            charset_of(accept_charset, content_type),
            expected,
            "{accept_charset:?} {content_type:?}"
        );
    }
    let utf16 = ResponseType {
        media: MediaType::ApplicationJson,
        charset: Charset::Utf16Le,
    };
    assert_eq!(utf16.content_type(), "application/json; charset=utf-16");
    assert_eq!(utf16.wire_format(), WireFormat::Json);
}

#[test]
fn request_reader_table() {
    // Source: contracts/reference/wire.md#request-reader (FindReader: supported type ⊆ Content-Type; charset: contracts/reference/wire.md#charsets).
    use Charset::{Utf8, Utf16Le};
    let ok = |format, media: &str, charset, unsupported: Option<&str>| {
        Ok(Some(RequestMedia {
            format,
            media_type: media.to_owned(),
            charset,
            unsupported_charset: unsupported.map(str::to_owned),
        }))
    };
    let refused = |media: Option<&str>| {
        Err(UnsupportedMediaType {
            media_type: media.map(str::to_owned),
        })
    };
    let cases = [
        (
            "application/json",
            ok(Format::Json, "application/json", Utf8, None),
        ),
        (
            "text/json; charset=utf-16",
            ok(Format::Json, "text/json", Utf16Le, None),
        ),
        (
            "APPLICATION/XML",
            ok(Format::Xml, "application/xml", Utf8, None),
        ),
        (
            "text/xml;charset=UTF-8",
            ok(Format::Xml, "text/xml", Utf8, None),
        ),
        (
            "application/xml; charset=windows-1251",
            ok(Format::Xml, "application/xml", Utf8, Some("windows-1251")),
        ),
        (
            "application/json; charset=utf8",
            ok(Format::Json, "application/json", Utf8, Some("utf8")),
        ),
        (
            "application/json; charset=\"utf-16\"",
            ok(Format::Json, "application/json", Utf8, Some("\"utf-16\"")),
        ),
        (
            "application/json; charset",
            ok(Format::Json, "application/json", Utf8, None),
        ),
        (
            "application / json",
            ok(Format::Json, "application/json", Utf8, None),
        ),
        (
            "application/x-www-form-urlencoded",
            ok(
                Format::Form,
                "application/x-www-form-urlencoded",
                Utf8,
                None,
            ),
        ),
        (
            "application/x-www-form-urlencoded; charset=utf-16",
            ok(
                Format::Form,
                "application/x-www-form-urlencoded",
                Utf8,
                Some("utf-16"),
            ),
        ),
        // Ranges contain application/json, the first reader's type.
        ("*/*", ok(Format::Json, "*/*", Utf8, None)),
        (
            "application/*",
            ok(Format::Json, "application/*", Utf8, None),
        ),
        ("text/*", ok(Format::Json, "text/*", Utf8, None)),
        ("text/plain", refused(Some("text/plain"))),
        ("Text/Plain; charset=utf-8", refused(Some("Text/Plain"))),
        (
            "application/problem+json",
            refused(Some("application/problem+json")),
        ),
        ("application/*+json", refused(Some("application/*+json"))),
        (
            "application/vnd.api+json",
            refused(Some("application/vnd.api+json")),
        ),
        (
            "multipart/form-data; boundary=x",
            refused(Some("multipart/form-data")),
        ),
        (
            "application/octet-stream",
            refused(Some("application/octet-stream")),
        ),
        // Malformed values read as no Content-Type at all.
        ("application/json;", refused(None)),
        ("application/json, text/xml", refused(None)),
        ("", refused(None)),
        ("json", refused(None)),
    ];
    for (content_type, expected) in cases {
        assert_eq!(
            request_reader(Some(content_type), 5),
            expected,
            "{content_type:?}"
        );
    }
    assert_eq!(request_reader(None, 5), refused(None));
    assert_eq!(request_reader(None, 0), Ok(None));
    assert_eq!(request_reader(Some("text/plain"), 0), Ok(None));
    assert_eq!(
        request_reader(Some("application/json"), 0),
        ok(Format::Json, "application/json", Utf8, None)
    );
}

#[test]
fn unsupported_media_type_messages() {
    // Source: contracts/reference/wire.md#request-reader (SRResources UnsupportedMediaType / UnsupportedMediaTypeNoContentType).
    let with = UnsupportedMediaType {
        media_type: Some("text/plain".into()),
    };
    insta::assert_snapshot!(with.message(), @"The request entity's media type 'text/plain' is not supported for this resource.");
    let without = UnsupportedMediaType { media_type: None };
    insta::assert_snapshot!(without.message(), @"The request contains an entity body but no Content-Type header. The inferred media type 'application/octet-stream' is not supported for this resource.");
    insta::assert_snapshot!(with.exception_message("ClientFavoriteDataInfoRequest"), @"No MediaTypeFormatter is available to read an object of type 'ClientFavoriteDataInfoRequest' from content with media type 'text/plain'.");
    assert_eq!(without.to_string(), without.message());
}

#[test]
fn media_types() {
    let all = [
        MediaType::ApplicationJson,
        MediaType::TextJson,
        MediaType::ApplicationXml,
        MediaType::TextXml,
    ];
    let seen: Vec<(&str, WireFormat)> = all.iter().map(|m| (m.as_str(), m.wire_format())).collect();
    assert_eq!(
        seen,
        [
            ("application/json", WireFormat::Json),
            ("text/json", WireFormat::Json),
            ("application/xml", WireFormat::Xml),
            ("text/xml", WireFormat::Xml),
        ]
    );
}

#[test]
fn header_grammar() {
    // System.Net.Http MediaTypeHeaderParser details the tables above rely on.
    let ct = header::parse_content_type("Application/JSON ; Charset = \"utf-8\" ; q").unwrap();
    assert_eq!(ct.media_type, "Application/JSON");
    assert_eq!(ct.param("charset").and_then(|p| p.value), Some("\"utf-8\""));
    assert_eq!(ct.param("q").map(|p| p.value), Some(None));
    assert_eq!(ct.range(), Range::Literal);
    assert!(header::parse_content_type("a/b; x=\"unterminated").is_none());
    assert!(header::parse_content_type("a/b; x=").is_none());
    assert!(header::parse_content_type(", a/b").is_none());
    assert!(header::parse_content_type("a/b c").is_none());
    assert_eq!(header::parse_accept(" , ").map(|v| v.len()), Some(0));
    assert_eq!(
        header::parse_accept("*/*, text/*").map(|v| v.len()),
        Some(2)
    );
    assert_eq!(
        header::parse_accept_charset("utf-8;q=1.0, *;Q=0").unwrap(),
        [("utf-8", Some(1.0)), ("*", Some(0.0))]
    );
    let quality = |s: &str| header::parse_quality(s);
    assert_eq!(quality("0.5"), Some(0.5));
    assert_eq!(quality(".5"), Some(0.5));
    assert_eq!(quality("5."), Some(5.0));
    assert_eq!(quality("-1"), None);
    assert_eq!(quality("1e0"), None);
    assert_eq!(quality("Infinity"), Some(f64::INFINITY));
    assert!(quality("NaN").is_some_and(f64::is_nan));
}

#[test]
fn order_by_descending_is_stable_and_total() {
    let sorted = header::order_by_descending(
        vec![(1, 'a'), (3, 'b'), (1, 'c'), (3, 'd'), (2, 'e')],
        |x, y| x.0.cmp(&y.0),
    );
    assert_eq!(sorted, [(3, 'b'), (3, 'd'), (2, 'e'), (1, 'a'), (1, 'c')]);
    // A comparer that is not a total order (NaN) still terminates with every item kept.
    let values = vec![f64::NAN, 1.0, 0.5, f64::NAN, 0.7, 0.1, f64::NAN];
    let sorted = header::order_by_descending(values.clone(), |a, b| {
        a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal)
    });
    assert_eq!(sorted.len(), values.len());
}

#[test]
fn media_types_are_kept_as_written_with_or_without_spaces_around_the_slash() {
    // Source: contracts/reference/wire.md#request-reader (MediaTypeHeaderParser): whitespace around `/` is dropped.
    let spaced = header::parse_content_type("Application / JSON ;charset=utf-8").unwrap();
    assert_eq!(spaced.media_type, "Application/JSON");
    assert_eq!(spaced.range(), Range::Literal);
    let tight = header::parse_content_type("text/*").unwrap();
    assert_eq!(tight.media_type, "text/*");
    assert_eq!(tight.range(), Range::Subtype);
    assert!(header::parse_content_type("").is_none());
    assert!(header::parse_content_type("a/b,").is_none());
    assert!(header::parse_content_type(" a/b ").is_some());
}

#[test]
fn the_first_q_parameter_gives_the_quality() {
    // Source: contracts/reference/wire.md#response-format (MediaTypeWithQualityHeaderValue.Quality finds the first `q`).
    let accept = header::parse_accept("a/b;Q=0.3;q=0.9, c/d;x=1, e/f;q=x").unwrap();
    let qualities: Vec<Option<f64>> = accept.iter().map(|m| m.quality()).collect();
    assert_eq!(qualities, [Some(0.3), None, None]);
}

#[test]
fn every_response_type_has_its_content_type_text() {
    // Source: contracts/reference/wire.md#charsets: `type/subtype; charset=<web name>`.
    for media in [
        MediaType::ApplicationJson,
        MediaType::TextJson,
        MediaType::ApplicationXml,
        MediaType::TextXml,
    ] {
        for charset in [Charset::Utf8, Charset::Utf16Le, Charset::Utf16Be] {
            let response = ResponseType { media, charset };
            assert_eq!(
                response.content_type(),
                format!("{}; charset={}", media.as_str(), charset.web_name())
            );
        }
    }
}
