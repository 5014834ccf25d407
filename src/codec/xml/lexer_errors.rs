//! quick-xml's errors restated as what `XmlUTF8TextReader` throws for the same bytes, with the
//! offset its buffer reader stands at (see `position` for how that becomes "Line L, position P").
//! Where .NET would fail earlier or differently (it scans byte by byte, quick-xml by markup), the
//! .NET behaviour is reproduced from the source; malformations outside the modelled set keep
//! quick-xml's description and are marked as such.

use super::lexer::{LexError, LexKind, Lexer};
use super::messages::Syntax;
use super::tag::{check_start_tag, qualified_name};
use quick_xml::errors::{Error, IllFormedError, SyntaxError};
use quick_xml::events::attributes::AttrError;
use quick_xml::events::{BytesDecl, BytesRef};
use quick_xml::name::{NamespaceError, QName, ResolveResult};
use std::ops::Range;

const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";
const XMLNS_NS: &str = "http://www.w3.org/2000/xmlns/";

/// Map a quick-xml error raised while reading the node that starts at `start`.
pub(super) fn map(lexer: &Lexer<'_>, error: &Error, start: usize) -> LexError {
    let bytes = lexer.text().as_bytes();
    let eof = bytes.len();
    match error {
        Error::Syntax(kind) => {
            if let Some(early) = early_markup_error(lexer, start) {
                return early;
            }
            match kind {
                SyntaxError::UnclosedSingleQuotedAttributeValue
                | SyntaxError::UnclosedDoubleQuotedAttributeValue => unclosed_value(lexer, start),
                _ => unexpected_eof(lexer, start),
            }
        }
        Error::IllFormed(IllFormedError::MismatchedEndTag { expected, .. }) => {
            end_tag(lexer, start, expected)
        }
        Error::IllFormed(IllFormedError::UnmatchedEndTag(_)) => end_tag(lexer, start, ""),
        Error::IllFormed(IllFormedError::DoubleHyphenInComment) => {
            let at = (start + 4..eof.saturating_sub(1))
                .find(|&i| bytes[i] == b'-' && bytes[i + 1] == b'-')
                .unwrap_or(start);
            lexer.error_at(&Syntax::CommentDoubleHyphen, start, at)
        }
        Error::IllFormed(IllFormedError::UnclosedReference) => {
            let amp = (start..eof).find(|&i| bytes[i] == b'&').unwrap_or(start);
            // `ReadCharRef` scans for `;` across anything; without one it runs into the end.
            if bytes[amp..].contains(&b';') {
                lexer.error_at(&Syntax::InvalidCharRef, amp, amp)
            } else {
                lexer.error_at(
                    &Syntax::UnexpectedEof(lexer.open_names_with(None)),
                    amp,
                    eof,
                )
            }
        }
        Error::IllFormed(IllFormedError::MissingDoctypeName) => doctype(lexer, start),
        Error::IllFormed(
            IllFormedError::MissingDeclVersion(_) | IllFormedError::UnknownVersion,
        ) => {
            let end = find_from(bytes, start, b"?>").map_or(eof, |i| i + 2);
            lexer.error_at(&Syntax::DeclarationMissingVersion, start, end)
        }
        Error::IllFormed(IllFormedError::MissingEndTag(_)) => unexpected_eof(lexer, start),
        Error::Escape(_) => lexer.error_at(&Syntax::InvalidCharRef, start, start),
        Error::Namespace(ns) => {
            let what = namespace_error(ns);
            lexer.error_at(&what, start, tag_close(bytes, start))
        }
        Error::InvalidAttr(attr) => {
            // quick-xml resolves `xmlns` while reading; .NET's own scan decides what it says.
            if let Err((what, at)) = check_start_tag(bytes, start) {
                return lexer.error_at(&what, start, at);
            }
            let end = tag_close(bytes, start) + 1;
            attribute(lexer, attr, start..end)
        }
        Error::Io(_) | Error::Encoding(_) => unmodelled(lexer, error, start),
    }
}

/// A malformation .NET reports differently than modelled here: keep quick-xml's words.
fn unmodelled(lexer: &Lexer<'_>, error: &Error, start: usize) -> LexError {
    lexer.error_at(&Syntax::Unmodelled(error.to_string()), start, start)
}

/// What .NET says before ever reaching the end of an unclosed `<!…` or `<?…` construct.
fn early_markup_error(lexer: &Lexer<'_>, start: usize) -> Option<LexError> {
    let bytes = lexer.text().as_bytes();
    match (bytes.get(start + 1), bytes.get(start + 2)) {
        (Some(b'!'), Some(b'-')) => match bytes.get(start + 3) {
            Some(b'-') | None => None,
            Some(&c) => Some(lexer.error_at(&token("--", c), start, start + 3)),
        },
        (Some(b'!'), _) => Some(doctype(lexer, start))
            .filter(|_| !bytes[start..].starts_with(b"<![CDATA[") || lexer.depth() == 0),
        (Some(b'?'), _) if !is_declaration_start(bytes, start) => {
            Some(lexer.error_at(&Syntax::ProcessingInstruction, start, start + 1))
        }
        _ => None,
    }
}

fn token(expected: &str, found: u8) -> Syntax {
    Syntax::TokenExpected {
        expected: expected.to_owned(),
        found: char::from(found).to_string(),
    }
}

fn is_declaration_start(bytes: &[u8], start: usize) -> bool {
    bytes[start..].starts_with(b"<?xml")
        && bytes
            .get(start + 5)
            .is_some_and(|&b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
}

/// `<!…` that is not a comment: before the root, `XmlCDATAInvalidAtTopLevel` (so also every
/// `<!DOCTYPE`); inside an element `ReadCData` wants `[CDATA[` and quotes the 7 bytes it found.
pub(super) fn doctype(lexer: &Lexer<'_>, start: usize) -> LexError {
    let bytes = lexer.text().as_bytes();
    let kind = if bytes[start..].starts_with(b"<!DOCTYPE") {
        LexKind::Dtd
    } else {
        LexKind::Malformed
    };
    let mut e = if lexer.depth() == 0 {
        lexer.error_at(&Syntax::CdataAtTopLevel, start, start + 2)
    } else {
        let found_end = (start + 9).min(bytes.len());
        let found = String::from_utf8_lossy(&bytes[start + 2..found_end]).into_owned();
        let what = Syntax::TokenExpected {
            expected: "[CDATA[".to_owned(),
            found,
        };
        lexer.error_at(&what, start, start + 2)
    };
    e.kind = kind;
    e
}

/// End of input inside the markup at `start`; a start tag was already entered by .NET.
fn unexpected_eof(lexer: &Lexer<'_>, start: usize) -> LexError {
    let bytes = lexer.text().as_bytes();
    let entered = (bytes.get(start) == Some(&b'<')
        && bytes
            .get(start + 1)
            .is_some_and(|&b| !matches!(b, b'/' | b'!' | b'?')))
    .then(|| local_of(lexer.name_at(start + 1)))
    .filter(|name| !name.is_empty());
    let open = lexer.open_names_with(entered);
    lexer.error_at(&Syntax::UnexpectedEof(open), start, bytes.len())
}

/// An attribute value whose quote never closes: `ReadAttributeText` stops at `<` (token
/// expected) or runs into the end of input.
fn unclosed_value(lexer: &Lexer<'_>, start: usize) -> LexError {
    let bytes = lexer.text().as_bytes();
    let quote_at = (start..bytes.len()).find(|&i| matches!(bytes[i], b'"' | b'\''));
    match quote_at {
        Some(q) => match (q + 1..bytes.len()).find(|&i| bytes[i] == b'<') {
            Some(lt) => {
                let what = Syntax::TokenExpected {
                    expected: char::from(bytes[q]).to_string(),
                    found: "<".to_owned(),
                };
                lexer.error_at(&what, start, lt)
            }
            None => unexpected_eof(lexer, start),
        },
        None => unexpected_eof(lexer, start),
    }
}

/// A mismatched or unmatched end tag. `ReadEndElement` compares the bytes of the open element's
/// qualified name (empty at the top level), then wants optional whitespace and `>`.
fn end_tag(lexer: &Lexer<'_>, start: usize, expected: &str) -> LexError {
    let bytes = lexer.text().as_bytes();
    let name_at = start + 2;
    if bytes[name_at..].starts_with(expected.as_bytes()) {
        let mut at = name_at + expected.len();
        while at < bytes.len() && matches!(bytes[at], b' ' | b'\t' | b'\n' | b'\r') {
            at += 1;
        }
        return match bytes.get(at) {
            Some(b'>') => lexer.error_at(&Syntax::UnexpectedEndElement, start, at + 1),
            Some(&c) => lexer.error_at(&token(">", c), start, at),
            None => unexpected_eof(lexer, start),
        };
    }
    // The bytes differ: `ReadQualifiedName` reads what is there, and verifies it.
    if let Err((what, at)) = qualified_name(bytes, name_at) {
        return lexer.error_at(&what, start, at);
    }
    let found = lexer.name_at(name_at);
    let what = Syntax::TagMismatch {
        expected: expected.to_owned(),
        found: found.to_owned(),
    };
    lexer.error_at(&what, start, name_at + found.len())
}

/// Attribute syntax errors (positions in quick-xml's errors count from after the `<`).
pub(super) fn attribute(lexer: &Lexer<'_>, error: &AttrError, tag: Range<usize>) -> LexError {
    let bytes = lexer.text().as_bytes();
    let base = tag.start + 1;
    let close = tag_close(bytes, tag.start);
    let at = |p: usize| (base + p).min(bytes.len());
    let found = |i: usize| bytes.get(i).map_or(b' ', |&b| b);
    match error {
        AttrError::ExpectedEq(p) => lexer.error_at(&token("=", found(at(*p))), tag.start, at(*p)),
        AttrError::ExpectedValue(p) | AttrError::UnquotedValue(p) => {
            lexer.error_at(&token("\"", found(at(*p))), tag.start, at(*p))
        }
        AttrError::ExpectedQuote(_, _) => unclosed_value(lexer, tag.start),
        AttrError::Duplicated(p, _) => {
            let name = lexer.name_at(at(*p));
            let (resolved, _) = lexer_resolve(lexer, name);
            let what = Syntax::DuplicateAttribute {
                first: name.to_owned(),
                second: name.to_owned(),
                namespace: resolved,
            };
            lexer.error_at(&what, tag.start, close)
        }
    }
}

fn lexer_resolve(lexer: &Lexer<'_>, name: &str) -> (String, String) {
    let (resolved, local) = lexer.resolver().resolve_attribute(QName(name));
    let ns = match resolved {
        ResolveResult::Bound(ns) => ns.as_ref().to_owned(),
        ResolveResult::Unbound | ResolveResult::Unknown(_) => String::new(),
    };
    (ns, local.as_ref().to_owned())
}

/// `AddXmlnsAttribute`: the `xml` and `xmlns` prefixes are reserved.
pub(super) fn check_binding(prefix: &str, uri: &str) -> Result<(), Syntax> {
    match prefix {
        "xml" if uri != XML_NS => Err(Syntax::ReservedPrefix {
            prefix: "xml".to_owned(),
            namespace: XML_NS.to_owned(),
        }),
        "xmlns" if uri != XMLNS_NS => Err(Syntax::ReservedPrefix {
            prefix: "xmlns".to_owned(),
            namespace: XMLNS_NS.to_owned(),
        }),
        _ => Ok(()),
    }
}

fn namespace_error(error: &NamespaceError) -> Syntax {
    match error {
        NamespaceError::UnknownPrefix(p) => Syntax::UndefinedPrefix(p.clone()),
        NamespaceError::InvalidXmlPrefixBind(_) | NamespaceError::InvalidPrefixForXml(_) => {
            Syntax::ReservedPrefix {
                prefix: "xml".to_owned(),
                namespace: XML_NS.to_owned(),
            }
        }
        NamespaceError::InvalidXmlnsPrefixBind(_) | NamespaceError::InvalidPrefixForXmlns(_) => {
            Syntax::ReservedPrefix {
                prefix: "xmlns".to_owned(),
                namespace: XMLNS_NS.to_owned(),
            }
        }
        // quick-xml refuses more namespace bindings than its limit; .NET has no such limit
        // (its name table quota is int.MaxValue under Web API).
        _ => Syntax::Unmodelled(error.to_string()),
    }
}

/// The `>` or `/` ending the tag at `start` (where .NET resolves prefixes), or the end.
fn tag_close(bytes: &[u8], start: usize) -> usize {
    let mut quote = None;
    for (i, &b) in bytes.iter().enumerate().skip(start + 1) {
        match (quote, b) {
            (None, b'"' | b'\'') => quote = Some(b),
            (Some(q), _) if b == q => quote = None,
            (None, b'>') => {
                return if bytes.get(i.wrapping_sub(1)) == Some(&b'/') {
                    i - 1
                } else {
                    i
                };
            }
            _ => {}
        }
    }
    bytes.len()
}

fn find_from(bytes: &[u8], start: usize, needle: &[u8]) -> Option<usize> {
    bytes
        .get(start..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|i| i + start)
}

fn local_of(qname: &str) -> String {
    qname.rsplit(':').next().unwrap_or(qname).to_owned()
}

/// `XmlBufferReader.GetCharEntity`: the five predefined entities (exact spelling), decimal
/// `&#…;` and lower-case-`x` hexadecimal `&#x…;` up to U+10FFFF. .NET takes an empty digit
/// string as 0 and accepts any code point, including controls; a lone surrogate, which .NET
/// would put into the string, cannot live in a Rust string and is refused here.
pub(super) fn resolve_reference(r: &BytesRef<'_>) -> Option<char> {
    let name: &str = r;
    let code = match name {
        "lt" => return Some('<'),
        "gt" => return Some('>'),
        "amp" => return Some('&'),
        "quot" => return Some('"'),
        "apos" => return Some('\''),
        _ => {
            if let Some(hex) = name.strip_prefix("#x") {
                digits(hex, 16)?
            } else if let Some(dec) = name.strip_prefix('#') {
                digits(dec, 10)?
            } else {
                return None;
            }
        }
    };
    char::from_u32(code)
}

fn digits(s: &str, radix: u32) -> Option<u32> {
    let mut value: u32 = 0;
    for c in s.chars() {
        value = value.checked_mul(radix)? + c.to_digit(radix)?;
        if value > 0x10_FFFF {
            return None;
        }
    }
    Some(value)
}

/// `ReadDeclaration` + `MoveToDeclaration`: first node, `<?xml` then whitespace, `version` first
/// and equal to `1.0`, `standalone` `yes` or `no`.
pub(super) fn check_declaration(
    lexer: &Lexer<'_>,
    decl: &BytesDecl<'_>,
    range: Range<usize>,
) -> Result<(), LexError> {
    let bytes = lexer.text().as_bytes();
    if !is_declaration_start(bytes, range.start) {
        return Err(lexer.error_at(&Syntax::ProcessingInstruction, range.start, range.start + 1));
    }
    if lexer.nodes_read() > 1 {
        return Err(lexer.error_at(&Syntax::DeclarationNotFirst, range.start, range.start + 1));
    }
    let at_end = |what| lexer.error_at(&what, range.start, range.end);
    match decl.version() {
        Ok(v) if v.as_ref() == "1.0" => {}
        Ok(_) => return Err(at_end(Syntax::InvalidVersion)),
        Err(_) => return Err(at_end(Syntax::DeclarationMissingVersion)),
    }
    match decl.standalone() {
        None => Ok(()),
        Some(Ok(v)) if matches!(v.as_ref(), "yes" | "no") => Ok(()),
        Some(_) => Err(at_end(Syntax::InvalidStandalone)),
    }
}
