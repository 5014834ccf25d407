//! Reading an XML response into a small namespace-resolved element tree with quick-xml, checking
//! well-formedness on the way (quick-xml leaves some checks to the caller: unclosed elements,
//! several roots, text outside the root, undeclared entities and prefixes).

use crate::codec::MAX_DEPTH;
use crate::contract::XSI_NAMESPACE;
use quick_xml::escape::resolve_xml_entity;
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::{Namespace, ResolveResult};
use quick_xml::reader::NsReader;

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

/// An element with its resolved name, `i:nil`, text and children.
#[derive(Clone, Debug)]
pub(crate) struct Element {
    pub(crate) local: String,
    /// The namespace URI; `None` when the element is in no namespace.
    pub(crate) namespace: Option<String>,
    pub(crate) nil: Nil,
    /// A `nil` attribute outside the XMLSchema-instance namespace (ignored by .NET).
    pub(crate) stray_nil: bool,
    /// Character data, entity references resolved, line ends normalised to `\n`.
    pub(crate) text: String,
    pub(crate) children: Vec<Element>,
}

/// Why the document is not usable XML.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct XmlError {
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

fn resolved(result: ResolveResult<'_>) -> Result<Option<String>, String> {
    match result {
        ResolveResult::Bound(Namespace(ns)) => Ok(Some(ns.to_owned())),
        ResolveResult::Unbound => Ok(None),
        ResolveResult::Unknown(prefix) => Err(prefix),
    }
}

/// Parse a document into its root element.
pub(crate) fn parse(text: &str) -> Result<Element, XmlError> {
    let mut reader = NsReader::from_str(text);
    let mut stack: Vec<Element> = Vec::new();
    let mut root: Option<Element> = None;
    loop {
        let offset = reader.buffer_position();
        let (ns, event) = reader
            .read_resolved_event()
            .map(|(ns, ev)| (resolved(ns), ev))
            .map_err(|e| err(reader.error_position(), "well-formed XML", e.to_string()))?;
        match event {
            Event::Start(start) | Event::Empty(start) if root.is_some() => {
                let _ = start;
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
            Event::GeneralRef(r) => {
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    Ok(None) => match resolve_xml_entity(&r) {
                        Some(s) => s.to_owned(),
                        None => {
                            return Err(err(
                                offset,
                                "a predefined entity (&amp; &lt; &gt; &quot; &apos;) or a character reference",
                                format!("`&{};`", &*r),
                            ));
                        }
                    },
                    Err(e) => {
                        return Err(err(offset, "a valid character reference", e.to_string()));
                    }
                };
                push_text(&mut stack, &resolved, offset)?;
            }
            Event::DocType(_) => {
                return Err(err(
                    offset,
                    "no DTD (.NET's reader prohibits DTDs)",
                    "a <!DOCTYPE> declaration",
                ));
            }
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

fn push_text(stack: &mut [Element], text: &str, offset: u64) -> Result<(), XmlError> {
    match stack.last_mut() {
        Some(element) => {
            element.text.push_str(text);
            Ok(())
        }
        None if text.trim_matches(super::lexical::XML_WHITESPACE).is_empty() => Ok(()),
        None => Err(err(
            offset,
            "only whitespace outside the root element",
            "text",
        )),
    }
}

fn close(stack: &mut [Element], root: &mut Option<Element>, element: Element) {
    match stack.last_mut() {
        Some(parent) => parent.children.push(element),
        None => *root = Some(element),
    }
}

fn open(
    reader: &NsReader<&[u8]>,
    start: &BytesStart<'_>,
    ns: Result<Option<String>, String>,
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
    let mut nil = Nil::Absent;
    let mut stray_nil = false;
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
        if attr_local.as_ref() != "nil" {
            continue;
        }
        if attr_ns.as_deref() == Some(XSI_NAMESPACE) {
            nil = match attr.as_bool() {
                Some(true) => Nil::True,
                Some(false) => Nil::False,
                None => Nil::Invalid(attr.value.to_string()),
            };
        } else {
            stray_nil = true;
        }
    }
    Ok(Element {
        local,
        namespace,
        nil,
        stray_nil,
        text: String::new(),
        children: Vec::new(),
    })
}
