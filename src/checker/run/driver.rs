//! A run from configuration to report: probe, generate, execute, relate, shrink, report.

use super::RunConfig;
use super::casefile::{CaseFile, CaseFileError, RecordedKnowledge};
use super::cases::{
    Case, CaseLabel, Knowledge, SequencePlan, hostile_case, sequence_plan, valid_case,
};
use super::client::{HttpClient, TlsSetup, Unreachable};
use super::context::{RunContext, Step};
use super::execute::is_violation;
use super::predict::{AuthPolicy, Predictor};
use super::progress::{Progress, REDRAW_INTERVAL};
use super::relations::{SequenceResult, run_sequence};
use super::shrink::{same_failure, shrink};
use crate::checker::{CheckedRule, ExpectedDateKind, Finding, Report, RuleFamily, RuleId, RunInfo};
use crate::codec::{BindOptions, Format, WireFormat};
use crate::dataset::Dataset;
use crate::engine::{DateStyle, Settings};
use crate::model::Request;
use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

/// Share of the planned exchanges spent on single valid cases, in percent.
const VALID_SHARE: u32 = 55;
/// Share spent on hostile cases, in percent; the rest goes to sequences.
const HOSTILE_SHARE: u32 = 30;
/// Exchanges a sequence costs on average (unpaged, repeat, 2 re-encodings, pages, narrowings).
const EXCHANGES_PER_SEQUENCE: u32 = 12;
/// What replaces a credential's value in reports and case files.
pub const REDACTED: &str = "<redacted>";
/// The mock's health resource (outside any base path).
const MOCK_HEALTH: &str = "/__mock/health";
/// What the mock's health resource names the embedded dataset.
const EMBEDDED_SOURCE: &str = "embedded default";

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

fn seed_bytes(seed: u64) -> [u8; 32] {
    let mut bytes = [0u8; 32];
    for (i, chunk) in bytes.chunks_mut(8).enumerate() {
        let word = seed ^ (i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        chunk.copy_from_slice(&word.to_le_bytes());
    }
    bytes
}

/// Draw `n` values of a strategy with `runner`'s RNG.
fn draw<S: Strategy>(strategy: &S, runner: &mut TestRunner, n: u32) -> Vec<S::Value> {
    (0..n)
        .filter_map(|_| strategy.new_tree(runner).ok().map(|t| t.current()))
        .collect()
}

/// Everything a run sends, drawn from the seed.
pub(crate) struct Plan {
    pub(crate) singles: Vec<Case>,
    pub(crate) sequences: Vec<SequencePlan>,
}

/// Draw the cases of a run: the same seed, knowledge and formats always give the same plan.
pub(crate) fn plan(
    seed: u64,
    cases: u32,
    knowledge: &Arc<Knowledge>,
    formats: &[Format],
    auth: AuthPolicy,
) -> Plan {
    let mut runner = TestRunner::new_with_rng(
        Config::default(),
        TestRng::from_seed(RngAlgorithm::ChaCha, &seed_bytes(seed)),
    );
    let formats = formats.to_vec();
    let valid_n = cases * VALID_SHARE / 100;
    let hostile_n = cases * HOSTILE_SHARE / 100;
    let rest = cases.saturating_sub(valid_n + hostile_n);
    let sequence_n = if cases == 0 {
        0
    } else {
        (rest / EXCHANGES_PER_SEQUENCE).max(1)
    };
    let mut singles = draw(
        &valid_case(knowledge, formats.clone()),
        &mut runner,
        valid_n,
    );
    let hostile = draw(
        &hostile_case(knowledge, formats.clone()),
        &mut runner,
        hostile_n,
    );
    singles.extend(hostile.into_iter().filter(|c| {
        auth == AuthPolicy::Required
            || !matches!(c.label, CaseLabel::MissingAuth | CaseLabel::BadAuth)
    }));
    let sequences = draw(&sequence_plan(knowledge, formats), &mut runner, sequence_n);
    Plan { singles, sequences }
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

/// Ask the mock's health resource whether it serves the embedded dataset.
async fn detect_embedded_mock(client: &HttpClient) -> bool {
    let probe = crate::checker::CaseRequest {
        method: "GET".to_owned(),
        path: MOCK_HEALTH.to_owned(),
        headers: Vec::new(),
        body: crate::checker::Body::Text(String::new()),
        format: None,
    };
    // The health resource lives at the root, outside the base path.
    let mut root = client.target().clone();
    root.base_path.clear();
    let Ok(root_client) = HttpClient::new(root, client.timeout(), 1) else {
        return false;
    };
    let Ok(exchange) = root_client.send(&probe).await else {
        return false;
    };
    exchange.observed.status == 200
        && serde_json::from_slice::<serde_json::Value>(&exchange.observed.body)
            .ok()
            .and_then(|v| {
                v.pointer("/dataset/source")
                    .and_then(|s| s.as_str().map(|s| s == EMBEDDED_SOURCE))
            })
            .unwrap_or(false)
}

/// Send one plain valid request to learn whether credentials are needed and accepted.
async fn decide_auth(
    client: &HttpClient,
    config: &RunConfig,
    knowledge: &Knowledge,
) -> Result<AuthPolicy, RunError> {
    let request = Request {
        client: knowledge.clients.first().map_or(1, |c| c.id),
        operator: knowledge
            .clients
            .first()
            .map_or(config.operator, |c| c.operator),
        ..Request::default()
    };
    let mut case = Case::post(
        CaseLabel::Valid,
        Some("application/json"),
        super::cases::Payload::Encoded {
            request,
            format: Format::Json,
            style: super::cases::EncodeStyle::Canonical,
        },
    )
    .to_request(&config.credentials);
    case.headers.extend(config.headers.iter().cloned());
    let target = config.target.to_string();
    let exchange = client.send(&case).await.map_err(|e| RunError::NoAnswer {
        target: target.clone(),
        reason: e.to_string(),
    })?;
    match (exchange.observed.status, config.credentials.is_empty()) {
        (401, true) => Err(RunError::CredentialsNeeded { target }),
        (401, false) => Err(RunError::CredentialsRefused { target }),
        (_, true) => Ok(AuthPolicy::Unchecked),
        (_, false) => Ok(AuthPolicy::Required),
    }
}

/// Probe the target and build the shared context.
async fn prepare(config: &RunConfig, notes: &mut Vec<String>) -> Result<Arc<RunContext>, RunError> {
    if config.formats.is_empty() {
        return Err(RunError::NoFormats);
    }
    let client = HttpClient::new(
        config.target.clone(),
        config.timeout,
        config.concurrency.max(1),
    )?;
    client.probe().await?;
    let mut dataset = config.dataset.clone();
    if dataset.is_none() && config.detect_mock && detect_embedded_mock(&client).await {
        notes.push(
            "the target is a favorite-contract mock serving the embedded dataset: client ids \
             and business outcomes come from that dataset"
                .to_owned(),
        );
        dataset = Some(Arc::new(Dataset::embedded_default()));
    }
    let knowledge = Arc::new(match &dataset {
        Some(ds) => Knowledge::from_dataset(ds, config.operator, &config.clients),
        None => Knowledge::from_flags(config.operator, &config.clients),
    });
    if knowledge.clients.is_empty() {
        notes.push(
            "no client ids known (--client, --oracle-dataset): valid cases use generated ids, \
             which mostly get business error 2"
                .to_owned(),
        );
    }
    let auth = decide_auth(&client, config, &knowledge).await?;
    if auth == AuthPolicy::Unchecked {
        notes.push(
            "the target answered without credentials and none were given: auth is not \
             judged (pass --bearer to check the 401 cases)"
                .to_owned(),
        );
    }
    let server_offset = dataset
        .as_ref()
        .map_or(config.profile.time_zone, |ds| ds.time_zone());
    let predictor = Predictor {
        knowledge,
        dataset,
        oracle: config.oracle,
        settings: Settings {
            date_style: match config.profile.date_kind {
                ExpectedDateKind::Local => DateStyle::Local,
                _ => DateStyle::Unspecified,
            },
            ..Settings::default()
        },
        bind: BindOptions {
            server_offset,
            json_net: config.json_net,
            ..BindOptions::default()
        },
        auth,
    };
    let (credentials, extra_headers) = (config.credentials.clone(), config.headers.clone());
    Ok(Arc::new(RunContext {
        client,
        predictor,
        profile: config.profile.clone(),
        credentials,
        extra_headers,
        progress: Arc::new(Progress::new(config.progress)),
    }))
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
        &ctx.predictor.knowledge,
        &config.formats,
        ctx.predictor.auth,
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
            for finding in step.outcome.findings.iter().filter(|f| is_violation(f)) {
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
    redact(&mut findings, &ctx.credentials);
    let report = Report::new(
        RunInfo {
            seed: Some(config.seed),
            profile: config.profile.name.clone(),
            target: config.target.base_url(),
            cases_run,
            duration: started.elapsed(),
            checked,
        },
        findings,
    );
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
    redact(&mut findings, &ctx.credentials);
    let report = Report::new(
        RunInfo {
            seed: Some(config.seed),
            profile: config.profile.name.clone(),
            target: config.target.base_url(),
            cases_run: steps.len() as u64,
            duration: started.elapsed(),
            checked: checked_rules(&refs, false, config.oracle),
        },
        findings,
    );
    Ok(RunOutcome {
        report,
        case_files: Vec::new(),
        notes,
    })
}
