//! The proxy's connections, with the mock's limits: a cap on open connections (more wait in
//! the backlog), a deadline for each request head that is also the keep-alive idle timeout,
//! and a drain on shutdown that answers every exchange in flight (with `Connection: close`),
//! closes idle connections, and cuts what is left at the drain timeout.

use super::exchange;
use super::server::Shared;
use super::upstream::UpstreamLane;
use crate::server::{connection_cap, next_connection};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use std::pin::pin;
use std::sync::Arc;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{OwnedSemaphorePermit, Semaphore, watch};
use tokio::task::JoinSet;

/// Accept and serve until `stop` fires (or its sender is dropped), then drain.
pub(crate) async fn serve(
    listener: TcpListener,
    shared: Arc<Shared>,
    mut stop: watch::Receiver<()>,
) {
    let limits = shared.config.limits;
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout)
        // The upstream's header names go back as it wrote them; the proxy's own in title case.
        .preserve_header_case(true)
        .title_case_headers(true);
    let permits = Arc::new(Semaphore::new(connection_cap(limits.max_connections)));
    let (drain, draining) = watch::channel(false);
    let mut connections = JoinSet::new();
    while let Some((permit, stream)) = next_connection(&listener, &permits, &mut stop).await {
        let _ = stream.set_nodelay(true);
        connections.spawn(connection(
            stream,
            Arc::clone(&shared),
            builder.clone(),
            draining.clone(),
            permit,
        ));
        while connections.try_join_next().is_some() {}
    }
    drop(listener);
    while connections.try_join_next().is_some() {}
    let open = connections.len();
    if !shared.config.quiet {
        tracing::info!(
            connections = open,
            "draining: answering the exchanges in flight"
        );
    }
    let _ = drain.send(true);
    let finished = tokio::time::timeout(limits.drain_timeout, async {
        while connections.join_next().await.is_some() {}
    })
    .await;
    if finished.is_err() {
        tracing::warn!(
            cut = connections.len(),
            "drain timeout: closing the connections still busy"
        );
    }
    connections.abort_all();
    while connections.join_next().await.is_some() {}
}

/// Serve one connection until it closes; once the drain starts, finish the exchange in
/// progress and close.
async fn connection(
    stream: TcpStream,
    shared: Arc<Shared>,
    builder: http1::Builder,
    mut draining: watch::Receiver<bool>,
    _permit: OwnedSemaphorePermit,
) {
    // The connection's own upstream connection, made at its first request.
    let lane = Arc::new(UpstreamLane::default());
    let service = service_fn(move |request| {
        exchange::handle(request, Arc::clone(&shared), Arc::clone(&lane))
    });
    let mut served = pin!(builder.serve_connection(TokioIo::new(stream), service));
    tokio::select! {
        // Errors are clients going away or broken requests hyper answered itself.
        _ = served.as_mut() => return,
        _ = draining.wait_for(|d| *d) => {}
    }
    // hyper closes an idle connection at once and a busy one after its answer.
    served.as_mut().graceful_shutdown();
    let _ = served.await;
}
