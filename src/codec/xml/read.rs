//! The document reader: `XmlMediaTypeFormatter.ReadFromStream` → `XmlDictionaryReader
//! .CreateTextReader` → `DataContractSerializer.ReadObject` (contracts/reference/wire.md#xml-read-algorithm).
//!
//! 1. Creating the reader checks the declaration's `encoding` against the body's (UTF-8).
//! 2. `IsStartObject`: the first element must be the type's root (name and namespace), or
//!    `anyType` in the serialization namespace, which the serializer also accepts. (It would also
//!    accept the root of a base class, whose CLR name the help page does not publish; that case
//!    is not modelled.)
//! 3. `TryHandleNullOrRef`: `i:nil="true"` on the root gives `null` without any error.
//! 4. The class reader (`bind`), then `ReadEndElement`, whose `Read()` reads exactly one node
//!    after the root: a second root element or text there fails; anything after that node is
//!    never looked at.
//!
//! .NET says nothing about members no element bound (they keep their CLR defaults); the reader
//! lists them in one Info diagnostic (`XmlMembersMissing`) so a frontend developer sees what the
//! action will get.

use super::bind::Binder;
use super::bind::ElementPath;
use super::clr::{SERIALIZATION_NS, clr_full_name};
use super::lexer::{Element, Lexer, Node};
use super::messages::{
    Encountered, NodeKind, Syntax, encoding_mismatch, expecting_root,
    malformed_declaration_before_read,
};
use super::report::{Fatal, note, push_shown};
use crate::codec::{BindOptions, Capped, DiagnosticKind, Effect, Read, Severity};
use crate::contract::TypeSchema;
use crate::model::Object;

/// Initial capacity of the missing-members sentence (the request's ten members fit).
const MISSING_CAPACITY: usize = 256;

/// Read a request body as DataContractSerializer under Web API would.
///
/// ```
/// use favorite_contract::codec::{BindOptions, xml};
/// use favorite_contract::contract;
/// let body = r#"<ClientFavoriteDataInfoRequest xmlns="http://schemas.datacontract.org/2004/07/LCManagerPartner.Implementation.Request"><EndDate>2026-05-07T00:00:00</EndDate><Client>7</Client></ClientFavoriteDataInfoRequest>"#;
/// let read = xml::read(body, contract().request(), &BindOptions::default());
/// let object = read.object.expect("binds");
/// assert_eq!(object.get("Client"), Some(&favorite_contract::Value::Int(0)));
/// assert_eq!(read.diagnostics[0].message, "element Client arrived after EndDate; \
///     DataContractSerializer skips it, so Client stays 0 and the value \"7\" is lost");
/// ```
pub fn read(text: &str, schema: &'static TypeSchema, options: &BindOptions) -> Read {
    let mut binder = Binder {
        lx: Lexer::new(text, options.max_depth),
        server: options.server_zone,
        diagnostics: Capped::default(),
    };
    let object = match document(&mut binder, schema) {
        Ok(object) => object,
        Err(fatal) => {
            let location = binder.location_at(fatal.path.clone(), fatal.offset);
            let diagnostic = fatal.into_diagnostic(&clr_full_name(schema), location);
            binder.diagnostics.push(diagnostic);
            None
        }
    };
    let (diagnostics, diagnostics_omitted) = binder.diagnostics.into_parts();
    Read {
        object,
        diagnostics,
        diagnostics_omitted,
    }
}

fn document(b: &mut Binder<'_>, schema: &'static TypeSchema) -> Result<Option<Object>, Box<Fatal>> {
    check_declared_encoding(b.lx.text())?;
    let root = prolog(b, schema)?;
    let path = ElementPath::root(root.local);
    let location = |b: &Binder<'_>| b.location_at(path.to_string(), root.tag.start);
    if b.nil(&root, &path, None)? {
        b.skip(&root)?;
        epilog(b)?;
        b.diagnostics.push(note(
            DiagnosticKind::XmlNilObject,
            Severity::Error,
            location(b),
            None,
            Effect::RequestNull,
            "the root element carries i:nil=\"true\"; DataContractSerializer returns null \
             without a ModelState error, and the action receives null"
                .to_owned(),
        ));
        return Ok(None);
    }
    let (object, cursor) = b.class(schema, &root, &path)?;
    epilog(b)?;
    // One sentence written straight into its buffer: most requests leave members out, so
    // this note is on the common path.
    let mut message = String::new();
    for (n, i) in cursor.unread().enumerate() {
        if n == 0 {
            message.reserve(MISSING_CAPACITY);
            message.push_str("members not bound keep their defaults: ");
        } else {
            message.push_str(", ");
        }
        message.push_str(&schema.fields[i].name);
        message.push_str(" = ");
        push_shown(&mut message, &object.values[i]);
    }
    if !message.is_empty() {
        b.diagnostics.push(note(
            DiagnosticKind::XmlMembersMissing,
            Severity::Info,
            location(b),
            None,
            Effect::DefaultKept,
            message,
        ));
    }
    Ok(Some(object))
}

/// Nodes before the root, then the root check.
fn prolog<'i>(b: &mut Binder<'i>, schema: &'static TypeSchema) -> Result<Element<'i>, Box<Fatal>> {
    let found = loop {
        match b.next()? {
            Node::Decl | Node::Comment => {}
            Node::Text(_, text) if super::scan::is_blank(&text) => {}
            Node::Text(range, _) | Node::Ref(range, _) | Node::CData(range, _) => {
                // Text outside the root: `ThrowInvalidRootData` at its first byte, which the
                // compacted buffer puts at offset 0 ("Line 1, position 1").
                let at = b.lx.skip_space(range.start);
                let e = b.lx.error_at(&Syntax::InvalidRootData, at, at);
                return Err(Fatal::lex(e, "/".to_owned()));
            }
            Node::End(range) => {
                let e =
                    b.lx.error_at(&Syntax::UnexpectedEndElement, range.start, range.end);
                return Err(Fatal::lex(e, "/".to_owned()));
            }
            Node::Eof => break None,
            Node::Start(element) => break Some(element),
        }
    };
    let accepted = |e: &Element| {
        (e.local == schema.name && e.namespace == schema.namespace)
            || (e.local == "anyType" && e.namespace == SERIALIZATION_NS)
    };
    match found {
        Some(e) if accepted(&e) => Ok(e),
        found => {
            let (line, pos) = b.lx.net_position();
            let encountered = match &found {
                Some(e) => Encountered {
                    kind: NodeKind::Element,
                    name: e.local.to_owned(),
                    namespace: e.namespace.clone(),
                },
                None => Encountered {
                    kind: NodeKind::None,
                    name: String::new(),
                    namespace: String::new(),
                },
            };
            let shown = found.as_ref().map_or_else(
                || "no element at all".to_owned(),
                |e| format!("`{}` in namespace `{}`", e.local, e.namespace),
            );
            Err(Box::new(Fatal {
                kind: DiagnosticKind::XmlWrongRoot,
                error: expecting_root(line, pos, &schema.name, &schema.namespace, &encountered),
                offset: found.as_ref().map_or(b.lx.text().len(), |e| e.tag.start),
                path: b.lx.path(),
                field: None,
                found: Some(shown.clone()),
                expected: Some(format!(
                    "`{}` in namespace `{}`",
                    schema.name, schema.namespace
                )),
                message: format!(
                    "the root element is {shown}, but DataContractSerializer expects `{}` in \
                     namespace `{}`; the action receives null",
                    schema.name, schema.namespace
                ),
            }))
        }
    }
}

/// The one node .NET reads after the root element.
fn epilog(b: &mut Binder<'_>) -> Result<(), Box<Fatal>> {
    b.lx.exit_pending();
    let bytes = b.lx.text().as_bytes();
    let at = b.lx.offset();
    let root_path = || "/".to_owned();
    match (bytes.get(at), bytes.get(at + 1)) {
        (None, _) | (Some(b' ' | b'\t' | b'\n' | b'\r'), _) => Ok(()),
        // `EnterScope` refuses a second root before its name is read.
        (Some(b'<'), Some(c)) if !matches!(c, b'/' | b'!' | b'?') => {
            let e = b.lx.error_at(&Syntax::MultipleRoots, at, at + 1);
            Err(Fatal::lex(e, root_path()))
        }
        (Some(b'<'), _) => b.next().map(|_| ()),
        (Some(_), _) => {
            let e = b.lx.error_at(&Syntax::InvalidRootData, at, at);
            Err(Fatal::lex(e, root_path()))
        }
    }
}

/// `EncodingStreamWrapper`: a declaration at the very start whose second `=` (outside quotes,
/// within 128 bytes) belongs to `encoding` must name the body's encoding, UTF-8.
fn check_declared_encoding(text: &str) -> Result<(), Box<Fatal>> {
    let bytes = text.as_bytes();
    if !bytes.starts_with(b"<?") {
        return Ok(());
    }
    let window = &bytes[..bytes.len().min(128)];
    let mut quote = None;
    let mut equals = 0;
    let mut second = None;
    for (i, &c) in window.iter().enumerate().skip(2) {
        match (quote, c) {
            (Some(q), _) if c == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(c),
            (None, b'=') if equals == 1 => {
                second = Some(i);
                break;
            }
            (None, b'=') => equals += 1,
            (None, b'?') => break,
            _ => {}
        }
    }
    let Some(eq) = second else { return Ok(()) };
    let fail = |error| {
        Box::new(Fatal {
            kind: DiagnosticKind::XmlMalformed,
            error,
            offset: 0,
            path: "/".to_owned(),
            field: None,
            found: None,
            expected: Some("encoding=\"utf-8\" or no encoding".to_owned()),
            message: "the XML declaration does not fit the body's UTF-8 encoding; Web API fails \
                  creating the reader, so the action receives null"
                .to_owned(),
        })
    };
    if eq < 28 {
        return Err(fail(malformed_declaration_before_read()));
    }
    let name_end = bytes[..eq]
        .iter()
        .rposition(|c| !c.is_ascii_whitespace())
        .map_or(0, |i| i + 1);
    if !bytes[..name_end].ends_with(b"encoding") {
        return Ok(());
    }
    let mut i = eq + 1;
    while i < window.len() && window[i].is_ascii_whitespace() {
        i += 1;
    }
    let Some(&q) = window.get(i).filter(|c| matches!(c, b'"' | b'\'')) else {
        return Err(fail(malformed_declaration_before_read()));
    };
    let Some(len) = window[i + 1..].iter().position(|&c| c == q) else {
        return Err(fail(malformed_declaration_before_read()));
    };
    let declared = String::from_utf8_lossy(&window[i + 1..i + 1 + len]);
    if declared.eq_ignore_ascii_case("utf-8") {
        return Ok(());
    }
    let mut fatal = fail(encoding_mismatch(&declared));
    fatal.found = Some(declared.into_owned());
    Err(fatal)
}
