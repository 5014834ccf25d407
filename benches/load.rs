//! Load benchmark (issue 3): the mock against a bare hyper server that returns a fixed body of
//! the same size, measured in one run with the same hyper client, at 1 and 64 connections.
//!
//! Reports requests/s and p50/p99 latency per case, then the ratios the issue targets:
//! mock JSON ≥ 70% and XML ≥ 50% of the bare server's throughput, p99 within 1.5×; and the mock
//! on a generated 100,000-client dataset within 10% of the default dataset's throughput.
//!
//! Run with `cargo bench --bench load` (`-- --seconds N`, `-- --big-clients N` to change the
//! defaults; `--big-clients 0` skips the big dataset). Client and servers share this machine's
//! cores, so absolute numbers are low; the ratios are what is comparable.
#![allow(clippy::unwrap_used, reason = "a benchmark fails loudly")]

use bytes::Bytes;
use favorite_contract::dataset::Dataset;
use favorite_contract::server::MockServer;
use http_body_util::{BodyExt, Full};
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::net::{TcpListener, TcpStream};

/// Measuring time per case.
const DEFAULT_SECONDS: u64 = 5;
/// Clients of the generated big dataset (~10 entries each).
const DEFAULT_BIG_CLIENTS: u32 = 100_000;
/// The request every case sends: a client with entries, goods and purchases.
const JSON_BODY: &str = r#"{"Operator":1,"Client":1006,"Start":1,"Length":10}"#;
const XML_BODY: &str = r#"<ClientFavoriteDataInfoRequest xmlns:i="http://www.w3.org/2001/XMLSchema-instance" xmlns="http://schemas.datacontract.org/2004/07/LCManagerPartner.Implementation.Request"><Operator xmlns="http://schemas.datacontract.org/2004/07/LCManagerPartner.Implementation.Abstractions">1</Operator><Client>1006</Client><Length>10</Length><Start>1</Start></ClientFavoriteDataInfoRequest>"#;
const PATH: &str = "/api/client/ClientFavoriteDataInfo";

#[derive(Clone, Copy)]
enum Wire {
    Json,
    Xml,
}

impl Wire {
    fn body(self) -> &'static str {
        match self {
            Wire::Json => JSON_BODY,
            Wire::Xml => XML_BODY,
        }
    }
    fn media(self) -> &'static str {
        match self {
            Wire::Json => "application/json",
            Wire::Xml => "application/xml",
        }
    }
}

struct Stats {
    rps: f64,
    p50: Duration,
    p99: Duration,
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let arg = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .and_then(|v| v.parse::<u64>().ok())
    };
    let seconds = Duration::from_secs(arg("--seconds").unwrap_or(DEFAULT_SECONDS));
    let big_clients = arg("--big-clients").map_or(DEFAULT_BIG_CLIENTS, |v| v as u32);

    // Servers and the client get separate runtimes: two workers serve, one generates load.
    let servers = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let client = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();

    let mock = servers.block_on(async {
        MockServer::builder()
            .bind("127.0.0.1:0")
            .quiet(true)
            .start()
            .await
            .unwrap()
    });
    let mock_addr = mock.local_addr();

    // Bare servers answer with the mock's exact bodies, so the sizes are equal.
    let json_bytes = client.block_on(one(mock_addr, Wire::Json));
    let xml_bytes = client.block_on(one(mock_addr, Wire::Xml));
    let bare_json = servers.block_on(bare(json_bytes.clone(), "application/json; charset=utf-8"));
    let bare_xml = servers.block_on(bare(xml_bytes.clone(), "application/xml; charset=utf-8"));
    println!(
        "load bench: {}s per case; response bodies JSON {} bytes, XML {} bytes",
        seconds.as_secs(),
        json_bytes.len(),
        xml_bytes.len()
    );
    println!(
        "{:<36} {:>6} {:>10} {:>10} {:>10}",
        "case", "conns", "req/s", "p50 µs", "p99 µs"
    );

    let mut rows = Vec::new();
    for conns in [1usize, 64] {
        for (name, addr, wire) in [
            ("bare hyper (JSON-sized body)", bare_json, Wire::Json),
            ("mock JSON", mock_addr, Wire::Json),
            ("bare hyper (XML-sized body)", bare_xml, Wire::Xml),
            ("mock XML", mock_addr, Wire::Xml),
        ] {
            let stats = client.block_on(run(addr, wire, conns, seconds));
            print_row(name, conns, &stats);
            rows.push((name, conns, stats));
        }
    }
    let find = |name: &str, conns: usize| {
        rows.iter()
            .find(|(n, c, _)| *n == name && *c == conns)
            .map(|(_, _, s)| s)
            .unwrap()
    };
    println!();
    for conns in [1usize, 64] {
        let (bj, mj) = (
            find("bare hyper (JSON-sized body)", conns),
            find("mock JSON", conns),
        );
        let (bx, mx) = (
            find("bare hyper (XML-sized body)", conns),
            find("mock XML", conns),
        );
        println!(
            "{conns:>2} conns: mock JSON {:.0}% of bare (target >= 70%), p99 {:.2}x (target <= 1.5x); \
             mock XML {:.0}% of bare (target >= 50%), p99 {:.2}x",
            100.0 * mj.rps / bj.rps,
            mj.p99.as_secs_f64() / bj.p99.as_secs_f64(),
            100.0 * mx.rps / bx.rps,
            mx.p99.as_secs_f64() / bx.p99.as_secs_f64(),
        );
    }

    if big_clients > 0 {
        let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join(format!("load-bench-dataset-{big_clients}"));
        if !dir.exists() {
            Dataset::generate(big_clients, 7).write(&dir).unwrap();
        }
        let big = servers.block_on(async {
            MockServer::builder()
                .bind("127.0.0.1:0")
                .quiet(true)
                .dataset_path(&dir)
                .start()
                .await
                .unwrap()
        });
        let dataset = Dataset::load(&dir).unwrap();
        // A client of the generated dataset with entries, under its own operator.
        let client_row = dataset.clients()[dataset.clients().len() / 2];
        let body = format!(
            r#"{{"Operator":{},"Client":{},"Start":1,"Length":10}}"#,
            client_row.operator, client_row.id
        );
        drop(dataset);
        let small_body = JSON_BODY.to_owned();
        let default_stats = client.block_on(run_body(mock_addr, small_body, 64, seconds));
        let big_stats = client.block_on(run_body(big.local_addr(), body, 64, seconds));
        print_row("mock JSON, default dataset", 64, &default_stats);
        print_row("mock JSON, 100k-client dataset", 64, &big_stats);
        println!(
            "big dataset throughput: {:.0}% of the default dataset's (target >= 90%)",
            100.0 * big_stats.rps / default_stats.rps
        );
        servers.block_on(big.shutdown());
    }
    servers.block_on(mock.shutdown());
}

fn print_row(name: &str, conns: usize, s: &Stats) {
    println!(
        "{:<36} {:>6} {:>10.0} {:>10.0} {:>10.0}",
        name,
        conns,
        s.rps,
        s.p50.as_secs_f64() * 1e6,
        s.p99.as_secs_f64() * 1e6
    );
}

/// A bare hyper server: every request gets `body` with `content_type`.
async fn bare(body: Bytes, content_type: &'static str) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let body = Arc::new(body);
    tokio::spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                continue;
            };
            let body = Arc::clone(&body);
            tokio::spawn(async move {
                let service =
                    hyper::service::service_fn(move |req: Request<hyper::body::Incoming>| {
                        let body = Arc::clone(&body);
                        async move {
                            // Read the request body like the mock does.
                            let _ = req.into_body().collect().await;
                            Ok::<_, std::convert::Infallible>(
                                Response::builder()
                                    .header("content-type", content_type)
                                    .body(Full::new((*body).clone()))
                                    .unwrap(),
                            )
                        }
                    });
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
        }
    });
    addr
}

fn request(body: String, wire: Wire) -> Request<Full<Bytes>> {
    Request::builder()
        .method("POST")
        .uri(PATH)
        .header("host", "127.0.0.1")
        .header("authorization", "Bearer bench")
        .header("content-type", wire.media())
        .header("accept", wire.media())
        .body(Full::new(Bytes::from(body)))
        .unwrap()
}

async fn one(addr: SocketAddr, wire: Wire) -> Bytes {
    let stream = TcpStream::connect(addr).await.unwrap();
    let (mut sender, conn) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .unwrap();
    tokio::spawn(conn);
    let response = sender
        .send_request(request(wire.body().to_owned(), wire))
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    response.into_body().collect().await.unwrap().to_bytes()
}

async fn run(addr: SocketAddr, wire: Wire, conns: usize, seconds: Duration) -> Stats {
    run_wire(addr, wire.body().to_owned(), wire, conns, seconds).await
}

async fn run_body(addr: SocketAddr, body: String, conns: usize, seconds: Duration) -> Stats {
    run_wire(addr, body, Wire::Json, conns, seconds).await
}

async fn run_wire(
    addr: SocketAddr,
    body: String,
    wire: Wire,
    conns: usize,
    seconds: Duration,
) -> Stats {
    let deadline = Instant::now() + seconds;
    let mut tasks = Vec::new();
    for _ in 0..conns {
        let body = body.clone();
        tasks.push(tokio::spawn(async move {
            let stream = TcpStream::connect(addr).await.unwrap();
            stream.set_nodelay(true).unwrap();
            let (mut sender, conn) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
                .await
                .unwrap();
            tokio::spawn(conn);
            let mut latencies = Vec::with_capacity(100_000);
            while Instant::now() < deadline {
                let started = Instant::now();
                let response = sender
                    .send_request(request(body.clone(), wire))
                    .await
                    .unwrap();
                assert_eq!(response.status(), 200);
                let bytes = response.into_body().collect().await.unwrap().to_bytes();
                std::hint::black_box(bytes);
                latencies.push(started.elapsed());
            }
            latencies
        }));
    }
    let started = Instant::now();
    let mut all = Vec::new();
    for task in tasks {
        all.extend(task.await.unwrap());
    }
    let elapsed = started.elapsed().max(seconds);
    all.sort_unstable();
    let pick = |q: f64| all[((all.len() as f64 * q) as usize).min(all.len() - 1)];
    Stats {
        rps: all.len() as f64 / elapsed.as_secs_f64(),
        p50: pick(0.50),
        p99: pick(0.99),
    }
}
