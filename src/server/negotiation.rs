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
    let input = NegotiationInput {
        accept: accept.as_deref(),
        content_type: content_type.as_deref(),
        x_requested_with: requested_with.as_deref(),
        accept_charset: accept_charset.as_deref(),
    };
    // A client sends the same four headers on every request: negotiation is a pure function of
    // them, so each worker thread keeps its last inputs and answer and parses again only when
    // they change (a byte comparison instead of parsing two media-type lists).
    LAST_NEGOTIATION.with(|last| {
        let mut last = last.borrow_mut();
        if let Some(found) = last.lookup(&input) {
            return found;
        }
        let negotiated = negotiate(&input);
        last.remember(&input, negotiated);
        negotiated
    })
}

thread_local! {
    static LAST_NEGOTIATION: RefCell<LastNegotiation> = RefCell::new(LastNegotiation::default());
}

/// Inputs longer than this (all four together) are not remembered, so a huge `Accept` costs
/// no lasting memory.
const MEMO_MAX_BYTES: usize = 1024;

/// One worker thread's last negotiation: the four inputs, each absent or its text, and the
/// answer.
#[derive(Default)]
struct LastNegotiation {
    /// The inputs, each as a presence byte followed by its text and a 0 separator (header
    /// values never contain 0).
    key: Vec<u8>,
    answer: Option<ResponseType>,
}

impl LastNegotiation {
    fn lookup(&self, input: &NegotiationInput<'_>) -> Option<ResponseType> {
        let answer = self.answer?;
        let mut rest = self.key.as_slice();
        for part in parts(input) {
            let encoded_len = part.map_or(0, str::len) + 2;
            let (head, tail) = rest.split_at_checked(encoded_len)?;
            if !key_part_matches(head, part) {
                return None;
            }
            rest = tail;
        }
        rest.is_empty().then_some(answer)
    }

    fn remember(&mut self, input: &NegotiationInput<'_>, answer: ResponseType) {
        self.key.clear();
        self.answer = None;
        let size: usize = parts(input).iter().map(|p| p.map_or(0, str::len) + 2).sum();
        if size > MEMO_MAX_BYTES {
            self.key = Vec::new();
            return;
        }
        for part in parts(input) {
            self.key.push(u8::from(part.is_some()));
            self.key
                .extend_from_slice(part.unwrap_or_default().as_bytes());
            self.key.push(0);
        }
        self.answer = Some(answer);
    }
}

fn parts<'a>(input: &NegotiationInput<'a>) -> [Option<&'a str>; 4] {
    [
        input.accept,
        input.content_type,
        input.x_requested_with,
        input.accept_charset,
    ]
}

/// Whether one encoded part of the key (`presence, text, 0`) is `part`.
fn key_part_matches(encoded: &[u8], part: Option<&str>) -> bool {
    match (encoded.split_first(), part) {
        (Some((&1, rest)), Some(text)) => rest.strip_suffix(&[0]) == Some(text.as_bytes()),
        (Some((&0, rest)), None) => rest == [0],
        _ => false,
    }
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
    let body = encoded_body(response_type, write);
    MockResponse::with_static_type(status, response_type.content_type_static(), body)
}

/// A body written as UTF-8 by `write`, in the negotiated charset.
pub(crate) fn encoded_body(response_type: ResponseType, write: impl FnOnce(&mut Vec<u8>)) -> Bytes {
    SCRATCH.with(|scratch| {
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
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::Method;

    fn request(headers: &[(&str, &str)]) -> CapturedRequest {
        headers.iter().fold(
            CapturedRequest::new(Method::POST, "/api/client/ClientFavoriteDataInfo"),
            |r, (name, value)| r.with_header(name, value),
        )
    }

    fn uncached(request: &CapturedRequest) -> ResponseType {
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

    #[test]
    fn the_remembered_negotiation_answers_as_negotiating_again_would() {
        let long = "application/xml;q=0.9, ".repeat(60);
        let cases = [
            request(&[]),
            request(&[("Accept", "application/xml")]),
            request(&[
                ("Accept", "application/xml"),
                ("Accept", "application/json"),
            ]),
            request(&[("Content-Type", "application/xml")]),
            request(&[("Content-Type", "application/xml"), ("Accept", "")]),
            request(&[("Accept", ""), ("Content-Type", "application/xml")]),
            request(&[
                ("X-Requested-With", "XMLHttpRequest"),
                ("Accept", "text/xml"),
            ]),
            request(&[("Accept", "text/xml"), ("Accept-Charset", "utf-16")]),
            request(&[("Accept", "text/xml")]),
            request(&[("Accept", long.as_str())]),
            request(&[("Accept", long.as_str())]),
        ];
        // Every order of neighbours: a remembered answer must never leak into another request.
        for first in &cases {
            for second in &cases {
                assert_eq!(response_type(first), uncached(first));
                assert_eq!(response_type(second), uncached(second));
                assert_eq!(response_type(second), uncached(second));
            }
        }
    }
}
