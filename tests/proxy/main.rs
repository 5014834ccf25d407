//! The validation proxy (`favorite-contract proxy`) against real servers on 127.0.0.1: our mock
//! (through which the corpus and a generated check run must pass clean, byte for byte),
//! wiremock upstreams with one fault each, upstreams that are gone or slow, and the binary
//! itself under SIGTERM.
#![allow(clippy::unwrap_used, reason = "tests fail loudly by design")]
#![allow(missing_docs, unreachable_pub, reason = "test code")]

mod binary;
mod faults;
mod guard;
mod https;
mod limits;
mod support;
mod transparent;
