//! Field-by-field comparison of two records of one contract type, walked through the
//! contract's schema (no hand-written field list). Shared by the oracle diff and the relations.

use super::body::clip;
use super::profile::{Profile, Tolerance};
use crate::contract::ClrType;
use crate::model::{DateKind, NetDateTime, Record, ValueRef};
use crate::wire::pointer_segment;

/// The member whose null the profile may equate with "" (`null_message`).
const MESSAGE: &str = "Message";

/// How strictly values are compared.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Equivalence {
    /// Same value and same representation: decimal scale, date wall clock and kind with offset.
    Exact,
    /// Same data: decimals numerically, dates as instants plus kind class (offsets may differ),
    /// null and empty equal where the profile tolerates null.
    Data,
}

/// One difference.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Diff {
    pub(crate) pointer: String,
    pub(crate) expected: String,
    pub(crate) actual: String,
}

/// Compare two records of the same contract type.
pub(crate) fn diff(
    expected: &dyn Record,
    actual: &dyn Record,
    mode: Equivalence,
    profile: &Profile,
) -> Vec<Diff> {
    let mut out = Vec::new();
    walk(expected, actual, "", mode, profile, &mut out);
    out
}

pub(crate) fn walk(
    expected: &dyn Record,
    actual: &dyn Record,
    pointer: &str,
    mode: Equivalence,
    profile: &Profile,
    out: &mut Vec<Diff>,
) {
    let schema = expected.schema();
    for (i, field) in schema.fields.iter().enumerate() {
        let at = format!("{pointer}/{}", pointer_segment(&field.name));
        let (e, a) = (expected.field(i), actual.field(i));
        let tolerant = mode == Equivalence::Data
            && match field.ty {
                ClrType::List => profile.null_arrays == Tolerance::Allow,
                _ if field.name == MESSAGE => profile.null_message == Tolerance::Allow,
                _ => false,
            };
        match (e, a) {
            (ValueRef::Rows(e), ValueRef::Rows(a)) => {
                for j in 0..e.len().max(a.len()) {
                    let row_at = format!("{at}/{j}");
                    match (j < e.len(), j < a.len()) {
                        (true, true) => walk(e.row(j), a.row(j), &row_at, mode, profile, out),
                        (true, false) => out.push(Diff {
                            pointer: row_at,
                            expected: row_summary(e.row(j)),
                            actual: "no row".to_owned(),
                        }),
                        _ => out.push(Diff {
                            pointer: row_at,
                            expected: "no row".to_owned(),
                            actual: row_summary(a.row(j)),
                        }),
                    }
                }
            }
            (e, a) if same(e, a, mode, profile, tolerant) => {}
            (e, a) => out.push(Diff {
                pointer: at,
                expected: show(e),
                actual: show(a),
            }),
        }
    }
}

fn kind_class(kind: DateKind) -> u8 {
    match kind {
        DateKind::Unspecified => 0,
        DateKind::Utc => 1,
        DateKind::Local(_) => 2,
    }
}

fn same_date(e: &NetDateTime, a: &NetDateTime, mode: Equivalence, profile: &Profile) -> bool {
    match mode {
        Equivalence::Exact => e == a,
        Equivalence::Data => {
            kind_class(e.kind) == kind_class(a.kind)
                && e.instant_utc(profile.time_zone) == a.instant_utc(profile.time_zone)
        }
    }
}

fn same(
    e: ValueRef<'_>,
    a: ValueRef<'_>,
    mode: Equivalence,
    profile: &Profile,
    tolerant: bool,
) -> bool {
    match (e, a) {
        (ValueRef::Null, ValueRef::Null) => true,
        (ValueRef::Int(x), ValueRef::Int(y)) => x == y,
        (ValueRef::Bool(x), ValueRef::Bool(y)) => x == y,
        (ValueRef::Decimal(x), ValueRef::Decimal(y)) => {
            x == y && (mode == Equivalence::Data || x.scale() == y.scale())
        }
        (ValueRef::DateTime(x), ValueRef::DateTime(y)) => same_date(x, y, mode, profile),
        (ValueRef::Str(x), ValueRef::Str(y)) => x == y,
        (ValueRef::Null, ValueRef::Str("") | ValueRef::Rows(_))
        | (ValueRef::Str("") | ValueRef::Rows(_), ValueRef::Null) => {
            let empty = match (e, a) {
                (ValueRef::Rows(r), _) | (_, ValueRef::Rows(r)) => r.is_empty(),
                _ => true,
            };
            tolerant && empty
        }
        _ => false,
    }
}

/// Whether two scalar values are identical (representation included).
pub(crate) fn exact_eq(x: ValueRef<'_>, y: ValueRef<'_>) -> bool {
    same(x, y, Equivalence::Exact, &Profile::default(), false)
}

/// A value for a finding.
pub(crate) fn show(v: ValueRef<'_>) -> String {
    match v {
        ValueRef::Null => "null".to_owned(),
        ValueRef::Str(v) => format!("\"{}\"", clip(v)),
        ValueRef::Rows(rows) => format!("{} rows", rows.len()),
        scalar => scalar.text().unwrap_or_default().into_owned(),
    }
}

/// A row named by its first member (every row type starts with `Id`).
pub(crate) fn row_summary(row: &dyn Record) -> String {
    let schema = row.schema();
    match schema.fields.first() {
        Some(first) => format!("a row with {} {}", first.name, show(row.field(0))),
        None => "a row".to_owned(),
    }
}
