//! `MockServer::builder()…start()` and the [`ServerHandle`] that owns the running server:
//! bind before spawning (a bound socket already queues connections, so no readiness polling),
//! and shut down on `shutdown().await` or on drop (style lessons 4–5).

use super::accept;
use super::auth::AuthMode;
use super::config::{DatasetSource, Limits, ServerConfig};
use super::journal::JournalEntry;
use super::scenario::Scenario;
use super::state::{LoadedDataset, ReloadError, ReloadReport, State};
use super::watch as file_watch;
use crate::contract::contract;
use crate::dataset::DatasetError;
use crate::engine::Settings;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

/// The address [`MockServerBuilder`] binds when told nothing: loopback, any free port.
pub const DEFAULT_BIND: &str = "127.0.0.1:0";

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    /// The dataset did not load.
    #[error("could not load the dataset from {source_name}")]
    Dataset {
        /// Where it was loaded from.
        source_name: String,
        /// Why.
        #[source]
        error: DatasetError,
    },
    /// The address could not be bound.
    #[error("could not listen on {addr}")]
    Bind {
        /// The address asked for.
        addr: String,
        /// Why.
        #[source]
        error: std::io::Error,
    },
    /// The async runtime could not start.
    #[error("could not start the async runtime")]
    Runtime(#[source] std::io::Error),
}

/// Entry point of the mock server.
#[derive(Debug)]
pub struct MockServer;

impl MockServer {
    /// A builder with the default configuration, bound to [`DEFAULT_BIND`].
    pub fn builder() -> MockServerBuilder {
        MockServerBuilder {
            config: ServerConfig::default(),
            target: Target::Addr(DEFAULT_BIND.to_owned()),
        }
    }
}

#[derive(Debug)]
enum Target {
    Addr(String),
    Listener(std::net::TcpListener),
}

/// Configures and starts a [`MockServer`].
#[derive(Debug)]
#[must_use = "a builder does nothing until `start().await`"]
pub struct MockServerBuilder {
    config: ServerConfig,
    target: Target,
}

impl MockServerBuilder {
    /// Replace the whole configuration.
    pub fn config(mut self, config: ServerConfig) -> Self {
        self.config = config;
        self
    }
    /// Listen on this address (`host:port`; port 0 = any free port).
    pub fn bind(mut self, addr: impl Into<String>) -> Self {
        self.target = Target::Addr(addr.into());
        self
    }
    /// Serve on an already bound listener.
    pub fn listener(mut self, listener: std::net::TcpListener) -> Self {
        self.target = Target::Listener(listener);
        self
    }
    /// Serve this dataset file or folder (reloadable).
    pub fn dataset_path(mut self, path: impl Into<PathBuf>) -> Self {
        self.config.dataset = DatasetSource::Path(path.into());
        self
    }
    /// Authentication mode.
    pub fn auth(mut self, auth: AuthMode) -> Self {
        self.config.auth = auth;
        self
    }
    /// Application base path (e.g. `/lcmanager`).
    pub fn base_path(mut self, base_path: impl Into<String>) -> Self {
        self.config.base_path = Some(base_path.into());
        self
    }
    /// Engine settings.
    pub fn settings(mut self, settings: Settings) -> Self {
        self.config.settings = settings;
        self
    }
    /// Global scenario controls.
    pub fn scenario(mut self, scenario: Scenario) -> Self {
        self.config.scenario = scenario;
        self
    }
    /// Resource limits.
    pub fn limits(mut self, limits: Limits) -> Self {
        self.config.limits = limits;
        self
    }
    /// Journal capacity.
    pub fn journal_size(mut self, size: usize) -> Self {
        self.config.journal_size = size;
        self
    }
    /// Poll the dataset files and reload on change.
    pub fn watch(mut self, watch: bool) -> Self {
        self.config.watch = watch;
        self
    }
    /// Silence the per-request log line.
    pub fn quiet(mut self, quiet: bool) -> Self {
        self.config.quiet = quiet;
        self
    }

    /// Load the dataset, bind, and start serving in the background.
    pub async fn start(self) -> Result<ServerHandle, ServerError> {
        let state = State::new(self.config.clone()).map_err(|error| ServerError::Dataset {
            source_name: self.config.dataset.to_string(),
            error,
        })?;
        let listener = match self.target {
            Target::Addr(addr) => TcpListener::bind(&addr)
                .await
                .map_err(|error| ServerError::Bind { addr, error })?,
            Target::Listener(listener) => {
                let addr = listener
                    .local_addr()
                    .map_or_else(|_| "a given listener".to_owned(), |a| a.to_string());
                listener
                    .set_nonblocking(true)
                    .and_then(|()| TcpListener::from_std(listener))
                    .map_err(|error| ServerError::Bind { addr, error })?
            }
        };
        let addr = listener.local_addr().map_err(|error| ServerError::Bind {
            addr: "the bound listener".to_owned(),
            error,
        })?;
        let state = Arc::new(state);
        let (shutdown, receiver) = watch::channel(());
        let watcher = match (&state.config.dataset, state.config.watch) {
            (DatasetSource::Path(path), true) => Some(file_watch::spawn(
                Arc::clone(&state),
                path.clone(),
                receiver.clone(),
            )),
            _ => None,
        };
        let task = tokio::spawn(accept::serve(listener, Arc::clone(&state), receiver));
        Ok(ServerHandle {
            addr,
            state,
            shutdown: Some(shutdown),
            task: Some(task),
            watcher,
        })
    }
}

/// A running mock server. Dropping it stops accepting and drains in the background;
/// [`ServerHandle::shutdown`] does the same and waits for the drain to end.
#[derive(Debug)]
pub struct ServerHandle {
    addr: SocketAddr,
    state: Arc<State>,
    shutdown: Option<watch::Sender<()>>,
    task: Option<JoinHandle<()>>,
    watcher: Option<JoinHandle<()>>,
}

impl ServerHandle {
    /// The bound address.
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://host:port` (loopback when bound to an unspecified address).
    pub fn url(&self) -> String {
        let mut addr = self.addr;
        if addr.ip().is_unspecified() {
            addr.set_ip(match addr {
                SocketAddr::V4(_) => std::net::Ipv4Addr::LOCALHOST.into(),
                SocketAddr::V6(_) => std::net::Ipv6Addr::LOCALHOST.into(),
            });
        }
        format!("http://{addr}")
    }

    /// The action's full URL, base path included.
    pub fn endpoint_url(&self) -> String {
        format!(
            "{}{}/{}",
            self.url(),
            self.state.config.base_path.as_deref().unwrap_or(""),
            contract().endpoint.path.trim_matches('/')
        )
    }

    /// Reload the dataset now (as `POST /__mock/reload`).
    pub fn reload(&self) -> Result<ReloadReport, ReloadError> {
        self.state.reload()
    }

    /// Requests being served right now (latency included).
    pub fn in_flight(&self) -> usize {
        self.state.in_flight()
    }

    /// The dataset in service (an `Arc`: a later reload does not change it under you).
    pub fn dataset(&self) -> Arc<LoadedDataset> {
        self.state.dataset()
    }

    /// The journal, oldest first.
    pub fn journal(&self) -> Vec<JournalEntry> {
        self.state.journal.snapshot().0
    }

    /// Stop accepting, let in-flight requests finish within the drain timeout, and wait.
    pub async fn shutdown(mut self) {
        self.shutdown.take();
        if let Some(task) = self.task.take() {
            // A join error means the accept loop panicked or was cancelled: it is over anyway.
            let _ = task.await;
        }
        if let Some(watcher) = self.watcher.take() {
            let _ = watcher.await;
        }
    }
}

impl Drop for ServerHandle {
    fn drop(&mut self) {
        // Dropping the sender wakes the accept loop and the watcher; both wind down on their own.
        self.shutdown.take();
    }
}
