//! Stopping a long command from outside: Ctrl-C (SIGINT) at a terminal and SIGTERM, which is
//! how CI systems cancel a job, are handled alike by `check` and `snapshot` — they trigger an
//! [`Interrupt`], the command stops and writes what it finished, and the exit code says which
//! signal stopped it: 128 + the signal's number, as a shell reports a process the signal
//! killed ([`EXIT_SIGINT`], [`EXIT_SIGTERM`]).

use super::CliError;
use crate::runner::Interrupt;
use std::sync::{Arc, OnceLock};

/// Exit code of a command stopped by SIGINT (Ctrl-C): 128 + 2.
pub(crate) const EXIT_SIGINT: u8 = 130;
/// Exit code of a command stopped by SIGTERM (a CI job cancelled): 128 + 15.
pub(crate) const EXIT_SIGTERM: u8 = 143;

/// A signal that stops a command.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Signal {
    /// Ctrl-C at a terminal.
    Int,
    /// A polite request to end (`kill`, a CI job cancelled, a container stopped).
    Term,
}

impl Signal {
    /// The exit code of a command it stopped.
    pub(crate) fn exit_code(self) -> u8 {
        match self {
            Signal::Int => EXIT_SIGINT,
            Signal::Term => EXIT_SIGTERM,
        }
    }

    /// How messages name it.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Signal::Int => "SIGINT",
            Signal::Term => "SIGTERM",
        }
    }
}

/// Which signal stopped the command first (a later one of the other kind does not change the
/// exit code).
#[derive(Clone, Debug, Default)]
pub(crate) struct FirstSignal(Arc<OnceLock<Signal>>);

impl FirstSignal {
    /// The first signal received, if any.
    pub(crate) fn get(&self) -> Option<Signal> {
        self.0.get().copied()
    }

    /// The exit code of a command that stopped because it was interrupted: the first signal's
    /// (SIGINT's when a library caller triggered the interrupt itself).
    pub(crate) fn exit_code(&self) -> u8 {
        self.get().map_or(EXIT_SIGINT, Signal::exit_code)
    }
}

/// Turn SIGINT and SIGTERM into `interrupt`, calling `announce` with the signal and how many
/// have arrived (1 for the first). The handlers are registered before this returns, so a
/// signal sent as soon as the command starts is not lost.
pub(crate) fn listen(
    runtime: &tokio::runtime::Runtime,
    interrupt: Interrupt,
    announce: impl Fn(Signal, u32) + Send + 'static,
) -> Result<FirstSignal, CliError> {
    let first = FirstSignal::default();
    let record = first.clone();
    let _context = runtime.enter();
    #[cfg(unix)]
    let mut streams = {
        use tokio::signal::unix::{SignalKind, signal};
        let listen = |kind: SignalKind, name: &str| {
            signal(kind).map_err(|e| format!("cannot listen for {name}: {e}"))
        };
        (
            listen(SignalKind::interrupt(), "SIGINT")?,
            listen(SignalKind::terminate(), "SIGTERM")?,
        )
    };
    runtime.spawn(async move {
        crate::runner::fault::point(crate::runner::fault::Fault::Helper);
        let mut count = 0u32;
        loop {
            #[cfg(unix)]
            let got = tokio::select! {
                got = streams.0.recv() => got.map(|()| Signal::Int),
                got = streams.1.recv() => got.map(|()| Signal::Term),
            };
            #[cfg(not(unix))]
            let got = tokio::signal::ctrl_c().await.ok().map(|()| Signal::Int);
            let Some(signal) = got else { break };
            count = count.saturating_add(1);
            let _ = record.0.set(signal);
            interrupt.trigger();
            announce(signal, count);
        }
    });
    Ok(first)
}
