//! `favorite-contract snapshot`: record a target's responses to the request corpus as insta
//! snapshot files (`--out`), or compare a target with recorded ones (`--check`).
//! Exit codes: 0 no difference (or recorded), 1 differences, 2 usage error or target unreachable.

use super::CliError;
use crate::client::Target;
use crate::snapshot::{self, HttpTarget, Redaction, Redactions, WriteMode, check_dir, record_dir};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

/// Record or check snapshots of a target's responses to the request corpus.
#[derive(Debug, clap::Args)]
pub(crate) struct SnapshotArgs {
    /// Base URL of the target: http://host:port[/base/path].
    #[arg(long, value_name = "URL")]
    target: String,
    /// Record into this folder: `.snap` for new cases, `.snap.new` beside changed ones (review
    /// them with `cargo insta review --workspace-root DIR`).
    #[arg(
        long,
        value_name = "DIR",
        conflicts_with = "check",
        required_unless_present = "check"
    )]
    out: Option<PathBuf>,
    /// Compare the target with the snapshots in this folder; exit 1 on a difference.
    #[arg(long, value_name = "DIR")]
    check: Option<PathBuf>,
    /// With --out: overwrite changed snapshots instead of writing `.snap.new` files.
    #[arg(long, requires = "out")]
    accept: bool,
    /// Send `Authorization: Bearer TOKEN` (never written into snapshots).
    #[arg(long, value_name = "TOKEN")]
    bearer: Option<String>,
    /// Send this header too (repeatable), e.g. `--header 'X-Api-Key: abc'`.
    #[arg(long = "header", value_name = "K:V", value_parser = parse_header)]
    headers: Vec<(String, String)>,
    /// Time limit per request: `10s`, `500ms`, `2m` or plain seconds.
    #[arg(long, value_name = "DURATION", default_value = "10s", value_parser = parse_duration)]
    timeout: Duration,
    /// Hide values at a path behind a marker (repeatable): `/ClientFavorites/*/ProcTime=[date]`.
    #[arg(long = "redact", value_name = "PATH=[label]")]
    redact: Vec<Redaction>,
    /// Read more redactions from a JSON file `{"/path": "label", …}`.
    #[arg(long = "redactions", value_name = "FILE")]
    redactions: Option<PathBuf>,
    /// Only this case (repeatable); all cases when absent.
    #[arg(long = "case", value_name = "ID")]
    cases: Vec<String>,
    /// Read the cases from this folder instead of the corpus built into the binary.
    #[arg(long, value_name = "DIR")]
    corpus: Option<PathBuf>,
}

/// Parse `Name: value` (or `Name:value`).
fn parse_header(text: &str) -> Result<(String, String), String> {
    match text.split_once(':') {
        Some((name, value)) if !name.trim().is_empty() => {
            Ok((name.trim().to_owned(), value.trim().to_owned()))
        }
        _ => Err(format!("expected `Name: value`, found `{text}`")),
    }
}

/// Parse `10s`, `500ms`, `2m` or a plain number of seconds.
pub(crate) fn parse_duration(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    let (number, unit) = match text.find(|c: char| !c.is_ascii_digit()) {
        Some(i) => text.split_at(i),
        None => (text, "s"),
    };
    let value: u64 = number
        .parse()
        .map_err(|_| format!("expected a duration like 10s, 500ms or 2m, found `{text}`"))?;
    let duration = match unit {
        "ms" => Duration::from_millis(value),
        "s" => Duration::from_secs(value),
        "m" => Duration::from_secs(value.saturating_mul(60)),
        _ => {
            return Err(format!(
                "expected a duration like 10s, 500ms or 2m, found `{text}`"
            ));
        }
    };
    if duration.is_zero() {
        return Err(format!("expected a positive duration, found `{text}`"));
    }
    Ok(duration)
}

pub(crate) fn run(args: SnapshotArgs) -> Result<ExitCode, CliError> {
    let SnapshotArgs {
        target,
        out,
        check,
        accept,
        bearer,
        headers,
        timeout,
        redact,
        redactions,
        cases,
        corpus,
    } = args;
    let all = match &corpus {
        Some(dir) => snapshot::corpus::load_dir(dir)?,
        None => snapshot::corpus::embedded()?,
    };
    let cases = snapshot::corpus::select(all, &cases)?;
    let mut rules = redact;
    if let Some(file) = &redactions {
        rules.extend(Redactions::read_file(file)?);
    }
    let mut credentials: Vec<(String, String)> = bearer
        .map(|token| ("Authorization".to_owned(), format!("Bearer {token}")))
        .into_iter()
        .collect();
    credentials.extend(headers);
    let target = HttpTarget::new(Target::parse(&target)?, credentials, timeout)?;
    let redactions = Redactions::new(rules, Some(target.base_url()));
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    match (out, check) {
        (Some(dir), _) => {
            let mode = if accept {
                WriteMode::Accept
            } else {
                WriteMode::Review
            };
            let summary = runtime.block_on(record_dir(&target, &cases, &redactions, &dir, mode))?;
            print!("{summary}");
            Ok(ExitCode::SUCCESS)
        }
        (None, Some(dir)) => {
            let report = runtime.block_on(check_dir(&target, &cases, &redactions, &dir))?;
            print!("{report}");
            Ok(if report.is_clean() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
        (None, None) => Err("expected --out DIR or --check DIR".into()),
    }
}
