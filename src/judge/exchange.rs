//! One exchange checked end to end against an expectation: every rule of the checker that
//! applies to a single request/response pair.

use crate::checker::{
    Finding, Location, Profile, RuleId, Severity, Situation, check_allow, check_challenge,
    check_content_type, check_cors, check_error_body, check_invariants, check_no_2xx_data,
    check_preflight, check_response_bytes, check_stack_trace, check_status, check_timeout, decode,
    oracle_diff_with,
};
use crate::codec::WireFormat;
use crate::exchange::{HttpRequest, HttpResponse, media_format};
use crate::model::{Request, Response};
use std::time::Duration;

/// What a request must produce, as far as the judge knows.
#[derive(Clone, Copy, Debug)]
pub struct Expectation<'a> {
    /// The situation (status, error body).
    pub situation: Situation,
    /// The negotiated Content-Type header value (`codec::negotiate::response_type(…)
    /// .content_type()`); `None` leaves the header unchecked.
    pub content_type: Option<&'a str>,
    /// The request as the action would bind it, for the request-dependent invariants.
    pub request: Option<&'a Request>,
    /// The reference engine's answer, when it has one.
    pub oracle: Option<&'a Response>,
    /// The time limit; `None` leaves timing unchecked.
    pub time_limit: Option<Duration>,
}

/// The outcome of checking one exchange.
#[derive(Clone, Debug, PartialEq)]
pub struct ExchangeCheck {
    /// Every finding, each carrying the request.
    pub findings: Vec<Finding>,
    /// The format the body was read in.
    pub format: Option<WireFormat>,
    /// The typed response of a valid 200 body (for relations across exchanges).
    pub response: Option<Response>,
}

/// The body's format: what its Content-Type says, else the negotiated one, else a sniff of the
/// first character (`<` → XML).
fn body_format(observed: &HttpResponse, expected: Option<&str>) -> WireFormat {
    observed
        .wire_format()
        .or_else(|| expected.and_then(media_format))
        .unwrap_or_else(|| {
            let text = String::from_utf8_lossy(&observed.body);
            if text.trim_start().starts_with('<') {
                WireFormat::Xml
            } else {
                WireFormat::Json
            }
        })
}

/// Check status, headers, body, invariants, the oracle, hostile rules and timing of one
/// exchange. Profile overrides apply to every finding.
pub fn check_exchange(
    request: &HttpRequest,
    observed: &HttpResponse,
    elapsed: Duration,
    expectation: &Expectation<'_>,
    profile: &Profile,
) -> ExchangeCheck {
    let situation = expectation.situation;
    let mut findings = check_status(situation, observed);
    let preflight = matches!(situation, Situation::Preflight { .. });
    // The CORS middleware's preflight answer has no body, so no Content-Type.
    if let (Some(expected), false) = (expectation.content_type, preflight) {
        findings.extend(check_content_type(expected, observed));
    }
    // HTTP.sys's own 411 never reaches the application's CORS handling, and the middleware
    // refuses a preflight without a method with a bare 400.
    if !matches!(
        situation,
        Situation::LengthRequired | Situation::Preflight { refused: true }
    ) {
        findings.extend(check_cors(request, observed));
    }
    findings.extend(check_preflight(request, observed));
    findings.extend(check_allow(observed));
    findings.extend(check_challenge(observed));
    let format = body_format(observed, expectation.content_type);
    let content_type = observed.header("content-type");
    let mut response = None;
    // A response to HEAD has no body (RFC 9110 section 9.3.2), and a preflight's is checked
    // above.
    let bodiless = preflight || request.method == "HEAD";
    if !bodiless && observed.status == 200 {
        let body = check_response_bytes(format, content_type, &observed.body, profile);
        findings.extend(body.findings);
        if let Some(r) = &body.response {
            findings.extend(check_invariants(expectation.request, r, profile));
            if let Some(oracle) = expectation.oracle {
                findings.extend(oracle_diff_with(oracle, r, profile));
            }
            if let Situation::BusinessError(code) = situation
                && r.error_code != code
                && r.error_code != 0
            {
                findings.push(Finding::new(
                    RuleId::InvBusinessError,
                    Severity::ProfileDeviation,
                    Location::Pointer("/ErrorCode".to_owned()),
                    code.to_string(),
                    r.error_code.to_string(),
                    "another business check failed first (the order of checks is an \
                         interpretation)",
                ));
            }
        }
        response = body.response;
    } else if let (false, Some(message)) = (bodiless, situation.error_message(request)) {
        match decode(content_type, &observed.body) {
            Ok(text) => findings.extend(check_error_body(format, &text, &message, profile)),
            Err(e) => findings.push(e.finding().in_format(format)),
        }
    }
    findings.extend(check_stack_trace(&observed.body));
    findings.extend(check_no_2xx_data(situation, observed, response.as_ref()));
    if let Some(limit) = expectation.time_limit {
        findings.extend(check_timeout(elapsed, limit));
    }
    let findings = profile
        .apply(findings)
        .into_iter()
        .map(|f| f.with_request(request.clone()))
        .collect();
    ExchangeCheck {
        findings,
        format: Some(format),
        response,
    }
}
