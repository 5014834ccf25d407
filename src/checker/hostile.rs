//! Hostile-input rules over bodies and answers: no leaked exception detail, no data across
//! operators.

use super::finding::{Finding, Location};
use super::invariants::data_present;
use super::rule::{RuleId, Severity};
use crate::contract::contract;
use crate::excerpt::excerpt;
use crate::model::Response;

/// Characters of leaked exception detail quoted in a finding.
const MAX_DETAIL_CHARS: usize = 80;

/// The business code for a client that does not exist or belongs to another operator.
const CLIENT_NOT_FOUND: i32 = 2;

/// Markers of .NET exception detail in a body, with what each reveals. Matched literally;
/// `HttpError` keys are quoted or tagged so data that merely mentions the word does not match.
const DETAIL_MARKERS: &[(&str, &str)] = &[
    ("\"StackTrace\"", "an HttpError StackTrace"),
    ("<StackTrace", "an HttpError StackTrace"),
    ("\"ExceptionType\"", "an HttpError ExceptionType"),
    ("<ExceptionType", "an HttpError ExceptionType"),
    ("\"ExceptionMessage\"", "an HttpError ExceptionMessage"),
    ("<ExceptionMessage", "an HttpError ExceptionMessage"),
    ("--- End of stack trace", "a stack trace separator"),
    (
        "--- End of inner exception stack trace",
        "a stack trace separator",
    ),
];

/// Find exception detail in a body: HttpError detail keys, `System.…Exception` type names,
/// stack frames (`   at Ns.Type.Method(` / `:line 42`).
pub fn check_stack_trace(body: &[u8]) -> Vec<Finding> {
    let text = String::from_utf8_lossy(body);
    // Every marker and exception type name holds one of these: a body without them needs no
    // search for each (this runs on every answer).
    let exception = text.contains("Exception");
    let markers = exception || text.contains("StackTrace") || text.contains("--- End of");
    let found = DETAIL_MARKERS
        .iter()
        .filter(|_| markers)
        .find_map(|(marker, what)| text.find(marker).map(|at| (at, marker.len(), *what)))
        .or_else(|| {
            exception
                .then(|| exception_type(&text))
                .flatten()
                .map(|(at, len)| (at, len, "a .NET exception type"))
        })
        .or_else(|| stack_frame(&text).map(|(at, len)| (at, len, "a stack frame")));
    let Some((at, len, what)) = found else {
        return Vec::new();
    };
    let excerpt = excerpt(&text[at..at + len], MAX_DETAIL_CHARS);
    vec![Finding::new(
        RuleId::HostileStackTrace,
        Severity::Violation,
        Location::Body,
        "no exception detail (error detail is off for remote callers)",
        format!("{what}: `{excerpt}`"),
        "the body leaks server internals; production hides them (customErrors RemoteOnly)",
    )]
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '.' || c == '`'
}

/// `System.` followed by a dotted identifier ending in `Exception`.
fn exception_type(text: &str) -> Option<(usize, usize)> {
    text.match_indices("System.").find_map(|(at, _)| {
        let len = text[at..].find(|c| !is_ident(c)).unwrap_or(text.len() - at);
        text[at..at + len]
            .ends_with("Exception")
            .then_some((at, len))
    })
}

/// A .NET stack frame: ` at ` then `Name.Name(` on the same line, or `:line <digits>`.
fn stack_frame(text: &str) -> Option<(usize, usize)> {
    let frame = text.match_indices(" at ").find_map(|(at, _)| {
        let rest = &text[at + 4..];
        let ident = rest.find(|c| !is_ident(c)).unwrap_or(rest.len());
        let dotted = rest[..ident].contains('.') && !rest[..ident].ends_with('.');
        (dotted && rest[ident..].starts_with('(')).then_some((at + 1, 3 + ident + 1))
    });
    frame.or_else(|| {
        text.match_indices(":line ").find_map(|(at, _)| {
            text[at + 6..]
                .starts_with(|c: char| c.is_ascii_digit())
                .then_some((at, 7))
        })
    })
}

/// A client of another operator gets ErrorCode 2 with its message and no data: the answer must
/// not reveal whether the client exists.
pub fn check_cross_operator(response: &Response) -> Vec<Finding> {
    let mut findings = Vec::new();
    if response.error_code != CLIENT_NOT_FOUND {
        findings.push(Finding::new(
            RuleId::HostileCrossOperator,
            Severity::Violation,
            Location::Pointer("/ErrorCode".to_owned()),
            CLIENT_NOT_FOUND.to_string(),
            response.error_code.to_string(),
            "another operator's client must look exactly like a missing one",
        ));
    }
    let expected = contract().business_message(CLIENT_NOT_FOUND).unwrap_or("");
    if response.message.as_deref() != Some(expected) {
        findings.push(Finding::new(
            RuleId::HostileCrossOperator,
            Severity::Violation,
            Location::Pointer("/Message".to_owned()),
            format!("\"{expected}\""),
            response.message.as_deref().map_or("null".to_owned(), |m| {
                format!("\"{}\"", super::body::clip(m))
            }),
            "a different message reveals that the client exists elsewhere",
        ));
    }
    for (pointer, value) in data_present(response) {
        findings.push(Finding::new(
            RuleId::HostileCrossOperator,
            Severity::Violation,
            Location::Pointer(pointer),
            "0 / empty",
            value,
            "data of another operator's client leaked",
        ));
    }
    findings
}
