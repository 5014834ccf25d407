//! The mock's own resources under `/__mock/` (never part of the emulated API):
//!
//! | resource | methods | what |
//! |---|---|---|
//! | `/__mock/` | GET | the console (HTML; `console.js`, `console.css`, `favicon.svg` beside it) |
//! | `/__mock/requests` | GET, DELETE | the journal, filtered by the query (see `journal::query`); DELETE resets it |
//! | `/__mock/requests/count` | GET | `{"count": N, …}` of the entries the same filters select |
//! | `/__mock/health` | GET | status, mode, dataset summary, `as_of`, time zones, journal and overrides |
//! | `/__mock/reload` | POST | reload the dataset (200 with the new generation, or 422 with the dataset error while the old dataset stays in service) |
//! | `/__mock/contract` | GET | the endpoint's documentation from the contract |
//! | `/__mock/dataset` | GET | operators and a page of clients with what each shows |
//! | `/__mock/samples` | GET | a client's request as JSON, XML and form bodies |
//! | `/__mock/overrides` | GET, POST, DELETE | runtime overrides (see `overrides`) |
//! | `/__mock/overrides/{id}` | GET, DELETE | one override |
//!
//! Every admin request passes `guard` first (local Host, no foreign Origin, state changes
//! only with a preflight-only marker) and gets no CORS echo unless its origin is allowed.
//! Reading the journal and reloading are slow work: the connection layer runs admin requests
//! on the blocking pool, never on the async workers.

mod health;

use super::console;
use super::guard;
use super::journal::JournalQuery;
use super::overrides::{self, MAX_OVERRIDES, OverrideError};
use super::request::{CapturedRequest, MockResponse};
use super::routing::{ADMIN_PREFIX, AdminRoute, changes_state};
use super::state::State;
use http::{Method, StatusCode, header};
use serde_json::{Value, json};

const JSON: &str = "application/json; charset=utf-8";

/// Answer an admin request.
pub(crate) fn handle(route: AdminRoute, request: &CapturedRequest, state: &State) -> MockResponse {
    let access = &state.config.admin;
    let preflight = request.method == Method::OPTIONS
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
    let methods = route.methods();
    if methods.is_empty() {
        let message = format!(
            "No mock resource at '{}'; the mock serves {ADMIN_PREFIX} (the console), \
             {ADMIN_PREFIX}requests (GET, DELETE), {ADMIN_PREFIX}requests/count, \
             {ADMIN_PREFIX}health, {ADMIN_PREFIX}contract, {ADMIN_PREFIX}dataset, \
             {ADMIN_PREFIX}samples (GET), {ADMIN_PREFIX}reload (POST) and \
             {ADMIN_PREFIX}overrides (GET, POST, DELETE).",
            request.path
        );
        return json_response(StatusCode::NOT_FOUND, &json!({ "Message": message }));
    }
    if !methods.contains(&request.method) {
        let message = format!(
            "The requested resource does not support http method '{}'.",
            request.method
        );
        let mut response = json_response(
            StatusCode::METHOD_NOT_ALLOWED,
            &json!({ "Message": message }),
        );
        let allow: Vec<&str> = methods.iter().map(Method::as_str).collect();
        response.set_header(header::ALLOW, &allow.join(", "));
        return response;
    }
    if changes_state(&request.method)
        && let Err(refusal) = guard::check_trigger(request)
    {
        return refusal.response();
    }
    let query = request.query.as_deref();
    match (route, &request.method) {
        (AdminRoute::Console, _) => console::page(),
        (AdminRoute::ConsoleRedirect, _) => {
            let mut response = MockResponse::empty(StatusCode::MOVED_PERMANENTLY);
            response.set_header(header::LOCATION, ADMIN_PREFIX);
            response
        }
        (AdminRoute::Asset(asset), _) => console::asset(asset),
        (AdminRoute::Requests, &Method::DELETE) => {
            let removed = state.journal.clear();
            json_response(
                StatusCode::OK,
                &json!({ "status": "cleared", "removed": removed }),
            )
        }
        (AdminRoute::Requests, _) => match JournalQuery::parse(query) {
            Ok(query) => {
                MockResponse::with_body(StatusCode::OK, JSON, state.journal.to_json(&query))
            }
            Err(err) => bad_request(&err.to_string()),
        },
        (AdminRoute::RequestsCount, _) => match JournalQuery::parse(query) {
            Ok(query) => {
                let stats = state.journal.stats();
                json_response(
                    StatusCode::OK,
                    &json!({
                        "count": state.journal.count(&query),
                        "kept": stats.kept,
                        "total": stats.total,
                    }),
                )
            }
            Err(err) => bad_request(&err.to_string()),
        },
        (AdminRoute::Health, _) => json_response(StatusCode::OK, &health::health(state)),
        (AdminRoute::Reload, _) => health::reload(state),
        (AdminRoute::Contract, _) => console::contract_document(state),
        (AdminRoute::Dataset, _) => console::dataset_document(state, query),
        (AdminRoute::Samples, _) => console::samples_document(state, query),
        (AdminRoute::Overrides, &Method::POST) => add_override(request, state),
        (AdminRoute::Overrides, &Method::DELETE) => {
            let removed = state.overrides.clear();
            json_response(StatusCode::OK, &json!({ "removed": removed }))
        }
        (AdminRoute::Overrides, _) => json_response(
            StatusCode::OK,
            &json!({ "capacity": MAX_OVERRIDES, "overrides": state.overrides.list() }),
        ),
        (AdminRoute::Override(id), &Method::DELETE) => {
            if state.overrides.remove(id) {
                json_response(StatusCode::OK, &json!({ "removed": 1 }))
            } else {
                no_override(id)
            }
        }
        (AdminRoute::Override(id), _) => {
            match state.overrides.list().into_iter().find(|o| o.id == id) {
                Some(found) => json_response(StatusCode::OK, &json!(found)),
                None => no_override(id),
            }
        }
        (AdminRoute::Unknown, _) => MockResponse::empty(StatusCode::NOT_FOUND),
    }
}

fn add_override(request: &CapturedRequest, state: &State) -> MockResponse {
    match overrides::parse(&request.body).and_then(|new| state.overrides.add(new)) {
        Ok(added) => {
            tracing::info!(id = added.id, "override added");
            let mut response = json_response(StatusCode::CREATED, &json!(added));
            response.set_header(
                header::LOCATION,
                &format!("{ADMIN_PREFIX}overrides/{}", added.id),
            );
            response
        }
        Err(err @ OverrideError::Full) => {
            json_response(StatusCode::CONFLICT, &json!({ "Message": err.to_string() }))
        }
        Err(err) => bad_request(&err.to_string()),
    }
}

fn no_override(id: u64) -> MockResponse {
    json_response(
        StatusCode::NOT_FOUND,
        &json!({ "Message": format!("No override with id {id}; GET {ADMIN_PREFIX}overrides lists them.") }),
    )
}

fn bad_request(message: &str) -> MockResponse {
    json_response(StatusCode::BAD_REQUEST, &json!({ "Message": message }))
}

/// A JSON answer.
pub(crate) fn json_response(status: StatusCode, value: &Value) -> MockResponse {
    MockResponse::with_body(status, JSON, value.to_string().into_bytes())
}
