//! The worker process's main: set up CPython, run the program under the tracer, and send
//! the trace to the parent. It never returns: it ends with `_exit`, so no interpreter
//! shutdown (atexit handlers, finalizers) runs untraced after the last step.

use std::fs::File;

use heapscope_trace::wire::{FrameTag, WorkerConfig, WorkerHello};
use heapscope_trace::Outcome;
use pyo3::ffi;
use pyo3::prelude::*;
use pyo3::types::PyList;

use crate::capture;
use crate::emit::Emitter;
use crate::interp;
use crate::run_state;
use crate::tracer::Tracer;

fn hello(out: &mut Emitter, py: Python<'_>) {
    let v = py.version_info();
    let python_version = format!("{}.{}.{}", v.major, v.minor, v.patch);
    out.json(FrameTag::Hello, &WorkerHello { python_version });
}

/// Runs the program described by `cfg`, writing the trace to `events`. Never returns.
///
/// Two ways in: the heapscope binary starts its embedded CPython here; a Python worker
/// (heapscope's extension module in the user's interpreter) is already running one, and
/// the program then gets a fresh `__main__`, as `python prog.py` would.
pub fn run_worker(events: File, cfg: WorkerConfig) -> ! {
    let embedded = !interp::is_initialized();
    if embedded {
        // The standard library must be the one of the libpython we link, not whatever
        // `python3` is first on PATH.
        let home = env!("HEAPSCOPE_PYTHON_HOME");
        if !home.is_empty() && std::path::Path::new(home).join("lib").is_dir() {
            std::env::set_var("PYTHONHOME", home);
        }
        Python::initialize();
    }
    let mut out = Emitter::new(events, cfg.stream_key);
    Python::attach(|py| {
        hello(&mut out, py);
        if !embedded {
            if let Err(e) = fresh_main(py) {
                eprintln!("heapscope: could not prepare Python: {e}");
                // SAFETY: ends the process before the program ran; nothing to flush.
                unsafe { libc::_exit(71) };
            }
        }
        if let Err(e) = setup(py, &cfg) {
            eprintln!("heapscope: could not prepare Python: {e}");
            // SAFETY: ends the process before the program ran; nothing to flush.
            unsafe { libc::_exit(71) };
        }
        if cfg.alloc_hook {
            crate::alloc_hook::install();
        }
        crate::emit::install_crash_flush();
        run(py, out, cfg)
    })
}

/// Replaces `__main__` (the worker's start-up code) with an empty module for the program:
/// its globals must hold what the program defines and nothing of ours.
fn fresh_main(py: Python<'_>) -> PyResult<()> {
    let main = PyModule::new(py, "__main__")?;
    main.setattr("__builtins__", py.import("builtins")?)?;
    main.setattr("__spec__", py.None())?;
    main.setattr("__loader__", py.None())?;
    let sys = py.import("sys")?;
    sys.getattr("modules")?.set_item("__main__", main)?;
    Ok(())
}

/// A `gc.callbacks` entry: objects freed between "start" and "stop" were freed by the
/// cycle collector, not by their last reference going away.
#[pyfunction]
fn collector_phase(phase: &Bound<'_, PyAny>, _info: &Bound<'_, PyAny>) {
    let starting = phase.extract::<String>().is_ok_and(|p| p == "start");
    crate::alloc_hook::set_collecting(starting);
}

fn setup(py: Python<'_>, cfg: &WorkerConfig) -> PyResult<()> {
    run_state::configure(&cfg.stdin, cfg.max_output);
    let sys = py.import("sys")?;
    let path = sys.getattr("path")?.cast_into::<PyList>()?;
    path.insert(0, &cfg.user_dir)?;
    sys.setattr("argv", vec![cfg.path.clone()])?;
    sys.setattr(
        "stdout",
        Py::new(py, capture::Recorder::new(heapscope_trace::Stream::Stdout))?,
    )?;
    sys.setattr(
        "stderr",
        Py::new(py, capture::Recorder::new(heapscope_trace::Stream::Stderr))?,
    )?;
    sys.setattr("stdin", Py::new(py, capture::InputReader)?)?;
    let m = PyModule::new(py, "_heapscope")?;
    m.add_function(wrap_pyfunction!(capture::input, &m)?)?;
    m.add_function(wrap_pyfunction!(capture::settrace, &m)?)?;
    m.add_function(wrap_pyfunction!(capture::setprofile, &m)?)?;
    m.add_function(wrap_pyfunction!(capture::hard_exit, &m)?)?;
    py.import("os")?.setattr("_exit", m.getattr("hard_exit")?)?;
    m.add_function(wrap_pyfunction!(collector_phase, &m)?)?;
    py.import("gc")?
        .getattr("callbacks")?
        .call_method1("append", (m.getattr("collector_phase")?,))?;
    let builtins = py.import("builtins")?;
    builtins.setattr("input", m.getattr("input")?)?;
    sys.setattr("settrace", m.getattr("settrace")?)?;
    sys.setattr("setprofile", m.getattr("setprofile")?)?;
    let main = py.import("__main__")?;
    main.setattr("__file__", &cfg.path)?;
    capture::guard_trace_lines(py)?;
    crate::audit::install(py, cfg)?;
    Ok(())
}

fn run(py: Python<'_>, out: Emitter, cfg: WorkerConfig) -> ! {
    // SAFETY: the GIL is held (inside Python::attach) for every C-API call of this
    // function (the "as above" of its unsafe blocks).
    let globals = unsafe { interp::main_globals() };
    // SAFETY: as above.
    let stdout = unsafe { interp::sys_attr(c"stdout") };
    let path = std::ffi::CString::new(cfg.path.clone()).unwrap_or_default();
    let code = interp::compile(py, &cfg.source, &path);
    let mut tracer = Tracer::new(cfg.clone(), out, globals, stdout);
    if code.is_null() {
        // SAFETY: as above, right after the failed compile.
        let (message, line, column) = unsafe { interp::take_syntax_error() };
        tracer.syntax_error(message, line, column);
    }
    run_state::install(Box::new(tracer));
    // SAFETY: as above.
    let marker = unsafe { interp::trace_marker() };
    // SAFETY: as above; the marker is kept for the whole run.
    unsafe { interp::set_trace(Some(run_state::trace_hook), marker) };
    // SAFETY: as above; the code just compiled, the main module's globals.
    let result = unsafe { interp::eval(code, globals) };
    // Take the exception first: nothing may be called while it is pending.
    let (outcome, final_step) = if result.is_null() {
        // SAFETY: as above.
        uncaught(unsafe { interp::take_raised() })
    } else {
        (Outcome::Finished, None)
    };
    // SAFETY: as above; no exception is pending any more.
    let still_tracing = unsafe { interp::trace_still(marker) };
    if !result.is_null() && still_tracing {
        // SAFETY: as above; the tracer is installed.
        unsafe { run_exit_finalizers(globals) };
    }
    // SAFETY: as above.
    unsafe { interp::set_trace(None, std::ptr::null_mut()) };
    run_state::with_active(|run| -> () { run.end_program(!still_tracing, outcome, final_step) });
    // SAFETY: no tracer to end the run with (cannot happen: it was installed above).
    unsafe { libc::_exit(72) }
}

/// When the program's classes define `__del__`, ends the program as Python does, but
/// traced: deletes the global variables (in the order they were made), then runs the cycle
/// collector, so the finalizers that run at exit are steps like any other call.
///
/// # Safety
/// GIL held, tracer installed, no exception pending.
unsafe fn run_exit_finalizers(globals: *mut ffi::PyObject) {
    if run_state::with_active(|run| run.has_finalizers()) != Some(true) {
        return;
    }
    run_state::with_active(|run| run.begin_exit());
    // SAFETY: forwarded; Python's own names (`__name__`, ...) stay.
    unsafe { interp::delete_globals(globals, crate::tracer::is_dunder) };
    run_state::with_active(|run| run.exit_step());
}

/// How an exception that escaped the program ends the run: the outcome, and the final
/// step's line and message (None for a plain `sys.exit`).
fn uncaught(raised: Option<interp::Raised>) -> (Outcome, Option<(u32, String)>) {
    let Some(raised) = raised else {
        return (Outcome::Finished, None);
    };
    let outcome = match raised.kind {
        interp::RaisedKind::SystemExit => return (Outcome::Finished, None),
        interp::RaisedKind::MemoryError => Outcome::MemoryLimit { bytes: 0 },
        interp::RaisedKind::Other => Outcome::Exception {
            message: raised.message.clone(),
        },
    };
    (outcome, Some((raised.line, raised.message)))
}
