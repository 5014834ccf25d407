//! One request through the proxy: the proxy's own resources, the Host guard, then either a
//! pass-through (any path but the action's: streamed both ways, counted) or a judged exchange
//! (bodies read within bounds, forwarded, judged, recorded, answered with the findings).

use super::PROXY_ADMIN_PREFIX;
use super::admin;
use super::answer::{
    bad_gateway, bad_gateway_message, gateway_timeout, own_answer, withheld_answer,
};
use super::body::ProxyBody;
use super::headers::{
    add_findings_header, findings_value, is_chunked, looped, may_add_credentials, strip_hop_by_hop,
    to_pairs, upstream_request_headers,
};
use super::journal::{
    JournalAnswer, MAX_JOURNAL_FINDINGS, Recorded, RecordedBody, RecordedResponse,
};
use super::read::{Read, read_bounded};
use super::record::Kind;
use super::server::Shared;
use super::upstream::{Gateway, Upstream, UpstreamLane, forward};
use crate::checker::{Finding, Location, RuleId, Severity};
use crate::client::SendError;
use crate::exchange::{HttpRequest, HttpResponse, RequestBody};
use crate::judge::Verdict;
use crate::pipeline::{Route, normalize_base_path, route};
use crate::server::{AdminAccess, BODY_ALLOWANCE, KeptHeaders, Refusal, host_allowed};
use bytes::Bytes;
use http::header::{self, HeaderMap};
use http::request::Parts;
use http::{Request, Response, StatusCode};
use hyper::body::Incoming;
use std::convert::Infallible;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;
use tokio::time::Instant;

/// Serve one request.
pub(crate) async fn handle(
    request: Request<Incoming>,
    shared: Arc<Shared>,
    lane: Arc<UpstreamLane>,
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
        judged(request, &shared, &lane).await
    } else {
        pass_through(request, &shared, &lane).await
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

/// The upstream's request: its URI, the forwarded headers, the client's body framing; a 400
/// for a request that names no path.
fn upstream_parts(
    mut parts: Parts,
    shared: &Shared,
) -> Result<(Parts, bool), Box<Response<ProxyBody>>> {
    let path = parts.uri.path_and_query().map_or("/", |p| p.as_str());
    // `OPTIONS *` and CONNECT's `host:port` name no resource of the upstream.
    let uri = path
        .starts_with('/')
        .then(|| shared.forwarder.origin_form(&parts.uri))
        .flatten()
        .ok_or_else(|| {
            Box::new(own_answer(
                StatusCode::BAD_REQUEST,
                &format!(
                    "favorite-contract proxy forwards requests for a path (`/…`), not `{}`",
                    crate::excerpt::excerpt(&parts.uri.to_string(), 80)
                ),
                None,
            ))
        })?;
    let chunked = is_chunked(&parts.headers);
    let inject = may_add_credentials(&parts.headers, &shared.config.access);
    let headers = std::mem::take(&mut parts.headers);
    parts.headers = upstream_request_headers(headers, &shared.credentials, inject);
    parts.uri = uri;
    Ok((parts, chunked))
}

/// Forward a request to another path: both bodies stream, nothing is judged.
async fn pass_through(
    request: Request<Incoming>,
    shared: &Shared,
    lane: &UpstreamLane,
) -> Response<ProxyBody> {
    let (parts, body) = request.into_parts();
    let (parts, chunked) = match upstream_parts(parts, shared) {
        Ok(upstream) => upstream,
        Err(refused) => return *refused,
    };
    let body = if chunked {
        ProxyBody::stream(body).chunked()
    } else {
        ProxyBody::stream(body)
    };
    let sent = tokio::time::timeout(shared.config.limits.give_up, async {
        let mut lane = lane.lock().await;
        shared
            .forwarder
            .send(&mut lane, Request::from_parts(parts, body))
            .await
    })
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

/// A judged exchange of the action.
async fn judged(
    request: Request<Incoming>,
    shared: &Shared,
    lane: &UpstreamLane,
) -> Response<ProxyBody> {
    let arrived = chrono::Utc::now();
    let limits = shared.config.limits;
    let deadline = Instant::now() + limits.give_up;
    let (parts, body) = request.into_parts();
    let method = parts.method.to_string();
    let path = parts
        .uri
        .path_and_query()
        .map_or_else(|| parts.uri.path().to_owned(), |p| p.as_str().to_owned());
    let (parts, chunked) = match upstream_parts(parts, shared) {
        Ok(upstream) => upstream,
        Err(refused) => return *refused,
    };
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
    // The request as the upstream gets it (its `Via` aside), for the judge and the journal.
    let request = HttpRequest {
        method,
        path,
        headers: parts
            .headers
            .iter()
            .filter(|(name, _)| *name != header::VIA)
            .map(|(name, value)| {
                (
                    name.as_str().to_owned(),
                    String::from_utf8_lossy(value.as_bytes()).into_owned(),
                )
            })
            .collect(),
        body: RequestBody::from_bytes(&request_bytes),
        format: None,
    };
    let upstream = forward(
        Request::from_parts(parts, upstream_body),
        shared,
        lane,
        deadline,
    )
    .await;
    let outcome = match upstream {
        Upstream::Answer {
            parts,
            body,
            elapsed,
        } => {
            let observed = observed(&parts, &body);
            let verdict = match &unjudged {
                Some(why) => unjudged_verdict(&request, why),
                None => judge(shared, &request, &observed, elapsed).await,
            };
            Outcome {
                verdict,
                elapsed,
                upstream: Some((parts, ProxyBody::full(body.clone()), body, true)),
                // The journal's copy of the headers is the judge's.
                upstream_headers: Some(observed.headers),
                failure: None,
            }
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
            let verdict = unjudged_verdict(&request, &why);
            unjudged = Some(why);
            Outcome {
                verdict,
                elapsed,
                upstream: Some((parts, ProxyBody::resumed(head.clone(), rest), head, false)),
                upstream_headers: None,
                failure: None,
            }
        }
        Upstream::Failed { error, gateway } => {
            let prediction = shared.judge.predict(&request);
            let mut verdict = shared
                .judge
                .judge_reply(&request, &prediction, &Err(error.clone()));
            if let Some(why) = &unjudged {
                verdict
                    .findings
                    .extend(unjudged_verdict(&request, why).findings);
            }
            Outcome {
                verdict,
                elapsed: Duration::ZERO,
                upstream: None,
                upstream_headers: None,
                failure: Some((error, gateway)),
            }
        }
    };
    let Outcome {
        verdict,
        elapsed,
        upstream,
        upstream_headers,
        failure,
    } = outcome;
    let mut findings = verdict.findings;
    let withheld = shared.config.fail_on_violation
        && upstream.as_ref().is_some_and(|(.., complete)| *complete)
        && findings.iter().any(Finding::is_violation);
    let findings_header = if shared.config.findings_header {
        findings_value(&findings)
    } else {
        None
    };
    let judged = unjudged.is_none();
    shared.record.add(
        if judged { Kind::Judged } else { Kind::Unjudged },
        failure.is_some(),
        withheld,
        verdict.format.filter(|_| judged),
        &findings,
    );
    if !shared.config.quiet {
        log_exchange(&request, upstream.as_ref().map(|u| u.0.status), &findings);
    }
    // What the client gets, and what the journal says of it.
    let (answer, journal_answer, response) = match (upstream, &failure) {
        (Some((mut parts, body, bytes, complete)), _) => {
            let recorded = RecordedResponse {
                status: parts.status.as_u16(),
                headers: match &upstream_headers {
                    Some(pairs) => KeptHeaders::of_pairs(pairs),
                    // An answer too large to judge: rare, its pairs made here.
                    None => KeptHeaders::of_pairs(&to_pairs(&parts.headers)),
                },
                body: RecordedBody::new(&bytes, complete),
            };
            if withheld {
                let answer = withheld_answer(&findings, findings_header);
                (answer, JournalAnswer::Withheld, Some(recorded))
            } else {
                strip_hop_by_hop(&mut parts.headers);
                if let Some(value) = findings_header {
                    add_findings_header(&mut parts.headers, value);
                }
                let answer = Response::from_parts(parts, body);
                (answer, JournalAnswer::Forwarded, Some(recorded))
            }
        }
        (None, Some((_, Gateway::Timeout))) => (
            gateway_timeout(shared, findings_header),
            JournalAnswer::GatewayTimeout,
            None,
        ),
        (None, Some((error, _))) => (
            bad_gateway_message(shared, &error.to_string(), findings_header),
            JournalAnswer::BadGateway,
            None,
        ),
        (None, None) => (
            own_answer(
                StatusCode::BAD_GATEWAY,
                "favorite-contract proxy: no answer",
                None,
            ),
            JournalAnswer::BadGateway,
            None,
        ),
    };
    let findings_omitted = findings.len().saturating_sub(MAX_JOURNAL_FINDINGS);
    findings.truncate(MAX_JOURNAL_FINDINGS);
    let request_body = RecordedBody::new(&request_bytes, judged);
    shared.journal.push(Recorded {
        arrived,
        elapsed,
        judged,
        answer: journal_answer,
        method: request.method,
        path: request.path,
        request_headers: KeptHeaders::of_pairs(&request.headers),
        request_body,
        response,
        upstream_error: failure.map(|(error, _)| error.to_string()),
        findings,
        findings_omitted,
    });
    answer
}

/// A judged exchange's outcome before the answer is built.
struct Outcome {
    verdict: Verdict,
    elapsed: Duration,
    /// The upstream's answer: its head, the body to send, the bytes read, and whether they are
    /// the whole body.
    upstream: Option<(http::response::Parts, ProxyBody, Bytes, bool)>,
    /// The upstream's headers as pairs, when the judge read them.
    upstream_headers: Option<Vec<(String, String)>>,
    failure: Option<(SendError, Gateway)>,
}

/// A response as the judge reads it.
fn observed(parts: &http::response::Parts, body: &Bytes) -> HttpResponse {
    HttpResponse {
        status: parts.status.as_u16(),
        headers: to_pairs(&parts.headers),
        body: body.clone(),
    }
}

/// Judge a complete exchange: inline for ordinary bodies (through the memo of exchanges seen
/// before), on the blocking pool for large ones.
async fn judge(
    shared: &Shared,
    request: &HttpRequest,
    response: &HttpResponse,
    elapsed: Duration,
) -> Verdict {
    if request.body.as_bytes().len() + response.body.len() <= BODY_ALLOWANCE {
        return shared.memo.judge(&shared.judge, request, response, elapsed);
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

/// One log line per judged exchange.
fn log_exchange(request: &HttpRequest, status: Option<StatusCode>, findings: &[Finding]) {
    let path = request.path.split('?').next().unwrap_or("");
    let status = status.map_or(0, |s| s.as_u16());
    let rules = findings_value(findings)
        .and_then(|v| v.to_str().ok().map(str::to_owned))
        .unwrap_or_else(|| "0".to_owned());
    tracing::info!(method = %request.method, path, status, findings = %rules, "exchange");
}
