//! Invariants of one response (contracts/reference/domain.md#invariants), each a rule, and the
//! relations between its lists (contracts/reference/domain.md#list-relations). They run on the
//! typed [`Response`] a valid body produced, with the request as the action saw it when known.

mod counts;
mod relations;
mod rows;

use super::finding::{Finding, Location};
use super::profile::{Profile, Tolerance};
use super::rule::{RuleId, Severity};
use super::sink::Sink;
use crate::contract::{ClrType, contract};
use crate::model::{NetDateTime, Record, Request, Response, ValueRef};
use rust_decimal::Decimal;

/// The scale of every money value (SQL `decimal(18,2)`).
pub const MONEY_SCALE: u32 = 2;

/// Half a unit of the last money digit: averages are rounded to 2 decimals, so
/// `|AvgFavorite × CountPurchases − SumGain| ≤ AVG_TOLERANCE × CountPurchases`.
pub const AVG_TOLERANCE: Decimal = Decimal::from_parts(5, 0, 0, false, 3);

/// Check every single-response invariant. `request` is the request as bound; without it the
/// request-dependent invariants (paging, period, filters) are skipped.
pub fn check_invariants(
    request: Option<&Request>,
    response: &Response,
    profile: &Profile,
) -> Vec<Finding> {
    let mut sink = Sink::new(profile, None);
    let mut inv = Inv {
        sink: &mut sink,
        r: response,
    };
    inv.null_arrays();
    inv.money_scale();
    inv.error_and_message();
    if response.error_code == 0 {
        inv.counts();
        inv.rows(request);
        inv.links();
        inv.purchases();
        inv.duplicates();
        inv.order();
        inv.relations(request);
        if let Some(request) = request {
            inv.paging(request);
            inv.period(request);
            inv.filters(request);
            inv.invalid_request_succeeded(request);
        }
    }
    sink.finish()
}

/// The data fields of a response that are not zero/empty, as `(pointer, value)`; `ErrorCode`
/// and `Message` excluded. An error answer and a cross-operator answer must have none.
pub(crate) fn data_present(response: &Response) -> Vec<(String, String)> {
    let schema = response.schema();
    let mut present = Vec::new();
    for (i, field) in schema.fields.iter().enumerate() {
        if field.name == ERROR_CODE || field.ty == ClrType::String {
            continue;
        }
        let shown = match response.field(i) {
            ValueRef::Int(v) if v != 0 => v.to_string(),
            ValueRef::Decimal(v) if !v.is_zero() => v.to_string(),
            ValueRef::Rows(rows) if !rows.is_empty() => format!("{} rows", rows.len()),
            _ => continue,
        };
        present.push((format!("/{}", field.name), shown));
    }
    present
}

const ERROR_CODE: &str = "ErrorCode";

struct Inv<'s, 'p, 'r> {
    sink: &'s mut Sink<'p>,
    r: &'r Response,
}

fn at(pointer: impl Into<String>) -> Location {
    Location::Pointer(pointer.into())
}

impl Inv<'_, '_, '_> {
    pub(super) fn violation(
        &mut self,
        rule: RuleId,
        pointer: impl Into<String>,
        expected: impl Into<String>,
        actual: impl Into<String>,
        message: impl Into<String>,
    ) {
        self.sink.push(
            rule,
            Severity::Violation,
            at(pointer),
            expected,
            actual,
            message,
        );
    }

    /// The count `name` must not exceed `bound`, the value of `bound_name`.
    pub(super) fn at_most(
        &mut self,
        rule: RuleId,
        (name, value): (&str, i32),
        (bound_name, bound): (&str, i32),
        why: &str,
    ) {
        if value > bound {
            self.violation(
                rule,
                format!("/{name}"),
                format!("≤ {bound_name} ({bound})"),
                value.to_string(),
                why,
            );
        }
    }

    fn null_arrays(&mut self) {
        if self.sink.profile.null_arrays == Tolerance::Allow {
            return;
        }
        let schema = self.r.schema();
        for (i, field) in schema.fields.iter().enumerate() {
            if field.ty == ClrType::List && matches!(self.r.field(i), ValueRef::Null) {
                self.sink.push(
                    RuleId::InvNullArray,
                    Severity::ProfileDeviation,
                    at(format!("/{}", field.name)),
                    "[]",
                    "null",
                    "the profile expects empty arrays rather than null",
                );
            }
        }
    }

    fn money_scale(&mut self) {
        let schema = self.r.schema();
        for (i, field) in schema.fields.iter().enumerate() {
            if let ValueRef::Decimal(v) = self.r.field(i)
                && v.scale() != MONEY_SCALE
            {
                self.sink.push(
                    RuleId::InvMoneyScale,
                    Severity::Warning,
                    at(format!("/{}", field.name)),
                    "scale 2 (decimal(18,2), e.g. 100.00)",
                    format!("{v} (scale {})", v.scale()),
                    "money reaches .NET from SQL with scale 2 and keeps it on the wire",
                );
            }
        }
    }

    fn error_and_message(&mut self) {
        let r = self.r;
        match (r.error_code, r.message.as_deref()) {
            (0, Some("")) => {}
            (0, None) => {
                if self.sink.profile.null_message == Tolerance::Report {
                    self.sink.push(
                        RuleId::InvErrorMessage,
                        Severity::ProfileDeviation,
                        at("/Message"),
                        "\"\"",
                        "null",
                        "production sends an empty string on success (Convert.ToString of an \
                         output parameter)",
                    );
                }
            }
            (0, Some(m)) => self.violation(
                RuleId::InvErrorMessage,
                "/Message",
                "\"\" with ErrorCode 0",
                format!("\"{}\"", super::body::clip(m)),
                "front-ends test success as ErrorCode === 0 && !Message: this success reads as a \
                 failure",
            ),
            (code, None | Some("")) => self.violation(
                RuleId::InvErrorMessage,
                "/Message",
                format!("a message for ErrorCode {code}"),
                "empty",
                "a business error always carries its message",
            ),
            (code, Some(m)) => {
                match contract().business_message(code) {
                    Some(expected) if expected == m => {}
                    Some(expected) => self.violation(
                        RuleId::InvBusinessError,
                        "/Message",
                        format!("\"{expected}\""),
                        format!("\"{}\"", super::body::clip(m)),
                        format!(
                            "not the contract's message for ErrorCode {code}; front-ends show it \
                             to the client"
                        ),
                    ),
                    None => self.violation(
                        RuleId::InvBusinessError,
                        "/ErrorCode",
                        "a contract business code (1–8)",
                        code.to_string(),
                        "the contract defines no such code; clients cannot tell what failed",
                    ),
                }
                for (pointer, value) in data_present(r) {
                    self.violation(
                        RuleId::InvErrorEmpty,
                        pointer,
                        "0 / empty with a non-zero ErrorCode",
                        value,
                        format!("ErrorCode {code} answers carry no data"),
                    );
                }
            }
        }
    }
}

fn shown(v: Option<i32>) -> String {
    v.map_or("null".to_owned(), |v| v.to_string())
}

fn shown_date(v: Option<&NetDateTime>) -> String {
    v.map_or("(open)".to_owned(), NetDateTime::to_wire)
}
