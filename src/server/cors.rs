//! CORS as production runs it: `app.UseCors(CorsOptions.AllowAll)` (contracts/reference/production.md#cors), i.e. Microsoft.Owin.Cors' `CorsMiddleware` with a policy of any
//! origin, any method, any header and `SupportsCredentials = true`, evaluated by
//! System.Web.Cors' `CorsEngine`. What that means on the wire:
//!
//! - Only a request with a non-empty `Origin` is a CORS request; others pass untouched.
//! - Preflight = `OPTIONS` + `Origin` + an `Access-Control-Request-Method` header. It never
//!   reaches routing or auth (the middleware runs first, for every path): **200** with an empty
//!   body, or **400** when the requested method is empty.
//! - Because credentials are supported, `Access-Control-Allow-Origin` echoes the origin (never
//!   `*`) and `Access-Control-Allow-Credentials: true` is sent.
//! - `Access-Control-Allow-Methods` echoes the requested method unless it is a simple method
//!   (GET, HEAD, POST are filtered out, so a POST preflight carries none);
//!   `Access-Control-Allow-Headers` echoes the requested headers minus the simple ones (Origin,
//!   Accept, Accept-Language, Content-Language), de-duplicated case-insensitively and joined
//!   with `,`. No `Access-Control-Max-Age` (the policy has none).
//! - Every other response to a CORS request gets the origin echo and the credentials flag,
//!   whatever its status. Production exposes no headers; the mock adds
//!   `Access-Control-Expose-Headers: X-Mock-Diagnostics` to every such response, whether it
//!   carries the header or not, so browser code can always ask for it (an XHR asking for a header
//!   that is not exposed logs "Refused to get unsafe header").

use super::request::{CapturedRequest, MockResponse};
use http::{HeaderValue, Method, StatusCode, header};

/// Methods `CorsResult` filters out of `Access-Control-Allow-Methods`.
const SIMPLE_METHODS: [&str; 3] = ["GET", "HEAD", "POST"];
/// Request headers `CorsResult` filters out of `Access-Control-Allow-Headers`.
const SIMPLE_REQUEST_HEADERS: [&str; 4] =
    ["Origin", "Accept", "Accept-Language", "Content-Language"];

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

/// Classify a request.
pub(crate) fn classify(request: &CapturedRequest) -> Cors {
    let Some(origin) = request
        .headers
        .get(header::ORIGIN)
        .filter(|v| !v.is_empty())
        .cloned()
    else {
        return Cors::None;
    };
    let requested = request.headers.get(header::ACCESS_CONTROL_REQUEST_METHOD);
    match requested {
        Some(method) if request.method == Method::OPTIONS => Cors::Preflight {
            origin,
            method: String::from_utf8_lossy(method.as_bytes()).trim().to_owned(),
            headers: requested_headers(request),
        },
        _ => Cors::Simple { origin },
    }
}

fn requested_headers(request: &CapturedRequest) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for value in request
        .headers
        .get_all(header::ACCESS_CONTROL_REQUEST_HEADERS)
    {
        let text = String::from_utf8_lossy(value.as_bytes());
        for name in text.split(',').map(str::trim).filter(|n| !n.is_empty()) {
            // A case-insensitive HashSet in CorsRequestContext: the first spelling stays.
            if !out.iter().any(|seen| seen.eq_ignore_ascii_case(name)) {
                out.push(name.to_owned());
            }
        }
    }
    out
}

/// The answer to a preflight: 200 with the allow headers, or 400 for an empty method.
pub(crate) fn preflight(origin: &HeaderValue, method: &str, headers: &[String]) -> MockResponse {
    if method.is_empty() {
        return MockResponse::empty(StatusCode::BAD_REQUEST);
    }
    let mut response = MockResponse::empty(StatusCode::OK);
    allow_origin(&mut response, origin);
    if !SIMPLE_METHODS
        .iter()
        .any(|m| m.eq_ignore_ascii_case(method))
    {
        response.set_header(header::ACCESS_CONTROL_ALLOW_METHODS, method);
    }
    let allowed: Vec<&str> = headers
        .iter()
        .map(String::as_str)
        .filter(|h| {
            !SIMPLE_REQUEST_HEADERS
                .iter()
                .any(|s| s.eq_ignore_ascii_case(h))
        })
        .collect();
    if !allowed.is_empty() {
        response.set_header(header::ACCESS_CONTROL_ALLOW_HEADERS, &allowed.join(","));
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
