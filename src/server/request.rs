//! The owned request and response the pure handler works on. Only `accept.rs` converts from and
//! to hyper; everything else sees these plain values (style lesson 3).

use bytes::Bytes;
use http::{HeaderMap, HeaderValue, Method, StatusCode, header};

/// A request buffered once at the edge: everything the handler may look at.
#[derive(Clone, Debug)]
pub struct CapturedRequest {
    /// The HTTP method.
    pub method: Method,
    /// The path as sent (percent-encoding untouched), starting with `/`.
    pub path: String,
    /// The query string without the `?`, if any.
    pub query: Option<String>,
    /// The request headers.
    pub headers: HeaderMap,
    /// The whole body.
    pub body: Bytes,
}

impl CapturedRequest {
    /// A request with no headers and no body (a starting point for tests and tools).
    pub fn new(method: Method, path_and_query: &str) -> CapturedRequest {
        let (path, query) = match path_and_query.split_once('?') {
            Some((path, query)) => (path.to_owned(), Some(query.to_owned())),
            None => (path_and_query.to_owned(), None),
        };
        CapturedRequest {
            method,
            path,
            query,
            headers: HeaderMap::new(),
            body: Bytes::new(),
        }
    }

    /// Add a header (builder style). Invalid names or values are skipped, as no client could
    /// have sent them.
    pub fn with_header(mut self, name: &str, value: &str) -> CapturedRequest {
        if let (Ok(name), Ok(value)) = (
            header::HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(value),
        ) {
            self.headers.append(name, value);
        }
        self
    }

    /// Set the body (builder style).
    pub fn with_body(mut self, body: impl Into<Bytes>) -> CapturedRequest {
        self.body = body.into();
        self
    }

    /// The first value of a header as text; `None` when absent or not visible ASCII.
    pub fn header(&self, name: impl header::AsHeaderName) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The request URI as .NET's `Request.RequestUri` prints it in error messages:
    /// `http://{Host}{path}[?query]` (`localhost` when no Host was sent).
    pub fn display_uri(&self) -> String {
        let host = self.header(header::HOST).unwrap_or("localhost");
        let mut uri = format!("http://{host}{}", self.path);
        if let Some(query) = &self.query {
            uri.push('?');
            uri.push_str(query);
        }
        uri
    }
}

/// What the handler answers: status, headers and the encoded body.
#[derive(Clone, Debug, PartialEq)]
pub struct MockResponse {
    /// The status code.
    pub status: StatusCode,
    /// Response headers (Content-Length and Date are added by the connection layer).
    pub headers: HeaderMap,
    /// The body bytes, already in the negotiated charset.
    pub body: Bytes,
}

impl MockResponse {
    /// A response with no headers and an empty body.
    pub fn empty(status: StatusCode) -> MockResponse {
        MockResponse {
            status,
            headers: HeaderMap::new(),
            body: Bytes::new(),
        }
    }

    /// A response with a body and its Content-Type.
    pub fn with_body(status: StatusCode, content_type: &str, body: Vec<u8>) -> MockResponse {
        let mut response = MockResponse::empty(status);
        response.set_header(header::CONTENT_TYPE, content_type);
        response.body = Bytes::from(body);
        response
    }

    /// Set a header from text; text that is not a valid header value is dropped, since every
    /// value the mock writes is ASCII it built itself.
    pub(crate) fn set_header(&mut self, name: header::HeaderName, value: &str) {
        if let Ok(value) = HeaderValue::from_str(value) {
            self.headers.insert(name, value);
        }
    }

    /// The Content-Type header as text.
    pub fn content_type(&self) -> Option<&str> {
        self.headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
    }
}
