//! .NET's number and boolean text rules as Json.NET uses them: here its own fast parsers for
//! JSON number tokens (`ConvertUtils.Int32TryParse`, `Int64TryParse`, `DecimalTryParse`) and
//! `Convert.ToInt32(s, 16|8)`; in `dotnet` the BCL parsers it falls back to for quoted text.

use rust_decimal::Decimal;

mod dotnet;

pub(crate) use dotnet::{
    double_to_int, format_double, parse_bool, parse_decimal_number, parse_double, parse_integer,
};

/// Json.NET's `ParseResult`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Parsed<T> {
    Ok(T),
    Invalid,
    Overflow,
}

/// Why a BCL integer parse failed (`FormatException` or `OverflowException`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum IntError {
    Format,
    Overflow,
}

/// The largest decimal mantissa, 2^96 − 1.
const DECIMAL_MAX_MANTISSA: u128 = (1 << 96) - 1;
/// Its first 19 digits, next 9 digits, and the first 28 digits (Json.NET's constants).
const MAX_HI19: u64 = 7_922_816_251_426_433_759;
const MAX_LO9: u64 = 354_395_033;
const MAX_HI28: u128 = 7_922_816_251_426_433_759_354_395_033;
/// Decimal's largest scale.
const MAX_SCALE: u32 = 28;

fn digits_only(bytes: &[u8]) -> bool {
    bytes.iter().all(u8::is_ascii_digit)
}

/// `ConvertUtils.Int32TryParse`: optional `-`, then ASCII digits only.
pub(crate) fn int32_try_parse(text: &str) -> Parsed<i32> {
    match int_try_parse(text, 10) {
        Parsed::Ok(v) => i32::try_from(v).map_or(Parsed::Overflow, Parsed::Ok),
        Parsed::Invalid => Parsed::Invalid,
        Parsed::Overflow => Parsed::Overflow,
    }
}

/// `ConvertUtils.Int64TryParse`.
pub(crate) fn int64_try_parse(text: &str) -> Parsed<i64> {
    int_try_parse(text, 19)
}

fn int_try_parse(text: &str, max_digits: usize) -> Parsed<i64> {
    let bytes = text.as_bytes();
    let (negative, digits) = match bytes.split_first() {
        None => return Parsed::Invalid,
        Some((b'-', [])) => return Parsed::Invalid,
        Some((b'-', rest)) => (true, rest),
        Some(_) => (false, bytes),
    };
    if !digits_only(digits) {
        return Parsed::Invalid;
    }
    if digits.len() > max_digits {
        return Parsed::Overflow;
    }
    let magnitude = digits
        .iter()
        .fold(0i128, |acc, d| acc * 10 + i128::from(d - b'0'));
    let value = if negative { -magnitude } else { magnitude };
    let (min, max) = if max_digits == 10 {
        (i128::from(i32::MIN), i128::from(i32::MAX))
    } else {
        (i128::from(i64::MIN), i128::from(i64::MAX))
    };
    if value < min || value > max {
        return Parsed::Overflow;
    }
    i64::try_from(value).map_or(Parsed::Overflow, Parsed::Ok)
}

/// `Convert.ToInt32(s, 16|8)` / `Convert.ToInt64(s, 16|8)` for a number token starting with `0`
/// (hex with `0x`, otherwise octal). Values wrap to the signed type as .NET does; `None` is the
/// `FormatException`/`OverflowException` case.
pub(crate) fn radix_parse(text: &str, bits: u32) -> Option<i64> {
    let (radix, digits) = match text.get(..2) {
        Some("0x" | "0X") => (16, &text[2..]),
        _ => (8, text),
    };
    if digits.is_empty() {
        return None;
    }
    let mut value: u64 = 0;
    for c in digits.chars() {
        let d = u64::from(c.to_digit(radix)?);
        value = value.checked_mul(u64::from(radix))?.checked_add(d)?;
        if bits == 32 && value > u64::from(u32::MAX) {
            return None;
        }
    }
    if bits == 32 {
        // Two's complement wrap, as .NET's unsigned accumulation then cast does.
        let narrow = u32::try_from(value).ok()?;
        Some(i64::from(narrow as i32))
    } else {
        Some(value as i64)
    }
}

/// `ConvertUtils.DecimalTryParse`: Json.NET's parser for number tokens read as decimal. Keeps the
/// written scale (`1.50` → 1.50), reads exponents (`1e2` → 100).
pub(crate) fn decimal_try_parse(text: &str) -> Parsed<Decimal> {
    let bytes = text.as_bytes();
    let (negative, start) = match bytes.first() {
        None => return Parsed::Invalid,
        Some(b'-') if bytes.len() == 1 => return Parsed::Invalid,
        Some(b'-') => (true, 1),
        Some(_) => (false, 0),
    };
    let end = bytes.len();
    let mut dot_start = end;
    let mut dot_end = end;
    let mut exponent: i32 = 0;
    let mut hi19: u64 = 0;
    let mut lo10: u64 = 0;
    let mut mantissa_digits: i32 = 0;
    let mut exponent_from_mantissa: i32 = 0;
    let mut digit29: Option<u8> = None;
    let mut store_only_28: Option<bool> = None;
    let mut i = start;
    while i < end {
        let mut c = bytes[i];
        if !matches!(c, b'.' | b'e' | b'E') {
            if !c.is_ascii_digit() {
                return Parsed::Invalid;
            }
            let leading_zero = i == start && c == b'0';
            if leading_zero && i + 1 != end {
                i += 1;
                c = bytes[i];
                if !matches!(c, b'.' | b'e' | b'E') {
                    return Parsed::Invalid;
                }
            } else {
                let keep = mantissa_digits < 29
                    && (mantissa_digits != 28
                        || !*store_only_28.get_or_insert(
                            hi19 > MAX_HI19
                                || (hi19 == MAX_HI19
                                    && (lo10 > MAX_LO9 || (lo10 == MAX_LO9 && c > b'5'))),
                        ));
                if keep {
                    if mantissa_digits < 19 {
                        hi19 = hi19 * 10 + u64::from(c - b'0');
                    } else {
                        lo10 = lo10 * 10 + u64::from(c - b'0');
                    }
                    mantissa_digits += 1;
                } else {
                    digit29.get_or_insert(c);
                    exponent_from_mantissa += 1;
                }
                i += 1;
                continue;
            }
        }
        if c == b'.' {
            if i == start || i + 1 == end || dot_start != end {
                return Parsed::Invalid;
            }
            dot_start = i + 1;
            i += 1;
            continue;
        }
        // An exponent.
        if i == start || i == dot_start {
            return Parsed::Invalid;
        }
        i += 1;
        if i == end {
            return Parsed::Invalid;
        }
        if dot_start < end {
            dot_end = i - 1;
        }
        let exponent_negative = match bytes[i] {
            b'-' => {
                i += 1;
                true
            }
            b'+' => {
                i += 1;
                false
            }
            _ => false,
        };
        while i < end {
            let d = bytes[i];
            if !d.is_ascii_digit() {
                return Parsed::Invalid;
            }
            // C# arithmetic wraps; Json.NET stops updating once it does.
            let next = exponent.wrapping_mul(10).wrapping_add(i32::from(d - b'0'));
            if exponent < next {
                exponent = next;
            }
            i += 1;
        }
        if exponent_negative {
            exponent = -exponent;
        }
    }

    exponent = exponent.saturating_add(exponent_from_mantissa);
    let fraction_digits = i32::try_from(dot_end - dot_start).unwrap_or(i32::MAX);
    exponent = exponent.saturating_sub(fraction_digits);

    let mut mantissa: u128 = if mantissa_digits <= 19 {
        u128::from(hi19)
    } else {
        let shift = u32::try_from(mantissa_digits - 19).unwrap_or(0);
        u128::from(hi19) * 10u128.pow(shift) + u128::from(lo10)
    };

    let value = if exponent > 0 {
        mantissa_digits = mantissa_digits.saturating_add(exponent);
        if mantissa_digits > 29 {
            return Parsed::Overflow;
        }
        let e = u32::try_from(exponent).unwrap_or(0);
        if mantissa_digits == 29 {
            if exponent > 1 {
                mantissa *= 10u128.pow(e - 1);
                if mantissa > MAX_HI28 {
                    return Parsed::Overflow;
                }
            } else if mantissa == MAX_HI28 && digit29.is_some_and(|d| d > b'5') {
                return Parsed::Overflow;
            }
            mantissa *= 10;
        } else {
            mantissa *= 10u128.pow(e);
        }
        decimal_from(mantissa, 0)
    } else {
        if digit29.is_some_and(|d| d >= b'5') && exponent >= -28 {
            mantissa += 1;
        }
        if exponent < 0 {
            if mantissa_digits.saturating_add(exponent).saturating_add(28) <= 0 {
                return Parsed::Ok(Decimal::ZERO);
            }
            if exponent >= -28 {
                decimal_from(mantissa, exponent.unsigned_abs())
            } else {
                // Below 28 decimals .NET divides by 1e28 and rounds the rest away.
                let shift = exponent.unsigned_abs() - MAX_SCALE;
                let base = decimal_from(mantissa, MAX_SCALE);
                Some(
                    base.and_then(|b| b.checked_div(Decimal::from(10u64.pow(shift.min(19)))))
                        .unwrap_or(Decimal::ZERO),
                )
            }
        } else {
            decimal_from(mantissa, 0)
        }
    };
    match value {
        Some(v) if negative => Parsed::Ok(-v),
        Some(v) => Parsed::Ok(v),
        None => Parsed::Overflow,
    }
}

fn decimal_from(mantissa: u128, scale: u32) -> Option<Decimal> {
    if mantissa > DECIMAL_MAX_MANTISSA || scale > MAX_SCALE {
        return None;
    }
    let signed = i128::try_from(mantissa).ok()?;
    Decimal::try_from_i128_with_scale(signed, scale).ok()
}
