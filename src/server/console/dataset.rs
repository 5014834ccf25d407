//! `GET /__mock/dataset[?operator=N][&offset=N][&limit=N]`: the dataset in service for the
//! console's browser: every operator with its settings, and a page of clients, each with what
//! its answer shows (from the default dataset's catalogue, `contracts/datasets/default/CATALOGUE.md`,
//! when the embedded dataset is served) and a summary of that answer computed by the engine.
//! A page holds at most [`MAX_DATASET_PAGE`] clients, so a 100,000-client dataset costs one
//! page per read.

use super::super::admin::json_response;
use super::super::config::DatasetSource;
use super::super::request::MockResponse;
use super::super::state::State;
use crate::engine::{self, Context};
use crate::model::Request;
use http::StatusCode;
use serde_json::{Value, json};
use std::sync::OnceLock;

/// Most clients one read of the dataset document lists.
pub const MAX_DATASET_PAGE: usize = 200;
/// Clients per page unless `limit` says otherwise.
const DEFAULT_PAGE: usize = 100;

/// The default dataset's catalogue: what each client shows.
const CATALOGUE: &str = include_str!("../../../contracts/datasets/default/CATALOGUE.md");

/// `client id → what it shows`, from the catalogue's client table.
fn catalogue() -> &'static [(i32, String)] {
    static PARSED: OnceLock<Vec<(i32, String)>> = OnceLock::new();
    PARSED.get_or_init(|| parse_catalogue(CATALOGUE))
}

/// Rows `| 1001 | 1 | what it shows | …` of the catalogue's client table.
fn parse_catalogue(text: &str) -> Vec<(i32, String)> {
    let start = text.find("## Clients").unwrap_or(0);
    text[start..]
        .lines()
        .filter_map(|line| {
            let mut cells = line.strip_prefix('|')?.split('|').map(str::trim);
            let id = cells.next()?.parse().ok()?;
            let _operator = cells.next()?;
            let shows = cells.next()?;
            Some((id, shows.to_owned()))
        })
        .collect()
}

/// The dataset document, or 400 naming a bad parameter.
pub(crate) fn dataset_document(state: &State, query: Option<&str>) -> MockResponse {
    let mut operator: Option<i16> = None;
    let mut offset = 0usize;
    let mut limit = DEFAULT_PAGE;
    for (name, value) in form_urlencoded::parse(query.unwrap_or("").as_bytes()) {
        let value = value.trim();
        let parsed = match name.as_ref() {
            "operator" => value.parse().map(|o| operator = Some(o)).is_ok(),
            "offset" => value.parse().map(|o| offset = o).is_ok(),
            "limit" => value
                .parse::<usize>()
                .map(|l| limit = l.clamp(1, MAX_DATASET_PAGE))
                .is_ok(),
            _ => false,
        };
        if !parsed {
            let message = format!(
                "query parameter `{name}`: expected operator=<Int16>, offset=<count> or \
                 limit=<count up to {MAX_DATASET_PAGE}>, found `{value}`"
            );
            return json_response(StatusCode::BAD_REQUEST, &json!({ "Message": message }));
        }
    }
    let loaded = state.dataset();
    let dataset = &loaded.dataset;
    let embedded = state.config.dataset == DatasetSource::Embedded;
    let operators: Vec<Value> = dataset
        .operators()
        .iter()
        .map(|op| {
            let clients = dataset
                .clients()
                .iter()
                .filter(|c| c.operator == op.id)
                .count();
            let goods = dataset
                .goods()
                .iter()
                .filter(|g| g.operator == op.id)
                .count();
            json!({
                "id": op.id,
                "name": op.name,
                "default": op.id == dataset.default_operator(),
                "max_link_goods": op.max_link_goods,
                "required_purchases": op.required_purchases,
                "required_gain": op.required_gain.to_string(),
                "required_every_gain": op.required_every_gain.to_string(),
                "tokens": op.tokens,
                "site_codes": op.site_codes,
                "time_zone": op.time_zone.map(|z| z.to_string()),
                "clients": clients,
                "goods": goods,
            })
        })
        .collect();
    let selected: Vec<_> = dataset
        .clients()
        .iter()
        .filter(|c| operator.is_none_or(|op| c.operator == op))
        .collect();
    let context = Context { jwt_operator: None };
    let items: Vec<Value> = selected
        .iter()
        .skip(offset)
        .take(limit)
        .map(|client| {
            let request = Request {
                client: client.id,
                operator: client.operator,
                ..Request::default()
            };
            let answer = engine::respond(&request, dataset, &state.config.settings, &context);
            let shows = embedded
                .then(|| {
                    catalogue()
                        .iter()
                        .find(|(id, _)| *id == client.id)
                        .map(|(_, text)| text.clone())
                })
                .flatten();
            json!({
                "id": client.id,
                "operator": client.operator,
                "shows": shows,
                "entries": dataset.client_entries(client.id).len(),
                "purchases": dataset.client_purchases(client.id).len(),
                "answer": {
                    "ErrorCode": answer.error_code,
                    "TotalRows": answer.total_rows,
                    "MaxLinkGoods": answer.max_link_goods,
                    "NowLinkGoods": answer.now_link_goods,
                    "CountOffer": answer.count_offer,
                    "CountConfirm": answer.count_confirm,
                    "CountPurchases": answer.count_purchases,
                    "RemainCountPurchases": answer.remain_count_purchases,
                },
            })
        })
        .collect();
    json_response(
        StatusCode::OK,
        &json!({
            "source": state.config.dataset.to_string(),
            "generation": loaded.generation,
            "catalogue": embedded.then_some("contracts/datasets/default/CATALOGUE.md"),
            "default_operator": dataset.default_operator(),
            "operators": operators,
            "clients": {
                "total": selected.len(),
                "offset": offset,
                "limit": limit,
                "items": items,
            },
        }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_catalogue_names_what_every_default_client_shows() {
        let dataset = crate::dataset::Dataset::embedded_default();
        let catalogue = catalogue();
        assert_eq!(catalogue.len(), dataset.clients().len());
        for client in dataset.clients() {
            let shows = catalogue.iter().find(|(id, _)| *id == client.id);
            assert!(
                shows.is_some_and(|(_, text)| !text.is_empty()),
                "{}",
                client.id
            );
        }
    }
}
