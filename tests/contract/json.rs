//! The Json.NET codec through the crate's public API: the help page samples, the documented
//! ModelState messages, the two Json.NET generations, and round trips over the shared
//! strategies.

use favorite_contract::codec::{self, BindOptions, Format, JsonNet, WireFormat, json};
use favorite_contract::{DateKind, FromObject, MOSCOW, NetDateTime, Request, Response, strategies};
use favorite_contract::{HELP_PAGE, contract};
use proptest::prelude::*;

fn help_json(section: &str) -> &'static str {
    let from = HELP_PAGE.find(section).expect("section");
    let marker = "application/json, text/json\n\nSample:\n";
    let start = from + HELP_PAGE[from..].find(marker).expect("sample") + marker.len();
    let len = HELP_PAGE[start..]
        .find("\n\napplication/xml")
        .expect("xml sample follows");
    &HELP_PAGE[start..start + len]
}

fn read_request(text: &str, json_net: JsonNet) -> codec::Read {
    let options = BindOptions {
        json_net,
        ..BindOptions::default()
    };
    codec::read_text(Format::Json, text, contract().request(), &options)
}

/// Source: help page (response JSON sample) and contracts/reference/wire.md#json-write.
#[test]
fn help_response_sample_is_reproduced() {
    let mut pretty = Vec::new();
    json::write_pretty(&Response::help_page_sample(), &mut pretty);
    assert_eq!(
        String::from_utf8(pretty).unwrap(),
        help_json("Response Formats")
    );

    let mut compact = Vec::new();
    codec::encode(
        &Response::help_page_sample(),
        WireFormat::Json,
        &mut compact,
    );
    let expected: String = help_json("Response Formats")
        .lines()
        .map(|line| line.trim_start().replacen("\": ", "\":", 1))
        .collect();
    assert_eq!(String::from_utf8(compact).unwrap(), expected);
}

/// Source: help page (request JSON sample) and contracts/reference/wire.md#json-read.
#[test]
fn help_request_sample_binds() {
    let read = read_request(help_json("Request Formats"), JsonNet::V13);
    assert!(read.diagnostics.is_empty(), "{:?}", read.diagnostics);
    let request = Request::from_object(read.object.unwrap()).unwrap();
    let date = request.beg_date.unwrap();
    assert_eq!(date.kind, DateKind::Local(MOSCOW));
    assert_eq!(date.to_wire(), "2026-05-07T11:27:39.5049468+03:00");
    assert_eq!(
        (request.client, request.operator, request.token),
        (1, 1, Some(1))
    );
    assert_eq!(request.site_code.as_deref(), Some("sample string 1"));
}

/// Source: contracts/reference/wire.md#json-read — the documented messages, keys and positions.
#[test]
fn documented_model_state_messages() {
    let cases = [
        (
            r#"{"Client":1.5}"#,
            "request.Client",
            "Input string '1.5' is not a valid integer. Path 'Client', line 1, position 13.",
        ),
        (
            r#"{"Client":null}"#,
            "request.Client",
            "Error converting value {null} to type 'System.Int32'. Path 'Client', line 1, position 14.",
        ),
        (
            r#"{"Client":"abc"}"#,
            "request.Client",
            "Could not convert string to integer: abc. Path 'Client', line 1, position 15.",
        ),
        (
            r#"{"BegDate":"tomorrow"}"#,
            "request.BegDate",
            "Could not convert string to DateTime: tomorrow. Path 'BegDate', line 1, position 21.",
        ),
    ];
    for (body, key, message) in cases {
        let read = read_request(body, JsonNet::V13);
        let entry = read.diagnostics[0].model_state.as_ref().expect("logged");
        assert_eq!((entry.key.as_str(), entry.message.as_str()), (key, message));
        assert!(read.object.is_some(), "{body} still binds");
    }
}

/// Source: contracts/reference/wire.md#json-read — a float in an int member: 13.x recovers, 6.x nulls the request
/// when properties follow.
#[test]
fn json_net_generations_differ() {
    let body = r#"{"Client":1.5,"Operator":7}"#;
    let new = read_request(body, JsonNet::V13);
    assert_eq!(
        Request::from_object(new.object.unwrap()).unwrap().operator,
        7
    );
    let old = read_request(body, JsonNet::V6);
    assert_eq!(old.object, None);
}

proptest! {
    /// Source: contracts/reference/wire.md#json-write, contracts/reference/wire.md#json-read — what the mock writes, Json.NET reads back (Utc and
    /// Unspecified dates unchanged, offsets as server Local).
    #[test]
    fn requests_round_trip_through_the_codec(request in strategies::request()) {
        let mut body = Vec::new();
        codec::encode(&request, WireFormat::Json, &mut body);
        let text = String::from_utf8(body).unwrap();
        let read = read_request(&text, JsonNet::V13);
        prop_assert!(read.diagnostics.iter().all(|d| d.model_state.is_none()));
        let back = Request::from_object(read.object.unwrap()).unwrap();
        prop_assert_eq!(back.client, request.client);
        prop_assert_eq!(back.token, request.token);
        prop_assert_eq!(back.site_code, request.site_code);
        let instant = |d: Option<NetDateTime>| d.map(|d| d.instant_utc(MOSCOW));
        prop_assert_eq!(instant(back.beg_date), instant(request.beg_date));
    }

    /// Source: contracts/reference/wire.md#json-write (strings) — any text `write_string` escapes is JSON that decodes
    /// to the same text.
    #[test]
    fn write_string_is_lossless(text in strategies::text()) {
        let mut out = Vec::new();
        json::write_string(&text, &mut out);
        prop_assert_eq!(serde_json::from_slice::<String>(&out).unwrap(), text);
    }
}
