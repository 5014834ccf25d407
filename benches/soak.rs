//! Soak benchmark of the mock under an external load generator (`wrk`, installed by the bench
//! or it stops with a clear message): the release binary is started as its own process and
//! measured from outside.
//!
//! 1. **soak**: keep-alive load mixing JSON, XML and form requests; requests, errors, p99, the
//!    mock's RSS before and after, its CPU time per request.
//! 2. **slow sockets**: the same load on a few connections while 1,000 other sockets sit idle
//!    or trickle request heads (reopened as the mock closes them); p99 (target < 50 ms).
//! 3. **reload**: a ~150 MB generated dataset reloaded over and over during the load; p99 with
//!    and without the reloads (target < 50 ms).
//! 4. **watch**: `--watch` on a dataset folder whose file is rewritten with the same size and
//!    its old modification time; rewrites noticed, p99 meanwhile.
//! 5. **SIGTERM**: keep-alive load, then SIGTERM; requests lost (wrk's read errors), the exit
//!    status, and the mock's own drain line.
//!
//! `cargo bench --bench soak` (`-- --seconds N` per phase, default 15; `-- --clients N` for
//! the reload dataset, default 36,000 ≈ 150 MB, generated once into the temp folder; `-- --only
//! N` to run one phase; `FAVORITE_CONTRACT_BIN=path` measures another build of the binary).
#![allow(clippy::unwrap_used, reason = "a benchmark fails loudly")]

mod common;

use common::http::Connection;
use common::process::{MOCK_BINARY, MockProcess, mock_binary};
use common::wrk::{Load, Report, Wrk, ms};
use common::{ACTION, number_arg};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

const DEFAULT_SECONDS: u64 = 15;
const DEFAULT_CLIENTS: u64 = 36_000;
const AUTH: (&str, &str) = ("Authorization", "Bearer soak");
/// Slow sockets held during phase 2.
const SLOW_SOCKETS: usize = 1_000;

fn main() {
    let seconds = number_arg("--seconds").unwrap_or(DEFAULT_SECONDS);
    let clients = number_arg("--clients").unwrap_or(DEFAULT_CLIENTS);
    let wrk = Wrk::find_or_install();
    println!(
        "soak benchmark: wrk load, {seconds} s per phase, mock = {}",
        mock_binary()
    );
    let only = number_arg("--only");
    let run = |phase: u64| only.is_none_or(|n| n == phase);
    if run(1) {
        soak(&wrk, seconds);
    }
    if run(2) {
        slow_sockets(&wrk, seconds);
    }
    if run(3) {
        reload(&wrk, seconds, clients);
    }
    if run(4) {
        watch(&wrk, seconds);
    }
    if run(5) {
        sigterm(&wrk);
    }
}

fn mixed(addr: SocketAddr) -> Load {
    common::mixed_load(addr, AUTH)
}

fn line(name: &str, report: &Report) {
    println!(
        "  {name}: {} requests ({:.0}/s), errors {} (connect {}, read {}, write {}, status {}, \
         timeout {}), p50 {}, p99 {}, max {}",
        report.requests,
        report.rate(),
        report.errors(),
        report.connect_errors,
        report.read_errors,
        report.write_errors,
        report.status_errors,
        report.timeouts,
        ms(report.p50),
        ms(report.p99),
        ms(report.max),
    );
}

fn mib(kib: u64) -> String {
    format!("{:.1} MiB", kib as f64 / 1024.0)
}

/// Phase 1: sustained mixed load.
fn soak(wrk: &Wrk, seconds: u64) {
    println!("\n1. soak: mixed JSON/XML/form, 32 keep-alive connections");
    let mock = MockProcess::start(&[]);
    let before = mock.rss_kib();
    let cpu_before = mock.cpu_time();
    let report = wrk.run(&mixed(mock.addr).connections(32).seconds(seconds));
    let cpu = mock.cpu_time().saturating_sub(cpu_before);
    line("load", &report);
    let journal = Connection::open(mock.addr).send("GET", "/__mock/requests", &[], b"");
    assert_eq!(journal.status, 200);
    println!(
        "  RSS before {}, after {} (peak {}); server CPU {:.1} µs per request",
        mib(before),
        mib(mock.rss_kib()),
        mib(mock.peak_rss_kib()),
        cpu.as_secs_f64() * 1e6 / report.requests.max(1) as f64
    );
}

/// Phase 2: the load beside 1,000 idle or trickling sockets.
fn slow_sockets(wrk: &Wrk, seconds: u64) {
    println!(
        "\n2. slow sockets: {SLOW_SOCKETS} idle or header-trickling sockets held open; \
         one request per connection"
    );
    let mock = MockProcess::start(&[]);
    // Each request on a new connection (as curl or a script sends them): a new connection is
    // what slow sockets would keep waiting.
    let load = || {
        mixed(mock.addr)
            .header("Connection", "close")
            .connections(8)
    };
    let quiet = wrk.run(&load().seconds(seconds.min(5)));
    line("without them", &quiet);
    let stop = Arc::new(AtomicBool::new(false));
    let reopened = Arc::new(AtomicU64::new(0));
    let holder = {
        let (stop, reopened, addr) = (Arc::clone(&stop), Arc::clone(&reopened), mock.addr);
        std::thread::spawn(move || hold_slow_sockets(addr, &stop, &reopened))
    };
    std::thread::sleep(Duration::from_secs(1));
    let before = mock.rss_kib();
    let report = wrk.run(&load().seconds(seconds));
    stop.store(true, Ordering::SeqCst);
    holder.join().unwrap();
    line("beside them", &report);
    println!(
        "  p99 {} beside the slow sockets (target < 50 ms); {} sockets reopened after the \
         mock closed them; RSS with them {}",
        ms(report.p99),
        reopened.load(Ordering::SeqCst),
        mib(before)
    );
}

/// Keep [`SLOW_SOCKETS`] open: half idle, half sending a request head a byte at a time;
/// reopen any the mock closes (its header timeout).
fn hold_slow_sockets(addr: SocketAddr, stop: &AtomicBool, reopened: &AtomicU64) {
    let open = |i: usize| {
        let mut s = TcpStream::connect(addr).ok()?;
        s.set_nonblocking(true).ok()?;
        if i % 2 == 1 {
            let _ = s.write_all(b"POST /api/client/ClientFavoriteDataInfo HTTP/1.1\r\nHost: x\r\n");
        }
        Some(s)
    };
    let mut sockets: Vec<Option<TcpStream>> = (0..SLOW_SOCKETS).map(open).collect();
    while !stop.load(Ordering::SeqCst) {
        for (i, slot) in sockets.iter_mut().enumerate() {
            let closed = match slot {
                Some(s) => {
                    let mut byte = [0u8; 64];
                    matches!(s.read(&mut byte), Ok(0)) || (i % 2 == 1 && s.write_all(b"X").is_err())
                }
                None => true,
            };
            if closed {
                *slot = open(i);
                reopened.fetch_add(1, Ordering::SeqCst);
            }
        }
        std::thread::sleep(Duration::from_millis(250));
    }
}

/// A generated dataset of `clients` clients, written once into the temp folder.
fn big_dataset(clients: u64) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("favorite-contract-soak-{clients}"));
    let done = dir.join(".complete");
    if !done.exists() {
        let status = Command::new(MOCK_BINARY)
            .args([
                "dataset",
                "generate",
                "--clients",
                &clients.to_string(),
                "--out",
            ])
            .arg(&dir)
            .status()
            .unwrap();
        assert!(status.success(), "dataset generate failed");
        std::fs::write(&done, b"").unwrap();
    }
    dir
}

fn folder_bytes(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok()?.metadata().ok())
        .map(|m| m.len())
        .sum()
}

/// Phase 3: reloads of a large dataset during the load.
fn reload(wrk: &Wrk, seconds: u64, clients: u64) {
    let dir = big_dataset(clients);
    println!(
        "\n3. reload: {} clients, {:.0} MB dataset, reloaded back to back during the load",
        clients,
        folder_bytes(&dir) as f64 / 1e6
    );
    let mock = MockProcess::start(&["--dataset", dir.to_str().unwrap()]);
    // Generated client 2 belongs to operator 1 and has entries and purchases.
    let load = Load::post(
        mock.addr,
        ACTION,
        &[AUTH, ("Content-Type", "application/json")],
        r#"{"Operator":1,"Client":2,"Start":1,"Length":10}"#,
    )
    .connections(8)
    .seconds(seconds);
    let calm = wrk.run(&load);
    line("without reloads", &calm);
    let rss_before = mock.rss_kib();
    let running = wrk.start(&load);
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let mut admin = Connection::open(mock.addr);
    let mut reloads = Vec::new();
    while Instant::now() + Duration::from_secs(1) < deadline {
        let started = Instant::now();
        let answer = admin.send("POST", "/__mock/reload", &[("X-Mock-Admin", "1")], b"");
        assert_eq!(answer.status, 200, "{}", answer.text());
        reloads.push(started.elapsed());
    }
    let report = running.wait();
    line("during reloads", &report);
    let mean = reloads.iter().sum::<Duration>() / u32::try_from(reloads.len().max(1)).unwrap();
    println!(
        "  {} reloads of {} each on average; p99 {} during them (target < 50 ms) vs {} \
         without; RSS {} before, {} after (peak {})",
        reloads.len(),
        ms(mean),
        ms(report.p99),
        ms(calm.p99),
        mib(rss_before),
        mib(mock.rss_kib()),
        mib(mock.peak_rss_kib())
    );
}

/// Phase 4: `--watch` and same-size rewrites that keep the old modification time.
fn watch(wrk: &Wrk, seconds: u64) {
    let dir = tempfile::tempdir().unwrap();
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("contracts/datasets/default");
    for entry in std::fs::read_dir(source).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), dir.path().join(entry.file_name())).unwrap();
    }
    println!("\n4. watch: same-size rewrites with the old modification time, one a second");
    let mock = MockProcess::start(&["--dataset", dir.path().to_str().unwrap(), "--watch"]);
    let running = wrk.start(&mixed(mock.addr).connections(8).seconds(seconds));
    let file = dir.path().join("operators.json");
    let original = std::fs::read_to_string(&file).unwrap();
    let modified = std::fs::metadata(&file).unwrap().modified().unwrap();
    let variants = [original.replacen("Победа", "Победы", 1), original.clone()];
    let mut rewrites = 0u64;
    let mut noticed = 0u64;
    let mut generation = health_generation(mock.addr);
    let deadline = Instant::now() + Duration::from_secs(seconds.saturating_sub(2).max(2));
    while Instant::now() < deadline {
        let text = &variants[usize::try_from(rewrites % 2).unwrap()];
        std::fs::write(&file, text).unwrap();
        std::fs::File::options()
            .write(true)
            .open(&file)
            .unwrap()
            .set_modified(modified)
            .unwrap();
        rewrites += 1;
        std::thread::sleep(Duration::from_secs(1));
        let now = health_generation(mock.addr);
        if now > generation {
            noticed += 1;
            generation = now;
        }
    }
    let report = running.wait();
    line("load", &report);
    println!(
        "  {noticed} of {rewrites} rewrites noticed and reloaded; p99 {} meanwhile",
        ms(report.p99)
    );
}

fn health_generation(addr: SocketAddr) -> u64 {
    let answer = Connection::open(addr).send("GET", "/__mock/health", &[], b"");
    let value: serde_json::Value = serde_json::from_slice(&answer.body).unwrap();
    value["dataset"]["generation"].as_u64().unwrap()
}

/// Phase 5: SIGTERM under keep-alive load.
fn sigterm(wrk: &Wrk) {
    println!("\n5. SIGTERM under keep-alive load (32 connections)");
    let mock = MockProcess::start(&[]);
    let running = wrk.start(&mixed(mock.addr).connections(32).seconds(6));
    std::thread::sleep(Duration::from_secs(3));
    let (clean, log) = mock.terminate(Duration::from_secs(20));
    let report = running.wait();
    line("load", &report);
    let drained = log
        .lines()
        .find(|l| l.contains("drained in"))
        .map_or("(no drain line)", |l| l.split("INFO ").nth(1).unwrap_or(l));
    println!(
        "  requests lost (read errors): {}; exit {}; the mock: {drained}",
        report.read_errors,
        if clean { "0" } else { "not clean" }
    );
    println!(
        "  (connect and write errors are wrk reconnecting after the mock closed its connections \
         with `Connection: close` and stopped listening)"
    );
}
