//! The human-readable report.

use super::Report;
use crate::checker::rule::RuleId;
use std::fmt::Write;

fn plural(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// `header`: the line naming version, target, profile and seed — off where the caller already
/// printed it (the CLI prints it before the run starts).
pub(super) fn render(report: &Report, header: bool) -> String {
    let mut out = String::new();
    let seed = report.seed.map_or(String::new(), |s| format!(", seed {s}"));
    let totals = report.totals();
    // Writing to a String cannot fail.
    if header {
        let _ = writeln!(
            out,
            "favorite-contract check {} — target {}, profile {}{seed}",
            report.version, report.target, report.profile
        );
    }
    let _ = writeln!(
        out,
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
    );
    for (rule, count) in &report.counts {
        render_rule(&mut out, report, *rule, count.total());
    }
    out
}

fn render_rule(out: &mut String, report: &Report, rule: RuleId, total: u64) {
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "{rule} — {} ({}): {}",
        rule.description(),
        rule.source(),
        plural(total, "finding", "findings")
    );
    for f in report.findings.iter().filter(|f| f.rule == rule) {
        let format = f.format.map_or(String::new(), |w| format!(" ({})", w.id()));
        let _ = writeln!(out, "  [{}] {}{format}", f.severity, f.location);
        let _ = writeln!(out, "    expected: {}", f.expected);
        let _ = writeln!(out, "    actual:   {}", f.actual);
        let _ = writeln!(out, "    why:      {}", f.message);
        if let Some(request) = &f.request {
            let _ = writeln!(out, "    replay:   {}", request.to_curl(&report.target));
        }
    }
}
