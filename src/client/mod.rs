//! Talking to a server under test: the [`Target`] parsed from a `--target` URL and one pooled
//! HTTP/HTTPS [`HttpClient`] with a deadline per request, a response size cap and a connect
//! probe. It trusts the public roots plus any internal CA ([`TlsTrust`], `--ca-cert`) and
//! explains a failed handshake in plain words ([`TlsFailure`]). `check` and `snapshot` reach a
//! server through it (and so will any live-traffic tool), so every command shares one URL
//! syntax, one timeout default, one trust setting and one set of limits.

mod forward;
mod http;
mod target;
#[cfg(test)]
mod tests;
mod tls;

pub(crate) use forward::{ForwardError, Forwarder, Lane};
pub(crate) use http::sent_framing;
pub use http::{HttpClient, Reply, SendError, TlsSetup, Unreachable};
pub use target::{Scheme, Target, TargetError};
pub use tls::{CaCertError, MAX_CA_FILE_BYTES, TlsFailure, TlsTrust};

use std::time::Duration;

/// Per-request deadline unless `--timeout` says otherwise. It bounds everything an exchange
/// waits for — the host's lookup, the connection, the TLS handshake, the answer — and the
/// connect probe's lookup and connection together.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);

/// Largest response body read (8 MiB); a bigger one is reported instead of being buffered. A
/// real answer of this endpoint is a few KiB.
pub const MAX_RESPONSE_BYTES: usize = 8 * 1024 * 1024;
