//! The upstream side of a judged exchange: the request sent and the answer read within the
//! judged-body limit and the `--give-up` deadline.

use super::body::ProxyBody;
use super::read::{Read, read_bounded};
use super::server::Shared;
use crate::client::{ForwardError, Lane, SendError};
use bytes::Bytes;
use http::Request;
use hyper::body::Incoming;
use std::time::Duration;
use tokio::time::Instant;

/// What became of the upstream side of a judged exchange.
pub(super) enum Upstream {
    /// A complete answer.
    Answer {
        parts: http::response::Parts,
        body: Bytes,
        elapsed: Duration,
    },
    /// An answer too large to judge: its head, the bytes read, the rest of the stream.
    Oversize {
        parts: http::response::Parts,
        head: Bytes,
        rest: Incoming,
        why: String,
        elapsed: Duration,
    },
    /// No (complete) answer.
    Failed { error: SendError, gateway: Gateway },
}

/// The proxy's own answer when the upstream gave none.
#[derive(Clone, Copy)]
pub(super) enum Gateway {
    BadGateway,
    Timeout,
}

/// A client connection's upstream connection ([`Lane`]); its requests come one at a time,
/// so the lock is never contended.
pub(crate) type UpstreamLane = tokio::sync::Mutex<Lane<ProxyBody>>;

/// Send the request on the client connection's lane and read the answer within bounds.
pub(super) async fn forward(
    request: Request<ProxyBody>,
    shared: &Shared,
    lane: &UpstreamLane,
    deadline: Instant,
) -> Upstream {
    let limits = shared.config.limits;
    let started = Instant::now();
    let timeout = SendError::Timeout {
        limit: limits.give_up,
    };
    let sent = async {
        let mut lane = lane.lock().await;
        shared.forwarder.send(&mut lane, request).await
    };
    let response = match tokio::time::timeout_at(deadline, sent).await {
        Err(_) => {
            return Upstream::Failed {
                error: timeout,
                gateway: Gateway::Timeout,
            };
        }
        Ok(Err(error)) => {
            return Upstream::Failed {
                error: SendError::Connection(match error {
                    ForwardError::Tls(tls) => tls.to_string(),
                    ForwardError::Connection(reason) => reason,
                }),
                gateway: Gateway::BadGateway,
            };
        }
        Ok(Ok(response)) => response,
    };
    let (parts, body) = response.into_parts();
    match read_bounded(body, limits.max_judged_body_bytes, &shared.budget, deadline).await {
        Read::Complete(body, _permit) => Upstream::Answer {
            parts,
            body,
            elapsed: started.elapsed(),
        },
        Read::Oversize(head, rest, why) => Upstream::Oversize {
            parts,
            head,
            rest,
            why: why.describe("a response body"),
            elapsed: started.elapsed(),
        },
        Read::Broken(reason) => Upstream::Failed {
            error: SendError::Connection(format!("a body cut short ({reason})")),
            gateway: Gateway::BadGateway,
        },
        Read::Late => Upstream::Failed {
            error: timeout,
            gateway: Gateway::Timeout,
        },
    }
}
