//! `--watch`: poll the dataset files every [`WATCH_INTERVAL`] and reload when any file's
//! modification time or size changes, or a file appears or disappears. Polling (no inotify
//! dependency) is enough for fixture files edited by hand.

use super::config::WATCH_INTERVAL;
use super::state::State;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;
use tokio::sync::watch;

/// How deep a dataset folder is scanned.
const MAX_SCAN_DEPTH: usize = 4;

/// One file's identity for change detection.
type Stamp = Vec<(PathBuf, Option<SystemTime>, u64)>;

/// Watch until `shutdown` fires or its sender is dropped. The first stamp is taken now, not
/// when the task first runs, so a change right after start-up is not missed.
pub(crate) fn spawn(
    state: Arc<State>,
    path: PathBuf,
    shutdown: watch::Receiver<()>,
) -> tokio::task::JoinHandle<()> {
    let first = stamp(&path);
    tokio::spawn(watch(state, path, first, shutdown))
}

async fn watch(
    state: Arc<State>,
    path: PathBuf,
    mut last: Stamp,
    mut shutdown: watch::Receiver<()>,
) {
    loop {
        tokio::select! {
            () = tokio::time::sleep(WATCH_INTERVAL) => {}
            _ = shutdown.changed() => return,
        }
        let now = stamp(&path);
        if now == last {
            continue;
        }
        last = now;
        match state.reload() {
            Ok(report) => tracing::info!(
                source = %report.source,
                generation = report.generation,
                "dataset changed on disk; reloaded"
            ),
            Err(err) => tracing::warn!(
                error = %err,
                reason = %err.error,
                "dataset changed on disk but was rejected; keeping the old one"
            ),
        }
    }
}

/// The (path, mtime, size) of every file under `path`, sorted.
pub(crate) fn stamp(path: &Path) -> Stamp {
    let mut out = Vec::new();
    collect(path, 0, &mut out);
    out.sort();
    out
}

fn collect(path: &Path, depth: usize, out: &mut Stamp) {
    let Ok(meta) = std::fs::metadata(path) else {
        return;
    };
    if meta.is_dir() {
        if depth >= MAX_SCAN_DEPTH {
            return;
        }
        if let Ok(entries) = std::fs::read_dir(path) {
            for entry in entries.flatten() {
                collect(&entry.path(), depth + 1, out);
            }
        }
    } else {
        out.push((path.to_owned(), meta.modified().ok(), meta.len()));
    }
}
