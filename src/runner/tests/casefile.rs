//! Case files round-trip, and bad ones are refused with a precise message.

use crate::checker::{Finding, Location, RuleId, Severity};
use crate::codec::Format;
use crate::exchange::{HttpRequest, RequestBody};
use crate::model::{MOSCOW, NetDateTime, Request};
use crate::runner::casefile::request_serde::parse_wire_date;
use crate::runner::cases::{AuthVariant, Case, CaseLabel, EncodeStyle, Payload};
use crate::runner::{CaseFile, RecordedKnowledge};
use chrono::NaiveDateTime;

fn wall(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f").unwrap()
}

#[test]
fn wire_dates_keep_kind_and_offset() {
    for date in [
        NetDateTime::unspecified(wall("2026-05-07T11:27:39.5049468")),
        NetDateTime::utc(wall("0001-01-01T00:00:00")),
        NetDateTime::local(wall("2026-01-02T03:04:05.12"), MOSCOW),
        NetDateTime::local(
            wall("2026-01-02T03:04:05"),
            chrono::FixedOffset::west_opt(5 * 3600 + 1800).unwrap(),
        ),
    ] {
        assert_eq!(parse_wire_date(&date.to_wire()), Some(date));
    }
    assert_eq!(parse_wire_date("2026-13-01T00:00:00"), None);
}

fn sample() -> CaseFile {
    let request = Request {
        client: 1001,
        beg_date: Some(NetDateTime::local(wall("2026-05-01T00:00:00"), MOSCOW)),
        token: Some(i64::MAX),
        site_code: Some("ЛИЧНЫЙ КАБИНЕТ".into()),
        ..Request::default()
    };
    let case = Case {
        label: CaseLabel::BadAuth,
        method: "POST".into(),
        path: "/api/client/ClientFavoriteDataInfo".into(),
        auth: AuthVariant::Header("Bearer".into()),
        headers: vec![("Content-Type".into(), "application/xml".into())],
        payload: Payload::Encoded {
            request,
            format: Format::Xml,
            style: EncodeStyle::Canonical,
        },
    };
    let raw = Case {
        payload: Payload::Raw {
            body: RequestBody::Bytes(vec![0xff, 0x00]),
            format: None,
        },
        ..case.clone()
    };
    let finding = Finding::new(
        RuleId::HttpStatus,
        Severity::Violation,
        Location::Status,
        "401",
        "200",
        "why",
    )
    .with_request(HttpRequest {
        method: "POST".into(),
        path: "/x".into(),
        headers: vec![],
        body: RequestBody::Text(String::new()),
        format: Some(Format::Form),
    });
    CaseFile {
        format_version: crate::runner::CASE_FILE_VERSION,
        favorite_contract: "0.1.0".into(),
        rule: RuleId::HttpStatus,
        finding,
        case,
        original: raw,
        shrink_exchanges: 3,
        seed: 42,
        profile: "default".into(),
        target: "http://127.0.0.1:1".into(),
        knowledge: RecordedKnowledge {
            operator: 1,
            clients: vec![1001],
        },
        curl: "curl".into(),
    }
}

#[test]
fn case_files_round_trip_through_disk() {
    let dir = tempfile::tempdir().unwrap();
    let file = sample();
    let first = file.write(dir.path()).unwrap();
    let second = file.write(dir.path()).unwrap();
    assert_ne!(first, second, "a second file never overwrites the first");
    assert_eq!(
        first.file_name().unwrap().to_str().unwrap(),
        "http.status-42-1.json"
    );
    assert_eq!(CaseFile::read(&first).unwrap(), file);
}

#[test]
fn refuses_other_versions_and_shapes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.json");
    std::fs::write(&path, r#"{"format_version": 9}"#).unwrap();
    let shown = path.display().to_string();
    let err = CaseFile::read(&path).unwrap_err().to_string();
    assert_eq!(
        err.replace(&shown, "PATH"),
        "case file PATH: expected format_version 1, found 9"
    );
    std::fs::write(&path, r#"{"format_version": 1}"#).unwrap();
    let err = CaseFile::read(&path).unwrap_err().to_string();
    insta::assert_snapshot!(err.replace(&shown, "PATH"), @"case file PATH:1: $.favorite_contract: expected field `favorite_contract`, found none");
}

#[test]
fn a_bad_field_is_named_by_line_and_json_path() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample().write(dir.path()).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    let shown = path.display().to_string();
    let err = |from: &str, to: &str| {
        let broken = text.replacen(from, to, 1);
        assert_ne!(broken, text, "{from} is in the file");
        std::fs::write(&path, broken).unwrap();
        CaseFile::read(&path)
            .unwrap_err()
            .to_string()
            .replace(&shown, "PATH")
    };
    insta::assert_snapshot!(err("\"seed\": 42", "\"seed\": \"x\""), @r#"case file PATH:85: $.seed: expected u64, found string "x""#);
    insta::assert_snapshot!(err("\"kind\": \"header\"", "\"kind\": \"nope\""), @"case file PATH:31: $.case.auth.kind: expected one of `configured`, `missing`, `header`, found `nope`");
    insta::assert_snapshot!(err("\"Client\": 1001", "\"Client\": \"x\""), @r#"case file PATH:57: $.case.payload: expected `Client` as Int32, found "x""#);
}
