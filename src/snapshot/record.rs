//! From an exchange and the target's answer to its snapshot form, and comparing a stored
//! exchange with a live one.

use super::diff::{ABSENT, DiffAt, Difference};
use super::document::{
    BodyDoc, ExchangeDoc, RECORDED_HEADERS, Raw, ResponseDoc, TARGET_AUTH_LINE, request_body_line,
};
use super::encode::Exchange;
use super::redact::Redactions;
use super::{json_doc, xml_diff, xml_doc};
use crate::codec::WireFormat;
use crate::exchange::{HttpResponse, media_format};
use crate::wire::json as json_tree;
use sha2::{Digest, Sha256};
use similar::{Algorithm, DiffOp, capture_diff_slices};

/// The UTF-8 byte-order mark (Web API never writes one; a target might).
const UTF8_BOM: &str = "\u{feff}";

/// The request lines of an exchange as a snapshot shows them.
pub(crate) fn request_lines(exchange: &Exchange) -> Vec<String> {
    let request = &exchange.request;
    let mut lines = vec![format!("{} {}", request.method, request.path)];
    for (name, value) in &request.headers {
        lines.push(format!("{name}: {value}"));
    }
    if exchange.target_auth {
        lines.push(TARGET_AUTH_LINE.to_owned());
    }
    // A blank line ends the headers, as in HTTP; an empty body adds nothing after it.
    lines.push(String::new());
    if !request.body.is_empty() {
        lines.push(request_body_line(&String::from_utf8_lossy(
            request.body.as_bytes(),
        )));
    }
    lines
}

/// Hex SHA-256 of bytes.
pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The snapshot form of a response: recorded headers, raw pin, readable redacted body.
pub(crate) fn response_doc(observed: &HttpResponse, redactions: &Redactions) -> ResponseDoc {
    let headers: Vec<(String, String)> = RECORDED_HEADERS
        .iter()
        .filter_map(|name| {
            observed
                .header(name)
                .map(|v| ((*name).to_owned(), v.to_owned()))
        })
        .collect();
    let text = String::from_utf8_lossy(&observed.body);
    let text = text.strip_prefix(UTF8_BOM).unwrap_or(&text);
    let mut body = if observed.body.is_empty() {
        BodyDoc::Empty
    } else {
        match observed.header("content-type").and_then(media_format) {
            Some(WireFormat::Json) => json_tree::parse(text)
                .map(BodyDoc::Json)
                .unwrap_or_else(|_| BodyDoc::Text(text.to_owned())),
            Some(WireFormat::Xml) => xml_doc::parse(text)
                .map(BodyDoc::Xml)
                .unwrap_or_else(|_| BodyDoc::Text(text.to_owned())),
            None => BodyDoc::Text(text.to_owned()),
        }
    };
    let hidden = match &mut body {
        BodyDoc::Empty => 0,
        BodyDoc::Json(node) => redactions.json(node),
        BodyDoc::Xml(root) => redactions.xml(root),
        BodyDoc::Text(text) => redactions.text(text),
    };
    let raw = if hidden > 0 {
        Raw::Redacted { values: hidden }
    } else {
        Raw::Pinned {
            len: observed.body.len(),
            sha256: sha256_hex(&observed.body),
        }
    };
    ResponseDoc {
        status: observed.status,
        headers,
        raw,
        body,
    }
}

/// The snapshot form of one exchange.
pub(crate) fn exchange_doc(
    exchange: &Exchange,
    observed: &HttpResponse,
    redactions: &Redactions,
) -> ExchangeDoc {
    ExchangeDoc {
        label: exchange.label.clone(),
        request: request_lines(exchange),
        response: response_doc(observed, redactions),
    }
}

/// A media type compared loosely: case, spaces and parameter order do not matter.
fn media_key(value: &str) -> Vec<String> {
    let mut parts = value
        .split(';')
        .map(|p| p.trim().to_ascii_lowercase().replace(' ', ""));
    let mut out = vec![parts.next().unwrap_or_default()];
    let mut params: Vec<String> = parts.filter(|p| !p.is_empty()).collect();
    params.sort();
    out.extend(params);
    out
}

/// What differs between a stored exchange and a live one, and whether the bytes differ while the
/// data does not (reported as a note, not a difference).
pub(crate) fn compare(expected: &ExchangeDoc, actual: &ExchangeDoc) -> (Vec<Difference>, bool) {
    let mut out = Vec::new();
    if expected.request != actual.request {
        out.push(Difference::new(
            DiffAt::Request,
            expected.request.join(" | "),
            format!(
                "{} (the case changed since recording; record again)",
                actual.request.join(" | ")
            ),
        ));
    }
    let (e, a) = (&expected.response, &actual.response);
    if e.status != a.status {
        out.push(Difference::new(
            DiffAt::Status,
            e.status.to_string(),
            a.status.to_string(),
        ));
    }
    for name in RECORDED_HEADERS {
        let (x, y) = (e.header(name), a.header(name));
        let same = match (x, y) {
            (Some(x), Some(y)) if name.eq_ignore_ascii_case("content-type") => {
                media_key(x) == media_key(y)
            }
            (x, y) => x == y,
        };
        if !same {
            out.push(Difference::new(
                DiffAt::Header((*name).to_owned()),
                x.unwrap_or(ABSENT),
                y.unwrap_or(ABSENT),
            ));
        }
    }
    let before = out.len();
    match (&e.body, &a.body) {
        (BodyDoc::Empty, BodyDoc::Empty) => {}
        (BodyDoc::Json(x), BodyDoc::Json(y)) => json_doc::compare(x, y, &mut out),
        (BodyDoc::Xml(x), BodyDoc::Xml(y)) => xml_diff::compare(x, y, &mut out),
        (BodyDoc::Text(_), BodyDoc::Text(_)) => text(&e.body.render(), &a.body.render(), &mut out),
        (x, y) => out.push(Difference::new(DiffAt::Body, describe(x), describe(y))),
    }
    let bytes_differ = out.len() == before
        && matches!((&e.raw, &a.raw), (Raw::Pinned { .. }, Raw::Pinned { .. }))
        && e.raw != a.raw;
    (out, bytes_differ)
}

fn describe(body: &BodyDoc) -> String {
    let first = body.render().lines().next().unwrap_or("").to_owned();
    match body {
        BodyDoc::Empty => "an empty body".to_owned(),
        BodyDoc::Json(_) => format!("a JSON body {first}…"),
        BodyDoc::Xml(_) => format!("an XML body {first}…"),
        BodyDoc::Text(_) => format!("a text body {first}"),
    }
}

/// The lines of two text bodies that differ, by a line diff: an inserted or removed line is one
/// difference, not a shift of every later line. Line numbers are the recording's, or the
/// target's for a line only the target sent.
pub(crate) fn text(expected: &str, actual: &str, out: &mut Vec<Difference>) {
    let e: Vec<&str> = expected.lines().collect();
    let a: Vec<&str> = actual.lines().collect();
    fn shown<'t>(line: Option<&&'t str>) -> &'t str {
        line.map_or(ABSENT, |l| l.trim_start_matches("| "))
    }
    for op in capture_diff_slices(Algorithm::Myers, &e, &a) {
        let (old, new) = match op {
            DiffOp::Equal { .. } => continue,
            DiffOp::Delete {
                old_index, old_len, ..
            } => (old_index..old_index + old_len, 0..0),
            DiffOp::Insert {
                new_index, new_len, ..
            } => (0..0, new_index..new_index + new_len),
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => (
                old_index..old_index + old_len,
                new_index..new_index + new_len,
            ),
        };
        for k in 0..old.len().max(new.len()) {
            let (i, j) = (old.start + k, new.start + k);
            let (x, y) = (
                old.contains(&i).then(|| &e[i]),
                new.contains(&j).then(|| &a[j]),
            );
            let line = if x.is_some() { i } else { j };
            out.push(Difference::new(DiffAt::Line(line + 1), shown(x), shown(y)));
        }
    }
}
