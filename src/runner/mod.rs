//! The runner behind `favorite-contract check`: generates cases from a seed, sends them to a
//! target over HTTP or HTTPS with bounded concurrency and a deadline per request, judges every
//! exchange with the judging core ([`crate::judge`]), runs the metamorphic sequences, shrinks
//! each violation to a minimal request, writes replayable case files and builds the
//! [`Report`](crate::checker::Report).
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

mod casefile;
pub(crate) mod cases;
mod context;
mod driver;
mod plan;
mod prepare;
mod progress;
mod relations;
mod shrink;
#[cfg(test)]
mod tests;

pub use casefile::{
    CASE_FILE_VERSION, CaseFile, CaseFileError, DEFAULT_CASES_DIR, RecordedKnowledge,
};
pub use cases::{AuthVariant, Case, CaseLabel, EncodeStyle, Payload};
pub use driver::{REDACTED, RunError, RunOutcome, replay, run};
pub use progress::{Progress, REDRAW_INTERVAL};
pub use shrink::MAX_SHRINK_EXCHANGES;

use crate::checker::Profile;
use crate::client::{DEFAULT_TIMEOUT, Target};
use crate::codec::{Format, JsonNet};
use crate::dataset::Dataset;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

/// Exchanges a run plans by default (`--cases`).
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
    /// Exchanges to plan (`--cases`).
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
    /// Per-request deadline.
    pub timeout: Duration,
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
            concurrency: DEFAULT_CONCURRENCY,
            cases_dir: None,
            json_net: JsonNet::default(),
            progress: false,
            shrink: true,
            detect_mock: true,
        }
    }
}
