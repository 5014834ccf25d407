//! Journal rendering and file-change detection for `--watch`.

use crate::model::{NetDateTime, Request};
use crate::server::journal::record_json;
use crate::server::watch::stamp;
use serde_json::json;

#[test]
fn bound_values_use_contract_names_and_wire_forms() {
    let wall = chrono::NaiveDate::from_ymd_opt(2026, 5, 7)
        .and_then(|d| d.and_hms_milli_opt(13, 45, 10, 120))
        .unwrap();
    let request = Request {
        client: 7,
        beg_date: Some(NetDateTime::unspecified(wall)),
        site_code: Some("EMPTY".to_owned()),
        ..Request::default()
    };
    let value = record_json(&request);
    assert_eq!(value["Client"], 7);
    assert_eq!(value["BegDate"], "2026-05-07T13:45:10.12");
    assert_eq!(value["SiteCode"], "EMPTY");
    assert_eq!(value["Token"], json!(null));
    assert_eq!(value.as_object().unwrap().len(), 10);
}

#[test]
fn a_stamp_changes_when_a_file_changes_appears_or_disappears() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("operators.json");
    std::fs::write(&file, b"[]").unwrap();
    let first = stamp(dir.path());
    assert_eq!(first.len(), 1);
    assert_eq!(stamp(dir.path()), first);
    std::fs::write(&file, b"[ ]").unwrap();
    let second = stamp(dir.path());
    assert_ne!(second, first);
    std::fs::write(dir.path().join("clients.json"), b"[]").unwrap();
    assert_eq!(stamp(dir.path()).len(), 2);
    std::fs::remove_file(&file).unwrap();
    assert_eq!(stamp(dir.path()).len(), 1);
    assert!(stamp(&dir.path().join("missing")).is_empty());
}

#[test]
fn the_arrival_time_and_the_bound_request_are_rendered_when_the_journal_is_read() {
    use super::state;
    use crate::server::config::ServerConfig;
    use crate::server::handler::handle;
    use crate::server::journal::Journal;
    use crate::server::request::CapturedRequest;
    use http::Method;

    let state = state(ServerConfig::default());
    let request = CapturedRequest::new(Method::POST, "/api/client/ClientFavoriteDataInfo")
        .with_header("Authorization", "Bearer t")
        .with_header("Content-Type", "application/json")
        .with_header("Content-Length", "51")
        .with_body(r#"{"Operator":1,"Client":1006,"Start":1,"Length":10}"#);
    let before = chrono::Utc::now();
    let handled = handle(&request, &state);
    let after = chrono::Utc::now();
    let journal = Journal::new(4);
    journal.push(handled.entry.unwrap());
    let (entries, total) = journal.snapshot();
    assert_eq!(total, 1);
    let entry = &entries[0];
    let at = chrono::DateTime::parse_from_rfc3339(&entry.at).unwrap();
    let millis = |t: chrono::DateTime<chrono::Utc>| t.timestamp_millis();
    assert!((millis(before)..=millis(after)).contains(&at.timestamp_millis()));
    assert!(entry.at.ends_with('Z') && entry.at.len() == "2026-05-07T10:00:00.000Z".len());
    let bound = Request {
        operator: 1,
        client: 1006,
        start: Some(1),
        length: Some(10),
        ..Request::default()
    };
    assert_eq!(entry.bound, Some(record_json(&bound)));
    assert_eq!((entry.method.as_str(), entry.status), ("POST", 200));
    // Reading twice renders the same entry.
    assert_eq!(journal.snapshot().0[0].at, entry.at);
}

#[test]
fn bodies_are_encoded_in_the_negotiated_charset_whatever_their_size() {
    use crate::codec::{Charset, MediaType, ResponseType};
    use crate::server::negotiation::encoded_response;
    use http::StatusCode;

    let utf16 = ResponseType {
        media: MediaType::ApplicationJson,
        charset: Charset::Utf16Le,
    };
    let response = encoded_response(StatusCode::OK, utf16, |out| {
        out.extend_from_slice("{\"M\":\"я\"}".as_bytes());
    });
    let mut expected = vec![0xFF, 0xFE];
    expected.extend("{\"M\":\"я\"}".encode_utf16().flat_map(u16::to_le_bytes));
    assert_eq!(&response.body[..], &expected[..]);
    assert_eq!(
        response.content_type(),
        Some("application/json; charset=utf-16")
    );

    let utf8 = ResponseType {
        media: MediaType::TextXml,
        charset: Charset::Utf8,
    };
    let big = encoded_response(StatusCode::OK, utf8, |out| {
        out.resize(3 * 1024 * 1024, b'x');
    });
    assert_eq!(big.body.len(), 3 * 1024 * 1024);
    let small = encoded_response(StatusCode::OK, utf8, |out| {
        out.extend_from_slice(b"<a/>");
    });
    assert_eq!(&small.body[..], b"<a/>");
    assert_eq!(small.content_type(), Some("text/xml; charset=utf-8"));
}

#[test]
fn a_same_size_rewrite_with_the_old_modification_time_changes_the_stamp() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("clients.json");
    std::fs::write(&file, b"[1]").unwrap();
    let modified = std::fs::metadata(&file).unwrap().modified().unwrap();
    let first = stamp(dir.path());
    // Some filesystems keep change times in coarse ticks; make sure one passes.
    std::thread::sleep(std::time::Duration::from_millis(20));
    std::fs::write(&file, b"[2]").unwrap();
    std::fs::File::options()
        .write(true)
        .open(&file)
        .unwrap()
        .set_modified(modified)
        .unwrap();
    assert_eq!(
        std::fs::metadata(&file).unwrap().modified().unwrap(),
        modified
    );
    assert_ne!(stamp(dir.path()), first, "the rewrite must be noticed");
}

#[test]
fn the_journal_evicts_by_bytes_as_well_as_by_count() {
    use super::{framed, state};
    use crate::server::config::ServerConfig;
    use crate::server::handler::handle;
    use crate::server::journal::Journal;
    use crate::server::request::CapturedRequest;
    use http::Method;

    let state = state(ServerConfig::default());
    // 500 unknown elements: 64 diagnostics kept, the rest counted.
    let body = format!(
        r#"<ClientFavoriteDataInfoRequest xmlns="http://schemas.datacontract.org/2004/07/LCManagerPartner.Implementation.Request">{}</ClientFavoriteDataInfoRequest>"#,
        "<Z/>".repeat(500)
    );
    let request = CapturedRequest::new(Method::POST, "/api/client/ClientFavoriteDataInfo")
        .with_header("Authorization", "Bearer t")
        .with_header("Content-Type", "application/xml")
        .with_body(body);
    let heavy = handle(&framed(&request), &state).entry.unwrap();
    assert_eq!(heavy.diagnostics.len(), crate::codec::MAX_DIAGNOSTICS);
    assert_eq!(
        heavy.diagnostics_omitted,
        500 + 1 - crate::codec::MAX_DIAGNOSTICS
    );
    let journal = Journal::with_limits(1000, 100_000);
    for _ in 0..20 {
        journal.push(heavy.clone());
    }
    let (entries, total) = journal.snapshot();
    assert_eq!(total, 20);
    assert!(
        (1..20).contains(&entries.len()),
        "{} entries kept",
        entries.len()
    );
    assert_eq!(entries.last().unwrap().seq, 20);
    let bytes = journal.to_json(&crate::server::journal::JournalQuery::default());
    assert!(bytes.len() < 300_000, "{} bytes", bytes.len());
    let value: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(value["capacity_bytes"], 100_000);
    assert_eq!(value["requests"].as_array().unwrap().len(), entries.len());
    // One entry over the whole limit is still kept, alone.
    let tiny = Journal::with_limits(10, 10);
    tiny.push(heavy.clone());
    tiny.push(heavy);
    assert_eq!(tiny.snapshot().0.len(), 1);
}

#[test]
fn kept_bodies_and_header_lines_count_towards_the_byte_bound() {
    use super::{framed, state};
    use crate::server::config::ServerConfig;
    use crate::server::handler::handle;
    use crate::server::journal::{Journal, MAX_RECORDED_BODY_BYTES};
    use crate::server::request::CapturedRequest;
    use http::Method;

    let state = state(ServerConfig::default());
    let long = "x".repeat(3 * MAX_RECORDED_BODY_BYTES);
    let body = format!(r#"{{"Operator":1,"Client":1006,"SiteCode":"{long}"}}"#);
    let request = CapturedRequest::new(Method::POST, "/api/client/ClientFavoriteDataInfo")
        .with_header("Authorization", "Bearer t")
        .with_header("Content-Type", "application/json")
        .with_header("X-Padding", &"p".repeat(2000))
        .with_body(body.clone());
    let mut entry = handle(&framed(&request), &state).entry.unwrap();
    let handled = handle(&framed(&request), &state);
    entry.set_response(&handled.response, false);
    let journal = Journal::with_limits(1000, 100_000);
    for _ in 0..20 {
        journal.push(entry.clone());
    }
    let stats = journal.stats();
    assert_eq!(stats.total, 20);
    assert!(stats.bytes <= 100_000, "{} bytes", stats.bytes);
    // Each entry weighs at least its kept request body and its header lines.
    assert!(
        stats.kept * (MAX_RECORDED_BODY_BYTES + 2000) <= stats.bytes,
        "{} entries in {} bytes",
        stats.kept,
        stats.bytes
    );
    assert!((1..20).contains(&stats.kept), "{} kept", stats.kept);
    let rendered = &journal.snapshot().0[0];
    assert_eq!(rendered.request.body.size, body.len());
    assert!(rendered.request.body.truncated);
    assert!(rendered.response.is_some());
    // A reset frees the accounting with the entries.
    assert_eq!(journal.clear(), stats.kept);
    let after = journal.stats();
    assert_eq!(
        (after.kept, after.bytes, after.total, after.cleared_through),
        (0, 0, 20, 20)
    );
}

#[test]
fn bodies_of_control_characters_weigh_what_they_render_to() {
    use super::{framed, state};
    use crate::server::config::ServerConfig;
    use crate::server::handler::handle;
    use crate::server::journal::{Journal, JournalQuery, MAX_RECORDED_BODY_BYTES};
    use crate::server::request::CapturedRequest;
    use http::Method;

    // Valid UTF-8 whose every byte the journal's JSON writes as a six-byte `\u00XX` escape.
    let body = "\u{1}".repeat(MAX_RECORDED_BODY_BYTES);
    let request = CapturedRequest::new(Method::POST, "/api/client/ClientFavoriteDataInfo")
        .with_header("Authorization", "Bearer t")
        .with_header("Content-Type", "application/json")
        .with_body(body);
    let state = state(ServerConfig::default());
    let entry = handle(&framed(&request), &state).entry.unwrap();
    let limit = 1_000_000;
    let journal = Journal::with_limits(1000, limit);
    for _ in 0..100 {
        journal.push(entry.clone());
    }
    let rendered = journal.to_json(&JournalQuery::default());
    // Within the limit, give or take the diagnostics and headers each entry renders.
    assert!(
        rendered.len() <= limit + limit / 4,
        "{} bytes rendered for a limit of {limit}",
        rendered.len()
    );
    assert!(journal.stats().kept >= 5, "{:?}", journal.stats());
}
