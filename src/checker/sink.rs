//! Collecting findings while a check walks its input.

use super::finding::{Finding, Location};
use super::profile::Profile;
use super::rule::{RuleId, Severity};
use crate::codec::WireFormat;

/// Where checks put their findings: knows the profile and the response format, so each check
/// only states rule, severity, place and values.
pub(crate) struct Sink<'p> {
    pub(crate) profile: &'p Profile,
    format: Option<WireFormat>,
    pub(crate) findings: Vec<Finding>,
}

impl<'p> Sink<'p> {
    /// A sink for findings in `format` (`None`: format-independent).
    pub(crate) fn new(profile: &'p Profile, format: Option<WireFormat>) -> Sink<'p> {
        Sink {
            profile,
            format,
            findings: Vec::new(),
        }
    }

    /// Record a finding.
    pub(crate) fn push(
        &mut self,
        rule: RuleId,
        severity: Severity,
        location: Location,
        expected: impl Into<String>,
        actual: impl Into<String>,
        message: impl Into<String>,
    ) {
        let mut finding = Finding::new(rule, severity, location, expected, actual, message);
        finding.format = self.format;
        self.findings.push(finding);
    }

    /// The findings with the profile's severity overrides applied.
    pub(crate) fn finish(self) -> Vec<Finding> {
        self.profile.apply(self.findings)
    }
}
