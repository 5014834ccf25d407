//! Unit tests of the server's pure parts: the handler over owned requests, no sockets.

mod cors;
mod handler;
mod journal;
mod jwt;
mod routing;
mod scenario;
mod security;

use super::config::ServerConfig;
use super::state::State;
use crate::dataset::Dataset;

/// A state over the embedded dataset.
fn state(config: ServerConfig) -> State {
    State::with_dataset(config, Dataset::embedded_default())
}
