//! Starting the proxy and the handle that owns it: bind before spawning (a bound socket queues
//! connections at once), shut down on `shutdown().await` (draining the exchanges in flight)
//! or on drop.

use super::accept;
use super::body::ProxyBody;
use super::config::ProxyConfig;
use super::journal::Journal;
use super::read::budget_units;
use super::record::{ProxyCounts, Record};
use crate::checker::{Report, RuleCount};
use crate::client::{Forwarder, TlsSetup};
use crate::judge::{Judge, MEMO_ENTRIES, VerdictMemo};
use http::header::{HeaderName, HeaderValue};
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::AtomicUsize;
use std::time::Instant;
use tokio::net::TcpListener;
use tokio::sync::{Semaphore, watch};
use tokio::task::JoinHandle;

/// Why the proxy could not start.
#[derive(Debug, thiserror::Error)]
pub enum ProxyError {
    /// The address could not be bound.
    #[error("could not listen on {addr}")]
    Bind {
        /// The address asked for.
        addr: String,
        /// Why.
        #[source]
        error: std::io::Error,
    },
    /// The TLS client could not be set up.
    #[error(transparent)]
    Tls(#[from] TlsSetup),
    /// A credential header is not a valid HTTP header.
    #[error("--header {name}: expected a valid HTTP header name and value")]
    Header {
        /// The header's name as given.
        name: String,
    },
    /// The upstream is the proxy's own address.
    #[error("--upstream {upstream}: expected another server, found the proxy's own address")]
    Loop {
        /// The upstream URL.
        upstream: String,
    },
}

/// What every exchange shares.
pub(crate) struct Shared {
    pub(crate) config: ProxyConfig,
    pub(crate) judge: Judge,
    /// The verdicts of exchanges seen before, exact (repeated traffic is judged once).
    pub(crate) memo: VerdictMemo,
    pub(crate) forwarder: Forwarder<ProxyBody>,
    pub(crate) credentials: Vec<(HeaderName, HeaderValue)>,
    pub(crate) budget: Arc<Semaphore>,
    pub(crate) record: Record,
    pub(crate) journal: Journal,
    pub(crate) started: Instant,
    pub(crate) in_flight: AtomicUsize,
}

impl Shared {
    /// The report of everything so far.
    pub(crate) fn report(&self) -> Report {
        self.record.report(
            &self.config.judge.profile.name,
            &self.config.upstream.base_url(),
            self.config.judge.oracle && self.config.judge.dataset.is_some(),
        )
    }
}

/// Entry point of the validation proxy.
#[derive(Debug)]
pub struct ProxyServer;

impl ProxyServer {
    /// Bind `addr` (`127.0.0.1:0` for any free port) and start forwarding to
    /// `config.upstream`. Must be called within a tokio runtime.
    pub async fn start(config: ProxyConfig, addr: &str) -> Result<ProxyHandle, ProxyError> {
        let mut credentials = Vec::new();
        for (name, value) in &config.credentials {
            match (
                HeaderName::from_bytes(name.as_bytes()),
                HeaderValue::from_str(value),
            ) {
                (Ok(name), Ok(value)) => credentials.push((name, value)),
                _ => return Err(ProxyError::Header { name: name.clone() }),
            }
        }
        let forwarder = Forwarder::new(
            config.upstream.clone(),
            &config.trust,
            config.limits.give_up,
        )?;
        let listener = TcpListener::bind(addr)
            .await
            .map_err(|error| ProxyError::Bind {
                addr: addr.to_owned(),
                error,
            })?;
        let local = listener.local_addr().map_err(|error| ProxyError::Bind {
            addr: addr.to_owned(),
            error,
        })?;
        if names_itself(&config, local) {
            return Err(ProxyError::Loop {
                upstream: config.upstream.base_url(),
            });
        }
        let shared = Arc::new(Shared {
            judge: Judge::new(config.judge.clone()).for_captured_traffic(),
            memo: VerdictMemo::new(MEMO_ENTRIES),
            forwarder,
            credentials,
            budget: Arc::new(Semaphore::new(budget_units(
                config.limits.judge_budget_bytes,
            ))),
            record: Record::new(),
            journal: Journal::new(config.journal_size, config.journal_bytes),
            started: Instant::now(),
            in_flight: AtomicUsize::new(0),
            config,
        });
        let (stop, stopped) = watch::channel(());
        let task = tokio::spawn(accept::serve(listener, Arc::clone(&shared), stopped));
        Ok(ProxyHandle {
            addr: local,
            shared,
            stop: Some(stop),
            task: Some(task),
        })
    }
}

/// Whether the upstream is this very listener (a request would come round forever).
fn names_itself(config: &ProxyConfig, local: SocketAddr) -> bool {
    let host = config.upstream.host.as_str();
    let local_host = matches!(host, "localhost" | "127.0.0.1" | "::1" | "0.0.0.0")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip == local.ip());
    local_host && config.upstream.port == local.port()
}

/// The running proxy. Dropping it stops accepting at once; [`ProxyHandle::shutdown`] drains
/// the exchanges in flight first and returns the final report.
#[derive(Debug)]
pub struct ProxyHandle {
    addr: SocketAddr,
    shared: Arc<Shared>,
    stop: Option<watch::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for Shared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Shared")
            .field("upstream", &self.config.upstream.base_url())
            .finish_non_exhaustive()
    }
}

impl ProxyHandle {
    /// The bound address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://host:port`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The report of everything judged so far (what `POST /__proxy/report` writes).
    pub fn report(&self) -> Report {
        self.shared.report()
    }

    /// Exchanges so far.
    pub fn counts(&self) -> ProxyCounts {
        self.shared.record.counts()
    }

    /// Findings so far, by severity.
    pub fn totals(&self) -> RuleCount {
        self.shared.record.totals()
    }

    /// The journal as `GET /__proxy/exchanges` serves it (JSON).
    pub fn journal_json(&self) -> Vec<u8> {
        self.shared.journal.to_json()
    }

    /// Stop accepting, answer the exchanges in flight (within the drain timeout), and return
    /// the final report.
    pub async fn shutdown(mut self) -> Report {
        drop(self.stop.take());
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
        self.shared.report()
    }
}

impl Drop for ProxyHandle {
    fn drop(&mut self) {
        if let Some(task) = &self.task {
            // Without a drain: a dropped handle stops the proxy at once.
            task.abort();
        }
    }
}
