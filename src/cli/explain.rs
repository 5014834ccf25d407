//! `favorite-contract explain-request --content-type CT [FILE]`: what the .NET server would bind
//! from a body (read from FILE or stdin), with every diagnostic.

use super::CliError;
use super::output::{out, outln};
use crate::codec::{BindOptions, JsonNet, bind};
use std::io::Read as _;
use std::path::PathBuf;
use std::process::ExitCode;

/// Flags.
#[derive(Debug, clap::Args)]
pub(crate) struct ExplainArgs {
    /// The request's Content-Type header (omit to model a request without one).
    #[arg(long)]
    content_type: Option<String>,
    /// Body file; stdin when absent.
    file: Option<PathBuf>,
    /// One JSON object `{"format", "request", "diagnostics"}` instead of text.
    #[arg(long)]
    json: bool,
    /// Server time zone (UTC offset or IANA name) that dates with an offset are converted to.
    #[arg(long, default_value = "+03:00", value_parser = super::parse_zone)]
    time_zone: crate::model::Zone,
    /// Json.NET generation to model.
    #[arg(long, value_enum, default_value = "v13")]
    json_net: super::JsonNetArg,
}

/// Exit 0 when the request binds, 1 when the server would see null or answer 415.
pub(crate) fn run(args: &ExplainArgs) -> Result<ExitCode, CliError> {
    let body = match &args.file {
        Some(path) => {
            std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?
        }
        None => {
            let mut buf = Vec::new();
            std::io::stdin()
                .read_to_end(&mut buf)
                .map_err(|e| format!("cannot read stdin: {e}"))?;
            buf
        }
    };
    let options = BindOptions {
        server_zone: args.time_zone,
        json_net: JsonNet::from(args.json_net),
        ..BindOptions::default()
    };
    match bind(args.content_type.as_deref(), &body, &options) {
        Ok(bound) => {
            if args.json {
                outln(&serde_json::to_string_pretty(&bound.to_json())?)?;
            } else {
                out(&bound.to_string())?;
            }
            Ok(if bound.request.is_some() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
        Err(unsupported) => {
            if args.json {
                let value = serde_json::json!({
                    "format": null,
                    "request": null,
                    "status": 415,
                    "message": unsupported.message(),
                    "diagnostics": [],
                });
                outln(&serde_json::to_string_pretty(&value)?)?;
            } else {
                outln(&format!(
                    "no reader: HTTP 415 {{\"Message\":\"{}\"}}",
                    unsupported.message()
                ))?;
            }
            Ok(ExitCode::from(1))
        }
    }
}
