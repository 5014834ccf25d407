//! `XmlConvert.ToDateTime(s, XmlDateTimeSerializationMode.RoundtripKind)`.

use super::cursor::{Cursor, make_time};
use super::{NotADate, Suffix, in_range, roundtrip};
use crate::model::{NetDateTime, Zone};
use chrono::{NaiveDate, NaiveTime};

/// `Z`, `z`, `±hh:mm` (XSD zone).
fn zone_suffix(c: &mut Cursor<'_>) -> Option<Suffix> {
    match c.peek() {
        None => Some(Suffix::None),
        Some(b'Z' | b'z') => {
            c.i += 1;
            Some(Suffix::Utc)
        }
        Some(sign @ (b'+' | b'-')) => {
            c.i += 1;
            let h = c.digits(2)?;
            if !c.eat(b':') {
                return None;
            }
            let m = c.digits(2)?;
            if h > 14 || m > 59 || (h == 14 && m != 0) {
                return None;
            }
            let secs = i32::try_from(h * 3600 + m * 60).ok()?;
            Some(Suffix::Offset(if sign == b'-' { -secs } else { secs }))
        }
        Some(_) => None,
    }
}

/// xs:dateTime and xs:date (plus xs:gYearMonth / xs:gYear), whitespace trimmed; an offset is
/// converted to local time in `zone` (clamped to the DateTime range as `XsdDateTime` does).
pub fn parse_xsd(text: &str, zone: impl Into<Zone>) -> Result<NetDateTime, NotADate> {
    let mut c = Cursor::new(text.trim_matches(|ch| matches!(ch, ' ' | '\t' | '\r' | '\n')));
    let year = c.digits(4).ok_or(NotADate)?;
    let (month, day) = if c.eat(b'-') {
        let month = c.digits(2).ok_or(NotADate)?;
        let day = if c.eat(b'-') {
            c.digits(2).ok_or(NotADate)?
        } else {
            1
        };
        (month, day)
    } else {
        (1, 1)
    };
    let date = NaiveDate::from_ymd_opt(i32::try_from(year).map_err(|_| NotADate)?, month, day)
        .filter(|_| year >= 1)
        .ok_or(NotADate)?;
    let time = if c.eat(b'T') {
        let h = c.digits(2).ok_or(NotADate)?;
        let m = c.eat(b':').then(|| c.digits(2)).flatten().ok_or(NotADate)?;
        let s = c.eat(b':').then(|| c.digits(2)).flatten().ok_or(NotADate)?;
        let nanos = if c.eat(b'.') {
            c.fraction().ok_or(NotADate)?
        } else {
            0
        };
        make_time(h, m, s, nanos).ok_or(NotADate)?
    } else {
        NaiveTime::MIN
    };
    let suffix = zone_suffix(&mut c).ok_or(NotADate)?;
    if !c.done() {
        return Err(NotADate);
    }
    Ok(roundtrip(
        in_range(date.and_time(time))?,
        suffix,
        zone.into(),
    ))
}
