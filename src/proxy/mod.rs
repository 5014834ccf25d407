//! The validation proxy (`favorite-contract proxy`): forwards live traffic to an upstream
//! unchanged and judges every exchange of the action with the judging core ([`crate::Judge`]),
//! the same rules `check` applies.
//!
//! - **Forwarding**: any method, path, header and body; the answer comes back as the upstream
//!   sent it (status, headers with their case, body bytes), hop-by-hop headers handled per RFC
//!   9110 section 7.6.1, keep-alive on both sides. Requests to other paths stream through
//!   unjudged and are counted.
//! - **Judging**: an exchange of the action is buffered (up to
//!   [`DEFAULT_MAX_JUDGED_BODY_BYTES`] each way), judged, and answered with an
//!   [`FINDINGS_HEADER`] naming its findings; a larger body streams through unjudged with a
//!   warning finding.
//! - **Findings** go to the header, the journal (`GET /__proxy/exchanges`), the reports (at
//!   shutdown and on `POST /__proxy/report`, in `check`'s formats) and the exit code.
//!
//! ```
//! use favorite_contract::{MockServer, ProxyConfig, ProxyServer, Target};
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let runtime = tokio::runtime::Runtime::new()?;
//! runtime.block_on(async {
//!     let mock = MockServer::builder().bind("127.0.0.1:0").start().await?;
//!     let config = ProxyConfig::new(Target::parse(&mock.url())?);
//!     let proxy = ProxyServer::start(config, "127.0.0.1:0").await?;
//!     // … send traffic to proxy.url() …
//!     let report = proxy.shutdown().await;
//!     assert_eq!(report.totals().violations, 0);
//!     mock.shutdown().await;
//!     Ok::<_, Box<dyn std::error::Error>>(())
//! })?;
//! # Ok(()) }
//! ```

mod accept;
mod admin;
mod answer;
mod body;
mod config;
mod exchange;
mod headers;
mod journal;
mod read;
mod record;
mod server;
mod upstream;

pub use config::{
    DEFAULT_GIVE_UP, DEFAULT_JUDGE_BUDGET_BYTES, DEFAULT_MAX_JUDGED_BODY_BYTES,
    DEFAULT_PROXY_CONNECTIONS, ProxyConfig, ProxyLimits, ReportWriter,
};
pub use headers::{FINDINGS_HEADER, VIA};
pub use journal::{
    BodyExcerpt, JOURNAL_EXCERPT_CHARS, JournalAnswer, JournalFinding, JournalRequest,
    JournalResponse, MAX_JOURNAL_FINDINGS, ProxyJournalEntry,
};
pub use record::{MAX_REPORT_FINDINGS_PER_RULE, MAX_REPORT_REQUEST_BYTES, ProxyCounts};
pub use server::{ProxyError, ProxyHandle, ProxyServer};

/// Where the proxy's own resources live: requests under it are answered by the proxy, never
/// forwarded.
pub const PROXY_ADMIN_PREFIX: &str = "/__proxy/";
