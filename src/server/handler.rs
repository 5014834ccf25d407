//! The request pipeline as production runs it, as one synchronous function over an owned
//! request (contracts/reference/domain.md#request-handling; contracts/reference/wire.md#negotiation):
//!
//! 0. (the connection layer, before the body is read) HTTP.sys's 400 for an HTTP/1.1 request
//!    without exactly one `Host` ([`Rejection::BadHost`]);
//! 1. the mock's admin resources (their own Host/Origin guard, never production's CORS), then
//!    CORS preflight (answered for any other path, before anything else);
//! 2. the host: HTTP.sys's 411 for a `POST`/`PUT` without a length (`--host iis`, the default);
//! 3. routing: 404 off the action, 405 with `Allow: POST` for other methods;
//! 4. scenario controls (drop, forced status, forced business error; latency for all);
//! 5. auth → 401;
//! 6. binding → 415 for an unreadable media type, 500 when the request binds to null;
//! 7. the engine → 200, written in the negotiated type.
//!
//! Steps 2, 3, 5 and 6 are the production pipeline's ([`crate::pipeline`]), the same code the
//! checker predicts with; the scenario controls of step 4 are the mock's own, between them.
//!
//! Runtime overrides (`POST /__mock/overrides`) apply between 6 and 7, when no scenario control
//! forced an answer. Error bodies are negotiated like any response. Every response to a CORS
//! request gets the origin echo and exposes [`DIAGNOSTICS_HEADER`]; every binding with warnings
//! or errors gets that header.

use super::admin;
use super::answers::{http_sys_page, internal_error};
use super::auth::AuthMode;
use super::cors::{self, Cors};
use super::diagnostics::{self, DIAGNOSTICS_HEADER, DIAGNOSTICS_LEVEL_HEADER};
use super::fault::Fault;
use super::journal::{AppliedScenario, JournalEntry, JournalRoute, Outcome, Recorded};
use super::negotiation::{error_response, response_type};
use super::redact;
use super::request::{CapturedRequest, MockResponse};
use super::routing::{Route, route};
use super::scenario::ScenarioError;
use super::state::State;
use crate::codec::error_body::HttpError;
use crate::codec::{Diagnostic, DiagnosticKind, Effect, Location, ResponseType, Severity};
use crate::hosting::{self, Framing};
use crate::pipeline::{Inbound, Pipeline};
use http::{StatusCode, header};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

mod action;

use action::action;

/// What the connection layer must do with one request.
#[derive(Debug)]
pub(crate) struct Handled {
    /// The response to send (ignored when `drop` is set).
    pub response: MockResponse,
    /// Wait this long before answering (scenario latency).
    pub delay: Duration,
    /// Close the connection without answering.
    pub drop: bool,
    /// Deliver the answer broken (the connection layer does it).
    pub fault: Option<Fault>,
    /// The journal entry (admin requests are not journaled). `duration_ms` is filled by the
    /// connection layer, which knows the time.
    pub entry: Option<Recorded>,
}

/// Handle one request at the current wall-clock time (read only when a JWT's `exp`/`nbf`
/// needs it: nothing else depends on it).
pub(crate) fn handle(request: &CapturedRequest, state: &State) -> Handled {
    let now = match state.config.auth {
        AuthMode::Jwt { .. } => unix_now(),
        AuthMode::Bearer | AuthMode::Off => 0,
    };
    handle_at(request, state, now)
}

/// Handle one request at `now` (Unix seconds; JWT `exp`/`nbf` are checked against it).
pub(crate) fn handle_at(request: &CapturedRequest, state: &State, now: i64) -> Handled {
    let route = route(&request.path, state.config.base_path.as_deref());
    // Admin resources answer their own preflights and never share production's CORS.
    let cors = match route {
        Route::Admin(_) => Cors::None,
        _ => cors::classify(request),
    };
    let mut handled = match (&cors, route) {
        (_, Route::Admin(admin)) => plain(admin::handle(admin, request, state), None),
        (
            Cors::Preflight {
                origin,
                method,
                headers,
            },
            _,
        ) => {
            let response = cors::preflight(origin, method, headers);
            let mut entry = new_entry(request, JournalRoute::Preflight);
            entry.status = response.status.as_u16();
            plain(response, Some(entry))
        }
        // The host answers before Web API (and its CORS handling) sees the request.
        (_, route) if length_required(request, state) => {
            return host_length_required(request, route);
        }
        (_, Route::Action) => action(request, state, now),
        (_, Route::ApiNotFound) => not_found(request, JournalRoute::ApiNotFound),
        (_, Route::OutsideApi) => not_found(request, JournalRoute::OutsideApi),
    };
    // A bad level header on the action was answered with 400 already; elsewhere it is ignored.
    let level = requested_level(request, state).unwrap_or(state.config.diagnostics_level);
    decorate(&mut handled, &cors, level);
    handled
}

/// Whether the configured host refuses the request for want of a length (HTTP.sys's 411): the
/// pipeline's hosting step, the one the checker predicts with.
fn length_required(request: &CapturedRequest, state: &State) -> bool {
    let host = Pipeline {
        host: state.config.host,
        ..Pipeline::default()
    };
    host.host(&inbound(request)).is_some()
}

/// HTTP.sys's own 411 page: HTML, its `Server` header, the connection closed.
fn host_length_required(request: &CapturedRequest, route: Route) -> Handled {
    let response = http_sys_page(StatusCode::LENGTH_REQUIRED, hosting::LENGTH_REQUIRED_BODY);
    let mut entry = new_entry(request, journal_route(route));
    entry.status = response.status.as_u16();
    plain(response, Some(entry))
}

/// How the journal files a request by its route (admin requests that reach it are outside).
fn journal_route(route: Route) -> JournalRoute {
    match route {
        Route::Action => JournalRoute::Action,
        Route::ApiNotFound => JournalRoute::ApiNotFound,
        Route::OutsideApi | Route::Admin(_) => JournalRoute::OutsideApi,
    }
}

/// Why the connection layer answered without running the pipeline.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Rejection {
    /// The body is larger than the limit (from Content-Length or while reading): 413.
    BodyTooLarge {
        /// The limit, bytes.
        limit: usize,
    },
    /// The body did not arrive within the request timeout: 408.
    Timeout {
        /// The limit.
        limit: Duration,
    },
    /// The body broke off (bad chunking, the client went away): 400.
    Incomplete,
    /// The handler panicked: 500 with the production body, as an unhandled .NET exception.
    Panic,
    /// HTTP/1.1 without exactly one `Host`: HTTP.sys's own 400, before the application.
    BadHost,
}

/// Answer a request the pipeline could not run for (`request.body` is empty). Mock-only
/// statuses carry an HttpError body too, negotiated like the rest.
pub(crate) fn reject(request: &CapturedRequest, state: &State, rejection: Rejection) -> Handled {
    let negotiated = response_type(request);
    let routed = route(&request.path, state.config.base_path.as_deref());
    let mut entry = new_entry(request, journal_route(routed));
    let response = match rejection {
        Rejection::BodyTooLarge { limit } => {
            entry.diagnostics.push(too_large(limit));
            error_response(
                StatusCode::PAYLOAD_TOO_LARGE,
                &HttpError::payload_too_large(),
                negotiated,
            )
        }
        Rejection::Timeout { limit } => {
            let message = format!(
                "The request was not received within the mock's limit of {} ms.",
                limit.as_millis()
            );
            error_response(
                StatusCode::REQUEST_TIMEOUT,
                &HttpError::new(message),
                negotiated,
            )
        }
        Rejection::Incomplete => error_response(
            StatusCode::BAD_REQUEST,
            &HttpError::new("The request body could not be read to its end."),
            negotiated,
        ),
        Rejection::Panic => internal_error(negotiated),
        // Not the application's answer, so nothing of it is decorated.
        Rejection::BadHost => {
            let response = http_sys_page(StatusCode::BAD_REQUEST, hosting::BAD_HOSTNAME_BODY);
            entry.status = response.status.as_u16();
            return plain(response, Some(entry));
        }
    };
    let mut handled = finish(response, negotiated, entry, Duration::ZERO);
    if !matches!(routed, Route::Admin(_)) {
        let level = requested_level(request, state).unwrap_or(state.config.diagnostics_level);
        decorate(&mut handled, &cors::classify(request), level);
    }
    handled
}

fn too_large(limit: usize) -> Diagnostic {
    Diagnostic {
        kind: DiagnosticKind::LimitExceeded,
        severity: Severity::Error,
        location: Location::Body,
        field: None,
        found: Some(format!("a body over {limit} bytes")),
        expected: Some(format!("at most {limit} bytes")),
        effect: Effect::Refused,
        model_state: None,
        message: format!(
            "the body exceeds the mock's limit of {limit} bytes (--max-body-bytes); production \
             answers an HTML 404.13 (IIS) or 500 (ASP.NET maxRequestLength) instead of this 413"
        ),
    }
}

/// Post-processing every answer gets: the diagnostics header (warnings and errors unless the
/// level says otherwise), and for a CORS request the origin echo and the exposure of the
/// diagnostics header, whether this answer carries it or not (so browser code can always ask
/// for it without the browser complaining).
fn decorate(handled: &mut Handled, cors: &Cors, level: Severity) {
    if let Some(entry) = &handled.entry
        && let Some(summary) =
            diagnostics::summary(&entry.diagnostics, entry.diagnostics_omitted, level)
    {
        handled.response.set_header(
            header::HeaderName::from_static(DIAGNOSTICS_HEADER),
            &summary,
        );
    }
    if let Cors::Simple { origin } = cors {
        cors::expose(&mut handled.response, "X-Mock-Diagnostics");
        cors::allow_origin(&mut handled.response, origin);
    }
}

/// The level a request asks for ([`DIAGNOSTICS_LEVEL_HEADER`]), or the configured one.
fn requested_level(request: &CapturedRequest, state: &State) -> Result<Severity, ScenarioError> {
    // A constant name: no parsing per request.
    static LEVEL: header::HeaderName = header::HeaderName::from_static(DIAGNOSTICS_LEVEL_HEADER);
    match request.headers.get(&LEVEL) {
        None => Ok(state.config.diagnostics_level),
        Some(value) => {
            let text = String::from_utf8_lossy(value.as_bytes());
            diagnostics::parse_level(&text).ok_or_else(|| ScenarioError {
                setting: "X-Mock-Diagnostics-Level".to_owned(),
                expected: "info, warning or error".to_owned(),
                found: text.into_owned(),
            })
        }
    }
}

/// What the pipeline reads of a captured request.
fn inbound(request: &CapturedRequest) -> Inbound<'_> {
    Inbound {
        method: request.method.as_str(),
        path: &request.path,
        content_type: request.header(header::CONTENT_TYPE),
        authorization: request
            .headers
            .get(header::AUTHORIZATION)
            .map(http::HeaderValue::as_bytes),
        body: &request.body,
        framing: Framing {
            content_length: request.headers.contains_key(header::CONTENT_LENGTH),
            transfer_encoding: request.headers.contains_key(header::TRANSFER_ENCODING),
        },
    }
}

fn not_found(request: &CapturedRequest, kind: JournalRoute) -> Handled {
    let negotiated = response_type(request);
    let error = HttpError::not_found(&request.display_uri());
    let response = error_response(StatusCode::NOT_FOUND, &error, negotiated);
    finish(
        response,
        negotiated,
        new_entry(request, kind),
        Duration::ZERO,
    )
}

fn finish(
    response: MockResponse,
    negotiated: ResponseType,
    mut entry: Recorded,
    delay: Duration,
) -> Handled {
    entry.status = response.status.as_u16();
    entry.response_format = (!response.body.is_empty()).then(|| negotiated.wire_format());
    Handled {
        response,
        delay,
        drop: false,
        fault: None,
        entry: Some(entry),
    }
}

fn plain(response: MockResponse, entry: Option<Recorded>) -> Handled {
    Handled {
        response,
        delay: Duration::ZERO,
        drop: false,
        fault: None,
        entry,
    }
}

/// A journal entry for a request, before anything happened to it.
pub(crate) fn new_entry(request: &CapturedRequest, route: JournalRoute) -> Recorded {
    let entry = JournalEntry {
        seq: 0,
        // Filled from the arrival time when the journal is read.
        at: String::new(),
        method: request.method.to_string(),
        path: request.path.clone(),
        query: request
            .query
            .as_deref()
            .map(|q| redact::query(q).into_owned()),
        route,
        preflight: route == JournalRoute::Preflight,
        format: None,
        response_format: None,
        auth: None,
        bound: None,
        diagnostics: Vec::new(),
        diagnostics_omitted: 0,
        status: 0,
        outcome: Outcome::Answered,
        scenario: AppliedScenario::default(),
        override_id: None,
        duration_ms: 0,
        // Filled from the kept headers and bodies when the journal is read.
        request: Default::default(),
        response: None,
        findings: Vec::new(),
    };
    Recorded::new(entry, request)
}

fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}
