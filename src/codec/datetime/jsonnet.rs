//! Json.NET's date reading: `DateTimeUtils.TryParseDateTime` (its strict ISO parser and the
//! Microsoft `/Date(ms)/` form), which the tokenizer tries on every string it reads for a
//! `DateTime` (and, in 6.x, for any member read with a plain `Read()`), then the
//! `DateTime.TryParse(s, Invariant, RoundtripKind)` fallback of `ReadAsDateTime`.
//!
//! The generations differ (contracts/reference/wire.md#json-net-versions): 13.x allows `T24:00:00` (next midnight) and a
//! trailing `.` after the seconds; 6.x parses the `/Date(…)/` content with throwing .NET parsers,
//! so `/Date()/` escapes as an exception instead of failing the match. In both, a `/Date(ms)/`
//! outside the DateTime range throws (`new DateTime(ticks)`).

use super::cursor::{Cursor, make_time};
use super::invariant::{self, Styles};
use super::{Clock, NotADate, Suffix, in_range, roundtrip, utc_to_local};
use crate::codec::JsonNet;
use crate::model::{MIN_WALL, NetDateTime, Zone};
use chrono::{Duration, NaiveDate, NaiveDateTime};

/// `DateTime.MaxValue.Ticks`.
const MAX_TICKS: i64 = 3_155_378_975_999_999_999;
/// Ticks of 1970-01-01 (Json.NET's `InitialJavaScriptDateTicks`).
const EPOCH_TICKS: i64 = 621_355_968_000_000_000;

/// A .NET exception (not a Json.NET one) escaping from the date attempt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Thrown {
    /// `ArgumentOutOfRangeException` from `new DateTime(ticks)`.
    TicksOutOfRange,
    /// `ArgumentOutOfRangeException` from `string.IndexOf(c, 1)` on an empty `/Date()/` (6.x).
    IndexOutOfRange,
    /// `FormatException` from `long.Parse` / `int.Parse` (6.x).
    Format,
}

impl Thrown {
    /// The exception message as ModelState shows it (no Json.NET path: not a Json.NET
    /// exception).
    pub(crate) fn message(self) -> &'static str {
        match self {
            Thrown::TicksOutOfRange => {
                "Ticks must be between DateTime.MinValue.Ticks and DateTime.MaxValue.Ticks.\r\nParameter name: ticks"
            }
            Thrown::IndexOutOfRange => {
                "Index was out of range. Must be non-negative and less than the size of the collection.\r\nParameter name: startIndex"
            }
            Thrown::Format => "Input string was not in a correct format.",
        }
    }
}

/// The outcome of `DateTimeUtils.TryParseDateTime`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Strict {
    /// One of the strict forms.
    Date(NetDateTime),
    /// Not one of them (the text stays a string).
    NotDate,
    /// The attempt threw.
    Throws(Thrown),
}

/// `DateTimeUtils.TryParseDateTime` as the tokenizer calls it on a string.
pub(crate) fn strict_date(text: &str, clock: Clock, version: JsonNet) -> Strict {
    let bytes = text.as_bytes();
    if bytes.first() == Some(&b'/') {
        let microsoft = text.starts_with("/Date(") && text.ends_with(")/");
        // 13.x also wants 9 characters (6.x reads `/Date()/` and throws).
        let long_enough = version == JsonNet::V6 || utf16_len(text) >= 9;
        if microsoft && long_enough {
            return microsoft_date(text, clock.zone, version);
        }
        return Strict::NotDate;
    }
    // ASCII text (every date) has one UTF-16 unit per byte and its 11th character at byte 10.
    let eleventh = match bytes.get(..11) {
        Some(head) if head.is_ascii() => Some(char::from(head[10])),
        _ => text.chars().nth(10),
    };
    let iso = (19..=40).contains(&utf16_len(text))
        && bytes.first().is_some_and(u8::is_ascii_digit)
        && eleventh == Some('T');
    if iso {
        return iso_date(text, clock.zone, version);
    }
    Strict::NotDate
}

fn utf16_len(text: &str) -> usize {
    if text.is_ascii() {
        text.len()
    } else {
        text.chars().map(char::len_utf16).sum()
    }
}

/// Json.NET 13.x reading a string into a `DateTime` member: the strict forms, then
/// `DateTime.TryParse(s, Invariant, RoundtripKind)`.
pub fn parse_jsonnet(text: &str, clock: impl Into<Clock>) -> Result<NetDateTime, NotADate> {
    parse_jsonnet_as(text, clock, JsonNet::V13)
}

/// [`parse_jsonnet`] for a Json.NET generation (`ReadDateTimeString`).
pub fn parse_jsonnet_as(
    text: &str,
    clock: impl Into<Clock>,
    version: JsonNet,
) -> Result<NetDateTime, NotADate> {
    let clock = clock.into();
    match strict_date(text, clock, version) {
        Strict::Date(value) => Ok(value),
        Strict::Throws(_) => Err(NotADate),
        Strict::NotDate => invariant::parse(text, clock, Styles::Roundtrip),
    }
}

/// `DateTimeParser.Parse` + `TryParseDateTimeIso`: `yyyy-MM-ddTHH:mm:ss[.f…][Z|±HH[:]mm|±HH]`.
fn iso_date(text: &str, zone: Zone, version: JsonNet) -> Strict {
    match iso_parts(text, version) {
        Some(Ok((wall, suffix))) => Strict::Date(roundtrip(wall, suffix, zone)),
        Some(Err(thrown)) => Strict::Throws(thrown),
        None => Strict::NotDate,
    }
}

fn iso_parts(text: &str, version: JsonNet) -> Option<Result<(NaiveDateTime, Suffix), Thrown>> {
    let mut c = Cursor::new(text);
    let year = c.digits(4)?;
    c.eat(b'-').then_some(())?;
    let month = c.digits(2)?;
    c.eat(b'-').then_some(())?;
    let day = c.digits(2)?;
    c.eat(b'T').then_some(())?;
    let h = c.digits(2)?;
    c.eat(b':').then_some(())?;
    let m = c.digits(2)?;
    c.eat(b':').then_some(())?;
    let s = c.digits(2)?;
    let mut nanos = 0;
    if c.eat(b'.') {
        match c.fraction() {
            Some(f) => nanos = f,
            // 13.x: a `.` with no digits at the very end reads as no fraction (observed).
            None if version == JsonNet::V13 && c.done() => {}
            None => return None,
        }
    }
    let suffix = match c.peek() {
        None => Suffix::None,
        Some(b'Z' | b'z') => {
            c.i += 1;
            Suffix::Utc
        }
        Some(sign @ (b'+' | b'-')) => {
            c.i += 1;
            let oh = c.digits(2)?;
            let om = if c.eat(b':') {
                c.digits(2)?
            } else {
                c.digits(2).unwrap_or(0)
            };
            let secs = i32::try_from(oh * 3600 + om * 60).ok()?;
            Suffix::Offset(if sign == b'-' { -secs } else { secs })
        }
        Some(_) => return None,
    };
    if !c.done() || year < 1 {
        return None;
    }
    let date = NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)?;
    // 13.x: hour 24 with zero minutes, seconds and fraction is the next midnight
    // (`CreateDate` adds a day, which throws past 9999-12-31).
    let next_midnight = version == JsonNet::V13 && h == 24 && m == 0 && s == 0 && nanos == 0;
    if next_midnight {
        return Some(match date.succ_opt().filter(|d| *d <= MAX_DATE) {
            Some(next) => Ok((next.and_time(chrono::NaiveTime::MIN), suffix)),
            None => Err(Thrown::TicksOutOfRange),
        });
    }
    let wall = in_range(date.and_time(make_time(h, m, s, nanos)?)).ok()?;
    Some(Ok((wall, suffix)))
}

/// 9999-12-31.
const MAX_DATE: NaiveDate = match NaiveDate::from_ymd_opt(9999, 12, 31) {
    Some(date) => date,
    None => panic!("9999-12-31 is a valid date"),
};

/// `/Date(ms)/` or `/Date(ms±hhmm)/`: ms since the Unix epoch; without an offset the value is
/// Utc, with one it is server local time (the offset's digits are checked, not used).
fn microsoft_date(text: &str, zone: Zone, version: JsonNet) -> Strict {
    let inner = &text[6..text.len() - 2];
    let parsed = match version {
        JsonNet::V13 => microsoft_parts_13(inner).ok_or(None),
        JsonNet::V6 => microsoft_parts_6(inner).map_err(Some),
    };
    let (ms, local) = match parsed {
        Ok(parts) => parts,
        Err(None) => return Strict::NotDate,
        Err(Some(thrown)) => return Strict::Throws(thrown),
    };
    // `new DateTime(ms * 10000 + InitialJavaScriptDateTicks, Utc)` in C#'s unchecked arithmetic.
    let ticks = ms.wrapping_mul(10_000).wrapping_add(EPOCH_TICKS);
    if !(0..=MAX_TICKS).contains(&ticks) {
        return Strict::Throws(Thrown::TicksOutOfRange);
    }
    let utc = MIN_WALL
        + Duration::seconds(ticks / 10_000_000)
        + Duration::nanoseconds((ticks % 10_000_000) * 100);
    Strict::Date(if local {
        utc_to_local(utc, zone)
    } else {
        NetDateTime::utc(utc)
    })
}

/// 13.x `TryParseMicrosoftDate`: the first `+` (else `-`) after the first character starts the
/// offset (`TryReadOffset`: two hour digits, two minute digits when present); the ms are
/// Json.NET's `Int64TryParse` (optional `-`, digits only).
fn microsoft_parts_13(inner: &str) -> Option<(i64, bool)> {
    let split = inner
        .get(1..)
        .and_then(|rest| rest.find('+').or_else(|| rest.find('-')))
        .map(|i| i + 1);
    let (ms, offset) = match split {
        Some(i) => (&inner[..i], Some(&inner[i..])),
        None => (inner, None),
    };
    if let Some(offset) = offset {
        let digits = |range: std::ops::Range<usize>| {
            offset
                .get(range)
                .is_some_and(|d| d.bytes().all(|b| b.is_ascii_digit()))
        };
        // TryReadOffset counts the `)/` after the offset too: minutes when 6+ characters follow.
        if !digits(1..3) || (offset.len() + 2 > 5 && !digits(3..5)) {
            return None;
        }
    }
    let negative = ms.starts_with('-');
    let digits = if negative { &ms[1..] } else { ms };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let value: i64 = ms.parse().ok()?;
    Some((value, offset.is_some()))
}

/// 6.x `TryParseDateMicrosoft`: `value.IndexOf('+', 1)` (throws on an empty value), `ReadOffset`
/// with `int.Parse` and `long.Parse(value, NumberStyles.Integer)`, all throwing.
fn microsoft_parts_6(inner: &str) -> Result<(i64, bool), Thrown> {
    if inner.is_empty() {
        return Err(Thrown::IndexOutOfRange);
    }
    let rest = inner.get(1..).unwrap_or("");
    let split = rest.find('+').or_else(|| rest.find('-')).map(|i| i + 1);
    let (ms, local) = match split {
        Some(i) => {
            let offset = &inner[i..];
            let hours = offset.get(1..3).ok_or(Thrown::IndexOutOfRange)?;
            dotnet_integer(hours).ok_or(Thrown::Format)?;
            if offset.len() >= 5 {
                let minutes = offset.get(3..5).ok_or(Thrown::IndexOutOfRange)?;
                dotnet_integer(minutes).ok_or(Thrown::Format)?;
            }
            (&inner[..i], true)
        }
        None => (inner, false),
    };
    Ok((dotnet_integer(ms).ok_or(Thrown::Format)?, local))
}

/// `long.Parse(s, NumberStyles.Integer, Invariant)`: surrounding white space, one sign, digits
/// (an overflow is a failure too).
fn dotnet_integer(text: &str) -> Option<i64> {
    let t = text.trim_matches(|c: char| matches!(c, ' ' | '\t' | '\n' | '\u{b}' | '\u{c}' | '\r'));
    let digits = t.strip_prefix(['+', '-']).unwrap_or(t);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    t.strip_prefix('+').unwrap_or(t).parse().ok()
}
