//! The mock's answers conform to the committed documents: JSON bodies to `contracts/openapi.json`,
//! XML bodies to the contract (the checker's DataContract validation) and to the committed XSDs.
//!
//! Source: issue 3, "Responses of the mock validate against the committed OpenAPI document (JSON)
//! and contract (XML)".

use crate::openapi_validator::validate;
use crate::schema::xmllint_validate;
use crate::support::{RawResponse, exchange, spawn_mock};
use favorite_contract::Dataset;
use favorite_contract::codec::WireFormat;
use favorite_contract::contract;
use favorite_contract::rules::check_response_text;
use favorite_contract::{MockServer, ServerHandle};
use favorite_contract::{Profile, Severity};
use serde_json::Value;

/// method, path, headers, body, expected status.
type ErrorCase = (
    &'static str,
    &'static str,
    &'static [(&'static str, &'static str)],
    &'static [u8],
    u16,
);

const PATH: &str = "/api/client/ClientFavoriteDataInfo";

fn openapi() -> Value {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/contracts/openapi.json"
    ))
    .unwrap();
    serde_json::from_str(&text).unwrap()
}

/// Every catalogue client, a paged and a filtered request, and every business error code.
fn bodies() -> Vec<String> {
    let dataset = Dataset::embedded_default();
    let mut bodies: Vec<String> = dataset
        .clients()
        .iter()
        .map(|c| format!(r#"{{"Operator":{},"Client":{}}}"#, c.operator, c.id))
        .collect();
    bodies.extend(
        [
            r#"{"Operator":1,"Client":1012,"Start":11,"Length":10}"#,
            r#"{"Operator":1,"Client":1016,"BegDate":"2026-05-01","EndDate":"2026-05-01"}"#,
            r#"{"Operator":1,"Client":1007,"ListDataId":107}"#,
            r#"{"Operator":99,"Client":1006}"#,
            r#"{"Operator":1,"Client":1006,"Token":1}"#,
            r#"{"Operator":1,"Client":1006,"SiteCode":"nope"}"#,
            r#"{"Operator":1}"#,
            r#"{"Operator":1,"Client":2001}"#,
            r#"{"Operator":1,"Client":1006,"ClientFavoriteId":1}"#,
            r#"{"Operator":1,"Client":1006,"BegDate":"2026-05-02","EndDate":"2026-05-01"}"#,
            r#"{"Operator":1,"Client":1006,"Start":-2}"#,
        ]
        .map(str::to_owned),
    );
    bodies
}

/// The mock's answer to each of [`bodies`] (sent as JSON, with `accept` if any), all 200.
async fn answers(mock: &ServerHandle, accept: Option<&str>) -> Vec<(String, RawResponse)> {
    let mut headers = vec![
        ("Authorization", "Bearer t"),
        ("Content-Type", "application/json"),
    ];
    headers.extend(accept.map(|a| ("Accept", a)));
    let mut out = Vec::new();
    for body in bodies() {
        let r = exchange(mock, "POST", PATH, &headers, body.as_bytes()).await;
        assert_eq!(r.status, 200, "{body}");
        out.push((body, r));
    }
    out
}

#[tokio::test]
async fn json_answers_validate_against_the_openapi_document() {
    let doc = openapi();
    let mock = spawn_mock(MockServer::builder()).await;
    let mut codes = std::collections::BTreeSet::new();
    for (body, r) in answers(&mock, None).await {
        let value = r.json();
        codes.insert(value["ErrorCode"].as_i64().unwrap());
        let errors = validate(&doc, &contract().response().name, &value);
        assert!(errors.is_empty(), "{body}: {errors:#?}");
    }
    assert_eq!(
        codes.into_iter().collect::<Vec<_>>(),
        (0..=8).collect::<Vec<_>>()
    );

    // Error bodies: 401, 404, 405, 415, 500.
    let cases: [ErrorCase; 5] = [
        (
            "POST",
            PATH,
            &[("Content-Type", "application/json")],
            b"{}",
            401,
        ),
        (
            "POST",
            "/api/client/Nope",
            &[("Authorization", "Bearer t")],
            b"{}",
            404,
        ),
        ("GET", PATH, &[("Authorization", "Bearer t")], b"", 405),
        (
            "POST",
            PATH,
            &[
                ("Authorization", "Bearer t"),
                ("Content-Type", "text/plain"),
            ],
            b"x",
            415,
        ),
        (
            "POST",
            PATH,
            &[
                ("Authorization", "Bearer t"),
                ("Content-Type", "application/json"),
            ],
            b"",
            500,
        ),
    ];
    for (method, path, headers, body, status) in cases {
        let r = exchange(&mock, method, path, headers, body).await;
        assert_eq!(r.status, status, "{method} {path}");
        let errors = validate(&doc, "HttpError", &r.json());
        assert!(errors.is_empty(), "{status}: {errors:#?}");
    }
    mock.shutdown().await;
}

#[tokio::test]
async fn xml_answers_conform_to_the_contract_and_the_xsd() {
    let mock = spawn_mock(MockServer::builder()).await;
    let profile = Profile::default();
    for (body, r) in answers(&mock, Some("application/xml")).await {
        let text = r.text();
        let checked = check_response_text(WireFormat::Xml, &text, &profile);
        let violations: Vec<_> = checked
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Violation)
            .collect();
        assert!(violations.is_empty(), "{body}: {violations:#?}");
        assert!(
            checked.response.is_some(),
            "{body}: the XML reads as a response"
        );
        if let Some(result) =
            xmllint_validate("LCManagerPartner.Implementation.Response.xsd", &text)
        {
            result.unwrap_or_else(|e| panic!("{body}: {e}"));
        }
    }
    mock.shutdown().await;
}
