//! favorite-contract: a contract-test suite and reference mock server for
//! `POST api/client/ClientFavoriteDataInfo` of LCManagerPartner (ASP.NET Web API 2).

pub mod codec;
pub mod contract;
pub mod model;
