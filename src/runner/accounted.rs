//! Marking the code whose panics the runner accounts for itself.
//!
//! A case task that panics becomes an internal error in the report, with its case; the
//! generator's panics end the plan as an internal error. Those panics are reported, so the
//! CLI's panic hook need not print them as they happen ([`is_accounted`]); any other panic on
//! a worker thread still gets a line, so none is lost.

use std::cell::Cell;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

thread_local! {
    /// How many accounted scopes are running on this thread.
    static DEPTH: Cell<u32> = const { Cell::new(0) };
}

/// Whether the code running on this thread has its panics accounted for by the runner.
pub(crate) fn is_accounted() -> bool {
    DEPTH.with(Cell::get) > 0
}

/// The mark, set while it lives (also while a panic unwinds through it).
struct Scope;

impl Scope {
    fn enter() -> Scope {
        DEPTH.with(|d| d.set(d.get() + 1));
        Scope
    }
}

impl Drop for Scope {
    fn drop(&mut self) {
        DEPTH.with(|d| d.set(d.get().saturating_sub(1)));
    }
}

/// Run `f` with its panics marked as accounted for.
pub(crate) fn sync<R>(f: impl FnOnce() -> R) -> R {
    let _scope = Scope::enter();
    f()
}

/// A future whose every poll is marked as accounted for: what a spawned case task runs.
pub(crate) struct Accounted<F>(Pin<Box<F>>);

/// Mark `future`'s panics as accounted for.
pub(crate) fn task<F: Future>(future: F) -> Accounted<F> {
    Accounted(Box::pin(future))
}

impl<F: Future> Future for Accounted<F> {
    type Output = F::Output;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        let _scope = Scope::enter();
        self.0.as_mut().poll(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::{is_accounted, sync, task};

    #[tokio::test]
    async fn the_mark_holds_inside_the_scope_only() {
        assert!(!is_accounted());
        assert!(sync(is_accounted));
        assert!(task(async { is_accounted() }).await);
        assert!(!is_accounted());
        let caught = std::panic::catch_unwind(|| sync(|| panic!("inside")));
        assert!(caught.is_err());
        assert!(!is_accounted(), "the mark is cleared when a panic unwinds");
    }
}
