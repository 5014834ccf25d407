//! `favorite-contract explain-request` through the real binary.
//!
//! Source: issue 2, "a CLI `favorite-contract explain-request --content-type CT [FILE]`".

use std::io::Write;
use std::process::{Command, Stdio};

fn explain(args: &[&str], stdin: &str) -> (i32, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_favorite-contract"))
        .arg("explain-request")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
    )
}

const NS: &str = "http://schemas.datacontract.org/2004/07/LCManagerPartner.Implementation.Request";

#[test]
fn explains_an_element_that_arrived_out_of_order() {
    let body = format!(
        r#"<ClientFavoriteDataInfoRequest xmlns="{NS}"><EndDate>2026-05-07</EndDate><Client>7</Client></ClientFavoriteDataInfoRequest>"#
    );
    let (code, text) = explain(&["--content-type", "application/xml"], &body);
    assert_eq!(code, 0, "the request binds");
    assert!(
        text.contains("Client           = 0   <- see 1 diagnostic(s)"),
        "{text}"
    );
    assert!(text.contains("warning[xml-out-of-order]"), "{text}");
    assert!(
        text.contains("element Client arrived after EndDate"),
        "{text}"
    );
}

#[test]
fn json_output_is_one_object_with_request_and_diagnostics() {
    let (code, text) = explain(
        &["--content-type", "application/json", "--json"],
        r#"{"client":"7","Operator":70000}"#,
    );
    assert_eq!(code, 0);
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(value["format"], "json");
    assert_eq!(value["request"]["Client"], 7);
    assert_eq!(value["request"]["Operator"], 0);
    let kinds: Vec<&str> = value["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["kind"].as_str().unwrap())
        .collect();
    assert!(kinds.contains(&"json-conversion-failed"), "{kinds:?}");
    let failed = value["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["kind"] == "json-conversion-failed")
        .unwrap();
    assert_eq!(failed["model_state"]["key"], "request.Operator");
}

#[test]
fn a_null_request_and_a_415_exit_with_1() {
    let (code, text) = explain(
        &["--content-type", "application/xml"],
        "<ClientFavoriteDataInfoRequest><Client>7</Client></ClientFavoriteDataInfoRequest>",
    );
    assert_eq!(code, 1);
    assert!(
        text.contains("request: null; production answers HTTP 500"),
        "{text}"
    );
    assert!(text.contains("error[xml-wrong-root]"), "{text}");

    let (code, text) = explain(&["--content-type", "text/plain", "--json"], "Client=7");
    assert_eq!(code, 1);
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(value["status"], 415);
    assert_eq!(value["request"], serde_json::Value::Null);
}

#[test]
fn reads_the_body_from_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("body.txt");
    std::fs::write(&file, "Client=0x10&Operator=1").unwrap();
    let (code, text) = explain(
        &[
            "--content-type",
            "application/x-www-form-urlencoded",
            file.to_str().unwrap(),
        ],
        "",
    );
    assert_eq!(code, 0);
    assert!(text.contains("Client           = 16"), "{text}");
}
