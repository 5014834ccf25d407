//! HTTP-level checks as pure functions over an observed exchange: status per situation,
//! Content-Type per negotiation, CORS, `Allow`, hostile-input rules.

use super::body::ExpectedMessage;
use super::finding::{Finding, Location};
use super::rule::{RuleId, Severity};
use crate::exchange::{HttpRequest, HttpResponse, charset, media_type};
use crate::model::Response;
use std::time::Duration;

/// What a request must lead to, as the runner knows from the case.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Situation {
    /// HTTP 200 with data (`ErrorCode` 0).
    Success,
    /// HTTP 200 with this business `ErrorCode`.
    BusinessError(i32),
    /// No or bad bearer token: 401.
    Unauthorized,
    /// Unknown action under the route: 404.
    NotFound,
    /// Another method than POST: 405.
    MethodNotAllowed,
    /// A Content-Type no formatter reads: 415.
    UnsupportedMediaType,
    /// The request binds to null (empty, unparseable body): 500.
    ServerError,
    /// A `POST`/`PUT` without `Content-Length` or chunked encoding, which the host (HTTP.sys
    /// on IIS) refuses with its own HTML page before Web API runs: 411.
    LengthRequired,
    /// A CORS preflight (`OPTIONS` with `Origin` and `Access-Control-Request-Method`), which
    /// the CORS middleware answers before routing and auth: 200 with an empty body, or 400
    /// when the requested method is empty (`refused`).
    Preflight {
        /// The requested method is empty: 400.
        refused: bool,
    },
}

impl Situation {
    /// The status production sends.
    pub fn status(self) -> u16 {
        match self {
            Situation::Success | Situation::BusinessError(_) => 200,
            Situation::Unauthorized => 401,
            Situation::NotFound => 404,
            Situation::MethodNotAllowed => 405,
            Situation::UnsupportedMediaType => 415,
            Situation::ServerError => 500,
            Situation::LengthRequired => 411,
            Situation::Preflight { refused: false } => 200,
            Situation::Preflight { refused: true } => 400,
        }
    }

    /// Whether the request must fail (no data may come back). A preflight's empty answer is
    /// checked by [`check_preflight`].
    pub fn must_fail(self) -> bool {
        !matches!(self, Situation::Success | Situation::Preflight { .. })
    }

    /// The `HttpError` message production sends for this situation; `None` for 200 answers.
    pub fn error_message(self, request: &HttpRequest) -> Option<ExpectedMessage> {
        Some(match self {
            // HTTP.sys's HTML page, not an HttpError; the CORS middleware's empty answer.
            Situation::Success
            | Situation::BusinessError(_)
            | Situation::LengthRequired
            | Situation::Preflight { .. } => {
                return None;
            }
            Situation::Unauthorized => {
                ExpectedMessage::Exact("Authorization has been denied for this request.".to_owned())
            }
            Situation::NotFound => ExpectedMessage::Prefix(
                "No HTTP resource was found that matches the request URI '".to_owned(),
            ),
            Situation::MethodNotAllowed => ExpectedMessage::Exact(format!(
                "The requested resource does not support http method '{}'.",
                request.method
            )),
            Situation::UnsupportedMediaType => match request.header("content-type") {
                Some(_) => ExpectedMessage::Prefix("The request entity's media type '".to_owned()),
                None => ExpectedMessage::Exact(
                    "The request contains an entity body but no Content-Type header. The \
                     inferred media type 'application/octet-stream' is not supported for this \
                     resource."
                        .to_owned(),
                ),
            },
            Situation::ServerError => ExpectedMessage::Exact("An error has occurred.".to_owned()),
        })
    }
}

/// The status is the situation's.
pub fn check_status(situation: Situation, observed: &HttpResponse) -> Vec<Finding> {
    let expected = situation.status();
    if observed.status == expected {
        return Vec::new();
    }
    let message = match situation {
        Situation::Success | Situation::BusinessError(_) => {
            "production answers success and business errors with 200 (ErrorCode tells them apart)"
        }
        Situation::ServerError => {
            "a body that binds to null reaches the action as null: Web API never answers 400 by \
             itself, production fails with 500"
        }
        Situation::LengthRequired => {
            "the profile's host (IIS) refuses a POST/PUT with neither Content-Length nor chunked \
             encoding with HTTP.sys's 411 before Web API runs"
        }
        Situation::Preflight { .. } => {
            "production's CORS middleware answers a preflight itself, before routing and auth: \
             200, or 400 when the requested method is empty"
        }
        _ => "not the status Web API produces for this request",
    };
    vec![Finding::new(
        RuleId::HttpStatus,
        Severity::Violation,
        Location::Status,
        expected.to_string(),
        observed.status.to_string(),
        message,
    )]
}

/// The Content-Type has the negotiated media type and charset. `expected` is the full header
/// value negotiation gives (`application/json; charset=utf-8`).
pub fn check_content_type(expected: &str, observed: &HttpResponse) -> Vec<Finding> {
    let location = Location::Header("Content-Type".to_owned());
    let Some(actual) = observed.header("content-type") else {
        return vec![Finding::new(
            RuleId::HttpContentType,
            Severity::Violation,
            location,
            expected,
            "no Content-Type",
            "clients cannot tell JSON from XML",
        )];
    };
    if media_type(actual) != media_type(expected) {
        return vec![Finding::new(
            RuleId::HttpContentType,
            Severity::Violation,
            location,
            expected,
            actual,
            "content negotiation picks another formatter (Accept q-values, ties to JSON, then \
             the request's Content-Type)",
        )];
    }
    match (charset(expected), charset(actual)) {
        (Some(e), Some(a)) if e != a => vec![Finding::new(
            RuleId::HttpContentType,
            Severity::Violation,
            location,
            expected,
            actual,
            "the charset differs from the negotiated one (Accept-Charset, request charset, UTF-8)",
        )],
        (Some(_), None) => vec![Finding::new(
            RuleId::HttpContentType,
            Severity::Warning,
            location,
            expected,
            actual,
            "no charset parameter; Web API always names it",
        )],
        _ => Vec::new(),
    }
}

/// CORS under `CorsOptions.AllowAll`: a request with `Origin` gets
/// `Access-Control-Allow-Origin`. The policy supports credentials, so the engine echoes the
/// origin (inference from System.Web.Cors; `*` is accepted with a warning).
pub fn check_cors(request: &HttpRequest, observed: &HttpResponse) -> Vec<Finding> {
    let Some(origin) = request.header("origin") else {
        return Vec::new();
    };
    let location = Location::Header("Access-Control-Allow-Origin".to_owned());
    let mut findings = Vec::new();
    match observed.header("access-control-allow-origin") {
        None => findings.push(Finding::new(
            RuleId::HttpCors,
            Severity::Violation,
            location,
            origin,
            "missing",
            "production allows every origin (CorsOptions.AllowAll); browsers block the response",
        )),
        Some("*") => findings.push(Finding::new(
            RuleId::HttpCors,
            Severity::Warning,
            location,
            origin,
            "*",
            "AllowAll supports credentials and echoes the origin; with `*` browsers refuse \
             credentialed requests",
        )),
        Some(v) if v != origin => findings.push(Finding::new(
            RuleId::HttpCors,
            Severity::Violation,
            location,
            origin,
            v,
            "the allowed origin is not the request's: browsers block the response",
        )),
        Some(_) => {}
    }
    let preflight = request.method.eq_ignore_ascii_case("OPTIONS");
    if let (true, Some(method)) = (preflight, request.header("access-control-request-method")) {
        let method = method.trim();
        let allowed = observed
            .header("access-control-allow-methods")
            .unwrap_or("");
        // A CORS-safelisted method (GET, HEAD, POST) needs no listing: browsers allow it
        // whatever the header says, and CorsResult filters it out.
        if !crate::cors::is_simple_method(method)
            && !allowed
                .split(',')
                .any(|m| m.trim().eq_ignore_ascii_case(method) || m.trim() == "*")
        {
            findings.push(Finding::new(
                RuleId::HttpCors,
                Severity::Violation,
                Location::Header("Access-Control-Allow-Methods".to_owned()),
                method,
                if allowed.is_empty() {
                    "missing"
                } else {
                    allowed
                },
                "the preflight must allow the requested method (AllowAnyMethod)",
            ));
        }
    }
    findings
}

/// A preflight's answer is the CORS middleware's: an empty body and every requested header
/// that is not a simple one allowed (AllowAnyHeader). The origin echo and the requested method
/// are [`check_cors`]'s, the status [`check_status`]'s.
pub fn check_preflight(request: &HttpRequest, observed: &HttpResponse) -> Vec<Finding> {
    let crate::cors::CorsRequest::Preflight {
        method, headers, ..
    } = preflight_of(request)
    else {
        return Vec::new();
    };
    let mut findings = Vec::new();
    if !observed.body.is_empty() {
        findings.push(Finding::new(
            RuleId::HttpCors,
            Severity::Violation,
            Location::Body,
            "an empty body",
            format!("{} bytes", observed.body.len()),
            "the CORS middleware answers a preflight with an empty body",
        ));
    }
    let expected = crate::cors::preflight_answer(&method, &headers);
    let Some(wanted) = expected.allow_headers else {
        return findings;
    };
    let allowed = observed
        .header("access-control-allow-headers")
        .unwrap_or("");
    let listed = |name: &str| {
        allowed
            .split(',')
            .any(|h| h.trim().eq_ignore_ascii_case(name) || h.trim() == "*")
    };
    let missing: Vec<&str> = wanted.split(',').filter(|h| !listed(h)).collect();
    if !missing.is_empty() {
        findings.push(Finding::new(
            RuleId::HttpCors,
            Severity::Violation,
            Location::Header("Access-Control-Allow-Headers".to_owned()),
            wanted.clone(),
            if allowed.is_empty() {
                "missing"
            } else {
                allowed
            },
            format!(
                "the preflight must allow every requested header (AllowAnyHeader); browsers \
                 refuse the request for want of {}",
                missing.join(", ")
            ),
        ));
    }
    findings
}

/// How the CORS middleware reads a request ([`crate::cors::classify`]).
pub(crate) fn preflight_of(request: &HttpRequest) -> crate::cors::CorsRequest<'_> {
    crate::cors::classify(
        &request.method,
        request.header("origin").map(str::as_bytes),
        request
            .header("access-control-request-method")
            .map(str::as_bytes),
        request
            .headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case("access-control-request-headers"))
            .map(|(_, v)| v.as_bytes()),
    )
}

/// A 405 carries `Allow` naming POST.
pub fn check_allow(observed: &HttpResponse) -> Vec<Finding> {
    if observed.status != 405 {
        return Vec::new();
    }
    let allow = observed.header("allow").unwrap_or("");
    if allow
        .split(',')
        .any(|m| m.trim().eq_ignore_ascii_case("POST"))
    {
        return Vec::new();
    }
    vec![Finding::new(
        RuleId::HttpAllow,
        Severity::Violation,
        Location::Header("Allow".to_owned()),
        "POST",
        if allow.is_empty() { "missing" } else { allow },
        "Web API's 405 lists the allowed methods in Allow",
    )]
}

/// A 401 carries a `WWW-Authenticate` challenge (RFC 9110 section 11.6.1: "A server
/// generating a 401 (Unauthorized) response MUST send a WWW-Authenticate header field containing
/// at least one challenge"), and the challenge names the scheme the service takes: production's
/// `[Authorize]` behind OWIN bearer authentication sends `WWW-Authenticate: Bearer`.
pub fn check_challenge(observed: &HttpResponse) -> Vec<Finding> {
    if observed.status != 401 {
        return Vec::new();
    }
    let location = Location::Header("WWW-Authenticate".to_owned());
    let challenges: Vec<&str> = observed
        .headers
        .iter()
        .filter(|(n, _)| n.eq_ignore_ascii_case("www-authenticate"))
        .map(|(_, v)| v.as_str())
        .collect();
    if challenges.is_empty() {
        return vec![Finding::new(
            RuleId::HttpChallenge,
            Severity::Violation,
            location,
            "Bearer",
            "missing",
            "HTTP requires a challenge on every 401; without it clients cannot tell how to \
             authenticate (production sends `WWW-Authenticate: Bearer`)",
        )];
    }
    if challenges.iter().any(|v| names_scheme(v, "Bearer")) {
        return Vec::new();
    }
    vec![Finding::new(
        RuleId::HttpChallenge,
        Severity::Violation,
        location,
        "a Bearer challenge",
        challenges.join(", "),
        "the challenge sends clients to another authentication scheme than the bearer token \
         the service takes",
    )]
}

/// Whether a `WWW-Authenticate` value holds a challenge of `scheme` (case-insensitive, RFC
/// 9110 section 11.1): a scheme token at the start or after a comma, followed by nothing, a
/// space or a comma. A parameter value that happens to spell the scheme does not count.
fn names_scheme(value: &str, scheme: &str) -> bool {
    let bytes = value.as_bytes();
    let mut in_quotes = false;
    let mut token_start = true;
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        if in_quotes {
            match c {
                b'\\' => i += 1,
                b'"' => in_quotes = false,
                _ => {}
            }
        } else if c == b'"' {
            in_quotes = true;
        } else if c == b',' {
            token_start = true;
        } else if token_start && !matches!(c, b' ' | b'\t') {
            let rest = &value[i..];
            let word_end = rest.find([' ', '\t', ',']).unwrap_or(rest.len());
            let word = &rest[..word_end];
            if word.eq_ignore_ascii_case(scheme) {
                return true;
            }
            token_start = false;
            i += word_end;
            continue;
        }
        i += 1;
    }
    false
}

/// A request that must fail never gets a 2xx with data. `response` is the typed body, if any.
pub fn check_no_2xx_data(
    situation: Situation,
    observed: &HttpResponse,
    response: Option<&Response>,
) -> Vec<Finding> {
    if !situation.must_fail() || !(200..300).contains(&observed.status) {
        return Vec::new();
    }
    let leaked = match (situation, response) {
        (Situation::BusinessError(_), Some(r)) => r.error_code == 0,
        (Situation::BusinessError(_), None) => false,
        (_, Some(r)) => r.error_code == 0,
        (_, None) => !observed.body.is_empty(),
    };
    if !leaked {
        return Vec::new();
    }
    let expected = match situation {
        Situation::BusinessError(code) => format!("200 with ErrorCode {code} and no data"),
        other => format!("{} without data", other.status()),
    };
    vec![Finding::new(
        RuleId::HostileNo2xxData,
        Severity::Violation,
        Location::Status,
        expected,
        format!("{} with data", observed.status),
        "a request that must fail was answered with data",
    )]
}

/// The answer came within `limit`.
pub fn check_timeout(elapsed: Duration, limit: Duration) -> Vec<Finding> {
    if elapsed <= limit {
        return Vec::new();
    }
    vec![timeout_finding(
        limit,
        format!("{} ms", elapsed.as_millis()),
    )]
}

/// The finding for a server that did not answer within `limit`; `found` says what it did.
pub(crate) fn timeout_finding(limit: Duration, found: String) -> Finding {
    Finding::new(
        RuleId::HostileTimeout,
        Severity::Violation,
        Location::Exchange,
        format!("an answer within {} ms", limit.as_millis()),
        found,
        "the server hangs on this input",
    )
}
