//! The log of `serve` and `proxy`: one line per event on stderr, in tracing's own layout
//! (`2026-12-05T16:38:24.952286Z  INFO request method=POST … status=200`), made cheaply.
//!
//! `serve` writes a line per request, so the line's cost is the mock's: tracing-subscriber's
//! formatter spent about 12% of the mock's CPU under load (the time stamp formatted anew each
//! time, every field through `core::fmt`, styling even without colour, a `write` per line).
//! Here the time stamp's date and time of day are formatted once a second, numbers and text
//! are copied in, and lines collect in a buffer that goes out every [`LOG_FLUSH_INTERVAL`], as
//! soon as it holds [`LOG_BUFFER_BYTES`], at once for a warning or an error, and when the
//! command ends ([`LogGuard`]): a reader sees a line at most [`LOG_FLUSH_INTERVAL`] late, in
//! order. Control characters in values are escaped (`\u{1b}`), so a request cannot write to
//! the terminal. A closed stderr loses lines and is not an error.

mod batch;
mod format;

pub(crate) use batch::LogGuard;
#[cfg(doc)]
use batch::{LOG_BUFFER_BYTES, LOG_FLUSH_INTERVAL};

/// Install the subscriber (unless one is installed already, as in tests) and start the
/// flushing thread; the returned guard writes out what is left when it drops.
pub(crate) fn init() -> LogGuard {
    let ansi = std::io::IsTerminal::is_terminal(&std::io::stderr());
    let installed = tracing_subscriber::fmt()
        .with_writer(batch::Batched)
        .with_ansi(ansi)
        .event_format(format::Line)
        .try_init()
        .is_ok();
    if installed {
        batch::start_flushing();
    }
    LogGuard
}
