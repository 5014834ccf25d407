//! The `favorite-contract` binary: parse arguments, run, report errors.

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = favorite_contract::cli::Cli::parse();
    match favorite_contract::cli::run(cli) {
        Ok(code) => code,
        Err(err) => {
            let mut message = format!("error: {err}");
            let mut source = err.source();
            while let Some(cause) = source {
                message.push_str(&format!(": {cause}"));
                source = cause.source();
            }
            eprintln!("{message}");
            ExitCode::from(2)
        }
    }
}
