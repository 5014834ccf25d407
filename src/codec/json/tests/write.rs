//! The writer: key order, nulls, numbers, decimals, dates, escaping, and the help page samples.

use super::*;
use crate::model::Record;
use crate::model::{NetDateTime, Response};
use chrono::NaiveDateTime;
use rust_decimal::Decimal;
use std::str::FromStr;

fn text(record: &dyn Record) -> String {
    let mut out = Vec::new();
    write(record, &mut out);
    String::from_utf8(out).unwrap()
}

fn pretty(record: &dyn Record) -> String {
    let mut out = Vec::new();
    write_pretty(record, &mut out);
    String::from_utf8(out).unwrap()
}

fn quoted(s: &str) -> String {
    let mut out = Vec::new();
    write_string(s, &mut out);
    String::from_utf8(out).unwrap()
}

fn decimal_text(d: &str) -> String {
    let mut out = Vec::new();
    super::super::write::write_decimal(Decimal::from_str(d).unwrap(), &mut out);
    String::from_utf8(out).unwrap()
}

/// Remove the whitespace outside string literals (what indentation adds).
fn minify(json: &str) -> String {
    let mut out = String::new();
    let mut in_string = false;
    let mut escaped = false;
    for c in json.chars() {
        if in_string {
            out.push(c);
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
        } else if c == '"' {
            in_string = true;
            out.push(c);
        } else if !c.is_whitespace() {
            out.push(c);
        }
    }
    out
}

/// Source: contracts/reference/wire.md#json-write (order, decimals `1.0`, dates +03:00) and the help page's response
/// sample, which Json.NET wrote with `Formatting.Indented`.
#[test]
fn pretty_response_is_the_help_page_sample() {
    let expected = help_json("Response Formats");
    assert_eq!(pretty(&Response::help_page_sample()), expected);
}

/// Source: contracts/reference/wire.md#json-settings (Formatting None on the wire) and the help page's response sample.
#[test]
fn compact_response_is_the_help_sample_without_whitespace() {
    let expected = minify(help_json("Response Formats"));
    assert_eq!(text(&Response::help_page_sample()), expected);
    assert!(expected.starts_with(r#"{"TotalRows":1,"TotalRowsSelect":1,"#));
}

/// Source: contracts/reference/wire.md#json-write — properties in Json.NET order, `null` emitted, empty lists `[]`,
/// money keeps its scale.
#[test]
fn business_error_response() {
    let response = Response {
        list_favorites: None,
        ..Response::business_error(2, "Клиент не найден")
    };
    insta::assert_snapshot!(text(&response), @r#"{"TotalRows":0,"TotalRowsSelect":0,"MaxLinkGoods":0,"NowLinkGoods":0,"RemainLinkGoods":0,"RemainCountPurchases":0,"RemainGain":0.00,"RemainEveryGain":0.00,"CountOffer":0,"CountConfirm":0,"CountPurchases":0,"SumGain":0.00,"AvgFavorite":0.00,"AvgAll":0.00,"ClientFavorites":[],"ListFavorites":null,"GroupFavorites":[],"ErrorCode":2,"Message":"Клиент не найден"}"#);
}

/// Source: contracts/reference/wire.md#json-write — indentation of empty lists and nulls.
#[test]
fn pretty_empty_and_null_lists() {
    let response = Response {
        list_favorites: None,
        ..Response::empty()
    };
    let out = pretty(&response);
    assert!(out.contains("\n  \"ClientFavorites\": [],\n  \"ListFavorites\": null,\n"));
    assert!(out.ends_with("\n  \"ErrorCode\": 0,\n  \"Message\": \"\"\n}"));
}

/// Source: contracts/reference/wire.md#json-write — decimal: invariant `ToString()` keeps the scale; `.0` is appended
/// when there is no decimal point; never an exponent.
#[test]
fn decimals_keep_their_scale() {
    let cases = [
        ("1", "1.0"),
        ("1.50", "1.50"),
        ("0.00", "0.00"),
        ("0", "0.0"),
        ("100", "100.0"),
        ("-0.5", "-0.5"),
        ("-12.345", "-12.345"),
        ("0.0001", "0.0001"),
        ("1234567.89", "1234567.89"),
        (
            "79228162514264337593543950335",
            "79228162514264337593543950335.0",
        ),
        (
            "-7.9228162514264337593543950335",
            "-7.9228162514264337593543950335",
        ),
        (
            "0.0000000000000000000000000001",
            "0.0000000000000000000000000001",
        ),
    ];
    for (input, expected) in cases {
        assert_eq!(decimal_text(input), expected, "{input}");
    }
    // A negative zero (from rounding) is written like .NET's invariant zero.
    let mut negative_zero = Decimal::new(0, 2);
    negative_zero.set_sign_negative(true);
    let mut out = Vec::new();
    super::super::write::write_decimal(negative_zero, &mut out);
    assert_eq!(out, b"0.00");
}

/// Source: contracts/reference/wire.md#json-write — integers are plain digits.
#[test]
fn integers_at_the_edges() {
    for v in [
        0,
        7,
        -7,
        10,
        99,
        100,
        i64::from(i32::MAX),
        i64::MIN,
        i64::MAX,
    ] {
        let mut out = Vec::new();
        super::super::write::write_i64(v, &mut out);
        assert_eq!(String::from_utf8(out).unwrap(), v.to_string());
    }
}

/// Source: contracts/reference/wire.md#json-write (strings) and Json.NET's `JavaScriptUtils`: only `"`, `\`,
/// control characters and U+0085/U+2028/U+2029 are escaped; `<`, `>`, `&`, `'`, DEL and
/// Cyrillic stay raw.
#[test]
fn string_escaping() {
    insta::assert_snapshot!(quoted("Привет, \"мир\" \\ / <b>&'"), @r#""Привет, \"мир\" \\ / <b>&'""#);
    insta::assert_snapshot!(quoted("\u{8}\t\n\u{c}\r"), @r#""\b\t\n\f\r""#);
    insta::assert_snapshot!(quoted("\u{0}\u{1}\u{1f}\u{b}"), @r#""\u0000\u0001\u001f\u000b""#);
    insta::assert_snapshot!(quoted("a\u{85}b\u{2028}c\u{2029}d"), @r#""a\u0085b\u2028c\u2029d""#);
    assert_eq!(
        quoted("\u{7f}\u{a0}\u{84}\u{2027}\u{202a}😀"),
        "\"\u{7f}\u{a0}\u{84}\u{2027}\u{202a}😀\""
    );
    assert_eq!(quoted(""), "\"\"");
}

/// Source: contracts/reference/wire.md#datetime-kinds (DateTime rules) — the kind decides the suffix.
#[test]
fn dates_by_kind() {
    let wall =
        NaiveDateTime::parse_from_str("2026-05-07T08:27:39.5", "%Y-%m-%dT%H:%M:%S%.f").unwrap();
    let mut request = Request {
        beg_date: Some(NetDateTime::utc(wall)),
        end_date: Some(NetDateTime::unspecified(wall)),
        ..Request::default()
    };
    request.site_code = Some("x".to_owned());
    insta::assert_snapshot!(text(&request), @r#"{"Client":0,"ClientFavoriteId":null,"ListDataId":null,"BegDate":"2026-05-07T08:27:39.5Z","EndDate":"2026-05-07T08:27:39.5","Start":null,"Length":null,"Operator":0,"Token":null,"SiteCode":"x"}"#);
}

/// Source: contracts/reference/wire.md#json-write — the writer walks `schema.fields`, so a dynamic `Object` writes
/// exactly like the typed record it came from.
#[test]
fn objects_write_like_records() {
    let response = Response::help_page_sample();
    let object = crate::model::Object::from_record(&response);
    assert_eq!(text(&object), text(&response));
    assert_eq!(pretty(&object), pretty(&response));
}
