//! What the program reads and writes: `sys.stdout` and `sys.stderr` become recorders,
//! `input()` is served from the given input, and attempts to replace the tracer
//! (`sys.settrace`, `sys.setprofile`) are refused with a note in the trace.

use heapscope_trace::{Event, Outcome, Stream};
use pyo3::prelude::*;

use crate::{interp, run_state};

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
        run_state::write_output(
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
        run_state::next_input_line()
            .map(|l| l + "\n")
            .unwrap_or_default()
    }
    #[pyo3(signature = (_size = -1))]
    fn read(&self, _size: i64) -> String {
        run_state::rest_of_input().concat()
    }
    fn readlines(&self) -> Vec<String> {
        run_state::rest_of_input()
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
    run_state::write_output(Stream::Stdout, &prompt);
    match run_state::next_input_line() {
        Some(line) => {
            run_state::write_output(Stream::Stdout, &format!("{line}\n"));
            line
        }
        None => {
            run_state::end_run(
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
    run_state::note(
        "the program called sys.settrace(); heapscope ignored it so that it could keep tracing"
            .into(),
    );
}

/// Replaces `sys.setprofile` (same reason as [`settrace`]).
#[pyfunction]
#[pyo3(signature = (*_args))]
pub(crate) fn setprofile(_args: &Bound<'_, pyo3::types::PyTuple>) {
    run_state::note(
        "the program called sys.setprofile(); heapscope ignored it so that it could keep tracing"
            .into(),
    );
}

/// Replaces `os._exit`: the run ends here with a final step that says so (the real
/// `os._exit` would leave the trace without its end).
#[pyfunction]
#[pyo3(name = "hard_exit", signature = (status = 0))]
pub(crate) fn hard_exit(status: i64) {
    run_state::end_run(
        Event::Crashed,
        Outcome::Crashed {
            message: format!("the program ended the Python process with os._exit({status})"),
        },
        None,
    );
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
            run_state::note(
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
    // SAFETY: the GIL is held; the guard is a live object.
    if unsafe { interp::set_frame_type_attr(c"f_trace_lines", guard.as_ptr()) } {
        Ok(())
    } else {
        Err(PyErr::fetch(py))
    }
}
