//! TLS against a real local TLS server: certificates generated in the test (rcgen), a rustls
//! server in front of the reference mock. `--ca-cert` trusts an internal CA for `check` and
//! `snapshot`; each handshake failure is one plain sentence with its fix, never rustls's debug
//! text.

use super::bin_support::{BinMock, lines, run, text};
use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyPair, date_time_ymd};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A CA, and the PEM file holding its certificate.
struct Ca {
    issuer: Issuer<'static, KeyPair>,
    der: CertificateDer<'static>,
}

impl Ca {
    fn new(name: &str) -> Ca {
        let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        params.distinguished_name.push(DnType::CommonName, name);
        let key = KeyPair::generate().unwrap();
        let cert = params.self_signed(&key).unwrap();
        Ca {
            der: cert.der().clone(),
            issuer: Issuer::new(params, key),
        }
    }

    fn write_pem(&self, dir: &Path) -> PathBuf {
        let path = dir.join("ca.pem");
        let pem = format!(
            "-----BEGIN CERTIFICATE-----\n{}\n-----END CERTIFICATE-----\n",
            base64_lines(&self.der)
        );
        std::fs::write(&path, pem).unwrap();
        path
    }
}

fn base64_lines(der: &[u8]) -> String {
    use base64::Engine as _;
    let text = base64::engine::general_purpose::STANDARD.encode(der);
    text.as_bytes()
        .chunks(64)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join("\n")
}

/// A server certificate chain and its key.
struct Leaf {
    chain: Vec<CertificateDer<'static>>,
    key: PrivateKeyDer<'static>,
}

/// A certificate for `names`, signed by `ca` (self-signed without one), valid now unless
/// `expired`.
fn leaf(names: &[&str], ca: Option<&Ca>, expired: bool) -> Leaf {
    let mut params =
        CertificateParams::new(names.iter().map(|n| (*n).to_owned()).collect::<Vec<_>>()).unwrap();
    params.distinguished_name.push(DnType::CommonName, names[0]);
    if expired {
        params.not_before = date_time_ymd(2019, 1, 1);
        params.not_after = date_time_ymd(2020, 1, 1);
    }
    let key = KeyPair::generate().unwrap();
    let cert = match ca {
        Some(ca) => params.signed_by(&key, &ca.issuer).unwrap(),
        None => params.self_signed(&key).unwrap(),
    };
    let mut chain = vec![cert.der().clone()];
    if let Some(ca) = ca {
        chain.push(ca.der.clone());
    }
    Leaf {
        chain,
        key: PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der())),
    }
}

/// A TLS front on 127.0.0.1:0 for the mock: each connection's TLS is terminated and its bytes
/// copied to the mock. Runs on the mock's runtime.
fn tls_front(mock: &BinMock, leaf: Leaf) -> String {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(leaf.chain, leaf.key)
        .unwrap();
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let port = listener.local_addr().unwrap().port();
    let upstream: SocketAddr = mock.addr;
    mock.spawn(async move {
        let listener = tokio::net::TcpListener::from_std(listener).unwrap();
        loop {
            let Ok((tcp, _)) = listener.accept().await else {
                break;
            };
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                // A failed handshake just drops the connection, as a TLS server does.
                let Ok(mut tls) = acceptor.accept(tcp).await else {
                    return;
                };
                let Ok(mut backend) = tokio::net::TcpStream::connect(upstream).await else {
                    return;
                };
                let _ = tokio::io::copy_bidirectional(&mut tls, &mut backend).await;
            });
        }
    });
    format!("https://127.0.0.1:{port}")
}

fn check(url: &str, extra: &[&str]) -> std::process::Output {
    run(&[
        &[
            "check",
            "--target",
            url,
            "--bearer",
            "t",
            "--seed",
            "2",
            "--cases",
            "30",
            "--formats",
            "json",
            "--no-shrink",
        ][..],
        extra,
    ]
    .concat())
}

fn snapshot_check(url: &str, extra: &[&str]) -> std::process::Output {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("snapshots");
    run(&[
        &[
            "snapshot",
            "--target",
            url,
            "--bearer",
            "t",
            "--check",
            dir.to_str().unwrap(),
            "--case",
            "client-1006-two-of-three-goods",
        ][..],
        extra,
    ]
    .concat())
}

/// The one error line: exit 2, one line on stderr, no debug text.
fn one_error(out: &std::process::Output) -> String {
    let stderr = lines(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr:#?}");
    assert_eq!(stderr.len(), 1, "{stderr:#?}");
    for debug in [
        "InvalidCertificate",
        "Error {",
        "rustls",
        "InvalidContentType",
    ] {
        assert!(!stderr[0].contains(debug), "debug text in: {}", stderr[0]);
    }
    stderr[0].clone()
}

#[test]
fn an_internal_ca_is_trusted_with_ca_cert_for_check_and_snapshot() {
    let mock = BinMock::start();
    let dir = tempfile::tempdir().unwrap();
    let ca = Ca::new("favorite-contract test CA");
    let ca_file = ca.write_pem(dir.path());
    let url = tls_front(&mock, leaf(&["127.0.0.1", "localhost"], Some(&ca), false));
    let ca_flag = ["--ca-cert", ca_file.to_str().unwrap()];

    let untrusted = one_error(&check(&url, &[]));
    assert!(
        untrusted.ends_with(
            "the server's certificate is not signed by a trusted authority (self-signed or an \
             internal CA): pass the CA certificate with --ca-cert FILE (PEM)"
        ),
        "{untrusted}"
    );
    let trusted = check(&url, &ca_flag);
    assert_eq!(trusted.status.code(), Some(0), "{}", text(&trusted.stderr));
    assert!(text(&trusted.stdout).contains(": 0 violations, "));

    let untrusted = one_error(&snapshot_check(&url, &[]));
    assert!(untrusted.contains("--ca-cert FILE"), "{untrusted}");
    let trusted = snapshot_check(&url, &ca_flag);
    assert_eq!(trusted.status.code(), Some(0), "{}", text(&trusted.stderr));
    assert!(text(&trusted.stdout).contains("no differences"));
}

#[test]
fn tls_failures_are_explained_in_plain_words() {
    let mock = BinMock::start();
    let dir = tempfile::tempdir().unwrap();
    let ca = Ca::new("favorite-contract test CA");
    let ca_file = ca.write_pem(dir.path());
    let ca_flag = ["--ca-cert", ca_file.to_str().unwrap()];

    let expired = tls_front(&mock, leaf(&["127.0.0.1"], Some(&ca), true));
    let line = one_error(&check(&expired, &ca_flag));
    assert!(
        line.ends_with(
            "the server's certificate has expired: renew it on the server (or check this \
             machine's clock)"
        ),
        "{line}"
    );

    let other_host = tls_front(&mock, leaf(&["other.example"], Some(&ca), false));
    let line = one_error(&check(&other_host, &ca_flag));
    assert!(
        line.ends_with(
            "the server's certificate is not valid for `127.0.0.1` (it names other.example): use \
             a host name it names in --target"
        ),
        "{line}"
    );

    // Self-signed, and a --ca-cert that does not sign it.
    let self_signed = tls_front(&mock, leaf(&["127.0.0.1"], None, false));
    let line = one_error(&check(&self_signed, &ca_flag));
    assert!(
        line.ends_with(
            "(self-signed or an internal CA); the --ca-cert given does not sign it either"
        ),
        "{line}"
    );

    // https:// to a plain HTTP port, and http:// to a TLS port.
    let plain = one_error(&check(&mock.url.replace("http://", "https://"), &[]));
    assert!(
        plain.ends_with(
            "the server answered plain HTTP to a TLS handshake: use an http:// URL for this port"
        ),
        "{plain}"
    );
    let tls_port = tls_front(&mock, leaf(&["127.0.0.1"], Some(&ca), false));
    let line = one_error(&check(
        &tls_port.replace("https://", "http://"),
        &["--timeout", "2s"],
    ));
    assert!(
        line.ends_with("; if that port serves HTTPS, use an https:// URL"),
        "{line}"
    );
}

#[test]
fn an_unusable_ca_cert_file_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.pem");
    let not_pem = dir.path().join("ca.der");
    std::fs::write(&not_pem, [0x30, 0x82, 0x01, 0x0a]).unwrap();
    let key_only = dir.path().join("key.pem");
    std::fs::write(&key_only, KeyPair::generate().unwrap().serialize_pem()).unwrap();
    for (file, expected) in [
        (&missing, "cannot read the file"),
        (
            &not_pem,
            "expected PEM certificates (-----BEGIN CERTIFICATE-----), found no PEM block (a DER file?",
        ),
        (
            &key_only,
            "expected PEM certificates (-----BEGIN CERTIFICATE-----), found no certificate, only `-----BEGIN PRIVATE KEY-----`",
        ),
    ] {
        // Refused before the target is contacted (port 9 would refuse).
        let out = run(&[
            "check",
            "--target",
            "https://127.0.0.1:9",
            "--ca-cert",
            file.to_str().unwrap(),
        ]);
        assert_eq!(out.status.code(), Some(2));
        let stderr = text(&out.stderr);
        assert!(
            stderr.starts_with(&format!("error: --ca-cert {}: ", file.display()))
                && stderr.contains(expected),
            "{stderr}"
        );
        assert_eq!(text(&out.stdout), "", "no header: the run never started");
    }
}
