//! The one integration-test binary: contract, codecs, engine, server, checker and snapshots.
#![allow(clippy::unwrap_used, reason = "tests fail loudly by design")]
#![allow(missing_docs, unreachable_pub, reason = "test code")]

mod bin_support;
mod check_runs;
mod check_setup;
mod check_tls;
mod checker_broken;
mod checker_relations;
mod checker_rules;
mod checker_run;
mod citations;
mod cli_explain;
// A release build ignores the fault variable these tests arm.
#[cfg(debug_assertions)]
mod cli_internal_error;
mod cli_scripting;
mod cli_stop;
mod contract_file;
mod dataset;
mod engine;
mod form;
mod json;
mod mock_conformance;
mod negotiate;
mod openapi_validator;
mod probe_deadline;
mod schema;
mod server;
mod snapshots;
mod support;
mod xml;
