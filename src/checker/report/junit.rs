//! JUnit XML (testsuites/testsuite/testcase/failure), as CI servers read it.

use super::{CheckedRule, Report, RunEnd, format_name};
use crate::checker::finding::Finding;
use crate::checker::rule::Severity;
use quick_xml::escape::escape;
use std::collections::BTreeMap;
use std::fmt::Write;

/// Text valid in XML 1.0: characters XML cannot carry even escaped (most C0 controls, U+FFFE,
/// U+FFFF) become U+FFFD, then markup characters are escaped.
fn xml_text(text: &str) -> String {
    let clean: String = text
        .chars()
        .map(|c| match c {
            '\t' | '\n' | '\r' => c,
            c if c < ' ' || c == '\u{FFFE}' || c == '\u{FFFF}' => '\u{FFFD}',
            c => c,
        })
        .collect();
    escape(clean.as_str()).into_owned()
}

fn fails(f: &Finding, strict: bool) -> bool {
    strict || f.severity == Severity::Violation
}

pub(super) fn render(report: &Report, strict: bool) -> String {
    // Testcases: every checked rule × format, plus every pair with findings.
    let mut cases: BTreeMap<CheckedRule, Vec<&Finding>> =
        report.checked.iter().map(|c| (*c, Vec::new())).collect();
    for f in &report.findings {
        cases
            .entry(CheckedRule {
                rule: f.rule,
                format: f.format,
            })
            .or_default()
            .push(f);
    }
    let mut suites: BTreeMap<&'static str, Vec<(CheckedRule, Vec<&Finding>)>> = BTreeMap::new();
    for (case, findings) in cases {
        suites
            .entry(format_name(case.format))
            .or_default()
            .push((case, findings));
    }
    let failed = |fs: &[&Finding]| fs.iter().any(|f| fails(f, strict));
    let total: usize = suites.values().map(Vec::len).sum();
    let total_failures: usize = suites
        .values()
        .flatten()
        .filter(|(_, fs)| failed(fs))
        .count();
    let seconds = format!(
        "{}.{:03}",
        report.duration_ms / 1000,
        report.duration_ms % 1000
    );
    let interrupted = matches!(report.end, RunEnd::Interrupted { .. });
    let errors = report.internal_errors.len() + usize::from(interrupted);
    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    // Writing to a String cannot fail.
    let _ = writeln!(
        out,
        "<testsuites name=\"favorite-contract\" tests=\"{}\" failures=\"{total_failures}\" \
         errors=\"{errors}\" time=\"{seconds}\">",
        total + errors
    );
    render_run_suite(&mut out, report, errors);
    for (name, cases) in &suites {
        let failures = cases.iter().filter(|(_, fs)| failed(fs)).count();
        let _ = writeln!(
            out,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{failures}\" errors=\"0\" \
             skipped=\"0\">",
            xml_text(&format!("favorite-contract.{name}")),
            cases.len()
        );
        for (case, findings) in cases {
            render_case(&mut out, report, name, case, findings, strict);
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

/// The run itself: its counts as properties, its summary line, and an `<error>` testcase for an
/// interruption and for each internal error, so CI shows a run that did not finish as broken.
fn render_run_suite(out: &mut String, report: &Report, errors: usize) {
    let _ = writeln!(
        out,
        "  <testsuite name=\"favorite-contract.run\" tests=\"{errors}\" failures=\"0\" \
         errors=\"{errors}\" skipped=\"0\">"
    );
    out.push_str("    <properties>\n");
    let end = match report.end {
        RunEnd::Complete => "complete",
        RunEnd::MaxFailures { .. } => "max-failures",
        RunEnd::Interrupted { .. } => "interrupted",
    };
    let seed = report.seed.map_or_else(String::new, |s| s.to_string());
    let rules = report.rules.to_flags();
    let mut properties = vec![
        ("seed", seed),
        ("cases_planned", report.cases_planned.to_string()),
        ("cases_run", report.cases_run.to_string()),
        ("exchanges", report.exchanges.to_string()),
        ("shrink_exchanges", report.shrink_exchanges.to_string()),
        ("failing_cases", report.failing_cases.to_string()),
        ("end", end.to_owned()),
    ];
    if !rules.is_empty() {
        properties.push(("rules", rules));
    }
    for (name, value) in properties {
        let _ = writeln!(
            out,
            "      <property name=\"{name}\" value=\"{}\"/>",
            xml_text(&value)
        );
    }
    out.push_str("    </properties>\n");
    let summary = super::human::summary(report);
    if matches!(report.end, RunEnd::Interrupted { .. }) {
        let _ = writeln!(
            out,
            "    <testcase classname=\"favorite-contract.run\" name=\"run.interrupted\">\n      \
             <error type=\"interrupted\" message=\"{}\"/>\n    </testcase>",
            xml_text(&summary)
        );
    }
    for e in &report.internal_errors {
        let mut body = String::new();
        if let Some(request) = &e.request {
            let _ = writeln!(body, "replay: {}", request.to_curl(&report.target));
        }
        let _ = writeln!(
            out,
            "    <testcase classname=\"favorite-contract.run\" name=\"{}\">\n      \
             <error type=\"internal\" message=\"{}\">{}</error>\n    </testcase>",
            xml_text(&format!("internal-error case {} ({})", e.case, e.label)),
            xml_text(&e.message),
            xml_text(&body)
        );
    }
    let _ = writeln!(out, "    <system-out>{}</system-out>", xml_text(&summary));
    out.push_str("  </testsuite>\n");
}

fn render_case(
    out: &mut String,
    report: &Report,
    suite: &str,
    case: &CheckedRule,
    findings: &[&Finding],
    strict: bool,
) {
    let _ = write!(
        out,
        "    <testcase classname=\"{}\" name=\"{}\"",
        xml_text(&format!("favorite-contract.{suite}")),
        xml_text(case.rule.id())
    );
    if findings.is_empty() {
        out.push_str("/>\n");
        return;
    }
    out.push_str(">\n");
    let failing: Vec<&&Finding> = findings.iter().filter(|f| fails(f, strict)).collect();
    if let Some(first) = failing.first() {
        let mut body = String::new();
        for f in &failing {
            let _ = writeln!(body, "{f}");
            if let Some(request) = &f.request {
                let _ = writeln!(body, "replay: {}", request.to_curl(&report.target));
            }
        }
        let _ = writeln!(
            out,
            "      <failure type=\"{}\" message=\"{}\">{}</failure>",
            xml_text(first.severity.id()),
            xml_text(&format!(
                "{} finding(s); first at {}: expected {}, found {}",
                failing.len(),
                first.location,
                first.expected,
                first.actual
            )),
            xml_text(&body)
        );
    }
    let passing: Vec<&&Finding> = findings.iter().filter(|f| !fails(f, strict)).collect();
    if !passing.is_empty() {
        let text: String = passing.iter().map(|f| format!("{f}\n")).collect();
        let _ = writeln!(out, "      <system-out>{}</system-out>", xml_text(&text));
    }
    out.push_str("    </testcase>\n");
}
