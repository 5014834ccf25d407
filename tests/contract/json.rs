//! The Json.NET codec through the crate's public API: the help page samples, the documented
//! ModelState messages, the two Json.NET generations, and round trips over the shared
//! strategies.

use favorite_contract::codec::{self, BindOptions, Format, JsonNet, WireFormat, json};
use favorite_contract::contract::{HELP_PAGE, contract};
use favorite_contract::model::{
    ClientFavoriteRow, DateKind, FromObject, GroupFavoriteRow, ListFavoriteRow, MOSCOW,
    NetDateTime, Request, Response, strategies,
};
use proptest::prelude::*;
use rust_decimal::Decimal;

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

fn help_response() -> Response {
    let now = NetDateTime::local(
        chrono::NaiveDateTime::parse_from_str(
            "2026-05-07T11:27:39.5205698",
            "%Y-%m-%dT%H:%M:%S%.f",
        )
        .unwrap(),
        MOSCOW,
    );
    let row = ClientFavoriteRow {
        id: 1,
        proc_time: now,
        confirm_date_end: Some(now),
        confirm: true,
        proc_time_confirm: Some(now),
        action_date_end: Some(now),
        no_active: true,
    };
    let goods = ListFavoriteRow {
        id: 1,
        list_data_id: 1,
        url_image: Some("sample string 1".into()),
        name: Some("sample string 2".into()),
        code: Some("sample string 3".into()),
        no_active: true,
    };
    let group = GroupFavoriteRow {
        id: 1,
        name: Some("sample string 1".into()),
        count_select: 1,
    };
    Response {
        total_rows: 1,
        total_rows_select: 1,
        max_link_goods: 1,
        now_link_goods: 1,
        remain_link_goods: 1,
        remain_count_purchases: 1,
        remain_gain: Decimal::ONE,
        remain_every_gain: Decimal::ONE,
        count_offer: 1,
        count_confirm: 1,
        count_purchases: 1,
        sum_gain: Decimal::ONE,
        avg_favorite: Decimal::ONE,
        avg_all: Decimal::ONE,
        client_favorites: Some(vec![row.clone(), row]),
        list_favorites: Some(vec![goods.clone(), goods]),
        group_favorites: Some(vec![group.clone(), group]),
        error_code: 1,
        message: Some("sample string 2".into()),
    }
}

/// Source: help page (response JSON sample) and wire rules §3.2.
#[test]
fn help_response_sample_is_reproduced() {
    let mut pretty = Vec::new();
    json::write_pretty(&help_response(), &mut pretty);
    assert_eq!(
        String::from_utf8(pretty).unwrap(),
        help_json("Response Formats")
    );

    let mut compact = Vec::new();
    codec::encode(&help_response(), WireFormat::Json, &mut compact);
    let expected: String = help_json("Response Formats")
        .lines()
        .map(|line| line.trim_start().replacen("\": ", "\":", 1))
        .collect();
    assert_eq!(String::from_utf8(compact).unwrap(), expected);
}

/// Source: help page (request JSON sample) and wire rules §3.3.
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

/// Source: wire rules §3.3 — the documented messages, keys and positions.
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

/// Source: wire rules §3.3 — a float in an int member: 13.x recovers, 6.x nulls the request
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
    /// Source: wire rules §3.2/§3.3 — what the mock writes, Json.NET reads back (Utc and
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

    /// Source: wire rules §3.2 (strings) — any text `write_string` escapes is JSON that decodes
    /// to the same text.
    #[test]
    fn write_string_is_lossless(text in strategies::text()) {
        let mut out = Vec::new();
        json::write_string(&text, &mut out);
        prop_assert_eq!(serde_json::from_slice::<String>(&out).unwrap(), text);
    }
}
