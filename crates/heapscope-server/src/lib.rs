//! heapscope's web app: `heapscope serve`.
//!
//! An axum server that answers a small JSON API (see `docs/api.md`) and serves the
//! front-end, which is embedded in the binary (no build step, no files at run time).
//!
//! Every run of user code goes to a worker process through
//! [`heapscope_runner::trace_source`] on a blocking thread; the server process never runs
//! Python. At most `workers` runs happen at once: a run that finds them all busy is
//! answered `503 busy, try again` at once rather than queued, so a flood of slow programs
//! cannot pile up. Identical runs (same code, input and options) are answered from a
//! bounded LRU cache, and so are the pictures of their steps.
//!
//! # Source layout
//! - `config`: what the server is started with ([`ServerConfig`]).
//! - `api`: the routes and handlers ([`router`]).
//! - `runs`: the worker pool and the trace cache ([`Runs`]).
//! - `lru`: a small bounded LRU map.
//! - `assets`: the embedded front-end.
//! - `fragment`: the share-link fragment (`#code=…`) for `--open`.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod api;
mod assets;
mod config;
mod error;
mod fragment;
mod lru;
mod runs;
mod teach;

pub use api::{router, AppState};
pub use config::ServerConfig;
pub use error::{ApiError, ServerError};
pub use fragment::{base64url, share_fragment};
pub use lru::Lru;
pub use runs::{RunRequest, RunRequestOptions, RunSummary, Runs};

/// Binds `config.host:config.port` and serves until the process ends.
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
        axum::serve(listener, router(state))
            .await
            .map_err(ServerError::Serve)
    })
}
