//! Bytes Web API's XML writer never produces (contracts/reference/wire.md#writer-deviations).
//! `XmlMediaTypeFormatter` writes DataContractSerializer's output through an `XmlWriter` with
//! no declaration, no indentation and no byte-order mark, so every byte of a response follows
//! from its content:
//!
//! - no `<?xml?>` declaration, no comment, processing instruction or CDATA section, no
//!   whitespace around the root or between elements;
//! - element names without prefixes, `xmlns:i` and the default namespace on the root, an
//!   `xmlns="…"` only where an element's namespace differs from its parent's, after `i:nil`;
//! - tags spelled `<X a="v">`, `<X a="v" />`, `</X>`: double quotes, one space, nothing else;
//! - `<X i:nil="true" />` for null, `<X />` for an empty list, `<X></X>` for an empty string;
//! - text escaped as `XmlUtf8RawTextWriter` escapes it (`&amp; &lt; &gt;`, `\r\n` line breaks,
//!   `&#x1;` for characters XML cannot carry) — checked by escaping the decoded text again.
//!
//! Readers treat all these spellings alike, so each is a warning, reported once per body at
//! its first occurrence. A declaration is worse: one naming an encoding breaks clients (below),
//! and one after other content or of another version fails .NET's reader.

use crate::checker::finding::Location;
use crate::checker::rule::{RuleId, Severity};
use crate::checker::sink::Sink;
use crate::codec::xml::escape_text;
use crate::contract::{ClrType, TypeSchema, contract};
use crate::excerpt::excerpt;
use crate::wire::json::line_column;
use crate::wire::xml::{self as xml_tree, Dialect, Element, Observed, XmlError};
use quick_xml::escape::resolve_xml_entity;
use quick_xml::events::Event;
use std::collections::BTreeSet;
use std::rc::Rc;

mod tags;

/// Longest excerpt of markup quoted in a finding (a root tag with its declarations fits).
const EXCERPT_CHARS: usize = 120;

/// The kinds of deviation, each reported once per body.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Declaration,
    Whitespace,
    Markup,
    Prefix,
    Tag,
    Text,
    NilValue,
}

/// What an element is in the contract, when the body's schema is known.
#[derive(Clone, Copy)]
enum Role {
    /// The root or a row: members inside.
    Object(&'static TypeSchema),
    /// A member of this type; for a list, its row type.
    Member(ClrType, Option<&'static TypeSchema>),
    /// Not in the contract (another rule reports it) or no schema given.
    Unknown,
}

/// An open element.
struct Frame<'t> {
    /// The tag's name as written (a slice of the body).
    qname: &'t str,
    /// Shared with the parent when it is the same (most elements).
    namespace: Option<Rc<str>>,
    role: Role,
    nil: bool,
    has_child: bool,
}

struct Layout<'t, 's, 'p> {
    text: &'t str,
    /// The body's contract type, when known.
    schema: Option<&'static TypeSchema>,
    sink: &'s mut Sink<'p>,
    reported: BTreeSet<Kind>,
    /// Scratch for a leaf's text as .NET's writer escapes it (reused across elements).
    escaped: Vec<u8>,
}

/// Parse `text` into its element tree ([`xml_tree::parse`]) and, in the same pass over its
/// bytes, report its layout deviations. `schema` is the body's contract type (`None` for an
/// `HttpError` body); `charset` the body's charset, which a declaration's encoding must not
/// contradict. A document that does not parse gets no layout finding (only the parse error,
/// which is the caller's to report).
pub(super) fn parse_and_check(
    text: &str,
    schema: Option<&'static TypeSchema>,
    charset: &str,
    sink: &mut Sink<'_>,
) -> Result<Element, XmlError> {
    let mark = sink.findings.len();
    let mut layout = Layout {
        text,
        schema,
        sink,
        reported: BTreeSet::new(),
        escaped: Vec::new(),
    };
    let mut pass = Pass {
        stack: Vec::new(),
        run_start: 0,
        decoded: String::new(),
    };
    let parsed = xml_tree::parse_observing(text, Dialect::Client, |seen| {
        layout.event(&mut pass, seen, charset);
    });
    if parsed.is_err() {
        layout.sink.findings.truncate(mark);
    }
    parsed
}

/// The walk's state between events.
struct Pass<'t> {
    /// The open elements.
    stack: Vec<Frame<'t>>,
    /// Where the content since the last markup starts.
    run_start: usize,
    /// That content, decoded.
    decoded: String,
}

impl<'t> Layout<'t, '_, '_> {
    fn report(
        &mut self,
        (kind, rule, severity): (Kind, RuleId, Severity),
        offset: usize,
        expected: impl Into<String>,
        found: &str,
        why: impl Into<String>,
    ) {
        if !self.reported.insert(kind) {
            return;
        }
        let (line, column) = line_column(self.text, offset);
        self.sink.push(
            rule,
            severity,
            Location::Body,
            expected,
            format!(
                "{} at line {line}, column {column}",
                excerpt(found, EXCERPT_CHARS)
            ),
            why,
        );
    }

    fn warn(&mut self, kind: Kind, offset: usize, expected: &str, found: &str, why: &str) {
        self.report(
            (kind, RuleId::XmlLayout, Severity::Warning),
            offset,
            expected,
            found,
            why,
        );
    }

    /// Judge one event of the document (`text[before..after]`), as the parser reads it.
    fn event(&mut self, pass: &mut Pass<'t>, seen: Observed<'_, '_>, charset: &str) {
        let text = self.text;
        let Observed {
            before,
            after,
            namespace,
            event,
        } = seen;
        let raw = text.get(before..after).unwrap_or_default();
        let Pass {
            stack,
            run_start,
            decoded,
        } = pass;
        match event {
            Event::Text(t) => decoded.push_str(&t.xml10_content()),
            Event::GeneralRef(r) => match r.resolve_char_ref() {
                Ok(Some(c)) => decoded.push(c),
                _ => decoded.push_str(resolve_xml_entity(r).unwrap_or_default()),
            },
            Event::CData(c) => {
                decoded.push_str(&c.xml10_content());
                self.markup(before, raw, "a CDATA section");
            }
            Event::Comment(_) | Event::PI(_) => {
                self.flush(stack, *run_start, before, decoded, Flush::Markup);
                let what = if raw.starts_with("<!--") {
                    "a comment"
                } else {
                    "a processing instruction"
                };
                self.markup(before, raw, what);
                *run_start = after;
                decoded.clear();
            }
            Event::Decl(decl) => {
                self.flush(stack, *run_start, before, decoded, Flush::Markup);
                self.declaration(decl, before, raw, charset);
                *run_start = after;
                decoded.clear();
            }
            Event::DocType(_) => {}
            Event::Start(start) | Event::Empty(start) => {
                let empty = raw.ends_with("/>");
                self.flush(stack, *run_start, before, decoded, Flush::Child);
                let role = match stack.last() {
                    None => self.schema.map_or(Role::Unknown, Role::Object),
                    Some(parent) => child_role(parent.role, start.local_name().into_inner()),
                };
                // A start tag's name follows its `<` directly (XML 1.0 production 40).
                let qname = raw
                    .get(1..1 + start.name().as_ref().len())
                    .unwrap_or_default();
                let frame = Frame {
                    qname,
                    namespace,
                    role,
                    nil: false,
                    has_child: false,
                };
                let frame = self.start_tag(start, frame, stack, before, raw);
                if empty {
                    self.empty_form(&frame, before, raw);
                } else {
                    stack.push(frame);
                }
                *run_start = after;
                decoded.clear();
            }
            Event::End(end) => {
                self.flush(stack, *run_start, before, decoded, Flush::End);
                if let Some(frame) = stack.pop() {
                    let name = end.name().into_inner();
                    let exact = raw
                        .strip_prefix("</")
                        .and_then(|r| r.strip_suffix('>'))
                        .is_some_and(|inner| inner == name);
                    if !exact {
                        self.warn(
                            Kind::Tag,
                            before,
                            &format!("</{name}>"),
                            raw,
                            "an end tag with whitespace; XmlWriter writes `</X>`",
                        );
                    }
                    let content = text.get(*run_start..before).unwrap_or_default();
                    if !frame.has_child && content.is_empty() {
                        self.full_empty_form(&frame, before);
                    }
                }
                *run_start = after;
                decoded.clear();
            }
            Event::Eof => {
                self.flush(stack, *run_start, before, decoded, Flush::Markup);
            }
        }
    }

    fn markup(&mut self, at: usize, raw: &str, what: &str) {
        self.warn(
            Kind::Markup,
            at,
            "elements and text only",
            raw,
            &format!("{what}; DataContractSerializer writes none (readers skip it)"),
        );
    }

    /// Judge the content between two pieces of markup: whitespace between elements or around
    /// the root, or the text of a leaf element against its escaping by .NET's writer.
    fn flush(&mut self, stack: &mut [Frame], start: usize, end: usize, decoded: &str, why: Flush) {
        let raw = self.text.get(start..end).unwrap_or_default();
        let Some(parent) = stack.last_mut() else {
            if !raw.is_empty() && raw.trim_matches(super::lexical::XML_WHITESPACE).is_empty() {
                self.warn(
                    Kind::Whitespace,
                    start,
                    "nothing around the root element",
                    &format!("{raw:?}"),
                    "whitespace around the root; Web API writes one line and nothing else",
                );
            }
            return;
        };
        // Objects and lists hold elements only; elsewhere a child or an earlier one tells.
        let between = why == Flush::Child
            || parent.has_child
            || matches!(
                parent.role,
                Role::Object(_) | Role::Member(ClrType::List, _)
            );
        if why == Flush::Child {
            parent.has_child = true;
        }
        if raw.is_empty() {
            return;
        }
        if between {
            // Text between elements is `xml.member-set`'s (stray text); only layout is ours.
            if decoded
                .trim_matches(super::lexical::XML_WHITESPACE)
                .is_empty()
            {
                self.warn(
                    Kind::Whitespace,
                    start,
                    "no whitespace between elements",
                    &format!("{raw:?}"),
                    "indentation or line breaks between elements: readers ignore them, but Web \
                     API writes one line (the help page's samples are indented for display only)",
                );
            }
            return;
        }
        // A CDATA section is reported as markup already.
        if why != Flush::End || raw.contains("<![CDATA[") {
            return;
        }
        let mut canonical = std::mem::take(&mut self.escaped);
        canonical.clear();
        escape_text(decoded, &mut canonical);
        let same = canonical == raw.as_bytes();
        if same {
            self.escaped = canonical;
        } else {
            let canonical = String::from_utf8_lossy(&canonical).into_owned();
            let what = text_difference(raw, &canonical);
            self.warn(
                Kind::Text,
                start,
                &format!("{canonical:?}"),
                &format!("{raw:?}"),
                &format!(
                    "{what}; readers decode both alike, but .NET's XmlWriter writes the other form"
                ),
            );
        }
    }
}

/// Why content is being judged.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Flush {
    /// A child element starts.
    Child,
    /// The parent element ends.
    End,
    /// A comment, a processing instruction, a declaration or the end of the document.
    Markup,
}

/// The role of a child element named `local` of an element of role `parent`.
fn child_role(parent: Role, local: &str) -> Role {
    match parent {
        Role::Object(schema) => schema
            .fields
            .iter()
            .find(|f| f.name == local)
            .map_or(Role::Unknown, |f| {
                Role::Member(f.ty, f.item.map(|id| contract().schema(id)))
            }),
        Role::Member(ClrType::List, Some(item)) if item.name == local => Role::Object(item),
        _ => Role::Unknown,
    }
}

/// What differs between element text as written and as .NET's writer escapes it, in words.
fn text_difference(raw: &str, canonical: &str) -> &'static str {
    if raw.contains('\n') && !raw.contains("\r\n") && canonical.contains("\r\n") {
        "a line break written `\\n`; Web API on Windows writes `\\r\\n`"
    } else if raw.contains("&#") {
        "a character reference for a character the writer writes as it is"
    } else if raw.contains("&quot;") || raw.contains("&apos;") {
        "`&quot;` or `&apos;`; the writer leaves quotes as they are in text"
    } else if raw.contains('>') {
        "an unescaped `>`; the writer writes `&gt;`"
    } else {
        "text escaped otherwise than XmlUtf8RawTextWriter does"
    }
}
