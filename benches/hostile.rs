//! Hostile bodies: the bind time of each worst-case body of 1 MiB per format (the mock's body
//! limit), and the mock's memory after many of them followed by a journal read.
//!
//! `cargo bench --bench hostile` (`-- --size N` for another body size, `-- --requests N` for
//! another request count, `-- --bind-only` to skip the server part). Targets: every body binds
//! in under 100 ms; the mock's RSS after the requests and a journal read stays less than
//! 64 MiB above its RSS with the dataset loaded.
#![allow(clippy::unwrap_used, reason = "a benchmark fails loudly")]

mod common;

use common::bodies::{self, HostileBody};
use common::http::Connection;
use common::number_arg;
use common::process::MockProcess;
use favorite_contract::codec::{BindOptions, bind};
use std::hint::black_box;
use std::time::{Duration, Instant};

/// The mock's default body limit.
const DEFAULT_SIZE: u64 = 1024 * 1024;
/// Requests sent to the mock in the memory part.
const DEFAULT_REQUESTS: u64 = 1_000;
/// Binds per body; the median is reported.
const ROUNDS: usize = 5;

fn main() {
    let size = usize::try_from(number_arg("--size").unwrap_or(DEFAULT_SIZE)).unwrap();
    let cases = bodies::all(size);
    println!("bind time of hostile bodies of at most {size} bytes (median of {ROUNDS}):");
    println!(
        "{:<32} {:>9} {:>10} {:>6} {:>9}",
        "body", "bytes", "ms", "kept", "omitted"
    );
    let mut worst: Vec<(&str, &str, Duration)> = Vec::new();
    for case in &cases {
        let (time, kept, omitted) = bind_time(case);
        println!(
            "{:<32} {:>9} {:>10.2} {:>6} {:>9}",
            case.name,
            case.body.len(),
            time.as_secs_f64() * 1e3,
            kept,
            omitted
        );
        let format = case.name.split('-').next().unwrap();
        match worst.iter_mut().find(|(f, _, _)| *f == format) {
            Some(entry) if entry.2 < time => *entry = (format, case.name, time),
            Some(_) => {}
            None => worst.push((format, case.name, time)),
        }
    }
    println!();
    for (format, name, time) in &worst {
        println!(
            "worst {format}: {name} {:.2} ms (target < 100 ms)",
            time.as_secs_f64() * 1e3
        );
    }
    if std::env::args().any(|a| a == "--bind-only") {
        return;
    }
    let requests = number_arg("--requests").unwrap_or(DEFAULT_REQUESTS);
    memory_after_hostile(&cases, requests);
}

/// Start the mock, send `requests` hostile bodies (each case in turn, the worst first), read the
/// journal, and report RSS against the RSS with only the dataset loaded.
fn memory_after_hostile(cases: &[HostileBody], requests: u64) {
    let mock = MockProcess::start(&[]);
    let mut connection = Connection::open(mock.addr);
    // One ordinary exchange so the baseline includes the runtime's first allocations.
    let ok = connection.send("GET", "/__mock/health", &[], b"");
    assert_eq!(ok.status, 200);
    let baseline = mock.rss_kib();
    let started = Instant::now();
    let mut slowest = (Duration::ZERO, "");
    for i in 0..requests {
        let case = &cases[usize::try_from(i).unwrap() % cases.len()];
        let sent = Instant::now();
        let answer = connection.send(
            "POST",
            "/api/client/ClientFavoriteDataInfo",
            &[
                ("Authorization", "Bearer bench"),
                ("Content-Type", case.content_type),
            ],
            &case.body,
        );
        assert!(answer.status < 600);
        if sent.elapsed() > slowest.0 {
            slowest = (sent.elapsed(), case.name);
        }
    }
    let elapsed = started.elapsed();
    let after_requests = mock.rss_kib();
    let journal = connection.send(
        "GET",
        "/__mock/requests",
        &[("Accept", "application/json")],
        b"",
    );
    assert_eq!(journal.status, 200);
    let after_read = mock.rss_kib();
    let peak = mock.peak_rss_kib();
    let cpu = mock.cpu_time();
    println!();
    println!(
        "mock after {requests} hostile requests ({:.1} s, slowest {:.1} ms: {}), then a journal \
         read of {} bytes:",
        elapsed.as_secs_f64(),
        slowest.0.as_secs_f64() * 1e3,
        slowest.1,
        journal.body.len()
    );
    println!(
        "  RSS with the dataset {:.1} MiB; after the requests +{:.1} MiB; after the journal read \
         +{:.1} MiB (target < 64 MiB); peak +{:.1} MiB; server CPU {:.2} ms per request",
        mib(baseline),
        mib(after_requests.saturating_sub(baseline)),
        mib(after_read.saturating_sub(baseline)),
        mib(peak.saturating_sub(baseline)),
        cpu.as_secs_f64() * 1e3 / requests as f64,
    );
}

fn mib(kib: u64) -> f64 {
    kib as f64 / 1024.0
}

fn bind_time(case: &HostileBody) -> (Duration, usize, usize) {
    let options = BindOptions::default();
    let mut times = Vec::with_capacity(ROUNDS);
    let mut counts = (0, 0);
    for _ in 0..ROUNDS {
        let started = Instant::now();
        let bound = bind(Some(case.content_type), black_box(&case.body), &options).unwrap();
        times.push(started.elapsed());
        counts = (bound.diagnostics.len(), bound.diagnostics_omitted);
        drop(black_box(bound));
    }
    times.sort();
    (times[ROUNDS / 2], counts.0, counts.1)
}
