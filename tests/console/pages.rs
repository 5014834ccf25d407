//! The console in a real headless Chromium: it loads without a console error; try-it sends
//! JSON, XML and form bodies and shows the answer and its diagnostics; the journal shows each
//! exchange with its headers and bodies, updates itself, filters and resets; the dataset
//! browser sends a client's request in one click; dates read the same in any browser zone; and
//! a page on another origin reads `X-Mock-Diagnostics` from fetch and XHR without errors.

use crate::api::ACTION;
use crate::browser::{Browser, launch};
use crate::support::{ADMIN, exchange, spawn_mock};
use bytes::Bytes;
use favorite_contract::{MockServer, ServerHandle};
use http_body_util::Full;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use serde_json::{Value, json};
use std::convert::Infallible;

const XML_NS: &str =
    "http://schemas.datacontract.org/2004/07/LCManagerPartner.Implementation.Request";

/// Open the console and wait until it has read everything it shows.
async fn open_console(browser: &Browser, mock: &ServerHandle) {
    browser
        .client
        .goto(&format!("{}/__mock/", mock.url()))
        .await
        .unwrap();
    browser
        .wait(
            "document.body.dataset.ready === 'true'",
            "the console to load",
        )
        .await;
}

/// Send the try-it form and wait for its answer and journal lookup.
async fn send_try_it(browser: &Browser) -> String {
    browser
        .js("document.getElementById('try-status-line').textContent = ''; document.getElementById('try-diagnostics').textContent = ''; return true;")
        .await;
    browser.click("#try-send").await;
    browser
        .wait(
            "document.getElementById('try-status-line').textContent.startsWith('HTTP') && document.getElementById('try-diagnostics').textContent !== ''",
            "the answer",
        )
        .await;
    browser.text("#try-status-line").await
}

async fn assert_no_problems(browser: &Browser) {
    let problems = browser.problems().await;
    assert!(problems.is_empty(), "the page logged: {problems:#?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_console_loads_without_errors_and_documents_the_contract() {
    let Some(browser) = launch("Europe/Moscow").await else {
        return;
    };
    let mock = spawn_mock(MockServer::builder()).await;
    open_console(&browser, &mock).await;
    assert_eq!(browser.text("#mode").await, "mock");
    assert!(
        browser
            .text("#health-line")
            .await
            .contains("as_of 2026-05-07T11:27:39.507")
    );
    browser.click("button[data-tab=docs]").await;
    let docs = browser.text("#tab-docs").await;
    for expected in [
        "POST /api/client/ClientFavoriteDataInfo",
        "Идентификатор клиента",
        "Client id",
        "Int32",
        "ClientFavoriteDataInfoResponse",
        "Клиент не найден",
        "Неверно заданы параметры постраничной выборки",
        "3, 4, 5, 1, 2, 6, 7, 8",
        "contracts/reference/wire.md#xml-member-order",
        "X-Mock-Fault",
        "xml-out-of-order",
    ] {
        assert!(
            docs.contains(expected),
            "the documentation lacks {expected:?}"
        );
    }
    // Every member of every type has a row: type, nullability, both descriptions.
    let rows = browser
        .js("return document.querySelectorAll('#doc-types table.members tbody tr').length")
        .await;
    let contract = favorite_contract::contract();
    let members: usize = contract.schemas.iter().map(|s| s.fields.len()).sum();
    assert_eq!(rows, json!(members));
    assert_no_problems(&browser).await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn try_it_sends_json_xml_and_form_and_shows_the_answer_and_diagnostics() {
    let Some(browser) = launch("Europe/Moscow").await else {
        return;
    };
    let mock = spawn_mock(MockServer::builder()).await;
    open_console(&browser, &mock).await;

    // JSON: the client's sample, as a user loads it.
    browser.type_into("#try-client", "1006").await;
    browser.click("#try-sample").await;
    browser
        .wait(
            "document.getElementById('try-body').value.includes('1006')",
            "the sample",
        )
        .await;
    assert_eq!(send_try_it(&browser).await, "HTTP 200 OK");
    let body = browser.text("#try-body-out").await;
    assert!(body.contains(r#""NowLinkGoods":2"#), "{body}");
    assert!(
        browser
            .text("#try-diagnostics-header")
            .await
            .starts_with("No X-Mock-Diagnostics header")
    );
    assert_eq!(
        browser.text("#try-diagnostics").await,
        "Binding noticed nothing."
    );
    assert!(
        browser
            .text("#try-headers-table")
            .await
            .contains("application/json; charset=utf-8")
    );

    // XML with Client after Start: skipped by DataContractSerializer, explained.
    browser.set("#try-format", "xml").await;
    browser
        .wait("document.getElementById('try-body').value.startsWith('<ClientFavoriteDataInfoRequest')", "the XML sample")
        .await;
    browser.set("#try-accept", "application/xml").await;
    let xml = format!(
        "<ClientFavoriteDataInfoRequest xmlns=\"{XML_NS}\">\n  <Start>1</Start>\n  <Client>1006</Client>\n</ClientFavoriteDataInfoRequest>"
    );
    browser.set("#try-body", &xml).await;
    assert_eq!(send_try_it(&browser).await, "HTTP 200 OK");
    assert!(
        browser
            .text("#try-body-out")
            .await
            .starts_with("<ClientFavoriteDataInfoResponse")
    );
    assert_eq!(
        browser.text("#try-diagnostics-header").await,
        "X-Mock-Diagnostics: 1; warning:xml-out-of-order"
    );
    let diagnostics = browser.text("#try-diagnostics").await;
    for expected in [
        "warning",
        "xml-out-of-order",
        "/ClientFavoriteDataInfoRequest/Client",
        "DataContractSerializer reads members in a fixed order",
        "contracts/reference/wire.md#xml-member-order",
    ] {
        assert!(
            diagnostics.contains(expected),
            "{expected:?} missing from {diagnostics}"
        );
    }

    // A form: answered in JSON.
    browser.set("#try-accept", "").await;
    browser.set("#try-format", "form").await;
    browser
        .wait(
            "document.getElementById('try-body').value === 'Client=1006&Operator=1'",
            "the form sample",
        )
        .await;
    assert_eq!(
        browser
            .js("return document.getElementById('try-content-type').value")
            .await,
        json!("application/x-www-form-urlencoded")
    );
    assert_eq!(send_try_it(&browser).await, "HTTP 200 OK");
    assert!(
        browser
            .text("#try-body-out")
            .await
            .contains(r#""NowLinkGoods":2"#)
    );

    // A scenario control from the panel.
    browser.set("#try-status", "500").await;
    assert_eq!(
        send_try_it(&browser).await,
        "HTTP 500 Internal Server Error"
    );
    assert_eq!(
        browser.text("#try-body-out").await,
        r#"{"Message":"An error has occurred."}"#
    );
    // The browser reports the 500 itself; nothing else may be logged.
    let problems: Vec<String> = browser
        .problems()
        .await
        .into_iter()
        .filter(|p| !p.contains("the server responded with a status of 500"))
        .collect();
    assert!(problems.is_empty(), "{problems:#?}");

    // Every exchange is in the journal with the format it was sent in.
    let formats: Vec<Value> = exchange(
        &mock,
        "GET",
        "/__mock/requests?preflight=false",
        &ADMIN,
        b"",
    )
    .await
    .json()["requests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["format"].clone())
        .collect();
    assert_eq!(
        formats,
        [json!("json"), json!("xml"), json!("form"), Value::Null]
    );
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_journal_shows_exchanges_live_with_headers_and_bodies_filters_and_resets() {
    let Some(browser) = launch("Europe/Moscow").await else {
        return;
    };
    let mock = spawn_mock(MockServer::builder()).await;
    let body = br#"{"Operator":1,"Client":1006}"#;
    let asked_for_xml = exchange(
        &mock,
        "POST",
        ACTION,
        &[
            ("Host", "localhost"),
            ("Authorization", "Bearer secret-token"),
            ("Content-Type", "application/json"),
            ("Accept", "application/xml"),
            ("Origin", "http://localhost:3000"),
        ],
        body,
    )
    .await;
    assert_eq!(asked_for_xml.status, 200);
    exchange(
        &mock,
        "POST",
        ACTION,
        &[("Content-Type", "application/json")],
        body,
    )
    .await;
    exchange(
        &mock,
        "OPTIONS",
        ACTION,
        &[
            ("Origin", "http://localhost:3000"),
            ("Access-Control-Request-Method", "POST"),
        ],
        b"",
    )
    .await;
    open_console(&browser, &mock).await;
    browser.click("button[data-tab=journal]").await;
    let rows = "document.querySelectorAll('#journal-table tbody tr')";
    browser
        .wait(
            &format!("{rows}.length === 2"),
            "two exchanges (the preflight hidden)",
        )
        .await;
    // Newest first.
    assert_eq!(
        browser
            .js(&format!("return [...{rows}].map(r => r.dataset.seq)"))
            .await,
        json!(["2", "1"])
    );

    // "Why did I get XML?": the request's Accept, and the answer as sent.
    browser.click("#journal-table tr[data-seq='1']").await;
    let detail = browser.text("#journal-detail").await;
    for expected in [
        "accept\tapplication/xml",
        "origin\thttp://localhost:3000",
        "authorization\t<redacted>",
        r#"{"Operator":1,"Client":1006}"#,
        "HTTP/1.1 200 OK",
        "Content-Type\tapplication/xml; charset=utf-8",
        "Access-Control-Allow-Origin\thttp://localhost:3000",
        "<ClientFavoriteDataInfoResponse",
        "\"Client\": 1006",
    ] {
        assert!(
            detail.contains(expected),
            "{expected:?} missing from the detail:\n{detail}"
        );
    }
    assert!(!detail.contains("secret-token"));

    // It updates itself.
    exchange(
        &mock,
        "POST",
        ACTION,
        &[
            ("Authorization", "Bearer t"),
            ("Content-Type", "application/x-www-form-urlencoded"),
        ],
        b"Operator=1&Client=1003",
    )
    .await;
    browser
        .wait(
            &format!("{rows}.length === 3"),
            "the new exchange to appear",
        )
        .await;
    assert_eq!(
        browser.js(&format!("return {rows}[0].dataset.seq")).await,
        json!("4")
    );

    // Filters.
    browser.set("#filter-status", "401").await;
    browser
        .wait(
            &format!("{rows}.length === 1 && {rows}[0].dataset.seq === '2'"),
            "only the 401",
        )
        .await;
    browser.set("#filter-status", "").await;
    browser.set("#filter-format", "form").await;
    browser
        .wait(
            &format!("{rows}.length === 1 && {rows}[0].dataset.seq === '4'"),
            "only the form",
        )
        .await;
    browser.set("#filter-format", "").await;
    browser.click("#filter-hide-preflight").await;
    browser
        .wait(&format!("{rows}.length === 4 && document.querySelectorAll('#journal-table tr.preflight').length === 1"), "the preflight shown and marked")
        .await;

    // Reset.
    browser.click("#journal-reset").await;
    browser
        .wait(
            &format!("{rows}.length === 0 && !document.getElementById('journal-empty').hidden"),
            "an empty journal",
        )
        .await;
    let count = exchange(&mock, "GET", "/__mock/requests/count", &ADMIN, b"")
        .await
        .json();
    assert_eq!(count["count"], 0);
    // Still live after the reset.
    exchange(
        &mock,
        "POST",
        ACTION,
        &[
            ("Authorization", "Bearer t"),
            ("Content-Type", "application/json"),
        ],
        body,
    )
    .await;
    browser
        .wait(
            &format!("{rows}.length === 1"),
            "the next exchange after the reset",
        )
        .await;
    assert_no_problems(&browser).await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_dataset_browser_sends_a_clients_request_in_one_click() {
    let Some(browser) = launch("Europe/Moscow").await else {
        return;
    };
    let mock = spawn_mock(MockServer::builder()).await;
    open_console(&browser, &mock).await;
    browser.click("button[data-tab=dataset]").await;
    let health = browser.text("#health-table").await;
    for expected in [
        "2026-05-07T11:27:39.507",
        "+03:00",
        "generation 1",
        "embedded default",
    ] {
        assert!(
            health.contains(expected),
            "{expected:?} missing from {health}"
        );
    }
    let operators = browser.text("#operators-table").await;
    assert!(
        operators.contains("Уральский фермер") && operators.contains("+05:00"),
        "{operators}"
    );
    let row = browser.text("tr[data-client='1006']").await;
    assert!(row.contains("confirmed, 2 of 3 goods"), "{row}");
    browser
        .click("tr[data-client='1006'] button.send-client")
        .await;
    browser
        .wait("document.getElementById('tab-try').classList.contains('active') && document.getElementById('try-status-line').textContent.startsWith('HTTP') && document.getElementById('try-diagnostics').textContent !== ''", "the client's answer")
        .await;
    assert_eq!(browser.text("#try-status-line").await, "HTTP 200 OK");
    let answer: Value = serde_json::from_str(&browser.text("#try-body-out").await).unwrap();
    assert_eq!(
        (
            answer["NowLinkGoods"].clone(),
            answer["MaxLinkGoods"].clone()
        ),
        (json!(2), json!(3))
    );
    // Reload from the browser: a new generation.
    browser.click("button[data-tab=dataset]").await;
    browser.click("#dataset-reload").await;
    browser
        .wait(
            "document.getElementById('reload-result').textContent === 'reloaded: generation 2'",
            "the reload",
        )
        .await;
    assert_no_problems(&browser).await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dates_read_in_the_servers_zone_whatever_the_browsers() {
    let Some(browser) = launch("America/New_York").await else {
        return;
    };
    let mock = spawn_mock(MockServer::builder()).await;
    open_console(&browser, &mock).await;
    assert_eq!(
        browser
            .js("return Intl.DateTimeFormat().resolvedOptions().timeZone")
            .await,
        json!("America/New_York")
    );
    // What the console warns against: the browser reads an offset-less date in its own zone.
    assert_eq!(
        browser
            .js("return new Date('2026-05-15T23:59:59.997').getUTCHours()")
            .await,
        json!(3),
        "a New York browser reads Moscow's 23:59 as 03:59 UTC the next day"
    );
    browser.set("#try-client", "1003").await;
    browser.click("#try-sample").await;
    browser
        .wait(
            "document.getElementById('try-body').value.includes('1003')",
            "the sample",
        )
        .await;
    send_try_it(&browser).await;
    let dates = browser
        .js("return [...document.querySelectorAll('#try-dates tr.date-row')].map(r => [...r.cells].map(c => c.innerText))")
        .await;
    let rows = dates.as_array().unwrap();
    let deadline = rows
        .iter()
        .find(|r| r[0] == "ClientFavorites[0].ConfirmDateEnd")
        .unwrap_or_else(|| panic!("{dates}"));
    assert_eq!(deadline[1], "2026-05-15T23:59:59.997");
    assert_eq!(deadline[2], "server time, +03:00 (UTC+03:00)");
    // 23:59:59 in Moscow is 16:59:59 in New York (UTC-4 in May).
    assert_eq!(deadline[3], "2026-05-15 16:59:59");
    let offered = rows
        .iter()
        .find(|r| r[0] == "ClientFavorites[0].ProcTime")
        .unwrap();
    assert_eq!(
        (offered[1].clone(), offered[3].clone()),
        (json!("2026-05-01T10:00:00"), json!("2026-05-01 03:00:00"))
    );
    browser.click("button[data-tab=dataset]").await;
    let note = browser.text("#dates-note").await;
    assert!(
        note.contains("America/New_York") && note.contains("2026-05-07T11:27:39.507+03:00"),
        "{note}"
    );
    assert_no_problems(&browser).await;
    browser.close().await;
}

/// A page for another origin: it calls the mock with fetch and XHR and writes what it read.
const FOREIGN_PAGE: &str = r#"<!doctype html>
<html><head><meta charset="utf-8"><title>another origin</title><link rel="icon" href="data:,"></head>
<body><pre id="out">running</pre>
<script>
const mock = new URL(location.href).searchParams.get('mock');
const url = mock + '/api/client/ClientFavoriteDataInfo';
const xml = '<ClientFavoriteDataInfoRequest xmlns="__NS__"><Start>1</Start><Client>1006</Client></ClientFavoriteDataInfoRequest>';
const clean = JSON.stringify({ Operator: 1, Client: 1006 });
function xhr(body, type) {
  return new Promise((resolve, reject) => {
    const x = new XMLHttpRequest();
    x.open('POST', url);
    x.withCredentials = true;
    x.setRequestHeader('Content-Type', type);
    x.setRequestHeader('Authorization', 'Bearer t');
    x.onload = () => resolve({ status: x.status, diagnostics: x.getResponseHeader('X-Mock-Diagnostics'), xml: x.responseXML ? x.responseXML.documentElement.localName : null });
    x.onerror = () => reject(new Error('xhr failed'));
    x.send(body);
  });
}
async function run() {
  const out = {};
  const a = await fetch(url, { method: 'POST', credentials: 'include', headers: { 'Content-Type': 'application/xml', 'Accept': 'application/xml', 'Authorization': 'Bearer t' }, body: xml });
  const doc = new DOMParser().parseFromString(await a.text(), 'application/xml');
  out.fetch = { status: a.status, diagnostics: a.headers.get('X-Mock-Diagnostics'), root: doc.documentElement.localName };
  const b = await fetch(url, { method: 'POST', credentials: 'include', headers: { 'Content-Type': 'application/json', 'Authorization': 'Bearer t' }, body: clean });
  out.fetchClean = { status: b.status, diagnostics: b.headers.get('X-Mock-Diagnostics'), errorCode: (await b.json()).ErrorCode };
  out.xhr = await xhr(xml, 'application/xml');
  out.xhrClean = await xhr(clean, 'application/json');
  document.getElementById('out').textContent = JSON.stringify(out);
}
run().catch((e) => { document.getElementById('out').textContent = 'failed: ' + e; });
</script></body></html>
"#;

/// Serve one page on its own port (another origin than the mock's).
async fn serve_page(html: String) -> (std::net::SocketAddr, tokio::task::JoinHandle<()>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let html = Bytes::from(html);
    let task = tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let html = html.clone();
            tokio::spawn(async move {
                let service = service_fn(move |_request| {
                    let html = html.clone();
                    async move {
                        Ok::<_, Infallible>(
                            hyper::Response::builder()
                                .header("Content-Type", "text/html; charset=utf-8")
                                .body(Full::new(html))
                                .unwrap(),
                        )
                    }
                });
                let _ = http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
        }
    });
    (addr, task)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_on_another_origin_reads_the_diagnostics_header_from_fetch_and_xhr() {
    let Some(browser) = launch("Europe/Moscow").await else {
        return;
    };
    let mock = spawn_mock(MockServer::builder()).await;
    let (page, server) = serve_page(FOREIGN_PAGE.replace("__NS__", XML_NS)).await;
    let origin = format!("http://{page}");
    let url = format!("{origin}/?mock={}", mock.url());
    browser.client.goto(&url).await.unwrap();
    browser
        .wait(
            "document.getElementById('out').textContent !== 'running'",
            "the page's calls",
        )
        .await;
    let out = browser.text("#out").await;
    let value: Value = serde_json::from_str(&out).unwrap_or_else(|_| panic!("{out}"));
    let warned = json!("1; warning:xml-out-of-order");
    assert_eq!(
        value["fetch"],
        json!({ "status": 200, "diagnostics": warned, "root": "ClientFavoriteDataInfoResponse" })
    );
    assert_eq!(
        value["fetchClean"],
        json!({ "status": 200, "diagnostics": null, "errorCode": 0 })
    );
    assert_eq!(
        value["xhr"],
        json!({ "status": 200, "diagnostics": warned, "xml": null })
    );
    assert_eq!(
        value["xhrClean"],
        json!({ "status": 200, "diagnostics": null, "xml": null })
    );
    // No "Refused to get unsafe header", no CORS error.
    assert_no_problems(&browser).await;
    // The journal saw the page's origin and its preflights.
    let preflights = exchange(&mock, "GET", "/__mock/requests?preflight=true", &ADMIN, b"")
        .await
        .json();
    let entries = preflights["requests"].as_array().unwrap();
    assert!(!entries.is_empty());
    let origins: Vec<&str> = entries
        .iter()
        .flat_map(|e| e["request"]["headers"].as_array().unwrap().iter())
        .filter(|h| h[0] == "origin")
        .map(|h| h[1].as_str().unwrap())
        .collect();
    assert!(origins.iter().all(|o| *o == origin), "{origins:?}");
    server.abort();
    browser.close().await;
}

/// The README's screenshot: `FAVORITE_CONTRACT_SCREENSHOT=contracts/console.png cargo test
/// --test console screenshot` writes the console with a populated journal there.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn screenshot_of_the_console_for_the_readme() {
    let Some(path) = std::env::var_os("FAVORITE_CONTRACT_SCREENSHOT") else {
        return;
    };
    let Some(browser) = launch("Europe/Moscow").await else {
        return;
    };
    let mock = spawn_mock(MockServer::builder()).await;
    let xml = format!(
        r#"<ClientFavoriteDataInfoRequest xmlns="{XML_NS}"><Length>5</Length><Client>1006</Client></ClientFavoriteDataInfoRequest>"#
    );
    let auth = ("Authorization", "Bearer dev");
    exchange(
        &mock,
        "POST",
        ACTION,
        &[auth, ("Content-Type", "application/json")],
        br#"{"Operator":1,"Client":1006}"#,
    )
    .await;
    exchange(
        &mock,
        "POST",
        ACTION,
        &[auth, ("Content-Type", "application/x-www-form-urlencoded")],
        b"Operator=1&Client=1012&Start=1&Length=5",
    )
    .await;
    exchange(
        &mock,
        "POST",
        ACTION,
        &[("Content-Type", "application/json")],
        br#"{"Client":1003}"#,
    )
    .await;
    exchange(
        &mock,
        "POST",
        ACTION,
        &[
            auth,
            ("Content-Type", "application/xml"),
            ("Accept", "application/xml"),
            ("Origin", "http://localhost:3000"),
        ],
        xml.as_bytes(),
    )
    .await;
    open_console(&browser, &mock).await;
    browser.click("button[data-tab=journal]").await;
    browser
        .wait(
            "document.querySelectorAll('#journal-table tbody tr').length === 4",
            "the exchanges",
        )
        .await;
    browser.click("#journal-table tr[data-seq='4']").await;
    browser
        .js("window.scrollTo(0, 0); document.querySelector('#tab-journal .scroll').scrollLeft = 0; return true;")
        .await;
    browser.screenshot(std::path::Path::new(&path)).await;
    browser.close().await;
}
