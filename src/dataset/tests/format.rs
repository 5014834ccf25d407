//! Lexical forms (dates, money, offsets) and the JSON locator.

use super::super::locate::{line_column, lines_of, offset_of, path_at};
use super::super::wire::{parse_local, parse_money, parse_zone};
use super::super::{Dataset, MAX_MONEY};
use super::BASE;
use crate::model::Zone;
use std::collections::HashSet;

/// Source: contracts/reference/domain.md#as-of: "`as_of`: the dataset's "now" (a local date-time)".
#[test]
fn local_times_take_zero_to_seven_fraction_digits_and_no_offset() {
    let ok = |s: &str| parse_local(s).map(|t| t.format("%Y-%m-%dT%H:%M:%S%.f").to_string());
    assert_eq!(
        ok("2026-05-07T11:27:39").as_deref(),
        Some("2026-05-07T11:27:39")
    );
    assert_eq!(
        ok("2026-05-07T11:27:39.507").as_deref(),
        Some("2026-05-07T11:27:39.507")
    );
    assert_eq!(
        ok("2026-05-07T11:27:39.5049468").as_deref(),
        Some("2026-05-07T11:27:39.504946800")
    );
    for bad in [
        "2026-05-07T11:27:39+03:00",
        "2026-05-07T11:27:39Z",
        "2026-05-07 11:27:39",
        "2026-05-07T11:27:39.12345678",
        "2026-05-07T11:27:39.",
        "2026-13-07T11:27:39",
        "2026-02-30T11:27:39",
        "0000-01-01T00:00:00",
        "2026-05-07T24:00:00",
        "2026-05-07",
        "",
    ] {
        assert_eq!(parse_local(bad), None, "{bad}");
    }
}

/// Source: contracts/reference/domain.md#dataset: "`amount` (decimal, scale 2)".
#[test]
fn money_keeps_its_scale_and_refuses_exponents() {
    let text = |s: &str| parse_money(s).map(|d| d.to_string());
    assert_eq!(text("1250.50").as_deref(), Some("1250.50"));
    assert_eq!(text("100").as_deref(), Some("100"));
    assert_eq!(text("-0.01").as_deref(), Some("-0.01"));
    for bad in [
        "1e2", "1.5E+3", ".5", "1.", "+1", "1,5", "", "-", "0x10", "1 000",
    ] {
        assert_eq!(parse_money(bad), None, "{bad}");
    }
    assert_eq!(MAX_MONEY.to_string(), "9999999999999999.99");
}

#[test]
fn money_from_json_numbers_and_strings_never_passes_through_f64() {
    // 9007199254740993.01 is not representable as f64; the scale of 1250.50 would be lost.
    let text = BASE
        .replace("\"amount\": 1250.50", "\"amount\": 9007199254740993.01")
        .replace("\"amount\": \"99.90\"", "\"amount\": 99.90");
    let dataset = Dataset::from_json("data.json", &text).unwrap();
    let amounts: Vec<String> = dataset
        .purchases()
        .iter()
        .map(|p| p.amount.to_string())
        .collect();
    assert_eq!(amounts, ["9007199254740993.01", "99.90"]);
}

/// Source: contracts/reference/domain.md#time-zone: the server zone (default `+03:00`);
/// a named IANA zone (with its history, as .NET's TimeZoneInfo) is accepted too.
#[test]
fn zones_are_signed_offsets_within_fourteen_hours_or_iana_names() {
    let offset = |text: &str| match parse_zone(text) {
        Some(Zone::Fixed(o)) => Some(o.local_minus_utc()),
        _ => None,
    };
    assert_eq!(offset("+03:00"), Some(3 * 3600));
    assert_eq!(offset("-05:30"), Some(-(5 * 3600 + 1800)));
    assert_eq!(offset("+14:00"), Some(14 * 3600));
    for bad in [
        "+14:01", "03:00", "+3:00", "+03:60", "Z", "+0300", "UTC+3", "Moscow",
    ] {
        assert_eq!(parse_zone(bad), None, "{bad}");
    }
    assert_eq!(
        parse_zone("Europe/Moscow")
            .map(|z| z.to_string())
            .as_deref(),
        Some("Europe/Moscow")
    );
}

#[test]
fn path_at_names_values_keys_and_containers() {
    let text = br#"{"a": [1, {"b": "x", "c d": [true]}], "e": null}"#;
    let at = |needle: &str| {
        let pos = std::str::from_utf8(text).unwrap().find(needle).unwrap();
        path_at(text, pos)
    };
    assert_eq!(at("1,"), "$.a[0]");
    assert_eq!(at("\"x\""), "$.a[1].b");
    assert_eq!(at("\"b\""), "$.a[1].b");
    assert_eq!(at("true"), "$.a[1]['c d'][0]");
    assert_eq!(at("{\"b\""), "$.a[1]");
    assert_eq!(at("]}"), "$.a[1]['c d']");
    assert_eq!(at("null"), "$.e");
    // Malformed text never panics; past the end is the innermost open place.
    assert_eq!(path_at(br#"{"a": [1, "#, 100), "$.a[1]");
    assert_eq!(path_at(b"", 0), "$");
}

#[test]
fn lines_of_finds_the_first_line_of_each_path() {
    let wanted: HashSet<&str> = [
        "$.entries[1].links[0].list_data_id",
        "$.purchases[1]",
        "$.nope",
    ]
    .into_iter()
    .collect();
    let text = BASE.replace(
        "\"confirm\": false}",
        "\"confirm\": false, \"links\": [{\"id\": 13, \"list_data_id\": 201}]}",
    );
    let lines = lines_of(text.as_bytes(), &wanted);
    assert_eq!(lines.get("$.entries[1].links[0].list_data_id"), Some(&20));
    assert_eq!(lines.get("$.purchases[1]"), Some(&24));
    assert_eq!(lines.get("$.nope"), None);
}

#[test]
fn serde_positions_map_back_to_offsets() {
    let text = b"ab\ncd\nef";
    assert_eq!(offset_of(text, 2, 1), 3);
    assert_eq!(offset_of(text, 3, 2), 7);
    assert_eq!(offset_of(text, 1, 0), 0);
    assert_eq!(line_column(text, 4), (2, 2));
    assert_eq!(line_column(text, 0), (1, 1));
}
