//! Sending a case's exchanges to a target through the shared HTTP/HTTPS client
//! ([`crate::client`]), so `snapshot` and `check` reach a server the same way, with the same
//! URL syntax, timeout default and limits.

use super::encode::Exchange;
use super::run::SnapshotError;
use crate::client::{HttpClient, Reply, SendError, Target, TlsTrust};
use crate::exchange::{HttpRequest, HttpResponse};
use crate::runner::REDACTED;
use hyper::header::{HeaderName, HeaderValue};
use std::time::Duration;

/// Idle connections kept to the target: the corpus is sent one exchange at a time.
const POOL: usize = 2;

/// A target with the credentials that cases using `"auth": "target"` carry.
#[derive(Clone, Debug)]
pub struct HttpTarget {
    client: HttpClient,
    credentials: Vec<(String, String)>,
    base_url: String,
}

impl HttpTarget {
    /// A client for `target` whose exchanges end after `timeout`; `credentials` (such as
    /// `Authorization: Bearer …`, in order) go on every case that uses the target's own
    /// credentials, and are never written into a snapshot.
    pub fn new(
        target: Target,
        credentials: Vec<(String, String)>,
        timeout: Duration,
    ) -> Result<HttpTarget, SnapshotError> {
        HttpTarget::with_trust(target, credentials, timeout, &TlsTrust::public())
    }

    /// [`HttpTarget::new`] trusting `trust`'s certificate authorities (`--ca-cert`).
    pub fn with_trust(
        target: Target,
        credentials: Vec<(String, String)>,
        timeout: Duration,
        trust: &TlsTrust,
    ) -> Result<HttpTarget, SnapshotError> {
        for (name, value) in &credentials {
            let valid = HeaderName::from_bytes(name.as_bytes()).is_ok()
                && HeaderValue::from_str(value).is_ok();
            if !valid {
                return Err(SnapshotError::Header { name: name.clone() });
            }
        }
        let base_url = target.base_url();
        let client = HttpClient::with_trust(target, timeout, POOL, trust).map_err(|e| {
            SnapshotError::Tls {
                url: base_url.clone(),
                reason: e.to_string(),
            }
        })?;
        Ok(HttpTarget {
            client,
            credentials,
            base_url,
        })
    }

    /// Before any case, as `check` does: the target answers, is this endpoint, and accepts the
    /// credentials given (or needs none). A wrong setup stops here with one sentence (exit 2)
    /// instead of a difference for every case.
    pub async fn preflight(&self) -> Result<(), SnapshotError> {
        let request = crate::runner::probe::plain_request(&self.credentials, &[], 1, 0);
        crate::runner::probe::probe(&self.client, &request, !self.credentials.is_empty(), false)
            .await?;
        Ok(())
    }

    /// The target's base URL without a trailing slash.
    pub fn base_url(&self) -> &str {
        self.base_url.trim_end_matches('/')
    }

    /// The exact request an exchange sends: the case's, plus the target's credentials when the
    /// case uses them.
    pub(crate) fn request_of(&self, exchange: &Exchange) -> HttpRequest {
        let mut request = exchange.request.clone();
        if exchange.target_auth {
            request.headers.extend(self.credentials.iter().cloned());
        }
        request
    }

    /// Send a request as it is, reporting a failure as the judge reads it.
    pub(crate) async fn send_request(&self, request: &HttpRequest) -> Result<Reply, SendError> {
        self.client.send(request).await
    }

    /// Hide the target's credentials in a request (they never reach a report).
    pub(crate) fn redact(&self, request: &mut HttpRequest) {
        for (name, value) in &mut request.headers {
            let secret = self
                .credentials
                .iter()
                .any(|(n, v)| n.eq_ignore_ascii_case(name) && v == value);
            if secret {
                REDACTED.clone_into(value);
            }
        }
    }

    /// Send one exchange (with the target's credentials when the case uses them) and read the
    /// whole response.
    pub async fn send(&self, exchange: &Exchange) -> Result<HttpResponse, SnapshotError> {
        let request = self.request_of(exchange);
        let url = format!("{}{}", self.base_url(), request.path);
        match self.client.send(&request).await {
            Ok(reply) => Ok(reply.response),
            Err(SendError::Timeout { limit }) => Err(SnapshotError::Timeout {
                method: request.method,
                url,
                timeout: limit,
            }),
            Err(reason) => Err(SnapshotError::Unreachable {
                method: request.method,
                url,
                reason,
            }),
        }
    }
}
