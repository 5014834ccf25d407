//! Table tests: each row is the value .NET gives for the text (source in the comment above
//! each table).

use super::*;
use crate::model::MOSCOW;
use chrono::NaiveDate;

fn wire(r: Result<NetDateTime, NotADate>) -> String {
    r.map(|v| v.to_wire()).unwrap_or_else(|_| "error".into())
}

/// The server's clock on 2026-05-07 12:00 in Moscow (+03:00), the default dataset's `as_of`.
fn clock() -> Clock {
    Clock {
        zone: Zone::Fixed(MOSCOW),
        now: NaiveDate::from_ymd_opt(2026, 5, 7).and_then(|d| d.and_hms_opt(12, 0, 0)),
    }
}

fn moscow_named() -> Clock {
    Clock {
        zone: "Europe/Moscow".parse().unwrap(),
        now: clock().now,
    }
}

fn strict(text: &str, version: JsonNet) -> String {
    match strict_date(text, clock(), version) {
        Strict::Date(v) => v.to_wire(),
        Strict::NotDate => "not a date".to_owned(),
        Strict::Throws(t) => format!("throws {t:?}"),
    }
}

use crate::codec::JsonNet;

#[test]
fn xsd_forms() {
    // Source: contracts/reference/wire.md#datetime-kinds (XmlConvert.ToDateTime, RoundtripKind).
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
        // XsdDateTime → DateTime: an offset pushing past the range clamps (Kind Local).
        ("0001-01-01T00:00:00+05:00", "0001-01-01T00:00:00+03:00"),
        (
            "9999-12-31T23:59:59-05:00",
            "9999-12-31T23:59:59.9999999+03:00",
        ),
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
        ("/Date(1778142459000+0500)/", "2026-05-07T11:27:39+03:00"),
        ("2026-05-07 11:27:39", "2026-05-07T11:27:39"),
        ("May 7, 2026", "2026-05-07T00:00:00"),
        ("05/07/2026 3:04 PM", "2026-05-07T15:04:00"),
        ("tomorrow", "error"),
    ];
    for (input, expected) in cases {
        assert_eq!(
            wire(parse_jsonnet(input, clock())),
            expected,
            "input {input:?}"
        );
    }
}

#[test]
fn jsonnet_leftovers_13_and_6() {
    // Source: issue "Fidelity leftovers", values observed from Json.NET 13.0.4 and 6.0.8
    // through Web API's read path on a +03:00 server ("both" rows hold for both versions).
    let rows = [
        // DateTime.TryParse fallback (both): lower-case `t`, year-month, trailing NUL.
        (
            "2026-05-07t10:00:00",
            "2026-05-07T10:00:00",
            "2026-05-07T10:00:00",
        ),
        ("2026-05", "2026-05-01T00:00:00", "2026-05-01T00:00:00"),
        (
            "2026-05-07T10:00:00\0",
            "2026-05-07T10:00:00",
            "2026-05-07T10:00:00",
        ),
        (
            "2026-05-07\0\0",
            "2026-05-07T00:00:00",
            "2026-05-07T00:00:00",
        ),
        // 13.x only: a trailing `.` and hour 24 (DateTimeParser: next midnight).
        ("2026-05-07T10:00:00.", "2026-05-07T10:00:00", "error"),
        ("2026-05-07T24:00:00", "2026-05-08T00:00:00", "error"),
        ("2026-05-07T24:00:00Z", "2026-05-08T00:00:00Z", "error"),
        ("2026-05-07T24:00:01", "error", "error"),
        // Both: offsets past the range clamp to MinValue / MaxValue (TryParseDateTimeIso).
        (
            "0001-01-01T00:00:00+05:00",
            "0001-01-01T00:00:00+03:00",
            "0001-01-01T00:00:00+03:00",
        ),
        (
            "9999-12-31T23:59:59-05:00",
            "9999-12-31T23:59:59.9999999+03:00",
            "9999-12-31T23:59:59.9999999+03:00",
        ),
        (
            "9999-12-31T23:00:00Z",
            "9999-12-31T23:00:00Z",
            "9999-12-31T23:00:00Z",
        ),
    ];
    for (input, v13, v6) in rows {
        assert_eq!(
            wire(parse_jsonnet_as(input, clock(), JsonNet::V13)),
            v13,
            "13.x {input:?}"
        );
        assert_eq!(
            wire(parse_jsonnet_as(input, clock(), JsonNet::V6)),
            v6,
            "6.x {input:?}"
        );
    }
}

#[test]
fn microsoft_dates_that_throw() {
    // Source: Json.NET ConvertJavaScriptTicksToDateTime (`new DateTime(ticks)` throws past
    // year 9999, both versions); 6.x TryParseDateMicrosoft parses with throwing .NET parsers
    // (`/Date()/`: IndexOf(c, 1) on "", `/Date(x)/`: long.Parse), 13.x with TryParse.
    let rows = [
        (
            "/Date(253402300800000)/",
            "throws TicksOutOfRange",
            "throws TicksOutOfRange",
        ),
        (
            "/Date(253402300799999)/",
            "9999-12-31T23:59:59.999Z",
            "9999-12-31T23:59:59.999Z",
        ),
        (
            "/Date(-62135596800001)/",
            "throws TicksOutOfRange",
            "throws TicksOutOfRange",
        ),
        (
            "/Date(-62135596800000)/",
            "0001-01-01T00:00:00Z",
            "0001-01-01T00:00:00Z",
        ),
        ("/Date()/", "not a date", "throws IndexOutOfRange"),
        ("/Date(x)/", "not a date", "throws Format"),
        ("/Date(0+xx)/", "not a date", "throws Format"),
        ("/Date(0)/", "1970-01-01T00:00:00Z", "1970-01-01T00:00:00Z"),
        ("/Date( 5)/", "not a date", "1970-01-01T00:00:00.005Z"),
        (
            "9999-12-31T24:00:00",
            "throws TicksOutOfRange",
            "not a date",
        ),
    ];
    for (input, v13, v6) in rows {
        assert_eq!(strict(input, JsonNet::V13), v13, "13.x {input:?}");
        assert_eq!(strict(input, JsonNet::V6), v6, "6.x {input:?}");
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
    // AdjustTimeZoneToLocal fails out of range (no clamping, unlike the ISO readers).
    assert_eq!(
        wire(parse_invariant("9999-12-31 23:00:00-05:00", MOSCOW)),
        "error"
    );
    assert!(is_ambiguous_month_first("07.05.2026"));
    assert!(!is_ambiguous_month_first("05.25.2026"));
    assert!(is_ambiguous_month_first("1.5"));
    assert!(!is_ambiguous_month_first("1.25"));
}

#[test]
fn invariant_fills_missing_parts_from_now() {
    // Source: DateTimeParse.CheckDefaultDateTime (no year → this year, no day → the 1st, no
    // date → today); the issue's `EndDate=1.5` → 5 January of the current year. "Now" is the
    // dataset's as_of, 2026-05-07 12:00 (+03:00).
    let rows = [
        ("1.5", "2026-01-05T00:00:00"),
        ("5/7", "2026-05-07T00:00:00"),
        ("12.31", "2026-12-31T00:00:00"),
        ("13.5", "error"),
        ("May 7", "2026-05-07T00:00:00"),
        ("7 May", "2026-05-07T00:00:00"),
        ("May 2026", "2026-05-01T00:00:00"),
        ("2026/05", "2026-05-01T00:00:00"),
        ("10:00", "2026-05-07T10:00:00"),
        ("10:00:30.5", "2026-05-07T10:00:30.5"),
        ("3:04 PM", "2026-05-07T15:04:00"),
        ("10:00+05:00", "2026-05-07T08:00:00+03:00"),
        ("1.5 10:00", "2026-01-05T10:00:00"),
        ("10", "error"),
    ];
    for (input, expected) in rows {
        assert_eq!(wire(parse_invariant(input, clock())), expected, "{input:?}");
    }
    // Without a known "now" the forms that need it are not read.
    for input in ["1.5", "May 7", "10:00"] {
        assert_eq!(wire(parse_invariant(input, MOSCOW)), "error", "{input:?}");
    }
}

#[test]
fn named_zone_history() {
    // Source: TimeZoneInfo "Russian Standard Time" / IANA Europe/Moscow: +04:00 in 2011–2014.
    let rows = [
        ("2012-06-01T12:00:00+00:00", "2012-06-01T16:00:00+04:00"),
        ("2015-06-01T12:00:00+00:00", "2015-06-01T15:00:00+03:00"),
        ("2026-05-07T12:00:00+05:00", "2026-05-07T10:00:00+03:00"),
    ];
    for (input, expected) in rows {
        assert_eq!(
            wire(parse_jsonnet(input, moscow_named())),
            expected,
            "{input:?}"
        );
        assert_eq!(
            wire(parse_xsd(input, moscow_named().zone)),
            expected,
            "{input:?}"
        );
        assert_eq!(
            wire(parse_invariant(input, moscow_named())),
            expected,
            "{input:?}"
        );
    }
    assert_eq!(
        wire(parse_jsonnet("2012-06-01T12:00:00Z", moscow_named())),
        "2012-06-01T12:00:00Z"
    );
}
