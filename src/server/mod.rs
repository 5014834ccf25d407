//! The reference mock server for `POST api/client/ClientFavoriteDataInfo`: answers like the
//! production ASP.NET Web API 2 service byte for byte, and explains what it did.
//!
//! Layout (style lessons 3–5): [`CapturedRequest`] is the owned request the pure, synchronous
//! pipeline in `handler` works on (returning a [`MockResponse`]); only `accept` knows hyper;
//! [`MockServer::builder`] binds and returns a [`ServerHandle`] that owns shutdown.
//!
//! ```no_run
//! # async fn demo() -> Result<(), favorite_contract::ServerError> {
//! use favorite_contract::{AuthMode, MockServer};
//! let server = MockServer::builder().bind("127.0.0.1:0").auth(AuthMode::Off).start().await?;
//! println!("POST {}", server.endpoint_url());
//! server.shutdown().await;
//! # Ok(()) }
//! ```
//!
//! Mock-only headers: [`DIAGNOSTICS_HEADER`] on responses; [`LATENCY_HEADER`],
//! [`STATUS_HEADER`], [`ERROR_CODE_HEADER`], [`DROP_HEADER`], [`FAULT_HEADER`] and
//! [`DIAGNOSTICS_LEVEL_HEADER`] on requests (see [`scenario`]). Admin resources and the
//! console live under [`ADMIN_PREFIX`] (see `admin` and `console`).

mod accept;
mod admin;
mod allocator;
mod answer_cache;
mod answers;
mod auth;
mod bind_memo;
mod body;
mod builder;
mod config;
mod conn;
mod console;
mod cors;
mod diagnostics;
mod fault;
mod guard;
mod handler;
mod journal;
pub(crate) mod jwt;
mod kept;
mod listen;
mod negotiation;
mod overrides;
mod redact;
mod request;
mod routing;
mod run;
pub(crate) mod scenario;
mod shard;
mod state;
mod watch;

pub(crate) use allocator::tune_allocator;
// The admin guard and the redaction rules, which the validation proxy applies too.
pub use answer_cache::{MAX_CACHED_ANSWER_BYTES, MAX_CACHED_ANSWERS, MAX_CACHED_BODY_BYTES};
pub use auth::AuthMode;
pub use bind_memo::{MAX_MEMO_BIND_BYTES, MAX_MEMO_BINDS, MAX_MEMO_BODY_BYTES};
pub use builder::{DEFAULT_BIND, MockServer, MockServerBuilder, ServerError, ServerHandle};
pub use config::{
    AdminAccess, BODY_ALLOWANCE, DEFAULT_DRAIN_TIMEOUT, DEFAULT_HEADER_READ_TIMEOUT,
    DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_BUFFERED_BODY_BYTES, DEFAULT_MAX_CONNECTIONS,
    DEFAULT_MAX_IN_FLIGHT, DEFAULT_REQUEST_TIMEOUT, DatasetSource, Limits, ServerConfig,
    WATCH_INTERVAL,
};
pub use console::MAX_DATASET_PAGE;
pub(crate) use console::{ConsoleFile, console_file, console_headers};
pub use diagnostics::{DEFAULT_DIAGNOSTICS_LEVEL, DIAGNOSTICS_HEADER, DIAGNOSTICS_LEVEL_HEADER};
pub use fault::{DRIBBLE_CHUNKS, DRIBBLE_INTERVAL, FAULT_HEADER, Fault, GARBAGE, RESET_AFTER};
pub use guard::ADMIN_HEADER;
pub(crate) use guard::{Refusal, check_admin, check_trigger, host_allowed};
pub use journal::{
    AppliedLatency, AppliedScenario, BodyEncoding, DEFAULT_JOURNAL_BYTES, DEFAULT_JOURNAL_SIZE,
    ExchangeFinding, JournalEntry, JournalRoute, MAX_RECORDED_BODY_BYTES,
    MAX_RECORDED_HEADER_BYTES, Outcome, RecordedBody, RecordedRequest, RecordedResponse,
};
pub(crate) use journal::{BoundedRing, KeptHeaders};
pub use jwt::{Claims, JWT_CLOCK_SKEW_SECS, JwtError, MAX_TOKEN_BYTES, mint_hs256, verify};
pub(crate) use listen::{connection_cap, next_connection};
pub use overrides::{MAX_OVERRIDES, Override};
pub(crate) use redact::{REDACTED, is_credential_header, query as redact_query};
pub use request::{CapturedRequest, MockResponse};
pub use routing::ADMIN_PREFIX;
pub use run::run_until_signal;
pub(crate) use run::wait_for_signal;
pub use scenario::{
    DROP_HEADER, ERROR_CODE_HEADER, ForcedStatus, LATENCY_HEADER, Latency, MAX_LATENCY_MS,
    STATUS_HEADER, Scenario, ScenarioError,
};
pub use state::{LoadedDataset, ReloadError, ReloadReport};

#[cfg(test)]
mod tests;
