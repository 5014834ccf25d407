//! Reading `DateTime` text the way each .NET reader does (contracts/reference/wire.md#datetime-kinds, contracts/reference/wire.md#json-read, contracts/reference/wire.md#form-binding).
//!
//! - [`parse_xsd`]: `XmlConvert.ToDateTime(s, RoundtripKind)` (DataContractSerializer).
//! - [`parse_jsonnet`] / [`parse_jsonnet_as`]: Json.NET's `ReadAsDateTime`: its strict ISO
//!   parser, `/Date(ms)/`, then the `DateTime.TryParse(Invariant, RoundtripKind)` fallback.
//! - [`parse_invariant`]: `DateTime.Parse(s, InvariantCulture)` as form binding's TypeConverter
//!   calls it.
//!
//! An offset is converted to the server's local time (Kind Local) in the server's [`Zone`],
//! with the zone's history. `DateTime.Parse` fills missing date parts from "now" (a time
//! without a date is today, `1.5` is 5 January of this year); [`Clock::now`] is that moment
//! (the dataset's `as_of`), so answers stay reproducible. Without it such forms are rejected.
//! The invariant parser covers the forms .NET's invariant culture accepts that a client
//! plausibly sends; `DESIGN.md` lists what it leaves out.

mod cursor;
mod invariant;
mod jsonnet;
mod xsd;

#[cfg(test)]
mod tests;

use crate::model::{DateKind, MAX_WALL, MIN_WALL, NetDateTime, Zone};
use chrono::{Duration, FixedOffset, NaiveDateTime};

pub(crate) use jsonnet::{Strict, Thrown, strict_date};
pub use jsonnet::{parse_jsonnet, parse_jsonnet_as};
pub use xsd::parse_xsd;

/// The text is not a `DateTime` the reader accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NotADate;

/// What the server's clock says, as the parsers need it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Clock {
    /// The server's time zone (`TimeZoneInfo.Local`).
    pub zone: Zone,
    /// The server's local "now" (`DateTime.Now`), which `DateTime.Parse` takes missing date
    /// parts from; `None` when unknown (such forms are then rejected).
    pub now: Option<NaiveDateTime>,
}

impl From<Zone> for Clock {
    fn from(zone: Zone) -> Clock {
        Clock { zone, now: None }
    }
}

impl From<FixedOffset> for Clock {
    fn from(offset: FixedOffset) -> Clock {
        Clock::from(Zone::Fixed(offset))
    }
}

/// How a parsed suffix sets the kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Suffix {
    None,
    Utc,
    /// An offset east of UTC, in seconds.
    Offset(i32),
}

/// `wall - offset` as a UTC instant (may leave the DateTime range).
fn minus(wall: NaiveDateTime, seconds: i32) -> NaiveDateTime {
    wall - Duration::seconds(seconds.into())
}

/// A wall clock rounded to ticks, when it lies in the DateTime range.
fn in_range(wall: NaiveDateTime) -> Result<NaiveDateTime, NotADate> {
    let wall = crate::model::truncate_to_ticks(wall);
    if (MIN_WALL..=MAX_WALL).contains(&wall) {
        Ok(wall)
    } else {
        Err(NotADate)
    }
}

fn clamp(wall: NaiveDateTime) -> NaiveDateTime {
    wall.clamp(MIN_WALL, MAX_WALL)
}

/// A Local value at `wall` in `zone`, written with the offset in force then.
fn local_at(wall: NaiveDateTime, zone: Zone) -> NetDateTime {
    NetDateTime::local(wall, zone.offset_of_local(wall))
}

/// `new DateTime(utc, Utc).ToLocalTime()`: the server wall clock, clamped to the DateTime
/// range as `ToLocalTime` clamps.
fn utc_to_local(utc: NaiveDateTime, zone: Zone) -> NetDateTime {
    let wall = zone.to_local(utc);
    if (MIN_WALL..=MAX_WALL).contains(&wall) {
        NetDateTime::local(wall, zone.offset_at_utc(utc))
    } else {
        local_at(clamp(wall), zone)
    }
}

/// XsdDateTime's and Json.NET's `DateTimeUtils.TryParseDateTimeIso` conversion of a value with
/// an offset: to UTC, then `ToLocalTime()`; when the UTC value itself leaves the range, the
/// wall clock is shifted by the local offset instead and clamped to `MinValue`/`MaxValue`
/// (`0001-01-01T00:00:00+05:00` reads as `DateTime.MinValue`, Kind Local).
fn offset_to_local(wall: NaiveDateTime, offset: i32, zone: Zone) -> NetDateTime {
    let utc = minus(wall, offset);
    if (MIN_WALL..=MAX_WALL).contains(&utc) {
        return utc_to_local(utc, zone);
    }
    let shifted = utc + Duration::seconds(zone.offset_of_local(wall).local_minus_utc().into());
    local_at(clamp(shifted), zone)
}

/// The value of a strict (XSD or Json.NET ISO) date with its suffix, `RoundtripKind`.
fn roundtrip(wall: NaiveDateTime, suffix: Suffix, zone: Zone) -> NetDateTime {
    match suffix {
        Suffix::None => NetDateTime::unspecified(wall),
        Suffix::Utc => NetDateTime::utc(wall),
        Suffix::Offset(seconds) => offset_to_local(wall, seconds, zone),
    }
}

/// The kind a parsed value got, for diagnostics ("converted to server local time").
pub fn was_converted(value: &NetDateTime) -> bool {
    matches!(value.kind, DateKind::Local(_))
}

/// `DateTime.Parse(s, CultureInfo.InvariantCulture)` (form binding: `Z` and offsets both become
/// server Local time; missing date parts come from [`Clock::now`]).
pub fn parse_invariant(text: &str, clock: impl Into<Clock>) -> Result<NetDateTime, NotADate> {
    invariant::parse(text, clock.into(), invariant::Styles::AdjustToLocal)
}

/// Whether `text` is a month-first date (`MM.dd.yyyy`, `MM/dd/yyyy`, or `M.d` / `M/d` without a
/// year) whose day is ≤ 12, which a Russian user most likely meant day-first (the `07.05.2026`
/// → 5 July trap; `1.5` → 5 January).
pub fn is_ambiguous_month_first(text: &str) -> bool {
    let t = text.trim();
    let Some(sep) = t.bytes().find(|b| !b.is_ascii_digit()) else {
        return false;
    };
    if !matches!(sep, b'.' | b'/') {
        return false;
    }
    let mut parts = t.splitn(3, char::from(sep));
    let (Some(first), Some(second)) = (parts.next(), parts.next()) else {
        return false;
    };
    // The day, and whatever follows it when no year does (a time).
    let day_len = second.bytes().take_while(u8::is_ascii_digit).count();
    let (day, after_day) = second.split_at(day_len);
    let year_ok = match parts.next() {
        Some(year) => {
            after_day.is_empty()
                && year.len() >= 4
                && year.bytes().take(4).all(|b| b.is_ascii_digit())
                && !year.as_bytes().get(4).is_some_and(u8::is_ascii_digit)
        }
        None => after_day.is_empty() || after_day.starts_with([' ', 'T', 't']),
    };
    let number = |s: &str| {
        (1..=2)
            .contains(&s.len())
            .then(|| s.parse::<u32>().ok())
            .flatten()
    };
    match (number(first), number(day)) {
        (Some(month), Some(day)) => {
            year_ok && (1..=12).contains(&month) && (1..=12).contains(&day) && month != day
        }
        _ => false,
    }
}
