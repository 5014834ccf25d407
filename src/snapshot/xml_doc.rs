//! XML bodies in snapshots, in a canonical form: names resolved to namespace URIs (prefixes do
//! not matter), line ends normalised to `\n`, whitespace between elements dropped, `<X/>` the
//! same as `<X></X>`, attributes sorted. Element order is KEPT: DataContractSerializer order is
//! part of the contract (wire rules §1.2), so a reordering shows up as a difference.

use crate::codec::MAX_DEPTH;
use crate::contract::XSI_NAMESPACE;
use quick_xml::escape::resolve_xml_entity;
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::{Namespace, ResolveResult};
use quick_xml::reader::NsReader;

/// The namespace of the `xml:` prefix, which is never declared.
const XML_NAMESPACE: &str = "http://www.w3.org/XML/1998/namespace";

/// An attribute, namespace resolved.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Attr {
    pub(crate) ns: Option<String>,
    pub(crate) local: String,
    pub(crate) value: String,
}

/// A child of an element.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum XmlNode {
    Element(Element),
    Text(String),
}

/// An element in canonical form. A leaf holds at most one non-empty text (verbatim); an element
/// with element children holds only trimmed, non-empty texts besides them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Element {
    pub(crate) ns: Option<String>,
    pub(crate) local: String,
    pub(crate) attrs: Vec<Attr>,
    pub(crate) children: Vec<XmlNode>,
}

impl Element {
    /// The child elements.
    pub(crate) fn elements(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(|c| match c {
            XmlNode::Element(e) => Some(e),
            XmlNode::Text(_) => None,
        })
    }

    /// Whether the element has no child elements.
    pub(crate) fn is_leaf(&self) -> bool {
        self.elements().next().is_none()
    }

    /// The text of the element (all text children joined).
    pub(crate) fn text(&self) -> String {
        self.children
            .iter()
            .filter_map(|c| match c {
                XmlNode::Text(t) => Some(t.as_str()),
                XmlNode::Element(_) => None,
            })
            .collect()
    }
}

/// Why a body is not XML (it is then stored as text).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct NotXml {
    pub(crate) offset: u64,
    pub(crate) message: String,
}

fn not_xml(offset: u64, message: impl Into<String>) -> NotXml {
    NotXml {
        offset,
        message: message.into(),
    }
}

fn resolved(result: ResolveResult<'_>) -> Result<Option<String>, String> {
    match result {
        ResolveResult::Bound(Namespace(ns)) => Ok(Some(ns.to_owned())),
        ResolveResult::Unbound => Ok(None),
        ResolveResult::Unknown(prefix) => Err(prefix),
    }
}

/// Parse a document into its canonical root element.
pub(crate) fn parse(text: &str) -> Result<Element, NotXml> {
    let mut reader = NsReader::from_str(text);
    let mut stack: Vec<Element> = Vec::new();
    let mut root: Option<Element> = None;
    loop {
        let offset = reader.buffer_position();
        let (ns, event) = reader
            .read_resolved_event()
            .map(|(ns, ev)| (resolved(ns), ev))
            .map_err(|e| not_xml(reader.error_position(), e.to_string()))?;
        match event {
            Event::Start(start) | Event::Empty(start)
                if root.is_some() || stack.len() >= MAX_DEPTH =>
            {
                let _ = start;
                return Err(not_xml(
                    offset,
                    "a second root element or nesting beyond 256",
                ));
            }
            Event::Start(start) => stack.push(open(&reader, &start, ns, offset)?),
            Event::Empty(start) => {
                let element = open(&reader, &start, ns, offset)?;
                close(&mut stack, &mut root, element);
            }
            Event::End(_) => match stack.pop() {
                Some(element) => close(&mut stack, &mut root, element),
                None => return Err(not_xml(offset, "an end tag without a start tag")),
            },
            Event::Text(t) => push_text(&mut stack, &t.xml10_content(), offset)?,
            Event::CData(c) => push_text(&mut stack, &c.xml10_content(), offset)?,
            Event::GeneralRef(r) => {
                let text = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    Ok(None) => match resolve_xml_entity(&r) {
                        Some(s) => s.to_owned(),
                        None => return Err(not_xml(offset, "an undeclared entity")),
                    },
                    Err(e) => return Err(not_xml(offset, e.to_string())),
                };
                push_text(&mut stack, &text, offset)?;
            }
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) | Event::DocType(_) => {}
            Event::Eof => {
                return match (stack.is_empty(), root) {
                    (true, Some(root)) => Ok(root),
                    (false, _) => Err(not_xml(offset, "end of input inside an element")),
                    (true, None) => Err(not_xml(offset, "no root element")),
                };
            }
        }
    }
}

fn push_text(stack: &mut [Element], text: &str, offset: u64) -> Result<(), NotXml> {
    match stack.last_mut() {
        Some(element) => {
            match element.children.last_mut() {
                Some(XmlNode::Text(previous)) => previous.push_str(text),
                _ => element.children.push(XmlNode::Text(text.to_owned())),
            }
            Ok(())
        }
        None if text.trim().is_empty() => Ok(()),
        None => Err(not_xml(offset, "text outside the root element")),
    }
}

/// Canonicalise a finished element and attach it to its parent (or make it the root).
fn close(stack: &mut [Element], root: &mut Option<Element>, mut element: Element) {
    if element.is_leaf() {
        let text = element.text();
        element.children = if text.is_empty() {
            Vec::new()
        } else {
            vec![XmlNode::Text(text)]
        };
    } else {
        element.children.retain_mut(|c| match c {
            XmlNode::Text(t) => {
                *t = t.trim().to_owned();
                !t.is_empty()
            }
            XmlNode::Element(_) => true,
        });
    }
    match stack.last_mut() {
        Some(parent) => parent.children.push(XmlNode::Element(element)),
        None => *root = Some(element),
    }
}

fn open(
    reader: &NsReader<&[u8]>,
    start: &BytesStart<'_>,
    ns: Result<Option<String>, String>,
    offset: u64,
) -> Result<Element, NotXml> {
    let local = start.local_name().as_ref().to_owned();
    let ns = ns.map_err(|prefix| not_xml(offset, format!("undeclared prefix `{prefix}`")))?;
    let mut attrs = Vec::new();
    for attr in start.attributes() {
        let attr = attr.map_err(|e| not_xml(offset, e.to_string()))?;
        let key = attr.key.as_ref();
        if key == "xmlns" || key.starts_with("xmlns:") {
            continue;
        }
        let (attr_ns, attr_local) = reader.resolver().resolve_attribute(attr.key);
        let attr_ns = resolved(attr_ns)
            .map_err(|prefix| not_xml(offset, format!("undeclared prefix `{prefix}`")))?;
        let value = attr
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map_err(|e| not_xml(offset, e.to_string()))?
            .into_owned();
        attrs.push(Attr {
            ns: attr_ns,
            local: attr_local.as_ref().to_owned(),
            value,
        });
    }
    attrs.sort();
    Ok(Element {
        ns,
        local,
        attrs,
        children: Vec::new(),
    })
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
        if let Some(ns) = &attr.ns {
            if ns != XML_NAMESPACE && !prefixes.iter().any(|(uri, _)| uri == ns) {
                let prefix = if ns == XSI_NAMESPACE {
                    "i".to_owned()
                } else {
                    format!("n{}", prefixes.iter().filter(|(_, p)| p != "i").count() + 1)
                };
                prefixes.push((ns.clone(), prefix));
            }
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
        if let Some(ns) = &element.ns {
            out.push_str(&format!(" xmlns=\"{}\"", escape_attr(ns)));
        }
        for (uri, prefix) in prefixes {
            out.push_str(&format!(" xmlns:{prefix}=\"{}\"", escape_attr(uri)));
        }
    } else if element.ns.as_deref() != parent_ns {
        let ns = element.ns.as_deref().unwrap_or("");
        out.push_str(&format!(" xmlns=\"{}\"", escape_attr(ns)));
    }
    for attr in &element.attrs {
        out.push(' ');
        match attr.ns.as_deref() {
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
            XmlNode::Element(e) => write(e, depth + 1, element.ns.as_deref(), prefixes, out),
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
