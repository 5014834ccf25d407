//! `GET /__mock/health` and `POST /__mock/reload`.

use super::json_response;
use crate::engine::{self, DateStyle};
use crate::model::NetDateTime;
use crate::server::answer_cache::{MAX_CACHED_ANSWER_BYTES, MAX_CACHED_ANSWERS};
use crate::server::bind_memo::{MAX_MEMO_BIND_BYTES, MAX_MEMO_BINDS, MAX_MEMO_BODY_BYTES};
use crate::server::diagnostics::severity_name;
use crate::server::request::MockResponse;
use crate::server::routing::ADMIN_PREFIX;
use crate::server::state::State;
use http::StatusCode;
use serde_json::{Value, json};

/// What every view of the mock reads first. `mode` says which tool answers (`mock` here; a
/// validation proxy says `proxy`), so one console serves both.
pub(super) fn health(state: &State) -> Value {
    let loaded = state.dataset();
    let loaded_at: chrono::DateTime<chrono::Utc> = loaded.loaded_at.into();
    let dataset = &loaded.dataset;
    let counts = dataset.counts();
    let settings = &state.config.settings;
    let as_of = settings.as_of.unwrap_or_else(|| dataset.as_of());
    let zone = engine::server_zone(dataset, settings);
    let offset = zone.offset_of_local(as_of);
    let mut offset_text = String::new();
    crate::model::push_offset(&mut offset_text, offset);
    let journal = state.journal.stats();
    let answers = state.answers.stats();
    let binds = state.binds.stats();
    json!({
        "status": "ok",
        "mode": "mock",
        "version": env!("CARGO_PKG_VERSION"),
        "console": ADMIN_PREFIX,
        "uptime_ms": u64::try_from(state.started.elapsed().as_millis()).unwrap_or(u64::MAX),
        "in_flight": state.in_flight(),
        "auth": state.config.auth.name(),
        "base_path": state.config.base_path,
        "endpoint": format!(
            "{}/{}",
            state.config.base_path.as_deref().unwrap_or(""),
            crate::contract::contract().endpoint.path
        ),
        "diagnostics_level": severity_name(state.config.diagnostics_level),
        "dataset": {
            "source": state.config.dataset.to_string(),
            "generation": loaded.generation,
            "loaded_at": loaded_at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
            "watch": state.config.watch,
            // The "now" answers are computed at (after --as-of), to the tick, written as
            // dates are on the wire (trailing zeros of the fraction dropped).
            "as_of": NetDateTime::unspecified(as_of).to_wire(),
            "as_of_from": if settings.as_of.is_some() { "--as-of" } else { "dataset" },
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
        // How to read the answers' dates: without an offset they are wall-clock times of this
        // zone, never of the reader's.
        "dates": {
            "server_time_zone": zone.to_string(),
            "server_time_zone_from": if settings.time_zone.is_some() { "--time-zone" } else { "dataset" },
            "utc_offset_at_as_of": offset_text,
            "kind": match settings.date_style {
                DateStyle::Unspecified => "unspecified",
                DateStyle::Local => "local",
            },
            "note": "Response dates without an offset are wall-clock times in server_time_zone. \
                     Do not pass them to new Date() or Date.parse, which read them in the \
                     browser's own zone; attach the zone's offset first.",
        },
        "journal": {
            "capacity": state.config.journal_size,
            "capacity_bytes": state.config.journal_bytes,
            "kept": journal.kept,
            "bytes": journal.bytes,
            "total": journal.total,
        },
        "answer_cache": {
            "hits": answers.hits,
            "misses": answers.misses,
            "kept": answers.kept,
            "capacity_per_shard": MAX_CACHED_ANSWERS,
            "capacity_bytes_per_shard": MAX_CACHED_ANSWER_BYTES,
            "shards": answers.shards,
        },
        "bind_memo": {
            "hits": binds.hits,
            "misses": binds.misses,
            "kept": binds.kept,
            "capacity_per_shard": MAX_MEMO_BINDS,
            "capacity_bytes_per_shard": MAX_MEMO_BIND_BYTES,
            "largest_body_bytes": MAX_MEMO_BODY_BYTES,
            "shards": binds.shards,
        },
        "overrides": state.overrides.len(),
    })
}

pub(super) fn reload(state: &State) -> MockResponse {
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
