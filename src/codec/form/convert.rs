//! The `TypeConverter`s MVC model binding calls with `InvariantCulture` (contracts/reference/wire.md#form-binding), and how
//! their failures reach ModelState.
//!
//! `TypeConverterModelBinder` walks the exception chain: a `FormatException` anywhere gives the
//! friendly `The value '…' is not valid for X.`; anything else (overflow, a sign in hex) is stored
//! as the wrapping `InvalidOperationException` of `ValueProviderResult.ConvertSimpleType`.

use super::pairs::eq_ordinal_ignore_case;
use crate::codec::datetime::{self, Clock};
use crate::contract::ClrType;
use crate::model::{DateKind, Value, push_offset};
use rust_decimal::Decimal;
use std::str::FromStr;

/// A successful conversion and what is worth telling about it.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Converted {
    pub(super) value: Value,
    pub(super) note: Option<Note>,
}

/// Accepted, but not what a reader of the text would assume.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Note {
    /// `0x10`, `#10`, `&h10`: read as hexadecimal (two's complement for the full width).
    Hex,
    /// `1e2`: exponent notation.
    Exponent,
    /// A date with `Z` or an offset other than the server's, converted to server local time.
    DateToLocal,
    /// `07.05.2026`: month first (5 July).
    MonthFirst,
}

/// Why a conversion failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Failure {
    /// A `FormatException` in the chain.
    Format,
    /// The value is outside the type's range (`OverflowException`).
    Overflow,
    /// A hex value with a sign or without digits (`ArgumentException`).
    BadHex,
}

impl Failure {
    /// Whether ModelState gets the friendly message (a `FormatException` in the chain).
    pub(super) fn is_format(self) -> bool {
        self == Failure::Format
    }
}

/// Convert a non-blank form value (blank values never reach a converter: `ConvertSimpleType`
/// returns null for them first).
pub(super) fn convert(
    text: &str,
    ty: ClrType,
    clock: impl Into<Clock>,
) -> Result<Converted, Failure> {
    let clock = clock.into();
    // Every converter starts with `String.Trim()`.
    let trimmed = text.trim();
    let plain = |value| Converted { value, note: None };
    match ty {
        ClrType::String | ClrType::List => Ok(plain(Value::String(text.to_owned()))),
        ClrType::Int16 | ClrType::Int32 | ClrType::Int64 => integer(trimmed, ty),
        ClrType::Decimal => decimal(trimmed),
        ClrType::Boolean => {
            // `Boolean.Parse` also trims whitespace and NUL characters.
            let word = trimmed.trim_matches(|c: char| c.is_whitespace() || c == '\0');
            if eq_ordinal_ignore_case(word, "true") {
                Ok(plain(Value::Bool(true)))
            } else if eq_ordinal_ignore_case(word, "false") {
                Ok(plain(Value::Bool(false)))
            } else {
                Err(Failure::Format)
            }
        }
        ClrType::DateTime => {
            let value = datetime::parse_invariant(trimmed, clock).map_err(|_| Failure::Format)?;
            // An offset equal to the server's at that moment changes nothing worth reporting.
            let mut server_suffix = String::new();
            if let DateKind::Local(offset) = value.kind {
                push_offset(&mut server_suffix, offset);
            }
            let note = if datetime::is_ambiguous_month_first(trimmed) {
                Some(Note::MonthFirst)
            } else if datetime::was_converted(&value) && !trimmed.ends_with(&server_suffix) {
                Some(Note::DateToLocal)
            } else {
                None
            };
            Ok(Converted {
                value: Value::DateTime(value),
                note,
            })
        }
    }
}

/// `BaseNumberConverter.ConvertFrom`: `#…`, `0x…`, `0X…`, `&h…`, `&H…` go to
/// `Convert.ToIntNN(s, 16)`, anything else to `IntNN.Parse(s, NumberStyles.Integer)`.
fn integer(text: &str, ty: ClrType) -> Result<Converted, Failure> {
    let hex_digits = text.strip_prefix('#').or_else(|| {
        ["0x", "0X", "&h", "&H"]
            .into_iter()
            .find_map(|p| text.strip_prefix(p))
    });
    let (min, max) = ty.int_range().unwrap_or((i64::MIN, i64::MAX));
    if let Some(digits) = hex_digits {
        return hex(digits, ty).map(|value| Converted {
            value: Value::Int(value),
            note: Some(Note::Hex),
        });
    }
    let value = parse_integer(text)?;
    if value < i128::from(min) || value > i128::from(max) {
        return Err(Failure::Overflow);
    }
    i64::try_from(value)
        .map(|v| Converted {
            value: Value::Int(v),
            note: None,
        })
        .map_err(|_| Failure::Overflow)
}

/// .NET number whitespace (`AllowLeadingWhite`/`AllowTrailingWhite`): U+0009–U+000D and space.
fn is_number_white(c: char) -> bool {
    matches!(c, '\t'..='\r' | ' ')
}

/// `NumberStyles.Integer` with the invariant signs; trailing NULs are tolerated as in .NET.
/// Returns the value in a wide type so the caller range-checks.
fn parse_integer(text: &str) -> Result<i128, Failure> {
    let body = text.trim_end_matches('\0').trim_matches(is_number_white);
    let (negative, digits) = match body.as_bytes().first() {
        Some(b'-') => (true, &body[1..]),
        Some(b'+') => (false, &body[1..]),
        _ => (false, body),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Failure::Format);
    }
    let mut value: i128 = 0;
    for b in digits.bytes() {
        value = value * 10 + i128::from(b - b'0');
        if value > i128::from(u64::MAX) {
            return Err(Failure::Overflow);
        }
    }
    Ok(if negative { -value } else { value })
}

/// `Convert.ToInt16/32/64(s, 16)` (`ParseNumbers.StringToInt`, tight): an optional `+`, an
/// optional second `0x`, hex digits to the end; values wrap into the signed type (`0xFFFF` is
/// -1 for Int16). A `-` or an empty string throw `ArgumentException`s, not format errors.
fn hex(digits: &str, ty: ClrType) -> Result<i64, Failure> {
    if digits.is_empty() || digits.starts_with('-') {
        return Err(Failure::BadHex);
    }
    let digits = digits.strip_prefix('+').unwrap_or(digits);
    let digits = ["0x", "0X"]
        .into_iter()
        .find_map(|p| digits.strip_prefix(p).filter(|rest| !rest.is_empty()))
        .unwrap_or(digits);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(Failure::Format);
    }
    let mut value: u64 = 0;
    for b in digits.bytes() {
        let digit = u64::from(char::from(b).to_digit(16).unwrap_or(0));
        value = value
            .checked_mul(16)
            .and_then(|v| v.checked_add(digit))
            .ok_or(Failure::Overflow)?;
    }
    // Reinterpret the unsigned bit pattern in the member's width.
    match ty {
        ClrType::Int16 => u16::try_from(value)
            .map(|v| i64::from(v as i16))
            .map_err(|_| Failure::Overflow),
        ClrType::Int32 => u32::try_from(value)
            .map(|v| i64::from(v as i32))
            .map_err(|_| Failure::Overflow),
        _ => Ok(value as i64),
    }
}

/// `Decimal.Parse(s, NumberStyles.Float, Invariant)`: sign, digits with one `.`, an optional
/// exponent; no thousands separators. (`DecimalConverter` would also strip a `0X`/`&h` prefix and
/// parse the rest with the *current* culture — a .NET quirk left out here.) Values with more
/// than 28 fraction digits are rounded by `rust_decimal`, which can differ from .NET in the last
/// digit.
fn decimal(text: &str) -> Result<Converted, Failure> {
    let body = text.trim_end_matches('\0').trim_matches(is_number_white);
    let (negative, rest) = match body.as_bytes().first() {
        Some(b'-') => (true, &body[1..]),
        Some(b'+') => (false, &body[1..]),
        _ => (false, body),
    };
    let (mantissa, exponent) = match rest.find(['e', 'E']) {
        Some(at) => (&rest[..at], Some(&rest[at + 1..])),
        None => (rest, None),
    };
    let (int_part, frac_part) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if (int_part.is_empty() && frac_part.is_empty())
        || !all_digits(int_part)
        || !all_digits(frac_part)
    {
        return Err(Failure::Format);
    }
    let exp: i64 = match exponent {
        None => 0,
        Some(e) => {
            let unsigned = e.strip_prefix(['+', '-']).unwrap_or(e);
            if unsigned.is_empty() || !all_digits(unsigned) {
                return Err(Failure::Format);
            }
            // Beyond any decimal's reach; saturate instead of overflowing.
            let magnitude: i64 = unsigned.parse().unwrap_or(i64::from(i32::MAX)).min(1000);
            if e.starts_with('-') {
                -magnitude
            } else {
                magnitude
            }
        }
    };
    let digits: String = format!("{int_part}{frac_part}");
    let significant = digits.trim_start_matches('0');
    let frac_len = i64::try_from(frac_part.len()).unwrap_or(i64::MAX);
    // Decimal places after applying the exponent.
    let scale = frac_len.saturating_sub(exp);
    let integer_digits = i64::try_from(significant.len())
        .unwrap_or(i64::MAX)
        .saturating_sub(scale);
    if integer_digits > 29 {
        return Err(Failure::Overflow);
    }
    if integer_digits < -29 {
        // Far below the smallest decimal step: zero.
        return Ok(Converted {
            value: Value::Decimal(Decimal::ZERO),
            note: exponent.map(|_| Note::Exponent),
        });
    }
    let plain = if scale <= 0 {
        let zeros = usize::try_from(-scale).unwrap_or(0);
        format!("{digits}{}", "0".repeat(zeros))
    } else {
        let scale = usize::try_from(scale).unwrap_or(0);
        let padded = format!(
            "{}{digits}",
            "0".repeat(scale.saturating_sub(digits.len()) + 1)
        );
        let split = padded.len() - scale;
        format!("{}.{}", &padded[..split], &padded[split..])
    };
    let mut value = Decimal::from_str(&plain).map_err(|_| Failure::Overflow)?;
    value.set_sign_negative(negative && !value.is_zero());
    Ok(Converted {
        value: Value::Decimal(value),
        note: exponent.map(|_| Note::Exponent),
    })
}

/// The CLR name .NET prints for a member type in conversion messages (`System.Int32`,
/// `System.Nullable`1[System.Int32]`).
pub(super) fn clr_full_name(ty: ClrType, nullable: bool) -> String {
    let name = format!("System.{}", ty.clr_name());
    if nullable && !ty.is_reference() {
        format!("System.Nullable`1[{name}]")
    } else {
        name
    }
}

/// What the converter accepts, for `expected` in diagnostics.
pub(super) fn expected(ty: ClrType) -> String {
    match ty {
        ClrType::Int16 | ClrType::Int32 | ClrType::Int64 => {
            let (min, max) = ty.int_range().unwrap_or((i64::MIN, i64::MAX));
            format!(
                "an {} between {min} and {max} (decimal digits, or hex as 0x10 / #10)",
                ty.clr_name()
            )
        }
        ClrType::Decimal => "a decimal number with `.` as separator (1.5, 1e2)".to_owned(),
        ClrType::Boolean => "`true` or `false` (any case)".to_owned(),
        ClrType::DateTime => {
            "an ISO date such as 2026-05-07T11:27:39 (with `+` sent as %2B)".to_owned()
        }
        ClrType::String | ClrType::List => "text".to_owned(),
    }
}
