//! The shared state of a run and its one operation: send a case, predict, judge.

use super::cases::Case;
use super::progress::Progress;
use crate::client::HttpClient;
use crate::exchange::HttpRequest;
use crate::judge::{Judge, Prediction, Verdict};
use std::sync::Arc;

/// A check run on each request just before it is sent (tests make one panic with it, to prove
/// that a failing task is reported rather than lost).
pub(crate) type BeforeSend = Arc<dyn Fn(&HttpRequest) + Send + Sync>;

/// Everything an exchange needs; cheap to share between tasks.
pub(crate) struct RunContext {
    pub(crate) client: HttpClient,
    pub(crate) judge: Judge,
    /// The headers standing in for [`super::cases::AuthVariant::Configured`].
    pub(crate) credentials: Vec<(String, String)>,
    /// Extra headers every case sends (`--header` other than Authorization).
    pub(crate) extra_headers: Vec<(String, String)>,
    pub(crate) progress: Arc<Progress>,
    pub(crate) before_send: Option<BeforeSend>,
}

impl std::fmt::Debug for RunContext {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RunContext")
            .field("client", &self.client)
            .field("judge", &self.judge)
            .finish_non_exhaustive()
    }
}

/// One exchange: the case, the exact request, what was predicted and what was found.
#[derive(Clone, Debug)]
pub(crate) struct Step {
    pub(crate) case: Case,
    pub(crate) request: HttpRequest,
    pub(crate) prediction: Prediction,
    pub(crate) outcome: Verdict,
}

impl RunContext {
    /// The exact request a case sends in this run.
    pub(crate) fn request_of(&self, case: &Case) -> HttpRequest {
        let mut request = case.to_request(&self.credentials);
        for (name, value) in &self.extra_headers {
            if request.header(name).is_none() {
                request.headers.push((name.clone(), value.clone()));
            }
        }
        request
    }

    /// Replace the run's credentials in a request by [`super::REDACTED`].
    pub(crate) fn redact(&self, request: &mut HttpRequest) {
        super::driver::redact_headers(&mut request.headers, &self.credentials);
    }

    /// Send a case and check the exchange.
    pub(crate) async fn step(&self, case: Case) -> Step {
        let request = self.request_of(&case);
        super::fault::point(super::fault::Fault::Exchange);
        if let Some(hook) = &self.before_send {
            hook(&request);
        }
        let prediction = self.judge.predict(&request);
        let reply = self.client.send(&request).await;
        let outcome = self.judge.judge_reply(&request, &prediction, &reply);
        Step {
            case,
            request,
            prediction,
            outcome,
        }
    }
}
