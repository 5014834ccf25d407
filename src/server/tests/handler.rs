//! The pipeline over owned requests: status paths that need no codec or engine, CORS on every
//! answer, scenarios, rejections, admin resources and the journal.

use super::{framed, state};
use crate::codec::{Diagnostic, DiagnosticKind, Effect, Location, Severity};
use crate::server::auth::{AuthMode, AuthOutcome, check};
use crate::server::config::{DatasetSource, ServerConfig};
use crate::server::diagnostics::summary;
use crate::server::handler::{Handled, Rejection, handle_at, reject};
use crate::server::journal::{Journal, JournalRoute};
use crate::server::jwt::mint_hs256;
use crate::server::request::CapturedRequest;
use crate::server::scenario::{ForcedStatus, Latency, Scenario};
use http::{HeaderValue, Method, StatusCode};
use serde_json::json;

const ACTION: &str = "/api/client/ClientFavoriteDataInfo";
const NOW: i64 = 1_800_000_000;

fn run(request: &CapturedRequest, config: ServerConfig) -> Handled {
    handle_at(&framed(request), &state(config), NOW)
}

fn body(handled: &Handled) -> String {
    String::from_utf8_lossy(&handled.response.body).into_owned()
}

fn header<'a>(handled: &'a Handled, name: &str) -> Option<&'a str> {
    handled
        .response
        .headers
        .get(name)
        .and_then(|v| v.to_str().ok())
}

fn post() -> CapturedRequest {
    CapturedRequest::new(Method::POST, ACTION).with_header("Host", "mock.local:8080")
}

#[test]
fn an_unknown_action_under_api_is_a_404_naming_the_request_uri() {
    let request = CapturedRequest::new(Method::POST, "/api/client/ClientInfo?x=1")
        .with_header("Host", "mock.local:8080");
    let handled = run(&request, ServerConfig::default());
    assert_eq!(handled.response.status, StatusCode::NOT_FOUND);
    assert_eq!(
        header(&handled, "content-type"),
        Some("application/json; charset=utf-8")
    );
    insta::assert_snapshot!(body(&handled), @r#"{"Message":"No HTTP resource was found that matches the request URI 'http://mock.local:8080/api/client/ClientInfo?x=1'."}"#);
    let entry = handled.entry.as_ref().unwrap();
    assert_eq!(entry.route, JournalRoute::ApiNotFound);
    assert_eq!(entry.status, 404);
}

#[test]
fn a_404_is_negotiated_like_any_response() {
    let request = CapturedRequest::new(Method::GET, "/index.html")
        .with_header("Host", "h")
        .with_header("Accept", "application/xml");
    let handled = run(&request, ServerConfig::default());
    assert_eq!(handled.response.status, StatusCode::NOT_FOUND);
    assert_eq!(
        header(&handled, "content-type"),
        Some("application/xml; charset=utf-8")
    );
    insta::assert_snapshot!(body(&handled), @"<Error><Message>No HTTP resource was found that matches the request URI 'http://h/index.html'.</Message></Error>");
    assert_eq!(handled.entry.unwrap().route, JournalRoute::OutsideApi);
}

#[test]
fn other_methods_on_the_action_get_405_with_allow_post() {
    for method in [Method::GET, Method::PUT, Method::DELETE, Method::OPTIONS] {
        let mut request = post();
        request.method = method.clone();
        let handled = run(&request, ServerConfig::default());
        assert_eq!(
            handled.response.status,
            StatusCode::METHOD_NOT_ALLOWED,
            "{method}"
        );
        assert_eq!(header(&handled, "allow"), Some("POST"));
        assert_eq!(
            body(&handled),
            format!(
                r#"{{"Message":"The requested resource does not support http method '{method}'."}}"#
            )
        );
    }
}

#[test]
fn a_preflight_is_answered_before_auth_and_routing() {
    let request = CapturedRequest::new(Method::OPTIONS, "/api/anything")
        .with_header("Origin", "http://localhost:3000")
        .with_header("Access-Control-Request-Method", "POST")
        .with_header(
            "Access-Control-Request-Headers",
            "authorization,content-type",
        );
    let handled = run(&request, ServerConfig::default());
    assert_eq!(handled.response.status, StatusCode::OK);
    assert_eq!(
        header(&handled, "access-control-allow-origin"),
        Some("http://localhost:3000")
    );
    assert_eq!(
        header(&handled, "access-control-allow-headers"),
        Some("authorization,content-type")
    );
    assert_eq!(handled.entry.unwrap().route, JournalRoute::Preflight);
}

#[test]
fn no_token_is_a_401_with_the_production_body_and_the_origin_echo() {
    let request = post().with_header("Origin", "http://localhost:3000");
    let handled = run(&request, ServerConfig::default());
    assert_eq!(handled.response.status, StatusCode::UNAUTHORIZED);
    assert_eq!(header(&handled, "www-authenticate"), Some("Bearer"));
    assert_eq!(
        header(&handled, "access-control-allow-origin"),
        Some("http://localhost:3000")
    );
    assert_eq!(
        header(&handled, "access-control-allow-credentials"),
        Some("true")
    );
    insta::assert_snapshot!(body(&handled), @r#"{"Message":"Authorization has been denied for this request."}"#);
    let entry = handled.entry.unwrap();
    insta::assert_snapshot!(serde_json::to_string(&entry.auth).unwrap(), @r#"{"result":"denied","reason":"no Authorization header"}"#);
}

#[test]
fn bearer_mode_refuses_other_schemes_and_empty_tokens() {
    let header = |v: &'static str| HeaderValue::from_static(v);
    let denied = |outcome: AuthOutcome| match outcome {
        AuthOutcome::Denied { reason } => reason,
        other => panic!("expected a denial, got {other:?}"),
    };
    let mode = AuthMode::Bearer;
    insta::assert_snapshot!(denied(check(&mode, Some(&header("Basic dXNlcjpw")), NOW)), @"Authorization header: expected `Bearer <token>`, found the Basic scheme (the value is not shown)");
    // A credential sent without a scheme, or with a tab, is described, never quoted.
    insta::assert_snapshot!(denied(check(&mode, Some(&header("sk_live_ABC123")), NOW)), @"Authorization header: expected `Bearer <token>`, found a value of 14 characters in no known scheme (not shown: it may be a credential)");
    insta::assert_snapshot!(denied(check(&mode, Some(&header("Bearer\tsk_live_ABC123")), NOW)), @"Authorization header: expected `Bearer <token>`, found `Bearer` followed by a tab instead of one space (the value is not shown)");
    insta::assert_snapshot!(denied(check(&mode, Some(&header("Bearersk_live_ABC123")), NOW)), @"Authorization header: expected `Bearer <token>`, found `Bearer` followed by no space instead of one space (the value is not shown)");
    insta::assert_snapshot!(denied(check(&mode, Some(&header("Bearer   ")), NOW)), @"Authorization header: expected a non-empty bearer token, found none");
    assert_eq!(
        check(&mode, Some(&header("bearer anything")), NOW),
        AuthOutcome::Allowed { operator: None }
    );
    assert_eq!(check(&AuthMode::Off, None, NOW), AuthOutcome::Skipped);
}

#[test]
fn jwt_mode_verifies_and_passes_the_oper_claim_on() {
    let mode = AuthMode::Jwt {
        secret: b"k".to_vec(),
    };
    let claims = json!({"oper": "3", "exp": NOW + 10});
    let token = mint_hs256(claims.as_object().unwrap(), b"k");
    let value = HeaderValue::from_str(&format!("Bearer {token}")).unwrap();
    assert_eq!(
        check(&mode, Some(&value), NOW),
        AuthOutcome::Allowed { operator: Some(3) }
    );
    let expired = check(&mode, Some(&value), NOW + 10 + 301);
    assert!(
        matches!(expired, AuthOutcome::Denied { ref reason } if reason.starts_with("jwt expired")),
        "{expired:?}"
    );
}

#[test]
fn forced_statuses_skip_auth_and_binding() {
    let request = post().with_header("X-Mock-Status", "500");
    let handled = run(&request, ServerConfig::default());
    assert_eq!(handled.response.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(body(&handled), r#"{"Message":"An error has occurred."}"#);
    let entry = handled.entry.unwrap();
    assert_eq!(
        entry.scenario.status,
        Some(ForcedStatus::InternalServerError)
    );
    assert_eq!(entry.auth, None);

    let config = ServerConfig {
        auth: AuthMode::Off,
        scenario: Scenario {
            status: Some(ForcedStatus::Unauthorized),
            ..Scenario::default()
        },
        ..ServerConfig::default()
    };
    let handled = run(&post(), config);
    assert_eq!(handled.response.status, StatusCode::UNAUTHORIZED);
    assert_eq!(header(&handled, "www-authenticate"), Some("Bearer"));
}

#[test]
fn drop_wins_and_latency_is_picked_from_the_range() {
    let request = post()
        .with_header("X-Mock-Drop", "1")
        .with_header("X-Mock-Status", "401")
        .with_header("X-Mock-Latency", "5-9");
    let handled = run(&request, ServerConfig::default());
    assert!(handled.drop);
    let ms = handled.delay.as_millis();
    assert!((5..=9).contains(&ms), "{ms}");
    let entry = handled.entry.unwrap();
    assert!(entry.scenario.drop);
    let latency = entry.scenario.latency.unwrap();
    assert_eq!(latency.setting, Latency::Range { min: 5, max: 9 });
    assert_eq!(u128::from(latency.delay_ms), ms);
}

#[test]
fn an_unparseable_scenario_header_is_a_400_naming_it() {
    let request = post().with_header("X-Mock-Latency", "soon");
    let handled = run(&request, ServerConfig::default());
    assert_eq!(handled.response.status, StatusCode::BAD_REQUEST);
    insta::assert_snapshot!(body(&handled), @r#"{"Message":"X-Mock-Latency: expected milliseconds `N` or `MIN-MAX`, at most 60000, found `soon`"}"#);
}

#[test]
fn with_a_base_path_the_action_moves_under_it() {
    let config = || ServerConfig {
        base_path: Some("lcmanager".to_owned()),
        ..ServerConfig::default()
    };
    let moved = CapturedRequest::new(Method::GET, "/LCManager/api/client/clientfavoritedatainfo");
    assert_eq!(
        run(&moved, config()).response.status,
        StatusCode::METHOD_NOT_ALLOWED
    );
    let bare = CapturedRequest::new(Method::GET, ACTION);
    assert_eq!(run(&bare, config()).response.status, StatusCode::NOT_FOUND);
}

#[test]
fn a_body_over_the_limit_is_a_413_with_a_limit_diagnostic() {
    let request = post().with_header("Origin", "http://o");
    let handled = reject(
        &request,
        &state(ServerConfig::default()),
        Rejection::BodyTooLarge { limit: 64 },
    );
    assert_eq!(handled.response.status, StatusCode::PAYLOAD_TOO_LARGE);
    insta::assert_snapshot!(body(&handled), @r#"{"Message":"Maximum request length exceeded."}"#);
    assert_eq!(
        header(&handled, "x-mock-diagnostics"),
        Some("1; error:limit-exceeded")
    );
    assert_eq!(
        header(&handled, "access-control-expose-headers"),
        Some("X-Mock-Diagnostics")
    );
    assert_eq!(
        header(&handled, "access-control-allow-origin"),
        Some("http://o")
    );
}

fn diagnostic(kind: DiagnosticKind, severity: Severity) -> Diagnostic {
    Diagnostic {
        kind,
        severity,
        location: Location::Body,
        field: None,
        found: None,
        expected: None,
        effect: Effect::Ignored,
        model_state: None,
        message: String::new(),
    }
}

#[test]
fn the_diagnostics_header_counts_all_and_lists_distinct_codes_in_order() {
    let list = [
        diagnostic(DiagnosticKind::XmlOutOfOrder, Severity::Warning),
        diagnostic(DiagnosticKind::XmlWrongNamespace, Severity::Warning),
        diagnostic(DiagnosticKind::XmlOutOfOrder, Severity::Warning),
        diagnostic(DiagnosticKind::XmlMembersMissing, Severity::Info),
        diagnostic(DiagnosticKind::XmlBadValue, Severity::Error),
    ];
    let warning = Severity::Warning;
    assert_eq!(
        summary(&list, 0, warning).as_deref(),
        Some("4; warning:xml-out-of-order, warning:xml-wrong-namespace, error:xml-bad-value")
    );
    // Diagnostics past the cap count in the total.
    assert_eq!(
        summary(&list, 5, warning).as_deref(),
        Some("9; warning:xml-out-of-order, warning:xml-wrong-namespace, error:xml-bad-value")
    );
    // Info notes only when asked for; errors alone when asked for.
    assert_eq!(
        summary(&list, 0, Severity::Info).as_deref(),
        Some(
            "5; warning:xml-out-of-order, warning:xml-wrong-namespace, info:xml-members-missing, error:xml-bad-value"
        )
    );
    assert_eq!(
        summary(&list, 0, Severity::Error).as_deref(),
        Some("1; error:xml-bad-value")
    );
    assert_eq!(summary(&list[3..4], 0, warning), None);
    assert_eq!(summary(&[], 0, Severity::Info), None);
}

#[test]
fn the_journal_keeps_the_last_n_with_increasing_sequence_numbers() {
    let journal = Journal::new(2);
    let request = post();
    for _ in 0..3 {
        let handled = run(&request, ServerConfig::default());
        journal.push(handled.entry.unwrap());
    }
    let (entries, total) = journal.snapshot();
    assert_eq!(total, 3);
    assert_eq!(entries.iter().map(|e| e.seq).collect::<Vec<_>>(), [2, 3]);
    let zero = Journal::new(0);
    zero.push(run(&request, ServerConfig::default()).entry.unwrap());
    assert_eq!(zero.snapshot().0.len(), 0);
}

#[test]
fn admin_resources_answer_json_and_are_not_journaled() {
    let health = run(
        &CapturedRequest::new(Method::GET, "/__mock/health"),
        ServerConfig::default(),
    );
    assert_eq!(health.response.status, StatusCode::OK);
    assert!(health.entry.is_none());
    let value: serde_json::Value = serde_json::from_slice(&health.response.body).unwrap();
    assert_eq!(value["status"], "ok");
    assert_eq!(value["dataset"]["generation"], 1);
    assert_eq!(value["dataset"]["source"], "embedded default");

    let wrong = run(
        &CapturedRequest::new(Method::POST, "/__mock/requests"),
        ServerConfig::default(),
    );
    assert_eq!(wrong.response.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(header(&wrong, "allow"), Some("GET, DELETE"));
    let wrong = run(
        &CapturedRequest::new(Method::PUT, "/__mock/health"),
        ServerConfig::default(),
    );
    assert_eq!(wrong.response.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(header(&wrong, "allow"), Some("GET"));
    let unknown = run(
        &CapturedRequest::new(Method::GET, "/__mock/nope"),
        ServerConfig::default(),
    );
    assert_eq!(unknown.response.status, StatusCode::NOT_FOUND);
}

#[test]
fn reloading_a_bad_file_keeps_the_old_dataset_and_says_why() {
    let config = ServerConfig {
        dataset: DatasetSource::Path("/nonexistent/favorite-contract/dataset.json".into()),
        ..ServerConfig::default()
    };
    let state = state(config);
    let handled = handle_at(
        &CapturedRequest::new(Method::POST, "/__mock/reload").with_header("X-Mock-Admin", "1"),
        &state,
        NOW,
    );
    assert_eq!(handled.response.status, StatusCode::UNPROCESSABLE_ENTITY);
    let value: serde_json::Value = serde_json::from_slice(&handled.response.body).unwrap();
    assert_eq!(value["status"], "rejected");
    assert_eq!(value["serving_generation"], 1);
    assert!(
        value["error"].as_str().is_some_and(|e| !e.is_empty()),
        "{value}"
    );
    assert_eq!(state.dataset().generation, 1);
}

/// Source: HTTP.sys on IIS answers a POST/PUT with neither Content-Length nor chunked encoding
/// with its own 411 page before Web API (or its CORS handling) runs, whatever the path.
#[test]
fn a_post_without_a_length_gets_http_sys_s_411_as_on_iis() {
    let unframed = |method: Method, path: &str| {
        CapturedRequest::new(method, path)
            .with_header("Host", "mock.local:8080")
            .with_header("Origin", "https://shop.example")
    };
    let state_iis = state(ServerConfig::default());
    for (method, path) in [
        (Method::POST, ACTION),
        (Method::PUT, ACTION),
        (Method::POST, "/api/client/Nope"),
    ] {
        let handled = handle_at(&unframed(method.clone(), path), &state_iis, NOW);
        assert_eq!(
            handled.response.status,
            StatusCode::LENGTH_REQUIRED,
            "{method} {path}"
        );
        assert_eq!(body(&handled), crate::hosting::LENGTH_REQUIRED_BODY);
        assert_eq!(
            header(&handled, "content-type"),
            Some("text/html; charset=us-ascii")
        );
        assert_eq!(header(&handled, "server"), Some("Microsoft-HTTPAPI/2.0"));
        assert_eq!(header(&handled, "connection"), Some("close"));
        assert_eq!(header(&handled, "access-control-allow-origin"), None);
        assert_eq!(handled.entry.as_ref().map(|e| e.status), Some(411));
    }
    // GET needs no length; chunked or a Content-Length (even 0) reaches Web API.
    let get = handle_at(&unframed(Method::GET, ACTION), &state_iis, NOW);
    assert_eq!(get.response.status, StatusCode::METHOD_NOT_ALLOWED);
    let zero = unframed(Method::POST, ACTION).with_header("Content-Length", "0");
    assert_eq!(
        handle_at(&zero, &state_iis, NOW).response.status,
        StatusCode::UNAUTHORIZED
    );
    // A self-hosted application reads it as an empty body.
    let self_host = state(ServerConfig {
        host: crate::hosting::Host::SelfHost,
        ..ServerConfig::default()
    });
    assert_eq!(
        handle_at(&unframed(Method::POST, ACTION), &self_host, NOW)
            .response
            .status,
        StatusCode::UNAUTHORIZED
    );
}
