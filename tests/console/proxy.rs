//! The console in its proxy mode, in a real headless Chromium: the validation proxy in front of
//! a faulty upstream (an answer missing a member) serves the page at `/__proxy/`; the page shows
//! the exchange with its rule, location, expected and actual in the detail (credentials
//! redacted), counts the rule in its summary, filters, writes the reports on demand and resets
//! the journal; the mock's parts are hidden. The mock's console stays in mock mode.

use crate::browser::{Browser, launch};
use crate::support::spawn_mock;
use favorite_contract::{
    HttpClient, HttpRequest, MockServer, ProxyConfig, ProxyServer, ReportWriter, RequestBody,
    Target,
};
use serde_json::json;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, ResponseTemplate};

const ACTION: &str = "/api/client/ClientFavoriteDataInfo";
const TOKEN: &str = "console-proxy-secret-token";
const JSON: &str = "application/json; charset=utf-8";
/// The member the faulty upstream leaves out.
const MISSING: &str = r#""AvgAll":1595.47,"#;
/// The rule a missing member breaks.
const RULE: &str = "json.property-set";

fn request(good: bool) -> HttpRequest {
    let mut headers = vec![
        ("Authorization".to_owned(), format!("Bearer {TOKEN}")),
        ("Content-Type".to_owned(), "application/json".to_owned()),
    ];
    if good {
        headers.push(("X-Good".to_owned(), "1".to_owned()));
    }
    HttpRequest {
        method: "POST".into(),
        path: ACTION.into(),
        headers,
        body: RequestBody::Text(r#"{"Client":1006,"Operator":0}"#.to_owned()),
        format: None,
    }
}

fn client(url: &str) -> HttpClient {
    HttpClient::new(Target::parse(url).unwrap(), Duration::from_secs(20), 2).unwrap()
}

/// Wait until `expression` is truthy, then give an element's text.
async fn text_when(browser: &Browser, expression: &str, selector: &str, what: &str) -> String {
    browser.wait(expression, what).await;
    browser.text(selector).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_proxy_s_console_shows_each_exchange_with_its_findings_and_counts_the_rule() {
    let Some(browser) = launch("America/New_York").await else {
        return;
    };
    // Our mock's answer, and the same bytes without one member: the faulty upstream's.
    let mock = spawn_mock(MockServer::builder()).await;
    let good = client(&mock.url())
        .send(&request(false))
        .await
        .unwrap()
        .response;
    let good = String::from_utf8(good.body.to_vec()).unwrap();
    let faulty = good.replacen(MISSING, "", 1);
    assert_ne!(faulty, good);
    let upstream = wiremock::MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(ACTION))
        .and(header("x-good", "1"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(good.clone(), JSON))
        .with_priority(1)
        .mount(&upstream)
        .await;
    Mock::given(method("POST"))
        .and(path(ACTION))
        .respond_with(ResponseTemplate::new(200).set_body_raw(faulty, JSON))
        .mount(&upstream)
        .await;
    let written = Arc::new(AtomicUsize::new(0));
    let mut config = ProxyConfig::new(Target::parse(&upstream.uri()).unwrap());
    config.quiet = true;
    let count = Arc::clone(&written);
    config.report_writer = Some(ReportWriter::new(move |report| {
        assert!(report.counts.keys().any(|rule| rule.id() == RULE));
        count.fetch_add(1, Ordering::SeqCst);
        Ok(())
    }));
    let proxy = ProxyServer::start(config, "127.0.0.1:0").await.unwrap();
    let through = client(&proxy.url());
    let answer = through.send(&request(false)).await.unwrap().response;
    assert_eq!(
        answer
            .header("x-contract-findings")
            .map(|v| v.contains(RULE)),
        Some(true)
    );

    browser
        .client
        .goto(&format!("{}/__proxy/", proxy.url()))
        .await
        .unwrap();
    browser
        .wait(
            "document.body.dataset.ready === 'true'",
            "the proxy's console to load",
        )
        .await;
    assert_eq!(browser.text("#mode").await, "proxy");
    // The mock's parts are hidden; the proxy's shown.
    let hidden = browser
        .js("return ['try', 'journal', 'dataset', 'overrides', 'docs'].map((t) => document.querySelector(`button[data-tab=${t}]`).hidden)")
        .await;
    assert_eq!(hidden, json!([true, true, true, true, true]));
    let visible = browser
        .js("return ['exchanges', 'proxy'].map((t) => !document.querySelector(`button[data-tab=${t}]`).hidden)")
        .await;
    assert_eq!(visible, json!([true, true]));
    assert!(
        browser
            .js("return document.getElementById('tab-exchanges').classList.contains('active')")
            .await
            == json!(true)
    );
    let line = browser.text("#health-line").await;
    assert!(
        line.contains(&upstream.uri()) && line.contains(" up "),
        "{line}"
    );

    // The exchange, with its rule in the list.
    let row = text_when(
        &browser,
        "document.querySelector('#px-table tr[data-seq=\"1\"]')",
        "#px-table tr[data-seq=\"1\"]",
        "the exchange in the journal",
    )
    .await;
    assert!(row.contains(RULE) && row.contains("200"), "{row}");
    // The summary counts it.
    let summary_selector = format!("#px-rules tr[data-rule=\"{RULE}\"]");
    let violations = text_when(
        &browser,
        &format!("document.querySelector('{summary_selector} .count-violations')"),
        &format!("{summary_selector} .count-violations"),
        "the rule in the summary",
    )
    .await;
    assert_eq!(violations, "1");
    assert!(browser.text("#px-totals").await.starts_with("1 violations"));

    // Its detail: rule, severity, location, expected and actual; the credential redacted.
    browser.click("#px-table tr[data-seq=\"1\"]").await;
    let finding = format!("#px-detail .finding[data-rule=\"{RULE}\"]");
    let finding_text = text_when(
        &browser,
        &format!("document.querySelector('{finding}')"),
        &finding,
        "the finding in the detail",
    )
    .await;
    assert!(finding_text.contains("violation"), "{finding_text}");
    assert!(finding_text.contains("AvgAll"), "{finding_text}");
    assert!(finding_text.contains(" at "), "{finding_text}");
    let expected = browser.text(&format!("{finding} code.expected")).await;
    let actual = browser.text(&format!("{finding} code.actual")).await;
    assert!(
        !expected.is_empty() && expected != actual,
        "{expected} / {actual}"
    );
    let detail = browser.text("#px-detail").await;
    assert!(detail.contains("<redacted>"), "{detail}");
    assert!(!detail.contains(TOKEN), "{detail}");
    assert!(detail.contains("Response body"), "{detail}");

    // A clean exchange arrives live; "only with findings" and the rule filter hide it.
    let clean = through.send(&request(true)).await.unwrap().response;
    assert_eq!(clean.header("x-contract-findings"), None);
    let clean_row = text_when(
        &browser,
        "document.querySelector('#px-table tr[data-seq=\"2\"]')",
        "#px-table tr[data-seq=\"2\"]",
        "the clean exchange to appear live",
    )
    .await;
    assert!(clean_row.contains("none"), "{clean_row}");
    browser.click("#px-only-findings").await;
    browser
        .wait(
            "!document.querySelector('#px-table tr[data-seq=\"2\"]') && document.querySelector('#px-table tr[data-seq=\"1\"]')",
            "only the exchange with findings",
        )
        .await;
    browser.click("#px-only-findings").await;
    browser.set("#px-rule", RULE).await;
    browser
        .wait(
            "!document.querySelector('#px-table tr[data-seq=\"2\"]') && document.querySelector('#px-table tr[data-seq=\"1\"]')",
            "only the exchange with the rule",
        )
        .await;
    browser.set("#px-rule", "").await;
    browser
        .wait(
            "document.querySelectorAll('#px-table tbody tr').length === 2",
            "both exchanges again",
        )
        .await;

    // Write the reports now: the proxy's writer runs (the page's POST passes the guard).
    browser.click("#px-write-reports").await;
    let result = text_when(
        &browser,
        "document.getElementById('px-report-result').textContent.startsWith('reports written')",
        "#px-report-result",
        "the reports to be written",
    )
    .await;
    assert!(result.contains("findings listed"), "{result}");
    assert_eq!(written.load(Ordering::SeqCst), 1);

    // Reset the journal: the list empties, the summary (every finding since start) stays.
    browser.click("#px-reset").await;
    browser
        .wait(
            "document.querySelectorAll('#px-table tbody tr').length === 0 && !document.getElementById('px-empty').hidden",
            "the journal to be reset",
        )
        .await;
    let journal: serde_json::Value = serde_json::from_slice(&proxy.journal_json()).unwrap();
    assert_eq!(journal["exchanges"], json!([]));
    assert_eq!(
        browser
            .text(&format!("{summary_selector} .count-violations"))
            .await,
        "1"
    );

    // The health tab.
    browser.click("button[data-tab=proxy]").await;
    let health = text_when(
        &browser,
        "document.getElementById('px-health').innerText.includes('2 judged')",
        "#px-health",
        "the health of two exchanges",
    )
    .await;
    assert!(
        health.contains(&upstream.uri()) && health.contains("2 judged"),
        "{health}"
    );
    let problems = browser.problems().await;
    assert!(problems.is_empty(), "the page logged: {problems:#?}");

    // The mock's console stays in mock mode: its tabs shown, the proxy's hidden.
    browser
        .client
        .goto(&format!("{}/__mock/", mock.url()))
        .await
        .unwrap();
    browser
        .wait(
            "document.body.dataset.ready === 'true'",
            "the mock's console to load",
        )
        .await;
    assert_eq!(browser.text("#mode").await, "mock");
    let tabs = browser
        .js("return ['try', 'journal', 'dataset', 'overrides', 'docs', 'exchanges', 'proxy'].map((t) => document.querySelector(`button[data-tab=${t}]`).hidden)")
        .await;
    assert_eq!(tabs, json!([false, false, false, false, false, true, true]));
    let problems = browser.problems().await;
    assert!(problems.is_empty(), "the page logged: {problems:#?}");
    browser.close().await;
    proxy.shutdown().await;
    mock.shutdown().await;
}
