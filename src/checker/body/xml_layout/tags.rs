//! The checks of one tag: the declaration, start tags (names, prefixes, namespace
//! declarations, attribute order and quoting) and the two spellings of an empty element.

use super::{Frame, Kind, Layout, Role};
use crate::checker::rule::{RuleId, Severity};
use crate::contract::{ClrType, XSI_NAMESPACE};
use quick_xml::events::{BytesDecl, BytesStart};

impl<'t> Layout<'t, '_, '_> {
    pub(super) fn declaration(
        &mut self,
        decl: &BytesDecl<'_>,
        at: usize,
        raw: &str,
        charset: &str,
    ) {
        if at > 0 {
            self.report(
                (Kind::Declaration, RuleId::XmlSyntax, Severity::Violation),
                at,
                "an XML declaration only at the very start, if at all",
                raw,
                "a declaration after other content: .NET's XmlReader fails with \"Unexpected XML \
                 declaration\"",
            );
            return;
        }
        let version = decl.version().map(|v| v.into_owned()).unwrap_or_default();
        let encoding = decl.encoding().and_then(Result::ok).map(|e| e.into_owned());
        let (severity, why) = if version != "1.0" {
            (
                Severity::Violation,
                format!(
                    "XML version {version:?}: .NET's XmlReader reads only 1.0 and fails on the \
                     whole response"
                ),
            )
        } else if let Some(encoding) = encoding {
            let same = normalise_charset(&encoding) == normalise_charset(charset);
            let why = if same {
                format!(
                    "a declaration naming encoding {encoding:?}: readers of decoded text refuse \
                     it (Python's lxml: \"Unicode strings with encoding declaration are not \
                     supported\"), and Web API's writer never sends one"
                )
            } else {
                format!(
                    "a declaration naming encoding {encoding:?} on a {charset} body: .NET's \
                     XmlReader fails on the mismatch, and Web API's writer never sends one"
                )
            };
            (Severity::Violation, why)
        } else {
            (
                Severity::Warning,
                "a declaration without an encoding: readers accept it, but Web API's writer \
                 omits it (OmitXmlDeclaration)"
                    .to_owned(),
            )
        };
        self.report(
            (Kind::Declaration, RuleId::XmlLayout, severity),
            at,
            "no XML declaration",
            raw,
            why,
        );
    }

    /// Check a start tag's name, attributes and spelling; returns the frame with its `nil`.
    pub(super) fn start_tag(
        &mut self,
        start: &BytesStart<'_>,
        mut frame: Frame<'t>,
        stack: &[Frame<'t>],
        at: usize,
        raw: &str,
    ) -> Frame<'t> {
        let empty = raw.ends_with("/>");
        let mut attrs: Vec<(String, String)> = Vec::new();
        for attr in start.attributes().flatten() {
            attrs.push((attr.key.into_inner().to_owned(), attr.value.into_owned()));
        }
        let nil = attrs
            .iter()
            .find(|(k, _)| k.rsplit(':').next() == Some("nil") && k.contains(':'));
        if let Some((key, value)) = nil {
            frame.nil = matches!(value.trim(), "true" | "1");
            if value != "true" && value != "false" {
                self.report(
                    (Kind::NilValue, RuleId::XmlNil, Severity::Violation),
                    at,
                    format!("{key}=\"true\""),
                    &format!("{key}=\"{value}\""),
                    ".NET reads it as an xs:boolean, but a client comparing the attribute with \
                     `true` misses the null",
                );
            }
        }
        if start.name().prefix().is_some() {
            self.warn(
                Kind::Prefix,
                at,
                &format!("<{}>", start.local_name().into_inner()),
                raw,
                "a prefixed element name: readers match (name, namespace) only, but \
                 DataContractSerializer declares default namespaces and writes no prefix",
            );
            return frame;
        }
        let parent_namespace = stack.last().map(|p| p.namespace.as_deref());
        let mut expected: Vec<(String, String)> = Vec::new();
        match parent_namespace {
            None => {
                if self.schema.is_some() {
                    expected.push(("xmlns:i".to_owned(), XSI_NAMESPACE.to_owned()));
                }
                if let Some(ns) = &frame.namespace {
                    expected.push(("xmlns".to_owned(), ns.to_string()));
                }
            }
            Some(parent) => {
                // The value's spelling is `xml.nil`'s to judge.
                if let Some((key, value)) = nil.filter(|_| frame.nil) {
                    expected.push((key.clone(), value.clone()));
                }
                if parent != frame.namespace.as_deref() {
                    let ns = frame.namespace.as_deref().unwrap_or_default().to_owned();
                    expected.push(("xmlns".to_owned(), ns));
                }
            }
        }
        if let Some((key, _)) = expected.iter().find(|(k, _)| k.ends_with(":nil"))
            && key != "i:nil"
        {
            let key = key.clone();
            self.warn(
                Kind::Tag,
                at,
                "i:nil=\"true\"",
                &key,
                "another prefix for the XMLSchema-instance namespace; DataContractSerializer \
                     writes `i`",
            );
        }
        let close = if empty { " />" } else { ">" };
        // Compared piece by piece, and spelled out only when it differs: this runs for every
        // element of every body.
        let pieces = || {
            let attrs = expected
                .iter()
                .flat_map(|(k, v)| [" ", k.as_str(), "=\"", v.as_str(), "\""]);
            ["<", frame.qname].into_iter().chain(attrs).chain([close])
        };
        let mut rest = Some(raw);
        for piece in pieces() {
            rest = rest.and_then(|r| r.strip_prefix(piece));
        }
        if rest != Some("") {
            let canonical: String = pieces().collect();
            let why = if attrs != expected {
                "attributes or namespace declarations other than DataContractSerializer's \
                 (`xmlns:i` and the namespace on the root, `xmlns` only where the namespace \
                 changes, after `i:nil`)"
            } else {
                "quoting or spacing inside the tag; XmlWriter writes `<X a=\"v\">` and `<X />`"
            };
            self.warn(Kind::Tag, at, &short(&canonical), &short(raw), why);
        }
        frame
    }

    /// A self-closed element where the writer writes `<X></X>`.
    pub(super) fn empty_form(&mut self, frame: &Frame, at: usize, raw: &str) {
        if frame.nil {
            return;
        }
        if let Role::Member(ClrType::String, _) = frame.role {
            let qname = &frame.qname;
            self.warn(
                Kind::Tag,
                at,
                &format!("<{qname}></{qname}>"),
                &short(raw),
                "an empty string self-closed: readers take it as \"\" alike, but \
                 DataContractSerializer writes the full end tag",
            );
        }
    }

    /// `<X></X>` where the writer self-closes: a null or an empty list.
    pub(super) fn full_empty_form(&mut self, frame: &Frame, at: usize) {
        let qname = &frame.qname;
        let what = if frame.nil {
            "a null"
        } else if let Role::Member(ClrType::List, _) = frame.role {
            "an empty list"
        } else {
            return;
        };
        self.warn(
            Kind::Tag,
            at,
            &format!("<{qname} … />"),
            &format!("<{qname} …></{qname}>"),
            &format!(
                "{what} written with an end tag: readers take it alike, but XmlWriter closes an \
                 element without content with ` />`"
            ),
        );
    }
}

/// `utf-8`, `UTF8` and `utf_8` alike.
fn normalise_charset(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase()
}

/// A tag with its namespace URIs shortened to their last segment, to fit a finding.
fn short(tag: &str) -> String {
    let mut out = String::with_capacity(tag.len());
    let mut rest = tag;
    while let Some(i) = rest.find("http://") {
        out.push_str(&rest[..i]);
        let uri_end = rest[i..].find(['"', '\'']).map_or(rest.len(), |e| i + e);
        let uri = &rest[i..uri_end];
        let tail = uri.rsplit(['/', '.']).next().unwrap_or(uri);
        out.push('…');
        out.push_str(tail);
        rest = &rest[uri_end..];
    }
    out.push_str(rest);
    out
}
