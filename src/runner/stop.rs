//! Stopping a run from outside: the CLI triggers an [`Interrupt`] on Ctrl-C; a library user
//! can trigger it from anywhere. The runner then sends no new case, gives the cases in flight
//! [`INTERRUPT_GRACE`] to finish (a second trigger cuts that short), abandons the rest, and
//! still returns a report, marked interrupted.

use std::sync::Arc;
use std::time::Duration;
use tokio::sync::watch;

/// How long cases in flight may go on after an interrupt before they are abandoned.
pub const INTERRUPT_GRACE: Duration = Duration::from_secs(2);

/// A cheap, clonable stop signal counting its triggers.
///
/// ```
/// use favorite_contract::Interrupt;
/// let interrupt = Interrupt::new();
/// assert!(!interrupt.is_triggered());
/// interrupt.trigger();
/// assert!(interrupt.is_triggered());
/// ```
#[derive(Clone, Debug)]
pub struct Interrupt {
    count: Arc<watch::Sender<u32>>,
}

impl Default for Interrupt {
    fn default() -> Interrupt {
        Interrupt::new()
    }
}

impl Interrupt {
    /// A signal not triggered yet.
    pub fn new() -> Interrupt {
        Interrupt {
            count: Arc::new(watch::Sender::new(0)),
        }
    }

    /// Trigger it (again): the first stops sending, the second abandons what is in flight.
    pub fn trigger(&self) {
        self.count.send_modify(|n| *n = n.saturating_add(1));
    }

    /// Whether it was triggered at least once.
    pub fn is_triggered(&self) -> bool {
        *self.count.borrow() > 0
    }

    /// Resolve once it has been triggered `times` times.
    pub(crate) async fn triggered(&self, times: u32) {
        let mut rx = self.count.subscribe();
        // The sender lives in `self`, so the channel cannot close while this waits.
        let _ = rx.wait_for(|n| *n >= times).await;
    }
}

/// Resolve when `interrupt` (if any) has been triggered `times` times; never without one.
pub(crate) async fn wait(interrupt: Option<&Interrupt>, times: u32) {
    match interrupt {
        Some(i) => i.triggered(times).await,
        None => std::future::pending().await,
    }
}
