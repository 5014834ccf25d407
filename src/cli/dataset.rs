//! `favorite-contract dataset …`: generate a synthetic dataset or validate one.
use super::CliError;
use crate::dataset::{Dataset, DatasetError};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Dataset subcommands.
#[derive(Debug, clap::Subcommand)]
pub(crate) enum DatasetCommand {
    /// Write a deterministic synthetic dataset in the folder layout (six JSON files).
    Generate {
        /// Number of clients (about ten entries and twelve purchases each).
        #[arg(long, default_value_t = 1000)]
        clients: u32,
        /// Seed: the same clients and seed always give the same files.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Folder to write (created if needed).
        #[arg(long)]
        out: PathBuf,
    },
    /// Validate a dataset file or folder: prints OK with counts, or every problem (exit 1).
    Check {
        /// A single-file dataset or a folder of JSON files.
        path: PathBuf,
    },
}

pub(crate) fn run(command: DatasetCommand) -> Result<ExitCode, CliError> {
    match command {
        DatasetCommand::Generate { clients, seed, out } => {
            let dataset = Dataset::generate(clients, seed);
            dataset.write(&out)?;
            println!("wrote {}: {}", out.display(), dataset.counts());
            Ok(ExitCode::SUCCESS)
        }
        DatasetCommand::Check { path } => {
            let (ok, report) = check(&path)?;
            println!("{report}");
            Ok(if ok {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
    }
}

/// The report of `dataset check`: whether the dataset is valid, and what to print. Unreadable
/// files are errors of the command (exit 2), not problems of the dataset.
pub(crate) fn check(path: &Path) -> Result<(bool, String), CliError> {
    match Dataset::load(path) {
        Ok(dataset) => Ok((true, format!("OK {}: {}", path.display(), dataset.counts()))),
        Err(err @ DatasetError::Invalid { .. }) => Ok((false, err.to_string())),
        Err(err) => Err(err.into()),
    }
}
