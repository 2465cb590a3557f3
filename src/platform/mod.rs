//! The reference platform behind `ozg serve`: it receives releases of
//! model repositories, activates each service version on its `valid_from`
//! date in German time, accepts applications and runs their cases with the
//! same engine as `ozg test`.
//!
//! Everything is kept in one `SQLite` database in the data folder
//! ([`store`]). The HTTP API ([`server`], shapes in [`api`]) is described
//! in `docs/platform.md` and `docs/openapi.yaml`.

pub mod api;
pub mod auth;
pub mod cases;
pub mod clock;
pub mod error;
pub mod messages;
pub mod release;
pub mod server;
pub mod store;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use jiff::Timestamp;

use crate::platform::clock::{Clock, ClockMode};
use crate::platform::server::Platform;
use crate::platform::store::{Store, StoreError};

/// Request bodies larger than this are refused unless configured otherwise.
pub const DEFAULT_MAX_BODY: usize = 16 * 1024 * 1024;

/// How `ozg serve` runs.
#[derive(Debug, Clone)]
pub struct ServeConfig {
    pub data: PathBuf,
    pub listen: SocketAddr,
    pub clock: ClockMode,
    /// The time of a fixed or test clock.
    pub now: Option<Timestamp>,
    pub max_body: usize,
    pub timeout: Duration,
    /// How often closed cases are checked for erasure.
    pub retention_every: Duration,
    /// Log one line per request.
    pub verbose: bool,
}

/// Why the server could not start or stopped with an error.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Zone(#[from] clock::ZoneError),
    #[error("cannot listen on {addr}: {source}")]
    Listen {
        addr: SocketAddr,
        #[source]
        source: std::io::Error,
    },
    #[error("the server failed: {0}")]
    Io(#[from] std::io::Error),
}

/// Opens the data folder and serves until SIGTERM or Ctrl-C; requests in
/// flight are finished before it returns. `ready` is called with the
/// address once the server accepts connections.
pub fn serve(config: &ServeConfig, ready: impl FnOnce(SocketAddr)) -> Result<(), ServeError> {
    let store = Store::open(&config.data)?;
    let clock = Clock::new(config.clock, config.now)?;
    let platform = Arc::new(Platform::new(store, clock, config.max_body, config.verbose));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(config.listen)
            .await
            .map_err(|source| ServeError::Listen {
                addr: config.listen,
                source,
            })?;
        ready(listener.local_addr()?);
        server::run(
            platform,
            listener,
            config.timeout,
            config.retention_every,
            shutdown_signal(),
        )
        .await?;
        Ok(())
    })
}

/// Completes on Ctrl-C or SIGTERM.
async fn shutdown_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {},
        () = terminate => {},
    }
}
