//! The parent side of a traced run: start the worker (the heapscope binary re-run with a
//! hidden subcommand) as a child process with limits, feed it the program, read its trace
//! stream into a [`Trace`], and turn every way a run can end (finished, exception, limit,
//! crash, killed) into a final step that says so in words.
//!
//! The child half lives here too ([`child`]): it applies the limits to itself and hands
//! the pipe to the tracer. This crate never links Python.
//!
//! # Source layout
//! - `options`: what a run may use ([`RunOptions`]).
//! - `parent`: spawning, reading, the watchdog and the final step.
//! - `child`: what the worker process does before Python starts.
//! - `worker_command`: which process traces (this binary, or a Python interpreter).
//! - `source`: a program's bytes to text, as CPython decodes a source file.

mod child;
mod error;
mod options;
mod parent;
mod sandbox;
mod source;
mod worker_command;

pub use child::{prepare_child, prepare_child_with, ChildRequest};
pub use error::RunError;
pub use options::RunOptions;
pub use parent::{trace_program, trace_program_observed, trace_source, trace_source_observed};
pub use sandbox::{Sandbox, SandboxError, SandboxRequest, UnknownSandbox, Workspace};
pub use worker_command::{
    check_python, python_worker, PythonCheckError, PythonInfo, WorkerCommand, SUPPORTED_PYTHONS,
};
