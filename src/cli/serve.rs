//! `favorite-contract serve`: flags → [`ServerConfig`] → [`run_until_signal`]. Nothing else.

use super::output::outln;
use super::{CliError, parse_int, parse_local_datetime};
use crate::codec::{JsonNet, Severity};
use crate::dataset::DEFAULT_MAX_DATASET_BYTES;
use crate::engine::{DateStyle, Settings};
use crate::server::jwt::mint_hs256;
use crate::server::scenario::{
    parse_drop, parse_error_code, parse_fault, parse_latency, parse_status,
};
use crate::server::{
    ADMIN_PREFIX, AdminAccess, AuthMode, DEFAULT_DRAIN_TIMEOUT, DEFAULT_HEADER_READ_TIMEOUT,
    DEFAULT_JOURNAL_BYTES, DEFAULT_JOURNAL_SIZE, DEFAULT_MAX_BODY_BYTES,
    DEFAULT_MAX_BUFFERED_BODY_BYTES, DEFAULT_MAX_CONNECTIONS, DEFAULT_MAX_IN_FLIGHT,
    DEFAULT_REQUEST_TIMEOUT, DatasetSource, Fault, ForcedStatus, Latency, Limits, MockServer,
    Scenario, ServerConfig, ServerHandle, run_until_signal,
};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

/// Flags.
#[derive(Debug, clap::Args)]
pub(crate) struct ServeArgs {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    bind: String,
    /// Port (0 = any free port).
    #[arg(long, default_value_t = 8080, value_parser = |v: &str| parse_int::<u16>(v, "a port"))]
    port: u16,
    /// Dataset file or folder (default: the embedded dataset).
    #[arg(long)]
    dataset: Option<PathBuf>,
    /// Application base path, e.g. /lcmanager.
    #[arg(long)]
    base_path: Option<String>,
    /// Authentication mode.
    #[arg(long, value_enum, default_value = "bearer")]
    auth: AuthArg,
    /// HS256 secret for --auth jwt.
    #[arg(long, required_if_eq("auth", "jwt"))]
    jwt_secret: Option<String>,
    /// Server time zone: a UTC offset (+03:00) or an IANA name with its history
    /// (Europe/Moscow); default: the dataset's.
    #[arg(long, value_parser = super::parse_zone)]
    time_zone: Option<crate::model::Zone>,
    /// How response dates are written.
    #[arg(long, value_enum, default_value = "unspecified")]
    date_kind: DateKindArg,
    /// "Now" for the engine, a local date-time such as 2026-05-07T12:00:00 (default: the
    /// dataset's).
    #[arg(long, value_parser = parse_local_datetime)]
    as_of: Option<chrono::NaiveDateTime>,
    /// Json.NET generation whose reading quirks binding reproduces.
    #[arg(long, value_enum, default_value = "v13")]
    json_net: super::JsonNetArg,
    /// The host to answer as: `iis` refuses a POST/PUT with neither Content-Length nor chunked
    /// encoding with HTTP.sys's 411, as production does; `self-host` lets it reach Web API.
    #[arg(long, value_enum, default_value = "iis")]
    host: HostArg,
    /// Latency for every request: MS or MIN-MAX.
    #[arg(long, value_parser = |v: &str| parse_latency(v, "--latency").map(Setting))]
    latency: Option<Setting<Latency>>,
    /// Answer every request with 401 or 500.
    #[arg(long, value_parser = |v: &str| parse_status(v, "--force-status").map(Setting))]
    force_status: Option<Setting<ForcedStatus>>,
    /// Answer every request with this business error code.
    #[arg(long, value_parser = |v: &str| parse_error_code(v, "--force-error-code").map(Setting))]
    force_error_code: Option<Setting<i32>>,
    /// Close every connection without answering.
    #[arg(long, value_parser = |v: &str| parse_drop(v, "--drop"), num_args = 0..=1, default_missing_value = "1")]
    drop: Option<bool>,
    /// Deliver every answer broken: garbage, reset or dribble.
    #[arg(long, value_parser = |v: &str| parse_fault(v, "--fault").map(Setting))]
    fault: Option<Setting<Fault>>,
    /// The least severity the X-Mock-Diagnostics header lists (the journal keeps all).
    #[arg(long, value_enum, default_value = "warning")]
    diagnostics_level: LevelArg,
    /// Reload the dataset when its files change (needs --dataset).
    #[arg(long, requires = "dataset")]
    watch: bool,
    /// Largest request body, bytes.
    #[arg(long, default_value_t = DEFAULT_MAX_BODY_BYTES)]
    max_body_bytes: usize,
    /// Deadline for the request line and headers, ms.
    #[arg(long, default_value_t = millis(DEFAULT_HEADER_READ_TIMEOUT))]
    header_timeout_ms: u64,
    /// Deadline for the whole request after its headers, ms.
    #[arg(long, default_value_t = millis(DEFAULT_REQUEST_TIMEOUT))]
    request_timeout_ms: u64,
    /// Open connections at once (more wait in the backlog).
    #[arg(long, default_value_t = DEFAULT_MAX_CONNECTIONS)]
    max_connections: usize,
    /// Requests with a large body or for an admin resource answered at once (more wait).
    #[arg(long, default_value_t = DEFAULT_MAX_IN_FLIGHT)]
    max_in_flight: usize,
    /// Bytes of large request bodies held in memory at once.
    #[arg(long, default_value_t = DEFAULT_MAX_BUFFERED_BODY_BYTES)]
    max_buffered_body_bytes: usize,
    /// How long shutdown waits for in-flight requests, ms.
    #[arg(long, default_value_t = millis(DEFAULT_DRAIN_TIMEOUT))]
    drain_timeout_ms: u64,
    /// Requests kept for GET /__mock/requests.
    #[arg(long, default_value_t = DEFAULT_JOURNAL_SIZE)]
    journal_size: usize,
    /// Bytes of entries the journal lists (oldest go first); each core's shard keeps up to this.
    #[arg(long, default_value_t = DEFAULT_JOURNAL_BYTES)]
    journal_bytes: usize,
    /// Largest dataset accepted, bytes (all its files; checked before reading).
    #[arg(long, default_value_t = DEFAULT_MAX_DATASET_BYTES)]
    max_dataset_bytes: u64,
    /// Another Host name the admin resources answer (besides localhost, 127.0.0.1, [::1]).
    #[arg(long = "allowed-host", value_name = "HOST")]
    allowed_hosts: Vec<String>,
    /// A web origin allowed to read and call the admin resources, e.g. http://localhost:3000.
    #[arg(long = "admin-origin", value_name = "ORIGIN")]
    admin_origins: Vec<String>,
    /// No per-request log lines.
    #[arg(long)]
    quiet: bool,
}

/// A parsed scenario flag whose "none" value (`0`, `200`) switches it off.
#[derive(Debug, Clone, Copy)]
struct Setting<T>(Option<T>);

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum AuthArg {
    Bearer,
    Off,
    Jwt,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum HostArg {
    Iis,
    SelfHost,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum LevelArg {
    Info,
    Warning,
    Error,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum DateKindArg {
    Unspecified,
    Local,
}

fn millis(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

pub(crate) fn run(args: ServeArgs) -> Result<ExitCode, CliError> {
    if args.jwt_secret.is_some() && args.auth != AuthArg::Jwt {
        return Err("--jwt-secret is used only with --auth jwt: add --auth jwt or drop it".into());
    }
    crate::server::tune_allocator();
    // Logs go to stderr in batches; a second subscriber (tests, embedding) is not an error.
    let _log = super::log::init();
    let addr = if args.bind.contains(':') && !args.bind.starts_with('[') {
        format!("[{}]:{}", args.bind, args.port)
    } else {
        format!("{}:{}", args.bind, args.port)
    };
    let secret = args.jwt_secret.clone();
    let config = config(args);
    let auth = config.auth.clone();
    run_until_signal(MockServer::builder().config(config).bind(addr), |handle| {
        print_banner(handle, &auth, secret.as_deref());
    })?;
    Ok(ExitCode::SUCCESS)
}

fn config(args: ServeArgs) -> ServerConfig {
    ServerConfig {
        base_path: args.base_path,
        auth: match args.auth {
            AuthArg::Bearer => AuthMode::Bearer,
            AuthArg::Off => AuthMode::Off,
            AuthArg::Jwt => AuthMode::Jwt {
                secret: args.jwt_secret.unwrap_or_default().into_bytes(),
            },
        },
        settings: Settings {
            time_zone: args.time_zone,
            date_style: match args.date_kind {
                DateKindArg::Unspecified => DateStyle::Unspecified,
                DateKindArg::Local => DateStyle::Local,
            },
            as_of: args.as_of,
        },
        json_net: JsonNet::from(args.json_net),
        host: match args.host {
            HostArg::Iis => crate::hosting::Host::Iis,
            HostArg::SelfHost => crate::hosting::Host::SelfHost,
        },
        scenario: Scenario {
            latency: args.latency.and_then(|s| s.0),
            status: args.force_status.and_then(|s| s.0),
            error_code: args.force_error_code.and_then(|s| s.0),
            drop: args.drop.unwrap_or(false),
            fault: args.fault.and_then(|s| s.0),
        },
        limits: Limits {
            max_body_bytes: args.max_body_bytes,
            header_read_timeout: Duration::from_millis(args.header_timeout_ms),
            request_timeout: Duration::from_millis(args.request_timeout_ms),
            max_connections: args.max_connections,
            max_in_flight: args.max_in_flight,
            max_buffered_body_bytes: args.max_buffered_body_bytes,
            drain_timeout: Duration::from_millis(args.drain_timeout_ms),
        },
        journal_size: args.journal_size,
        journal_bytes: args.journal_bytes,
        dataset: args
            .dataset
            .map_or(DatasetSource::Embedded, DatasetSource::Path),
        max_dataset_bytes: args.max_dataset_bytes,
        admin: AdminAccess {
            allowed_hosts: args.allowed_hosts,
            origins: args.admin_origins,
        },
        watch: args.watch,
        quiet: args.quiet,
        diagnostics_level: match args.diagnostics_level {
            LevelArg::Info => Severity::Info,
            LevelArg::Warning => Severity::Warning,
            LevelArg::Error => Severity::Error,
        },
    }
}

fn print_banner(handle: &ServerHandle, auth: &AuthMode, secret: Option<&str>) {
    let token = match (auth, secret) {
        (AuthMode::Jwt { .. }, Some(secret)) => {
            let mut claims = serde_json::Map::new();
            let exp = chrono::Utc::now().timestamp() + 24 * 3600;
            claims.insert("exp".to_owned(), exp.into());
            mint_hs256(&claims, secret.as_bytes())
        }
        _ => "dev-token".to_owned(),
    };
    let auth_header = match auth {
        AuthMode::Off => String::new(),
        AuthMode::Bearer | AuthMode::Jwt { .. } => {
            format!(" -H 'Authorization: Bearer {token}'")
        }
    };
    let loaded = handle.dataset();
    let dataset = &loaded.dataset;
    // A client of the default operator answers with data, not a business error.
    let client = dataset
        .clients()
        .iter()
        .find(|c| c.operator == dataset.default_operator())
        .or_else(|| dataset.clients().first())
        .map_or(1, |c| c.id);
    let banner = format!(
        "favorite-contract mock listening on {} (auth: {}; dataset: {}; admin: {}/__mock/health)\n\
         console: {}{ADMIN_PREFIX} (documentation, try it, journal, dataset, overrides)\n\
         try: curl -sS -X POST '{}'{auth_header} -H 'Content-Type: application/json' \
         -d '{{\"Client\":{client},\"Operator\":0}}'",
        handle.url(),
        auth.name(),
        dataset.counts(),
        handle.url(),
        handle.url(),
        handle.endpoint_url()
    );
    // The banner is for whoever started the mock; if stdout is gone (`serve | head -1`) or
    // unwritable, the mock keeps serving.
    let _ = outln(&banner);
}
