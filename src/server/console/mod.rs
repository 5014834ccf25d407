//! The console at `/__mock/`: one HTML page with its script and style sheet, embedded in the
//! binary (no CDN, no build step; it works offline), and the JSON documents it reads besides the
//! journal and health: the contract's documentation ([`contract_document`]), the dataset
//! ([`dataset_document`]) and a client's request bodies ([`samples_document`]).
//!
//! The page is plain HTML, CSS and JavaScript. It reads `mode` from `/__mock/health` (`mock`
//! here), so a validation proxy can serve the same page over its own journal, whose entries
//! carry checker findings in the same shape.
//!
//! The assets are served with a strict Content-Security-Policy (scripts and styles from the
//! mock only, no framing), like every admin resource only to a local `Host`.
//!
//! The validation proxy serves the same files under its own admin prefix ([`console_file`]),
//! plus `proxy.js`, which `console.js` loads only when health says `"mode": "proxy"`.

mod contract;
mod dataset;
mod samples;

pub(crate) use contract::contract_document;
pub use dataset::MAX_DATASET_PAGE;
pub(crate) use dataset::dataset_document;
pub(crate) use samples::samples_document;

use super::request::MockResponse;
use super::routing::Asset;
use bytes::Bytes;
use http::{HeaderName, HeaderValue, StatusCode, header};

const PAGE: &str = include_str!("assets/index.html");
const SCRIPT: &str = include_str!("assets/console.js");
const STYLE: &str = include_str!("assets/console.css");
const ICON: &str = include_str!("assets/favicon.svg");
const PROXY_SCRIPT: &str = include_str!("assets/proxy.js");

/// What the page may load and where it may connect: only the mock itself.
const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
                   connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/// The console page.
pub(crate) fn page() -> MockResponse {
    served("text/html; charset=utf-8", PAGE)
}

/// One of the page's assets.
pub(crate) fn asset(asset: Asset) -> MockResponse {
    match asset {
        Asset::Script => served("text/javascript; charset=utf-8", SCRIPT),
        Asset::Style => served("text/css; charset=utf-8", STYLE),
        Asset::Icon => served("image/svg+xml", ICON),
    }
}

fn served(content_type: &'static str, text: &'static str) -> MockResponse {
    let mut response = MockResponse::with_static_type(
        StatusCode::OK,
        content_type,
        Bytes::from_static(text.as_bytes()),
    );
    for (name, value) in console_headers() {
        response.headers.insert(name, value);
    }
    response
}

/// One of the console's files: its media type and text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct ConsoleFile {
    /// The `Content-Type` it is served with.
    pub(crate) content_type: &'static str,
    /// Its text.
    pub(crate) text: &'static str,
}

/// The console's file named `name` under an admin prefix (`""` and `index.html` are the page),
/// as a server other than the mock serves it: the validation proxy, which also serves the
/// script of its own mode.
pub(crate) fn console_file(name: &str) -> Option<ConsoleFile> {
    let (content_type, text) = match name {
        "" | "index.html" => ("text/html; charset=utf-8", PAGE),
        "console.js" => ("text/javascript; charset=utf-8", SCRIPT),
        "proxy.js" => ("text/javascript; charset=utf-8", PROXY_SCRIPT),
        "console.css" => ("text/css; charset=utf-8", STYLE),
        "favicon.svg" => ("image/svg+xml", ICON),
        _ => return None,
    };
    Some(ConsoleFile { content_type, text })
}

/// The headers every console file carries: the Content-Security-Policy (only the server
/// itself), no sniffing, no framing, no referrer, no caching across restarts.
pub(crate) fn console_headers() -> [(HeaderName, HeaderValue); 5] {
    [
        (
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CSP),
        ),
        (
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ),
        (header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")),
        (
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ),
        // A new build serves new assets: never cache them across restarts.
        (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
    ]
}
