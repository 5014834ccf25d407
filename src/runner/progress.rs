//! The progress line: redrawn on stderr a few times a second, and only when stderr is a
//! terminal (CI logs get the final report only).

use crate::checker::{Finding, Severity};
use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Duration;

/// How often the line is redrawn.
pub const REDRAW_INTERVAL: Duration = Duration::from_millis(100);

/// Counters shared by the tasks of a run.
#[derive(Debug, Default)]
pub struct Progress {
    done: AtomicU64,
    planned: AtomicU64,
    violations: AtomicU64,
    enabled: AtomicBool,
}

impl Progress {
    /// Counters that draw only when `draw` is set and stderr is a terminal.
    pub fn new(draw: bool) -> Progress {
        let progress = Progress::default();
        progress
            .enabled
            .store(draw && std::io::stderr().is_terminal(), Ordering::Relaxed);
        progress
    }

    /// Add to the number of exchanges planned.
    pub fn plan(&self, n: u64) {
        self.planned.fetch_add(n, Ordering::Relaxed);
    }

    /// Count one finished exchange and its violations.
    pub fn record(&self, findings: &[Finding]) {
        self.done.fetch_add(1, Ordering::Relaxed);
        let v = findings
            .iter()
            .filter(|f| f.severity == Severity::Violation)
            .count();
        self.violations.fetch_add(v as u64, Ordering::Relaxed);
    }

    /// Exchanges finished.
    pub fn done(&self) -> u64 {
        self.done.load(Ordering::Relaxed)
    }

    /// Whether the line is drawn.
    pub fn enabled(&self) -> bool {
        self.enabled.load(Ordering::Relaxed)
    }

    /// The line's text.
    pub fn line(&self) -> String {
        let done = self.done();
        let planned = self.planned.load(Ordering::Relaxed).max(done);
        let width = 30u64;
        let filled = (done * width).checked_div(planned).unwrap_or(0);
        let bar: String = (0..width)
            .map(|i| if i < filled { '#' } else { '.' })
            .collect();
        format!(
            "[{bar}] {done}/{planned} exchanges, {} violations",
            self.violations.load(Ordering::Relaxed)
        )
    }

    /// Redraw the line in place.
    pub fn draw(&self) {
        if self.enabled() {
            let mut err = std::io::stderr().lock();
            // A failed progress write is not worth failing the run for.
            let _ = write!(err, "\r{}\x1b[K", self.line());
            let _ = err.flush();
        }
    }

    /// Erase the line before the report is printed.
    pub fn clear(&self) {
        if self.enabled() {
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "\r\x1b[K");
            let _ = err.flush();
        }
    }
}
