//! Primitive lexical forms as DataContractSerializer reads them (contracts/reference/wire.md#primitive-forms): `XmlConverter`
//! over `XmlConvert`, i.e. `Int32.Parse`/`Int64.Parse`/`Decimal.Parse` with invariant culture and
//! the styles below, `XmlConvert.ToBoolean`, and `XmlConvert.ToDateTime(RoundtripKind)`.

use crate::codec::datetime::{parse_xsd, was_converted};
use crate::contract::ClrType;
use crate::model::{DateKind, Value, Zone, push_offset};
use rust_decimal::Decimal;
use std::str::FromStr;

/// A value read from an element's text.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Converted {
    /// The bound value.
    pub(super) value: Value,
    /// Whitespace around the value was trimmed.
    pub(super) trimmed: bool,
    /// A date's offset other than the server's was converted to the server's local time.
    pub(super) date_converted: bool,
}

/// Why a value did not convert.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Failure {
    /// `XmlConverter` threw "The value '{value}' cannot be parsed as the type '{type_name}'.".
    Conversion {
        /// The text as .NET quotes it (untrimmed).
        value: String,
        /// .NET's spelling: `Int32`, `Int64`, `Boolean`, `decimal`, `DateTime`.
        type_name: &'static str,
    },
    /// A `short` outside -32768..=32767: `XmlReaderDelegator.ToShort` throws the same text for
    /// `Int16`, with the parsed value and a position (it runs after the end tag was read).
    Int16Range(i64),
}

/// `NumberStyles` whitespace: U+0009–U+000D and the space.
fn is_number_white(c: char) -> bool {
    matches!(c, '\t'..='\r' | ' ')
}

/// `XmlConvert.WhitespaceChars`, trimmed by `ToBoolean` and `ToDateTime`.
fn is_xml_white(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r')
}

/// Read element text as a member of type `ty`. Strings and lists are not primitives here.
pub(super) fn convert(ty: ClrType, raw: &str, server: Zone) -> Result<Converted, Failure> {
    // Called only on failure: the text is copied for the message then.
    let fail = |type_name| Failure::Conversion {
        value: raw.to_owned(),
        type_name,
    };
    let number_trimmed = raw.trim_matches(is_number_white).len() != raw.len();
    let xml_trimmed = raw.trim_matches(is_xml_white).len() != raw.len();
    let (value, trimmed, date_converted) = match ty {
        ClrType::Int32 => (
            Value::Int(
                parse_integer(raw, i32::MIN.into(), i32::MAX.into())
                    .ok_or_else(|| fail("Int32"))?,
            ),
            number_trimmed,
            false,
        ),
        ClrType::Int16 => {
            // ReadElementContentAsShort = ToShort(ReadElementContentAsInt()).
            let v = parse_integer(raw, i32::MIN.into(), i32::MAX.into())
                .ok_or_else(|| fail("Int32"))?;
            if i16::try_from(v).is_err() {
                return Err(Failure::Int16Range(v));
            }
            (Value::Int(v), number_trimmed, false)
        }
        ClrType::Int64 => (
            Value::Int(parse_integer(raw, i64::MIN, i64::MAX).ok_or_else(|| fail("Int64"))?),
            number_trimmed,
            false,
        ),
        ClrType::Decimal => (
            Value::Decimal(parse_decimal(raw).ok_or_else(|| fail("decimal"))?),
            number_trimmed,
            false,
        ),
        ClrType::Boolean => (
            Value::Bool(parse_bool(raw).ok_or_else(|| fail("Boolean"))?),
            xml_trimmed,
            false,
        ),
        ClrType::DateTime => {
            let value = parse_xsd(raw, server).map_err(|_| fail("DateTime"))?;
            // Worth a note only when the wall clock moved: an offset other than the server's
            // at that moment.
            let mut own = String::with_capacity(6);
            if let DateKind::Local(offset) = value.kind {
                push_offset(&mut own, offset);
            }
            let same_offset =
                was_converted(&value) && raw.trim_matches(is_xml_white).ends_with(own.as_str());
            (
                Value::DateTime(value),
                xml_trimmed,
                was_converted(&value) && !same_offset,
            )
        }
        ClrType::String => (Value::String(raw.to_owned()), false, false),
        ClrType::List => return Err(fail("List")),
    };
    Ok(Converted {
        value,
        trimmed,
        date_converted,
    })
}

/// `Int32.Parse`/`Int64.Parse` with `AllowLeadingWhite | AllowTrailingWhite | AllowLeadingSign`:
/// optional whitespace, one optional sign, ASCII digits, optional whitespace; nothing else (no
/// point, exponent, hex or thousands separator).
fn parse_integer(raw: &str, min: i64, max: i64) -> Option<i64> {
    let t = raw.trim_matches(is_number_white);
    let (negative, digits) = split_sign(t);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut v: i128 = 0;
    for b in digits.bytes() {
        v = v * 10 + i128::from(b - b'0');
        if v > i128::from(u64::MAX) {
            return None;
        }
    }
    let v = if negative { -v } else { v };
    (i128::from(min)..=i128::from(max))
        .contains(&v)
        .then(|| i64::try_from(v).ok())
        .flatten()
}

fn split_sign(t: &str) -> (bool, &str) {
    match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    }
}

/// `Decimal.Parse` with `AllowLeadingSign | AllowDecimalPoint | AllowLeadingWhite |
/// AllowTrailingWhite`: `+1.50`, `.5`, `5.` are fine; exponents and separators are not. The
/// scale is kept (`1.50` has scale 2); .NET has no negative zero.
fn parse_decimal(raw: &str) -> Option<Decimal> {
    let t = raw.trim_matches(is_number_white);
    let (negative, body) = split_sign(t);
    let (int, frac) = body.split_once('.').unwrap_or((body, ""));
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if int.len() + frac.len() == 0 || !all_digits(int) || !all_digits(frac) {
        return None;
    }
    let int = if int.is_empty() { "0" } else { int };
    let canonical = if frac.is_empty() {
        int.to_owned()
    } else {
        format!("{int}.{frac}")
    };
    let mut value = Decimal::from_str(&canonical).ok()?;
    value.set_sign_negative(negative && !value.is_zero());
    Some(value)
}

/// `XmlConvert.ToBoolean`: trimmed, then exactly `true`, `false`, `1` or `0` (case-sensitive).
pub(super) fn parse_bool(raw: &str) -> Option<bool> {
    match raw.trim_matches(is_xml_white) {
        "true" | "1" => Some(true),
        "false" | "0" => Some(false),
        _ => None,
    }
}
