//! The oracle diff: the server's response against the reference engine's, field by field.

use super::compare::{Equivalence, diff};
use super::finding::{Finding, Location};
use super::profile::Profile;
use super::rule::{RuleId, Severity};
use crate::model::Response;

/// Compare `actual` with the engine's `expected` under the default profile: decimals
/// numerically, dates as instants plus kind, rows by index (extra and missing rows reported).
pub fn oracle_diff(expected: &Response, actual: &Response) -> Vec<Finding> {
    oracle_diff_with(expected, actual, &Profile::default())
}

/// [`oracle_diff`] under a profile (its time zone, its tolerance of null arrays and messages,
/// its severity overrides).
pub fn oracle_diff_with(expected: &Response, actual: &Response, profile: &Profile) -> Vec<Finding> {
    let findings = diff(expected, actual, Equivalence::Data, profile)
        .into_iter()
        .map(|d| {
            Finding::new(
                RuleId::OracleDiff,
                Severity::Violation,
                Location::Pointer(d.pointer),
                d.expected,
                d.actual,
                "differs from the reference engine's answer for the same dataset and request",
            )
        })
        .collect();
    profile.apply(findings)
}
