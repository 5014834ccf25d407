//! Datasets and flags: reloading a large dataset does not stall requests, `--watch` notices a
//! same-size rewrite that kept the old modification time (and ignores a touch), the size limit
//! holds, health shows the effective `as_of`, and inconsistent flags are usage errors.

use crate::http::Connection;
use crate::process::{MOCK_BINARY, MockProcess};
use crate::{ACTION, ADMIN, JSON_REQUEST, RSS_BOUND_MIB, assert_rss_below, eventually, within};
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

fn health(mock: &MockProcess) -> serde_json::Value {
    let answer =
        Connection::open(mock.addr)
            .with_host("localhost")
            .send("GET", "/__mock/health", &[], b"");
    serde_json::from_slice(&answer.body).unwrap()
}

fn generation(mock: &MockProcess) -> u64 {
    health(mock)["dataset"]["generation"].as_u64().unwrap()
}

#[test]
fn reloading_a_large_dataset_does_not_stall_requests() {
    let dir = tempfile::tempdir().unwrap();
    let status = Command::new(MOCK_BINARY)
        .args(["dataset", "generate", "--clients", "20000", "--out"])
        .arg(dir.path())
        .status()
        .unwrap();
    assert!(status.success());
    let mock = MockProcess::start(&["--dataset", dir.path().to_str().unwrap()]);
    let stop = Arc::new(AtomicBool::new(false));
    let slowest = Arc::new(Mutex::new(Duration::ZERO));
    let client = {
        let (stop, slowest, addr) = (Arc::clone(&stop), Arc::clone(&slowest), mock.addr);
        std::thread::spawn(move || {
            let mut connection = Connection::open(addr);
            let body = br#"{"Client":0}"#;
            while !stop.load(Ordering::SeqCst) {
                let started = Instant::now();
                connection.send("POST", ACTION, &JSON_REQUEST, body);
                let took = started.elapsed();
                let mut slowest = slowest.lock().unwrap();
                *slowest = (*slowest).max(took);
            }
        })
    };
    let mut admin = Connection::open(mock.addr).with_host("localhost");
    let mut quickest_reload = Duration::MAX;
    for expected in 2..=4 {
        let started = Instant::now();
        let answer = within(Duration::from_secs(60), "a reload", || {
            admin.send("POST", "/__mock/reload", &ADMIN, b"")
        });
        quickest_reload = quickest_reload.min(started.elapsed());
        assert_eq!(answer.status, 200, "{}", answer.text());
        assert_eq!(generation(&mock), expected);
    }
    stop.store(true, Ordering::SeqCst);
    client.join().unwrap();
    let slowest = *slowest.lock().unwrap();
    eprintln!("reloads took at least {quickest_reload:?}; the slowest request {slowest:?}");
    // A reload on the request path held every request for the whole reload; now requests go
    // on beside it (the bound leaves room for a busy shared machine).
    assert!(
        slowest < quickest_reload / 3 && slowest < Duration::from_secs(1),
        "the slowest request took {slowest:?}, a reload {quickest_reload:?}"
    );

    assert_rss_below(&mock, RSS_BOUND_MIB * 4);
}

#[test]
fn watch_notices_a_same_size_rewrite_with_the_old_mtime_and_ignores_a_touch() {
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/contracts/datasets/default"
    ))
    .unwrap()
    {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), dir.path().join(entry.file_name())).unwrap();
    }
    let mock = MockProcess::start(&["--dataset", dir.path().to_str().unwrap(), "--watch"]);
    let file = dir.path().join("operators.json");
    let text = std::fs::read_to_string(&file).unwrap();
    let modified = std::fs::metadata(&file).unwrap().modified().unwrap();
    // A touch: new modification time, same bytes. No reload.
    std::fs::File::options()
        .write(true)
        .open(&file)
        .unwrap()
        .set_modified(modified + Duration::from_secs(5))
        .unwrap();
    std::thread::sleep(Duration::from_millis(1500));
    assert_eq!(generation(&mock), 1);
    // Same size, other bytes, the old modification time put back.
    let edited = text.replacen("Победа", "Победы", 1);
    assert_eq!(edited.len(), text.len());
    std::fs::write(&file, &edited).unwrap();
    std::fs::File::options()
        .write(true)
        .open(&file)
        .unwrap()
        .set_modified(modified)
        .unwrap();
    eventually(
        Duration::from_secs(10),
        "a reload after the rewrite",
        || generation(&mock) == 2,
    );
}

#[test]
fn a_dataset_over_the_size_limit_is_refused_before_reading() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/contracts/datasets/default");
    let output = Command::new(MOCK_BINARY)
        .args([
            "serve",
            "--port",
            "0",
            "--dataset",
            dir,
            "--max-dataset-bytes",
            "1000",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("larger than its limit of 1000 bytes (--max-dataset-bytes)"),
        "{stderr}"
    );
}

#[test]
fn inconsistent_flags_are_usage_errors() {
    for (args, expected) in [
        (
            &["serve", "--jwt-secret", "s"][..],
            "--jwt-secret is used only with --auth jwt",
        ),
        (&["serve", "--watch"][..], "--dataset"),
    ] {
        let output = Command::new(MOCK_BINARY).args(args).output().unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
        assert!(output.stdout.is_empty(), "{args:?}");
    }
}

#[test]
fn health_shows_the_effective_as_of_to_the_tick() {
    let mock = MockProcess::start(&[]);
    assert_eq!(health(&mock)["dataset"]["as_of"], "2026-05-07T11:27:39.507");
    let mock = MockProcess::start(&["--as-of", "2026-06-01T08:30:00.1234567"]);
    let value = health(&mock);
    assert_eq!(value["dataset"]["as_of"], "2026-06-01T08:30:00.1234567");
    assert_eq!(value["dataset"]["as_of_from"], "--as-of");
}
