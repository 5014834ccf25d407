//! The proxy's own resources under `/__proxy/`, guarded like the mock's admin resources: only
//! a local `Host` (or `--allowed-host`), no CORS (a page of another origin is refused and
//! reads nothing), and the state-changing `POST` needs what a page cannot send without a
//! preflight (`X-Mock-Admin` or a JSON Content-Type).
//!
//! - `GET /__proxy/health`: `{"status": "ok", "mode": "proxy", "upstream", "uptime_ms",
//!   "in_flight", "exchanges": {…}, "findings": {…}, …}`;
//! - `GET /__proxy/exchanges`: the journal of judged exchanges (shape in `journal`);
//! - `POST /__proxy/report`: write the configured reports now; answers the JSON report.

use super::PROXY_ADMIN_PREFIX;
use super::answer::{json_answer, own_answer};
use super::body::ProxyBody;
use super::server::Shared;
use crate::server::{CapturedRequest, Refusal, check_admin, check_trigger};
use bytes::Bytes;
use http::{Method, Request, Response, StatusCode, header};
use hyper::body::Incoming;
use serde_json::json;
use std::sync::Arc;
use std::sync::atomic::Ordering;

/// The resources, for the 404's message.
const RESOURCES: &str = "GET /__proxy/health, GET /__proxy/exchanges, POST /__proxy/report";

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
    let resource = head.path.strip_prefix(PROXY_ADMIN_PREFIX).unwrap_or("");
    let method = &head.method;
    match resource {
        "health" if is_read(method) => json_answer(StatusCode::OK, health(shared).to_string()),
        "exchanges" if is_read(method) => {
            let shared = Arc::clone(shared);
            // A full journal is megabytes of JSON: written off the async workers.
            let body = tokio::task::spawn_blocking(move || shared.journal.to_json())
                .await
                .unwrap_or_default();
            let mut response = json_answer(StatusCode::OK, String::new());
            *response.body_mut() = ProxyBody::full(body);
            response
        }
        "report" if method == Method::POST => {
            if let Err(refusal) = check_trigger(&head) {
                return refused(&refusal);
            }
            report(shared).await
        }
        "health" | "exchanges" | "report" => {
            let allow = if resource == "report" {
                "POST"
            } else {
                "GET, HEAD"
            };
            let mut response = own_answer(
                StatusCode::METHOD_NOT_ALLOWED,
                &format!("{PROXY_ADMIN_PREFIX}{resource} answers {allow}"),
                None,
            );
            if let Ok(value) = header::HeaderValue::from_str(allow) {
                response.headers_mut().insert(header::ALLOW, value);
            }
            response
        }
        _ => own_answer(
            StatusCode::NOT_FOUND,
            &format!("favorite-contract proxy resources: {RESOURCES}"),
            None,
        ),
    }
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
        "exchanges": counts,
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
        Err(_) => own_answer(
            StatusCode::SERVICE_UNAVAILABLE,
            "favorite-contract proxy is shutting down",
            None,
        ),
    }
}
