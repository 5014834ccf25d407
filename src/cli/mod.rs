//! The command line: argument types and one `run` per subcommand. `main.rs` only parses and
//! reports errors; each subcommand's module owns its flags.

mod check;
mod dataset;
mod explain;
mod schema;
mod serve;
mod snapshot;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// A CLI failure: printed with its source chain, exit code 2.
pub type CliError = Box<dyn std::error::Error + Send + Sync>;

/// favorite-contract: contract tests and a reference mock for ClientFavoriteDataInfo.
#[derive(Debug, Parser)]
#[command(name = "favorite-contract", version, about)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the mock server.
    Serve(serve::ServeArgs),
    /// Show what the .NET server would bind from a request body.
    ExplainRequest(explain::ExplainArgs),
    /// Generate or validate fixture datasets.
    #[command(subcommand)]
    Dataset(dataset::DatasetCommand),
    /// Write the OpenAPI document or the XSDs generated from the contract.
    #[command(subcommand)]
    Schema(schema::SchemaCommand),
    /// Check a server against the contract (exit 0 clean, 1 violations, 2 usage or unreachable).
    Check(Box<check::CheckArgs>),
    /// Record a target's responses to the request corpus as insta snapshots, or check a target
    /// against recorded ones.
    Snapshot(snapshot::SnapshotArgs),
}

/// `--json-net v6|v13`: which Json.NET generation's reading quirks to model.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub(crate) enum JsonNetArg {
    /// Newtonsoft.Json 6.x.
    V6,
    /// Newtonsoft.Json 13.x.
    V13,
}

impl From<JsonNetArg> for crate::codec::JsonNet {
    fn from(arg: JsonNetArg) -> Self {
        match arg {
            JsonNetArg::V6 => crate::codec::JsonNet::V6,
            JsonNetArg::V13 => crate::codec::JsonNet::V13,
        }
    }
}

/// Parse a UTC offset such as `+03:00`, `-05:30` or `Z`.
pub(crate) fn parse_zone(text: &str) -> Result<crate::model::Zone, String> {
    if text == "Z" || text == "z" {
        return Ok(crate::model::Zone::Fixed(chrono::Offset::fix(&chrono::Utc)));
    }
    text.parse::<crate::model::Zone>().map_err(|_| {
        format!("expected a UTC offset like +03:00 or a time zone name like Europe/Moscow, found `{text}`")
    })
}

/// Run a parsed command line.
pub fn run(cli: Cli) -> Result<ExitCode, CliError> {
    match cli.command {
        Command::Serve(args) => serve::run(args),
        Command::ExplainRequest(args) => explain::run(&args),
        Command::Dataset(command) => dataset::run(command),
        Command::Schema(command) => schema::run(command),
        Command::Check(args) => check::run(&args),
        Command::Snapshot(args) => snapshot::run(args),
    }
}
