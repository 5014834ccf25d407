//! A small HTTP/1.1 client for recording targets: sends an exchange with the target's
//! credentials and returns the response as the checker's [`Observed`]. HTTP only; HTTPS targets
//! are refused with a clear message until the checker's runner offers a TLS client.

use super::encode::Exchange;
use crate::checker::Observed;
use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::header::{HeaderName, HeaderValue};
use hyper::{Method, Request, Uri};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use std::time::Duration;

/// How long one exchange may take unless `--timeout` says otherwise.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);

/// The largest response body read (bytes); a larger one is an error, never a hang or an
/// out-of-memory.
pub const MAX_RESPONSE_BYTES: usize = 16 * 1024 * 1024;

/// The server a snapshot run talks to, as `check` takes it.
#[derive(Clone, Debug)]
pub struct Target {
    /// Base URL (`http://staging:8080/lcmanager`); case paths are appended.
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
    /// The URL is not an `http://` URL.
    #[error(
        "target `{url}`: expected an http:// URL (https needs the checker's TLS client), found {found}"
    )]
    Url {
        /// The URL as given.
        url: String,
        /// What is wrong.
        found: String,
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
    client: Client<HttpConnector, Full<Bytes>>,
}

impl HttpTarget {
    /// Check the URL and header names, and prepare a client.
    pub fn new(target: Target) -> Result<HttpTarget, TargetError> {
        let uri: Uri = target
            .url
            .parse()
            .map_err(|e: http::uri::InvalidUri| TargetError::Url {
                url: target.url.clone(),
                found: e.to_string(),
            })?;
        if uri.scheme_str() != Some("http") || uri.host().is_none() {
            return Err(TargetError::Url {
                found: format!("scheme `{}`", uri.scheme_str().unwrap_or("none")),
                url: target.url,
            });
        }
        for (name, value) in &target.headers {
            header(name, value)?;
        }
        let client = Client::builder(TokioExecutor::new()).build_http();
        Ok(HttpTarget { target, client })
    }

    /// The target's base URL without a trailing slash.
    pub fn base_url(&self) -> &str {
        self.target.url.trim_end_matches('/')
    }

    /// Send one exchange and read the whole response.
    pub async fn send(&self, exchange: &Exchange) -> Result<Observed, TargetError> {
        let request = &exchange.request;
        let url = format!("{}{}", self.base_url(), request.path);
        let unreachable = |reason: String| TargetError::Unreachable {
            method: request.method.clone(),
            url: url.clone(),
            reason,
        };
        let method = Method::from_bytes(request.method.as_bytes())
            .map_err(|e| unreachable(e.to_string()))?;
        let mut builder = Request::builder().method(method).uri(&url);
        let mut headers: Vec<(&str, &str)> = request
            .headers
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect();
        let bearer = self.target.bearer.as_ref().map(|t| format!("Bearer {t}"));
        if exchange.target_auth {
            if let Some(value) = &bearer {
                headers.push(("Authorization", value));
            }
            headers.extend(
                self.target
                    .headers
                    .iter()
                    .map(|(n, v)| (n.as_str(), v.as_str())),
            );
        }
        for (name, value) in headers {
            let (name, value) = header(name, value)?;
            builder = builder.header(name, value);
        }
        let http_request = builder
            .body(Full::new(Bytes::copy_from_slice(request.body.as_bytes())))
            .map_err(|e| unreachable(e.to_string()))?;
        let exchange = async {
            let response = self
                .client
                .request(http_request)
                .await
                .map_err(|e| unreachable(error_chain(&e)))?;
            let status = response.status().as_u16();
            let headers = response
                .headers()
                .iter()
                .map(|(n, v)| {
                    (
                        n.as_str().to_owned(),
                        String::from_utf8_lossy(v.as_bytes()).into_owned(),
                    )
                })
                .collect();
            let body = Limited::new(response.into_body(), MAX_RESPONSE_BYTES)
                .collect()
                .await
                .map_err(|e| unreachable(format!("reading the body: {e}")))?
                .to_bytes()
                .to_vec();
            Ok(Observed {
                status,
                headers,
                body,
            })
        };
        match tokio::time::timeout(self.target.timeout, exchange).await {
            Ok(result) => result,
            Err(_) => Err(TargetError::Timeout {
                method: request.method.clone(),
                url,
                timeout: self.target.timeout,
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

/// An error and its causes on one line ("client error (Connect): tcp connect error: refused").
fn error_chain(err: &dyn std::error::Error) -> String {
    let mut out = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        out.push_str(": ");
        out.push_str(&cause.to_string());
        source = cause.source();
    }
    out
}
