//! The proxy's own resources under `/__proxy/`, guarded like the mock's admin resources: only
//! a local `Host` (or `--allowed-host`), no CORS (a page of another origin is refused and
//! reads nothing), and the state-changing `POST` needs what a page cannot send without a
//! preflight (`X-Mock-Admin` or a JSON Content-Type).
//!
//! - `GET /__proxy/`: the console (the mock's page, in its proxy mode; `/__proxy` redirects);
//! - `GET /__proxy/health`: `{"status": "ok", "mode": "proxy", "upstream", "uptime_ms",
//!   "in_flight", "exchanges": {…}, "findings": {…}, …}`;
//! - `GET /__proxy/exchanges[?since=N]`: the journal of judged exchanges (shape in `journal`),
//!   only those numbered above `N` with `since`; `DELETE`: reset it;
//! - `GET /__proxy/findings`: every finding so far counted by rule and severity;
//! - `POST /__proxy/report`: write the configured reports now; answers the JSON report.

use super::PROXY_ADMIN_PREFIX;
use super::answer::{json_answer, own_answer};
use super::body::ProxyBody;
use super::server::Shared;
use crate::server::{
    CapturedRequest, ConsoleFile, Refusal, check_admin, check_trigger, console_file,
    console_headers,
};
use bytes::Bytes;
use http::{Method, Request, Response, StatusCode, header};
use hyper::body::Incoming;
use serde_json::json;
use std::sync::Arc;
use std::sync::atomic::Ordering;

/// The resources, for the 404's message.
const RESOURCES: &str = "GET /__proxy/ (the console), GET /__proxy/health, \
                         GET|DELETE /__proxy/exchanges, GET /__proxy/findings, \
                         POST /__proxy/report";

/// A request's head as the admin guard reads it (no body).
pub(crate) fn head_of<B>(request: &Request<B>) -> CapturedRequest {
    CapturedRequest {
        method: request.method().clone(),
        path: request.uri().path().to_owned(),
        query: request.uri().query().map(str::to_owned),
        headers: request.headers().clone(),
        body: Bytes::new(),
    }
}

/// The 403 for a refused request, in the proxy's words; no CORS header.
pub(crate) fn refused(refusal: &Refusal) -> Response<ProxyBody> {
    let message = match refusal {
        Refusal::Host(host) => format!(
            "favorite-contract proxy answers only a local Host (localhost, 127.0.0.1, [::1]); \
             this request names `{host}`. Start the proxy with --allowed-host NAME to allow it."
        ),
        Refusal::Origin(origin) => format!(
            "favorite-contract proxy does not share its own resources with the web origin \
             `{origin}`."
        ),
        Refusal::SimpleRequest => "This call changes the proxy's state, so it needs \
             `Content-Type: application/json` or an `X-Mock-Admin: 1` header (which a web page \
             cannot send without consent), e.g. curl -X POST -H 'X-Mock-Admin: 1' …"
            .to_owned(),
    };
    own_answer(StatusCode::FORBIDDEN, &message, None)
}

/// Answer a request under [`PROXY_ADMIN_PREFIX`].
pub(crate) async fn handle(
    request: Request<Incoming>,
    shared: &Arc<Shared>,
) -> Response<ProxyBody> {
    let head = head_of(&request);
    // The body of an admin request is never read.
    drop(request);
    if let Err(refusal) = check_admin(&head, &shared.config.access) {
        return refused(&refusal);
    }
    let Some(resource) = head.path.strip_prefix(PROXY_ADMIN_PREFIX) else {
        // `/__proxy` without its slash: the console's files are named relative to the slash.
        let mut response = Response::new(ProxyBody::full(Vec::new()));
        *response.status_mut() = StatusCode::MOVED_PERMANENTLY;
        response.headers_mut().insert(
            header::LOCATION,
            header::HeaderValue::from_static(PROXY_ADMIN_PREFIX),
        );
        return response;
    };
    let method = &head.method;
    if let Some(file) = console_file(resource) {
        return if is_read(method) {
            console_answer(file)
        } else {
            not_allowed(resource, "GET, HEAD")
        };
    }
    match resource {
        "health" if is_read(method) => json_answer(StatusCode::OK, health(shared).to_string()),
        "exchanges" if is_read(method) => match since(head.query.as_deref()) {
            Ok(since) => exchanges(shared, since).await,
            Err(message) => own_answer(StatusCode::BAD_REQUEST, &message, None),
        },
        "exchanges" if method == Method::DELETE => {
            if let Err(refusal) = check_trigger(&head) {
                return refused(&refusal);
            }
            let removed = shared.journal.clear();
            json_answer(
                StatusCode::OK,
                json!({ "status": "cleared", "removed": removed }).to_string(),
            )
        }
        "findings" if is_read(method) => match findings(shared).await {
            Some(json) => json_answer(StatusCode::OK, json),
            None => shutting_down(),
        },
        "report" if method == Method::POST => {
            if let Err(refusal) = check_trigger(&head) {
                return refused(&refusal);
            }
            report(shared).await
        }
        "health" | "findings" => not_allowed(resource, "GET, HEAD"),
        "exchanges" => not_allowed(resource, "GET, HEAD, DELETE"),
        "report" => not_allowed(resource, "POST"),
        _ => own_answer(
            StatusCode::NOT_FOUND,
            &format!("favorite-contract proxy resources: {RESOURCES}"),
            None,
        ),
    }
}

/// A 405 naming the methods `resource` answers.
fn not_allowed(resource: &str, allow: &'static str) -> Response<ProxyBody> {
    let shown = if resource.is_empty() {
        "(the console)"
    } else {
        resource
    };
    let mut response = own_answer(
        StatusCode::METHOD_NOT_ALLOWED,
        &format!("{PROXY_ADMIN_PREFIX}{shown} answers {allow}"),
        None,
    );
    response
        .headers_mut()
        .insert(header::ALLOW, header::HeaderValue::from_static(allow));
    response
}

/// One of the console's files, with the console's security headers.
fn console_answer(file: ConsoleFile) -> Response<ProxyBody> {
    let mut response = Response::new(ProxyBody::full(Bytes::from_static(file.text.as_bytes())));
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        header::HeaderValue::from_static(file.content_type),
    );
    for (name, value) in console_headers() {
        headers.insert(name, value);
    }
    response
}

/// The `since` parameter of `GET /__proxy/exchanges` (0 without it).
fn since(query: Option<&str>) -> Result<u64, String> {
    let mut since = 0;
    for pair in query.unwrap_or("").split('&') {
        if let Some(value) = pair.strip_prefix("since=") {
            since = value.parse().map_err(|_| {
                format!(
                    "{PROXY_ADMIN_PREFIX}exchanges?since: expected a sequence number \
                     (0 or more), found `{}`",
                    crate::excerpt::excerpt(value, 40)
                )
            })?;
        }
    }
    Ok(since)
}

/// The journal (entries above `since`), written off the async workers: a full journal is
/// megabytes of JSON.
async fn exchanges(shared: &Arc<Shared>, since: u64) -> Response<ProxyBody> {
    let shared = Arc::clone(shared);
    let body = tokio::task::spawn_blocking(move || shared.journal.to_json_since(since))
        .await
        .unwrap_or_default();
    let mut response = json_answer(StatusCode::OK, String::new());
    *response.body_mut() = ProxyBody::full(body);
    response
}

/// `{"totals": {…}, "rules": [{"rule", "description", "violations", "profile_deviations",
/// "warnings"}]}`: every finding so far (not only the journal's), by rule.
async fn findings(shared: &Arc<Shared>) -> Option<String> {
    let shared = Arc::clone(shared);
    tokio::task::spawn_blocking(move || {
        let report = shared.report();
        let totals = report.totals();
        let rules: Vec<serde_json::Value> = report
            .counts
            .iter()
            .map(|(rule, count)| {
                json!({
                    "rule": rule,
                    "description": rule.description(),
                    "violations": count.violations,
                    "profile_deviations": count.profile_deviations,
                    "warnings": count.warnings,
                })
            })
            .collect();
        json!({
            "totals": {
                "violations": totals.violations,
                "profile_deviations": totals.profile_deviations,
                "warnings": totals.warnings,
            },
            "rules": rules,
        })
        .to_string()
    })
    .await
    .ok()
}

fn shutting_down() -> Response<ProxyBody> {
    own_answer(
        StatusCode::SERVICE_UNAVAILABLE,
        "favorite-contract proxy is shutting down",
        None,
    )
}

fn is_read(method: &Method) -> bool {
    method == Method::GET || method == Method::HEAD
}

fn health(shared: &Shared) -> serde_json::Value {
    let counts = shared.record.counts();
    let totals = shared.record.totals();
    let config = &shared.config;
    json!({
        "status": "ok",
        "mode": "proxy",
        "version": env!("CARGO_PKG_VERSION"),
        "upstream": config.upstream.base_url(),
        "uptime_ms": u64::try_from(shared.started.elapsed().as_millis()).unwrap_or(u64::MAX),
        "in_flight": shared.in_flight.load(Ordering::Relaxed),
        "profile": config.judge.profile.name,
        "oracle": config.judge.oracle && config.judge.dataset.is_some(),
        "base_path": config.judge.base_path,
        "timeout_ms": config.judge.time_limit.map(|t| u64::try_from(t.as_millis()).unwrap_or(u64::MAX)),
        "fail_on_violation": config.fail_on_violation,
        "findings_header": config.findings_header,
        "reports": config.report_writer.is_some(),
        "exchanges": counts,
        "memo": shared.memo.stats(),
        "findings": {
            "violations": totals.violations,
            "profile_deviations": totals.profile_deviations,
            "warnings": totals.warnings,
        },
    })
}

/// Write the configured reports and answer the JSON report.
async fn report(shared: &Arc<Shared>) -> Response<ProxyBody> {
    let shared = Arc::clone(shared);
    let written = tokio::task::spawn_blocking(move || {
        let report = shared.report();
        let result = match &shared.config.report_writer {
            Some(writer) => writer.write(&report),
            None => Ok(()),
        };
        (report.to_json(), result)
    })
    .await;
    match written {
        Ok((json, Ok(()))) => json_answer(StatusCode::OK, json),
        Ok((_, Err(reason))) => own_answer(
            StatusCode::INTERNAL_SERVER_ERROR,
            &format!("favorite-contract proxy could not write a report: {reason}"),
            None,
        ),
        Err(_) => shutting_down(),
    }
}
