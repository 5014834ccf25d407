//! The browser threat on the pure handler: admin resources answer a local Host only, share
//! nothing cross-site, refuse state changes a page could trigger without a preflight; the API
//! keeps production's CORS; credentials are redacted; HTTP.sys's missing-Host 400.

use super::{framed, state};
use crate::server::config::{AdminAccess, ServerConfig};
use crate::server::handler::{Handled, Rejection, handle_at, reject};
use crate::server::redact::{REDACTED, is_credential_header, is_credential_parameter, query};
use crate::server::request::CapturedRequest;
use http::{Method, StatusCode};

const NOW: i64 = 1_800_000_000;

fn run(request: &CapturedRequest, config: ServerConfig) -> Handled {
    handle_at(&framed(request), &state(config), NOW)
}

fn header<'a>(handled: &'a Handled, name: &str) -> Option<&'a str> {
    handled
        .response
        .headers
        .get(name)
        .and_then(|v| v.to_str().ok())
}

fn admin(method: Method, path: &str, host: &str) -> CapturedRequest {
    CapturedRequest::new(method, path).with_header("Host", host)
}

#[test]
fn admin_resources_answer_only_a_local_host() {
    for host in [
        "localhost",
        "localhost:8080",
        "127.0.0.1:9",
        "[::1]:8080",
        "LOCALHOST",
    ] {
        let handled = run(
            &admin(Method::GET, "/__mock/health", host),
            ServerConfig::default(),
        );
        assert_eq!(handled.response.status, StatusCode::OK, "{host}");
    }
    // DNS rebinding: a foreign name resolved to 127.0.0.1.
    for host in [
        "evil.example",
        "evil.example:8080",
        "127.0.0.1.evil.example",
        "localhost.evil",
    ] {
        let handled = run(
            &admin(Method::GET, "/__mock/requests", host),
            ServerConfig::default(),
        );
        assert_eq!(handled.response.status, StatusCode::FORBIDDEN, "{host}");
        assert_eq!(header(&handled, "access-control-allow-origin"), None);
    }
    let allowed = ServerConfig {
        admin: AdminAccess {
            allowed_hosts: vec!["mock.internal".to_owned()],
            origins: Vec::new(),
        },
        ..ServerConfig::default()
    };
    let handled = run(
        &admin(Method::GET, "/__mock/health", "mock.internal:8080"),
        allowed,
    );
    assert_eq!(handled.response.status, StatusCode::OK);
}

#[test]
fn admin_answers_carry_no_cors_and_foreign_origins_are_refused() {
    let read = admin(Method::GET, "/__mock/requests", "localhost:8080")
        .with_header("Origin", "http://evil.example");
    let handled = run(&read, ServerConfig::default());
    assert_eq!(handled.response.status, StatusCode::FORBIDDEN);
    assert_eq!(header(&handled, "access-control-allow-origin"), None);
    assert_eq!(header(&handled, "access-control-allow-credentials"), None);

    // The mock's own origin (a console page it serves) is same-origin: no CORS needed.
    let own = admin(Method::GET, "/__mock/requests", "localhost:8080")
        .with_header("Origin", "http://localhost:8080");
    let handled = run(&own, ServerConfig::default());
    assert_eq!(handled.response.status, StatusCode::OK);
    assert_eq!(header(&handled, "access-control-allow-origin"), None);

    // A preflight to an admin resource is refused, without any allow header.
    let preflight = admin(Method::OPTIONS, "/__mock/reload", "localhost:8080")
        .with_header("Origin", "http://evil.example")
        .with_header("Access-Control-Request-Method", "POST")
        .with_header("Access-Control-Request-Headers", "x-mock-admin");
    let handled = run(&preflight, ServerConfig::default());
    assert_eq!(handled.response.status, StatusCode::FORBIDDEN);
    assert_eq!(header(&handled, "access-control-allow-origin"), None);
    assert!(handled.entry.is_none());
}

#[test]
fn an_allowed_admin_origin_gets_the_echo_and_its_preflight() {
    let config = ServerConfig {
        admin: AdminAccess {
            allowed_hosts: Vec::new(),
            origins: vec!["http://localhost:3000".to_owned()],
        },
        ..ServerConfig::default()
    };
    let read = admin(Method::GET, "/__mock/requests", "localhost:8080")
        .with_header("Origin", "http://localhost:3000");
    let handled = run(&read, config.clone());
    assert_eq!(handled.response.status, StatusCode::OK);
    assert_eq!(
        header(&handled, "access-control-allow-origin"),
        Some("http://localhost:3000")
    );
    assert_eq!(header(&handled, "access-control-allow-credentials"), None);
    let preflight = admin(Method::OPTIONS, "/__mock/reload", "localhost:8080")
        .with_header("Origin", "http://localhost:3000")
        .with_header("Access-Control-Request-Method", "POST");
    let handled = run(&preflight, config);
    assert_eq!(handled.response.status, StatusCode::OK);
    assert_eq!(
        header(&handled, "access-control-allow-headers"),
        Some("Content-Type, X-Mock-Admin")
    );
}

#[test]
fn state_changes_refuse_what_a_page_can_send_without_a_preflight() {
    // text/plain, form and multipart bodies, or none: all "simple" requests.
    for content_type in [
        None,
        Some("text/plain"),
        Some("application/x-www-form-urlencoded"),
        Some("multipart/form-data; boundary=x"),
    ] {
        let mut request = admin(Method::POST, "/__mock/reload", "127.0.0.1:8080");
        if let Some(ct) = content_type {
            request = request.with_header("Content-Type", ct);
        }
        let handled = run(&request, ServerConfig::default());
        assert_eq!(
            handled.response.status,
            StatusCode::FORBIDDEN,
            "{content_type:?}"
        );
    }
    for marker in [
        ("Content-Type", "application/json"),
        ("Content-Type", "Application/JSON; charset=utf-8"),
        ("X-Mock-Admin", "1"),
    ] {
        let request =
            admin(Method::POST, "/__mock/reload", "127.0.0.1:8080").with_header(marker.0, marker.1);
        let handled = run(&request, ServerConfig::default());
        assert_eq!(handled.response.status, StatusCode::OK, "{marker:?}");
    }
}

#[test]
fn the_api_keeps_productions_cors_for_any_origin() {
    let request = CapturedRequest::new(Method::POST, "/api/client/ClientFavoriteDataInfo")
        .with_header("Host", "localhost")
        .with_header("Origin", "http://evil.example")
        .with_header("Authorization", "Bearer t")
        .with_header("Content-Type", "application/json")
        .with_body(r#"{"Client":1001}"#);
    let handled = run(&request, ServerConfig::default());
    assert_eq!(handled.response.status, StatusCode::OK);
    assert_eq!(
        header(&handled, "access-control-allow-origin"),
        Some("http://evil.example")
    );
    assert_eq!(
        header(&handled, "access-control-allow-credentials"),
        Some("true")
    );
}

#[test]
fn credential_names_and_query_values_are_redacted_whole() {
    for name in [
        "Authorization",
        "proxy-authorization",
        "Cookie",
        "X-Api-Key",
        "X-Auth-Token",
    ] {
        assert!(is_credential_header(name), "{name}");
    }
    assert!(!is_credential_header("Content-Type"));
    for name in [
        "access_token",
        "id_token",
        "client_secret",
        "password",
        "API_KEY",
        "code",
        "sig",
        "access%5Ftoken",
        "session+id",
    ] {
        assert!(is_credential_parameter(name), "{name}");
    }
    assert!(!is_credential_parameter("client"));
    assert_eq!(
        query("a=1&access_token=sk_live_ABC123;Token=x&b"),
        format!("a=1&access_token={REDACTED};Token={REDACTED}&b")
    );
    assert_eq!(query("access_token"), "access_token");
    assert!(matches!(
        query("client=7"),
        std::borrow::Cow::Borrowed("client=7")
    ));
    // The journal and the check runner's reports hide values alike.
    assert_eq!(REDACTED, crate::REDACTED);

    // The journal stores the redacted query.
    let request = CapturedRequest::new(
        Method::POST,
        "/api/client/ClientFavoriteDataInfo?access_token=sk_live_ABC123&v=2",
    )
    .with_header("Host", "localhost");
    let handled = run(&request, ServerConfig::default());
    let entry = handled.entry.unwrap();
    assert_eq!(entry.query.as_deref(), Some("access_token=<redacted>&v=2"));
}

#[test]
fn an_http11_request_without_exactly_one_host_is_httpsys_400() {
    // Which requests get it: `hosting::host_header_invalid`, tested there.
    let request = CapturedRequest::new(Method::POST, "/api/client/ClientFavoriteDataInfo")
        .with_header("Origin", "http://page.example");
    let handled = reject(
        &request,
        &state(ServerConfig::default()),
        Rejection::BadHost,
    );
    assert_eq!(handled.response.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        header(&handled, "content-type"),
        Some("text/html; charset=us-ascii")
    );
    assert_eq!(header(&handled, "connection"), Some("close"));
    // HTTP.sys answers before the application's CORS middleware.
    assert_eq!(header(&handled, "access-control-allow-origin"), None);
    let body = String::from_utf8_lossy(&handled.response.body);
    assert!(body.contains("HTTP Error 400. The request hostname is invalid."));
    assert_eq!(header(&handled, "server"), Some("Microsoft-HTTPAPI/2.0"));
    assert_eq!(handled.entry.unwrap().status, 400);
}
