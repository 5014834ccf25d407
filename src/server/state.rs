//! What every request reads: the configuration, the current dataset (swapped atomically on
//! reload), the journal and the start time.

use super::answer_cache::AnswerCache;
use super::bind_memo::BindMemo;
use super::config::{BODY_ALLOWANCE, DatasetSource, ServerConfig};
use super::journal::Journal;
use super::overrides::Overrides;
use super::routing::normalize_base_path;
use crate::dataset::{Dataset, DatasetError};
use serde::Serialize;
use std::hash::{BuildHasher, RandomState};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant, SystemTime};
use tokio::sync::Semaphore;

/// A dataset with where and when it was loaded.
#[derive(Debug)]
pub struct LoadedDataset {
    /// The dataset.
    pub dataset: Dataset,
    /// 1 for the first load, +1 per successful reload.
    pub generation: u64,
    /// When it was loaded.
    pub loaded_at: SystemTime,
}

/// A successful reload.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ReloadReport {
    /// Where it came from.
    pub source: String,
    /// The new generation.
    pub generation: u64,
}

/// A reload that failed: the old dataset stays in service.
#[derive(Debug, thiserror::Error)]
#[error("could not reload the dataset from {source_name}; still serving generation {generation}")]
pub struct ReloadError {
    /// Where the load was attempted.
    pub source_name: String,
    /// The generation still served.
    pub generation: u64,
    /// Why the new dataset was refused.
    #[source]
    pub error: DatasetError,
}

/// Shared server state.
#[derive(Debug)]
pub(crate) struct State {
    pub(crate) config: ServerConfig,
    pub(crate) journal: Journal,
    /// Runtime overrides (`/__mock/overrides`).
    pub(crate) overrides: Overrides,
    /// The engine's encoded answers ([`AnswerCache`]).
    pub(crate) answers: AnswerCache,
    /// What binding gave for bodies bound before ([`BindMemo`]).
    pub(crate) binds: BindMemo,
    pub(crate) started: Instant,
    /// Slots for requests being bound and answered (`Limits::max_in_flight`).
    pub(crate) slots: Arc<Semaphore>,
    /// The buffered-body budget, in units of [`BODY_ALLOWANCE`].
    pub(crate) body_budget: Arc<Semaphore>,
    current: RwLock<Arc<LoadedDataset>>,
    random: AtomicU64,
    in_flight: AtomicUsize,
    draining: AtomicBool,
    answered_while_draining: AtomicUsize,
}

/// How often a replaced dataset is checked for readers that still use it.
const RETIRE_POLL: Duration = Duration::from_millis(10);
/// How long a replaced dataset waits for its last readers before it is left to them.
const RETIRE_WAIT: Duration = Duration::from_secs(30);

impl State {
    /// Load the dataset and build the state. The base path is normalised here.
    pub(crate) fn new(config: ServerConfig) -> Result<State, DatasetError> {
        let dataset = load(&config.dataset, config.max_dataset_bytes)?;
        Ok(State::with_dataset(config, dataset))
    }

    /// Build the state around an already loaded dataset.
    pub(crate) fn with_dataset(mut config: ServerConfig, dataset: Dataset) -> State {
        config.base_path = config.base_path.as_deref().and_then(normalize_base_path);
        let limits = config.limits;
        State {
            journal: Journal::with_limits(config.journal_size, config.journal_bytes),
            overrides: Overrides::default(),
            answers: AnswerCache::default(),
            binds: BindMemo::default(),
            started: Instant::now(),
            slots: Arc::new(Semaphore::new(
                limits.max_in_flight.clamp(1, Semaphore::MAX_PERMITS),
            )),
            body_budget: Arc::new(Semaphore::new(
                (limits.max_buffered_body_bytes / BODY_ALLOWANCE).clamp(1, Semaphore::MAX_PERMITS),
            )),
            current: RwLock::new(Arc::new(LoadedDataset {
                dataset,
                generation: 1,
                loaded_at: SystemTime::now(),
            })),
            random: AtomicU64::new(RandomState::new().hash_one(0u8)),
            in_flight: AtomicUsize::new(0),
            draining: AtomicBool::new(false),
            answered_while_draining: AtomicUsize::new(0),
            config,
        }
    }

    /// The dataset in service; a request keeps this `Arc` for its whole life, so a reload in
    /// the middle never mixes two datasets in one answer.
    pub(crate) fn dataset(&self) -> Arc<LoadedDataset> {
        // A poisoned lock means a panic while swapping an Arc, which leaves a valid Arc behind.
        Arc::clone(&self.current.read().unwrap_or_else(|e| e.into_inner()))
    }

    /// Run `answer` on the dataset in service, under the read lock: no reference count shared
    /// by every request to change, and a reload in the middle still never mixes two datasets
    /// in one answer (it waits the few microseconds `answer` takes). For the synchronous
    /// handler; whatever awaits takes [`State::dataset`].
    pub(crate) fn on_dataset<R>(&self, answer: impl FnOnce(&LoadedDataset) -> R) -> R {
        answer(&self.current.read().unwrap_or_else(|e| e.into_inner()))
    }

    /// Load and validate the source again; swap only when it is valid. Slow (it reads and
    /// parses the files): callers run it off the async workers. Requests are never held up:
    /// the lock is taken only to swap a pointer, and the old dataset is freed on a thread of
    /// its own once no request uses it any more.
    pub(crate) fn reload(&self) -> Result<ReloadReport, ReloadError> {
        let source_name = self.config.dataset.to_string();
        let loaded = load(&self.config.dataset, self.config.max_dataset_bytes);
        let mut current = self.current.write().unwrap_or_else(|e| e.into_inner());
        let generation = current.generation;
        match loaded {
            Ok(dataset) => {
                let old = std::mem::replace(
                    &mut *current,
                    Arc::new(LoadedDataset {
                        dataset,
                        generation: generation + 1,
                        loaded_at: SystemTime::now(),
                    }),
                );
                drop(current);
                retire(old);
                Ok(ReloadReport {
                    source: source_name,
                    generation: generation + 1,
                })
            }
            Err(error) => Err(ReloadError {
                source_name,
                generation,
                error,
            }),
        }
    }

    /// Whether the server is shutting down (answers then close their connection).
    pub(crate) fn is_draining(&self) -> bool {
        self.draining.load(Ordering::Relaxed)
    }

    /// Start the drain.
    pub(crate) fn start_draining(&self) {
        self.draining.store(true, Ordering::SeqCst);
    }

    /// Count an answer given during the drain.
    pub(crate) fn count_answered_while_draining(&self) {
        self.answered_while_draining.fetch_add(1, Ordering::SeqCst);
    }

    /// Answers given during the drain so far.
    pub(crate) fn answered_while_draining(&self) -> usize {
        self.answered_while_draining.load(Ordering::SeqCst)
    }

    /// Requests being served right now (head received, response not yet handed to hyper).
    pub(crate) fn in_flight(&self) -> usize {
        self.in_flight.load(Ordering::SeqCst)
    }

    /// Count a request as in flight until the guard drops.
    pub(crate) fn enter(&self) -> InFlight<'_> {
        self.in_flight.fetch_add(1, Ordering::SeqCst);
        InFlight(&self.in_flight)
    }

    /// A pseudo-random number for latency ranges (splitmix64 over a random seed): uniform
    /// enough for jitter, no dependency.
    pub(crate) fn random(&self) -> u64 {
        let mut z = self
            .random
            .fetch_add(0x9E37_79B9_7F4A_7C15, Ordering::Relaxed)
            .wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

fn load(source: &DatasetSource, max_bytes: u64) -> Result<Dataset, DatasetError> {
    match source {
        DatasetSource::Embedded => Ok(Dataset::embedded_default()),
        DatasetSource::Path(path) => Dataset::load_limited(path, max_bytes),
    }
}

/// Free a replaced dataset off the request path: freeing a large one takes as long as building
/// it did, and whichever holder drops the last reference pays for it. A thread of its own holds
/// a reference, waits (at most [`RETIRE_WAIT`]) until the requests that still use the dataset
/// are done, and frees it.
fn retire(old: Arc<LoadedDataset>) {
    let spawned = std::thread::Builder::new()
        .name("dataset-retire".to_owned())
        .spawn(move || {
            let mut old = old;
            let deadline = Instant::now() + RETIRE_WAIT;
            loop {
                match Arc::try_unwrap(old) {
                    Ok(dataset) => {
                        drop(dataset);
                        return;
                    }
                    Err(shared) if Instant::now() < deadline => {
                        old = shared;
                        std::thread::sleep(RETIRE_POLL);
                    }
                    // Still in use: the last request frees it.
                    Err(_) => return,
                }
            }
        });
    // Without a thread the Arc was dropped with the closure; nothing more to do.
    drop(spawned);
}

/// Decrements the in-flight count on drop (also when a request future is cancelled).
pub(crate) struct InFlight<'a>(&'a AtomicUsize);

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}
