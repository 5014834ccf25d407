//! `--ca-cert FILE`: the flag every command that talks to a server shares (`check`,
//! `snapshot`, and any command that forwards traffic to a target), read into the client's
//! [`TlsTrust`].

use super::CliError;
use crate::client::TlsTrust;
use std::path::PathBuf;

/// TLS flags.
#[derive(Debug, Clone, Default, clap::Args)]
pub(crate) struct TlsArgs {
    /// Also trust the CA certificates of this PEM file for https:// targets (an internal CA;
    /// repeatable). The public web roots are always trusted.
    #[arg(long = "ca-cert", value_name = "FILE")]
    ca_certs: Vec<PathBuf>,
}

impl TlsArgs {
    /// The trust these flags ask for; a file that is missing or holds no certificate is a usage
    /// error naming it.
    pub(crate) fn trust(&self) -> Result<TlsTrust, CliError> {
        Ok(TlsTrust::from_pem_files(&self.ca_certs)?)
    }
}
