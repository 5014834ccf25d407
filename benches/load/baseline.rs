//! The servers the mock is compared with, each a process of its own: this bench binary run
//! again with `--baseline KIND ANSWER_FILE`, where the file holds one answer the mock gave,
//! as it came off the wire. The process prints `listening on ADDR`, serves that answer to
//! every request, and exits when its standard input closes (so it never outlives the bench).
//!
//! - [`Kind::Bare`]: hyper 1 with nothing on top: the status, header values and body are
//!   parsed from the file once, and each request (its body read, as the mock reads it) gets a
//!   clone of them; hyper adds `Content-Length` and `Date` as it does for the mock, and writes
//!   header names in title case as the mock asks it to, so the bytes on the wire are the
//!   mock's, `Date` aside (checked by the bench before it measures).
//! - [`Kind::Wiremock`]: wiremock-rs with one stub answering the same status, `Content-Type`
//!   and body (its header names are lower case: it gives no control over that). Its request
//!   recording is off: it keeps every request without bound, which would slow it down over a
//!   long run, and leaving it off favours wiremock-rs.

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{HeaderMap, Response, StatusCode};
use hyper_util::rt::TokioIo;
use std::io::{BufRead, BufReader, Read};
use std::net::SocketAddr;
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::time::Duration;

/// The flag that makes the bench binary a baseline server.
pub(crate) const FLAG: &str = "--baseline";
/// The line a baseline prints once it listens.
const LISTENING: &str = "listening on ";
/// The request path the stubs match.
pub(crate) const PATH: &str = "/api/client/ClientFavoriteDataInfo";

/// Which baseline.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Bare,
    Wiremock,
}

impl Kind {
    fn arg(self) -> &'static str {
        match self {
            Kind::Bare => "bare",
            Kind::Wiremock => "wiremock",
        }
    }

    fn parse(arg: &str) -> Option<Kind> {
        match arg {
            "bare" => Some(Kind::Bare),
            "wiremock" => Some(Kind::Wiremock),
            _ => None,
        }
    }
}

/// A captured answer: status, headers other than `Content-Length` and `Date` (the HTTP layer
/// writes those), body.
pub(crate) struct Answer {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
}

impl Answer {
    /// Parse an answer as received (`HTTP/1.1 200 OK\r\nName: value\r\n…\r\n\r\nbody`).
    pub(crate) fn parse(raw: &[u8]) -> Answer {
        let split = raw
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .expect("an answer head ends with a blank line");
        let head = std::str::from_utf8(&raw[..split]).expect("an ASCII head");
        let mut lines = head.split("\r\n");
        let status = lines
            .next()
            .and_then(|l| l.split(' ').nth(1))
            .and_then(|s| s.parse::<u16>().ok())
            .and_then(|s| StatusCode::from_u16(s).ok())
            .expect("a status line");
        let mut headers = HeaderMap::new();
        for line in lines {
            let (name, value) = line.split_once(':').expect("a header line");
            let name: hyper::header::HeaderName = name.trim().parse().expect("a header name");
            if name == hyper::header::CONTENT_LENGTH || name == hyper::header::DATE {
                continue;
            }
            headers.append(name, value.trim().parse().expect("a header value"));
        }
        Answer {
            status,
            headers,
            body: Bytes::copy_from_slice(&raw[split + 4..]),
        }
    }
}

/// Entry point of a baseline process (`--baseline KIND FILE` on the command line); `false`
/// when this process is not one.
pub(crate) fn run_if_asked() -> bool {
    let args: Vec<String> = std::env::args().collect();
    let Some(i) = args.iter().position(|a| a == FLAG) else {
        return false;
    };
    let kind = args
        .get(i + 1)
        .and_then(|k| Kind::parse(k))
        .expect("--baseline bare|wiremock FILE");
    let raw = std::fs::read(args.get(i + 2).expect("the answer file")).expect("read the answer");
    let answer = Answer::parse(&raw);
    // Exit when the bench closes our stdin (or dies).
    std::thread::spawn(|| {
        let _ = std::io::copy(&mut std::io::stdin(), &mut std::io::sink());
        std::process::exit(0);
    });
    match kind {
        Kind::Bare => serve_bare(answer),
        Kind::Wiremock => serve_wiremock(&answer),
    }
    true
}

/// hyper 1 on tokio's default multi-threaded runtime (a worker per core), as its examples
/// serve.
fn serve_bare(answer: Answer) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        announce(listener.local_addr().expect("an address"));
        let answer = std::sync::Arc::new(answer);
        let mut builder = http1::Builder::new();
        // The mock's header case, so the bytes are the same.
        builder.title_case_headers(true);
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                continue;
            };
            let answer = std::sync::Arc::clone(&answer);
            let builder = builder.clone();
            tokio::spawn(async move {
                let service = service_fn(move |request: hyper::Request<hyper::body::Incoming>| {
                    let answer = std::sync::Arc::clone(&answer);
                    async move {
                        let _ = request.into_body().collect().await;
                        let mut response = Response::new(Full::new(answer.body.clone()));
                        *response.status_mut() = answer.status;
                        *response.headers_mut() = answer.headers.clone();
                        Ok::<_, std::convert::Infallible>(response)
                    }
                });
                let _ = builder
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
        }
    });
}

/// wiremock-rs (its own server thread and runtime) with one stub.
fn serve_wiremock(answer: &Answer) {
    use wiremock::matchers::{method, path};
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let server = runtime.block_on(async {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        let server = wiremock::MockServer::builder()
            .listener(listener)
            .disable_request_recording()
            .start()
            .await;
        let content_type = answer
            .headers
            .get(hyper::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("application/octet-stream");
        let mut template = wiremock::ResponseTemplate::new(answer.status.as_u16())
            .set_body_raw(answer.body.to_vec(), content_type);
        for (name, value) in &answer.headers {
            if name != hyper::header::CONTENT_TYPE {
                template = template.insert_header(name.clone(), value.clone());
            }
        }
        wiremock::Mock::given(method("POST"))
            .and(path(PATH))
            .respond_with(template)
            .mount(&server)
            .await;
        server
    });
    announce(*server.address());
    // The server runs on its own thread; this one waits for stdin to close.
    loop {
        std::thread::sleep(Duration::from_secs(3600));
    }
}

fn announce(addr: SocketAddr) {
    println!("{LISTENING}{addr}");
}

/// A baseline server process.
pub(crate) struct Baseline {
    child: Child,
    _stdin: ChildStdin,
    pub(crate) addr: SocketAddr,
}

impl Baseline {
    /// Start this binary as a `kind` baseline serving the answer in `file`.
    pub(crate) fn start(kind: Kind, file: &Path) -> Baseline {
        Baseline::start_under(&[], kind, file)
    }

    /// [`Baseline::start`] with the command run by `launcher` (a program and its arguments,
    /// such as `valgrind --tool=callgrind`), when given.
    pub(crate) fn start_under(launcher: &[String], kind: Kind, file: &Path) -> Baseline {
        let exe = std::env::current_exe().expect("this bench's path");
        let mut command = match launcher.split_first() {
            Some((program, args)) => {
                let mut command = Command::new(program);
                command.args(args).arg(exe);
                command
            }
            None => Command::new(exe),
        };
        let mut child = command
            .arg(FLAG)
            .arg(kind.arg())
            .arg(file)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start a baseline server");
        let stdin = child.stdin.take().expect("piped stdin");
        let mut stdout = BufReader::new(child.stdout.take().expect("piped stdout"));
        let mut line = String::new();
        stdout.read_line(&mut line).expect("the baseline's address");
        std::thread::spawn(move || {
            let mut sink = Vec::new();
            let _ = stdout.read_to_end(&mut sink);
        });
        let addr = line
            .trim()
            .strip_prefix(LISTENING)
            .and_then(|a| a.parse().ok())
            .unwrap_or_else(|| panic!("a {kind:?} baseline printed {line:?}"));
        Baseline {
            child,
            _stdin: stdin,
            addr,
        }
    }

    pub(crate) fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for Baseline {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
