//! Writing request bodies: valid ones through the codecs, and the member-level pieces the
//! hostile generator rearranges (JSON members as raw text, XML elements with their namespace).

use super::EncodeStyle;
use crate::codec::{Format, form, json, xml};
use crate::contract::{XSI_NAMESPACE, contract};
use crate::model::{Record, Request, ValueRef};

/// Write a request as a client of `format` would, through the project's codecs.
pub(crate) fn encode(request: &Request, format: Format, style: EncodeStyle) -> String {
    match format {
        Format::Json => {
            let mut out = Vec::new();
            json::write(request, &mut out);
            let text = String::from_utf8_lossy(&out).into_owned();
            match style {
                EncodeStyle::Canonical => text,
                EncodeStyle::LowerCaseNames => lower_case_json_names(request),
            }
        }
        Format::Xml => {
            let mut out = Vec::new();
            xml::write(request, &mut out);
            String::from_utf8_lossy(&out).into_owned()
        }
        Format::Form => {
            let text = form::encode_request(request);
            match style {
                EncodeStyle::Canonical => text,
                EncodeStyle::LowerCaseNames => lower_case_form_keys(&text),
            }
        }
    }
}

fn lower_case_json_names(request: &Request) -> String {
    let members: Vec<(String, String)> = json_members(request)
        .into_iter()
        .map(|(name, value)| (name.to_ascii_lowercase(), value))
        .collect();
    json_object(&members)
}

fn lower_case_form_keys(text: &str) -> String {
    text.split('&')
        .map(|pair| match pair.split_once('=') {
            Some((k, v)) => format!("{}={v}", k.to_ascii_lowercase()),
            None => pair.to_ascii_lowercase(),
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// A JSON string literal.
pub(crate) fn json_string(text: &str) -> String {
    serde_json::Value::String(text.to_owned()).to_string()
}

/// The request's members as `(name, raw JSON value)` in contract order, nulls included.
pub(crate) fn json_members(request: &Request) -> Vec<(String, String)> {
    let schema = request.schema();
    schema
        .fields
        .iter()
        .enumerate()
        .map(|(i, field)| {
            let value = match request.field(i) {
                ValueRef::Null | ValueRef::Rows(_) => "null".to_owned(),
                ValueRef::Int(v) => v.to_string(),
                ValueRef::Bool(v) => v.to_string(),
                ValueRef::Decimal(v) => v.to_string(),
                ValueRef::DateTime(v) => json_string(&v.to_wire()),
                ValueRef::Str(v) => json_string(v),
            };
            (field.name.clone(), value)
        })
        .collect()
}

/// `{"a":1,"b":null}` from raw members.
pub(crate) fn json_object(members: &[(String, String)]) -> String {
    let inner: Vec<String> = members
        .iter()
        .map(|(name, value)| format!("{}:{value}", json_string(name)))
        .collect();
    format!("{{{}}}", inner.join(","))
}

/// One XML member element: name, namespace, and text (`None` = `i:nil="true"`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct XmlElement {
    /// Local name.
    pub name: String,
    /// Namespace URI.
    pub namespace: String,
    /// Text content; `None` writes `i:nil="true"`.
    pub text: Option<String>,
}

/// The request's members as XML elements in DataContract order.
pub(crate) fn xml_elements(request: &Request) -> Vec<XmlElement> {
    let schema = request.schema();
    schema
        .xml_fields()
        .map(|(i, field)| {
            let text = match request.field(i) {
                ValueRef::Null | ValueRef::Rows(_) => None,
                ValueRef::Int(v) => Some(v.to_string()),
                ValueRef::Bool(v) => Some(v.to_string()),
                ValueRef::Decimal(v) => Some(v.to_string()),
                ValueRef::DateTime(v) => Some(v.to_wire()),
                ValueRef::Str(v) => Some(v.to_owned()),
            };
            XmlElement {
                name: field.name.clone(),
                namespace: field.namespace.clone(),
                text,
            }
        })
        .collect()
}

/// Write a request document: `root` in `root_ns` (`None`: no default namespace) with the given
/// members; a member in another namespace than the root's declares its own.
pub(crate) fn xml_document(root: &str, root_ns: Option<&str>, elements: &[XmlElement]) -> String {
    let mut out = format!("<{root} xmlns:i=\"{XSI_NAMESPACE}\"");
    if let Some(ns) = root_ns {
        out.push_str(&format!(" xmlns=\"{ns}\""));
    }
    out.push('>');
    for e in elements {
        out.push('<');
        out.push_str(&e.name);
        if root_ns != Some(e.namespace.as_str()) {
            out.push_str(&format!(" xmlns=\"{}\"", e.namespace));
        }
        match &e.text {
            None => out.push_str(" i:nil=\"true\"/>"),
            Some(text) => {
                out.push('>');
                out.push_str(&quick_xml::escape::escape(text.as_str()));
                out.push_str(&format!("</{}>", e.name));
            }
        }
    }
    out.push_str(&format!("</{root}>"));
    out
}

/// The request type's root name and namespace.
pub(crate) fn request_root() -> (&'static str, &'static str) {
    let schema = contract().request();
    (schema.name.as_str(), schema.namespace.as_str())
}
