//! `System.DateTime` as the .NET serializers see it: a wall-clock value with 100 ns resolution and
//! a `Kind` that decides the suffix on the wire (contracts/reference/wire.md#datetime-kinds, "DateTime rules").

use super::Zone;
use chrono::{Datelike, Duration, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, Timelike};
use std::fmt;

/// The `DateTimeKind` of a value, with the offset a `Local` value is written with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DateKind {
    /// No suffix on the wire; what SQL Server values become in .NET.
    Unspecified,
    /// Written with a `Z` suffix.
    Utc,
    /// Server local time, written with the server's offset (`+03:00`).
    Local(FixedOffset),
}

/// A .NET `DateTime`: wall-clock date and time plus its kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct NetDateTime {
    /// The wall-clock value (ticks are 100 ns; finer nanoseconds never occur).
    pub wall: NaiveDateTime,
    /// Its kind.
    pub kind: DateKind,
}

/// Moscow, the production servers' offset (UTC+03:00, no daylight saving since 2014).
pub const MOSCOW: FixedOffset = match FixedOffset::east_opt(3 * 3600) {
    Some(offset) => offset,
    None => panic!("+03:00 is a valid offset"),
};

/// The .NET `DateTime.MinValue` wall clock, `0001-01-01T00:00:00`.
pub const MIN_WALL: NaiveDateTime = match NaiveDate::from_ymd_opt(1, 1, 1) {
    Some(date) => date.and_time(NaiveTime::MIN),
    None => panic!("0001-01-01 is a valid date"),
};

/// The .NET `DateTime.MaxValue` wall clock, `9999-12-31T23:59:59.9999999`.
pub const MAX_WALL: NaiveDateTime = match (
    NaiveDate::from_ymd_opt(9999, 12, 31),
    NaiveTime::from_hms_nano_opt(23, 59, 59, 999_999_900),
) {
    (Some(date), Some(time)) => date.and_time(time),
    _ => panic!("9999-12-31T23:59:59.9999999 is a valid date-time"),
};

impl NetDateTime {
    /// `DateTime.MinValue` (`0001-01-01T00:00:00`, Unspecified): what a DateTime that failed to
    /// bind holds.
    pub fn min_value() -> NetDateTime {
        NetDateTime::unspecified(MIN_WALL)
    }

    /// A value of kind Unspecified.
    pub fn unspecified(wall: NaiveDateTime) -> NetDateTime {
        NetDateTime {
            wall: truncate_to_ticks(wall),
            kind: DateKind::Unspecified,
        }
    }

    /// A value of kind Local, written with `offset`.
    pub fn local(wall: NaiveDateTime, offset: FixedOffset) -> NetDateTime {
        NetDateTime {
            wall: truncate_to_ticks(wall),
            kind: DateKind::Local(offset),
        }
    }

    /// A value of kind Utc.
    pub fn utc(wall: NaiveDateTime) -> NetDateTime {
        NetDateTime {
            wall: truncate_to_ticks(wall),
            kind: DateKind::Utc,
        }
    }

    /// The value as wall-clock time in a server in `zone`, as .NET's `ToLocalTime()` would see
    /// it: Utc and Local values are converted by their instant, Unspecified values are taken as
    /// they are.
    pub fn server_wall(&self, zone: impl Into<Zone>) -> NaiveDateTime {
        let zone = zone.into();
        match self.kind {
            DateKind::Utc => zone.to_local(self.wall),
            DateKind::Local(offset) => {
                zone.to_local(self.wall - Duration::seconds(offset.local_minus_utc().into()))
            }
            DateKind::Unspecified => self.wall,
        }
    }

    /// The UTC instant, reading an Unspecified value as local time in `zone`.
    pub fn instant_utc(&self, zone: impl Into<Zone>) -> NaiveDateTime {
        match self.kind {
            DateKind::Utc => self.wall,
            DateKind::Local(offset) => {
                self.wall - Duration::seconds(offset.local_minus_utc().into())
            }
            DateKind::Unspecified => zone.into().to_utc(self.wall),
        }
    }

    /// The same instant as a Local value of a server in `zone`: its wall clock there and the
    /// offset .NET writes with it (the zone's offset at that instant, as Json.NET and
    /// DataContractSerializer take it from `TimeZoneInfo.Local`). Unspecified values are read
    /// as local time in `zone`.
    pub fn to_server_local(&self, zone: impl Into<Zone>) -> NetDateTime {
        let zone = zone.into();
        let utc = self.instant_utc(zone);
        NetDateTime::local(zone.to_local(utc), zone.offset_at_utc(utc))
    }

    /// Append the round-trip ("o"-like) form both Json.NET and DataContractSerializer write:
    /// `yyyy-MM-ddTHH:mm:ss`, then `.` and 1–7 fraction digits with trailing zeros trimmed, then
    /// `Z`, `±hh:mm` or nothing by kind. Formatted in a stack buffer: writers call it per value.
    pub fn write_bytes(&self, out: &mut Vec<u8>) {
        let (d, t) = (self.wall.date(), self.wall.time());
        let year = d.year().unsigned_abs() % 10_000;
        let mut buf = [0u8; 40];
        let [y1, y2] = pair(year / 100);
        let [y3, y4] = pair(year);
        let [mo1, mo2] = pair(d.month());
        let [d1, d2] = pair(d.day());
        let [h1, h2] = pair(t.hour());
        let [mi1, mi2] = pair(t.minute());
        let [s1, s2] = pair(t.second());
        buf[..19].copy_from_slice(&[
            y1, y2, y3, y4, b'-', mo1, mo2, b'-', d1, d2, b'T', h1, h2, b':', mi1, mi2, b':', s1,
            s2,
        ]);
        let mut len = 19;
        let mut ticks = t.nanosecond() % 1_000_000_000 / 100;
        if ticks != 0 {
            let mut digits = 7;
            while ticks % 10 == 0 {
                ticks /= 10;
                digits -= 1;
            }
            buf[len] = b'.';
            for i in (0..digits).rev() {
                buf[len + 1 + i] = b'0' + (ticks % 10) as u8;
                ticks /= 10;
            }
            len += 1 + digits;
        }
        match self.kind {
            DateKind::Unspecified => {}
            DateKind::Utc => {
                buf[len] = b'Z';
                len += 1;
            }
            DateKind::Local(offset) => {
                let seconds = offset.local_minus_utc();
                let minutes = seconds.unsigned_abs() / 60;
                let [oh1, oh2] = pair(minutes / 60);
                let [om1, om2] = pair(minutes % 60);
                let sign = if seconds < 0 { b'-' } else { b'+' };
                buf[len..len + 6].copy_from_slice(&[sign, oh1, oh2, b':', om1, om2]);
                len += 6;
            }
        }
        out.extend_from_slice(&buf[..len]);
    }

    /// Append the wire text to a `String` (see [`NetDateTime::write_bytes`]).
    pub fn write_to(&self, out: &mut String) {
        let mut bytes = Vec::with_capacity(33);
        self.write_bytes(&mut bytes);
        // The formatter only produces ASCII.
        out.push_str(std::str::from_utf8(&bytes).unwrap_or_default());
    }

    /// The wire text (see [`NetDateTime::write_to`]).
    pub fn to_wire(&self) -> String {
        let mut out = String::with_capacity(33);
        self.write_to(&mut out);
        out
    }
}

impl fmt::Display for NetDateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_wire())
    }
}

/// Append `±hh:mm`.
pub fn push_offset(out: &mut String, offset: FixedOffset) {
    let secs = offset.local_minus_utc();
    let minutes = secs.unsigned_abs() / 60;
    let [h1, h2] = pair(minutes / 60);
    let [m1, m2] = pair(minutes % 60);
    out.push(if secs < 0 { '-' } else { '+' });
    for b in [h1, h2, b':', m1, m2] {
        out.push(char::from(b));
    }
}

/// Two ASCII digits of `n % 100`.
fn pair(n: u32) -> [u8; 2] {
    let n = n % 100;
    [b'0' + (n / 10) as u8, b'0' + (n % 10) as u8]
}

/// .NET keeps 100 ns ticks; anything finer is rounded to the nearest tick, as `XmlConvert` does
/// for more than seven fraction digits (contracts/reference/wire.md#primitive-forms).
pub fn truncate_to_ticks(wall: NaiveDateTime) -> NaiveDateTime {
    let nanos = wall.time().nanosecond() % 1_000_000_000;
    let rest = nanos % 100;
    if rest == 0 {
        return wall;
    }
    let down = wall - Duration::nanoseconds(rest.into());
    if rest >= 50 {
        down + Duration::nanoseconds(100)
    } else {
        down
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dt(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f").unwrap()
    }

    #[test]
    fn writes_by_kind_with_trimmed_fraction() {
        // Source: contracts/reference/wire.md#primitive-forms, [mono] examples.
        let msk = MOSCOW;
        assert_eq!(
            NetDateTime::local(dt("2026-05-07T11:27:39.5049468"), msk).to_wire(),
            "2026-05-07T11:27:39.5049468+03:00"
        );
        assert_eq!(
            NetDateTime::utc(dt("2026-05-07T08:27:39.5")).to_wire(),
            "2026-05-07T08:27:39.5Z"
        );
        assert_eq!(
            NetDateTime::unspecified(dt("2026-05-07T11:27:00")).to_wire(),
            "2026-05-07T11:27:00"
        );
        assert_eq!(NetDateTime::min_value().to_wire(), "0001-01-01T00:00:00");
        let west = FixedOffset::west_opt(5 * 3600 + 30 * 60).unwrap();
        assert_eq!(
            NetDateTime::local(dt("2026-01-02T03:04:05.120"), west).to_wire(),
            "2026-01-02T03:04:05.12-05:30"
        );
    }

    #[test]
    fn rounds_to_ticks() {
        let v = truncate_to_ticks(dt("2026-05-07T11:27:39.123456789"));
        assert_eq!(
            NetDateTime::unspecified(v).to_wire(),
            "2026-05-07T11:27:39.1234568"
        );
    }

    #[test]
    fn converts_to_server_wall_clock() {
        let msk = MOSCOW;
        let five = FixedOffset::east_opt(5 * 3600).unwrap();
        let v = NetDateTime::local(dt("2026-05-07T11:27:39.1"), five);
        assert_eq!(v.server_wall(msk), dt("2026-05-07T09:27:39.1"));
        let u = NetDateTime::utc(dt("2026-05-07T22:00:00"));
        assert_eq!(u.server_wall(msk), dt("2026-05-08T01:00:00"));
    }
}
