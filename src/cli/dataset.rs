//! `favorite-contract dataset …`: generate a synthetic dataset or validate one.
use super::output::outln;
use super::{CliError, parse_int};
use crate::dataset::{Dataset, DatasetError};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Dataset subcommands.
#[derive(Debug, clap::Subcommand)]
pub(crate) enum DatasetCommand {
    /// Write a deterministic synthetic dataset in the folder layout (six JSON files).
    Generate {
        /// Number of clients (about ten entries and twelve purchases each).
        #[arg(long, default_value_t = 1000,
              value_parser = |v: &str| parse_int::<u32>(v, "a number of clients"))]
        clients: u32,
        /// Seed: the same clients and seed always give the same files.
        #[arg(long, default_value_t = 1, value_parser = |v: &str| parse_int::<u64>(v, "a seed"))]
        seed: u64,
        /// Folder to write (created if needed; must be empty unless --force).
        #[arg(long)]
        out: PathBuf,
        /// Write into a folder that already holds files (the dataset's files are replaced,
        /// other files are left alone).
        #[arg(long)]
        force: bool,
    },
    /// Validate a dataset file or folder: prints OK with counts, or every problem (exit 1).
    Check {
        /// A single-file dataset or a folder of JSON files.
        path: PathBuf,
    },
}

pub(crate) fn run(command: DatasetCommand) -> Result<ExitCode, CliError> {
    match command {
        DatasetCommand::Generate {
            clients,
            seed,
            out,
            force,
        } => {
            if !force {
                refuse_non_empty(&out)?;
            }
            let dataset = Dataset::generate(clients, seed);
            dataset.write(&out)?;
            outln(&format!("wrote {}: {}", out.display(), dataset.counts()))?;
            Ok(ExitCode::SUCCESS)
        }
        DatasetCommand::Check { path } => {
            let (ok, report) = check(&path)?;
            outln(&report)?;
            Ok(if ok {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
    }
}

/// `--out` must be a new or empty folder: generating into a folder of other files would mix
/// them with the dataset (every `*.json` in a folder is part of it) or overwrite someone's work.
fn refuse_non_empty(dir: &Path) -> Result<(), CliError> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotADirectory => {
            return Err(format!("--out {}: expected a folder, found a file", dir.display()).into());
        }
        Err(e) => {
            return Err(format!("--out {}: cannot read the folder: {e}", dir.display()).into());
        }
    };
    let count = entries.count();
    if count > 0 {
        return Err(format!(
            "--out {}: expected a new or empty folder, found one holding {count} {} \
             (pass --force to write the dataset files into it anyway)",
            dir.display(),
            if count == 1 { "entry" } else { "entries" }
        )
        .into());
    }
    Ok(())
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
