//! `DateTime.Parse(s, CultureInfo.InvariantCulture[, RoundtripKind])` for the forms a client
//! plausibly sends: ISO with `T`/`t` or a space, month-first `MM/dd/yyyy` and `MM.dd.yyyy`,
//! `yyyy/MM/dd`, year-month `yyyy-MM`, month-day without a year (`1.5`, `5/7`, `May 7`), a time
//! without a date, English month names, RFC 1123, the 12-hour clock, trailing NUL characters.
//!
//! Missing parts follow `DateTimeParse.CheckDefaultDateTime`: no year → the current year, no
//! day → the 1st, no date at all → today, where "now" is [`Clock::now`](super::Clock).
//! Offsets follow `AdjustTimeZoneToLocal`: converted to local time, and a result outside the
//! DateTime range fails to parse (unlike the XSD and Json.NET ISO readers, which clamp).

use super::cursor::{Cursor, make_time};
use super::{Clock, NotADate, Suffix, minus};
use crate::model::{MAX_WALL, MIN_WALL, NetDateTime, Zone};
use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime};

/// What to do with `Z` and offsets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Styles {
    /// `DateTimeStyles.RoundtripKind`: `Z` → Utc, offset → Local (converted).
    Roundtrip,
    /// `DateTimeStyles.None`: `Z` and offsets both → Local (converted).
    AdjustToLocal,
}

/// A date with the parts the text gave (`None` = missing).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Parts {
    year: Option<i32>,
    month: u32,
    day: Option<u32>,
}

impl Parts {
    /// `CheckDefaultDateTime`: a missing year is this year, a missing day the 1st.
    fn resolve(self, now: Option<NaiveDateTime>) -> Option<NaiveDate> {
        let year = match self.year {
            Some(year) => year,
            None => now?.year(),
        };
        NaiveDate::from_ymd_opt(year, self.month, self.day.unwrap_or(1)).filter(|d| d.year() >= 1)
    }
}

pub(super) fn parse(text: &str, clock: Clock, styles: Styles) -> Result<NetDateTime, NotADate> {
    // Trailing NUL characters are ignored, white space around the value too.
    let text = text.trim_end_matches('\0').trim();
    let mut c = Cursor::new(text);
    let (date, time_only) = match date_part(&mut c) {
        Some(parts) => (parts.resolve(clock.now).ok_or(NotADate)?, false),
        None => {
            c.i = 0;
            (clock.now.ok_or(NotADate)?.date(), true)
        }
    };
    let space_then_digit =
        c.peek() == Some(b' ') && c.s.get(c.i + 1).is_some_and(u8::is_ascii_digit);
    let has_time = time_only || c.eat_ignore_case(b'T') || (space_then_digit && c.eat(b' '));
    let time = if has_time {
        time_part(&mut c).ok_or(NotADate)?
    } else {
        NaiveTime::MIN
    };
    let suffix = zone_suffix(&mut c).ok_or(NotADate)?;
    if !c.done() {
        return Err(NotADate);
    }
    let wall = crate::model::truncate_to_ticks(date.and_time(time));
    if !(MIN_WALL..=MAX_WALL).contains(&wall) {
        return Err(NotADate);
    }
    match (suffix, styles) {
        (Suffix::None, _) => Ok(NetDateTime::unspecified(wall)),
        (Suffix::Utc, Styles::Roundtrip) => Ok(NetDateTime::utc(wall)),
        (Suffix::Utc, Styles::AdjustToLocal) => adjust_to_local(wall, 0, clock, time_only),
        (Suffix::Offset(seconds), _) => adjust_to_local(wall, seconds, clock, time_only),
    }
}

/// `DateTimeParse.AdjustTimeZoneToLocal`.
fn adjust_to_local(
    wall: NaiveDateTime,
    offset: i32,
    clock: Clock,
    time_only: bool,
) -> Result<NetDateTime, NotADate> {
    let zone: Zone = clock.zone;
    let local_offset =
        |at: NaiveDateTime| Duration::seconds(zone.offset_of_local(at).local_minus_utc().into());
    let day_one_end = MIN_WALL + Duration::days(1);
    let result = if wall < day_one_end {
        // A time of day on 0001-01-01: shifted within the day.
        let at = if time_only {
            clock.now.unwrap_or(wall)
        } else {
            wall
        };
        let mut shifted = minus(wall, offset) + local_offset(at);
        if shifted < MIN_WALL {
            shifted += Duration::days(1);
        }
        shifted
    } else {
        let utc = minus(wall, offset);
        if (MIN_WALL..=MAX_WALL).contains(&utc) {
            zone.to_local(utc)
        } else {
            utc + local_offset(wall)
        }
    };
    if !(MIN_WALL..=MAX_WALL).contains(&result) {
        return Err(NotADate);
    }
    Ok(NetDateTime::local(result, zone.offset_of_local(result)))
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];
const WEEKDAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// An English month name or its three-letter abbreviation, any case.
fn month_name(word: &str) -> Option<u32> {
    let w = word.to_ascii_lowercase();
    let index = MONTHS
        .iter()
        .position(|m| w.len() >= 3 && (w == *m || w == m[..3]))?;
    u32::try_from(index + 1).ok()
}

/// Invariant-culture two-digit year: 00–29 → 20xx, 30–99 → 19xx (TwoDigitYearMax 2029).
fn expand_year(y: u32, digits: usize) -> Option<i32> {
    let year = if digits > 2 {
        y
    } else if y <= 29 {
        2000 + y
    } else {
        1900 + y
    };
    i32::try_from(year).ok()
}

/// A date part: numeric (`yyyy-MM-dd`, `yyyy/MM/dd`, `yyyy.MM.dd`, `yyyy-MM`, `MM/dd/yyyy`,
/// `MM.dd.yyyy`, `MM-dd-yyyy`, `M/d`, `M.d`, two-digit years) or with an English month name
/// (`May 7, 2026`, `7 May 2026`, `May 7`, `7 May`, `May 2026`). `None` (cursor anywhere) when
/// the text does not start with one.
fn date_part(c: &mut Cursor<'_>) -> Option<Parts> {
    if let Some((first, n1)) = c.some_digits(4) {
        let sep = c.peek()?;
        if matches!(sep, b'-' | b'/' | b'.') {
            c.i += 1;
            let (second, _) = c.some_digits(2)?;
            if !c.eat(sep) {
                return match (n1, sep) {
                    // `2026-05`: year and month.
                    (4, b'-' | b'/') => Some(Parts {
                        year: Some(i32::try_from(first).ok()?),
                        month: second,
                        day: None,
                    }),
                    // `1.5`, `5/7`: month and day of this year (MonthDayPattern order).
                    (1 | 2, b'/' | b'.') => Some(Parts {
                        year: None,
                        month: first,
                        day: Some(second),
                    }),
                    _ => None,
                };
            }
            let (third, n3) = c.some_digits(4)?;
            let (year, month, day) = if n1 == 4 {
                (i32::try_from(first).ok()?, second, third)
            } else {
                (expand_year(third, n3)?, first, second)
            };
            return Some(Parts {
                year: Some(year),
                month,
                day: Some(day),
            });
        }
        if sep == b' ' {
            // `7 May 2026`, `7 May`.
            c.i += 1;
            let month = month_name(c.word())?;
            let year = optional_year(c)?;
            return Some(Parts {
                year,
                month,
                day: Some(first),
            });
        }
        return None;
    }
    // `May 7, 2026` / `Thu, 07 May 2026` / `May 7` / `May 2026`.
    let word = c.word();
    if WEEKDAYS
        .iter()
        .any(|w| word.to_ascii_lowercase().starts_with(w))
    {
        c.eat(b',');
        c.eat(b' ');
        return date_part(c);
    }
    let month = month_name(word)?;
    c.eat(b' ');
    let (number, digits) = c.some_digits(4)?;
    if digits == 4 {
        return Some(Parts {
            year: Some(i32::try_from(number).ok()?),
            month,
            day: None,
        });
    }
    c.eat(b',');
    let year = optional_year(c)?;
    Some(Parts {
        year,
        month,
        day: Some(number),
    })
}

/// ` 2026` or ` 26` after a day and month, when a year follows (not a time: `7 May 10:00`).
fn optional_year(c: &mut Cursor<'_>) -> Option<Option<i32>> {
    let save = c.i;
    c.eat(b' ');
    match c.some_digits(4) {
        Some((y, n)) if c.peek() != Some(b':') => Some(Some(expand_year(y, n)?)),
        _ => {
            c.i = save;
            Some(None)
        }
    }
}

/// `H:mm[:ss[.f…]][ AM|PM]`.
fn time_part(c: &mut Cursor<'_>) -> Option<NaiveTime> {
    let (mut h, _) = c.some_digits(2)?;
    c.eat(b':').then_some(())?;
    let m = c.digits(2)?;
    let s = if c.eat(b':') { c.digits(2)? } else { 0 };
    let nanos = if c.eat(b'.') { c.fraction()? } else { 0 };
    let save = c.i;
    c.eat(b' ');
    match c.word().to_ascii_lowercase().as_str() {
        "am" if (1..=12).contains(&h) => h %= 12,
        "pm" if (1..=12).contains(&h) => h = h % 12 + 12,
        _ => c.i = save,
    }
    make_time(h, m, s, nanos)
}

/// `Z`, `GMT`, `±h[h][[:]mm]`, or nothing.
fn zone_suffix(c: &mut Cursor<'_>) -> Option<Suffix> {
    let save = c.i;
    c.eat(b' ');
    match c.peek() {
        None => Some(Suffix::None),
        Some(b'Z' | b'z') => {
            c.i += 1;
            Some(Suffix::Utc)
        }
        Some(b'G' | b'g') if c.rest().len() >= 3 && c.rest()[..3].eq_ignore_ascii_case(b"GMT") => {
            c.i += 3;
            Some(Suffix::Utc)
        }
        Some(sign @ (b'+' | b'-')) => {
            c.i += 1;
            let (h, _) = c.some_digits(2)?;
            let m = if c.eat(b':') {
                c.digits(2)?
            } else {
                c.digits(2).unwrap_or(0)
            };
            if h > 14 || m > 59 {
                return None;
            }
            let secs = i32::try_from(h * 3600 + m * 60).ok()?;
            Some(Suffix::Offset(if sign == b'-' { -secs } else { secs }))
        }
        Some(_) => {
            c.i = save;
            None
        }
    }
}
