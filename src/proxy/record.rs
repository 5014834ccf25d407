//! What the proxy has seen, for its reports and health: counts of exchanges, every finding
//! counted by rule and severity, and a bounded list of findings (with their requests) for the
//! reports. Memory stays bounded however long the proxy runs: per rule only the first
//! [`MAX_REPORT_FINDINGS_PER_RULE`] findings are listed, and only while their requests' bodies
//! fit [`MAX_REPORT_REQUEST_BYTES`]; the counts cover all of them.

use super::headers::redact_findings;
use crate::checker::{
    CheckedRule, Finding, Report, RuleCount, RuleFamily, RuleId, RunInfo, Severity,
};
use crate::codec::WireFormat;
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::Instant;

/// Findings of one rule listed in the reports (the rest are counted).
pub const MAX_REPORT_FINDINGS_PER_RULE: usize = 20;

/// Bytes of request bodies the listed findings may hold in all (the rest are counted).
pub const MAX_REPORT_REQUEST_BYTES: usize = 16 * 1024 * 1024;

/// Exchanges by what became of them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ProxyCounts {
    /// Exchanges of the action that were judged.
    pub judged: u64,
    /// Exchanges of the action with a body too large to judge (streamed through).
    pub unjudged: u64,
    /// Requests to other paths, forwarded without judging.
    pub passed_through: u64,
    /// Requests the upstream did not answer (502 or 504 from the proxy).
    pub upstream_errors: u64,
    /// Answers withheld for a violation (`--fail-on-violation`).
    pub withheld: u64,
}

#[derive(Debug, Default)]
struct Tally {
    counts: ProxyCounts,
    by_rule: BTreeMap<RuleId, RuleCount>,
    listed: Vec<Finding>,
    listed_per_rule: BTreeMap<RuleId, usize>,
    listed_bytes: usize,
    formats: Vec<WireFormat>,
}

/// The shared record.
#[derive(Debug)]
pub(crate) struct Record {
    started: Instant,
    tally: Mutex<Tally>,
}

/// What kind of exchange is recorded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Judged,
    Unjudged,
    PassedThrough,
}

impl Record {
    pub(crate) fn new() -> Record {
        Record {
            started: Instant::now(),
            tally: Mutex::new(Tally::default()),
        }
    }

    /// Count an exchange and its findings (whose requests are redacted here).
    pub(crate) fn add(
        &self,
        kind: Kind,
        upstream_error: bool,
        withheld: bool,
        format: Option<WireFormat>,
        findings: &[Finding],
    ) {
        let mut tally = self.tally.lock().unwrap_or_else(|e| e.into_inner());
        match kind {
            Kind::Judged => tally.counts.judged += 1,
            Kind::Unjudged => tally.counts.unjudged += 1,
            Kind::PassedThrough => tally.counts.passed_through += 1,
        }
        tally.counts.upstream_errors += u64::from(upstream_error);
        tally.counts.withheld += u64::from(withheld);
        if let Some(format) = format
            && !tally.formats.contains(&format)
        {
            tally.formats.push(format);
        }
        for finding in findings {
            add_count(
                tally.by_rule.entry(finding.rule).or_default(),
                finding.severity,
            );
            let listed = tally
                .listed_per_rule
                .get(&finding.rule)
                .copied()
                .unwrap_or(0);
            let size = finding
                .request
                .as_ref()
                .map_or(0, |r| r.body.as_bytes().len());
            if listed < MAX_REPORT_FINDINGS_PER_RULE
                && tally.listed_bytes + size <= MAX_REPORT_REQUEST_BYTES
            {
                let mut kept = [finding.clone()];
                redact_findings(&mut kept);
                let [kept] = kept;
                tally.listed.push(kept);
                tally.listed_bytes += size;
                *tally.listed_per_rule.entry(finding.rule).or_default() += 1;
            }
        }
    }

    /// Exchanges so far.
    pub(crate) fn counts(&self) -> ProxyCounts {
        self.tally.lock().unwrap_or_else(|e| e.into_inner()).counts
    }

    /// Findings so far, by severity.
    pub(crate) fn totals(&self) -> RuleCount {
        let tally = self.tally.lock().unwrap_or_else(|e| e.into_inner());
        tally.by_rule.values().sum()
    }

    /// The report of everything so far, in `check`'s shape: one "case" per exchange of the
    /// action, the listed findings, and the counts of all of them.
    pub(crate) fn report(&self, profile: &str, target: &str, oracle: bool) -> Report {
        let tally = self.tally.lock().unwrap_or_else(|e| e.into_inner());
        let info = RunInfo {
            profile: profile.to_owned(),
            target: target.to_owned(),
            cases_run: tally.counts.judged + tally.counts.unjudged,
            duration: self.started.elapsed(),
            checked: checked_rules(&tally.formats, oracle),
            ..RunInfo::default()
        };
        let mut report = Report::new(info, tally.listed.clone());
        report.counts = tally.by_rule.clone();
        report
    }
}

fn add_count(count: &mut RuleCount, severity: Severity) {
    match severity {
        Severity::Violation => count.violations += 1,
        Severity::ProfileDeviation => count.profile_deviations += 1,
        Severity::Warning => count.warnings += 1,
    }
}

/// The rules the proxy applies to single exchanges, per response format seen (JUnit lists
/// each as a testcase). Relations between exchanges (`meta.*`) need sequences the proxy does
/// not compose; the oracle only runs with a dataset.
fn checked_rules(formats: &[WireFormat], oracle: bool) -> Vec<CheckedRule> {
    let mut checked = Vec::new();
    for &rule in RuleId::ALL {
        match rule.family() {
            RuleFamily::Json | RuleFamily::Xml | RuleFamily::Date => {
                for &format in formats {
                    let fits = match rule.family() {
                        RuleFamily::Json => format == WireFormat::Json,
                        RuleFamily::Xml => format == WireFormat::Xml,
                        _ => true,
                    };
                    if fits {
                        checked.push(CheckedRule {
                            rule,
                            format: Some(format),
                        });
                    }
                }
            }
            RuleFamily::Meta => {}
            RuleFamily::Oracle if !oracle => {}
            _ => checked.push(CheckedRule { rule, format: None }),
        }
    }
    checked
}
