//! One client connection, as both hyper and the mock see it. hyper owns the HTTP state; the
//! mock shares the socket with it ([`ConnIo`] reads and writes through an `Arc`) and counts
//! what passes, so it can tell what hyper does not:
//!
//! - during a drain, whether the connection is idle (close it), busy (let the answer go out with
//!   `Connection: close`), or has the next request arriving (let it finish arriving first);
//! - during injected latency, whether the client went away (the request is then journaled as
//!   abandoned and nothing is written).

use super::fault::{DRIBBLE_CHUNKS, DRIBBLE_INTERVAL, RESET_AFTER};
use bytes::Bytes;
use http_body_util::Full;
use hyper::body::{Body, Frame, SizeHint};
use std::future::{Future, poll_fn};
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::task::{Context, Poll, ready};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;
use tokio::time::Sleep;

/// A connection's socket and counters.
#[derive(Debug)]
pub(crate) struct Conn {
    stream: TcpStream,
    /// Reads that returned bytes.
    reads: AtomicU64,
    /// `reads` when the last request was dispatched or answered: more reads since then mean a
    /// request head is arriving (hyper holds the bytes, the mock has not seen a request yet).
    reads_seen: AtomicU64,
    /// Requests dispatched whose answer hyper has not finished writing.
    active: AtomicUsize,
}

/// Where a connection stands during the drain.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Phase {
    /// A request is being answered.
    Busy,
    /// Nothing in progress and nothing arriving.
    Idle,
    /// Bytes of a next request arrived but no request was dispatched yet.
    Arriving,
}

impl Conn {
    pub(crate) fn new(stream: TcpStream) -> Arc<Conn> {
        Arc::new(Conn {
            stream,
            reads: AtomicU64::new(0),
            reads_seen: AtomicU64::new(0),
            active: AtomicUsize::new(0),
        })
    }

    /// A request was dispatched: it is active until the returned guard drops (the guard rides
    /// in the answer's body, which hyper drops once it has written it).
    pub(crate) fn dispatched(self: &Arc<Self>) -> Active {
        self.active.fetch_add(1, Ordering::SeqCst);
        self.mark_seen();
        Active(Arc::clone(self))
    }

    fn mark_seen(&self) {
        self.reads_seen
            .store(self.reads.load(Ordering::SeqCst), Ordering::SeqCst);
    }

    /// Where the connection stands now (peeks the socket without consuming anything).
    pub(crate) async fn phase(&self) -> Phase {
        if self.active.load(Ordering::SeqCst) > 0 {
            return Phase::Busy;
        }
        if self.reads.load(Ordering::SeqCst) != self.reads_seen.load(Ordering::SeqCst) {
            return Phase::Arriving;
        }
        let mut byte = [0u8; 1];
        let mut buf = ReadBuf::new(&mut byte);
        match poll_fn(|cx| Poll::Ready(self.stream.poll_peek(cx, &mut buf))).await {
            Poll::Ready(Ok(n)) if n > 0 => Phase::Arriving,
            _ => Phase::Idle,
        }
    }

    /// Resolves when the client closes or resets the connection while it waits for an answer;
    /// never when it closed its sending side before the wait began (pipelined requests and a
    /// half-close: it still reads the answers) or sends more (it is still there).
    pub(crate) async fn abandoned(&self) {
        let mut byte = [0u8; 1];
        let mut buf = ReadBuf::new(&mut byte);
        let now = poll_fn(|cx| Poll::Ready(self.stream.poll_peek(cx, &mut buf))).await;
        match now {
            Poll::Ready(Err(_)) => return,
            Poll::Ready(Ok(_)) => return std::future::pending().await,
            Poll::Pending => {}
        }
        match self.stream.peek(&mut byte).await {
            Ok(0) | Err(_) => {}
            Ok(_) => std::future::pending().await,
        }
    }
}

/// Keeps a request counted as active; dropped with the answer's body.
#[derive(Debug)]
pub(crate) struct Active(Arc<Conn>);

impl Drop for Active {
    fn drop(&mut self) {
        // The request's bytes (its body included) were all read by now.
        self.0.mark_seen();
        self.0.active.fetch_sub(1, Ordering::SeqCst);
    }
}

/// An answer's body: the bytes, and the guard that counts the request active until hyper
/// has written them. A fault body delivers them broken on purpose (see `super::fault`).
#[derive(Debug)]
pub(crate) struct AnswerBody {
    kind: BodyKind,
    _active: Active,
}

#[derive(Debug)]
enum BodyKind {
    /// The whole body at once.
    Full(Full<Bytes>),
    /// The first half, then (after [`RESET_AFTER`]) an error that makes hyper drop the
    /// connection, which the socket's zero linger turns into a TCP reset.
    Reset {
        first: Option<Bytes>,
        total: u64,
        wait: Option<Pin<Box<Sleep>>>,
    },
    /// The body in pieces, [`DRIBBLE_INTERVAL`] apart.
    Dribble {
        rest: Bytes,
        piece: usize,
        total: u64,
        wait: Pin<Box<Sleep>>,
    },
}

impl AnswerBody {
    pub(crate) fn new(bytes: Bytes, active: Active) -> AnswerBody {
        AnswerBody {
            kind: BodyKind::Full(Full::new(bytes)),
            _active: active,
        }
    }

    /// Half the body, then a reset (the caller set the socket's linger to zero).
    pub(crate) fn reset(bytes: &Bytes, active: Active) -> AnswerBody {
        let total = bytes.len() as u64;
        let first = bytes.slice(..bytes.len() / 2);
        AnswerBody {
            kind: BodyKind::Reset {
                first: Some(first),
                total,
                wait: None,
            },
            _active: active,
        }
    }

    /// The body trickled in [`DRIBBLE_CHUNKS`] pieces.
    pub(crate) fn dribble(bytes: Bytes, active: Active) -> AnswerBody {
        let total = bytes.len() as u64;
        let piece = bytes.len().div_ceil(DRIBBLE_CHUNKS).max(1);
        AnswerBody {
            kind: BodyKind::Dribble {
                rest: bytes,
                piece,
                total,
                wait: Box::pin(tokio::time::sleep(DRIBBLE_INTERVAL)),
            },
            _active: active,
        }
    }
}

impl Body for AnswerBody {
    type Data = Bytes;
    type Error = io::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        match &mut self.kind {
            BodyKind::Full(body) => Pin::new(body)
                .poll_frame(cx)
                .map_err(|never| match never {}),
            BodyKind::Reset { first, wait, .. } => {
                if let Some(first) = first.take() {
                    *wait = Some(Box::pin(tokio::time::sleep(RESET_AFTER)));
                    return Poll::Ready(Some(Ok(Frame::data(first))));
                }
                if let Some(wait) = wait {
                    ready!(wait.as_mut().poll(cx));
                }
                Poll::Ready(Some(Err(io::Error::new(
                    io::ErrorKind::ConnectionReset,
                    "reset on purpose (X-Mock-Fault: reset)",
                ))))
            }
            BodyKind::Dribble {
                rest, piece, wait, ..
            } => {
                if rest.is_empty() {
                    return Poll::Ready(None);
                }
                ready!(wait.as_mut().poll(cx));
                let next = rest.split_to((*piece).min(rest.len()));
                if !rest.is_empty() {
                    wait.as_mut()
                        .reset(tokio::time::Instant::now() + DRIBBLE_INTERVAL);
                }
                Poll::Ready(Some(Ok(Frame::data(next))))
            }
        }
    }

    fn is_end_stream(&self) -> bool {
        match &self.kind {
            BodyKind::Full(body) => body.is_end_stream(),
            BodyKind::Reset { .. } => false,
            BodyKind::Dribble { rest, .. } => rest.is_empty(),
        }
    }

    fn size_hint(&self) -> SizeHint {
        match &self.kind {
            BodyKind::Full(body) => body.size_hint(),
            // The full length, so Content-Length promises more than a reset delivers.
            BodyKind::Reset { total, .. } | BodyKind::Dribble { total, .. } => {
                SizeHint::with_exact(*total)
            }
        }
    }
}

impl Conn {
    /// Make closing the socket send a TCP reset instead of a FIN.
    pub(crate) fn reset_on_close(&self) {
        let _ = socket2::SockRef::from(&self.stream).set_linger(Some(std::time::Duration::ZERO));
    }

    /// Write bytes straight to the socket (hyper is not writing: it awaits this request's
    /// answer), giving up after `limit`.
    pub(crate) async fn write_raw(
        &self,
        mut bytes: &[u8],
        limit: std::time::Duration,
    ) -> io::Result<()> {
        let written = tokio::time::timeout(limit, async {
            while !bytes.is_empty() {
                self.stream.writable().await?;
                match self.stream.try_write(bytes) {
                    Ok(n) => bytes = &bytes[n..],
                    Err(e) if e.kind() == io::ErrorKind::WouldBlock => {}
                    Err(e) => return Err(e),
                }
            }
            Ok(())
        })
        .await;
        written.unwrap_or_else(|_| Err(io::ErrorKind::TimedOut.into()))
    }
}

/// The socket as hyper's I/O (wrapped in `TokioIo`): the same reads and writes as a plain
/// `TcpStream`, through the shared [`Conn`].
#[derive(Debug)]
pub(crate) struct ConnIo(pub(crate) Arc<Conn>);

impl AsyncRead for ConnIo {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let conn = &self.0;
        loop {
            ready!(conn.stream.poll_read_ready(cx))?;
            match conn.stream.try_read_buf(buf) {
                Ok(n) => {
                    if n > 0 {
                        conn.reads.fetch_add(1, Ordering::SeqCst);
                    }
                    return Poll::Ready(Ok(()));
                }
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => {}
                Err(e) => return Poll::Ready(Err(e)),
            }
        }
    }
}

impl AsyncWrite for ConnIo {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let stream = &self.0.stream;
        loop {
            ready!(stream.poll_write_ready(cx))?;
            match stream.try_write(buf) {
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => {}
                other => return Poll::Ready(other),
            }
        }
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let stream = &self.0.stream;
        loop {
            ready!(stream.poll_write_ready(cx))?;
            match stream.try_write_vectored(bufs) {
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => {}
                other => return Poll::Ready(other),
            }
        }
    }

    fn is_write_vectored(&self) -> bool {
        true
    }

    fn poll_flush(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        // Writes go straight to the socket.
        Poll::Ready(Ok(()))
    }

    fn poll_shutdown(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        // Send FIN now; the descriptor closes when the last reference drops.
        let result = socket2::SockRef::from(&self.0.stream).shutdown(std::net::Shutdown::Write);
        Poll::Ready(match result {
            Err(e) if e.kind() == io::ErrorKind::NotConnected => Ok(()),
            other => other,
        })
    }
}
