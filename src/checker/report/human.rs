//! The human-readable report.

use super::{HumanOptions, Report};
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
    for (rule, count) in &report.counts {
        render_rule(&mut out, report, *rule, count.total(), style);
    }
    out
}

/// The one-line summary: cases, time, and findings by severity.
pub(super) fn summary(report: &Report) -> String {
    let totals = report.totals();
    format!(
        "{} in {}.{:03} s: {}, {}, {}",
        plural(report.cases_run, "case", "cases"),
        report.duration_ms / 1000,
        report.duration_ms % 1000,
        plural(totals.violations, "violation", "violations"),
        plural(
            totals.profile_deviations,
            "profile deviation",
            "profile deviations"
        ),
        plural(totals.warnings, "warning", "warnings"),
    )
}

fn render_rule(out: &mut String, report: &Report, rule: RuleId, total: u64, style: Style) {
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "{} — {} ({}): {}",
        style.paint("1", rule.id()),
        rule.description(),
        rule.source(),
        plural(total, "finding", "findings")
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
