//! The attack suite: each test attacks a real `favorite-contract serve` process (the binary
//! cargo built, on 127.0.0.1, a free port) the way a hostile page, script or client would, and
//! bounds what it may cost: every answer within a deadline (a hang guard, far above the real
//! figures, which the `hostile` and `soak` benches measure), the mock's memory read from
//! `/proc/<pid>/status`. Linux only (`/proc`).
#![cfg(target_os = "linux")]
#![allow(clippy::unwrap_used, reason = "tests fail loudly by design")]
#![allow(missing_docs, unreachable_pub, reason = "test code")]

#[path = "../../benches/common/bodies.rs"]
mod bodies;
#[path = "../../benches/common/http.rs"]
mod http;
#[path = "../../benches/common/process.rs"]
mod process;

mod connections;
mod cost;
mod datasets;
mod secrets;

use process::MockProcess;
use std::time::{Duration, Instant};

/// The action's path.
pub(crate) const ACTION: &str = "/api/client/ClientFavoriteDataInfo";
/// A valid request body.
pub(crate) const CLIENT_BODY: &[u8] = br#"{"Operator":1,"Client":1006}"#;
/// The headers of a valid JSON request.
pub(crate) const JSON_REQUEST: [(&str, &str); 2] = [
    ("Authorization", "Bearer attack-suite"),
    ("Content-Type", "application/json"),
];
/// The headers of an admin call (a local Host is added by the connection).
pub(crate) const ADMIN: [(&str, &str); 1] = [("X-Mock-Admin", "1")];
/// Memory the mock may hold at the end of any attack, MiB (it starts at about 10).
pub(crate) const RSS_BOUND_MIB: u64 = 128;

/// Assert the mock's resident memory is under `mib`.
pub(crate) fn assert_rss_below(mock: &MockProcess, mib: u64) {
    let rss = mock.rss_kib();
    assert!(
        rss < mib * 1024,
        "the mock holds {} MiB (bound {mib} MiB)",
        rss / 1024
    );
}

/// A raw HTTP/1.1 POST of the action with `body`.
pub(crate) fn raw_post(extra_headers: &str, body: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "POST {ACTION} HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer a\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\n{extra_headers}\r\n",
        body.len()
    )
    .into_bytes();
    out.extend_from_slice(body);
    out
}

/// Run `f` and fail if it took longer than `bound` (a hang guard, not a benchmark).
pub(crate) fn within<T>(bound: Duration, what: &str, f: impl FnOnce() -> T) -> T {
    let started = Instant::now();
    let out = f();
    let took = started.elapsed();
    assert!(took < bound, "{what} took {took:?} (bound {bound:?})");
    out
}

/// Poll `check` every 50 ms until it holds, failing after `bound`.
pub(crate) fn eventually(bound: Duration, what: &str, mut check: impl FnMut() -> bool) {
    let deadline = Instant::now() + bound;
    while !check() {
        assert!(Instant::now() < deadline, "{what}: not within {bound:?}");
        std::thread::sleep(Duration::from_millis(50));
    }
}
