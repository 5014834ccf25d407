//! `CreateList` and `PopulateList`: rows of the item type, each inside its own `try`.

use super::convert::{Made, Target};
use super::report::Catch;
use super::{Binder, Scope, with_found};
use crate::codec::json::lexer::{Fault, FaultKind, ReadType, Token};
use crate::contract::TypeSchema;
use crate::model::{Object, Value};

impl Binder<'_, '_> {
    /// `CreateList`.
    pub(super) fn create_list(
        &mut self,
        target: Target,
        scope: &Scope,
        existing: Option<&mut Vec<Object>>,
    ) -> Result<Made, Fault> {
        let Target::List(item) = target else {
            let description = target.json_description();
            return Err(with_found(self.r.fault(
                FaultKind::Shape,
                format!(
                    "Cannot deserialize the current JSON array (e.g. [1,2,3]) into type '{}' because the type requires a {description} to deserialize correctly.\r\nTo fix this error either change the JSON to a {description} or change the deserialized type to an array or a type that implements a collection interface (e.g. ICollection, IList) like List<T> that can be deserialized from a JSON array. JsonArrayAttribute can also be added to the type to force it to deserialize from a JSON array.\r\n",
                    target.clr_name()
                ),
            ), "["));
        };
        match existing {
            Some(rows) => {
                self.populate_list(item, rows, scope)?;
                Ok(Made::Null)
            }
            None => {
                let mut rows = Vec::new();
                self.populate_list(item, &mut rows, scope)?;
                Ok(Made::Value(Value::List(rows)))
            }
        }
    }

    /// `PopulateList`.
    pub(super) fn populate_list(
        &mut self,
        item: &'static TypeSchema,
        rows: &mut Vec<Object>,
        scope: &Scope,
    ) -> Result<(), Fault> {
        let initial_depth = self.r.depth();
        let mut previous_error_index = None;
        let mut finished = false;
        loop {
            match self.list_item(item, rows, scope, &mut finished) {
                Ok(true) => {}
                Ok(false) => break,
                Err(fault) => {
                    let error_index = self.r.index_at(initial_depth);
                    self.log_fault(
                        fault,
                        &Catch::Row {
                            field: scope.prefix.clone(),
                        },
                    );
                    self.handle_error(true, initial_depth + 1)?;
                    if previous_error_index == Some(error_index) {
                        return Err(self.r.fault(
                            FaultKind::Syntax,
                            "Infinite loop detected from error handling.",
                        ));
                    }
                    previous_error_index = Some(error_index);
                }
            }
            if finished {
                break;
            }
        }
        if !finished {
            let fault = self
                .r
                .fault(FaultKind::End, "Unexpected end when deserializing array.");
            self.log_fault(
                fault,
                &Catch::ListEnd {
                    field: scope.prefix.clone(),
                },
            );
        }
        Ok(())
    }

    /// The body of `PopulateList`'s `try`: `Ok(false)` when the body ended.
    pub(super) fn list_item(
        &mut self,
        item: &'static TypeSchema,
        rows: &mut Vec<Object>,
        scope: &Scope,
        finished: &mut bool,
    ) -> Result<bool, Fault> {
        if !self.r.read_for_type(ReadType::Read)? {
            return Ok(false);
        }
        match self.r.token() {
            Token::EndArray => *finished = true,
            Token::Comment => {}
            _ => match self.create_value(Target::Object(item), scope, None)? {
                Made::Object(row) => rows.push(row),
                Made::Null | Made::Value(_) => self.null_row(&scope.prefix),
            },
        }
        Ok(true)
    }
}
