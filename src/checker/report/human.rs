//! The human-readable report.

use super::{HumanOptions, Report, RunEnd};
use crate::checker::rule::{RuleId, Severity};
use std::fmt::Write;

/// ANSI styling, a no-op unless colour was asked for.
#[derive(Clone, Copy)]
struct Style(bool);

impl Style {
    fn paint(self, code: &str, text: &str) -> String {
        if self.0 {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    }

    fn severity(self, severity: Severity) -> String {
        let code = match severity {
            Severity::Violation => "1;31",
            Severity::ProfileDeviation => "33",
            Severity::Warning => "36",
        };
        self.paint(code, &format!("[{severity}]"))
    }
}

fn plural(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// `options.header`: the line naming version, target, profile and seed — off where the caller
/// already printed it (the CLI prints it before the run starts).
pub(super) fn render(report: &Report, options: HumanOptions) -> String {
    let mut out = String::new();
    let style = Style(options.color);
    let seed = report.seed.map_or(String::new(), |s| format!(", seed {s}"));
    // Writing to a String cannot fail.
    if options.header {
        let _ = writeln!(
            out,
            "favorite-contract check {} — target {}, profile {}{seed}",
            report.version, report.target, report.profile
        );
    }
    let summary = summary(report);
    let summary = if report.totals().violations > 0 {
        style.paint("1;31", &summary)
    } else {
        style.paint("32", &summary)
    };
    let _ = writeln!(out, "{summary}");
    if !report.rules.is_all() {
        let _ = writeln!(out, "rules: only {}", report.rules.to_flags());
    }
    render_internal_errors(&mut out, report, style);
    for (rule, count) in &report.counts {
        render_rule(&mut out, report, *rule, count.total(), style);
    }
    out
}

/// The one-line summary: how many cases ran (and how the run ended), their exchanges, the time,
/// and the findings by severity. A case is one generated scenario (a request or a sequence); an
/// exchange is one HTTP request and its answer.
pub(super) fn summary(report: &Report) -> String {
    let totals = report.totals();
    let mut exchanges = plural(report.exchanges, "exchange", "exchanges");
    if report.shrink_exchanges > 0 {
        let _ = write!(exchanges, ", {} more to shrink", report.shrink_exchanges);
    }
    let cases = match report.end {
        RunEnd::Complete => format!(
            "{} ({exchanges})",
            plural(report.cases_run, "case", "cases")
        ),
        RunEnd::MaxFailures { limit } => format!(
            "stopped at --max-failures {limit}: {} of {} cases ({exchanges})",
            report.cases_run, report.cases_planned
        ),
        RunEnd::Interrupted { abandoned } => format!(
            "interrupted: {} of {} cases ({exchanges}; {abandoned} abandoned in flight)",
            report.cases_run, report.cases_planned
        ),
    };
    let mut violations = plural(totals.violations, "violation", "violations");
    if totals.violations > 0 && report.failing_cases > 0 {
        let _ = write!(
            violations,
            " in {}",
            plural(report.failing_cases, "case", "cases")
        );
    }
    let mut line = format!(
        "{cases} in {}.{:03} s: {violations}, {}, {}",
        report.duration_ms / 1000,
        report.duration_ms % 1000,
        plural(
            totals.profile_deviations,
            "profile deviation",
            "profile deviations"
        ),
        plural(totals.warnings, "warning", "warnings"),
    );
    if !report.internal_errors.is_empty() {
        let n = report.internal_errors.len() as u64;
        let _ = write!(
            line,
            ", {} (the run is not a pass)",
            plural(n, "internal error", "internal errors")
        );
    }
    line
}

fn render_internal_errors(out: &mut String, report: &Report, style: Style) {
    if report.internal_errors.is_empty() {
        return;
    }
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "{} — the runner failed on these cases, which were not judged (a defect of \
         favorite-contract; report it with the seed): {}",
        style.paint("1;31", "internal errors"),
        plural(
            report.internal_errors.len() as u64,
            "internal error",
            "internal errors"
        )
    );
    for e in &report.internal_errors {
        let _ = writeln!(out, "  case {} ({}): {}", e.case, e.label, e.message);
        if let Some(request) = &e.request {
            let _ = writeln!(out, "    replay:   {}", request.to_curl(&report.target));
        }
    }
}

fn render_rule(out: &mut String, report: &Report, rule: RuleId, total: u64, style: Style) {
    let listed = report.findings.iter().filter(|f| f.rule == rule).count() as u64;
    let mut count = plural(total, "finding", "findings");
    if listed < total {
        let _ = write!(count, " (the first {listed} listed)");
    }
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "{} — {} ({}): {count}",
        style.paint("1", rule.id()),
        rule.description(),
        rule.source(),
    );
    for f in report.findings.iter().filter(|f| f.rule == rule) {
        let format = f.format.map_or(String::new(), |w| format!(" ({})", w.id()));
        let _ = writeln!(
            out,
            "  {} {}{format}",
            style.severity(f.severity),
            f.location
        );
        let _ = writeln!(out, "    expected: {}", f.expected);
        let _ = writeln!(out, "    actual:   {}", f.actual);
        let _ = writeln!(out, "    why:      {}", f.message);
        if let Some(request) = &f.request {
            let _ = writeln!(out, "    replay:   {}", request.to_curl(&report.target));
        }
    }
}
