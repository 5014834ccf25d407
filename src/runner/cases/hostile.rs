//! Hostile requests: wrong types, overflow, malformed JSON and XML, wrong XML roots,
//! namespaces and order, empty numeric elements, unknown content types, missing and huge
//! bodies, missing or bad auth, unknown paths and methods, and another operator's clients.
//!
//! The generator does not decide what the server must answer: the runner binds every body with
//! the project's codecs (`codec::bind`) and predicts the situation from what binding yields.

use super::hostile_http::{
    bad_auth, cross_operator, missing_body, unknown_content_type, unknown_path, wrong_method,
};
use super::hostile_xml::{
    malformed_xml, wrong_xml_root, xml_empty_numeric, xml_out_of_order, xml_valid,
    xml_wrong_namespace,
};
use super::valid::{negotiation_headers, valid_request};
use super::{Case, CaseLabel, Knowledge, Payload};
use crate::codec::Format;
use crate::compose::{
    form_encode, json_members, json_object, json_string, request_root, xml_document, xml_elements,
};
use crate::contract::{ClrType, contract};
use crate::exchange::RequestBody;
use crate::model::Request;
use proptest::prelude::*;
use proptest::sample::{Index, select};
use proptest::strategy::Union;
use std::sync::Arc;

/// Size of the huge bodies, bytes: far above a real request (< 1 KiB), below the 1 MiB a
/// server commonly caps bodies at (the mock answers 413 above that, IIS above 30 MB).
pub(crate) const HUGE_BODY_BYTES: usize = 300 * 1024;

/// Nesting depth of the deep-JSON case: past Json.NET's limit of 256 under Web API.
const DEEP_NESTING: usize = 300;

/// Unknown form keys in the many-keys case: past `MaxHttpCollectionKeys` (1000).
const MANY_FORM_KEYS: usize = 1200;

/// JSON values of the wrong type for any member.
const WRONG_JSON_VALUES: &[&str] = &[
    "\"abc\"",
    "true",
    "[]",
    "{}",
    "1.5",
    "\"12x\"",
    "null",
    "\"\"",
    "\"2026-13-45\"",
    "-0.0",
];

/// Text that does not convert to the member's type (XML element text, form values).
const WRONG_TEXT_VALUES: &[&str] = &["abc", "1.5", "true", "12x", "0x10", "2026-13-45", " "];

/// Numbers just outside each integer type, and far outside.
fn overflow_values(ty: ClrType) -> &'static [&'static str] {
    match ty {
        ClrType::Int16 => &["32768", "-32769", "70000"],
        ClrType::Int32 => &["2147483648", "-2147483649", "99999999999"],
        ClrType::Int64 => &["9223372036854775808", "-9223372036854775809", "1e30"],
        _ => &["1e400", "79228162514264337593543950336"],
    }
}

fn json_content_type() -> Option<&'static str> {
    Some("application/json")
}

pub(super) fn raw(
    label: CaseLabel,
    content_type: Option<&str>,
    body: String,
    format: Option<Format>,
) -> Case {
    Case::post(
        label,
        content_type,
        Payload::Raw {
            body: RequestBody::Text(body),
            format,
        },
    )
}

/// A raw body written in `format`, sent with the format's Content-Type.
pub(super) fn raw_in(label: CaseLabel, format: Format, body: String) -> Case {
    raw(label, Some(format.content_type()), body, Some(format))
}

fn scalar_fields() -> Vec<(String, ClrType)> {
    contract()
        .request()
        .fields
        .iter()
        .map(|f| (f.name.clone(), f.ty))
        .collect()
}

/// Replace member `at` of a request with `value` (raw JSON / element text / form value).
fn with_member(request: &Request, format: Format, at: usize, value: &str) -> String {
    match format {
        Format::Json => {
            let mut members = json_members(request);
            let i = at % members.len();
            members[i].1 = value.to_owned();
            json_object(&members)
        }
        Format::Xml => {
            let mut elements = xml_elements(request);
            let i = at % elements.len();
            elements[i].text = Some(value.to_owned());
            let (root, ns) = request_root();
            xml_document(root, Some(ns), &elements)
        }
        Format::Form => {
            let fields = scalar_fields();
            let (name, _) = &fields[at % fields.len()];
            let mut text = crate::codec::form::encode_request(request);
            let prefix = format!("{name}=");
            let mut pairs: Vec<String> = text
                .split('&')
                .filter(|p| !p.is_empty() && !p.starts_with(&prefix))
                .map(str::to_owned)
                .collect();
            pairs.push(format!("{name}={}", form_encode(value)));
            text = pairs.join("&");
            text
        }
    }
}

fn wrong_type(base: BoxedStrategy<Request>, formats: Vec<Format>) -> BoxedStrategy<Case> {
    (base, select(formats), any::<Index>(), any::<Index>())
        .prop_map(|(request, format, field, value)| {
            let text = match format {
                Format::Json => *value.get(WRONG_JSON_VALUES),
                Format::Xml | Format::Form => *value.get(WRONG_TEXT_VALUES),
            };
            let body = with_member(&request, format, field.index(usize::MAX), text);
            raw_in(CaseLabel::WrongType, format, body)
        })
        .boxed()
}

fn overflow(base: BoxedStrategy<Request>, formats: Vec<Format>) -> BoxedStrategy<Case> {
    let ints: Vec<usize> = scalar_fields()
        .iter()
        .enumerate()
        .filter(|(_, (_, ty))| ty.int_range().is_some())
        .map(|(i, _)| i)
        .collect();
    (base, select(formats), select(ints), any::<Index>())
        .prop_map(|(request, format, field, value)| {
            let fields = scalar_fields();
            let values = overflow_values(fields[field].1);
            let text = *value.get(values);
            // Member positions differ per format: find the field by name in each writer's order.
            let at = match format {
                Format::Json | Format::Form => field,
                Format::Xml => contract()
                    .request()
                    .xml_order
                    .iter()
                    .position(|&i| i == field)
                    .unwrap_or(field),
            };
            let body = with_member(&request, format, at, text);
            raw_in(CaseLabel::Overflow, format, body)
        })
        .boxed()
}

fn malformed_json(base: BoxedStrategy<Request>) -> BoxedStrategy<Case> {
    (base, 0usize..11, any::<Index>())
        .prop_map(|(request, variant, cut)| {
            let valid = json_object(&json_members(&request));
            let body = match variant {
                0 => cut_at(&valid, cut),
                1 => format!("{valid}}}"),
                2 => valid.replacen('"', "", 2),
                3 => valid.replace('"', "'"),
                4 => format!("{},}}", &valid[..valid.len() - 1]),
                5 => format!("[{valid}]"),
                6 => "\"just a string\"".to_owned(),
                7 => format!(
                    "{{\"Deep\":{}{},{}",
                    "[".repeat(DEEP_NESTING),
                    "]".repeat(DEEP_NESTING),
                    &valid[1..]
                ),
                8 => valid.replacen(',', ",,", 1),
                9 => format!("\u{feff}{valid}"),
                _ => valid.replacen(':', ":\u{1}", 1),
            };
            raw(
                CaseLabel::MalformedJson,
                json_content_type(),
                body,
                Some(Format::Json),
            )
        })
        .boxed()
}

/// A prefix of `text` cut at a character boundary.
pub(super) fn cut_at(text: &str, at: Index) -> String {
    let mut end = at.index(text.len().max(1));
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text[..end].to_owned()
}

fn huge_body(base: BoxedStrategy<Request>, formats: Vec<Format>) -> BoxedStrategy<Case> {
    (base, select(formats), 0usize..2)
        .prop_map(|(mut request, format, variant)| {
            let body = match (format, variant) {
                (Format::Json, 0) => {
                    request.site_code = Some("Я".repeat(HUGE_BODY_BYTES / 2));
                    json_object(&json_members(&request))
                }
                (Format::Json, _) => {
                    let members = json_members(&request);
                    let pad = " ".repeat(HUGE_BODY_BYTES / members.len().max(1));
                    let inner: Vec<String> = members
                        .iter()
                        .map(|(n, v)| format!("{pad}{}:{v}", json_string(n)))
                        .collect();
                    format!("{{{}}}", inner.join(","))
                }
                (Format::Xml, 0) => {
                    let valid = xml_valid(&request);
                    let comment = format!("<!--{}-->", "x".repeat(HUGE_BODY_BYTES));
                    valid.replacen('>', &format!(">{comment}"), 1)
                }
                (Format::Xml, _) => {
                    request.site_code = Some("&<>".repeat(HUGE_BODY_BYTES / 12));
                    xml_valid(&request)
                }
                (Format::Form, 0) => {
                    let keys: Vec<String> =
                        (0..MANY_FORM_KEYS).map(|i| format!("x{i}=1")).collect();
                    format!(
                        "{}&{}",
                        crate::codec::form::encode_request(&request),
                        keys.join("&")
                    )
                }
                (Format::Form, _) => {
                    request.site_code = Some("z".repeat(HUGE_BODY_BYTES));
                    crate::codec::form::encode_request(&request)
                }
            };
            raw_in(CaseLabel::HugeBody, format, body)
        })
        .boxed()
}

/// A hostile request. `formats` (not empty) limits the format-specific kinds: XML cases only
/// when XML is enabled, and so on; the HTTP-level kinds use any enabled format.
pub(crate) fn hostile_case(
    k: &Arc<Knowledge>,
    formats: Vec<Format>,
) -> impl Strategy<Value = Case> + use<> {
    let base = valid_request(k).boxed();
    let mut arms: Vec<(u32, BoxedStrategy<Case>)> = vec![
        (3, wrong_type(base.clone(), formats.clone())),
        (3, overflow(base.clone(), formats.clone())),
        (2, unknown_content_type(base.clone())),
        (1, missing_body()),
        (1, huge_body(base.clone(), formats.clone())),
        (3, bad_auth(base.clone(), formats.clone())),
        (2, unknown_path(base.clone(), formats.clone())),
        (2, wrong_method(base.clone(), formats.clone())),
    ];
    if formats.contains(&Format::Json) {
        arms.push((3, malformed_json(base.clone())));
    }
    if formats.contains(&Format::Xml) {
        arms.push((2, malformed_xml(base.clone())));
        arms.push((2, wrong_xml_root(base.clone())));
        arms.push((3, xml_out_of_order(base.clone())));
        arms.push((3, xml_wrong_namespace(base.clone())));
        arms.push((2, xml_empty_numeric(base.clone())));
    }
    let pairs = k.cross_operator_pairs();
    if !pairs.is_empty() {
        arms.push((3, cross_operator(base, pairs, formats)));
    }
    (Union::new_weighted(arms), negotiation_headers()).prop_map(|(mut case, headers)| {
        case.headers.extend(headers);
        case
    })
}
