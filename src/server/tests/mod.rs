//! Unit tests of the server's pure parts: the handler over owned requests, no sockets.

mod cors;
mod handler;
mod journal;
mod jwt;
mod routing;
mod scenario;
mod security;

use super::config::ServerConfig;
use super::request::CapturedRequest;
use super::state::State;
use crate::dataset::Dataset;

/// A state over the embedded dataset.
fn state(config: ServerConfig) -> State {
    State::with_dataset(config, Dataset::embedded_default())
}

/// The request as the connection layer hands it over from a client that frames its body (a
/// `Content-Length` of its size), unless the test set its framing itself.
fn framed(request: &CapturedRequest) -> CapturedRequest {
    let has = |name| request.headers.contains_key(name);
    if has(http::header::CONTENT_LENGTH) || has(http::header::TRANSFER_ENCODING) {
        return request.clone();
    }
    request
        .clone()
        .with_header("Content-Length", &request.body.len().to_string())
}
