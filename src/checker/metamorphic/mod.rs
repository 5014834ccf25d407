//! Metamorphic relations (contracts/reference/domain.md#metamorphic, metamorphic): pure functions over pairs and
//! sequences of (request, response). Each checks its precondition first and refuses, with
//! [`NotApplicable`], inputs the relation does not cover — a runner bug, not a server fault.

mod narrowing;
mod paging;

pub use narrowing::{filter_narrowing, period_narrowing};
pub use paging::{paging_concat, total_rows_paging};

use super::compare::{Equivalence, diff};
use super::finding::{Finding, Location};
use super::profile::Profile;
use super::rule::{RuleId, Severity};
use crate::exchange::HttpRequest;
use crate::model::{Record, Request, Response};

/// One observed exchange: the request as bound, the typed response, and the HTTP request that
/// carried it (attached to findings).
#[derive(Clone, Copy, Debug)]
pub struct Observation<'a> {
    /// The request as the action saw it.
    pub request: &'a Request,
    /// The typed response.
    pub response: &'a Response,
    /// The HTTP request sent, if the runner has it.
    pub case: Option<&'a HttpRequest>,
}

/// Why a relation does not apply to the observations given.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum NotApplicable {
    /// The requests differ in a member the relation keeps fixed.
    #[error("expected requests equal except {allowed}, found `{field}` differing")]
    RequestsDiffer {
        /// The members allowed to differ.
        allowed: String,
        /// The first member that differs otherwise.
        field: String,
    },
    /// A response is a business error; relations compare data.
    #[error("expected successful responses (ErrorCode 0), found ErrorCode {code}")]
    NotSuccess {
        /// The code.
        code: i32,
    },
    /// The relation's specific shape is not met.
    #[error("expected {expected}, found {found}")]
    Shape {
        /// What the relation needs.
        expected: String,
        /// What was given.
        found: String,
    },
}

const START: &str = "Start";
const LENGTH: &str = "Length";
const BEG_DATE: &str = "BegDate";
const END_DATE: &str = "EndDate";
const CLIENT_FAVORITE_ID: &str = "ClientFavoriteId";
const LIST_DATA_ID: &str = "ListDataId";
const CLIENT_FAVORITES: &str = "ClientFavorites";
const TOTAL_ROWS_SELECT: &str = "TotalRowsSelect";

/// The requests agree on every member but `allowed`.
fn same_except(a: &Request, b: &Request, allowed: &[&str]) -> Result<(), NotApplicable> {
    let schema = a.schema();
    for (i, field) in schema.fields.iter().enumerate() {
        if allowed.contains(&field.name.as_str()) {
            continue;
        }
        if !super::compare::exact_eq(a.field(i), b.field(i)) {
            return Err(NotApplicable::RequestsDiffer {
                allowed: if allowed.is_empty() {
                    "nothing".to_owned()
                } else {
                    allowed.join(", ")
                },
                field: field.name.clone(),
            });
        }
    }
    Ok(())
}

/// Whether `pointer` is one of the top-level members `names` or inside one.
fn under(pointer: &str, names: &[&str]) -> bool {
    names.iter().any(|n| {
        pointer
            .strip_prefix('/')
            .and_then(|p| p.strip_prefix(n))
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
    })
}

fn success(observations: &[Observation<'_>]) -> Result<(), NotApplicable> {
    match observations.iter().find(|o| o.response.error_code != 0) {
        Some(o) => Err(NotApplicable::NotSuccess {
            code: o.response.error_code,
        }),
        None => Ok(()),
    }
}

/// Findings of one relation, attached to the observation that exposed them.
struct Out<'p> {
    rule: RuleId,
    profile: &'p Profile,
    case: Option<HttpRequest>,
    findings: Vec<Finding>,
}

impl<'p> Out<'p> {
    fn new(rule: RuleId, profile: &'p Profile, at: &Observation<'_>) -> Out<'p> {
        Out {
            rule,
            profile,
            case: at.case.cloned(),
            findings: Vec::new(),
        }
    }

    fn push(&mut self, pointer: String, expected: String, actual: String, message: &str) {
        let mut f = Finding::new(
            self.rule,
            Severity::Violation,
            Location::Pointer(pointer),
            expected,
            actual,
            message,
        );
        f.request = self.case.clone();
        self.findings.push(f);
    }

    /// Report every difference between `a` and `b` (under `equivalence`) at a pointer `keep`
    /// accepts.
    fn differences(
        &mut self,
        a: &Response,
        b: &Response,
        equivalence: Equivalence,
        keep: impl Fn(&str) -> bool,
        why: &str,
    ) {
        for d in diff(a, b, equivalence, self.profile) {
            if keep(&d.pointer) {
                self.push(d.pointer, d.expected, d.actual, why);
            }
        }
    }

    fn finish(self) -> Vec<Finding> {
        self.profile.apply(self.findings)
    }
}

/// The same request in two encodings (JSON / XML / form) yields the same data: decimals
/// compared numerically, dates as instants plus kind.
pub fn format_equivalence(
    a: Observation<'_>,
    b: Observation<'_>,
    profile: &Profile,
) -> Result<Vec<Finding>, NotApplicable> {
    same_answer(
        a,
        b,
        RuleId::MetaFormatEquivalence,
        Equivalence::Data,
        profile,
        "the same request in another encoding got other data",
    )
}

/// Repeating a request yields the same answer, representation included (decimal scale, date
/// text).
pub fn repeat(
    first: Observation<'_>,
    second: Observation<'_>,
    profile: &Profile,
) -> Result<Vec<Finding>, NotApplicable> {
    same_answer(
        first,
        second,
        RuleId::MetaRepeat,
        Equivalence::Exact,
        profile,
        "the same request got another answer",
    )
}

/// Two answers to the same request, every difference (under `equivalence`) a finding of `rule`.
fn same_answer(
    first: Observation<'_>,
    second: Observation<'_>,
    rule: RuleId,
    equivalence: Equivalence,
    profile: &Profile,
    why: &str,
) -> Result<Vec<Finding>, NotApplicable> {
    same_except(first.request, second.request, &[])?;
    let mut out = Out::new(rule, profile, &second);
    out.differences(first.response, second.response, equivalence, |_| true, why);
    Ok(out.finish())
}
