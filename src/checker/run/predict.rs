//! What a request must produce, predicted the way the production pipeline decides it:
//! routing (404), method (405), auth (401), binding with the project's codecs (415, or 500
//! when the request binds to null), then the business checks (contracts/reference/domain.md#request-handling).
//!
//! With a dataset the reference engine answers exactly (and is the oracle in oracle mode);
//! without one, the business outcome is the set of `ErrorCode`s the request can get given what
//! the runner knows (a known client under its operator, no foreign keys → success).

use super::cases::{Knowledge, endpoint_path};
use super::client::sent_framing;
use crate::checker::{CaseRequest, Situation};
use crate::codec::negotiate::{NegotiationInput, response_type};
use crate::codec::{BindOptions, bind};
use crate::contract::contract;
use crate::dataset::Dataset;
use crate::engine::{self, Context, Settings};
use crate::hosting::{self, Host};
use crate::model::{Request, Response, Zone};
use std::collections::BTreeSet;
use std::sync::Arc;

/// What the runner expects of one exchange.
#[derive(Clone, Debug, PartialEq)]
pub struct Prediction {
    /// Status and error body.
    pub situation: Situation,
    /// The `ErrorCode`s a 200 may carry (0 = success); the situation names the one to expect
    /// when only errors are possible.
    pub codes: BTreeSet<i32>,
    /// The negotiated Content-Type.
    pub content_type: String,
    /// The request as the action binds it.
    pub bound: Option<Request>,
    /// The reference engine's answer (oracle mode only).
    pub oracle: Option<Response>,
    /// The zone this request's business days are judged in, when it is not the server's (an
    /// operator with its own zone).
    pub zone: Option<Zone>,
}

/// How the runner judges auth.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AuthPolicy {
    /// The target requires a bearer token (production): no usable token → 401.
    Required,
    /// The target was found to answer without credentials and none were given: auth is not
    /// judged.
    Unchecked,
}

/// Everything a prediction depends on.
#[derive(Clone, Debug)]
pub struct Predictor {
    /// Known ids.
    pub knowledge: Arc<Knowledge>,
    /// The dataset the target serves, when known: exact business outcomes.
    pub dataset: Option<Arc<Dataset>>,
    /// Compare successes with the engine's answer.
    pub oracle: bool,
    /// Engine settings (date style from the profile).
    pub settings: Settings,
    /// Binding settings (server zone and "now", Json.NET generation).
    pub bind: BindOptions,
    /// The host in front of the application (HTTP.sys's 411).
    pub host: Host,
    /// Auth.
    pub auth: AuthPolicy,
}

/// Business outcome of one check, when the dataset is unknown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Verdict {
    Pass,
    Fail,
    Unknown,
}

impl Predictor {
    /// Predict the outcome of a request.
    pub fn predict(&self, request: &CaseRequest) -> Prediction {
        let content_type = response_type(&NegotiationInput {
            accept: request.header("accept"),
            content_type: request.header("content-type"),
            x_requested_with: request.header("x-requested-with"),
            accept_charset: request.header("accept-charset"),
        })
        .content_type();
        let mut prediction = Prediction {
            situation: Situation::ServerError,
            codes: BTreeSet::new(),
            content_type,
            bound: None,
            oracle: None,
            zone: None,
        };
        // The host answers first, whatever the path (HTTP.sys on IIS).
        if hosting::length_required(self.host, &request.method, sent_framing(request)) {
            prediction.situation = Situation::LengthRequired;
            hosting::HTTP_SYS_CONTENT_TYPE.clone_into(&mut prediction.content_type);
            return prediction;
        }
        if !routes_to_action(&request.path) {
            prediction.situation = Situation::NotFound;
            return prediction;
        }
        if request.method != "POST" {
            prediction.situation = Situation::MethodNotAllowed;
            return prediction;
        }
        if self.auth == AuthPolicy::Required && !usable_bearer(request.header("authorization")) {
            prediction.situation = Situation::Unauthorized;
            return prediction;
        }
        let Ok(bound) = bind(
            request.header("content-type"),
            request.body.as_bytes(),
            &self.bind,
        ) else {
            prediction.situation = Situation::UnsupportedMediaType;
            return prediction;
        };
        let Some(bound) = bound.request else {
            prediction.situation = Situation::ServerError;
            return prediction;
        };
        prediction.zone = self.knowledge.zone_of(bound.operator);
        match &self.dataset {
            Some(dataset) => {
                let answer = engine::respond(&bound, dataset, &self.settings, &Context::default());
                prediction.codes = BTreeSet::from([answer.error_code]);
                if self.oracle {
                    prediction.oracle = Some(answer);
                }
            }
            None => prediction.codes = self.possible_codes(&bound),
        }
        prediction.situation = situation_for(&prediction.codes);
        prediction.bound = Some(bound);
        prediction
    }

    /// The `ErrorCode`s a bound request can get, in the contract's check order; a check whose
    /// outcome is unknown adds its code and lets the later ones run.
    fn possible_codes(&self, request: &Request) -> BTreeSet<i32> {
        let mut codes = BTreeSet::new();
        for &code in &contract().business_error_order {
            match self.verdict(code, request) {
                Verdict::Pass => {}
                Verdict::Unknown => {
                    codes.insert(code);
                }
                Verdict::Fail => {
                    codes.insert(code);
                    return codes;
                }
            }
        }
        codes.insert(0);
        codes
    }

    fn verdict(&self, code: i32, r: &Request) -> Verdict {
        let k = &self.knowledge;
        let operator = k.effective_operator(r.operator);
        let info = operator.and_then(|id| k.operator_info(id));
        let same_operator = |home: i16| {
            r.operator == home || (operator.is_some() && operator == k.effective_operator(home))
        };
        match code {
            3 => match info {
                Some(_) => Verdict::Pass,
                None if r.operator == 0 || r.operator == k.operator => Verdict::Pass,
                None if k.complete => Verdict::Fail,
                None => Verdict::Unknown,
            },
            4 => match r.token {
                None | Some(0) => Verdict::Pass,
                Some(t) => match info {
                    Some(op) if op.tokens.contains(&t) => Verdict::Pass,
                    Some(_) => Verdict::Fail,
                    None => Verdict::Unknown,
                },
            },
            5 => match r.site_code.as_deref() {
                None | Some("") => Verdict::Pass,
                Some(code) => match info {
                    Some(op) if op.site_codes.iter().any(|c| c == code) => Verdict::Pass,
                    Some(_) => Verdict::Fail,
                    None => Verdict::Unknown,
                },
            },
            1 if r.client == 0 => Verdict::Fail,
            1 => Verdict::Pass,
            2 => match k.client(r.client) {
                Some(c) if same_operator(c.operator) => Verdict::Pass,
                Some(_) | None if k.complete => Verdict::Fail,
                _ => Verdict::Unknown,
            },
            6 => match r.client_favorite_id {
                None => Verdict::Pass,
                Some(id) => match k.entries.get(&r.client) {
                    Some(ids) if ids.contains(&id) => Verdict::Pass,
                    _ if k.complete => Verdict::Fail,
                    _ => Verdict::Unknown,
                },
            },
            7 => match (&r.beg_date, &r.end_date) {
                (Some(beg), Some(end)) => {
                    let zone = k.zone_of(r.operator).unwrap_or(self.bind.server_zone);
                    if beg.server_wall(zone).date() > end.server_wall(zone).date() {
                        Verdict::Fail
                    } else {
                        Verdict::Pass
                    }
                }
                _ => Verdict::Pass,
            },
            8 if r.start.is_some_and(|s| s < -1) || r.length.is_some_and(|l| l < -1) => {
                Verdict::Fail
            }
            _ => Verdict::Pass,
        }
    }
}

/// The situation to check an exchange against: success when success is possible, otherwise the
/// first possible business error in the contract's order.
fn situation_for(codes: &BTreeSet<i32>) -> Situation {
    if codes.contains(&0) {
        return Situation::Success;
    }
    contract()
        .business_error_order
        .iter()
        .find(|c| codes.contains(c))
        .map_or(Situation::Success, |&c| Situation::BusinessError(c))
}

/// Whether a path (below the base path) names the action: routes match case-insensitively and
/// ignore one trailing slash; the query string is not part of the route.
pub(crate) fn routes_to_action(path: &str) -> bool {
    let path = path.split('?').next().unwrap_or("");
    let path = path.strip_suffix('/').unwrap_or(path);
    path.eq_ignore_ascii_case(&endpoint_path())
}

/// `Bearer <token>` with a non-empty token (scheme case-insensitive, whitespace trimmed), as the
/// OWIN bearer middleware reads it.
pub(crate) fn usable_bearer(header: Option<&str>) -> bool {
    let Some(header) = header else {
        return false;
    };
    let header = header.trim();
    let (scheme, token) = header.split_once(' ').unwrap_or((header, ""));
    scheme.eq_ignore_ascii_case("Bearer") && !token.trim().is_empty()
}
