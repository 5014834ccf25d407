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
use http::{HeaderValue, StatusCode, header};

const PAGE: &str = include_str!("assets/index.html");
const SCRIPT: &str = include_str!("assets/console.js");
const STYLE: &str = include_str!("assets/console.css");
const ICON: &str = include_str!("assets/favicon.svg");

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
    let headers = &mut response.headers;
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    // A new build serves new assets: never cache them across restarts.
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}
