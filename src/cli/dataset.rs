//! `favorite-contract dataset …` (STUB).
use super::CliError;
use std::process::ExitCode;

/// Dataset subcommands.
#[derive(Debug, clap::Subcommand)]
pub(crate) enum DatasetCommand {}

pub(crate) fn run(command: DatasetCommand) -> Result<ExitCode, CliError> {
    match command {}
}
