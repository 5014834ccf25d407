//! Unit tests of the snapshot module, one file per concern.
#![allow(clippy::unwrap_used, reason = "tests fail loudly by design")]

mod canonical;
mod document;
mod encode;
mod load;
mod redact;
