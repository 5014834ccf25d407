//! The pure query semantics of the endpoint (`domain.md`). INTERFACE STUB — the engine helper
//! replaces this file.

use crate::dataset::Dataset;
use crate::model::{Request, Response};

/// How dates are written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum DateStyle {
    /// Kind Unspecified, no offset (like SQL Server values). The default.
    #[default]
    Unspecified,
    /// Kind Local with the server offset (like the help-page samples).
    Local,
}

/// Per-deployment settings that override the dataset's.
#[derive(Clone, Debug, Default)]
pub struct Settings {
    /// Server UTC offset; `None` = the dataset's `time_zone`.
    pub time_zone: Option<chrono::FixedOffset>,
    /// How dates are written.
    pub date_style: DateStyle,
    /// "Now"; `None` = the dataset's `as_of`.
    pub as_of: Option<chrono::NaiveDateTime>,
}

/// Per-request context outside the body.
#[derive(Clone, Debug, Default)]
pub struct Context {
    /// The `oper` claim of a verified JWT: fills `Operator` when the body's is 0.
    pub jwt_operator: Option<i16>,
}

/// Answer a bound (non-null) request from a dataset.
pub fn respond(
    _request: &Request,
    _dataset: &Dataset,
    _settings: &Settings,
    _context: &Context,
) -> Response {
    todo!()
}
