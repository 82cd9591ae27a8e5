//! Errors of the trace model and its file format.

use std::path::PathBuf;

/// What went wrong reading or building a trace.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The bytes do not decode as the record language (a corrupt stream or file).
    #[error("corrupt trace data: {0}")]
    Corrupt(String),
    /// The file ended before it should.
    #[error("the trace file is truncated: {0}")]
    Truncated(String),
    /// Not a heapscope trace at all.
    #[error("not a heapscope trace file (it does not start with the HSTRACE signature)")]
    NotATrace,
    /// A trace written by a newer (or unknown) format version.
    #[error(
        "trace format version {found} is not supported (this heapscope reads version {supported})"
    )]
    Version {
        /// The version in the file.
        found: u32,
        /// The version this build reads.
        supported: u32,
    },
    /// A step number past the end.
    #[error("step {step} does not exist: the trace has {len} steps (numbered 1 to {len})")]
    NoSuchStep {
        /// Requested step (1-based).
        step: u64,
        /// Number of steps.
        len: u64,
    },
    /// Reading or writing a file failed.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// An I/O error on a stream without a path.
    #[error(transparent)]
    Stream(#[from] std::io::Error),
}

/// Result with [`Error`].
pub type Result<T> = std::result::Result<T, Error>;

pub(crate) fn corrupt(what: impl Into<String>) -> Error {
    Error::Corrupt(what.into())
}
