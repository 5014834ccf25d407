//! `HttpError` bodies of 401/404/405/415/500 responses (contracts/reference/wire.md#error-bodies):
//! `{"Message":"…"}` and `<Error><Message>…</Message></Error>` (no namespace).

use super::{clip, json_excerpt};
use crate::checker::finding::{Finding, Location};
use crate::checker::profile::Profile;
use crate::checker::rule::{RuleId, Severity};
use crate::checker::sink::Sink;
use crate::codec::WireFormat;
use crate::wire::json::{self as json_tree, Json};

/// The keys `HttpError` writes (`HttpErrorKeys`); anything else is not from Web API.
const HTTP_ERROR_KEYS: &[&str] = &[
    "Message",
    "MessageDetail",
    "ExceptionMessage",
    "ExceptionType",
    "StackTrace",
    "InnerException",
    "ModelState",
];

/// What the `Message` of an error body must say.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExpectedMessage {
    /// Exactly this text (`An error has occurred.`).
    Exact(String),
    /// Text starting with this (`No HTTP resource was found that matches the request URI '`).
    Prefix(String),
    /// Any text.
    Any,
}

impl ExpectedMessage {
    fn matches(&self, actual: &str) -> bool {
        match self {
            ExpectedMessage::Exact(m) => actual == m,
            ExpectedMessage::Prefix(p) => actual.starts_with(p.as_str()),
            ExpectedMessage::Any => true,
        }
    }

    fn describe(&self) -> String {
        match self {
            ExpectedMessage::Exact(m) => format!("\"{m}\""),
            ExpectedMessage::Prefix(p) => format!("\"{p}…\""),
            ExpectedMessage::Any => "a message".to_owned(),
        }
    }
}

/// Validate an error body's shape and message.
pub fn check_error_body(
    format: WireFormat,
    text: &str,
    expected: &ExpectedMessage,
    profile: &Profile,
) -> Vec<Finding> {
    let mut sink = Sink::new(profile, Some(format));
    let text = super::strip_bom(text, format, &mut sink);
    let message = match format {
        WireFormat::Json => json_message(text, &mut sink),
        WireFormat::Xml => xml_message(text, &mut sink),
    };
    if let Some((message, location)) = message
        && !expected.matches(&message)
    {
        sink.push(
            RuleId::HttpErrorBody,
            Severity::ProfileDeviation,
            location,
            expected.describe(),
            format!("\"{}\"", clip(&message)),
            "not the message Web API's English resources produce (a localised .NET install \
                 or another framework)",
        );
    }
    sink.finish()
}

fn shape(sink: &mut Sink<'_>, location: Location, expected: &str, actual: String) {
    sink.push(
        RuleId::HttpErrorBody,
        Severity::Violation,
        location,
        expected,
        actual,
        "not an HttpError body; clients reading `Message` find nothing",
    );
}

fn unknown_key(sink: &mut Sink<'_>, location: Location, key: &str) {
    sink.push(
        RuleId::HttpErrorBody,
        Severity::Warning,
        location,
        format!("only HttpError keys ({})", HTTP_ERROR_KEYS.join(", ")),
        format!("`{key}`"),
        "Web API's HttpError writes no other key",
    );
}

fn json_message(text: &str, sink: &mut Sink<'_>) -> Option<(String, Location)> {
    let root = match json_tree::parse(text) {
        Ok(root) => {
            super::json_layout::check(text, sink);
            root
        }
        Err(e) => {
            shape(
                sink,
                Location::Body,
                "a JSON object {\"Message\":…}",
                format!("invalid JSON ({})", e.found),
            );
            return None;
        }
    };
    let Json::Object(members) = root.value else {
        shape(
            sink,
            Location::Pointer(String::new()),
            "a JSON object {\"Message\":…}",
            json_excerpt(&root.value),
        );
        return None;
    };
    let mut message = None;
    for m in &members {
        let location = Location::Pointer(format!("/{}", m.key));
        match (m.key.as_str(), &m.value.value) {
            ("Message", Json::String(s)) => message = Some((s.clone(), location)),
            ("Message", other) => shape(sink, location, "a string", json_excerpt(other)),
            (key, _) if !HTTP_ERROR_KEYS.contains(&key) => unknown_key(sink, location, key),
            _ => {}
        }
    }
    if message.is_none() && !members.iter().any(|m| m.key == "Message") {
        shape(
            sink,
            Location::Pointer("/Message".to_owned()),
            "property `Message`",
            "missing".to_owned(),
        );
    }
    message
}

fn xml_message(text: &str, sink: &mut Sink<'_>) -> Option<(String, Location)> {
    let root = match super::xml_layout::parse_and_check(text, None, super::DEFAULT_CHARSET, sink) {
        Ok(root) => root,
        Err(e) => {
            shape(
                sink,
                Location::Body,
                "<Error><Message>…</Message></Error>",
                format!("invalid XML ({})", e.found),
            );
            return None;
        }
    };
    if root.local != "Error" || root.namespace.is_some() {
        let ns = root
            .namespace
            .as_deref()
            .map_or(String::new(), |n| format!(" in namespace {n}"));
        shape(
            sink,
            Location::XPath(format!("/{}", root.local)),
            "<Error> in no namespace",
            format!("<{}>{ns}", root.local),
        );
        return None;
    }
    let mut message = None;
    for child in root.elements() {
        let location = Location::XPath(format!("/Error/{}", child.local));
        if child.namespace.is_some() || !HTTP_ERROR_KEYS.contains(&child.local.as_str()) {
            unknown_key(sink, location, &child.local);
        } else if child.local == "Message" {
            match child.elements().next() {
                None => message = Some((child.text().into_owned(), location)),
                Some(inner) => shape(
                    sink,
                    location,
                    "text",
                    format!("child element <{}>", inner.local),
                ),
            }
        }
    }
    if message.is_none() && !root.elements().any(|c| c.local == "Message") {
        shape(
            sink,
            Location::XPath("/Error/Message".to_owned()),
            "<Message>",
            "missing".to_owned(),
        );
    }
    message
}
