//! Lexical forms of fixture values: local date-times, money decimals and UTC offsets.
//!
//! Parsing is hand-written because it runs once per date and amount of a million-entry dataset:
//! no allocation, no format-string interpretation, and money never passes through `f64`.

use crate::model::NetDateTime;
use crate::model::Zone;
use chrono::{NaiveDate, NaiveDateTime};
use rust_decimal::Decimal;
use serde::de::{self, Unexpected};
use serde::{Deserialize, Deserializer, Serializer};
use serde_json::value::RawValue;
use std::fmt;

/// What a fixture date-time looks like (used in messages).
pub(crate) const LOCAL_TIME_EXPECTED: &str =
    "a local date-time like 2026-05-07T11:27:39.507 (no offset, at most 7 fraction digits)";
/// What a fixture amount looks like (used in messages).
pub(crate) const MONEY_EXPECTED: &str =
    "a decimal number like 1250.50 (a JSON number or string, no exponent)";
/// What a time zone looks like (used in messages).
pub(crate) const OFFSET_EXPECTED: &str = "a UTC offset like +03:00 between -14:00 and +14:00, or an IANA time zone name like Europe/Moscow";
/// The widest UTC offset .NET time zones use, in minutes (±14:00).
pub use crate::model::MAX_OFFSET_MINUTES;

/// Parse `yyyy-MM-ddTHH:mm:ss[.f{1,7}]` (no offset) into a wall-clock value.
pub(crate) fn parse_local(text: &str) -> Option<NaiveDateTime> {
    let b = text.as_bytes();
    if b.len() < 19
        || b[4] != b'-'
        || b[7] != b'-'
        || b[10] != b'T'
        || b[13] != b':'
        || b[16] != b':'
    {
        return None;
    }
    let year = digits(&b[0..4])?;
    let month = digits(&b[5..7])?;
    let day = digits(&b[8..10])?;
    let hour = digits(&b[11..13])?;
    let minute = digits(&b[14..16])?;
    let second = digits(&b[17..19])?;
    let nanos = match &b[19..] {
        [] => 0,
        [b'.', fraction @ ..] if (1..=7).contains(&fraction.len()) => {
            let value = digits(fraction)?;
            // Scale the fraction to nanoseconds: 7 digits are ticks of 100 ns.
            value * 10u32.pow(9 - fraction.len() as u32)
        }
        _ => return None,
    };
    if year == 0 {
        return None;
    }
    NaiveDate::from_ymd_opt(year as i32, month, day)?.and_hms_nano_opt(hour, minute, second, nanos)
}

fn digits(bytes: &[u8]) -> Option<u32> {
    bytes.iter().try_fold(0u32, |acc, &c| {
        c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
    })
}

/// The fixture text of a wall-clock value (the .NET round-trip form without suffix).
pub(crate) fn format_local(wall: NaiveDateTime) -> String {
    NetDateTime::unspecified(wall).to_wire()
}

/// Parse a decimal in plain notation: optional `-`, digits, optional `.` and digits.
pub(crate) fn parse_money(text: &str) -> Option<Decimal> {
    let body = text.strip_prefix('-').unwrap_or(text);
    let (int, frac) = match body.split_once('.') {
        Some((int, frac)) => (int, Some(frac)),
        None => (body, None),
    };
    let plain = |part: &str| !part.is_empty() && part.bytes().all(|c| c.is_ascii_digit());
    if !plain(int) || frac.is_some_and(|f| !plain(f)) {
        return None;
    }
    Decimal::from_str_exact(text).ok()
}

/// Parse `±HH:MM` within ±14:00, or an IANA zone name.
pub(crate) fn parse_zone(text: &str) -> Option<Zone> {
    text.parse().ok()
}

/// The fixture text of a zone, `±HH:MM` or its IANA name.
pub(crate) fn format_zone(zone: Zone) -> String {
    zone.to_string()
}

/// `#[serde(with)]` for a required local date-time.
pub(crate) mod local_time {
    use super::*;

    pub(crate) fn serialize<S: Serializer>(v: &NaiveDateTime, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&format_local(*v))
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDateTime, D::Error> {
        d.deserialize_str(LocalVisitor)
    }
}

/// `#[serde(with)]` for an optional local date-time (`null` or absent = none).
pub(crate) mod opt_local_time {
    use super::*;

    pub(crate) fn serialize<S: Serializer>(
        v: &Option<NaiveDateTime>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        match v {
            Some(v) => s.serialize_str(&format_local(*v)),
            None => s.serialize_none(),
        }
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<NaiveDateTime>, D::Error> {
        d.deserialize_option(OptionalLocal)
    }

    struct OptionalLocal;

    impl<'de> de::Visitor<'de> for OptionalLocal {
        type Value = Option<NaiveDateTime>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(f, "null or {LOCAL_TIME_EXPECTED}")
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_str(LocalVisitor).map(Some)
        }
    }
}

struct LocalVisitor;

impl de::Visitor<'_> for LocalVisitor {
    type Value = NaiveDateTime;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(LOCAL_TIME_EXPECTED)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<NaiveDateTime, E> {
        parse_local(v).ok_or_else(|| E::invalid_value(Unexpected::Str(v), &self))
    }
}

/// `#[serde(with)]` for a money decimal: a JSON number or string read from its exact text.
pub(crate) mod money {
    use super::*;

    pub(crate) fn serialize<S: Serializer>(v: &Decimal, s: S) -> Result<S::Ok, S::Error> {
        // A raw JSON number keeps the scale (`100.50`), which `f64` would lose.
        let raw = RawValue::from_string(v.to_string()).map_err(serde::ser::Error::custom)?;
        serde::Serialize::serialize(&raw, s)
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
        let raw: &'de RawValue = Deserialize::deserialize(d)?;
        let text = raw.get();
        let inner = match text.strip_prefix('"').and_then(|t| t.strip_suffix('"')) {
            Some(quoted) => quoted,
            None => text,
        };
        parse_money(inner)
            .ok_or_else(|| de::Error::invalid_value(Unexpected::Other(text), &MONEY_EXPECTED))
    }
}

/// `#[serde(deserialize_with)]` for a required UTC offset.
pub(crate) mod offset {
    use super::*;

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Zone, D::Error> {
        d.deserialize_str(OffsetVisitor)
    }
}

/// `#[serde(with)]` for an optional UTC offset.
pub(crate) mod opt_offset {
    use super::*;

    pub(crate) fn serialize<S: Serializer>(v: &Option<Zone>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            Some(v) => s.serialize_str(&format_zone(*v)),
            None => s.serialize_none(),
        }
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Zone>, D::Error> {
        Option::<Wrapped>::deserialize(d).map(|o| o.map(|w| w.0))
    }

    struct Wrapped(Zone);

    impl<'de> Deserialize<'de> for Wrapped {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            d.deserialize_str(OffsetVisitor).map(Wrapped)
        }
    }
}

struct OffsetVisitor;

impl de::Visitor<'_> for OffsetVisitor {
    type Value = Zone;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(OFFSET_EXPECTED)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Zone, E> {
        parse_zone(v).ok_or_else(|| E::invalid_value(Unexpected::Str(v), &self))
    }
}
