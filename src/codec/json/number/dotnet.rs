//! The BCL's number and boolean text rules Json.NET falls back to (invariant culture):
//! `NumberStyles.Integer`, `NumberStyles.Number`, `NumberStyles.Float`, `bool.TryParse`,
//! `Convert.ToInt64(double)`, and `double.ToString()` for messages.

use super::{DECIMAL_MAX_MANTISSA, IntError, MAX_SCALE, decimal_from, digits_only};
use rust_decimal::Decimal;

/// .NET's `IsWhite`: space and `\t`..`\r`.
fn is_white(b: u8) -> bool {
    b == b' ' || (0x09..=0x0D).contains(&b)
}

/// The sign and digits of a .NET number after its whitespace, signs and trailing NULs.
struct Signed<'a> {
    negative: bool,
    body: &'a [u8],
}

/// Strip `[ws][sign] … [sign][ws][\0…]` (a trailing sign only when `trailing_sign` and no
/// leading one).
fn split_sign(text: &str, trailing_sign: bool) -> Option<Signed<'_>> {
    let mut bytes = text.as_bytes();
    while let Some((b'\0', rest)) = bytes.split_last() {
        bytes = rest;
    }
    while let Some((&b, rest)) = bytes.split_first() {
        if !is_white(b) {
            break;
        }
        bytes = rest;
    }
    while let Some((&b, rest)) = bytes.split_last() {
        if !is_white(b) {
            break;
        }
        bytes = rest;
    }
    let mut negative = false;
    let mut signed = false;
    if let Some((&b, rest)) = bytes.split_first()
        && (b == b'-' || b == b'+')
    {
        negative = b == b'-';
        signed = true;
        bytes = rest;
    }
    if trailing_sign
        && !signed
        && let Some((&b, rest)) = bytes.split_last()
        && (b == b'-' || b == b'+')
    {
        negative = b == b'-';
        bytes = rest;
        while let Some((&w, inner)) = bytes.split_last() {
            if !is_white(w) {
                break;
            }
            bytes = inner;
        }
    }
    Some(Signed {
        negative,
        body: bytes,
    })
}

/// `Int{16,32,64}.Parse(s, NumberStyles.Integer, Invariant)`, range-checked to `min..=max`.
pub(crate) fn parse_integer(text: &str, min: i64, max: i64) -> Result<i64, IntError> {
    let signed = split_sign(text, false).ok_or(IntError::Format)?;
    if signed.body.is_empty() || !digits_only(signed.body) {
        return Err(IntError::Format);
    }
    let mut magnitude: i128 = 0;
    for d in signed.body {
        magnitude = magnitude * 10 + i128::from(d - b'0');
        if magnitude > i128::from(u64::MAX) {
            return Err(IntError::Overflow);
        }
    }
    let value = if signed.negative {
        -magnitude
    } else {
        magnitude
    };
    if value < i128::from(min) || value > i128::from(max) {
        return Err(IntError::Overflow);
    }
    i64::try_from(value).map_err(|_| IntError::Overflow)
}

/// `decimal.TryParse(s, NumberStyles.Number, Invariant)`: signs (leading or trailing), `,`
/// thousands separators after the first digit, one `.`, no exponent.
pub(crate) fn parse_decimal_number(text: &str) -> Option<Decimal> {
    let signed = split_sign(text, true)?;
    let mut mantissa: u128 = 0;
    let mut scale: u32 = 0;
    let mut seen_digit = false;
    let mut in_fraction = false;
    let mut rounded = false;
    for &b in signed.body {
        match b {
            b'0'..=b'9' => {
                seen_digit = true;
                let d = u128::from(b - b'0');
                if rounded {
                    continue;
                }
                let next = mantissa * 10 + d;
                if in_fraction && (scale == MAX_SCALE || next > DECIMAL_MAX_MANTISSA) {
                    // Beyond decimal's precision: round on this digit and drop the rest.
                    if d >= 5 {
                        mantissa += 1;
                    }
                    rounded = true;
                    continue;
                }
                if next > DECIMAL_MAX_MANTISSA {
                    return None;
                }
                mantissa = next;
                if in_fraction {
                    scale += 1;
                }
            }
            b',' if seen_digit && !in_fraction => {}
            b'.' if !in_fraction => in_fraction = true,
            _ => return None,
        }
    }
    if !seen_digit {
        return None;
    }
    while mantissa > DECIMAL_MAX_MANTISSA && scale > 0 {
        mantissa = (mantissa + 5) / 10;
        scale -= 1;
    }
    let value = decimal_from(mantissa, scale)?;
    Some(if signed.negative { -value } else { value })
}

/// `double.TryParse(s, NumberStyles.Float, Invariant)` as .NET Framework does it (overflow
/// fails).
pub(crate) fn parse_double(text: &str) -> Option<f64> {
    let signed = split_sign(text, false)?;
    let body = signed.body;
    let mut i = 0;
    let mut digits = 0;
    while i < body.len() && body[i].is_ascii_digit() {
        i += 1;
        digits += 1;
    }
    if i < body.len() && body[i] == b'.' {
        i += 1;
        while i < body.len() && body[i].is_ascii_digit() {
            i += 1;
            digits += 1;
        }
    }
    if digits == 0 {
        return None;
    }
    if i < body.len() && matches!(body[i], b'e' | b'E') {
        let mut j = i + 1;
        if j < body.len() && matches!(body[j], b'+' | b'-') {
            j += 1;
        }
        let exp_start = j;
        while j < body.len() && body[j].is_ascii_digit() {
            j += 1;
        }
        if j == exp_start {
            return None;
        }
        i = j;
    }
    if i != body.len() {
        return None;
    }
    let core = std::str::from_utf8(body).ok()?;
    let magnitude: f64 = core.parse().ok()?;
    if magnitude.is_infinite() {
        return None;
    }
    Some(if signed.negative {
        -magnitude
    } else {
        magnitude
    })
}

/// `bool.TryParse`: `True`/`False` in any case, surrounding whitespace and NULs ignored.
pub(crate) fn parse_bool(text: &str) -> Option<bool> {
    let trimmed = text.trim_matches(|c: char| c.is_whitespace() || c == '\0');
    if trimmed.eq_ignore_ascii_case("true") {
        Some(true)
    } else if trimmed.eq_ignore_ascii_case("false") {
        Some(false)
    } else {
        None
    }
}

/// `Convert.ToInt{16,32,64}(double)`: round half to even, overflow outside the type.
pub(crate) fn double_to_int(value: f64, min: i64, max: i64) -> Option<i64> {
    // .NET compares against max + 0.5 and min − 0.5 (NaN fails both).
    #[allow(
        clippy::cast_precision_loss,
        reason = "the bounds are .NET's own double constants"
    )]
    let (low, high) = (min as f64 - 0.5, max as f64 + 0.5);
    if !(value >= low && value < high) {
        return None;
    }
    let rounded = value.round_ties_even();
    #[allow(clippy::cast_possible_truncation, reason = "range checked above")]
    let result = rounded as i64;
    (min..=max).contains(&result).then_some(result)
}

/// `double.ToString()` on .NET Framework (`"G"`, 15 significant digits).
pub(crate) fn format_double(value: f64) -> String {
    if value.is_nan() {
        return "NaN".to_owned();
    }
    if value.is_infinite() {
        return if value > 0.0 { "Infinity" } else { "-Infinity" }.to_owned();
    }
    if value == 0.0 {
        return "0".to_owned();
    }
    let sci = format!("{:.14e}", value.abs());
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let digits = digits.trim_end_matches('0');
    let digits = if digits.is_empty() { "0" } else { digits };
    let mut out = String::new();
    if value < 0.0 {
        out.push('-');
    }
    if !(-4..15).contains(&exp) {
        out.push_str(&digits[..1]);
        if digits.len() > 1 {
            out.push('.');
            out.push_str(&digits[1..]);
        }
        out.push('E');
        out.push(if exp < 0 { '-' } else { '+' });
        out.push_str(&format!("{:02}", exp.unsigned_abs()));
    } else if exp < 0 {
        out.push_str("0.");
        for _ in 0..(exp.unsigned_abs() - 1) {
            out.push('0');
        }
        out.push_str(digits);
    } else {
        let int_len = usize::try_from(exp).unwrap_or(0) + 1;
        if digits.len() <= int_len {
            out.push_str(digits);
            for _ in digits.len()..int_len {
                out.push('0');
            }
        } else {
            out.push_str(&digits[..int_len]);
            out.push('.');
            out.push_str(&digits[int_len..]);
        }
    }
    out
}
