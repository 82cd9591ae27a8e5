//! What the program reads and writes: `sys.stdout` and `sys.stderr` become recorders,
//! `input()` is served from the given input, and attempts to replace the tracer
//! (`sys.settrace`, `sys.setprofile`) are refused with a note in the trace.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;

use heapscope_trace::{Event, Outcome, Record, Stream};
use pyo3::prelude::*;

thread_local! {
    static OUTPUT: RefCell<Vec<(Stream, String)>> = const { RefCell::new(Vec::new()) };
    static WRITTEN: Cell<u64> = const { Cell::new(0) };
    static LIMIT: Cell<u64> = const { Cell::new(u64::MAX) };
    static INPUT: RefCell<VecDeque<String>> = const { RefCell::new(VecDeque::new()) };
}

/// Sets the input lines and the output limit.
pub(crate) fn configure(stdin: &str, max_output: u64) {
    INPUT.with(|i| *i.borrow_mut() = stdin.lines().map(str::to_owned).collect());
    LIMIT.with(|l| l.set(max_output));
}

/// Output written since the last call.
pub(crate) fn take_output() -> Vec<(Stream, String)> {
    OUTPUT.with(|o| std::mem::take(&mut *o.borrow_mut()))
}

fn write(stream: Stream, text: &str) {
    let total = WRITTEN.with(|w| {
        let t = w.get() + text.len() as u64;
        w.set(t);
        t
    });
    let limit = LIMIT.with(Cell::get);
    if total > limit {
        // Keep what fits, then end the run with its trace intact.
        let room = (text.len() as u64).saturating_sub(total - limit) as usize;
        let cut = (0..=room)
            .rev()
            .find(|&i| text.is_char_boundary(i))
            .unwrap_or(0);
        OUTPUT.with(|o| o.borrow_mut().push((stream, text[..cut].to_owned())));
        crate::worker::end_run(
            Event::LimitReached,
            Outcome::OutputLimit { bytes: limit },
            None,
        );
        return;
    }
    OUTPUT.with(|o| o.borrow_mut().push((stream, text.to_owned())));
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
