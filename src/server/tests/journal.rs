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
