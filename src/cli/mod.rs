//! The command line: argument types and one `run` per subcommand. `main.rs` only parses and
//! reports errors; each subcommand's module owns its flags.

mod check;
mod dataset;
mod explain;
mod guard;
mod log;
mod output;
mod proxy;
mod schema;
mod serve;
mod signals;
mod snapshot;
mod tls;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

pub use guard::guard;
pub use output::ColorChoice;

/// A CLI failure: printed with its source chain, exit code 2.
pub type CliError = Box<dyn std::error::Error + Send + Sync>;

/// Examples and exit codes under the top-level `--help`.
const AFTER_HELP: &str = "\
Examples:
  favorite-contract serve --port 8080
      the mock on http://127.0.0.1:8080 (any bearer token; --port 0 picks a free port)
  favorite-contract check --target http://127.0.0.1:8080 --bearer dev --report junit=check.xml
      check a server; exit 1 on a violation
  favorite-contract check --target \"$URL\" --bearer \"$TOKEN\" --report json=- > report.json
      the JSON report alone on stdout, the summary on stderr
  favorite-contract check --target https://staging.internal --ca-cert ca.pem --max-failures 5 \\
      --include-rule 'inv.*'
      an internal CA; stop after 5 failing cases; report only the invariants
  favorite-contract snapshot --target \"$URL\" --bearer \"$TOKEN\" --check snapshots/staging
      compare a server with recorded snapshots; exit 1 on a difference
  favorite-contract proxy --upstream \"$URL\" --port 8081 --report junit=proxy.xml
      judge live traffic sent to http://127.0.0.1:8081; at SIGTERM, exit 1 on a violation
  echo '{\"Client\":1006}' | favorite-contract explain-request --content-type application/json
      what the .NET server would bind from a body
  favorite-contract dataset generate --clients 1000 --out fixtures/
  favorite-contract schema openapi --out openapi.json

Exit codes: 0 success; 1 violations, snapshot differences, an invalid dataset or a body that binds
to null; 2 a usage error, a setup that cannot be checked (said in one sentence) or an internal
error (a bug: one `internal error:` line); 130 / 143 check or snapshot stopped by Ctrl-C (SIGINT)
/ SIGTERM (check's reports are still written; snapshot writes no half-done file). A closed stdout
(`| head`) ends quietly.";

/// favorite-contract: contract tests and a reference mock for ClientFavoriteDataInfo.
#[derive(Debug, Parser)]
#[command(name = "favorite-contract", version, about, after_help = AFTER_HELP)]
pub struct Cli {
    /// Colour human-readable output: auto (on a terminal, unless NO_COLOR is set), always, never.
    #[arg(
        long,
        global = true,
        value_enum,
        default_value = "auto",
        value_name = "WHEN"
    )]
    color: ColorChoice,
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
    /// Check a server against the contract (exit 0 clean, 1 violations, 2 a usage error, a
    /// target that cannot be checked or an internal error, 130 / 143 stopped by SIGINT /
    /// SIGTERM).
    Check(Box<check::CheckArgs>),
    /// Record a target's responses to the request corpus as insta snapshots, or check a target
    /// against recorded ones.
    Snapshot(snapshot::SnapshotArgs),
    /// Forward live traffic to a server and judge every exchange of the action against the
    /// contract (exit at SIGINT/SIGTERM: 0 clean, 1 violations, 2 setup error).
    Proxy(Box<proxy::ProxyArgs>),
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

/// An integer flag value in `T`'s range: "expected WHAT, an integer from MIN to MAX, found `x`"
/// (clap would say only "invalid digit found in string").
pub(crate) fn parse_int<T: IntFlag>(text: &str, what: &str) -> Result<T, String> {
    text.trim().parse::<T>().map_err(|_| {
        format!(
            "expected {what}, an integer from {} to {}, found `{text}`",
            T::LOWEST,
            T::HIGHEST
        )
    })
}

/// The integer types of flags, with their ranges for messages.
pub(crate) trait IntFlag: std::str::FromStr + std::fmt::Display {
    /// The smallest value.
    const LOWEST: Self;
    /// The largest value.
    const HIGHEST: Self;
}

macro_rules! int_flag {
    ($($t:ty),*) => {$(
        impl IntFlag for $t {
            const LOWEST: Self = <$t>::MIN;
            const HIGHEST: Self = <$t>::MAX;
        }
    )*};
}
int_flag!(i16, i32, u16, u32, u64);

/// A local date-time without an offset, `2026-05-07T12:00:00` with up to seven fraction digits
/// (the dataset's `as_of` form).
pub(crate) fn parse_local_datetime(text: &str) -> Result<chrono::NaiveDateTime, String> {
    let t = text.trim();
    chrono::NaiveDateTime::parse_from_str(t, "%Y-%m-%dT%H:%M:%S%.f").map_err(|_| {
        let hint = if chrono::NaiveDate::parse_from_str(t, "%Y-%m-%d").is_ok() {
            format!(" (a date without a time: try {t}T00:00:00)")
        } else if t.ends_with('Z') || t.rfind(['+', '-']).is_some_and(|i| i > 10) {
            " (an offset: give the local wall-clock time without it)".to_owned()
        } else {
            String::new()
        };
        format!("expected a local date-time like 2026-05-07T12:00:00, found `{text}`{hint}")
    })
}

/// Run a parsed command line.
pub fn run(cli: Cli) -> Result<ExitCode, CliError> {
    crate::runner::fault::point(crate::runner::fault::Fault::Command);
    let color = cli.color;
    match cli.command {
        Command::Serve(args) => serve::run(args),
        Command::ExplainRequest(args) => explain::run(&args),
        Command::Dataset(command) => dataset::run(command),
        Command::Schema(command) => schema::run(command),
        Command::Check(args) => check::run(&args, color),
        Command::Snapshot(args) => snapshot::run(args, color),
        Command::Proxy(args) => proxy::run(&args, color),
    }
}

/// Print a failure of [`run`] on stderr: `error: …` with its chain of causes, `error:` in red
/// when `--color` allows it on stderr. The caller exits 2.
pub fn report_error(cli_color: ColorChoice, err: &CliError) {
    let mut message = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    let paint = output::Paint(cli_color.enabled(output::Stream::Stderr));
    output::errln(&format!("{} {message}", paint.red("error:")));
}

impl Cli {
    /// The `--color` choice (main needs it to print errors).
    pub fn color(&self) -> ColorChoice {
        self.color
    }
}
