//! The mock's own resources under `/__mock/` (never part of the emulated API, always JSON):
//!
//! - `GET /__mock/requests`: the journal (`{"capacity", "capacity_bytes", "total",
//!   "requests": [...]}`).
//! - `GET /__mock/health`: `{"status": "ok", "uptime_ms", "dataset": {...}, ...}`.
//! - `POST /__mock/reload`: reload the dataset; 200 with the new generation, or 422 with the
//!   dataset error while the old dataset stays in service.
//!
//! Every admin request passes `guard` first (local Host, no foreign Origin, state changes
//! only with a preflight-only marker) and gets no CORS echo unless its origin is allowed.
//! Reading the journal and reloading are slow work: the connection layer runs admin requests
//! on the blocking pool, never on the async workers.

use super::guard;
use super::request::{CapturedRequest, MockResponse};
use super::routing::{ADMIN_PREFIX, AdminRoute};
use super::state::State;
use crate::model::NetDateTime;
use http::{StatusCode, header};
use serde_json::{Value, json};

const JSON: &str = "application/json; charset=utf-8";

/// Answer an admin request.
pub(crate) fn handle(route: AdminRoute, request: &CapturedRequest, state: &State) -> MockResponse {
    let access = &state.config.admin;
    let preflight = request.method == http::Method::OPTIONS
        && request
            .headers
            .contains_key(header::ACCESS_CONTROL_REQUEST_METHOD);
    if preflight {
        return guard::admin_preflight(request, access);
    }
    if let Err(refusal) = guard::check_admin(request, access) {
        return refusal.response();
    }
    let mut response = resource(route, request, state);
    guard::admin_cors(request, access, &mut response);
    response
}

fn resource(route: AdminRoute, request: &CapturedRequest, state: &State) -> MockResponse {
    let Some(method) = route.method() else {
        let message = format!(
            "No mock resource at '{}'; the mock serves {ADMIN_PREFIX}requests (GET), \
             {ADMIN_PREFIX}health (GET) and {ADMIN_PREFIX}reload (POST).",
            request.path
        );
        return json_response(StatusCode::NOT_FOUND, &json!({ "Message": message }));
    };
    if request.method != method {
        let message = format!(
            "The requested resource does not support http method '{}'.",
            request.method
        );
        let mut response = json_response(
            StatusCode::METHOD_NOT_ALLOWED,
            &json!({ "Message": message }),
        );
        response.set_header(header::ALLOW, method.as_str());
        return response;
    }
    if route.changes_state() {
        if let Err(refusal) = guard::check_trigger(request) {
            return refusal.response();
        }
    }
    match route {
        AdminRoute::Requests => {
            MockResponse::with_body(StatusCode::OK, JSON, state.journal.to_json())
        }
        AdminRoute::Health => json_response(StatusCode::OK, &health(state)),
        AdminRoute::Reload => reload(state),
        AdminRoute::Unknown => MockResponse::empty(StatusCode::NOT_FOUND),
    }
}

fn health(state: &State) -> Value {
    let loaded = state.dataset();
    let loaded_at: chrono::DateTime<chrono::Utc> = loaded.loaded_at.into();
    let dataset = &loaded.dataset;
    let counts = dataset.counts();
    json!({
        "status": "ok",
        "uptime_ms": u64::try_from(state.started.elapsed().as_millis()).unwrap_or(u64::MAX),
        "in_flight": state.in_flight(),
        "auth": state.config.auth.name(),
        "base_path": state.config.base_path,
        "dataset": {
            "source": state.config.dataset.to_string(),
            "generation": loaded.generation,
            "loaded_at": loaded_at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
            "watch": state.config.watch,
            // The "now" answers are computed at (after --as-of), to the tick, written as
            // dates are on the wire (trailing zeros of the fraction dropped).
            "as_of": NetDateTime::unspecified(
                state.config.settings.as_of.unwrap_or_else(|| dataset.as_of()),
            )
            .to_wire(),
            "as_of_from": if state.config.settings.as_of.is_some() { "--as-of" } else { "dataset" },
            "time_zone": dataset.time_zone().to_string(),
            "default_operator": dataset.default_operator(),
            "counts": {
                "operators": counts.operators,
                "clients": counts.clients,
                "goods": counts.goods,
                "entries": counts.entries,
                "links": counts.links,
                "purchases": counts.purchases,
            },
            "summary": counts.to_string(),
        },
    })
}

fn reload(state: &State) -> MockResponse {
    match state.reload() {
        Ok(report) => {
            tracing::info!(source = %report.source, generation = report.generation, "dataset reloaded");
            json_response(
                StatusCode::OK,
                &json!({ "status": "reloaded", "source": report.source, "generation": report.generation }),
            )
        }
        Err(err) => {
            tracing::warn!(error = %err, reason = %err.error, "dataset reload rejected");
            json_response(
                StatusCode::UNPROCESSABLE_ENTITY,
                &json!({
                    "status": "rejected",
                    "source": err.source_name,
                    "serving_generation": err.generation,
                    "error": err.error.to_string(),
                }),
            )
        }
    }
}

fn json_response(status: StatusCode, value: &Value) -> MockResponse {
    MockResponse::with_body(status, JSON, value.to_string().into_bytes())
}
