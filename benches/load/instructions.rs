//! `--instructions`: user-space instructions per request, counted by callgrind (valgrind),
//! for the mock (and `--compare`'s other build) and for bare hyper answering the same bytes.
//!
//! CPU time moves with whatever else the machine does; the count hardly does, only with how
//! requests happen to batch per wake-up (two runs of one build: bare hyper within 0.4%, the
//! mock within 3.5%), so a change of more than that shows here when the timed slices blur
//! it. It is not the whole cost:
//! it leaves out the kernel (the sockets' work, which every server pays alike and which is
//! most of a request's CPU time), and it counts a `rep movsb` copy one instruction per byte.
//! Each server runs under callgrind some 30 to 50 times slower; after a warm-up the counters
//! are zeroed, `wrk` sends for `--seconds` (default 8), and the dumped total is divided by
//! the requests answered.

use super::Ask;
use super::baseline::{Baseline, Kind};
use super::common::process::{MockProcess, mock_binary};
use super::common::wrk::{Wrk, find_or_install};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Seconds of load before the counters are zeroed.
const WARM_UP_SECONDS: u64 = 2;
/// Seconds counted when `--seconds` is not given.
pub(super) const DEFAULT_SECONDS: u64 = 8;
/// Connections: enough to keep a server busy, few for valgrind, which runs one thread at a time.
const CONNECTIONS: u32 = 8;
/// The allocator setting the mock otherwise executes itself again to get, which would leave
/// callgrind behind (`src/server/allocator.rs`); the bare server gets it too.
const MMAP_THRESHOLD: &str = "MALLOC_MMAP_THRESHOLD_=262144";
/// How long a dump may take to appear.
const DUMP_WAIT: Duration = Duration::from_secs(30);

/// The tools and a folder for the counts.
struct Callgrind {
    valgrind: PathBuf,
    control: PathBuf,
    dir: tempfile::TempDir,
}

impl Callgrind {
    fn find_or_install() -> Callgrind {
        let what = "valgrind, whose callgrind tool counts the instructions";
        Callgrind {
            valgrind: find_or_install("valgrind", "valgrind", what),
            control: find_or_install("callgrind_control", "valgrind", what),
            dir: tempfile::tempdir().expect("a temporary folder"),
        }
    }

    /// `env MALLOC_MMAP_THRESHOLD_=… valgrind --tool=callgrind --callgrind-out-file=OUT`.
    fn launcher(&self, out: &Path) -> Vec<String> {
        vec![
            "env".to_owned(),
            MMAP_THRESHOLD.to_owned(),
            self.valgrind.display().to_string(),
            "--quiet".to_owned(),
            "--tool=callgrind".to_owned(),
            format!("--callgrind-out-file={}", out.display()),
        ]
    }

    /// Instructions per request of the server `pid` at `addr` under `ask`'s load; its
    /// callgrind writes to `out`.
    fn per_request(
        &self,
        wrk: &Wrk,
        ask: &Ask,
        pid: u32,
        addr: SocketAddr,
        out: &Path,
        seconds: u64,
    ) -> f64 {
        let _ = wrk.run(&ask.load(addr, CONNECTIONS, WARM_UP_SECONDS));
        self.control("-z", pid);
        let report = wrk.run(&ask.load(addr, CONNECTIONS, seconds));
        assert_eq!(report.errors(), 0, "{}: errors under callgrind", ask.name);
        self.control("-d", pid);
        // The first dump after the zeroing goes to OUT.1.
        let dump = PathBuf::from(format!("{}.1", out.display()));
        let total = wait_for_total(&dump);
        total as f64 / report.requests.max(1) as f64
    }

    fn control(&self, command: &str, pid: u32) {
        let status = Command::new(&self.control)
            .args([command, &pid.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .expect("run callgrind_control");
        assert!(status.success(), "callgrind_control {command} {pid} failed");
    }
}

/// The `totals:` (or `summary:`) line of a callgrind dump, once the dump is complete.
fn wait_for_total(dump: &Path) -> u64 {
    let deadline = Instant::now() + DUMP_WAIT;
    loop {
        let text = std::fs::read_to_string(dump).unwrap_or_default();
        let total = text.lines().find_map(|line| {
            let value = line
                .strip_prefix("totals:")
                .or(line.strip_prefix("summary:"))?;
            value.split_whitespace().next()?.parse().ok()
        });
        if let Some(total) = total {
            return total;
        }
        assert!(
            Instant::now() < deadline,
            "no callgrind dump at {}",
            dump.display()
        );
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// Count each answer's instructions per request: bare hyper, the mock, and `compare`'s build.
pub(super) fn run(wrk: &Wrk, answers: &[(Ask, PathBuf)], seconds: u64, compare: Option<&str>) {
    let callgrind = Callgrind::find_or_install();
    println!(
        "instructions per request under callgrind (user space only; {CONNECTIONS} connections, \
         {seconds} s counted after {WARM_UP_SECONDS} s of warm-up)"
    );
    println!(
        "| answer | bare | mock | mock ÷ bare |{}",
        if compare.is_some() {
            " other | other ÷ bare |"
        } else {
            ""
        }
    );
    println!(
        "|---|---|---|---|{}",
        if compare.is_some() { "---|---|" } else { "" }
    );
    for (ask, file) in answers {
        let out = |server: &str| {
            callgrind
                .dir
                .path()
                .join(format!("{}.{server}", ask.name.replace(' ', "-")))
        };
        let bare = {
            let out = out("bare");
            let server = Baseline::start_under(&callgrind.launcher(&out), Kind::Bare, file);
            callgrind.per_request(wrk, ask, server.pid(), server.addr, &out, seconds)
        };
        let under = |binary: &str, name: &str| {
            let out = out(name);
            let mut args = callgrind.launcher(&out);
            args.extend([binary, "serve", "--port", "0", "--quiet"].map(str::to_owned));
            let (program, args) = args.split_first().expect("a launcher");
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let server = MockProcess::spawn_with(program, &args, false);
            callgrind.per_request(wrk, ask, server.pid(), server.addr, &out, seconds)
        };
        let mock = under(&mock_binary(), "mock");
        let other = compare.map(|path| {
            let other = under(path, "other");
            format!(" {other:.0} | {:.2}× |", other / bare)
        });
        println!(
            "| {} | {bare:.0} | {mock:.0} | {:.2}× |{}",
            ask.name,
            mock / bare,
            other.unwrap_or_default()
        );
    }
}
