//! Driving `wrk` (a separate, efficient C load generator) from a bench: find or install it,
//! run it with a Lua script that posts the request and reports a machine-readable summary, and
//! parse that summary. Load from a separate process keeps the client's CPU off the measured
//! server's books (the server's own CPU time is read from `/proc`, see [`super::process`]).
//!
//! ```ignore
//! let wrk = Wrk::find_or_install();
//! let report = wrk.run(&Load::post(addr, "/api/...", &[("Content-Type", "application/json")], body)
//!     .connections(32)
//!     .seconds(10));
//! println!("{} requests, p99 {:?}", report.requests, report.p99);
//! ```
#![allow(dead_code, reason = "each bench binary uses only part of this module")]

use std::io::Write as _;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// The line the Lua `done()` hook prints, followed by `key=value` pairs.
const RESULT_MARKER: &str = "WRK_RESULT";

/// A usable `wrk` binary.
pub(crate) struct Wrk {
    path: PathBuf,
}

impl Wrk {
    /// `wrk` from `PATH`; if missing, install it with `apt-get` (as CI does); otherwise stop the
    /// bench with one sentence saying what to do.
    pub(crate) fn find_or_install() -> Wrk {
        Wrk {
            path: find_or_install("wrk", "wrk", "the wrk load generator"),
        }
    }

    /// Run `load` to completion.
    pub(crate) fn run(&self, load: &Load) -> Report {
        self.start(load).wait()
    }

    /// Start `load` in the background (to measure the server while doing something else).
    pub(crate) fn start(&self, load: &Load) -> Running {
        let mut script = tempfile::NamedTempFile::new().expect("a temporary Lua script");
        script
            .write_all(load.script().as_bytes())
            .expect("write the Lua script");
        let child = Command::new(&self.path)
            .arg(format!("--threads={}", load.threads))
            .arg(format!("--connections={}", load.connections))
            .arg(format!("--duration={}s", load.seconds))
            .arg(format!("--timeout={}s", load.timeout_seconds))
            .arg("--script")
            .arg(script.path())
            .arg(load.url())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start wrk");
        Running {
            child,
            _script: script,
        }
    }
}

/// `program` from `PATH`; if missing, Debian's `package` installed with `apt-get` (as CI
/// does); otherwise the bench stops with one sentence saying what it needs (`what`).
pub(crate) fn find_or_install(program: &str, package: &str, what: &str) -> PathBuf {
    if let Some(path) = which(program) {
        return path;
    }
    if which("apt-get").is_some() {
        eprintln!("{program} not found; installing {package} with apt-get");
        let installed = Command::new("apt-get")
            .args(["install", "-y", "-qq", package])
            .stdout(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if installed && let Some(path) = which(program) {
            return path;
        }
    }
    panic!(
        "this benchmark needs {what}: install it (Debian/Ubuntu: `apt-get install {package}`) \
         and run the bench again"
    );
}

fn which(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(program))
        .find(|candidate| candidate.is_file())
}

/// What to send, how hard and how long.
#[derive(Clone, Debug)]
pub(crate) struct Load {
    addr: SocketAddr,
    method: String,
    path: String,
    headers: Vec<(String, String)>,
    /// Bodies sent in turn (one request each, with their own Content-Type when given), so a
    /// run can mix formats.
    bodies: Vec<(Option<String>, String)>,
    connections: u32,
    threads: u32,
    seconds: u64,
    timeout_seconds: u64,
    /// Each wrk thread sends its own share of the bodies (see [`Load::split_between_threads`]).
    split: bool,
}

impl Load {
    /// POST `body` to `path` with `headers` (a `Host` naming `addr` is added by wrk).
    pub(crate) fn post(addr: SocketAddr, path: &str, headers: &[(&str, &str)], body: &str) -> Load {
        Load {
            addr,
            method: "POST".to_owned(),
            path: path.to_owned(),
            headers: headers
                .iter()
                .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
                .collect(),
            bodies: vec![(None, body.to_owned())],
            connections: 32,
            threads: 2,
            seconds: 10,
            timeout_seconds: 10,
            split: false,
        }
    }

    /// Give each wrk thread its own share of the rotating bodies (every n-th of them), so that
    /// no two threads send the same body: each walks the whole list otherwise, and two threads
    /// that happen to walk it in step send each body twice within moments (a cache or memo
    /// meant to miss then hits on half the requests).
    pub(crate) fn split_between_threads(mut self) -> Load {
        self.split = true;
        self
    }

    /// Add a header to every request (`Connection: close` makes wrk open a new connection for
    /// each request).
    pub(crate) fn header(mut self, name: &str, value: &str) -> Load {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    /// Send these (Content-Type, body) pairs in turn instead of one body.
    pub(crate) fn rotating(mut self, bodies: &[(&str, &str)]) -> Load {
        self.bodies = bodies
            .iter()
            .map(|(ct, body)| (Some((*ct).to_owned()), (*body).to_owned()))
            .collect();
        self
    }

    /// Open connections (each keeps one request in flight).
    pub(crate) fn connections(mut self, n: u32) -> Load {
        self.connections = n;
        self.threads = self.threads.min(n).max(1);
        self
    }

    /// wrk threads (at most the connections).
    pub(crate) fn threads(mut self, n: u32) -> Load {
        self.threads = n.min(self.connections).max(1);
        self
    }

    /// How long to run.
    pub(crate) fn seconds(mut self, s: u64) -> Load {
        self.seconds = s.max(1);
        self
    }

    fn url(&self) -> String {
        format!("http://{}{}", self.addr, self.path)
    }

    /// The Lua script: the request (or requests in turn) and a `done()` that prints the
    /// summary as one line of `key=value` pairs.
    fn script(&self) -> String {
        let mut lua = String::new();
        lua.push_str(&format!("wrk.method = {}\n", lua_string(&self.method)));
        for (name, value) in &self.headers {
            lua.push_str(&format!(
                "wrk.headers[{}] = {}\n",
                lua_string(name),
                lua_string(value)
            ));
        }
        if let [(content_type, body)] = &self.bodies[..] {
            // One request: wrk sends the same pre-built bytes, its fastest way.
            if let Some(content_type) = content_type {
                lua.push_str(&format!(
                    "wrk.headers[\"Content-Type\"] = {}\n",
                    lua_string(content_type)
                ));
            }
            lua.push_str(&format!("wrk.body = {}\n", lua_string(body)));
            lua.push_str(&self.done_hook());
            return lua;
        }
        if self.split {
            // `setup` runs once per thread in the main state; `part` becomes a global of the
            // thread's own state.
            lua.push_str(
                "local parts = 0\n\
                 setup = function(thread)\n\
                   thread:set(\"part\", parts)\n\
                   parts = parts + 1\n\
                 end\n",
            );
        }
        // Built in `init`, once wrk has set the Host header.
        lua.push_str("local requests = {}\ninit = function(args)\n");
        for (content_type, body) in &self.bodies {
            match content_type {
                None => lua.push_str(&format!(
                    "  table.insert(requests, wrk.format(nil, nil, nil, {}))\n",
                    lua_string(body)
                )),
                Some(content_type) => lua.push_str(&format!(
                    "  do local h = {{}} for k, v in pairs(wrk.headers) do h[k] = v end \
                     h[\"Content-Type\"] = {} \
                     table.insert(requests, wrk.format(nil, nil, h, {})) end\n",
                    lua_string(content_type),
                    lua_string(body)
                )),
            }
        }
        if self.split {
            lua.push_str(&format!(
                "  local mine = {{}}\n\
                   for i, r in ipairs(requests) do \
                 if (i - 1) % {} == part then table.insert(mine, r) end end\n\
                   requests = mine\n",
                self.threads
            ));
        }
        lua.push_str(
            "end\n\
             local n = 0\n\
             request = function()\n\
               n = n + 1\n\
               return requests[(n % #requests) + 1]\n\
             end\n",
        );
        lua.push_str(&self.done_hook());
        lua
    }

    /// `done()`: the summary as one line of `key=value` pairs.
    fn done_hook(&self) -> String {
        format!(
            "done = function(summary, latency, requests)\n\
               local e = summary.errors\n\
               io.write(string.format(\"{RESULT_MARKER} requests=%d duration_us=%d bytes=%d \
             connect=%d read=%d write=%d status=%d timeout=%d p50_us=%d p90_us=%d p99_us=%d \
             p999_us=%d max_us=%d\\n\",\n\
                 summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, \
             e.status, e.timeout, latency:percentile(50), latency:percentile(90), \
             latency:percentile(99), latency:percentile(99.9), latency.max))\n\
             end\n"
        )
    }
}

/// A Lua string literal.
fn lua_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A wrk run in progress.
pub(crate) struct Running {
    child: Child,
    _script: tempfile::NamedTempFile,
}

impl Running {
    /// Wait for the run to end and parse its summary.
    pub(crate) fn wait(self) -> Report {
        let output = self.child.wait_with_output().expect("wait for wrk");
        let stdout = String::from_utf8_lossy(&output.stdout);
        Report::parse(&stdout).unwrap_or_else(|| {
            panic!(
                "wrk printed no summary (exit {:?}):\n{stdout}\n{}",
                output.status.code(),
                String::from_utf8_lossy(&output.stderr)
            )
        })
    }
}

/// What a run measured (wrk's own accounting).
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Report {
    /// Completed requests.
    pub(crate) requests: u64,
    /// The measured duration.
    pub(crate) duration: Duration,
    /// Connections that could not be opened.
    pub(crate) connect_errors: u64,
    /// Connections that failed or closed while a response was awaited: requests lost.
    pub(crate) read_errors: u64,
    /// Writes that failed (a closed connection, or connecting to a server that is gone).
    pub(crate) write_errors: u64,
    /// Responses with a status of 400 or more.
    pub(crate) status_errors: u64,
    /// Requests that timed out.
    pub(crate) timeouts: u64,
    pub(crate) p50: Duration,
    pub(crate) p90: Duration,
    pub(crate) p99: Duration,
    pub(crate) p999: Duration,
    pub(crate) max: Duration,
}

impl Report {
    fn parse(stdout: &str) -> Option<Report> {
        let line = stdout.lines().find(|l| l.starts_with(RESULT_MARKER))?;
        let value = |key: &str| -> Option<u64> {
            line.split_whitespace()
                .find_map(|pair| pair.strip_prefix(key)?.strip_prefix('='))
                .and_then(|v| v.parse().ok())
        };
        let micros = |key: &str| value(key).map(Duration::from_micros);
        Some(Report {
            requests: value("requests")?,
            duration: micros("duration_us")?,
            connect_errors: value("connect")?,
            read_errors: value("read")?,
            write_errors: value("write")?,
            status_errors: value("status")?,
            timeouts: value("timeout")?,
            p50: micros("p50_us")?,
            p90: micros("p90_us")?,
            p99: micros("p99_us")?,
            p999: micros("p999_us")?,
            max: micros("max_us")?,
        })
    }

    /// Requests per second.
    pub(crate) fn rate(&self) -> f64 {
        self.requests as f64 / self.duration.as_secs_f64().max(1e-9)
    }

    /// Every error wrk counted.
    pub(crate) fn errors(&self) -> u64 {
        self.connect_errors
            + self.read_errors
            + self.write_errors
            + self.status_errors
            + self.timeouts
    }
}

/// Milliseconds with two decimals, for tables.
pub(crate) fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1e3)
}
