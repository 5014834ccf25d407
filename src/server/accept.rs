//! The only module that knows hyper: accept connections under a cap, read each request once
//! into a [`CapturedRequest`] (with the body limit and the request timeout), run the pure
//! handler, apply its latency and drop instructions, journal and log, and drain gracefully.

use super::handler::{self, Handled, Rejection};
use super::request::{CapturedRequest, MockResponse};
use super::state::State;
use crate::codec::Format;
use bytes::Bytes;
use http::{HeaderMap, Request, Response, header};
use http_body_util::{BodyExt, Full, LengthLimitError, Limited};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::net::TcpListener;
use tokio::sync::{Semaphore, watch};
use tokio::task::JoinSet;

/// Pause after a failed `accept` (e.g. out of file descriptors) so the loop does not spin.
const ACCEPT_ERROR_BACKOFF: Duration = Duration::from_millis(50);

/// The service's error: the scenario asked to hang up, so hyper closes the connection
/// without writing a response.
#[derive(Debug, thiserror::Error)]
#[error("connection dropped on purpose by the drop scenario")]
struct Dropped;

/// Accept and serve until `shutdown` fires (or its sender is dropped), then stop accepting and
/// let in-flight requests finish within the drain timeout.
pub(crate) async fn serve(
    listener: TcpListener,
    state: Arc<State>,
    mut shutdown: watch::Receiver<()>,
) {
    let limits = state.config.limits;
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout)
        // IIS writes `Content-Type`, not `content-type`. (Title case gives `Www-Authenticate`
        // where IIS writes `WWW-Authenticate`: hyper cannot set per-header case on responses.)
        .title_case_headers(true);
    let graceful = GracefulShutdown::new();
    let permits = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let mut connections = JoinSet::new();
    loop {
        // Take a connection slot before accepting: at the cap, new clients wait in the backlog.
        let permit = tokio::select! {
            permit = Arc::clone(&permits).acquire_owned() => match permit {
                Ok(permit) => permit,
                Err(_) => break,
            },
            _ = shutdown.changed() => break,
        };
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _peer)) => stream,
                Err(err) => {
                    tracing::warn!(error = %err, "accept failed");
                    tokio::time::sleep(ACCEPT_ERROR_BACKOFF).await;
                    continue;
                }
            },
            _ = shutdown.changed() => break,
        };
        let conn_state = Arc::clone(&state);
        let service = service_fn(move |request| serve_request(request, Arc::clone(&conn_state)));
        let connection = graceful.watch(builder.serve_connection(TokioIo::new(stream), service));
        connections.spawn(async move {
            // Errors here are clients going away or a deliberate drop; nothing to report.
            let _ = connection.await;
            drop(permit);
        });
        while connections.try_join_next().is_some() {}
    }
    drop(listener);
    let open = graceful.count();
    if tokio::time::timeout(limits.drain_timeout, graceful.shutdown())
        .await
        .is_err()
    {
        tracing::warn!(
            open,
            drain_ms = limits.drain_timeout.as_millis(),
            "drain timeout reached; closing the remaining connections"
        );
    }
    connections.abort_all();
}

async fn serve_request(
    request: Request<Incoming>,
    state: Arc<State>,
) -> Result<Response<Full<Bytes>>, Dropped> {
    let started = Instant::now();
    let _in_flight = state.enter();
    let (parts, body) = request.into_parts();
    let mut captured = CapturedRequest {
        method: parts.method,
        path: parts.uri.path().to_owned(),
        query: parts.uri.query().map(str::to_owned),
        headers: parts.headers,
        body: Bytes::new(),
    };
    let handled = match read_body(&captured.headers, body, &state).await {
        Ok(bytes) => {
            captured.body = bytes;
            catch_unwind(AssertUnwindSafe(|| handler::handle(&captured, &state)))
                .unwrap_or_else(|_| handler::reject(&captured, &state, Rejection::Panic))
        }
        Err(rejection) => handler::reject(&captured, &state, rejection),
    };
    let Handled {
        response,
        delay,
        drop,
        entry,
    } = handled;
    if !delay.is_zero() {
        tokio::time::sleep(delay).await;
    }
    if let Some(mut entry) = entry {
        entry.duration_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
        if drop {
            entry.status = 0;
        }
        if !state.config.quiet {
            tracing::info!(
                method = %entry.method,
                path = %entry.path,
                status = entry.status,
                format = %format_name(entry.format),
                ms = entry.duration_ms,
                diagnostics = entry.diagnostics.len(),
                "request"
            );
        }
        state.journal.push(entry);
    }
    if drop {
        return Err(Dropped);
    }
    Ok(to_hyper(response))
}

/// Read the whole body under the size limit and the request timeout.
async fn read_body(headers: &HeaderMap, body: Incoming, state: &State) -> Result<Bytes, Rejection> {
    let limits = state.config.limits;
    let too_large = Rejection::BodyTooLarge {
        limit: limits.max_body_bytes,
    };
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|len| len > limits.max_body_bytes as u64) {
        return Err(too_large);
    }
    let limited = Limited::new(body, limits.max_body_bytes).collect();
    match tokio::time::timeout(limits.request_timeout, limited).await {
        Err(_) => Err(Rejection::Timeout {
            limit: limits.request_timeout,
        }),
        Ok(Err(err)) if err.downcast_ref::<LengthLimitError>().is_some() => Err(too_large),
        Ok(Err(_)) => Err(Rejection::Incomplete),
        Ok(Ok(collected)) => Ok(collected.to_bytes()),
    }
}

/// The reader's name for the log line (`-` when binding did not run).
fn format_name(format: Option<Format>) -> &'static str {
    match format {
        Some(Format::Json) => "json",
        Some(Format::Xml) => "xml",
        Some(Format::Form) => "form",
        None => "-",
    }
}

fn to_hyper(response: MockResponse) -> Response<Full<Bytes>> {
    let mut out = Response::new(Full::new(response.body));
    *out.status_mut() = response.status;
    *out.headers_mut() = response.headers;
    out
}
