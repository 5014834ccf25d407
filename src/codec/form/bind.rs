//! MVC model binding of the pairs onto the members (`MutableObjectModelBinder` with
//! `TypeConverterModelBinder`), with a diagnostic for everything it does silently.

use super::convert;
use super::diagnose;
use super::pairs::{self, Pair};
use crate::codec::{BindOptions, Diagnostic, Read};
use crate::contract::{ClrType, FieldSchema, TypeSchema};
use crate::model::{Object, Value};

/// Bind pairs (with their jQuery-normalised keys) onto a new object of `schema`.
pub(super) fn bind(
    pairs: &[Pair<'_>],
    keys: &[String],
    schema: &'static TypeSchema,
    options: &BindOptions,
) -> Read {
    let mut object = Object::new(schema);
    let mut diagnostics = Vec::new();
    // `NameValuePairsValueProvider` keys its dictionary OrdinalIgnoreCase.
    let member_of: Vec<Option<usize>> = keys
        .iter()
        .map(|k| {
            schema
                .fields
                .iter()
                .position(|f| pairs::eq_ordinal_ignore_case(&f.name, k))
        })
        .collect();
    for (pos, pair) in pairs.iter().enumerate() {
        diagnose::decode_notes(pair, &mut diagnostics);
        let Some(index) = member_of[pos] else {
            if let Some(d) = diagnose::unknown_key(pair, &keys[pos], schema) {
                diagnostics.push(d);
            }
            continue;
        };
        let field = &schema.fields[index];
        let same_member = |p: &usize| member_of[*p] == Some(index);
        let first = (0..pairs.len()).find(same_member).unwrap_or(pos);
        if first != pos {
            diagnostics.push(diagnose::duplicate(pair, &pairs[first], field));
            continue;
        }
        diagnose::key_notes(pair, &keys[pos], field, &mut diagnostics);
        if field.ty == ClrType::List {
            diagnostics.push(diagnose::list_member(pair, field));
            continue;
        }
        // `GetAttemptedValue`: all values of the key joined with ",".
        let attempted: Vec<&str> = (0..pairs.len())
            .filter(same_member)
            .map(|p| pairs[p].value.as_str())
            .collect();
        if let Some(value) =
            bind_value(pair, field, &attempted.join(","), options, &mut diagnostics)
        {
            object.values[index] = value;
        }
    }
    // At most MAX_HTTP_COLLECTION_KEYS pairs get here, so the diagnostics built before the
    // cut are bounded too.
    Read::capped(Some(object), diagnostics)
}

/// Convert the first value of a member; `Some` with the bound value, `None` when the member keeps
/// its default.
fn bind_value(
    pair: &Pair<'_>,
    field: &FieldSchema,
    attempted: &str,
    options: &BindOptions,
    out: &mut Vec<Diagnostic>,
) -> Option<Value> {
    let with_field = |mut d: Diagnostic| {
        d.field = Some(field.name.clone());
        d.found.get_or_insert_with(|| diagnose::shown(&pair.value));
        d.expected
            .get_or_insert_with(|| convert::expected(field.ty));
        d
    };
    if pair.value.chars().all(char::is_whitespace) {
        out.push(with_field(diagnose::empty_value(pair, field)));
        return (field.nullable || field.ty.is_reference()).then_some(Value::Null);
    }
    match convert::convert(&pair.value, field.ty, options.clock()) {
        Ok(converted) => {
            if let Some(d) = diagnose::converted_note(pair, field, &converted) {
                out.push(with_field(d));
            }
            Some(converted.value)
        }
        Err(failure) => {
            out.push(with_field(diagnose::conversion_failed(
                pair, field, attempted, failure,
            )));
            if let Some(d) = diagnose::plus_in_offset(pair, field, options) {
                out.push(with_field(d));
            }
            None
        }
    }
}
