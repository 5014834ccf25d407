//! The rows of contracts/reference/wire.md#json-read that bind (possibly after a conversion): names, duplicates,
//! conversions between strings, numbers and booleans, decimals, dates, lenient syntax.

use super::*;
use crate::codec::{DiagnosticKind, Effect, Severity};
use crate::model::{DateKind, MOSCOW};

fn kinds(read: &Read) -> Vec<DiagnosticKind> {
    read.diagnostics.iter().map(|d| d.kind).collect()
}

/// Source: help page request sample; contracts/reference/wire.md#json-read (dates with an offset → server Local).
#[test]
fn help_sample_request_binds() {
    let read = request(help_json("Request Formats"));
    assert_eq!(read.diagnostics, vec![]);
    let request = typed(&read);
    assert_eq!(request.client, 1);
    assert_eq!(request.client_favorite_id, Some(1));
    assert_eq!(request.list_data_id, Some(1));
    assert_eq!((request.start, request.length), (Some(1), Some(1)));
    assert_eq!((request.operator, request.token), (1, Some(1)));
    assert_eq!(request.site_code.as_deref(), Some("sample string 1"));
    for date in [request.beg_date, request.end_date] {
        let date = date.expect("date bound");
        assert_eq!(date.kind, DateKind::Local(MOSCOW));
        assert_eq!(date.to_wire(), "2026-05-07T11:27:39.5049468+03:00");
    }
}

/// Source: contracts/reference/wire.md#json-read — names match case-insensitively (exact first).
#[test]
fn names_match_ignoring_case() {
    let read = request(r#"{"client":7,"SITECODE":"s","oPeRaToR":2}"#);
    let request = typed(&read);
    assert_eq!((request.client, request.operator), (7, 2));
    assert_eq!(request.site_code.as_deref(), Some("s"));
    assert!(
        read.diagnostics
            .iter()
            .all(|d| d.severity == Severity::Info)
    );
    insta::assert_snapshot!(render(&read), @r#"
        {"Client":7,"ClientFavoriteId":null,"ListDataId":null,"BegDate":null,"EndDate":null,"Start":null,"Length":null,"Operator":2,"Token":null,"SiteCode":"s"}
        info[json-case-mismatch] at json `client` (line 1, position 10): client matches Client only ignoring case; Json.NET binds it anyway
        info[json-case-mismatch] at json `SITECODE` (line 1, position 23): SITECODE matches SiteCode only ignoring case; Json.NET binds it anyway
        info[json-case-mismatch] at json `oPeRaToR` (line 1, position 38): oPeRaToR matches Operator only ignoring case; Json.NET binds it anyway
    "#);
}

/// Source: contracts/reference/wire.md#json-read — .NET's OrdinalIgnoreCase upper-cases per character, so the Turkish
/// dotless ı matches I.
#[test]
fn names_use_unicode_simple_case_folding() {
    let read = request(r#"{"clıent":7}"#);
    assert_eq!(typed(&read).client, 7);
    assert_eq!(kinds(&read), vec![DiagnosticKind::JsonCaseMismatch]);
}

/// Source: contracts/reference/wire.md#json-read — the last duplicate wins (JamesNK/Newtonsoft.Json#1571).
#[test]
fn last_duplicate_wins() {
    let read = request(r#"{"Client":7,"client":8}"#);
    assert_eq!(typed(&read).client, 8);
    let duplicate = read
        .diagnostics
        .iter()
        .find(|d| d.kind == DiagnosticKind::JsonDuplicateProperty)
        .expect("reported");
    assert_eq!(duplicate.severity, Severity::Warning);
    insta::assert_snapshot!(duplicate.to_string(), @"warning[json-duplicate-property] at json `client` (line 1, position 21): Client is given twice (first at line 1, position 10); the last one wins, so the earlier value 7 is discarded");
}

/// Source: contracts/reference/wire.md#json-read — unknown properties are ignored (MissingMemberHandling.Ignore),
/// whatever their value, and missing ones keep the constructor's default.
#[test]
fn unknown_properties_are_ignored() {
    let read = request(r#"{"Extra":{"a":[1,{"b":null}]},"Client":5,"Other":"x"}"#);
    let request = typed(&read);
    assert_eq!(request.client, 5);
    assert_eq!(request.operator, 0);
    assert_eq!(request.site_code, None);
    assert_eq!(
        kinds(&read),
        vec![
            DiagnosticKind::JsonUnknownProperty,
            DiagnosticKind::JsonUnknownProperty
        ]
    );
    assert!(read.diagnostics.iter().all(|d| d.effect == Effect::Ignored));
    insta::assert_snapshot!(render(&read), @r#"
        {"Client":5,"ClientFavoriteId":null,"ListDataId":null,"BegDate":null,"EndDate":null,"Start":null,"Length":null,"Operator":0,"Token":null,"SiteCode":null}
        info[json-unknown-property] at json `Extra` (line 1, position 9): Extra is not a member of the contract type; Json.NET ignores it (MissingMemberHandling.Ignore)
        info[json-unknown-property] at json `Other` (line 1, position 49): Other is not a member of the contract type; Json.NET ignores it (MissingMemberHandling.Ignore)
    "#);
}

/// Source: contracts/reference/wire.md#json-read — `"Client":"7"` is converted.
#[test]
fn strings_convert_to_numbers() {
    let read = request(r#"{"Client":"7","Operator":" 12 ","Token":"1234567891011","Start":"+3"}"#);
    let request = typed(&read);
    assert_eq!(request.client, 7);
    assert_eq!(request.operator, 12);
    assert_eq!(request.token, Some(1_234_567_891_011));
    assert_eq!(request.start, Some(3));
    insta::assert_snapshot!(render(&read), @r#"
        {"Client":7,"ClientFavoriteId":null,"ListDataId":null,"BegDate":null,"EndDate":null,"Start":3,"Length":null,"Operator":12,"Token":1234567891011,"SiteCode":null}
        info[json-converted] at json `Client` (line 1, position 13): Client: the string "7" is converted to the number 7
        info[json-converted] at json `Operator` (line 1, position 31): Operator: the string " 12 " is converted to the number 12
        info[json-converted] at json `Token` (line 1, position 55): Token: the string "1234567891011" is converted to the number 1234567891011
        info[json-converted] at json `Start` (line 1, position 68): Start: the string "+3" is converted to the number 3
    "#);
}

/// Source: contracts/reference/wire.md#json-read — `"SiteCode":123` becomes `"123"`; ReadAsString keeps the number's
/// text as written.
#[test]
fn numbers_and_literals_convert_to_strings() {
    for (json, expected) in [
        ("123", "123"),
        ("1.50", "1.50"),
        ("-0.0e5", "-0.0e5"),
        ("true", "true"),
        ("0x1F", "0x1F"),
        ("NaN", "NaN"),
    ] {
        let read = request(&format!(r#"{{"SiteCode":{json}}}"#));
        assert_eq!(typed(&read).site_code.as_deref(), Some(expected), "{json}");
    }
    insta::assert_snapshot!(render(&request(r#"{"SiteCode":123}"#)), @r#"
        {"Client":0,"ClientFavoriteId":null,"ListDataId":null,"BegDate":null,"EndDate":null,"Start":null,"Length":null,"Operator":0,"Token":null,"SiteCode":"123"}
        info[json-converted] at json `SiteCode` (line 1, position 15): SiteCode: the value 123 is converted to the string "123"
    "#);
}

/// Source: contracts/reference/wire.md#json-read — `null` or `""` for `int?` is null without an error.
#[test]
fn null_and_empty_string_for_nullable_ints() {
    let read = request(r#"{"Start":null,"Length":"","Token":"","ClientFavoriteId":null}"#);
    let request = typed(&read);
    assert_eq!(
        (request.start, request.length, request.token),
        (None, None, None)
    );
    assert!(read.diagnostics.iter().all(|d| d.model_state.is_none()));
    insta::assert_snapshot!(render(&read), @r#"
        {"Client":0,"ClientFavoriteId":null,"ListDataId":null,"BegDate":null,"EndDate":null,"Start":null,"Length":null,"Operator":0,"Token":null,"SiteCode":null}
        info[json-converted] at json `Length` (line 1, position 25): Length: the empty string "" is read as null
        info[json-converted] at json `Token` (line 1, position 36): Token: the empty string "" is read as null
    "#);
}

/// Source: contracts/reference/wire.md#json-read — `"L":1.5` (long) is silently rounded to even through
/// `Convert.ChangeType`.
#[test]
fn floats_round_into_long() {
    for (json, expected) in [
        ("1.5", 2),
        ("2.5", 2),
        ("3.5", 4),
        ("-2.5", -2),
        ("1e2", 100),
        ("7.0", 7),
    ] {
        let read = request(&format!(r#"{{"Token":{json}}}"#));
        assert_eq!(typed(&read).token, Some(expected), "{json}");
    }
    insta::assert_snapshot!(render(&request(r#"{"Token":2.5}"#)), @r#"
        {"Client":0,"ClientFavoriteId":null,"ListDataId":null,"BegDate":null,"EndDate":null,"Start":null,"Length":null,"Operator":0,"Token":2,"SiteCode":null}
        warning[json-converted] at json `Token` (line 1, position 12): Token: 2.5 is rounded (half to even) to 2
    "#);
    insta::assert_snapshot!(render(&request(r#"{"Token":1e2}"#)), @r#"
        {"Client":0,"ClientFavoriteId":null,"ListDataId":null,"BegDate":null,"EndDate":null,"Start":null,"Length":null,"Operator":0,"Token":100,"SiteCode":null}
        info[json-converted] at json `Token` (line 1, position 12): Token: 1e2 is read as 100
    "#);
}

/// Source: contracts/reference/wire.md#json-read — 6.x reads `short` through `Convert.ChangeType`, so `2.5` rounds to
/// 2; 13.x reads it as Int32 and errors like `int`.
#[test]
fn short_rounds_in_v6_and_errors_in_v13() {
    let old = request_v6(r#"{"Operator":2.5,"Client":1}"#);
    assert_eq!((typed(&old).operator, typed(&old).client), (2, 1));
    insta::assert_snapshot!(render(&old), @r#"
        {"Client":1,"ClientFavoriteId":null,"ListDataId":null,"BegDate":null,"EndDate":null,"Start":null,"Length":null,"Operator":2,"Token":null,"SiteCode":null}
        warning[json-converted] at json `Operator` (line 1, position 15): Operator: 2.5 is rounded (half to even) to 2
    "#);
    let new = request(r#"{"Operator":2.5,"Client":1}"#);
    assert_eq!((typed(&new).operator, typed(&new).client), (0, 1));
    insta::assert_snapshot!(model_state(&new), @"request.Operator: Input string '2.5' is not a valid integer. Path 'Operator', line 1, position 15.");
}

/// Source: contracts/reference/wire.md#json-read — `"Flag":1`/`0` are true/false.
#[test]
fn numbers_convert_to_booleans() {
    let read = response(
        r#"{"GroupFavorites":[],"ClientFavorites":[{"Confirm":1,"NoActive":0},{"Confirm":"True","NoActive":2.5}]}"#,
    );
    let rows = match read.object.as_ref().and_then(|o| o.get("ClientFavorites")) {
        Some(crate::model::Value::List(rows)) => rows.clone(),
        other => panic!("rows expected, got {other:?}"),
    };
    let flags: Vec<_> = rows
        .iter()
        .map(|r| (r.get("Confirm").cloned(), r.get("NoActive").cloned()))
        .collect();
    use crate::model::Value::Bool;
    assert_eq!(
        flags,
        vec![
            (Some(Bool(true)), Some(Bool(false))),
            (Some(Bool(true)), Some(Bool(true)))
        ]
    );
    assert!(model_state(&read).is_empty());
}

/// Source: contracts/reference/wire.md#json-read — `"Amount":1e2` is 100 and `"1,000.5"` is 1000.5 (string decimals
/// use `NumberStyles.Number`); number tokens keep the scale they are written with.
#[test]
fn decimal_forms() {
    let cases = [
        (r#"1e2"#, "100.0"),
        (r#""1,000.5""#, "1000.5"),
        (r#"1.50"#, "1.50"),
        (r#""1.50""#, "1.50"),
        (r#"0.0"#, "0.0"),
        (r#"7"#, "7.0"),
        (r#""  -3.25  ""#, "-3.25"),
        (r#""3.25-""#, "-3.25"),
        (r#""96.014e-05""#, "0.00096014"),
        (r#"1.5e1"#, "15.0"),
        (r#"010"#, "8.0"),
    ];
    for (json, expected) in cases {
        let read = response(&format!(r#"{{"SumGain":{json}}}"#));
        let mut out = Vec::new();
        write(read.object.as_ref().unwrap(), &mut out);
        let text = String::from_utf8(out).unwrap();
        assert!(
            text.contains(&format!(r#""SumGain":{expected},"#)),
            "{json} → {text}"
        );
        assert!(model_state(&read).is_empty(), "{json}");
    }
}

/// Source: contracts/reference/wire.md#json-read (dates) and contracts/reference/wire.md#datetime-kinds: `Z` → Utc, an offset → server
/// Local (converted), no suffix → Unspecified; the `DateTime.TryParse(Invariant)` fallback takes
/// other forms, month first.
#[test]
fn date_forms() {
    let cases = [
        ("2026-05-07T08:27:39.5Z", "2026-05-07T08:27:39.5Z"),
        ("2026-05-07T11:27:39.1+05:00", "2026-05-07T09:27:39.1+03:00"),
        ("2026-05-07T11:27:39", "2026-05-07T11:27:39"),
        ("2026-05-07", "2026-05-07T00:00:00"),
        ("05/07/2026", "2026-05-07T00:00:00"),
        ("07.05.2026", "2026-07-05T00:00:00"),
        ("/Date(1778142459000)/", "2026-05-07T08:27:39Z"),
    ];
    for (json, expected) in cases {
        let read = request(&format!(r#"{{"BegDate":"{json}"}}"#));
        let date = typed(&read).beg_date.expect("bound");
        assert_eq!(date.to_wire(), expected, "{json}");
        assert!(model_state(&read).is_empty(), "{json}");
    }
    insta::assert_snapshot!(render(&request(r#"{"BegDate":"2026-05-07T11:27:39.1+05:00"}"#)), @r#"
        {"Client":0,"ClientFavoriteId":null,"ListDataId":null,"BegDate":"2026-05-07T09:27:39.1+03:00","EndDate":null,"Start":null,"Length":null,"Operator":0,"Token":null,"SiteCode":null}
        info[json-date-converted] at json `BegDate` (line 1, position 40): BegDate: "2026-05-07T11:27:39.1+05:00" carries a UTC offset; Json.NET converts it to the server's local time 2026-05-07T09:27:39.1+03:00
    "#);
    insta::assert_snapshot!(render(&request(r#"{"BegDate":"07.05.2026","EndDate":"2026-05-07T11:27:39+03:00"}"#)), @r#"
        {"Client":0,"ClientFavoriteId":null,"ListDataId":null,"BegDate":"2026-07-05T00:00:00","EndDate":"2026-05-07T11:27:39+03:00","Start":null,"Length":null,"Operator":0,"Token":null,"SiteCode":null}
        warning[json-converted] at json `BegDate` (line 1, position 23): BegDate: "07.05.2026" is not ISO 8601; Json.NET falls back to DateTime.TryParse(Invariant) and reads 2026-07-05T00:00:00; .NET reads it month-first, so day and month are swapped for a day-first date
    "#);
}

/// Source: contracts/reference/wire.md#json-read — comments, single quotes, unquoted names and trailing commas are
/// accepted.
#[test]
fn lenient_syntax_is_accepted() {
    let read = request("/* head */ {Client:7, // note\n 'SiteCode':'s', \"Operator\":1,}");
    let request = typed(&read);
    assert_eq!((request.client, request.operator), (7, 1));
    assert_eq!(request.site_code.as_deref(), Some("s"));
    assert!(
        read.diagnostics
            .iter()
            .all(|d| d.kind == DiagnosticKind::JsonLenientSyntax)
    );
    insta::assert_snapshot!(render(&read), @r#"
        {"Client":7,"ClientFavoriteId":null,"ListDataId":null,"BegDate":null,"EndDate":null,"Start":null,"Length":null,"Operator":1,"Token":null,"SiteCode":"s"}
        info[json-lenient-syntax] at json `$` (line 1, position 10): a comment; JSON has none, Json.NET skips it
        info[json-lenient-syntax] at json `$` (line 1, position 18): an unquoted property name; JSON requires double quotes, Json.NET accepts it
        info[json-lenient-syntax] at json `Client` (line 1, position 29): a comment; JSON has none, Json.NET skips it
        info[json-lenient-syntax] at json `Client` (line 2, position 11): a single-quoted string; JSON requires double quotes, Json.NET accepts it
        info[json-lenient-syntax] at json `SiteCode` (line 2, position 15): a single-quoted string; JSON requires double quotes, Json.NET accepts it
        info[json-lenient-syntax] at json `Operator` (line 2, position 31): a trailing comma; Json.NET accepts it
    "#);
}

/// Source: contracts/reference/wire.md#json-read — trailing content after the root object is ignored
/// (CheckAdditionalContent is false).
#[test]
fn trailing_content_is_ignored() {
    let read = request(r#"{"Client":7} {"Client":8} garbage"#);
    assert_eq!(typed(&read).client, 7);
    insta::assert_snapshot!(render(&read), @r#"
        {"Client":7,"ClientFavoriteId":null,"ListDataId":null,"BegDate":null,"EndDate":null,"Start":null,"Length":null,"Operator":0,"Token":null,"SiteCode":null}
        warning[json-trailing-content] at json `$` (line 1, position 12): text follows the root object; Json.NET stops after the root (CheckAdditionalContent is off) and never reads it
    "#);
    // Whitespace or complete comments after the root say nothing.
    assert!(request("{\"Client\":7}\n\t ").diagnostics.is_empty());
    assert!(
        request("{\"Client\":7} // done\n/* end */ ")
            .diagnostics
            .is_empty()
    );
    assert_eq!(request("{\"Client\":7} /* open").diagnostics.len(), 1);
}

/// Source: contracts/reference/wire.md#json-read — Json.NET reads a leading zero as octal and `0x` as hexadecimal.
#[test]
fn octal_and_hex_numbers() {
    let read = request(r#"{"Client":010,"Start":0x1F,"Token":0777}"#);
    let request = typed(&read);
    assert_eq!(
        (request.client, request.start, request.token),
        (8, Some(31), Some(511))
    );
    insta::assert_snapshot!(render(&read), @r#"
        {"Client":8,"ClientFavoriteId":null,"ListDataId":null,"BegDate":null,"EndDate":null,"Start":31,"Length":null,"Operator":0,"Token":511,"SiteCode":null}
        warning[json-lenient-syntax] at json `Client` (line 1, position 13): 010 has a leading zero, so Json.NET reads it as the octal number 8
        info[json-lenient-syntax] at json `Start` (line 1, position 26): 0x1F is hexadecimal, which JSON does not allow; Json.NET reads it as 31
        warning[json-lenient-syntax] at json `Token` (line 1, position 39): 0777 has a leading zero, so Json.NET reads it as the octal number 511
    "#);
}

/// Source: contracts/reference/wire.md#json-read — `Int64` reads with `Convert.ChangeType`: a Boolean is 1/0.
#[test]
fn booleans_into_long() {
    let read = request(r#"{"Token":true}"#);
    assert_eq!(typed(&read).token, Some(1));
    assert_eq!(read.diagnostics[0].severity, Severity::Warning);
}

/// Source: contracts/reference/wire.md#json-read (lists) — rows of the item schema; a second array for the same list
/// is appended (ObjectCreationHandling.Auto reuses the existing list).
#[test]
fn lists_bind_rows_and_duplicates_append() {
    let read = response(
        r#"{"GroupFavorites":[{"Id":1,"Name":"Молоко","CountSelect":2}],"GroupFavorites":[{"id":2}]}"#,
    );
    let response = crate::model::Response::from_object(read.object.clone().unwrap()).unwrap();
    let groups = response.group_favorites.expect("list");
    assert_eq!(groups.len(), 2);
    assert_eq!(groups[0].name.as_deref(), Some("Молоко"));
    assert_eq!((groups[1].id, groups[1].count_select), (2, 0));
    insta::assert_snapshot!(render(&read), @r#"
        {"TotalRows":0,"TotalRowsSelect":0,"MaxLinkGoods":0,"NowLinkGoods":0,"RemainLinkGoods":0,"RemainCountPurchases":0,"RemainGain":0.0,"RemainEveryGain":0.0,"CountOffer":0,"CountConfirm":0,"CountPurchases":0,"SumGain":0.0,"AvgFavorite":0.0,"AvgAll":0.0,"ClientFavorites":null,"ListFavorites":null,"GroupFavorites":[{"Id":1,"Name":"Молоко","CountSelect":2},{"Id":2,"Name":null,"CountSelect":0}],"ErrorCode":0,"Message":null}
        warning[json-duplicate-property] at json `GroupFavorites` (line 1, position 78): GroupFavorites is given twice (first at line 1, position 18); Json.NET appends the rows of the second array to the list it already built
        info[json-case-mismatch] at json `GroupFavorites[0].id` (line 1, position 85): id matches GroupFavorites.Id only ignoring case; Json.NET binds it anyway
    "#);
}
