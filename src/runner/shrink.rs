//! Shrinking a violating case to a minimal one that still breaks the same rule.
//!
//! This is a field-dropping shrinker over the request, not proptest's value trees: the cases
//! that fail are often raw bytes (hostile bodies) or replayed files, which have no value tree.
//! Candidates are strictly smaller (one header, one member, one element or one form pair
//! fewer; one typed member back at its default), so greedy first-improvement search ends; each
//! candidate costs one exchange and the search stops after [`MAX_SHRINK_EXCHANGES`].

use super::cases::{Case, EncodeStyle, Payload};
use super::context::RunContext;
use crate::checker::{Finding, Location};
use crate::codec::Format;
use crate::contract::contract;
use crate::exchange::RequestBody;
use crate::model::{Object, Request, Value};
use quick_xml::events::Event;

/// Exchanges one shrink may spend.
pub const MAX_SHRINK_EXCHANGES: usize = 64;

/// A shrunk case and what it cost.
#[derive(Clone, Debug)]
pub(crate) struct Shrunk {
    pub(crate) case: Case,
    pub(crate) exchanges: usize,
}

/// Whether `candidate` is the same failure as `original`: a violation of the same rule at the
/// same place, and for a wrong status the same wrong status (a 200 for a bad token must not
/// shrink into a 415 for a missing Content-Type).
pub(crate) fn same_failure(original: &Finding, candidate: &Finding) -> bool {
    candidate.rule == original.rule
        && candidate.is_violation()
        && candidate.location == original.location
        && (candidate.location != Location::Status || candidate.actual == original.actual)
}

/// Shrink `case`, keeping only candidates that still produce the same failure as `finding`.
pub(crate) async fn shrink(ctx: &RunContext, case: Case, finding: &Finding) -> Shrunk {
    let mut current = case;
    let mut exchanges = 0;
    'search: loop {
        for candidate in candidates(&current) {
            if exchanges >= MAX_SHRINK_EXCHANGES {
                break 'search;
            }
            exchanges += 1;
            let step = ctx.step(candidate).await;
            if step
                .outcome
                .findings
                .iter()
                .any(|f| same_failure(finding, f))
            {
                current = step.case;
                continue 'search;
            }
        }
        break;
    }
    Shrunk {
        case: current,
        exchanges,
    }
}

/// Every one-step simplification of a case, most drastic first.
pub(crate) fn candidates(case: &Case) -> Vec<Case> {
    let mut out = Vec::new();
    for i in 0..case.headers.len() {
        let mut c = case.clone();
        c.headers.remove(i);
        out.push(c);
    }
    match &case.payload {
        Payload::Encoded {
            request,
            format,
            style,
        } => {
            if *style != EncodeStyle::Canonical {
                let mut c = case.clone();
                c.payload = Payload::Encoded {
                    request: request.clone(),
                    format: *format,
                    style: EncodeStyle::Canonical,
                };
                out.push(c);
            }
            for simpler in simpler_requests(request) {
                let mut c = case.clone();
                c.payload = Payload::Encoded {
                    request: simpler,
                    format: *format,
                    style: *style,
                };
                out.push(c);
            }
        }
        Payload::Raw { body, format } => {
            for smaller in smaller_bodies(body, *format) {
                let mut c = case.clone();
                c.payload = Payload::Raw {
                    body: RequestBody::Text(smaller),
                    format: *format,
                };
                out.push(c);
            }
        }
    }
    out
}

/// The request with one member back at its CLR default (null / 0).
fn simpler_requests(request: &Request) -> Vec<Request> {
    let schema = contract().request();
    let object = Object::from_record(request);
    let defaults = Object::new_request();
    let mut out = Vec::new();
    for (i, field) in schema.fields.iter().enumerate() {
        if object.values[i] == defaults.values[i] {
            continue;
        }
        let mut o = object.clone();
        o.values[i] = Value::default_for(field.ty, field.nullable);
        if let Some(r) = <Request as crate::model::FromObject>::from_object(o) {
            out.push(r);
        }
    }
    out
}

/// The body with one JSON member, XML child element or form pair fewer.
fn smaller_bodies(body: &RequestBody, format: Option<Format>) -> Vec<String> {
    let RequestBody::Text(text) = body else {
        return Vec::new();
    };
    if text.is_empty() {
        return Vec::new();
    }
    match format {
        Some(Format::Json) => json_without_members(text),
        Some(Format::Xml) => xml_without_children(text),
        Some(Format::Form) => form_without_pairs(text),
        None => json_without_members(text),
    }
}

fn json_without_members(text: &str) -> Vec<String> {
    let Ok(serde_json::Value::Object(map)) = serde_json::from_str::<serde_json::Value>(text) else {
        return Vec::new();
    };
    map.keys()
        .map(|key| {
            let mut smaller = map.clone();
            smaller.remove(key);
            serde_json::Value::Object(smaller).to_string()
        })
        .collect()
}

fn form_without_pairs(text: &str) -> Vec<String> {
    let pairs: Vec<&str> = text.split('&').collect();
    (0..pairs.len())
        .map(|i| {
            pairs
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != i)
                .map(|(_, p)| *p)
                .collect::<Vec<_>>()
                .join("&")
        })
        .collect()
}

/// Byte spans of the root's child elements (well-formed prefix only).
fn child_spans(text: &str) -> Vec<(usize, usize)> {
    let mut reader = quick_xml::Reader::from_str(text);
    let mut depth = 0usize;
    let mut spans = Vec::new();
    let mut open = 0usize;
    loop {
        let before = usize::try_from(reader.buffer_position()).unwrap_or(0);
        let event = match reader.read_event() {
            Ok(Event::Eof) | Err(_) => break,
            Ok(event) => event,
        };
        let after = usize::try_from(reader.buffer_position()).unwrap_or(0);
        match event {
            Event::Start(_) => {
                if depth == 1 {
                    open = before;
                }
                depth += 1;
            }
            Event::End(_) => {
                depth = depth.saturating_sub(1);
                if depth == 1 {
                    spans.push((open, after));
                }
            }
            Event::Empty(_) if depth == 1 => spans.push((before, after)),
            _ => {}
        }
    }
    spans
}

fn xml_without_children(text: &str) -> Vec<String> {
    child_spans(text)
        .into_iter()
        .filter(|&(a, b)| {
            a < b && b <= text.len() && text.is_char_boundary(a) && text.is_char_boundary(b)
        })
        .map(|(a, b)| format!("{}{}", &text[..a], &text[b..]))
        .collect()
}
