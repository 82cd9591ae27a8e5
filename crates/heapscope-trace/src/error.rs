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
    #[error("{}", version_message(*found, *oldest, *newest))]
    Version {
        /// The version in the file.
        found: u32,
        /// The oldest version this build reads.
        oldest: u32,
        /// The newest version this build reads (the one it writes).
        newest: u32,
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

/// Versions past this are taken for damage, not for a newer heapscope: the format gains a
/// version a release at most.
const PLAUSIBLE_VERSIONS: u32 = 1000;

/// Says whether a newer heapscope made the file (and what to do) or the number is
/// nonsense (a damaged file, or not one of ours).
fn version_message(found: u32, oldest: u32, newest: u32) -> String {
    if found > newest && found < PLAUSIBLE_VERSIONS {
        format!(
            "the trace was made by a newer heapscope (format version {found}; this one reads \
             versions {oldest} to {newest}): upgrade heapscope to read it"
        )
    } else {
        format!(
            "trace format version {found} is unknown (this heapscope reads versions \
             {oldest} to {newest}): the file is damaged or was not written by heapscope"
        )
    }
}

pub(crate) fn corrupt(what: impl Into<String>) -> Error {
    Error::Corrupt(what.into())
}
