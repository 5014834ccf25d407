//! Shared fixtures for the integration tests.

// ---- dataset folders ----

use std::path::PathBuf;

/// The committed default dataset folder.
pub fn default_dataset_folder() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("contracts/datasets/default")
}

/// A temporary copy of the default dataset folder, removed on drop.
pub fn dataset_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(default_dataset_folder()).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), dir.path().join(entry.file_name())).unwrap();
    }
    dir
}

// ---- mock server helpers ----

use favorite_contract::{MockServerBuilder, ServerHandle};
use std::net::SocketAddr;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// How long a raw exchange may take before the test fails instead of hanging.
pub const IO_DEADLINE: Duration = Duration::from_secs(10);

/// Start a quiet mock on 127.0.0.1, any free port.
pub async fn spawn_mock(builder: MockServerBuilder) -> ServerHandle {
    builder
        .bind("127.0.0.1:0")
        .quiet(true)
        .start()
        .await
        .expect("mock starts")
}

/// A response as read off the socket.
#[derive(Debug)]
pub struct RawResponse {
    /// Status line, e.g. `HTTP/1.1 200 OK`.
    pub status_line: String,
    /// Status code.
    pub status: u16,
    /// Header lines as sent (name case kept), in order.
    pub headers: Vec<(String, String)>,
    /// Body bytes (Content-Length bytes).
    pub body: Vec<u8>,
}

impl RawResponse {
    /// A header by case-insensitive name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
    /// The body as UTF-8 text.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
    /// The body as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).expect("a JSON body")
    }
}

/// Build a request: `Host: mock.test` (unless `headers` name a Host; admin resources need a
/// local one) and `Content-Length` are added; `Connection: close` ends it.
pub fn http_request(method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Vec<u8> {
    let mut out = format!("{method} {path} HTTP/1.1\r\n");
    if !headers.iter().any(|(n, _)| n.eq_ignore_ascii_case("host")) {
        out.push_str("Host: mock.test\r\n");
    }
    for (name, value) in headers {
        out.push_str(&format!("{name}: {value}\r\n"));
    }
    out.push_str(&format!(
        "Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    ));
    let mut bytes = out.into_bytes();
    bytes.extend_from_slice(body);
    bytes
}

/// Send bytes on a fresh connection and read one response; `None` when the server closed the
/// connection without sending a byte.
pub async fn send_raw(addr: SocketAddr, bytes: &[u8]) -> Option<RawResponse> {
    let mut stream = TcpStream::connect(addr).await.expect("connect");
    stream.write_all(bytes).await.expect("write");
    read_response(&mut stream).await
}

/// Read one response from a stream (Content-Length framed).
pub async fn read_response(stream: &mut TcpStream) -> Option<RawResponse> {
    tokio::time::timeout(IO_DEADLINE, read_response_inner(stream))
        .await
        .expect("the server answers or closes within the deadline")
}

async fn read_response_inner(stream: &mut TcpStream) -> Option<RawResponse> {
    let mut buf = Vec::new();
    let head_end = loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i;
        }
        let mut chunk = [0u8; 4096];
        match stream.read(&mut chunk).await {
            Ok(0) | Err(_) => {
                assert!(buf.is_empty(), "connection closed mid-response: {buf:?}");
                return None;
            }
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap_or_default().to_owned();
    let status = status_line
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("status");
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.to_owned(), v.trim().to_owned()))
        .collect();
    let length: usize = headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut body = buf[head_end + 4..].to_vec();
    while body.len() < length {
        let mut chunk = [0u8; 4096];
        let n = stream.read(&mut chunk).await.expect("read body");
        assert!(n > 0, "connection closed before the body ended");
        body.extend_from_slice(&chunk[..n]);
    }
    body.truncate(length);
    Some(RawResponse {
        status_line,
        status,
        headers,
        body,
    })
}

/// POST to a path with headers and a body; panics when the connection is dropped.
pub async fn exchange(
    handle: &ServerHandle,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> RawResponse {
    send_raw(
        handle.local_addr(),
        &http_request(method, path, headers, body),
    )
    .await
    .expect("a response")
}

/// The headers an admin call needs: a local Host, and the marker state-changing calls need.
pub const ADMIN: [(&str, &str); 2] = [("Host", "localhost"), ("X-Mock-Admin", "1")];
