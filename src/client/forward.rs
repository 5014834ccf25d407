//! Forwarding requests as they arrive: hyper client connections over HTTP or HTTPS, one per
//! client connection ([`Lane`]), whose bodies stream in both directions (the validation
//! proxy's upstream). It shares the target syntax,
//! the TLS trust (`--ca-cert`) and the connect limit with [`super::HttpClient`], and reports a
//! failed TLS handshake in the same plain words.

use super::http::{TlsSetup, connector, error_chain};
use super::target::Target;
use super::tls::{TlsFailure, TlsTrust};
use http::uri::PathAndQuery;
use http::{HeaderValue, Uri, header};
use hyper::body::{Body, Incoming};
use hyper::client::conn::http1;
use hyper::{Request, Response};
use hyper_rustls::HttpsConnector;
use hyper_util::client::legacy::connect::HttpConnector;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::Duration;
use tower_service::Service as _;

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

/// A client bound to one upstream, with streaming bodies of type `B`. Requests go out on a
/// [`Lane`]: one upstream connection per client connection.
pub(crate) struct Forwarder<B> {
    connector: HttpsConnector<HttpConnector>,
    target: Arc<Target>,
    /// The upstream's URI without a path, which the connector is asked for.
    origin: Uri,
    /// The `Host` the upstream gets: its host, and its port unless the scheme's default.
    host: HeaderValue,
    ca_given: bool,
    _body: PhantomData<fn(B)>,
}

impl<B> Clone for Forwarder<B> {
    fn clone(&self) -> Self {
        Forwarder {
            connector: self.connector.clone(),
            target: Arc::clone(&self.target),
            origin: self.origin.clone(),
            host: self.host.clone(),
            ca_given: self.ca_given,
            _body: PhantomData,
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

/// One client connection's own connection to the upstream. An HTTP/1 server connection hands
/// over one request at a time, so its requests go out one after another on the lane: no pool
/// to look up and no lock shared with other connections (a pooled client's checkout was 6% of
/// the proxy's CPU). The upstream connection closes when the lane is dropped with its client
/// connection.
pub(crate) struct Lane<B> {
    sender: Option<http1::SendRequest<B>>,
}

impl<B> Default for Lane<B> {
    fn default() -> Self {
        Lane { sender: None }
    }
}

impl<B> Forwarder<B>
where
    B: Body + Send + Unpin + 'static,
    B::Data: Send,
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    /// A client for `target` trusting `trust`. Header names keep the case they were written in
    /// (the upstream's answer reaches the client as sent).
    pub(crate) fn new(
        target: Target,
        trust: &TlsTrust,
        connect_timeout: Duration,
    ) -> Result<Forwarder<B>, TlsSetup> {
        let connector = connector(trust, connect_timeout)?;
        let bracketed = if target.host.contains(':') {
            format!("[{}]", target.host)
        } else {
            target.host.clone()
        };
        let host = if target.port == target.scheme.default_port() {
            bracketed
        } else {
            format!("{bracketed}:{}", target.port)
        };
        let origin = format!("{}://{}", target.scheme.as_str(), target.authority());
        Ok(Forwarder {
            connector,
            // A parsed target always makes a valid URI and header value; fall back to what
            // fails at connect time, with a message, rather than panic.
            origin: origin.parse().unwrap_or_default(),
            host: HeaderValue::from_str(&host).unwrap_or(HeaderValue::from_static("localhost")),
            target: Arc::new(target),
            ca_given: trust.has_extra(),
            _body: PhantomData,
        })
    }

    /// The URI the upstream gets for a request to `uri` (whose path starts with `/`): the
    /// upstream's base path, then the path and query, in origin form. Without a base path the
    /// request's own path is reused as it is, with no text built per request.
    pub(crate) fn origin_form(&self, uri: &Uri) -> Option<Uri> {
        if self.target.base_path.is_empty() {
            return Some(origin_form(uri));
        }
        let path = uri.path_and_query().map_or("/", PathAndQuery::as_str);
        format!("{}{path}", self.target.base_path).parse().ok()
    }

    /// Send `request` (its URI in origin form, from [`Forwarder::origin_form`]) on `lane` and
    /// wait for the response head; the body streams from the returned response. A `Host`
    /// naming the upstream is added when the request has none. A lane whose
    /// connection closed meanwhile gets a new one, and a request the old one never wrote is
    /// sent on it.
    pub(crate) async fn send(
        &self,
        lane: &mut Lane<B>,
        mut request: Request<B>,
    ) -> Result<Response<Incoming>, ForwardError> {
        request
            .headers_mut()
            .entry(header::HOST)
            .or_insert_with(|| self.host.clone());
        // Taken out: a send cut short (by a deadline) leaves the lane to reconnect.
        if let Some(mut sender) = lane.sender.take()
            && sender.ready().await.is_ok()
        {
            match sender.try_send_request(request).await {
                Ok(response) => {
                    lane.sender = Some(sender);
                    return Ok(response);
                }
                Err(mut failed) => match failed.take_message() {
                    Some(unsent) => request = unsent,
                    None => return Err(self.failure(&failed.into_error())),
                },
            }
        }
        let mut sender = self.connect().await?;
        let response = sender
            .send_request(request)
            .await
            .map_err(|e| self.failure(&e))?;
        lane.sender = Some(sender);
        Ok(response)
    }

    /// A new connection to the upstream, driven by a task of its own until it closes.
    async fn connect(&self) -> Result<http1::SendRequest<B>, ForwardError> {
        let mut connector = self.connector.clone();
        let io = match std::future::poll_fn(|cx| connector.poll_ready(cx)).await {
            Ok(()) => connector.call(self.origin.clone()).await,
            Err(e) => Err(e),
        }
        .map_err(|e| self.failure(&*e))?;
        let (sender, connection) = http1::Builder::new()
            .preserve_header_case(true)
            .handshake(io)
            .await
            .map_err(|e| self.failure(&e))?;
        tokio::spawn(async move {
            // Its end (the upstream closed, the lane dropped) shows in the lane's next send.
            let _ = connection.await;
        });
        Ok(sender)
    }

    /// What went wrong, in the same plain words for a TLS failure as the checker's client.
    fn failure(&self, error: &(dyn std::error::Error + 'static)) -> ForwardError {
        match TlsFailure::find(error, &self.target.host, self.ca_given) {
            Some(tls) => ForwardError::Tls(tls),
            None => ForwardError::Connection(error_chain(error)),
        }
    }
}

/// `uri` as a request line names it to an origin server: its path and query.
fn origin_form(uri: &Uri) -> Uri {
    let mut parts = http::uri::Parts::default();
    parts.path_and_query = Some(
        uri.path_and_query()
            .cloned()
            .unwrap_or_else(|| PathAndQuery::from_static("/")),
    );
    Uri::from_parts(parts).unwrap_or_default()
}
