//! favorite-contract: a contract-test suite and reference mock server for
//! `POST api/client/ClientFavoriteDataInfo` of LCManagerPartner (ASP.NET Web API 2).
//!
//! Three things share one model of the endpoint:
//!
//! - a **mock server** ([`MockServer`]) that answers like production, byte for byte;
//! - a **checker** ([`run`] with a [`RunConfig`]) that sends generated requests to any
//!   implementation and judges every answer against the contract, through the judging core
//!   ([`Judge`]) that anything capturing live traffic can use too;
//! - **regression snapshots** ([`snapshot`]) of any target's answers to a named request corpus.
//!
//! All of them decide what a request means with the same pure pipeline ([`Pipeline`]: the
//! host's length check, route, `[Authorize]`, media type, binding), read and write bodies with
//! the same .NET-faithful codecs ([`codec`]) and answer business questions with the same engine
//! ([`respond`]).
//!
//! # Example
//!
//! Start the mock on a free port, check it with a short generated run, and judge one exchange
//! by hand:
//!
//! ```
//! use favorite_contract::{
//!     Dataset, HttpRequest, HttpResponse, Judge, JudgeSetup, MockServer, RequestBody, RunConfig,
//!     Target, run,
//! };
//! use std::sync::Arc;
//! use std::time::Duration;
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let runtime = tokio::runtime::Runtime::new()?;
//! runtime.block_on(async {
//!     let server = MockServer::builder().bind("127.0.0.1:0").start().await?;
//!     let mut config = RunConfig::new(Target::parse(&server.url())?);
//!     config.credentials = vec![("Authorization".into(), "Bearer any".into())];
//!     config.dataset = Some(Arc::new(Dataset::embedded_default()));
//!     config.oracle = true;
//!     config.cases = 60;
//!     let outcome = run(config).await?;
//!     assert_eq!(outcome.report.totals().violations, 0, "{}", outcome.report.render_human());
//!     server.shutdown().await;
//!     Ok::<_, Box<dyn std::error::Error>>(())
//! })?;
//!
//! // The same judging, for one captured exchange: a 500 where production answers 401.
//! let judge = Judge::new(JudgeSetup::default());
//! let request = HttpRequest {
//!     method: "POST".into(),
//!     path: "/api/client/ClientFavoriteDataInfo".into(),
//!     headers: vec![("Content-Type".into(), "application/json".into())],
//!     body: RequestBody::Text(r#"{"Client":1001}"#.into()),
//!     format: None,
//! };
//! let response = HttpResponse { status: 500, headers: Vec::new(), body: Default::default() };
//! let verdict = judge.judge(&request, &response, Duration::from_millis(3));
//! assert_eq!(verdict.findings[0].rule.id(), "http.status");
//! # Ok(()) }
//! ```
//!
//! # Layout
//!
//! The crate's modules are private; what a user needs is re-exported here, grouped as below.
//! Three families keep a namespace because their members are many and read best qualified:
//! [`codec`] (the per-format readers and writers), [`snapshot`] (the corpus, recordings and
//! differences) and [`rules`] (each checker rule as a function). [`strategies`] holds the
//! proptest strategies of the typed model, and [`cli`] the command line the binary runs.

mod checker;
pub mod cli;
mod client;
pub mod codec;
mod compose;
mod contract;
mod cors;
mod dataset;
mod engine;
mod excerpt;
mod exchange;
mod hosting;
mod json_file;
mod judge;
mod model;
mod pipeline;
mod proxy;
mod runner;
mod schema;
mod server;
pub mod snapshot;
mod wire;

// The judging core and the pipeline it predicts with.
pub use judge::{
    AuthPolicy, ExchangeCheck, Expectation, Judge, JudgeSetup, Knowledge, KnownClient,
    KnownOperator, MAX_KNOWN_IDS, Prediction, Verdict, check_exchange,
};
pub use pipeline::{
    ACTION_METHOD, Admission, AuthOutcome, Authorize, BearerError, Inbound, Pipeline, RequestClass,
    Route, bearer_token, normalize_base_path, route,
};
// The hosting layer in front of the pipeline (HTTP.sys's 411).
pub use hosting::{
    Framing, HTTP_SYS_CONTENT_TYPE, HTTP_SYS_SERVER, Host, LENGTH_REQUIRED_BODY,
    LENGTH_REQUIRED_REASON, length_required,
};

// One exchange as data, and the client that produces exchanges.
pub use client::{
    CaCertError, DEFAULT_TIMEOUT, HttpClient, MAX_CA_FILE_BYTES, MAX_RESPONSE_BYTES, Reply, Scheme,
    SendError, Target, TargetError, TlsFailure, TlsSetup, TlsTrust, Unreachable,
};
pub use exchange::{HttpRequest, HttpResponse, RequestBody, media_format};

// Findings, profiles and reports.
/// The built-in checker profiles (name, file text), embedded from `contracts/profiles/`.
pub use checker::BUILTIN as BUILTIN_PROFILES;
pub use checker::{
    AVG_TOLERANCE, BodyCheck, CheckedRule, ClientFavoritesOrder, EXIT_CLEAN, EXIT_FINDINGS,
    EXIT_INTERNAL_ERROR, EXIT_INTERRUPTED, ExpectedDateKind, ExpectedMessage, Finding, Granularity,
    HumanOptions, InternalError, LengthZero, Level, Location, MAX_EXCERPT_CHARS,
    MAX_LISTED_FINDINGS, MONEY_SCALE, MissingEnd, Order, PageWindow, Paging, Period, PeriodEnd,
    Profile, ProfileError, PropertyOrder, Report, RuleCount, RuleFamily, RuleId, RuleSelection,
    RunEnd, RunInfo, SEVERITY_POLICY, SelectionError, Severity, Situation, StartBase, Tolerance,
    UnknownRule,
};

// The check runner.
/// One generated request of a check run, as case files keep it.
pub use runner::Case as CheckCase;
/// The body of a [`CheckCase`].
pub use runner::Payload as CasePayload;
pub use runner::{
    AuthVariant, CASE_FILE_VERSION, CaseFile, CaseFileError, CaseLabel, DEFAULT_CASES,
    DEFAULT_CASES_DIR, DEFAULT_CONCURRENCY, EncodeStyle, INTERRUPT_GRACE, Interrupt,
    LIVENESS_FACTOR, MAX_CONCURRENCY, MAX_SHRINK_EXCHANGES, Progress, REDACTED, REDRAW_INTERVAL,
    RecordedKnowledge, RunConfig, RunError, RunOutcome, SetupError, replay, run,
};

// The mock server.
/// The claims the mock reads from a verified JWT.
pub use server::Claims as JwtClaims;
/// What became of a journaled request (answered, dropped, abandoned).
pub use server::Outcome as JournalOutcome;
/// Verify an HS256 token as the mock's `--auth jwt` mode does.
pub use server::verify as verify_hs256;
pub use server::{
    ADMIN_HEADER, ADMIN_PREFIX, AdminAccess, AppliedLatency, AppliedScenario, AuthMode,
    BODY_ALLOWANCE, BodyEncoding, CapturedRequest, DEFAULT_BIND, DEFAULT_DIAGNOSTICS_LEVEL,
    DEFAULT_DRAIN_TIMEOUT, DEFAULT_HEADER_READ_TIMEOUT, DEFAULT_JOURNAL_BYTES,
    DEFAULT_JOURNAL_SIZE, DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_BUFFERED_BODY_BYTES,
    DEFAULT_MAX_CONNECTIONS, DEFAULT_MAX_IN_FLIGHT, DEFAULT_REQUEST_TIMEOUT, DIAGNOSTICS_HEADER,
    DIAGNOSTICS_LEVEL_HEADER, DRIBBLE_CHUNKS, DRIBBLE_INTERVAL, DROP_HEADER, DatasetSource,
    ERROR_CODE_HEADER, ExchangeFinding, FAULT_HEADER, Fault, ForcedStatus, GARBAGE,
    JWT_CLOCK_SKEW_SECS, JournalEntry, JournalRoute, JwtError, LATENCY_HEADER, Latency, Limits,
    LoadedDataset, MAX_CACHED_ANSWER_BYTES, MAX_CACHED_ANSWERS, MAX_CACHED_BODY_BYTES,
    MAX_DATASET_PAGE, MAX_LATENCY_MS, MAX_MEMO_BIND_BYTES, MAX_MEMO_BINDS, MAX_MEMO_BODY_BYTES,
    MAX_OVERRIDES, MAX_RECORDED_BODY_BYTES, MAX_RECORDED_HEADER_BYTES, MAX_TOKEN_BYTES,
    MockResponse, MockServer, MockServerBuilder, Override, RESET_AFTER, RecordedBody,
    RecordedRequest, RecordedResponse, ReloadError, ReloadReport, STATUS_HEADER, Scenario,
    ScenarioError, ServerConfig, ServerError, ServerHandle, WATCH_INTERVAL, mint_hs256,
    run_until_signal,
};

// The engine, the dataset it answers from, and the typed model.
pub use dataset::{
    Client, Counts, DEFAULT_MAX_DATASET_BYTES, DEFAULT_TIME_ZONE, Dataset, DatasetError,
    DatasetParts, Entry, Goods, Link, MAX_MONEY, MAX_OFFSET_MINUTES, MAX_PROBLEMS, Operator,
    Problem, ProblemKind, Purchase,
};
/// What the engine knows of a request besides its body (a verified `oper` claim).
pub use engine::Context as EngineContext;
/// Per-deployment settings of the engine (time zone, date style, "now").
pub use engine::Settings as EngineSettings;
pub use engine::{DateStyle, effective_operator, respond};
pub use model::{
    ClientFavoriteRow, DateKind, FieldValue, FromObject, GroupFavoriteRow, ListFavoriteRow,
    MAX_WALL, MIN_WALL, MOSCOW, NetDateTime, Object, Record, Request, Response, RowSet, Value,
    ValueRef, Zone, ZoneError, money, push_offset, record_json, truncate_to_ticks,
};

// The contract and the documents generated from it.
pub use contract::{
    BusinessError, CONTRACT_JSON, ClrType, Contract, ContractError, Endpoint, FieldSchema,
    HELP_PAGE, SchemaId, TypeSchema, XSI_NAMESPACE, contract,
};
pub use schema::{DATETIME_PATTERN, OPENAPI_PATH, XSD_DIR, XsdFile, openapi, openapi_text, xsd};

// The validation proxy: live traffic judged by the same core.
pub use proxy::{
    BodyExcerpt, DEFAULT_GIVE_UP, DEFAULT_JUDGE_BUDGET_BYTES, DEFAULT_MAX_JUDGED_BODY_BYTES,
    DEFAULT_PROXY_CONNECTIONS, FINDINGS_HEADER, JOURNAL_EXCERPT_CHARS, JournalAnswer,
    JournalFinding, JournalRequest, JournalResponse, MAX_JOURNAL_FINDINGS,
    MAX_REPORT_FINDINGS_PER_RULE, MAX_REPORT_REQUEST_BYTES, PROXY_ADMIN_PREFIX, ProxyConfig,
    ProxyCounts, ProxyError, ProxyHandle, ProxyJournalEntry, ProxyLimits, ProxyServer,
    ReportWriter, VIA,
};

/// Every rule of the checker as a pure function over one body, exchange or sequence of
/// exchanges. The judging core ([`Judge`]) applies all of them; these check one aspect at a
/// time (a custom harness, a test of one rule).
pub mod rules {
    pub use crate::checker::{
        NotApplicable, Observation, check_allow, check_challenge, check_content_type, check_cors,
        check_cross_operator, check_error_body, check_invariants, check_no_2xx_data,
        check_preflight, check_response_bytes, check_response_text, check_stack_trace,
        check_status, check_text, check_timeout, filter_narrowing, format_equivalence, oracle_diff,
        oracle_diff_with, paging_concat, period_narrowing, repeat, total_rows_paging,
    };
}

pub use model::strategies;
