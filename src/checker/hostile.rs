//! Hostile-input rules over bodies and answers: no leaked exception detail, no data across
//! operators.

use super::finding::{Finding, Location};
use super::invariants::data_present;
use super::rule::{RuleId, Severity};
use crate::contract::contract;
use crate::excerpt::excerpt;
use crate::model::Response;
use memchr::memmem;

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
    // Every marker and pattern is ASCII, and ASCII bytes read the same in the lossy text a
    // reader would see, so the search runs on the bytes (SIMD, no decoding): this runs on
    // every answer.
    let contains = |needle: &str| memmem::find(body, needle.as_bytes()).is_some();
    // Every marker and exception type name holds one of these: a body without them needs no
    // search for each.
    let exception = contains("Exception");
    let markers = exception || contains("StackTrace") || contains("--- End of");
    let found = DETAIL_MARKERS
        .iter()
        .filter(|_| markers)
        .find_map(|(marker, what)| {
            memmem::find(body, marker.as_bytes()).map(|at| (at, marker.len(), *what))
        })
        .or_else(|| {
            exception
                .then(|| exception_type(body))
                .flatten()
                .map(|(at, len)| (at, len, "a .NET exception type"))
        })
        .or_else(|| stack_frame(body).map(|(at, len)| (at, len, "a stack frame")));
    let Some((at, len, what)) = found else {
        return Vec::new();
    };
    // The match is ASCII throughout.
    let text = String::from_utf8_lossy(&body[at..at + len]);
    let excerpt = excerpt(&text, MAX_DETAIL_CHARS);
    vec![Finding::new(
        RuleId::HostileStackTrace,
        Severity::Violation,
        Location::Body,
        "no exception detail (error detail is off for remote callers)",
        format!("{what}: `{excerpt}`"),
        "the body leaks server internals; production hides them (customErrors RemoteOnly)",
    )]
}

fn is_ident(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c == b'.' || c == b'`'
}

/// The length of the identifier at the start of `text` (up to the first byte that is not an
/// identifier's: any non-ASCII byte ends it, as any non-ASCII character does).
fn ident_len(text: &[u8]) -> usize {
    text.iter()
        .position(|&c| !is_ident(c))
        .unwrap_or(text.len())
}

/// `System.` followed by a dotted identifier ending in `Exception`.
fn exception_type(text: &[u8]) -> Option<(usize, usize)> {
    memmem::find_iter(text, b"System.").find_map(|at| {
        let len = ident_len(&text[at..]);
        text[at..at + len]
            .ends_with(b"Exception")
            .then_some((at, len))
    })
}

/// A .NET stack frame: ` at ` then `Name.Name(` on the same line, or `:line <digits>`.
fn stack_frame(text: &[u8]) -> Option<(usize, usize)> {
    let frame = memmem::find_iter(text, b" at ").find_map(|at| {
        let rest = &text[at + 4..];
        let ident = ident_len(rest);
        let dotted = rest[..ident].contains(&b'.') && !rest[..ident].ends_with(b".");
        (dotted && rest[ident..].starts_with(b"(")).then_some((at + 1, 3 + ident + 1))
    });
    frame.or_else(|| {
        memmem::find_iter(text, b":line ").find_map(|at| {
            text[at + 6..]
                .first()
                .is_some_and(u8::is_ascii_digit)
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
