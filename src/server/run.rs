//! Running the server as a process: a multi-threaded tokio runtime built here (the binary has
//! no `#[tokio::main]`), and SIGINT/SIGTERM wired to the handle's graceful shutdown.

use super::builder::{MockServerBuilder, ServerError, ServerHandle};

/// Start the server, call `on_start` with the running handle (to print the URL), serve until
/// SIGINT or SIGTERM, then shut down gracefully within the drain timeout.
pub fn run_until_signal(
    builder: MockServerBuilder,
    on_start: impl FnOnce(&ServerHandle),
) -> Result<(), ServerError> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(ServerError::Runtime)?;
    runtime.block_on(async move {
        let handle = builder.start().await?;
        on_start(&handle);
        let signal = wait_for_signal().await;
        tracing::info!(signal, "shutting down; draining in-flight requests");
        handle.shutdown().await;
        Ok(())
    })
}

/// Wait for Ctrl-C or (on Unix) SIGTERM; returns the signal's name.
pub(crate) async fn wait_for_signal() -> &'static str {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            return tokio::select! {
                _ = tokio::signal::ctrl_c() => "SIGINT",
                _ = term.recv() => "SIGTERM",
            };
        }
    }
    // Without a SIGTERM handler, Ctrl-C alone; an error installing it means no signal can come.
    match tokio::signal::ctrl_c().await {
        Ok(()) => "SIGINT",
        Err(_) => std::future::pending().await,
    }
}
