//! Reading a request body under the mock's limits: the size limit, the buffered-body budget
//! shared by all requests, and the request timeout, which starts only when a frame has to be
//! waited for.

use super::config::BODY_ALLOWANCE;
use super::handler::Rejection;
use super::state::State;
use bytes::{Bytes, BytesMut};
use http::{HeaderMap, header};
use http_body_util::BodyExt;
use hyper::body::{Body, Incoming};
use std::future::poll_fn;
use std::pin::Pin;
use std::sync::Arc;
use std::task::Poll;
use std::time::Duration;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// Why a body was not read.
pub(super) enum Unread {
    /// Refused with an answer (413, 408, 400).
    Refused(Rejection),
    /// The client closed the connection before the body ended.
    Gone,
}

/// Read the whole body under the size limit, the buffered-body budget and the request timeout.
/// A body larger than [`BODY_ALLOWANCE`] reserves its size from the budget as it arrives; the
/// reservation is returned with the bytes and held until the request is handled.
pub(super) async fn read_body(
    headers: &HeaderMap,
    body: Incoming,
    state: &State,
) -> Result<(Bytes, Option<OwnedSemaphorePermit>), Unread> {
    let limits = state.config.limits;
    let too_large = Unread::Refused(Rejection::BodyTooLarge {
        limit: limits.max_body_bytes,
    });
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|len| len > limits.max_body_bytes as u64) {
        return Err(too_large);
    }
    let timeout = Unread::Refused(Rejection::Timeout {
        limit: limits.request_timeout,
    });
    let deadline = Deadline {
        after: limits.request_timeout,
        at: None,
    };
    let mut reader = BodyReader {
        body,
        first: None,
        collected: BytesMut::new(),
        reservation: None,
        budget: &state.body_budget,
        limit: limits.max_body_bytes,
    };
    // A small body usually arrived with the head: its one frame is ready at once, no timer
    // fires for it and it is kept without a copy.
    match reader.read_to_end(deadline).await {
        Ok(()) => {
            let bytes = match reader.first {
                Some(first) => first,
                None => reader.collected.freeze(),
            };
            Ok((bytes, reader.reservation))
        }
        Err(BodyFailure::TooLarge) => Err(too_large),
        Err(BodyFailure::Timeout) => Err(timeout),
        Err(BodyFailure::Gone) => Err(Unread::Gone),
        Err(BodyFailure::Broken) => Err(Unread::Refused(Rejection::Incomplete)),
    }
}

enum BodyFailure {
    TooLarge,
    Timeout,
    Gone,
    Broken,
}

struct BodyReader<'b> {
    body: Incoming,
    /// The first frame, while it is the only one.
    first: Option<Bytes>,
    /// Every frame, once there is more than one.
    collected: BytesMut,
    reservation: Option<OwnedSemaphorePermit>,
    budget: &'b Arc<Semaphore>,
    limit: usize,
}

impl BodyReader<'_> {
    async fn read_to_end(&mut self, mut deadline: Deadline) -> Result<(), BodyFailure> {
        loop {
            // A frame already received is taken at once: no timer (nor clock read) for it.
            let ready = poll_fn(|cx| Poll::Ready(Pin::new(&mut self.body).poll_frame(cx))).await;
            let next = match ready {
                Poll::Ready(next) => next,
                Poll::Pending => {
                    let waited = tokio::time::timeout_at(deadline.get(), self.body.frame()).await;
                    match waited {
                        Err(_) => return Err(BodyFailure::Timeout),
                        Ok(next) => next,
                    }
                }
            };
            let frame = match next {
                None => return Ok(()),
                Some(Err(err)) if went_away(&err) => return Err(BodyFailure::Gone),
                Some(Err(_)) => return Err(BodyFailure::Broken),
                Some(Ok(frame)) => frame,
            };
            let Ok(data) = frame.into_data() else {
                continue;
            };
            let held = self.first.as_ref().map_or(self.collected.len(), Bytes::len);
            let size = held + data.len();
            if size > self.limit {
                return Err(BodyFailure::TooLarge);
            }
            self.reserve(size, &mut deadline).await?;
            if held == 0 {
                self.first = Some(data);
                continue;
            }
            if let Some(first) = self.first.take() {
                self.collected.reserve(size);
                self.collected.extend_from_slice(&first);
            }
            self.collected.extend_from_slice(&data);
        }
    }

    /// Hold budget units covering `size` bytes beyond the allowance.
    async fn reserve(&mut self, size: usize, deadline: &mut Deadline) -> Result<(), BodyFailure> {
        if size <= BODY_ALLOWANCE {
            return Ok(());
        }
        let needed = u32::try_from(size.div_ceil(BODY_ALLOWANCE)).unwrap_or(u32::MAX);
        let held = self.reservation.as_ref().map_or(0, |p| p.num_permits());
        let more = needed.saturating_sub(u32::try_from(held).unwrap_or(u32::MAX));
        if more == 0 {
            return Ok(());
        }
        let acquired = tokio::time::timeout_at(
            deadline.get(),
            Arc::clone(self.budget).acquire_many_owned(more),
        )
        .await;
        let permit = match acquired {
            Err(_) => return Err(BodyFailure::Timeout),
            Ok(Err(_)) => return Err(BodyFailure::Broken),
            Ok(Ok(permit)) => permit,
        };
        match &mut self.reservation {
            Some(held) => held.merge(permit),
            None => self.reservation = Some(permit),
        }
        Ok(())
    }
}

/// The request timeout's deadline, read from the clock when something first has to wait for
/// it: frames already received take microseconds, so it is the same limit without a clock read
/// for the usual body, which arrived with the head.
struct Deadline {
    after: Duration,
    at: Option<tokio::time::Instant>,
}

impl Deadline {
    fn get(&mut self) -> tokio::time::Instant {
        *self
            .at
            .get_or_insert_with(|| tokio::time::Instant::now() + self.after)
    }
}

/// Whether a body error means the client closed or reset the connection (rather than sent
/// malformed chunking).
fn went_away(err: &hyper::Error) -> bool {
    use std::io::ErrorKind;
    err.is_incomplete_message()
        || std::error::Error::source(err)
            .and_then(|source| source.downcast_ref::<std::io::Error>())
            .is_some_and(|io| {
                matches!(
                    io.kind(),
                    ErrorKind::UnexpectedEof
                        | ErrorKind::ConnectionReset
                        | ErrorKind::ConnectionAborted
                        | ErrorKind::BrokenPipe
                )
            })
}
