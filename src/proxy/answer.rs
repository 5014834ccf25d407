//! The proxy's own answers: a gateway failure (502, 504), an answer withheld for its
//! violations (`--fail-on-violation`), and the small JSON documents of its own resources.

use super::body::ProxyBody;
use super::headers::add_findings_header;
use super::journal::JournalFinding;
use super::server::Shared;
use crate::checker::Finding;
use crate::client::ForwardError;
use http::header::{self, HeaderMap, HeaderValue};
use http::{Response, StatusCode};
use serde_json::json;

/// A 502 for an upstream that could not be reached.
pub(super) fn bad_gateway(
    shared: &Shared,
    error: &ForwardError,
    findings: Option<HeaderValue>,
) -> Response<ProxyBody> {
    bad_gateway_message(shared, &error.to_string(), findings)
}

pub(super) fn bad_gateway_message(
    shared: &Shared,
    reason: &str,
    findings: Option<HeaderValue>,
) -> Response<ProxyBody> {
    own_answer(
        StatusCode::BAD_GATEWAY,
        &format!(
            "favorite-contract proxy: no answer from the upstream {}: {reason}",
            shared.config.upstream.base_url()
        ),
        findings,
    )
}

/// A 504 for an upstream slower than `--give-up`.
pub(super) fn gateway_timeout(
    shared: &Shared,
    findings: Option<HeaderValue>,
) -> Response<ProxyBody> {
    own_answer(
        StatusCode::GATEWAY_TIMEOUT,
        &format!(
            "favorite-contract proxy: the upstream {} did not answer within {} ms (--give-up)",
            shared.config.upstream.base_url(),
            shared.config.limits.give_up.as_millis()
        ),
        findings,
    )
}

/// The 502 that replaces an answer with a violation (`--fail-on-violation`).
pub(super) fn withheld_answer(
    findings: &[Finding],
    header: Option<HeaderValue>,
) -> Response<ProxyBody> {
    let listed: Vec<JournalFinding> = findings.iter().map(JournalFinding::from).collect();
    let body = json!({
        "Message": format!(
            "favorite-contract proxy: the upstream's answer breaks the contract ({} findings); \
             it was withheld (--fail-on-violation)",
            findings.len()
        ),
        "findings": listed,
    });
    let mut response = json_answer(StatusCode::BAD_GATEWAY, body.to_string());
    if let Some(value) = header {
        add_findings_header(response.headers_mut(), value);
    }
    response
}

/// An answer of the proxy's own: `{"Message": …}` as JSON.
pub(crate) fn own_answer(
    status: StatusCode,
    message: &str,
    findings: Option<HeaderValue>,
) -> Response<ProxyBody> {
    let mut response = json_answer(status, json!({ "Message": message }).to_string());
    if let Some(value) = findings {
        add_findings_header(response.headers_mut(), value);
    }
    response
}

/// A JSON answer of the proxy's own.
pub(crate) fn json_answer(status: StatusCode, body: String) -> Response<ProxyBody> {
    let mut response = Response::new(ProxyBody::full(body));
    *response.status_mut() = status;
    let headers: &mut HeaderMap = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json; charset=utf-8"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}
