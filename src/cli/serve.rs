//! `favorite-contract serve` (STUB).
use super::CliError;
use std::process::ExitCode;

/// Flags.
#[derive(Debug, clap::Args)]
pub(crate) struct ServeArgs {}

pub(crate) fn run(_args: ServeArgs) -> Result<ExitCode, CliError> {
    todo!()
}
