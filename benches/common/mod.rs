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
