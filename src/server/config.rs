//! Server configuration: everything `favorite-contract serve` flags set, as one value.

use super::auth::AuthMode;
use super::diagnostics::DEFAULT_DIAGNOSTICS_LEVEL;
use super::journal::{DEFAULT_JOURNAL_BYTES, DEFAULT_JOURNAL_SIZE};
use super::scenario::Scenario;
use crate::codec::{JsonNet, Severity};
use crate::dataset::DEFAULT_MAX_DATASET_BYTES;
use crate::engine::Settings;
use crate::hosting::Host;
use std::path::PathBuf;
use std::time::Duration;

/// Largest request body accepted (1 MiB); larger gets 413. A real request is under 1 KiB;
/// IIS's own default (`maxAllowedContentLength`, 30 MB) answers 404.13 HTML instead.
pub const DEFAULT_MAX_BODY_BYTES: usize = 1024 * 1024;
/// How long a client may take to send the request line and headers, counted from when the
/// connection opens or its previous answer was sent; then the connection is closed (hyper's
/// `header_read_timeout`). So it is also the keep-alive idle timeout: a connection that sends
/// nothing for this long is closed, and idle sockets cannot pile up.
pub const DEFAULT_HEADER_READ_TIMEOUT: Duration = Duration::from_secs(5);
/// How long a client may take to send the whole request, body included, after its headers;
/// then 408. Injected latency does not count.
pub const DEFAULT_REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
/// Open connections at once. Beyond it the mock stops accepting until one closes: new
/// connections wait in the OS backlog rather than being refused. An open connection costs a
/// few KiB and no slot in [`DEFAULT_MAX_IN_FLIGHT`], so thousands of idle or trickling
/// sockets do not delay anyone else. Lowered at start to fit the process's open-file limit.
pub const DEFAULT_MAX_CONNECTIONS: usize = 10_000;
/// Requests with long work (a body over [`BODY_ALLOWANCE`], an admin resource) bound and
/// answered at once, on the blocking pool. Such a request takes a slot once its body has
/// arrived and gives it back when its answer is ready; injected latency waits without one.
/// Beyond it requests wait for a slot (their bodies already read). Other requests are answered
/// on the worker threads without a pause, so at most one per worker runs at a time; they take
/// no slot.
pub const DEFAULT_MAX_IN_FLIGHT: usize = 64;
/// Request bodies held in memory at once, bytes, beyond [`BODY_ALLOWANCE`] each. A body larger
/// than the allowance reserves its size from this budget while it arrives and until its
/// request is answered; when the budget is spent, further large bodies wait (within the
/// request timeout), so concurrent uploads cannot exhaust memory.
pub const DEFAULT_MAX_BUFFERED_BODY_BYTES: usize = 64 * 1024 * 1024;
/// What a body may hold without reserving from the buffered-body budget (and the unit it
/// reserves in). Real requests are far below it, so they never touch the budget.
pub const BODY_ALLOWANCE: usize = 64 * 1024;
/// How long a shutdown waits for in-flight requests before closing their connections.
pub const DEFAULT_DRAIN_TIMEOUT: Duration = Duration::from_secs(10);
/// How often `--watch` checks the dataset files.
pub const WATCH_INTERVAL: Duration = Duration::from_millis(500);

/// Resource limits, each with a CLI flag.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Largest request body, bytes (`--max-body-bytes`).
    pub max_body_bytes: usize,
    /// Request line and headers deadline (`--header-timeout-ms`).
    pub header_read_timeout: Duration,
    /// Whole-request deadline after the headers (`--request-timeout-ms`).
    pub request_timeout: Duration,
    /// Open connections (`--max-connections`).
    pub max_connections: usize,
    /// Requests bound and answered at once (`--max-in-flight`).
    pub max_in_flight: usize,
    /// Bytes of large request bodies held at once (`--max-buffered-body-bytes`).
    pub max_buffered_body_bytes: usize,
    /// Shutdown drain deadline (`--drain-timeout-ms`).
    pub drain_timeout: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
            header_read_timeout: DEFAULT_HEADER_READ_TIMEOUT,
            request_timeout: DEFAULT_REQUEST_TIMEOUT,
            max_connections: DEFAULT_MAX_CONNECTIONS,
            max_in_flight: DEFAULT_MAX_IN_FLIGHT,
            max_buffered_body_bytes: DEFAULT_MAX_BUFFERED_BODY_BYTES,
            drain_timeout: DEFAULT_DRAIN_TIMEOUT,
        }
    }
}

/// Where the dataset comes from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum DatasetSource {
    /// The embedded default dataset.
    #[default]
    Embedded,
    /// A file or a folder of JSON files (reloadable, watchable).
    Path(PathBuf),
}

impl std::fmt::Display for DatasetSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DatasetSource::Embedded => f.write_str("embedded default"),
            DatasetSource::Path(path) => write!(f, "{}", path.display()),
        }
    }
}

/// Everything that shapes the mock's behaviour.
#[derive(Clone, Debug)]
pub struct ServerConfig {
    /// A path prefix the application lives under (IIS application path), e.g. `/lcmanager`.
    pub base_path: Option<String>,
    /// Authentication mode.
    pub auth: AuthMode,
    /// Engine settings (time zone, date style, "now").
    pub settings: Settings,
    /// Json.NET generation whose reading quirks binding reproduces.
    pub json_net: JsonNet,
    /// The host the mock answers as: [`Host::Iis`] (the default) refuses a `POST`/`PUT`
    /// without a length with HTTP.sys's 411, as production does.
    pub host: Host,
    /// Global scenario controls (per-request headers win).
    pub scenario: Scenario,
    /// Resource limits.
    pub limits: Limits,
    /// Journal capacity, entries.
    pub journal_size: usize,
    /// Journal capacity, bytes (an estimate of each entry's memory).
    pub journal_bytes: usize,
    /// Dataset source.
    pub dataset: DatasetSource,
    /// Largest dataset file accepted, bytes (checked before reading).
    pub max_dataset_bytes: u64,
    /// Who may use the admin resources.
    pub admin: AdminAccess,
    /// Poll the dataset files every [`WATCH_INTERVAL`] and reload on change.
    pub watch: bool,
    /// No per-request log lines.
    pub quiet: bool,
    /// The least severity the `X-Mock-Diagnostics` header lists (`--diagnostics-level`;
    /// a request's `X-Mock-Diagnostics-Level` wins). The journal keeps every diagnostic.
    pub diagnostics_level: Severity,
}

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            base_path: None,
            auth: AuthMode::default(),
            settings: Settings::default(),
            json_net: JsonNet::default(),
            host: Host::default(),
            scenario: Scenario::default(),
            limits: Limits::default(),
            journal_size: DEFAULT_JOURNAL_SIZE,
            journal_bytes: DEFAULT_JOURNAL_BYTES,
            dataset: DatasetSource::default(),
            max_dataset_bytes: DEFAULT_MAX_DATASET_BYTES,
            admin: AdminAccess::default(),
            watch: false,
            quiet: false,
            diagnostics_level: DEFAULT_DIAGNOSTICS_LEVEL,
        }
    }
}

/// Who may use `/__mock/*` besides a local client: the admin resources answer only requests
/// whose `Host` is local (`localhost`, `127.0.0.1`, `[::1]`, any port) or listed here, and
/// share their answers with no other web origin unless it is listed here.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AdminAccess {
    /// More `Host` names the admin resources answer (`--allowed-host`), compared without the
    /// port and ignoring case.
    pub allowed_hosts: Vec<String>,
    /// Web origins allowed to read and call the admin resources from a page (`--admin-origin`),
    /// e.g. `http://localhost:3000`; compared exactly (ignoring case).
    pub origins: Vec<String>,
}
