//! The `JsonTextReader` emulation on its own: tokens, paths, positions, errors.

use super::super::lexer::{Reader, Val};
use crate::codec::JsonNet;
use crate::model::MOSCOW;

fn tokens(text: &str) -> String {
    let mut reader = Reader::new(text, 256, JsonNet::V13, MOSCOW.into());
    let mut out = Vec::new();
    loop {
        match reader.read() {
            Ok(true) => {
                let value = match reader.value() {
                    Val::None => String::new(),
                    Val::Str(s) => format!(" {s:?}"),
                    other => format!(" {other:?}"),
                };
                out.push(format!(
                    "{}{value} @{} {}:{}",
                    reader.token().name(),
                    reader.path(),
                    reader.line_number(),
                    reader.line_position()
                ));
            }
            Ok(false) => break,
            Err(fault) => {
                out.push(format!("error: {}", fault.text));
                break;
            }
        }
    }
    out.join("\n")
}

/// Source: contracts/reference/wire.md#json-errors — Json.NET paths (`Rows[0].Id`) and positions at the end of tokens.
#[test]
fn token_stream_with_paths() {
    insta::assert_snapshot!(tokens(r#"{"a":[1,{"b":"x"}],"c":null}"#), @r#"
        StartObject @ 1:1
        PropertyName "a" @a 1:5
        StartArray @a 1:6
        Integer Int(1) @a[0] 1:7
        StartObject @a[1] 1:9
        PropertyName "b" @a[1].b 1:13
        String "x" @a[1].b 1:16
        EndObject @a[1] 1:17
        EndArray @a 1:18
        PropertyName "c" @c 1:23
        Null @c 1:27
        EndObject @ 1:28
    "#);
}

/// Source: contracts/reference/wire.md#json-read — lenient tokens: comments, single quotes, unquoted names,
/// constructors, undefined, NaN, empty array slots.
#[test]
fn lenient_token_stream() {
    insta::assert_snapshot!(tokens("{a:'x', /*c*/ b:new Date(1), c:[1,,undefined,NaN]}"), @r#"
        StartObject @ 1:1
        PropertyName "a" @a 1:3
        String "x" @a 1:6
        Comment "c" @a 1:13
        PropertyName "b" @b 1:16
        StartConstructor "Date" @b 1:25
        Integer Int(1) @b[0] 1:26
        EndConstructor @b 1:27
        PropertyName "c" @c 1:31
        StartArray @c 1:32
        Integer Int(1) @c[0] 1:33
        Undefined @c[1] 1:34
        Undefined @c[2] 1:44
        Float Float(NaN) @c[3] 1:48
        EndArray @c 1:49
        EndObject @ 1:50
    "#);
}

/// Source: Json.NET `JsonTextReader` — the error messages of malformed input and where the
/// cursor stands.
#[test]
fn syntax_errors() {
    let cases = [
        r#"{"a":1 "b":2}"#,
        r#"{"a" 1}"#,
        r#"{,}"#,
        r#"{"a":tru}"#,
        r#"{"a":"\q"}"#,
        r#"{"a":"\u12"}"#,
        r#"{"a":"\u12G4"}"#,
        r#"{"a":1]"#,
        r#"{"a":-}"#,
        r#"{"a":1x}"#,
        r#"{"a":/x}"#,
        "{\"a\":/*",
        r#"{"a":nul"#,
        r#"{a-b:1}"#,
        r#"{"a":1}}"#,
    ];
    let out: Vec<_> = cases
        .iter()
        .map(|c| format!("{c}\n  {}", tokens(c).lines().last().unwrap_or("")))
        .collect();
    insta::assert_snapshot!(out.join("\n"), @r#"
        {"a":1 "b":2}
          error: After parsing a value an unexpected character was encountered: ". Path 'a', line 1, position 7.
        {"a" 1}
          error: Invalid character after parsing property name. Expected ':' but got: 1. Path '', line 1, position 5.
        {,}
          error: Invalid property identifier character: ,. Path '', line 1, position 1.
        {"a":tru}
          error: Error parsing boolean value. Path 'a', line 1, position 8.
        {"a":"\q"}
          error: Bad JSON escape sequence: \q. Path 'a', line 1, position 8.
        {"a":"\u12"}
          error: Unexpected end while parsing Unicode escape sequence. Path 'a', line 1, position 8.
        {"a":"\u12G4"}
          error: Invalid Unicode escape sequence: \u12G4. Path 'a', line 1, position 8.
        {"a":1]
          error: JsonToken EndArray is not valid for closing JsonType Object. Path '', line 1, position 7.
        {"a":-}
          error: Input string '-' is not a valid number. Path 'a', line 1, position 6.
        {"a":1x}
          error: Input string '1x' is not a valid number. Path 'a', line 1, position 7.
        {"a":/x}
          error: Error parsing comment. Expected: *, got x. Path 'a', line 1, position 6.
        {"a":/*
          error: Unexpected end while parsing comment. Path 'a', line 1, position 6.
        {"a":nul
          error: Unexpected end when reading JSON. Path 'a', line 1, position 8.
        {a-b:1}
          error: Invalid JavaScript property identifier character: -. Path '', line 1, position 2.
        {"a":1}}
          error: Additional text encountered after finished reading JSON content: }. Path '', line 1, position 7.
    "#);
}

/// Source: Json.NET `JsonTextReader` — `\uXXXX` escapes with surrogate pairs; unpaired
/// surrogates become U+FFFD.
#[test]
fn unicode_escapes() {
    let mut reader = Reader::new(
        r#""\u0041\ud83d\ude00\ud800x\udc00\ud800\ud800\udc00""#,
        256,
        JsonNet::V13,
        MOSCOW.into(),
    );
    assert!(reader.read().unwrap());
    assert_eq!(
        reader.value(),
        &Val::Str("A😀\u{fffd}x\u{fffd}\u{fffd}𐀀".to_owned())
    );
}

/// Source: contracts/reference/wire.md#json-errors — the line is 0 when an error happens before anything was read.
#[test]
fn line_zero_at_the_start() {
    insta::assert_snapshot!(tokens("x"), @"error: Unexpected character encountered while parsing value: x. Path '', line 0, position 0.");
    insta::assert_snapshot!(tokens("  x"), @"error: Unexpected character encountered while parsing value: x. Path '', line 1, position 2.");
}
