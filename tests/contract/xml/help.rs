//! The help page's samples: the XML request binds like the JSON request, and the response the
//! help page generator describes serialises to exactly its XML sample.
//!
//! Source: contracts/ClientFavoriteDataInfo.help.txt; contracts/reference/wire.md#xml-writer (help samples are
//! `XDocument.Parse(..).ToString()`), contracts/reference/wire.md#json-write (sample values come from `ObjectGenerator`).

use super::{read_as, read_request, wire};
use chrono::NaiveDateTime;
use favorite_contract::codec::datetime::parse_xsd;
use favorite_contract::codec::xml;
use favorite_contract::{ClrType, HELP_PAGE, contract};
use favorite_contract::{FromObject, MOSCOW, NetDateTime, Request, Response, Value};

/// The sample after `marker` in the section that starts at `section`.
fn sample(section: &str, marker: &str) -> String {
    let rest = &HELP_PAGE[HELP_PAGE.find(section).unwrap()..];
    let after = &rest[rest.find(marker).unwrap() + marker.len()..];
    let text = &after[after.find("Sample:\n").unwrap() + "Sample:\n".len()..];
    let end = text.find("\n\n").unwrap_or(text.len());
    text[..end].to_owned()
}

fn xml_request_sample() -> String {
    sample("Request Formats", "application/xml, text/xml")
}

fn xml_response_sample() -> String {
    sample("Response Formats", "application/xml, text/xml")
}

/// What the JSON request sample means, member by member, read with the contract's types
/// (integers as integers, dates as the round-trip text both serializers share).
fn json_request_sample_values() -> Vec<(String, Value)> {
    let json: serde_json::Value =
        serde_json::from_str(&sample("Request Formats", "application/json, text/json")).unwrap();
    let schema = contract().request();
    json.as_object()
        .unwrap()
        .iter()
        .map(|(name, v)| {
            let field = &schema.fields[schema.field_index(name).unwrap()];
            let value = match (field.ty, v) {
                (ClrType::DateTime, serde_json::Value::String(s)) => {
                    Value::DateTime(parse_xsd(s, MOSCOW).unwrap())
                }
                (ClrType::String, serde_json::Value::String(s)) => Value::String(s.clone()),
                (_, serde_json::Value::Number(n)) => Value::Int(n.as_i64().unwrap()),
                (ty, v) => panic!("unexpected {ty:?} {v}"),
            };
            (name.clone(), value)
        })
        .collect()
}

#[test]
fn xml_request_sample_binds_to_the_json_sample_values() {
    // Source: help page, request samples; contracts/reference/wire.md#xml-namespaces (base members in their namespace),
    // contracts/reference/wire.md#xml-member-order (DataContract order), contracts/reference/wire.md#datetime-kinds (DateTime with
    // offset → server local time).
    let read = read_request(&xml_request_sample());
    assert!(read.diagnostics.is_empty(), "{:#?}", read.diagnostics);
    let object = read.object.unwrap();
    let expected = json_request_sample_values();
    assert_eq!(expected.len(), contract().request().fields.len());
    for (name, value) in &expected {
        assert_eq!(object.get(name), Some(value), "{name}");
    }
    let request = Request::from_object(object).unwrap();
    let date = NetDateTime::local(wall("2026-05-07T11:27:39.5049468"), MOSCOW);
    assert_eq!(
        request,
        Request {
            client: 1,
            client_favorite_id: Some(1),
            list_data_id: Some(1),
            beg_date: Some(date),
            end_date: Some(date),
            start: Some(1),
            length: Some(1),
            operator: 1,
            token: Some(1),
            site_code: Some("sample string 1".to_owned()),
        }
    );
}

fn wall(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f").unwrap()
}

#[test]
fn help_response_pretty_form_is_the_help_page_sample() {
    // Source: help page, response XML sample; contracts/reference/wire.md#xml-writer (XDocument.ToString()).
    let mut out = Vec::new();
    xml::write_pretty(&Response::help_page_sample(), &mut out);
    assert_eq!(String::from_utf8(out).unwrap(), xml_response_sample());
}

#[test]
fn help_response_wire_form_is_the_sample_on_one_line() {
    // Source: contracts/reference/wire.md#xml-writer "the wire output is one line with no <?xml?> declaration".
    let one_line: String = xml_response_sample().lines().map(str::trim_start).collect();
    assert_eq!(wire(&Response::help_page_sample()), one_line);
}

#[test]
fn help_response_sample_reads_back_as_the_generated_response() {
    // Source: contracts/reference/wire.md#xml-read-algorithm (collections read rows of the item contract).
    let read = read_as(&xml_response_sample(), contract().response());
    assert!(read.diagnostics.is_empty(), "{:#?}", read.diagnostics);
    let response = Response::from_object(read.object.unwrap()).unwrap();
    assert_eq!(response, Response::help_page_sample());
}

#[test]
fn help_request_sample_written_back_is_the_sample() {
    // Source: help page, request XML sample: the request type serialises the same way.
    let read = read_request(&xml_request_sample());
    let request = Request::from_object(read.object.unwrap()).unwrap();
    let mut out = Vec::new();
    xml::write_pretty(&request, &mut out);
    assert_eq!(String::from_utf8(out).unwrap(), xml_request_sample());
}
