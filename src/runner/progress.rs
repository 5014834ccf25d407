//! The progress line: redrawn on stderr a few times a second, and only when stderr is a
//! terminal (CI logs get the final report only). It counts in the report's units: cases
//! (scenarios, `--cases`) done of those planned, the exchanges they made, and failing cases;
//! then, while violations are shrunk, the shrinking.

use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Duration;

/// How often the line is redrawn.
pub const REDRAW_INTERVAL: Duration = Duration::from_millis(100);

/// Counters shared by the tasks of a run.
#[derive(Debug, Default)]
pub struct Progress {
    cases_done: AtomicU64,
    cases_planned: AtomicU64,
    exchanges: AtomicU64,
    failing: AtomicU64,
    to_shrink: AtomicU64,
    shrunk: AtomicU64,
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

    /// Add to the number of cases planned.
    pub fn plan(&self, cases: u64) {
        self.cases_planned.fetch_add(cases, Ordering::Relaxed);
    }

    /// Count one finished case, the exchanges it made, and whether it failed.
    pub fn case_done(&self, exchanges: u64, failing: bool) {
        self.cases_done.fetch_add(1, Ordering::Relaxed);
        self.exchanges.fetch_add(exchanges, Ordering::Relaxed);
        if failing {
            self.failing.fetch_add(1, Ordering::Relaxed);
        }
    }

    /// Start shrinking `violations` violations.
    pub fn shrinking(&self, violations: u64) {
        self.to_shrink.store(violations, Ordering::Relaxed);
    }

    /// One violation shrunk.
    pub fn shrunk_one(&self) {
        self.shrunk.fetch_add(1, Ordering::Relaxed);
    }

    /// Cases finished.
    pub fn done(&self) -> u64 {
        self.cases_done.load(Ordering::Relaxed)
    }

    /// Whether the line is drawn.
    pub fn enabled(&self) -> bool {
        self.enabled.load(Ordering::Relaxed)
    }

    /// The line's text.
    pub fn line(&self) -> String {
        let done = self.done();
        let planned = self.cases_planned.load(Ordering::Relaxed).max(done);
        let exchanges = self.exchanges.load(Ordering::Relaxed);
        let failing = self.failing.load(Ordering::Relaxed);
        let to_shrink = self.to_shrink.load(Ordering::Relaxed);
        if to_shrink > 0 {
            return format!(
                "{done}/{planned} cases, {exchanges} exchanges, {failing} failing; shrinking \
                 violation {}/{to_shrink}",
                (self.shrunk.load(Ordering::Relaxed) + 1).min(to_shrink)
            );
        }
        let width = 30u64;
        let filled = (done * width).checked_div(planned).unwrap_or(0);
        let bar: String = (0..width)
            .map(|i| if i < filled { '#' } else { '.' })
            .collect();
        format!("[{bar}] {done}/{planned} cases, {exchanges} exchanges, {failing} failing")
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

#[cfg(test)]
mod tests {
    use super::Progress;

    #[test]
    fn the_line_counts_cases_exchanges_and_failing_cases() {
        let p = Progress::new(false);
        p.plan(4);
        p.case_done(1, false);
        p.case_done(12, true);
        assert_eq!(
            p.line(),
            "[###############...............] 2/4 cases, 13 exchanges, 1 failing"
        );
        p.shrinking(3);
        p.shrunk_one();
        assert_eq!(
            p.line(),
            "2/4 cases, 13 exchanges, 1 failing; shrinking violation 2/3"
        );
    }
}
