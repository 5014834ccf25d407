//! Running the real binary against servers on 127.0.0.1: the reference mock in a runtime of its
//! own (so a test can stay synchronous), stub servers that answer one fixed way or never, and
//! the helpers the check/snapshot setup, run and TLS tests share.

use super::support;
use favorite_contract::{AuthMode, EngineSettings, MockServer, ServerHandle};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::process::{Command, Output, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub const BIN: &str = env!("CARGO_BIN_EXE_favorite-contract");

/// The reference mock (bearer auth), shut down on drop.
pub struct BinMock {
    runtime: tokio::runtime::Runtime,
    handle: Option<ServerHandle>,
    pub url: String,
    pub addr: SocketAddr,
}

impl BinMock {
    pub fn start() -> BinMock {
        BinMock::with(EngineSettings::default())
    }

    pub fn with(settings: EngineSettings) -> BinMock {
        let runtime = tokio::runtime::Runtime::new().unwrap();
        let builder = MockServer::builder()
            .auth(AuthMode::Bearer)
            .settings(settings);
        let handle = runtime.block_on(support::spawn_mock(builder));
        let url = handle.url();
        let addr = handle.local_addr();
        BinMock {
            runtime,
            handle: Some(handle),
            url,
            addr,
        }
    }

    /// Run a future on the mock's runtime (a TLS front, a stub server).
    pub fn spawn<F>(&self, future: F)
    where
        F: Future<Output = ()> + Send + 'static,
    {
        self.runtime.spawn(future);
    }
}

impl Drop for BinMock {
    fn drop(&mut self) {
        if let Some(handle) = self.handle.take() {
            self.runtime.block_on(handle.shutdown());
        }
    }
}

pub fn run(args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The lines of a stream, without the empty ones.
pub fn lines(bytes: &[u8]) -> Vec<String> {
    text(bytes)
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(str::to_owned)
        .collect()
}

/// What a stub server answers.
#[derive(Clone)]
pub enum Answer {
    /// Never answer (the connection stays open until the test ends).
    Never,
    /// This raw response (status line, headers, body), after a delay.
    Raw { delay: Duration, response: String },
}

impl Answer {
    /// A complete response with a Content-Length.
    pub fn http(status: &str, headers: &[(&str, &str)], body: &str, delay: Duration) -> Answer {
        let mut response = format!("HTTP/1.1 {status}\r\n");
        for (name, value) in headers {
            response.push_str(&format!("{name}: {value}\r\n"));
        }
        response.push_str(&format!("Content-Length: {}\r\n\r\n{body}", body.len()));
        Answer::Raw { delay, response }
    }
}

/// A request line a stub server saw, and when.
pub type Seen = Arc<Mutex<Vec<(String, Instant)>>>;

/// A plain-threads HTTP/1.1 server on 127.0.0.1:0 that reads each request head and body and
/// answers every request the same way. Its threads end with the test process.
pub struct Stub {
    pub url: String,
    pub seen: Seen,
}

impl Stub {
    pub fn start(answer: Answer) -> Stub {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let seen: Seen = Arc::default();
        let log = Arc::clone(&seen);
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { break };
                let (answer, log) = (answer.clone(), Arc::clone(&log));
                std::thread::spawn(move || serve_connection(stream, &answer, &log));
            }
        });
        Stub { url, seen }
    }

    /// The request lines seen so far.
    pub fn request_lines(&self) -> Vec<(String, Instant)> {
        self.seen.lock().unwrap().clone()
    }
}

fn serve_connection(mut stream: TcpStream, answer: &Answer, log: &Seen) {
    loop {
        let mut head = Vec::new();
        let mut byte = [0u8; 1];
        while !head.ends_with(b"\r\n\r\n") {
            match stream.read(&mut byte) {
                Ok(1) => head.push(byte[0]),
                _ => return,
            }
        }
        let head = String::from_utf8_lossy(&head).into_owned();
        let first = head.lines().next().unwrap_or_default().to_owned();
        log.lock().unwrap().push((first, Instant::now()));
        let length: usize = head
            .lines()
            .find_map(|l| {
                let (name, value) = l.split_once(':')?;
                name.eq_ignore_ascii_case("content-length")
                    .then(|| value.trim().parse().ok())?
            })
            .unwrap_or(0);
        let mut body = vec![0u8; length];
        if stream.read_exact(&mut body).is_err() {
            return;
        }
        match answer {
            Answer::Never => {
                // Hold the connection open, answering nothing.
                std::thread::sleep(Duration::from_secs(3600));
                return;
            }
            Answer::Raw { delay, response } => {
                std::thread::sleep(*delay);
                if stream.write_all(response.as_bytes()).is_err() {
                    return;
                }
            }
        }
    }
}

/// A contract-shaped JSON success body (what the probe accepts as this endpoint's answer).
pub const CONTRACT_JSON: &str = r#"{"TotalRows":0,"TotalRowsSelect":0,"MaxLinkGoods":3,"NowLinkGoods":0,"RemainLinkGoods":3,"RemainCountPurchases":5,"RemainGain":5000.00,"RemainEveryGain":500.00,"CountOffer":0,"CountConfirm":0,"CountPurchases":0,"SumGain":0.00,"AvgFavorite":0.00,"AvgAll":0.00,"ClientFavorites":[],"ListFavorites":[],"GroupFavorites":[],"ErrorCode":0,"Message":""}"#;
