//! Checker throughput against the local in-process mock (issue 4, "Performance"): checked
//! exchanges per second, and the wall time of the default run (all formats, the CLI's default
//! number of cases). Run with `cargo bench --bench check`.
//!
//! Targets: ≥ 2,000 checked exchanges per second on 2 cores; the default run under 10 s. Client
//! and mock share the process and its cores, so the numbers are for both sides together.

use favorite_contract::MockServer;
use favorite_contract::Target;
use favorite_contract::{DEFAULT_CASES, RunConfig, run};
use std::time::Instant;

/// Cases of the throughput run (each one exchange, or several for a sequence).
const THROUGHPUT_CASES: u32 = 20_000;
/// Repetitions of each measurement (the best is reported).
const ROUNDS: usize = 3;

fn config(url: &str, cases: u32, seed: u64) -> RunConfig {
    let target = match Target::parse(url) {
        Ok(t) => t,
        Err(e) => panic!("the mock's URL parses: {e}"),
    };
    let mut config = RunConfig::new(target);
    config.credentials = vec![("Authorization".into(), "Bearer bench".into())];
    config.cases = cases;
    config.seed = seed;
    config
}

fn main() {
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => panic!("tokio runtime: {e}"),
    };
    runtime.block_on(async {
        let server = match MockServer::builder()
            .bind("127.0.0.1:0")
            .quiet(true)
            .start()
            .await
        {
            Ok(s) => s,
            Err(e) => panic!("mock starts: {e}"),
        };
        let url = server.url();

        let mut best_rate = 0.0f64;
        for round in 0..ROUNDS {
            let started = Instant::now();
            let outcome = match run(config(&url, THROUGHPUT_CASES, round as u64)).await {
                Ok(o) => o,
                Err(e) => panic!("run: {e}"),
            };
            let secs = started.elapsed().as_secs_f64();
            let rate = outcome.report.exchanges as f64 / secs;
            let v = outcome.report.totals().violations;
            println!(
                "check/throughput round {}: {} cases, {} exchanges in {secs:.3} s = {rate:.0} exchanges/s ({v} violations)",
                round + 1,
                outcome.report.cases_run,
                outcome.report.exchanges
            );
            best_rate = best_rate.max(rate);
        }
        println!("check/throughput: {best_rate:.0} checked exchanges/s (best of {ROUNDS}; target >= 2000)");

        let mut best_wall = f64::MAX;
        for round in 0..ROUNDS {
            let started = Instant::now();
            let outcome = match run(config(&url, DEFAULT_CASES, 100 + round as u64)).await {
                Ok(o) => o,
                Err(e) => panic!("run: {e}"),
            };
            let secs = started.elapsed().as_secs_f64();
            println!(
                "check/default-run round {}: {} cases, {} exchanges, all formats, in {secs:.3} s",
                round + 1,
                outcome.report.cases_run,
                outcome.report.exchanges
            );
            best_wall = best_wall.min(secs);
        }
        println!("check/default-run: {best_wall:.3} s (best of {ROUNDS}; target < 10 s)");
        server.shutdown().await;
    });
}
