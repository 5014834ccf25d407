//! The judging core: one request and the response it got in, typed findings out. See
//! [`Judge`]; the runner, and anything that captures live traffic, go through it.

mod exchange;
mod knowledge;
mod memo;
mod outcome;
mod predict;
#[cfg(test)]
mod tests;

pub use exchange::{ExchangeCheck, Expectation, check_exchange};
pub use knowledge::{Knowledge, KnownClient, KnownOperator, MAX_KNOWN_IDS};
pub(crate) use memo::{MEMO_ENTRIES, VerdictMemo};
pub use outcome::Verdict;
pub use predict::Prediction;

use crate::checker::{ExpectedDateKind, Profile};
use crate::client::{Reply, SendError};
use crate::codec::{BindOptions, JsonNet};
use crate::dataset::Dataset;
use crate::engine::{DateStyle, Settings};
use crate::exchange::{HttpRequest, HttpResponse};
use crate::pipeline::normalize_base_path;
use std::sync::Arc;
use std::time::Duration;

/// How the judge treats the `[Authorize]` step.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum AuthPolicy {
    /// The target requires a bearer token (production): no usable token → 401.
    #[default]
    Required,
    /// The target answers without credentials (none were given, or auth is off): auth is not
    /// judged.
    Unchecked,
}

/// Everything judging depends on besides the exchange.
#[derive(Clone, Debug)]
pub struct JudgeSetup {
    /// The interpretation profile (its server zone also sets the binding zone when no dataset
    /// is given; its host decides the 411).
    pub profile: Profile,
    /// What is known of the target's data; `None` takes it from `dataset`, else nothing.
    pub knowledge: Option<Arc<Knowledge>>,
    /// The dataset the target serves: exact business outcomes.
    pub dataset: Option<Arc<Dataset>>,
    /// Compare every success with the reference engine's answer on `dataset` (oracle mode).
    pub oracle: bool,
    /// The Json.NET generation the target runs (changes how some hostile bodies bind).
    pub json_net: JsonNet,
    /// How auth is judged.
    pub auth: AuthPolicy,
    /// The base path request paths start with (`lcmanager`, `/lcmanager/`), when they are not
    /// relative to it (captured traffic); `None` for paths below the base path.
    pub base_path: Option<String>,
    /// The deadline an answer must meet (`hostile.timeout`); `None` leaves timing unchecked.
    pub time_limit: Option<Duration>,
}

impl Default for JudgeSetup {
    /// The default profile, no knowledge, no dataset, auth required, no deadline.
    fn default() -> JudgeSetup {
        JudgeSetup {
            profile: Profile::default(),
            knowledge: None,
            dataset: None,
            oracle: false,
            json_net: JsonNet::default(),
            auth: AuthPolicy::Required,
            base_path: None,
            time_limit: None,
        }
    }
}

/// The judging core: given one request and the response it got, every way the exchange breaks
/// the contract, as typed [`Finding`](crate::Finding)s.
///
/// A judge predicts what a request must produce — its class in the production pipeline
/// ([`Pipeline`](crate::Pipeline): 404, 405, 401, 415, 500), the negotiated Content-Type, the business
/// codes possible given what is known of the target's data, and the reference engine's exact
/// answer when the dataset is known — then holds the response against that prediction with
/// every rule of the checker: status, headers, JSON/XML body against the contract, date kinds,
/// invariants, hostile-input rules and the oracle diff. `check` judges the answers to the
/// requests it generates through it, and anything that captures live traffic can judge each
/// exchange through the same two calls: [`Judge::predict`] and [`Judge::judge_reply`], or
/// [`Judge::judge`] for both at once.
///
/// ```
/// use favorite_contract::{AuthPolicy, HttpRequest, HttpResponse, Judge, JudgeSetup, RequestBody};
/// use std::time::Duration;
///
/// let judge = Judge::new(JudgeSetup {
///     auth: AuthPolicy::Required,
///     ..JudgeSetup::default()
/// });
/// let request = HttpRequest {
///     method: "POST".into(),
///     path: "/api/client/ClientFavoriteDataInfo".into(),
///     headers: vec![("Content-Type".into(), "application/json".into())],
///     body: RequestBody::Text(r#"{"Client":1001}"#.into()),
///     format: None,
/// };
/// // No credentials: production answers 401. This server answered 200 with data.
/// let response = HttpResponse {
///     status: 200,
///     headers: vec![("Content-Type".into(), "application/json; charset=utf-8".into())],
///     body: br#"{"ErrorCode":0}"#.to_vec().into(),
/// };
/// let verdict = judge.judge(&request, &response, Duration::from_millis(5));
/// let rules: Vec<&str> = verdict.findings.iter().map(|f| f.rule.id()).collect();
/// assert!(rules.contains(&"http.status"));
/// assert!(rules.contains(&"hostile.no-2xx-data"));
/// ```
///
/// A judge is set up once ([`JudgeSetup`]) and shared by every exchange (cheap to clone and to
/// share between tasks).
#[derive(Clone, Debug)]
pub struct Judge {
    profile: Profile,
    knowledge: Arc<Knowledge>,
    dataset: Option<Arc<Dataset>>,
    oracle: bool,
    settings: Settings,
    bind: BindOptions,
    auth: AuthPolicy,
    base_path: Option<String>,
    time_limit: Option<Duration>,
    traffic: Traffic,
}

/// Where the requests a judge sees come from, which decides how their body framing is read.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum Traffic {
    /// Composed by this crate's client: framed as it sends them ([`crate::client`]).
    #[default]
    Composed,
    /// Captured as a server received them: framed as their headers say.
    Captured,
}

impl Judge {
    /// A judge for this setup. Dates are bound in the dataset's zone when a dataset is given,
    /// else in the profile's, with "now" the dataset's `as_of` (else the wall clock in that
    /// zone); the engine writes dates as the profile expects them. The profile's host decides
    /// whether a request without a length gets HTTP.sys's 411.
    pub fn new(setup: JudgeSetup) -> Judge {
        let knowledge = setup.knowledge.unwrap_or_else(|| {
            Arc::new(match &setup.dataset {
                Some(ds) => Knowledge::from_dataset(ds, 0, &[]),
                None => Knowledge::from_flags(0, &[]),
            })
        });
        let server_zone = setup
            .dataset
            .as_ref()
            .map_or(setup.profile.time_zone, |ds| ds.time_zone());
        // DateTime.Parse's "now": the dataset's as_of when it is known, else the target's clock
        // (the wall clock in its zone), as a real server has it.
        let now = setup.dataset.as_ref().map_or_else(
            || server_zone.to_local(chrono::Utc::now().naive_utc()),
            |ds| ds.as_of(),
        );
        Judge {
            settings: Settings {
                date_style: match setup.profile.date_kind {
                    ExpectedDateKind::Local => DateStyle::Local,
                    _ => DateStyle::Unspecified,
                },
                ..Settings::default()
            },
            bind: BindOptions {
                server_zone,
                now: Some(now),
                json_net: setup.json_net,
                ..BindOptions::default()
            },
            profile: setup.profile,
            knowledge,
            dataset: setup.dataset,
            oracle: setup.oracle,
            auth: setup.auth,
            base_path: setup.base_path.as_deref().and_then(normalize_base_path),
            time_limit: setup.time_limit,
            traffic: Traffic::Composed,
        }
    }

    /// This judge for requests captured from live traffic (a proxy, a recording) rather than
    /// composed by this crate's client: a request's body framing — which decides HTTP.sys's
    /// 411 — is read from its `Content-Length` and `Transfer-Encoding` headers as received,
    /// not from how the client would send it (which drops the framing of an empty body).
    ///
    /// ```
    /// use favorite_contract::{HttpRequest, Judge, JudgeSetup, RequestBody};
    /// let chunked_but_empty = HttpRequest {
    ///     method: "POST".into(),
    ///     path: "/api/client/ClientFavoriteDataInfo".into(),
    ///     headers: vec![("Transfer-Encoding".into(), "chunked".into())],
    ///     body: RequestBody::Text(String::new()),
    ///     format: None,
    /// };
    /// let composed = Judge::new(JudgeSetup::default());
    /// assert_eq!(composed.predict(&chunked_but_empty).situation.status(), 411);
    /// let captured = Judge::new(JudgeSetup::default()).for_captured_traffic();
    /// assert_eq!(captured.predict(&chunked_but_empty).situation.status(), 401);
    /// ```
    pub fn for_captured_traffic(mut self) -> Judge {
        self.traffic = Traffic::Captured;
        self
    }

    /// The profile findings are graded by.
    pub fn profile(&self) -> &Profile {
        &self.profile
    }

    /// What the judge knows of the target's data.
    pub fn knowledge(&self) -> &Arc<Knowledge> {
        &self.knowledge
    }

    /// How auth is judged.
    pub fn auth(&self) -> AuthPolicy {
        self.auth
    }

    /// Judge an answer (or its absence: a timeout, a dropped connection) against a
    /// prediction made for the same request. Every finding carries the request.
    pub fn judge_reply(
        &self,
        request: &HttpRequest,
        prediction: &Prediction,
        reply: &Result<Reply, SendError>,
    ) -> Verdict {
        let answer = reply.as_ref().map(|r| (&r.response, r.elapsed));
        outcome::judge_reply(request, prediction, answer, self.time_limit, &self.profile)
    }

    /// Predict and judge one complete exchange that took `elapsed`.
    pub fn judge(
        &self,
        request: &HttpRequest,
        response: &HttpResponse,
        elapsed: Duration,
    ) -> Verdict {
        let prediction = self.predict(request);
        outcome::judge_reply(
            request,
            &prediction,
            Ok((response, elapsed)),
            self.time_limit,
            &self.profile,
        )
    }
}
