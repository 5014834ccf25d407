//! Server configuration: everything `favorite-contract serve` flags set, as one value.

use super::auth::AuthMode;
use super::journal::DEFAULT_JOURNAL_SIZE;
use super::scenario::Scenario;
use crate::codec::JsonNet;
use crate::engine::Settings;
use crate::hosting::Host;
use std::path::PathBuf;
use std::time::Duration;

/// Largest request body accepted (1 MiB); larger gets 413. A real request is under 1 KiB;
/// IIS's own default (`maxAllowedContentLength`, 30 MB) answers 404.13 HTML instead.
pub const DEFAULT_MAX_BODY_BYTES: usize = 1024 * 1024;
/// How long a client may take to send the request line and headers; then the connection is
/// closed (hyper's `header_read_timeout`).
pub const DEFAULT_HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a client may take to send the whole request, body included, after its headers;
/// then 408. Injected latency does not count.
pub const DEFAULT_REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
/// Connections served at once. Beyond it the mock stops accepting until one closes: new
/// connections wait in the OS backlog rather than being refused.
pub const DEFAULT_MAX_CONNECTIONS: usize = 256;
/// How long a shutdown waits for in-flight requests before closing their connections.
pub const DEFAULT_DRAIN_TIMEOUT: Duration = Duration::from_secs(10);
/// How often `--watch` checks the dataset files' modification times.
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
    /// Concurrent connections (`--max-connections`).
    pub max_connections: usize,
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
    /// Journal capacity.
    pub journal_size: usize,
    /// Dataset source.
    pub dataset: DatasetSource,
    /// Poll the dataset files every [`WATCH_INTERVAL`] and reload on change.
    pub watch: bool,
    /// No per-request log lines.
    pub quiet: bool,
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
            dataset: DatasetSource::default(),
            watch: false,
            quiet: false,
        }
    }
}
