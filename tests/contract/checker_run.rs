//! The cargo-test form of `favorite-contract check`: the same library entry point
//! (`favorite_contract::run`) against `TARGET_URL` when it is set, otherwise against the in-process
//! mock on port 0, asserting zero violations for every format under the default profile.
//!
//! Against an external target, `TARGET_BEARER` (token), `TARGET_OPERATOR` and `TARGET_CLIENTS`
//! (comma-separated ids known to exist) say what `--bearer`, `--operator` and `--client` would.
//! Source: issue 4 ("The cargo-test form", "Proof that it works").

use favorite_contract::Dataset;
use favorite_contract::Target;
use favorite_contract::codec::Format;
use favorite_contract::{MockServer, ServerHandle};
use favorite_contract::{Report, Severity};
use favorite_contract::{RunConfig, RunError, RunOutcome, SetupError, TlsFailure, run};
use std::sync::Arc;

type TestResult = Result<(), Box<dyn std::error::Error>>;

/// Exchanges per run: enough for every case kind and a few sequences, quick in a debug build.
const CASES: u32 = 600;

/// The fixed seed of the harness (the CLI draws a random one).
const SEED: u64 = 20_260_507;

/// A setup failure of the harness, printed as its message: the test harness prints an error
/// with `Debug`, which must say which variable to set, not dump a value.
struct HarnessError(String);

impl std::fmt::Debug for HarnessError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::fmt::Display for HarnessError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for HarnessError {}

/// How the harness reads its environment (the tests of the harness pass their own).
type Env<'a> = &'a dyn Fn(&str) -> Option<String>;

fn real_env(name: &str) -> Option<String> {
    std::env::var(name).ok()
}

/// The configuration for an external `TARGET_URL`, every variable checked with a message naming
/// it.
fn external_config(url: &str, env: Env<'_>) -> Result<RunConfig, HarnessError> {
    let target =
        Target::parse(url).map_err(|e| HarnessError(format!("TARGET_URL `{url}`: {e}")))?;
    let mut config = RunConfig::new(target);
    if let Some(token) = env("TARGET_BEARER") {
        config.credentials = vec![("Authorization".into(), format!("Bearer {token}"))];
    }
    if let Some(op) = env("TARGET_OPERATOR") {
        config.operator = op.trim().parse().map_err(|_| {
            HarnessError(format!(
                "TARGET_OPERATOR: expected an operator id from -32768 to 32767, found `{op}`"
            ))
        })?;
    }
    if let Some(ids) = env("TARGET_CLIENTS") {
        config.clients = ids
            .split(',')
            .map(|s| s.trim().parse())
            .collect::<Result<_, _>>()
            .map_err(|_| {
                HarnessError(format!(
                    "TARGET_CLIENTS: expected comma-separated client ids such as 1001,1002, \
                     found `{ids}`"
                ))
            })?;
    }
    Ok(config)
}

/// A run error in the harness's terms: which variable to set.
fn explain(url: &str, error: RunError) -> HarnessError {
    HarnessError(match error {
        RunError::Setup(SetupError::CredentialsNeeded { .. }) => format!(
            "TARGET_URL {url} answered 401 to a request without credentials: set TARGET_BEARER \
             to a token it accepts"
        ),
        RunError::Setup(SetupError::CredentialsRefused { .. }) => format!(
            "TARGET_URL {url} answered 401 to the token in TARGET_BEARER: set TARGET_BEARER to a \
             token it accepts"
        ),
        other => format!("TARGET_URL {url}: {other}"),
    })
}

/// The target and, for the in-process mock, its handle and dataset.
async fn target(
    env: Env<'_>,
) -> Result<(RunConfig, Option<ServerHandle>), Box<dyn std::error::Error>> {
    if let Some(url) = env("TARGET_URL") {
        return Ok((external_config(&url, env)?, None));
    }
    let server = MockServer::builder()
        .bind("127.0.0.1:0")
        .quiet(true)
        .start()
        .await?;
    let mut config = RunConfig::new(Target::parse(&server.url())?);
    config.credentials = vec![("Authorization".into(), "Bearer favorite-contract".into())];
    // The mock serves the embedded dataset: oracle mode compares every answer with the engine.
    config.dataset = Some(Arc::new(Dataset::embedded_default()));
    config.oracle = true;
    Ok((config, Some(server)))
}

fn violations(report: &Report) -> Vec<String> {
    report
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Violation)
        .map(ToString::to_string)
        .collect()
}

async fn check(formats: Vec<Format>) -> Result<RunOutcome, Box<dyn std::error::Error>> {
    check_with(&real_env, formats).await
}

async fn check_with(
    env: Env<'_>,
    formats: Vec<Format>,
) -> Result<RunOutcome, Box<dyn std::error::Error>> {
    let (mut config, server) = target(env).await?;
    config.formats = formats;
    config.cases = CASES;
    config.seed = SEED;
    let url = config.target.to_string();
    let outcome = run(config).await.map_err(|e| explain(&url, e));
    if let Some(server) = server {
        server.shutdown().await;
    }
    Ok(outcome?)
}

/// `TARGET_URL` without `TARGET_BEARER` against a protected target says which variable to set,
/// in words (the harness prints errors with `Debug`); a bad variable is named with its value.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_harness_names_the_variable_to_set() -> TestResult {
    let mock = MockServer::builder()
        .bind("127.0.0.1:0")
        .quiet(true)
        .auth(favorite_contract::AuthMode::Bearer)
        .start()
        .await?;
    let url = mock.url();
    let only_url = |name: &str| (name == "TARGET_URL").then(|| url.clone());
    let Err(err) = check_with(&only_url, vec![Format::Json]).await else {
        return Err("a protected target ran without a token".into());
    };
    let shown = format!("{err:?}");
    assert_eq!(
        shown,
        format!(
            "TARGET_URL {url} answered 401 to a request without credentials: set TARGET_BEARER \
             to a token it accepts"
        )
    );
    let bad_clients = |name: &str| match name {
        "TARGET_URL" => Some(url.clone()),
        "TARGET_CLIENTS" => Some("1001, abc".to_owned()),
        _ => None,
    };
    let Err(err) = check_with(&bad_clients, vec![Format::Json]).await else {
        return Err("bad TARGET_CLIENTS accepted".into());
    };
    assert_eq!(
        format!("{err:?}"),
        "TARGET_CLIENTS: expected comma-separated client ids such as 1001,1002, found `1001, abc`"
    );
    mock.shutdown().await;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_format_has_zero_violations_under_the_default_profile() -> TestResult {
    for format in [Format::Json, Format::Xml, Format::Form] {
        let outcome = check(vec![format]).await?;
        let report = &outcome.report;
        assert!(
            violations(report).is_empty(),
            "{format:?}: {}",
            report.render_human()
        );
        assert!(
            report.cases_run >= u64::from(CASES) / 2,
            "{format:?} ran {} cases",
            report.cases_run
        );
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn all_formats_together_pass_with_relations_and_a_passing_testcase_per_rule() -> TestResult {
    let outcome = check(vec![Format::Json, Format::Xml, Format::Form]).await?;
    let report = &outcome.report;
    assert!(violations(report).is_empty(), "{}", report.render_human());
    if std::env::var("TARGET_URL").is_err() {
        // The mock writes exactly what production writes: not even a warning or a deviation.
        assert!(report.findings.is_empty(), "{}", report.render_human());
    }
    assert!(outcome.case_files.is_empty());
    if std::env::var("TARGET_URL").is_err() {
        // Every rule the run applied is a JUnit testcase, passing or not.
        let checked: Vec<String> = report
            .checked
            .iter()
            .map(|c| {
                let format = c.format.map_or("any", |f| match f {
                    favorite_contract::codec::WireFormat::Json => "json",
                    favorite_contract::codec::WireFormat::Xml => "xml",
                });
                format!("{format} {}", c.rule)
            })
            .collect();
        insta::assert_snapshot!(checked.join("\n"), @r"
    any http.status
    any http.content-type
    any http.encoding
    any http.cors
    any http.allow
    any http.challenge
    any http.error-body
    any http.response
    any inv.total-rows-select
    any inv.total-rows
    any inv.page-length
    any inv.page-size
    any inv.remain-link-goods
    any inv.now-link-goods
    any inv.non-negative
    any inv.count-confirm
    any inv.count-select
    any inv.avg-favorite
    any inv.sum-gain-zero
    any inv.error-message
    any inv.error-empty
    any inv.business-error
    any inv.period
    any inv.filter
    any inv.money-scale
    any inv.duplicate-id
    any inv.order
    any inv.fixed-order
    any inv.null-array
    any inv.proven-rows
    any inv.goods-in-groups
    any inv.filter-counts
    any inv.selected-entry
    any inv.goods-names
    any meta.total-rows-paging
    any meta.paging-concat
    any meta.period-narrowing
    any meta.filter-narrowing
    any meta.format-equivalence
    any meta.repeat
    any hostile.no-2xx-data
    any hostile.stack-trace
    any hostile.timeout
    any hostile.cross-operator
    any oracle.diff
    json json.syntax
    json json.property-set
    json json.property-order
    json json.type
    json json.int-range
    json json.null
    json json.decimal-form
    json json.date-form
    json json.layout
    json date.kind
    xml xml.syntax
    xml xml.root
    xml xml.namespace
    xml xml.order
    xml xml.member-set
    xml xml.row-name
    xml xml.nil
    xml xml.lexical
    xml xml.layout
    xml date.kind
    ");
        let junit = report.to_junit(false);
        assert!(junit.contains(
            "<testcase classname=\"favorite-contract.any\" name=\"meta.paging-concat\"/>"
        ));
        assert!(!junit.contains("<failure"));
    }
    Ok(())
}

/// A port nothing listens on: bound, then released.
fn closed_port() -> Result<u16, std::io::Error> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    Ok(listener.local_addr()?.port())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unreachable_target_is_reported_quickly() -> TestResult {
    let port = closed_port()?;
    let mut config = RunConfig::new(Target::parse(&format!("http://127.0.0.1:{port}"))?);
    // The connect probe waits at most --timeout; a refused connection ends it at once.
    config.timeout = std::time::Duration::from_secs(2);
    let limit = config.timeout;
    let started = std::time::Instant::now();
    let result = run(config).await;
    let Err(err) = result else {
        return Err("a closed port was checked".into());
    };
    assert!(
        matches!(err, RunError::Setup(SetupError::Unreachable(_))),
        "{err}"
    );
    assert!(
        err.to_string().contains("is unreachable: cannot connect"),
        "{err}"
    );
    assert!(started.elapsed() < limit);
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn https_goes_through_tls_and_fails_cleanly_on_a_plain_http_server() -> TestResult {
    let server = MockServer::builder()
        .bind("127.0.0.1:0")
        .quiet(true)
        .start()
        .await?;
    let url = server.url().replace("http://", "https://");
    let mut config = RunConfig::new(Target::parse(&url)?);
    config.timeout = std::time::Duration::from_secs(2);
    let result = run(config).await;
    server.shutdown().await;
    let Err(err) = result else {
        return Err("TLS to a plain HTTP server succeeded".into());
    };
    assert!(
        matches!(
            err,
            RunError::Setup(SetupError::Tls {
                failure: TlsFailure::PlainHttp,
                ..
            })
        ),
        "{err}"
    );
    assert!(
        err.to_string().ends_with(
            "the server answered plain HTTP to a TLS handshake: use an http:// URL for this port"
        ),
        "{err}"
    );
    Ok(())
}

#[test]
fn the_binary_exits_2_on_usage_errors_and_unreachable_targets() -> TestResult {
    let bin = env!("CARGO_BIN_EXE_favorite-contract");
    let usage = std::process::Command::new(bin).args(["check"]).output()?;
    assert_eq!(usage.status.code(), Some(2));
    let port = closed_port()?;
    let unreachable = std::process::Command::new(bin)
        .args([
            "check",
            "--target",
            &format!("http://127.0.0.1:{port}"),
            "--seed",
            "9",
        ])
        .output()?;
    assert_eq!(unreachable.status.code(), Some(2));
    let stdout = String::from_utf8_lossy(&unreachable.stdout);
    insta::assert_snapshot!(stdout.replace(&port.to_string(), "PORT"), @"favorite-contract 0.1.0 check: target http://127.0.0.1:PORT, profile default, seed 9");
    let stderr = String::from_utf8_lossy(&unreachable.stderr);
    assert!(stderr.contains("is unreachable"), "{stderr}");
    Ok(())
}

/// Source: issue 4 ("Prints the seed, the profile and the version first"; exit code 0 without
/// violations). The line is printed once: the human report after it leaves its own copy out.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_binary_prints_its_header_once_and_exits_0_against_the_mock() -> TestResult {
    let server = MockServer::builder()
        .bind("127.0.0.1:0")
        .quiet(true)
        .start()
        .await?;
    let url = server.url();
    let output = tokio::task::spawn_blocking(move || {
        std::process::Command::new(env!("CARGO_BIN_EXE_favorite-contract"))
            .args(["check", "--target", &url, "--bearer", "tok", "--seed", "5"])
            .args(["--cases", "60", "--formats", "json"])
            .output()
    })
    .await??;
    server.shutdown().await;
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{stdout}");
    let first = stdout.lines().next().unwrap_or_default();
    assert!(
        first.starts_with("favorite-contract 0.1.0 check: target http://127.0.0.1:")
            && first.ends_with(", profile default, seed 5"),
        "{first}"
    );
    assert_eq!(stdout.matches("favorite-contract").count(), 1, "{stdout}");
    assert!(
        stdout
            .lines()
            .nth(1)
            .unwrap_or_default()
            .contains(": 0 violations,"),
        "{stdout}"
    );
    Ok(())
}
