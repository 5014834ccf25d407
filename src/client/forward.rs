//! Forwarding requests as they arrive: one pooled hyper client over HTTP or HTTPS whose bodies
//! stream in both directions (the validation proxy's upstream). It shares the target syntax,
//! the TLS trust (`--ca-cert`) and the connect limit with [`super::HttpClient`], and reports a
//! failed TLS handshake in the same plain words.

use super::http::{TlsSetup, connector, error_chain};
use super::target::Target;
use super::tls::{TlsFailure, TlsTrust};
use hyper::body::{Body, Incoming};
use hyper::{Request, Response};
use hyper_rustls::HttpsConnector;
use hyper_util::client::legacy::Client as Legacy;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use std::sync::Arc;
use std::time::Duration;

/// Why a forwarded request got no response head.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub(crate) enum ForwardError {
    /// The TLS handshake failed.
    #[error("{0}")]
    Tls(TlsFailure),
    /// No connection, a reset, or a close before the response head.
    #[error("{0}")]
    Connection(String),
}

/// A pooled client bound to one upstream, with streaming bodies of type `B`.
pub(crate) struct Forwarder<B> {
    inner: Legacy<HttpsConnector<HttpConnector>, B>,
    target: Arc<Target>,
    ca_given: bool,
}

impl<B> Clone for Forwarder<B> {
    fn clone(&self) -> Self {
        Forwarder {
            inner: self.inner.clone(),
            target: Arc::clone(&self.target),
            ca_given: self.ca_given,
        }
    }
}

impl<B> std::fmt::Debug for Forwarder<B> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Forwarder")
            .field("target", &self.target.to_string())
            .finish_non_exhaustive()
    }
}

impl<B> Forwarder<B>
where
    B: Body + Send + Unpin + 'static,
    B::Data: Send,
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    /// A client for `target` trusting `trust`, keeping up to `pool` idle connections. Header
    /// names keep the case they were written in (the upstream's answer reaches the client as
    /// sent).
    pub(crate) fn new(
        target: Target,
        trust: &TlsTrust,
        connect_timeout: Duration,
        pool: usize,
    ) -> Result<Forwarder<B>, TlsSetup> {
        let https = connector(trust, connect_timeout)?;
        let inner = Legacy::builder(TokioExecutor::new())
            .pool_max_idle_per_host(pool)
            .http1_preserve_header_case(true)
            .build(https);
        Ok(Forwarder {
            inner,
            target: Arc::new(target),
            ca_given: trust.has_extra(),
        })
    }

    /// The upstream.
    pub(crate) fn target(&self) -> &Target {
        &self.target
    }

    /// Send `request` (whose URI names the upstream) and wait for the response head; the body
    /// streams from the returned response.
    pub(crate) async fn send(
        &self,
        request: Request<B>,
    ) -> Result<Response<Incoming>, ForwardError> {
        self.inner.request(request).await.map_err(|e| {
            match TlsFailure::find(&e, &self.target.host, self.ca_given) {
                Some(tls) => ForwardError::Tls(tls),
                None => ForwardError::Connection(error_chain(&e)),
            }
        })
    }
}
