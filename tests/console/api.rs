//! The journal as the console reads it: request headers (credentials redacted) and bodies, the
//! response, the filters, the count, the reset, preflights marked; the diagnostics header's
//! severity and its exposure to CORS callers; runtime overrides.

use crate::support::{ADMIN, RawResponse, exchange, spawn_mock};
use favorite_contract::{MAX_OVERRIDES, MAX_RECORDED_BODY_BYTES, MockServer, ServerHandle};
use serde_json::{Value, json};

pub const ACTION: &str = "/api/client/ClientFavoriteDataInfo";
const BEARER: (&str, &str) = ("Authorization", "Bearer t");
const JSON_CT: (&str, &str) = ("Content-Type", "application/json");
const XML_NS: &str =
    "http://schemas.datacontract.org/2004/07/LCManagerPartner.Implementation.Request";

/// An admin GET.
pub async fn admin_get(mock: &ServerHandle, path: &str) -> RawResponse {
    exchange(mock, "GET", path, &ADMIN, b"").await
}

async fn journal(mock: &ServerHandle, query: &str) -> Value {
    let response = admin_get(mock, &format!("/__mock/requests{query}")).await;
    assert_eq!(response.status, 200, "{}", response.text());
    response.json()
}

async fn count(mock: &ServerHandle, query: &str) -> u64 {
    let response = admin_get(mock, &format!("/__mock/requests/count{query}")).await;
    assert_eq!(response.status, 200, "{}", response.text());
    response.json()["count"].as_u64().unwrap()
}

fn header<'a>(headers: &'a Value, name: &str) -> Option<&'a str> {
    headers
        .as_array()
        .unwrap()
        .iter()
        .find(|pair| pair[0].as_str().unwrap().eq_ignore_ascii_case(name))
        .map(|pair| pair[1].as_str().unwrap())
}

fn client_body(client: i32) -> Vec<u8> {
    format!(r#"{{"Operator":1,"Client":{client}}}"#).into_bytes()
}

#[tokio::test]
async fn an_exchange_keeps_its_headers_bodies_and_response_with_credentials_redacted() {
    let mock = spawn_mock(MockServer::builder()).await;
    let body = client_body(1006);
    let response = exchange(
        &mock,
        "POST",
        ACTION,
        &[
            ("Authorization", "Bearer sk_live_SECRET123"),
            JSON_CT,
            ("Accept", "application/xml"),
            ("Origin", "http://localhost:3000"),
            ("X-Api-Key", "KEY-SECRET-456"),
            ("Cookie", "session=COOKIE-SECRET-789"),
            (
                "Referer",
                "http://localhost:3000/page?access_token=TOKEN-SECRET-000&tab=2",
            ),
        ],
        &body,
    )
    .await;
    assert_eq!(response.status, 200);
    let raw = admin_get(&mock, "/__mock/requests").await.text();
    for secret in ["SECRET123", "KEY-SECRET", "COOKIE-SECRET", "TOKEN-SECRET"] {
        assert!(!raw.contains(secret), "{secret} reached the journal: {raw}");
    }
    let value: Value = serde_json::from_str(&raw).unwrap();
    let entry = &value["requests"][0];
    assert_eq!(entry["preflight"], false);
    assert_eq!(entry["findings"], json!([]));
    let request = &entry["request"];
    let headers = &request["headers"];
    assert_eq!(header(headers, "origin"), Some("http://localhost:3000"));
    assert_eq!(header(headers, "accept"), Some("application/xml"));
    assert_eq!(header(headers, "content-type"), Some("application/json"));
    assert_eq!(header(headers, "authorization"), Some("<redacted>"));
    assert_eq!(header(headers, "x-api-key"), Some("<redacted>"));
    assert_eq!(header(headers, "cookie"), Some("<redacted>"));
    assert_eq!(
        header(headers, "referer"),
        Some("http://localhost:3000/page?access_token=<redacted>&tab=2")
    );
    assert_eq!(request["headers_truncated"], false);
    assert_eq!(
        request["body"],
        json!({ "size": body.len(), "truncated": false, "encoding": "utf-8", "text": String::from_utf8(body).unwrap() })
    );
    // The answer as sent: why XML? Accept asked for it.
    let answer = &entry["response"];
    assert_eq!(answer["status_line"], "HTTP/1.1 200 OK");
    let sent = &answer["headers"];
    assert_eq!(
        header(sent, "Content-Type"),
        Some("application/xml; charset=utf-8")
    );
    assert_eq!(
        header(sent, "Access-Control-Allow-Origin"),
        Some("http://localhost:3000")
    );
    assert_eq!(
        header(sent, "Access-Control-Expose-Headers"),
        Some("X-Mock-Diagnostics")
    );
    assert_eq!(
        header(sent, "Content-Length"),
        Some(response.body.len().to_string().as_str())
    );
    assert_eq!(answer["body"]["text"], response.text());
    assert_eq!(answer["body"]["size"], response.body.len());
    assert_eq!(entry["response_format"], "xml");
}

#[tokio::test]
async fn bodies_are_kept_up_to_the_named_limit_and_their_size_recorded() {
    let mock = spawn_mock(MockServer::builder()).await;
    let long = "x".repeat(MAX_RECORDED_BODY_BYTES * 2);
    let body = format!(r#"{{"Operator":1,"Client":1006,"SiteCode":"{long}"}}"#);
    exchange(&mock, "POST", ACTION, &[BEARER, JSON_CT], body.as_bytes()).await;
    let entry = &journal(&mock, "").await["requests"][0];
    let kept = &entry["request"]["body"];
    assert_eq!(kept["size"], body.len());
    assert_eq!(kept["truncated"], true);
    assert_eq!(
        kept["text"].as_str().unwrap().len(),
        MAX_RECORDED_BODY_BYTES
    );
    assert!(body.starts_with(kept["text"].as_str().unwrap()));
    // A body that is not text in its charset is kept as base64.
    exchange(
        &mock,
        "POST",
        ACTION,
        &[BEARER, ("Content-Type", "application/json")],
        &[0xff, 0xfe, 0x00, 0x7b],
    )
    .await;
    let last = journal(&mock, "?limit=1").await;
    assert_eq!(last["requests"][0]["request"]["body"]["encoding"], "base64");
    assert_eq!(last["requests"][0]["request"]["body"]["text"], "//4Aew==");
}

#[tokio::test]
async fn filters_select_entries_and_the_count_agrees() {
    let mock = spawn_mock(MockServer::builder()).await;
    exchange(
        &mock,
        "POST",
        ACTION,
        &[BEARER, JSON_CT],
        &client_body(1006),
    )
    .await;
    let xml = format!(
        r#"<ClientFavoriteDataInfoRequest xmlns="{XML_NS}"><Start>1</Start><Client>1003</Client></ClientFavoriteDataInfoRequest>"#
    );
    exchange(
        &mock,
        "POST",
        ACTION,
        &[BEARER, ("Content-Type", "application/xml")],
        xml.as_bytes(),
    )
    .await;
    exchange(&mock, "POST", ACTION, &[JSON_CT], &client_body(1006)).await;
    exchange(
        &mock,
        "POST",
        ACTION,
        &[
            BEARER,
            ("Content-Type", "application/x-www-form-urlencoded"),
        ],
        b"Operator=1&Client=1003",
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
    assert_eq!(count(&mock, "").await, 5);
    assert_eq!(count(&mock, "?client=1006").await, 1);
    assert_eq!(
        count(&mock, "?client=1003").await,
        1,
        "the XML skipped its Client; the form bound it"
    );
    assert_eq!(count(&mock, "?status=401").await, 1);
    assert_eq!(count(&mock, "?status=4xx").await, 1);
    assert_eq!(count(&mock, "?status=200").await, 4);
    assert_eq!(count(&mock, "?format=xml").await, 1);
    assert_eq!(count(&mock, "?format=form").await, 1);
    assert_eq!(count(&mock, "?diagnostic=xml-out-of-order").await, 1);
    assert_eq!(count(&mock, "?diagnostic=warning").await, 1);
    assert_eq!(count(&mock, "?diagnostic=none").await, 4);
    assert_eq!(count(&mock, "?preflight=true").await, 1);
    assert_eq!(count(&mock, "?preflight=false&status=200").await, 3);
    assert_eq!(count(&mock, "?since=3").await, 2);
    assert_eq!(count(&mock, "?since=2000-01-01T00:00:00Z").await, 5);

    let preflights = journal(&mock, "?preflight=true").await;
    let entry = &preflights["requests"][0];
    assert_eq!(
        (entry["preflight"].clone(), entry["route"].clone()),
        (json!(true), json!("preflight"))
    );
    let newest = journal(&mock, "?preflight=false&limit=2").await;
    let seqs: Vec<u64> = newest["requests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["seq"].as_u64().unwrap())
        .collect();
    assert_eq!(seqs, [3, 4]);

    for (query, parameter) in [
        ("?status=abc", "status"),
        ("?format=yaml", "format"),
        ("?diagnostic=no-such-kind", "diagnostic"),
        ("?client=x", "client"),
        ("?since=yesterday", "since"),
        ("?colour=red", "colour"),
        ("?client=1&client=2", "client"),
    ] {
        let refused = admin_get(&mock, &format!("/__mock/requests{query}")).await;
        assert_eq!(refused.status, 400, "{query}");
        let message = refused.json()["Message"].as_str().unwrap().to_owned();
        assert!(
            message.starts_with(&format!("query parameter `{parameter}`: expected ")),
            "{query}: {message}"
        );
    }
}

#[tokio::test]
async fn the_journal_resets_only_on_a_deliberate_local_call() {
    let mock = spawn_mock(MockServer::builder()).await;
    for client in [1006, 1007] {
        exchange(
            &mock,
            "POST",
            ACTION,
            &[BEARER, JSON_CT],
            &client_body(client),
        )
        .await;
    }
    // A page could send this without a preflight: refused.
    let simple = exchange(
        &mock,
        "DELETE",
        "/__mock/requests",
        &[("Host", "localhost")],
        b"",
    )
    .await;
    assert_eq!(simple.status, 403);
    let foreign = exchange(
        &mock,
        "DELETE",
        "/__mock/requests",
        &[ADMIN[0], ADMIN[1], ("Origin", "http://evil.example")],
        b"",
    )
    .await;
    assert_eq!(foreign.status, 403);
    assert_eq!(foreign.header("Access-Control-Allow-Origin"), None);
    let rebinding = exchange(
        &mock,
        "DELETE",
        "/__mock/requests",
        &[("Host", "evil.example"), ADMIN[1]],
        b"",
    )
    .await;
    assert_eq!(rebinding.status, 403);
    assert_eq!(count(&mock, "").await, 2);

    let cleared = exchange(&mock, "DELETE", "/__mock/requests", &ADMIN, b"").await;
    assert_eq!(cleared.status, 200);
    assert_eq!(cleared.json(), json!({ "status": "cleared", "removed": 2 }));
    let empty = journal(&mock, "").await;
    assert_eq!(empty["requests"], json!([]));
    assert_eq!(
        (empty["total"].clone(), empty["cleared_through"].clone()),
        (json!(2), json!(2))
    );
    // Sequence numbers go on, so a view polling with `since` sees the next one.
    exchange(
        &mock,
        "POST",
        ACTION,
        &[BEARER, JSON_CT],
        &client_body(1006),
    )
    .await;
    let next = journal(&mock, "?since=2").await;
    assert_eq!(next["requests"][0]["seq"], 3);
}

#[tokio::test]
async fn cors_answers_always_expose_the_diagnostics_header_which_lists_warnings_with_severity() {
    let mock = spawn_mock(MockServer::builder()).await;
    let origin = ("Origin", "http://localhost:3000");
    let clean = exchange(
        &mock,
        "POST",
        ACTION,
        &[BEARER, JSON_CT, origin],
        &client_body(1006),
    )
    .await;
    assert_eq!(clean.header("X-Mock-Diagnostics"), None);
    assert_eq!(
        clean.header("Access-Control-Expose-Headers"),
        Some("X-Mock-Diagnostics")
    );
    // A minimal XML body: only an info note (members left out keep their defaults).
    let minimal = format!(
        r#"<ClientFavoriteDataInfoRequest xmlns="{XML_NS}"><Client>1006</Client></ClientFavoriteDataInfoRequest>"#
    );
    let xml_ct = ("Content-Type", "application/xml");
    let note = exchange(
        &mock,
        "POST",
        ACTION,
        &[BEARER, xml_ct, origin],
        minimal.as_bytes(),
    )
    .await;
    assert_eq!(note.status, 200);
    assert_eq!(note.header("X-Mock-Diagnostics"), None);
    assert_eq!(
        note.header("Access-Control-Expose-Headers"),
        Some("X-Mock-Diagnostics")
    );
    let asked = exchange(
        &mock,
        "POST",
        ACTION,
        &[BEARER, xml_ct, ("X-Mock-Diagnostics-Level", "info")],
        minimal.as_bytes(),
    )
    .await;
    assert_eq!(
        asked.header("X-Mock-Diagnostics"),
        Some("1; info:xml-members-missing")
    );
    let bad = exchange(
        &mock,
        "POST",
        ACTION,
        &[BEARER, xml_ct, ("X-Mock-Diagnostics-Level", "loud")],
        minimal.as_bytes(),
    )
    .await;
    assert_eq!(bad.status, 400);
    assert!(
        bad.text()
            .contains("X-Mock-Diagnostics-Level: expected info, warning or error, found `loud`"),
        "{}",
        bad.text()
    );
    // Without an Origin, no CORS header at all (as production).
    let plain = exchange(
        &mock,
        "POST",
        ACTION,
        &[BEARER, JSON_CT],
        &client_body(1006),
    )
    .await;
    assert_eq!(plain.header("Access-Control-Expose-Headers"), None);
    assert_eq!(plain.header("Access-Control-Allow-Origin"), None);
    // Errors too: a 401 to a CORS request exposes it.
    let denied = exchange(
        &mock,
        "POST",
        ACTION,
        &[JSON_CT, origin],
        &client_body(1006),
    )
    .await;
    assert_eq!(denied.status, 401);
    assert_eq!(
        denied.header("Access-Control-Expose-Headers"),
        Some("X-Mock-Diagnostics")
    );
}

async fn add_override(mock: &ServerHandle, body: &str) -> RawResponse {
    exchange(
        mock,
        "POST",
        "/__mock/overrides",
        &[ADMIN[0], ADMIN[1], JSON_CT],
        body.as_bytes(),
    )
    .await
}

#[tokio::test]
async fn overrides_answer_for_a_client_until_deleted_or_used_up() {
    let mock = spawn_mock(MockServer::builder()).await;
    let added = add_override(&mock, r#"{"client": 1006, "error_code": 2}"#).await;
    assert_eq!(added.status, 201, "{}", added.text());
    let standing = added.json();
    let id = standing["id"].as_u64().unwrap();
    assert_eq!(
        added.header("Location"),
        Some(format!("/__mock/overrides/{id}").as_str())
    );
    for _ in 0..2 {
        let answer = exchange(
            &mock,
            "POST",
            ACTION,
            &[BEARER, JSON_CT],
            &client_body(1006),
        )
        .await;
        assert_eq!(answer.status, 200);
        assert_eq!(answer.json()["ErrorCode"], 2);
        assert_eq!(answer.json()["Message"], "Клиент не найден");
    }
    let other = exchange(
        &mock,
        "POST",
        ACTION,
        &[BEARER, JSON_CT],
        &client_body(1007),
    )
    .await;
    assert_eq!(other.json()["ErrorCode"], 0);
    let entry = &journal(&mock, "?client=1006&limit=1").await["requests"][0];
    assert_eq!(entry["override_id"], id);
    assert_eq!(entry["scenario"]["error_code"], 2);

    let once = add_override(&mock, r#"{"client": 1007, "status": 500, "times": 1}"#).await;
    assert_eq!(once.status, 201);
    let first = exchange(
        &mock,
        "POST",
        ACTION,
        &[BEARER, JSON_CT],
        &client_body(1007),
    )
    .await;
    assert_eq!(
        (first.status, first.text().as_str()),
        (500, r#"{"Message":"An error has occurred."}"#)
    );
    let second = exchange(
        &mock,
        "POST",
        ACTION,
        &[BEARER, JSON_CT],
        &client_body(1007),
    )
    .await;
    assert_eq!(second.status, 200);

    let listed = admin_get(&mock, "/__mock/overrides").await.json();
    assert_eq!(listed["capacity"], MAX_OVERRIDES);
    let overrides = listed["overrides"].as_array().unwrap();
    assert_eq!(overrides.len(), 1, "the one-off is gone: {listed}");
    assert_eq!(overrides[0]["used"], 2);
    assert_eq!(overrides[0]["times_left"], Value::Null);

    // A request's own scenario header wins over an override.
    let forced = exchange(
        &mock,
        "POST",
        ACTION,
        &[BEARER, JSON_CT, ("X-Mock-Error-Code", "3")],
        &client_body(1006),
    )
    .await;
    assert_eq!(forced.json()["ErrorCode"], 3);

    let deleted = exchange(
        &mock,
        "DELETE",
        &format!("/__mock/overrides/{id}"),
        &ADMIN,
        b"",
    )
    .await;
    assert_eq!(deleted.status, 200);
    let again = exchange(
        &mock,
        "DELETE",
        &format!("/__mock/overrides/{id}"),
        &ADMIN,
        b"",
    )
    .await;
    assert_eq!(again.status, 404);
    let back = exchange(
        &mock,
        "POST",
        ACTION,
        &[BEARER, JSON_CT],
        &client_body(1006),
    )
    .await;
    assert_eq!(back.json()["ErrorCode"], 0);
}

#[tokio::test]
async fn overrides_are_bounded_validated_and_guarded() {
    let mock = spawn_mock(MockServer::builder()).await;
    for (body, member) in [
        (r#"{"client": 1006}"#, "body"),
        (r#"{"client": 1006, "error_code": 99}"#, "error_code"),
        (r#"{"client": 1006, "status": 404}"#, "status"),
        (r#"{"client": "x", "status": 500}"#, "client"),
        (r#"{"client": 1006, "fault": "slow"}"#, "fault"),
        (r#"{"client": 1006, "drop": true, "times": 0}"#, "times"),
        (r#"{"client": 1006, "drop": true, "colour": 1}"#, "colour"),
        ("[]", "body"),
        ("{", "body"),
    ] {
        let refused = add_override(&mock, body).await;
        assert_eq!(refused.status, 400, "{body}");
        let message = refused.json()["Message"].as_str().unwrap().to_owned();
        assert!(
            message.starts_with(&format!("override `{member}`: expected ")),
            "{body}: {message}"
        );
    }
    // A cross-site form post cannot add one: no marker, no JSON content type.
    let simple = exchange(
        &mock,
        "POST",
        "/__mock/overrides",
        &[("Host", "localhost"), ("Content-Type", "text/plain")],
        br#"{"error_code": 2}"#,
    )
    .await;
    assert_eq!(simple.status, 403);
    for client in 0..MAX_OVERRIDES {
        let added = add_override(&mock, &format!(r#"{{"client": {client}, "drop": true}}"#)).await;
        assert_eq!(added.status, 201);
    }
    let full = add_override(&mock, r#"{"client": 1, "drop": true}"#).await;
    assert_eq!(full.status, 409);
    assert!(
        full.text()
            .contains(&format!("limit of {MAX_OVERRIDES} overrides"))
    );
    let cleared = exchange(&mock, "DELETE", "/__mock/overrides", &ADMIN, b"").await;
    assert_eq!(cleared.json(), json!({ "removed": MAX_OVERRIDES }));
    let health = admin_get(&mock, "/__mock/health").await.json();
    assert_eq!(health["overrides"], 0);
}

#[tokio::test]
async fn health_names_the_mode_and_how_to_read_dates() {
    let mock = spawn_mock(MockServer::builder()).await;
    let health = admin_get(&mock, "/__mock/health").await.json();
    assert_eq!(health["mode"], "mock");
    assert_eq!(health["console"], "/__mock/");
    assert_eq!(health["dataset"]["as_of"], "2026-05-07T11:27:39.507");
    assert_eq!(health["dates"]["server_time_zone"], "+03:00");
    assert_eq!(health["dates"]["utc_offset_at_as_of"], "+03:00");
    assert_eq!(health["dates"]["kind"], "unspecified");
    let named = spawn_mock(
        MockServer::builder().settings(favorite_contract::EngineSettings {
            time_zone: Some("America/New_York".parse().unwrap()),
            ..Default::default()
        }),
    )
    .await;
    let health = admin_get(&named, "/__mock/health").await.json();
    assert_eq!(health["dates"]["server_time_zone"], "America/New_York");
    assert_eq!(health["dates"]["server_time_zone_from"], "--time-zone");
    // 7 May 2026 is in daylight saving time there.
    assert_eq!(health["dates"]["utc_offset_at_as_of"], "-04:00");
}

#[tokio::test]
async fn the_console_and_its_documents_are_served_locally_only() {
    let mock = spawn_mock(MockServer::builder()).await;
    let page = admin_get(&mock, "/__mock/").await;
    assert_eq!(page.status, 200);
    assert_eq!(
        page.header("Content-Type"),
        Some("text/html; charset=utf-8")
    );
    assert!(
        page.header("Content-Security-Policy")
            .unwrap()
            .contains("frame-ancestors 'none'")
    );
    assert!(page.text().contains("console.js"));
    for (path, content_type) in [
        ("/__mock/console.js", "text/javascript; charset=utf-8"),
        ("/__mock/console.css", "text/css; charset=utf-8"),
        ("/__mock/favicon.svg", "image/svg+xml"),
    ] {
        let asset = admin_get(&mock, path).await;
        assert_eq!(
            (asset.status, asset.header("Content-Type")),
            (200, Some(content_type)),
            "{path}"
        );
        assert!(!asset.body.is_empty());
    }
    let redirect = admin_get(&mock, "/__mock").await;
    assert_eq!(
        (redirect.status, redirect.header("Location")),
        (301, Some("/__mock/"))
    );
    let rebinding = exchange(&mock, "GET", "/__mock/", &[("Host", "evil.example")], b"").await;
    assert_eq!(rebinding.status, 403);

    let contract = admin_get(&mock, "/__mock/contract").await.json();
    let request = contract["types"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["role"] == "request")
        .unwrap();
    let client = request["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == "Client")
        .unwrap();
    assert_eq!(client["description_ru"], "Идентификатор клиента");
    assert_eq!(client["type"], "Int32");
    assert_eq!(client["nullable"], false);
    assert_eq!(contract["business_errors"].as_array().unwrap().len(), 8);
    assert_eq!(
        contract["business_errors"][1]["message"],
        "Клиент не найден"
    );
    assert!(
        contract["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["code"] == "xml-out-of-order"
                && d["reference"] == "contracts/reference/wire.md#xml-member-order")
    );

    let dataset = admin_get(&mock, "/__mock/dataset?operator=7").await.json();
    assert_eq!(dataset["operators"].as_array().unwrap().len(), 3);
    let clients = dataset["clients"]["items"].as_array().unwrap();
    assert_eq!(clients.len(), 4);
    assert_eq!(clients[0]["id"], 7001);
    assert!(
        clients[0]["shows"]
            .as_str()
            .unwrap()
            .contains("single favourite")
    );
    assert_eq!(dataset["clients"]["total"], 4);
    let bad = admin_get(&mock, "/__mock/dataset?limit=many").await;
    assert_eq!(bad.status, 400);

    let samples = admin_get(&mock, "/__mock/samples?client=2001").await.json();
    assert_eq!(samples["operator"], 2);
    assert_eq!(samples["form"], "Client=2001&Operator=2");
}
