//! Taking the next connection under a cap on open connections, for the mock and the proxy
//! alike: a slot first (at the cap, new clients wait in the listener's backlog), then a client;
//! and the cap itself, fitted to the process's open-file limit.

use std::sync::Arc;
use std::time::Duration;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{OwnedSemaphorePermit, Semaphore, watch};

/// Pause after a failed `accept` (e.g. out of file descriptors) so the loop does not spin.
pub(crate) const ACCEPT_ERROR_BACKOFF: Duration = Duration::from_millis(50);
/// File descriptors kept free below the process's limit (listener, dataset files, logs).
const RESERVED_DESCRIPTORS: usize = 64;

/// The next client with the slot it holds while open; `None` once `stop` fires (or its sender
/// is dropped) or the slots are closed.
pub(crate) async fn next_connection(
    listener: &TcpListener,
    permits: &Arc<Semaphore>,
    stop: &mut watch::Receiver<()>,
) -> Option<(OwnedSemaphorePermit, TcpStream)> {
    let permit = tokio::select! {
        permit = Arc::clone(permits).acquire_owned() => permit.ok()?,
        _ = stop.changed() => return None,
    };
    loop {
        tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _peer)) => return Some((permit, stream)),
                Err(err) => {
                    tracing::warn!(error = %err, "accept failed");
                    tokio::time::sleep(ACCEPT_ERROR_BACKOFF).await;
                }
            },
            _ = stop.changed() => return None,
        }
    }
}

/// `--max-connections`, with the process's open-file limit raised to fit it when the hard
/// limit allows (a common soft limit is 1,024), or the cap lowered to fit the limit.
pub(crate) fn connection_cap(configured: usize) -> usize {
    let wanted = configured.saturating_add(RESERVED_DESCRIPTORS);
    let Some(limit) = raise_open_file_limit(wanted) else {
        return configured.max(1);
    };
    let fits = limit.saturating_sub(RESERVED_DESCRIPTORS).max(1);
    if fits < configured {
        tracing::warn!(
            configured,
            limit = fits,
            "--max-connections lowered to fit the open-file limit (raise it with ulimit -n)"
        );
        return fits;
    }
    configured.max(1)
}

/// Raise the soft open-file limit towards `wanted` (never above the hard limit); returns the
/// limit now in force, `None` when unlimited or unknown.
#[cfg(unix)]
fn raise_open_file_limit(wanted: usize) -> Option<usize> {
    use rustix::process::{Resource, Rlimit, getrlimit, setrlimit};
    let limit = getrlimit(Resource::Nofile);
    let current = limit.current?;
    let wanted = u64::try_from(wanted).unwrap_or(u64::MAX);
    if current < wanted {
        let raised = limit.maximum.map_or(wanted, |max| wanted.min(max));
        let new = Rlimit {
            current: Some(raised),
            maximum: limit.maximum,
        };
        if raised > current && setrlimit(Resource::Nofile, new).is_ok() {
            return usize::try_from(raised).ok();
        }
    }
    usize::try_from(current).ok()
}

#[cfg(not(unix))]
fn raise_open_file_limit(_wanted: usize) -> Option<usize> {
    None
}
