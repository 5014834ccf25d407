//! The `request` of a case: contract members checked against the request type, or a raw body.

use super::{Ctx, describe};
use crate::codec::datetime::parse_xsd;
use crate::contract::{ClrType, FieldSchema, contract};
use crate::dataset::ProblemKind;
use crate::json_file::member;
use crate::model::MOSCOW;
use crate::snapshot::case::{CaseValue, Member, Payload};
use crate::snapshot::load::CorpusError;
use serde_json::{Map, Value};

pub(super) fn payload(cx: &Ctx<'_>, map: &Map<String, Value>) -> Result<Payload, CorpusError> {
    if map.contains_key("raw") {
        return raw(cx, map);
    }
    let schema = contract().request();
    let mut members = Vec::with_capacity(map.len());
    // Contract order, so the encoded bodies do not depend on how the file orders its keys.
    for name in map.keys() {
        if schema.field_index(name).is_none() {
            let names: Vec<&str> = schema.fields.iter().map(|f| f.name.as_str()).collect();
            let hint = schema
                .field_index_ignore_case(name)
                .map(|i| format!(" (the contract spells it `{}`)", schema.fields[i].name))
                .unwrap_or_default();
            return Err(cx.problem(
                &member("$.request", name),
                ProblemKind::UnknownField,
                format!("a request member of the contract ({})", names.join(", ")),
                format!("unknown member `{name}`{hint}"),
            ));
        }
    }
    for field in &schema.fields {
        if let Some(value) = map.get(&field.name) {
            let path = member("$.request", &field.name);
            members.push(Member {
                name: field.name.clone(),
                value: member_value(cx, &path, field, value)?,
            });
        }
    }
    Ok(Payload::Members(members))
}

fn raw(cx: &Ctx<'_>, map: &Map<String, Value>) -> Result<Payload, CorpusError> {
    for key in map.keys() {
        if key != "raw" && key != "content_type" {
            return Err(cx.problem(
                &member("$.request", key),
                ProblemKind::UnknownField,
                "only `raw` and `content_type` in a raw request",
                format!("`{key}`"),
            ));
        }
    }
    let body = match map.get("raw") {
        Some(Value::String(s)) => s.clone(),
        other => {
            return Err(cx.invalid(
                "$.request.raw",
                "the body as a string",
                other.map_or_else(|| "nothing".to_owned(), describe),
            ));
        }
    };
    let content_type = match map.get("content_type") {
        Some(Value::String(s)) if !s.contains(['\r', '\n']) => Some(s.clone()),
        Some(Value::Null) => None,
        other => {
            return Err(cx.invalid(
                "$.request.content_type",
                "the Content-Type header value, or null to send none",
                other.map_or_else(|| "nothing".to_owned(), describe),
            ));
        }
    };
    Ok(Payload::Raw { body, content_type })
}

fn member_value(
    cx: &Ctx<'_>,
    path: &str,
    field: &FieldSchema,
    value: &Value,
) -> Result<CaseValue, CorpusError> {
    if value.is_null() {
        return if field.nullable {
            Ok(CaseValue::Null)
        } else {
            Err(cx.invalid(
                path,
                format!("{} (not nullable)", field.ty.clr_name()),
                "null",
            ))
        };
    }
    match field.ty {
        ClrType::Int16 | ClrType::Int32 | ClrType::Int64 => {
            let (min, max) = field.ty.int_range().unwrap_or((i64::MIN, i64::MAX));
            value
                .as_i64()
                .filter(|n| (min..=max).contains(n))
                .map(CaseValue::Integer)
                .ok_or_else(|| {
                    cx.invalid(
                        path,
                        format!(
                            "an {} ({min}..={max}); send out-of-range values as a raw request",
                            field.ty.clr_name()
                        ),
                        describe(value),
                    )
                })
        }
        ClrType::DateTime => match value {
            Value::String(s) if parse_xsd(s, MOSCOW).is_ok() && s.contains('T') => {
                Ok(CaseValue::Text(s.clone()))
            }
            other => Err(cx.invalid(
                path,
                "a DateTime in xs:dateTime form (2026-05-07T11:27:39, optionally with Z or ±hh:mm)",
                describe(other),
            )),
        },
        ClrType::String => match value {
            Value::String(s) => Ok(CaseValue::Text(s.clone())),
            other => Err(cx.invalid(path, "a String", describe(other))),
        },
        ClrType::Boolean | ClrType::Decimal | ClrType::List => Err(cx.invalid(
            path,
            "an integer, date or string member (the request has no other kinds)",
            format!("a {} member", field.ty.clr_name()),
        )),
    }
}
