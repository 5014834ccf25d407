//! Judging one exchange against its prediction: [`check_exchange`] with the prediction as
//! expectation, plus what only the prediction knows — which `ErrorCode`s were possible,
//! whether the request named another operator's client — and exchanges that never completed.

use super::exchange::{Expectation, check_exchange};
use crate::checker::{
    Finding, Location, Profile, RuleId, Severity, check_cross_operator, timeout_finding,
};
use crate::client::{MAX_RESPONSE_BYTES, SendError};
use crate::codec::WireFormat;
use crate::exchange::{HttpRequest, HttpResponse};
use crate::judge::Prediction;
use crate::model::Response;
use std::borrow::Cow;
use std::collections::BTreeSet;
use std::time::Duration;

/// What judging one exchange found.
#[derive(Clone, Debug, PartialEq)]
pub struct Verdict {
    /// Every finding, each carrying the request.
    pub findings: Vec<Finding>,
    /// The typed response of a valid 200 body.
    pub response: Option<Response>,
    /// The format the body was read in (`None`: no response).
    pub format: Option<WireFormat>,
}

/// The profile a request is judged under: the judge's, with the business-day zone of the
/// client's operator when that has its own (dates on the wire stay in the server's zone).
pub(crate) fn case_profile<'p>(profile: &'p Profile, prediction: &Prediction) -> Cow<'p, Profile> {
    match prediction.zone {
        Some(zone) if zone != profile.business_zone() => {
            let mut p = profile.clone();
            p.business_zone = Some(zone);
            Cow::Owned(p)
        }
        _ => Cow::Borrowed(profile),
    }
}

/// Check one exchange (or its failure) against the prediction; `time_limit` is the deadline
/// the answer had to meet, if any.
pub(crate) fn judge_reply(
    request: &HttpRequest,
    prediction: &Prediction,
    answer: Result<(&HttpResponse, Duration), &SendError>,
    time_limit: Option<Duration>,
    profile: &Profile,
) -> Verdict {
    let profile = case_profile(profile, prediction);
    let (response, elapsed) = match answer {
        Ok(answer) => answer,
        Err(error) => {
            let finding = no_answer(error);
            return Verdict {
                findings: profile
                    .apply(vec![finding])
                    .into_iter()
                    .map(|f| f.with_request(request.clone()))
                    .collect(),
                response: None,
                format: None,
            };
        }
    };
    let expectation = Expectation {
        situation: prediction.situation,
        content_type: Some(&prediction.content_type),
        request: prediction.bound.as_ref(),
        oracle: prediction.oracle.as_ref(),
        time_limit,
    };
    let checked = check_exchange(request, response, elapsed, &expectation, &profile);
    let mut findings = checked.findings;
    if let Some(response) = &checked.response {
        let mut extra = business_code(&prediction.codes, response, &mut findings);
        if prediction.foreign_client {
            extra.extend(check_cross_operator(response));
        }
        findings.extend(
            profile
                .apply(extra)
                .into_iter()
                .map(|f| f.with_request(request.clone())),
        );
    }
    Verdict {
        findings,
        response: checked.response,
        format: checked.format,
    }
}

/// Keep the core's "another code than expected" deviation only when the code was not among the
/// possible ones, and report a business error where only success was possible.
fn business_code(
    codes: &BTreeSet<i32>,
    response: &Response,
    findings: &mut Vec<Finding>,
) -> Vec<Finding> {
    let actual = response.error_code;
    findings.retain(|f| {
        !(f.rule == RuleId::InvBusinessError
            && f.location == Location::Pointer("/ErrorCode".to_owned())
            && f.severity == Severity::ProfileDeviation
            && codes.contains(&actual))
    });
    if codes.is_empty() || codes.contains(&actual) || actual == 0 {
        // Unknown outcome, an expected code, or success where an error was due (the core's
        // hostile.no-2xx-data reports that).
        return Vec::new();
    }
    let expected = codes
        .iter()
        .map(i32::to_string)
        .collect::<Vec<_>>()
        .join(" or ");
    if codes.len() == 1 && codes.contains(&0) {
        return vec![Finding::new(
            RuleId::InvBusinessError,
            Severity::Violation,
            Location::Pointer("/ErrorCode".to_owned()),
            "0 (the request is valid for data known to exist on the target)",
            actual.to_string(),
            "a valid request for a known client was refused",
        )];
    }
    if codes.contains(&0) {
        return vec![Finding::new(
            RuleId::InvBusinessError,
            Severity::ProfileDeviation,
            Location::Pointer("/ErrorCode".to_owned()),
            expected,
            actual.to_string(),
            "no business check of the contract fails this way for this request (the order of \
             checks is an interpretation)",
        )];
    }
    Vec::new()
}

/// The finding for an exchange that produced no complete response.
fn no_answer(error: &SendError) -> Finding {
    match error {
        SendError::Timeout { limit } => {
            timeout_finding(*limit, format!("no answer within {} ms", limit.as_millis()))
        }
        SendError::Request(reason) => Finding::new(
            RuleId::HttpResponse,
            Severity::Warning,
            Location::Exchange,
            "a request the client can send",
            reason.clone(),
            "the runner could not send this case (a runner limitation, not a server fault)",
        ),
        SendError::Connection(reason) => Finding::new(
            RuleId::HttpResponse,
            Severity::Violation,
            Location::Exchange,
            "an HTTP response",
            reason.clone(),
            "the server dropped the request; production answers every request (an error status \
             at worst)",
        ),
        SendError::Tls(failure) => Finding::new(
            RuleId::HttpResponse,
            Severity::Violation,
            Location::Exchange,
            "an HTTP response over TLS",
            failure.to_string(),
            "the TLS handshake failed after earlier ones had succeeded",
        ),
        SendError::TooLarge => Finding::new(
            RuleId::HttpResponse,
            Severity::Violation,
            Location::Body,
            format!("a body of at most {MAX_RESPONSE_BYTES} bytes"),
            "a larger body",
            "an answer of this endpoint is a few KiB; this one was not read to its end",
        ),
    }
}
