//! CORS as production runs it: `app.UseCors(CorsOptions.AllowAll)` (contracts/reference/production.md#cors), i.e. Microsoft.Owin.Cors' `CorsMiddleware` with a policy of any
//! origin, any method, any header and `SupportsCredentials = true`, evaluated by
//! System.Web.Cors' `CorsEngine`. What that means on the wire:
//!
//! - Which requests are CORS requests and preflights, and what a preflight is answered, are
//!   decided by [`crate::cors`] (shared with the judging core). A preflight never reaches
//!   routing or auth (the middleware runs first, for every path).
//! - Because credentials are supported, `Access-Control-Allow-Origin` echoes the origin (never
//!   `*`) and `Access-Control-Allow-Credentials: true` is sent.
//! - No `Access-Control-Max-Age` (the policy has none).
//! - Every other response to a CORS request gets the origin echo and the credentials flag,
//!   whatever its status. Production exposes no headers; the mock adds
//!   `Access-Control-Expose-Headers: X-Mock-Diagnostics` to every such response, whether it
//!   carries the header or not, so browser code can always ask for it (an XHR asking for a header
//!   that is not exposed logs "Refused to get unsafe header").

use super::request::{CapturedRequest, MockResponse};
use crate::cors::{CorsRequest, preflight_answer};
use http::{HeaderValue, StatusCode, header};

/// How a request takes part in CORS.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Cors {
    /// No (or an empty) `Origin`.
    None,
    /// A CORS request that goes on through the pipeline; its response gets the origin echo.
    Simple {
        /// The Origin value, echoed verbatim.
        origin: HeaderValue,
    },
    /// A preflight, answered here.
    Preflight {
        /// The Origin value.
        origin: HeaderValue,
        /// `Access-Control-Request-Method` as sent.
        method: String,
        /// `Access-Control-Request-Headers`, split, trimmed, de-duplicated.
        headers: Vec<String>,
    },
}

/// Classify a request ([`crate::cors::classify`], which the judging core predicts with).
pub(crate) fn classify(request: &CapturedRequest) -> Cors {
    let origin = request.headers.get(header::ORIGIN);
    let class = crate::cors::classify(
        request.method.as_str(),
        origin.map(HeaderValue::as_bytes),
        request
            .headers
            .get(header::ACCESS_CONTROL_REQUEST_METHOD)
            .map(HeaderValue::as_bytes),
        request
            .headers
            .get_all(header::ACCESS_CONTROL_REQUEST_HEADERS)
            .iter()
            .map(HeaderValue::as_bytes),
    );
    match (class, origin) {
        (CorsRequest::None, _) | (_, None) => Cors::None,
        (CorsRequest::Simple { .. }, Some(origin)) => Cors::Simple {
            origin: origin.clone(),
        },
        (
            CorsRequest::Preflight {
                method, headers, ..
            },
            Some(origin),
        ) => Cors::Preflight {
            origin: origin.clone(),
            method,
            headers,
        },
    }
}

/// The answer to a preflight: 200 with the allow headers, or 400 for an empty method
/// ([`crate::cors::preflight_answer`]).
pub(crate) fn preflight(origin: &HeaderValue, method: &str, headers: &[String]) -> MockResponse {
    let answer = preflight_answer(method, headers);
    if answer.status != 200 {
        return MockResponse::empty(StatusCode::BAD_REQUEST);
    }
    let mut response = MockResponse::empty(StatusCode::OK);
    allow_origin(&mut response, origin);
    if let Some(methods) = &answer.allow_methods {
        response.set_header(header::ACCESS_CONTROL_ALLOW_METHODS, methods);
    }
    if let Some(allowed) = &answer.allow_headers {
        response.set_header(header::ACCESS_CONTROL_ALLOW_HEADERS, allowed);
    }
    response
}

/// Add the origin echo and the credentials flag every response to a CORS request carries.
pub(crate) fn allow_origin(response: &mut MockResponse, origin: &HeaderValue) {
    response
        .headers
        .insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin.clone());
    response.headers.insert(
        header::ACCESS_CONTROL_ALLOW_CREDENTIALS,
        HeaderValue::from_static("true"),
    );
}

/// Expose a mock-only header to browser code.
pub(crate) fn expose(response: &mut MockResponse, name: &'static str) {
    response.headers.insert(
        header::ACCESS_CONTROL_EXPOSE_HEADERS,
        HeaderValue::from_static(name),
    );
}
