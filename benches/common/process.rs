//! The mock as a separate process: the binary cargo built for this bench or test, started on
//! a free port, measured through `/proc/<pid>` (RSS, CPU time) and stopped with a signal. Shared
//! by the benches and the attack tests.
#![allow(dead_code, reason = "each bench binary uses only part of this module")]

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

/// The binary cargo builds next to the bench or test.
pub(crate) const MOCK_BINARY: &str = env!("CARGO_BIN_EXE_favorite-contract");
/// Set to another build of the binary to measure it instead (e.g. an older commit's, for a
/// before/after comparison in one run of the machine).
pub(crate) const MOCK_BINARY_VAR: &str = "FAVORITE_CONTRACT_BIN";

/// The binary to start: [`MOCK_BINARY_VAR`] if set, else [`MOCK_BINARY`].
pub(crate) fn mock_binary() -> String {
    std::env::var(MOCK_BINARY_VAR).unwrap_or_else(|_| MOCK_BINARY.to_owned())
}

/// A running `favorite-contract serve` process.
pub(crate) struct MockProcess {
    child: Child,
    /// Where it listens.
    pub(crate) addr: SocketAddr,
    /// Its stderr (the log), read continuously so it never blocks on a full pipe.
    log: Arc<Mutex<String>>,
    log_reader: Option<JoinHandle<()>>,
}

impl MockProcess {
    /// Start `serve --port 0 --quiet` with extra flags and wait for its banner.
    pub(crate) fn start(extra: &[&str]) -> MockProcess {
        let mut args = vec!["--quiet"];
        args.extend_from_slice(extra);
        MockProcess::start_logging(&args)
    }

    /// Start `serve --port 0` with these flags (one log line per request unless `--quiet` is
    /// among them) and wait for its banner.
    pub(crate) fn start_logging(extra: &[&str]) -> MockProcess {
        MockProcess::serve(&mock_binary(), extra, true)
    }

    /// Like [`MockProcess::start_logging`], with the log written to `/dev/null`: the mock
    /// formats and writes every line, and no reader in this process spends CPU on them (for
    /// measuring what logging costs the mock under load).
    pub(crate) fn start_logging_discarded(binary: &str, extra: &[&str]) -> MockProcess {
        MockProcess::serve(binary, extra, false)
    }

    /// `binary serve --port 0 <extra>`, its stderr kept (`keep_log`) or discarded.
    pub(crate) fn serve(binary: &str, extra: &[&str], keep_log: bool) -> MockProcess {
        let mut args = vec!["serve", "--port", "0"];
        args.extend_from_slice(extra);
        MockProcess::spawn_with(binary, &args, keep_log)
    }

    /// Start this crate's binary with these arguments (a server that prints a banner naming its
    /// `http://` address on stdout, such as `serve` or `proxy`) and wait for the banner.
    pub(crate) fn spawn(args: &[&str]) -> MockProcess {
        MockProcess::spawn_with(&mock_binary(), args, true)
    }

    /// `binary <args>`, its stderr kept (`keep_log`) or discarded; waits for the banner.
    pub(crate) fn spawn_with(binary: &str, args: &[&str], keep_log: bool) -> MockProcess {
        let mut child = Command::new(binary)
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(if keep_log {
                Stdio::piped()
            } else {
                Stdio::null()
            })
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {binary}: {e}"));
        let stdout = child.stdout.take().expect("piped stdout");
        let mut stdout = BufReader::new(stdout);
        let mut banner = String::new();
        stdout
            .read_line(&mut banner)
            .expect("the mock prints its banner");
        // Keep reading stdout so the mock never writes to a closed or full pipe.
        std::thread::spawn(move || std::io::copy(&mut stdout, &mut std::io::sink()));
        let url = banner
            .split_whitespace()
            .find(|w| w.starts_with("http://"))
            .unwrap_or_else(|| panic!("no URL in the banner: {banner:?}"));
        let addr = url
            .trim_start_matches("http://")
            .parse()
            .unwrap_or_else(|_| panic!("not host:port: {url}"));
        let log = Arc::new(Mutex::new(String::new()));
        let log_reader = child.stderr.take().map(|stderr| {
            let log = Arc::clone(&log);
            std::thread::spawn(move || {
                let mut reader = BufReader::new(stderr);
                let mut line = String::new();
                while reader.read_line(&mut line).is_ok_and(|n| n > 0) {
                    log.lock().unwrap().push_str(&line);
                    line.clear();
                }
            })
        });
        MockProcess {
            child,
            addr,
            log,
            log_reader,
        }
    }

    /// What the process logged so far.
    pub(crate) fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }

    /// The process id.
    pub(crate) fn pid(&self) -> u32 {
        self.child.id()
    }

    /// `http://host:port`.
    pub(crate) fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Resident set size now, KiB (`VmRSS`).
    pub(crate) fn rss_kib(&self) -> u64 {
        status_field(self.pid(), "VmRSS:")
    }

    /// Peak resident set size so far, KiB (`VmHWM`).
    pub(crate) fn peak_rss_kib(&self) -> u64 {
        status_field(self.pid(), "VmHWM:")
    }

    /// User + system CPU time so far (`/proc/<pid>/stat`, clock ticks of 10 ms).
    pub(crate) fn cpu_time(&self) -> Duration {
        cpu_time(self.pid())
    }

    /// Send SIGTERM and wait (at most `deadline`) for the process to exit; returns its stderr
    /// (the log) and whether it exited successfully.
    pub(crate) fn terminate(mut self, deadline: Duration) -> (bool, String) {
        signal(self.pid(), "TERM");
        let started = std::time::Instant::now();
        let status = loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                break Some(status);
            }
            if started.elapsed() > deadline {
                let _ = self.child.kill();
                break None;
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        if let Some(reader) = self.log_reader.take() {
            let _ = reader.join();
        }
        (status.is_some_and(|s| s.success()), self.log())
    }
}

impl Drop for MockProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Send a signal by name to a process (through `kill`, so no unsafe code is needed here).
pub(crate) fn signal(pid: u32, name: &str) {
    let _ = Command::new("kill")
        .arg(format!("-{name}"))
        .arg(pid.to_string())
        .status();
}

/// A `kB` field of `/proc/<pid>/status`.
pub(crate) fn status_field(pid: u32, field: &str) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with(field))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

/// utime + stime of a process from `/proc/<pid>/stat`, assuming the usual 100 ticks a second.
pub(crate) fn cpu_time(pid: u32) -> Duration {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // Fields after the command name (which may contain spaces) start after the last ')'.
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // State is field 3, so utime (14) and stime (15) are at 11 and 12 here.
    let ticks: u64 = [11, 12]
        .iter()
        .filter_map(|&i| fields.get(i).and_then(|v| v.parse::<u64>().ok()))
        .sum();
    Duration::from_millis(ticks * 10)
}
