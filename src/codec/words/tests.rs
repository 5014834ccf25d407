//! The word tests against byte-by-byte answers, and the writers' fast paths against plain
//! character-by-character escapers written from `contracts/reference/wire.md#json-write` and
//! `contracts/reference/wire.md#xml-writer`.
#![allow(clippy::unwrap_used, reason = "tests fail loudly by design")]

use super::{has_byte, has_byte_below, word_at};
use crate::codec::json::write_string;
use crate::codec::xml::escape_text;
use proptest::prelude::*;

/// Characters around every special case of both escapers, in runs long enough for words.
fn text() -> impl Strategy<Value = String> {
    let special = prop::sample::select(vec![
        '"', '\\', '\'', '<', '>', '&', '\r', '\n', '\t', '\u{0}', '\u{1f}', '\u{7f}', '\u{85}',
        '\u{a0}', '«', '»', '\u{2028}', '\u{2029}', '\u{fffe}', '\u{ffff}', '\u{fffd}', '😀',
    ]);
    let ch = prop_oneof![
        4 => proptest::char::range('a', 'z'),
        4 => proptest::char::range('А', 'я'),
        2 => special,
        1 => any::<char>(),
    ];
    prop::collection::vec(ch, 0..64).prop_map(|chars| chars.into_iter().collect())
}

/// Json.NET's default escaping, one character at a time (contracts/reference/wire.md#json-settings).
fn json_reference(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{8}' => out.push_str("\\b"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\u{c}' => out.push_str("\\f"),
            '\r' => out.push_str("\\r"),
            c if c < ' ' => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            '\u{85}' | '\u{2028}' | '\u{2029}' => {
                out.push_str(&format!("\\u{:04x}", u32::from(c)));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `XmlUtf8RawTextWriter` text escaping with the Windows newline, one character at a time
/// (contracts/reference/wire.md#xml-writer).
fn xml_reference(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\r\n");
            }
            '\n' => out.push_str("\r\n"),
            '\t' => out.push('\t'),
            c if c < ' ' || c == '\u{fffe}' || c == '\u{ffff}' => {
                out.push_str(&format!("&#x{:X};", u32::from(c)));
            }
            c => out.push(c),
        }
    }
    out
}

proptest! {
    #[test]
    fn word_tests_agree_with_byte_loops(word in any::<u64>(), n in 0u8..=0x80, b in any::<u8>()) {
        let bytes = word.to_ne_bytes();
        prop_assert_eq!(has_byte_below(word, n), bytes.iter().any(|&x| x < n));
        prop_assert_eq!(has_byte(word, b), bytes.contains(&b));
    }

    #[test]
    fn words_with_planted_bytes_are_found(fill in 0x20u8..0x80, at in 0usize..8, b in any::<u8>()) {
        let mut bytes = [fill; 8];
        bytes[at] = b;
        let word = u64::from_ne_bytes(bytes);
        prop_assert_eq!(has_byte(word, b), true);
        prop_assert_eq!(has_byte_below(word, 0x20), b < 0x20);
    }

    #[test]
    fn json_escaping_matches_the_character_rules(s in text()) {
        let mut out = Vec::new();
        write_string(&s, &mut out);
        prop_assert_eq!(String::from_utf8(out).unwrap(), json_reference(&s));
    }

    #[test]
    fn xml_escaping_matches_the_character_rules(s in text()) {
        let mut out = Vec::new();
        escape_text(&s, &mut out);
        prop_assert_eq!(String::from_utf8(out).unwrap(), xml_reference(&s));
    }
}

#[test]
fn words_need_eight_bytes() {
    assert_eq!(word_at(b"1234567", 0), None);
    assert_eq!(
        word_at(b"123456789", 1),
        Some(u64::from_ne_bytes(*b"23456789"))
    );
    assert_eq!(word_at(b"12345678", 1), None);
}
