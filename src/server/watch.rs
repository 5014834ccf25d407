//! `--watch`: poll the dataset files every [`WATCH_INTERVAL`] and reload when their content
//! changed. Polling (no inotify dependency) is enough for fixture files edited by hand.
//!
//! Each poll compares a cheap stamp of every file: path, size, modification time, and on Unix
//! the inode and change time, which every rewrite moves even when a tool puts the old
//! modification time back (`cp -p`, `rsync -t`, `touch -d`, a same-size edit within the
//! filesystem's time resolution). When a stamp moved, the files' content hash decides: equal
//! content (a `touch`) is not reloaded. Stamping, hashing and reloading run on the blocking
//! pool, never on the async workers that answer requests.

use super::config::WATCH_INTERVAL;
use super::state::State;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;
use tokio::sync::watch;

/// Bytes read at a time while hashing.
const HASH_CHUNK: usize = 64 * 1024;
/// How deep a dataset folder is scanned.
const MAX_SCAN_DEPTH: usize = 4;

/// What identifies one file's version without reading it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct FileStamp {
    path: PathBuf,
    len: u64,
    modified: Option<SystemTime>,
    /// Inode and change time (seconds, nanoseconds) on Unix; zero elsewhere.
    inode: u64,
    changed: (i64, i64),
}

/// Every file's stamp, sorted by path.
pub(crate) type Stamp = Vec<FileStamp>;

/// What the watcher knows of the files: their stamp and their content hash.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Seen {
    stamp: Stamp,
    hash: [u8; 32],
}

/// Watch until `shutdown` fires or its sender is dropped. The first look is taken now, not
/// when the task first runs, so a change right after start-up is not missed.
pub(crate) fn spawn(
    state: Arc<State>,
    path: PathBuf,
    shutdown: watch::Receiver<()>,
) -> tokio::task::JoinHandle<()> {
    let first = look(&path);
    tokio::spawn(watch(state, path, first, shutdown))
}

async fn watch(
    state: Arc<State>,
    path: PathBuf,
    mut last: Seen,
    mut shutdown: watch::Receiver<()>,
) {
    loop {
        tokio::select! {
            () = tokio::time::sleep(WATCH_INTERVAL) => {}
            _ = shutdown.changed() => return,
        }
        let work_state = Arc::clone(&state);
        let work_path = path.clone();
        let seen = last.clone();
        let polled = tokio::task::spawn_blocking(move || poll(&work_state, &work_path, seen)).await;
        match polled {
            Ok(seen) => last = seen,
            // The blocking pool is shutting down with the runtime.
            Err(_) => return,
        }
    }
}

/// One poll: stamp, and if it moved, hash and reload when the content changed.
fn poll(state: &State, path: &Path, last: Seen) -> Seen {
    let stamp = stamp(path);
    if stamp == last.stamp {
        return last;
    }
    let hash = content_hash(&stamp);
    let now = Seen { stamp, hash };
    if now.hash == last.hash {
        return now;
    }
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
    now
}

fn look(path: &Path) -> Seen {
    let stamp = stamp(path);
    let hash = content_hash(&stamp);
    Seen { stamp, hash }
}

/// SHA-256 over every file's path and content, in stamp order (unreadable files count as
/// empty: the reload that follows reports why).
fn content_hash(stamp: &Stamp) -> [u8; 32] {
    let mut hasher = Sha256::new();
    for file in stamp {
        hasher.update(file.path.as_os_str().as_encoded_bytes());
        hasher.update([0]);
        if let Ok(mut handle) = std::fs::File::open(&file.path) {
            let mut chunk = vec![0u8; HASH_CHUNK];
            while let Ok(n) = std::io::Read::read(&mut handle, &mut chunk) {
                if n == 0 {
                    break;
                }
                hasher.update(&chunk[..n]);
            }
        }
        hasher.update([0]);
    }
    hasher.finalize().into()
}

/// The stamp of every file under `path`, sorted.
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
        let (inode, changed) = identity(&meta);
        out.push(FileStamp {
            path: path.to_owned(),
            len: meta.len(),
            modified: meta.modified().ok(),
            inode,
            changed,
        });
    }
}

#[cfg(unix)]
fn identity(meta: &std::fs::Metadata) -> (u64, (i64, i64)) {
    use std::os::unix::fs::MetadataExt;
    (meta.ino(), (meta.ctime(), meta.ctime_nsec()))
}

#[cfg(not(unix))]
fn identity(_meta: &std::fs::Metadata) -> (u64, (i64, i64)) {
    (0, (0, 0))
}
