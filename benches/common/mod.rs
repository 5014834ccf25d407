//! What several bench binaries share: their command-line numbers and the engine's request mix.
#![allow(dead_code, reason = "each bench binary uses only part of this module")]

pub(crate) mod bodies;
pub(crate) mod http;
pub(crate) mod process;
pub(crate) mod wrk;

use favorite_contract::Dataset;
use favorite_contract::Request;

/// The number after `name` on the bench's command line (`cargo bench --bench B -- NAME N`).
pub(crate) fn number_arg(name: &str) -> Option<u64> {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse::<u64>().ok())
}

/// The text after `name` on the bench's command line (`cargo bench --bench B -- NAME TEXT`).
pub(crate) fn string_arg(name: &str) -> Option<String> {
    let args: Vec<String> = std::env::args().collect();
    let i = args.iter().position(|a| a == name)?;
    args.get(i + 1).cloned()
}

/// 1,024 first-page requests for clients spread over the whole dataset (a prime stride), so
/// that no cache holds one client's data for the next request.
pub(crate) fn spread_requests(dataset: &Dataset) -> Vec<Request> {
    let clients = dataset.clients();
    (0..1024)
        .map(|i| {
            let c = &clients[(i * 7919) % clients.len()];
            Request {
                client: c.id,
                operator: c.operator,
                start: Some(1),
                length: Some(10),
                ..Request::default()
            }
        })
        .collect()
}

/// The action's path.
pub(crate) const ACTION: &str = "/api/client/ClientFavoriteDataInfo";
/// A 10-row page in JSON (client 1006's one entry).
pub(crate) const JSON_BODY: &str = r#"{"Operator":1,"Client":1006,"Start":1,"Length":10}"#;
/// A 10-row page of client 1012 in XML.
pub(crate) const XML_BODY: &str = r#"<ClientFavoriteDataInfoRequest xmlns="http://schemas.datacontract.org/2004/07/LCManagerPartner.Implementation.Request"><Client>1012</Client><Length>10</Length><Start>1</Start></ClientFavoriteDataInfoRequest>"#;
/// Client 1007 (one row) as a form.
pub(crate) const FORM_BODY: &str = "Operator=1&Client=1007";

/// A `wrk` load of the action sending [`JSON_BODY`], [`XML_BODY`] and [`FORM_BODY`] in turn,
/// each with its own `Content-Type`, with the `Authorization` header given.
pub(crate) fn mixed_load(addr: std::net::SocketAddr, auth: (&str, &str)) -> wrk::Load {
    wrk::Load::post(addr, ACTION, &[auth], JSON_BODY).rotating(&[
        ("application/json", JSON_BODY),
        ("application/xml", XML_BODY),
        ("application/x-www-form-urlencoded", FORM_BODY),
    ])
}
