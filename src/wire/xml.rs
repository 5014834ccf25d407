//! Reading an XML document into a small namespace-resolved element tree with quick-xml, checking
//! well-formedness on the way (quick-xml leaves some checks to the caller: unclosed elements,
//! several roots, text outside the root, undeclared entities and prefixes).
//!
//! One parser serves the checker, which reads a body as a .NET client would, and the regression
//! snapshots, which keep a canonical form of whatever a target sent; [`Dialect`] names the two
//! points where they read differently.

use crate::codec::MAX_DEPTH;
use crate::contract::XSI_NAMESPACE;
use quick_xml::XmlVersion;
use quick_xml::escape::resolve_xml_entity;
use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::name::{Namespace, ResolveResult};
use quick_xml::reader::NsReader;
use std::borrow::Cow;
use std::rc::Rc;

/// XML whitespace, which `XmlConvert` trims around numbers, booleans and dates.
pub(crate) const XML_WHITESPACE: &[char] = &[' ', '\t', '\n', '\r'];

/// Who reads the document, and so how strictly.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Dialect {
    /// As a .NET client's `XmlReader`: a DTD is an error (`DtdProcessing.Prohibit`).
    Client,
    /// For snapshots of any target: a DTD is skipped.
    Canonical,
}

/// The `i:nil` attribute of an element.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Nil {
    /// No `nil` attribute in the XMLSchema-instance namespace.
    Absent,
    /// `i:nil="true"` (or `1`).
    True,
    /// `i:nil="false"` (or `0`).
    False,
    /// A value that is not an xs:boolean.
    Invalid(String),
}

/// An attribute, namespace resolved (`xmlns` declarations are not kept).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Attr {
    /// The namespace URI; `None` for an unprefixed attribute.
    pub(crate) namespace: Option<String>,
    pub(crate) local: String,
    /// The value, as the [`Dialect`] keeps it.
    pub(crate) value: String,
}

/// A child of an element: adjacent character data is one [`XmlNode::Text`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum XmlNode {
    Element(Element),
    /// Character data, entity references resolved, line ends normalised to `\n`.
    Text(String),
}

/// An element with its resolved name, attributes and content in document order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Element {
    pub(crate) local: String,
    /// The namespace URI; `None` when the element is in no namespace. Shared with the parent
    /// when it is the same (most elements), so a body's namespaces are copied once each.
    pub(crate) namespace: Option<Rc<str>>,
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

    /// All character data of the element itself (not of its children), joined.
    pub(crate) fn text(&self) -> Cow<'_, str> {
        let mut texts = self.children.iter().filter_map(|c| match c {
            XmlNode::Text(t) => Some(t.as_str()),
            XmlNode::Element(_) => None,
        });
        match (texts.next(), texts.next()) {
            (None, _) => Cow::Borrowed(""),
            (Some(only), None) => Cow::Borrowed(only),
            (Some(first), Some(second)) => {
                let mut joined = format!("{first}{second}");
                joined.extend(texts);
                Cow::Owned(joined)
            }
        }
    }

    /// The `i:nil` attribute (the last one, should there be several in the XSI namespace).
    pub(crate) fn nil(&self) -> Nil {
        let nil = self
            .attrs
            .iter()
            .rfind(|a| a.local == "nil" && a.namespace.as_deref() == Some(XSI_NAMESPACE));
        match nil.map(|a| a.value.as_str()) {
            None => Nil::Absent,
            Some("true" | "1") => Nil::True,
            Some("false" | "0") => Nil::False,
            Some(other) => Nil::Invalid(other.to_owned()),
        }
    }

    /// Whether a `nil` attribute stands outside the XMLSchema-instance namespace (.NET ignores it).
    pub(crate) fn stray_nil(&self) -> bool {
        self.attrs
            .iter()
            .any(|a| a.local == "nil" && a.namespace.as_deref() != Some(XSI_NAMESPACE))
    }
}

/// Why the document is not usable XML.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct XmlError {
    /// Byte offset in the text.
    pub(crate) offset: usize,
    pub(crate) expected: String,
    pub(crate) found: String,
}

fn err(offset: u64, expected: &str, found: impl Into<String>) -> XmlError {
    XmlError {
        offset: usize::try_from(offset).unwrap_or(usize::MAX),
        expected: expected.to_owned(),
        found: found.into(),
    }
}

/// An element's namespace, the parent's own when it is the same.
fn shared(ns: Result<Option<&str>, String>, stack: &[Element]) -> Result<Option<Rc<str>>, String> {
    Ok(
        ns?.map(|ns| match stack.last().and_then(|p| p.namespace.as_ref()) {
            Some(parent) if &**parent == ns => Rc::clone(parent),
            _ => Rc::from(ns),
        }),
    )
}

fn resolved_str(result: ResolveResult<'_>) -> Result<Option<&str>, String> {
    match result {
        ResolveResult::Bound(Namespace(ns)) => Ok(Some(ns)),
        ResolveResult::Unbound => Ok(None),
        ResolveResult::Unknown(prefix) => Err(prefix),
    }
}

fn resolved(result: ResolveResult<'_>) -> Result<Option<String>, String> {
    match result {
        ResolveResult::Bound(Namespace(ns)) => Ok(Some(ns.to_owned())),
        ResolveResult::Unbound => Ok(None),
        ResolveResult::Unknown(prefix) => Err(prefix),
    }
}

/// One event of a document as [`parse_observing`] reads it.
pub(crate) struct Observed<'e, 'i> {
    /// Where its bytes start in the text.
    pub(crate) before: usize,
    /// Where they end.
    pub(crate) after: usize,
    /// The namespace of a start or end tag's element (`None` in no namespace, for an
    /// undeclared prefix, and for other events).
    pub(crate) namespace: Option<Rc<str>>,
    pub(crate) event: &'e Event<'i>,
}

/// Parse a document into its root element.
pub(crate) fn parse(text: &str, dialect: Dialect) -> Result<Element, XmlError> {
    parse_observing(text, dialect, |_| {})
}

/// [`parse`], showing `observe` every event as it is read, in document order up to the end or
/// the first error: a pass over the document's bytes (the checker's layout rules) rides along
/// instead of reading the document again.
pub(crate) fn parse_observing(
    text: &str,
    dialect: Dialect,
    mut observe: impl FnMut(Observed<'_, '_>),
) -> Result<Element, XmlError> {
    let mut reader = NsReader::from_str(text);
    let mut stack: Vec<Element> = Vec::new();
    let mut root: Option<Element> = None;
    loop {
        let offset = reader.buffer_position();
        let (ns, event) = reader
            .read_resolved_event()
            .map(|(ns, ev)| (shared(resolved_str(ns), &stack), ev))
            .map_err(|e| err(reader.error_position(), "well-formed XML", e.to_string()))?;
        observe(Observed {
            before: usize::try_from(offset).unwrap_or(usize::MAX),
            after: usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX),
            namespace: ns.as_ref().ok().cloned().flatten(),
            event: &event,
        });
        match event {
            Event::Start(_) | Event::Empty(_) if root.is_some() => {
                return Err(err(
                    offset,
                    "a single root element",
                    "a second root element",
                ));
            }
            Event::Start(start) => {
                let element = open(&reader, &start, ns, offset)?;
                if stack.len() >= MAX_DEPTH {
                    return Err(err(
                        offset,
                        "nesting within the depth limit of 256",
                        "deeper nesting",
                    ));
                }
                stack.push(element);
            }
            Event::Empty(start) => {
                let element = open(&reader, &start, ns, offset)?;
                close(&mut stack, &mut root, element);
            }
            Event::End(_) => match stack.pop() {
                Some(element) => close(&mut stack, &mut root, element),
                None => return Err(err(offset, "a start tag before an end tag", "an end tag")),
            },
            Event::Text(t) => push_text(&mut stack, &t.xml10_content(), offset)?,
            Event::CData(c) => push_text(&mut stack, &c.xml10_content(), offset)?,
            Event::GeneralRef(r) => push_text(&mut stack, &reference(&r, offset)?, offset)?,
            Event::DocType(_) => match dialect {
                Dialect::Client => {
                    return Err(err(
                        offset,
                        "no DTD (.NET's reader prohibits DTDs)",
                        "a <!DOCTYPE> declaration",
                    ));
                }
                Dialect::Canonical => {}
            },
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
            Event::Eof => {
                return match (stack.last(), root) {
                    (Some(open), _) => Err(err(
                        offset,
                        "every element closed",
                        format!("end of input inside <{}>", open.local),
                    )),
                    (None, Some(root)) => Ok(root),
                    (None, None) => Err(err(offset, "a root element", "no element")),
                };
            }
        }
    }
}

/// The text of a character reference or predefined entity; XML without a DTD declares no others.
fn reference(r: &BytesRef<'_>, offset: u64) -> Result<String, XmlError> {
    match r.resolve_char_ref() {
        Ok(Some(c)) => Ok(c.to_string()),
        Ok(None) => resolve_xml_entity(r).map(str::to_owned).ok_or_else(|| {
            err(
                offset,
                "a predefined entity (&amp; &lt; &gt; &quot; &apos;) or a character reference",
                format!("`&{};`", &**r),
            )
        }),
        Err(e) => Err(err(offset, "a valid character reference", e.to_string())),
    }
}

fn push_text(stack: &mut [Element], text: &str, offset: u64) -> Result<(), XmlError> {
    match stack.last_mut() {
        Some(element) => {
            match element.children.last_mut() {
                Some(XmlNode::Text(previous)) => previous.push_str(text),
                _ => element.children.push(XmlNode::Text(text.to_owned())),
            }
            Ok(())
        }
        None if text.trim_matches(XML_WHITESPACE).is_empty() => Ok(()),
        None => Err(err(
            offset,
            "only whitespace outside the root element",
            "text",
        )),
    }
}

fn close(stack: &mut [Element], root: &mut Option<Element>, element: Element) {
    match stack.last_mut() {
        Some(parent) => parent.children.push(XmlNode::Element(element)),
        None => *root = Some(element),
    }
}

fn open(
    reader: &NsReader<&[u8]>,
    start: &BytesStart<'_>,
    ns: Result<Option<Rc<str>>, String>,
    offset: u64,
) -> Result<Element, XmlError> {
    let local = start.local_name().as_ref().to_owned();
    let namespace = ns.map_err(|prefix| {
        err(
            offset,
            "a declared namespace prefix",
            format!("undeclared prefix `{prefix}` on <{local}>"),
        )
    })?;
    let mut attrs = Vec::new();
    for attr in start.attributes() {
        let attr = attr.map_err(|e| err(offset, "well-formed attributes", e.to_string()))?;
        let key = attr.key.as_ref();
        if key == "xmlns" || key.starts_with("xmlns:") {
            continue;
        }
        let (attr_ns, attr_local) = reader.resolver().resolve_attribute(attr.key);
        let attr_ns = resolved(attr_ns).map_err(|prefix| {
            err(
                offset,
                "a declared namespace prefix (xmlns:i=\"http://www.w3.org/2001/XMLSchema-instance\")",
                format!("undeclared prefix `{prefix}` on attribute `{key}` of <{local}>"),
            )
        })?;
        // Every XML reader sees attribute values normalised (XML 1.0 §3.3.3): entity and
        // character references resolved, so `i:nil="tru&#101;"` is `true` to .NET too.
        let value = attr
            .normalized_value(XmlVersion::Implicit1_0)
            .map_err(|e| {
                err(
                    offset,
                    "an attribute value with predefined entities only",
                    e.to_string(),
                )
            })?
            .into_owned();
        attrs.push(Attr {
            namespace: attr_ns,
            local: attr_local.as_ref().to_owned(),
            value,
        });
    }
    Ok(Element {
        local,
        namespace,
        attrs,
        children: Vec::new(),
    })
}
