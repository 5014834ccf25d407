//! Sending recorded exchanges to a target: the target options `check` takes, over the checker's
//! HTTP/HTTPS client ([`crate::checker::run::HttpClient`]), so both commands reach a server the
//! same way.

use super::encode::Exchange;
use crate::checker::Observed;
use crate::checker::run::{HttpClient, SendError, Target as CheckTarget};
use hyper::header::{HeaderName, HeaderValue};
use std::time::Duration;

/// How long one exchange may take unless `--timeout` says otherwise.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);

/// The largest response body read (bytes), the checker client's limit; a larger one is an
/// error, never a hang or an out-of-memory.
pub const MAX_RESPONSE_BYTES: usize = crate::checker::run::MAX_RESPONSE_BYTES;

/// Idle connections kept to the target: the corpus is sent one exchange at a time.
const POOL: usize = 2;

/// The server a snapshot run talks to, as `check` takes it.
#[derive(Clone, Debug)]
pub struct Target {
    /// Base URL (`https://staging:8443/lcmanager`); case paths are appended.
    pub url: String,
    /// `Authorization: Bearer <token>` for every case that uses the target's credentials.
    pub bearer: Option<String>,
    /// More headers for those cases (`--header K:V`).
    pub headers: Vec<(String, String)>,
    /// Per-exchange time limit.
    pub timeout: Duration,
}

/// Why a target cannot be used or did not answer.
#[derive(Debug, thiserror::Error)]
pub enum TargetError {
    /// The URL is not an `http://` or `https://` URL with a host.
    #[error("target `{url}`: {reason}")]
    Url {
        /// The URL as given.
        url: String,
        /// What is wrong, in "expected X, found Y" form.
        reason: String,
    },
    /// A header name or value cannot be sent.
    #[error("header `{name}`: expected a valid HTTP header name and a one-line value")]
    Header {
        /// The header name.
        name: String,
    },
    /// The request could not be sent or no response came.
    #[error("{method} {url}: the target is unreachable ({reason})")]
    Unreachable {
        /// The method.
        method: String,
        /// The full URL.
        url: String,
        /// What failed.
        reason: String,
    },
    /// No complete response within the time limit.
    #[error("{method} {url}: no response within {timeout:?}")]
    Timeout {
        /// The method.
        method: String,
        /// The full URL.
        url: String,
        /// The limit.
        timeout: Duration,
    },
}

/// A connection pool to one target.
#[derive(Clone, Debug)]
pub struct HttpTarget {
    target: Target,
    client: HttpClient,
    base_url: String,
}

impl HttpTarget {
    /// Check the URL and header names, and prepare a client.
    pub fn new(target: Target) -> Result<HttpTarget, TargetError> {
        let parsed = CheckTarget::parse(&target.url).map_err(|e| TargetError::Url {
            url: target.url.clone(),
            reason: e.to_string(),
        })?;
        for (name, value) in &target.headers {
            header(name, value)?;
        }
        let base_url = parsed.base_url();
        let client =
            HttpClient::new(parsed, target.timeout, POOL).map_err(|e| TargetError::Url {
                url: target.url.clone(),
                reason: e.to_string(),
            })?;
        Ok(HttpTarget {
            target,
            client,
            base_url,
        })
    }

    /// The target's base URL without a trailing slash.
    pub fn base_url(&self) -> &str {
        self.base_url.trim_end_matches('/')
    }

    /// Send one exchange (with the target's credentials when the case uses them) and read the
    /// whole response.
    pub async fn send(&self, exchange: &Exchange) -> Result<Observed, TargetError> {
        let mut request = exchange.request.clone();
        if exchange.target_auth {
            if let Some(token) = &self.target.bearer {
                request
                    .headers
                    .push(("Authorization".to_owned(), format!("Bearer {token}")));
            }
            request.headers.extend(self.target.headers.iter().cloned());
        }
        let url = format!("{}{}", self.base_url(), request.path);
        match self.client.send(&request).await {
            Ok(done) => Ok(done.observed),
            Err(SendError::Timeout { limit }) => Err(TargetError::Timeout {
                method: request.method,
                url,
                timeout: limit,
            }),
            Err(other) => Err(TargetError::Unreachable {
                method: request.method,
                url,
                reason: other.to_string(),
            }),
        }
    }
}

fn header(name: &str, value: &str) -> Result<(HeaderName, HeaderValue), TargetError> {
    let invalid = || TargetError::Header {
        name: name.to_owned(),
    };
    Ok((
        HeaderName::from_bytes(name.as_bytes()).map_err(|_| invalid())?,
        HeaderValue::from_str(value).map_err(|_| invalid())?,
    ))
}
