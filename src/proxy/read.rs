//! Reading a body to judge it, within bounds: at most the judged-body limit, large bodies only
//! while the shared budget lasts (never waiting for it), and only until a deadline. What does
//! not fit is handed back with the bytes read so far, to be relayed unjudged.

use crate::server::BODY_ALLOWANCE;
use bytes::{Bytes, BytesMut};
use http_body_util::BodyExt;
use hyper::body::Incoming;
use std::sync::Arc;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::time::Instant;

/// Why a body was not read to its end.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Oversize {
    /// Longer than the judged-body limit.
    Limit(usize),
    /// The shared budget for large bodies is in use by other exchanges.
    Budget,
}

impl Oversize {
    /// The reason, for a finding.
    pub(crate) fn describe(self, what: &str) -> String {
        match self {
            Oversize::Limit(limit) => {
                format!("{what} larger than the proxy judges ({limit} bytes)")
            }
            Oversize::Budget => format!(
                "{what} larger than {BODY_ALLOWANCE} bytes while the budget for large bodies was \
                 held by other exchanges"
            ),
        }
    }
}

/// What reading produced.
#[derive(Debug)]
pub(crate) enum Read {
    /// The whole body, and the budget it holds (released when dropped).
    Complete(Bytes, Option<OwnedSemaphorePermit>),
    /// Too large to judge: the bytes read so far and the rest of the stream.
    Oversize(Bytes, Incoming, Oversize),
    /// The stream broke (the peer went away or sent bad framing).
    Broken(String),
    /// The deadline passed before the end.
    Late,
}

/// Read `body` to its end under `limit` bytes, reserving bytes beyond [`BODY_ALLOWANCE`] from
/// `budget` (in units of it) without waiting, until `deadline`.
pub(crate) async fn read_bounded(
    mut body: Incoming,
    limit: usize,
    budget: &Arc<Semaphore>,
    deadline: Instant,
) -> Read {
    // A small body usually comes in one frame, kept without a copy.
    let mut first: Option<Bytes> = None;
    let mut collected = BytesMut::new();
    let mut permit: Option<OwnedSemaphorePermit> = None;
    loop {
        let frame = match tokio::time::timeout_at(deadline, body.frame()).await {
            Err(_) => return Read::Late,
            Ok(None) => break,
            Ok(Some(Err(e))) => return Read::Broken(e.to_string()),
            Ok(Some(Ok(frame))) => frame,
        };
        let Ok(data) = frame.into_data() else {
            continue;
        };
        let held = first.as_ref().map_or(collected.len(), Bytes::len);
        let size = held + data.len();
        let oversize = if size > limit {
            Some(Oversize::Limit(limit))
        } else if reserve(&mut permit, size, budget) {
            None
        } else {
            Some(Oversize::Budget)
        };
        if let Some(why) = oversize {
            let mut read = match first.take() {
                Some(first) => BytesMut::from(first),
                None => collected,
            };
            read.extend_from_slice(&data);
            return Read::Oversize(read.freeze(), body, why);
        }
        if held == 0 {
            first = Some(data);
            continue;
        }
        if let Some(first) = first.take() {
            collected.reserve(size);
            collected.extend_from_slice(&first);
        }
        collected.extend_from_slice(&data);
    }
    let bytes = first.unwrap_or_else(|| collected.freeze());
    Read::Complete(bytes, permit)
}

/// Hold budget covering `size` bytes beyond the allowance; `false` when the budget has not
/// that much free now.
fn reserve(
    permit: &mut Option<OwnedSemaphorePermit>,
    size: usize,
    budget: &Arc<Semaphore>,
) -> bool {
    if size <= BODY_ALLOWANCE {
        return true;
    }
    let needed = u32::try_from(size.div_ceil(BODY_ALLOWANCE)).unwrap_or(u32::MAX);
    let held = permit.as_ref().map_or(0, |p| p.num_permits());
    let more = needed.saturating_sub(u32::try_from(held).unwrap_or(u32::MAX));
    if more == 0 {
        return true;
    }
    match Arc::clone(budget).try_acquire_many_owned(more) {
        Ok(extra) => {
            match permit {
                Some(held) => held.merge(extra),
                None => *permit = Some(extra),
            }
            true
        }
        Err(_) => false,
    }
}

/// Budget units (of [`BODY_ALLOWANCE`] bytes) for a budget of `bytes`.
pub(crate) fn budget_units(bytes: usize) -> usize {
    bytes.div_ceil(BODY_ALLOWANCE).max(1)
}
