//! Production's fixed answers, negotiated like the rest: 200 with a body or a business error,
//! the 401 with its challenge, the 500 of an unhandled exception, a forced status, and
//! HTTP.sys's own pages, which never reach the application.

use super::negotiation::{encoded_body, error_response};
use super::request::MockResponse;
use super::scenario::ForcedStatus;
use crate::codec::error_body::HttpError;
use crate::codec::{self, ResponseType};
use crate::contract::contract;
use crate::hosting;
use crate::model::Response;
use bytes::Bytes;
use http::{StatusCode, header};

/// One of HTTP.sys's own error pages ([`hosting`]): HTML, its `Server` header, the connection
/// closed. Not the application's answer, so nothing of it is decorated.
pub(super) fn http_sys_page(status: StatusCode, page: &'static str) -> MockResponse {
    let mut response = MockResponse::with_static_type(
        status,
        hosting::HTTP_SYS_CONTENT_TYPE,
        Bytes::from_static(page.as_bytes()),
    );
    response.set_header(header::SERVER, hosting::HTTP_SYS_SERVER);
    response.set_header(header::CONNECTION, "close");
    response
}

/// Production's answer for a forced status.
pub(super) fn forced(status: ForcedStatus, negotiated: ResponseType) -> MockResponse {
    match status {
        ForcedStatus::Unauthorized => unauthorized(negotiated),
        ForcedStatus::InternalServerError => internal_error(negotiated),
    }
}

/// HTTP 200 with a business error code and its contract message.
pub(super) fn business_error(code: i32, negotiated: ResponseType) -> MockResponse {
    let message = contract().business_message(code).unwrap_or_default();
    ok(&Response::business_error(code, message), negotiated)
}

pub(super) fn ok(answer: &Response, negotiated: ResponseType) -> MockResponse {
    ok_with(encoded(answer, negotiated), negotiated)
}

/// The body of `answer` as negotiated.
pub(super) fn encoded(answer: &Response, negotiated: ResponseType) -> Bytes {
    encoded_body(negotiated, |utf8| {
        codec::encode(answer, negotiated.wire_format(), utf8);
    })
}

/// HTTP 200 with a body [`encoded`] before.
pub(super) fn ok_with(body: Bytes, negotiated: ResponseType) -> MockResponse {
    MockResponse::with_static_type(StatusCode::OK, negotiated.content_type_static(), body)
}

/// The production 401: HttpError body plus `WWW-Authenticate: Bearer`.
pub(super) fn unauthorized(negotiated: ResponseType) -> MockResponse {
    let mut response = error_response(
        StatusCode::UNAUTHORIZED,
        &HttpError::unauthorized(),
        negotiated,
    );
    response.set_header(header::WWW_AUTHENTICATE, "Bearer");
    response
}

/// The production 500.
pub(super) fn internal_error(negotiated: ResponseType) -> MockResponse {
    error_response(
        StatusCode::INTERNAL_SERVER_ERROR,
        &HttpError::internal_error(),
        negotiated,
    )
}
