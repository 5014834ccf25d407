//! The floor the proxy is measured against: a bare hyper 1 relay, this bench binary run again
//! with `--relay URL`, as a process of its own. Each client connection gets one upstream
//! connection (as the proxy's lanes do); each request goes on with its head and streaming
//! body untouched, and the upstream's answer comes back the same way. No header is rewritten,
//! nothing is read into memory, judged or recorded: what remains is two HTTP hops' parsing,
//! writing and socket work, which no proxy avoids.
//!
//! To tell what the proxy's own HTTP settings cost, `RELAY_CASE=1` makes the relay keep header
//! names' case both ways and `RELAY_TIMER=1` gives it the header-read timeout, as the proxy has.

use hyper::client::conn::http1 as client;
use hyper::server::conn::http1 as server;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use std::sync::Arc;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Mutex;

/// The flag that makes the bench binary a relay.
pub(crate) const FLAG: &str = "--relay";

/// Entry point of a relay process (`--relay http://host:port`); `false` when this process is
/// not one. Prints `relay listening on http://ADDR`, then serves until killed.
pub(crate) fn run_if_asked() -> bool {
    let args: Vec<String> = std::env::args().collect();
    let Some(i) = args.iter().position(|a| a == FLAG) else {
        return false;
    };
    let upstream = args
        .get(i + 1)
        .and_then(|u| u.strip_prefix("http://"))
        .expect("--relay http://host:port")
        .to_owned();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    runtime.block_on(serve(upstream));
    true
}

async fn serve(upstream: String) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    println!(
        "relay listening on http://{}",
        listener.local_addr().expect("an address")
    );
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            continue;
        };
        let upstream = upstream.clone();
        tokio::spawn(async move {
            let Ok(outgoing) = TcpStream::connect(&upstream).await else {
                return;
            };
            let _ = outgoing.set_nodelay(true);
            let _ = stream.set_nodelay(true);
            let Ok((sender, connection)) = client::Builder::new()
                .preserve_header_case(std::env::var_os("RELAY_CASE").is_some())
                .handshake(TokioIo::new(outgoing))
                .await
            else {
                return;
            };
            tokio::spawn(connection);
            let sender = Arc::new(Mutex::new(sender));
            let service = service_fn(move |request: hyper::Request<hyper::body::Incoming>| {
                let sender = Arc::clone(&sender);
                async move {
                    let mut sender = sender.lock().await;
                    sender.ready().await?;
                    sender.send_request(request).await
                }
            });
            let mut builder = server::Builder::new();
            builder.title_case_headers(true);
            if std::env::var_os("RELAY_CASE").is_some() {
                builder.preserve_header_case(true);
            }
            if std::env::var_os("RELAY_TIMER").is_some() {
                builder
                    .timer(hyper_util::rt::TokioTimer::new())
                    .header_read_timeout(std::time::Duration::from_secs(10));
            }
            let _ = builder
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}
