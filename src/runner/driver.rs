//! A run from configuration to report: probe, generate, execute, relate, shrink, report.

use super::RunConfig;
use super::casefile::{CaseFile, CaseFileError, RecordedKnowledge};
use super::context::{RunContext, Step};
use super::plan::{EXCHANGES_PER_SEQUENCE, Plan, plan};
use super::prepare::prepare;
use super::progress::{Progress, REDRAW_INTERVAL};
use super::relations::{SequenceResult, run_sequence};
use super::shrink::{same_failure, shrink};
use crate::checker::{CheckedRule, Finding, Report, RuleFamily, RuleId, RunInfo};
use crate::client::{TlsSetup, Unreachable};
use crate::codec::{Format, WireFormat};
use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

/// What replaces a credential's value in reports and case files.
pub const REDACTED: &str = "<redacted>";

/// Why a run could not be carried out (exit code 2).
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    /// Nothing answers at the target's address.
    #[error(transparent)]
    Unreachable(#[from] Unreachable),
    /// TLS could not be set up.
    #[error(transparent)]
    Tls(#[from] TlsSetup),
    /// The target accepts connections but did not answer a first, valid request.
    #[error("target {target} accepts connections but did not answer a valid request: {reason}")]
    NoAnswer {
        /// The base URL.
        target: String,
        /// Why.
        reason: String,
    },
    /// No credentials were given and the target wants some.
    #[error(
        "target {target} answered 401 to a request without credentials: expected a bearer token, \
         pass --bearer TOKEN or --header 'Authorization: Bearer TOKEN'"
    )]
    CredentialsNeeded {
        /// The base URL.
        target: String,
    },
    /// The credentials given were refused.
    #[error("target {target} answered 401 to the credentials given: expected them to be accepted")]
    CredentialsRefused {
        /// The base URL.
        target: String,
    },
    /// A case file could not be read or written.
    #[error(transparent)]
    CaseFile(#[from] CaseFileError),
    /// Nothing to do.
    #[error("expected at least one request format, found none")]
    NoFormats,
}

/// The result of a run.
#[derive(Clone, Debug)]
pub struct RunOutcome {
    /// The report.
    pub report: Report,
    /// Case files written, one per shrunk violation.
    pub case_files: Vec<PathBuf>,
    /// Remarks about how the run was carried out (auth not judged, a dataset detected, …).
    pub notes: Vec<String>,
}

/// The exchanges of a run, in plan order.
struct Executed {
    singles: Vec<Step>,
    sequences: Vec<SequenceResult>,
}

async fn execute(
    ctx: &Arc<RunContext>,
    plan: Plan,
    formats: &[Format],
    concurrency: usize,
) -> Executed {
    let permits = Arc::new(Semaphore::new(concurrency.max(1)));
    let mut singles = JoinSet::new();
    for (i, case) in plan.singles.into_iter().enumerate() {
        let ctx = Arc::clone(ctx);
        let permits = Arc::clone(&permits);
        singles.spawn(async move {
            // The semaphore is never closed, so acquiring only waits.
            let _permit = permits.acquire_owned().await.ok();
            (i, ctx.step(case).await)
        });
    }
    let mut sequences = JoinSet::new();
    for (i, plan) in plan.sequences.into_iter().enumerate() {
        let ctx = Arc::clone(ctx);
        let permits = Arc::clone(&permits);
        let formats = formats.to_vec();
        sequences.spawn(async move {
            let _permit = permits.acquire_owned().await.ok();
            (i, run_sequence(&ctx, &plan, &formats).await)
        });
    }
    let mut done_singles: Vec<(usize, Step)> = Vec::new();
    while let Some(joined) = singles.join_next().await {
        // A panicking task is a runner defect; its exchange is lost rather than the run.
        if let Ok(result) = joined {
            done_singles.push(result);
        }
    }
    let mut done_sequences: Vec<(usize, SequenceResult)> = Vec::new();
    while let Some(joined) = sequences.join_next().await {
        if let Ok(result) = joined {
            done_sequences.push(result);
        }
    }
    done_singles.sort_by_key(|(i, _)| *i);
    done_sequences.sort_by_key(|(i, _)| *i);
    Executed {
        singles: done_singles.into_iter().map(|(_, s)| s).collect(),
        sequences: done_sequences.into_iter().map(|(_, s)| s).collect(),
    }
}

/// The rules a run applied, for the JUnit testcases of passing rules.
fn checked_rules(steps: &[&Step], relations: bool, oracle: bool) -> Vec<CheckedRule> {
    let mut formats: Vec<WireFormat> = Vec::new();
    for f in steps.iter().filter_map(|s| s.outcome.format) {
        if !formats.contains(&f) {
            formats.push(f);
        }
    }
    let mut checked = Vec::new();
    for &rule in RuleId::ALL {
        match rule.family() {
            RuleFamily::Json | RuleFamily::Xml | RuleFamily::Date => {
                for &f in &formats {
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
            RuleFamily::Meta if !relations => {}
            RuleFamily::Oracle if !oracle => {}
            _ => checked.push(CheckedRule { rule, format: None }),
        }
    }
    checked
}

fn redact(findings: &mut [Finding], credentials: &[(String, String)]) {
    for f in findings {
        if let Some(request) = &mut f.request {
            for (name, value) in &mut request.headers {
                if credentials
                    .iter()
                    .any(|(n, v)| n.eq_ignore_ascii_case(name) && v == value)
                {
                    REDACTED.clone_into(value);
                }
            }
        }
    }
}

/// The report of a run that started at `started`, ran `cases_run` cases and checked `checked`,
/// with the run's credentials redacted from the findings' requests.
fn report(
    config: &RunConfig,
    ctx: &RunContext,
    started: Instant,
    cases_run: u64,
    checked: Vec<CheckedRule>,
    mut findings: Vec<Finding>,
) -> Report {
    redact(&mut findings, &ctx.credentials);
    Report::new(
        RunInfo {
            seed: Some(config.seed),
            profile: config.profile.name.clone(),
            target: config.target.base_url(),
            cases_run,
            duration: started.elapsed(),
            checked,
        },
        findings,
    )
}

/// Redraw the progress line until the returned guard is dropped.
fn spawn_ticker(progress: &Arc<Progress>) -> Option<tokio::task::JoinHandle<()>> {
    if !progress.enabled() {
        return None;
    }
    let progress = Arc::clone(progress);
    Some(tokio::spawn(async move {
        loop {
            progress.draw();
            tokio::time::sleep(REDRAW_INTERVAL).await;
        }
    }))
}

/// Carry out a run: probe the target (exit 2 when unreachable), draw the cases from the seed,
/// send them with bounded concurrency, check every exchange and the relations, shrink each
/// violation (the first of every rule × format) and write its case file, and report.
pub async fn run(config: RunConfig) -> Result<RunOutcome, RunError> {
    let started = Instant::now();
    let mut notes = Vec::new();
    let ctx = prepare(&config, &mut notes).await?;
    let plan = plan(
        config.seed,
        config.cases,
        ctx.judge.knowledge(),
        &config.formats,
        ctx.judge.auth(),
    );
    ctx.progress.plan(
        plan.singles.len() as u64 + plan.sequences.len() as u64 * u64::from(EXCHANGES_PER_SEQUENCE),
    );
    let ticker = spawn_ticker(&ctx.progress);
    let executed = execute(&ctx, plan, &config.formats, config.concurrency).await;

    let mut findings: Vec<Finding> = Vec::new();
    let mut relations = 0usize;
    for step in &executed.singles {
        findings.extend(step.outcome.findings.iter().cloned());
    }
    for sequence in &executed.sequences {
        for step in &sequence.steps {
            findings.extend(step.outcome.findings.iter().cloned());
        }
        findings.extend(sequence.relation_findings.iter().cloned());
        relations += sequence.relations_applied;
    }
    let steps: Vec<&Step> = executed
        .singles
        .iter()
        .chain(executed.sequences.iter().flat_map(|s| s.steps.iter()))
        .collect();
    let cases_run = steps.len() as u64;
    let checked = checked_rules(&steps, relations > 0, config.oracle);

    let mut case_files = Vec::new();
    if config.shrink {
        let mut seen: HashSet<(RuleId, Option<WireFormat>)> = HashSet::new();
        for step in &executed.singles {
            for finding in step.outcome.findings.iter().filter(|f| f.is_violation()) {
                if !seen.insert((finding.rule, finding.format)) {
                    continue;
                }
                let shrunk = shrink(&ctx, step.case.clone(), finding).await;
                let minimal = ctx.step(shrunk.case.clone()).await;
                let Some(mut best) = minimal
                    .outcome
                    .findings
                    .iter()
                    .find(|f| same_failure(finding, f))
                    .cloned()
                else {
                    continue;
                };
                redact(std::slice::from_mut(&mut best), &ctx.credentials);
                if let Some(slot) = findings.iter_mut().find(|f| *f == finding) {
                    *slot = best.clone();
                }
                if let Some(dir) = &config.cases_dir {
                    let file = CaseFile {
                        format_version: super::CASE_FILE_VERSION,
                        favorite_contract: env!("CARGO_PKG_VERSION").to_owned(),
                        rule: best.rule,
                        curl: best
                            .request
                            .as_ref()
                            .map(|r| r.to_curl(&config.target.base_url()))
                            .unwrap_or_default(),
                        finding: best,
                        case: shrunk.case,
                        original: step.case.clone(),
                        shrink_exchanges: shrunk.exchanges,
                        seed: config.seed,
                        profile: config.profile.name.clone(),
                        target: config.target.base_url(),
                        knowledge: RecordedKnowledge {
                            operator: config.operator,
                            clients: config.clients.clone(),
                        },
                    };
                    case_files.push(file.write(dir)?);
                }
            }
        }
    }
    if let Some(ticker) = ticker {
        ticker.abort();
    }
    ctx.progress.clear();
    let report = report(&config, &ctx, started, cases_run, checked, findings);
    Ok(RunOutcome {
        report,
        case_files,
        notes,
    })
}

/// Replay case files against the configured target: each minimal case is sent once and checked
/// again (with the run's credentials in place of the recorded ones).
pub async fn replay(mut config: RunConfig, files: &[PathBuf]) -> Result<RunOutcome, RunError> {
    let started = Instant::now();
    let mut loaded = Vec::new();
    for path in files {
        loaded.push(CaseFile::read(path)?);
    }
    for file in &loaded {
        for &id in &file.knowledge.clients {
            if !config.clients.contains(&id) {
                config.clients.push(id);
            }
        }
        if config.operator == 0 {
            config.operator = file.knowledge.operator;
        }
    }
    let mut notes = Vec::new();
    let ctx = prepare(&config, &mut notes).await?;
    let mut findings = Vec::new();
    let mut steps = Vec::new();
    for file in loaded {
        let step = ctx.step(file.case).await;
        findings.extend(step.outcome.findings.iter().cloned());
        steps.push(step);
    }
    let refs: Vec<&Step> = steps.iter().collect();
    let checked = checked_rules(&refs, false, config.oracle);
    let report = report(&config, &ctx, started, refs.len() as u64, checked, findings);
    Ok(RunOutcome {
        report,
        case_files: Vec::new(),
        notes,
    })
}
