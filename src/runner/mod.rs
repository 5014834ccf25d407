//! The runner behind `favorite-contract check`: probes the target, generates cases from a seed
//! as they are sent (memory bounded by the concurrency, not by the number of cases), sends
//! them over HTTP or HTTPS with bounded concurrency and a deadline per request, judges every
//! exchange with the judging core ([`crate::judge`]), runs the metamorphic sequences, stops
//! early on `--max-failures` or an [`Interrupt`], shrinks each violation to a minimal request,
//! writes replayable case files and builds the [`Report`](crate::checker::Report).
//!
//! Units: a **case** is one generated scenario — a single valid or hostile request, or a
//! metamorphic sequence of requests derived from a first answer — and `--cases` counts cases.
//! An **exchange** is one HTTP request and its answer: a single case makes one, a sequence
//! several. The progress line, the summary and every report count both the same way.
//!
//! The same entry point, [`run`], serves the CLI, the cargo-test harness and the benchmark.
//!
//! ```no_run
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! use favorite_contract::{RunConfig, Target, run};
//! let mut config = RunConfig::new(Target::parse("http://127.0.0.1:5000")?);
//! config.credentials = vec![("Authorization".into(), "Bearer token".into())];
//! config.clients = vec![1001];
//! let outcome = run(config).await?;
//! println!("{}", outcome.report.render_human());
//! # Ok(()) }
//! ```

pub(crate) mod accounted;
mod casefile;
pub(crate) mod cases;
mod context;
mod driver;
mod execute;
pub(crate) mod fault;
mod plan;
mod prepare;
pub(crate) mod probe;
mod progress;
mod relations;
mod shrink;
mod stop;
mod tally;
#[cfg(test)]
mod tests;

pub(crate) use plan::panic_text;

pub use casefile::{
    CASE_FILE_VERSION, CaseFile, CaseFileError, DEFAULT_CASES_DIR, RecordedKnowledge,
};
pub use cases::{AuthVariant, Case, CaseLabel, EncodeStyle, Payload};
pub use driver::{REDACTED, RunError, RunOutcome, replay, run};
pub use probe::{LIVENESS_FACTOR, SetupError};
pub use progress::{Progress, REDRAW_INTERVAL};
pub use shrink::MAX_SHRINK_EXCHANGES;
pub use stop::{INTERRUPT_GRACE, Interrupt};

use crate::checker::{Profile, RuleSelection};
use crate::client::{DEFAULT_TIMEOUT, Target, TlsTrust};
use crate::codec::{Format, JsonNet};
use crate::dataset::Dataset;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

/// Cases a run plans by default (`--cases`).
pub const DEFAULT_CASES: u32 = 2000;
/// Requests in flight at once by default (`--concurrency`).
pub const DEFAULT_CONCURRENCY: usize = 8;
/// Largest `--concurrency` accepted.
pub const MAX_CONCURRENCY: usize = 256;

/// Everything a run needs.
#[derive(Clone, Debug)]
pub struct RunConfig {
    /// The server under test.
    pub target: Target,
    /// Headers that authenticate (`--bearer`, `--header Authorization:…`); never written to
    /// reports or case files.
    pub credentials: Vec<(String, String)>,
    /// Other headers every request carries (`--header`).
    pub headers: Vec<(String, String)>,
    /// `--operator` (0 = the deployment's default operator).
    pub operator: i16,
    /// `--client` ids known to exist on the target under `operator`.
    pub clients: Vec<i32>,
    /// Cases to run (`--cases`): each a single request or a metamorphic sequence.
    pub cases: u32,
    /// Generator seed (`--seed`).
    pub seed: u64,
    /// Request formats (`--formats`), not empty.
    pub formats: Vec<Format>,
    /// The interpretation profile.
    pub profile: Profile,
    /// The dataset the target serves: client ids and exact business outcomes.
    pub dataset: Option<Arc<Dataset>>,
    /// Compare every success with the reference engine's answer on `dataset` (oracle mode).
    pub oracle: bool,
    /// Per-request deadline (the first request may take [`LIVENESS_FACTOR`] times longer).
    pub timeout: Duration,
    /// The certificate authorities trusted for `https://` targets (`--ca-cert`).
    pub trust: TlsTrust,
    /// Stop sending after this many failing cases (`--max-failures`).
    pub max_failures: Option<u64>,
    /// The rules reported (`--include-rule`, `--exclude-rule`).
    pub rules: RuleSelection,
    /// Stop early when triggered (the CLI triggers it on Ctrl-C).
    pub interrupt: Option<Interrupt>,
    /// Requests in flight at once.
    pub concurrency: usize,
    /// Where case files go (`None`: not written).
    pub cases_dir: Option<PathBuf>,
    /// The Json.NET generation the target runs (changes how some hostile bodies bind).
    pub json_net: JsonNet,
    /// Draw the progress line (on a terminal only).
    pub progress: bool,
    /// Shrink violations.
    pub shrink: bool,
    /// Ask `/__mock/health` whether the target is a favorite-contract mock serving the
    /// embedded dataset, and use that dataset for ids when no dataset is given.
    pub detect_mock: bool,
}

impl RunConfig {
    /// A configuration with the defaults: every format, the default profile, no credentials.
    pub fn new(target: Target) -> RunConfig {
        RunConfig {
            target,
            credentials: Vec::new(),
            headers: Vec::new(),
            operator: 0,
            clients: Vec::new(),
            cases: DEFAULT_CASES,
            seed: 0,
            formats: vec![Format::Json, Format::Xml, Format::Form],
            profile: Profile::default(),
            dataset: None,
            oracle: false,
            timeout: DEFAULT_TIMEOUT,
            trust: TlsTrust::public(),
            max_failures: None,
            rules: RuleSelection::all(),
            interrupt: None,
            concurrency: DEFAULT_CONCURRENCY,
            cases_dir: None,
            json_net: JsonNet::default(),
            progress: false,
            shrink: true,
            detect_mock: true,
        }
    }
}
