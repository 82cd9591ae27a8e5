//! heapscope's web app: `heapscope serve`.
//!
//! An axum server that answers a small JSON API (see `docs/api.md`) and serves the
//! front-end, which is embedded in the binary (no build step, no files at run time).
//!
//! Every run of user code goes to a worker process through
//! [`heapscope_runner::trace_source`] on a blocking thread; the server process never runs
//! Python. At most `workers` runs happen at once; more wait in a bounded line that is fair
//! between clients (`queue`), and only a full line or too long a wait is answered 503.
//! Identical runs (same code, input and options) are answered from a bounded LRU cache,
//! and so are the pictures of their steps. The server keeps nothing a second instance
//! lacks: a trace request may carry its program, so any instance can answer it (`carried`).
//!
//! # Source layout
//! - `config`: what the server is started with ([`ServerConfig`]).
//! - `api`: the routes and handlers ([`router`]).
//! - `runs`: the worker pool and the trace cache ([`Runs`]).
//! - `queue`: the fair, bounded line of runs waiting for a worker.
//! - `client`: who a run belongs to (the page's tab id, or the address).
//! - `progress`: a waiting run's place, streamed to the page.
//! - `carried`: request bodies, and the program a trace request may carry.
//! - `metrics`: what `/metrics` tells Prometheus.
//! - `lru`: a small bounded LRU map.
//! - `assets`: the embedded front-end.
//! - `fragment`: the share-link fragment (`#code=…`) for `--open`.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod api;
mod assets;
mod carried;
mod client;
mod config;
mod error;
mod fragment;
mod lru;
mod metrics;
mod progress;
mod queue;
mod runs;
mod state;
mod teach;

pub use api::router;
pub use config::ServerConfig;
pub use error::{ApiError, ServerError};
pub use fragment::{base64url, share_fragment};
pub use lru::Lru;
pub use queue::Place;
pub use runs::{RunRequest, RunRequestOptions, RunSummary, Runs};
pub use state::AppState;

/// Binds `config.host:config.port` and serves until SIGTERM or Ctrl-C, then stops
/// gracefully: it takes no new connections, answers the requests in progress (runs
/// included, waiting ones too, each bounded by the line's longest wait) and returns.
///
/// `on_ready` is called with the URL once the socket is bound (the CLI prints it and may
/// open a browser), so a port of 0 still reports where the server listens.
pub fn serve(
    config: ServerConfig,
    on_ready: impl FnOnce(&str, &AppState),
) -> Result<(), ServerError> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(ServerError::Runtime)?;
    runtime.block_on(async move {
        let addr = format!("{}:{}", config.host, config.port);
        let listener = tokio::net::TcpListener::bind(&addr)
            .await
            .map_err(|source| ServerError::Bind {
                addr: addr.clone(),
                source,
            })?;
        let local = listener
            .local_addr()
            .map_err(|source| ServerError::Bind { addr, source })?;
        let state = AppState::new(config);
        let host = if local.ip().is_unspecified() {
            "127.0.0.1".to_string()
        } else {
            local.ip().to_string()
        };
        let url = format!("http://{host}:{}/", local.port());
        on_ready(&url, &state);
        let stopping = state.clone();
        let app = router(state).into_make_service_with_connect_info::<std::net::SocketAddr>();
        axum::serve(listener, app)
            .with_graceful_shutdown(async move {
                let why = stop_signal().await;
                stopping.set_stopping();
                tracing::info!(
                    target: "heapscope::serve",
                    signal = why,
                    busy = stopping.runs().busy(),
                    waiting = stopping.runs().queue().waiting(),
                    "stopping: no new connections; finishing the runs in progress"
                );
            })
            .await
            .map_err(ServerError::Serve)?;
        tracing::info!(target: "heapscope::serve", "stopped");
        Ok(())
    })
}

/// Waits for Ctrl-C or SIGTERM (what `kill` and Kubernetes send), and says which.
async fn stop_signal() -> &'static str {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => "SIGINT",
        _ = term => "SIGTERM",
    }
}
