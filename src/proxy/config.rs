//! What shapes the proxy: the upstream and its trust, the judge's setup, credentials for the
//! upstream, what happens to findings, and every limit (named, with its default).

use crate::checker::Report;
use crate::client::{DEFAULT_TIMEOUT, Target, TlsTrust};
use crate::judge::JudgeSetup;
use crate::server::{
    AdminAccess, DEFAULT_DRAIN_TIMEOUT, DEFAULT_HEADER_READ_TIMEOUT, DEFAULT_JOURNAL_BYTES,
    DEFAULT_JOURNAL_SIZE,
};
use std::sync::Arc;
use std::time::Duration;

/// Largest body (request or response) buffered to judge an exchange, bytes: the mock's own
/// request limit. A real request or answer of this endpoint is a few KiB; a larger body
/// streams through unjudged, with a warning finding.
pub const DEFAULT_MAX_JUDGED_BODY_BYTES: usize = 1024 * 1024;

/// Bytes of bodies above [`crate::BODY_ALLOWANCE`] held for judging at once, over all
/// exchanges in flight. When it is spent, an exchange with a large body streams through
/// unjudged (with a warning finding) instead of waiting: nothing queues behind a budget.
pub const DEFAULT_JUDGE_BUDGET_BYTES: usize = 64 * 1024 * 1024;

/// Client connections open at once; more wait in the listen backlog. Each forwarded exchange
/// also holds an upstream connection, so this stays well below a common open-file limit of
/// 1,024.
pub const DEFAULT_PROXY_CONNECTIONS: usize = 400;

/// How long the proxy waits for the upstream's complete answer before it answers 504 itself
/// (`--give-up`). Slowness past `--timeout` is a finding already; this only bounds the wait.
pub const DEFAULT_GIVE_UP: Duration = Duration::from_secs(60);

/// Writes the reports the proxy was asked for (the command line's `--report` files); called at
/// `POST /__proxy/report` and at shutdown. Returns a one-line error when a report cannot be
/// written.
#[derive(Clone)]
pub struct ReportWriter(Arc<WriteFn>);

type WriteFn = dyn Fn(&Report) -> Result<(), String> + Send + Sync;

impl ReportWriter {
    /// A writer calling `write`.
    pub fn new(write: impl Fn(&Report) -> Result<(), String> + Send + Sync + 'static) -> Self {
        ReportWriter(Arc::new(write))
    }

    /// Write `report`.
    pub(crate) fn write(&self, report: &Report) -> Result<(), String> {
        (self.0)(report)
    }
}

impl std::fmt::Debug for ReportWriter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ReportWriter")
    }
}

/// Resource limits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ProxyLimits {
    /// Largest body buffered for judging, each way ([`DEFAULT_MAX_JUDGED_BODY_BYTES`]).
    pub max_judged_body_bytes: usize,
    /// Bytes of large bodies held for judging at once ([`DEFAULT_JUDGE_BUDGET_BYTES`]).
    pub judge_budget_bytes: usize,
    /// Client connections open at once ([`DEFAULT_PROXY_CONNECTIONS`]).
    pub max_connections: usize,
    /// Deadline for a request line and headers, also the keep-alive idle timeout
    /// ([`crate::DEFAULT_HEADER_READ_TIMEOUT`]).
    pub header_read_timeout: Duration,
    /// How long a shutdown waits for exchanges in flight ([`crate::DEFAULT_DRAIN_TIMEOUT`]).
    pub drain_timeout: Duration,
    /// How long to wait for the upstream's whole answer before answering 504
    /// ([`DEFAULT_GIVE_UP`]).
    pub give_up: Duration,
}

impl Default for ProxyLimits {
    fn default() -> Self {
        ProxyLimits {
            max_judged_body_bytes: DEFAULT_MAX_JUDGED_BODY_BYTES,
            judge_budget_bytes: DEFAULT_JUDGE_BUDGET_BYTES,
            max_connections: DEFAULT_PROXY_CONNECTIONS,
            header_read_timeout: DEFAULT_HEADER_READ_TIMEOUT,
            drain_timeout: DEFAULT_DRAIN_TIMEOUT,
            give_up: DEFAULT_GIVE_UP,
        }
    }
}

/// Everything the proxy needs. Start from [`ProxyConfig::new`] and change fields.
#[derive(Clone, Debug)]
pub struct ProxyConfig {
    /// Where requests go: scheme, host, port and base path (prepended to every path).
    pub upstream: Target,
    /// Certificate authorities trusted for an `https://` upstream (`--ca-cert`).
    pub trust: TlsTrust,
    /// The judge's setup: profile, dataset and oracle mode, auth policy, the base path of the
    /// action in the proxy's own URLs, and `time_limit` (`--timeout`: a slower answer is a
    /// `hostile.timeout` finding).
    pub judge: JudgeSetup,
    /// Headers added to a forwarded request that carries none of that name (`--bearer`,
    /// `--header`): only for requests from a local page or a non-browser client, never for a
    /// page of another origin.
    pub credentials: Vec<(String, String)>,
    /// Add [`crate::FINDINGS_HEADER`] to answers with findings (`--no-findings-header` turns it
    /// off).
    pub findings_header: bool,
    /// Answer 502 with the findings instead of an upstream answer that has a violation.
    pub fail_on_violation: bool,
    /// Limits.
    pub limits: ProxyLimits,
    /// Journal capacity, entries.
    pub journal_size: usize,
    /// Journal capacity, bytes (an estimate of each entry's memory).
    pub journal_bytes: usize,
    /// Host names the proxy answers besides local ones (`--allowed-host`) and origins whose
    /// pages get the credentials (`--allowed-origin`).
    pub access: AdminAccess,
    /// Writes the configured reports (the command line's `--report`).
    pub report_writer: Option<ReportWriter>,
    /// No log line per judged exchange.
    pub quiet: bool,
}

impl ProxyConfig {
    /// A proxy to `upstream` with the default judge (default profile, auth required, no
    /// dataset), a [`DEFAULT_TIMEOUT`] deadline, the findings header on, and default limits.
    pub fn new(upstream: Target) -> ProxyConfig {
        ProxyConfig {
            upstream,
            trust: TlsTrust::public(),
            judge: JudgeSetup {
                time_limit: Some(DEFAULT_TIMEOUT),
                ..JudgeSetup::default()
            },
            credentials: Vec::new(),
            findings_header: true,
            fail_on_violation: false,
            limits: ProxyLimits::default(),
            journal_size: DEFAULT_JOURNAL_SIZE,
            journal_bytes: DEFAULT_JOURNAL_BYTES,
            access: AdminAccess::default(),
            report_writer: None,
            quiet: true,
        }
    }
}
