//! The last line of defence: a panic anywhere in a command is never a pass and never a raw
//! panic (exit 101 and a backtrace hint). [`guard`] runs the command with a panic hook and
//! `catch_unwind`; a panic ends the command with exit 2 and one line on stderr:
//!
//! ```text
//! internal error: <message> at <file:line:column> (this is a bug; please report it with the command line)
//! ```
//!
//! Panics the runner accounts for itself (a case task's, which become internal errors in the
//! report with their case) are not printed as they happen. A panic on another thread that
//! nothing accounts for (a helper task's, a server task's) gets the same one line, so it is
//! never lost, and `check` and `snapshot` then end with 2 whatever they found
//! ([`unless_a_thread_failed`]). With `RUST_BACKTRACE` set, the standard panic message and
//! backtrace are printed as well.

use super::output::errln;
use crate::checker::EXIT_INTERNAL_ERROR;
use crate::runner::accounted::is_accounted;
use std::cell::RefCell;
use std::panic::{self, AssertUnwindSafe, PanicHookInfo};
use std::process::ExitCode;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread::ThreadId;

/// Longest panic message quoted in the line (the rest is cut with `…`).
const MAX_MESSAGE_CHARS: usize = 400;

/// What a bug report needs, after the message.
const REPORT_IT: &str = "(this is a bug; please report it with the command line)";

thread_local! {
    /// A panic on the command's thread that nothing accounted for, until [`guard`] catches it
    /// — or until it turns out something else caught it (a task of a single-threaded runtime).
    static PENDING: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// The thread running the guarded command: its panics are printed by [`guard`] itself.
static COMMAND_THREAD: OnceLock<ThreadId> = OnceLock::new();

/// Panics that nothing accounted for and that did not end the command.
static UNACCOUNTED: AtomicUsize = AtomicUsize::new(0);

/// A command's verdict (0 pass, 1 fail), or 2 with one line when a task of the command
/// panicked and nothing accounted for it: the verdict may rest on work that never happened.
pub(crate) fn unless_a_thread_failed(code: u8) -> u8 {
    settle_pending();
    let failed = UNACCOUNTED.load(Ordering::SeqCst);
    if failed == 0 {
        return code;
    }
    errln(&format!(
        "internal error: {failed} background task{} of this command failed (said above), so its \
         result is not a pass {REPORT_IT}",
        if failed == 1 { "" } else { "s" }
    ));
    u8::try_from(EXIT_INTERNAL_ERROR).unwrap_or(2)
}

/// A panic of the command's thread that something other than [`guard`] caught: say it, and
/// count it.
fn settle_pending() {
    if let Some(described) = PENDING.with(|p| p.borrow_mut().take()) {
        UNACCOUNTED.fetch_add(1, Ordering::SeqCst);
        errln(&format!(
            "internal error in a task of this command: {described} {REPORT_IT}"
        ));
    }
}

/// Run a command: its exit code, or 2 and one `internal error: …` line if it panics.
pub fn guard(command: impl FnOnce() -> ExitCode) -> ExitCode {
    install_hook();
    match panic::catch_unwind(AssertUnwindSafe(command)) {
        Ok(code) => {
            settle_pending();
            code
        }
        Err(payload) => {
            let described = PENDING
                .with(|p| p.borrow_mut().take())
                .unwrap_or_else(|| one_line(&crate::runner::panic_text(payload.as_ref())));
            errln(&format!("internal error: {described} {REPORT_IT}"));
            ExitCode::from(u8::try_from(EXIT_INTERNAL_ERROR).unwrap_or(2))
        }
    }
}

/// Replace the panic hook once per process.
fn install_hook() {
    if COMMAND_THREAD.set(std::thread::current().id()).is_err() {
        return;
    }
    let standard = panic::take_hook();
    let verbose = std::env::var_os("RUST_BACKTRACE").is_some_and(|v| !v.is_empty() && v != "0");
    panic::set_hook(Box::new(move |info| {
        if verbose {
            standard(info);
        }
        if is_accounted() {
            // The runner reports it, with its case.
            return;
        }
        let described = describe(info);
        if COMMAND_THREAD.get() == Some(&std::thread::current().id()) {
            PENDING.with(|p| *p.borrow_mut() = Some(described));
        } else {
            UNACCOUNTED.fetch_add(1, Ordering::SeqCst);
            let thread = std::thread::current();
            let name = thread.name().unwrap_or("unnamed");
            errln(&format!(
                "internal error in thread `{name}`: {described} {REPORT_IT}"
            ));
        }
    }));
}

/// The message and where it was raised, on one line.
fn describe(info: &PanicHookInfo<'_>) -> String {
    let message = one_line(&crate::runner::panic_text(info.payload()));
    match info.location() {
        Some(at) => format!("{message} at {}:{}:{}", at.file(), at.line(), at.column()),
        None => message,
    }
}

/// A message on one line, cut to [`MAX_MESSAGE_CHARS`].
fn one_line(message: &str) -> String {
    let joined = message.split_whitespace().collect::<Vec<_>>().join(" ");
    crate::excerpt::excerpt(&joined, MAX_MESSAGE_CHARS).into_owned()
}

#[cfg(test)]
mod tests {
    use super::one_line;

    #[test]
    fn a_message_is_one_bounded_line() {
        assert_eq!(
            one_line("called `Result::unwrap()`\n  on an `Err`"),
            "called `Result::unwrap()` on an `Err`"
        );
        let long = "x".repeat(1000);
        assert!(one_line(&long).chars().count() <= super::MAX_MESSAGE_CHARS + 1);
    }
}
