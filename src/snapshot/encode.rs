//! From a case to the exact HTTP requests it sends: one exchange per (request format, Accept
//! variant). Member requests are encoded here with only the members the case gives, in contract
//! order, so every format carries the same data (wire rules §1.2 for XML order, §5 for forms).

use super::case::{Accept, Auth, Case, CaseValue, Member, Payload};
use crate::codec::Format;
use crate::contract::{XSI_NAMESPACE, contract};
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
    let mut out = String::from("{");
    for (i, member) in members.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&json_string(&member.name));
        out.push(':');
        match &member.value {
            CaseValue::Null => out.push_str("null"),
            CaseValue::Integer(n) => out.push_str(&n.to_string()),
            CaseValue::Text(text) => out.push_str(&json_string(text)),
        }
    }
    out.push('}');
    out
}

/// A JSON string literal (serde_json's escaping; non-ASCII kept as is).
pub(crate) fn json_string(text: &str) -> String {
    serde_json::Value::String(text.to_owned()).to_string()
}

/// DataContractSerializer's layout: members in XML order, each in its declaring class's namespace.
fn xml(members: &[Member]) -> String {
    let schema = contract().request();
    let mut out = format!(
        "<{} xmlns:i=\"{XSI_NAMESPACE}\" xmlns=\"{}\">",
        schema.name, schema.namespace
    );
    for (_, field) in schema.xml_fields() {
        let Some(member) = members.iter().find(|m| m.name == field.name) else {
            continue;
        };
        out.push('<');
        out.push_str(&field.name);
        if field.namespace != schema.namespace {
            out.push_str(&format!(" xmlns=\"{}\"", field.namespace));
        }
        match &member.value {
            CaseValue::Null => out.push_str(" i:nil=\"true\"/>"),
            CaseValue::Integer(n) => out.push_str(&format!(">{n}</{}>", field.name)),
            CaseValue::Text(text) => {
                out.push('>');
                out.push_str(&xml_escape(text));
                out.push_str(&format!("</{}>", field.name));
            }
        }
    }
    out.push_str(&format!("</{}>", schema.name));
    out
}

fn xml_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// `Key=value` pairs; a null is an empty value (which binds to null, wire rules §5). Everything
/// but unreserved characters is percent-encoded, so `+` in an offset travels as `%2B`.
fn form(members: &[Member]) -> String {
    let pairs: Vec<String> = members
        .iter()
        .map(|member| {
            let value = match &member.value {
                CaseValue::Null => String::new(),
                CaseValue::Integer(n) => n.to_string(),
                CaseValue::Text(text) => percent_encode(text),
            };
            format!("{}={value}", percent_encode(&member.name))
        })
        .collect();
    pairs.join("&")
}

fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
