//! From a case to the exact HTTP requests it sends: one exchange per (request format, Accept
//! variant). Member requests are encoded here with only the members the case gives, in contract
//! order, so every format carries the same data (contracts/reference/wire.md#xml-member-order for XML order,
//! contracts/reference/wire.md#form-binding for forms).

use super::case::{Accept, Auth, Case, CaseValue, Member, Payload};
use crate::codec::Format;
use crate::compose::{XmlElement, form_encode, json_object, json_string, xml_document};
use crate::contract::contract;
use crate::exchange::{HttpRequest, RequestBody};

/// What the request body of an exchange is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Input {
    /// The case's members encoded in this format.
    Format(Format),
    /// The case's raw body.
    Raw,
}

impl Input {
    /// The id used in labels (`json`, `xml`, `form`, `raw`).
    pub fn id(self) -> &'static str {
        match self {
            Input::Format(format) => format.id(),
            Input::Raw => "raw",
        }
    }
}

/// One request of a case.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Exchange {
    /// `json → xml`: the request format and the Accept variant; unique within the case.
    pub label: String,
    /// The request format.
    pub input: Input,
    /// The Accept variant.
    pub accept: Accept,
    /// The request as the case defines it (without the target's credentials).
    pub request: HttpRequest,
    /// Whether the target's credentials are added when sending.
    pub target_auth: bool,
}

/// The label of an exchange: `<request format> → <Accept variant>`.
pub fn label(input: Input, accept: Accept) -> String {
    format!("{} → {}", input.id(), accept.id())
}

/// One request body of a case: its format, bytes, Content-Type and meant format.
struct Sent {
    input: Input,
    body: String,
    content_type: Option<String>,
    format: Option<Format>,
}

/// Every exchange of a case, request formats outer, Accept variants inner.
pub fn exchanges(case: &Case) -> Vec<Exchange> {
    let sent: Vec<Sent> = match &case.payload {
        Payload::Members(members) => case
            .formats
            .iter()
            .map(|&format| Sent {
                input: Input::Format(format),
                body: encode(members, format),
                content_type: Some(format.content_type().to_owned()),
                format: Some(format),
            })
            .collect(),
        Payload::Raw { body, content_type } => vec![Sent {
            input: Input::Raw,
            body: body.clone(),
            content_type: content_type.clone(),
            format: None,
        }],
    };
    let mut out = Vec::with_capacity(sent.len() * case.accept.len());
    for body in &sent {
        for &accept in &case.accept {
            out.push(exchange(case, body, accept));
        }
    }
    out
}

fn exchange(case: &Case, sent: &Sent, accept: Accept) -> Exchange {
    let mut headers = Vec::new();
    if let Some(value) = &sent.content_type {
        headers.push(("Content-Type".to_owned(), value.clone()));
    }
    if let Some(value) = accept.header() {
        headers.push(("Accept".to_owned(), value.to_owned()));
    }
    if let Auth::Header(value) = &case.auth {
        headers.push(("Authorization".to_owned(), value.clone()));
    }
    headers.extend(case.headers.iter().cloned());
    // An empty body is a body of length 0, sent as browsers and .NET's HttpClient send it; a
    // POST/PUT without any length never reaches Web API on IIS (HTTP.sys answers 411).
    if sent.body.is_empty() && matches!(case.method.as_str(), "POST" | "PUT" | "PATCH") {
        headers.push(("Content-Length".to_owned(), "0".to_owned()));
    }
    Exchange {
        label: label(sent.input, accept),
        input: sent.input,
        accept,
        request: HttpRequest {
            method: case.method.clone(),
            path: case.path.clone(),
            headers,
            body: RequestBody::Text(sent.body.clone()),
            format: sent.format,
        },
        target_auth: case.auth == Auth::Target,
    }
}

/// Encode members in a request format (members are in contract order already).
pub fn encode(members: &[Member], format: Format) -> String {
    match format {
        Format::Json => json(members),
        Format::Xml => xml(members),
        Format::Form => form(members),
    }
}

fn json(members: &[Member]) -> String {
    let raw: Vec<(String, String)> = members
        .iter()
        .map(|member| {
            let value = match &member.value {
                CaseValue::Null => "null".to_owned(),
                CaseValue::Integer(n) => n.to_string(),
                CaseValue::Text(text) => json_string(text),
            };
            (member.name.clone(), value)
        })
        .collect();
    json_object(&raw)
}

/// DataContractSerializer's layout: members in XML order, each in its declaring class's namespace.
fn xml(members: &[Member]) -> String {
    let schema = contract().request();
    let elements: Vec<XmlElement> = schema
        .xml_fields()
        .filter_map(|(_, field)| {
            let member = members.iter().find(|m| m.name == field.name)?;
            Some(XmlElement {
                name: field.name.clone(),
                namespace: field.namespace.clone(),
                text: match &member.value {
                    CaseValue::Null => None,
                    CaseValue::Integer(n) => Some(n.to_string()),
                    CaseValue::Text(text) => Some(text.clone()),
                },
            })
        })
        .collect();
    xml_document(&schema.name, Some(&schema.namespace), &elements)
}

/// `Key=value` pairs; a null is an empty value (which binds to null,
/// contracts/reference/wire.md#form-binding). Values are form-encoded, so `+` in an offset
/// travels as `%2B`; a space travels as `%20` (both decode to a space), the form recorded
/// snapshots pin.
fn form(members: &[Member]) -> String {
    let encode = |text: &str| form_encode(text).replace('+', "%20");
    let pairs: Vec<String> = members
        .iter()
        .map(|member| {
            let value = match &member.value {
                CaseValue::Null => String::new(),
                CaseValue::Integer(n) => n.to_string(),
                CaseValue::Text(text) => encode(text),
            };
            format!("{}={value}", encode(&member.name))
        })
        .collect();
    pairs.join("&")
}
