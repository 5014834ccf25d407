//! Faults over a real socket: garbage instead of HTTP, a reset in the middle of the body, a body
//! trickled in pieces; each journaled with what it did, and bounded.

use crate::api::{ACTION, admin_get};
use crate::support::{ADMIN, http_request, spawn_mock};
use favorite_contract::{DRIBBLE_CHUNKS, GARBAGE, MockServer, ServerHandle};
use serde_json::Value;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const DEADLINE: Duration = Duration::from_secs(15);

/// What came back on a connection: each read's bytes, and how the connection ended.
struct Received {
    reads: Vec<Vec<u8>>,
    ended: Result<(), std::io::ErrorKind>,
}

impl Received {
    fn bytes(&self) -> Vec<u8> {
        self.reads.concat()
    }
}

async fn receive(mock: &ServerHandle, fault: &str, client: i32) -> Received {
    let body = format!(r#"{{"Operator":1,"Client":{client}}}"#);
    let request = http_request(
        "POST",
        ACTION,
        &[
            ("Authorization", "Bearer t"),
            ("Content-Type", "application/json"),
            ("X-Mock-Fault", fault),
        ],
        body.as_bytes(),
    );
    let mut stream = TcpStream::connect(mock.local_addr()).await.unwrap();
    stream.write_all(&request).await.unwrap();
    let mut reads = Vec::new();
    let ended = tokio::time::timeout(DEADLINE, async {
        loop {
            let mut chunk = vec![0u8; 65536];
            match stream.read(&mut chunk).await {
                Ok(0) => return Ok(()),
                Ok(n) => {
                    chunk.truncate(n);
                    reads.push(chunk);
                }
                Err(err) => return Err(err.kind()),
            }
        }
    })
    .await
    .expect("the fault ends within its bound");
    Received { reads, ended }
}

fn head_and_body(bytes: &[u8]) -> (String, Vec<u8>) {
    let end = bytes
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a response head");
    (
        String::from_utf8_lossy(&bytes[..end]).into_owned(),
        bytes[end + 4..].to_vec(),
    )
}

fn content_length(head: &str) -> usize {
    head.lines()
        .find_map(|l| l.strip_prefix("Content-Length: "))
        .and_then(|v| v.trim().parse().ok())
        .expect("a Content-Length")
}

async fn last_entry(mock: &ServerHandle) -> Value {
    admin_get(mock, "/__mock/requests?limit=1").await.json()["requests"][0].clone()
}

#[tokio::test]
async fn garbage_is_sent_instead_of_http_and_journaled() {
    let mock = spawn_mock(MockServer::builder()).await;
    let received = receive(&mock, "garbage", 1006).await;
    assert_eq!(received.bytes(), GARBAGE);
    let entry = last_entry(&mock).await;
    assert_eq!(entry["outcome"], "faulted");
    assert_eq!(entry["scenario"]["fault"], "garbage");
    assert_eq!(entry["response"], Value::Null);
}

#[tokio::test]
async fn a_reset_cuts_the_body_in_half() {
    let mock = spawn_mock(MockServer::builder()).await;
    let received = receive(&mock, "reset", 1006).await;
    let (head, body) = head_and_body(&received.bytes());
    assert!(head.starts_with("HTTP/1.1 200 OK"), "{head}");
    let promised = content_length(&head);
    assert!(promised > 100);
    assert_eq!(body.len(), promised / 2, "half the body arrives");
    assert_eq!(received.ended, Err(std::io::ErrorKind::ConnectionReset));
    let entry = last_entry(&mock).await;
    assert_eq!(entry["outcome"], "faulted");
    assert_eq!(entry["scenario"]["fault"], "reset");
    // The journal keeps the answer that was meant to go out.
    assert_eq!(entry["response"]["body"]["size"], promised);
}

#[tokio::test]
async fn a_dribble_trickles_the_whole_body_in_pieces() {
    let mock = spawn_mock(MockServer::builder()).await;
    let started = Instant::now();
    let received = receive(&mock, "dribble", 1012).await;
    let (head, body) = head_and_body(&received.bytes());
    assert!(head.starts_with("HTTP/1.1 200 OK"), "{head}");
    assert_eq!(body.len(), content_length(&head));
    assert!(body.ends_with(b"\"ErrorCode\":0,\"Message\":\"\"}"));
    // The head, then the body in pieces that arrive one by one.
    assert!(
        received.reads.len() > DRIBBLE_CHUNKS / 2,
        "{} reads",
        received.reads.len()
    );
    assert!(started.elapsed() < DEADLINE);
    let entry = last_entry(&mock).await;
    assert_eq!(entry["outcome"], "answered");
    assert_eq!(entry["scenario"]["fault"], "dribble");
}

#[tokio::test]
async fn a_fault_override_breaks_a_clients_answers_and_a_bad_fault_header_is_400() {
    let mock = spawn_mock(MockServer::builder()).await;
    let added = crate::support::exchange(
        &mock,
        "POST",
        "/__mock/overrides",
        &[ADMIN[0], ADMIN[1], ("Content-Type", "application/json")],
        br#"{"client": 1007, "fault": "garbage", "times": 1}"#,
    )
    .await;
    assert_eq!(added.status, 201);
    let received = receive(&mock, "none", 1007).await;
    assert_eq!(received.bytes(), GARBAGE);
    let entry = last_entry(&mock).await;
    assert_eq!(entry["override_id"], added.json()["id"]);
    assert_eq!(entry["scenario"]["fault"], "garbage");
    let bad = receive(&mock, "slow", 1007).await;
    let (head, body) = head_and_body(&bad.bytes());
    assert!(head.starts_with("HTTP/1.1 400"), "{head}");
    assert!(
        String::from_utf8_lossy(&body)
            .contains("X-Mock-Fault: expected garbage, reset, dribble or none, found `slow`")
    );
}
