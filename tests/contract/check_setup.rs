//! A wrong setup is diagnosed in one sentence before any case (exit 2), naming the URL tried
//! and the likely fix; a slow target is checked, not called down; a target that never answers
//! is exit 2 without waiting twice. Everything runs the real binary against servers on
//! 127.0.0.1.

use super::bin_support::{Answer, BinMock, CONTRACT_JSON, Stub, lines, run, text};
use std::time::{Duration, Instant};

const ACTION: &str = "/api/client/ClientFavoriteDataInfo";

/// `check` against `url`: exit code, stdout lines, stderr lines.
fn check(url: &str, extra: &[&str]) -> (Option<i32>, Vec<String>, Vec<String>) {
    let out = run(&[
        &["check", "--target", url, "--seed", "1", "--cases", "20"][..],
        extra,
    ]
    .concat());
    (out.status.code(), lines(&out.stdout), lines(&out.stderr))
}

/// One sentence on stderr, exit 2, and nothing on stdout but the header line.
fn assert_one_sentence(code: Option<i32>, stdout: &[String], stderr: &[String]) -> String {
    assert_eq!(code, Some(2), "{stdout:?} {stderr:?}");
    assert_eq!(stderr.len(), 1, "one line, not one per case: {stderr:#?}");
    assert!(stdout.len() <= 1, "{stdout:#?}");
    assert!(stderr[0].starts_with("error: target "), "{}", stderr[0]);
    stderr[0].clone()
}

#[test]
fn a_wrong_base_path_names_the_url_tried_and_the_fix() {
    let mock = BinMock::start();
    let wrong = format!("{}/lcmanagr", mock.url);
    let (code, stdout, stderr) = check(&wrong, &["--bearer", "t"]);
    let line = assert_one_sentence(code, &stdout, &stderr);
    assert!(
        line.contains(&format!(
            "is not this endpoint: POST {wrong}{ACTION} answered 404 Not Found"
        )) && line.contains("check the base path"),
        "{line}"
    );
}

#[test]
fn a_plain_http_server_answering_501_is_not_this_endpoint_nor_an_open_target() {
    // What `python3 -m http.server` answers to a POST.
    let stub = Stub::start(Answer::http(
        "501 Unsupported method ('POST')",
        &[("Content-Type", "text/html;charset=utf-8")],
        "<!DOCTYPE HTML><html><body><h1>Error response</h1></body></html>",
        Duration::ZERO,
    ));
    let (code, stdout, stderr) = check(&stub.url, &[]);
    let line = assert_one_sentence(code, &stdout, &stderr);
    assert!(
        line.contains(&format!(
            "POST {}{ACTION} answered 501 Not Implemented",
            stub.url
        )) && line.contains("does not handle POST at all (a static file server?): check the port"),
        "{line}"
    );
    assert!(!line.contains("without credentials"), "{line}");
}

#[test]
fn other_answers_that_are_not_this_endpoint() {
    let cases: [(Answer, &str); 4] = [
        (
            Answer::http(
                "405 Method Not Allowed",
                &[("Allow", "GET")],
                "",
                Duration::ZERO,
            ),
            "answered 405 Method Not Allowed; the URL exists but does not take POST",
        ),
        (
            Answer::http(
                "200 OK",
                &[("Content-Type", "text/html")],
                "<html><body>Welcome to nginx!</body></html>",
                Duration::ZERO,
            ),
            "answered 200 OK with an HTML page; that is a web page, not this API: check the port",
        ),
        (
            Answer::http(
                "200 OK",
                &[("Content-Type", "application/json")],
                r#"{"status":"ok"}"#,
                Duration::ZERO,
            ),
            r#"answered 200 OK with `{"status":"ok"}`; expected this endpoint's JSON or XML answer with an ErrorCode"#,
        ),
        (
            Answer::http(
                "301 Moved Permanently",
                &[(
                    "Location",
                    "https://api.example/lcmanager/api/client/ClientFavoriteDataInfo",
                )],
                "",
                Duration::ZERO,
            ),
            "answered 301 Moved Permanently to https://api.example/lcmanager/api/client/ClientFavoriteDataInfo; pass --target https://api.example/lcmanager",
        ),
    ];
    for (answer, expected) in cases {
        let stub = Stub::start(answer);
        let (code, stdout, stderr) = check(&stub.url, &["--bearer", "t"]);
        let line = assert_one_sentence(code, &stdout, &stderr);
        assert!(line.contains(expected), "{line}\nexpected: {expected}");
        assert_eq!(
            stub.request_lines()
                .iter()
                .filter(|(l, _)| l.starts_with("POST"))
                .count(),
            1,
            "one request, then stop"
        );
    }
}

#[test]
fn snapshot_against_a_protected_target_without_bearer_stops_like_check() {
    let mock = BinMock::start();
    let snapshots = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("snapshots");
    let dir = snapshots.to_str().unwrap();
    let out = run(&["snapshot", "--target", &mock.url, "--check", dir]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stdout));
    assert_eq!(text(&out.stdout), "", "no difference reported");
    let stderr = lines(&out.stderr);
    assert_eq!(stderr.len(), 1, "{stderr:#?}");
    assert!(
        stderr[0].contains("answered 401 to a request without credentials")
            && stderr[0].contains("pass --bearer TOKEN"),
        "{}",
        stderr[0]
    );
    // The same for recording, and for check.
    let tmp = tempfile::tempdir().unwrap();
    let record = run(&[
        "snapshot",
        "--target",
        &mock.url,
        "--out",
        tmp.path().to_str().unwrap(),
    ]);
    assert_eq!(record.status.code(), Some(2));
    assert!(text(&record.stderr).contains("pass --bearer"));
    assert_eq!(
        std::fs::read_dir(tmp.path()).unwrap().count(),
        0,
        "nothing recorded"
    );
    let (code, _, stderr) = check(&mock.url, &[]);
    assert_eq!(code, Some(2));
    assert!(stderr.concat().contains("pass --bearer"), "{stderr:?}");
    // With the token, the snapshot check passes.
    let ok = run(&[
        "snapshot",
        "--target",
        &mock.url,
        "--bearer",
        "t",
        "--check",
        dir,
        "--case",
        "client-1006-two-of-three-goods",
    ]);
    assert_eq!(ok.status.code(), Some(0), "{}", text(&ok.stderr));
}

/// A target that answers every request, only later than `--timeout`: the first request is
/// allowed 3 × `--timeout`, the run goes on, and the slowness is reported as violations
/// (exit 1), not as a target that is down (exit 2).
#[test]
fn a_slow_target_is_checked_and_its_slowness_reported() {
    let stub = Stub::start(Answer::http(
        "200 OK",
        &[("Content-Type", "application/json; charset=utf-8")],
        CONTRACT_JSON,
        Duration::from_millis(700),
    ));
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("report.json");
    let out = run(&[
        "check",
        "--target",
        &stub.url,
        "--seed",
        "1",
        "--cases",
        "3",
        "--timeout",
        "400ms",
        "--no-shrink",
        "--report",
        &format!("json={}", report.display()),
    ]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("the target answered the first request after ")
            && stderr.contains("beyond --timeout 400 ms"),
        "{stderr}"
    );
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    assert_eq!(report["cases_run"], 3);
    assert_eq!(report["failing_cases"], 3, "{report:#}");
    assert_eq!(
        report["counts"]["hostile.timeout"]["violations"], 3,
        "{report:#}"
    );
}

/// A target that accepts connections and never answers: exit 2 after the first request's
/// deadline (3 × `--timeout`), and the mock-health lookup runs beside that request instead of
/// before it, so the probe does not wait twice.
#[test]
fn a_target_that_never_answers_is_exit_2_without_waiting_twice() {
    let stub = Stub::start(Answer::Never);
    let started = Instant::now();
    let (code, stdout, stderr) = check(&stub.url, &["--timeout", "1s"]);
    let elapsed = started.elapsed();
    let line = assert_one_sentence(code, &stdout, &stderr);
    assert!(
        line.contains(&format!(
            "accepts connections but did not answer POST {}{ACTION} within 3000 ms (3× --timeout",
            stub.url
        )),
        "{line}"
    );
    let seen = stub.request_lines();
    let at = |prefix: &str| {
        seen.iter()
            .find(|(l, _)| l.starts_with(prefix))
            .map(|(_, t)| *t)
            .unwrap_or_else(|| panic!("no {prefix} request: {seen:?}"))
    };
    let (health, post) = (at("GET /__mock/health"), at("POST "));
    let apart = if health > post {
        health - post
    } else {
        post - health
    };
    assert!(
        apart < Duration::from_millis(500),
        "the health lookup and the first request were sent {apart:?} apart: one waited for the other"
    );
    assert!(elapsed < Duration::from_secs(6), "took {elapsed:?}");
}
