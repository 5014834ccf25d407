//! The `favorite-contract` binary: parse arguments, run, report errors.

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = favorite_contract::cli::Cli::parse();
    let color = cli.color();
    match favorite_contract::cli::run(cli) {
        Ok(code) => code,
        Err(err) => {
            favorite_contract::cli::report_error(color, &err);
            ExitCode::from(2)
        }
    }
}
