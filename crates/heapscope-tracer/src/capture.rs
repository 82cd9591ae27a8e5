//! What the program reads and writes: `sys.stdout` and `sys.stderr` become recorders,
//! `input()` is served from the given input, and attempts to replace the tracer
//! (`sys.settrace`, `sys.setprofile`) are refused with a note in the trace.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

use heapscope_trace::{Event, Outcome, Record, Stream};
use pyo3::prelude::*;

/// What the program printed since the tracer last took it. Shared by every thread: a
/// thread's `print` is recorded (at the main thread's next step) and counts toward the
/// output limit like the main thread's.
static OUTPUT: Mutex<Vec<(Stream, String)>> = Mutex::new(Vec::new());
static WRITTEN: AtomicU64 = AtomicU64::new(0);
static LIMIT: AtomicU64 = AtomicU64::new(u64::MAX);

thread_local! {
    static INPUT: RefCell<VecDeque<String>> = const { RefCell::new(VecDeque::new()) };
}

/// Sets the input lines and the output limit.
pub(crate) fn configure(stdin: &str, max_output: u64) {
    INPUT.with(|i| *i.borrow_mut() = stdin.lines().map(str::to_owned).collect());
    LIMIT.store(max_output, Ordering::Relaxed);
}

fn output() -> std::sync::MutexGuard<'static, Vec<(Stream, String)>> {
    OUTPUT.lock().unwrap_or_else(|p| p.into_inner())
}

/// Output written since the last call.
pub(crate) fn take_output() -> Vec<(Stream, String)> {
    std::mem::take(&mut *output())
}

fn write(stream: Stream, text: &str) {
    let before = WRITTEN.fetch_add(text.len() as u64, Ordering::Relaxed);
    let total = before.saturating_add(text.len() as u64);
    let limit = LIMIT.load(Ordering::Relaxed);
    if total > limit {
        if before > limit {
            // Already past the limit (another thread, or a write after the cut): the
            // run is ending; nothing more is kept.
            return;
        }
        // Keep what fits, then end the run with its trace intact.
        let room = (text.len() as u64).saturating_sub(total - limit) as usize;
        let cut = (0..=room)
            .rev()
            .find(|&i| text.is_char_boundary(i))
            .unwrap_or(0);
        output().push((stream, text[..cut].to_owned()));
        crate::worker::end_run(
            Event::LimitReached,
            Outcome::OutputLimit { bytes: limit },
            None,
        );
        return;
    }
    output().push((stream, text.to_owned()));
}

/// A file-like object that records what is written to it.
#[pyclass(module = "heapscope")]
pub(crate) struct Recorder {
    stream: u8,
}

impl Recorder {
    pub(crate) fn new(stream: Stream) -> Recorder {
        Recorder {
            stream: stream as u8,
        }
    }
}

#[pymethods]
impl Recorder {
    fn write(&self, text: &str) -> usize {
        write(
            if self.stream == 0 {
                Stream::Stdout
            } else {
                Stream::Stderr
            },
            text,
        );
        text.chars().count()
    }
    fn writelines(&self, lines: Vec<String>) {
        for l in lines {
            self.write(&l);
        }
    }
    fn flush(&self) {}
    fn isatty(&self) -> bool {
        false
    }
    fn writable(&self) -> bool {
        true
    }
    fn readable(&self) -> bool {
        false
    }
    #[getter]
    fn encoding(&self) -> &'static str {
        "utf-8"
    }
    #[getter]
    fn errors(&self) -> &'static str {
        "strict"
    }
}

/// `sys.stdin`: reads the given input; at its end, reads return "" (end of file).
#[pyclass(module = "heapscope")]
pub(crate) struct InputReader;

#[pymethods]
impl InputReader {
    #[pyo3(signature = (_size = -1))]
    fn readline(&self, _size: i64) -> String {
        INPUT
            .with(|i| i.borrow_mut().pop_front())
            .map(|l| l + "\n")
            .unwrap_or_default()
    }
    #[pyo3(signature = (_size = -1))]
    fn read(&self, _size: i64) -> String {
        INPUT.with(|i| i.borrow_mut().drain(..).map(|l| l + "\n").collect())
    }
    fn readlines(&self) -> Vec<String> {
        INPUT.with(|i| i.borrow_mut().drain(..).map(|l| l + "\n").collect())
    }
    fn isatty(&self) -> bool {
        false
    }
    fn readable(&self) -> bool {
        true
    }
    #[getter]
    fn encoding(&self) -> &'static str {
        "utf-8"
    }
}

/// `input()`: the next line of the given input, echoed after the prompt as a terminal
/// shows it. With no input left the run ends at a "waiting for input" step.
#[pyfunction]
#[pyo3(signature = (prompt = None))]
pub(crate) fn input(prompt: Option<&Bound<'_, PyAny>>) -> String {
    let prompt = match prompt {
        // SAFETY: safe_repr reads builtin storage only (user objects show by type name).
        Some(p) => unsafe { crate::pyread::safe_repr(p.as_ptr(), false) },
        None => String::new(),
    };
    write(Stream::Stdout, &prompt);
    match INPUT.with(|i| i.borrow_mut().pop_front()) {
        Some(line) => {
            write(Stream::Stdout, &format!("{line}\n"));
            line
        }
        None => {
            crate::worker::end_run(
                Event::WaitingForInput,
                Outcome::WaitingForInput { prompt },
                None,
            );
            String::new()
        }
    }
}

/// Replaces `sys.settrace`: the tracer stays, and the trace says the program asked.
#[pyfunction]
#[pyo3(signature = (*_args))]
pub(crate) fn settrace(_args: &Bound<'_, pyo3::types::PyTuple>) {
    crate::worker::note(
        "the program called sys.settrace(); heapscope ignored it so that it could keep tracing"
            .into(),
    );
}

/// Replaces `sys.setprofile` (same reason as [`settrace`]).
#[pyfunction]
#[pyo3(signature = (*_args))]
pub(crate) fn setprofile(_args: &Bound<'_, pyo3::types::PyTuple>) {
    crate::worker::note(
        "the program called sys.setprofile(); heapscope ignored it so that it could keep tracing"
            .into(),
    );
}

/// Replaces `os._exit`: the run ends here with a final step that says so (the real
/// `os._exit` would leave the trace without its end).
#[pyfunction]
#[pyo3(name = "hard_exit", signature = (status = 0))]
pub(crate) fn hard_exit(status: i64) {
    crate::worker::end_run(
        Event::Crashed,
        Outcome::Crashed {
            message: format!("the program ended the Python process with os._exit({status})"),
        },
        None,
    );
}

/// A note to emit with the next step.
pub(crate) fn note_record(text: String) -> Record {
    Record::Note { text }
}

/// Stands in for the frame type's `f_trace_lines` attribute. A program that sets
/// `sys._getframe().f_trace_lines = False` would hide the lines that follow from the
/// trace; with this descriptor the attribute always reads `True`, and setting it to a
/// false value leaves line tracing on and puts a note in the trace instead.
#[pyclass(module = "heapscope", frozen)]
pub(crate) struct TraceLinesGuard;

#[pymethods]
impl TraceLinesGuard {
    fn __get__(&self, _obj: &Bound<'_, PyAny>, _owner: &Bound<'_, PyAny>) -> bool {
        true
    }

    fn __set__(&self, _obj: &Bound<'_, PyAny>, value: &Bound<'_, PyAny>) {
        // Only exact bools and ints are read: never a `__bool__` of the program's.
        let off = value.is_exact_instance_of::<pyo3::types::PyBool>()
            && !value.is_truthy().unwrap_or(true)
            || value.is_exact_instance_of::<pyo3::types::PyInt>()
                && value.extract::<i64>().is_ok_and(|v| v == 0);
        if off {
            crate::worker::note(
                "the program set f_trace_lines = False on a frame; heapscope kept tracing its lines".into(),
            );
        }
    }

    fn __delete__(&self, _obj: &Bound<'_, PyAny>) {}
}

/// Puts [`TraceLinesGuard`] in the frame type's dictionary in place of CPython's own
/// `f_trace_lines` member.
pub(crate) fn guard_trace_lines(py: Python<'_>) -> PyResult<()> {
    let guard = Py::new(py, TraceLinesGuard)?;
    // SAFETY: the GIL is held. The frame type is a static type whose dictionary lives as
    // long as the interpreter; we replace one entry and invalidate the type's attribute
    // cache, as CPython's own type.__setattr__ does.
    unsafe {
        let ty = std::ptr::addr_of_mut!(pyo3::ffi::PyFrame_Type);
        #[cfg(Py_3_12)]
        let dict = pyo3::ffi::PyType_GetDict(ty);
        #[cfg(not(Py_3_12))]
        let dict = {
            let d = (*ty).tp_dict;
            pyo3::ffi::Py_XINCREF(d);
            d
        };
        if dict.is_null() {
            return Err(PyErr::fetch(py));
        }
        let r = pyo3::ffi::PyDict_SetItemString(dict, c"f_trace_lines".as_ptr(), guard.as_ptr());
        pyo3::ffi::Py_DECREF(dict);
        if r != 0 {
            return Err(PyErr::fetch(py));
        }
        pyo3::ffi::PyType_Modified(ty);
    }
    Ok(())
}
