//! The contract-driven value layer the codecs work on.
//!
//! Writers walk any [`Record`] in the order its [`TypeSchema`] prescribes; readers fill an
//! [`Object`] (a record of the contract's shape with dynamic values) and the typed model converts
//! from it. Field indices are the schema's: the typed model declares its fields in the same order,
//! which `tests` proves.

use super::datetime::NetDateTime;
use crate::contract::{ClrType, TypeSchema, contract};
use rust_decimal::Decimal;

/// A borrowed field value, as a writer sees it.
#[derive(Clone, Copy)]
pub enum ValueRef<'a> {
    /// `null` (a null reference or an empty `Nullable<T>`).
    Null,
    /// Any integer type; the schema says which.
    Int(i64),
    /// `bool`.
    Bool(bool),
    /// `decimal`, scale kept.
    Decimal(Decimal),
    /// `DateTime`.
    DateTime(&'a NetDateTime),
    /// `string`.
    Str(&'a str),
    /// `List<Row>`.
    Rows(&'a dyn RowSet),
}

impl<'a> ValueRef<'a> {
    /// A scalar as text: integers, booleans and decimals as Rust prints them (decimals keep
    /// their scale), dates in their round-trip wire form, strings as they are; `None` for null
    /// and row lists. What forms, hand-written XML elements and messages show.
    pub fn text(self) -> Option<std::borrow::Cow<'a, str>> {
        use std::borrow::Cow;
        Some(match self {
            ValueRef::Null | ValueRef::Rows(_) => return None,
            ValueRef::Int(v) => Cow::Owned(v.to_string()),
            ValueRef::Bool(v) => Cow::Owned(v.to_string()),
            ValueRef::Decimal(v) => Cow::Owned(v.to_string()),
            ValueRef::DateTime(v) => Cow::Owned(v.to_wire()),
            ValueRef::Str(v) => Cow::Borrowed(v),
        })
    }

    /// The value as JSON for reports and journals: numbers and booleans as such, decimals and
    /// dates as strings (their exact text), rows as arrays of objects.
    pub fn to_json(self) -> serde_json::Value {
        use serde_json::Value as Json;
        match self {
            ValueRef::Null => Json::Null,
            ValueRef::Int(v) => v.into(),
            ValueRef::Bool(v) => v.into(),
            ValueRef::Rows(rows) => (0..rows.len()).map(|i| record_json(rows.row(i))).collect(),
            scalar => scalar
                .text()
                .map_or(Json::Null, |t| Json::String(t.into_owned())),
        }
    }
}

/// A record as a JSON object of its members in contract order, values as
/// [`ValueRef::to_json`] writes them.
pub fn record_json(record: &dyn Record) -> serde_json::Value {
    let schema = record.schema();
    let mut map = serde_json::Map::new();
    for (i, field) in schema.fields.iter().enumerate() {
        map.insert(field.name.clone(), record.field(i).to_json());
    }
    serde_json::Value::Object(map)
}

/// A list of rows of one contract type.
pub trait RowSet {
    /// Number of rows.
    fn len(&self) -> usize;
    /// Whether there are no rows.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// Row `i` (`i < len()`).
    fn row(&self, i: usize) -> &dyn Record;
}

impl<R: Record> RowSet for Vec<R> {
    fn len(&self) -> usize {
        Vec::len(self)
    }
    fn row(&self, i: usize) -> &dyn Record {
        &self[i]
    }
}

/// Something the writers can serialise: a value of a contract type.
pub trait Record {
    /// The contract type.
    fn schema(&self) -> &'static TypeSchema;
    /// The value of field `i` (an index into `schema().fields`).
    fn field(&self, i: usize) -> ValueRef<'_>;
}

/// An owned field value, as a reader produces it.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// `null`.
    Null,
    /// Any integer type, already range-checked against the schema.
    Int(i64),
    /// `bool`.
    Bool(bool),
    /// `decimal`.
    Decimal(Decimal),
    /// `DateTime`.
    DateTime(NetDateTime),
    /// `string`.
    String(String),
    /// `List<Row>`.
    List(Vec<Object>),
}

impl Value {
    /// The CLR default of a member: `null` for nullable and reference types, 0 / false /
    /// `DateTime.MinValue` for value types.
    pub fn default_for(ty: ClrType, nullable: bool) -> Value {
        if nullable || ty.is_reference() {
            return Value::Null;
        }
        match ty {
            ClrType::Int16 | ClrType::Int32 | ClrType::Int64 => Value::Int(0),
            ClrType::Decimal => Value::Decimal(Decimal::ZERO),
            ClrType::DateTime => Value::DateTime(NetDateTime::min_value()),
            ClrType::Boolean => Value::Bool(false),
            ClrType::String | ClrType::List => Value::Null,
        }
    }

    /// Borrow as a [`ValueRef`].
    pub fn as_ref(&self) -> ValueRef<'_> {
        match self {
            Value::Null => ValueRef::Null,
            Value::Int(v) => ValueRef::Int(*v),
            Value::Bool(v) => ValueRef::Bool(*v),
            Value::Decimal(v) => ValueRef::Decimal(*v),
            Value::DateTime(v) => ValueRef::DateTime(v),
            Value::String(v) => ValueRef::Str(v),
            Value::List(rows) => ValueRef::Rows(rows),
        }
    }
}

/// A record of a contract type holding dynamic values: what the readers bind into.
#[derive(Clone, Debug)]
pub struct Object {
    schema: &'static TypeSchema,
    /// Values by field index.
    pub values: Vec<Value>,
}

impl Object {
    /// A new object with every member at its CLR default (what a constructor leaves).
    pub fn new(schema: &'static TypeSchema) -> Object {
        let values = schema
            .fields
            .iter()
            .map(|f| Value::default_for(f.ty, f.nullable))
            .collect();
        Object { schema, values }
    }

    /// A new object of the request type.
    pub fn new_request() -> Object {
        Object::new(contract().request())
    }

    /// A new object of the response type.
    pub fn new_response() -> Object {
        Object::new(contract().response())
    }

    /// The value of a field by exact wire name.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.schema.field_index(name).map(|i| &self.values[i])
    }

    /// Set a field by exact wire name; returns false when the type has no such field.
    pub fn set(&mut self, name: &str, value: Value) -> bool {
        match self.schema.field_index(name) {
            Some(i) => {
                self.values[i] = value;
                true
            }
            None => false,
        }
    }

    /// Copy any record into an object.
    pub fn from_record(record: &dyn Record) -> Object {
        let schema = record.schema();
        let values = (0..schema.fields.len())
            .map(|i| to_owned_value(record.field(i)))
            .collect();
        Object { schema, values }
    }

    /// The schema.
    pub fn type_schema(&self) -> &'static TypeSchema {
        self.schema
    }
}

fn to_owned_value(v: ValueRef<'_>) -> Value {
    match v {
        ValueRef::Null => Value::Null,
        ValueRef::Int(v) => Value::Int(v),
        ValueRef::Bool(v) => Value::Bool(v),
        ValueRef::Decimal(v) => Value::Decimal(v),
        ValueRef::DateTime(v) => Value::DateTime(*v),
        ValueRef::Str(v) => Value::String(v.to_owned()),
        ValueRef::Rows(rows) => Value::List(
            (0..rows.len())
                .map(|i| Object::from_record(rows.row(i)))
                .collect(),
        ),
    }
}

impl PartialEq for Object {
    fn eq(&self, other: &Object) -> bool {
        std::ptr::eq(self.schema, other.schema) && self.values == other.values
    }
}

impl Record for Object {
    fn schema(&self) -> &'static TypeSchema {
        self.schema
    }
    fn field(&self, i: usize) -> ValueRef<'_> {
        self.values[i].as_ref()
    }
}

/// A Rust field type of the typed model, with the contract type it stands for.
pub trait FieldValue: Sized {
    /// The C# type.
    const CLR: ClrType;
    /// Whether null is representable.
    const NULLABLE: bool;
    /// For lists, the row type's data-contract name.
    fn item_type() -> Option<&'static str> {
        None
    }
    /// Borrow for writing.
    fn to_ref(&self) -> ValueRef<'_>;
    /// Take from a bound value; `None` when the value does not fit (a reader defect).
    fn from_value(value: Value) -> Option<Self>;
}

macro_rules! int_field {
    ($t:ty, $clr:ident) => {
        impl FieldValue for $t {
            const CLR: ClrType = ClrType::$clr;
            const NULLABLE: bool = false;
            fn to_ref(&self) -> ValueRef<'_> {
                ValueRef::Int(i64::from(*self))
            }
            fn from_value(value: Value) -> Option<Self> {
                match value {
                    Value::Int(v) => <$t>::try_from(v).ok(),
                    _ => None,
                }
            }
        }
    };
}
int_field!(i16, Int16);
int_field!(i32, Int32);
int_field!(i64, Int64);

impl FieldValue for bool {
    const CLR: ClrType = ClrType::Boolean;
    const NULLABLE: bool = false;
    fn to_ref(&self) -> ValueRef<'_> {
        ValueRef::Bool(*self)
    }
    fn from_value(value: Value) -> Option<Self> {
        match value {
            Value::Bool(v) => Some(v),
            _ => None,
        }
    }
}

impl FieldValue for Decimal {
    const CLR: ClrType = ClrType::Decimal;
    const NULLABLE: bool = false;
    fn to_ref(&self) -> ValueRef<'_> {
        ValueRef::Decimal(*self)
    }
    fn from_value(value: Value) -> Option<Self> {
        match value {
            Value::Decimal(v) => Some(v),
            _ => None,
        }
    }
}

impl FieldValue for NetDateTime {
    const CLR: ClrType = ClrType::DateTime;
    const NULLABLE: bool = false;
    fn to_ref(&self) -> ValueRef<'_> {
        ValueRef::DateTime(self)
    }
    fn from_value(value: Value) -> Option<Self> {
        match value {
            Value::DateTime(v) => Some(v),
            _ => None,
        }
    }
}

impl FieldValue for String {
    // Strings are reference types: only `Option<String>` appears in the model.
    const CLR: ClrType = ClrType::String;
    const NULLABLE: bool = false;
    fn to_ref(&self) -> ValueRef<'_> {
        ValueRef::Str(self)
    }
    fn from_value(value: Value) -> Option<Self> {
        match value {
            Value::String(v) => Some(v),
            _ => None,
        }
    }
}

impl<R: Record + FromObject> FieldValue for Vec<R> {
    const CLR: ClrType = ClrType::List;
    const NULLABLE: bool = false;
    fn item_type() -> Option<&'static str> {
        Some(R::TYPE_NAME)
    }
    fn to_ref(&self) -> ValueRef<'_> {
        ValueRef::Rows(self)
    }
    fn from_value(value: Value) -> Option<Self> {
        match value {
            Value::List(rows) => rows.into_iter().map(R::from_object).collect(),
            _ => None,
        }
    }
}

impl<T: FieldValue> FieldValue for Option<T> {
    const CLR: ClrType = T::CLR;
    const NULLABLE: bool = true;
    fn item_type() -> Option<&'static str> {
        T::item_type()
    }
    fn to_ref(&self) -> ValueRef<'_> {
        match self {
            Some(v) => v.to_ref(),
            None => ValueRef::Null,
        }
    }
    fn from_value(value: Value) -> Option<Self> {
        match value {
            Value::Null => Some(None),
            other => T::from_value(other).map(Some),
        }
    }
}

/// A typed model struct that can be built from a bound [`Object`].
pub trait FromObject: Sized {
    /// The data-contract name of the type.
    const TYPE_NAME: &'static str;
    /// Wire names in field-index order (the schema's order).
    const FIELDS: &'static [&'static str];
    /// `(CLR type, nullable, row type)` of each field, in the same order.
    fn field_types() -> Vec<(ClrType, bool, Option<&'static str>)>;
    /// Build from an object of this type; `None` if a value does not fit its field.
    fn from_object(object: Object) -> Option<Self>;
}

/// Declares a typed model struct whose fields are listed in the contract's (Json.NET) order,
/// and implements [`Record`] and [`FromObject`] for it.
macro_rules! record {
    (
        $(#[$meta:meta])*
        pub struct $name:ident = $type_name:literal {
            $( $(#[$fmeta:meta])* $wire:literal => $field:ident : $ty:ty ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq)]
        pub struct $name {
            $( $(#[$fmeta])* pub $field: $ty, )*
        }

        impl $crate::model::Record for $name {
            fn schema(&self) -> &'static $crate::contract::TypeSchema {
                static SCHEMA: std::sync::OnceLock<&'static $crate::contract::TypeSchema> =
                    std::sync::OnceLock::new();
                SCHEMA.get_or_init(|| {
                    match $crate::contract::contract().schema_by_name($type_name) {
                        Some(schema) => schema,
                        // Proven present by the contract agreement test.
                        None => panic!(concat!("contract has no type ", $type_name)),
                    }
                })
            }

            fn field(&self, i: usize) -> $crate::model::ValueRef<'_> {
                let mut index = 0usize;
                $(
                    if i == index {
                        return $crate::model::FieldValue::to_ref(&self.$field);
                    }
                    index += 1;
                )*
                let _ = index;
                $crate::model::ValueRef::Null
            }
        }

        impl $crate::model::FromObject for $name {
            const TYPE_NAME: &'static str = $type_name;
            const FIELDS: &'static [&'static str] = &[$($wire),*];

            fn field_types() -> Vec<($crate::contract::ClrType, bool, Option<&'static str>)> {
                vec![$((
                    <$ty as $crate::model::FieldValue>::CLR,
                    <$ty as $crate::model::FieldValue>::NULLABLE
                        || <$ty as $crate::model::FieldValue>::CLR.is_reference(),
                    <$ty as $crate::model::FieldValue>::item_type(),
                )),*]
            }

            fn from_object(object: $crate::model::Object) -> Option<Self> {
                if object.type_schema().name != $type_name {
                    return None;
                }
                let mut values = object.values.into_iter();
                Some($name {
                    $( $field: $crate::model::FieldValue::from_value(values.next()?)?, )*
                })
            }
        }
    };
}
pub(crate) use record;
