//! The one error type of the crate.

/// What can go wrong while laying out or painting a step.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The trace could not give the step's state (no such step, or a corrupt trace).
    #[error("trace: {0}")]
    Trace(#[from] heapscope_trace::Error),
    /// The SVG did not parse for rasterising (a painter bug, never the user's fault).
    #[error("svg: {0}")]
    Svg(String),
    /// The PNG could not be produced (zero-sized or too large picture).
    #[error("png: {0}")]
    Png(String),
    /// Scene data could not be serialised for the HTML player.
    #[error("json: {0}")]
    Json(#[from] serde_json::Error),
}

/// Result with this crate's [`Error`].
pub type Result<T> = std::result::Result<T, Error>;
