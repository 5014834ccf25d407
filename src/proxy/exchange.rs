//! One request through the proxy: the proxy's own resources, the Host guard, then either a
//! pass-through (any path but the action's: streamed both ways, counted) or a judged exchange
//! (bodies read within bounds, forwarded, judged, recorded, answered with the findings).

use super::PROXY_ADMIN_PREFIX;
use super::admin;
use super::body::ProxyBody;
use super::headers::{
    add_findings_header, findings_value, is_chunked, looped, may_add_credentials, strip_hop_by_hop,
    to_pairs, upstream_request_headers,
};
use super::journal::{
    BodyExcerpt, JournalAnswer, JournalFinding, JournalRequest, JournalResponse,
    MAX_JOURNAL_FINDINGS, ProxyJournalEntry,
};
use super::read::{Read, read_bounded};
use super::record::Kind;
use super::server::Shared;
use crate::checker::{Finding, Location, RuleId, Severity};
use crate::client::{ForwardError, SendError};
use crate::exchange::{HttpRequest, HttpResponse, RequestBody, media_type};
use crate::judge::Verdict;
use crate::pipeline::{Route, normalize_base_path, route};
use crate::server::{AdminAccess, BODY_ALLOWANCE, Refusal, host_allowed, redact_query};
use bytes::Bytes;
use http::header::{self, HeaderMap, HeaderValue};
use http::request::Parts;
use http::{Request, Response, StatusCode, Uri};
use hyper::body::Incoming;
use serde_json::json;
use std::convert::Infallible;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;
use tokio::time::Instant;

/// Serve one request.
pub(crate) async fn handle(
    request: Request<Incoming>,
    shared: Arc<Shared>,
) -> Result<Response<ProxyBody>, Infallible> {
    let path = request.uri().path();
    if path.starts_with(PROXY_ADMIN_PREFIX) || path == PROXY_ADMIN_PREFIX.trim_end_matches('/') {
        return Ok(admin::handle(request, &shared).await);
    }
    // The proxy forwards with the developer's credentials to a server a page could not reach
    // by itself: a page whose name was re-pointed at 127.0.0.1 (DNS rebinding) must get
    // nothing through it.
    if let Some(host) = foreign_host(request.headers(), &shared.config.access) {
        return Ok(admin::refused(&Refusal::Host(host)));
    }
    if looped(request.headers()) {
        return Ok(own_answer(
            StatusCode::LOOP_DETECTED,
            "favorite-contract proxy: this request came through the proxy already (its Via \
             names it): --upstream points back at the proxy",
            None,
        ));
    }
    shared.in_flight.fetch_add(1, Ordering::Relaxed);
    let _in_flight = InFlight(&shared);
    let base = shared
        .config
        .judge
        .base_path
        .as_deref()
        .and_then(normalize_base_path);
    let answer = if route(path, base.as_deref()) == Route::Action {
        judged(request, &shared).await
    } else {
        pass_through(request, &shared).await
    };
    Ok(answer)
}

/// The `Host` of a request the proxy does not answer: neither local nor allowed (the admin
/// guard's Host check; pages of any origin may use the API through the proxy, production's
/// CORS decides what they read). `None` when it may pass (an HTTP/1.0 request may omit it).
fn foreign_host(headers: &HeaderMap, access: &AdminAccess) -> Option<String> {
    let host = headers.get(header::HOST)?;
    match host.to_str() {
        Ok(text) if host_allowed(text, access) => None,
        Ok(text) => Some(text.to_owned()),
        Err(_) => Some("(not ASCII)".to_owned()),
    }
}

struct InFlight<'s>(&'s Shared);

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.0.in_flight.fetch_sub(1, Ordering::Relaxed);
    }
}

/// The upstream's request: its URI, the forwarded headers, the client's body framing.
fn upstream_parts(mut parts: Parts, shared: &Shared) -> (Parts, bool) {
    let chunked = is_chunked(&parts.headers);
    let inject = may_add_credentials(&parts.headers, &shared.config.access);
    let headers = std::mem::take(&mut parts.headers);
    parts.headers = upstream_request_headers(headers, &shared.credentials, inject);
    let path = parts.uri.path_and_query().map_or("/", |p| p.as_str());
    // The client's URI was valid, so is the upstream's base with it appended.
    parts.uri = shared
        .forwarder
        .target()
        .url(path)
        .parse::<Uri>()
        .unwrap_or_default();
    (parts, chunked)
}

/// Forward a request to another path: both bodies stream, nothing is judged.
async fn pass_through(request: Request<Incoming>, shared: &Shared) -> Response<ProxyBody> {
    let (parts, body) = request.into_parts();
    let (parts, chunked) = upstream_parts(parts, shared);
    let body = if chunked {
        ProxyBody::stream(body).chunked()
    } else {
        ProxyBody::stream(body)
    };
    let sent = tokio::time::timeout(
        shared.config.limits.give_up,
        shared.forwarder.send(Request::from_parts(parts, body)),
    )
    .await;
    let (answer, failed) = match sent {
        Ok(Ok(response)) => {
            let (mut parts, body) = response.into_parts();
            strip_hop_by_hop(&mut parts.headers);
            (Response::from_parts(parts, ProxyBody::stream(body)), false)
        }
        Ok(Err(error)) => (bad_gateway(shared, &error, None), true),
        Err(_) => (gateway_timeout(shared, None), true),
    };
    shared
        .record
        .add(Kind::PassedThrough, failed, false, None, &[]);
    answer
}

/// What became of the upstream side of a judged exchange.
enum Upstream {
    /// A complete answer.
    Answer {
        parts: http::response::Parts,
        body: Bytes,
        elapsed: Duration,
    },
    /// An answer too large to judge: its head, the bytes read, the rest of the stream.
    Oversize {
        parts: http::response::Parts,
        head: Bytes,
        rest: Incoming,
        why: String,
        elapsed: Duration,
    },
    /// No (complete) answer.
    Failed { error: SendError, gateway: Gateway },
}

/// The proxy's own answer when the upstream gave none.
#[derive(Clone, Copy)]
enum Gateway {
    BadGateway,
    Timeout,
}

/// A judged exchange of the action.
async fn judged(request: Request<Incoming>, shared: &Shared) -> Response<ProxyBody> {
    let arrived = chrono::Utc::now();
    let limits = shared.config.limits;
    let deadline = Instant::now() + limits.give_up;
    let (parts, body) = request.into_parts();
    let method = parts.method.to_string();
    let path = parts
        .uri
        .path_and_query()
        .map_or_else(|| parts.uri.path().to_owned(), |p| p.as_str().to_owned());
    let (parts, chunked) = upstream_parts(parts, shared);
    // The request body, read to judge it (or handed on when too large).
    let (upstream_body, request_bytes, mut unjudged, _request_budget) =
        match read_bounded(body, limits.max_judged_body_bytes, &shared.budget, deadline).await {
            Read::Complete(bytes, permit) => (ProxyBody::full(bytes.clone()), bytes, None, permit),
            Read::Oversize(head, rest, why) => (
                ProxyBody::resumed(head.clone(), rest),
                head,
                Some(why.describe("a request body")),
                None,
            ),
            Read::Broken(reason) => {
                return own_answer(
                    StatusCode::BAD_REQUEST,
                    &format!(
                        "favorite-contract proxy: the request body could not be read to its \
                         end ({reason})"
                    ),
                    None,
                );
            }
            Read::Late => {
                return own_answer(
                    StatusCode::REQUEST_TIMEOUT,
                    &format!(
                        "favorite-contract proxy: the request body did not arrive within {} ms",
                        limits.give_up.as_millis()
                    ),
                    None,
                );
            }
        };
    let upstream_body = if chunked {
        upstream_body.chunked()
    } else {
        upstream_body
    };
    let exchange_request = HttpRequest {
        method,
        path,
        headers: to_pairs(&parts.headers)
            .into_iter()
            .filter(|(name, _)| !name.eq_ignore_ascii_case("via"))
            .collect(),
        body: RequestBody::from_bytes(&request_bytes),
        format: None,
    };
    let journal_headers = to_pairs(&parts.headers);
    let upstream = forward(Request::from_parts(parts, upstream_body), shared, deadline).await;
    // Judge what came back.
    let (verdict, answer_kind, response) = match upstream {
        Upstream::Answer {
            parts,
            body,
            elapsed,
        } => {
            let observed = HttpResponse {
                status: parts.status.as_u16(),
                headers: to_pairs(&parts.headers),
                body: body.to_vec(),
            };
            let verdict = match &unjudged {
                Some(why) => unjudged_verdict(&exchange_request, why),
                None => judge(shared, &exchange_request, &observed, elapsed).await,
            };
            (
                verdict,
                Answered::Complete(parts, body, observed, elapsed),
                None,
            )
        }
        Upstream::Oversize {
            parts,
            head,
            rest,
            why,
            elapsed,
        } => {
            let why = unjudged
                .take()
                .map_or(why.clone(), |w| format!("{w}; {why}"));
            let verdict = unjudged_verdict(&exchange_request, &why);
            unjudged = Some(why);
            let observed = HttpResponse {
                status: parts.status.as_u16(),
                headers: to_pairs(&parts.headers),
                body: head.to_vec(),
            };
            (
                verdict,
                Answered::Streamed(observed, elapsed),
                Some((parts, ProxyBody::resumed(head, rest))),
            )
        }
        Upstream::Failed { error, gateway } => {
            let prediction = shared.judge.predict(&exchange_request);
            let mut verdict =
                shared
                    .judge
                    .judge_reply(&exchange_request, &prediction, &Err(error.clone()));
            if let Some(why) = &unjudged {
                verdict
                    .findings
                    .extend(unjudged_verdict(&exchange_request, why).findings);
            }
            (verdict, Answered::Failed(error, gateway), None)
        }
    };
    let findings = verdict.findings;
    let violations = findings.iter().any(Finding::is_violation);
    let withheld = shared.config.fail_on_violation
        && violations
        && matches!(answer_kind, Answered::Complete(..));
    let findings_header = if shared.config.findings_header {
        findings_value(&findings)
    } else {
        None
    };
    // What the client gets, and what the journal says of it.
    let (client_answer, journal_answer, journal_response, upstream_error, elapsed) =
        match answer_kind {
            Answered::Complete(mut parts, body, observed, elapsed) => {
                let journal_response = journal_response(&observed, true);
                if withheld {
                    let answer = withheld_answer(&findings, findings_header);
                    (
                        answer,
                        JournalAnswer::Withheld,
                        Some(journal_response),
                        None,
                        elapsed,
                    )
                } else {
                    strip_hop_by_hop(&mut parts.headers);
                    if let Some(value) = findings_header {
                        add_findings_header(&mut parts.headers, value);
                    }
                    (
                        Response::from_parts(parts, ProxyBody::full(body)),
                        JournalAnswer::Forwarded,
                        Some(journal_response),
                        None,
                        elapsed,
                    )
                }
            }
            Answered::Streamed(observed, elapsed) => {
                let (mut parts, body) = response
                    .unwrap_or_else(|| (Response::new(()).into_parts().0, ProxyBody::empty()));
                strip_hop_by_hop(&mut parts.headers);
                if let Some(value) = findings_header {
                    add_findings_header(&mut parts.headers, value);
                }
                (
                    Response::from_parts(parts, body),
                    JournalAnswer::Forwarded,
                    Some(journal_response(&observed, false)),
                    None,
                    elapsed,
                )
            }
            Answered::Failed(error, gateway) => {
                let answer = match gateway {
                    Gateway::BadGateway => {
                        bad_gateway_message(shared, &error.to_string(), findings_header)
                    }
                    Gateway::Timeout => gateway_timeout(shared, findings_header),
                };
                let kind = match gateway {
                    Gateway::BadGateway => JournalAnswer::BadGateway,
                    Gateway::Timeout => JournalAnswer::GatewayTimeout,
                };
                (answer, kind, None, Some(error.to_string()), Duration::ZERO)
            }
        };
    let judged = unjudged.is_none();
    shared.record.add(
        if judged { Kind::Judged } else { Kind::Unjudged },
        upstream_error.is_some(),
        withheld,
        verdict.format.filter(|_| judged),
        &findings,
    );
    log_exchange(shared, &exchange_request, &journal_response, &findings);
    shared.journal.push(ProxyJournalEntry {
        seq: 0,
        at: arrived.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        elapsed_ms: elapsed.as_secs_f64() * 1000.0,
        judged,
        answer: journal_answer,
        request: journal_request(&exchange_request, journal_headers, unjudged.is_none()),
        response: journal_response,
        upstream_error,
        findings: findings
            .iter()
            .take(MAX_JOURNAL_FINDINGS)
            .map(JournalFinding::from)
            .collect(),
        findings_omitted: findings.len().saturating_sub(MAX_JOURNAL_FINDINGS),
    });
    client_answer
}

/// The upstream side's outcome, as the client's answer will be built from it.
enum Answered {
    Complete(http::response::Parts, Bytes, HttpResponse, Duration),
    Streamed(HttpResponse, Duration),
    Failed(SendError, Gateway),
}

/// Send the request and read the answer within bounds.
async fn forward(request: Request<ProxyBody>, shared: &Shared, deadline: Instant) -> Upstream {
    let limits = shared.config.limits;
    let started = Instant::now();
    let timeout = SendError::Timeout {
        limit: limits.give_up,
    };
    let response = match tokio::time::timeout_at(deadline, shared.forwarder.send(request)).await {
        Err(_) => {
            return Upstream::Failed {
                error: timeout,
                gateway: Gateway::Timeout,
            };
        }
        Ok(Err(error)) => {
            return Upstream::Failed {
                error: SendError::Connection(match error {
                    ForwardError::Tls(tls) => tls.to_string(),
                    ForwardError::Connection(reason) => reason,
                }),
                gateway: Gateway::BadGateway,
            };
        }
        Ok(Ok(response)) => response,
    };
    let (parts, body) = response.into_parts();
    match read_bounded(body, limits.max_judged_body_bytes, &shared.budget, deadline).await {
        Read::Complete(body, _permit) => Upstream::Answer {
            parts,
            body,
            elapsed: started.elapsed(),
        },
        Read::Oversize(head, rest, why) => Upstream::Oversize {
            parts,
            head,
            rest,
            why: why.describe("a response body"),
            elapsed: started.elapsed(),
        },
        Read::Broken(reason) => Upstream::Failed {
            error: SendError::Connection(format!("a body cut short ({reason})")),
            gateway: Gateway::BadGateway,
        },
        Read::Late => Upstream::Failed {
            error: timeout,
            gateway: Gateway::Timeout,
        },
    }
}

/// Judge a complete exchange: inline for ordinary bodies, on the blocking pool for large ones.
async fn judge(
    shared: &Shared,
    request: &HttpRequest,
    response: &HttpResponse,
    elapsed: Duration,
) -> Verdict {
    if request.body.as_bytes().len() + response.body.len() <= BODY_ALLOWANCE {
        return shared.judge.judge(request, response, elapsed);
    }
    let judge = shared.judge.clone();
    let (request, response) = (request.clone(), response.clone());
    match tokio::task::spawn_blocking(move || judge.judge(&request, &response, elapsed)).await {
        Ok(verdict) => verdict,
        // The runtime is shutting down.
        Err(_) => Verdict {
            findings: Vec::new(),
            response: None,
            format: None,
        },
    }
}

/// The warning for an exchange that streamed through unjudged.
fn unjudged_verdict(request: &HttpRequest, why: &str) -> Verdict {
    Verdict {
        findings: vec![
            Finding::new(
                RuleId::HttpResponse,
                Severity::Warning,
                Location::Body,
                "bodies small enough to judge",
                why,
                "the exchange passed through unjudged: its bodies stream on without being held \
                 in memory",
            )
            .with_request(request.clone()),
        ],
        response: None,
        format: None,
    }
}

/// A journal request: headers redacted, the query's credentials redacted, a body excerpt.
fn journal_request(
    request: &HttpRequest,
    headers: Vec<(String, String)>,
    complete: bool,
) -> JournalRequest {
    let (path, query) = match request.path.split_once('?') {
        Some((path, query)) => (path.to_owned(), Some(redact_query(query).into_owned())),
        None => (request.path.clone(), None),
    };
    let form = request
        .header("content-type")
        .is_some_and(|ct| media_type(ct) == "application/x-www-form-urlencoded");
    JournalRequest {
        method: request.method.clone(),
        path,
        query,
        headers: super::headers::redacted(&headers),
        body: BodyExcerpt::of(request.body.as_bytes(), complete, form),
    }
}

fn journal_response(observed: &HttpResponse, complete: bool) -> JournalResponse {
    JournalResponse {
        status: observed.status,
        headers: super::headers::redacted(&observed.headers),
        body: BodyExcerpt::of(&observed.body, complete, false),
    }
}

/// One log line per judged exchange (unless quiet).
fn log_exchange(
    shared: &Shared,
    request: &HttpRequest,
    response: &Option<JournalResponse>,
    findings: &[Finding],
) {
    if shared.config.quiet {
        return;
    }
    let path = request.path.split('?').next().unwrap_or("");
    let status = response.as_ref().map_or(0, |r| r.status);
    let rules = findings_value(findings)
        .and_then(|v| v.to_str().ok().map(str::to_owned))
        .unwrap_or_else(|| "0".to_owned());
    tracing::info!(method = %request.method, path, status, findings = %rules, "exchange");
}

/// A 502 for an upstream that could not be reached.
fn bad_gateway(
    shared: &Shared,
    error: &ForwardError,
    findings: Option<HeaderValue>,
) -> Response<ProxyBody> {
    bad_gateway_message(shared, &error.to_string(), findings)
}

fn bad_gateway_message(
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
fn gateway_timeout(shared: &Shared, findings: Option<HeaderValue>) -> Response<ProxyBody> {
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
fn withheld_answer(findings: &[Finding], header: Option<HeaderValue>) -> Response<ProxyBody> {
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
