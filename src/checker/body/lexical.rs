//! Lexical forms of primitive values as Json.NET and DataContractSerializer write them
//! (contracts/reference/wire.md#primitive-forms, contracts/reference/wire.md#json-write), and which non-canonical forms a .NET reader still accepts.

use crate::codec::datetime::{parse_jsonnet, parse_xsd};
use crate::model::{DateKind, NetDateTime, Zone};
pub(crate) use crate::wire::xml::XML_WHITESPACE;
use chrono::{FixedOffset, NaiveDate, NaiveTime};
use rust_decimal::Decimal;
use std::str::FromStr;

/// How a value's text relates to the writer's form, graded by
/// contracts/reference/wire.md#writer-deviations.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Form<T> {
    /// Exactly what .NET writes.
    Canonical(T),
    /// Not what .NET writes, but every reader gets the same value (a warning); the text says
    /// what differs.
    Accepted(T, String),
    /// A .NET reader accepts it, but a client can read another value or fail: JavaScript
    /// engines parse it each their own way, a text comparison misses it, or a .NET client
    /// keeps another decimal scale (a violation). The text says why.
    Misread(T, String),
    /// A .NET reader rejects it; the text says why.
    Rejected(String),
}

/// The .NET reader whose acceptance decides between [`Form::Accepted`] and [`Form::Rejected`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Reader {
    /// Json.NET.
    Json,
    /// DataContractSerializer (`XmlConvert`).
    Xml,
}

/// How a date's text deviates from the writer form while keeping its shape.
enum DateNote {
    /// The same instant for every reader.
    Harmless(String),
    /// Outside the ECMAScript date-time format: engines may read it differently.
    Misread(String),
}

/// Why a date form outside ECMAScript's date-time string format is a violation.
const ECMASCRIPT: &str = "outside the ECMAScript date-time format (yyyy-MM-ddTHH:mm:ss.sssZ), so \
                          JavaScript engines parse it each their own way or not at all";

/// The writer form of a date: `yyyy-MM-ddTHH:mm:ss[.f{1,7}][Z|±hh:mm]`, fraction trailing zeros
/// trimmed. Returns the value with the kind its suffix gives (a `Local` value keeps the offset
/// written) and, when the text deviates from the writer's while keeping its shape, how.
fn wire_date(text: &str) -> Result<(NetDateTime, Option<DateNote>), ()> {
    let b = text.as_bytes();
    let digit = |i: usize| {
        b.get(i)
            .filter(|c| c.is_ascii_digit())
            .map(|c| u32::from(c - b'0'))
    };
    let num = |from: usize, len: usize| -> Result<u32, ()> {
        (from..from + len).try_fold(0u32, |acc, i| digit(i).map(|d| acc * 10 + d).ok_or(()))
    };
    let sep = |i: usize, c: u8| {
        if b.get(i) == Some(&c) {
            Ok(())
        } else {
            Err(())
        }
    };
    let year = num(0, 4)?;
    sep(4, b'-')?;
    let month = num(5, 2)?;
    sep(7, b'-')?;
    let day = num(8, 2)?;
    sep(10, b'T')?;
    let hour = num(11, 2)?;
    sep(13, b':')?;
    let minute = num(14, 2)?;
    sep(16, b':')?;
    let second = num(17, 2)?;
    let mut pos = 19;
    let mut nanos = 0u32;
    let mut note = None;
    if b.get(pos) == Some(&b'.') {
        pos += 1;
        let start = pos;
        while digit(pos).is_some() {
            pos += 1;
        }
        let frac = &text[start..pos];
        if frac.is_empty() {
            return Err(());
        }
        if frac.len() > 7 {
            note = Some(DateNote::Harmless(format!(
                "{} fraction digits, .NET writes at most 7 (100 ns ticks)",
                frac.len()
            )));
        } else if frac.ends_with('0') {
            note = Some(DateNote::Harmless(
                "trailing zeros in the fraction, .NET trims them".to_owned(),
            ));
        }
        let mut padded: String = frac.chars().take(9).collect();
        while padded.len() < 9 {
            padded.push('0');
        }
        nanos = padded.parse().map_err(|_| ())?;
    }
    let date =
        NaiveDate::from_ymd_opt(i32::try_from(year).map_err(|_| ())?, month, day).ok_or(())?;
    let time = NaiveTime::from_hms_nano_opt(hour, minute, second, nanos).ok_or(())?;
    let wall = date.and_time(time);
    let value = match &text[pos..] {
        "" => NetDateTime::unspecified(wall),
        "Z" => NetDateTime::utc(wall),
        "z" => {
            note = Some(DateNote::Misread(format!(
                "lowercase `z` (.NET writes `Z`): {ECMASCRIPT}"
            )));
            NetDateTime::utc(wall)
        }
        zone => {
            let z = zone.as_bytes();
            let sign = match z.first() {
                Some(b'+') => 1,
                Some(b'-') => -1,
                _ => return Err(()),
            };
            if z.len() != 6 || z[3] != b':' {
                return Err(());
            }
            let hh = num(pos + 1, 2)?;
            let mm = num(pos + 4, 2)?;
            if hh > 14 || mm > 59 {
                return Err(());
            }
            let secs = i32::try_from(hh * 3600 + mm * 60).map_err(|_| ())?;
            let offset = FixedOffset::east_opt(sign * secs).ok_or(())?;
            NetDateTime::local(wall, offset)
        }
    };
    Ok((value, note))
}

/// Classify a date's text. `server` is the offset a .NET reader converts offsets to.
///
/// A form .NET reads but never writes is a violation when clients can read it differently — a
/// space instead of `T` (Safari and older engines answer `Invalid Date`), a date alone (read as
/// UTC midnight by JavaScript, as a local one by .NET), `/Date(…)/`, `05/07/2026` — and a
/// warning when it keeps the ECMAScript shape and the instant (trailing fraction zeros, more
/// than 7 fraction digits, no seconds).
pub(crate) fn date(text: &str, reader: Reader, server: impl Into<Zone>) -> Form<NetDateTime> {
    let server = server.into();
    match wire_date(text) {
        Ok((value, None)) => Form::Canonical(value),
        Ok((value, Some(DateNote::Harmless(note)))) => Form::Accepted(value, note),
        Ok((value, Some(DateNote::Misread(note)))) => Form::Misread(value, note),
        Err(()) => {
            let parsed = match reader {
                Reader::Json => parse_jsonnet(text, server),
                Reader::Xml => parse_xsd(text, server),
            };
            match parsed {
                Ok(value) if without_seconds(text) => Form::Accepted(
                    value,
                    "no seconds; .NET always writes them (the ECMAScript format allows their \
                     absence)"
                        .to_owned(),
                ),
                Ok(value) => Form::Misread(
                    value,
                    format!(
                        "not the round-trip form yyyy-MM-ddTHH:mm:ss[.fffffff][Z|±hh:mm] .NET \
                         writes, and {ECMASCRIPT}"
                    ),
                ),
                Err(_) => Form::Rejected(match reader {
                    Reader::Json => "Json.NET cannot read it as a DateTime".to_owned(),
                    Reader::Xml => "XmlConvert cannot read it as an xs:dateTime".to_owned(),
                }),
            }
        }
    }
}

/// `yyyy-MM-ddTHH:mm` with an optional `Z` or `±hh:mm`: the writer form without seconds, which
/// ECMAScript's date-time format still covers.
fn without_seconds(text: &str) -> bool {
    let b = text.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
    let shape = b.len() >= 16
        && digits(0..4)
        && b[4] == b'-'
        && digits(5..7)
        && b[7] == b'-'
        && digits(8..10)
        && b[10] == b'T'
        && digits(11..13)
        && b[13] == b':'
        && digits(14..16);
    let zone = &b[16.min(b.len())..];
    shape
        && match zone {
            [] | [b'Z'] => true,
            [b'+' | b'-', h1, h2, b':', m1, m2] => {
                [h1, h2, m1, m2].iter().all(|d| d.is_ascii_digit())
            }
            _ => false,
        }
}

/// A short name of a date's kind, for messages.
pub(crate) fn kind_name(kind: DateKind) -> String {
    match kind {
        DateKind::Unspecified => "Unspecified (no suffix)".to_owned(),
        DateKind::Utc => "Utc (`Z`)".to_owned(),
        DateKind::Local(offset) => {
            let mut text = "Local (`".to_owned();
            crate::model::push_offset(&mut text, offset);
            text.push_str("`)");
            text
        }
    }
}

/// Split an optional sign and the digits of `-?digits[.digits]`, returning
/// `(negative, integer part, fraction part)`, or `None` when the text is not of that shape.
/// `allow_loose` admits `+`, an empty integer or fraction part (`.5`, `5.`).
fn split_number(text: &str, allow_loose: bool) -> Option<(bool, &str, Option<&str>)> {
    let (negative, rest) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') if allow_loose => (false, &text[1..]),
        _ => (false, text),
    };
    let (int, frac) = match rest.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (rest, None),
    };
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(int) || !frac.is_none_or(all_digits) {
        return None;
    }
    let empty_int = int.is_empty();
    let empty_frac = frac.is_some_and(str::is_empty);
    if (empty_int || empty_frac) && !allow_loose || empty_int && frac.is_none_or(str::is_empty) {
        return None;
    }
    Some((negative, int, frac))
}

fn has_leading_zero(int: &str) -> bool {
    int.len() > 1 && int.starts_with('0')
}

/// A decimal in XML (`XmlConvert.ToString(decimal)`: scale kept, no exponent, no `.0` added).
pub(crate) fn xml_decimal(text: &str) -> Form<Decimal> {
    if let Some((_, int, frac)) = split_number(text, false) {
        if !has_leading_zero(int) {
            return match Decimal::from_str_exact(text) {
                Ok(v) => Form::Canonical(v),
                Err(_) => Form::Rejected("out of System.Decimal's range or precision".to_owned()),
            };
        }
        let _ = frac;
    }
    let trimmed = text.trim_matches(XML_WHITESPACE);
    match split_number(trimmed, true) {
        Some((negative, int, frac)) => {
            let int = if int.is_empty() { "0" } else { int };
            let normal = match frac {
                Some(f) if !f.is_empty() => format!("{}{int}.{f}", if negative { "-" } else { "" }),
                _ => format!("{}{int}", if negative { "-" } else { "" }),
            };
            match Decimal::from_str_exact(&normal) {
                Ok(v) => Form::Accepted(
                    v,
                    "not the form .NET writes (no sign `+`, no leading zeros, digits on both sides \
                     of the point, no whitespace)"
                        .to_owned(),
                ),
                Err(_) => Form::Rejected("out of System.Decimal's range or precision".to_owned()),
            }
        }
        None => Form::Rejected(
            "Decimal.Parse accepts only an optional sign, digits and one point (no exponent, no \
             comma)"
                .to_owned(),
        ),
    }
}

/// An integer in XML, range-checked against `[min, max]`.
pub(crate) fn xml_int(text: &str, min: i64, max: i64) -> Form<i64> {
    let parse = |t: &str| -> Option<i64> {
        let (negative, int, frac) = split_number(t, true)?;
        if frac.is_some() || int.is_empty() {
            return None;
        }
        let magnitude: i128 = int.parse().ok()?;
        Some(if negative { -magnitude } else { magnitude }).and_then(|v| i64::try_from(v).ok())
    };
    let canonical = split_number(text, false)
        .is_some_and(|(_, int, frac)| frac.is_none() && !has_leading_zero(int))
        && !(text.starts_with('-') && text[1..].bytes().all(|b| b == b'0'));
    let trimmed = text.trim_matches(XML_WHITESPACE);
    match parse(trimmed) {
        Some(v) if v < min || v > max => {
            Form::Rejected(format!("{v} is outside the C# type's range {min}..={max}"))
        }
        Some(v) if canonical => Form::Canonical(v),
        Some(v) => Form::Accepted(
            v,
            "not the form .NET writes (no sign `+`, no leading zeros, no whitespace)".to_owned(),
        ),
        None => Form::Rejected("Int32.Parse accepts only an optional sign and digits".to_owned()),
    }
}

/// A boolean in XML: `true`/`false`; `1`/`0` and surrounding whitespace are read by .NET but
/// not written, and a client comparing the text with `true` reads them as false.
pub(crate) fn xml_bool(text: &str) -> Form<bool> {
    const MISREAD: &str = "not `true`/`false` as .NET writes: .NET reads it, but a client \
                           comparing the text with `true` reads false";
    match text {
        "true" => Form::Canonical(true),
        "false" => Form::Canonical(false),
        _ => match text.trim_matches(XML_WHITESPACE) {
            "true" | "1" => Form::Misread(true, MISREAD.to_owned()),
            "false" | "0" => Form::Misread(false, MISREAD.to_owned()),
            _ => Form::Rejected(
                "xs:boolean is `true`, `false`, `1` or `0`, case-sensitive".to_owned(),
            ),
        },
    }
}

/// A decimal JSON number token (already grammar-checked) in Json.NET form: no exponent, and a
/// point even on integral values (`1.0`).
pub(crate) fn json_decimal(token: &str) -> Form<Decimal> {
    let exponent = token.contains(['e', 'E']);
    let value = if exponent {
        Decimal::from_scientific(token)
    } else {
        Decimal::from_str_exact(token)
    };
    let Ok(value) = value else {
        return Form::Rejected("out of System.Decimal's range or precision".to_owned());
    };
    // A .NET client's decimal keeps the scale it reads (`1` is not `1.0`), so both are misread.
    if exponent {
        Form::Misread(value, "exponent form; Json.NET never writes one".to_owned())
    } else if !token.contains('.') {
        Form::Misread(
            value,
            "no `.0` on an integral value; Json.NET writes decimals with a point".to_owned(),
        )
    } else {
        Form::Canonical(value)
    }
}

/// An integer JSON number token, range-checked; `None` when it is not an integer token.
pub(crate) fn json_int(token: &str) -> Option<Result<i64, i128>> {
    if token.contains(['.', 'e', 'E']) {
        return None;
    }
    let wide = i128::from_str(token).ok()?;
    Some(i64::try_from(wide).map_err(|_| wide))
}
