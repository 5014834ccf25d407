//! In front of our mock the proxy is invisible and silent: every answer reaches the client as
//! the mock wrote it, and the judge, which predicts exactly what the mock answers, finds
//! nothing — for the whole corpus, a generated check run, and requests `check` never composes
//! (preflights, HEAD, other methods, chunked and unframed bodies).

use crate::support::{self, ACTION, TOKEN, authority, raw};
use favorite_contract::snapshot::{self, exchanges};
use favorite_contract::{Dataset, HttpRequest, RunConfig, Target, run};
use std::sync::Arc;

/// Source: issue 13, proof ("through the proxy in front of the mock: the whole corpus …
/// produce zero findings at the proxy, and the bytes the client receives are identical to the
/// mock's").
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_whole_corpus_passes_clean_and_unchanged() {
    let mock = support::mock().await;
    let proxy = support::proxy(&mock.url(), |config| {
        config.judge.dataset = Some(Arc::new(Dataset::embedded_default()));
        config.judge.oracle = true;
    })
    .await;
    let (direct, through) = (support::client(&mock.url()), support::client(&proxy.url()));
    let mut sent = 0;
    let mut action = 0;
    for case in snapshot::corpus::embedded().unwrap() {
        for exchange in exchanges(&case) {
            let mut request: HttpRequest = exchange.request.clone();
            if exchange.target_auth {
                request
                    .headers
                    .push(("Authorization".into(), format!("Bearer {TOKEN}")));
            }
            let at = format!("{} · {}", case.id, exchange.label);
            let expected = support::send(&direct, &request).await;
            let got = support::send(&through, &request).await;
            assert_eq!(got.status, expected.status, "{at}");
            assert_eq!(got.body, expected.body, "{at}: the body bytes");
            let headers = |r: &favorite_contract::HttpResponse| {
                r.headers
                    .iter()
                    .filter(|(n, _)| n != "date")
                    .cloned()
                    .collect::<Vec<_>>()
            };
            assert_eq!(headers(&got), headers(&expected), "{at}: the headers");
            sent += 1;
            action += usize::from(request.path.split('?').next() == Some(ACTION));
        }
    }
    let totals = proxy.totals();
    assert_eq!(
        totals.total(),
        0,
        "{}",
        proxy.report().render_human_after_header()
    );
    let counts = proxy.counts();
    assert_eq!(counts.judged, action as u64);
    assert_eq!(counts.judged + counts.passed_through, sent as u64);
    assert!(sent > 200, "{sent} exchanges");
    let journal = support::journal(&proxy).await;
    assert_eq!(journal["total"], action as u64);
    proxy.shutdown().await;
    mock.shutdown().await;
}

/// Source: issue 13, proof ("a generated `check` run sent *through* the proxy produce[s] zero
/// findings at the proxy").
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_generated_check_run_through_the_proxy_passes_clean_on_both_ends() {
    let mock = support::mock().await;
    let dataset = Arc::new(Dataset::embedded_default());
    let proxy = support::proxy(&mock.url(), |config| {
        config.judge.dataset = Some(Arc::clone(&dataset));
        config.judge.oracle = true;
    })
    .await;
    let mut config = RunConfig::new(Target::parse(&proxy.url()).unwrap());
    config.credentials = vec![("Authorization".into(), format!("Bearer {TOKEN}"))];
    config.dataset = Some(Arc::clone(&dataset));
    config.oracle = true;
    config.cases = 400;
    config.seed = 13;
    config.cases_dir = None;
    let outcome = run(config).await.unwrap();
    assert_eq!(
        outcome.report.totals().violations,
        0,
        "check itself: {}",
        outcome.report.render_human()
    );
    let report = proxy.report();
    assert_eq!(
        report.totals().total(),
        0,
        "the proxy: {}",
        report.render_human_after_header()
    );
    let counts = proxy.counts();
    assert!(counts.judged >= 300, "{counts:?}");
    // Unknown paths and the mock's own resources pass through.
    assert!(counts.passed_through > 0, "{counts:?}");
    assert_eq!(counts.unjudged, 0, "{counts:?}");
    proxy.shutdown().await;
    mock.shutdown().await;
}

/// Raw requests `check` never sends, each answered by the mock and through the proxy: the
/// same bytes on the wire (header case included), and no finding.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn preflights_head_other_methods_and_framings_pass_clean_byte_for_byte() {
    let mock = support::mock().await;
    let proxy = support::proxy(&mock.url(), |_| {}).await;
    let requests: [(&str, String); 8] = [
        (
            "a POST preflight",
            format!(
                "OPTIONS {ACTION} HTTP/1.1\r\nHost: localhost\r\nOrigin: https://shop.example\r\n\
                 Access-Control-Request-Method: POST\r\n\
                 Access-Control-Request-Headers: content-type, authorization, accept\r\n\r\n"
            ),
        ),
        (
            "a PUT preflight",
            format!(
                "OPTIONS {ACTION} HTTP/1.1\r\nHost: localhost\r\nOrigin: http://localhost:3000\r\n\
                 Access-Control-Request-Method: PUT\r\n\r\n"
            ),
        ),
        (
            "HEAD",
            format!("HEAD {ACTION} HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer t\r\n\r\n"),
        ),
        (
            "DELETE with an Origin",
            format!(
                "DELETE {ACTION} HTTP/1.1\r\nHost: localhost\r\nOrigin: https://shop.example\r\n\
                 Accept: application/xml\r\n\r\n"
            ),
        ),
        (
            "an empty chunked body",
            format!(
                "POST {ACTION} HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer t\r\n\
                 Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"
            ),
        ),
        (
            "a chunked body",
            format!(
                "POST {ACTION} HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer t\r\n\
                 Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n\
                 6\r\n{{\"Clie\r\n9\r\nnt\":1006}}\r\n0\r\n\r\n"
            ),
        ),
        (
            "a POST without a length (HTTP.sys's 411)",
            format!(
                "POST {ACTION} HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer t\r\n\
                 Content-Type: application/json\r\n\r\n"
            ),
        ),
        (
            "a form body with Content-Length 0",
            format!(
                "POST {ACTION} HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer t\r\n\
                 Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 0\r\n\r\n"
            ),
        ),
    ];
    for (what, request) in &requests {
        // Both ends close after the answer, so the answer is read to the end of the stream.
        let request = request.replacen("\r\n\r\n", "\r\nConnection: close\r\n\r\n", 1);
        let direct = raw(&authority(&mock.url()), request.as_bytes()).await;
        let through = raw(&authority(&proxy.url()), request.as_bytes()).await;
        // The same lines in the same order; only where the server itself places the framing
        // lines may differ (a HEAD answer's Content-Length is the upstream's header through the
        // proxy, computed last by the mock's server).
        let framing = |l: &String| {
            let l = l.to_ascii_lowercase();
            l.starts_with("content-length:") || l.starts_with("connection:")
        };
        let (mut got, mut want) = (through.head_without_date(), direct.head_without_date());
        let order = |head: &[String]| {
            head.iter()
                .filter(|l| !framing(l))
                .cloned()
                .collect::<Vec<_>>()
        };
        assert_eq!(order(&got), order(&want), "{what}");
        got.sort();
        want.sort();
        assert_eq!(got, want, "{what}");
        assert_eq!(through.body, direct.body, "{what}");
    }
    assert_eq!(
        proxy.totals().total(),
        0,
        "{}",
        proxy.report().render_human_after_header()
    );
    assert_eq!(proxy.counts().judged, requests.len() as u64);
    proxy.shutdown().await;
    mock.shutdown().await;
}
