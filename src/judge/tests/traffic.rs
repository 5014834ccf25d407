//! Requests of live traffic, which `check` never composes: CORS preflights, `HEAD`, bodies
//! framed as received.

use crate::checker::{RuleId, Situation};
use crate::exchange::{HttpRequest, HttpResponse, RequestBody};
use crate::judge::{AuthPolicy, Judge, JudgeSetup};
use std::time::Duration;

const ACTION: &str = "/api/client/ClientFavoriteDataInfo";

fn request(method: &str, headers: &[(&str, &str)]) -> HttpRequest {
    HttpRequest {
        method: method.into(),
        path: ACTION.into(),
        headers: headers
            .iter()
            .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
            .collect(),
        body: RequestBody::Text(String::new()),
        format: None,
    }
}

fn response(status: u16, headers: &[(&str, &str)], body: &str) -> HttpResponse {
    HttpResponse {
        status,
        headers: headers
            .iter()
            .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
            .collect(),
        body: bytes::Bytes::copy_from_slice(body.as_bytes()),
    }
}

fn judge() -> Judge {
    Judge::new(JudgeSetup {
        auth: AuthPolicy::Required,
        ..JudgeSetup::default()
    })
    .for_captured_traffic()
}

fn rules(request: &HttpRequest, response: &HttpResponse) -> Vec<RuleId> {
    judge()
        .judge(request, response, Duration::from_millis(1))
        .findings
        .iter()
        .map(|f| f.rule)
        .collect()
}

const ORIGIN: &str = "https://shop.example";

#[test]
fn a_preflight_is_the_cors_middleware_s_whatever_the_credentials() {
    let preflight = request(
        "OPTIONS",
        &[
            ("Origin", ORIGIN),
            ("Access-Control-Request-Method", "POST"),
            (
                "Access-Control-Request-Headers",
                "content-type, authorization, accept",
            ),
        ],
    );
    assert_eq!(
        judge().predict(&preflight).situation,
        Situation::Preflight { refused: false }
    );
    // What the mock (and production) answers: no Allow-Methods for POST, the simple Accept
    // filtered out of Allow-Headers, no body, no Content-Type.
    let answer = response(
        200,
        &[
            ("Access-Control-Allow-Origin", ORIGIN),
            ("Access-Control-Allow-Credentials", "true"),
            ("Access-Control-Allow-Headers", "content-type,authorization"),
        ],
        "",
    );
    assert_eq!(rules(&preflight, &answer), []);
    // A server that routes the preflight to the action instead.
    let routed = response(
        405,
        &[
            ("Content-Type", "application/json; charset=utf-8"),
            ("Allow", "POST"),
        ],
        r#"{"Message":"The requested resource does not support http method 'OPTIONS'."}"#,
    );
    let found = rules(&preflight, &routed);
    assert!(found.contains(&RuleId::HttpStatus), "{found:?}");
    assert!(found.contains(&RuleId::HttpCors), "{found:?}");
    // A preflight answer that forgets a requested header.
    let short = response(
        200,
        &[
            ("Access-Control-Allow-Origin", ORIGIN),
            ("Access-Control-Allow-Headers", "content-type"),
        ],
        "",
    );
    assert_eq!(rules(&preflight, &short), [RuleId::HttpCors]);
}

#[test]
fn a_preflight_for_another_method_must_list_it_and_an_empty_one_is_refused() {
    let put = request(
        "OPTIONS",
        &[("Origin", ORIGIN), ("Access-Control-Request-Method", "PUT")],
    );
    let unlisted = response(200, &[("Access-Control-Allow-Origin", ORIGIN)], "");
    assert_eq!(rules(&put, &unlisted), [RuleId::HttpCors]);
    let empty = request(
        "OPTIONS",
        &[("Origin", ORIGIN), ("Access-Control-Request-Method", "")],
    );
    assert_eq!(
        judge().predict(&empty).situation,
        Situation::Preflight { refused: true }
    );
    assert_eq!(rules(&empty, &response(400, &[], "")), []);
}

#[test]
fn options_without_a_requested_method_reaches_routing() {
    let options = request("OPTIONS", &[("Origin", ORIGIN)]);
    assert_eq!(
        judge().predict(&options).situation,
        Situation::MethodNotAllowed
    );
}

#[test]
fn a_head_answer_has_no_body_to_check() {
    let head = request("HEAD", &[("Authorization", "Bearer t")]);
    assert_eq!(
        judge().predict(&head).situation,
        Situation::MethodNotAllowed
    );
    // The 405 a server writes for HEAD: its headers, no body.
    let answer = response(
        405,
        &[
            ("Content-Type", "application/json; charset=utf-8"),
            ("Content-Length", "76"),
            ("Allow", "POST"),
        ],
        "",
    );
    assert_eq!(rules(&head, &answer), []);
    // The same empty body for a GET is a broken error body.
    let get = request("GET", &[("Authorization", "Bearer t")]);
    assert_eq!(rules(&get, &answer), [RuleId::HttpErrorBody]);
}

#[test]
fn captured_requests_are_framed_as_their_headers_say() {
    let chunked = request(
        "POST",
        &[
            ("Content-Type", "application/json"),
            ("Transfer-Encoding", "chunked"),
        ],
    );
    let no_length = request("POST", &[("Content-Type", "application/json")]);
    let zero = request(
        "POST",
        &[
            ("Content-Type", "application/json"),
            ("Content-Length", "0"),
        ],
    );
    let captured = judge();
    assert_eq!(
        captured.predict(&chunked).situation,
        Situation::Unauthorized
    );
    assert_eq!(captured.predict(&zero).situation, Situation::Unauthorized);
    assert_eq!(
        captured.predict(&no_length).situation,
        Situation::LengthRequired
    );
    // The client drops the framing of an empty body, so a composed one gets the 411.
    let composed = Judge::new(JudgeSetup::default());
    assert_eq!(
        composed.predict(&chunked).situation,
        Situation::LengthRequired
    );
}
