//! Request bodies composed member by member, for requests the codecs would never write:
//! partial (only the members a case gives), reordered, with members in the wrong namespace,
//! hostile. The checker's hostile cases and the snapshot corpus both build theirs here, so there
//! is one writer of hand-made XML, JSON and form bodies.

use crate::contract::{XSI_NAMESPACE, contract};
use crate::model::{Record, Request, ValueRef};
pub(crate) use crate::wire::json_string;
use std::borrow::Cow;

/// A form value or key percent-encoded as `application/x-www-form-urlencoded` (a space as `+`;
/// `UrlDecode` on the server reverses it exactly).
pub(crate) fn form_encode(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes()).collect()
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
                text @ (ValueRef::DateTime(_) | ValueRef::Str(_)) => {
                    json_string(&text.text().unwrap_or_default())
                }
                number => number.text().unwrap_or_default().into_owned(),
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
            let text = request.field(i).text().map(Cow::into_owned);
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
