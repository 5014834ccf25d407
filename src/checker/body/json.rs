//! Validating a JSON response body against the contract (contracts/reference/wire.md#json-write, contracts/reference/wire.md#checker-policy): exact property
//! set, JSON types, nulls, integer ranges, decimal and date lexical forms, rows recursively.

use super::lexical::{self, Form, Reader};
use super::walk::{Pointer, Walker};
use super::{clip, json_excerpt};
use crate::checker::profile::PropertyOrder;
use crate::checker::rule::{RuleId, Severity};
use crate::checker::sink::Sink;
use crate::contract::{ClrType, FieldSchema, TypeSchema, contract};
use crate::model::{Object, Value};
use crate::wire::json::{self as json_tree, Json, Node};
use crate::wire::pointer_segment;

/// Check a JSON body; returns the bound object when every value could be read.
pub(super) fn check(
    text: &str,
    schema: &'static TypeSchema,
    sink: &mut Sink<'_>,
) -> Option<Object> {
    let root = match json_tree::parse(text) {
        Ok(root) => {
            super::json_layout::check(text, sink);
            root
        }
        Err(e) => {
            sink.syntax(
                RuleId::JsonSyntax,
                text,
                e.offset,
                e.expected,
                &e.found,
                "the body is not JSON; no client can read the response",
            );
            return None;
        }
    };
    let mut walker = Walker::<Pointer>::new(sink);
    let object = walker.object(&root, schema, "");
    (walker.usable).then_some(object).flatten()
}

/// `pointer/key` with the key escaped as a pointer segment (built without `format!`: this runs
/// for every member of every body).
fn child(pointer: &str, key: &str) -> String {
    let mut out = String::with_capacity(pointer.len() + key.len() + 1);
    out.push_str(pointer);
    out.push('/');
    if key.contains(['~', '/']) {
        out.push_str(&pointer_segment(key));
    } else {
        out.push_str(key);
    }
    out
}

impl Walker<'_, '_, Pointer> {
    fn object(
        &mut self,
        node: &Node,
        schema: &'static TypeSchema,
        pointer: &str,
    ) -> Option<Object> {
        let Json::Object(members) = &node.value else {
            self.unusable(
                RuleId::JsonType,
                pointer,
                format!("an object `{}`", schema.name),
                json_excerpt(&node.value),
                "the body or row is not a JSON object",
            );
            return None;
        };
        let mut object = Object::new(schema);
        let mut seen = vec![false; schema.fields.len()];
        let mut order = Vec::with_capacity(members.len());
        for member in members {
            let at = child(pointer, &member.key);
            let Some(i) = schema.field_index(&member.key) else {
                let hint = match schema.field_index_ignore_case(&member.key) {
                    Some(i) => format!(
                        "differs from `{}` only in case; JavaScript clients are case-sensitive \
                         and will not find it",
                        schema.fields[i].name
                    ),
                    None => format!("`{}` has no such member", schema.name),
                };
                self.push(
                    RuleId::JsonPropertySet,
                    Severity::Violation,
                    &at,
                    "no such property",
                    format!("property `{}`", member.key),
                    hint,
                );
                continue;
            };
            if seen[i] {
                self.push(
                    RuleId::JsonPropertySet,
                    Severity::Violation,
                    &at,
                    "each property once",
                    format!("`{}` repeated", member.key),
                    "Json.NET writes each member once; readers disagree on which copy wins",
                );
                continue;
            }
            seen[i] = true;
            order.push(i);
            if let Some(value) = self.value(&schema.fields[i], &member.value, &at) {
                object.values[i] = value;
            } else {
                self.usable = false;
            }
        }
        for (i, field) in schema.fields.iter().enumerate() {
            if !seen[i] {
                self.usable = false;
                self.push(
                    RuleId::JsonPropertySet,
                    Severity::Violation,
                    &child(pointer, &field.name),
                    format!("property `{}`", field.name),
                    "missing",
                    "Json.NET writes every member, null ones as `null`; a client reading it gets \
                     undefined",
                );
            }
        }
        if self.sink.profile.json_property_order == PropertyOrder::Strict {
            self.check_order(schema, &order, pointer);
        }
        Some(object)
    }

    fn check_order(&mut self, schema: &TypeSchema, order: &[usize], pointer: &str) {
        let expected: Vec<usize> = (0..schema.fields.len())
            .filter(|i| order.contains(i))
            .collect();
        if let Some(k) = (0..order.len()).find(|&k| order[k] != expected[k]) {
            self.push(
                RuleId::JsonPropertyOrder,
                Severity::ProfileDeviation,
                pointer,
                format!(
                    "`{}` at position {}",
                    schema.fields[expected[k]].name,
                    k + 1
                ),
                format!("`{}`", schema.fields[order[k]].name),
                "properties are not in Json.NET's declaration order (checked because the \
                 profile sets json_property_order to strict)",
            );
        }
    }

    fn value(&mut self, field: &FieldSchema, node: &Node, at: &str) -> Option<Value> {
        if let Json::Null = node.value {
            if field.nullable || field.ty.is_reference() {
                return Some(Value::Null);
            }
            return self.unusable(
                RuleId::JsonNull,
                at,
                format!("a {} value", field.ty.clr_name()),
                "null",
                format!(
                    "`{}` is a non-nullable {}; a .NET client fails to read null into it",
                    field.name,
                    field.ty.clr_name()
                ),
            );
        }
        match field.ty {
            ClrType::Int16 | ClrType::Int32 | ClrType::Int64 => self.int(field, node, at),
            ClrType::Decimal => self.decimal(node, at),
            ClrType::DateTime => self.date(node, at),
            ClrType::Boolean => match node.value {
                Json::Bool(b) => Some(Value::Bool(b)),
                _ => self.wrong_type(field, node, at, "`true` or `false`"),
            },
            ClrType::String => match &node.value {
                Json::String(s) => Some(Value::String(s.clone())),
                _ => self.wrong_type(field, node, at, "a string"),
            },
            ClrType::List => self.list(field, node, at),
        }
    }

    fn wrong_type(
        &mut self,
        field: &FieldSchema,
        node: &Node,
        at: &str,
        expected: &str,
    ) -> Option<Value> {
        let extra = if matches!(node.value, Json::String(_))
            && matches!(
                field.ty,
                ClrType::Int16 | ClrType::Int32 | ClrType::Int64 | ClrType::Boolean
            ) {
            "; a value sent as a string breaks JavaScript arithmetic and comparisons"
        } else {
            ""
        };
        self.unusable(
            RuleId::JsonType,
            at,
            expected,
            json_excerpt(&node.value),
            format!(
                "`{}` is {} in C#, which Json.NET writes as {expected}{extra}",
                field.name,
                field.ty.clr_name()
            ),
        )
    }

    fn int(&mut self, field: &FieldSchema, node: &Node, at: &str) -> Option<Value> {
        let Json::Number(token) = &node.value else {
            return self.wrong_type(field, node, at, "an integer number");
        };
        let (min, max) = field.ty.int_range().unwrap_or((i64::MIN, i64::MAX));
        match lexical::json_int(token) {
            None => self.wrong_type(field, node, at, "an integer number"),
            Some(Ok(v)) if (min..=max).contains(&v) => Some(Value::Int(v)),
            Some(_) => self.unusable(
                RuleId::JsonIntRange,
                at,
                format!("an {} in {min}..={max}", field.ty.clr_name()),
                token.clone(),
                "the value does not fit the C# type; a .NET client fails to read it",
            ),
        }
    }

    fn decimal(&mut self, node: &Node, at: &str) -> Option<Value> {
        match &node.value {
            Json::Number(token) => match lexical::json_decimal(token) {
                Form::Canonical(v) => Some(Value::Decimal(v)),
                Form::Accepted(v, note) => {
                    self.push(
                        RuleId::JsonDecimalForm,
                        Severity::Warning,
                        at,
                        "a number in Json.NET decimal form (`1.0`, `1.50`)",
                        token.clone(),
                        format!("{note}: not what Web API's Json.NET writes"),
                    );
                    Some(Value::Decimal(v))
                }
                Form::Misread(v, note) => {
                    self.push(
                        RuleId::JsonDecimalForm,
                        Severity::Violation,
                        at,
                        "a number in Json.NET decimal form (`1.0`, `1.50`)",
                        token.clone(),
                        format!(
                            "{note}: not what Web API's Json.NET writes, and a .NET client's \
                             decimal keeps the scale it reads"
                        ),
                    );
                    Some(Value::Decimal(v))
                }
                Form::Rejected(why) => self.unusable(
                    RuleId::JsonDecimalForm,
                    at,
                    "a System.Decimal",
                    token.clone(),
                    why,
                ),
            },
            Json::String(s) => self.unusable(
                RuleId::JsonDecimalForm,
                at,
                "a JSON number",
                format!("the string \"{}\"", clip(s)),
                "a decimal sent as a string: Json.NET writes decimals as numbers, and JavaScript \
                 clients would concatenate instead of add",
            ),
            other => self.unusable(
                RuleId::JsonType,
                at,
                "a number",
                json_excerpt(other),
                "a decimal member must be a JSON number",
            ),
        }
    }

    fn date(&mut self, node: &Node, at: &str) -> Option<Value> {
        let Json::String(text) = &node.value else {
            return self.unusable(
                RuleId::JsonType,
                at,
                "a date string",
                json_excerpt(&node.value),
                "Json.NET writes DateTime as an ISO 8601 string",
            );
        };
        let server = self.sink.profile.time_zone;
        let value = match lexical::date(text, Reader::Json, server) {
            Form::Canonical(v) => v,
            Form::Accepted(v, note) => {
                self.push(
                    RuleId::JsonDateForm,
                    Severity::Warning,
                    at,
                    "yyyy-MM-ddTHH:mm:ss[.fffffff][Z|±hh:mm]",
                    format!("\"{}\"", clip(text)),
                    format!("{note}; every reader gets the same instant"),
                );
                v
            }
            Form::Misread(v, note) => {
                self.push(
                    RuleId::JsonDateForm,
                    Severity::Violation,
                    at,
                    "yyyy-MM-ddTHH:mm:ss[.fffffff][Z|±hh:mm]",
                    format!("\"{}\"", clip(text)),
                    format!("{note}; Json.NET reads it, browsers may not"),
                );
                v
            }
            Form::Rejected(why) => {
                return self.unusable(
                    RuleId::JsonDateForm,
                    at,
                    "yyyy-MM-ddTHH:mm:ss[.fffffff][Z|±hh:mm]",
                    format!("\"{}\"", clip(text)),
                    why,
                );
            }
        };
        self.date_kind(&value, at);
        Some(Value::DateTime(value))
    }

    fn list(&mut self, field: &FieldSchema, node: &Node, at: &str) -> Option<Value> {
        let Json::Array(items) = &node.value else {
            return self.wrong_type(field, node, at, "an array");
        };
        let item = field.item.map(|id| contract().schema(id))?;
        let mut rows = Vec::with_capacity(items.len());
        for (i, row) in items.iter().enumerate() {
            let row_at = format!("{at}/{i}");
            if let Json::Null = row.value {
                self.unusable(
                    RuleId::JsonNull,
                    &row_at,
                    format!("a `{}` object", item.name),
                    "null",
                    "a null row: clients iterating the array fail on it",
                );
                continue;
            }
            if let Some(object) = self.object(row, item, &row_at) {
                rows.push(object);
            }
        }
        Some(Value::List(rows))
    }
}
