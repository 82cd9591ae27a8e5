//! The worker side of heapscope: CPython embedded through PyO3, a C-level trace hook, and
//! a walker that reads frames and objects without running any of the program's code.
//!
//! This is the only crate that links CPython. [`run_worker`] is the whole interface: the
//! runner starts the heapscope binary as a child process that calls it with a
//! [`WorkerConfig`](heapscope_trace::wire::WorkerConfig) and a pipe; the worker runs the
//! program and writes the trace as framed [`Record`](heapscope_trace::Record)s.
//!
//! # Source layout
//! - `worker`: start-up, running the program, the end of the run.
//! - `run_state`: the run's state (the tracer at work, a pending stop, output and input),
//!   which the other modules depend on instead of on each other.
//! - `tracer`: the trace hook's work and the per-step snapshot (what changed).
//! - The readers, which hold every raw C-API call: `pyread` (safe reads of builtin
//!   objects, one file per structure), `compat` (everything that differs between CPython
//!   versions, the only place that names one), `interp` (compiling, running, tracing).
//! - `alloc_hook`: the allocator wrapper that tells when a tracked object is freed.
//! - `capture`: stdout/stderr recorders, `input()`, refused `sys.settrace`.
//! - `audit`: the sandbox's audit hook.
//! - `emit`: the framed stream to the parent.
//! - `numpy`: numpy's array struct and its NEP 49 allocator handler (buffers counted).
//! - `folders`: the folders the running Python reads from (for the sandbox's layers).

#![warn(clippy::missing_safety_doc)]

mod alloc_hook;
mod audit;
mod capture;
mod compat;
mod emit;
mod folders;
mod interp;
mod numpy;
mod pyread;
mod run_state;
mod tracer;
mod worker;

pub use compat::SUPPORTED_PYTHONS;
pub use folders::{python_folders, PythonFolders};
pub use worker::run_worker;

/// The CPython version this build embeds ("3.11"), for messages.
pub const BUILT_PYTHON: &str = env!("HEAPSCOPE_BUILT_PYTHON");
