//! Overhead of the validation proxy under an external load generator (`wrk`, installed by the
//! bench or it stops with a clear message). The release binary runs twice as its own
//! processes — the mock (`serve`) and the proxy in front of it — measured from outside:
//!
//! 1. **direct**: mixed JSON/XML/form requests of the action straight to the mock;
//! 2. **bare relay**: the same load through a bare hyper 1 relay (`relay.rs`), the floor any
//!    proxy on this machine stands on: two hops' HTTP and socket work, nothing else;
//! 3. **forwarding only**: the same load through a proxy told the action lives under a base
//!    path no request has (`--base-path /elsewhere`), so every exchange streams through
//!    unjudged: the cost of the extra HTTP hop alone, the floor for the next three;
//! 4. **proxy**: the same load through the proxy, judging every exchange (default profile);
//!    the load repeats three exchanges, so after the first of each the proxy's exact memo of
//!    verdicts answers (the findings of the same bytes judged before);
//! 5. **proxy, all-distinct**: the same three answers, but every request's bytes differ
//!    from the last [`DISTINCT_PER_FORMAT`] × 3 (padding after the body, a page length past
//!    the client's rows), more than the memo holds: every exchange is judged in full;
//! 6. **proxy + oracle**: the load of 4, the proxy also comparing each answer with the
//!    reference engine's on the mock's dataset (`--oracle-dataset`);
//! 7. **memory**: 400 requests with bodies of 1,000,000 bytes (judged) and 2,000,000 bytes
//!    (streamed through unjudged), four at a time, then a journal read: the proxy's RSS before
//!    and after, and its peak.
//!
//! For each: requests per second, p50/p99, errors, and CPU per request of each process from
//! `/proc/<pid>/stat`; then throughput through the proxy as a share of direct (target ≥ 0.5)
//! and the proxy's CPU µs per judged exchange. The proxy's own findings are read from
//! `/__proxy/health` (the mock's answers must judge clean).
//!
//! `cargo bench --bench proxy` (`-- --seconds N` per phase, default 10; `-- --connections N`,
//! default 32; `FAVORITE_CONTRACT_BIN=path` measures another build of the binary). With
//! `-- --compare PATH` it compares this build's proxy with another build's instead, head to
//! head under the repeated and the all-distinct load (`compare.rs`; `-- --rounds N`, default
//! 4).
#![allow(clippy::unwrap_used, reason = "a benchmark fails loudly")]

#[path = "../common/mod.rs"]
mod common;
mod compare;
mod relay;

use common::http::Connection;
use common::process::{MockProcess, mock_binary};
use common::wrk::{Load, Report, Wrk, ms};
use common::{ACTION, FORM_BODY, JSON_BODY, XML_BODY, number_arg, string_arg};
use std::net::SocketAddr;
use std::path::Path;
use std::time::Duration;

const DEFAULT_SECONDS: u64 = 10;
const DEFAULT_CONNECTIONS: u64 = 32;
const AUTH: (&str, &str) = ("Authorization", "Bearer bench");

/// Distinct requests per format in the all-distinct phase: together more than twice the
/// proxy's memo of verdicts. Each wrk thread sends its own share of them in turn, so between
/// two sends of one request the proxy judges all the others, and the memo always misses.
const DISTINCT_PER_FORMAT: usize = 800;

/// The mixed load with every request's bytes distinct within a round of
/// `3 × DISTINCT_PER_FORMAT`, answered as the mixed load's are.
fn distinct(addr: SocketAddr, connections: u32, seconds: u64) -> Load {
    let mut bodies = Vec::new();
    for i in 0..DISTINCT_PER_FORMAT {
        let pad = " ".repeat(i + 1);
        bodies.push(("application/json", format!("{JSON_BODY}{pad}")));
        bodies.push(("application/xml", format!("{XML_BODY}{pad}")));
        // Client 1007 has one row: any page length from 10 answers the same.
        bodies.push((
            "application/x-www-form-urlencoded",
            format!("{FORM_BODY}&Start=1&Length={}", 10 + i),
        ));
    }
    let bodies: Vec<(&str, &str)> = bodies.iter().map(|(t, b)| (*t, b.as_str())).collect();
    Load::post(addr, ACTION, &[AUTH], JSON_BODY)
        .rotating(&bodies)
        .split_between_threads()
        .connections(connections)
        .seconds(seconds)
}

fn mixed(addr: SocketAddr, connections: u32, seconds: u64) -> Load {
    common::mixed_load(addr, AUTH)
        .connections(connections)
        .seconds(seconds)
}

/// One phase's figures.
struct Phase {
    report: Report,
    /// CPU µs per request of the mock.
    mock_us: f64,
    /// CPU µs per exchange of the proxy (`None` for direct traffic).
    proxy_us: Option<f64>,
}

fn per_request(cpu: Duration, report: &Report) -> f64 {
    cpu.as_secs_f64() * 1e6 / report.requests.max(1) as f64
}

fn print(name: &str, phase: &Phase) {
    let r = &phase.report;
    println!(
        "  {name}: {} requests ({:.0}/s), errors {}, p50 {}, p99 {}; mock CPU {:.1} µs/request{}",
        r.requests,
        r.rate(),
        r.errors(),
        ms(r.p50),
        ms(r.p99),
        phase.mock_us,
        phase.proxy_us.map_or(String::new(), |us| format!(
            ", proxy CPU {us:.1} µs/exchange"
        )),
    );
}

/// Run the load against the mock directly.
fn direct(wrk: &Wrk, connections: u32, seconds: u64) -> Phase {
    let mock = MockProcess::start(&[]);
    let before = mock.cpu_time();
    let report = wrk.run(&mixed(mock.addr, connections, seconds));
    let mock_us = per_request(mock.cpu_time().saturating_sub(before), &report);
    Phase {
        report,
        mock_us,
        proxy_us: None,
    }
}

/// Run the load through a proxy started with `extra` flags; returns the figures and the
/// proxy's health document afterwards.
fn through(
    wrk: &Wrk,
    load: compare::MakeLoad,
    connections: u32,
    seconds: u64,
    extra: &[&str],
) -> (Phase, String) {
    let mock = MockProcess::start(&[]);
    let upstream = mock.url();
    let mut args = vec!["proxy", "--upstream", &upstream, "--port", "0", "--quiet"];
    args.extend_from_slice(extra);
    let proxy = MockProcess::spawn(&args);
    let (mock_before, proxy_before) = (mock.cpu_time(), proxy.cpu_time());
    let report = wrk.run(&load(proxy.addr, connections, seconds));
    let mock_us = per_request(mock.cpu_time().saturating_sub(mock_before), &report);
    let proxy_us = per_request(proxy.cpu_time().saturating_sub(proxy_before), &report);
    let health = Connection::open(proxy.addr).send("GET", "/__proxy/health", &[], b"");
    assert_eq!(health.status, 200);
    (
        Phase {
            report,
            mock_us,
            proxy_us: Some(proxy_us),
        },
        health.text(),
    )
}

fn mib(kib: u64) -> String {
    format!("{:.1} MiB", kib as f64 / 1024.0)
}

/// The load through the bare relay in front of a mock.
fn relayed(wrk: &Wrk, connections: u32, seconds: u64) -> Phase {
    let mock = MockProcess::start(&[]);
    let exe = std::env::current_exe().unwrap();
    let relay = MockProcess::spawn_with(exe.to_str().unwrap(), &[relay::FLAG, &mock.url()], false);
    let (mock_before, relay_before) = (mock.cpu_time(), relay.cpu_time());
    let report = wrk.run(&mixed(relay.addr, connections, seconds));
    Phase {
        mock_us: per_request(mock.cpu_time().saturating_sub(mock_before), &report),
        proxy_us: Some(per_request(
            relay.cpu_time().saturating_sub(relay_before),
            &report,
        )),
        report,
    }
}

/// Phase 7: large bodies, judged and streamed, then the journal; the proxy's memory.
fn memory() {
    let mock = MockProcess::start(&["--max-body-bytes", "4194304"]);
    let upstream = mock.url();
    let proxy = MockProcess::spawn(&["proxy", "--upstream", &upstream, "--port", "0", "--quiet"]);
    let before = proxy.rss_kib();
    let body = |size: usize| {
        let pad = " ".repeat(size - JSON_BODY.len());
        format!("{}{pad}", JSON_BODY).into_bytes()
    };
    let (judged, streamed) = (body(1_000_000), body(2_000_000));
    std::thread::scope(|scope| {
        for _ in 0..4 {
            scope.spawn(|| {
                let mut connection = Connection::open(proxy.addr);
                for i in 0..100 {
                    let body = if i % 2 == 0 { &judged } else { &streamed };
                    let answer = connection.send(
                        "POST",
                        ACTION,
                        &[AUTH, ("Content-Type", "application/json")],
                        body,
                    );
                    assert_eq!(answer.status, 200);
                }
            });
        }
    });
    let journal = Connection::open(proxy.addr).send("GET", "/__proxy/exchanges", &[], b"");
    assert_eq!(journal.status, 200);
    println!(
        "  400 requests of 1 MB (judged) and 2 MB (streamed), journal read ({} bytes): proxy RSS \
         {} before, {} after, peak {}",
        journal.body.len(),
        mib(before),
        mib(proxy.rss_kib()),
        mib(proxy.peak_rss_kib())
    );
}

fn main() {
    if relay::run_if_asked() {
        return;
    }
    let seconds = number_arg("--seconds").unwrap_or(DEFAULT_SECONDS);
    let connections =
        u32::try_from(number_arg("--connections").unwrap_or(DEFAULT_CONNECTIONS)).unwrap_or(32);
    let wrk = Wrk::find_or_install();
    if let Some(other) = string_arg("--compare") {
        let rounds = number_arg("--rounds")
            .unwrap_or(compare::DEFAULT_ROUNDS)
            .max(1);
        compare::head_to_head(
            &wrk,
            &other,
            &[("repeated", mixed), ("all-distinct", distinct)],
            connections,
            seconds,
            rounds,
        );
        return;
    }
    println!(
        "proxy benchmark: wrk, {connections} keep-alive connections, mixed JSON/XML/form, \
         {seconds} s per phase, binary = {}",
        mock_binary()
    );
    let dataset = Path::new(env!("CARGO_MANIFEST_DIR")).join("contracts/datasets/default");
    let dataset = dataset.to_str().unwrap();
    let base = direct(&wrk, connections, seconds);
    print("direct to the mock", &base);
    let bare = relayed(&wrk, connections, seconds);
    print("through a bare hyper relay", &bare);
    let (forwarding, _) = through(
        &wrk,
        mixed,
        connections,
        seconds,
        &["--base-path", "/elsewhere"],
    );
    print("through the proxy, forwarding only", &forwarding);
    let (judged, health) = through(&wrk, mixed, connections, seconds, &[]);
    print("through the proxy, judging (repeated traffic)", &judged);
    println!("    proxy health: {health}");
    let (all_distinct, health) = through(&wrk, distinct, connections, seconds, &[]);
    print(
        "through the proxy, judging (all-distinct traffic)",
        &all_distinct,
    );
    println!("    proxy health: {health}");
    let (oracle, health) = through(
        &wrk,
        mixed,
        connections,
        seconds,
        &["--oracle-dataset", dataset],
    );
    print("through the proxy, judging + oracle", &oracle);
    println!("    proxy health: {health}");
    memory();
    for (name, phase) in [
        ("bare hyper relay", &bare),
        ("forwarding only", &forwarding),
        ("judging, repeated traffic", &judged),
        ("judging, all-distinct traffic", &all_distinct),
        ("judging + oracle", &oracle),
    ] {
        println!(
            "  {name}: throughput {:.2}x direct (target >= 0.5 judging), proxy CPU {:.1} µs per \
             exchange",
            phase.report.rate() / base.report.rate().max(1e-9),
            phase.proxy_us.unwrap_or(0.0)
        );
    }
}
