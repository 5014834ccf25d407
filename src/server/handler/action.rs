//! Steps 3 to 7 for the action itself: the method, the scenario controls, then the
//! production pipeline's admission (auth, media type, binding: from the bind memo when the
//! same body was bound before), runtime overrides, and the engine's answer (from the answer
//! cache when the same request was answered before).

use super::{Handled, finish, inbound, new_entry, requested_level};
use crate::codec::error_body::HttpError;
use crate::codec::{self, BindOptions, MAX_DEPTH, ResponseType};
use crate::engine::{self, Context};
use crate::pipeline::{ACTION_METHOD, Admission, Pipeline};
use crate::server::answer_cache::AnswerKey;
use crate::server::answers::{
    business_error, encoded, forced, internal_error, ok, ok_with, unauthorized,
};
use crate::server::auth::{AuthOutcome, AuthorizeAt};
use crate::server::fault::Fault;
use crate::server::journal::{AppliedLatency, JournalRoute, Recorded};
use crate::server::negotiation::{error_response, response_type};
use crate::server::request::{CapturedRequest, MockResponse};
use crate::server::scenario::Latency;
use crate::server::state::{LoadedDataset, State};
use http::{StatusCode, header};
use std::time::Duration;

pub(super) fn action(request: &CapturedRequest, state: &State, now: i64) -> Handled {
    let negotiated = response_type(request);
    let mut entry = new_entry(request, JournalRoute::Action);
    if request.method.as_str() != ACTION_METHOD {
        let error = HttpError::method_not_allowed(request.method.as_str());
        let mut response = error_response(StatusCode::METHOD_NOT_ALLOWED, &error, negotiated);
        response.set_header(header::ALLOW, "POST");
        return finish(response, negotiated, entry, Duration::ZERO);
    }
    let resolved = state
        .config
        .scenario
        .resolve(&request.headers)
        .and_then(|scenario| requested_level(request, state).map(|_| scenario));
    let scenario = match resolved {
        Ok(scenario) => scenario,
        Err(err) => {
            let error = HttpError::new(err.to_string());
            let response = error_response(StatusCode::BAD_REQUEST, &error, negotiated);
            return finish(response, negotiated, entry, Duration::ZERO);
        }
    };
    let delay = scenario.latency.map_or(Duration::ZERO, |setting| {
        apply_latency(&mut entry, setting, state)
    });
    let mut handled = if scenario.drop {
        dropped(entry, delay)
    } else if let Some(status) = scenario.status {
        entry.scenario.status = Some(status);
        finish(forced(status, negotiated), negotiated, entry, delay)
    } else if let Some(code) = scenario.error_code {
        entry.scenario.error_code = Some(code);
        finish(business_error(code, negotiated), negotiated, entry, delay)
    } else {
        state.on_dataset(|loaded| {
            bound_action(request, state, loaded, now, negotiated, entry, delay)
        })
    };
    if let (Some(fault), None, false) = (scenario.fault, handled.fault, handled.drop) {
        set_fault(&mut handled, fault);
    }
    handled
}

/// Pick a delay from a latency setting and note it in the entry.
fn apply_latency(entry: &mut Recorded, setting: Latency, state: &State) -> Duration {
    let delay = setting.pick(state.random());
    entry.scenario.latency = Some(AppliedLatency {
        setting,
        delay_ms: u64::try_from(delay.as_millis()).unwrap_or(u64::MAX),
    });
    delay
}

fn set_fault(handled: &mut Handled, fault: Fault) {
    handled.fault = Some(fault);
    if let Some(entry) = &mut handled.entry {
        entry.scenario.fault = Some(fault);
    }
}

/// The drop scenario: no answer at all.
fn dropped(mut entry: Recorded, delay: Duration) -> Handled {
    entry.scenario.drop = true;
    Handled {
        response: MockResponse::empty(StatusCode::OK),
        delay,
        drop: true,
        fault: None,
        entry: Some(entry),
    }
}

/// Steps 4–6: auth, binding, then an override or the engine.
fn bound_action(
    request: &CapturedRequest,
    state: &State,
    loaded: &LoadedDataset,
    now: i64,
    negotiated: ResponseType,
    mut entry: Recorded,
    delay: Duration,
) -> Handled {
    let pipeline = Pipeline {
        base_path: state.config.base_path.as_deref(),
        host: state.config.host,
        bind: BindOptions {
            server_zone: engine::server_zone(&loaded.dataset, &state.config.settings),
            now: Some(
                state
                    .config
                    .settings
                    .as_of
                    .unwrap_or_else(|| loaded.dataset.as_of()),
            ),
            max_depth: MAX_DEPTH,
            json_net: state.config.json_net,
        },
    };
    let authorize = AuthorizeAt {
        mode: &state.config.auth,
        now,
    };
    let memoised = |content_type: Option<&str>, body: &[u8], options: &BindOptions| {
        let generation = loaded.generation;
        state
            .binds
            .bind(generation, content_type, body, options, codec::bind)
    };
    let (outcome, bound) = match pipeline.admit_with(&inbound(request), &authorize, memoised) {
        Admission::Unauthorized(outcome) => {
            entry.auth = Some(outcome);
            return finish(unauthorized(negotiated), negotiated, entry, delay);
        }
        Admission::UnsupportedMediaType { auth, error } => {
            entry.auth = Some(auth);
            let response = error_response(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                &HttpError::unsupported_media_type(&error),
                negotiated,
            );
            return finish(response, negotiated, entry, delay);
        }
        Admission::Bound { auth, bound } => (auth, bound),
    };
    let jwt_operator = match outcome {
        AuthOutcome::Allowed { operator } => operator,
        AuthOutcome::Skipped | AuthOutcome::Denied { .. } => None,
    };
    entry.auth = Some(outcome);
    entry.format = bound.format;
    entry.diagnostics = bound.diagnostics;
    entry.diagnostics_omitted = bound.diagnostics_omitted;
    let Some(bound_request) = bound.request else {
        return finish(internal_error(negotiated), negotiated, entry, delay);
    };
    let context = Context { jwt_operator };
    let operator = engine::effective_operator(&bound_request, &loaded.dataset, &context);
    if let Some(found) = state.overrides.take(bound_request.client, operator) {
        entry.override_id = Some(found.id);
        let delay = found
            .latency
            .map_or(delay, |setting| apply_latency(&mut entry, setting, state));
        if found.drop {
            entry.set_bound(bound_request);
            return dropped(entry, delay);
        }
        let answer = match (found.status, found.error_code) {
            (Some(status), _) => {
                entry.scenario.status = Some(status);
                Some(forced(status, negotiated))
            }
            (None, Some(code)) => {
                entry.scenario.error_code = Some(code);
                Some(business_error(code, negotiated))
            }
            (None, None) => None,
        };
        let response = answer.unwrap_or_else(|| {
            let answer = engine::respond(
                &bound_request,
                &loaded.dataset,
                &state.config.settings,
                &context,
            );
            ok(&answer, negotiated)
        });
        entry.set_bound(bound_request);
        let mut handled = finish(response, negotiated, entry, delay);
        if let Some(fault) = found.fault {
            set_fault(&mut handled, fault);
        }
        return handled;
    }
    let key = AnswerKey::new(
        &bound_request,
        negotiated,
        context.jwt_operator,
        loaded.generation,
    );
    let body = state.answers.get_or_insert(key, || {
        let answer = engine::respond(
            &bound_request,
            &loaded.dataset,
            &state.config.settings,
            &context,
        );
        encoded(&answer, negotiated)
    });
    entry.set_bound(bound_request);
    finish(ok_with(body, negotiated), negotiated, entry, delay)
}
