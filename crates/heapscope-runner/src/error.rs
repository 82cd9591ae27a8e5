//! Errors of the runner: the run could not be attempted at all. Everything that happens
//! once the program runs (even a crash) is a trace, not an error.

use std::path::PathBuf;

/// Why a run could not be made.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RunError {
    /// The program file could not be read.
    #[error("cannot read {path}: {source}")]
    ReadProgram {
        /// The program.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The program is not UTF-8 text.
    #[error("{path} is not a text file (it is not valid UTF-8)")]
    NotText {
        /// The program.
        path: PathBuf,
    },
    /// The program's coding cookie names an encoding heapscope does not decode.
    #[error("{path} declares the encoding {encoding:?}: heapscope reads programs in UTF-8 or Latin-1 (save it as UTF-8)")]
    Encoding {
        /// The program.
        path: PathBuf,
        /// The name in its cookie.
        encoding: String,
    },
    /// The worker process could not be started.
    #[error("cannot start the Python worker ({exe}): {source}")]
    Spawn {
        /// The worker executable.
        exe: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The worker started but said nothing at all (a broken installation).
    #[error("the Python worker exited before it started ({detail})")]
    WorkerDidNotStart {
        /// Exit status and what it printed.
        detail: String,
    },
    /// Building the trace failed in a way no final step can explain.
    #[error(transparent)]
    Trace(#[from] heapscope_trace::Error),
}
