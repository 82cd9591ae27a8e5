//! The worker process's main: set up CPython, run the program under the tracer, and send
//! the trace to the parent. It never returns: it ends with `_exit`, so no interpreter
//! shutdown (atexit handlers, finalizers) runs untraced after the last step.

use std::fs::File;

use heapscope_trace::wire::{FrameTag, WorkerConfig, WorkerHello};
use heapscope_trace::{Event, FrameId, FrameKind, Outcome, Record};
use pyo3::ffi;
use pyo3::prelude::*;
use pyo3::types::PyList;

use crate::capture;
use crate::emit::Emitter;
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
    // SAFETY: Py_IsInitialized may be called at any time.
    let embedded = unsafe { ffi::Py_IsInitialized() } == 0;
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
    // SAFETY: the GIL is held (inside Python::attach) for every C-API call below.
    unsafe {
        let main = ffi::PyImport_AddModule(c"__main__".as_ptr());
        let globals = ffi::PyModule_GetDict(main);
        let sys = ffi::PySys_GetObject(c"stdout".as_ptr());
        let path = std::ffi::CString::new(cfg.path.clone()).unwrap_or_default();
        let code = compile(py, &cfg.source, &path);
        let mut tracer = Tracer::new(cfg.clone(), out, globals, sys);
        if code.is_null() {
            let (message, line, column) = syntax_error();
            let module = tracer.sym("<module>");
            tracer.out.record(&Record::Step {
                event: Event::UncaughtException,
                line,
                frame: FrameId::GLOBAL,
            });
            tracer.out.record(&Record::FramePush {
                frame: FrameId::GLOBAL,
                func: module,
                file: 0,
                kind: FrameKind::Module,
                parent: None,
                line,
            });
            tracer.out.record(&Record::Exception {
                message: message.clone(),
            });
            tracer.exit(Outcome::SyntaxError {
                message,
                line,
                column,
            });
        }
        run_state::install(Box::new(tracer));
        let marker = ffi::PyImport_ImportModule(c"sys".as_ptr());
        ffi::PyEval_SetTrace(Some(run_state::trace_hook), marker);
        let result = ffi::PyEval_EvalCode(code, globals, globals);
        // Take the exception first: nothing may be called while it is pending.
        let outcome = if result.is_null() {
            uncaught(py)
        } else {
            (Outcome::Finished, None)
        };
        let still_tracing = {
            let gettrace = ffi::PySys_GetObject(c"gettrace".as_ptr());
            let now = if gettrace.is_null() {
                std::ptr::null_mut()
            } else {
                ffi::PyObject_CallNoArgs(gettrace)
            };
            let same = now == marker;
            if !now.is_null() {
                ffi::Py_DECREF(now);
            }
            same
        };
        if !result.is_null() && still_tracing {
            run_exit_finalizers(globals);
        }
        ffi::PyEval_SetTrace(None, std::ptr::null_mut());
        let _ = py;
        let (outcome, final_step) = outcome;
        run_state::with_active(|run| -> () {
            run.end_program(!still_tracing, outcome, final_step)
        });
        libc::_exit(72)
    }
}

/// Compiles the program's text as CPython compiles a file: a NUL byte is a syntax error
/// (not a character to replace), and the text is already decoded (the runner applied
/// any coding cookie), so the cookie is ignored here.
///
/// # Safety
/// GIL held.
unsafe fn compile(py: Python<'_>, source: &str, path: &std::ffi::CStr) -> *mut ffi::PyObject {
    if let Some(at) = source.find('\0') {
        let line = source[..at].matches('\n').count() + 1;
        let column = at - source[..at].rfind('\n').map_or(0, |i| i + 1) + 1;
        let place = (path.to_string_lossy().into_owned(), line, column, py.None());
        pyo3::exceptions::PySyntaxError::new_err(("source code cannot contain null bytes", place))
            .restore(py);
        return std::ptr::null_mut();
    }
    let Ok(src) = std::ffi::CString::new(source) else {
        return std::ptr::null_mut();
    };
    const PYCF_IGNORE_COOKIE: std::ffi::c_int = 0x0800;
    let mut flags = ffi::PyCompilerFlags {
        cf_flags: PYCF_IGNORE_COOKIE,
        cf_feature_version: i32::from(py.version_info().minor),
    };
    // SAFETY: NUL-terminated strings and a flags struct that outlive the call; GIL held.
    unsafe {
        ffi::Py_CompileStringExFlags(
            src.as_ptr(),
            path.as_ptr(),
            ffi::Py_file_input,
            &mut flags,
            -1,
        )
    }
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
    // SAFETY: forwarded; the keys list is ours, each key a str kept alive by it.
    unsafe {
        let keys = ffi::PyDict_Keys(globals);
        if keys.is_null() {
            ffi::PyErr_Clear();
            return;
        }
        for i in 0..ffi::PyList_GET_SIZE(keys) {
            let k = ffi::PyList_GET_ITEM(keys, i);
            let dunder = ffi::PyUnicode_Check(k) != 0
                && crate::tracer::is_dunder(&crate::pyread::str_full(k));
            if !dunder && ffi::PyDict_DelItem(globals, k) != 0 {
                ffi::PyErr_Clear();
            }
        }
        ffi::Py_DECREF(keys);
        ffi::PyGC_Collect();
        if !ffi::PyErr_Occurred().is_null() {
            ffi::PyErr_Clear();
        }
    }
    run_state::with_active(|run| run.exit_step());
}

/// The message, line and column of the SyntaxError being raised.
unsafe fn syntax_error() -> (String, u32, u32) {
    // SAFETY: called with the GIL held right after a failed compile.
    unsafe {
        let exc = crate::compat::fetch_exception();
        if exc.is_null() {
            return ("SyntaxError".into(), 1, 0);
        }
        let se = exc as *mut ffi::PySyntaxErrorObject;
        let get_int = |o: *mut ffi::PyObject| {
            if o.is_null() || ffi::PyLong_Check(o) == 0 {
                0
            } else {
                ffi::PyLong_AsLong(o).max(0) as u32
            }
        };
        let line = get_int((*se).lineno).max(1);
        let column = get_int((*se).offset);
        let msg = (*se).msg;
        let text = if !msg.is_null() && ffi::PyUnicode_Check(msg) != 0 {
            crate::pyread::str_full(msg)
        } else {
            "invalid syntax".into()
        };
        let name = crate::pyread::type_qualname(ffi::Py_TYPE(exc));
        ffi::Py_DECREF(exc);
        (format!("{name}: {text}"), line, column)
    }
}

/// How an exception that escaped the program ends the run: the outcome, and the final
/// step's line and message (None for a plain `sys.exit`).
unsafe fn uncaught(_py: Python<'_>) -> (Outcome, Option<(u32, String)>) {
    // SAFETY: GIL held; the traceback chain is walked through its builtin fields.
    unsafe {
        let exc = crate::compat::fetch_exception();
        if exc.is_null() {
            return (Outcome::Finished, None);
        }
        let is =
            |t: *mut ffi::PyObject| ffi::PyObject_TypeCheck(exc, t as *mut ffi::PyTypeObject) != 0;
        if is(ffi::PyExc_SystemExit) {
            ffi::Py_DECREF(exc);
            return (Outcome::Finished, None);
        }
        let message = crate::pyread::exception_message(exc);
        // The line: the outermost traceback entry, which is the main module's.
        let mut line = 0u32;
        let mut tb = ffi::PyException_GetTraceback(exc);
        while !tb.is_null() && tb != ffi::Py_None() {
            let t = tb as *mut ffi::PyTracebackObject;
            if line == 0 {
                // tb_lineno is computed lazily (3.11+): ask the traceback's own getter.
                line = crate::pyread::builtin_int_attr(tb, c"tb_lineno")
                    .unwrap_or(0)
                    .max(0) as u32;
            }
            let next = (*t).tb_next as *mut ffi::PyObject;
            if !next.is_null() {
                ffi::Py_INCREF(next);
            }
            ffi::Py_DECREF(tb);
            tb = next;
        }
        if !tb.is_null() {
            ffi::Py_DECREF(tb);
        }
        let outcome = if is(ffi::PyExc_MemoryError) {
            Outcome::MemoryLimit { bytes: 0 }
        } else {
            Outcome::Exception {
                message: message.clone(),
            }
        };
        ffi::Py_DECREF(exc);
        (outcome, Some((line, message)))
    }
}
