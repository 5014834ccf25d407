//! Load benchmark: the mock (the release binary, a process of its own) against a bare hyper 1
//! server and wiremock-rs answering the very bytes the mock answers, driven by `wrk` (a
//! separate, efficient C load generator; the bench installs it with apt-get or stops with one
//! sentence saying how).
//!
//! Answers: client 1006 (a small answer) and client 1012 Start 1 Length 10 (a 10-row page),
//! each in JSON and XML; every answer at 1, 32 and 64 connections. Per case the compared
//! servers take turns in slices (`--rounds` of `--seconds` each, the order reversed every
//! other round), so load from elsewhere on the machine falls on all of them alike. Servers:
//!
//! - `bare`: hyper 1 serving the mock's captured answer (same status line, headers and body;
//!   checked byte for byte, `Date` aside, before measuring; see `baseline.rs`);
//! - `mock`: `favorite-contract serve --quiet`, the default configuration otherwise;
//! - `mock+log`: `favorite-contract serve` with its default log of one line per request
//!   (written to `/dev/null`: the mock formats and writes each line; no reader's CPU counts);
//! - `wiremock`: wiremock-rs with one stub answering the same status, type and body, started
//!   afresh for every slice (and warmed for a second): it keeps a copy of every request a
//!   stub matched, without bound, and slows down as that list grows (from some 80,000 to
//!   22,000 requests/s here after half a million requests, at 5 GB of memory), so a
//!   long-lived one would flatter the mock. Its memory after each slice is reported;
//! - `other` (with `--compare PATH`): another build of the binary, `--quiet`, for a
//!   before/after comparison in one run.
//!
//! Reported per case and server: requests/s, p50 and p99 (the median of the slices' wrk
//! percentiles), and **server CPU µs per request**: utime + stime of the server process from
//! `/proc/<pid>/stat` over the slices, divided by the requests answered in them — the figure a
//! busy, shared machine disturbs least. Then the ratios the targets are stated in.
//!
//! Then cold answers: the mock's answer cache serves the table's repeated requests, so the
//! `1006` answers are measured once more with every request missing it (each asks for a
//! first page of a different length, which for client 1006 is the same answer), against bare
//! hyper serving those bytes, with the cache's hits and misses over the run from
//! `/__mock/health`.
//!
//! Last, the dataset's size: the mock on a generated 100,000-client dataset (`--big-clients
//! N`, 0 to skip; shared with the `dataset` bench's files) against the default one, the same
//! size of answer, CPU per request.
//!
//! `cargo bench --bench load` (`-- --seconds S --rounds R`, `-- --conns N` for one
//! concurrency, `-- --compare path/to/favorite-contract`). `FAVORITE_CONTRACT_BIN` measures
//! another build as `mock`. `-- --instructions` counts instructions per request under
//! callgrind instead (see `instructions.rs`).
#![allow(clippy::unwrap_used, reason = "a benchmark fails loudly")]

#[path = "../common/mod.rs"]
mod common;

mod baseline;
mod instructions;

use baseline::{Baseline, Kind, PATH};
use common::http::Connection;
use common::process::{MockProcess, cpu_time, mock_binary, status_field};
use common::wrk::{Load, Report, Wrk};
use common::{number_arg, string_arg};
use favorite_contract::codec::{WireFormat, encode};
use favorite_contract::{Client, Dataset};
use favorite_contract::{EngineContext as Context, EngineSettings as Settings, respond};
use std::net::SocketAddr;
use std::path::Path;
use std::time::Duration;

/// Seconds per slice.
const DEFAULT_SECONDS: u64 = 2;
/// Slices per server and case.
const DEFAULT_ROUNDS: u64 = 3;
/// Concurrencies measured.
const CONNECTIONS: [u32; 3] = [1, 32, 64];
/// Clients of the generated dataset (about ten entries each).
const DEFAULT_BIG_CLIENTS: u64 = 100_000;
const AUTHORIZATION: (&str, &str) = ("Authorization", "Bearer bench");
const JSON: &str = "application/json";
const XML: &str = "application/xml";
const XML_REQUEST_NS: &str =
    "http://schemas.datacontract.org/2004/07/LCManagerPartner.Implementation.Request";
const XML_ABSTRACTIONS_NS: &str =
    "http://schemas.datacontract.org/2004/07/LCManagerPartner.Implementation.Abstractions";

/// A request whose answer is measured.
#[derive(Clone)]
struct Ask {
    name: &'static str,
    media: &'static str,
    body: String,
}

impl Ask {
    fn json(name: &'static str, body: &str) -> Ask {
        Ask {
            name,
            media: JSON,
            body: body.to_owned(),
        }
    }

    fn xml(name: &'static str, members: &str) -> Ask {
        Ask {
            name,
            media: XML,
            body: format!(
                r#"<ClientFavoriteDataInfoRequest xmlns:i="http://www.w3.org/2001/XMLSchema-instance" xmlns="{XML_REQUEST_NS}"><Operator xmlns="{XML_ABSTRACTIONS_NS}">1</Operator>{members}</ClientFavoriteDataInfoRequest>"#
            ),
        }
    }

    fn headers(&self) -> [(&'static str, &'static str); 3] {
        [
            AUTHORIZATION,
            ("Content-Type", self.media),
            ("Accept", self.media),
        ]
    }

    fn load(&self, addr: SocketAddr, conns: u32, seconds: u64) -> Load {
        Load::post(addr, PATH, &self.headers(), &self.body)
            .connections(conns)
            .threads(2)
            .seconds(seconds)
    }

    /// One exchange on a fresh connection, as wrk sends it.
    fn once(&self, addr: SocketAddr) -> common::http::Answer {
        Connection::open(addr).send("POST", PATH, &self.headers(), self.body.as_bytes())
    }
}

fn asks() -> Vec<Ask> {
    vec![
        Ask::json("1006 JSON", r#"{"Operator":1,"Client":1006}"#),
        Ask::xml("1006 XML", "<Client>1006</Client>"),
        Ask::json(
            "1012 p10 JSON",
            r#"{"Operator":1,"Client":1012,"Start":1,"Length":10}"#,
        ),
        Ask::xml(
            "1012 p10 XML",
            "<Client>1012</Client><Length>10</Length><Start>1</Start>",
        ),
    ]
}

/// The compared servers, in their measuring order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Server {
    Bare,
    Mock,
    MockLog,
    Wiremock,
    Other,
}

impl Server {
    fn name(self) -> &'static str {
        match self {
            Server::Bare => "bare",
            Server::Mock => "mock",
            Server::MockLog => "mock+log",
            Server::Wiremock => "wiremock",
            Server::Other => "other",
        }
    }
}

/// What the slices of one server in one case add up to.
#[derive(Default)]
struct Tally {
    requests: u64,
    errors: u64,
    duration: Duration,
    cpu: Duration,
    p50: Vec<Duration>,
    p99: Vec<Duration>,
    /// The largest resident size seen after a slice, KiB (wiremock's, which grows).
    rss_kib: u64,
}

impl Tally {
    fn add(&mut self, report: &Report, cpu: Duration) {
        self.requests += report.requests;
        self.errors += report.errors();
        self.duration += report.duration;
        self.cpu += cpu;
        self.p50.push(report.p50);
        self.p99.push(report.p99);
    }

    fn rate(&self) -> f64 {
        self.requests as f64 / self.duration.as_secs_f64().max(1e-9)
    }

    /// Server CPU per request, µs.
    fn cpu_us(&self) -> f64 {
        self.cpu.as_secs_f64() * 1e6 / self.requests.max(1) as f64
    }

    fn p50_us(&self) -> f64 {
        median(&self.p50)
    }

    fn p99_us(&self) -> f64 {
        median(&self.p99)
    }
}

fn median(values: &[Duration]) -> f64 {
    let mut sorted: Vec<f64> = values.iter().map(|d| d.as_secs_f64() * 1e6).collect();
    sorted.sort_by(f64::total_cmp);
    match sorted.len() {
        0 => 0.0,
        n if n % 2 == 1 => sorted[n / 2],
        n => (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0,
    }
}

/// A measured case.
struct Row {
    ask: &'static str,
    media: &'static str,
    conns: u32,
    tallies: Vec<(Server, Tally)>,
}

impl Row {
    fn get(&self, server: Server) -> Option<&Tally> {
        self.tallies
            .iter()
            .find(|(s, _)| *s == server)
            .map(|(_, t)| t)
    }
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_default()
}

fn main() {
    if baseline::run_if_asked() {
        return;
    }
    let seconds = number_arg("--seconds").unwrap_or(DEFAULT_SECONDS);
    let rounds = number_arg("--rounds").unwrap_or(DEFAULT_ROUNDS).max(1);
    let big_clients = number_arg("--big-clients").unwrap_or(DEFAULT_BIG_CLIENTS);
    let conns: Vec<u32> = match number_arg("--conns") {
        Some(n) => vec![u32::try_from(n).unwrap()],
        None => CONNECTIONS.to_vec(),
    };
    let compare = string_arg("--compare");
    let wrk = Wrk::find_or_install();

    let mock = MockProcess::start(&[]);
    let logging = MockProcess::start_logging_discarded(&mock_binary(), &[]);
    let other = compare
        .as_deref()
        .map(|path| MockProcess::serve(path, &["--quiet"], false));
    let dir = tempfile::tempdir().unwrap();

    println!(
        "load bench: wrk against separate server processes; {rounds} slices of {seconds} s per \
         server and case, alternating; load average at start {}",
        load_average()
    );
    println!("mock: {}", mock_binary());
    if let Some(path) = &compare {
        println!("other: {path}");
    }

    // Each answer: its bare server and wiremock's answer file, after checking they answer the
    // mock's bytes.
    let mut servers = Vec::new();
    for ask in asks() {
        let answer = ask.once(mock.addr);
        assert_eq!(
            answer.status,
            200,
            "{}: the mock answered {}",
            ask.name,
            answer.text()
        );
        let file = dir.path().join(ask.name.replace(' ', "-"));
        std::fs::write(&file, answer.raw()).unwrap();
        let bare = Baseline::start(Kind::Bare, &file);
        let wiremock = Baseline::start(Kind::Wiremock, &file);
        let from_bare = ask.once(bare.addr);
        assert_eq!(
            without_date(&from_bare.raw()),
            without_date(&answer.raw()),
            "{}: the bare server must answer the mock's bytes",
            ask.name
        );
        let from_wiremock = ask.once(wiremock.addr);
        assert_eq!(
            from_wiremock.body, answer.body,
            "{}: wiremock's body",
            ask.name
        );
        assert_eq!(
            from_wiremock.header("content-type"),
            answer.header("content-type")
        );
        for check in [&mock, &logging].into_iter().chain(&other) {
            assert_eq!(ask.once(check.addr).body, answer.body);
        }
        println!(
            "{:<14} {:>5} bytes of body, {} bytes in all",
            ask.name,
            answer.body.len(),
            answer.raw().len()
        );
        drop(wiremock);
        servers.push((ask, bare, file));
    }

    if std::env::args().any(|a| a == "--instructions") {
        let seconds = number_arg("--seconds").unwrap_or(instructions::DEFAULT_SECONDS);
        let answers: Vec<_> = servers
            .iter()
            .map(|(ask, _, file)| (ask.clone(), file.clone()))
            .collect();
        instructions::run(&wrk, &answers, seconds, compare.as_deref());
        return;
    }

    // Warm every server up (connections, allocator, caches) before anything counts.
    for (ask, bare, _) in &servers {
        let addrs = [mock.addr, logging.addr, bare.addr];
        for addr in addrs.into_iter().chain(other.as_ref().map(|o| o.addr)) {
            let _ = wrk.run(&ask.load(addr, 32, 1));
        }
    }

    let mut rows = Vec::new();
    for &conns in &conns {
        for (ask, bare, file) in &servers {
            // The running servers' pid and address; wiremock's (`None`) is a fresh process
            // per slice.
            let mut order = vec![
                (Server::Bare, Some((bare.pid(), bare.addr))),
                (Server::Mock, Some((mock.pid(), mock.addr))),
                (Server::MockLog, Some((logging.pid(), logging.addr))),
                (Server::Wiremock, None),
            ];
            if let Some(other) = &other {
                order.push((Server::Other, Some((other.pid(), other.addr))));
            }
            let mut tallies: Vec<(Server, Tally)> =
                order.iter().map(|(s, _)| (*s, Tally::default())).collect();
            for round in 0..rounds {
                let mut turn: Vec<usize> = (0..order.len()).collect();
                if round % 2 == 1 {
                    turn.reverse();
                }
                for i in turn {
                    let fresh = order[i].1.is_none().then(|| {
                        let fresh = Baseline::start(Kind::Wiremock, file);
                        let _ = wrk.run(&ask.load(fresh.addr, conns, 1));
                        fresh
                    });
                    let (pid, addr) = order[i]
                        .1
                        .or(fresh.as_ref().map(|f| (f.pid(), f.addr)))
                        .unwrap();
                    let before = cpu_time(pid);
                    let report = wrk.run(&ask.load(addr, conns, seconds));
                    let cpu = cpu_time(pid).saturating_sub(before);
                    tallies[i].1.add(&report, cpu);
                    if let Some(fresh) = fresh {
                        tallies[i].1.rss_kib = tallies[i]
                            .1
                            .rss_kib
                            .max(status_field(fresh.pid(), "VmRSS:"));
                    }
                }
            }
            let row = Row {
                ask: ask.name,
                media: ask.media,
                conns,
                tallies,
            };
            print_case(&row);
            rows.push(row);
        }
    }
    println!();
    println!("load average at the end: {}", load_average());
    summary(&rows);

    cold_answers(&wrk, &mock, &servers[..2], seconds, rounds);
    if big_clients > 0 {
        dataset_size(&wrk, &mock, big_clients, seconds, rounds);
    }
}

/// Distinct page lengths the cold case rotates through: more than the answer cache holds
/// (`MAX_CACHED_ANSWERS` per worker thread), so each request misses it.
const COLD_LENGTHS: u32 = 4096;

/// The small answers computed afresh for every request: client 1006 has one entry, so a
/// first page of any length is the very answer of the table's `1006` cases, but each length
/// is a key of its own in the mock's answer cache. Bare hyper answers the same bytes.
fn cold_answers(
    wrk: &Wrk,
    mock: &MockProcess,
    servers: &[(Ask, Baseline, std::path::PathBuf)],
    seconds: u64,
    rounds: u64,
) {
    println!();
    println!(
        "cold answers (every request a different page length, so the mock's answer cache never \
         holds it; the same bytes as the table's 1006 cases), 32 connections:"
    );
    for (ask, bare, _) in servers {
        let bodies: Vec<String> = (1..=COLD_LENGTHS)
            .map(|length| {
                let members = format!("<Length>{length}</Length><Start>1</Start>");
                let paged = match ask.media {
                    XML => Ask::xml(ask.name, &format!("<Client>1006</Client>{members}")),
                    _ => Ask::json(
                        ask.name,
                        &format!(r#"{{"Operator":1,"Client":1006,"Start":1,"Length":{length}}}"#),
                    ),
                };
                paged.body
            })
            .collect();
        let expected = ask.once(mock.addr).body;
        for body in [&bodies[0], &bodies[bodies.len() - 1]] {
            let paged = Ask {
                body: body.clone(),
                ..ask.clone()
            };
            assert_eq!(
                paged.once(mock.addr).body,
                expected,
                "{}: a paged answer",
                ask.name
            );
        }
        let rotation: Vec<(&str, &str)> = bodies.iter().map(|b| (ask.media, b.as_str())).collect();
        let cache_before = answer_cache(mock.addr);
        let (mut hot, mut cold) = (Tally::default(), Tally::default());
        for round in 0..rounds {
            let mut turn = [
                (&mut hot, bare.pid(), bare.addr, false),
                (&mut cold, mock.pid(), mock.addr, true),
            ];
            if round % 2 == 1 {
                turn.reverse();
            }
            for (tally, pid, addr, rotate) in turn {
                let mut load = ask.load(addr, 32, seconds);
                if rotate {
                    load = load.rotating(&rotation).split_between_threads();
                }
                let before = cpu_time(pid);
                let report = wrk.run(&load);
                tally.add(&report, cpu_time(pid).saturating_sub(before));
            }
        }
        let cache_after = answer_cache(mock.addr);
        println!(
            "  {:<10} bare {:.2} µs CPU/request, {:.0} req/s; mock cold {:.2} µs, {:.0} req/s: \
             CPU {:.2}× bare, throughput {:.2}× bare; answer cache during it: {} hits, {} misses",
            ask.name,
            hot.cpu_us(),
            hot.rate(),
            cold.cpu_us(),
            cold.rate(),
            cold.cpu_us() / hot.cpu_us(),
            cold.rate() / hot.rate(),
            cache_after.0 - cache_before.0,
            cache_after.1 - cache_before.1,
        );
    }
}

/// The mock's answer-cache hits and misses so far, from `/__mock/health`.
fn answer_cache(addr: SocketAddr) -> (u64, u64) {
    let answer = common::http::send(addr, "GET", "/__mock/health", &[], b"");
    let health: serde_json::Value = serde_json::from_slice(&answer.body).unwrap();
    let cache = &health["answer_cache"];
    (
        cache["hits"].as_u64().unwrap(),
        cache["misses"].as_u64().unwrap(),
    )
}

/// The head with the `Date` line's value blanked (it is the only thing allowed to differ).
fn without_date(raw: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(raw);
    text.split("\r\n")
        .map(|line| {
            if line.to_ascii_lowercase().starts_with("date:") {
                "Date: -"
            } else {
                line
            }
        })
        .collect::<Vec<_>>()
        .join("\r\n")
        .into_bytes()
}

fn print_case(row: &Row) {
    println!();
    println!("{} at {} connections:", row.ask, row.conns);
    println!(
        "  {:<9} {:>10} {:>9} {:>9} {:>9} {:>7}",
        "server", "req/s", "p50 µs", "p99 µs", "CPU µs", "errors"
    );
    for (server, tally) in &row.tallies {
        println!(
            "  {:<9} {:>10.0} {:>9.0} {:>9.0} {:>9.2} {:>7}",
            server.name(),
            tally.rate(),
            tally.p50_us(),
            tally.p99_us(),
            tally.cpu_us(),
            tally.errors
        );
    }
    if let Some(wiremock) = row.get(Server::Wiremock) {
        println!(
            "  wiremock-rs's memory after a slice (warm-up included): up to {:.0} MiB",
            wiremock.rss_kib as f64 / 1024.0
        );
    }
}

/// The ratios the targets are stated in, as a table, and which targets hold.
fn summary(rows: &[Row]) {
    println!();
    // With `--compare`, the other build's CPU per request and throughput, for a before/after
    // in the same table.
    let compared = rows.iter().any(|row| row.get(Server::Other).is_some());
    println!(
        "| answer | conns | mock CPU µs/req (bare) | CPU ÷ bare | req/s ÷ bare | p50 ÷ bare | \
         p99 ÷ bare | req/s ÷ wiremock (bare's) | logging: CPU ÷ quiet |{}",
        if compared {
            " other build: CPU µs/req | other: req/s ÷ bare |"
        } else {
            ""
        }
    );
    println!(
        "|---|---|---|---|---|---|---|---|---|{}",
        if compared { "---|---|" } else { "" }
    );
    let mut misses = Vec::new();
    for row in rows {
        let (Some(bare), Some(mock), Some(log), Some(wire)) = (
            row.get(Server::Bare),
            row.get(Server::Mock),
            row.get(Server::MockLog),
            row.get(Server::Wiremock),
        ) else {
            continue;
        };
        let cpu = mock.cpu_us() / bare.cpu_us();
        let rate = mock.rate() / bare.rate();
        let p50 = mock.p50_us() / bare.p50_us();
        let p99 = mock.p99_us() / bare.p99_us();
        let wiremock = mock.rate() / wire.rate();
        // No server answers faster than bare hyper: its own ratio bounds the mock's.
        let bare_wiremock = bare.rate() / wire.rate();
        let logging = log.cpu_us() / mock.cpu_us();
        let other = row.get(Server::Other).map_or(String::new(), |other| {
            format!(
                " {:.1} | {:.2} |",
                other.cpu_us(),
                other.rate() / bare.rate()
            )
        });
        println!(
            "| {} | {} | {:.1} ({:.1}) | {cpu:.2}× | {rate:.2} | {p50:.2}× | {p99:.2}× | \
             {wiremock:.2}× ({bare_wiremock:.2}×) | {logging:.2}× |{other}",
            row.ask,
            row.conns,
            mock.cpu_us(),
            bare.cpu_us()
        );
        let xml = row.media == XML;
        let (cpu_target, rate_target) = if xml { (2.0, 0.50) } else { (1.45, 0.70) };
        let case = format!("{} c={}", row.ask, row.conns);
        if cpu > cpu_target {
            misses.push(format!(
                "{case}: CPU {cpu:.2}× bare (target ≤ {cpu_target}×)"
            ));
        }
        if row.conns == 32 && rate < rate_target {
            misses.push(format!(
                "{case}: throughput {rate:.2} of bare (target ≥ {rate_target})"
            ));
        }
        if p99 > 1.5 {
            misses.push(format!("{case}: p99 {p99:.2}× bare (target ≤ 1.5×)"));
        }
        if wiremock < 2.5 {
            misses.push(format!(
                "{case}: {wiremock:.2}× wiremock's throughput (target ≥ 2.5×; bare hyper \
                 itself {bare_wiremock:.2}×)"
            ));
        }
        if logging > 1.15 {
            misses.push(format!(
                "{case}: logging costs {:.0}% CPU on top of --quiet (target ≤ 15%)",
                (logging - 1.0) * 100.0
            ));
        }
        for (server, tally) in &row.tallies {
            if tally.errors > 0 {
                misses.push(format!(
                    "{case}: {} errors from {}",
                    tally.errors,
                    server.name()
                ));
            }
        }
    }
    println!();
    if misses.is_empty() {
        println!("every target met");
    } else {
        println!("targets missed:");
        for miss in misses {
            println!("  {miss}");
        }
    }
}

/// The mock on a big generated dataset against the default one: the same size of answer,
/// alternating slices at 32 connections; CPU per request should not depend on the dataset.
fn dataset_size(wrk: &Wrk, mock: &MockProcess, clients: u64, seconds: u64, rounds: u64) {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("bench-dataset-{clients}"));
    if !has_files(&dir) {
        println!();
        println!(
            "generating a {clients}-client dataset into {}",
            dir.display()
        );
        Dataset::generate(u32::try_from(clients).unwrap(), 7)
            .write(&dir)
            .unwrap();
    }
    let big = MockProcess::start(&["--dataset", dir.to_str().unwrap()]);
    let small = &asks()[0];
    let small_size = small.once(mock.addr).body.len();
    let dataset = Dataset::load(&dir).unwrap();
    let client = same_size_client(&dataset, small_size);
    drop(dataset);
    let ask = Ask::json(
        "big dataset",
        &format!(
            r#"{{"Operator":{},"Client":{}}}"#,
            client.operator, client.id
        ),
    );
    let answer = ask.once(big.addr);
    assert_eq!(answer.status, 200);
    let (mut default, mut generated) = (Tally::default(), Tally::default());
    for _ in 0..rounds {
        for (tally, process, ask) in [(&mut default, mock, small), (&mut generated, &big, &ask)] {
            let before = cpu_time(process.pid());
            let report = wrk.run(&ask.load(process.addr, 32, seconds));
            tally.add(&report, cpu_time(process.pid()).saturating_sub(before));
        }
    }
    println!();
    println!(
        "dataset size, 32 connections: default dataset (client 1006, {small_size} bytes) {:.2} µs \
         CPU/request, {:.0} req/s; {clients}-client dataset (client {}, {} bytes) {:.2} µs, \
         {:.0} req/s: {:.2}× (target: independent of the dataset's size)",
        default.cpu_us(),
        default.rate(),
        client.id,
        answer.body.len(),
        generated.cpu_us(),
        generated.rate(),
        generated.cpu_us() / default.cpu_us()
    );
}

fn has_files(dir: &Path) -> bool {
    std::fs::read_dir(dir).is_ok_and(|mut d| d.next().is_some())
}

/// How many clients (from the middle of the dataset on) are tried to find one whose JSON
/// answer has the target size.
const SIZE_CANDIDATES: usize = 5_000;

/// A client of `dataset` whose JSON answer to a first-page request is closest in size to
/// `target` bytes (the first within 2%, else the closest of [`SIZE_CANDIDATES`]).
fn same_size_client(dataset: &Dataset, target: usize) -> Client {
    let clients = dataset.clients();
    let settings = Settings::default();
    let context = Context::default();
    let mut best = (usize::MAX, clients[clients.len() / 2]);
    let mut out = Vec::new();
    for &candidate in clients.iter().skip(clients.len() / 2).take(SIZE_CANDIDATES) {
        let request = favorite_contract::Request {
            operator: candidate.operator,
            client: candidate.id,
            ..Default::default()
        };
        out.clear();
        encode(
            &respond(&request, dataset, &settings, &context),
            WireFormat::Json,
            &mut out,
        );
        let distance = out.len().abs_diff(target);
        if distance < best.0 {
            best = (distance, candidate);
        }
        if distance * 50 <= target {
            break;
        }
    }
    best.1
}
