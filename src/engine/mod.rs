//! The pure query semantics of the endpoint (contracts/reference/domain.md#request-handling steps 3–4 and
//! "The data").
//!
//! [`respond`] is a function of the bound request, the dataset, the deployment settings and the
//! request context: no clock, no I/O, no state. It only reads the requested client's own
//! entries and purchases (contiguous, time-sorted slices of the dataset), so a request costs the
//! same whatever the size of the dataset.

mod checks;
mod favorites;
mod period;
mod purchases;
mod visibility;

#[cfg(test)]
mod tests;

use crate::dataset::{Dataset, Entry, Operator, Purchase};
use crate::model::{NetDateTime, Request, Response, Zone};
use chrono::NaiveDateTime;
use period::{Page, Period};
use visibility::until;

/// How dates are written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum DateStyle {
    /// Kind Unspecified, no offset (like SQL Server values). The default.
    #[default]
    Unspecified,
    /// Kind Local (like the help-page samples): the instant written in the server's zone with
    /// the server's offset, as a .NET server has one local zone whatever the operator's.
    Local,
}

/// Per-deployment settings that override the dataset's.
#[derive(Clone, Debug, Default)]
pub struct Settings {
    /// The server's time zone; `None` = the dataset's `time_zone`. Binding and `Local`-style
    /// dates use it; an operator's own `time_zone` (an interpretation, see
    /// `contracts/datasets/README.md`) only decides that operator's business days.
    pub time_zone: Option<Zone>,
    /// How dates are written.
    pub date_style: DateStyle,
    /// "Now"; `None` = the dataset's `as_of`.
    pub as_of: Option<NaiveDateTime>,
}

/// Per-request context outside the body.
#[derive(Clone, Debug, Default)]
pub struct Context {
    /// The `oper` claim of a verified JWT: fills `Operator` when the body's is 0.
    pub jwt_operator: Option<i16>,
}

/// Everything a successful answer is computed from: one operator, one client's visible records.
pub(crate) struct Scope<'d> {
    pub(crate) dataset: &'d Dataset,
    pub(crate) operator: &'d Operator,
    /// The client's entries offered at or before `as_of`, by (proc_time, id) ascending.
    pub(crate) entries: &'d [Entry],
    /// The client's purchases made at or before `as_of`, by (proc_time, id) ascending.
    pub(crate) purchases: &'d [Purchase],
    pub(crate) as_of: NaiveDateTime,
    /// The zone business days are counted in (the operator's, else the server's); stored
    /// wall-clock values are in it.
    pub(crate) zone: Zone,
    /// The server's zone: `Local`-style dates are written in it.
    pub(crate) server: Zone,
    pub(crate) style: DateStyle,
    pub(crate) period: Period,
}

impl Scope<'_> {
    /// A stored wall-clock value as the response writes it.
    pub(crate) fn date(&self, wall: NaiveDateTime) -> NetDateTime {
        match self.style {
            DateStyle::Unspecified => NetDateTime::unspecified(wall),
            DateStyle::Local => {
                let utc = self.zone.to_utc(wall);
                NetDateTime::local(self.server.to_local(utc), self.server.offset_at_utc(utc))
            }
        }
    }
}

/// The operator a request is about: the body's, or for 0 the JWT's `oper` claim, or the
/// dataset's default operator.
pub fn effective_operator(request: &Request, dataset: &Dataset, context: &Context) -> i16 {
    if request.operator != 0 {
        request.operator
    } else {
        context
            .jwt_operator
            .unwrap_or_else(|| dataset.default_operator())
    }
}

/// The business-day zone of a request: the operator's own zone, else the server's.
pub(crate) fn zone(dataset: &Dataset, settings: &Settings, operator: Option<&Operator>) -> Zone {
    operator
        .and_then(|op| op.time_zone)
        .unwrap_or_else(|| server_zone(dataset, settings))
}

/// The server's zone: the deployment's, else the dataset's. Request binding and the wire use
/// it.
pub(crate) fn server_zone(dataset: &Dataset, settings: &Settings) -> Zone {
    settings.time_zone.unwrap_or_else(|| dataset.time_zone())
}

/// A count as the contract's `Int32` (saturating; no client has 2³¹ records).
pub(crate) fn count(n: usize) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

/// Answer a bound (non-null) request from a dataset.
pub fn respond(
    request: &Request,
    dataset: &Dataset,
    settings: &Settings,
    context: &Context,
) -> Response {
    let operator_id = effective_operator(request, dataset, context);
    let as_of = settings.as_of.unwrap_or_else(|| dataset.as_of());
    // One lookup of the client serves the checks and the answer.
    let records = dataset.client_records(request.client);
    if let Some(code) =
        checks::first_failure(request, dataset, settings, operator_id, as_of, records)
    {
        return checks::business_error(code);
    }
    let (Some(operator), Some(records)) = (dataset.operator(operator_id), records) else {
        // Unreachable after the checks above (codes 3 and 2); kept total rather than panicking.
        return checks::business_error(checks::Check::OperatorNotFound.code());
    };
    let zone = zone(dataset, settings, Some(operator));
    let scope = Scope {
        dataset,
        operator,
        entries: until(records.entries, as_of, |e| e.proc_time),
        purchases: until(records.purchases, as_of, |p| p.proc_time),
        as_of,
        zone,
        server: server_zone(dataset, settings),
        style: settings.date_style,
        period: Period::of(request, zone),
    };
    let mut response = Response::empty();
    favorites::fill(&mut response, request, &scope, Page::of(request));
    purchases::fill(&mut response, &scope);
    response
}
