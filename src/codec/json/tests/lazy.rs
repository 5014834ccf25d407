//! What the reader works out only when a diagnostic needs it — positions of earlier
//! properties, member paths, excerpts of long values — and the plain-run fast path of strings:
//! each must say exactly what an eager computation says. (The expected texts were checked
//! against the reader before these computations were made lazy.)

use super::*;
use crate::codec::json::lexer::{FOUND_MAX_CHARS, excerpt, excerpt_cow};
use std::borrow::Cow;

/// Source: contracts/reference/wire.md#json-errors — positions are UTF-16 units from the line start; the first
/// occurrence of a duplicate is reported where the reader stood after its name.
#[test]
fn duplicate_positions_count_utf16_units_on_later_lines() {
    let body = "{\r\n \"SiteCode\": \"при😀\", \"Client\": 1,\n\t\"Client\": 2}";
    insta::assert_snapshot!(render(&request(body)), @r#"
    {"Client":2,"ClientFavoriteId":null,"ListDataId":null,"BegDate":null,"EndDate":null,"Start":null,"Length":null,"Operator":0,"Token":null,"SiteCode":"при😀"}
    warning[json-duplicate-property] at json `Client` (line 3, position 10): Client is given twice (first at line 2, position 31); the last one wins, so the earlier value 1 is discarded
    "#);
}

/// Source: contracts/reference/wire.md#json-read — a duplicate on the first line, before any line break.
#[test]
fn duplicate_on_the_first_line_after_non_ascii_text() {
    let body = r#"{"SiteCode":"ёж","Start":1,"Start":2}"#;
    let read = request(body);
    insta::assert_snapshot!(read.diagnostics[0].to_string(), @"warning[json-duplicate-property] at json `Start` (line 1, position 35): Start is given twice (first at line 1, position 25); the last one wins, so the earlier value 1 is discarded");
}

/// Source: contracts/reference/wire.md#json-errors — members of rows are named with the list member in front
/// (`ClientFavorites.Id`), in the case-mismatch note, in conversion notes and in errors.
#[test]
fn row_members_are_named_through_their_list() {
    let body = r#"{"ClientFavorites":[{"id":"5","Confirm":1,"NoActive":"x"}]}"#;
    insta::assert_snapshot!(render(&response(body)).lines().skip(1).collect::<Vec<_>>().join("\n"), @r#"
    info[json-case-mismatch] at json `ClientFavorites[0].id` (line 1, position 26): id matches ClientFavorites.Id only ignoring case; Json.NET binds it anyway
    info[json-converted] at json `ClientFavorites[0].id` (line 1, position 29): ClientFavorites.Id: the string "5" is converted to the number 5
    info[json-converted] at json `ClientFavorites[0].Confirm` (line 1, position 41): ClientFavorites.Confirm: 1 is converted to the Boolean true
    error[json-conversion-failed] at json `ClientFavorites[0].NoActive` (line 1, position 56): ClientFavorites[0].NoActive: "x" is not a Boolean; Json.NET logs a ModelState error and ClientFavorites.NoActive stays false (ModelState `request.ClientFavorites[0].NoActive`: Could not convert string to boolean: x. Path 'ClientFavorites[0].NoActive', line 1, position 56.)
    "#);
}

/// Source: contracts/reference/wire.md#json-read — a string cut from the middle of a plain run: escapes, raw control
/// characters, line breaks and an unterminated string after plain text.
#[test]
fn strings_with_plain_runs_around_special_characters() {
    let read = request("{\"SiteCode\":\"abc\\u0064e\\\"f\"}");
    assert_eq!(typed(&read).site_code.as_deref(), Some("abcde\"f"));
    let read = request("{\"SiteCode\":\"ab\u{1}cd\"}");
    assert_eq!(typed(&read).site_code.as_deref(), Some("ab\u{1}cd"));
    insta::assert_snapshot!(read.diagnostics[0].to_string(), @"info[json-lenient-syntax] at json `SiteCode` (line 1, position 16): a raw control character inside a string; JSON requires it escaped, Json.NET keeps it");
    let read = request("{\"SiteCode\":\"ab\r\ncd\"}");
    assert_eq!(typed(&read).site_code.as_deref(), Some("ab\r\ncd"));
    let read = request("{\"SiteCode\":'a\"b'}");
    assert_eq!(typed(&read).site_code.as_deref(), Some("a\"b"));
    let read = request("{\"SiteCode\":\"unterminated при");
    insta::assert_snapshot!(model_state(&read), @r#"
    request.SiteCode: Unterminated string. Expected delimiter: ". Path 'SiteCode', line 1, position 29.
    request.SiteCode: Unexpected end when deserializing object. Path 'SiteCode', line 1, position 29.
    "#);
    let read = request("{\"Cli\\u0065nt\":5}");
    assert_eq!(typed(&read).client, 5);
}

/// Source: contracts/reference/wire.md#json-read — a long value is quoted as an excerpt of [`FOUND_MAX_CHARS`]
/// characters plus an ellipsis, a short one whole.
#[test]
fn long_values_are_quoted_as_excerpts() {
    let digits = "1".repeat(FOUND_MAX_CHARS + 20);
    let read = request(&format!("{{\"SiteCode\":{digits}}}"));
    let note = &read.diagnostics[0];
    let found = note.found.as_deref().unwrap();
    assert_eq!(found.chars().count(), FOUND_MAX_CHARS + 1);
    assert!(found.ends_with('…'));
    assert!(note.message.contains(found));
    assert_eq!(excerpt_cow("short"), Cow::Borrowed("short"));
    let cyrillic = "ж".repeat(FOUND_MAX_CHARS);
    assert!(matches!(excerpt_cow(&cyrillic), Cow::Borrowed(_)));
    let longer = "ж".repeat(FOUND_MAX_CHARS + 1);
    assert_eq!(excerpt(&longer).chars().count(), FOUND_MAX_CHARS + 1);
}
