//! quick-xml's `NsReader` turned into the node stream .NET's streamed `XmlUTF8TextReader`
//! produces: element nodes resolved to (local name, namespace) with the raw `i:nil` value,
//! character data with EOL normalisation, references resolved the way `XmlBufferReader` does,
//! the element stack with each start tag's bytes (for positions), the `MaxDepth` quota, and every
//! syntax error mapped to .NET's message and position.

use super::messages::{NetError, Syntax, syntax};
use super::position::{LineIndex, net_line_position};
use super::scan::{BadText, find_bad_markup, find_bad_text, name_end, skip_space_nodes};
use super::tag::check_start_tag;
use crate::contract::XSI_NAMESPACE;

/// The namespace of `xmlns` declarations.
const XMLNS_NAMESPACE: &str = "http://www.w3.org/2000/xmlns/";

/// Namespace bindings in scope at once. quick-xml needs a limit (its lookups are linear); .NET
/// has none, but no client declares this many prefixes in nested scopes. Beyond it the body
/// is reported as malformed, with quick-xml's words.
pub(super) const MAX_NAMESPACE_BINDINGS: usize = 128;
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::{NamespaceResolver, ResolveResult};
use quick_xml::{NsReader, XmlVersion};
use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;

/// A start tag (`<X …>` or `<X …/>`).
#[derive(Clone, Debug)]
pub(super) struct Element {
    /// The tag's byte range.
    pub(super) tag: Range<usize>,
    /// The qualified name as written.
    pub(super) qname: String,
    /// Local name.
    pub(super) local: String,
    /// Resolved namespace URI ("" when unbound).
    pub(super) namespace: String,
    /// `<X/>`.
    pub(super) empty: bool,
    /// The normalised value of an `i:nil` attribute (namespace `XMLSchema-instance`), if any.
    pub(super) nil: Option<String>,
}

/// One node, with its byte range.
#[derive(Clone, Debug)]
pub(super) enum Node<'i> {
    /// A start tag; the element is now open.
    Start(Element),
    /// An end tag.
    End(Range<usize>),
    /// Character data (EOL-normalised).
    Text(Range<usize>, Cow<'i, str>),
    /// A resolved entity or character reference.
    Ref(Range<usize>, char),
    /// A CDATA section's content (raw, as .NET keeps it).
    CData(Range<usize>, Cow<'i, str>),
    /// A comment.
    Comment,
    /// The XML declaration (checked: first, version 1.0, standalone yes/no).
    Decl,
    /// End of input with no element open.
    Eof,
}

/// What kind of reader error.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum LexKind {
    /// Not well-formed (or not what `XmlUTF8TextReader` accepts).
    Malformed,
    /// A document type declaration (refused without being read).
    Dtd,
    /// Nesting beyond `MaxDepth`.
    TooDeep,
}

/// A reader error: .NET's exception and where (document offset) it happened.
#[derive(Clone, Debug)]
pub(super) struct LexError {
    /// The kind.
    pub(super) kind: LexKind,
    /// .NET's exception.
    pub(super) error: NetError,
    /// Document offset .NET stopped at.
    pub(super) offset: usize,
    /// Our description when .NET's wording is not reproduced exactly (`None` when it is).
    pub(super) unmodelled: Option<String>,
}

#[derive(Debug)]
struct Open {
    tag: Range<usize>,
    local: String,
}

/// The node stream.
pub(super) struct Lexer<'i> {
    text: &'i str,
    reader: NsReader<&'i [u8]>,
    open: Vec<Open>,
    /// The current node ended an element (`</X>` or `<X/>`): pop it before the next read, as
    /// `XmlBaseReader.Read` does with `ExitScope`.
    pending_exit: bool,
    /// The bytes of the current node .NET still holds in its compacted buffer.
    current: Range<usize>,
    peeked: Option<Result<Node<'i>, LexError>>,
    max_depth: usize,
    nodes: usize,
    lines: LineIndex,
}

impl<'i> Lexer<'i> {
    /// A lexer over `text` with .NET's `MaxDepth` quota.
    pub(super) fn new(text: &'i str, max_depth: usize) -> Self {
        let mut reader = NsReader::from_str(text);
        reader
            .resolver_mut()
            .set_max_namespace_bindings(MAX_NAMESPACE_BINDINGS);
        let config = reader.config_mut();
        config.check_end_names = true;
        config.check_comments = true;
        config.expand_empty_elements = false;
        Lexer {
            text,
            reader,
            open: Vec::new(),
            pending_exit: false,
            current: 0..0,
            peeked: None,
            max_depth,
            nodes: 0,
            lines: LineIndex::new(text),
        }
    }

    /// The document text.
    pub(super) fn text(&self) -> &'i str {
        self.text
    }

    /// 1-based line and character column of a document offset.
    pub(super) fn locate(&self, offset: usize) -> (u32, u32) {
        self.lines.locate(self.text, offset)
    }

    /// `/Root/Member` for the open elements.
    pub(super) fn path(&self) -> String {
        let mut path = String::new();
        for open in &self.open {
            path.push('/');
            path.push_str(&open.local);
        }
        if path.is_empty() {
            path.push('/');
        }
        path
    }

    /// Open elements, innermost first (`GetOpenElements`).
    fn open_names(&self) -> Vec<String> {
        self.open.iter().rev().map(|o| o.local.clone()).collect()
    }

    /// The line and position .NET reports now: open start tags plus the current node.
    pub(super) fn net_position(&self) -> (u32, u32) {
        self.net_position_with(self.current.clone())
    }

    /// The line and position .NET reports with `tail` as the consumed part of the current node.
    fn net_position_with(&self, tail: Range<usize>) -> (u32, u32) {
        let bytes = self.text.as_bytes();
        let mut buffer = Vec::new();
        for open in &self.open {
            buffer.extend_from_slice(&bytes[open.tag.clone()]);
        }
        buffer.extend_from_slice(&bytes[tail]);
        net_line_position(&buffer)
    }

    fn fail(&self, what: &Syntax, node_start: usize, at: usize) -> LexError {
        let kind = match what {
            Syntax::MaxDepth(_) => LexKind::TooDeep,
            _ => LexKind::Malformed,
        };
        let unmodelled = match what {
            Syntax::Unmodelled(s) => Some(s.clone()),
            _ => None,
        };
        let (line, pos) = self.net_position_with(node_start.min(at)..at);
        LexError {
            kind,
            error: syntax(what, line, pos),
            offset: at,
            unmodelled,
        }
    }

    /// Whether any node was read before the current one (for `XmlDeclNotFirst`).
    pub(super) fn nodes_read(&self) -> usize {
        self.nodes
    }

    /// Apply a pending `ExitScope` (the element closed by the current node) now.
    pub(super) fn exit_pending(&mut self) {
        if self.pending_exit && self.peeked.is_none() {
            self.open.pop();
            self.pending_exit = false;
        }
    }

    /// The document offset the next node starts at.
    pub(super) fn offset(&self) -> usize {
        usize::try_from(self.reader.buffer_position()).unwrap_or(usize::MAX)
    }

    /// Read the next node without consuming it.
    pub(super) fn peek(&mut self) -> Result<&Node<'i>, LexError> {
        if self.peeked.is_none() {
            let node = self.lex();
            self.peeked = Some(node);
        }
        match &self.peeked {
            Some(Ok(node)) => Ok(node),
            Some(Err(e)) => Err(e.clone()),
            None => Err(self.fail(&Syntax::UnexpectedEof(Vec::new()), 0, 0)),
        }
    }

    /// Read the next node.
    pub(super) fn next(&mut self) -> Result<Node<'i>, LexError> {
        match self.peeked.take() {
            Some(node) => node,
            None => self.lex(),
        }
    }

    fn lex(&mut self) -> Result<Node<'i>, LexError> {
        if self.pending_exit {
            self.open.pop();
            self.pending_exit = false;
        }
        let start = usize::try_from(self.reader.buffer_position()).unwrap_or(usize::MAX);
        self.current = start..start;
        let event = self.reader.read_event();
        let end = usize::try_from(self.reader.buffer_position()).unwrap_or(usize::MAX);
        let event = event.map_err(|e| super::lexer_errors::map(self, &e, start))?;
        self.nodes += 1;
        let range = start..end;
        let node = match event {
            Event::Start(e) | Event::Empty(e) => {
                // `EnterScope` checks the quota before the name and attributes are read.
                if self.open.len() >= self.max_depth {
                    return Err(self.fail(&Syntax::MaxDepth(self.max_depth), start, start + 1));
                }
                let tag_end = check_start_tag(self.text.as_bytes(), start)
                    .map_err(|(what, at)| self.tag_fault(what, start, at))?;
                let element = self.element(&e, range.clone())?;
                if let Some((what, at)) = tag_end.trailing {
                    return Err(self.fail(&what, start, at));
                }
                self.open.push(Open {
                    tag: range,
                    local: element.local.clone(),
                });
                self.pending_exit = element.empty;
                self.current = end..end;
                Node::Start(element)
            }
            Event::End(_) => {
                self.pending_exit = true;
                self.current = range.clone();
                Node::End(range)
            }
            Event::Text(t) => {
                if let Some((at, bad)) = find_bad_text(self.text.as_bytes(), start, end) {
                    return Err(self.bad_text(bad, at));
                }
                self.current = start..super::scan::first_node_end(self.text.as_bytes(), start, end);
                Node::Text(range, t.xml10_content())
            }
            Event::GeneralRef(r) => {
                let ch = super::lexer_errors::resolve_reference(&r)
                    .ok_or_else(|| self.fail(&Syntax::InvalidCharRef, start, start))?;
                self.current = range.clone();
                Node::Ref(range, ch)
            }
            Event::CData(c) => {
                if self.open.is_empty() {
                    return Err(self.fail(&Syntax::CdataAtTopLevel, start, start + 2));
                }
                if let Some((at, bad)) = find_bad_markup(self.text.as_bytes(), start, end, false) {
                    return Err(self.bad_text(bad, at));
                }
                self.current = range.clone();
                Node::CData(range, c.into_inner())
            }
            Event::Comment(_) => {
                if let Some((at, bad)) = find_bad_markup(self.text.as_bytes(), start, end, true) {
                    return Err(self.bad_text(bad, at));
                }
                self.current = range;
                Node::Comment
            }
            Event::Decl(d) => {
                super::lexer_errors::check_declaration(self, &d, range)?;
                Node::Decl
            }
            // `ReadDeclaration` accepts only `<?xml `; it stands after the `<`.
            Event::PI(_) => {
                return Err(self.fail(&Syntax::ProcessingInstruction, start, start + 1));
            }
            Event::DocType(_) => return Err(super::lexer_errors::doctype(self, start)),
            Event::Eof => {
                if !self.open.is_empty() {
                    let at = self.text.len();
                    return Err(self.fail(&Syntax::UnexpectedEof(self.open_names()), at, at));
                }
                Node::Eof
            }
        };
        Ok(node)
    }

    /// A start-tag fault; running out of input inside the tag reports the tag's element as
    /// open, since .NET entered it first.
    fn tag_fault(&self, what: Syntax, start: usize, at: usize) -> LexError {
        match what {
            Syntax::UnexpectedEof(_) => {
                let entered = self.name_at(start + 1);
                let local = entered.rsplit(':').next().unwrap_or(entered).to_owned();
                let open = self.open_names_with(Some(local));
                self.fail(&Syntax::UnexpectedEof(open), start, self.text.len())
            }
            what => self.fail(&what, start, at),
        }
    }

    fn bad_text(&self, bad: BadText, at: usize) -> LexError {
        let what = match bad {
            BadText::Control(b) => Syntax::InvalidByte(b),
            BadText::NonCharacter => Syntax::NonCharacter,
            BadText::CdataClose => Syntax::CdataCloseInText,
        };
        self.fail(&what, at, at)
    }

    /// Resolve a start tag: name, namespace, attributes (duplicates after namespace resolution,
    /// undefined prefixes, prefixed empty namespaces) and the raw `i:nil`.
    fn element(&self, e: &BytesStart<'_>, tag: Range<usize>) -> Result<Element, LexError> {
        let bytes = self.text.as_bytes();
        // Where .NET stands when it resolves prefixes: on the `/` or `>` closing the tag.
        let close_at = if bytes.get(tag.end.saturating_sub(2)) == Some(&b'/') {
            tag.end - 2
        } else {
            tag.end.saturating_sub(1)
        };
        let qname = e.name().as_ref().to_owned();
        let (resolved, local) = self.reader.resolver().resolve_element(e.name());
        let namespace = match resolved {
            ResolveResult::Bound(ns) => ns.as_ref().to_owned(),
            ResolveResult::Unbound => String::new(),
            ResolveResult::Unknown(p) => {
                return Err(self.fail(&Syntax::UndefinedPrefix(p), tag.start, close_at));
            }
        };
        let local = local.as_ref().to_owned();
        // `ProcessAttributes`: resolve every prefix first, then look for duplicates.
        let mut resolved_attrs: Vec<(String, String, String)> = Vec::new();
        let mut nil = None;
        for attr in e.attributes().with_checks(false) {
            // The tag passed `check_start_tag`, which is stricter than quick-xml up to the end
            // of the attributes; what quick-xml still trips over is the tail (`/ >`, `?>`) that
            // .NET reports after resolving prefixes.
            let Ok(attr) = attr else { break };
            let key = attr.key.as_ref();
            if key == "xmlns" || key.starts_with("xmlns:") {
                let prefix = key.strip_prefix("xmlns:").unwrap_or("");
                if !prefix.is_empty() && attr.value.is_empty() {
                    return Err(self.fail(&Syntax::EmptyNamespaceWithPrefix, tag.start, close_at));
                }
                super::lexer_errors::check_binding(prefix, &attr.value)
                    .map_err(|what| self.fail(&what, tag.start, close_at))?;
                // `GetName("xmlns", prefix)`, as the duplicate message prints it.
                let name = format!("xmlns:{prefix}");
                resolved_attrs.push((name, prefix.to_owned(), XMLNS_NAMESPACE.to_owned()));
                continue;
            }
            let (resolved, attr_local) = self.reader.resolver().resolve_attribute(attr.key);
            let attr_ns = match resolved {
                ResolveResult::Bound(ns) => ns.as_ref().to_owned(),
                ResolveResult::Unbound => String::new(),
                ResolveResult::Unknown(p) => {
                    return Err(self.fail(&Syntax::UndefinedPrefix(p), tag.start, close_at));
                }
            };
            let attr_local = attr_local.as_ref().to_owned();
            if attr_ns == XSI_NAMESPACE && attr_local == "nil" && nil.is_none() {
                let value = attr
                    .normalized_value(XmlVersion::Implicit1_0)
                    .map_err(|_| self.fail(&Syntax::InvalidCharRef, tag.start, close_at))?;
                nil = Some(value.into_owned());
            }
            resolved_attrs.push((key.to_owned(), attr_local, attr_ns));
        }
        let mut seen: HashMap<(&str, &str), &str> = HashMap::with_capacity(resolved_attrs.len());
        for (name, local, ns) in &resolved_attrs {
            if let Some(first) = seen.insert((local.as_str(), ns.as_str()), name.as_str()) {
                let what = Syntax::DuplicateAttribute {
                    first: first.to_owned(),
                    second: name.clone(),
                    namespace: ns.clone(),
                };
                return Err(self.fail(&what, tag.start, close_at));
            }
        }
        let empty = bytes.get(tag.end.saturating_sub(2)) == Some(&b'/');
        Ok(Element {
            tag,
            qname,
            local,
            namespace,
            empty,
            nil,
        })
    }

    /// The qualified name at `i` (for messages about malformed tags).
    pub(super) fn name_at(&self, i: usize) -> &'i str {
        let end = name_end(self.text.as_bytes(), i);
        self.text.get(i..end).unwrap_or("")
    }

    /// Open element names, innermost first, plus `extra` (a tag .NET had entered).
    pub(super) fn open_names_with(&self, extra: Option<String>) -> Vec<String> {
        let mut names: Vec<String> = extra.into_iter().collect();
        names.extend(self.open_names());
        names
    }

    /// Build an error at `at` for the node starting at `node_start`.
    pub(super) fn error_at(&self, what: &Syntax, node_start: usize, at: usize) -> LexError {
        self.fail(what, node_start, at)
    }

    /// The line and position .NET reports for a node `node` read with the current stack.
    pub(super) fn net_position_of(&self, node: Range<usize>) -> (u32, u32) {
        self.net_position_with(node)
    }

    /// The namespace bindings in scope.
    pub(super) fn resolver(&self) -> &NamespaceResolver {
        self.reader.resolver()
    }

    /// How many elements are open.
    pub(super) fn depth(&self) -> usize {
        self.open.len()
    }

    /// Skip the whitespace nodes at `start` (helper for callers computing .NET node starts).
    pub(super) fn skip_space(&self, start: usize) -> usize {
        skip_space_nodes(self.text.as_bytes(), start)
    }
}
