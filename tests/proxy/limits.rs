//! Upstreams that are gone, slow or large: a clear 502 or 504 and a finding, never a hang;
//! slowness past `--timeout` is a finding; bodies above the judged limit (or the shared
//! budget) stream through unjudged with a warning; keep-alive and streaming are kept.

use crate::support::{self, ACTION, authority, entry_rules, header_rules, post};
use favorite_contract::{HttpRequest, RequestBody, RuleId, Severity};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A port nothing listens on.
async fn closed_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    port
}

/// Source: issue 13 ("an unreachable upstream is a 502 with a clear message and a finding,
/// never a hang").
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unreachable_upstream_is_a_502_with_a_finding() {
    let port = closed_port().await;
    let upstream = format!("http://127.0.0.1:{port}");
    let proxy = support::proxy(&upstream, |_| {}).await;
    let client = support::client(&proxy.url());
    let started = Instant::now();
    let answer = support::send(&client, &post("application/json", r#"{"Client":1}"#, &[])).await;
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(answer.status, 502);
    let message: serde_json::Value = serde_json::from_slice(&answer.body).unwrap();
    let message = message["Message"].as_str().unwrap();
    assert!(message.contains(&upstream), "{message}");
    assert!(message.to_lowercase().contains("connect"), "{message}");
    assert_eq!(header_rules(&answer), ["http.response"]);
    // Another path: the same 502, counted, not judged.
    let other = HttpRequest {
        method: "GET".into(),
        path: "/favicon.ico".into(),
        headers: Vec::new(),
        body: RequestBody::Text(String::new()),
        format: None,
    };
    assert_eq!(support::send(&client, &other).await.status, 502);
    let journal = support::journal(&proxy).await;
    let entry = &journal["exchanges"][0];
    assert_eq!(entry["answer"], "bad-gateway");
    assert!(entry["upstream_error"].as_str().unwrap().contains("onnect"));
    assert_eq!(entry["response"], serde_json::Value::Null);
    let counts = proxy.counts();
    assert_eq!(
        (counts.judged, counts.passed_through, counts.upstream_errors),
        (1, 1, 2)
    );
    let report = proxy.shutdown().await;
    assert_eq!(report.exit_code(false), 1);
}

/// Source: issue 13 ("the upstream's slowness beyond `--timeout` is a finding"): the slow
/// answer is still forwarded.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_answer_slower_than_the_timeout_is_forwarded_with_a_finding() {
    let upstream = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(ACTION))
        .respond_with(
            ResponseTemplate::new(401)
                .set_body_raw(
                    r#"{"Message":"Authorization has been denied for this request."}"#,
                    "application/json; charset=utf-8",
                )
                .insert_header("WWW-Authenticate", "Bearer")
                .set_delay(Duration::from_millis(400)),
        )
        .mount(&upstream)
        .await;
    let proxy = support::proxy(&upstream.uri(), |config| {
        config.judge.time_limit = Some(Duration::from_millis(100));
    })
    .await;
    let mut request = post("application/json", r#"{"Client":1}"#, &[]);
    request.headers.retain(|(n, _)| n != "Authorization");
    let answer = support::send(&support::client(&proxy.url()), &request).await;
    assert_eq!(answer.status, 401);
    assert_eq!(header_rules(&answer), ["hostile.timeout"]);
    let report = proxy.shutdown().await;
    let finding = &report.findings[0];
    assert_eq!(finding.rule, RuleId::HostileTimeout);
    assert_eq!(finding.expected, "an answer within 100 ms");
}

/// `--give-up`: past it the proxy answers 504 itself, with the finding, instead of waiting.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_upstream_that_never_answers_gets_a_504_at_the_give_up_deadline() {
    let upstream = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(30)))
        .mount(&upstream)
        .await;
    let proxy = support::proxy(&upstream.uri(), |config| {
        config.judge.time_limit = Some(Duration::from_millis(100));
        config.limits.give_up = Duration::from_millis(300);
    })
    .await;
    let started = Instant::now();
    let answer = support::send(
        &support::client(&proxy.url()),
        &post("application/json", r#"{"Client":1}"#, &[]),
    )
    .await;
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(answer.status, 504);
    assert_eq!(header_rules(&answer), ["hostile.timeout"]);
    let journal = support::journal(&proxy).await;
    assert_eq!(journal["exchanges"][0]["answer"], "gateway-timeout");
    proxy.shutdown().await;
}

/// Source: issue 13 ("bodies above a named limit pass through unjudged with a warning
/// finding"): the upstream gets the whole request, the client the whole answer.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_body_above_the_limit_streams_through_unjudged() {
    let mock = support::mock().await;
    let proxy = support::proxy(&mock.url(), |config| {
        config.limits.max_judged_body_bytes = 1000;
    })
    .await;
    // Valid JSON whose whitespace makes it 5,000 bytes.
    let body = format!(r#"{{"Client":1006,{}"Operator":0}}"#, " ".repeat(4970));
    let request = post("application/json", &body, &[]);
    let direct = support::send(&support::client(&mock.url()), &request).await;
    let through = support::send(&support::client(&proxy.url()), &request).await;
    assert_eq!(direct.status, 200);
    assert_eq!(through.body, direct.body);
    assert_eq!(header_rules(&through), ["http.response"]);
    let journal = support::journal(&proxy).await;
    let entry = &journal["exchanges"][0];
    assert_eq!(entry["judged"], false);
    assert_eq!(entry["request"]["body"]["truncated"], true);
    assert_eq!(entry_rules(entry), ["http.response"]);
    let report = proxy.shutdown().await;
    assert_eq!(report.findings[0].severity, Severity::Warning);
    assert!(report.findings[0].actual.contains("1000 bytes"));
    // A warning does not fail the run (only --strict).
    assert_eq!(report.exit_code(false), 0);
    assert_eq!(report.exit_code(true), 1);
    mock.shutdown().await;
}

/// A body within the limit but above the per-exchange allowance needs the shared budget; with
/// the budget held elsewhere it streams through unjudged at once (nothing waits for it).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_large_body_without_budget_passes_unjudged_without_waiting() {
    let mock = support::mock().await;
    let proxy = support::proxy(&mock.url(), |config| {
        // One allowance unit: a body of 200 KiB needs four.
        config.limits.judge_budget_bytes = 64 * 1024;
    })
    .await;
    let body = format!(
        r#"{{"Client":1006,{}"Operator":0}}"#,
        " ".repeat(200 * 1024)
    );
    let through = support::send(
        &support::client(&proxy.url()),
        &post("application/json", &body, &[]),
    )
    .await;
    assert_eq!(through.status, 200);
    let report = proxy.shutdown().await;
    assert_eq!(report.findings.len(), 1);
    assert!(
        report.findings[0].actual.contains("budget"),
        "{}",
        report.findings[0].actual
    );
    mock.shutdown().await;
}

/// An upstream that writes its answer in two parts and waits between them until the client
/// has the first: the answer streams through the proxy (an action answer too large to judge,
/// and any answer of another path).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn large_answers_stream_rather_than_wait_for_their_end() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let upstream = format!("http://{}", listener.local_addr().unwrap());
    let (first_seen, mut seen) = tokio::sync::mpsc::channel::<()>(4);
    let first = "x".repeat(4096);
    let server_first = first.clone();
    tokio::spawn(async move {
        loop {
            let Ok((mut stream, _)) = listener.accept().await else {
                return;
            };
            let mut head = vec![0u8; 8192];
            let _ = stream.read(&mut head).await;
            let start = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n{:x}\r\n{server_first}\r\n",
                server_first.len()
            );
            stream.write_all(start.as_bytes()).await.unwrap();
            // The rest only once the client has read the first part.
            if tokio::time::timeout(Duration::from_secs(10), seen.recv())
                .await
                .is_err()
            {
                return;
            }
            stream.write_all(b"4\r\nlast\r\n0\r\n\r\n").await.unwrap();
        }
    });
    let proxy = support::proxy(&upstream, |config| {
        config.limits.max_judged_body_bytes = 1024;
    })
    .await;
    for (what, request_path) in [("another path", "/download"), ("the action", ACTION)] {
        let mut stream = TcpStream::connect(authority(&proxy.url())).await.unwrap();
        let request = format!(
            "POST {request_path} HTTP/1.1\r\nHost: localhost\r\nContent-Length: 2\r\n\
             Content-Type: application/json\r\nAuthorization: Bearer t\r\n\r\n{{}}"
        );
        stream.write_all(request.as_bytes()).await.unwrap();
        let mut got = Vec::new();
        let mut buf = [0u8; 8192];
        while !String::from_utf8_lossy(&got).contains(&first) {
            let n = tokio::time::timeout(Duration::from_secs(5), stream.read(&mut buf))
                .await
                .unwrap_or_else(|_| panic!("{what}: the first part did not stream"))
                .unwrap();
            assert!(n > 0, "{what}: closed early");
            got.extend_from_slice(&buf[..n]);
        }
        first_seen.send(()).await.unwrap();
        while !got.ends_with(b"0\r\n\r\n") {
            let n = tokio::time::timeout(Duration::from_secs(5), stream.read(&mut buf))
                .await
                .unwrap()
                .unwrap();
            assert!(n > 0, "{what}: closed before the end");
            got.extend_from_slice(&buf[..n]);
        }
        assert!(String::from_utf8_lossy(&got).contains("last"), "{what}");
    }
    let counts = proxy.counts();
    assert_eq!((counts.passed_through, counts.unjudged), (1, 1));
    proxy.shutdown().await;
}

/// Several requests on one client connection, each forwarded and judged: keep-alive holds.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_client_connection_carries_many_exchanges() {
    let mock = support::mock().await;
    let proxy = support::proxy(&mock.url(), |_| {}).await;
    let mut stream = TcpStream::connect(authority(&proxy.url())).await.unwrap();
    let body = r#"{"Client":1006}"#;
    for _ in 0..3 {
        let request = format!(
            "POST {ACTION} HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer t\r\n\
             Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        );
        stream.write_all(request.as_bytes()).await.unwrap();
        let mut got = Vec::new();
        let mut buf = [0u8; 4096];
        loop {
            let n = tokio::time::timeout(Duration::from_secs(5), stream.read(&mut buf))
                .await
                .unwrap()
                .unwrap();
            assert!(n > 0, "the proxy closed a keep-alive connection");
            got.extend_from_slice(&buf[..n]);
            let text = String::from_utf8_lossy(&got);
            if let Some(end) = text.find("\r\n\r\n") {
                let length: usize = text
                    .lines()
                    .find_map(|l| l.strip_prefix("Content-Length: "))
                    .unwrap()
                    .trim()
                    .parse()
                    .unwrap();
                if got.len() >= end + 4 + length {
                    break;
                }
            }
        }
        assert!(got.starts_with(b"HTTP/1.1 200 OK"));
    }
    assert_eq!(proxy.counts().judged, 3);
    assert_eq!(proxy.totals().total(), 0);
    proxy.shutdown().await;
    mock.shutdown().await;
}

/// A raw upstream answering `ok` to every request, closing the connection after each answer
/// when `close` is set; returns its URL and how many connections it accepted.
async fn counting_upstream(
    close: bool,
) -> (String, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let accepted = std::sync::Arc::new(AtomicUsize::new(0));
    let counter = std::sync::Arc::clone(&accepted);
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            counter.fetch_add(1, Ordering::SeqCst);
            tokio::spawn(async move {
                let mut pending = Vec::new();
                let mut buffer = [0u8; 4096];
                loop {
                    // A request without a body: its head ends it.
                    while !pending.windows(4).any(|w| w == b"\r\n\r\n") {
                        match stream.read(&mut buffer).await {
                            Ok(0) | Err(_) => return,
                            Ok(n) => pending.extend_from_slice(&buffer[..n]),
                        }
                    }
                    let end = pending.windows(4).position(|w| w == b"\r\n\r\n").unwrap() + 4;
                    pending.drain(..end);
                    let connection = if close { "close" } else { "keep-alive" };
                    let answer = format!(
                        "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\
                         Connection: {connection}\r\n\r\nok"
                    );
                    if stream.write_all(answer.as_bytes()).await.is_err() || close {
                        return;
                    }
                }
            });
        }
    });
    (url, accepted)
}

/// Three requests on one client connection, each answer read before the next is sent.
async fn three_on_one_connection(proxy: &str) -> Vec<String> {
    let mut stream = TcpStream::connect(authority(proxy)).await.unwrap();
    let mut answers = Vec::new();
    for _ in 0..3 {
        let request = format!("GET /other HTTP/1.1\r\nHost: {}\r\n\r\n", authority(proxy));
        stream.write_all(request.as_bytes()).await.unwrap();
        let mut bytes = Vec::new();
        let mut buffer = [0u8; 4096];
        while !bytes.ends_with(b"\r\n\r\nok") {
            let n = tokio::time::timeout(support::DEADLINE, stream.read(&mut buffer))
                .await
                .unwrap()
                .unwrap();
            assert!(
                n > 0,
                "the proxy closed: {}",
                String::from_utf8_lossy(&bytes)
            );
            bytes.extend_from_slice(&buffer[..n]);
        }
        answers.push(
            String::from_utf8_lossy(&bytes)
                .lines()
                .next()
                .unwrap()
                .to_owned(),
        );
    }
    answers
}

/// Source: issue 13 ("streaming and keep-alive preserved"). A client connection's requests go
/// to the upstream on one connection of its own, which is reused while the upstream keeps it
/// open, and replaced when the upstream closes it after an answer.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_connection_keeps_one_upstream_connection_and_replaces_a_closed_one() {
    use std::sync::atomic::Ordering;
    for (close, connections) in [(false, 1), (true, 3)] {
        let (upstream, accepted) = counting_upstream(close).await;
        let proxy = support::proxy(&upstream, |_| {}).await;
        let answers = three_on_one_connection(&proxy.url()).await;
        assert_eq!(answers, ["HTTP/1.1 200 OK"; 3], "upstream closing: {close}");
        assert_eq!(
            accepted.load(Ordering::SeqCst),
            connections,
            "upstream closing: {close}"
        );
    }
}
