//! Recording cases against a target, writing insta snapshot files, and checking a target
//! against recorded files.

use super::case::Case;
use super::document::{self, BodyDoc, DocError, ExchangeDoc};
use super::encode::exchanges;
use super::http::HttpTarget;
use super::load::CorpusError;
use super::record::exchange_doc;
use super::redact::{RedactError, Redaction, Redactions};
use super::snap_file::{self, SnapMeta, pending_file_name, snap_file_name};
use crate::client::SendError;
use crate::runner::Interrupt;
use crate::wire::json::Json;
use serde_json::{Value, json};
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Why a snapshot run could not complete (exit code 2).
#[derive(Debug, thiserror::Error)]
pub enum SnapshotError {
    /// The corpus is invalid.
    #[error(transparent)]
    Corpus(#[from] CorpusError),
    /// A credential header's name or value cannot be sent.
    #[error("header `{name}`: expected a valid HTTP header name and a one-line value")]
    Header {
        /// The header name.
        name: String,
    },
    /// TLS could not be set up.
    #[error("target `{url}`: {reason}")]
    Tls {
        /// The base URL.
        url: String,
        /// Why.
        reason: String,
    },
    /// The request could not be sent or no response came.
    #[error("{method} {url}: the target is unreachable ({reason})")]
    Unreachable {
        /// The method.
        method: String,
        /// The full URL.
        url: String,
        /// What failed.
        reason: SendError,
    },
    /// No complete response within the time limit.
    #[error("{method} {url}: no response within {timeout:?}")]
    Timeout {
        /// The method.
        method: String,
        /// The full URL.
        url: String,
        /// The limit.
        timeout: Duration,
    },
    /// A redaction rule is invalid.
    #[error(transparent)]
    Redact(#[from] RedactError),
    /// The target cannot be checked (not answering, not this endpoint, TLS, credentials).
    #[error(transparent)]
    Setup(#[from] crate::runner::SetupError),
    /// A snapshot file could not be read or written.
    #[error("cannot access {path}")]
    Io {
        /// The file or folder.
        path: String,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// A stored snapshot is not in the format this tool writes.
    #[error("{path}: expected a snapshot written by favorite-contract or its insta test")]
    Stored {
        /// The file.
        path: String,
        /// Where it breaks the format.
        #[source]
        source: DocError,
    },
}

/// The responses of one case, in snapshot form.
#[derive(Clone, Debug, PartialEq)]
pub struct Recording {
    case: Case,
    pub(super) exchanges: Vec<ExchangeDoc>,
    redactions: Vec<String>,
}

/// What one exchange got, for assertions in tests and summaries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExchangeSummary {
    /// The exchange label (`json → xml`).
    pub label: String,
    /// The status.
    pub status: u16,
    /// The Content-Type header.
    pub content_type: Option<String>,
    /// The `ErrorCode` of a JSON or XML response body, when it has one.
    pub error_code: Option<i32>,
}

impl Recording {
    /// The case.
    pub fn case(&self) -> &Case {
        &self.case
    }

    /// The snapshot text: every exchange's request and response.
    pub fn text(&self) -> String {
        document::render(&self.exchanges)
    }

    /// The header `info` of the snapshot file: case, covers, target and redaction rules.
    pub fn info(&self, target: &str) -> Value {
        json!({
            "case": self.case.id,
            "covers": self.case.covers.iter().map(ToString::to_string).collect::<Vec<_>>(),
            "target": target,
            "redactions": self.redactions,
        })
    }

    /// Status, Content-Type and `ErrorCode` of each exchange.
    pub fn summary(&self) -> Vec<ExchangeSummary> {
        self.exchanges
            .iter()
            .map(|e| ExchangeSummary {
                label: e.label.clone(),
                status: e.response.status,
                content_type: e.response.header("Content-Type").map(str::to_owned),
                error_code: error_code(&e.response.body),
            })
            .collect()
    }

    fn meta(&self, target: &str) -> SnapMeta {
        SnapMeta {
            source: format!("{}/{}.json", super::corpus::CORPUS_DIR, self.case.id),
            description: self.case.comment.clone(),
            expression: "favorite-contract snapshot".to_owned(),
            info: self.info(target),
        }
    }
}

fn error_code(body: &BodyDoc) -> Option<i32> {
    match body {
        BodyDoc::Json(node) => match &node.value {
            Json::Object(members) => members.iter().find_map(|m| match &m.value.value {
                Json::Number(n) if m.key == "ErrorCode" => n.parse().ok(),
                _ => None,
            }),
            _ => None,
        },
        BodyDoc::Xml(root) => root
            .elements()
            .find(|e| e.local == "ErrorCode")
            .and_then(|e| e.text().trim().parse().ok()),
        BodyDoc::Empty | BodyDoc::Text(_) => None,
    }
}

/// Send every exchange of a case and keep the responses.
pub async fn record_case(
    target: &HttpTarget,
    case: &Case,
    redactions: &Redactions,
) -> Result<Recording, SnapshotError> {
    crate::runner::fault::point(crate::runner::fault::Fault::Snapshot);
    let mut docs = Vec::new();
    for exchange in exchanges(case) {
        let observed = target.send(&exchange).await?;
        docs.push(exchange_doc(&exchange, &observed, redactions));
    }
    Ok(Recording {
        case: case.clone(),
        exchanges: docs,
        redactions: redactions.rules().iter().map(ToString::to_string).collect(),
    })
}

/// What `--out` does with a snapshot that changed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum WriteMode {
    /// Write `<name>.snap.new` beside it for `cargo insta review` (new snapshots are written
    /// as `.snap` directly: there is nothing to review them against).
    #[default]
    Review,
    /// Overwrite the `.snap` file.
    Accept,
}

/// What a recording run wrote, by case id.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RecordSummary {
    /// The folder.
    pub dir: PathBuf,
    /// The cases asked for.
    pub planned: usize,
    /// Stopped by an [`Interrupt`] before every case was recorded: the cases not listed were
    /// not recorded, and their files were left as they were.
    pub interrupted: bool,
    /// Same as the stored snapshot: untouched.
    pub unchanged: Vec<String>,
    /// No snapshot before: `.snap` written.
    pub created: Vec<String>,
    /// Changed: `.snap.new` written for review.
    pub pending: Vec<String>,
    /// Changed: `.snap` overwritten (`--accept`).
    pub accepted: Vec<String>,
}

impl fmt::Display for RecordSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let total = self.recorded();
        let (before, of) = if self.interrupted {
            ("interrupted: ", format!(" of {}", self.planned))
        } else {
            ("", String::new())
        };
        write!(
            f,
            "{before}recorded {total}{of} cases into {}: {} unchanged, {} new, {} changed (pending review), {} changed (accepted)",
            self.dir.display(),
            self.unchanged.len(),
            self.created.len(),
            self.pending.len(),
            self.accepted.len()
        )?;
        if self.interrupted {
            let rest = self.planned.saturating_sub(total);
            write!(
                f,
                "; the other {rest} case{} were not recorded and their files are untouched",
                if rest == 1 { "" } else { "s" }
            )?;
        }
        writeln!(f)?;
        for id in &self.pending {
            writeln!(f, "  changed: {}", pending_file_name(id))?;
        }
        if !self.pending.is_empty() {
            writeln!(
                f,
                "review with: cargo insta review --workspace-root {}",
                self.dir.display()
            )?;
        }
        Ok(())
    }
}

impl RecordSummary {
    /// The cases recorded (unchanged, new or changed).
    pub fn recorded(&self) -> usize {
        self.unchanged.len() + self.created.len() + self.pending.len() + self.accepted.len()
    }
}

/// Run `work` unless `stop` is (or gets) triggered first: `None` when stopped. Work that
/// finishes as the stop arrives is kept: it is whole.
pub(super) async fn until<T>(
    stop: Option<&Interrupt>,
    work: impl Future<Output = Result<T, SnapshotError>>,
) -> Result<Option<T>, SnapshotError> {
    let Some(stop) = stop else {
        return work.await.map(Some);
    };
    if stop.is_triggered() {
        return Ok(None);
    }
    tokio::select! {
        biased;
        done = work => done.map(Some),
        () = stop.triggered(1) => Ok(None),
    }
}

/// Write a snapshot file whole or not at all: into a hidden temporary file beside it, renamed
/// over it once complete, so a stop or a crash never leaves a half-written `.snap`.
fn write_whole(path: &Path, text: &str) -> Result<(), SnapshotError> {
    let name = path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let temporary = path.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
    let written = std::fs::write(&temporary, text)
        .map_err(io(&temporary))
        .and_then(|()| std::fs::rename(&temporary, path).map_err(io(path)));
    if written.is_err() {
        // Best effort: the error already names what failed.
        let _ = std::fs::remove_file(&temporary);
    }
    written
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> SnapshotError + '_ {
    move |source| SnapshotError::Io {
        path: path.display().to_string(),
        source,
    }
}

/// A stored snapshot: its exchanges and the redaction rules it was recorded with.
type Stored = (Vec<ExchangeDoc>, Vec<Redaction>);

pub(super) fn read_stored(path: &Path) -> Result<Option<Stored>, SnapshotError> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(io(path)(e)),
    };
    let stored = |source| SnapshotError::Stored {
        path: path.display().to_string(),
        source,
    };
    let snap = snap_file::parse(&text).ok_or_else(|| {
        stored(DocError {
            line: 1,
            expected: "a `---` header".to_owned(),
            found: text.lines().next().unwrap_or("").to_owned(),
        })
    })?;
    let exchanges = document::parse(&snap.body).map_err(stored)?;
    let rules = snap
        .redactions
        .iter()
        .map(|rule| rule.parse())
        .collect::<Result<Vec<Redaction>, _>>()?;
    Ok(Some((exchanges, rules)))
}

/// Record every case into `dir` as insta snapshot files.
pub async fn record_dir(
    target: &HttpTarget,
    cases: &[Case],
    redactions: &Redactions,
    dir: &Path,
    mode: WriteMode,
) -> Result<RecordSummary, SnapshotError> {
    record_dir_until(target, cases, redactions, dir, mode, None).await
}

/// [`record_dir`] that stops when `stop` is triggered: the case being recorded is abandoned
/// (no file is written or changed for it), the cases recorded before it keep their files,
/// and the summary is marked [`interrupted`](RecordSummary::interrupted). Every file is
/// written whole or not at all.
pub async fn record_dir_until(
    target: &HttpTarget,
    cases: &[Case],
    redactions: &Redactions,
    dir: &Path,
    mode: WriteMode,
    stop: Option<&Interrupt>,
) -> Result<RecordSummary, SnapshotError> {
    std::fs::create_dir_all(dir).map_err(io(dir))?;
    let mut summary = RecordSummary {
        dir: dir.to_owned(),
        planned: cases.len(),
        ..RecordSummary::default()
    };
    for case in cases {
        let path = dir.join(snap_file_name(&case.id));
        let pending = dir.join(pending_file_name(&case.id));
        let stored = read_stored(&path)?;
        let mut rules = redactions.clone();
        if let Some((_, stored_rules)) = &stored {
            rules.extend(stored_rules.iter().cloned());
        }
        let Some(recording) = until(stop, record_case(target, case, &rules)).await? else {
            summary.interrupted = true;
            break;
        };
        let text = recording.text();
        let file = snap_file::render(&recording.meta(target.base_url()), &text);
        let unchanged = stored.as_ref().is_some_and(|(exchanges, _)| {
            document::render(exchanges).trim_end() == text.trim_end()
        });
        if unchanged {
            if pending.exists() {
                std::fs::remove_file(&pending).map_err(io(&pending))?;
            }
            summary.unchanged.push(case.id.clone());
        } else if stored.is_none() {
            write_whole(&path, &file)?;
            summary.created.push(case.id.clone());
        } else if mode == WriteMode::Accept {
            write_whole(&path, &file)?;
            summary.accepted.push(case.id.clone());
        } else {
            write_whole(&pending, &file)?;
            summary.pending.push(case.id.clone());
        }
    }
    Ok(summary)
}
