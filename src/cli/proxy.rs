//! `favorite-contract proxy --upstream URL`: forward live traffic to a server and judge every
//! exchange of the action with `check`'s rules (see the README, "Checking live traffic").
//! Reports are written at shutdown (SIGINT/SIGTERM) and on `POST /__proxy/report`. Exit codes
//! at shutdown: 0 no violation, 1 violations (under `--strict`, any finding), 2 a setup error.

use super::check::{
    ReportPlan, ReportSpec, load_profile, parse_duration, parse_header, parse_report, write_out,
};
use super::output::{self, ColorChoice, Stream, errln, out, outln};
use super::tls::TlsArgs;
use super::{CliError, parse_int};
use crate::checker::{HumanOptions, Report};
use crate::client::{HttpClient, Target};
use crate::codec::JsonNet;
use crate::contract::contract;
use crate::dataset::Dataset;
use crate::judge::{AuthPolicy, JudgeSetup};
use crate::proxy::{
    DEFAULT_MAX_JUDGED_BODY_BYTES, DEFAULT_PROXY_CONNECTIONS, ProxyConfig, ProxyHandle,
    ProxyServer, ReportWriter,
};
use crate::server::{AdminAccess, DEFAULT_JOURNAL_BYTES, DEFAULT_JOURNAL_SIZE, wait_for_signal};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

/// Flags.
#[derive(Debug, clap::Args)]
pub(crate) struct ProxyArgs {
    /// The server to forward to, with any base path (`https://staging.example/lcmanager`): a
    /// request for `/api/…` goes to `{upstream}/api/…`.
    #[arg(long)]
    upstream: String,
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    bind: String,
    /// Port (0 = any free port; the banner names it).
    #[arg(long, default_value_t = 8081, value_parser = |v: &str| parse_int::<u16>(v, "a port"))]
    port: u16,
    /// The base path the action lives under in the proxy's own URLs (`/lcmanager` when clients
    /// call `/lcmanager/api/…` and --upstream has no base path).
    #[arg(long)]
    base_path: Option<String>,
    /// Bearer token for the upstream, added as `Authorization: Bearer TOKEN` to requests that
    /// carry no Authorization (never written to the journal or reports).
    #[arg(long)]
    bearer: Option<String>,
    /// Header `Name: value` added to requests that carry none of that name (repeatable).
    #[arg(long = "header", value_name = "K:V", value_parser = parse_header)]
    headers: Vec<(String, String)>,
    /// How `[Authorize]` is judged: `required` (production: no bearer token → 401) or
    /// `unchecked` (the upstream runs without auth).
    #[arg(long, value_enum, default_value = "required")]
    auth: AuthArg,
    /// Profile: a built-in name (default, help-page, lenient) or a profile file.
    #[arg(long, default_value = "default")]
    profile: String,
    /// Oracle mode: the upstream serves this dataset; every answer must equal the reference
    /// engine's.
    #[arg(long, value_name = "PATH")]
    oracle_dataset: Option<PathBuf>,
    /// The Json.NET generation the upstream runs.
    #[arg(long, value_enum, default_value = "v13")]
    json_net: super::JsonNetArg,
    /// Report at shutdown and on POST /__proxy/report: `human` (stdout), `json=PATH`,
    /// `junit=PATH` (repeatable; PATH `-` is stdout, one report at most on stdout).
    #[arg(long = "report", value_parser = parse_report)]
    reports: Vec<ReportSpec>,
    /// Exit 1 on any finding, not only on violations.
    #[arg(long)]
    strict: bool,
    /// Answer 502 with the findings instead of an upstream answer with a violation.
    #[arg(long)]
    fail_on_violation: bool,
    /// Do not add the X-Contract-Findings header to answers.
    #[arg(long)]
    no_findings_header: bool,
    /// Deadline for the upstream's answer: `500ms`, `10s`, `1m`; a slower answer is a
    /// hostile.timeout finding (and still forwarded).
    #[arg(long, default_value = "10s", value_parser = parse_duration)]
    timeout: Duration,
    /// How long to wait for the upstream's answer before answering 504 itself.
    #[arg(long, default_value = "60s", value_parser = parse_duration)]
    give_up: Duration,
    #[command(flatten)]
    tls: TlsArgs,
    /// Also answer this Host name (besides localhost, 127.0.0.1, [::1]; repeatable): the proxy
    /// refuses other names, so a web page cannot reach it through DNS rebinding.
    #[arg(long = "allowed-host", value_name = "NAME")]
    allowed_hosts: Vec<String>,
    /// Also add the --bearer/--header credentials to requests from pages of this origin
    /// (besides local pages; repeatable), e.g. http://dev.internal:3000.
    #[arg(long = "allowed-origin", value_name = "ORIGIN")]
    allowed_origins: Vec<String>,
    /// Largest body (each way) buffered to judge an exchange, bytes; larger ones stream
    /// through unjudged with a warning finding.
    #[arg(long, default_value_t = DEFAULT_MAX_JUDGED_BODY_BYTES)]
    max_judged_body_bytes: usize,
    /// Client connections open at once.
    #[arg(long, default_value_t = DEFAULT_PROXY_CONNECTIONS)]
    max_connections: usize,
    /// Judged exchanges kept in the journal.
    #[arg(long, default_value_t = DEFAULT_JOURNAL_SIZE)]
    journal_size: usize,
    /// Bytes of exchanges the journal lists (oldest go first); each core's shard keeps up to this.
    #[arg(long, default_value_t = DEFAULT_JOURNAL_BYTES)]
    journal_bytes: usize,
    /// No log line per judged exchange.
    #[arg(long)]
    quiet: bool,
}

/// `--auth`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum AuthArg {
    /// No usable bearer token → 401, as production.
    Required,
    /// Auth is not judged.
    Unchecked,
}

fn config(
    args: &ProxyArgs,
    plan: &ReportPlan,
    color: ColorChoice,
) -> Result<ProxyConfig, CliError> {
    let upstream = Target::parse(&args.upstream).map_err(|e| {
        // The parser speaks of --target, the flag `check` uses.
        e.to_string().replacen("--target", "--upstream", 1)
    })?;
    let mut config = ProxyConfig::new(upstream);
    let mut credentials = Vec::new();
    if let Some(token) = &args.bearer {
        credentials.push(("Authorization".to_owned(), format!("Bearer {token}")));
    }
    for (name, value) in &args.headers {
        if args.bearer.is_some() && name.eq_ignore_ascii_case("authorization") {
            return Err("expected either --bearer or --header Authorization:…, found both".into());
        }
        credentials.push((name.clone(), value.clone()));
    }
    config.credentials = credentials;
    let dataset = match &args.oracle_dataset {
        Some(path) => Some(Arc::new(Dataset::load(path)?)),
        None => None,
    };
    config.judge = JudgeSetup {
        profile: load_profile(&args.profile)?,
        knowledge: None,
        oracle: dataset.is_some(),
        dataset,
        json_net: JsonNet::from(args.json_net),
        auth: match args.auth {
            AuthArg::Required => AuthPolicy::Required,
            AuthArg::Unchecked => AuthPolicy::Unchecked,
        },
        base_path: args.base_path.clone(),
        time_limit: Some(args.timeout),
    };
    config.trust = args.tls.trust()?;
    config.findings_header = !args.no_findings_header;
    config.fail_on_violation = args.fail_on_violation;
    config.limits.max_judged_body_bytes = args.max_judged_body_bytes;
    config.limits.max_connections = args.max_connections;
    // Never give up before the deadline whose miss is the finding.
    config.limits.give_up = args.give_up.max(args.timeout);
    config.journal_size = args.journal_size;
    config.journal_bytes = args.journal_bytes;
    config.access = AdminAccess {
        allowed_hosts: args.allowed_hosts.clone(),
        origins: args.allowed_origins.clone(),
    };
    config.quiet = args.quiet;
    let (plan, strict) = (plan.clone(), args.strict);
    config.report_writer = Some(ReportWriter::new(move |report: &Report| {
        write_reports(&plan, color, strict, report).map_err(|e| e.to_string())
    }));
    Ok(config)
}

/// Write every report of the plan.
fn write_reports(
    plan: &ReportPlan,
    color: ColorChoice,
    strict: bool,
    report: &Report,
) -> Result<(), CliError> {
    for spec in &plan.specs {
        match spec {
            ReportSpec::Human => out(&report.render_human_with(HumanOptions {
                header: false,
                color: color.enabled(Stream::Stdout),
            }))?,
            ReportSpec::Json(path) => write_out(path, &(report.to_json() + "\n"))?,
            ReportSpec::Junit(path) => write_out(path, &report.to_junit(strict))?,
        }
    }
    Ok(())
}

/// A line for whoever started the proxy: stdout with the human report, stderr otherwise (so
/// stdout carries only the document asked for).
fn say(plan: &ReportPlan, line: &str) {
    if plan.human {
        // A closed stdout does not stop the proxy.
        let _ = outln(line);
    } else {
        errln(line);
    }
}

fn banner(handle: &ProxyHandle, config: &ProxyConfig) -> String {
    let base = config
        .judge
        .base_path
        .as_deref()
        .and_then(crate::pipeline::normalize_base_path)
        .unwrap_or_default();
    format!(
        "favorite-contract proxy listening on {url} -> {upstream} (judging {base}/{action}; \
         profile {profile}; auth {auth}; console: {url}/__proxy/)",
        url = handle.url(),
        upstream = config.upstream.base_url(),
        action = contract().endpoint.path.trim_matches('/'),
        profile = config.judge.profile.name,
        auth = match config.judge.auth {
            AuthPolicy::Required => "required",
            AuthPolicy::Unchecked => "unchecked",
        },
    )
}

/// Run the proxy until SIGINT or SIGTERM.
pub(crate) fn run(args: &ProxyArgs, color: ColorChoice) -> Result<ExitCode, CliError> {
    // Large bodies (up to the judged limit each way) are given back when freed, as in `serve`.
    crate::server::tune_allocator();
    let plan = ReportPlan::new(&args.reports)?;
    let config = config(args, &plan, color)?;
    let addr = if args.bind.contains(':') && !args.bind.starts_with('[') {
        format!("[{}]:{}", args.bind, args.port)
    } else {
        format!("{}:{}", args.bind, args.port)
    };
    // Logs go to stderr in batches; a second subscriber (tests, embedding) is not an error.
    let _log = super::log::init();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the async runtime: {e}"))?;
    let (report, strict) = runtime.block_on(async {
        let handle = ProxyServer::start(config.clone(), &addr).await?;
        say(&plan, &banner(&handle, &config));
        // A CI job may start the proxy before the upstream: say so, keep going.
        if let Ok(client) = HttpClient::new(config.upstream.clone(), args.timeout, 1)
            && let Err(unreachable) = client.probe().await
        {
            errln(&format!(
                "warning: {unreachable}; requests get 502 until it answers"
            ));
        }
        let signal = wait_for_signal().await;
        errln(&format!(
            "{signal}: draining the exchanges in flight, then writing the reports"
        ));
        Ok::<_, CliError>((handle.shutdown().await, args.strict))
    })?;
    let counts = format!(
        "favorite-contract proxy report — upstream {}, profile {}",
        report.target, report.profile
    );
    say(&plan, &counts);
    write_reports(&plan, color, strict, &report)?;
    if !plan.human {
        let paint = output::Paint(color.enabled(Stream::Stderr));
        let summary = report.summary_line();
        errln(&if report.totals().violations > 0 {
            paint.red(&summary)
        } else {
            paint.green(&summary)
        });
    }
    let code = report.exit_code(strict);
    Ok(ExitCode::from(u8::try_from(code).unwrap_or(1)))
}
