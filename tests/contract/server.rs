//! The mock server over real sockets (port 0, raw HTTP/1.1 for byte-exact checks): every status
//! path, negotiation, CORS, auth modes, limits, scenarios, reload and graceful shutdown.
//! Source: contracts/reference/production.md#status-codes, contracts/reference/production.md#auth; contracts/reference/wire.md#negotiation.

use crate::support::{
    ADMIN, RawResponse, dataset_copy, exchange, http_request, read_response, send_raw, spawn_mock,
};
use favorite_contract::Dataset;
use favorite_contract::Request;
use favorite_contract::codec::{WireFormat, encode};
use favorite_contract::mint_hs256;
use favorite_contract::{AuthMode, ForcedStatus, Limits, MockServer, Scenario, ServerHandle};
use favorite_contract::{EngineContext as Context, EngineSettings as Settings, respond};
use serde_json::json;
use std::time::Duration;
use tokio::io::AsyncWriteExt;
use tokio::net::TcpStream;

const ACTION: &str = "/api/client/ClientFavoriteDataInfo";
const BEARER: (&str, &str) = ("Authorization", "Bearer any-token");
const JSON_CT: (&str, &str) = ("Content-Type", "application/json");
const CLIENT_BODY: &[u8] = br#"{"Client":1001}"#;

/// POST `body` to the action.
async fn post(mock: &ServerHandle, headers: &[(&str, &str)], body: &[u8]) -> RawResponse {
    exchange(mock, "POST", ACTION, headers, body).await
}

async fn health(mock: &ServerHandle) -> serde_json::Value {
    exchange(mock, "GET", "/__mock/health", &ADMIN, b"")
        .await
        .json()
}

/// Wait (at most 10 s) until the mock is serving a request.
async fn until_in_flight(mock: &ServerHandle) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while mock.in_flight() == 0 {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the request never arrived"
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

/// What the server must answer for `request`: the engine over the embedded dataset, encoded.
fn expected(request: &Request, format: WireFormat, context: &Context) -> Vec<u8> {
    let response = respond(
        request,
        &Dataset::embedded_default(),
        &Settings::default(),
        context,
    );
    let mut out = Vec::new();
    encode(&response, format, &mut out);
    out
}

/// The engine's answer to [`CLIENT_BODY`] (no JWT operator), encoded in `format`.
fn client_answer(format: WireFormat) -> Vec<u8> {
    let request = Request {
        client: 1001,
        operator: 0,
        ..Request::default()
    };
    expected(&request, format, &Context::default())
}

/// Distinct diagnostic codes in order, as the header lists them.
/// The warnings and errors of a journal entry's diagnostics, as the header lists them:
/// `(count, "severity:code, …")` with each distinct pair once, in order.
fn listed(diagnostics: &[serde_json::Value]) -> (usize, String) {
    let mut seen: Vec<String> = Vec::new();
    let mut count = 0;
    for d in diagnostics.iter().filter(|d| d["severity"] != "info") {
        count += 1;
        let pair = format!(
            "{}:{}",
            d["severity"].as_str().unwrap(),
            d["kind"].as_str().unwrap()
        );
        if !seen.contains(&pair) {
            seen.push(pair);
        }
    }
    (count, seen.join(", "))
}

async fn journal(handle: &ServerHandle) -> serde_json::Value {
    exchange(handle, "GET", "/__mock/requests", &ADMIN, b"")
        .await
        .json()
}

async fn last_entry(handle: &ServerHandle) -> serde_json::Value {
    let journal = journal(handle).await;
    journal["requests"]
        .as_array()
        .and_then(|r| r.last())
        .cloned()
        .expect("an entry")
}

// ---- 200 paths and negotiation (contracts/reference/wire.md#response-format) ----

#[tokio::test]
async fn json_in_json_out_is_the_engine_answer_byte_for_byte() {
    let mock = spawn_mock(MockServer::builder()).await;
    let response = post(&mock, &[BEARER, JSON_CT], CLIENT_BODY).await;
    assert_eq!(response.status_line, "HTTP/1.1 200 OK");
    assert_eq!(
        response.header("Content-Type"),
        Some("application/json; charset=utf-8")
    );
    assert_eq!(
        response.text(),
        String::from_utf8(client_answer(WireFormat::Json)).unwrap()
    );
    // Title-case header names, as IIS writes them.
    assert!(
        response.headers.iter().any(|(n, _)| n == "Content-Type"),
        "{:?}",
        response.headers
    );
    let entry = last_entry(&mock).await;
    assert_eq!(entry["format"], "json");
    assert_eq!(entry["response_format"], "json");
    assert_eq!(entry["bound"]["Client"], 1001);
    assert_eq!(entry["status"], 200);
}

#[tokio::test]
async fn xml_in_xml_out_follows_the_request_content_type() {
    let mock = spawn_mock(MockServer::builder()).await;
    let body = br#"<ClientFavoriteDataInfoRequest xmlns="http://schemas.datacontract.org/2004/07/LCManagerPartner.Implementation.Request"><Client>1001</Client></ClientFavoriteDataInfoRequest>"#;
    let response = post(&mock, &[BEARER, ("Content-Type", "application/xml")], body).await;
    assert_eq!(response.status, 200);
    assert_eq!(
        response.header("Content-Type"),
        Some("application/xml; charset=utf-8")
    );
    assert_eq!(response.body, client_answer(WireFormat::Xml));
    assert_eq!(last_entry(&mock).await["format"], "xml");
}

#[tokio::test]
async fn silently_skipped_xml_is_explained_in_a_header_and_the_journal() {
    let mock = spawn_mock(MockServer::builder()).await;
    // Client after Start: DataContractSerializer's forward-only cursor skips it (contracts/reference/wire.md#xml).
    let body = br#"<ClientFavoriteDataInfoRequest xmlns="http://schemas.datacontract.org/2004/07/LCManagerPartner.Implementation.Request"><Start>1</Start><Client>1001</Client></ClientFavoriteDataInfoRequest>"#;
    let response = post(
        &mock,
        &[BEARER, ("Content-Type", "text/xml"), ("Origin", "http://o")],
        body,
    )
    .await;
    assert_eq!(response.status, 200);
    let summary = response
        .header("X-Mock-Diagnostics")
        .expect("a diagnostics header");
    assert!(summary.contains("xml-out-of-order"), "{summary}");
    assert_eq!(
        response.header("Access-Control-Expose-Headers"),
        Some("X-Mock-Diagnostics")
    );
    let entry = last_entry(&mock).await;
    assert_eq!(entry["bound"]["Client"], 0);
    let diagnostics = entry["diagnostics"].as_array().unwrap();
    let (count, list) = listed(diagnostics);
    assert_eq!(summary, format!("{count}; {list}"));
    assert!(summary.contains("warning:xml-out-of-order"), "{summary}");
    let skipped = diagnostics
        .iter()
        .find(|d| d["kind"] == "xml-out-of-order")
        .expect("the out-of-order diagnostic");
    assert_eq!(skipped["field"], "Client");
}

#[tokio::test]
async fn form_in_is_answered_in_json_and_accept_xml_wins_over_a_json_body() {
    let mock = spawn_mock(MockServer::builder()).await;
    let form = ("Content-Type", "application/x-www-form-urlencoded");
    let response = post(&mock, &[BEARER, form], b"Client=1001").await;
    assert_eq!(response.status, 200);
    assert_eq!(
        response.header("Content-Type"),
        Some("application/json; charset=utf-8")
    );
    assert_eq!(last_entry(&mock).await["format"], "form");

    let accept = ("Accept", "application/xml");
    let response = post(&mock, &[BEARER, JSON_CT, accept], CLIENT_BODY).await;
    assert_eq!(
        response.header("Content-Type"),
        Some("application/xml; charset=utf-8")
    );
    assert_eq!(response.body, client_answer(WireFormat::Xml));
}

// ---- error statuses (contracts/reference/production.md#status-codes ----

#[tokio::test]
async fn a_404_is_byte_exact_apart_from_the_date() {
    let mock = spawn_mock(MockServer::builder()).await;
    let response = exchange(&mock, "POST", "/api/client/ClientInfo", &[BEARER], b"").await;
    let body = r#"{"Message":"No HTTP resource was found that matches the request URI 'http://mock.test/api/client/ClientInfo'."}"#;
    assert_eq!(response.status_line, "HTTP/1.1 404 Not Found");
    assert_eq!(response.text(), body);
    let names: Vec<&str> = response.headers.iter().map(|(n, _)| n.as_str()).collect();
    // `Connection: close` answers the request's own; IIS would add Server/X-Powered-By too.
    assert_eq!(
        names,
        ["Content-Type", "Connection", "Content-Length", "Date"]
    );
    assert_eq!(
        response.header("Content-Length"),
        Some(body.len().to_string().as_str())
    );
    // Outside /api IIS would send HTML; the mock sends the same HttpError (documented).
    let outside = exchange(&mock, "GET", "/favicon.ico", &[], b"").await;
    assert_eq!(outside.status, 404);
    assert_eq!(last_entry(&mock).await["route"], "outside-api");
}

#[tokio::test]
async fn get_on_the_action_is_a_405_with_allow_post() {
    let mock = spawn_mock(MockServer::builder()).await;
    let response = exchange(&mock, "GET", ACTION, &[BEARER], b"").await;
    assert_eq!(response.status, 405);
    assert_eq!(response.header("Allow"), Some("POST"));
    assert_eq!(
        response.text(),
        r#"{"Message":"The requested resource does not support http method 'GET'."}"#
    );
}

#[tokio::test]
async fn unsupported_media_types_are_415_with_and_without_a_content_type() {
    let mock = spawn_mock(MockServer::builder()).await;
    let response = post(
        &mock,
        &[BEARER, ("Content-Type", "text/plain")],
        b"Client=1001",
    )
    .await;
    assert_eq!(response.status, 415);
    assert_eq!(
        response.text(),
        r#"{"Message":"The request entity's media type 'text/plain' is not supported for this resource."}"#
    );
    let response = post(&mock, &[BEARER], CLIENT_BODY).await;
    assert_eq!(response.status, 415);
    assert_eq!(
        response.text(),
        r#"{"Message":"The request contains an entity body but no Content-Type header. The inferred media type 'application/octet-stream' is not supported for this resource."}"#
    );
}

#[tokio::test]
async fn empty_and_unparseable_bodies_are_500_with_diagnostics() {
    let mock = spawn_mock(MockServer::builder()).await;
    for body in [&b""[..], b"{not json", b"<x/>"] {
        let response = post(&mock, &[BEARER, JSON_CT], body).await;
        assert_eq!(response.status, 500, "{}", String::from_utf8_lossy(body));
        assert_eq!(response.text(), r#"{"Message":"An error has occurred."}"#);
        let summary = response
            .header("X-Mock-Diagnostics")
            .expect("a diagnostics header");
        let count: usize = summary.split(';').next().unwrap().parse().unwrap();
        assert!(count >= 1, "{summary}");
        let entry = last_entry(&mock).await;
        assert_eq!(entry["bound"], serde_json::Value::Null);
        assert_eq!(listed(entry["diagnostics"].as_array().unwrap()).0, count);
    }
    let xml = post(&mock, &[BEARER, ("Content-Type", "text/xml")], b"").await;
    assert_eq!(xml.status, 500);
    assert_eq!(xml.header("Content-Type"), Some("text/xml; charset=utf-8"));
    assert_eq!(
        xml.text(),
        "<Error><Message>An error has occurred.</Message></Error>"
    );
}

// ---- auth modes ----

#[tokio::test]
async fn bearer_mode_needs_a_token_and_off_mode_does_not() {
    let mock = spawn_mock(MockServer::builder()).await;
    let response = post(&mock, &[JSON_CT], CLIENT_BODY).await;
    assert_eq!(response.status, 401);
    assert_eq!(response.header("WWW-Authenticate"), Some("Bearer"));
    assert_eq!(
        response.text(),
        r#"{"Message":"Authorization has been denied for this request."}"#
    );

    let open = spawn_mock(MockServer::builder().auth(AuthMode::Off)).await;
    let response = post(&open, &[JSON_CT], CLIENT_BODY).await;
    assert_eq!(response.status, 200);
}

#[tokio::test]
async fn jwt_mode_checks_signature_and_expiry_and_uses_the_oper_claim() {
    let secret = b"test-secret".to_vec();
    let mock = spawn_mock(MockServer::builder().auth(AuthMode::Jwt {
        secret: secret.clone(),
    }))
    .await;
    let now = chrono::Utc::now().timestamp();
    let token = |claims: serde_json::Value, key: &[u8]| {
        format!("Bearer {}", mint_hs256(claims.as_object().unwrap(), key))
    };
    let call = |auth: String| {
        let mock = &mock;
        async move { post(mock, &[("Authorization", &auth), JSON_CT], CLIENT_BODY).await }
    };
    // Client 2001 belongs to operator 2, not the default operator 1: only the claim makes the
    // request succeed (contracts/reference/domain.md#auth).
    let body = br#"{"Client":2001,"Operator":0}"#;
    let other_operator = Request {
        client: 2001,
        ..Request::default()
    };
    let auth = token(json!({"oper": "2", "exp": now + 600}), &secret);
    let valid = post(&mock, &[("Authorization", &auth), JSON_CT], body).await;
    assert_eq!(valid.status, 200);
    let with_claim = expected(
        &other_operator,
        WireFormat::Json,
        &Context {
            jwt_operator: Some(2),
        },
    );
    assert_eq!(valid.body, with_claim);
    assert_ne!(
        with_claim,
        expected(&other_operator, WireFormat::Json, &Context::default())
    );
    assert_eq!(
        last_entry(&mock).await["auth"],
        json!({"result": "allowed", "operator": 2})
    );

    let forged = call(token(json!({"oper": 3}), b"wrong")).await;
    assert_eq!(forged.status, 401);
    let expired = call(token(json!({"exp": now - 3600}), &secret)).await;
    assert_eq!(expired.status, 401);
    let reason = last_entry(&mock).await["auth"]["reason"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(reason.starts_with("jwt expired"), "{reason}");
    let not_jwt = call("Bearer any-token".to_owned()).await;
    assert_eq!(not_jwt.status, 401);
}

// ---- CORS (CorsOptions.AllowAll) ----

#[tokio::test]
async fn preflight_and_simple_cors() {
    let mock = spawn_mock(MockServer::builder()).await;
    let preflight = exchange(
        &mock,
        "OPTIONS",
        ACTION,
        &[
            ("Origin", "http://localhost:3000"),
            ("Access-Control-Request-Method", "POST"),
            (
                "Access-Control-Request-Headers",
                "authorization, content-type",
            ),
        ],
        b"",
    )
    .await;
    assert_eq!(preflight.status, 200);
    assert!(preflight.body.is_empty());
    assert_eq!(
        preflight.header("Access-Control-Allow-Origin"),
        Some("http://localhost:3000")
    );
    assert_eq!(
        preflight.header("Access-Control-Allow-Credentials"),
        Some("true")
    );
    assert_eq!(
        preflight.header("Access-Control-Allow-Headers"),
        Some("authorization,content-type")
    );
    assert_eq!(preflight.header("Access-Control-Allow-Methods"), None);

    let simple = post(
        &mock,
        &[("Origin", "http://localhost:3000"), JSON_CT],
        b"{}",
    )
    .await;
    assert_eq!(simple.status, 401);
    assert_eq!(
        simple.header("Access-Control-Allow-Origin"),
        Some("http://localhost:3000")
    );
    let none = post(&mock, &[JSON_CT], b"{}").await;
    assert_eq!(none.header("Access-Control-Allow-Origin"), None);
}

// ---- limits ----

fn small_limits() -> Limits {
    Limits {
        max_body_bytes: 64,
        header_read_timeout: Duration::from_millis(300),
        request_timeout: Duration::from_millis(300),
        ..Limits::default()
    }
}

#[tokio::test]
async fn bodies_over_the_limit_are_413_by_content_length_and_while_reading() {
    let mock = spawn_mock(MockServer::builder().limits(small_limits())).await;
    let big = vec![b' '; 65];
    let response = post(&mock, &[BEARER, JSON_CT], &big).await;
    assert_eq!(response.status, 413);
    assert_eq!(
        response.text(),
        r#"{"Message":"Maximum request length exceeded."}"#
    );
    assert_eq!(
        response.header("X-Mock-Diagnostics"),
        Some("1; error:limit-exceeded")
    );

    // Chunked: no Content-Length, the limit trips while reading.
    let mut chunked = format!(
        "POST {ACTION} HTTP/1.1\r\nHost: h\r\nAuthorization: Bearer t\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n40\r\n{}\r\n40\r\n{}\r\n0\r\n\r\n",
        " ".repeat(64),
        " ".repeat(64)
    )
    .into_bytes();
    let response = send_raw(mock.local_addr(), &chunked)
        .await
        .expect("a response");
    assert_eq!(response.status, 413);
    chunked.clear();
}

#[tokio::test]
async fn a_slow_body_gets_408_and_slow_headers_get_the_connection_closed() {
    let mock = spawn_mock(MockServer::builder().limits(small_limits())).await;
    let mut stream = TcpStream::connect(mock.local_addr()).await.unwrap();
    let head = format!(
        "POST {ACTION} HTTP/1.1\r\nHost: h\r\nContent-Type: application/json\r\nContent-Length: 10\r\n\r\n{{\""
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let response = read_response(&mut stream).await.expect("a 408");
    assert_eq!(response.status, 408);

    let mut stream = TcpStream::connect(mock.local_addr()).await.unwrap();
    stream.write_all(b"POST /api/client/Client").await.unwrap();
    assert!(
        read_response(&mut stream).await.is_none(),
        "closed without a response"
    );
}

#[tokio::test]
async fn beyond_the_connection_cap_clients_wait_until_a_slot_frees() {
    let limits = Limits {
        max_connections: 1,
        ..Limits::default()
    };
    let mock = spawn_mock(MockServer::builder().limits(limits)).await;
    // A keep-alive connection holds the only slot.
    let mut first = TcpStream::connect(mock.local_addr()).await.unwrap();
    first
        .write_all(b"GET /__mock/health HTTP/1.1\r\nHost: localhost\r\n\r\n")
        .await
        .unwrap();
    assert_eq!(read_response(&mut first).await.unwrap().status, 200);
    let second = tokio::spawn({
        let addr = mock.local_addr();
        async move { send_raw(addr, &http_request("GET", "/__mock/health", &ADMIN, b"")).await }
    });
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(
        !second.is_finished(),
        "the second client must wait while the slot is taken"
    );
    drop(first);
    let answer = second.await.unwrap().expect("served once the slot frees");
    assert_eq!(answer.status, 200);
}

// ---- scenarios ----

#[tokio::test]
async fn scenario_headers_force_statuses_latency_and_drops() {
    let mock = spawn_mock(MockServer::builder()).await;
    let latency = post(
        &mock,
        &[BEARER, JSON_CT, ("X-Mock-Latency", "20")],
        CLIENT_BODY,
    )
    .await;
    assert_eq!(latency.status, 200);
    let entry = last_entry(&mock).await;
    assert_eq!(
        entry["scenario"]["latency"],
        json!({"setting": {"kind": "fixed", "ms": 20}, "delay_ms": 20})
    );

    let forced = post(&mock, &[BEARER, JSON_CT, ("X-Mock-Status", "401")], b"{}").await;
    assert_eq!(forced.status, 401);
    let forced = post(&mock, &[BEARER, JSON_CT, ("X-Mock-Status", "500")], b"{}").await;
    assert_eq!(forced.status, 500);
    assert_eq!(forced.text(), r#"{"Message":"An error has occurred."}"#);

    let dropped = send_raw(
        mock.local_addr(),
        &http_request(
            "POST",
            ACTION,
            &[BEARER, JSON_CT, ("X-Mock-Drop", "1")],
            b"{}",
        ),
    )
    .await;
    assert!(dropped.is_none(), "{dropped:?}");
    let entry = last_entry(&mock).await;
    assert_eq!(entry["scenario"]["drop"], true);
    assert_eq!(entry["status"], 0);
}

#[tokio::test]
async fn a_forced_business_error_carries_the_contract_message() {
    let mock = spawn_mock(MockServer::builder()).await;
    let business = post(&mock, &[BEARER, JSON_CT, ("X-Mock-Error-Code", "2")], b"{}").await;
    assert_eq!(business.status, 200);
    let body = business.json();
    assert_eq!(body["ErrorCode"], 2);
    assert_eq!(body["Message"], "Клиент не найден");
}

#[tokio::test]
async fn a_global_scenario_applies_unless_a_header_switches_it_off() {
    let scenario = Scenario {
        status: Some(ForcedStatus::InternalServerError),
        ..Scenario::default()
    };
    let mock = spawn_mock(MockServer::builder().scenario(scenario)).await;
    let forced = post(&mock, &[BEARER, JSON_CT], CLIENT_BODY).await;
    assert_eq!(forced.status, 500);
    let normal = post(
        &mock,
        &[BEARER, JSON_CT, ("X-Mock-Status", "200")],
        CLIENT_BODY,
    )
    .await;
    assert_eq!(normal.status, 200);
}

// ---- base path, admin, reload, shutdown ----

#[tokio::test]
async fn with_a_base_path_the_api_moves_and_admin_stays_at_the_root() {
    let mock = spawn_mock(
        MockServer::builder()
            .base_path("/lcmanager")
            .auth(AuthMode::Off),
    )
    .await;
    assert!(
        mock.endpoint_url()
            .ends_with("/lcmanager/api/client/ClientFavoriteDataInfo")
    );
    let moved = exchange(
        &mock,
        "POST",
        "/LCManager/API/client/ClientFavoriteDataInfo",
        &[JSON_CT],
        CLIENT_BODY,
    )
    .await;
    assert_eq!(moved.status, 200);
    let bare = post(&mock, &[JSON_CT], CLIENT_BODY).await;
    assert_eq!(bare.status, 404);
    let health = health(&mock).await;
    assert_eq!(health["status"], "ok");
    assert_eq!(health["base_path"], "/lcmanager");
}

/// Break every JSON file of a dataset folder.
fn corrupt(dir: &std::path::Path) {
    for entry in std::fs::read_dir(dir).unwrap() {
        std::fs::write(entry.unwrap().path(), b"{ this is not json").unwrap();
    }
}

/// A mock without auth serving a copy of the default dataset, which the test may rewrite.
async fn mock_on_a_dataset_copy() -> (tempfile::TempDir, ServerHandle) {
    let dir = dataset_copy();
    let mock = spawn_mock(
        MockServer::builder()
            .dataset_path(dir.path())
            .auth(AuthMode::Off),
    )
    .await;
    (dir, mock)
}

#[tokio::test]
async fn reload_swaps_a_good_dataset_and_keeps_the_old_one_on_a_bad_file() {
    let (dir, mock) = mock_on_a_dataset_copy().await;
    let good = exchange(&mock, "POST", "/__mock/reload", &ADMIN, b"").await;
    assert_eq!(good.status, 200);
    assert_eq!(good.json()["generation"], 2);

    corrupt(dir.path());
    let bad = exchange(&mock, "POST", "/__mock/reload", &ADMIN, b"").await;
    assert_eq!(bad.status, 422);
    let body = bad.json();
    assert_eq!(body["status"], "rejected");
    assert_eq!(body["serving_generation"], 2);
    assert!(!body["error"].as_str().unwrap().is_empty());
    assert!(mock.reload().is_err());
    // Still serving the old dataset.
    let answer = post(&mock, &[JSON_CT], CLIENT_BODY).await;
    assert_eq!(answer.status, 200);
    assert_eq!(answer.body, client_answer(WireFormat::Json));
}

/// The answer cache serves a repeated request the very bytes the engine gave, per format, and a
/// reload (a new generation) is answered afresh.
#[tokio::test]
async fn a_repeated_request_is_answered_from_the_cache_until_the_dataset_is_reloaded() {
    let (dir, mock) = mock_on_a_dataset_copy().await;
    let body = br#"{"Operator":1,"Client":1006}"#;
    let first = post(&mock, &[JSON_CT], body).await;
    let again = post(&mock, &[JSON_CT], body).await;
    assert_eq!(first.status, 200);
    assert_eq!(again.body, first.body);
    let xml = post(&mock, &[JSON_CT, ("Accept", "application/xml")], body).await;
    assert!(xml.body.starts_with(b"<ClientFavoriteDataInfoResponse"));
    let cache = &health(&mock).await["answer_cache"];
    assert!(cache["hits"].as_u64().unwrap() >= 1, "{cache}");
    assert_eq!(cache["misses"], 2, "one answer per format: {cache}");

    let goods = dir.path().join("goods.json");
    let text = std::fs::read_to_string(&goods).unwrap();
    let renamed = text.replace("Кофе «Жокей» молотый 250 г", "Кофе «Жокей» в зёрнах 250 г");
    assert_ne!(renamed, text, "the goods item client 1006 favours");
    std::fs::write(&goods, renamed).unwrap();
    mock.reload().unwrap();
    let after = post(&mock, &[JSON_CT], body).await;
    let after = String::from_utf8(after.body).unwrap();
    assert!(after.contains("Кофе «Жокей» в зёрнах 250 г"), "{after}");
}

/// The bind memo gives a repeated body what binding gave it the first time, diagnostics and
/// all (in the header and the journal), and binds it afresh once the dataset is reloaded (its
/// time zone and "now" are binding's options).
#[tokio::test]
async fn a_repeated_body_is_bound_once_with_its_diagnostics_until_the_dataset_is_reloaded() {
    let (_dir, mock) = mock_on_a_dataset_copy().await;
    // Client after Start: skipped, with a warning.
    let body = br#"<ClientFavoriteDataInfoRequest xmlns="http://schemas.datacontract.org/2004/07/LCManagerPartner.Implementation.Request"><Start>1</Start><Client>1001</Client></ClientFavoriteDataInfoRequest>"#;
    let xml = ("Content-Type", "application/xml");
    let first = post(&mock, &[xml], body).await;
    let first_entry = last_entry(&mock).await;
    let again = post(&mock, &[xml], body).await;
    let again_entry = last_entry(&mock).await;
    let summary = first.header("X-Mock-Diagnostics").expect("diagnostics");
    assert!(summary.contains("xml-out-of-order"), "{summary}");
    assert_eq!(again.header("X-Mock-Diagnostics"), Some(summary));
    assert_eq!(again.body, first.body);
    for member in ["diagnostics", "diagnostics_omitted", "bound", "format"] {
        assert_eq!(again_entry[member], first_entry[member], "{member}");
    }
    let memo = &health(&mock).await["bind_memo"];
    assert_eq!(
        (&memo["hits"], &memo["misses"]),
        (&1.into(), &1.into()),
        "{memo}"
    );

    mock.reload().unwrap();
    post(&mock, &[xml], body).await;
    let memo = &health(&mock).await["bind_memo"];
    assert_eq!(memo["misses"], 2, "bound afresh after the reload: {memo}");
}

#[tokio::test]
async fn watch_reloads_when_a_dataset_file_changes() {
    let dir = dataset_copy();
    let mock = spawn_mock(MockServer::builder().dataset_path(dir.path()).watch(true)).await;
    // Rewrite a file with the same content plus a trailing newline: a change, still valid.
    let file = std::fs::read_dir(dir.path())
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let mut text = std::fs::read(&file).unwrap();
    text.push(b'\n');
    std::fs::write(&file, text).unwrap();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    loop {
        let health = health(&mock).await;
        if health["dataset"]["generation"] == 2 {
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "no reload: {health}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn shutdown_lets_an_in_flight_request_finish() {
    let mock = spawn_mock(MockServer::builder()).await;
    let addr = mock.local_addr();
    let slow = tokio::spawn(async move {
        send_raw(
            addr,
            &http_request(
                "POST",
                ACTION,
                &[BEARER, JSON_CT, ("X-Mock-Latency", "300")],
                CLIENT_BODY,
            ),
        )
        .await
    });
    until_in_flight(&mock).await;
    mock.shutdown().await;
    let response: Option<RawResponse> = slow.await.unwrap();
    assert_eq!(response.expect("completed during the drain").status, 200);
    assert!(
        TcpStream::connect(addr).await.is_err(),
        "no longer accepting"
    );
}

#[tokio::test]
async fn the_drain_timeout_cuts_requests_that_outlive_it() {
    let limits = Limits {
        drain_timeout: Duration::from_millis(100),
        ..Limits::default()
    };
    let mock = spawn_mock(MockServer::builder().limits(limits)).await;
    let addr = mock.local_addr();
    let slow = tokio::spawn(async move {
        let headers = [("X-Mock-Status", "500"), ("X-Mock-Latency", "5000")];
        send_raw(addr, &http_request("POST", ACTION, &headers, CLIENT_BODY)).await
    });
    until_in_flight(&mock).await;
    mock.shutdown().await;
    let response = slow.await.unwrap();
    assert!(response.is_none(), "cut without a response: {response:?}");
}

#[tokio::test]
async fn dropping_the_handle_stops_the_server() {
    let mock = spawn_mock(MockServer::builder()).await;
    let addr = mock.local_addr();
    drop(mock);
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while TcpStream::connect(addr).await.is_ok() {
        assert!(tokio::time::Instant::now() < deadline, "still accepting");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}
