//! A minimal blocking HTTP/1.1 client over one keep-alive socket, for the benches' control
//! requests (admin calls, hostile bodies). Load itself comes from `wrk` ([`super::wrk`]).
#![allow(dead_code, reason = "each bench binary uses only part of this module")]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

/// How long one exchange may take before the bench fails instead of hanging.
const IO_DEADLINE: Duration = Duration::from_secs(60);

/// A response: status, headers (names lower-cased) and body.
pub(crate) struct Answer {
    pub(crate) status: u16,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: Vec<u8>,
    /// The status line and header lines exactly as received, blank line included.
    pub(crate) head: Vec<u8>,
}

impl Answer {
    /// A header's value by (lower-case) name.
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The body as text.
    pub(crate) fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The answer's bytes as they came off the wire: head, then body.
    pub(crate) fn raw(&self) -> Vec<u8> {
        let mut raw = self.head.clone();
        raw.extend_from_slice(&self.body);
        raw
    }
}

/// One keep-alive connection.
pub(crate) struct Connection {
    reader: BufReader<TcpStream>,
    host: String,
}

impl Connection {
    /// Connect, with the host `Host` names (`host:port` of `addr`).
    pub(crate) fn open(addr: SocketAddr) -> Connection {
        let stream = TcpStream::connect(addr).expect("connect to the mock");
        stream.set_read_timeout(Some(IO_DEADLINE)).unwrap();
        stream.set_write_timeout(Some(IO_DEADLINE)).unwrap();
        stream.set_nodelay(true).unwrap();
        Connection {
            reader: BufReader::new(stream),
            host: addr.to_string(),
        }
    }

    /// Use a connected socket (requests name `localhost` as their Host).
    pub(crate) fn from_stream(stream: TcpStream) -> Connection {
        Connection {
            reader: BufReader::new(stream),
            host: "localhost".to_owned(),
        }
    }

    /// Name another `Host` in the requests sent from now on.
    pub(crate) fn with_host(mut self, host: &str) -> Connection {
        self.host = host.to_owned();
        self
    }

    /// Send a request and read its answer.
    pub(crate) fn send(
        &mut self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> Answer {
        let mut head = format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nContent-Length: {}\r\n",
            self.host,
            body.len()
        );
        for (name, value) in headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str("\r\n");
        let stream = self.reader.get_mut();
        stream.write_all(head.as_bytes()).expect("write the head");
        stream.write_all(body).expect("write the body");
        self.read_answer()
    }

    fn read_answer(&mut self) -> Answer {
        let mut line = String::new();
        self.reader.read_line(&mut line).expect("status line");
        let mut head = line.clone().into_bytes();
        let status = line
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("bad status line {line:?}"));
        let mut length = 0usize;
        let mut headers = Vec::new();
        loop {
            line.clear();
            self.reader.read_line(&mut line).expect("header line");
            head.extend_from_slice(line.as_bytes());
            let trimmed = line.trim_end();
            if trimmed.is_empty() {
                break;
            }
            if let Some((name, value)) = trimmed.split_once(':') {
                let name = name.to_ascii_lowercase();
                if name == "content-length" {
                    length = value.trim().parse().unwrap_or(0);
                }
                headers.push((name, value.trim().to_owned()));
            }
        }
        let mut body = vec![0; length];
        self.reader.read_exact(&mut body).expect("body");
        Answer {
            status,
            headers,
            body,
            head,
        }
    }

    /// Send raw bytes (a request the caller wrote) and read one answer; `None` when the
    /// connection closes first.
    pub(crate) fn send_raw(&mut self, bytes: &[u8]) -> Option<Answer> {
        self.reader.get_mut().write_all(bytes).ok()?;
        self.try_read_answer()
    }

    /// Read one answer; `None` when the connection closes (or fails) before a status line.
    pub(crate) fn try_read_answer(&mut self) -> Option<Answer> {
        if self.reader.fill_buf().ok()?.is_empty() {
            return None;
        }
        Some(self.read_answer())
    }

    /// The socket, e.g. to half-close it.
    pub(crate) fn stream(&self) -> &TcpStream {
        self.reader.get_ref()
    }
}

/// One request on a fresh connection.
pub(crate) fn send(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Answer {
    Connection::open(addr).send(method, path, headers, body)
}
