//! The server's time zone as .NET's `TimeZoneInfo.Local` applies it: a fixed UTC offset, or a
//! named zone with its history (`Europe/Moscow` was +04:00 from 2011 to 2014), looked up in the
//! IANA database that `chrono-tz` ships.

use chrono::{Duration, FixedOffset, NaiveDateTime, Offset, TimeZone};
use chrono_tz::{OffsetComponents, Tz};
use std::fmt;

/// Largest UTC offset a fixed zone may have, in minutes (±14:00, as .NET and XSD allow).
pub const MAX_OFFSET_MINUTES: i32 = 14 * 60;

/// A server time zone.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Zone {
    /// One offset all year round (`+03:00`).
    Fixed(FixedOffset),
    /// An IANA zone with its rule history (`Europe/Moscow`).
    Named(Tz),
}

/// The text is neither `±HH:MM` nor a known IANA zone name.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error(
    "expected a UTC offset ±hh:mm between -14:00 and +14:00 or an IANA time zone name such as Europe/Moscow, found \"{found}\""
)]
pub struct ZoneError {
    /// The text as given.
    pub found: String,
}

impl From<FixedOffset> for Zone {
    fn from(offset: FixedOffset) -> Zone {
        Zone::Fixed(offset)
    }
}

impl From<Tz> for Zone {
    fn from(tz: Tz) -> Zone {
        Zone::Named(tz)
    }
}

impl std::str::FromStr for Zone {
    type Err = ZoneError;

    /// `±HH:MM` (within ±14:00) or an IANA name (`Europe/Moscow`, `UTC`), case as the database
    /// spells it.
    fn from_str(text: &str) -> Result<Zone, ZoneError> {
        let error = || ZoneError {
            found: text.to_owned(),
        };
        if text.starts_with(['+', '-']) {
            return parse_offset(text).map(Zone::Fixed).ok_or_else(error);
        }
        text.parse::<Tz>().map(Zone::Named).map_err(|_| error())
    }
}

/// `±HH:MM` within ±14:00.
fn parse_offset(text: &str) -> Option<FixedOffset> {
    let b = text.as_bytes();
    if b.len() != 6 || b[3] != b':' || !b[1..3].iter().chain(&b[4..6]).all(u8::is_ascii_digit) {
        return None;
    }
    let sign = if b[0] == b'-' { -1 } else { 1 };
    let number = |pair: &[u8]| i32::from(pair[0] - b'0') * 10 + i32::from(pair[1] - b'0');
    let (hours, minutes) = (number(&b[1..3]), number(&b[4..6]));
    let total = hours * 60 + minutes;
    if minutes >= 60 || total > MAX_OFFSET_MINUTES {
        return None;
    }
    FixedOffset::east_opt(sign * total * 60)
}

impl fmt::Display for Zone {
    /// `+03:00` for a fixed zone, the IANA name otherwise (both parse back).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Zone::Fixed(offset) => {
                let mut text = String::with_capacity(6);
                super::push_offset(&mut text, *offset);
                f.write_str(&text)
            }
            Zone::Named(tz) => f.write_str(tz.name()),
        }
    }
}

impl Zone {
    /// The offset in force at a UTC instant.
    pub fn offset_at_utc(&self, utc: NaiveDateTime) -> FixedOffset {
        match self {
            Zone::Fixed(offset) => *offset,
            Zone::Named(tz) => tz.offset_from_utc_datetime(&utc).fix(),
        }
    }

    /// The wall clock of a UTC instant (`DateTime.ToLocalTime()` without the range clamp).
    pub fn to_local(&self, utc: NaiveDateTime) -> NaiveDateTime {
        utc + seconds(self.offset_at_utc(utc))
    }

    /// The offset .NET's `TimeZoneInfo.GetUtcOffset` gives a local wall-clock value: the one
    /// in force then; for a value a transition repeats, the standard-time one; for a value a
    /// transition skips, the one in force before it.
    pub fn offset_of_local(&self, wall: NaiveDateTime) -> FixedOffset {
        let tz = match self {
            Zone::Fixed(offset) => return *offset,
            Zone::Named(tz) => tz,
        };
        match tz.offset_from_local_datetime(&wall) {
            chrono::LocalResult::Single(offset) => offset.fix(),
            chrono::LocalResult::Ambiguous(a, b) => {
                if a.dst_offset().is_zero() {
                    a.fix()
                } else {
                    b.fix()
                }
            }
            // In a gap: the offset before the transition (a day earlier is before any gap).
            chrono::LocalResult::None => tz
                .offset_from_utc_datetime(&(wall - Duration::days(1)))
                .fix(),
        }
    }

    /// The UTC instant of a local wall-clock value (`DateTime.ToUniversalTime()` of a Local or
    /// Unspecified value).
    pub fn to_utc(&self, wall: NaiveDateTime) -> NaiveDateTime {
        wall - seconds(self.offset_of_local(wall))
    }
}

fn seconds(offset: FixedOffset) -> Duration {
    Duration::seconds(offset.local_minus_utc().into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S").unwrap()
    }

    #[test]
    fn parses_offsets_and_names() {
        let rows = [
            ("+03:00", Some("+03:00")),
            ("-05:30", Some("-05:30")),
            ("+14:00", Some("+14:00")),
            ("+14:01", None),
            ("+3", None),
            ("Europe/Moscow", Some("Europe/Moscow")),
            ("UTC", Some("UTC")),
            ("Europe/Mordor", None),
            ("", None),
        ];
        for (text, expected) in rows {
            let parsed = text.parse::<Zone>().ok().map(|z| z.to_string());
            assert_eq!(parsed.as_deref(), expected, "{text:?}");
        }
    }

    #[test]
    fn moscow_history() {
        // Source: the IANA database (what Windows' "Russian Standard Time" also encodes):
        // +04:00 from 2011-03-27 to 2014-10-26, +03:00 since, +03:00/+04:00 DST before 2011.
        let msk: Zone = "Europe/Moscow".parse().unwrap();
        let rows = [
            ("2012-06-01T12:00:00", "2012-06-01T16:00:00"),
            ("2015-06-01T12:00:00", "2015-06-01T15:00:00"),
            ("2010-01-15T12:00:00", "2010-01-15T15:00:00"),
            ("2010-07-15T12:00:00", "2010-07-15T16:00:00"),
        ];
        for (utc, local) in rows {
            assert_eq!(msk.to_local(at(utc)), at(local), "{utc}");
            assert_eq!(msk.to_utc(at(local)), at(utc), "{local}");
        }
    }

    #[test]
    fn repeated_and_skipped_local_times() {
        // .NET: an ambiguous local time is standard time; a skipped one keeps the offset before.
        let berlin: Zone = "Europe/Berlin".parse().unwrap();
        assert_eq!(
            berlin
                .offset_of_local(at("2026-10-25T02:30:00"))
                .local_minus_utc(),
            3600
        );
        assert_eq!(
            berlin
                .offset_of_local(at("2026-03-29T02:30:00"))
                .local_minus_utc(),
            3600
        );
    }
}
