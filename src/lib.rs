//! favorite-contract: a contract-test suite and reference mock server for
//! `POST api/client/ClientFavoriteDataInfo` of LCManagerPartner (ASP.NET Web API 2).

pub mod checker;
pub mod cli;
pub mod client;
pub mod codec;
mod compose;
pub mod contract;
pub mod dataset;
pub mod engine;
mod excerpt;
pub mod exchange;
mod json_file;
pub mod judge;
pub mod model;
pub mod pipeline;
pub mod runner;
pub mod schema;
pub mod server;
pub mod snapshot;
mod wire;

pub use client::Target;
pub use exchange::{HttpRequest, HttpResponse, RequestBody};
pub use judge::{AuthPolicy, Judge, JudgeSetup};
pub use pipeline::{AuthOutcome, Inbound, Pipeline, RequestClass};
pub use runner::{RunConfig, run};
