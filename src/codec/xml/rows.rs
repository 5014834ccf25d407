//! `List<Row>` members: the collection reader takes elements named and namespaced as the row
//! contract and skips anything else (`HandleUnexpectedItemInCollection`); text is an error.

use super::bind::{Binder, is_xml_space_char};
use super::lexer::{Element, Node};
use super::messages::NodeKind;
use super::report::{Fatal, note};
use super::scan::is_blank;
use crate::codec::{DiagnosticKind, Effect, Severity};
use crate::contract::{FieldSchema, TypeSchema, contract};
use crate::model::{Object, Value};

impl<'i> Binder<'i> {
    /// A `List<Row>` member: items are elements named and namespaced as the row contract;
    /// anything else is skipped (`HandleUnexpectedItemInCollection`).
    pub(super) fn list(&mut self, f: &FieldSchema, element: &Element) -> Result<Value, Box<Fatal>> {
        let Some(item) = f.item.map(|id| contract().schema(id)) else {
            self.skip(element)?;
            return Ok(Value::Null);
        };
        let mut rows = Vec::new();
        if element.empty {
            return Ok(Value::List(rows));
        }
        loop {
            match self.next()? {
                Node::End(_) => return Ok(Value::List(rows)),
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
                Node::Start(row) => self.row(item, &row, &mut rows)?,
            }
        }
    }

    fn row(
        &mut self,
        item: &'static TypeSchema,
        row: &Element,
        rows: &mut Vec<Object>,
    ) -> Result<(), Box<Fatal>> {
        let path = self.lx.path();
        let location = self.location_at(path.clone(), row.tag.start);
        if row.local != item.name || row.namespace != item.namespace {
            let skipped = self.skip(row)?;
            self.diagnostics.push(note(
                DiagnosticKind::XmlUnknownElement,
                Severity::Warning,
                location,
                None,
                Effect::Ignored,
                format!(
                    "element {} (namespace `{}`) is not a {} row; the collection reader skips it \
                     ({} child element(s) lost)",
                    row.local, row.namespace, item.name, skipped.children
                ),
            ));
            return Ok(());
        }
        if self.nil(row, &path, None)? {
            self.skip(row)?;
            self.diagnostics.push(note(
                DiagnosticKind::XmlNilObject,
                Severity::Warning,
                location,
                None,
                Effect::Ignored,
                "a row carries i:nil=\"true\"; .NET adds a null entry to the list, which this \
                 model cannot hold, so the row is left out"
                    .to_owned(),
            ));
            return Ok(());
        }
        let (object, _) = self.class(item, row)?;
        rows.push(object);
        Ok(())
    }
}
