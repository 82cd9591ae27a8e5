//! `heapscope._native`: heapscope inside the user's own Python.
//!
//! Three ways in, one Rust core:
//! - [`main`]: the `heapscope` command of the Python package: the same CLI as the cargo-built
//!   binary, whose workers are this interpreter (`sys.executable`) instead of an embedded
//!   CPython, so a program imports what `python prog.py` would (a venv's packages too).
//! - [`_worker`]: the worker process itself, started by the runner as
//!   `python -c <boot>`: confine itself, then trace the program in this interpreter.
//! - [`trace`] and [`Trace`] (in `api`): the Python API for scripts and notebooks.
//!
//! The tracer never runs in the caller's process: `trace()` starts a worker like any run,
//! so a crash or an endless loop in traced code leaves a notebook's kernel alive.

mod api;

use std::ffi::OsString;
use std::path::PathBuf;

use heapscope_runner::WorkerCommand;
use pyo3::prelude::*;

/// Runs the heapscope command line `argv` (program name first) with `python` as the
/// default worker; `package_dir` holds the `heapscope` package (offered to another venv of
/// the same Python version). Returns the exit status.
#[pyfunction]
fn main(py: Python<'_>, argv: Vec<OsString>, python: PathBuf, package_dir: PathBuf) -> u8 {
    WorkerCommand::set_default(WorkerCommand::Python {
        python,
        package_dir: Some(package_dir),
    });
    // Release the interpreter: the CLI may run a server with threads, and it never calls
    // back into this Python.
    py.detach(|| {
        let code = heapscope::run_cli(argv);
        // The Python side leaves with os._exit: nothing buffered may stay behind.
        let _ = std::io::Write::flush(&mut std::io::stdout());
        code
    })
}

/// The worker's main, in the interpreter that will run the program: read the request,
/// confine this process (its own installation and import folders stay readable), and trace.
/// Never returns.
#[pyfunction]
fn _worker() -> PyResult<()> {
    let folders = heapscope_tracer::python_folders();
    let prepared = heapscope_runner::prepare_child_with(|sandbox| {
        sandbox.python_install = folders.install;
        sandbox.python_path = folders.path;
    });
    match prepared {
        Ok((req, events)) => heapscope_tracer::run_worker(events, req.config),
        Err(e) => Err(pyo3::exceptions::PyRuntimeError::new_err(format!(
            "heapscope worker: {e}"
        ))),
    }
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(main, m)?)?;
    m.add_function(wrap_pyfunction!(_worker, m)?)?;
    m.add_function(wrap_pyfunction!(api::trace, m)?)?;
    m.add_function(wrap_pyfunction!(api::load, m)?)?;
    m.add_class::<api::Trace>()?;
    m.add(
        "SUPPORTED_PYTHONS",
        heapscope_runner::SUPPORTED_PYTHONS.to_vec(),
    )?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
