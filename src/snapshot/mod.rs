//! Regression snapshots: a named request corpus (`contracts/corpus/`), the responses of any target
//! recorded as insta snapshot files, and a semantic comparison of a target with a recording.
//!
//! - [`Case`]s are data, validated against the contract when loaded ([`corpus`], [`parse_case`]).
//! - [`record_case`] sends every exchange of a case (request format × Accept variant) and keeps
//!   the responses in a readable form that still pins the exact bytes ([`Recording::text`]).
//! - [`record_dir`] writes insta-compatible `.snap` files (`.snap.new` for changes, so
//!   `cargo insta review` works on them); [`check_dir`] compares a target with them: JSON
//!   semantically, XML canonically with DataContract order kept ([`Difference`]).
//! - [`Redactions`] hide volatile values behind visible markers.
//! - [`judge_case`] judges every exchange of a case with the judging core
//!   ([`Judge`](crate::Judge)), as `check` does for generated cases.
//!
//! The same [`Recording::text`] is pinned for our mock by the `snapshots` integration test, so
//! `favorite-contract snapshot --check snapshots/` compares any target with our mock.

mod case;
mod check;
pub mod corpus;
mod diff;
mod document;
mod encode;
mod http;
mod json_doc;
mod judge;
mod load;
mod record;
mod redact;
mod run;
mod snap_file;
mod xml_diff;
mod xml_doc;

pub use case::{Accept, Auth, Case, CaseValue, Covers, Expect, Member, Payload};
pub use check::{CaseDiff, CheckReport, ExchangeDiff, check_dir, check_dir_until};
pub use diff::{ABSENT, DiffAt, Difference, MAX_VALUE_CHARS};
pub use document::{DocError, RECORDED_HEADERS, TARGET_AUTH_LINE};
pub use encode::{Exchange, Input, encode, exchanges, label};
pub use http::HttpTarget;
pub use judge::{JudgedExchange, judge_case};
pub use load::{CorpusError, MAX_COMMENT_CHARS, parse_case};
pub use redact::{DATE_LABEL, RedactError, Redaction, Redactions, TARGET_MARKER};
pub use run::{
    ExchangeSummary, RecordSummary, Recording, SnapshotError, WriteMode, record_case, record_dir,
    record_dir_until,
};
pub use snap_file::{SNAPSHOT_NAME, pending_file_name, snap_file_name};

#[cfg(test)]
mod tests;
