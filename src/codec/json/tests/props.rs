//! Properties: what the writer writes the reader reads back; the writer's output is JSON; the
//! reader never panics or hangs, whatever it is given.

use super::*;
use crate::codec::{DiagnosticKind, Effect};
use crate::model::Record;
use crate::model::Zone;
use crate::model::{DateKind, NetDateTime, Response, strategies};
use proptest::prelude::*;

/// A date as Json.NET reads it back on a server in `server`: offsets become server Local.
fn as_read(date: NetDateTime, server: Zone) -> NetDateTime {
    match date.kind {
        DateKind::Local(_) => date.to_server_local(server),
        DateKind::Utc | DateKind::Unspecified => date,
    }
}

fn request_as_read(mut r: Request, server: Zone) -> Request {
    r.beg_date = r.beg_date.map(|d| as_read(d, server));
    r.end_date = r.end_date.map(|d| as_read(d, server));
    r
}

fn response_as_read(mut r: Response, server: Zone) -> Response {
    for row in r.client_favorites.iter_mut().flatten() {
        row.proc_time = as_read(row.proc_time, server);
        for date in [
            &mut row.confirm_date_end,
            &mut row.proc_time_confirm,
            &mut row.action_date_end,
        ] {
            *date = date.map(|d| as_read(d, server));
        }
    }
    r
}

fn to_text(record: &dyn Record, pretty: bool) -> String {
    let mut out = Vec::new();
    if pretty {
        write_pretty(record, &mut out);
    } else {
        write(record, &mut out);
    }
    String::from_utf8(out).unwrap()
}

/// Only date conversions may be reported when reading what the writer wrote.
fn only_date_notes(read: &Read) -> bool {
    read.diagnostics
        .iter()
        .all(|d| d.kind == DiagnosticKind::JsonDateConverted)
}

/// Invariants of any read: a null result is explained, ModelState keys are the parameter's,
/// and what was bound writes as valid JSON.
fn check_invariants(read: &Read) -> Result<(), TestCaseError> {
    if read.object.is_none() {
        prop_assert!(
            read.diagnostics
                .iter()
                .any(|d| d.effect == Effect::RequestNull),
            "null without a reason: {:?}",
            read.diagnostics
        );
    }
    for d in &read.diagnostics {
        if let Some(entry) = &d.model_state {
            prop_assert!(entry.key.starts_with(MODEL_PREFIX), "{}", entry.key);
            prop_assert!(
                entry.message.contains("Path '") || entry.message.starts_with("Object reference"),
                "{}",
                entry.message
            );
        }
        prop_assert!(!d.message.is_empty());
    }
    if let Some(object) = &read.object {
        let text = to_text(object, false);
        prop_assert!(
            serde_json::from_str::<serde_json::Value>(&text).is_ok(),
            "{}",
            text
        );
    }
    Ok(())
}

/// Fragments that make up plausible and implausible bodies.
fn soup() -> impl Strategy<Value = String> {
    let fragments = prop::sample::select(vec![
        "{",
        "}",
        "[",
        "]",
        ":",
        ",",
        " ",
        "\n",
        "\r\n",
        "\"Client\"",
        "\"client\"",
        "\"Operator\"",
        "\"Token\"",
        "\"SiteCode\"",
        "\"BegDate\"",
        "\"ClientFavorites\"",
        "\"Confirm\"",
        "\"x\"",
        "Client",
        "'s'",
        "1",
        "1.5",
        "-",
        "0x1F",
        "010",
        "1e400",
        "2147483648",
        "99999999999999999999999",
        "null",
        "nul",
        "true",
        "tru",
        "false",
        "undefined",
        "NaN",
        "Infinity",
        "-Infinity",
        "new Date(1)",
        ")",
        "\"",
        "\"ab",
        "\\",
        "\\u12",
        "\\ud83d",
        "/*",
        "*/",
        "//",
        "\"2026-05-07T11:27:39+05:00\"",
        "\"tomorrow\"",
        "\"\"",
        "\"$id\"",
        "\"$ref\"",
        "\"$type\"",
        "\"$values\"",
        "\u{0}",
        "😀",
        "Ж",
    ]);
    prop::collection::vec(fragments, 0..40).prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Source: contracts/reference/wire.md#json-write, contracts/reference/wire.md#json-read — a request written by Json.NET reads back equal (dates
    /// with an offset come back as server Local, the same instant).
    #[test]
    fn requests_round_trip(request in strategies::request(), json_net in prop_oneof![Just(JsonNet::V13), Just(JsonNet::V6)]) {
        let opts = options(json_net);
        let text = to_text(&request, false);
        let read = read(&text, contract().request(), &opts);
        prop_assert!(only_date_notes(&read), "{text}\n{:?}", read.diagnostics);
        let back = Request::from_object(read.object.expect("bound")).expect("fits");
        prop_assert_eq!(back, request_as_read(request, opts.server_zone));
    }

    /// Source: contracts/reference/wire.md#json-write, contracts/reference/wire.md#json-read — responses too (rows, decimals of every scale, flags).
    #[test]
    fn responses_round_trip(response in strategies::response()) {
        let opts = options(JsonNet::V13);
        let text = to_text(&response, false);
        let read = read(&text, contract().response(), &opts);
        prop_assert!(only_date_notes(&read), "{text}\n{:?}", read.diagnostics);
        let back = Response::from_object(read.object.expect("bound")).expect("fits");
        prop_assert_eq!(back, response_as_read(response.clone(), opts.server_zone));
        // The indented form reads back the same.
        let pretty = read_pretty(&response);
        prop_assert_eq!(pretty, response_as_read(response, opts.server_zone));
    }

    /// Source: contracts/reference/wire.md#json-write — compact and indented output are the same JSON document.
    #[test]
    fn compact_and_pretty_agree(response in strategies::response()) {
        let compact: serde_json::Value = serde_json::from_str(&to_text(&response, false)).unwrap();
        let pretty: serde_json::Value = serde_json::from_str(&to_text(&response, true)).unwrap();
        prop_assert_eq!(compact, pretty);
    }

    /// Source: contracts/reference/wire.md#json-write (strings) — escaping is valid JSON and loses nothing.
    #[test]
    fn escaped_strings_parse_back(s in strategies::text()) {
        let mut out = Vec::new();
        write_string(&s, &mut out);
        let back: String = serde_json::from_slice(&out).unwrap();
        prop_assert_eq!(back, s);
    }

    /// The reader never panics or hangs on any text, and explains every null.
    #[test]
    fn reader_survives_any_text(text in any::<String>()) {
        for json_net in [JsonNet::V13, JsonNet::V6] {
            check_invariants(&read(&text, contract().request(), &options(json_net)))?;
        }
    }

    /// The reader never panics or hangs on any bytes (decoded leniently).
    #[test]
    fn reader_survives_any_bytes(bytes in prop::collection::vec(any::<u8>(), 0..256)) {
        let text = String::from_utf8_lossy(&bytes);
        check_invariants(&read(&text, contract().response(), &options(JsonNet::V13)))?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2048))]

    /// The reader never panics or hangs on JSON-like token soup, for either schema and version.
    #[test]
    fn reader_survives_token_soup(text in soup(), depth in 1usize..6) {
        for json_net in [JsonNet::V13, JsonNet::V6] {
            let opts = BindOptions { max_depth: depth, ..options(json_net) };
            check_invariants(&read(&text, contract().request(), &opts))?;
            check_invariants(&read(&text, contract().response(), &opts))?;
        }
    }
}

fn read_pretty(response: &Response) -> Response {
    let text = to_text(response, true);
    let read = read(&text, contract().response(), &options(JsonNet::V13));
    Response::from_object(read.object.expect("bound")).expect("fits")
}
