//! Reports of a check run: counts per rule, rendered for humans, as JSON and as JUnit XML, and
//! the process exit code.

mod human;
mod junit;

use super::finding::Finding;
use super::rule::{RuleId, Severity};
use crate::codec::WireFormat;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::time::Duration;

/// Exit code of a run without violations.
pub const EXIT_CLEAN: i32 = 0;
/// Exit code of a run with a violation (or, under `--strict`, any finding).
pub const EXIT_FINDINGS: i32 = 1;

/// Findings of one rule by severity.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleCount {
    /// [`Severity::Violation`]s.
    pub violations: u64,
    /// [`Severity::ProfileDeviation`]s.
    pub profile_deviations: u64,
    /// [`Severity::Warning`]s.
    pub warnings: u64,
}

impl RuleCount {
    fn add(&mut self, severity: Severity) {
        match severity {
            Severity::Violation => self.violations += 1,
            Severity::ProfileDeviation => self.profile_deviations += 1,
            Severity::Warning => self.warnings += 1,
        }
    }

    /// All findings.
    pub fn total(&self) -> u64 {
        self.violations + self.profile_deviations + self.warnings
    }
}

/// A rule the run applied, in a response format (`None`: format-independent). JUnit lists one
/// testcase per checked rule × format, passing or not.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CheckedRule {
    /// The rule.
    pub rule: RuleId,
    /// The format.
    #[serde(with = "format_opt")]
    pub format: Option<WireFormat>,
}

impl CheckedRule {
    /// Report order: format (`any`, `json`, `xml`), then rule.
    fn key(&self) -> (&'static str, RuleId) {
        (format_name(self.format), self.rule)
    }
}

impl PartialOrd for CheckedRule {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for CheckedRule {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.key().cmp(&other.key())
    }
}

/// How [`Report::render_human_with`] renders.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct HumanOptions {
    /// Start with the line naming version, target, profile and seed.
    pub header: bool,
    /// Colour severities, rule ids and the summary with ANSI escapes.
    pub color: bool,
}

/// What the runner knows about the run besides the findings.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RunInfo {
    /// The generator seed, if cases were generated.
    pub seed: Option<u64>,
    /// The profile's name.
    pub profile: String,
    /// The server checked (base URL).
    pub target: String,
    /// Cases (exchanges) run.
    pub cases_run: u64,
    /// Wall time of the run.
    pub duration: Duration,
    /// The rules applied.
    pub checked: Vec<CheckedRule>,
}

/// The result of a run.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    /// favorite-contract's version.
    pub version: String,
    /// Generator seed.
    pub seed: Option<u64>,
    /// Profile name.
    pub profile: String,
    /// Base URL of the server checked.
    pub target: String,
    /// Cases run.
    pub cases_run: u64,
    /// Duration in milliseconds.
    pub duration_ms: u64,
    /// Findings per rule.
    pub counts: BTreeMap<RuleId, RuleCount>,
    /// Rules applied (rule × format).
    pub checked: Vec<CheckedRule>,
    /// Every finding, in the order found.
    pub findings: Vec<Finding>,
}

impl Report {
    /// Build a report; counts are computed from the findings.
    pub fn new(info: RunInfo, findings: Vec<Finding>) -> Report {
        let mut counts: BTreeMap<RuleId, RuleCount> = BTreeMap::new();
        for f in &findings {
            counts.entry(f.rule).or_default().add(f.severity);
        }
        let mut checked = info.checked;
        checked.sort();
        checked.dedup();
        Report {
            version: env!("CARGO_PKG_VERSION").to_owned(),
            seed: info.seed,
            profile: info.profile,
            target: info.target,
            cases_run: info.cases_run,
            duration_ms: u64::try_from(info.duration.as_millis()).unwrap_or(u64::MAX),
            counts,
            checked,
            findings,
        }
    }

    /// Totals over all rules.
    pub fn totals(&self) -> RuleCount {
        self.counts
            .values()
            .fold(RuleCount::default(), |mut acc, c| {
                acc.violations += c.violations;
                acc.profile_deviations += c.profile_deviations;
                acc.warnings += c.warnings;
                acc
            })
    }

    /// [`EXIT_FINDINGS`] when there is a violation (under `strict`, any finding), else
    /// [`EXIT_CLEAN`].
    pub fn exit_code(&self, strict: bool) -> i32 {
        let totals = self.totals();
        let failing = if strict {
            totals.total()
        } else {
            totals.violations
        };
        if failing > 0 {
            EXIT_FINDINGS
        } else {
            EXIT_CLEAN
        }
    }

    /// Human-readable text: a summary, then findings grouped by rule with a curl command that
    /// replays each one's request.
    pub fn render_human(&self) -> String {
        human::render(
            self,
            HumanOptions {
                header: true,
                color: false,
            },
        )
    }

    /// [`Report::render_human`] without its first line (version, target, profile, seed), for a
    /// caller that printed that line when the run started.
    pub fn render_human_after_header(&self) -> String {
        human::render(self, HumanOptions::default())
    }

    /// The human report with the given options (header line, ANSI colour).
    pub fn render_human_with(&self, options: HumanOptions) -> String {
        human::render(self, options)
    }

    /// The human report's one-line summary (cases, time, findings by severity), without a line
    /// end: what a script's log shows when the full report goes elsewhere.
    pub fn summary_line(&self) -> String {
        human::summary(self)
    }

    /// Pretty JSON (the serde form of [`Report`]).
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// JUnit XML: one testsuite per format, one testcase per rule × format; violations (under
    /// `strict`, every finding) are failures carrying the minimal request.
    pub fn to_junit(&self, strict: bool) -> String {
        junit::render(self, strict)
    }
}

/// `json` / `xml` / `any`.
fn format_name(format: Option<WireFormat>) -> &'static str {
    format.map_or("any", WireFormat::id)
}

mod format_opt {
    use crate::codec::WireFormat;
    use serde::{Deserialize, Deserializer, Serializer};

    pub(super) fn serialize<S: Serializer>(
        v: &Option<WireFormat>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        s.serialize_str(super::format_name(*v))
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<WireFormat>, D::Error> {
        match String::deserialize(d)?.as_str() {
            "json" => Ok(Some(WireFormat::Json)),
            "xml" => Ok(Some(WireFormat::Xml)),
            "any" => Ok(None),
            other => Err(serde::de::Error::custom(format!(
                "expected `json`, `xml` or `any`, found `{other}`"
            ))),
        }
    }
}
