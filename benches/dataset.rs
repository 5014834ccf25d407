//! Large-dataset benchmark (issue 3): a generated 100,000-client dataset (~1,000,000 entries).
//!
//! Measured in one run:
//! - loading (`Dataset::load`: parse, validate, index) against a bare `serde_json::from_slice`
//!   of the same files into `serde_json::Value`, and into `IgnoredAny` (syntax only);
//! - peak resident memory of a process that only loads the dataset (`VmHWM`);
//! - engine requests per second on the big dataset against the embedded default dataset.
//!
//! Run with `cargo bench --bench dataset` (optionally `-- --clients N`).
#![allow(clippy::unwrap_used, reason = "a benchmark fails loudly")]

mod common;

use favorite_contract::Dataset;
use favorite_contract::{EngineContext as Context, EngineSettings as Settings, respond};
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Clients in the generated dataset (about ten entries each).
const DEFAULT_CLIENTS: u32 = 100_000;
/// Engine requests per measurement.
const ENGINE_REQUESTS: usize = 200_000;
/// Repetitions of each load measurement (the minimum is reported).
const LOAD_RUNS: usize = 3;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--child-load") {
        let dir = PathBuf::from(&args[i + 1]);
        let dataset = Dataset::load(&dir).expect("loads");
        black_box(&dataset);
        println!("{}", peak_rss_kib());
        return;
    }
    let clients = common::number_arg("--clients")
        .and_then(|v| u32::try_from(v).ok())
        .unwrap_or(DEFAULT_CLIENTS);

    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("bench-dataset-{clients}"));
    let started = Instant::now();
    let generated = Dataset::generate(clients, 7);
    let _ = std::fs::remove_dir_all(&dir);
    generated.write(&dir).expect("writes");
    let counts = generated.counts();
    println!(
        "generated {clients} clients in {:.1}s: {counts:?}",
        started.elapsed().as_secs_f64()
    );
    drop(generated);

    let files: Vec<Vec<u8>> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| std::fs::read(e.unwrap().path()).unwrap())
        .collect();
    let bytes: usize = files.iter().map(Vec::len).sum();
    println!("files: {} bytes", bytes);

    let bare_value = min_time(|| {
        for f in &files {
            let v: serde_json::Value = serde_json::from_slice(f).unwrap();
            black_box(v);
        }
    });
    let bare_syntax = min_time(|| {
        for f in &files {
            let v: serde::de::IgnoredAny = serde_json::from_slice(f).unwrap();
            black_box(v);
        }
    });
    let load = min_time(|| {
        black_box(Dataset::load(&dir).unwrap());
    });
    println!(
        "bare serde_json::from_slice -> Value:      {:>8.0} ms",
        ms(bare_value)
    );
    println!(
        "bare serde_json::from_slice -> IgnoredAny: {:>8.0} ms",
        ms(bare_syntax)
    );
    println!(
        "Dataset::load (parse+validate+index):     {:>8.0} ms",
        ms(load)
    );
    println!(
        "load / bare Value = {:.2}x (target <= 2x); load / bare IgnoredAny = {:.2}x",
        load.as_secs_f64() / bare_value.as_secs_f64(),
        load.as_secs_f64() / bare_syntax.as_secs_f64()
    );

    let exe = std::env::current_exe().unwrap();
    let out = std::process::Command::new(exe)
        .arg("--child-load")
        .arg(&dir)
        .output()
        .unwrap();
    let rss: u64 = String::from_utf8_lossy(&out.stdout)
        .trim()
        .parse()
        .unwrap_or(0);
    println!(
        "peak resident memory of a load-only process: {:.0} MiB (target < 1024 MiB)",
        rss as f64 / 1024.0
    );

    // The same generator at 1/1000 of the size has clients of the same shape, so the ratio
    // isolates what the dataset's size costs; the default dataset's clients are smaller.
    let big = Dataset::load(&dir).unwrap();
    let same_shape = Dataset::generate((clients / 1000).max(10), 7);
    let default = Dataset::embedded_default();
    let big_rps = engine_rps(&big);
    let same_rps = engine_rps(&same_shape);
    let default_rps = engine_rps(&default);
    println!(
        "engine: big dataset {big_rps:.0} req/s; same generator at 1/1000 size {same_rps:.0} req/s \
         ({:.0}%); default dataset {default_rps:.0} req/s ({:.0}%)",
        100.0 * big_rps / same_rps,
        100.0 * big_rps / default_rps
    );
}

/// Requests for existing clients, spread over the dataset, with periods and paging.
fn engine_rps(dataset: &Dataset) -> f64 {
    let requests = common::spread_requests(dataset);
    let settings = Settings::default();
    let context = Context::default();
    for r in &requests {
        black_box(respond(r, dataset, &settings, &context));
    }
    let start = Instant::now();
    for i in 0..ENGINE_REQUESTS {
        black_box(respond(
            &requests[i % requests.len()],
            dataset,
            &settings,
            &context,
        ));
    }
    ENGINE_REQUESTS as f64 / start.elapsed().as_secs_f64()
}

fn min_time(mut f: impl FnMut()) -> Duration {
    (0..LOAD_RUNS)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn peak_rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0)
}
