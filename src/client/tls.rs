//! TLS for the client: which certificate authorities are trusted ([`TlsTrust`]: the webpki roots
//! plus any `--ca-cert` PEM file), and what a failed handshake means in plain words
//! ([`TlsFailure`]) instead of rustls's debug text.
//!
//! Every command that talks to a server (`check`, `snapshot`, and any tool that forwards live
//! traffic) builds its trust from the same flag through [`TlsTrust::from_pem_files`].

use rustls::pki_types::CertificateDer;
use rustls::pki_types::pem::PemObject;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Largest `--ca-cert` file read (1 MiB): a CA bundle is a few hundred KiB at most.
pub const MAX_CA_FILE_BYTES: u64 = 1024 * 1024;

/// The certificate authorities a client trusts: the public webpki roots, plus the CA
/// certificates of an internal PKI read from PEM files.
///
/// ```no_run
/// use favorite_contract::TlsTrust;
/// let trust = TlsTrust::from_pem_files(&["internal-ca.pem".into()])?;
/// assert!(trust.has_extra());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, Default)]
pub struct TlsTrust {
    extra: Vec<CertificateDer<'static>>,
    files: Vec<PathBuf>,
}

/// Why a `--ca-cert` file cannot be used.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CaCertError {
    /// The file cannot be read.
    #[error("--ca-cert {path}: cannot read the file: {reason}")]
    Read {
        /// The file.
        path: String,
        /// The OS error.
        reason: String,
    },
    /// Larger than [`MAX_CA_FILE_BYTES`].
    #[error(
        "--ca-cert {path}: expected a PEM file of at most {MAX_CA_FILE_BYTES} bytes, found {size}"
    )]
    TooLarge {
        /// The file.
        path: String,
        /// Its size.
        size: u64,
    },
    /// No `-----BEGIN CERTIFICATE-----` block, or a broken one.
    #[error(
        "--ca-cert {path}: expected PEM certificates (-----BEGIN CERTIFICATE-----), found {found}"
    )]
    Pem {
        /// The file.
        path: String,
        /// What was found instead.
        found: String,
    },
    /// A block that is not a usable X.509 CA certificate.
    #[error("--ca-cert {path}: certificate {index} cannot be trusted: {reason}")]
    Certificate {
        /// The file.
        path: String,
        /// 1-based position of the certificate in the file.
        index: usize,
        /// rustls's reason.
        reason: String,
    },
}

impl TlsTrust {
    /// The public webpki roots only.
    pub fn public() -> TlsTrust {
        TlsTrust::default()
    }

    /// The public roots plus every certificate of each PEM file (repeatable `--ca-cert`).
    pub fn from_pem_files(paths: &[PathBuf]) -> Result<TlsTrust, CaCertError> {
        let mut trust = TlsTrust::default();
        for path in paths {
            let certs = read_pem(path)?;
            // Each certificate must be one rustls accepts as a trust anchor: a wrong file is
            // found here, not as a handshake failure later.
            let mut store = rustls::RootCertStore::empty();
            for (i, cert) in certs.iter().enumerate() {
                if let Err(e) = store.add(cert.clone()) {
                    return Err(CaCertError::Certificate {
                        path: path.display().to_string(),
                        index: i + 1,
                        reason: e.to_string(),
                    });
                }
            }
            trust.extra.extend(certs);
            trust.files.push(path.clone());
        }
        Ok(trust)
    }

    /// Whether CA files were given (a failed verification then says they did not help).
    pub fn has_extra(&self) -> bool {
        !self.extra.is_empty()
    }

    /// The CA files given.
    pub fn files(&self) -> &[PathBuf] {
        &self.files
    }

    /// The rustls client configuration: `ring`, safe protocol versions, these roots.
    pub(crate) fn client_config(&self) -> Result<rustls::ClientConfig, super::TlsSetup> {
        let mut roots = rustls::RootCertStore {
            roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
        };
        for cert in &self.extra {
            roots.add(cert.clone()).map_err(|e| super::TlsSetup {
                reason: e.to_string(),
            })?;
        }
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let builder = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(|e| super::TlsSetup {
                reason: e.to_string(),
            })?;
        Ok(builder.with_root_certificates(roots).with_no_client_auth())
    }
}

fn read_pem(path: &Path) -> Result<Vec<CertificateDer<'static>>, CaCertError> {
    let shown = || path.display().to_string();
    let read = |e: std::io::Error| CaCertError::Read {
        path: shown(),
        reason: e.to_string(),
    };
    let size = std::fs::metadata(path).map_err(read)?.len();
    if size > MAX_CA_FILE_BYTES {
        return Err(CaCertError::TooLarge {
            path: shown(),
            size,
        });
    }
    let bytes = std::fs::read(path).map_err(read)?;
    let mut certs = Vec::new();
    for item in CertificateDer::pem_slice_iter(&bytes) {
        match item {
            Ok(cert) => certs.push(cert),
            Err(e) => {
                return Err(CaCertError::Pem {
                    path: shown(),
                    found: format!("a broken PEM block ({e})"),
                });
            }
        }
    }
    if certs.is_empty() {
        let first = String::from_utf8_lossy(&bytes);
        let first = first.lines().next().unwrap_or("").trim();
        let found = if bytes.is_empty() {
            "an empty file".to_owned()
        } else if first.starts_with("-----BEGIN") {
            format!(
                "no certificate, only `{}`",
                crate::excerpt::excerpt(first, 60)
            )
        } else {
            "no PEM block (a DER file? convert it with `openssl x509 -inform der -out ca.pem`)"
                .to_owned()
        };
        return Err(CaCertError::Pem {
            path: shown(),
            found,
        });
    }
    Ok(certs)
}

/// Errors looked at when searching a chain for rustls's (chains are a few links long).
const MAX_ERROR_DEPTH: usize = 32;

/// A TLS handshake that failed, in words a user can act on.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TlsFailure {
    /// The chain does not lead to a trusted root: a self-signed certificate or an internal CA.
    #[error(
        "the server's certificate is not signed by a trusted authority (self-signed or an \
         internal CA){}",
        if *ca_given { "; the --ca-cert given does not sign it either" }
        else { ": pass the CA certificate with --ca-cert FILE (PEM)" }
    )]
    UnknownIssuer {
        /// Whether `--ca-cert` was given.
        ca_given: bool,
    },
    /// Past its `notAfter`, or before its `notBefore`.
    #[error(
        "the server's certificate {when}: renew it on the server (or check this machine's clock)"
    )]
    Expired {
        /// `has expired` / `is not valid yet`.
        when: &'static str,
    },
    /// The certificate names other hosts.
    #[error(
        "the server's certificate is not valid for `{host}`{}: use a host name it names in \
         --target",
        if presented.is_empty() { String::new() } else { format!(" (it names {})", presented.join(", ")) }
    )]
    WrongHost {
        /// The host connected to.
        host: String,
        /// The names in the certificate, when rustls reports them.
        presented: Vec<String>,
    },
    /// Plain HTTP came back to the TLS handshake.
    #[error("the server answered plain HTTP to a TLS handshake: use an http:// URL for this port")]
    PlainHttp,
    /// Any other TLS failure, in rustls's words.
    #[error("the TLS handshake failed: {0}")]
    Other(String),
}

impl TlsFailure {
    /// The TLS failure behind a client error, if any: rustls's error is found in the chain of
    /// sources, including inside an `io::Error` (where `source()` does not reach it).
    pub(crate) fn find(
        error: &(dyn std::error::Error + 'static),
        host: &str,
        ca_given: bool,
    ) -> Option<TlsFailure> {
        // `io::Error::source()` skips the error it wraps, and the TLS connector wraps rustls's
        // error in two of them: look inside each with `get_ref` as well as along `source()`.
        let mut pending: Vec<&(dyn std::error::Error + 'static)> = vec![error];
        let mut seen = 0usize;
        while let Some(e) = pending.pop() {
            seen += 1;
            if seen > MAX_ERROR_DEPTH {
                break;
            }
            if let Some(tls) = e.downcast_ref::<rustls::Error>() {
                return Some(TlsFailure::from_rustls(tls, host, ca_given));
            }
            if let Some(source) = e.source() {
                pending.push(source);
            }
            if let Some(inner) = e
                .downcast_ref::<std::io::Error>()
                .and_then(std::io::Error::get_ref)
            {
                pending.push(inner);
            }
        }
        None
    }

    fn from_rustls(error: &rustls::Error, host: &str, ca_given: bool) -> TlsFailure {
        use rustls::{CertificateError as C, Error as E, InvalidMessage};
        match error {
            E::InvalidCertificate(cert) => match cert {
                C::UnknownIssuer | C::BadSignature => TlsFailure::UnknownIssuer { ca_given },
                C::Expired | C::ExpiredContext { .. } => TlsFailure::Expired {
                    when: "has expired",
                },
                C::NotValidYet | C::NotValidYetContext { .. } => TlsFailure::Expired {
                    when: "is not valid yet",
                },
                C::NotValidForName => TlsFailure::WrongHost {
                    host: host.to_owned(),
                    presented: Vec::new(),
                },
                C::NotValidForNameContext { presented, .. } => TlsFailure::WrongHost {
                    host: host.to_owned(),
                    presented: presented.clone(),
                },
                other => TlsFailure::Other(format!("the server's certificate: {other:?}")),
            },
            E::InvalidMessage(InvalidMessage::InvalidContentType)
            | E::InvalidMessage(InvalidMessage::MessageTooLarge) => TlsFailure::PlainHttp,
            other => TlsFailure::Other(other.to_string()),
        }
    }
}
