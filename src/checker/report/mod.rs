//! Reports of a check run: counts per rule, rendered for humans, as JSON and as JUnit XML, and
//! the process exit code.

mod human;
mod junit;

use super::finding::Finding;
use super::rule::{RuleId, Severity};
use super::selection::RuleSelection;
use crate::codec::WireFormat;
use crate::exchange::HttpRequest;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::time::Duration;

/// Exit code of a run without violations.
pub const EXIT_CLEAN: i32 = 0;
/// Exit code of a run with a violation (or, under `--strict`, any finding).
pub const EXIT_FINDINGS: i32 = 1;
/// Exit code of a run in which the runner itself failed on a case: whatever else it found, it
/// is not a pass (also the code of a usage error or a target that cannot be checked).
pub const EXIT_INTERNAL_ERROR: i32 = 2;
/// Exit code of a run stopped by Ctrl-C (128 + SIGINT, as shells report it).
pub const EXIT_INTERRUPTED: i32 = 130;
/// Findings a report lists per rule × format; the rest are counted, not listed, so a run of
/// millions of cases against a broken target keeps a bounded report (and memory).
pub const MAX_LISTED_FINDINGS: usize = 100;

/// How a run ended.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "reason", rename_all = "kebab-case")]
pub enum RunEnd {
    /// Every planned case was run.
    #[default]
    Complete,
    /// `--max-failures` was reached: no new case was sent after that.
    MaxFailures {
        /// The limit.
        limit: u64,
    },
    /// Ctrl-C (or the library's interrupt): no new case was sent after it, and cases still in
    /// flight after the grace period were abandoned.
    Interrupted {
        /// Cases abandoned in flight (not counted as run).
        abandoned: u64,
    },
}

/// A failure of the runner itself on one case (a panic while sending or judging): the case was
/// not judged, so the run cannot pass.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InternalError {
    /// The case's position in the run (0-based; the same seed draws the same case there).
    pub case: u64,
    /// What the case exercises (`valid`, `missing-auth`, `sequence`, `shrink`…).
    pub label: String,
    /// What failed.
    pub message: String,
    /// The case's (first) request, credentials redacted.
    pub request: Option<HttpRequest>,
}
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

impl<'a> std::iter::Sum<&'a RuleCount> for RuleCount {
    fn sum<I: Iterator<Item = &'a RuleCount>>(counts: I) -> RuleCount {
        counts.fold(RuleCount::default(), |acc, c| RuleCount {
            violations: acc.violations + c.violations,
            profile_deviations: acc.profile_deviations + c.profile_deviations,
            warnings: acc.warnings + c.warnings,
        })
    }
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
///
/// The units: a **case** is one generated scenario — a single request (valid or hostile) or a
/// metamorphic sequence — and `--cases` counts cases; an **exchange** is one HTTP request and
/// its response: a single case is one exchange, a sequence several.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RunInfo {
    /// The generator seed, if cases were generated.
    pub seed: Option<u64>,
    /// The profile's name.
    pub profile: String,
    /// The server checked (base URL).
    pub target: String,
    /// Cases asked for (`--cases`, or the case files replayed).
    pub cases_planned: u64,
    /// Cases sent and judged to their end.
    pub cases_run: u64,
    /// The exchanges of those cases.
    pub exchanges: u64,
    /// Exchanges spent shrinking violations (not in `exchanges`).
    pub shrink_exchanges: u64,
    /// Cases with at least one violation.
    pub failing_cases: u64,
    /// How the run ended.
    pub end: RunEnd,
    /// The rules reported.
    pub rules: RuleSelection,
    /// Findings counted but not listed (beyond [`MAX_LISTED_FINDINGS`] per rule × format).
    pub unlisted: BTreeMap<RuleId, RuleCount>,
    /// Failures of the runner itself.
    pub internal_errors: Vec<InternalError>,
    /// Wall time of the run.
    pub duration: Duration,
    /// The rules applied.
    pub checked: Vec<CheckedRule>,
}

/// The result of a run (units as in [`RunInfo`]: cases are scenarios, exchanges are HTTP
/// requests).
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
    /// Cases asked for.
    #[serde(default)]
    pub cases_planned: u64,
    /// Cases run to their end.
    pub cases_run: u64,
    /// Exchanges of the cases run.
    #[serde(default)]
    pub exchanges: u64,
    /// Exchanges spent shrinking.
    #[serde(default)]
    pub shrink_exchanges: u64,
    /// Cases with at least one violation.
    #[serde(default)]
    pub failing_cases: u64,
    /// How the run ended (`complete`, `max-failures`, `interrupted`).
    #[serde(default)]
    pub end: RunEnd,
    /// The `--include-rule` / `--exclude-rule` patterns (absent: every rule).
    #[serde(default, skip_serializing_if = "RuleSelection::is_all")]
    pub rules: RuleSelection,
    /// Duration in milliseconds.
    pub duration_ms: u64,
    /// Findings per rule (listed or not).
    pub counts: BTreeMap<RuleId, RuleCount>,
    /// Findings counted in `counts` but not listed in `findings`.
    #[serde(default)]
    pub unlisted_findings: u64,
    /// Rules applied (rule × format).
    pub checked: Vec<CheckedRule>,
    /// The findings listed, in case order (at most [`MAX_LISTED_FINDINGS`] per rule × format).
    pub findings: Vec<Finding>,
    /// Failures of the runner itself: each makes the exit code [`EXIT_INTERNAL_ERROR`].
    #[serde(default)]
    pub internal_errors: Vec<InternalError>,
}

impl Report {
    /// Build a report; counts are computed from the findings.
    pub fn new(info: RunInfo, findings: Vec<Finding>) -> Report {
        let mut counts: BTreeMap<RuleId, RuleCount> = BTreeMap::new();
        for f in &findings {
            counts.entry(f.rule).or_default().add(f.severity);
        }
        let mut unlisted_findings = 0;
        for (rule, extra) in &info.unlisted {
            let count = counts.entry(*rule).or_default();
            count.violations += extra.violations;
            count.profile_deviations += extra.profile_deviations;
            count.warnings += extra.warnings;
            unlisted_findings += extra.total();
        }
        let mut checked = info.checked;
        checked.sort();
        checked.dedup();
        Report {
            version: env!("CARGO_PKG_VERSION").to_owned(),
            seed: info.seed,
            profile: info.profile,
            target: info.target,
            cases_planned: info.cases_planned,
            cases_run: info.cases_run,
            exchanges: info.exchanges,
            shrink_exchanges: info.shrink_exchanges,
            failing_cases: info.failing_cases,
            end: info.end,
            rules: info.rules,
            duration_ms: u64::try_from(info.duration.as_millis()).unwrap_or(u64::MAX),
            counts,
            unlisted_findings,
            checked,
            findings,
            internal_errors: info.internal_errors,
        }
    }

    /// Totals over all rules.
    pub fn totals(&self) -> RuleCount {
        self.counts.values().sum()
    }

    /// [`EXIT_INTERRUPTED`] for an interrupted run; [`EXIT_INTERNAL_ERROR`] when the runner
    /// failed on a case; [`EXIT_FINDINGS`] when there is a violation (under `strict`, any
    /// finding); else [`EXIT_CLEAN`].
    pub fn exit_code(&self, strict: bool) -> i32 {
        if matches!(self.end, RunEnd::Interrupted { .. }) {
            return EXIT_INTERRUPTED;
        }
        if !self.internal_errors.is_empty() {
            return EXIT_INTERNAL_ERROR;
        }
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

    /// The human report's one-line summary (cases, exchanges, time, findings by severity, how
    /// the run ended), without a line end: what a script's log shows when the full report goes
    /// elsewhere.
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
