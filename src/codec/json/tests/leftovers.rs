//! The last Json.NET differences (issue "Fidelity leftovers"), through the whole read path.
//! Each row names the outcome real Json.NET 13.0.4 and 6.0.8 give under Web API.

use super::*;

/// What a body binds to, in short: `null`, or `Client=…,Operator=…,BegDate=…`.
fn outcome(read: &Read) -> String {
    match &read.object {
        None => "null".to_owned(),
        Some(_) => {
            let r = typed(read);
            let date = r.beg_date.map_or("-".to_owned(), |d| d.to_wire());
            format!("Client={},Operator={},BegDate={date}", r.client, r.operator)
        }
    }
}

fn nested(open: &str, close: &str, depth: usize) -> String {
    format!("{}1{}", open.repeat(depth), close.repeat(depth))
}

#[test]
fn generations_differ_on_deep_unknown_members_and_objects_for_integers() {
    // Source: Json.NET 6.x JsonSerializerInternalReader.HandleError reads on only while
    // `Depth > initialDepth + 1` (13.x: `> initialDepth`); observed: 6.0.8 nulls the request
    // for a 256+ deep array in an unknown member and loses the members after a too-deep object
    // or an object given for an Int16/Int64; 13.0.4 loses only the member itself.
    let arrays = format!(r#"{{"X":{},"Client":7}}"#, nested("[", "]", 300));
    let objects = format!(r#"{{"X":{},"Client":7}}"#, nested(r#"{"a":"#, "}", 300));
    let rows = [
        (arrays.as_str(), "Client=7,Operator=0,BegDate=-", "null"),
        (
            objects.as_str(),
            "Client=7,Operator=0,BegDate=-",
            "Client=0,Operator=0,BegDate=-",
        ),
        // 13.x reads an Int16 with ReadAsInt32, which fails on the `{` itself and loses its
        // place (null); 6.x reads it with Read() and stays inside the object.
        (
            r#"{"Operator":{"a":1},"Client":7}"#,
            "null",
            "Client=0,Operator=0,BegDate=-",
        ),
        (
            r#"{"Token":{"a":1},"Client":7}"#,
            "Client=7,Operator=0,BegDate=-",
            "Client=0,Operator=0,BegDate=-",
        ),
        // An array for an Int16: 6.x fails on the StartArray token and skips it whole.
        (
            r#"{"Operator":[1,2],"Client":7}"#,
            "null",
            "Client=7,Operator=0,BegDate=-",
        ),
        // A shallow unknown member is skipped in both.
        (
            &format!(r#"{{"X":{},"Client":7}}"#, nested("[", "]", 200)),
            "Client=7,Operator=0,BegDate=-",
            "Client=7,Operator=0,BegDate=-",
        ),
    ];
    for (body, v13, v6) in rows {
        let short = &body[..body.len().min(40)];
        assert_eq!(outcome(&request(body)), v13, "13.x {short}");
        assert_eq!(outcome(&request_v6(body)), v6, "6.x {short}");
    }
}

#[test]
fn a_body_cut_inside_a_literal() {
    // Source: 6.x JsonTextReader.MatchValue answers false without moving, so the recovery
    // re-reads the literal and throws again (request null); 13.x moves to the end and the
    // object keeps what it read. Observed with 6.0.8 and 13.0.4.
    let rows = [
        (
            r#"{"Client":7,"X":nu"#,
            "Client=7,Operator=0,BegDate=-",
            "null",
        ),
        (
            r#"{"Client":7,"X":n"#,
            "Client=7,Operator=0,BegDate=-",
            "null",
        ),
        (
            r#"{"Client":7,"X":tr"#,
            "Client=7,Operator=0,BegDate=-",
            "null",
        ),
        (
            r#"{"Client":7,"X":null}"#,
            "Client=7,Operator=0,BegDate=-",
            "Client=7,Operator=0,BegDate=-",
        ),
    ];
    for (body, v13, v6) in rows {
        assert_eq!(outcome(&request(body)), v13, "13.x {body}");
        assert_eq!(outcome(&request_v6(body)), v6, "6.x {body}");
    }
}

#[test]
fn microsoft_dates_past_the_range_null_the_request() {
    // Source: Json.NET ConvertJavaScriptTicksToDateTime throws ArgumentOutOfRangeException
    // from inside the tokenizer (the token is not set), and the recovery then meets a stray
    // token: the request is null. 6.x also throws for `/Date()/` (observed, both versions).
    let rows = [
        (
            r#"{"Client":7,"BegDate":"/Date(253402300800000)/","Operator":2}"#,
            "null",
            "null",
        ),
        // As the last member the stray token is the object's end: the object survives.
        (
            r#"{"Client":7,"BegDate":"/Date(253402300800000)/"}"#,
            "Client=7,Operator=0,BegDate=-",
            "Client=7,Operator=0,BegDate=-",
        ),
        (
            r#"{"Client":7,"X":"/Date(253402300800000)/","Operator":2}"#,
            "null",
            "null",
        ),
        (
            r#"{"Client":7,"BegDate":"/Date()/","Operator":2}"#,
            "Client=7,Operator=2,BegDate=-",
            "null",
        ),
        (
            r#"{"Client":7,"BegDate":"/Date(1778142459000)/","Operator":2}"#,
            "Client=7,Operator=2,BegDate=2026-05-07T08:27:39Z",
            "Client=7,Operator=2,BegDate=2026-05-07T08:27:39Z",
        ),
    ];
    for (body, v13, v6) in rows {
        assert_eq!(outcome(&request(body)), v13, "13.x {body}");
        assert_eq!(outcome(&request_v6(body)), v6, "6.x {body}");
    }
    let read = request(r#"{"Client":7,"BegDate":"/Date(253402300800000)/","Operator":2}"#);
    insta::assert_snapshot!(model_state(&read).lines().next().unwrap(), @"request.BegDate: Ticks must be between DateTime.MinValue.Ticks and DateTime.MaxValue.Ticks.");
}

#[test]
fn date_strings_json_net_accepts() {
    // Source: issue "Fidelity leftovers" (observed with 13.0.4 and 6.0.8 on a +03:00 server).
    let body = |date: &str| format!(r#"{{"Client":7,"BegDate":"{date}"}}"#);
    let rows = [
        (
            "2026-05-07t10:00:00",
            "2026-05-07T10:00:00",
            "2026-05-07T10:00:00",
        ),
        ("2026-05", "2026-05-01T00:00:00", "2026-05-01T00:00:00"),
        (
            "2026-05-07T10:00:00\\u0000",
            "2026-05-07T10:00:00",
            "2026-05-07T10:00:00",
        ),
        ("2026-05-07T10:00:00.", "2026-05-07T10:00:00", "-"),
        ("2026-05-07T24:00:00", "2026-05-08T00:00:00", "-"),
        (
            "0001-01-01T00:00:00+05:00",
            "0001-01-01T00:00:00+03:00",
            "0001-01-01T00:00:00+03:00",
        ),
        (
            "9999-12-31T23:59:59-05:00",
            "9999-12-31T23:59:59.9999999+03:00",
            "9999-12-31T23:59:59.9999999+03:00",
        ),
    ];
    for (date, v13, v6) in rows {
        let date_of = |read: &Read| typed(read).beg_date.map_or("-".to_owned(), |d| d.to_wire());
        assert_eq!(date_of(&request(&body(date))), v13, "13.x {date}");
        assert_eq!(date_of(&request_v6(&body(date))), v6, "6.x {date}");
    }
}

#[test]
fn month_day_and_time_only_take_the_servers_today() {
    // Source: DateTime.TryParse(Invariant) fills a missing year from DateTime.Now (here the
    // dataset's as_of, 2026-05-07 12:00 +03:00); without a known "now" they stay unread.
    let with_now = BindOptions {
        now: chrono::NaiveDate::from_ymd_opt(2026, 5, 7).and_then(|d| d.and_hms_opt(12, 0, 0)),
        ..options(JsonNet::V13)
    };
    let read = read(
        r#"{"Client":7,"BegDate":"1.5","EndDate":"10:30"}"#,
        contract().request(),
        &with_now,
    );
    let r = typed(&read);
    assert_eq!(
        r.beg_date.map(|d| d.to_wire()).as_deref(),
        Some("2026-01-05T00:00:00")
    );
    assert_eq!(
        r.end_date.map(|d| d.to_wire()).as_deref(),
        Some("2026-05-07T10:30:00")
    );
    let unknown = request(r#"{"Client":7,"BegDate":"1.5"}"#);
    assert_eq!(typed(&unknown).beg_date, None);
}
