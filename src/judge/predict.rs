//! What a request must produce, predicted the way the production pipeline decides it: the
//! request's class from [`crate::pipeline`] (the host's 411, then 404, 405, 401, 415, 500), then
//! the business checks (contracts/reference/domain.md#request-handling).
//!
//! With a dataset the reference engine answers exactly (and is the oracle in oracle mode);
//! without one, the business outcome is the set of `ErrorCode`s the request can get given what
//! is known (a known client under its operator, no foreign keys → success).

use super::knowledge::Knowledge;
use super::{AuthPolicy, Judge, Traffic};
use crate::checker::{Situation, preflight_of};
use crate::client::sent_framing;
use crate::codec::negotiate::{NegotiationInput, response_type};
use crate::contract::contract;
use crate::cors::CorsRequest;
use crate::engine::{self, Context};
use crate::exchange::HttpRequest;
use crate::hosting;
use crate::hosting::Framing;
use crate::model::{Request, Response, Zone};
use crate::pipeline::{AuthOutcome, Inbound, Pipeline, RequestClass, bearer_token};
use std::collections::BTreeSet;

/// The business code for a client that does not exist or belongs to another operator.
const CLIENT_NOT_FOUND: i32 = 2;

/// What a request must produce.
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
    /// The request names a client known to belong to another operator and must get "client not
    /// found" (`ErrorCode` 2) with no data: the answer may not reveal that the client exists.
    pub foreign_client: bool,
}

impl AuthPolicy {
    /// The `[Authorize]` step as the policy judges it: a usable bearer token when required.
    fn outcome(self, authorization: Option<&[u8]>) -> AuthOutcome {
        match self {
            AuthPolicy::Unchecked => AuthOutcome::Skipped,
            AuthPolicy::Required => match bearer_token(authorization) {
                Ok(_) => AuthOutcome::Allowed { operator: None },
                Err(e) => AuthOutcome::Denied {
                    reason: e.to_string(),
                },
            },
        }
    }
}

/// Whether one business check passes, as far as the knowledge tells (no dataset).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum CheckResult {
    Pass,
    Fail,
    Unknown,
}

/// What the pipeline reads of `request` (the query is not part of the route; headers a server
/// cannot read as text are absent to it): a composed request's body framed as the client sends
/// it, a captured one's as its headers say.
fn inbound(request: &HttpRequest, traffic: Traffic) -> Inbound<'_> {
    let framing = match traffic {
        Traffic::Composed => sent_framing(request),
        Traffic::Captured => Framing {
            content_length: request.header("content-length").is_some(),
            transfer_encoding: request.header("transfer-encoding").is_some(),
        },
    };
    Inbound {
        method: &request.method,
        path: request.path.split('?').next().unwrap_or(""),
        content_type: request.visible_header("content-type"),
        authorization: request.header("authorization").map(str::as_bytes),
        body: request.body.as_bytes(),
        framing,
    }
}

impl Judge {
    /// Predict what `request` must produce.
    pub fn predict(&self, request: &HttpRequest) -> Prediction {
        let content_type = response_type(&NegotiationInput {
            accept: request.visible_header("accept"),
            content_type: request.visible_header("content-type"),
            x_requested_with: request.visible_header("x-requested-with"),
            accept_charset: request.visible_header("accept-charset"),
        })
        .content_type();
        let mut prediction = Prediction {
            situation: Situation::ServerError,
            codes: BTreeSet::new(),
            content_type,
            bound: None,
            oracle: None,
            zone: None,
            foreign_client: false,
        };
        // The CORS middleware answers a preflight before anything else, for every path.
        if let CorsRequest::Preflight { method, .. } = preflight_of(request) {
            prediction.situation = Situation::Preflight {
                refused: method.is_empty(),
            };
            prediction.content_type.clear();
            return prediction;
        }
        let pipeline = Pipeline {
            host: self.profile.host,
            base_path: self.base_path.as_deref(),
            bind: self.bind,
        };
        let auth = |authorization: Option<&[u8]>| self.auth.outcome(authorization);
        let inbound = inbound(request, self.traffic);
        let (bound, claimed_operator) = match pipeline.classify(&inbound, &auth) {
            // The host answers first, whatever the path (HTTP.sys on IIS), with its own page.
            RequestClass::LengthRequired => {
                prediction.situation = Situation::LengthRequired;
                hosting::HTTP_SYS_CONTENT_TYPE.clone_into(&mut prediction.content_type);
                return prediction;
            }
            RequestClass::NotFound(_) => {
                prediction.situation = Situation::NotFound;
                return prediction;
            }
            RequestClass::MethodNotAllowed => {
                prediction.situation = Situation::MethodNotAllowed;
                return prediction;
            }
            RequestClass::Unauthorized { .. } => {
                prediction.situation = Situation::Unauthorized;
                return prediction;
            }
            RequestClass::UnsupportedMediaType(_) => {
                prediction.situation = Situation::UnsupportedMediaType;
                return prediction;
            }
            RequestClass::NullRequest(_) => {
                prediction.situation = Situation::ServerError;
                return prediction;
            }
            RequestClass::Business {
                request,
                claimed_operator,
                ..
            } => (request, claimed_operator),
        };
        prediction.zone = self.knowledge.zone_of(bound.operator);
        match &self.dataset {
            Some(dataset) => {
                let context = Context {
                    jwt_operator: claimed_operator,
                };
                let answer = engine::respond(&bound, dataset, &self.settings, &context);
                prediction.codes = BTreeSet::from([answer.error_code]);
                if self.oracle {
                    prediction.oracle = Some(answer);
                }
            }
            None => prediction.codes = self.possible_codes(&bound),
        }
        prediction.situation = situation_for(&prediction.codes);
        prediction.foreign_client = prediction.codes == BTreeSet::from([CLIENT_NOT_FOUND])
            && self
                .knowledge
                .client(bound.client)
                .is_some_and(|c| !same_operator(&self.knowledge, &bound, c.operator));
        prediction.bound = Some(bound);
        prediction
    }

    /// The `ErrorCode`s a bound request can get, in the contract's check order; a check whose
    /// outcome is unknown adds its code and lets the later ones run.
    fn possible_codes(&self, request: &Request) -> BTreeSet<i32> {
        let mut codes = BTreeSet::new();
        for &code in &contract().business_error_order {
            match self.check(code, request) {
                CheckResult::Pass => {}
                CheckResult::Unknown => {
                    codes.insert(code);
                }
                CheckResult::Fail => {
                    codes.insert(code);
                    return codes;
                }
            }
        }
        codes.insert(0);
        codes
    }

    fn check(&self, code: i32, r: &Request) -> CheckResult {
        let k = &self.knowledge;
        let operator = k.effective_operator(r.operator);
        let info = operator.and_then(|id| k.operator_info(id));
        match code {
            3 => match info {
                Some(_) => CheckResult::Pass,
                None if r.operator == 0 || r.operator == k.operator => CheckResult::Pass,
                None if k.complete => CheckResult::Fail,
                None => CheckResult::Unknown,
            },
            4 => match r.token {
                None | Some(0) => CheckResult::Pass,
                Some(t) => match info {
                    Some(op) if op.tokens.contains(&t) => CheckResult::Pass,
                    Some(_) => CheckResult::Fail,
                    None => CheckResult::Unknown,
                },
            },
            5 => match r.site_code.as_deref() {
                None | Some("") => CheckResult::Pass,
                Some(code) => match info {
                    Some(op) if op.site_codes.iter().any(|c| c == code) => CheckResult::Pass,
                    Some(_) => CheckResult::Fail,
                    None => CheckResult::Unknown,
                },
            },
            1 if r.client == 0 => CheckResult::Fail,
            1 => CheckResult::Pass,
            2 => match k.client(r.client) {
                Some(c) if same_operator(k, r, c.operator) => CheckResult::Pass,
                Some(_) | None if k.complete => CheckResult::Fail,
                _ => CheckResult::Unknown,
            },
            6 => match r.client_favorite_id {
                None => CheckResult::Pass,
                Some(id) => match k.entries.get(&r.client) {
                    Some(ids) if ids.contains(&id) => CheckResult::Pass,
                    _ if k.complete => CheckResult::Fail,
                    _ => CheckResult::Unknown,
                },
            },
            7 => match (&r.beg_date, &r.end_date) {
                (Some(beg), Some(end)) => {
                    let zone = k.zone_of(r.operator).unwrap_or(self.bind.server_zone);
                    if beg.server_wall(zone).date() > end.server_wall(zone).date() {
                        CheckResult::Fail
                    } else {
                        CheckResult::Pass
                    }
                }
                _ => CheckResult::Pass,
            },
            8 if r.start.is_some_and(|s| s < -1) || r.length.is_some_and(|l| l < -1) => {
                CheckResult::Fail
            }
            _ => CheckResult::Pass,
        }
    }
}

/// Whether a client whose requests carry `home` is served under the request's operator.
fn same_operator(k: &Knowledge, r: &Request, home: i16) -> bool {
    let operator = k.effective_operator(r.operator);
    r.operator == home || (operator.is_some() && operator == k.effective_operator(home))
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
