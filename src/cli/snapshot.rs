//! `favorite-contract snapshot`: record a target's responses to the request corpus as insta
//! snapshot files (`--out`), or compare a target with recorded ones (`--check`).
//! Exit codes: 0 no difference (or recorded), 1 differences, 2 usage error or target unreachable,
//! 130 / 143 stopped by SIGINT (Ctrl-C) / SIGTERM: the case in progress is abandoned, every file
//! written is whole, and the summary says what was done.

use super::CliError;
use super::guard::unless_a_thread_failed;
use super::output::{self, ColorChoice, Paint, Stream};
use super::signals::{self, FirstSignal, Signal};
use super::tls::TlsArgs;
use crate::client::Target;
use crate::contract::{TypeSchema, contract};
use crate::runner::Interrupt;
use crate::snapshot::{
    self, Case, HttpTarget, Redaction, Redactions, WriteMode, check_dir_until, pending_file_name,
    record_dir_until, snap_file_name,
};
use std::path::{Path, PathBuf};
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
    /// With --out: overwrite changed snapshots instead of writing `.snap.new` files (and remove
    /// the `.snap.new` files of the snapshots it accepted).
    #[arg(long, requires = "out")]
    accept: bool,
    /// Send `Authorization: Bearer TOKEN` (never written into snapshots).
    #[arg(long, value_name = "TOKEN")]
    bearer: Option<String>,
    /// Send this header too (repeatable), e.g. `--header 'X-Api-Key: abc'`.
    #[arg(long = "header", value_name = "K:V", value_parser = parse_header)]
    headers: Vec<(String, String)>,
    /// Time limit per request: `10s`, `500ms`, `2m` or plain seconds (the first request, which
    /// checks the target is this endpoint, may take 3 times as long).
    #[arg(long, value_name = "DURATION", default_value = "10s", value_parser = parse_duration)]
    timeout: Duration,
    #[command(flatten)]
    tls: TlsArgs,
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

/// `--check DIR` must be a folder holding a snapshot of at least one selected case: a wrong
/// path must not read as "every case differs" (exit 1) but as a usage error (exit 2).
fn check_folder(dir: &Path, cases: &[Case]) -> Result<(), CliError> {
    if !dir.exists() {
        return Err(format!(
            "--check {}: expected a folder of recorded snapshots, found no such file or folder \
             (record one with --out {})",
            dir.display(),
            dir.display()
        )
        .into());
    }
    if !dir.is_dir() {
        return Err(format!(
            "--check {}: expected a folder of recorded snapshots, found a file",
            dir.display()
        )
        .into());
    }
    if !cases
        .iter()
        .any(|c| dir.join(snap_file_name(&c.id)).is_file())
    {
        let example = cases.first().map_or_else(String::new, |c| {
            format!(" such as {}", snap_file_name(&c.id))
        });
        return Err(format!(
            "--check {}: expected snapshot files{example}, found none of the {} selected cases \
             (record them with --out {})",
            dir.display(),
            cases.len(),
            dir.display()
        )
        .into());
    }
    Ok(())
}

/// Every path below a body's root that an answer can have: the response's members in JSON
/// (list items by index) and XML (list items by row element name), and the HttpError members.
fn body_paths() -> Vec<Vec<String>> {
    fn walk(schema: &TypeSchema, prefix: &[String], xml: bool, out: &mut Vec<Vec<String>>) {
        let c = contract();
        for field in &schema.fields {
            let mut path = prefix.to_vec();
            path.push(field.name.clone());
            out.push(path.clone());
            if let Some(item) = field.item {
                let row = c.schema(item);
                path.push(if xml {
                    row.name.clone()
                } else {
                    "0".to_owned()
                });
                out.push(path.clone());
                walk(row, &path, xml, out);
            }
        }
    }
    let mut out = Vec::new();
    let response = contract().response();
    walk(response, &[], false, &mut out);
    walk(response, &[], true, &mut out);
    for member in [
        "Message",
        "MessageDetail",
        "ExceptionMessage",
        "ExceptionType",
        "StackTrace",
    ] {
        out.push(vec![member.to_owned()]);
    }
    out
}

/// A `--redact` rule that can match nothing hides nothing: almost always a typo. Array indices
/// in a rule stand for any index (the contract's lists have no fixed length).
fn check_redactions(rules: &[Redaction]) -> Result<(), CliError> {
    let paths = body_paths();
    for rule in rules {
        let any_index: Vec<&str> = rule
            .path()
            .split('/')
            .map(|step| {
                if !step.is_empty() && step.bytes().all(|b| b.is_ascii_digit()) {
                    "0"
                } else {
                    step
                }
            })
            .collect();
        let probe = Redaction::new(&any_index.join("/"), rule.label())?;
        let hit = paths.iter().any(|p| {
            let steps: Vec<&str> = p.iter().map(String::as_str).collect();
            probe.matches_path(&steps)
        });
        if !hit {
            return Err(format!(
                "redaction `{rule}`: expected a path that matches a member of an answer (JSON \
                 members and indices or XML element names below the root, e.g. \
                 /ClientFavorites/*/ProcTime or /**/ProcTimeConfirm), found `{}`, which matches \
                 nothing in any case",
                rule.path()
            )
            .into());
        }
    }
    Ok(())
}

/// Colour the `✗` lines of a difference report and its summary (presentation only).
fn paint_report(text: &str, paint: Paint) -> String {
    if !paint.0 {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len() + 64);
    for line in text.lines() {
        let painted = if line.starts_with("✗ ") {
            paint.red(line)
        } else if line.starts_with("· ") {
            paint.dim(line)
        } else if line.starts_with("checked ") && line.ends_with("no differences") {
            paint.green(line)
        } else if line.starts_with("checked ") {
            paint.red(line)
        } else {
            line.to_owned()
        };
        out.push_str(&painted);
        out.push('\n');
    }
    out
}

/// After `--accept`, a `.snap.new` beside a snapshot it wrote is stale: remove it, so `cargo
/// insta review` does not offer a change that was already taken.
fn remove_accepted_pending(dir: &Path, ids: &[String]) -> Result<(), CliError> {
    for id in ids {
        let pending = dir.join(pending_file_name(id));
        match std::fs::remove_file(&pending) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(format!("cannot remove {}: {e}", pending.display()).into()),
        }
    }
    Ok(())
}

pub(crate) fn run(args: SnapshotArgs, color: ColorChoice) -> Result<ExitCode, CliError> {
    let SnapshotArgs {
        target,
        out,
        check,
        accept,
        bearer,
        headers,
        timeout,
        tls,
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
    let target =
        HttpTarget::with_trust(Target::parse(&target)?, credentials, timeout, &tls.trust()?)?;
    check_redactions(&rules)?;
    if let Some(dir) = &check {
        check_folder(dir, &cases)?;
    }
    let redactions = Redactions::new(rules, Some(target.base_url()));
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let interrupt = Interrupt::new();
    let signals = signals::listen(&runtime, interrupt.clone(), announce)?;
    let stop = Some(&interrupt);
    let probed = runtime.block_on(async {
        tokio::select! {
            probed = target.preflight() => probed.map(Some),
            () = interrupt.triggered(1) => Ok(None),
        }
    })?;
    if probed.is_none() {
        output::errln(&format!(
            "{}: stopped before the first case; nothing was recorded or compared (exit {})",
            stopped_by(&signals),
            signals.exit_code()
        ));
        return Ok(ExitCode::from(signals.exit_code()));
    }
    match (out, check) {
        (Some(dir), _) => {
            let mode = if accept {
                WriteMode::Accept
            } else {
                WriteMode::Review
            };
            let summary = runtime.block_on(record_dir_until(
                &target,
                &cases,
                &redactions,
                &dir,
                mode,
                stop,
            ))?;
            if mode == WriteMode::Accept {
                remove_accepted_pending(&dir, &summary.accepted)?;
                remove_accepted_pending(&dir, &summary.created)?;
            }
            output::out(&summary.to_string())?;
            if summary.interrupted {
                output::errln(&format!(
                    "{}: recorded {} of {} cases; the case in progress was abandoned and no \
                     file was written for it (exit {})",
                    stopped_by(&signals),
                    summary.recorded(),
                    summary.planned,
                    signals.exit_code()
                ));
                return Ok(ExitCode::from(signals.exit_code()));
            }
            Ok(ExitCode::from(unless_a_thread_failed(0)))
        }
        (None, Some(dir)) => {
            let report =
                runtime.block_on(check_dir_until(&target, &cases, &redactions, &dir, stop))?;
            output::out(&paint_report(
                &report.to_string(),
                Paint(color.enabled(Stream::Stdout)),
            ))?;
            if report.interrupted {
                output::errln(&format!(
                    "{}: compared {} of {} cases; the differences above are those of the \
                     cases compared (exit {})",
                    stopped_by(&signals),
                    report.cases.len(),
                    report.planned,
                    signals.exit_code()
                ));
                return Ok(ExitCode::from(signals.exit_code()));
            }
            let verdict = if report.is_clean() { 0 } else { 1 };
            Ok(ExitCode::from(unless_a_thread_failed(verdict)))
        }
        (None, None) => Err("expected --out DIR or --check DIR".into()),
    }
}

/// What `snapshot` says when a signal arrives: it stops at once (a case's exchanges are
/// cheap to send again; a half-recorded case is never written).
fn announce(signal: Signal, count: u32) {
    if count == 1 {
        output::errln(&format!(
            "interrupted by {}: stopping; the case in progress is abandoned",
            signal.name()
        ));
    }
}

/// `interrupted by SIGINT` (or the signal that came first).
fn stopped_by(signals: &FirstSignal) -> String {
    format!(
        "interrupted by {}",
        signals.get().map_or("SIGINT", Signal::name)
    )
}
