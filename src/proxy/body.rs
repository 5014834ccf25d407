//! One body type for everything the proxy sends, upstream or back to the client: bytes it
//! holds (a judged body, its own answers), a stream it relays, or the bytes it read before
//! deciding not to judge followed by the rest of the stream.
//!
//! The body also carries the original framing: a body that arrived chunked is sent chunked
//! even when it is empty (hyper would otherwise send an empty body with no framing at all,
//! which a host such as IIS answers with 411), and a body of known length is sent with it.

use bytes::Bytes;
use hyper::body::{Body, Frame, Incoming, SizeHint};
use std::pin::Pin;
use std::task::{Context, Poll};

/// A body the proxy sends.
#[derive(Debug)]
pub(crate) struct ProxyBody {
    /// Bytes still to send before the stream.
    head: Option<Bytes>,
    /// The rest, streamed from the other side.
    rest: Option<Incoming>,
    /// The body arrived without a length (chunked): never claim an exact size or an early end.
    length_unknown: bool,
}

impl ProxyBody {
    /// Held bytes of known length.
    pub(crate) fn full(bytes: impl Into<Bytes>) -> ProxyBody {
        ProxyBody {
            head: Some(bytes.into()),
            rest: None,
            length_unknown: false,
        }
    }

    /// A stream relayed as it arrives.
    pub(crate) fn stream(rest: Incoming) -> ProxyBody {
        ProxyBody {
            head: None,
            rest: Some(rest),
            length_unknown: false,
        }
    }

    /// Bytes already read, then the rest of their stream.
    pub(crate) fn resumed(head: Bytes, rest: Incoming) -> ProxyBody {
        ProxyBody {
            head: Some(head),
            rest: Some(rest),
            length_unknown: false,
        }
    }

    /// The same body, framed without a length (as it arrived chunked).
    pub(crate) fn chunked(mut self) -> ProxyBody {
        self.length_unknown = true;
        self
    }
}

impl Body for ProxyBody {
    type Data = Bytes;
    type Error = hyper::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, hyper::Error>>> {
        if let Some(head) = self.head.take()
            && !head.is_empty()
        {
            return Poll::Ready(Some(Ok(Frame::data(head))));
        }
        match self.rest.as_mut() {
            Some(rest) => {
                let polled = Pin::new(rest).poll_frame(cx);
                if let Poll::Ready(None) = polled {
                    self.rest = None;
                }
                polled
            }
            None => Poll::Ready(None),
        }
    }

    fn is_end_stream(&self) -> bool {
        !self.length_unknown
            && self.head.as_ref().is_none_or(Bytes::is_empty)
            && self.rest.as_ref().is_none_or(Incoming::is_end_stream)
    }

    fn size_hint(&self) -> SizeHint {
        if self.length_unknown {
            return SizeHint::default();
        }
        let head = self.head.as_ref().map_or(0, |h| h.len() as u64);
        match &self.rest {
            None => SizeHint::with_exact(head),
            Some(rest) => {
                let hint = rest.size_hint();
                let mut total = SizeHint::new();
                total.set_lower(hint.lower() + head);
                if let Some(upper) = hint.upper() {
                    total.set_upper(upper + head);
                }
                total
            }
        }
    }
}
