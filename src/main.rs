//! The `favorite-contract` binary: parse arguments, run, report errors. A panic anywhere ends
//! with exit 2 and one `internal error:` line (see `cli::guard`).

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    favorite_contract::cli::guard(|| {
        let cli = favorite_contract::cli::Cli::parse();
        let color = cli.color();
        match favorite_contract::cli::run(cli) {
            Ok(code) => code,
            Err(err) => {
                favorite_contract::cli::report_error(color, &err);
                ExitCode::from(2)
            }
        }
    })
}
