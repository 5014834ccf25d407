//! Hostile XML bodies: malformed documents, wrong roots, members out of DataContract order or
//! in another namespace, and empty or nil numeric members (contracts/reference/wire.md#xml-read-algorithm, contracts/reference/wire.md#checker-policy).

use super::hostile::{cut_at, raw, raw_in};
use super::{Case, CaseLabel};
use crate::codec::Format;
use crate::compose::{XmlElement, request_root, xml_document, xml_elements};
use crate::contract::contract;
use crate::model::Request;
use proptest::prelude::*;
use proptest::sample::Index;

pub(super) fn xml_valid(request: &Request) -> String {
    let (root, ns) = request_root();
    xml_document(root, Some(ns), &xml_elements(request))
}

pub(super) fn malformed_xml(base: BoxedStrategy<Request>) -> BoxedStrategy<Case> {
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
            raw_in(CaseLabel::MalformedXml, Format::Xml, body)
        })
        .boxed()
}

pub(super) fn wrong_xml_root(base: BoxedStrategy<Request>) -> BoxedStrategy<Case> {
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
            raw_in(CaseLabel::WrongXmlRoot, Format::Xml, body)
        })
        .boxed()
}

pub(super) fn xml_out_of_order(base: BoxedStrategy<Request>) -> BoxedStrategy<Case> {
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

pub(super) fn xml_wrong_namespace(base: BoxedStrategy<Request>) -> BoxedStrategy<Case> {
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
            raw_in(CaseLabel::XmlWrongNamespace, Format::Xml, body)
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

pub(super) fn xml_empty_numeric(base: BoxedStrategy<Request>) -> BoxedStrategy<Case> {
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
            raw_in(CaseLabel::XmlEmptyNumeric, Format::Xml, body)
        })
        .boxed()
}
