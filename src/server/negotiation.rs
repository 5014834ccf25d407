//! The server's view of content negotiation (wire rules §4.2–4.4): the one adapter between
//! the server and `codec::negotiate` / `codec::error_body`.

use super::request::{CapturedRequest, MockResponse};
use crate::codec::error_body::HttpError;
use crate::codec::negotiate::{NegotiationInput, response_type as negotiate};
use crate::codec::{ResponseType, encode_text};
use http::{HeaderMap, StatusCode, header};

/// The negotiated response type for a request (Accept, X-Requested-With, Accept-Charset, the
/// request Content-Type; JSON when nothing decides).
pub(crate) fn response_type(request: &CapturedRequest) -> ResponseType {
    let accept = joined(&request.headers, header::ACCEPT.as_str());
    let content_type = joined(&request.headers, header::CONTENT_TYPE.as_str());
    let requested_with = joined(&request.headers, "x-requested-with");
    let accept_charset = joined(&request.headers, header::ACCEPT_CHARSET.as_str());
    negotiate(&NegotiationInput {
        accept: accept.as_deref(),
        content_type: content_type.as_deref(),
        x_requested_with: requested_with.as_deref(),
        accept_charset: accept_charset.as_deref(),
    })
}

/// Every line of a header joined with `, ` (how .NET presents repeated headers); lossy for
/// bytes that are not ASCII, which no media type contains.
fn joined(headers: &HeaderMap, name: &str) -> Option<String> {
    let values: Vec<String> = headers
        .get_all(name)
        .iter()
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
        .collect();
    (!values.is_empty()).then(|| values.join(", "))
}

/// A response carrying an `HttpError`, in the negotiated type.
pub(crate) fn error_response(
    status: StatusCode,
    error: &HttpError,
    response_type: ResponseType,
) -> MockResponse {
    let mut utf8 = Vec::new();
    error.encode(response_type.wire_format(), &mut utf8);
    MockResponse::with_body(
        status,
        &response_type.content_type(),
        encode_text(utf8, response_type.charset),
    )
}
