//! The browser threat and secrets, as for the mock: the proxy answers only a local Host (a page
//! cannot reach the upstream through it by DNS rebinding), its own resources share nothing
//! cross-site and refuse state changes a page could trigger, the credentials it adds go only
//! to requests from this machine's pages or non-browser clients, and no credential reaches
//! the journal or a report.

use crate::support::{self, ACTION, TOKEN, authority, post, raw};
use favorite_contract::{
    HttpRequest, ProxyConfig, ProxyError, ProxyServer, RequestBody, Target, VIA,
};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

const SECRET: &str = "sk_live_proxy_secret";

/// An upstream that answers 401 to everything (so every exchange has a finding to report) and
/// records what it received.
async fn recording_upstream() -> MockServer {
    let upstream = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(500))
        .mount(&upstream)
        .await;
    upstream
}

fn with_secret(config: &mut ProxyConfig) {
    config.credentials = vec![("Authorization".into(), format!("Bearer {SECRET}"))];
}

/// The Authorization values the upstream received, in order.
async fn received_authorization(upstream: &MockServer) -> Vec<Option<String>> {
    upstream
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|r| {
            r.headers
                .get("authorization")
                .map(|v| v.to_str().unwrap().to_owned())
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_foreign_host_gets_nothing_through() {
    let upstream = recording_upstream().await;
    let proxy = support::proxy(&upstream.uri(), with_secret).await;
    let request = format!(
        "POST {ACTION} HTTP/1.1\r\nHost: evil.example:8081\r\nContent-Length: 2\r\n\
         Connection: close\r\n\r\n{{}}"
    );
    let answer = raw(&authority(&proxy.url()), request.as_bytes()).await;
    assert_eq!(answer.head[0], "HTTP/1.1 403 Forbidden");
    assert!(String::from_utf8_lossy(&answer.body).contains("--allowed-host"));
    assert!(!answer.head.iter().any(|l| l.starts_with("Access-Control")));
    assert!(upstream.received_requests().await.unwrap().is_empty());
    proxy.shutdown().await;
    // Allowed by name, it passes.
    let proxy = support::proxy(&upstream.uri(), |config| {
        config.access.allowed_hosts = vec!["evil.example".into()];
    })
    .await;
    let answer = raw(&authority(&proxy.url()), request.as_bytes()).await;
    assert_eq!(answer.head[0], "HTTP/1.1 500 Internal Server Error");
    proxy.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn credentials_are_added_only_for_this_machine_and_never_shown() {
    let upstream = recording_upstream().await;
    let proxy = support::proxy(&upstream.uri(), with_secret).await;
    let client = support::client(&proxy.url());
    let bare = |origin: Option<&str>| {
        let mut request = post("application/json", r#"{"Client":1}"#, &[]);
        request.headers.retain(|(n, _)| n != "Authorization");
        if let Some(origin) = origin {
            request.headers.push(("Origin".into(), origin.into()));
        }
        request
    };
    // No credentials from the client: the proxy's are added.
    support::send(&client, &bare(None)).await;
    // The client's own win.
    support::send(&client, &post("application/json", r#"{"Client":1}"#, &[])).await;
    // A page on this machine gets them; a page of another site does not.
    support::send(&client, &bare(Some("http://localhost:3000"))).await;
    support::send(&client, &bare(Some("https://evil.example"))).await;
    // A query credential.
    let mut with_query = bare(None);
    with_query.path = format!("{ACTION}?access_token={SECRET}&x=1");
    support::send(&client, &with_query).await;
    let secret = format!("Bearer {SECRET}");
    assert_eq!(
        received_authorization(&upstream).await,
        [
            Some(secret.clone()),
            Some(format!("Bearer {TOKEN}")),
            Some(secret.clone()),
            None,
            Some(secret),
        ]
    );
    // Every exchange has a finding (a 500 with no body): the secret is in none of the places
    // that show them.
    let journal = String::from_utf8(proxy.journal_json()).unwrap();
    assert!(journal.contains("<redacted>"));
    assert!(journal.contains("access_token=<redacted>"), "{journal}");
    let report = proxy.shutdown().await;
    assert!(report.findings.len() >= 5);
    for text in [
        journal,
        report.to_json(),
        report.render_human(),
        report.to_junit(false),
    ] {
        assert!(!text.contains(SECRET), "a credential leaked: {text}");
        assert!(!text.contains(TOKEN), "a client credential leaked: {text}");
    }
}

fn admin(method: &str, path: &str, headers: &[(&str, &str)]) -> HttpRequest {
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_proxy_s_own_resources_are_local_and_not_triggerable_cross_site() {
    let upstream = recording_upstream().await;
    let proxy = support::proxy(&upstream.uri(), |_| {}).await;
    let client = support::client(&proxy.url());
    let health = support::send(&client, &admin("GET", "/__proxy/health", &[])).await;
    assert_eq!(health.status, 200);
    let json: serde_json::Value = serde_json::from_slice(&health.body).unwrap();
    assert_eq!(json["mode"], "proxy");
    assert_eq!(json["status"], "ok");
    assert_eq!(json["upstream"], upstream.uri());
    // A page of another origin reads nothing, and gets no CORS header.
    let foreign = support::send(
        &client,
        &admin(
            "GET",
            "/__proxy/exchanges",
            &[("Origin", "https://evil.example")],
        ),
    )
    .await;
    assert_eq!(foreign.status, 403);
    assert_eq!(foreign.header("access-control-allow-origin"), None);
    // A simple request (what a page sends without a preflight) cannot write reports.
    for headers in [vec![], vec![("Content-Type", "text/plain")]] {
        let post = support::send(&client, &admin("POST", "/__proxy/report", &headers)).await;
        assert_eq!(post.status, 403, "{headers:?}");
    }
    let post = support::send(
        &client,
        &admin("POST", "/__proxy/report", &[("X-Mock-Admin", "1")]),
    )
    .await;
    assert_eq!(post.status, 200);
    let report: serde_json::Value = serde_json::from_slice(&post.body).unwrap();
    assert_eq!(report["cases_run"], 0);
    // Unknown resources and methods.
    assert_eq!(
        support::send(&client, &admin("GET", "/__proxy/nope", &[]))
            .await
            .status,
        404
    );
    let wrong = support::send(&client, &admin("DELETE", "/__proxy/health", &[])).await;
    assert_eq!(wrong.status, 405);
    assert_eq!(wrong.header("allow"), Some("GET, HEAD"));
    // None of it reached the upstream.
    assert!(upstream.received_requests().await.unwrap().is_empty());
    proxy.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_that_comes_round_again_is_refused() {
    let upstream = recording_upstream().await;
    let proxy = support::proxy(&upstream.uri(), |_| {}).await;
    let answer = support::send(
        &support::client(&proxy.url()),
        &post("application/json", "{}", &[("Via", VIA)]),
    )
    .await;
    assert_eq!(answer.status, 508);
    proxy.shutdown().await;
    // A proxy told to forward to its own address does not start.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    let config = ProxyConfig::new(Target::parse(&format!("http://{addr}")).unwrap());
    let error = ProxyServer::start(config, &addr.to_string())
        .await
        .unwrap_err();
    assert!(matches!(error, ProxyError::Loop { .. }), "{error}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_for_no_path_is_refused_not_sent_elsewhere() {
    let upstream = recording_upstream().await;
    let proxy = support::proxy(&upstream.uri(), |_| {}).await;
    let answer = raw(
        &authority(&proxy.url()),
        b"OPTIONS * HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
    )
    .await;
    assert_eq!(answer.head[0], "HTTP/1.1 400 Bad Request");
    assert!(String::from_utf8_lossy(&answer.body).contains("`*`"));
    assert!(upstream.received_requests().await.unwrap().is_empty());
    proxy.shutdown().await;
}
