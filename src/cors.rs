//! Production's CORS middleware as pure functions: `app.UseCors(CorsOptions.AllowAll)`
//! (contracts/reference/production.md#cors), i.e. Microsoft.Owin.Cors' `CorsMiddleware` with a
//! policy of any origin, any method, any header and `SupportsCredentials = true`, evaluated by
//! System.Web.Cors' `CorsEngine`. The mock answers preflights from these functions and the
//! judging core predicts and checks them with the same ones, so the two cannot disagree.
//!
//! - Only a request with a non-empty `Origin` is a CORS request; others pass untouched.
//! - A preflight is `OPTIONS` + `Origin` + an `Access-Control-Request-Method` header. The
//!   middleware answers it before routing or auth, for every path: **200** with an empty body,
//!   or **400** when the requested method is empty.
//! - `Access-Control-Allow-Methods` echoes the requested method unless it is a simple method
//!   (GET, HEAD and POST are filtered out, so a POST preflight carries none);
//!   `Access-Control-Allow-Headers` echoes the requested headers minus the simple ones,
//!   de-duplicated case-insensitively and joined with `,`.

/// Methods `CorsResult` filters out of `Access-Control-Allow-Methods` (the Fetch standard's
/// CORS-safelisted methods, which a preflight never needs to list).
pub(crate) const SIMPLE_METHODS: [&str; 3] = ["GET", "HEAD", "POST"];

/// Request headers `CorsResult` filters out of `Access-Control-Allow-Headers`.
pub(crate) const SIMPLE_REQUEST_HEADERS: [&str; 4] =
    ["Origin", "Accept", "Accept-Language", "Content-Language"];

/// How a request takes part in CORS, as the middleware reads it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum CorsRequest<'a> {
    /// No (or an empty) `Origin`.
    None,
    /// A CORS request that goes on through the pipeline; its response gets the origin echo.
    Simple {
        /// The `Origin` value's bytes.
        origin: &'a [u8],
    },
    /// A preflight, answered by the middleware.
    Preflight {
        /// The `Origin` value's bytes.
        origin: &'a [u8],
        /// `Access-Control-Request-Method`, trimmed.
        method: String,
        /// `Access-Control-Request-Headers`, split, trimmed, de-duplicated.
        headers: Vec<String>,
    },
}

/// Classify a request from its method, its first `Origin`, its first
/// `Access-Control-Request-Method` and every `Access-Control-Request-Headers` value.
pub(crate) fn classify<'a, 'h>(
    method: &str,
    origin: Option<&'a [u8]>,
    request_method: Option<&[u8]>,
    request_headers: impl IntoIterator<Item = &'h [u8]>,
) -> CorsRequest<'a> {
    let Some(origin) = origin.filter(|o| !o.is_empty()) else {
        return CorsRequest::None;
    };
    match request_method {
        Some(requested) if method == "OPTIONS" => CorsRequest::Preflight {
            origin,
            method: String::from_utf8_lossy(requested).trim().to_owned(),
            headers: split_headers(request_headers),
        },
        _ => CorsRequest::Simple { origin },
    }
}

/// The names of `Access-Control-Request-Headers` values: split at commas, trimmed, the first
/// spelling of each kept (a case-insensitive set in `CorsRequestContext`).
fn split_headers<'h>(values: impl IntoIterator<Item = &'h [u8]>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for value in values {
        let text = String::from_utf8_lossy(value);
        for name in text.split(',').map(str::trim).filter(|n| !n.is_empty()) {
            if !out.iter().any(|seen| seen.eq_ignore_ascii_case(name)) {
                out.push(name.to_owned());
            }
        }
    }
    out
}

/// What the middleware answers a preflight (the origin echo and the credentials flag aside,
/// which every answer to a CORS request carries).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct PreflightAnswer {
    /// 200, or 400 when the requested method is empty.
    pub(crate) status: u16,
    /// `Access-Control-Allow-Methods`, absent for a simple method.
    pub(crate) allow_methods: Option<String>,
    /// `Access-Control-Allow-Headers`, absent when only simple headers were requested.
    pub(crate) allow_headers: Option<String>,
}

/// The answer to a preflight for `method` with `headers` requested.
pub(crate) fn preflight_answer(method: &str, headers: &[String]) -> PreflightAnswer {
    if method.is_empty() {
        return PreflightAnswer {
            status: 400,
            allow_methods: None,
            allow_headers: None,
        };
    }
    let allowed: Vec<&str> = headers
        .iter()
        .map(String::as_str)
        .filter(|h| !is_simple_header(h))
        .collect();
    PreflightAnswer {
        status: 200,
        allow_methods: (!is_simple_method(method)).then(|| method.to_owned()),
        allow_headers: (!allowed.is_empty()).then(|| allowed.join(",")),
    }
}

/// Whether a method never needs listing in `Access-Control-Allow-Methods`.
pub(crate) fn is_simple_method(method: &str) -> bool {
    SIMPLE_METHODS
        .iter()
        .any(|m| m.eq_ignore_ascii_case(method))
}

/// Whether a request header never needs listing in `Access-Control-Allow-Headers`.
pub(crate) fn is_simple_header(name: &str) -> bool {
    SIMPLE_REQUEST_HEADERS
        .iter()
        .any(|s| s.eq_ignore_ascii_case(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_preflight_needs_options_a_non_empty_origin_and_a_requested_method() {
        let none: [&[u8]; 0] = [];
        assert_eq!(classify("POST", None, None, none), CorsRequest::None);
        assert_eq!(classify("POST", Some(b""), None, none), CorsRequest::None);
        assert_eq!(
            classify("OPTIONS", Some(b"https://a.example"), None, none),
            CorsRequest::Simple {
                origin: b"https://a.example"
            }
        );
        assert_eq!(
            classify(
                "OPTIONS",
                Some(b"https://a.example"),
                Some(b" PUT "),
                [&b"X-A, x-a"[..], b"Accept"]
            ),
            CorsRequest::Preflight {
                origin: b"https://a.example",
                method: "PUT".to_owned(),
                headers: vec!["X-A".to_owned(), "Accept".to_owned()],
            }
        );
    }

    #[test]
    fn simple_methods_and_headers_are_filtered_out_of_the_answer() {
        let answer = preflight_answer("POST", &["Accept".to_owned()]);
        assert_eq!(
            answer,
            PreflightAnswer {
                status: 200,
                allow_methods: None,
                allow_headers: None
            }
        );
        let answer = preflight_answer("PUT", &["Content-Type".to_owned(), "X-B".to_owned()]);
        assert_eq!(answer.allow_methods.as_deref(), Some("PUT"));
        assert_eq!(answer.allow_headers.as_deref(), Some("Content-Type,X-B"));
        assert_eq!(preflight_answer("", &[]).status, 400);
    }
}
