//! `--check`: comparing a target with recorded snapshots, exchange by exchange.

use super::case::Case;
use super::diff::{ABSENT, DiffAt, Difference};
use super::http::HttpTarget;
use super::record::compare;
use super::redact::Redactions;
use super::run::{SnapshotError, read_stored, record_case, until};
use super::snap_file::snap_file_name;
use crate::runner::Interrupt;
use std::fmt;
use std::path::{Path, PathBuf};

/// The comparison of one exchange.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExchangeDiff {
    /// The exchange label.
    pub label: String,
    /// What differs.
    pub differences: Vec<Difference>,
    /// The bytes differ although the data does not (a note, not a failure).
    pub bytes_differ: bool,
}

/// The comparison of one case.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CaseDiff {
    /// The case id.
    pub case: String,
    /// No snapshot was recorded for it (counts as a difference).
    pub missing: bool,
    /// Each exchange, in the case's order (recorded-only exchanges last).
    pub exchanges: Vec<ExchangeDiff>,
}

impl CaseDiff {
    /// Whether anything differs.
    pub fn differs(&self) -> bool {
        self.missing || self.exchanges.iter().any(|e| !e.differences.is_empty())
    }
}

/// The outcome of `--check`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckReport {
    /// The folder of recorded snapshots.
    pub dir: PathBuf,
    /// Each case checked.
    pub cases: Vec<CaseDiff>,
    /// The cases asked for.
    pub planned: usize,
    /// Stopped by an [`Interrupt`] before every case was checked.
    pub interrupted: bool,
}

impl CheckReport {
    /// Number of differences (a missing snapshot counts as one).
    pub fn differences(&self) -> usize {
        self.cases
            .iter()
            .map(|c| {
                usize::from(c.missing)
                    + c.exchanges
                        .iter()
                        .map(|e| e.differences.len())
                        .sum::<usize>()
            })
            .sum()
    }

    /// Whether the target matches every recording.
    pub fn is_clean(&self) -> bool {
        self.differences() == 0
    }
}

impl fmt::Display for CheckReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for case in &self.cases {
            if case.missing {
                writeln!(
                    f,
                    "✗ {}: no snapshot {} (record it with --out)",
                    case.case,
                    snap_file_name(&case.case)
                )?;
            }
            for exchange in &case.exchanges {
                let n = exchange.differences.len();
                if n > 0 {
                    let s = if n == 1 { "" } else { "s" };
                    writeln!(f, "✗ {} · {}: {n} difference{s}", case.case, exchange.label)?;
                    for d in &exchange.differences {
                        for line in d.to_string().lines() {
                            writeln!(f, "    {line}")?;
                        }
                    }
                } else if exchange.bytes_differ {
                    writeln!(
                        f,
                        "· {} · {}: same data, different bytes (see the raw line)",
                        case.case, exchange.label
                    )?;
                }
            }
        }
        let differing = self.cases.iter().filter(|c| c.differs()).count();
        let exchanges: usize = self.cases.iter().map(|c| c.exchanges.len()).sum();
        if self.interrupted {
            write!(
                f,
                "interrupted: checked {} of {} cases ({exchanges} exchanges) against {}: ",
                self.cases.len(),
                self.planned,
                self.dir.display()
            )?;
        } else {
            write!(
                f,
                "checked {} cases ({exchanges} exchanges) against {}: ",
                self.cases.len(),
                self.dir.display()
            )?;
        }
        let so_far = if self.interrupted { " so far" } else { "" };
        if differing == 0 {
            writeln!(f, "no differences{so_far}")
        } else {
            let n = self.differences();
            writeln!(
                f,
                "{differing} case{} differ{} ({n} difference{})",
                if differing == 1 { "" } else { "s" },
                if differing == 1 { "s" } else { "" },
                if n == 1 { "" } else { "s" }
            )
        }
    }
}

/// Compare a target with the snapshots recorded in `dir`.
pub async fn check_dir(
    target: &HttpTarget,
    cases: &[Case],
    redactions: &Redactions,
    dir: &Path,
) -> Result<CheckReport, SnapshotError> {
    check_dir_until(target, cases, redactions, dir, None).await
}

/// [`check_dir`] that stops when `stop` is triggered: the case being checked is abandoned and
/// the report covers the cases checked before it, marked
/// [`interrupted`](CheckReport::interrupted).
pub async fn check_dir_until(
    target: &HttpTarget,
    cases: &[Case],
    redactions: &Redactions,
    dir: &Path,
    stop: Option<&Interrupt>,
) -> Result<CheckReport, SnapshotError> {
    let mut report = CheckReport {
        dir: dir.to_owned(),
        cases: Vec::with_capacity(cases.len()),
        planned: cases.len(),
        interrupted: false,
    };
    for case in cases {
        let path = dir.join(snap_file_name(&case.id));
        let Some((stored, stored_rules)) = read_stored(&path)? else {
            report.cases.push(CaseDiff {
                case: case.id.clone(),
                missing: true,
                exchanges: Vec::new(),
            });
            continue;
        };
        let mut rules = redactions.clone();
        rules.extend(stored_rules);
        let Some(live) = until(stop, record_case(target, case, &rules)).await? else {
            report.interrupted = true;
            break;
        };
        let mut checks = Vec::new();
        for actual in &live.exchanges {
            let check = match stored.iter().find(|e| e.label == actual.label) {
                Some(expected) => {
                    let (differences, bytes_differ) = compare(expected, actual);
                    ExchangeDiff {
                        label: actual.label.clone(),
                        differences,
                        bytes_differ,
                    }
                }
                None => ExchangeDiff {
                    label: actual.label.clone(),
                    differences: vec![Difference::new(
                        DiffAt::Exchange,
                        ABSENT,
                        "sent but never recorded",
                    )],
                    bytes_differ: false,
                },
            };
            checks.push(check);
        }
        for expected in stored
            .iter()
            .filter(|e| !live.exchanges.iter().any(|a| a.label == e.label))
        {
            checks.push(ExchangeDiff {
                label: expected.label.clone(),
                differences: vec![Difference::new(
                    DiffAt::Exchange,
                    "recorded",
                    "(no longer sent by the case)",
                )],
                bytes_differ: false,
            });
        }
        report.cases.push(CaseDiff {
            case: case.id.clone(),
            missing: false,
            exchanges: checks,
        });
    }
    Ok(report)
}
