//! Hostile requests: wrong types, overflow, malformed JSON and XML, wrong XML roots,
//! namespaces and order, empty numeric elements, unknown content types, missing and huge
//! bodies, missing or bad auth, unknown paths and methods, and another operator's clients.
//!
//! The generator does not decide what the server must answer: the runner binds every body with
//! the project's codecs (`codec::bind`) and predicts the situation from what binding yields.

use super::body::{
    XmlElement, json_members, json_object, request_root, xml_document, xml_elements,
};
use super::valid::{negotiation_headers, valid_request};
use super::{AuthVariant, Case, CaseLabel, Knowledge, Payload};
use crate::checker::Body;
use crate::codec::Format;
use crate::contract::{ClrType, contract};
use crate::model::Request;
use proptest::prelude::*;
use proptest::sample::{Index, select};
use proptest::strategy::Union;
use std::sync::Arc;

/// Size of the huge bodies, bytes: far above a real request (< 1 KiB), below the 1 MiB a
/// server commonly caps bodies at (the mock answers 413 above that, IIS above 30 MB).
pub const HUGE_BODY_BYTES: usize = 300 * 1024;

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

/// Content types no formatter reads.
const UNKNOWN_CONTENT_TYPES: &[Option<&str>] = &[
    Some("text/plain"),
    Some("application/octet-stream"),
    Some("application/vnd.api+json"),
    Some("application/merge-patch+json"),
    Some("multipart/form-data; boundary=x"),
    Some("application/x-json"),
    None,
];

/// Content types for empty bodies (each reader, and none).
const EMPTY_BODY_CONTENT_TYPES: &[Option<&str>] = &[
    Some("application/json"),
    Some("application/xml"),
    Some("application/x-www-form-urlencoded"),
    Some("text/plain"),
    None,
];

/// Authorization values that carry no usable bearer token.
const BAD_AUTH: &[&str] = &[
    "Bearer",
    "Bearer    ",
    "Basic dXNlcjpwYXNzd29yZA==",
    "Token abc",
    "",
];

/// Paths under `/api/` that name no action.
const UNKNOWN_PATHS: &[&str] = &[
    "/api/client/ClientFavoriteDataInfoX",
    "/api/client/Nope",
    "/api/client/ClientFavoriteDataInfo/extra",
    "/api/clients/ClientFavoriteDataInfo",
    "/api/",
];

/// Methods the action does not allow.
const WRONG_METHODS: &[&str] = &["GET", "PUT", "DELETE", "PATCH"];

fn json_content_type() -> Option<&'static str> {
    Some("application/json")
}

fn raw(label: CaseLabel, content_type: Option<&str>, body: String, format: Option<Format>) -> Case {
    Case::post(
        label,
        content_type,
        Payload::Raw {
            body: Body::Text(body),
            format,
        },
    )
}

fn content_type_of(format: Format) -> &'static str {
    match format {
        Format::Json => "application/json",
        Format::Xml => "application/xml",
        Format::Form => "application/x-www-form-urlencoded",
    }
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
            pairs.push(format!("{name}={}", form_escape(value)));
            text = pairs.join("&");
            text
        }
    }
}

fn form_escape(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                char::from(b).to_string()
            }
            b' ' => "+".to_owned(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn wrong_type(base: BoxedStrategy<Request>, formats: Vec<Format>) -> BoxedStrategy<Case> {
    (base, select(formats), any::<Index>(), any::<Index>())
        .prop_map(|(request, format, field, value)| {
            let text = match format {
                Format::Json => *value.get(WRONG_JSON_VALUES),
                Format::Xml | Format::Form => *value.get(WRONG_TEXT_VALUES),
            };
            let body = with_member(&request, format, field.index(usize::MAX), text);
            raw(
                CaseLabel::WrongType,
                Some(content_type_of(format)),
                body,
                Some(format),
            )
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
            raw(
                CaseLabel::Overflow,
                Some(content_type_of(format)),
                body,
                Some(format),
            )
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
fn cut_at(text: &str, at: Index) -> String {
    let mut end = at.index(text.len().max(1));
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text[..end].to_owned()
}

fn xml_valid(request: &Request) -> String {
    let (root, ns) = request_root();
    xml_document(root, Some(ns), &xml_elements(request))
}

fn malformed_xml(base: BoxedStrategy<Request>) -> BoxedStrategy<Case> {
    (base, 0usize..7, any::<Index>())
        .prop_map(|(request, variant, cut)| {
            let valid = xml_valid(&request);
            let body = match variant {
                0 => cut_at(&valid, cut),
                1 => format!("<!DOCTYPE r [<!ENTITY e \"v\">]>{valid}"),
                2 => format!("{valid}<extra/>"),
                3 => valid.replacen("</", "<", 1),
                4 => valid.replacen('>', ">&undefined;", 1),
                5 => format!("<?xml version=\"1.0\" encoding=\"utf-8\"?>{valid}"),
                _ => format!("{valid}garbage"),
            };
            raw(
                CaseLabel::MalformedXml,
                Some("application/xml"),
                body,
                Some(Format::Xml),
            )
        })
        .boxed()
}

fn wrong_xml_root(base: BoxedStrategy<Request>) -> BoxedStrategy<Case> {
    (base, 0usize..4)
        .prop_map(|(request, variant)| {
            let (root, ns) = request_root();
            let elements = xml_elements(&request);
            let response_ns = contract().response().namespace.clone();
            let body = match variant {
                0 => xml_document(root, None, &elements),
                1 => xml_document(&format!("{root}X"), Some(ns), &elements),
                2 => xml_document(root, Some(&response_ns), &elements),
                _ => xml_document(&root.to_ascii_lowercase(), Some(ns), &elements),
            };
            raw(
                CaseLabel::WrongXmlRoot,
                Some("application/xml"),
                body,
                Some(Format::Xml),
            )
        })
        .boxed()
}

fn xml_out_of_order(base: BoxedStrategy<Request>) -> BoxedStrategy<Case> {
    (base, 0usize..3, any::<Index>(), any::<Index>())
        .prop_map(|(request, variant, a, b)| {
            let (root, ns) = request_root();
            let mut elements = xml_elements(&request);
            match variant {
                0 => elements.reverse(),
                1 => {
                    let n = elements.len();
                    elements.swap(a.index(n), b.index(n));
                }
                _ => {
                    let first = elements.remove(a.index(elements.len()));
                    elements.push(first);
                }
            }
            raw(
                CaseLabel::XmlOutOfOrder,
                Some("application/xml"),
                xml_document(root, Some(ns), &elements),
                Some(Format::Xml),
            )
        })
        .boxed()
}

fn xml_wrong_namespace(base: BoxedStrategy<Request>) -> BoxedStrategy<Case> {
    (base, 0usize..3, any::<Index>())
        .prop_map(|(request, variant, which)| {
            let (root, ns) = request_root();
            let mut elements = xml_elements(&request);
            match variant {
                // Base-class members sent in the request's namespace (the common mistake).
                0 => elements
                    .iter_mut()
                    .for_each(|e| e.namespace = ns.to_owned()),
                1 => {
                    let i = which.index(elements.len());
                    elements[i].namespace = "http://example.com/other".to_owned();
                }
                _ => elements
                    .iter_mut()
                    .for_each(|e| e.namespace = String::new()),
            }
            let body = if variant == 2 {
                no_namespace_document(root, ns, &elements)
            } else {
                xml_document(root, Some(ns), &elements)
            };
            raw(
                CaseLabel::XmlWrongNamespace,
                Some("application/xml"),
                body,
                Some(Format::Xml),
            )
        })
        .boxed()
}

/// Members in no namespace under a namespaced root (each resets `xmlns=""`).
fn no_namespace_document(root: &str, ns: &str, elements: &[XmlElement]) -> String {
    let mut inner = String::new();
    for e in elements {
        match &e.text {
            None => inner.push_str(&format!("<{} xmlns=\"\" i:nil=\"true\"/>", e.name)),
            Some(t) => inner.push_str(&format!(
                "<{0} xmlns=\"\">{1}</{0}>",
                e.name,
                quick_xml::escape::escape(t.as_str())
            )),
        }
    }
    format!(
        "<{root} xmlns:i=\"{}\" xmlns=\"{ns}\">{inner}</{root}>",
        crate::contract::XSI_NAMESPACE
    )
}

fn xml_empty_numeric(base: BoxedStrategy<Request>) -> BoxedStrategy<Case> {
    (base, any::<Index>(), 0usize..3)
        .prop_map(|(request, which, variant)| {
            let (root, ns) = request_root();
            let schema = contract().request();
            let mut elements = xml_elements(&request);
            let numeric: Vec<usize> = schema
                .xml_fields()
                .enumerate()
                .filter(|(_, (_, f))| f.ty.int_range().is_some())
                .map(|(pos, _)| pos)
                .collect();
            let pos = numeric[which.index(numeric.len())];
            elements[pos].text = match variant {
                0 | 1 => Some(String::new()),
                _ => None,
            };
            let mut body = xml_document(root, Some(ns), &elements);
            if variant == 1 {
                // `<X></X>` and `<X/>` are the same to a reader; send the short form too.
                let name = &elements[pos].name;
                body = body.replacen(&format!("<{name}></{name}>"), &format!("<{name}/>"), 1);
            }
            raw(
                CaseLabel::XmlEmptyNumeric,
                Some("application/xml"),
                body,
                Some(Format::Xml),
            )
        })
        .boxed()
}

fn unknown_content_type(base: BoxedStrategy<Request>) -> BoxedStrategy<Case> {
    (base, select(UNKNOWN_CONTENT_TYPES))
        .prop_map(|(request, ct)| {
            raw(
                CaseLabel::UnknownContentType,
                ct,
                json_object(&json_members(&request)),
                None,
            )
        })
        .boxed()
}

fn missing_body() -> BoxedStrategy<Case> {
    select(EMPTY_BODY_CONTENT_TYPES)
        .prop_map(|ct| raw(CaseLabel::MissingBody, ct, String::new(), None))
        .boxed()
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
                        .map(|(n, v)| format!("{pad}{}:{v}", super::body::json_string(n)))
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
            raw(
                CaseLabel::HugeBody,
                Some(content_type_of(format)),
                body,
                Some(format),
            )
        })
        .boxed()
}

fn encoded(request: Request, format: Format, label: CaseLabel) -> Case {
    Case::post(
        label,
        Some(content_type_of(format)),
        Payload::Encoded {
            request,
            format,
            style: super::EncodeStyle::Canonical,
        },
    )
}

fn bad_auth(base: BoxedStrategy<Request>, formats: Vec<Format>) -> BoxedStrategy<Case> {
    (
        base,
        select(formats),
        proptest::option::of(select(BAD_AUTH)),
    )
        .prop_map(|(request, format, value)| match value {
            None => {
                let mut case = encoded(request, format, CaseLabel::MissingAuth);
                case.auth = AuthVariant::Missing;
                case
            }
            Some(v) => {
                let mut case = encoded(request, format, CaseLabel::BadAuth);
                case.auth = AuthVariant::Header(v.to_owned());
                case
            }
        })
        .boxed()
}

fn unknown_path(base: BoxedStrategy<Request>, formats: Vec<Format>) -> BoxedStrategy<Case> {
    (base, select(formats), select(UNKNOWN_PATHS))
        .prop_map(|(request, format, path)| {
            let mut case = encoded(request, format, CaseLabel::UnknownPath);
            path.clone_into(&mut case.path);
            case
        })
        .boxed()
}

fn wrong_method(base: BoxedStrategy<Request>, formats: Vec<Format>) -> BoxedStrategy<Case> {
    (
        base,
        select(formats),
        select(WRONG_METHODS),
        proptest::bool::ANY,
    )
        .prop_map(|(request, format, method, with_body)| {
            let mut case = encoded(request, format, CaseLabel::WrongMethod);
            method.clone_into(&mut case.method);
            if !with_body {
                case.payload = Payload::Raw {
                    body: Body::Text(String::new()),
                    format: None,
                };
                case.headers.clear();
            }
            case
        })
        .boxed()
}

fn cross_operator(
    base: BoxedStrategy<Request>,
    pairs: Vec<(i32, i16)>,
    formats: Vec<Format>,
) -> BoxedStrategy<Case> {
    (base, select(pairs), select(formats))
        .prop_map(|(mut request, (client, operator), format)| {
            request.client = client;
            request.operator = operator;
            // Keys of the home operator would fail earlier checks (4, 5) and hide the leak.
            request.token = None;
            request.site_code = None;
            request.client_favorite_id = None;
            encoded(request, format, CaseLabel::CrossOperator)
        })
        .boxed()
}

/// A hostile request. `formats` (not empty) limits the format-specific kinds: XML cases only
/// when XML is enabled, and so on; the HTTP-level kinds use any enabled format.
pub fn hostile_case(
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
