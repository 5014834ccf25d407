//! Fixture datasets the mock serves (`domain.md`, "Dataset"). INTERFACE STUB — the dataset
//! helper replaces this file.

use std::path::Path;

/// A loaded, validated and indexed dataset.
#[derive(Debug, Clone, Default)]
pub struct Dataset {}

/// Why a dataset could not be loaded.
#[derive(Debug, thiserror::Error)]
#[error("dataset error")]
pub struct DatasetError {}

impl Dataset {
    /// Load and validate a dataset from a file or a folder of JSON files.
    pub fn load(_path: &Path) -> Result<Dataset, DatasetError> {
        todo!()
    }

    /// The embedded default dataset (`contracts/datasets/default/`).
    pub fn embedded_default() -> Dataset {
        todo!()
    }
}
