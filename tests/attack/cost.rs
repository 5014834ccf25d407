//! Cost proportional to the input: hostile 1 MiB bodies bind within a bound, their
//! diagnostics are capped, the journal stays within its byte limit, and two hostile requests at
//! once do not hold up anyone else.

use crate::bodies::{self, HostileBody};
use crate::http::Connection;
use crate::process::MockProcess;
use crate::{ACTION, ADMIN, CLIENT_BODY, JSON_REQUEST, RSS_BOUND_MIB, assert_rss_below, within};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

const MIB: usize = 1024 * 1024;
/// Per hostile request (a debug build; release binds each in tens of milliseconds).
const HOSTILE_DEADLINE: Duration = Duration::from_secs(10);

/// The bodies that cost the most per format (see `cargo bench --bench hostile`), and the two
/// from the original report.
fn worst() -> Vec<HostileBody> {
    const NAMES: [&str; 9] = [
        "json-duplicate-client",
        "json-unknown-members",
        "json-single-quotes",
        "json-leading-spaces",
        "xml-unknown-elements",
        "xml-unknown-lines",
        "xml-nested-unknown",
        "form-duplicate-long",
        "form-brackets",
    ];
    bodies::all(MIB)
        .into_iter()
        .filter(|b| NAMES.contains(&b.name))
        .collect()
}

fn post(connection: &mut Connection, body: &HostileBody) -> crate::http::Answer {
    connection.send(
        "POST",
        ACTION,
        &[
            ("Authorization", "Bearer attack-suite"),
            ("Content-Type", body.content_type),
        ],
        &body.body,
    )
}

#[test]
fn hostile_bodies_are_answered_in_bounded_time_and_memory() {
    let mock = MockProcess::start(&[]);
    let mut connection = Connection::open(mock.addr).with_host("localhost");
    let baseline = mock.rss_kib();
    let cases = worst();
    assert_eq!(cases.len(), 9);
    for round in 0..3 {
        for case in &cases {
            let answer = within(HOSTILE_DEADLINE, case.name, || post(&mut connection, case));
            assert!(
                matches!(answer.status, 200 | 500),
                "{}: {}",
                case.name,
                answer.status
            );
            if round == 0 {
                // The header counts every diagnostic; the journal keeps the first 64.
                if let Some(summary) = answer.header("x-mock-diagnostics") {
                    let total: usize = summary.split(';').next().unwrap().parse().unwrap();
                    assert!(total >= 1, "{}: {summary}", case.name);
                }
            }
        }
    }
    let journal = within(HOSTILE_DEADLINE, "the journal read", || {
        connection.send("GET", "/__mock/requests", &ADMIN, b"")
    });
    assert_eq!(journal.status, 200);
    let value: serde_json::Value = serde_json::from_slice(&journal.body).unwrap();
    for entry in value["requests"].as_array().unwrap() {
        let kept = entry["diagnostics"].as_array().unwrap().len();
        assert!(kept <= favorite_contract::codec::MAX_DIAGNOSTICS);
    }
    // 27 hostile exchanges (27 MiB of bodies; a form's ModelState message quotes every
    // value, as .NET's does): the journal keeps what fits in its 8 MiB.
    assert!(
        journal.body.len() < 10 * MIB,
        "{} bytes",
        journal.body.len()
    );
    let grown = mock.rss_kib().saturating_sub(baseline) / 1024;
    assert!(grown < 64, "RSS grew by {grown} MiB");
    assert_rss_below(&mock, RSS_BOUND_MIB);
}

#[test]
fn the_journal_is_bounded_in_bytes_not_only_entries() {
    let mock = MockProcess::start(&["--journal-size", "1000", "--journal-bytes", "300000"]);
    let mut connection = Connection::open(mock.addr).with_host("localhost");
    let xml = bodies::xml_bodies(MIB)
        .into_iter()
        .find(|b| b.name == "xml-unknown-elements")
        .unwrap();
    for _ in 0..30 {
        within(HOSTILE_DEADLINE, xml.name, || post(&mut connection, &xml));
    }
    let journal = connection.send("GET", "/__mock/requests", &ADMIN, b"");
    let value: serde_json::Value = serde_json::from_slice(&journal.body).unwrap();
    let kept = value["requests"].as_array().unwrap().len();
    assert_eq!(value["total"], 30);
    assert!((1..30).contains(&kept), "{kept} entries kept");
    assert!(
        journal.body.len() < 1_000_000,
        "{} bytes",
        journal.body.len()
    );
    assert_rss_below(&mock, RSS_BOUND_MIB);
}

#[test]
fn hostile_requests_at_once_do_not_stall_other_clients() {
    let mock = MockProcess::start(&[]);
    let addr = mock.addr;
    let stop = Arc::new(AtomicBool::new(false));
    let attackers: Vec<_> = (0..2)
        .map(|i| {
            let stop = Arc::clone(&stop);
            std::thread::spawn(move || {
                let cases = worst();
                let mut connection = Connection::open(addr).with_host("localhost");
                let mut n = i;
                while !stop.load(Ordering::SeqCst) {
                    post(&mut connection, &cases[n % cases.len()]);
                    n += 1;
                }
            })
        })
        .collect();
    std::thread::sleep(Duration::from_millis(300));
    let mut connection = Connection::open(addr).with_host("localhost");
    for _ in 0..50 {
        let answer = within(Duration::from_secs(2), "an ordinary request", || {
            connection.send("POST", ACTION, &JSON_REQUEST, CLIENT_BODY)
        });
        assert_eq!(answer.status, 200);
        std::thread::sleep(Duration::from_millis(20));
    }
    stop.store(true, Ordering::SeqCst);
    for attacker in attackers {
        attacker.join().unwrap();
    }
    assert_rss_below(&mock, RSS_BOUND_MIB);
}
