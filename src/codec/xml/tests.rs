//! Unit tests of the XML codec's building blocks; behaviour against `contracts/reference/wire.md` is tested in
//! `tests/contract/xml.rs`.

use super::bind::ElementPath;
use super::clr::{clr_full_name, tags};
use super::cursor::{MemberCursor, Placement, SkipReason};
use super::escape::{escape_text, escape_with};
use super::lexical::{Failure, convert, parse_bool};
use super::position::{LineIndex, net_line_position};
use super::read;
use super::scan::{char_node_end, first_node_end, is_atomic_text};
use crate::codec::BindOptions;
use crate::contract::{ClrType, contract};
use crate::model::{MOSCOW, Value};
use rust_decimal::Decimal;
use std::str::FromStr;

fn escaped(s: &str) -> String {
    let mut out = Vec::new();
    escape_text(s, &mut out);
    String::from_utf8(out).unwrap()
}

#[test]
fn escapes_markup_but_not_quotes() {
    // Source: contracts/reference/wire.md#xml-writer "Escaping in text".
    assert_eq!(escaped(r#"a&b<c>d"e'f"#), r#"a&amp;b&lt;c&gt;d"e'f"#);
}

#[test]
fn newlines_become_crlf() {
    // Source: contracts/reference/wire.md#xml-writer "Newlines in text" (NewLineHandling.Replace, Windows).
    assert_eq!(escaped("a\nb\r\nc\rd\r\r\n"), "a\r\nb\r\nc\r\nd\r\n\r\n");
    let mut out = Vec::new();
    escape_with("a\r\nb\rc", b"\n", &mut out);
    assert_eq!(out, b"a\nb\nc");
}

#[test]
fn invalid_characters_become_uppercase_hex_references() {
    // Source: contracts/reference/wire.md#xml-writer "Invalid XML characters become character references".
    assert_eq!(escaped("\u{0}\u{1}\u{1f}\t"), "&#x0;&#x1;&#x1F;\t");
    assert_eq!(
        escaped("\u{fffe}x\u{ffff}\u{fffd}"),
        "&#xFFFE;x&#xFFFF;\u{fffd}"
    );
    assert_eq!(escaped("Привет\u{7f}"), "Привет\u{7f}");
}

#[test]
fn net_position_is_one_past_the_offset_in_the_compacted_buffer() {
    // Source: contracts/reference/wire.md#xml-read-cases "Root with wrong namespace": position 32 after a 31-byte tag.
    let tag = b"<ClientFavoriteDataInfoRequest>";
    assert_eq!(tag.len(), 31);
    assert_eq!(net_line_position(tag), (1, 32));
    // A row counts only when it starts strictly before the offset.
    assert_eq!(net_line_position(b"ab\n"), (1, 4));
    assert_eq!(net_line_position(b"ab\ncd"), (2, 3));
    assert_eq!(net_line_position(b"a\r\n\rb"), (3, 2));
    assert_eq!(net_line_position(b""), (1, 1));
}

#[test]
fn document_columns_count_characters() {
    let text = "ab\r\nпри<x>\rz";
    let lines = LineIndex::new(text);
    assert_eq!(lines.locate(text, 0), (1, 1));
    assert_eq!(lines.locate(text, text.find('<').unwrap()), (2, 4));
    assert_eq!(lines.locate(text, text.find('z').unwrap()), (3, 1));
}

fn int(ty: ClrType, raw: &str) -> Result<Value, Failure> {
    convert(ty, raw, MOSCOW.into()).map(|c| c.value)
}

fn conversion(raw: &str, type_name: &'static str) -> Result<Value, Failure> {
    Err(Failure::Conversion {
        value: raw.to_owned(),
        type_name,
    })
}

#[test]
fn integers_follow_int32_parse() {
    // Source: contracts/reference/wire.md#primitive-forms table, row int/long.
    for (raw, v) in [
        ("+7", 7),
        ("007", 7),
        (" 7 ", 7),
        ("\n-5\t", -5),
        ("2147483647", 2_147_483_647),
    ] {
        assert_eq!(int(ClrType::Int32, raw), Ok(Value::Int(v)), "{raw:?}");
    }
    for raw in [
        "7.0",
        "1e2",
        "0x10",
        "",
        " ",
        "+-1",
        "- 1",
        "1 000",
        "2147483648",
        "٣",
    ] {
        assert_eq!(
            int(ClrType::Int32, raw),
            conversion(raw, "Int32"),
            "{raw:?}"
        );
    }
    assert_eq!(
        int(ClrType::Int64, "9223372036854775807"),
        Ok(Value::Int(i64::MAX))
    );
    assert_eq!(
        int(ClrType::Int64, "9223372036854775808"),
        conversion("9223372036854775808", "Int64")
    );
}

#[test]
fn int16_reads_as_int32_then_checks_its_range() {
    // Source: contracts/reference/wire.md#primitive-forms table, row short.
    assert_eq!(int(ClrType::Int16, "-32768"), Ok(Value::Int(-32768)));
    assert_eq!(
        int(ClrType::Int16, "70000"),
        Err(Failure::Int16Range(70000))
    );
    assert_eq!(
        int(ClrType::Int16, "+070000"),
        Err(Failure::Int16Range(70000))
    );
    assert_eq!(int(ClrType::Int16, ""), conversion("", "Int32"));
    assert_eq!(int(ClrType::Int16, "1.5"), conversion("1.5", "Int32"));
}

#[test]
fn booleans_are_case_sensitive_and_accept_digits() {
    // Source: contracts/reference/wire.md#primitive-forms table, row bool.
    for (raw, v) in [
        ("true", true),
        ("false", false),
        ("1", true),
        (" 0 ", false),
    ] {
        assert_eq!(parse_bool(raw), Some(v));
    }
    for raw in ["True", "TRUE", "yes", "", "01"] {
        assert_eq!(parse_bool(raw), None, "{raw:?}");
        assert_eq!(int(ClrType::Boolean, raw), conversion(raw, "Boolean"));
    }
}

#[test]
fn decimals_keep_scale_and_refuse_exponents() {
    // Source: contracts/reference/wire.md#decimal-forms table, row decimal.
    let dec = |s: &str| Value::Decimal(Decimal::from_str(s).unwrap());
    for (raw, v) in [
        (".5", "0.5"),
        ("+1.50", "1.50"),
        (" 100 ", "100"),
        ("5.", "5"),
        ("-0.00", "0.00"),
    ] {
        assert_eq!(int(ClrType::Decimal, raw), Ok(dec(v)), "{raw:?}");
    }
    let Ok(Value::Decimal(d)) = int(ClrType::Decimal, "+1.50") else {
        panic!("decimal")
    };
    assert_eq!(d.to_string(), "1.50");
    for raw in [
        "1e2",
        "1,5",
        "1,000",
        ".",
        "",
        "+",
        "1.2.3",
        "79228162514264337593543950336",
    ] {
        assert_eq!(
            int(ClrType::Decimal, raw),
            conversion(raw, "decimal"),
            "{raw:?}"
        );
    }
}

#[test]
fn dates_convert_offsets_and_flag_it() {
    // Source: contracts/reference/wire.md#datetime-kinds "DateTime rules" (reading with RoundtripKind).
    let c = convert(
        ClrType::DateTime,
        " 2026-05-07T11:27:39.1+05:00 ",
        MOSCOW.into(),
    )
    .unwrap();
    assert!(c.trimmed && c.date_converted);
    let Value::DateTime(v) = c.value else {
        panic!("date")
    };
    assert_eq!(v.to_wire(), "2026-05-07T09:27:39.1+03:00");
    let c = convert(ClrType::DateTime, "2026-05-07T11:27:39Z", MOSCOW.into()).unwrap();
    assert!(!c.trimmed && !c.date_converted);
    let c = convert(
        ClrType::DateTime,
        "2026-05-07T11:27:39+03:00",
        MOSCOW.into(),
    )
    .unwrap();
    assert!(!c.date_converted, "the server's own offset moves nothing");
    assert_eq!(
        convert(ClrType::DateTime, "2026-05-07 11:27:39", MOSCOW.into()),
        Err(Failure::Conversion {
            value: "2026-05-07 11:27:39".to_owned(),
            type_name: "DateTime"
        })
    );
}

#[test]
fn cursor_is_forward_only_and_explains_skips() {
    // Source: contracts/reference/wire.md#xml-read-algorithm, read algorithm.
    let schema = contract().request();
    let req = "http://schemas.datacontract.org/2004/07/LCManagerPartner.Implementation.Request";
    let abs =
        "http://schemas.datacontract.org/2004/07/LCManagerPartner.Implementation.Abstractions";
    let idx = |n: &str| schema.field_index(n).unwrap();
    let mut c = MemberCursor::new(schema);
    assert_eq!(
        c.place("Operator", req),
        Placement::Skip(SkipReason::WrongNamespace {
            field: idx("Operator")
        })
    );
    assert_eq!(c.place("EndDate", req), Placement::Read(idx("EndDate")));
    assert_eq!(
        c.place("Client", req),
        Placement::Skip(SkipReason::OutOfOrder {
            field: idx("Client"),
            after: idx("EndDate")
        })
    );
    assert_eq!(
        c.place("EndDate", req),
        Placement::Skip(SkipReason::Duplicate {
            field: idx("EndDate")
        })
    );
    assert_eq!(
        c.place("start", req),
        Placement::Skip(SkipReason::WrongCase {
            field: idx("Start")
        })
    );
    assert_eq!(c.place("Bogus", req), Placement::Skip(SkipReason::Unknown));
    assert_eq!(c.place("Start", req), Placement::Read(idx("Start")));
    assert_eq!(
        c.place("Operator", abs),
        Placement::Skip(SkipReason::OutOfOrder {
            field: idx("Operator"),
            after: idx("Start")
        })
    );
    let unread: Vec<&str> = c.unread().map(|i| schema.fields[i].name.as_str()).collect();
    assert_eq!(
        unread,
        [
            "Operator",
            "SiteCode",
            "Token",
            "BegDate",
            "Client",
            "ClientFavoriteId",
            "Length",
            "ListDataId"
        ]
    );
}

#[test]
fn names_come_from_the_contract() {
    // Source: contracts/reference/wire.md#xml-names (nested types are Outer.Inner; CLR names use `+`).
    assert_eq!(
        clr_full_name(contract().request()),
        "LCManagerPartner.Implementation.Request.ClientFavoriteDataInfoRequest"
    );
    let row = contract()
        .schema_by_name("ClientFavoriteDataInfoResponse.ClientFavoriteDataInfoGroupFavoritesRow")
        .unwrap();
    assert_eq!(
        clr_full_name(row),
        "LCManagerPartner.Implementation.Response.ClientFavoriteDataInfoResponse+ClientFavoriteDataInfoGroupFavoritesRow"
    );
    let t = tags(contract().response());
    let message = contract().response().field_index("Message").unwrap();
    insta::assert_snapshot!(
        String::from_utf8_lossy(&t.members[message].nil),
        @r#"<Message i:nil="true" xmlns="http://schemas.datacontract.org/2004/07/LCManagerPartner.Implementation.Abstractions" />"#
    );
}

#[test]
fn dotnet_node_boundaries() {
    let b = b"  hello world]x\r\ny";
    assert_eq!(first_node_end(b, 0, b.len()), 2);
    assert_eq!(char_node_end(b, 2), 13);
    assert_eq!(char_node_end(b, 13), 14);
    assert_eq!(first_node_end(b"\r\n  x", 0, 5), 4);
    assert_eq!(first_node_end(b"\rx", 0, 2), 1);
    let doc = b"<a>7 </a><b>7<!--c--></b><c> 7</c><d>]</d>";
    assert!(is_atomic_text(doc, 3, 5));
    assert!(!is_atomic_text(doc, 12, 13));
    assert!(!is_atomic_text(doc, 28, 30));
    assert!(!is_atomic_text(doc, 37, 38));
}

#[test]
fn a_lazily_grown_line_index_agrees_with_a_full_one_in_any_order() {
    // Offsets asked out of order, including inside `\r\n` pairs and multi-byte characters.
    let text = "a\r\nбв\rc\n\r\nd\u{1F600}e\r";
    let full = LineIndex::new(text);
    let lazy = LineIndex::default();
    let mut offsets: Vec<usize> = (0..=text.len() + 2).collect();
    offsets.reverse();
    offsets.rotate_left(5);
    for offset in offsets {
        assert_eq!(
            lazy.locate(text, offset),
            full.locate(text, offset),
            "offset {offset}"
        );
    }
}

#[test]
fn element_paths_spell_like_the_lexer() {
    let root = ElementPath::root("Root");
    let list = root.child("ClientFavorites");
    let row = list.child("Row");
    assert_eq!(root.to_string(), "/Root");
    assert_eq!(row.to_string(), "/Root/ClientFavorites/Row");
}

/// A request whose root carries `attributes`.
fn root_with(attributes: &str) -> String {
    format!(
        "<ClientFavoriteDataInfoRequest {attributes} xmlns=\"{}\"><Client>1</Client></ClientFavoriteDataInfoRequest>",
        contract().request().namespace
    )
}

#[test]
fn duplicate_attributes_are_found_among_few_and_many() {
    // Source: contracts/reference/wire.md#xml-read-algorithm (malformed XML): .NET reports the first repeated (local name,
    // namespace) pair, naming the first and second spelling; the same with more attributes
    // than are compared pairwise.
    let few = read(
        &root_with(r#"xmlns:p="urn:p" p:a="1" b="2" a="3" p:a="4""#),
        contract().request(),
        &BindOptions::default(),
    );
    let many_attributes: String = (0..20).map(|i| format!(" x{i}=\"{i}\"")).collect();
    let many = read(
        &root_with(&format!(
            r#"xmlns:p="urn:p" p:a="1"{many_attributes} p:a="4""#
        )),
        contract().request(),
        &BindOptions::default(),
    );
    let message = |r: &crate::codec::Read| {
        r.diagnostics[0]
            .model_state
            .as_ref()
            .map(|m| m.message.clone())
            .unwrap_or_default()
    };
    insta::assert_snapshot!(message(&few), @"There was an error deserializing the object of type LCManagerPartner.Implementation.Request.ClientFavoriteDataInfoRequest. Duplicate attribute found. Both 'p:a' and 'p:a' are from the namespace 'urn:p'. Line 1, position 163.");
    insta::assert_snapshot!(message(&many), @"There was an error deserializing the object of type LCManagerPartner.Implementation.Request.ClientFavoriteDataInfoRequest. Duplicate attribute found. Both 'p:a' and 'p:a' are from the namespace 'urn:p'. Line 1, position 311.");
    let declarations = read(
        &root_with(r#"xmlns:p="urn:p" xmlns:p="urn:q""#),
        contract().request(),
        &BindOptions::default(),
    );
    insta::assert_snapshot!(message(&declarations), @"There was an error deserializing the object of type LCManagerPartner.Implementation.Request.ClientFavoriteDataInfoRequest. Duplicate attribute found. Both 'xmlns:p' and 'xmlns:p' are from the namespace 'http://www.w3.org/2000/xmlns/'. Line 1, position 151.");
}

#[test]
fn row_diagnostics_name_the_row_path() {
    // Source: contracts/reference/wire.md#xml-read-algorithm (collections skip foreign items; members of rows as members).
    let response = contract().response();
    let body = format!(
        "<{0} xmlns=\"{1}\"><ClientFavorites><{0}.ClientFavoriteDataInfoClientFavoritesRow><Bogus>1</Bogus><Id>5</Id></{0}.ClientFavoriteDataInfoClientFavoritesRow><Other/></ClientFavorites></{0}>",
        response.name, response.namespace
    );
    let read = read(&body, response, &BindOptions::default());
    let shown: Vec<String> = read.diagnostics.iter().map(ToString::to_string).collect();
    insta::assert_snapshot!(shown.join("\n"), @r#"
    warning[xml-unknown-element] at xml `/ClientFavoriteDataInfoResponse/ClientFavorites/ClientFavoriteDataInfoResponse.ClientFavoriteDataInfoClientFavoritesRow/Bogus` (line 1, column 212): element Bogus (namespace `http://schemas.datacontract.org/2004/07/LCManagerPartner.Implementation.Response`) is not a member of ClientFavoriteDataInfoResponse.ClientFavoriteDataInfoClientFavoritesRow; DataContractSerializer skips it and the value "1" is lost
    warning[xml-unknown-element] at xml `/ClientFavoriteDataInfoResponse/ClientFavorites/Other` (line 1, column 312): element Other (namespace `http://schemas.datacontract.org/2004/07/LCManagerPartner.Implementation.Response`) is not a ClientFavoriteDataInfoResponse.ClientFavoriteDataInfoClientFavoritesRow row; the collection reader skips it (0 child element(s) lost)
    info[xml-members-missing] at xml `/ClientFavoriteDataInfoResponse` (line 1, column 1): members not bound keep their defaults: ErrorCode = 0, Message = null, AvgAll = 0, AvgFavorite = 0, CountConfirm = 0, CountOffer = 0, CountPurchases = 0, GroupFavorites = null, ListFavorites = null, MaxLinkGoods = 0, NowLinkGoods = 0, RemainCountPurchases = 0, RemainEveryGain = 0, RemainGain = 0, RemainLinkGoods = 0, SumGain = 0, TotalRows = 0, TotalRowsSelect = 0
    "#);
}

proptest::proptest! {
    /// Source: contracts/reference/wire.md#xml-writer (decimals keep their scale): the hand-written digits agree with
    /// `Decimal`'s own invariant text, which the writer used before; zero has no sign.
    #[test]
    fn decimal_text_is_the_invariant_form(lo in proptest::prelude::any::<u64>(), hi in 0u32..=u32::MAX, negative in proptest::prelude::any::<bool>(), scale in 0u32..=28) {
        let mut value = Decimal::from_parts(lo as u32, (lo >> 32) as u32, hi, negative, scale);
        let mut out = Vec::new();
        crate::codec::json::write_decimal_invariant(value, &mut out);
        if value.is_zero() {
            value.set_sign_positive(true);
        }
        proptest::prop_assert_eq!(String::from_utf8(out).unwrap(), value.to_string());
    }
}

#[test]
fn columns_counted_from_the_last_located_offset_match_a_count_from_the_line_start() {
    // Forwards, backwards and across lines, over multi-byte characters: the cached column
    // must never drift from counting the line again.
    let text = "<a>жж<b/>\u{1F600}x<c/>\nyy<d/>жz\r\n<e/>";
    // Lines start after `\n`, and after a `\r` that no `\n` follows.
    let naive = |offset: usize| {
        let bytes = text.as_bytes();
        let start = (0..offset)
            .rev()
            .find(|&i| bytes[i] == b'\n' || (bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n')))
            .map_or(0, |i| i + 1);
        u32::try_from(text[start..offset].chars().count() + 1).unwrap()
    };
    let index = LineIndex::default();
    let boundaries: Vec<usize> = (0..=text.len())
        .filter(|&i| text.is_char_boundary(i))
        .collect();
    let mut order = boundaries.clone();
    order.extend(boundaries.iter().rev());
    order.extend(boundaries.iter().step_by(3));
    order.extend(boundaries.iter().rev().step_by(2));
    for offset in order {
        assert_eq!(
            index.locate(text, offset).1,
            naive(offset),
            "offset {offset}"
        );
    }
}
