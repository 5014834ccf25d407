//! The console in the proxy's own resources: the mock's page and assets at `/__proxy/` (with
//! the console's security headers), the journal read incrementally (`since`) and reset, the
//! findings counted by rule; all of it local-only, unreadable cross-site, and the reset
//! refused to what a page could send. The browser side is in `tests/console/proxy.rs`.

use crate::support::{self, authority, post, raw};
use favorite_contract::{HttpRequest, HttpResponse, ProxyHandle, RequestBody};
use serde_json::Value;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// An upstream that answers 500 to everything: every judged exchange has an `http.status`
/// finding.
async fn failing_upstream() -> MockServer {
    let upstream = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(500).set_body_raw(
            r#"{"Message":"An error has occurred."}"#,
            "application/json",
        ))
        .mount(&upstream)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_raw("upstream's own", "text/plain"))
        .mount(&upstream)
        .await;
    upstream
}

fn request(method: &str, path: &str, headers: &[(&str, &str)]) -> HttpRequest {
    HttpRequest {
        method: method.into(),
        path: path.into(),
        headers: headers
            .iter()
            .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
            .collect(),
        body: RequestBody::Text(String::new()),
        format: None,
    }
}

async fn call(
    proxy: &ProxyHandle,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
) -> HttpResponse {
    support::send(
        &support::client(&proxy.url()),
        &request(method, path, headers),
    )
    .await
}

fn json(response: &HttpResponse) -> Value {
    serde_json::from_slice(&response.body)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&response.body)))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_console_is_served_at_the_proxy_s_prefix_with_its_security_headers() {
    let upstream = failing_upstream().await;
    let proxy = support::proxy(&upstream.uri(), |_| {}).await;
    for (path, content_type, marker) in [
        ("/__proxy/", "text/html; charset=utf-8", "console.js"),
        (
            "/__proxy/index.html",
            "text/html; charset=utf-8",
            "tab-exchanges",
        ),
        (
            "/__proxy/console.js",
            "text/javascript; charset=utf-8",
            "favoriteConsoleKit",
        ),
        (
            "/__proxy/proxy.js",
            "text/javascript; charset=utf-8",
            "exchanges?since=",
        ),
        (
            "/__proxy/console.css",
            "text/css; charset=utf-8",
            "--accent",
        ),
        ("/__proxy/favicon.svg", "image/svg+xml", "<svg"),
    ] {
        let answer = call(&proxy, "GET", path, &[]).await;
        assert_eq!(answer.status, 200, "{path}");
        assert_eq!(answer.header("content-type"), Some(content_type), "{path}");
        let csp = answer.header("content-security-policy").unwrap_or_default();
        assert!(
            csp.contains("script-src 'self'") && csp.contains("frame-ancestors 'none'"),
            "{path}: {csp}"
        );
        assert_eq!(answer.header("x-content-type-options"), Some("nosniff"));
        assert_eq!(answer.header("x-frame-options"), Some("DENY"));
        assert_eq!(answer.header("access-control-allow-origin"), None);
        assert!(
            String::from_utf8_lossy(&answer.body).contains(marker),
            "{path} lacks {marker}"
        );
    }
    // The page's files are named relative to the slash: without it, a redirect.
    let bare = call(&proxy, "GET", "/__proxy", &[]).await;
    assert_eq!(bare.status, 301);
    assert_eq!(bare.header("location"), Some("/__proxy/"));
    // The page is read-only.
    let wrong = call(&proxy, "POST", "/__proxy/", &[("X-Mock-Admin", "1")]).await;
    assert_eq!(wrong.status, 405);
    assert_eq!(wrong.header("allow"), Some("GET, HEAD"));
    // None of it reached the upstream; the upstream's own files of the same names still do.
    assert!(upstream.received_requests().await.unwrap().is_empty());
    let theirs = call(&proxy, "GET", "/static/console.js", &[]).await;
    assert_eq!(theirs.body, &b"upstream's own"[..]);
    assert_eq!(upstream.received_requests().await.unwrap().len(), 1);
    proxy.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_console_goes_only_to_a_local_host_and_to_no_other_origin() {
    let upstream = failing_upstream().await;
    let proxy = support::proxy(&upstream.uri(), |_| {}).await;
    for path in ["/__proxy/", "/__proxy/proxy.js", "/__proxy/findings"] {
        // A page whose name was re-pointed at 127.0.0.1 (DNS rebinding).
        let rebound =
            format!("GET {path} HTTP/1.1\r\nHost: evil.example:8081\r\nConnection: close\r\n\r\n");
        let answer = raw(&authority(&proxy.url()), rebound.as_bytes()).await;
        assert_eq!(answer.head[0], "HTTP/1.1 403 Forbidden", "{path}");
        assert!(!String::from_utf8_lossy(&answer.body).contains("<html"));
        // A page of another origin.
        let foreign = call(&proxy, "GET", path, &[("Origin", "https://evil.example")]).await;
        assert_eq!(foreign.status, 403, "{path}");
        assert_eq!(foreign.header("access-control-allow-origin"), None);
    }
    // The proxy's own origin (what the console's fetches carry) is welcome.
    let own = proxy.url();
    let same = call(
        &proxy,
        "GET",
        "/__proxy/health",
        &[("Origin", own.as_str())],
    )
    .await;
    assert_eq!(same.status, 200);
    assert!(upstream.received_requests().await.unwrap().is_empty());
    proxy.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_journal_is_read_since_a_number_and_reset_only_by_a_non_simple_request() {
    let upstream = failing_upstream().await;
    let proxy = support::proxy(&upstream.uri(), |_| {}).await;
    let client = support::client(&proxy.url());
    for client_id in [1006, 1007] {
        let body = format!(r#"{{"Client":{client_id},"Operator":0}}"#);
        let answer = support::send(&client, &post("application/json", &body, &[])).await;
        assert_eq!(answer.status, 500);
    }
    let all = json(&call(&proxy, "GET", "/__proxy/exchanges", &[]).await);
    assert_eq!(all["total"], 2);
    assert_eq!(all["cleared_through"], 0);
    assert_eq!(all["exchanges"].as_array().unwrap().len(), 2);
    let newer = json(&call(&proxy, "GET", "/__proxy/exchanges?since=1", &[]).await);
    let newer = newer["exchanges"].as_array().unwrap();
    assert_eq!(newer.len(), 1);
    assert_eq!(newer[0]["seq"], 2);
    assert!(
        newer[0]["request"]["body"]["excerpt"]
            .as_str()
            .unwrap()
            .contains("1007")
    );
    // A bad number is named, not ignored.
    let bad = call(&proxy, "GET", "/__proxy/exchanges?since=latest", &[]).await;
    assert_eq!(bad.status, 400);
    let message = json(&bad)["Message"].as_str().unwrap().to_owned();
    assert!(
        message.contains("since") && message.contains("`latest`"),
        "{message}"
    );
    // What a page can send without a preflight does not reset it; nor does another origin.
    for headers in [
        vec![],
        vec![("Content-Type", "text/plain")],
        vec![("Origin", "https://evil.example"), ("X-Mock-Admin", "1")],
    ] {
        let refused = call(&proxy, "DELETE", "/__proxy/exchanges", &headers).await;
        assert_eq!(refused.status, 403, "{headers:?}");
        assert_eq!(refused.header("access-control-allow-origin"), None);
    }
    assert_eq!(
        json(&call(&proxy, "GET", "/__proxy/exchanges", &[]).await)["exchanges"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    // A report cannot be triggered cross-site either.
    let foreign_report = call(
        &proxy,
        "POST",
        "/__proxy/report",
        &[("Origin", "https://evil.example"), ("X-Mock-Admin", "1")],
    )
    .await;
    assert_eq!(foreign_report.status, 403);
    let reset = call(
        &proxy,
        "DELETE",
        "/__proxy/exchanges",
        &[("X-Mock-Admin", "1")],
    )
    .await;
    assert_eq!(reset.status, 200);
    assert_eq!(json(&reset)["removed"], 2);
    let after = json(&call(&proxy, "GET", "/__proxy/exchanges", &[]).await);
    assert_eq!(after["exchanges"].as_array().unwrap().len(), 0);
    assert_eq!(after["total"], 2);
    assert_eq!(after["cleared_through"], 2);
    // The reset empties the journal only: the reports and the exit code keep every finding.
    let report = proxy.report();
    assert_eq!(report.cases_run, 2);
    assert_eq!(report.totals().violations, 2);
    // Numbering goes on after a reset.
    support::send(
        &client,
        &post("application/json", r#"{"Client":1006}"#, &[]),
    )
    .await;
    let next = json(&call(&proxy, "GET", "/__proxy/exchanges", &[]).await);
    assert_eq!(next["exchanges"][0]["seq"], 3);
    proxy.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn findings_are_counted_by_rule_beyond_what_the_journal_keeps() {
    let upstream = failing_upstream().await;
    // A journal of one entry: the counts still cover every exchange.
    let proxy = support::proxy(&upstream.uri(), |config| config.journal_size = 1).await;
    let client = support::client(&proxy.url());
    let empty = json(&call(&proxy, "GET", "/__proxy/findings", &[]).await);
    assert_eq!(empty["rules"].as_array().unwrap().len(), 0);
    assert_eq!(empty["totals"]["violations"], 0);
    for _ in 0..3 {
        support::send(
            &client,
            &post("application/json", r#"{"Client":1006,"Operator":0}"#, &[]),
        )
        .await;
    }
    let answer = call(&proxy, "GET", "/__proxy/findings", &[]).await;
    assert_eq!(answer.status, 200);
    assert_eq!(
        answer.header("content-type"),
        Some("application/json; charset=utf-8")
    );
    let findings = json(&answer);
    let rules = findings["rules"].as_array().unwrap();
    let status = rules
        .iter()
        .find(|r| r["rule"] == "http.status")
        .unwrap_or_else(|| panic!("{findings}"));
    assert_eq!(status["violations"], 3);
    assert!(!status["description"].as_str().unwrap().is_empty());
    let violations: u64 = rules
        .iter()
        .map(|r| r["violations"].as_u64().unwrap())
        .sum();
    assert_eq!(findings["totals"]["violations"], violations);
    assert_eq!(
        json(&call(&proxy, "GET", "/__proxy/exchanges", &[]).await)["exchanges"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    let wrong = call(
        &proxy,
        "POST",
        "/__proxy/findings",
        &[("X-Mock-Admin", "1")],
    )
    .await;
    assert_eq!(wrong.status, 405);
    proxy.shutdown().await;
}
