//! The server's view of content negotiation (contracts/reference/wire.md#response-format–4.4): the one adapter between
//! the server and `codec::negotiate` / `codec::error_body`.

use super::request::{CapturedRequest, MockResponse};
use crate::codec::error_body::HttpError;
use crate::codec::negotiate::{NegotiationInput, response_type as negotiate};
use crate::codec::{Charset, ResponseType, encode_text};
use bytes::Bytes;
use http::{HeaderMap, HeaderName, StatusCode, header};
use std::borrow::Cow;
use std::cell::RefCell;

/// jQuery's marker header (`XmlHttpRequestHeaderMapping`).
static X_REQUESTED_WITH: HeaderName = HeaderName::from_static("x-requested-with");

/// The negotiated response type for a request (Accept, X-Requested-With, Accept-Charset, the
/// request Content-Type; JSON when nothing decides).
pub(crate) fn response_type(request: &CapturedRequest) -> ResponseType {
    let accept = joined(&request.headers, &header::ACCEPT);
    let content_type = joined(&request.headers, &header::CONTENT_TYPE);
    let requested_with = joined(&request.headers, &X_REQUESTED_WITH);
    let accept_charset = joined(&request.headers, &header::ACCEPT_CHARSET);
    negotiate(&NegotiationInput {
        accept: accept.as_deref(),
        content_type: content_type.as_deref(),
        x_requested_with: requested_with.as_deref(),
        accept_charset: accept_charset.as_deref(),
    })
}

/// Every line of a header joined with `, ` (how .NET presents repeated headers); lossy for
/// bytes that are not UTF-8, which no media type contains. A single line (the usual case) is
/// borrowed, not copied.
fn joined<'h>(headers: &'h HeaderMap, name: &HeaderName) -> Option<Cow<'h, str>> {
    let mut lines = headers.get_all(name).iter();
    let first = String::from_utf8_lossy(lines.next()?.as_bytes());
    let Some(second) = lines.next() else {
        return Some(first);
    };
    let mut out = first.into_owned();
    for line in std::iter::once(second).chain(lines) {
        out.push_str(", ");
        out.push_str(&String::from_utf8_lossy(line.as_bytes()));
    }
    Some(Cow::Owned(out))
}

/// A response carrying an `HttpError`, in the negotiated type.
pub(crate) fn error_response(
    status: StatusCode,
    error: &HttpError,
    response_type: ResponseType,
) -> MockResponse {
    encoded_response(status, response_type, |utf8| {
        error.encode(response_type.wire_format(), utf8);
    })
}

thread_local! {
    /// Where each worker thread writes response bodies: it grows to the largest body once,
    /// and each body is then copied out at its exact size, instead of a fresh vector growing
    /// through a series of reallocations for every response.
    static SCRATCH: RefCell<Vec<u8>> = RefCell::new(Vec::with_capacity(SCRATCH_CAPACITY));
}

/// Initial size of the per-thread body buffer (a typical answer fits).
const SCRATCH_CAPACITY: usize = 16 * 1024;

/// Bodies above this size are not kept in the per-thread buffer afterwards (the buffer shrinks
/// back), so one huge answer does not pin memory in every worker.
const SCRATCH_KEEP: usize = 1024 * 1024;

/// A response whose body `write` produces as UTF-8, sent in the negotiated charset.
pub(crate) fn encoded_response(
    status: StatusCode,
    response_type: ResponseType,
    write: impl FnOnce(&mut Vec<u8>),
) -> MockResponse {
    let body = SCRATCH.with(|scratch| {
        let mut utf8 = scratch.borrow_mut();
        utf8.clear();
        write(&mut utf8);
        let body = match response_type.charset {
            Charset::Utf8 => Bytes::copy_from_slice(&utf8),
            Charset::Utf16Le | Charset::Utf16Be => {
                Bytes::from(encode_text(utf8.clone(), response_type.charset))
            }
        };
        if utf8.capacity() > SCRATCH_KEEP {
            utf8.clear();
            utf8.shrink_to(SCRATCH_CAPACITY);
        }
        body
    });
    MockResponse::with_static_type(status, response_type.content_type_static(), body)
}
