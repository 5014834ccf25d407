//! Head to head (`--compare PATH`): this build's proxy against another build's, judging the
//! same load in front of one mock. Each round starts a fresh proxy of each build, in turn
//! first and second (two proxies left running side by side read up to 20% apart, whichever
//! build each was: the one started second reads cheaper), measures each for a slice, and
//! stops both; the figures are the rounds' totals.

use crate::common::process::{MockProcess, mock_binary};
use crate::common::wrk::{Load, Wrk};
use std::net::SocketAddr;

/// A load of the action at an address, with connections and seconds.
pub(crate) type MakeLoad = fn(SocketAddr, u32, u64) -> Load;

/// Rounds per load.
pub(crate) const DEFAULT_ROUNDS: u64 = 4;

/// One build's totals over the rounds.
#[derive(Default)]
struct Totals {
    requests: u64,
    seconds: f64,
    cpu_us: f64,
}

impl Totals {
    fn us(&self) -> f64 {
        self.cpu_us / self.requests.max(1) as f64
    }

    fn rate(&self) -> f64 {
        self.requests as f64 / self.seconds.max(1e-9)
    }
}

/// Compare the proxies of this build and of `other` under each named load.
pub(crate) fn head_to_head(
    wrk: &Wrk,
    other: &str,
    loads: &[(&str, MakeLoad)],
    connections: u32,
    seconds: u64,
    rounds: u64,
) {
    let this = mock_binary();
    println!(
        "head to head, {rounds} rounds of {seconds} s per build and load, start order \
         alternating: this = {this}, other = {other}"
    );
    let mock = MockProcess::start(&[]);
    let upstream = mock.url();
    let args = ["proxy", "--upstream", &upstream, "--port", "0", "--quiet"];
    for (name, load) in loads {
        let mut totals = [Totals::default(), Totals::default()];
        for round in 0..rounds {
            let binaries = [this.as_str(), other];
            let order: [usize; 2] = if round % 2 == 0 { [0, 1] } else { [1, 0] };
            let proxies: Vec<(usize, MockProcess)> = order
                .iter()
                .map(|&i| (i, MockProcess::spawn_with(binaries[i], &args, false)))
                .collect();
            let mut slices = Vec::new();
            for (i, proxy) in &proxies {
                let before = proxy.cpu_time();
                let report = wrk.run(&load(proxy.addr, connections, seconds));
                let cpu = proxy.cpu_time().saturating_sub(before);
                assert_eq!(report.errors(), 0, "{name}: errors through a proxy");
                let total = &mut totals[*i];
                total.requests += report.requests;
                total.seconds += report.duration.as_secs_f64();
                total.cpu_us += cpu.as_secs_f64() * 1e6;
                let us = cpu.as_secs_f64() * 1e6 / report.requests.max(1) as f64;
                slices.push(format!("{} {us:.1}", ["this", "other"][*i]));
            }
            println!("    {name}, round {}: {}", round + 1, slices.join(", "));
        }
        let [mine, theirs] = &totals;
        println!(
            "  {name}: this {:.1} µs per exchange ({:.0}/s), other {:.1} µs ({:.0}/s): {:+.1}%",
            mine.us(),
            mine.rate(),
            theirs.us(),
            theirs.rate(),
            (mine.us() / theirs.us().max(1e-9) - 1.0) * 100.0
        );
    }
}
