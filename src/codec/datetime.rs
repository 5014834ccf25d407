//! Reading `DateTime` text the way each .NET reader does (contracts/reference/wire.md#datetime-kinds, contracts/reference/wire.md#json-read, contracts/reference/wire.md#form-binding).
//!
//! - [`parse_xsd`]: `XmlConvert.ToDateTime(s, RoundtripKind)` (DataContractSerializer).
//! - [`parse_jsonnet`]: Json.NET's `ReadAsDateTime`: its strict ISO parser, `/Date(ms)/`, then the
//!   `DateTime.TryParse(Invariant, RoundtripKind)` fallback.
//! - [`parse_invariant`]: `DateTime.Parse(s, InvariantCulture)` as form binding's TypeConverter calls it.
//!
//! An offset is always converted to the server's local time (Kind Local). The invariant parser
//! covers the forms .NET's invariant culture accepts that a client plausibly sends (ISO with `T`
//! or a space, month-first `MM/dd/yyyy` and `MM.dd.yyyy`, `yyyy/MM/dd`, English month names,
//! RFC 1123, 12-hour clock); forms it does not cover (time-only, which .NET completes with
//! today's date) are rejected, and `DESIGN.md` lists them.

use crate::model::{DateKind, MAX_WALL, MIN_WALL, NetDateTime, truncate_to_ticks};
use chrono::{Duration, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime};

/// The text is not a `DateTime` the reader accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NotADate;

/// How a parsed suffix sets the kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Zone {
    None,
    Utc,
    Offset(i32),
}

/// What to do with `Z` and offsets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Styles {
    /// `DateTimeStyles.RoundtripKind`: `Z` → Utc, offset → Local (converted).
    Roundtrip,
    /// `DateTimeStyles.None`: `Z` and offsets both → Local (converted).
    AdjustToLocal,
}

fn finish(
    wall: NaiveDateTime,
    zone: Zone,
    styles: Styles,
    server: FixedOffset,
) -> Result<NetDateTime, NotADate> {
    let wall = truncate_to_ticks(wall);
    let to_local = |utc: NaiveDateTime| utc + Duration::seconds(server.local_minus_utc().into());
    let value = match (zone, styles) {
        (Zone::None, _) => NetDateTime::unspecified(wall),
        (Zone::Utc, Styles::Roundtrip) => NetDateTime::utc(wall),
        (Zone::Utc, Styles::AdjustToLocal) => NetDateTime::local(to_local(wall), server),
        (Zone::Offset(secs), _) => {
            NetDateTime::local(to_local(wall - Duration::seconds(secs.into())), server)
        }
    };
    if value.wall < MIN_WALL || value.wall > MAX_WALL {
        return Err(NotADate);
    }
    Ok(value)
}

/// A tiny cursor over ASCII text.
struct Cursor<'a> {
    s: &'a [u8],
    i: usize,
}

impl<'a> Cursor<'a> {
    fn new(s: &'a str) -> Self {
        Cursor {
            s: s.as_bytes(),
            i: 0,
        }
    }
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }
    fn eat(&mut self, c: u8) -> bool {
        if self.peek() == Some(c) {
            self.i += 1;
            true
        } else {
            false
        }
    }
    fn done(&self) -> bool {
        self.i == self.s.len()
    }
    /// Exactly `n` digits.
    fn digits(&mut self, n: usize) -> Option<u32> {
        let end = self.i + n;
        let slice = self.s.get(self.i..end)?;
        if !slice.iter().all(u8::is_ascii_digit) {
            return None;
        }
        self.i = end;
        Some(
            slice
                .iter()
                .fold(0, |acc, d| acc * 10 + u32::from(d - b'0')),
        )
    }
    /// 1..=max digits.
    fn some_digits(&mut self, max: usize) -> Option<(u32, usize)> {
        let start = self.i;
        while self.i < self.s.len() && self.i - start < max && self.s[self.i].is_ascii_digit() {
            self.i += 1;
        }
        let n = self.i - start;
        if n == 0 {
            return None;
        }
        let v = self.s[start..self.i]
            .iter()
            .fold(0u32, |acc, d| acc * 10 + u32::from(d - b'0'));
        Some((v, n))
    }
    /// A fraction after the dot: any number of digits, as nanoseconds rounded to 100 ns.
    fn fraction(&mut self) -> Option<u32> {
        let start = self.i;
        while self.i < self.s.len() && self.s[self.i].is_ascii_digit() {
            self.i += 1;
        }
        if self.i == start {
            return None;
        }
        let digits = &self.s[start..self.i];
        // Nanoseconds from the first 9 digits, rounding on the 10th; ticks rounding follows.
        let mut nanos: u64 = 0;
        for k in 0..9 {
            nanos = nanos * 10 + digits.get(k).map_or(0, |d| u64::from(d - b'0'));
        }
        if digits.get(9).is_some_and(|d| *d >= b'5') {
            nanos += 1;
        }
        u32::try_from(nanos).ok()
    }
    fn rest(&self) -> &'a [u8] {
        &self.s[self.i..]
    }
}

fn make_time(h: u32, m: u32, s: u32, nanos: u32) -> Option<NaiveTime> {
    if nanos >= 1_000_000_000 {
        // A fraction that rounds up to a whole second.
        return NaiveTime::from_hms_opt(h, m, s)
            .map(|t| t + Duration::seconds(1))
            .filter(|_| !(h == 23 && m == 59 && s == 59));
    }
    NaiveTime::from_hms_nano_opt(h, m, s, nanos)
}

/// `Z`, `z`, `±hh:mm` (XSD zone).
fn xsd_zone(c: &mut Cursor<'_>) -> Option<Zone> {
    match c.peek() {
        None => Some(Zone::None),
        Some(b'Z' | b'z') => {
            c.i += 1;
            Some(Zone::Utc)
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
            Some(Zone::Offset(if sign == b'-' { -secs } else { secs }))
        }
        Some(_) => None,
    }
}

/// `XmlConvert.ToDateTime(s, XmlDateTimeSerializationMode.RoundtripKind)`: xs:dateTime and
/// xs:date (plus xs:gYearMonth / xs:gYear), whitespace trimmed.
pub fn parse_xsd(text: &str, server: FixedOffset) -> Result<NetDateTime, NotADate> {
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
    let zone = xsd_zone(&mut c).ok_or(NotADate)?;
    if !c.done() {
        return Err(NotADate);
    }
    finish(date.and_time(time), zone, Styles::Roundtrip, server)
}

/// Json.NET's strict ISO reader (`DateTimeParser`): `yyyy-MM-ddTHH:mm:ss[.f…][Z|±HH:mm|±HHmm|±HH]`.
fn parse_jsonnet_iso(text: &str, server: FixedOffset) -> Option<NetDateTime> {
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
    let nanos = if c.eat(b'.') { c.fraction()? } else { 0 };
    let zone = match c.peek() {
        None => Zone::None,
        Some(b'Z') => {
            c.i += 1;
            Zone::Utc
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
            Zone::Offset(if sign == b'-' { -secs } else { secs })
        }
        Some(_) => return None,
    };
    if !c.done() {
        return None;
    }
    let date = NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)?;
    finish(
        date.and_time(make_time(h, m, s, nanos)?),
        zone,
        Styles::Roundtrip,
        server,
    )
    .ok()
}

/// `/Date(ms)/` or `/Date(ms±hhmm)/` (Json.NET's Microsoft date format): ms since the Unix epoch;
/// without an offset the value is Utc, with one it is server local time.
fn parse_ms_date(text: &str, server: FixedOffset) -> Option<NetDateTime> {
    let inner = text.strip_prefix("/Date(")?.strip_suffix(")/")?;
    let split = inner
        .char_indices()
        .skip(1)
        .find(|&(_, ch)| ch == '+' || ch == '-')
        .map(|(i, _)| i);
    let (ms, has_offset) = match split {
        Some(i) => (&inner[..i], true),
        None => (inner, false),
    };
    let ms: i64 = ms.parse().ok()?;
    let utc = chrono::DateTime::from_timestamp_millis(ms)?.naive_utc();
    let zone = if has_offset {
        Zone::Offset(0)
    } else {
        Zone::Utc
    };
    finish(utc, zone, Styles::Roundtrip, server).ok()
}

/// Json.NET reading a string into a `DateTime` member: strict ISO, then `/Date()/`, then
/// `DateTime.TryParse(s, Invariant, RoundtripKind)`.
pub fn parse_jsonnet(text: &str, server: FixedOffset) -> Result<NetDateTime, NotADate> {
    if let Some(v) = parse_jsonnet_iso(text, server) {
        return Ok(v);
    }
    if text.starts_with('/') {
        if let Some(v) = parse_ms_date(text, server) {
            return Ok(v);
        }
    }
    parse_dotnet(text, server, Styles::Roundtrip)
}

/// `DateTime.Parse(s, CultureInfo.InvariantCulture)` (form binding: `Z` and offsets both become
/// server Local time).
pub fn parse_invariant(text: &str, server: FixedOffset) -> Result<NetDateTime, NotADate> {
    parse_dotnet(text, server, Styles::AdjustToLocal)
}

/// Whether `text` is a month-first `MM.dd.yyyy` / `MM/dd/yyyy` date whose day is ≤ 12, which a
/// Russian user most likely meant day-first (the `07.05.2026` → 5 July trap).
pub fn is_ambiguous_month_first(text: &str) -> bool {
    let t = text.trim();
    let b = t.as_bytes();
    b.len() >= 10
        && b[..2].iter().all(u8::is_ascii_digit)
        && matches!(b[2], b'.' | b'/')
        && b[3..5].iter().all(u8::is_ascii_digit)
        && b[5] == b[2]
        && (t[3..5].parse::<u32>().is_ok_and(|d| d <= 12))
        && t[..2] != t[3..5]
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];
const WEEKDAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

fn month_name(word: &str) -> Option<u32> {
    let w = word.to_ascii_lowercase();
    MONTHS
        .iter()
        .position(|m| w.len() >= 3 && (w == *m || full_month(m).is_some_and(|f| f == w)))
        .and_then(|i| u32::try_from(i + 1).ok())
}

fn full_month(abbr: &str) -> Option<&'static str> {
    Some(match abbr {
        "jan" => "january",
        "feb" => "february",
        "mar" => "march",
        "apr" => "april",
        "may" => "may",
        "jun" => "june",
        "jul" => "july",
        "aug" => "august",
        "sep" => "september",
        "oct" => "october",
        "nov" => "november",
        "dec" => "december",
        _ => return None,
    })
}

/// Invariant-culture two-digit year: 00–29 → 20xx, 30–99 → 19xx (TwoDigitYearMax 2029).
fn expand_year(y: u32, digits: usize) -> u32 {
    if digits > 2 {
        y
    } else if y <= 29 {
        2000 + y
    } else {
        1900 + y
    }
}

/// A date part: numeric (`yyyy-MM-dd`, `yyyy/MM/dd`, `yyyy.MM.dd`, `MM/dd/yyyy`, `MM.dd.yyyy`,
/// `MM-dd-yyyy`, two-digit years) or with an English month name.
fn date_part(c: &mut Cursor<'_>) -> Option<NaiveDate> {
    let start = c.i;
    if let Some((first, n1)) = c.some_digits(4) {
        let sep = c.peek()?;
        if matches!(sep, b'-' | b'/' | b'.') {
            c.i += 1;
            let (second, _) = c.some_digits(2)?;
            if !c.eat(sep) {
                return None;
            }
            let (third, n3) = c.some_digits(4)?;
            let (y, m, d) = if n1 == 4 {
                (first, second, third)
            } else {
                (expand_year(third, n3), first, second)
            };
            return NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, m, d);
        }
        if sep == b' ' {
            // `7 May 2026`
            c.i += 1;
            let word = take_word(c);
            let month = month_name(word)?;
            c.eat(b' ');
            let (y, n) = c.some_digits(4)?;
            return NaiveDate::from_ymd_opt(i32::try_from(expand_year(y, n)).ok()?, month, first);
        }
        c.i = start;
        return None;
    }
    // `May 7, 2026` / `Thu, 07 May 2026`
    let word = take_word(c);
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
    let (d, _) = c.some_digits(2)?;
    c.eat(b',');
    c.eat(b' ');
    let (y, n) = c.some_digits(4)?;
    NaiveDate::from_ymd_opt(i32::try_from(expand_year(y, n)).ok()?, month, d)
}

fn take_word<'a>(c: &mut Cursor<'a>) -> &'a str {
    let start = c.i;
    while c.peek().is_some_and(|b| b.is_ascii_alphabetic()) {
        c.i += 1;
    }
    std::str::from_utf8(&c.s[start..c.i]).unwrap_or("")
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
    let word = take_word(c).to_ascii_lowercase();
    match word.as_str() {
        "am" if (1..=12).contains(&h) => h %= 12,
        "pm" if (1..=12).contains(&h) => h = h % 12 + 12,
        "" => c.i = save,
        _ => {
            c.i = save;
        }
    }
    make_time(h, m, s, nanos)
}

fn dotnet_zone(c: &mut Cursor<'_>) -> Option<Zone> {
    let save = c.i;
    c.eat(b' ');
    match c.peek() {
        None => Some(Zone::None),
        Some(b'Z' | b'z') => {
            c.i += 1;
            Some(Zone::Utc)
        }
        Some(b'G') if c.rest().starts_with(b"GMT") => {
            c.i += 3;
            Some(Zone::Utc)
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
            Some(Zone::Offset(if sign == b'-' { -secs } else { secs }))
        }
        Some(_) => {
            c.i = save;
            None
        }
    }
}

fn parse_dotnet(text: &str, server: FixedOffset, styles: Styles) -> Result<NetDateTime, NotADate> {
    let mut c = Cursor::new(text.trim());
    let date = date_part(&mut c).ok_or(NotADate)?;
    let space_then_digit =
        c.peek() == Some(b' ') && c.s.get(c.i + 1).is_some_and(u8::is_ascii_digit);
    let time = if c.eat(b'T') || (space_then_digit && c.eat(b' ')) {
        time_part(&mut c).ok_or(NotADate)?
    } else {
        NaiveTime::MIN
    };
    let zone = dotnet_zone(&mut c).ok_or(NotADate)?;
    if !c.done() {
        return Err(NotADate);
    }
    finish(date.and_time(time), zone, styles, server)
}

/// The kind a parsed value got, for diagnostics ("converted to server local time").
pub fn was_converted(value: &NetDateTime) -> bool {
    matches!(value.kind, DateKind::Local(_))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::MOSCOW;

    fn wire(r: Result<NetDateTime, NotADate>) -> String {
        r.map(|v| v.to_wire()).unwrap_or_else(|_| "error".into())
    }

    #[test]
    fn xsd_forms() {
        // Source: contracts/reference/wire.md#datetime-kinds (DateTime reading with RoundtripKind).
        let cases = [
            (
                "2026-05-07T11:27:39.5049468+03:00",
                "2026-05-07T11:27:39.5049468+03:00",
            ),
            ("2026-05-07T11:27:39.1+05:00", "2026-05-07T09:27:39.1+03:00"),
            ("2026-05-07T08:27:39.5Z", "2026-05-07T08:27:39.5Z"),
            ("2026-05-07T08:27:39.5z", "2026-05-07T08:27:39.5Z"),
            ("2026-05-07T11:27:39", "2026-05-07T11:27:39"),
            ("2026-05-07", "2026-05-07T00:00:00"),
            (" \n2026-05-07T11:27:39 \n", "2026-05-07T11:27:39"),
            (
                "2026-05-07T11:27:39.123456789",
                "2026-05-07T11:27:39.1234568",
            ),
            ("2026-05-07 11:27:39", "error"),
            ("2026-13-07T11:27:39", "error"),
            ("", "error"),
            ("07.05.2026", "error"),
        ];
        for (input, expected) in cases {
            assert_eq!(wire(parse_xsd(input, MOSCOW)), expected, "input {input:?}");
        }
    }

    #[test]
    fn jsonnet_forms() {
        // Source: contracts/reference/wire.md#json-read (dates) — ISO, /Date()/, and the TryParse(Invariant) fallback.
        let cases = [
            (
                "2026-05-07T11:27:39.5049468+03:00",
                "2026-05-07T11:27:39.5049468+03:00",
            ),
            ("2026-05-07T08:27:39Z", "2026-05-07T08:27:39Z"),
            ("2026-05-07", "2026-05-07T00:00:00"),
            ("05/07/2026", "2026-05-07T00:00:00"),
            ("07.05.2026", "2026-07-05T00:00:00"),
            ("/Date(1778142459000)/", "2026-05-07T08:27:39Z"),
            ("2026-05-07 11:27:39", "2026-05-07T11:27:39"),
            ("May 7, 2026", "2026-05-07T00:00:00"),
            ("05/07/2026 3:04 PM", "2026-05-07T15:04:00"),
            ("tomorrow", "error"),
        ];
        for (input, expected) in cases {
            assert_eq!(
                wire(parse_jsonnet(input, MOSCOW)),
                expected,
                "input {input:?}"
            );
        }
    }

    #[test]
    fn invariant_adjusts_to_local() {
        // Source: contracts/reference/wire.md#form-binding — DateTime.Parse(text, Invariant): offsets become server Local.
        assert_eq!(
            wire(parse_invariant("2026-05-07T11:27:39+05:00", MOSCOW)),
            "2026-05-07T09:27:39+03:00"
        );
        assert_eq!(
            wire(parse_invariant("2026-05-07T08:00:00Z", MOSCOW)),
            "2026-05-07T11:00:00+03:00"
        );
        assert_eq!(
            wire(parse_invariant("2026-05-07T11:27:39 05:00", MOSCOW)),
            "error"
        );
        assert!(is_ambiguous_month_first("07.05.2026"));
        assert!(!is_ambiguous_month_first("05.25.2026"));
    }
}
