//! The only module that knows hyper: accept connections, read each request once into a
//! [`CapturedRequest`] (under the body limit, the buffered-body budget and the request
//! timeout), run the pure handler in an in-flight slot (on the blocking pool when the work can
//! be long), apply its latency and drop instructions, journal and log what became of the
//! request, and drain on shutdown.
//!
//! Nothing a client does here can hold up another: open sockets are cheap and capped high
//! ([`super::DEFAULT_MAX_CONNECTIONS`]), a connection that sends nothing for the header
//! timeout is closed, a body still arriving holds no slot, and slow work (a large body, a
//! journal read, a reload) never runs on the async workers.

use super::body::{Unread, read_body};
use super::config::BODY_ALLOWANCE;
use super::conn::{AnswerBody, Conn, ConnIo, Phase};
use super::fault::{Fault, GARBAGE};
use super::handler::{self, Handled, Rejection};
use super::journal::{Outcome, Recorded};
use super::listen::{connection_cap, next_connection};
use super::request::{CapturedRequest, MockResponse};
use super::routing::ADMIN_PREFIX;
use super::state::State;
use crate::codec::Format;
use crate::hosting;
use bytes::Bytes;
use http::{HeaderValue, Request, Response, header};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::pin::pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use tokio::net::TcpListener;
use tokio::sync::{OwnedSemaphorePermit, Semaphore, watch};
use tokio::task::JoinSet;

/// During a drain, how often a connection that is busy or receiving is looked at.
const DRAIN_POLL: Duration = Duration::from_millis(5);
/// During a drain, how long an idle connection stays open for a request its client may be
/// sending at that moment (a keep-alive client sends its next request right after an answer).
const DRAIN_IDLE_GRACE: Duration = Duration::from_millis(50);
/// How long writing the garbage fault's few bytes may take before the connection is closed
/// anyway.
const GARBAGE_WRITE_LIMIT: Duration = Duration::from_secs(1);

/// Why the service ends without an answer; hyper then closes the connection.
#[derive(Debug, thiserror::Error)]
enum Hangup {
    #[error("connection dropped on purpose by the drop scenario")]
    Dropped,
    #[error("garbage sent on purpose by the fault scenario")]
    Faulted,
    #[error("the client went away before its answer")]
    Abandoned,
}

/// What a drain did to the connections open when it began, for its closing log line.
#[derive(Debug, Default)]
struct DrainCounts {
    /// Closed at once: nothing in progress, nothing arriving.
    idle: AtomicUsize,
    /// Closed after answering what they had received (`Connection: close`).
    answered: AtomicUsize,
}

/// Accept and serve until `shutdown` fires (or its sender is dropped), then drain: stop
/// accepting, answer every request already received (with `Connection: close`), close idle
/// connections, and cut what is left at the drain timeout.
pub(crate) async fn serve(
    listener: TcpListener,
    state: Arc<State>,
    mut shutdown: watch::Receiver<()>,
) {
    let limits = state.config.limits;
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        // Also the keep-alive idle timeout: hyper arms it whenever it waits for a request head.
        .header_read_timeout(limits.header_read_timeout)
        // Pipelined requests followed by a half-close are all answered.
        .half_close(true)
        // IIS writes `Content-Type`, not `content-type`. (Title case gives `Www-Authenticate`
        // where IIS writes `WWW-Authenticate`: hyper cannot set per-header case on responses.)
        .title_case_headers(true);
    let max_connections = connection_cap(limits.max_connections);
    let permits = Arc::new(Semaphore::new(max_connections));
    let (drain, draining) = watch::channel(false);
    let counts = Arc::new(DrainCounts::default());
    let mut connections = JoinSet::new();
    while let Some((permit, stream)) = next_connection(&listener, &permits, &mut shutdown).await {
        connections.spawn(connection(
            Conn::new(stream),
            Arc::clone(&state),
            builder.clone(),
            draining.clone(),
            Arc::clone(&counts),
            permit,
        ));
        while connections.try_join_next().is_some() {}
    }
    // Connections the OS accepted before the shutdown may already hold a request: take them
    // too (they are served in drain mode), then stop listening.
    loop {
        let Ok(permit) = Arc::clone(&permits).try_acquire_owned() else {
            break;
        };
        let accepted = tokio::select! {
            biased;
            accepted = listener.accept() => accepted,
            () = std::future::ready(()) => break,
        };
        let Ok((stream, _peer)) = accepted else {
            break;
        };
        connections.spawn(connection(
            Conn::new(stream),
            Arc::clone(&state),
            builder.clone(),
            draining.clone(),
            Arc::clone(&counts),
            permit,
        ));
    }
    drop(listener);
    // Count only connections still open.
    while connections.try_join_next().is_some() {}
    let open = connections.len();
    state.start_draining();
    let started = Instant::now();
    tracing::info!(
        connections = open,
        in_flight = state.in_flight(),
        drain_ms = limits.drain_timeout.as_millis(),
        "draining: answering the requests already received, closing idle connections"
    );
    let _ = drain.send(true);
    let finished = tokio::time::timeout(limits.drain_timeout, async {
        while connections.join_next().await.is_some() {}
    })
    .await;
    let cut = connections.len();
    // Cut connections drop their requests, which journal themselves as abandoned.
    connections.abort_all();
    while connections.join_next().await.is_some() {}
    let answered = state.answered_while_draining();
    let summary = format!(
        "drained in {} ms: {answered} requests answered during the drain; of the {open} \
         connections, {} closed after their answers, {} closed idle, {cut} cut at the drain \
         timeout (their requests journaled as abandoned)",
        started.elapsed().as_millis(),
        counts.answered.load(Ordering::SeqCst),
        counts.idle.load(Ordering::SeqCst),
    );
    if finished.is_err() {
        tracing::warn!("{summary}");
    } else {
        tracing::info!("{summary}");
    }
}

/// Serve one connection until it closes; once the drain starts, close it as soon as that loses
/// nothing.
async fn connection(
    conn: Arc<Conn>,
    state: Arc<State>,
    builder: http1::Builder,
    mut draining: watch::Receiver<bool>,
    counts: Arc<DrainCounts>,
    _permit: OwnedSemaphorePermit,
) {
    let service = {
        let conn = Arc::clone(&conn);
        let state = Arc::clone(&state);
        service_fn(move |request| serve_request(request, Arc::clone(&state), Arc::clone(&conn)))
    };
    let mut served =
        pin!(builder.serve_connection(TokioIo::new(ConnIo(Arc::clone(&conn))), service));
    tokio::select! {
        // Errors here are clients going away or a deliberate drop; nothing to report. A
        // connection that ends once the drain began closed after a `Connection: close` answer.
        _ = served.as_mut() => {
            if state.is_draining() {
                counts.answered.fetch_add(1, Ordering::SeqCst);
            }
            return;
        }
        _ = draining.wait_for(|d| *d) => {}
    }
    // Answers now carry `Connection: close`, after which hyper closes the connection itself.
    // An idle connection is closed after a short grace, in which a request its client was
    // already sending still gets in (and answered).
    let grace = Instant::now() + DRAIN_IDLE_GRACE;
    loop {
        if conn.phase().await == Phase::Idle && Instant::now() >= grace {
            counts.idle.fetch_add(1, Ordering::SeqCst);
            served.as_mut().graceful_shutdown();
            break;
        }
        tokio::select! {
            _ = served.as_mut() => {
                counts.answered.fetch_add(1, Ordering::SeqCst);
                return;
            }
            () = tokio::time::sleep(DRAIN_POLL) => {}
        }
    }
    let _ = served.await;
}

/// One request, from its head to the answer handed to hyper.
async fn serve_request(
    request: Request<Incoming>,
    state: Arc<State>,
    conn: Arc<Conn>,
) -> Result<Response<AnswerBody>, Hangup> {
    let started = Instant::now();
    let active = conn.dispatched();
    let _in_flight = state.enter();
    let (parts, body) = request.into_parts();
    let mut captured = CapturedRequest {
        method: parts.method,
        path: parts.uri.path().to_owned(),
        query: parts.uri.query().map(str::to_owned),
        headers: parts.headers,
        body: Bytes::new(),
    };
    let mut record = Pending {
        state: &state,
        started,
        entry: None,
        draining: false,
    };
    let hosts = captured.headers.get_all(header::HOST).iter().count();
    let handled = if hosting::host_header_invalid(parts.version == http::Version::HTTP_11, hosts) {
        handler::reject(&captured, &state, Rejection::BadHost)
    } else {
        match read_body(&captured.headers, body, &state).await {
            Ok((bytes, reservation)) => {
                captured.body = bytes;
                let handled = handle(captured, &state).await;
                drop(reservation);
                handled
            }
            Err(Unread::Refused(rejection)) => handler::reject(&captured, &state, rejection),
            Err(Unread::Gone) => {
                let mut handled = handler::reject(&captured, &state, Rejection::Incomplete);
                record.entry = handled.entry.take();
                record.finish(Outcome::Abandoned);
                return Err(Hangup::Abandoned);
            }
        }
    };
    let Handled {
        response,
        delay,
        drop,
        fault,
        entry,
    } = handled;
    // From here on, a request whose future is dropped (its connection cut) is journaled as
    // abandoned by `record`, with the answer it would have got.
    record.entry = entry;
    let sends_http = !drop && fault != Some(Fault::Garbage);
    if let Some(entry) = record.entry.as_mut().filter(|_| sends_http) {
        entry.set_response(&response, false);
    }
    if !delay.is_zero() {
        let gone = tokio::select! {
            () = tokio::time::sleep(delay) => false,
            () = conn.abandoned() => true,
        };
        if gone {
            record.finish(Outcome::Abandoned);
            return Err(Hangup::Abandoned);
        }
    }
    if drop {
        record.finish(Outcome::Dropped);
        return Err(Hangup::Dropped);
    }
    if fault == Some(Fault::Garbage) {
        record.finish(Outcome::Faulted);
        // The client may be gone already; nothing to report either way.
        let _ = conn.write_raw(GARBAGE, GARBAGE_WRITE_LIMIT).await;
        return Err(Hangup::Faulted);
    }
    // Read once, so the answer's `Connection: close` and the drain's count agree.
    let draining = state.is_draining();
    record.draining = draining;
    if draining && let Some(entry) = record.entry.as_mut() {
        entry.set_response(&response, true);
    }
    let body = match fault {
        Some(Fault::Reset) => {
            conn.reset_on_close();
            record.finish(Outcome::Faulted);
            AnswerBody::reset(&response.body, active)
        }
        Some(Fault::Dribble) => {
            record.finish(Outcome::Answered);
            AnswerBody::dribble(response.body.clone(), active)
        }
        Some(Fault::Garbage) | None => {
            record.finish(Outcome::Answered);
            AnswerBody::new(response.body.clone(), active)
        }
    };
    Ok(to_hyper(response, body, draining))
}

/// Run the handler: inline for an ordinary request, on the blocking pool in an in-flight slot
/// for one whose work can be long (a large body, an admin resource). An inline handler runs
/// without a pause on its worker thread, so no more of them run at once than there are
/// workers; a slot would only add a lock shared by every request.
async fn handle(captured: CapturedRequest, state: &Arc<State>) -> Handled {
    let heavy = captured.body.len() > BODY_ALLOWANCE || captured.path.starts_with(ADMIN_PREFIX);
    if !heavy {
        return guarded(&captured, state);
    }
    // The semaphore is never closed, so acquiring fails only if it were; run anyway then.
    let _slot = state.slots.acquire().await.ok();
    let shared = Arc::clone(state);
    let head = CapturedRequest {
        method: captured.method.clone(),
        path: captured.path.clone(),
        query: captured.query.clone(),
        headers: captured.headers.clone(),
        body: Bytes::new(),
    };
    match tokio::task::spawn_blocking(move || guarded(&captured, &shared)).await {
        Ok(handled) => handled,
        // The blocking task was cancelled (the runtime is shutting down).
        Err(_) => handler::reject(&head, state, Rejection::Panic),
    }
}

/// The handler, with a panic turned into production's 500.
fn guarded(captured: &CapturedRequest, state: &State) -> Handled {
    catch_unwind(AssertUnwindSafe(|| handler::handle(captured, state)))
        .unwrap_or_else(|_| handler::reject(captured, state, Rejection::Panic))
}

/// A request's journal entry until it is recorded: journaled with its outcome by
/// [`Pending::finish`], or as abandoned when the request's future is dropped first.
struct Pending<'s> {
    state: &'s State,
    started: Instant,
    entry: Option<Recorded>,
    /// The answer goes out during the drain.
    draining: bool,
}

impl Pending<'_> {
    fn finish(&mut self, outcome: Outcome) {
        let Some(mut entry) = self.entry.take() else {
            return;
        };
        entry.duration_ms = u64::try_from(self.started.elapsed().as_millis()).unwrap_or(u64::MAX);
        entry.outcome = outcome;
        if outcome == Outcome::Dropped {
            entry.status = 0;
            entry.clear_response();
        }
        let state = self.state;
        if outcome == Outcome::Answered && self.draining {
            state.count_answered_while_draining();
        }
        if !state.config.quiet {
            tracing::info!(
                method = %entry.method,
                path = %entry.path,
                status = entry.status,
                outcome = %outcome.name(),
                format = %format_name(entry.format),
                ms = entry.duration_ms,
                diagnostics = entry.diagnostics.len() + entry.diagnostics_omitted,
                "request"
            );
        }
        state.journal.push(entry);
    }
}

impl Drop for Pending<'_> {
    fn drop(&mut self) {
        self.finish(Outcome::Abandoned);
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

fn to_hyper(response: MockResponse, body: AnswerBody, draining: bool) -> Response<AnswerBody> {
    let mut out = Response::new(body);
    *out.status_mut() = response.status;
    *out.headers_mut() = response.headers;
    if draining {
        out.headers_mut()
            .insert(header::CONNECTION, HeaderValue::from_static("close"));
    }
    out
}
