//! A run from configuration to report: probe, generate as sending, execute, shrink, report.

use super::RunConfig;
use super::casefile::{CaseFile, CaseFileError, RecordedKnowledge};
use super::context::{BeforeSend, RunContext};
use super::execute::{Limits, execute, panic_message};
use super::plan::CaseStream;
use super::prepare::prepare;
use super::probe::SetupError;
use super::progress::REDRAW_INTERVAL;
use super::shrink::{same_failure, shrink};
use super::stop::wait;
use super::tally::{CaseResult, FirstViolation, Tally};
use crate::checker::{Finding, InternalError, Report, RunEnd, RunInfo};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

/// What replaces a credential's value in reports and case files.
pub const REDACTED: &str = "<redacted>";

/// Why a run could not be carried out (exit code 2).
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    /// The target cannot be checked: unreachable, not this endpoint, not answering, TLS, or
    /// credentials needed or refused.
    #[error(transparent)]
    Setup(#[from] SetupError),
    /// A case file could not be read or written.
    #[error(transparent)]
    CaseFile(#[from] CaseFileError),
    /// Nothing to do.
    #[error("expected at least one request format, found none")]
    NoFormats,
    /// A case file recorded with credentials, replayed without any: the target would answer
    /// 401 (or, with auth off, pass a case that tests something else).
    #[error(
        "case file {path}: this case needs --bearer: it was recorded with credentials (header \
         `{header}`, redacted in the file), so replaying it without them would not test what it \
         recorded; pass --bearer TOKEN or --header '{header}: …'"
    )]
    ReplayNeedsCredentials {
        /// The case file.
        path: String,
        /// The redacted header.
        header: String,
    },
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
    peak_cases_held: usize,
}

impl RunOutcome {
    /// The most cases that existed in memory at once (drawn and not yet judged): cases are
    /// drawn as they are sent, so this stays near twice `--concurrency` whatever `--cases`.
    pub fn peak_cases_held(&self) -> usize {
        self.peak_cases_held
    }
}

/// Replace the values of `credentials` among `headers` by [`REDACTED`].
pub(crate) fn redact_headers(headers: &mut [(String, String)], credentials: &[(String, String)]) {
    for (name, value) in headers {
        if credentials
            .iter()
            .any(|(n, v)| n.eq_ignore_ascii_case(name) && v == value)
        {
            REDACTED.clone_into(value);
        }
    }
}

fn redact(findings: &mut [Finding], credentials: &[(String, String)]) {
    for f in findings {
        if let Some(request) = &mut f.request {
            redact_headers(&mut request.headers, credentials);
        }
    }
}

/// The report of a run from its tally.
fn report(
    config: &RunConfig,
    credentials: &[(String, String)],
    started: Instant,
    planned: u64,
    tally: &Tally,
    shrink_exchanges: u64,
    end: RunEnd,
) -> Report {
    let (mut findings, unlisted) = tally.findings();
    redact(&mut findings, credentials);
    Report::new(
        RunInfo {
            seed: Some(config.seed),
            profile: config.profile.name.clone(),
            target: config.target.base_url(),
            cases_planned: planned,
            cases_run: tally.cases_run,
            exchanges: tally.exchanges,
            shrink_exchanges,
            failing_cases: tally.failing_cases,
            end,
            rules: tally.selection().clone(),
            unlisted,
            internal_errors: tally.internal.clone(),
            duration: started.elapsed(),
            checked: tally.checked_rules(config.oracle),
        },
        findings,
    )
}

/// Redraw the progress line until the returned task is aborted.
fn spawn_ticker(ctx: &Arc<RunContext>) -> Option<tokio::task::JoinHandle<()>> {
    if !ctx.progress.enabled() {
        return None;
    }
    let progress = Arc::clone(&ctx.progress);
    Some(tokio::spawn(async move {
        loop {
            progress.draw();
            tokio::time::sleep(REDRAW_INTERVAL).await;
        }
    }))
}

/// What shrinking produced.
#[derive(Default)]
struct Shrinking {
    case_files: Vec<PathBuf>,
    exchanges: u64,
    interrupted: bool,
}

/// Shrink the first violation of each rule × format (in case order), replace it in the tally
/// and write its case file. Each shrink runs in its own task, so a panic is an internal error,
/// not a crash; an interrupt stops shrinking.
async fn shrink_all(
    config: &RunConfig,
    ctx: &Arc<RunContext>,
    tally: &mut Tally,
) -> Result<Shrinking, RunError> {
    let mut firsts: Vec<FirstViolation> = tally.first.values().cloned().collect();
    firsts.sort_by_key(|f| f.place);
    ctx.progress.shrinking(firsts.len() as u64);
    let mut out = Shrinking::default();
    for first in firsts {
        let task_ctx = Arc::clone(ctx);
        let (case, finding) = (first.case.clone(), first.finding.clone());
        let task = tokio::spawn(super::accounted::task(async move {
            let shrunk = shrink(&task_ctx, case, &finding).await;
            let minimal = task_ctx.step(shrunk.case.clone()).await;
            let best = minimal
                .outcome
                .findings
                .iter()
                .find(|f| same_failure(&finding, f))
                .cloned();
            (shrunk, best)
        }));
        let joined = tokio::select! {
            joined = task => joined,
            () = wait(config.interrupt.as_ref(), 1) => {
                out.interrupted = true;
                break;
            }
        };
        ctx.progress.shrunk_one();
        let (shrunk, best) = match joined {
            Ok(done) => done,
            Err(error) => {
                let mut request = ctx.request_of(&first.case);
                ctx.redact(&mut request);
                tally.internal.push(InternalError {
                    case: first.place.0,
                    label: "shrink".to_owned(),
                    message: panic_message(error),
                    request: Some(request),
                });
                continue;
            }
        };
        out.exchanges += shrunk.exchanges as u64 + 1;
        let Some(mut best) = best else { continue };
        redact(std::slice::from_mut(&mut best), &ctx.credentials);
        tally.replace(first.place, best.clone());
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
                original: first.case,
                shrink_exchanges: shrunk.exchanges,
                seed: config.seed,
                profile: config.profile.name.clone(),
                target: config.target.base_url(),
                knowledge: RecordedKnowledge {
                    operator: config.operator,
                    clients: config.clients.clone(),
                },
            };
            out.case_files.push(file.write(dir)?);
        }
    }
    Ok(out)
}

/// A run that ended "complete" must have run or reported every planned case: cases that could
/// not be drawn (a strategy rejecting every draw) are an internal error, not a smaller pass.
fn account_for_every_case(tally: &mut Tally, planned: u64, end: RunEnd) {
    let accounted = tally.cases_run + tally.internal.len() as u64;
    let generator_failed = tally.internal.iter().any(|e| e.label == "generator");
    if end == RunEnd::Complete && accounted < planned && !generator_failed {
        tally.internal.push(InternalError {
            case: accounted,
            label: "generator".to_owned(),
            message: format!(
                "only {accounted} of {planned} cases could be drawn: the rest were never sent"
            ),
            request: None,
        });
    }
}

/// The outcome of a run interrupted before its first case.
fn interrupted_early(config: &RunConfig, started: Instant, planned: u64) -> RunOutcome {
    let tally = Tally::new(config.rules.clone());
    RunOutcome {
        report: report(
            config,
            &config.credentials,
            started,
            planned,
            &tally,
            0,
            RunEnd::Interrupted { abandoned: 0 },
        ),
        case_files: Vec::new(),
        notes: Vec::new(),
        peak_cases_held: 0,
    }
}

/// Probe, unless interrupted first (`None`).
async fn prepare_or_stop(
    config: &RunConfig,
    notes: &mut Vec<String>,
    before_send: Option<BeforeSend>,
) -> Result<Option<Arc<RunContext>>, RunError> {
    tokio::select! {
        prepared = prepare(config, notes, before_send) => prepared.map(Some),
        () = wait(config.interrupt.as_ref(), 1) => Ok(None),
    }
}

/// Carry out a run: probe the target (exit 2 when it cannot be checked), draw the cases from
/// the seed as they are sent with bounded concurrency, check every exchange and the relations,
/// stop early on `max_failures` or an interrupt, shrink each violation (the first of every
/// rule × format) and write its case file, and report.
pub async fn run(config: RunConfig) -> Result<RunOutcome, RunError> {
    run_with(config, None).await
}

/// [`run`] with a hook called before each request is sent.
pub(crate) async fn run_with(
    config: RunConfig,
    before_send: Option<BeforeSend>,
) -> Result<RunOutcome, RunError> {
    let started = Instant::now();
    let planned = u64::from(config.cases);
    let mut notes = Vec::new();
    let Some(ctx) = prepare_or_stop(&config, &mut notes, before_send).await? else {
        return Ok(interrupted_early(&config, started, planned));
    };
    let stream = CaseStream::spawn(
        config.seed,
        planned,
        Arc::clone(ctx.judge.knowledge()),
        config.formats.clone(),
        ctx.judge.auth(),
        config.concurrency,
    );
    ctx.progress.plan(stream.total());
    let ticker = spawn_ticker(&ctx);
    let mut tally = Tally::new(config.rules.clone());
    let limits = Limits {
        concurrency: config.concurrency,
        max_failures: config.max_failures,
        interrupt: config.interrupt.clone(),
    };
    let sent = execute(&ctx, stream, &config.formats, &limits, &mut tally).await;
    let mut end = sent.end;
    account_for_every_case(&mut tally, planned, end);
    let mut shrinking = Shrinking::default();
    if config.shrink && !matches!(end, RunEnd::Interrupted { .. }) {
        shrinking = shrink_all(&config, &ctx, &mut tally).await?;
        if shrinking.interrupted {
            end = RunEnd::Interrupted { abandoned: 0 };
        }
    }
    if let Some(ticker) = ticker {
        ticker.abort();
    }
    ctx.progress.clear();
    let report = report(
        &config,
        &ctx.credentials,
        started,
        planned,
        &tally,
        shrinking.exchanges,
        end,
    );
    Ok(RunOutcome {
        report,
        case_files: shrinking.case_files,
        notes,
        peak_cases_held: sent.peak_held,
    })
}

/// The first header of a case file's recorded request whose value was redacted: the case was
/// recorded with credentials.
fn redacted_header(file: &CaseFile) -> Option<String> {
    let request = file.finding.request.as_ref()?;
    request
        .headers
        .iter()
        .find(|(_, v)| v == REDACTED)
        .map(|(n, _)| n.clone())
}

/// Replay case files against the configured target: each minimal case is sent once and checked
/// again (with the run's credentials in place of the recorded ones). A case recorded with
/// credentials is refused when the run has none.
pub async fn replay(mut config: RunConfig, files: &[PathBuf]) -> Result<RunOutcome, RunError> {
    let started = Instant::now();
    let mut loaded = Vec::new();
    for path in files {
        let file = CaseFile::read(path)?;
        if config.credentials.is_empty()
            && let Some(header) = redacted_header(&file)
        {
            return Err(RunError::ReplayNeedsCredentials {
                path: path.display().to_string(),
                header,
            });
        }
        loaded.push(file);
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
    let planned = loaded.len() as u64;
    let mut notes = Vec::new();
    let Some(ctx) = prepare_or_stop(&config, &mut notes, None).await? else {
        return Ok(interrupted_early(&config, started, planned));
    };
    let mut tally = Tally::new(config.rules.clone());
    let mut end = RunEnd::Complete;
    for (index, file) in loaded.into_iter().enumerate() {
        // Each case in a task of its own, as in a run: a panic is an internal error with its
        // case, and the other files are still replayed.
        let task_ctx = Arc::clone(&ctx);
        let case = file.case.clone();
        let mut task = tokio::spawn(super::accounted::task(
            async move { task_ctx.step(case).await },
        ));
        let joined = tokio::select! {
            joined = &mut task => joined,
            () = wait(config.interrupt.as_ref(), 1) => {
                task.abort();
                end = RunEnd::Interrupted { abandoned: 1 };
                break;
            }
        };
        match joined {
            Ok(step) => {
                tally.record(index as u64, CaseResult::Single(Box::new(step)));
            }
            Err(error) => {
                let mut request = ctx.request_of(&file.case);
                ctx.redact(&mut request);
                tally.internal.push(InternalError {
                    case: index as u64,
                    label: file.case.label.id().to_owned(),
                    message: panic_message(error),
                    request: Some(request),
                });
            }
        }
    }
    let report = report(&config, &ctx.credentials, started, planned, &tally, 0, end);
    Ok(RunOutcome {
        report,
        case_files: Vec::new(),
        notes,
        peak_cases_held: 1,
    })
}
