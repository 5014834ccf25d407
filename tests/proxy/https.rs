//! An HTTPS upstream whose certificate an internal CA signed: reached with `--ca-cert`, and
//! without it a 502 that says in plain words what to do (and a finding), never a hang.

use crate::support::{self, header_rules, post};
use favorite_contract::TlsTrust;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::PathBuf;
use std::sync::Arc;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/proxy/tls")
        .join(name)
}

/// A blocking TLS server on 127.0.0.1 answering every request with production's 401; returns
/// its `https://` base URL.
fn https_upstream() -> String {
    let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(fixture("server.pem"))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let key = PrivateKeyDer::from_pem_file(fixture("server.key")).unwrap();
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .unwrap()
    .with_no_client_auth()
    .with_single_cert(certs, key)
    .unwrap();
    let config = Arc::new(config);
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { return };
            let config = Arc::clone(&config);
            std::thread::spawn(move || {
                let Ok(connection) = rustls::ServerConnection::new(config) else {
                    return;
                };
                let mut tls = rustls::StreamOwned::new(connection, stream);
                let mut head = Vec::new();
                let mut byte = [0u8; 1];
                while !head.ends_with(b"\r\n\r\n") {
                    match tls.read(&mut byte) {
                        Ok(1) => head.push(byte[0]),
                        _ => return,
                    }
                }
                let text = String::from_utf8_lossy(&head).to_ascii_lowercase();
                let length: usize = text
                    .lines()
                    .find_map(|l| l.strip_prefix("content-length:"))
                    .map_or(0, |v| v.trim().parse().unwrap_or(0));
                let mut body = vec![0u8; length];
                if tls.read_exact(&mut body).is_err() {
                    return;
                }
                let answer = r#"{"Message":"Authorization has been denied for this request."}"#;
                let _ = write!(
                    tls,
                    "HTTP/1.1 401 Unauthorized\r\nContent-Type: application/json; charset=utf-8\r\n\
                     WWW-Authenticate: Bearer\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{answer}",
                    answer.len()
                );
                let _ = tls.flush();
                tls.conn.send_close_notify();
                let _ = tls.flush();
            });
        }
    });
    format!("https://localhost:{port}")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_https_upstream_signed_by_an_internal_ca_needs_ca_cert() {
    let upstream = https_upstream();
    let mut request = post("application/json", r#"{"Client":1}"#, &[]);
    request.headers.retain(|(n, _)| n != "Authorization");
    // With the CA: forwarded, judged, clean.
    let trusted = support::proxy(&upstream, |config| {
        config.trust = TlsTrust::from_pem_files(&[fixture("ca.pem")]).unwrap();
    })
    .await;
    let answer = support::send(&support::client(&trusted.url()), &request).await;
    assert_eq!(answer.status, 401);
    assert_eq!(answer.header("x-contract-findings"), None);
    assert_eq!(trusted.shutdown().await.totals().total(), 0);
    // Without: a 502 saying what to do.
    let untrusted = support::proxy(&upstream, |_| {}).await;
    let answer = support::send(&support::client(&untrusted.url()), &request).await;
    assert_eq!(answer.status, 502);
    let body = String::from_utf8_lossy(&answer.body);
    assert!(body.contains("not signed by a trusted authority"), "{body}");
    assert!(body.contains("--ca-cert"), "{body}");
    assert_eq!(header_rules(&answer), ["http.response"]);
    untrusted.shutdown().await;
}
