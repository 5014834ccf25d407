//! `favorite-contract explain` (STUB).
use super::CliError;
use std::process::ExitCode;

/// Flags.
#[derive(Debug, clap::Args)]
pub(crate) struct ExplainArgs {}

pub(crate) fn run(_args: ExplainArgs) -> Result<ExitCode, CliError> {
    todo!()
}
