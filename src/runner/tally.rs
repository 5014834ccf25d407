//! Folding finished cases into what the report needs, as they finish: counts, the findings
//! listed (at most [`MAX_LISTED_FINDINGS`] per rule × format, the rest counted), the formats
//! seen, and the first violating single case of each rule × format (what gets shrunk). Nothing
//! here grows with the number of cases, only with the number of rules.

use super::cases::Case;
use super::context::Step;
use super::relations::SequenceResult;
use crate::checker::{
    CheckedRule, Finding, InternalError, MAX_LISTED_FINDINGS, RuleCount, RuleFamily, RuleId,
    RuleSelection, Severity,
};
use crate::codec::WireFormat;
use std::collections::{BTreeMap, HashMap};

/// A finding's key in the listing: rule × response format.
type Key = (RuleId, Option<WireFormat>);

/// A finding's place in the run: the case's index and the finding's order within the case.
pub(crate) type Place = (u64, u32);

/// What one case produced.
#[derive(Debug)]
pub(crate) enum CaseResult {
    /// A single request.
    Single(Box<Step>),
    /// A metamorphic sequence.
    Sequence(SequenceResult),
}

impl CaseResult {
    /// The exchanges the case made.
    pub(crate) fn exchanges(&self) -> u64 {
        match self {
            CaseResult::Single(_) => 1,
            CaseResult::Sequence(s) => s.steps.len() as u64,
        }
    }
}

/// The first violation of a rule × format among single cases, kept for shrinking.
#[derive(Clone, Debug)]
pub(crate) struct FirstViolation {
    pub(crate) place: Place,
    pub(crate) case: Case,
    pub(crate) finding: Finding,
}

/// The running fold of a run's results.
#[derive(Debug, Default)]
pub(crate) struct Tally {
    selection: RuleSelection,
    listed: HashMap<Key, BTreeMap<Place, Finding>>,
    unlisted: BTreeMap<RuleId, RuleCount>,
    formats: Vec<WireFormat>,
    relations: usize,
    pub(crate) cases_run: u64,
    pub(crate) exchanges: u64,
    pub(crate) failing_cases: u64,
    pub(crate) first: HashMap<Key, FirstViolation>,
    pub(crate) internal: Vec<InternalError>,
}

fn count(counts: &mut BTreeMap<RuleId, RuleCount>, finding: &Finding) {
    let c = counts.entry(finding.rule).or_default();
    match finding.severity {
        Severity::Violation => c.violations += 1,
        Severity::ProfileDeviation => c.profile_deviations += 1,
        Severity::Warning => c.warnings += 1,
    }
}

impl Tally {
    /// An empty tally reporting the rules of `selection`.
    pub(crate) fn new(selection: RuleSelection) -> Tally {
        Tally {
            selection,
            ..Tally::default()
        }
    }

    /// Whether findings of `rule` are reported.
    pub(crate) fn selects(&self, rule: RuleId) -> bool {
        self.selection.selects(rule)
    }

    fn list(&mut self, place: Place, finding: Finding) {
        let per_key = self
            .listed
            .entry((finding.rule, finding.format))
            .or_default();
        per_key.insert(place, finding);
        // Keep the earliest cases' findings: the report then lists the same ones whatever
        // order the cases finished in.
        if per_key.len() > MAX_LISTED_FINDINGS
            && let Some((_, dropped)) = per_key.pop_last()
        {
            count(&mut self.unlisted, &dropped);
        }
    }

    fn see_format(&mut self, step: &Step) {
        if let Some(f) = step.outcome.format
            && !self.formats.contains(&f)
        {
            self.formats.push(f);
        }
    }

    /// Fold a finished case; returns whether it failed (a selected violation).
    pub(crate) fn record(&mut self, index: u64, result: CaseResult) -> bool {
        self.cases_run += 1;
        self.exchanges += result.exchanges();
        let mut n = 0u32;
        let mut failing = false;
        match result {
            CaseResult::Single(step) => {
                self.see_format(&step);
                for finding in &step.outcome.findings {
                    if !self.selects(finding.rule) {
                        continue;
                    }
                    let place = (index, n);
                    n += 1;
                    if finding.is_violation() {
                        failing = true;
                        let key = (finding.rule, finding.format);
                        let earlier = self.first.get(&key).is_some_and(|f| f.place < place);
                        if !earlier {
                            self.first.insert(
                                key,
                                FirstViolation {
                                    place,
                                    case: step.case.clone(),
                                    finding: finding.clone(),
                                },
                            );
                        }
                    }
                    self.list(place, finding.clone());
                }
            }
            CaseResult::Sequence(sequence) => {
                self.relations += sequence.relations_applied;
                for step in &sequence.steps {
                    self.see_format(step);
                }
                let findings = sequence
                    .steps
                    .into_iter()
                    .flat_map(|s| s.outcome.findings)
                    .chain(sequence.relation_findings);
                for finding in findings {
                    if !self.selects(finding.rule) {
                        continue;
                    }
                    failing |= finding.is_violation();
                    self.list((index, n), finding);
                    n += 1;
                }
            }
        }
        if failing {
            self.failing_cases += 1;
        }
        failing
    }

    /// Put a shrunk finding in place of the one it was shrunk from.
    pub(crate) fn replace(&mut self, place: Place, shrunk: Finding) {
        if let Some(slot) = self
            .listed
            .get_mut(&(shrunk.rule, shrunk.format))
            .and_then(|m| m.get_mut(&place))
        {
            *slot = shrunk;
        }
    }

    /// The findings listed, in case order, and the counts of those not listed.
    pub(crate) fn findings(&self) -> (Vec<Finding>, BTreeMap<RuleId, RuleCount>) {
        let mut all: Vec<(&Place, &Finding)> =
            self.listed.values().flat_map(|m| m.iter()).collect();
        all.sort_by_key(|(place, _)| **place);
        (
            all.into_iter().map(|(_, f)| f.clone()).collect(),
            self.unlisted.clone(),
        )
    }

    /// The selection.
    pub(crate) fn selection(&self) -> &RuleSelection {
        &self.selection
    }

    /// The rules the run applied, for the JUnit testcases of passing rules: each rule of a
    /// body family once per format seen, relations when some applied, the oracle in oracle
    /// mode, and only the selected rules.
    pub(crate) fn checked_rules(&self, oracle: bool) -> Vec<CheckedRule> {
        let mut checked = Vec::new();
        for &rule in RuleId::ALL {
            if !self.selects(rule) {
                continue;
            }
            match rule.family() {
                RuleFamily::Json | RuleFamily::Xml | RuleFamily::Date => {
                    for &f in &self.formats {
                        let fits = match rule.family() {
                            RuleFamily::Json => f == WireFormat::Json,
                            RuleFamily::Xml => f == WireFormat::Xml,
                            _ => true,
                        };
                        if fits {
                            checked.push(CheckedRule {
                                rule,
                                format: Some(f),
                            });
                        }
                    }
                }
                RuleFamily::Meta if self.relations == 0 => {}
                RuleFamily::Oracle if !oracle => {}
                _ => checked.push(CheckedRule { rule, format: None }),
            }
        }
        checked
    }
}
