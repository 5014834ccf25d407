//! favorite-contract: a contract-test suite and reference mock server for
//! `POST api/client/ClientFavoriteDataInfo` of LCManagerPartner (ASP.NET Web API 2).

pub mod checker;
pub mod cli;
pub mod codec;
pub mod contract;
pub mod dataset;
pub mod engine;
pub mod hosting;
pub mod model;
pub mod schema;
pub mod server;
pub mod snapshot;
