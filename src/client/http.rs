//! One pooled hyper client over HTTP or HTTPS (rustls with the `ring` provider and the webpki
//! roots), a per-request deadline, a response size cap, and the connect probe that tells an
//! unreachable target apart from a failing one.

use super::MAX_RESPONSE_BYTES;
use super::target::Target;
use super::tls::{TlsFailure, TlsTrust};
use crate::exchange::{HttpRequest, HttpResponse};
use crate::hosting::Framing;
use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::Request;
use hyper_rustls::HttpsConnector;
use hyper_util::client::legacy::Client as Legacy;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Why an exchange produced no complete response.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SendError {
    /// No complete answer within the deadline.
    #[error("expected an answer within {} ms, found none", limit.as_millis())]
    Timeout {
        /// The deadline.
        limit: Duration,
    },
    /// The request could not be expressed in HTTP (a header the case built is invalid).
    #[error("the request cannot be sent: {0}")]
    Request(String),
    /// The connection failed, was reset, or closed without an answer.
    #[error("expected an HTTP response, found {0}")]
    Connection(String),
    /// The body is larger than [`MAX_RESPONSE_BYTES`].
    #[error("expected a response body of at most {MAX_RESPONSE_BYTES} bytes, found more")]
    TooLarge,
    /// The TLS handshake failed (explained in plain words).
    #[error(transparent)]
    Tls(#[from] TlsFailure),
}

/// Why the target cannot be checked at all (exit code 2).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Unreachable {
    /// The host name does not resolve.
    #[error("target {target} is unreachable: cannot resolve host `{host}`: {reason}")]
    Resolve {
        /// The base URL.
        target: String,
        /// The host.
        host: String,
        /// The resolver's error.
        reason: String,
    },
    /// Nothing accepts connections there.
    #[error("target {target} is unreachable: cannot connect to {authority}: {reason}")]
    Connect {
        /// The base URL.
        target: String,
        /// `host:port`.
        authority: String,
        /// The OS error or a timeout.
        reason: String,
    },
}

/// A complete answer to one request.
#[derive(Clone, Debug)]
pub struct Reply {
    /// The response.
    pub response: HttpResponse,
    /// From sending the request to the end of the body.
    pub elapsed: Duration,
}

/// A pooled client bound to one target.
#[derive(Clone)]
pub struct HttpClient {
    inner: Legacy<HttpsConnector<HttpConnector>, Full<Bytes>>,
    target: Arc<Target>,
    timeout: Duration,
    trust: Arc<TlsTrust>,
}

impl std::fmt::Debug for HttpClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HttpClient")
            .field("target", &self.target.to_string())
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

/// The TLS client configuration could not be built (rustls refused the provider).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("cannot set up TLS: {reason}")]
pub struct TlsSetup {
    /// rustls's error.
    pub reason: String,
}

impl HttpClient {
    /// A client for `target` whose exchanges end after `timeout`, keeping up to `pool` idle
    /// connections.
    pub fn new(target: Target, timeout: Duration, pool: usize) -> Result<HttpClient, TlsSetup> {
        HttpClient::with_trust(target, timeout, pool, &TlsTrust::public())
    }

    /// [`HttpClient::new`] trusting `trust`'s certificate authorities (`--ca-cert`).
    pub fn with_trust(
        target: Target,
        timeout: Duration,
        pool: usize,
        trust: &TlsTrust,
    ) -> Result<HttpClient, TlsSetup> {
        // The whole exchange is bounded by `timeout` anyway; bounding the connect by it too
        // makes a silent address fail as a connection error, not as a slow answer.
        let https = connector(trust, timeout)?;
        let inner = Legacy::builder(TokioExecutor::new())
            .pool_max_idle_per_host(pool)
            .build(https);
        Ok(HttpClient {
            inner,
            target: Arc::new(target),
            timeout,
            trust: Arc::new(trust.clone()),
        })
    }

    /// The same client (connection pool, trust) for another target: the root of a base path,
    /// where a mock's admin resources live.
    pub fn for_target(&self, target: Target) -> HttpClient {
        HttpClient {
            inner: self.inner.clone(),
            target: Arc::new(target),
            timeout: self.timeout,
            trust: Arc::clone(&self.trust),
        }
    }

    /// The certificate authorities trusted.
    pub fn trust(&self) -> &TlsTrust {
        &self.trust
    }

    /// The target.
    pub fn target(&self) -> &Target {
        &self.target
    }

    /// The per-exchange deadline.
    pub fn timeout(&self) -> Duration {
        self.timeout
    }

    /// Resolve the host and open (then close) one TCP connection, all within the per-request
    /// timeout in total: the lookup and every address tried share one deadline.
    pub async fn probe(&self) -> Result<(), Unreachable> {
        let target = self.target.to_string();
        let limit = self.timeout;
        let deadline = tokio::time::Instant::now() + limit;
        let lookup = tokio::time::timeout_at(
            deadline,
            tokio::net::lookup_host((self.target.host.as_str(), self.target.port)),
        )
        .await;
        let addrs: Vec<_> = match lookup {
            Ok(Ok(addrs)) => addrs.collect(),
            Ok(Err(e)) => {
                return Err(Unreachable::Resolve {
                    target,
                    host: self.target.host.clone(),
                    reason: e.to_string(),
                });
            }
            Err(_) => {
                return Err(Unreachable::Resolve {
                    target,
                    host: self.target.host.clone(),
                    reason: format!("no answer within {} ms", limit.as_millis()),
                });
            }
        };
        let mut reason = "the host resolves to no address".to_owned();
        for addr in addrs {
            match tokio::time::timeout_at(deadline, tokio::net::TcpStream::connect(addr)).await {
                Ok(Ok(_)) => return Ok(()),
                Ok(Err(e)) => reason = e.to_string(),
                Err(_) => {
                    reason = format!("no connection within {} ms", limit.as_millis());
                    break;
                }
            }
        }
        Err(Unreachable::Connect {
            target,
            authority: self.target.authority(),
            reason,
        })
    }

    /// Send one request and read the whole answer, within the deadline.
    pub async fn send(&self, case: &HttpRequest) -> Result<Reply, SendError> {
        self.send_within(case, self.timeout).await
    }

    /// [`HttpClient::send`] with another deadline (a first request may wait for a cold start).
    pub async fn send_within(
        &self,
        case: &HttpRequest,
        limit: Duration,
    ) -> Result<Reply, SendError> {
        let request = self.build(case)?;
        let started = Instant::now();
        let exchange = async {
            let response = self
                .inner
                .request(request)
                .await
                .map_err(|e| self.connection_error(&e))?;
            let (parts, body) = response.into_parts();
            let body = Limited::new(body, MAX_RESPONSE_BYTES)
                .collect()
                .await
                .map_err(|e| {
                    if e.is::<http_body_util::LengthLimitError>() {
                        SendError::TooLarge
                    } else {
                        SendError::Connection(format!("a body cut short ({e})"))
                    }
                })?
                .to_bytes();
            let headers = parts
                .headers
                .iter()
                .map(|(name, value)| {
                    (
                        name.as_str().to_owned(),
                        String::from_utf8_lossy(value.as_bytes()).into_owned(),
                    )
                })
                .collect();
            Ok(HttpResponse {
                status: parts.status.as_u16(),
                headers,
                body,
            })
        };
        match tokio::time::timeout(limit, exchange).await {
            Ok(Ok(response)) => Ok(Reply {
                response,
                elapsed: started.elapsed(),
            }),
            Ok(Err(e)) => Err(e),
            Err(_) => Err(SendError::Timeout { limit }),
        }
    }

    /// A failed request: a TLS failure in plain words, anything else as its chain of causes.
    fn connection_error(&self, error: &hyper_util::client::legacy::Error) -> SendError {
        match TlsFailure::find(error, &self.target.host, self.trust.has_extra()) {
            Some(tls) => SendError::Tls(tls),
            None => SendError::Connection(error_chain(error)),
        }
    }

    fn build(&self, case: &HttpRequest) -> Result<Request<Full<Bytes>>, SendError> {
        let invalid = |what: &str| SendError::Request(what.to_owned());
        let method = hyper::Method::from_bytes(case.method.as_bytes())
            .map_err(|_| invalid(&format!("method `{}` is not a token", case.method)))?;
        let url = self.target.url(&case.path);
        let mut builder = Request::builder().method(method).uri(url.as_str());
        for (name, value) in &case.headers {
            let name = hyper::header::HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| invalid(&format!("header name `{name}` is invalid")))?;
            let value = hyper::header::HeaderValue::from_bytes(value.as_bytes())
                .map_err(|_| invalid(&format!("header `{name}` has an invalid value")))?;
            builder = builder.header(name, value);
        }
        builder
            .body(Full::new(Bytes::copy_from_slice(case.body.as_bytes())))
            .map_err(|e| invalid(&format!("`{url}`: {e}")))
    }
}

/// How this client frames a case's body: hyper sends no length for an empty body (keeping a
/// `Content-Length` the case sets itself, dropping its `Transfer-Encoding`), a `Content-Length`
/// for any other unless the case asks for chunked encoding.
pub(crate) fn sent_framing(case: &HttpRequest) -> Framing {
    let empty = case.body.as_bytes().is_empty();
    let chunked = !empty && case.header("transfer-encoding").is_some();
    Framing {
        content_length: case.header("content-length").is_some() || (!empty && !chunked),
        transfer_encoding: chunked,
    }
}

/// An HTTP-or-HTTPS connector trusting `trust`, with Nagle off and `connect_timeout` on
/// the TCP connect (one set-up for the checker's client and the proxy's forwarder).
pub(super) fn connector(
    trust: &TlsTrust,
    connect_timeout: Duration,
) -> Result<HttpsConnector<HttpConnector>, TlsSetup> {
    let mut http = HttpConnector::new();
    http.enforce_http(false);
    http.set_nodelay(true);
    http.set_connect_timeout(Some(connect_timeout));
    Ok(hyper_rustls::HttpsConnectorBuilder::new()
        .with_tls_config(trust.client_config()?)
        .https_or_http()
        .enable_http1()
        .wrap_connector(http))
}

/// An error and its sources, joined with `: `.
pub(super) fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}
