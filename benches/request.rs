//! Per-request pure costs (issue 3, "Performance"): what one load-bench request spends outside
//! hyper — binding the JSON and XML bodies, content negotiation, the engine on the default and
//! on a generated dataset, and writing the response — each in µs per call, one run.
//!
//! Run with `cargo bench --bench request` (`-- --big-clients N` for the generated dataset's
//! size, default 100,000; 0 skips it). These are the numbers to compare before and after a
//! change; the load bench shows what they add up to on the wire. `-- --iterations N` runs each
//! case exactly N times instead of for a fixed time, for instruction counting under
//! `valgrind --tool=callgrind`, which is repeatable whatever else the machine is doing.
#![allow(clippy::unwrap_used, reason = "a benchmark fails loudly")]

mod common;

use favorite_contract::Dataset;
use favorite_contract::Request;
use favorite_contract::codec::negotiate::{NegotiationInput, response_type};
use favorite_contract::codec::{BindOptions, WireFormat, bind, encode};
use favorite_contract::{EngineContext as Context, EngineSettings as Settings, respond};
use std::hint::black_box;
use std::time::{Duration, Instant};

/// Minimum measuring time per case.
const MEASURE: Duration = Duration::from_millis(1000);
/// Clients of the generated dataset by default.
const DEFAULT_BIG_CLIENTS: u32 = 100_000;
/// The load bench's request bodies.
const JSON_BODY: &str = r#"{"Operator":1,"Client":1006,"Start":1,"Length":10}"#;
const XML_BODY: &str = r#"<ClientFavoriteDataInfoRequest xmlns:i="http://www.w3.org/2001/XMLSchema-instance" xmlns="http://schemas.datacontract.org/2004/07/LCManagerPartner.Implementation.Request"><Operator xmlns="http://schemas.datacontract.org/2004/07/LCManagerPartner.Implementation.Abstractions">1</Operator><Client>1006</Client><Length>10</Length><Start>1</Start></ClientFavoriteDataInfoRequest>"#;

/// How long each case runs.
#[derive(Clone, Copy)]
enum Runs {
    /// At least [`MEASURE`], after a warm-up.
    Timed,
    /// Exactly this many calls, no warm-up.
    Exactly(u64),
}

/// Run `f` as `runs` says; print and return µs per call.
fn bench(runs: Runs, name: &str, mut f: impl FnMut()) -> f64 {
    let start;
    let mut n = 0u64;
    match runs {
        Runs::Exactly(count) => {
            start = Instant::now();
            while n < count {
                f();
                n += 1;
            }
        }
        Runs::Timed => {
            for _ in 0..200 {
                f();
            }
            start = Instant::now();
            while start.elapsed() < MEASURE {
                for _ in 0..100 {
                    f();
                }
                n += 100;
            }
        }
    }
    let us = start.elapsed().as_secs_f64() * 1e6 / n as f64;
    println!("{name:<48} {us:>8.3} µs/call");
    us
}

fn main() {
    let arg = common::number_arg;
    let big_clients = arg("--big-clients").map_or(DEFAULT_BIG_CLIENTS, |v| v as u32);
    let runs = arg("--iterations").map_or(Runs::Timed, Runs::Exactly);
    let options = BindOptions::default();
    println!("favorite-contract request bench: pure per-request costs, release build, one run");

    bench(runs, "codec::bind JSON (52-byte request)", || {
        black_box(
            bind(
                Some("application/json"),
                black_box(JSON_BODY.as_bytes()),
                &options,
            )
            .unwrap(),
        );
    });
    bench(runs, "codec::bind XML (load-bench request)", || {
        black_box(
            bind(
                Some("application/xml"),
                black_box(XML_BODY.as_bytes()),
                &options,
            )
            .unwrap(),
        );
    });
    let json_in = NegotiationInput {
        accept: Some("application/json"),
        content_type: Some("application/json"),
        ..NegotiationInput::default()
    };
    bench(runs, "negotiate::response_type (application/json)", || {
        black_box(response_type(black_box(&json_in)));
    });
    let browser = NegotiationInput {
        accept: Some("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"),
        content_type: Some("application/json; charset=utf-8"),
        accept_charset: Some("utf-8, iso-8859-1;q=0.5"),
        ..NegotiationInput::default()
    };
    bench(runs, "negotiate::response_type (browser Accept)", || {
        black_box(response_type(black_box(&browser)));
    });

    let default = Dataset::embedded_default();
    let request = Request {
        operator: 1,
        client: 1006,
        start: Some(1),
        length: Some(10),
        ..Request::default()
    };
    let settings = Settings::default();
    let context = Context::default();
    bench(
        runs,
        "engine::respond (default dataset, client 1006)",
        || {
            black_box(respond(black_box(&request), &default, &settings, &context));
        },
    );
    let response = respond(&request, &default, &settings, &context);
    let mut out = Vec::with_capacity(8192);
    bench(runs, "codec::encode JSON (client 1006 response)", || {
        out.clear();
        encode(black_box(&response), WireFormat::Json, &mut out);
    });
    bench(runs, "codec::encode XML (client 1006 response)", || {
        out.clear();
        encode(black_box(&response), WireFormat::Xml, &mut out);
    });

    if big_clients > 0 {
        let big = Dataset::generate(big_clients, 7);
        let small = Dataset::generate((big_clients / 1000).max(10), 7);
        for (name, dataset) in [
            ("engine::respond (generated, 1/1000 size)", &small),
            ("engine::respond (generated, full size)", &big),
        ] {
            let requests = common::spread_requests(dataset);
            let mut i = 0;
            bench(runs, name, || {
                i = (i + 1) % requests.len();
                black_box(respond(&requests[i], dataset, &settings, &context));
            });
        }
    }
}
