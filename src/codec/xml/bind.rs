//! Binding objects the way DataContractSerializer's generated readers do (contracts/reference/wire.md#xml-read-algorithm):
//! the class reader (member cursor, `MoveToContent`, `HandleMemberNotFound`), `ReadAttributes` +
//! `ReadIfNullOrRef` for each member, then the value (`member`) or the collection (`rows`).
//! Nodes are consumed in the order .NET reads them, so the first failure .NET would meet is the
//! one reported.

use super::cursor::{MemberCursor, Placement};
use super::lexer::{Element, Lexer, Node};
use super::lexical::parse_bool;
use super::messages::{
    Encountered, NodeKind, Syntax, expecting_element_state, invalid_conversion,
    value_type_cannot_be_null,
};
use super::report::{Fatal, SkipContext, Skipped, lexical_form, skip_diagnostic};
use super::scan::{char_node_end, is_blank, is_xml_space};
use super::{MAX_QUOTED_CHARS, clr};
use crate::codec::{Capped, Diagnostic, DiagnosticKind, Location};
use crate::contract::{ClrType, FieldSchema, TypeSchema};
use crate::model::{Object, Value, Zone};
use std::ops::Range;

/// An element's path (`/Root/Member`) as [`Lexer::path`] spells it right after the element's
/// start tag: a chain of borrowed names, written out only when a diagnostic needs it.
#[derive(Clone, Copy, Debug)]
pub(super) struct ElementPath<'p> {
    parent: Option<&'p ElementPath<'p>>,
    local: &'p str,
}

impl<'p> ElementPath<'p> {
    /// The path of the document element `local`.
    pub(super) fn root(local: &'p str) -> Self {
        ElementPath {
            parent: None,
            local,
        }
    }

    /// The path of a child element `local` of this one.
    pub(super) fn child(&'p self, local: &'p str) -> Self {
        ElementPath {
            parent: Some(self),
            local,
        }
    }
}

impl ElementPath<'_> {
    /// Append the path to `out`.
    fn push_to(&self, out: &mut String) {
        if let Some(parent) = self.parent {
            parent.push_to(out);
        }
        out.push('/');
        out.push_str(self.local);
    }
}

impl std::fmt::Display for ElementPath<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Built with plain string pushes (cheaper than nested formatting), then written once.
        let mut out = String::with_capacity(PATH_CAPACITY);
        self.push_to(&mut out);
        f.write_str(&out)
    }
}

/// Initial capacity of a rendered path (the request's paths fit).
const PATH_CAPACITY: usize = 96;

/// The reader state shared by the document and object readers.
pub(super) struct Binder<'i> {
    pub(super) lx: Lexer<'i>,
    pub(super) server: Zone,
    /// The first diagnostics met, the rest counted.
    pub(super) diagnostics: Capped<Diagnostic>,
}

impl<'i> Binder<'i> {
    /// The next node; reader errors become fatal.
    pub(super) fn next(&mut self) -> Result<Node<'i>, Box<Fatal>> {
        match self.lx.next() {
            Ok(node) => Ok(node),
            Err(e) => Err(Fatal::lex(e, self.lx.path())),
        }
    }

    /// End of input inside an element. The lexer reports this itself; this is the backstop
    /// that keeps every loop finite.
    pub(super) fn eof(&self) -> Box<Fatal> {
        let at = self.lx.text().len();
        let what = Syntax::UnexpectedEof(self.lx.open_names_with(None));
        Fatal::lex(self.lx.error_at(&what, at, at), self.lx.path())
    }

    /// Lex the next node without consuming it (.NET has read it before it fails).
    pub(super) fn touch_next(&mut self) -> Result<(), Box<Fatal>> {
        match self.lx.peek() {
            Ok(_) => Ok(()),
            Err(e) => Err(Fatal::lex(e, self.lx.path())),
        }
    }

    /// Where a document offset is, for a diagnostic at `path`.
    pub(super) fn location_at(&self, path: String, offset: usize) -> Location {
        let (line, column) = self.lx.locate(offset);
        Location::Xml { path, line, column }
    }

    /// Read the members of `schema` inside `element` (just opened, at `path`) up to its end
    /// tag.
    pub(super) fn class(
        &mut self,
        schema: &'static TypeSchema,
        element: &Element<'_>,
        path: &ElementPath<'_>,
    ) -> Result<(Object, MemberCursor), Box<Fatal>> {
        let mut object = Object::new(schema);
        let mut cursor = MemberCursor::new(schema);
        if element.empty {
            return Ok((object, cursor));
        }
        while let Some(child) = self.next_child()? {
            let path = path.child(child.local);
            match cursor.place(child.local, &child.namespace) {
                Placement::Read(field) => {
                    object.values[field] = self.member(schema, field, &child, &path)?;
                }
                Placement::Skip(reason) => {
                    let skipped = self.skip(&child)?;
                    // Located and worded only when it is kept.
                    if !self.diagnostics.has_room() {
                        self.diagnostics.omit();
                        continue;
                    }
                    let cx = SkipContext {
                        schema,
                        object: &object,
                        element: &child,
                        location: self.location_at(path.to_string(), child.tag.start),
                        skipped: &skipped,
                    };
                    let diagnostic = skip_diagnostic(&reason, &cx);
                    self.diagnostics.push(diagnostic);
                }
            }
        }
        Ok((object, cursor))
    }

    /// The next child element of the open element, or `None` at its end tag. Comments,
    /// declarations and whitespace between children are passed over; other text is the fatal
    /// "Expecting state 'Element'" of a class or collection body.
    pub(super) fn next_child(&mut self) -> Result<Option<Element<'i>>, Box<Fatal>> {
        loop {
            match self.next()? {
                Node::End(_) => return Ok(None),
                Node::Eof => return Err(self.eof()),
                Node::Comment | Node::Decl => {}
                Node::Text(range, text) if !is_blank(&text) => {
                    return Err(self.stray(range, NodeKind::Text, &text));
                }
                Node::Ref(range, ch) if !is_xml_space_char(ch) => {
                    return Err(self.stray(range, NodeKind::Text, &ch.to_string()));
                }
                Node::CData(range, text) if !is_blank(&text) => {
                    return Err(self.stray(range, NodeKind::CData, &text));
                }
                Node::Text(..) | Node::Ref(..) | Node::CData(..) => {}
                Node::Start(child) => return Ok(Some(child)),
            }
        }
    }

    /// Non-element content where an element is expected: `HandleMemberNotFound` throws
    /// "Expecting state 'Element'" with the reader on the first non-whitespace node.
    pub(super) fn stray(&self, range: Range<usize>, kind: NodeKind, text: &str) -> Box<Fatal> {
        let bytes = self.lx.text().as_bytes();
        let node = match kind {
            NodeKind::Text if bytes.get(range.start) != Some(&b'&') => {
                let start = self.lx.skip_space(range.start);
                start..char_node_end(bytes, start).min(range.end)
            }
            _ => range,
        };
        let (line, pos) = self.lx.net_position_of(node.clone());
        let found = Encountered {
            kind,
            name: String::new(),
            namespace: String::new(),
        };
        let shown = crate::excerpt::excerpt(text.trim(), MAX_QUOTED_CHARS).into_owned();
        Box::new(Fatal {
            kind: DiagnosticKind::XmlStrayText,
            error: expecting_element_state(line, pos, &found),
            offset: node.start,
            path: self.lx.path(),
            field: None,
            found: Some(shown.clone()),
            expected: Some("only member elements".to_owned()),
            message: format!(
                "text {shown:?} stands directly inside {}; DataContractSerializer expects only \
                 elements there, so the action receives null",
                self.lx.path()
            ),
        })
    }

    /// Read member `field` from `element` (`ReadAttributes`, `ReadIfNullOrRef`, then the value).
    fn member(
        &mut self,
        schema: &'static TypeSchema,
        field: usize,
        element: &Element<'_>,
        path: &ElementPath<'_>,
    ) -> Result<Value, Box<Fatal>> {
        let f = &schema.fields[field];
        if self.nil(element, path, Some(f))? {
            // `ReadIfNullOrRef` skips the element (and reads the next node) before the
            // generated code rejects null for a value type.
            self.skip(element)?;
            if f.nullable || f.ty.is_reference() {
                return Ok(Value::Null);
            }
            self.touch_next()?;
            return Err(Box::new(Fatal {
                kind: DiagnosticKind::XmlNilOnValueType,
                error: value_type_cannot_be_null(&clr::clr_system_name(f.ty)),
                offset: element.tag.start,
                path: path.to_string(),
                field: Some(f.name.clone()),
                found: Some("i:nil=\"true\"".to_owned()),
                expected: Some(lexical_form(f.ty).to_owned()),
                message: format!(
                    "{} has i:nil=\"true\" but is a non-nullable {}; DataContractSerializer \
                     cannot store null there, so the action receives null",
                    f.name,
                    f.ty.clr_name()
                ),
            }));
        }
        match f.ty {
            ClrType::List => self.list(f, element, path),
            _ => self.primitive(f, element, path),
        }
    }

    /// Whether `element` is nil (`i:nil` read as xs:boolean). A bad value is a conversion error.
    pub(super) fn nil(
        &self,
        element: &Element<'_>,
        path: &ElementPath<'_>,
        field: Option<&FieldSchema>,
    ) -> Result<bool, Box<Fatal>> {
        let Some(raw) = &element.nil else {
            return Ok(false);
        };
        parse_bool(raw).ok_or_else(|| {
            Box::new(Fatal {
                kind: DiagnosticKind::XmlBadValue,
                error: invalid_conversion(raw, "Boolean"),
                offset: element.tag.start,
                path: path.to_string(),
                field: field.map(|f| f.name.clone()),
                found: Some(raw.clone()),
                expected: Some("i:nil as xs:boolean: true, false, 1 or 0".to_owned()),
                message: format!(
                    "i:nil={raw:?} is not an xs:boolean; .NET fails reading the attribute, so the \
                 action receives null"
                ),
            })
        })
    }

    /// Skip an element and everything inside it (`XmlReader.Skip`), keeping what it held.
    pub(super) fn skip(&mut self, element: &Element<'_>) -> Result<Skipped, Box<Fatal>> {
        let mut skipped = Skipped {
            nil: element.nil.as_deref().and_then(parse_bool) == Some(true),
            ..Skipped::default()
        };
        if element.empty {
            return Ok(skipped);
        }
        let mut depth = 1usize;
        let mut quoted = 0usize;
        let mut quote = |skipped: &mut Skipped, s: &str| {
            for c in s.chars() {
                if quoted == MAX_QUOTED_CHARS {
                    skipped.text.push('…');
                    quoted += 1;
                }
                if quoted > MAX_QUOTED_CHARS {
                    return;
                }
                skipped.text.push(c);
                quoted += 1;
            }
        };
        loop {
            match self.next()? {
                Node::Start(e) => {
                    skipped.children += 1;
                    if !e.empty {
                        depth += 1;
                    }
                }
                Node::End(_) => {
                    depth -= 1;
                    if depth == 0 {
                        return Ok(skipped);
                    }
                }
                Node::Text(_, t) | Node::CData(_, t) => quote(&mut skipped, &t),
                Node::Ref(_, c) => quote(&mut skipped, &c.to_string()),
                Node::Eof => return Err(self.eof()),
                Node::Comment | Node::Decl => {}
            }
        }
    }
}

fn is_xml_space_char(c: char) -> bool {
    u8::try_from(c).is_ok_and(is_xml_space)
}
