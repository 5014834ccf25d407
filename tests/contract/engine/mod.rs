//! The engine against the documented default dataset (the catalogue is executable) and against
//! generated datasets (the invariants of contracts/reference/domain.md#invariants, metamorphic relations, a naive oracle).

mod catalogue;
mod oracle;
mod properties;

use favorite_contract::Dataset;
use favorite_contract::codec::datetime::parse_jsonnet;
use favorite_contract::{EngineContext as Context, EngineSettings as Settings, respond};
use favorite_contract::{Request, Response};

/// A request from a JSON body with the contract's field names (the simple bodies of the
/// catalogue: numbers, strings and dates; Json.NET's leniency is the codec's business).
pub(crate) fn request_from_json(body: &str, dataset: &Dataset) -> Request {
    let value: serde_json::Value = serde_json::from_str(body).unwrap();
    let int = |key: &str| value.get(key).and_then(serde_json::Value::as_i64);
    let date = |key: &str| {
        let text = value.get(key).and_then(serde_json::Value::as_str)?;
        Some(parse_jsonnet(text, dataset.time_zone()).unwrap())
    };
    Request {
        client: int("Client").map_or(0, |v| i32::try_from(v).unwrap()),
        client_favorite_id: int("ClientFavoriteId").map(|v| i32::try_from(v).unwrap()),
        list_data_id: int("ListDataId").map(|v| i32::try_from(v).unwrap()),
        beg_date: date("BegDate"),
        end_date: date("EndDate"),
        start: int("Start").map(|v| i32::try_from(v).unwrap()),
        length: int("Length").map(|v| i32::try_from(v).unwrap()),
        operator: int("Operator").map_or(0, |v| i16::try_from(v).unwrap()),
        token: int("Token"),
        site_code: value
            .get("SiteCode")
            .and_then(serde_json::Value::as_str)
            .map(str::to_owned),
    }
}

/// Answer with default settings and no JWT.
pub(crate) fn answer(dataset: &Dataset, request: &Request) -> Response {
    respond(request, dataset, &Settings::default(), &Context::default())
}
