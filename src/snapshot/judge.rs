//! The corpus as a contract check: each exchange of a case sent to a target and judged by the
//! judging core, exactly as `check` judges its generated cases. Our mock's answers to the whole
//! corpus must pass (a test proves it), and the judge's prediction must agree with each case's
//! documented answer.

use super::case::Case;
use super::encode::exchanges;
use super::http::HttpTarget;
use crate::exchange::HttpRequest;
use crate::judge::{Judge, Prediction, Verdict};

/// One exchange of a case, judged.
#[derive(Clone, Debug)]
pub struct JudgedExchange {
    /// The exchange label (`json → xml`).
    pub label: String,
    /// The request as sent (the target's credentials redacted).
    pub request: HttpRequest,
    /// What the judge expected.
    pub prediction: Prediction,
    /// What it found (the credentials redacted in every finding's request).
    pub verdict: Verdict,
}

/// Send every exchange of `case` to `target` and judge each answer (or its absence) with
/// `judge`.
pub async fn judge_case(target: &HttpTarget, case: &Case, judge: &Judge) -> Vec<JudgedExchange> {
    let mut judged = Vec::new();
    for exchange in exchanges(case) {
        let mut request = target.request_of(&exchange);
        let prediction = judge.predict(&request);
        let reply = target.send_request(&request).await;
        let mut verdict = judge.judge_reply(&request, &prediction, &reply);
        for finding in &mut verdict.findings {
            if let Some(request) = &mut finding.request {
                target.redact(request);
            }
        }
        target.redact(&mut request);
        judged.push(JudgedExchange {
            label: exchange.label,
            request,
            prediction,
            verdict,
        });
    }
    judged
}
