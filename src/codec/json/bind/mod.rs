//! Json.NET's `JsonSerializerInternalReader` as Web API drives it (contracts/reference/wire.md#json-read, contracts/reference/wire.md#json-errors): the
//! root `Deserialize`, `CreateObject`/`PopulateObject`, `CreateList`/`PopulateList`, and the
//! error handler Web API registers (log to ModelState, mark handled, continue).
//!
//! Control flow mirrors Json.NET's: a fault (a .NET exception) is caught by the nearest
//! enclosing `catch` — the member being set, the list item, or the root — which logs it and
//! calls `HandleError` (skip the rest of the value). A fault raised while skipping escapes to
//! the next level; one that reaches the root makes the request null.

mod convert;
mod list;
mod notes;
mod object;
mod report;

use super::lexer::{Fault, FaultKind, ReadType, Reader, Token, Val};
use crate::codec::{BindOptions, Capped, Read};
use crate::contract::TypeSchema;
use crate::model::Object;
use convert::{Made, Target, ensure_type};
use report::Catch;

/// Read `text` into an object of `schema` as Json.NET under Web API would.
pub(crate) fn read(text: &str, schema: &'static TypeSchema, options: &BindOptions) -> Read {
    let mut binder = Binder {
        r: Reader::new(text, options.max_depth, options.json_net, options.clock()),
        options,
        found: Capped::default(),
        ids: Vec::new(),
        object_started: false,
        root_reference: false,
    };
    let object = binder.root(schema);
    binder.finish(object)
}

/// Where the members being bound sit in the contract: the dotted member path (`ClientFavorites`
/// for row members, `ClientFavorites.Id` for a member of a row), empty at the root. Kept as a
/// chain of borrowed names and only spelled out when a diagnostic needs the text, so binding a
/// member allocates nothing for it.
#[derive(Clone, Copy, Default)]
struct Scope<'s> {
    parent: Option<&'s Scope<'s>>,
    name: &'s str,
}

impl<'s> Scope<'s> {
    /// The scope of member `name` inside this one (its text is `prefix.name`, or `name` at the
    /// root).
    fn member(&'s self, name: &'s str) -> Scope<'s> {
        Scope {
            parent: (!self.is_root()).then_some(self),
            name,
        }
    }

    /// Whether this is the root (the text is empty).
    fn is_root(&self) -> bool {
        self.parent.is_none() && self.name.is_empty()
    }
}

impl std::fmt::Display for Scope<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(parent) = self.parent {
            write!(f, "{parent}.")?;
        }
        f.write_str(self.name)
    }
}

struct Binder<'a, 'o> {
    r: Reader<'a>,
    options: &'o BindOptions,
    /// Diagnostics with the byte offset they concern (the first ones met; sorted at the end).
    found: Capped<(usize, crate::codec::Diagnostic)>,
    /// `$id` values seen (Json.NET's reference table).
    ids: Vec<String>,
    /// Whether the root token was an object (root faults are then not "invalid root").
    object_started: bool,
    /// Whether the root object was a `$ref` (already reported).
    root_reference: bool,
}

impl Binder<'_, '_> {
    /// `Deserialize(reader, objectType)`.
    fn root(&mut self, schema: &'static TypeSchema) -> Option<Object> {
        let target = Target::Object(schema);
        let outcome = match self.r.read_for_type(ReadType::Read) {
            Ok(false) => {
                self.no_content();
                return None;
            }
            Ok(true) => self.create_value(target, &Scope::default(), None),
            Err(fault) => Err(fault),
        };
        match outcome {
            Ok(Made::Object(object)) => {
                self.trailing_content();
                Some(object)
            }
            Ok(Made::Null | Made::Value(_)) => {
                if !self.root_reference {
                    self.root_null();
                }
                None
            }
            Err(fault) => {
                // IsErrorHandled + HandleError(reader, false, 0): logged, nothing skipped.
                self.log_fault(fault, &Catch::Root);
                None
            }
        }
    }

    /// `CreateValueInternal`.
    fn create_value(
        &mut self,
        target: Target,
        scope: &Scope<'_>,
        existing: Option<&mut Vec<Object>>,
    ) -> Result<Made, Fault> {
        loop {
            match self.r.token() {
                Token::StartObject => return self.create_object(target, scope),
                Token::StartArray => return self.create_list(target, scope, existing),
                Token::Integer | Token::Float | Token::Boolean | Token::Date => {
                    return ensure_type(&self.r, self.r.value(), target);
                }
                Token::String => {
                    if let Val::Str(s) = self.r.value() {
                        // CoerceEmptyStringToNull.
                        if s.is_empty() && !target.is_string() && target.is_nullable() {
                            return Ok(Made::Null);
                        }
                    }
                    return ensure_type(&self.r, self.r.value(), target);
                }
                Token::StartConstructor => {
                    let name = self.r.value().clone();
                    return ensure_type(&self.r, &name, target);
                }
                Token::Null | Token::Undefined => return ensure_type(&self.r, &Val::None, target),
                Token::Comment => {}
                other => {
                    return Err(self.r.fault(
                        FaultKind::Syntax,
                        format!(
                            "Unexpected token while deserializing object: {}",
                            other.name()
                        ),
                    ));
                }
            }
            if !self.r.read()? {
                return Err(self
                    .r
                    .fault(FaultKind::End, "Unexpected end when deserializing object."));
            }
        }
    }

    /// `HandleError(reader, readPastError, initialDepth)`.
    fn handle_error(&mut self, read_past: bool, initial_depth: usize) -> Result<(), Fault> {
        if read_past {
            self.r.skip()?;
            while self.r.depth() > initial_depth {
                if !self.r.read()? {
                    break;
                }
            }
        }
        Ok(())
    }
}

fn with_found(mut fault: Fault, found: &str) -> Fault {
    fault.found = Some(found.to_owned());
    fault
}
