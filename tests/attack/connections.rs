//! Connections: idle and trickling sockets starve no one and idle ones are closed; pipelined
//! requests before a half-close are all answered; HTTP/1.1 without Host is HTTP.sys's 400; a
//! client that leaves is journaled as such; SIGTERM under keep-alive load loses no request
//! that was received, and the log's counts are true.

use crate::http::Connection;
use crate::process::MockProcess;
use crate::{
    ACTION, ADMIN, CLIENT_BODY, JSON_REQUEST, RSS_BOUND_MIB, assert_rss_below, eventually,
    raw_post, within,
};
use std::io::{Read, Write};
use std::net::{Shutdown, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

fn journal(mock: &MockProcess) -> serde_json::Value {
    let answer = Connection::open(mock.addr).with_host("localhost").send(
        "GET",
        "/__mock/requests",
        &ADMIN,
        b"",
    );
    serde_json::from_slice(&answer.body).unwrap()
}

#[test]
fn idle_and_trickling_sockets_do_not_delay_other_requests() {
    let mock = MockProcess::start(&[]);
    // 700 sockets that never send, and 256 that trickle a request head a byte at a time.
    let idle: Vec<TcpStream> = (0..700)
        .map(|_| TcpStream::connect(mock.addr).unwrap())
        .collect();
    let trickling: Vec<TcpStream> = (0..256)
        .map(|_| {
            let mut s = TcpStream::connect(mock.addr).unwrap();
            s.write_all(b"POST /api/client/ClientFavoriteDataInfo HTTP/1.1\r\nHost: x\r\n")
                .unwrap();
            s
        })
        .collect();
    let stop = Arc::new(AtomicBool::new(false));
    let trickler = {
        let stop = Arc::clone(&stop);
        std::thread::spawn(move || {
            let mut trickling = trickling;
            while !stop.load(Ordering::SeqCst) {
                for s in &mut trickling {
                    let _ = s.write_all(b"X");
                }
                std::thread::sleep(Duration::from_millis(200));
            }
        })
    };
    for _ in 0..50 {
        // A fresh connection each time: it must be accepted at once.
        let answer = within(
            Duration::from_secs(2),
            "a request beside 956 slow sockets",
            || Connection::open(mock.addr).send("POST", ACTION, &JSON_REQUEST, CLIENT_BODY),
        );
        assert_eq!(answer.status, 200);
    }
    stop.store(true, Ordering::SeqCst);
    trickler.join().unwrap();
    drop(idle);
    assert_rss_below(&mock, RSS_BOUND_MIB);
}

#[test]
fn a_connection_that_sends_nothing_is_closed_after_the_header_timeout() {
    let mock = MockProcess::start(&["--header-timeout-ms", "300"]);
    let mut idle = TcpStream::connect(mock.addr).unwrap();
    idle.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    let mut byte = [0u8; 1];
    let read = within(Duration::from_secs(4), "closing an idle connection", || {
        idle.read(&mut byte)
    });
    assert_eq!(read.unwrap(), 0, "closed without an answer");
    // The same holds between requests on a kept-alive connection.
    let mut connection = Connection::open(mock.addr);
    assert_eq!(
        connection
            .send("POST", ACTION, &JSON_REQUEST, CLIENT_BODY)
            .status,
        200
    );
    std::thread::sleep(Duration::from_millis(800));
    assert!(connection.try_read_answer().is_none(), "closed while idle");
}

#[test]
fn pipelined_requests_followed_by_a_half_close_are_all_answered() {
    let mock = MockProcess::start(&[]);
    let mut stream = TcpStream::connect(mock.addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let one = raw_post("", br#"{"Client":1001}"#);
    let mut all = Vec::new();
    for _ in 0..5 {
        all.extend_from_slice(&one);
    }
    stream.write_all(&all).unwrap();
    stream.shutdown(Shutdown::Write).unwrap();
    let mut received = Vec::new();
    within(Duration::from_secs(10), "reading five answers", || {
        stream.read_to_end(&mut received).unwrap()
    });
    let text = String::from_utf8_lossy(&received);
    assert_eq!(text.matches("HTTP/1.1 200 OK").count(), 5, "{text}");
}

#[test]
fn http11_without_host_gets_httpsys_400_and_http10_does_not() {
    let mock = MockProcess::start(&[]);
    let mut stream = TcpStream::connect(mock.addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    stream.write_all(b"GET /api/x HTTP/1.1\r\n\r\n").unwrap();
    let mut text = String::new();
    stream.read_to_string(&mut text).unwrap();
    assert!(text.starts_with("HTTP/1.1 400 Bad Request\r\n"), "{text}");
    assert!(
        text.contains("Content-Type: text/html; charset=us-ascii\r\n"),
        "{text}"
    );
    assert!(
        text.contains("HTTP Error 400. The request hostname is invalid."),
        "{text}"
    );
    let mut stream = TcpStream::connect(mock.addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    stream.write_all(b"GET /api/x HTTP/1.0\r\n\r\n").unwrap();
    let mut text = String::new();
    stream.read_to_string(&mut text).unwrap();
    assert!(text.starts_with("HTTP/1.0 404"), "{text}");
}

#[test]
fn a_client_that_leaves_is_journaled_and_logged_as_abandoned() {
    let mock = MockProcess::start_logging(&[]);
    // During injected latency.
    let mut stream = TcpStream::connect(mock.addr).unwrap();
    stream
        .write_all(&raw_post("X-Mock-Latency: 3000\r\n", br#"{"Client":1001}"#))
        .unwrap();
    std::thread::sleep(Duration::from_millis(300));
    drop(stream);
    // While its body is arriving.
    let mut stream = TcpStream::connect(mock.addr).unwrap();
    let head = raw_post("", &[b' '; 100]);
    stream.write_all(&head[..head.len() - 50]).unwrap();
    std::thread::sleep(Duration::from_millis(300));
    drop(stream);
    eventually(Duration::from_secs(5), "two abandoned requests", || {
        let journal = journal(&mock);
        let outcomes: Vec<&str> = journal["requests"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|e| e["outcome"].as_str())
            .collect();
        outcomes.iter().filter(|o| **o == "abandoned").count() == 2
    });
    let journal = journal(&mock);
    let first = &journal["requests"][0];
    // Noticed when the client left, not when the latency ran out.
    assert!(first["duration_ms"].as_u64().unwrap() < 2500, "{first}");
    assert!(mock.log().contains("outcome=abandoned"), "{}", mock.log());
}

#[test]
fn sigterm_under_keep_alive_load_answers_every_request_it_received() {
    let mock = MockProcess::start(&[]);
    let addr = mock.addr;
    let answered = Arc::new(AtomicUsize::new(0));
    let closing = Arc::new(AtomicUsize::new(0));
    let lost = Arc::new(AtomicUsize::new(0));
    let clients: Vec<_> = (0..16)
        .map(|_| {
            let (answered, closing, lost) = (
                Arc::clone(&answered),
                Arc::clone(&closing),
                Arc::clone(&lost),
            );
            std::thread::spawn(move || {
                let request = raw_post("", br#"{"Client":1001}"#);
                'connections: loop {
                    let Ok(stream) = TcpStream::connect(addr) else {
                        return;
                    };
                    let _ = stream.set_read_timeout(Some(Duration::from_secs(20)));
                    let mut connection = Connection::from_stream(stream);
                    loop {
                        match connection.send_raw(&request) {
                            Some(answer) => {
                                answered.fetch_add(1, Ordering::SeqCst);
                                if answer.header("connection") == Some("close") {
                                    closing.fetch_add(1, Ordering::SeqCst);
                                    continue 'connections;
                                }
                            }
                            // Sent on a connection the server had not said it would close.
                            None => {
                                lost.fetch_add(1, Ordering::SeqCst);
                                continue 'connections;
                            }
                        }
                    }
                }
            })
        })
        .collect();
    std::thread::sleep(Duration::from_millis(700));
    let (clean, log) = within(Duration::from_secs(15), "the drain", || {
        mock.terminate(Duration::from_secs(15))
    });
    for client in clients {
        client.join().unwrap();
    }
    assert!(clean, "exit status 0 after SIGTERM: {log}");
    assert!(answered.load(Ordering::SeqCst) > 100);
    assert_eq!(lost.load(Ordering::SeqCst), 0, "requests lost: {log}");
    // The log's count of answers given during the drain is the clients' count of answers
    // that carried `Connection: close`.
    let line = log.lines().find(|l| l.contains("drained in")).expect(&log);
    let logged: usize = line
        .split("ms: ")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .expect(line);
    assert_eq!(logged, closing.load(Ordering::SeqCst), "{line}");
    assert!(line.contains("0 cut at the drain timeout"), "{line}");
}
