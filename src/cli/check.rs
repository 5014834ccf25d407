//! `favorite-contract check --target URL`: run the contract checker against a server and
//! report (see the README, "Checking an implementation"). Exit codes: 0 no violation, 1
//! violations (under `--strict`, any finding), 2 a usage error, a target that cannot be checked
//! or an internal failure of the runner, 130 / 143 stopped by SIGINT (Ctrl-C) / SIGTERM (a CI
//! job cancelled; the reports are still written, marked interrupted).

use super::guard::unless_a_thread_failed;
use super::output::{self, ColorChoice, Stream, errln, out, outln};
use super::signals::{self, FirstSignal, Signal};
use super::tls::TlsArgs;
use super::{CliError, parse_int};
use crate::checker::{HumanOptions, Profile, RuleSelection, RunEnd};
use crate::client::Target;
use crate::codec::{Format, JsonNet};
use crate::dataset::Dataset;
use crate::runner::{
    DEFAULT_CASES, DEFAULT_CASES_DIR, DEFAULT_CONCURRENCY, INTERRUPT_GRACE, Interrupt,
    MAX_CONCURRENCY, RunConfig, RunOutcome, replay, run as run_check,
};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

/// Flags.
#[derive(Debug, clap::Args)]
pub(crate) struct CheckArgs {
    /// Base URL of the server under test, with any base path (`https://host/lcmanager`).
    #[arg(long, required_unless_present = "replay")]
    target: Option<String>,
    /// Bearer token sent as `Authorization: Bearer TOKEN` (never written to reports).
    #[arg(long)]
    bearer: Option<String>,
    /// Extra header `Name: value` on every request (repeatable); an Authorization header counts
    /// as credentials.
    #[arg(long = "header", value_name = "K:V", value_parser = parse_header)]
    headers: Vec<(String, String)>,
    /// Operator id the requests name (0 = the deployment's default operator).
    #[arg(long, default_value_t = 0, allow_negative_numbers = true,
          value_parser = |v: &str| parse_int::<i16>(v, "an operator id"))]
    operator: i16,
    /// A client id known to exist on the target under --operator (repeatable).
    #[arg(long = "client", value_name = "ID", allow_negative_numbers = true,
          value_parser = |v: &str| parse_int::<i32>(v, "a client id"))]
    clients: Vec<i32>,
    /// Cases to run (at least 1). A case is one generated scenario: a single valid or hostile
    /// request, or a metamorphic sequence of several requests (exchanges) derived from a first
    /// answer. Cases are generated as they are sent, so memory does not grow with this number.
    #[arg(long, default_value_t = DEFAULT_CASES, value_parser = parse_cases)]
    cases: u32,
    /// Stop sending new cases after N failing cases (cases with a violation); the reports say
    /// the run stopped there.
    #[arg(long, value_name = "N", value_parser = parse_max_failures)]
    max_failures: Option<u64>,
    /// Report only rules whose id matches this glob (repeatable): `inv.*`, `http.status`,
    /// `*.layout`. A glob that matches no rule id is a usage error.
    #[arg(long = "include-rule", value_name = "GLOB")]
    include_rules: Vec<String>,
    /// Never report rules whose id matches this glob (repeatable; applied after
    /// --include-rule).
    #[arg(long = "exclude-rule", value_name = "GLOB")]
    exclude_rules: Vec<String>,
    /// Generator seed (random when absent; always printed).
    #[arg(long, value_parser = |v: &str| parse_int::<u64>(v, "a seed"))]
    seed: Option<u64>,
    /// Request formats, comma-separated.
    #[arg(long, value_delimiter = ',', default_value = "json,xml,form", value_parser = parse_format)]
    formats: Vec<Format>,
    /// Profile: a built-in name (default, help-page, lenient) or a profile file.
    #[arg(long, default_value = "default")]
    profile: String,
    /// Oracle mode: the target serves this dataset; every answer must equal the reference
    /// engine's.
    #[arg(long, value_name = "PATH")]
    oracle_dataset: Option<PathBuf>,
    /// Deadline per request: `500ms`, `10s`, `1m` (a bare number is seconds). The first request
    /// may take 3 times as long (a cold start); a target that answers slower than this is
    /// checked and its slowness reported as hostile.timeout violations.
    #[arg(long, default_value = "10s", value_parser = parse_duration)]
    timeout: Duration,
    #[command(flatten)]
    tls: TlsArgs,
    /// Cases in flight at once (a sequence keeps its slot for all its requests).
    #[arg(long, default_value_t = DEFAULT_CONCURRENCY, value_parser = parse_concurrency)]
    concurrency: usize,
    /// Report: `human` (stdout), `json=PATH`, `junit=PATH` (repeatable; PATH `-` is stdout, and
    /// only one report may claim stdout; without `human` the summary line goes to stderr).
    #[arg(long = "report", value_parser = parse_report)]
    reports: Vec<ReportSpec>,
    /// Replay a case file instead of generating cases (repeatable).
    #[arg(long, value_name = "FILE")]
    replay: Vec<PathBuf>,
    /// Exit 1 on any finding, not only on violations.
    #[arg(long)]
    strict: bool,
    /// Where case files of shrunk violations are written.
    #[arg(long, default_value = DEFAULT_CASES_DIR)]
    cases_dir: PathBuf,
    /// Do not shrink violations (and write no case files).
    #[arg(long)]
    no_shrink: bool,
    /// The Json.NET generation the target runs.
    #[arg(long, value_enum, default_value = "v13")]
    json_net: super::JsonNetArg,
}

/// Where a report goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum ReportSpec {
    Human,
    Json(PathBuf),
    Junit(PathBuf),
}

pub(super) fn parse_header(text: &str) -> Result<(String, String), String> {
    let (name, value) = text
        .split_once(':')
        .ok_or_else(|| format!("expected `Name: value`, found `{text}`"))?;
    let name = name.trim();
    if name.is_empty() || !name.bytes().all(|b| b.is_ascii_graphic() && b != b':') {
        return Err(format!("expected a header name before `:`, found `{name}`"));
    }
    Ok((name.to_owned(), value.trim().to_owned()))
}

fn parse_format(text: &str) -> Result<Format, String> {
    crate::runner::cases::parse_format(text.trim())
        .ok_or_else(|| format!("expected json, xml or form, found `{text}`"))
}

pub(super) fn parse_duration(text: &str) -> Result<Duration, String> {
    let t = text.trim();
    let bad = || format!("expected a duration such as 500ms, 10s or 1m, found `{text}`");
    let (number, unit) = match t.find(|c: char| !c.is_ascii_digit()) {
        Some(i) => t.split_at(i),
        None => (t, "s"),
    };
    let n: u64 = number.parse().map_err(|_| bad())?;
    let d = match unit {
        "ms" => Duration::from_millis(n),
        "s" => Duration::from_secs(n),
        "m" => Duration::from_secs(n.saturating_mul(60)),
        _ => return Err(bad()),
    };
    if d.is_zero() {
        return Err(format!("expected a duration above zero, found `{text}`"));
    }
    Ok(d)
}

fn parse_cases(text: &str) -> Result<u32, String> {
    match parse_int::<u32>(text, "a number of cases")? {
        0 => Err(format!(
            "expected a number of cases of at least 1, found `{text}`"
        )),
        n => Ok(n),
    }
}

fn parse_max_failures(text: &str) -> Result<u64, String> {
    match parse_int::<u64>(text, "a number of failing cases")? {
        0 => Err(format!(
            "expected a number of failing cases of at least 1, found `{text}`"
        )),
        n => Ok(n),
    }
}

fn parse_concurrency(text: &str) -> Result<usize, String> {
    match text.parse::<usize>() {
        Ok(n) if (1..=MAX_CONCURRENCY).contains(&n) => Ok(n),
        _ => Err(format!(
            "expected a number 1-{MAX_CONCURRENCY}, found `{text}`"
        )),
    }
}

pub(super) fn parse_report(text: &str) -> Result<ReportSpec, String> {
    match text.split_once('=') {
        None if text == "human" => Ok(ReportSpec::Human),
        Some(("json", path)) if !path.is_empty() => Ok(ReportSpec::Json(path.into())),
        Some(("junit", path)) if !path.is_empty() => Ok(ReportSpec::Junit(path.into())),
        _ => Err(format!(
            "expected human, json=PATH or junit=PATH, found `{text}`"
        )),
    }
}

/// A built-in name, or a file when the value names one (a path separator or `.json`).
pub(super) fn load_profile(value: &str) -> Result<Profile, CliError> {
    let looks_like_file =
        value.contains('/') || value.ends_with(".json") || Path::new(value).is_file();
    Ok(if looks_like_file {
        Profile::load(Path::new(value))?
    } else {
        Profile::builtin(value)?
    })
}

/// A seed from the clock and the process id, for runs without `--seed`.
fn random_seed() -> u64 {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let mixed = (nanos as u64) ^ (u64::from(std::process::id()) << 32);
    // SplitMix64 finaliser: spreads clock bits over the whole seed.
    let mut z = mixed.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

pub(super) fn write_out(path: &Path, text: &str) -> Result<(), CliError> {
    if path == Path::new("-") {
        return out(text);
    }
    std::fs::write(path, text)
        .map_err(|e| format!("cannot write report {}: {e}", path.display()))?;
    Ok(())
}

/// Where the reports go, checked before the run: at most one report on stdout (`human` is
/// always stdout), no file written twice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct ReportPlan {
    pub(super) specs: Vec<ReportSpec>,
    /// The human report is asked for: the header and summary go to stdout with it; otherwise
    /// they go to stderr, so stdout carries only the document asked for.
    pub(super) human: bool,
}

impl ReportPlan {
    pub(super) fn new(specs: &[ReportSpec]) -> Result<ReportPlan, CliError> {
        let specs = if specs.is_empty() {
            vec![ReportSpec::Human]
        } else {
            specs.to_vec()
        };
        let stdout: Vec<String> = specs
            .iter()
            .filter(|s| s.path().is_none_or(|p| p == Path::new("-")))
            .map(ReportSpec::to_string)
            .collect();
        if stdout.len() > 1 {
            return Err(format!(
                "expected at most one report on stdout, found {} ({}): write the others to files, \
                 e.g. --report junit=check.xml",
                stdout.len(),
                stdout.join(", ")
            )
            .into());
        }
        let mut files: Vec<&Path> = specs.iter().filter_map(ReportSpec::path).collect();
        files.retain(|p| *p != Path::new("-"));
        files.sort();
        if let Some(pair) = files.windows(2).find(|w| w[0] == w[1]) {
            return Err(format!(
                "expected each report in its own file, found two reports writing {}",
                pair[0].display()
            )
            .into());
        }
        let human = specs.contains(&ReportSpec::Human);
        Ok(ReportPlan { specs, human })
    }

    /// Print a line that belongs with the human report: stdout when it is asked for, stderr
    /// otherwise.
    fn human_line(&self, line: &str) -> Result<(), CliError> {
        if self.human {
            outln(line)
        } else {
            errln(line);
            Ok(())
        }
    }
}

impl ReportSpec {
    fn path(&self) -> Option<&Path> {
        match self {
            ReportSpec::Human => None,
            ReportSpec::Json(p) | ReportSpec::Junit(p) => Some(p),
        }
    }
}

impl std::fmt::Display for ReportSpec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReportSpec::Human => f.write_str("human"),
            ReportSpec::Json(p) => write!(f, "json={}", p.display()),
            ReportSpec::Junit(p) => write!(f, "junit={}", p.display()),
        }
    }
}

fn config_from(args: &CheckArgs, target: Target) -> Result<RunConfig, CliError> {
    let mut config = RunConfig::new(target);
    if let Some(token) = &args.bearer {
        config
            .credentials
            .push(("Authorization".to_owned(), format!("Bearer {token}")));
    }
    for (name, value) in &args.headers {
        if name.eq_ignore_ascii_case("authorization") {
            if args.bearer.is_some() {
                return Err(
                    "expected either --bearer or --header Authorization:…, found both".into(),
                );
            }
            config.credentials.push((name.clone(), value.clone()));
        } else {
            config.headers.push((name.clone(), value.clone()));
        }
    }
    config.operator = args.operator;
    config.clients.clone_from(&args.clients);
    config.cases = args.cases;
    config.seed = args.seed.unwrap_or_else(random_seed);
    let mut formats = Vec::new();
    for &f in &args.formats {
        if !formats.contains(&f) {
            formats.push(f);
        }
    }
    config.formats = formats;
    config.profile = load_profile(&args.profile)?;
    if let Some(path) = &args.oracle_dataset {
        config.dataset = Some(Arc::new(Dataset::load(path)?));
        config.oracle = true;
    }
    config.timeout = args.timeout;
    config.trust = args.tls.trust()?;
    config.max_failures = args.max_failures;
    config.rules = RuleSelection::new(args.include_rules.clone(), args.exclude_rules.clone())?;
    config.concurrency = args.concurrency;
    config.cases_dir = (!args.no_shrink).then(|| args.cases_dir.clone());
    config.shrink = !args.no_shrink;
    config.json_net = JsonNet::from(args.json_net);
    config.progress = true;
    Ok(config)
}

fn report(
    args: &CheckArgs,
    plan: &ReportPlan,
    color: ColorChoice,
    outcome: &RunOutcome,
    signals: &FirstSignal,
) -> Result<ExitCode, CliError> {
    for note in &outcome.notes {
        errln(&format!("note: {note}"));
    }
    for spec in &plan.specs {
        match spec {
            ReportSpec::Human => out(&outcome.report.render_human_with(HumanOptions {
                header: false,
                color: color.enabled(Stream::Stdout),
            }))?,
            ReportSpec::Json(path) => write_out(path, &(outcome.report.to_json() + "\n"))?,
            ReportSpec::Junit(path) => write_out(path, &outcome.report.to_junit(args.strict))?,
        }
    }
    if !plan.human {
        let paint = output::Paint(color.enabled(Stream::Stderr));
        let summary = outcome.report.summary_line();
        errln(&if outcome.report.totals().violations > 0 {
            paint.red(&summary)
        } else {
            paint.green(&summary)
        });
    }
    for file in &outcome.case_files {
        errln(&format!(
            "case file: {} (replay with --replay)",
            file.display()
        ));
    }
    let internal = outcome.report.internal_errors.len();
    if internal > 0 {
        errln(&format!(
            "internal error: the runner failed on {internal} case{} (listed in the report), so \
             this run is not a pass (this is a bug; please report it with the command line)",
            if internal == 1 { "" } else { "s" }
        ));
    }
    match outcome.report.end {
        RunEnd::Interrupted { .. } => {
            let by = match signals.get() {
                Some(Signal::Term) => " by SIGTERM",
                Some(Signal::Int) | None => "",
            };
            errln(&format!(
                "interrupted{by}: the reports cover only the cases that finished, and say so \
                 (exit {})",
                signals.exit_code()
            ));
            return Ok(ExitCode::from(signals.exit_code()));
        }
        RunEnd::MaxFailures { limit } => errln(&format!(
            "stopped sending after {limit} failing cases (--max-failures {limit})"
        )),
        RunEnd::Complete => {}
    }
    let code = u8::try_from(outcome.report.exit_code(args.strict)).unwrap_or(2);
    Ok(ExitCode::from(unless_a_thread_failed(code)))
}

/// What `check` says when a signal arrives: the first stops sending, the second abandons the
/// cases in flight.
fn announce(signal: Signal, count: u32) {
    let by = match signal {
        Signal::Int => String::new(),
        Signal::Term => format!(" by {}", signal.name()),
    };
    errln(&if count == 1 {
        format!(
            "interrupted{by}: sending no new case; cases in flight get {} s to finish \
             ({} again to abandon them)",
            INTERRUPT_GRACE.as_secs(),
            match signal {
                Signal::Int => "Ctrl-C",
                Signal::Term => "SIGTERM",
            }
        )
    } else {
        format!("interrupted again{by}: abandoning the cases in flight")
    });
}

/// Run the check.
pub(crate) fn run(args: &CheckArgs, color: ColorChoice) -> Result<ExitCode, CliError> {
    let plan = ReportPlan::new(&args.reports)?;
    let replays: Vec<crate::runner::CaseFile> = args
        .replay
        .iter()
        .map(|p| crate::runner::CaseFile::read(p))
        .collect::<Result<_, _>>()?;
    let target_text = match (&args.target, replays.first()) {
        (Some(t), _) => t.clone(),
        (None, Some(file)) => file.target.clone(),
        (None, None) => return Err("expected --target URL".into()),
    };
    let target = Target::parse(&target_text)?;
    let mut config = config_from(args, target)?;
    if let (None, Some(file)) = (args.seed, replays.first()) {
        config.seed = file.seed;
    }
    plan.human_line(&format!(
        "favorite-contract {} check: target {}, profile {}, seed {}",
        env!("CARGO_PKG_VERSION"),
        config.target,
        config.profile.name,
        config.seed
    ))?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the async runtime: {e}"))?;
    let interrupt = Interrupt::new();
    config.interrupt = Some(interrupt.clone());
    let signals = signals::listen(&runtime, interrupt, announce)?;
    let outcome = if args.replay.is_empty() {
        runtime.block_on(run_check(config))?
    } else {
        runtime.block_on(replay(config, &args.replay))?
    };
    report(args, &plan, color, &outcome, &signals)
}
