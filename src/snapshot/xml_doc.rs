//! XML bodies in snapshots, in a canonical form: names resolved to namespace URIs (prefixes do
//! not matter), line ends normalised to `\n`, whitespace between elements dropped, `<X/>` the
//! same as `<X></X>`, attributes sorted. Element order is KEPT: DataContractSerializer order is
//! part of the contract (contracts/reference/wire.md#xml-member-order), so a reordering shows up as a difference.

use crate::contract::XSI_NAMESPACE;
use crate::wire::xml::{self as xml_tree, Dialect, XmlError};

pub(crate) use crate::wire::xml::{Attr, Element, XmlNode};

/// The namespace of the `xml:` prefix, which is never declared.
const XML_NAMESPACE: &str = "http://www.w3.org/XML/1998/namespace";

/// Parse a document into its canonical root element: a leaf holds at most one non-empty text
/// (verbatim); an element with element children holds only trimmed, non-empty texts besides
/// them; attributes are normalised and sorted.
pub(crate) fn parse(text: &str) -> Result<Element, XmlError> {
    let mut root = xml_tree::parse(text, Dialect::Canonical)?;
    canonicalize(&mut root);
    Ok(root)
}

fn canonicalize(element: &mut Element) {
    element.attrs.sort();
    if element.is_leaf() {
        let text = element.text().into_owned();
        element.children = if text.is_empty() {
            Vec::new()
        } else {
            vec![XmlNode::Text(text)]
        };
        return;
    }
    element.children.retain_mut(|c| match c {
        XmlNode::Text(t) => {
            *t = t.trim().to_owned();
            !t.is_empty()
        }
        XmlNode::Element(e) => {
            canonicalize(e);
            true
        }
    });
}

/// The canonical pretty form: two-space indentation; `xmlns="…"` wherever the namespace
/// changes; attribute namespaces get fixed prefixes declared on the root (`i` for
/// XMLSchema-instance, then `n1`, `n2`…); leaf text on the element's line, with line breaks
/// and other control characters as character references so each element stays on one line.
pub(crate) fn pretty(root: &Element) -> String {
    let mut prefixes: Vec<(String, String)> = Vec::new();
    collect_prefixes(root, &mut prefixes);
    let mut out = String::new();
    write(root, 0, None, &prefixes, &mut out);
    out.pop(); // the last newline
    out
}

fn collect_prefixes(element: &Element, prefixes: &mut Vec<(String, String)>) {
    for attr in &element.attrs {
        if let Some(ns) = &attr.namespace
            && ns != XML_NAMESPACE
            && !prefixes.iter().any(|(uri, _)| uri == ns)
        {
            let prefix = if ns == XSI_NAMESPACE {
                "i".to_owned()
            } else {
                format!("n{}", prefixes.iter().filter(|(_, p)| p != "i").count() + 1)
            };
            prefixes.push((ns.clone(), prefix));
        }
    }
    for child in element.elements() {
        collect_prefixes(child, prefixes);
    }
}

fn write(
    element: &Element,
    depth: usize,
    parent_ns: Option<&str>,
    prefixes: &[(String, String)],
    out: &mut String,
) {
    let indent = "  ".repeat(depth);
    out.push_str(&indent);
    out.push('<');
    out.push_str(&element.local);
    if depth == 0 {
        if let Some(ns) = &element.namespace {
            out.push_str(&format!(" xmlns=\"{}\"", escape_attr(ns)));
        }
        for (uri, prefix) in prefixes {
            out.push_str(&format!(" xmlns:{prefix}=\"{}\"", escape_attr(uri)));
        }
    } else if element.namespace.as_deref() != parent_ns {
        let ns = element.namespace.as_deref().unwrap_or("");
        out.push_str(&format!(" xmlns=\"{}\"", escape_attr(ns)));
    }
    for attr in &element.attrs {
        out.push(' ');
        match attr.namespace.as_deref() {
            Some(XML_NAMESPACE) => out.push_str("xml:"),
            Some(ns) => {
                if let Some((_, prefix)) = prefixes.iter().find(|(uri, _)| uri == ns) {
                    out.push_str(prefix);
                    out.push(':');
                }
            }
            None => {}
        }
        out.push_str(&format!("{}=\"{}\"", attr.local, escape_attr(&attr.value)));
    }
    if element.children.is_empty() {
        out.push_str(" />\n");
        return;
    }
    if element.is_leaf() {
        out.push('>');
        out.push_str(&escape_text(&element.text()));
        out.push_str(&format!("</{}>\n", element.local));
        return;
    }
    out.push_str(">\n");
    for child in &element.children {
        match child {
            XmlNode::Element(e) => write(e, depth + 1, element.namespace.as_deref(), prefixes, out),
            XmlNode::Text(t) => {
                out.push_str(&"  ".repeat(depth + 1));
                out.push_str(&escape_text(t));
                out.push('\n');
            }
        }
    }
    out.push_str(&indent);
    out.push_str(&format!("</{}>\n", element.local));
}

fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c if c.is_control() => out.push_str(&format!("&#x{:X};", u32::from(c))),
            c => out.push(c),
        }
    }
    out
}

fn escape_attr(text: &str) -> String {
    escape_text(text).replace('"', "&quot;")
}
