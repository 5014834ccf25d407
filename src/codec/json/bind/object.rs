//! `CreateObject` (with its metadata properties) and `PopulateObject`: one property at a time,
//! each inside its own `try`, so a bad value costs only that member.

use super::convert::{self, Made, Target};
use super::report::{self, Catch};
use super::{Binder, Scope, with_found};
use crate::codec::JsonNet;
use crate::codec::json::lexer::{Fault, FaultKind, Mark, ReadType, Token, Val};
use crate::contract::TypeSchema;
use crate::model::{Object, Value};

impl Binder<'_, '_> {
    /// `CreateObject`: metadata properties, then `PopulateObject` on a new instance.
    pub(super) fn create_object(
        &mut self,
        target: Target,
        scope: &Scope<'_>,
    ) -> Result<Made, Fault> {
        if scope.is_root() && matches!(target, Target::Object(_)) {
            self.object_started = true;
        }
        self.read_and_assert()?;
        let mut id = None;
        if let Some(made) = self.metadata(target, scope, &mut id)? {
            return Ok(made);
        }
        match target {
            Target::Object(schema) => {
                let mut object = Object::new(schema);
                if let Some(id) = id {
                    self.add_reference(id)?;
                }
                self.populate_object(schema, &mut object, scope)?;
                Ok(Made::Object(object))
            }
            Target::Prim { .. } if self.is_property("$value") => {
                self.read_and_assert()?;
                if self.r.token() == Token::StartObject {
                    return Err(self.r.fault(
                        FaultKind::Shape,
                        "Unexpected token when deserializing primitive value: StartObject",
                    ));
                }
                let made = self.create_value(target, scope, None)?;
                self.read_and_assert()?;
                Ok(made)
            }
            Target::List(_) | Target::Prim { .. } => {
                let description = target.json_description();
                Err(with_found(self.r.fault(
                    FaultKind::Shape,
                    format!(
                        "Cannot deserialize the current JSON object (e.g. {{\"name\":\"value\"}}) into type '{}' because the type requires a {description} to deserialize correctly.\r\nTo fix this error either change the JSON to a {description} or change the deserialized type so that it is a normal .NET type (e.g. not a primitive type like integer, not a collection type like an array or List<T>) that can be deserialized from a JSON object. JsonObjectAttribute can also be added to the type to force it to deserialize from a JSON object.\r\n",
                        target.clr_name()
                    ),
                ), "{"))
            }
        }
    }

    pub(super) fn is_property(&self, name: &str) -> bool {
        self.r.token() == Token::PropertyName && matches!(self.r.value(), Val::Str(s) if s == name)
    }

    /// `ReadAndAssert`.
    pub(super) fn read_and_assert(&mut self) -> Result<(), Fault> {
        if self.r.read()? {
            Ok(())
        } else {
            Err(self
                .r
                .fault(FaultKind::End, "Unexpected end when reading JSON."))
        }
    }

    /// `ReadMetadataProperties`: `$ref`, `$type`, `$id`, `$values` at the start of an object.
    pub(super) fn metadata(
        &mut self,
        target: Target,
        scope: &Scope<'_>,
        id: &mut Option<String>,
    ) -> Result<Option<Made>, Fault> {
        let starts_with_dollar = matches!(self.r.value(), Val::Str(s) if s.starts_with('$'));
        if self.r.token() != Token::PropertyName || !starts_with_dollar {
            return Ok(None);
        }
        loop {
            let name = match self.r.value() {
                Val::Str(s) => s.clone(),
                _ => return Ok(None),
            };
            match name.as_str() {
                "$ref" => {
                    self.read_and_assert()?;
                    let reference = match (self.r.token(), self.r.value()) {
                        (Token::Null, _) => None,
                        (Token::String, Val::Str(s)) => Some(s.clone()),
                        _ => {
                            return Err(self.r.fault(
                                FaultKind::Reference,
                                "JSON reference $ref property must have a string or null value.",
                            ));
                        }
                    };
                    self.read_and_assert()?;
                    if let Some(reference) = reference {
                        if self.r.token() == Token::PropertyName {
                            return Err(self.r.fault(
                                FaultKind::Reference,
                                "Additional content found in JSON reference object. A JSON reference object should only have a $ref property.",
                            ));
                        }
                        let at_root = scope.is_root() && matches!(target, Target::Object(_));
                        self.root_reference |= at_root;
                        self.unresolved_reference(&reference, at_root);
                        return Ok(Some(Made::Null));
                    }
                }
                "$type" => {
                    self.read_and_assert()?;
                    if *self.r.value() == Val::None {
                        // `reader.Value!.ToString()` on null: a NullReferenceException.
                        return Err(report::null_reference(&self.r));
                    }
                    self.read_and_assert()?;
                    self.metadata_ignored(&name);
                }
                "$id" => {
                    self.read_and_assert()?;
                    *id = match self.r.value() {
                        Val::None => None,
                        other => Some(match other {
                            Val::Str(s) => s.clone(),
                            v => v.dotnet_text(),
                        }),
                    };
                    self.read_and_assert()?;
                    self.metadata_ignored(&name);
                }
                "$values" => {
                    self.read_and_assert()?;
                    let made = self.create_list(target, scope, None)?;
                    self.read_and_assert()?;
                    return Ok(Some(made));
                }
                _ => return Ok(None),
            }
            if self.r.token() != Token::PropertyName {
                return Ok(None);
            }
        }
    }

    /// `AddReference`: a repeated `$id` is an error.
    pub(super) fn add_reference(&mut self, id: String) -> Result<(), Fault> {
        if self.ids.contains(&id) {
            return Err(self.r.fault(
                FaultKind::Reference,
                format!("Error reading object reference '{id}'."),
            ));
        }
        self.ids.push(id);
        Ok(())
    }

    /// `PopulateObject`.
    pub(super) fn populate_object(
        &mut self,
        schema: &'static TypeSchema,
        object: &mut Object,
        scope: &Scope<'_>,
    ) -> Result<(), Fault> {
        let initial_depth = self.r.depth();
        // Where each member was first given (for the duplicate diagnostic).
        let mut seen: Vec<Option<Mark>> = vec![None; schema.fields.len()];
        let mut finished = false;
        loop {
            match self.r.token() {
                Token::PropertyName => {
                    // The name moves out of the token: the next read replaces the value anyway,
                    // and nothing looks at it before then.
                    let name = self.r.take_str_value();
                    if let Err(failed) = self.bind_property(schema, object, &name, &mut seen, scope)
                    {
                        let (fault, catch) = *failed;
                        self.log_fault(fault, &catch);
                        // 6.x's HandleError reads on only while deeper than initialDepth + 1,
                        // so an error inside a member's value (an object for an Int16, a
                        // too-deep unknown member) leaves the reader inside that value and
                        // its closing token ends this object: later members are lost, or a
                        // stray `]` nulls the request.
                        let depth = match self.options.json_net {
                            JsonNet::V6 => initial_depth + 1,
                            JsonNet::V13 => initial_depth,
                        };
                        self.handle_error(true, depth)?;
                    }
                }
                Token::EndObject => finished = true,
                Token::Comment => {}
                other => {
                    return Err(self.r.fault(
                        FaultKind::Syntax,
                        format!(
                            "Unexpected token when deserializing object: {}",
                            other.name()
                        ),
                    ));
                }
            }
            if finished || !self.r.read()? {
                break;
            }
        }
        if !finished {
            let fault = self
                .r
                .fault(FaultKind::End, "Unexpected end when deserializing object.");
            self.log_fault(
                fault,
                &Catch::ObjectEnd {
                    type_name: convert::short_name(schema).to_owned(),
                },
            );
        }
        Ok(())
    }

    /// One property of `PopulateObject`, up to its `catch`.
    pub(super) fn bind_property(
        &mut self,
        schema: &'static TypeSchema,
        object: &mut Object,
        name: &str,
        seen: &mut [Option<Mark>],
        scope: &Scope<'_>,
    ) -> Result<(), Box<(Fault, Catch)>> {
        let Some((index, exact)) = closest_match(schema, name) else {
            self.unknown_property(name);
            let unknown = |fault| {
                Box::new((
                    fault,
                    Catch::Unknown {
                        name: name.to_owned(),
                    },
                ))
            };
            if self.r.read().map_err(unknown)? {
                self.r.skip().map_err(unknown)?;
            }
            return Ok(());
        };
        let field = &schema.fields[index];
        let target = Target::of_field(field);
        let member = scope.member(&field.name);
        if !exact {
            self.case_mismatch(name, &member.to_string());
        }
        if let Some(first) = seen[index] {
            self.duplicate(&member, first, &object.values[index], target);
        }
        seen[index] = Some(self.r.mark());
        // What the member held before, for the message if binding fails. A failed read leaves
        // a primitive slot untouched, so it is shown then; a list may have grown by the rows
        // read before the failure, so its "before" is taken now.
        let before = matches!(object.values[index], Value::List(_))
            .then(|| report::show_value(&object.values[index]));
        let result = self.bind_member(target, &mut object.values[index], &member, name);
        result.map_err(|fault| {
            let current = before.unwrap_or_else(|| report::show_value(&object.values[index]));
            let catch = Catch::Member {
                field: member.to_string(),
                target,
                current,
            };
            Box::new((fault, catch))
        })
    }

    /// `ReadForType` + `SetPropertyValue` for a known member.
    pub(super) fn bind_member(
        &mut self,
        target: Target,
        slot: &mut Value,
        member: &Scope<'_>,
        name: &str,
    ) -> Result<(), Fault> {
        let read_type = target.read_type(self.options.json_net);
        if !self.r.read_for_type(read_type)? {
            return Err(self.r.fault(
                FaultKind::End,
                format!("Unexpected end when setting {name}'s value."),
            ));
        }
        if read_type == ReadType::ReadAsInt64 && self.r.token() == Token::Undefined {
            return Err(self.r.fault_at_value(
                FaultKind::NotA,
                format!("An undefined token is not a valid {}.", target.clr_name()),
            ));
        }
        // The value's text as read (objects and lists read on past it).
        let source = self.r.value_raw();
        // Members of a nested object or list sit inside this member.
        let scope = *member;
        // ObjectCreationHandling.Auto: an array into a list that already exists is appended.
        if let (Target::List(item), Token::StartArray, Value::List(_)) =
            (target, self.r.token(), &*slot)
        {
            let Value::List(mut rows) = std::mem::replace(slot, Value::Null) else {
                return Ok(());
            };
            let result = self.populate_list(item, &mut rows, &scope);
            *slot = Value::List(rows);
            return result;
        }
        let made = self.create_value(target, &scope, None)?;
        let value = made.into_value();
        self.conversion_notes(target, source, &value, member);
        *slot = value;
        Ok(())
    }
}

/// `GetClosestMatchProperty`: exact name first, then `OrdinalIgnoreCase` (simple upper-case
/// mapping of each character, so `clıent` matches `Client` as in .NET).
fn closest_match(schema: &TypeSchema, name: &str) -> Option<(usize, bool)> {
    // Member names are unique, so the first equal name is the exact match (a scan of a few
    // short names beats hashing the property name).
    if let Some(i) = schema.fields.iter().position(|f| f.name == name) {
        return Some((i, true));
    }
    schema
        .fields
        .iter()
        .position(|f| equals_ignore_case(&f.name, name))
        .map(|i| (i, false))
}

fn equals_ignore_case(a: &str, b: &str) -> bool {
    let upper = |c: char| {
        let mut it = c.to_uppercase();
        match (it.next(), it.next()) {
            (Some(u), None) => u,
            _ => c,
        }
    };
    let mut left = a.chars().map(upper);
    let mut right = b.chars().map(upper);
    loop {
        match (left.next(), right.next()) {
            (None, None) => return true,
            (Some(x), Some(y)) if x == y => {}
            _ => return false,
        }
    }
}
