//! `favorite-contract schema openapi|xsd`: write the documents generated from the contract.

use super::CliError;
use super::output::{self, outln};
use crate::schema;
use std::path::PathBuf;
use std::process::ExitCode;

/// Which document.
#[derive(Debug, clap::Subcommand)]
pub(crate) enum SchemaCommand {
    /// OpenAPI 3.1 (JSON) to FILE or stdout.
    Openapi {
        /// Output file; stdout when absent.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// XSDs of the DataContract XML, one per namespace, into DIR (or all to stdout).
    Xsd {
        /// Output directory; stdout when absent.
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

pub(crate) fn run(command: SchemaCommand) -> Result<ExitCode, CliError> {
    match command {
        SchemaCommand::Openapi { out } => {
            let text = schema::openapi_text();
            match out {
                Some(path) => std::fs::write(&path, text)
                    .map_err(|e| format!("cannot write {}: {e}", path.display()))?,
                None => output::out(&text)?,
            }
        }
        SchemaCommand::Xsd { out } => {
            let files = schema::xsd(crate::contract::contract());
            match out {
                Some(dir) => {
                    std::fs::create_dir_all(&dir)
                        .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
                    for file in files {
                        let path = dir.join(&file.file_name);
                        std::fs::write(&path, file.text)
                            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
                    }
                }
                None => {
                    for file in files {
                        outln(&format!("<!-- {} -->", file.file_name))?;
                        output::out(&file.text)?;
                    }
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
