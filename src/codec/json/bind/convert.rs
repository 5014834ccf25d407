//! Contract targets and `EnsureType`: how Json.NET turns a token's value into a member of a
//! given CLR type (`Convert.ChangeType` with the invariant culture), and the CLR type names its
//! messages print.

use crate::codec::JsonNet;
use crate::codec::json::lexer::{Fault, FaultKind, ReadType, Reader, Val, normalize_big};
use crate::codec::json::number::{self, IntError};
use crate::contract::{ClrType, FieldSchema, TypeSchema, contract};
use crate::model::{NetDateTime, Value};
use rust_decimal::Decimal;

/// The DataContract namespace prefix whose remainder is the CLR namespace.
const DATA_CONTRACT_PREFIX: &str = "http://schemas.datacontract.org/2004/07/";

/// What a value is read into.
#[derive(Clone, Copy)]
pub(crate) enum Target {
    /// A contract type (the request, the response, a row).
    Object(&'static TypeSchema),
    /// `List<Row>`.
    List(&'static TypeSchema),
    /// A primitive member.
    Prim { ty: ClrType, nullable: bool },
}

impl Target {
    /// The target of a member.
    pub(crate) fn of_field(field: &FieldSchema) -> Target {
        match (field.ty, field.item) {
            (ClrType::List, Some(item)) => Target::List(contract().schema(item)),
            (ty, _) => Target::Prim {
                ty,
                nullable: field.nullable,
            },
        }
    }

    /// The read Json.NET's contract asks for (`JsonPrimitiveContract` read types; 6.x reads
    /// `short` and `bool` with a plain `Read()`).
    pub(crate) fn read_type(self, version: JsonNet) -> ReadType {
        let Target::Prim { ty, .. } = self else {
            return ReadType::Read;
        };
        match (ty, version) {
            (ClrType::Int32, _) | (ClrType::Int16, JsonNet::V13) => ReadType::ReadAsInt32,
            (ClrType::Int16 | ClrType::Boolean, JsonNet::V6) => ReadType::Read,
            (ClrType::Int64, JsonNet::V13) => ReadType::ReadAsInt64,
            (ClrType::Int64, JsonNet::V6) | (ClrType::List, _) => ReadType::Read,
            (ClrType::Decimal, _) => ReadType::ReadAsDecimal,
            (ClrType::String, _) => ReadType::ReadAsString,
            (ClrType::Boolean, JsonNet::V13) => ReadType::ReadAsBoolean,
            (ClrType::DateTime, _) => ReadType::ReadAsDateTime,
        }
    }

    /// `contract.IsNullable`.
    pub(crate) fn is_nullable(self) -> bool {
        match self {
            Target::Object(_) | Target::List(_) => true,
            Target::Prim { ty, nullable } => nullable || ty.is_reference(),
        }
    }

    /// Whether the target is `string` (never coerced from `""` to null).
    pub(crate) fn is_string(self) -> bool {
        matches!(
            self,
            Target::Prim {
                ty: ClrType::String,
                ..
            }
        )
    }

    /// The CLR type name as `Type.ToString()` prints it.
    pub(crate) fn clr_name(self) -> String {
        match self {
            Target::Object(schema) => clr_class_name(schema),
            Target::List(item) => format!(
                "System.Collections.Generic.List`1[{}]",
                clr_class_name(item)
            ),
            Target::Prim { ty, nullable } => {
                let base = format!("System.{}", ty.clr_name());
                if nullable && !ty.is_reference() {
                    format!("System.Nullable`1[{base}]")
                } else {
                    base
                }
            }
        }
    }

    /// `GetExpectedDescription(contract)`.
    pub(crate) fn json_description(self) -> &'static str {
        match self {
            Target::Object(_) => r#"JSON object (e.g. {"name":"value"})"#,
            Target::List(_) => "JSON array (e.g. [1,2,3])",
            Target::Prim { .. } => "JSON primitive value (e.g. string, number, boolean, null)",
        }
    }

    /// What would have been accepted, for people.
    pub(crate) fn describe(self) -> String {
        let base = match self {
            Target::Object(schema) => format!("a JSON object ({})", short_name(schema)),
            Target::List(item) => format!("a JSON array of {} objects", short_name(item)),
            Target::Prim { ty, .. } => match ty {
                ClrType::Int16 => "an Int16 (-32768..32767)".to_owned(),
                ClrType::Int32 => "an Int32 (-2147483648..2147483647)".to_owned(),
                ClrType::Int64 => "an Int64".to_owned(),
                ClrType::Decimal => "a decimal number".to_owned(),
                ClrType::DateTime => "a DateTime".to_owned(),
                ClrType::Boolean => "a Boolean".to_owned(),
                ClrType::String => "a string".to_owned(),
                ClrType::List => "a JSON array".to_owned(),
            },
        };
        if self.is_nullable() {
            format!("{base} or null")
        } else {
            base
        }
    }

    /// The short type name for sentences (`Int32`, `DateTime`, …).
    pub(crate) fn type_word(self) -> String {
        match self {
            Target::Object(schema) => short_name(schema).to_owned(),
            Target::List(item) => format!("List<{}>", short_name(item)),
            Target::Prim { ty, .. } => ty.clr_name().to_owned(),
        }
    }
}

/// The last segment of a contract name (`ClientFavoriteDataInfoClientFavoritesRow`).
pub(crate) fn short_name(schema: &TypeSchema) -> &str {
    schema.name.rsplit('.').next().unwrap_or(&schema.name)
}

/// `Namespace.Outer+Inner` from the data-contract namespace and name.
fn clr_class_name(schema: &TypeSchema) -> String {
    let nested = schema.name.replace('.', "+");
    match schema.namespace.strip_prefix(DATA_CONTRACT_PREFIX) {
        Some(ns) if !ns.is_empty() => format!("{ns}.{nested}"),
        _ => nested,
    }
}

/// The result of binding a value.
pub(crate) enum Made {
    /// `null` (also a skipped or unresolvable object).
    Null,
    /// A primitive or a list.
    Value(Value),
    /// An object of a contract type.
    Object(crate::model::Object),
}

impl Made {
    /// As a member value.
    pub(crate) fn into_value(self) -> Value {
        match self {
            Made::Null => Value::Null,
            Made::Value(v) => v,
            // Objects are never members of the contract types; keep them as a one-row list
            // rather than lose them.
            Made::Object(o) => Value::List(vec![o]),
        }
    }
}

/// `EnsureType(reader, value, culture, contract, targetType)`.
pub(crate) fn ensure_type(reader: &Reader<'_>, value: &Val, target: Target) -> Result<Made, Fault> {
    let fail = |kind: FaultKind| {
        reader.fault_at_value(
            kind,
            format!(
                "Error converting value {} to type '{}'.",
                value.dotnet_text(),
                target.clr_name()
            ),
        )
    };
    if *value == Val::None {
        return if target.is_nullable() {
            Ok(Made::Null)
        } else {
            Err(fail(FaultKind::NullForValueType))
        };
    }
    let Target::Prim { ty, .. } = target else {
        return Err(fail(FaultKind::Shape));
    };
    let converted = match ty {
        ClrType::Int16 | ClrType::Int32 | ClrType::Int64 => {
            let (min, max) = ty.int_range().unwrap_or((i64::MIN, i64::MAX));
            to_int(value, min, max).map(Value::Int)
        }
        ClrType::Decimal => to_decimal(value).map(Value::Decimal),
        ClrType::Boolean => to_bool(value).map(Value::Bool),
        ClrType::String => Ok(Value::String(match value {
            Val::Str(s) => s.clone(),
            other => other.dotnet_text(),
        })),
        ClrType::DateTime => match value {
            Val::Date(d) => Ok(Value::DateTime(*d)),
            _ => Err(FaultKind::NotA),
        },
        ClrType::List => Err(FaultKind::Shape),
    };
    converted.map(Made::Value).map_err(fail)
}

fn to_int(value: &Val, min: i64, max: i64) -> Result<i64, FaultKind> {
    match value {
        Val::Int(v) if (min..=max).contains(v) => Ok(*v),
        Val::Int(_) => Err(FaultKind::OutOfRange),
        Val::Big(text) => {
            let normal = normalize_big(text);
            match normal.parse::<i64>() {
                Ok(v) if (min..=max).contains(&v) => Ok(v),
                _ => Err(FaultKind::OutOfRange),
            }
        }
        Val::Float(v) => number::double_to_int(*v, min, max).ok_or(FaultKind::OutOfRange),
        Val::Dec(d) => {
            let rounded =
                d.round_dp_with_strategy(0, rust_decimal::RoundingStrategy::MidpointNearestEven);
            i64::try_from(rounded)
                .ok()
                .filter(|v| (min..=max).contains(v))
                .ok_or(FaultKind::OutOfRange)
        }
        Val::Str(s) => number::parse_integer(s, min, max).map_err(|e| match e {
            IntError::Format => FaultKind::NotA,
            IntError::Overflow => FaultKind::OutOfRange,
        }),
        Val::Bool(b) => Ok(i64::from(*b)),
        Val::Date(_) | Val::None => Err(FaultKind::NotA),
    }
}

fn to_decimal(value: &Val) -> Result<Decimal, FaultKind> {
    match value {
        Val::Dec(d) => Ok(*d),
        Val::Int(v) => Ok(Decimal::from(*v)),
        Val::Float(v) => Decimal::try_from(*v).map_err(|_| FaultKind::OutOfRange),
        Val::Str(s) => number::parse_decimal_number(s).ok_or(FaultKind::NotA),
        Val::Bool(b) => Ok(Decimal::from(u8::from(*b))),
        Val::Big(_) => Err(FaultKind::OutOfRange),
        Val::Date(_) | Val::None => Err(FaultKind::NotA),
    }
}

fn to_bool(value: &Val) -> Result<bool, FaultKind> {
    match value {
        Val::Bool(b) => Ok(*b),
        Val::Int(v) => Ok(*v != 0),
        Val::Float(v) => Ok(*v != 0.0),
        Val::Big(text) => Ok(normalize_big(text) != "0"),
        Val::Dec(d) => Ok(!d.is_zero()),
        Val::Str(s) => number::parse_bool(s).ok_or(FaultKind::NotA),
        Val::Date(_) | Val::None => Err(FaultKind::NotA),
    }
}

/// The wall clock of a date written with an explicit `±hh:mm`/`±hhmm`/`±hh` suffix, if the
/// text ends with one (to tell whether reading converted it).
pub(crate) fn written_offset_seconds(text: &str) -> Option<i32> {
    let t = text.trim();
    let bytes = t.as_bytes();
    let n = bytes.len();
    let digits = |s: &[u8]| s.iter().all(u8::is_ascii_digit);
    let parse2 = |s: &[u8]| i32::from(s[0] - b'0') * 10 + i32::from(s[1] - b'0');
    let (sign_at, h, m) = if n >= 6
        && bytes[n - 3] == b':'
        && digits(&bytes[n - 5..n - 3])
        && digits(&bytes[n - 2..])
    {
        (n - 6, parse2(&bytes[n - 5..n - 3]), parse2(&bytes[n - 2..]))
    } else if n >= 5 && digits(&bytes[n - 4..]) {
        (n - 5, parse2(&bytes[n - 4..n - 2]), parse2(&bytes[n - 2..]))
    } else if n >= 3 && digits(&bytes[n - 2..]) {
        (n - 3, parse2(&bytes[n - 2..]), 0)
    } else {
        return None;
    };
    let seconds = h * 3600 + m * 60;
    match bytes[sign_at] {
        b'+' => Some(seconds),
        b'-' if sign_at > 0 && bytes[sign_at - 1].is_ascii_digit() => Some(-seconds),
        _ => None,
    }
}

/// Whether a parsed date is Local and differs from the wall clock written in the body.
pub(crate) fn date_was_shifted(text: &str, date: &NetDateTime) -> bool {
    match date.kind {
        crate::model::DateKind::Local(offset) => {
            written_offset_seconds(text).is_none_or(|s| s != offset.local_minus_utc())
        }
        crate::model::DateKind::Utc | crate::model::DateKind::Unspecified => false,
    }
}
