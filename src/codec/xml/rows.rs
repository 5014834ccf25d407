//! `List<Row>` members: the collection reader takes elements named and namespaced as the row
//! contract and skips anything else (`HandleUnexpectedItemInCollection`); text is an error.

use super::bind::{Binder, ElementPath};
use super::lexer::Element;
use super::report::{Fatal, note};
use crate::codec::{DiagnosticKind, Effect, Severity};
use crate::contract::{FieldSchema, TypeSchema, contract};
use crate::model::{Object, Value};

impl<'i> Binder<'i> {
    /// A `List<Row>` member: items are elements named and namespaced as the row contract;
    /// anything else is skipped (`HandleUnexpectedItemInCollection`).
    pub(super) fn list(
        &mut self,
        f: &FieldSchema,
        element: &Element<'_>,
        path: &ElementPath<'_>,
    ) -> Result<Value, Box<Fatal>> {
        let Some(item) = f.item.map(|id| contract().schema(id)) else {
            self.skip(element)?;
            return Ok(Value::Null);
        };
        let mut rows = Vec::new();
        if element.empty {
            return Ok(Value::List(rows));
        }
        while let Some(row) = self.next_child()? {
            self.row(item, &row, &path.child(row.local), &mut rows)?;
        }
        Ok(Value::List(rows))
    }

    fn row(
        &mut self,
        item: &'static TypeSchema,
        row: &Element<'_>,
        path: &ElementPath<'_>,
        rows: &mut Vec<Object>,
    ) -> Result<(), Box<Fatal>> {
        // Located only for a diagnostic: counting columns for every row would cost a scan of
        // the line per row.
        let location = |b: &Self| b.location_at(path.to_string(), row.tag.start);
        if row.local != item.name || row.namespace != item.namespace {
            let skipped = self.skip(row)?;
            self.diagnostics.push(note(
                DiagnosticKind::XmlUnknownElement,
                Severity::Warning,
                location(self),
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
        if self.nil(row, path, None)? {
            self.skip(row)?;
            self.diagnostics.push(note(
                DiagnosticKind::XmlNilObject,
                Severity::Warning,
                location(self),
                None,
                Effect::Ignored,
                "a row carries i:nil=\"true\"; .NET adds a null entry to the list, which this \
                 model cannot hold, so the row is left out"
                    .to_owned(),
            ));
            return Ok(());
        }
        let (object, _) = self.class(item, row, path)?;
        rows.push(object);
        Ok(())
    }
}
