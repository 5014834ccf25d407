//! Simple member values: `XmlDictionaryReader.ReadElementContentAs*` (an empty element is
//! read past before `""` is converted; atomic text is converted before the end tag is read;
//! otherwise character data is concatenated up to the next element or end tag), then
//! `ReadEndElement`, then the `short` range check of `XmlReaderDelegator.ToShort`.

use super::bind::Binder;
use super::lexer::{Element, Node};
use super::lexical::{Converted, Failure, convert};
use super::messages::{Syntax, invalid_conversion, invalid_conversion_at, syntax};
use super::report::{Fatal, lexical_form, note, show};
use super::scan::{is_atomic_text, is_blank};
use crate::codec::{DiagnosticKind, Effect, Severity};
use crate::contract::FieldSchema;
use crate::model::Value;

impl<'i> Binder<'i> {
    /// A primitive or string member: `ReadElementContentAs*`.
    pub(super) fn primitive(
        &mut self,
        f: &FieldSchema,
        element: &Element,
        path: &str,
    ) -> Result<Value, Box<Fatal>> {
        let bytes = self.lx.text().as_bytes();
        let text = if element.empty {
            // `Read()` past the empty element, then convert "".
            self.touch_next()?;
            String::new()
        } else {
            match self.next()? {
                Node::Text(range, text) if is_atomic_text(bytes, range.start, range.end) => {
                    // Atomic text is converted before the end tag is read.
                    let value = self.value(f, &text, element, path)?;
                    let stop = self.next()?;
                    self.expect_end(element, stop)?;
                    return self.finish(f, value, element, path);
                }
                first => {
                    let (text, stop) = self.content(first)?;
                    let value = self.value(f, &text, element, path)?;
                    self.expect_end(element, stop)?;
                    return self.finish(f, value, element, path);
                }
            }
        };
        let value = self.value(f, &text, element, path)?;
        self.finish(f, value, element, path)
    }

    /// Concatenate character data from `first` on (`ReadContentAsString`), returning it and
    /// the node that ended it.
    fn content(&mut self, first: Node<'i>) -> Result<(String, Node<'i>), Box<Fatal>> {
        let mut text = String::new();
        let mut node = first;
        loop {
            match node {
                Node::Text(_, t) | Node::CData(_, t) => text.push_str(&t),
                Node::Ref(_, c) => text.push(c),
                Node::Comment | Node::Decl => {}
                Node::Eof => return Err(self.eof()),
                stop @ (Node::Start(_) | Node::End(_)) => return Ok((text, stop)),
            }
            node = self.next()?;
        }
    }

    /// `ReadEndElement`: the member must end here; a child element is an error.
    fn expect_end(&mut self, element: &Element, stop: Node<'i>) -> Result<(), Box<Fatal>> {
        let Node::Start(child) = stop else {
            return Ok(());
        };
        let (line, pos) = self.lx.net_position();
        let what = Syntax::EndElementExpected {
            name: element.local.clone(),
            namespace: element.namespace.clone(),
            found: format!(
                "element '{}' from namespace '{}'",
                child.qname, child.namespace
            ),
        };
        Err(Box::new(Fatal {
            kind: DiagnosticKind::XmlMalformed,
            error: syntax(&what, line, pos),
            offset: child.tag.start,
            path: self.lx.path(),
            field: Some(element.local.clone()),
            found: Some(format!("element {}", child.qname)),
            expected: Some(format!("text, then </{}>", element.qname)),
            message: format!(
                "element {} holds a child element {}; a simple member holds only text, so the \
                 action receives null",
                element.local, child.qname
            ),
        }))
    }

    /// Convert member text; conversion failures other than the `short` range are fatal here.
    fn value(
        &mut self,
        f: &FieldSchema,
        text: &str,
        element: &Element,
        path: &str,
    ) -> Result<Result<Converted, i64>, Box<Fatal>> {
        match convert(f.ty, text, self.server) {
            Ok(converted) => Ok(Ok(converted)),
            Err(Failure::Int16Range(v)) => Ok(Err(v)),
            Err(Failure::Conversion { value, type_name }) => {
                let empty = is_blank(&value);
                let (kind, message) = if empty {
                    (
                        DiagnosticKind::XmlEmptyValue,
                        format!(
                            "element {} is empty; an empty element is not null, and the {} \
                             member needs a value, so the action receives null",
                            f.name,
                            f.ty.clr_name()
                        ),
                    )
                } else {
                    (
                        DiagnosticKind::XmlBadValue,
                        format!(
                            "{} holds {value:?}, which XmlConvert does not read as {}; the \
                             action receives null",
                            f.name,
                            f.ty.clr_name()
                        ),
                    )
                };
                Err(Box::new(Fatal {
                    kind,
                    error: invalid_conversion(&value, type_name),
                    offset: element.tag.start,
                    path: path.to_owned(),
                    field: Some(f.name.clone()),
                    found: Some(value),
                    expected: Some(lexical_form(f.ty).to_owned()),
                    message,
                }))
            }
        }
    }

    /// Record the value's notes, or fail the `short` range check, which .NET runs after the end
    /// tag and the node after it were read (so its position is after that node).
    fn finish(
        &mut self,
        f: &FieldSchema,
        value: Result<Converted, i64>,
        element: &Element,
        path: &str,
    ) -> Result<Value, Box<Fatal>> {
        let converted = match value {
            Ok(converted) => converted,
            Err(v) => {
                self.touch_next()?;
                let (line, pos) = self.lx.net_position();
                return Err(Box::new(Fatal {
                    kind: DiagnosticKind::XmlBadValue,
                    error: invalid_conversion_at(line, pos, &v.to_string(), "Int16"),
                    offset: element.tag.start,
                    path: path.to_owned(),
                    field: Some(f.name.clone()),
                    found: Some(v.to_string()),
                    expected: Some(lexical_form(f.ty).to_owned()),
                    message: format!(
                        "{} holds {v}, outside the Int16 range -32768..32767; the action \
                         receives null",
                        f.name
                    ),
                }));
            }
        };
        if !converted.trimmed && !converted.date_converted {
            return Ok(converted.value);
        }
        let location = self.location_at(path.to_owned(), element.tag.start);
        if converted.trimmed {
            self.diagnostics.push(note(
                DiagnosticKind::XmlTrimmed,
                Severity::Info,
                location.clone(),
                Some(f.name.clone()),
                Effect::Converted,
                format!(
                    "whitespace around the value of {} was trimmed; .NET reads it as {}",
                    f.name,
                    show(&converted.value)
                ),
            ));
        }
        if converted.date_converted {
            self.diagnostics.push(note(
                DiagnosticKind::XmlDateConverted,
                Severity::Info,
                location,
                Some(f.name.clone()),
                Effect::Converted,
                format!(
                    "{} carries an offset; .NET converts it to the server's local time: {} (Kind \
                     Local)",
                    f.name,
                    show(&converted.value)
                ),
            ));
        }
        Ok(converted.value)
    }
}
