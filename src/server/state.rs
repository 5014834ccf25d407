//! What every request reads: the configuration, the current dataset (swapped atomically on
//! reload), the journal and the start time.

use super::config::{DatasetSource, ServerConfig};
use super::journal::Journal;
use super::routing::normalize_base_path;
use crate::dataset::{Dataset, DatasetError};
use serde::Serialize;
use std::hash::{BuildHasher, RandomState};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Instant, SystemTime};

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
    pub(crate) started: Instant,
    current: RwLock<Arc<LoadedDataset>>,
    random: AtomicU64,
    in_flight: AtomicUsize,
}

impl State {
    /// Load the dataset and build the state. The base path is normalised here.
    pub(crate) fn new(config: ServerConfig) -> Result<State, DatasetError> {
        let dataset = load(&config.dataset)?;
        Ok(State::with_dataset(config, dataset))
    }

    /// Build the state around an already loaded dataset.
    pub(crate) fn with_dataset(mut config: ServerConfig, dataset: Dataset) -> State {
        config.base_path = config.base_path.as_deref().and_then(normalize_base_path);
        State {
            journal: Journal::new(config.journal_size),
            started: Instant::now(),
            current: RwLock::new(Arc::new(LoadedDataset {
                dataset,
                generation: 1,
                loaded_at: SystemTime::now(),
            })),
            random: AtomicU64::new(RandomState::new().hash_one(0u8)),
            in_flight: AtomicUsize::new(0),
            config,
        }
    }

    /// The dataset in service; a request keeps this `Arc` for its whole life, so a reload in
    /// the middle never mixes two datasets in one answer.
    pub(crate) fn dataset(&self) -> Arc<LoadedDataset> {
        // A poisoned lock means a panic while swapping an Arc, which leaves a valid Arc behind.
        Arc::clone(&self.current.read().unwrap_or_else(|e| e.into_inner()))
    }

    /// Load and validate the source again; swap only when it is valid.
    pub(crate) fn reload(&self) -> Result<ReloadReport, ReloadError> {
        let source_name = self.config.dataset.to_string();
        let loaded = load(&self.config.dataset);
        let mut current = self.current.write().unwrap_or_else(|e| e.into_inner());
        let generation = current.generation;
        match loaded {
            Ok(dataset) => {
                *current = Arc::new(LoadedDataset {
                    dataset,
                    generation: generation + 1,
                    loaded_at: SystemTime::now(),
                });
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

fn load(source: &DatasetSource) -> Result<Dataset, DatasetError> {
    match source {
        DatasetSource::Embedded => Ok(Dataset::embedded_default()),
        DatasetSource::Path(path) => Dataset::load(path),
    }
}

/// Decrements the in-flight count on drop (also when a request future is cancelled).
pub(crate) struct InFlight<'a>(&'a AtomicUsize);

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}
