//! The probe's deadlines come from `--timeout`: the host's lookup and the TCP connect share one
//! `--timeout` (not a fixed 5 s each), and the whole probe never waits longer than its
//! documented 3 × `--timeout`. Runs the real binary against a port whose connections never
//! complete: a listener whose accept queue is full, so the kernel drops every new SYN.

use super::bin_support::{lines, run};
use socket2::{Domain, Socket, Type};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

/// A listening port on 127.0.0.1 whose accept queue is full (a backlog of 0 holds one
/// connection; the filler takes it): a new connection attempt gets no SYN-ACK and hangs.
/// Keep the returned sockets alive for as long as the port must stay silent.
fn silent_port() -> (Socket, TcpStream, SocketAddr) {
    let socket = Socket::new(Domain::IPV4, Type::STREAM, None).unwrap();
    socket
        .bind(&SocketAddr::from(([127, 0, 0, 1], 0)).into())
        .unwrap();
    socket.listen(0).unwrap();
    let addr = socket.local_addr().unwrap().as_socket().unwrap();
    let filler = TcpStream::connect(addr).unwrap();
    // Make sure the queue is full: one more attempt must time out.
    let probe = TcpStream::connect_timeout(&addr, Duration::from_millis(300));
    assert!(probe.is_err(), "the accept queue of {addr} is not full");
    (socket, filler, addr)
}

/// `--timeout 6s` bounds the connect (it was capped at a fixed 5 s before): the message names
/// the 6,000 ms waited, and the whole run ends well within one more `--timeout`.
#[test]
fn the_connect_waits_timeout_in_total_not_a_fixed_cap() {
    let (_socket, _filler, addr) = silent_port();
    let url = format!("http://{addr}");
    let started = Instant::now();
    let out = run(&["check", "--target", &url, "--timeout", "6s", "--cases", "5"]);
    let elapsed = started.elapsed();
    let stderr = lines(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr:?}");
    assert_eq!(
        stderr,
        [format!(
            "error: target {url} is unreachable: cannot connect to {addr}: no connection within \
             6000 ms"
        )]
    );
    assert!(
        elapsed < Duration::from_secs(12),
        "{elapsed:?}: the connect must not wait more than --timeout"
    );
}

/// `snapshot` runs the same probe with the same deadline.
#[test]
fn snapshot_connects_within_its_timeout_too() {
    let (_socket, _filler, addr) = silent_port();
    let url = format!("http://{addr}");
    let dir = tempfile::tempdir().unwrap();
    let out = run(&[
        "snapshot",
        "--target",
        &url,
        "--timeout",
        "1s",
        "--out",
        dir.path().join("s").to_str().unwrap(),
    ]);
    let stderr = lines(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr:?}");
    assert_eq!(
        stderr,
        [format!(
            "error: target {url} is unreachable: cannot connect to {addr}: no connection within \
             1000 ms"
        )]
    );
}
