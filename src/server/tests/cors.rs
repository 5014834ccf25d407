//! CORS as `CorsOptions.AllowAll` (Microsoft.Owin.Cors + System.Web.Cors).

use crate::server::cors::{Cors, classify, preflight};
use crate::server::request::CapturedRequest;
use http::{HeaderValue, Method, StatusCode};

fn origin() -> HeaderValue {
    HeaderValue::from_static("https://shop.example")
}

#[test]
fn only_a_non_empty_origin_makes_a_cors_request() {
    let plain = CapturedRequest::new(Method::POST, "/api/client/ClientFavoriteDataInfo");
    assert_eq!(classify(&plain), Cors::None);
    let empty = plain.clone().with_header("Origin", "");
    assert_eq!(classify(&empty), Cors::None);
    let simple = plain.with_header("Origin", "https://shop.example");
    assert_eq!(classify(&simple), Cors::Simple { origin: origin() });
}

#[test]
fn options_without_a_requested_method_is_not_a_preflight() {
    let request =
        CapturedRequest::new(Method::OPTIONS, "/x").with_header("Origin", "https://shop.example");
    assert_eq!(classify(&request), Cors::Simple { origin: origin() });
}

#[test]
fn preflight_headers_are_split_trimmed_and_deduplicated_case_insensitively() {
    let request = CapturedRequest::new(Method::OPTIONS, "/x")
        .with_header("Origin", "https://shop.example")
        .with_header("Access-Control-Request-Method", "PUT")
        .with_header(
            "Access-Control-Request-Headers",
            "Content-Type, authorization ,content-type",
        )
        .with_header("Access-Control-Request-Headers", "Accept,X-Mock-Latency");
    let Cors::Preflight {
        origin,
        method,
        headers,
    } = classify(&request)
    else {
        panic!("expected a preflight");
    };
    assert_eq!(method, "PUT");
    assert_eq!(
        headers,
        ["Content-Type", "authorization", "Accept", "X-Mock-Latency"]
    );
    let response = preflight(&origin, &method, &headers);
    assert_eq!(response.status, StatusCode::OK);
    assert!(response.body.is_empty());
    let header = |name: &str| response.headers.get(name).and_then(|v| v.to_str().ok());
    assert_eq!(
        header("access-control-allow-origin"),
        Some("https://shop.example")
    );
    assert_eq!(header("access-control-allow-credentials"), Some("true"));
    assert_eq!(header("access-control-allow-methods"), Some("PUT"));
    // Accept is a simple request header: filtered out, as CorsResult does.
    assert_eq!(
        header("access-control-allow-headers"),
        Some("Content-Type,authorization,X-Mock-Latency")
    );
    assert_eq!(header("access-control-max-age"), None);
}

#[test]
fn a_post_preflight_lists_no_methods_because_post_is_simple() {
    let response = preflight(&origin(), "POST", &[]);
    assert_eq!(response.status, StatusCode::OK);
    assert!(
        response
            .headers
            .get("access-control-allow-methods")
            .is_none()
    );
    assert!(
        response
            .headers
            .get("access-control-allow-headers")
            .is_none()
    );
}

#[test]
fn an_empty_requested_method_is_a_bad_request() {
    let response = preflight(&origin(), "", &[]);
    assert_eq!(response.status, StatusCode::BAD_REQUEST);
    assert!(response.headers.is_empty());
}
