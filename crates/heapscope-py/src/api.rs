//! The Python API: `trace()` runs a program in a worker process and returns a [`Trace`]
//! to look at from Python: its steps as plain dicts, pictures, the HTML stepper and the
//! memory timeline. Everything here reads a finished trace; nothing runs traced code in
//! the caller's interpreter.

use std::path::{Path, PathBuf};

use heapscope_analysis::Timeline;
use heapscope_render::{ExitedFrames, RenderOptions, StableLayout, Theme};
use heapscope_runner::{RunOptions, Sandbox, WorkerCommand};
use heapscope_trace::{Event, FrameStatus, Repr, ReprOptions, State};
use pyo3::exceptions::{PyIndexError, PyRuntimeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList};

fn runtime(e: impl std::fmt::Display) -> PyErr {
    PyRuntimeError::new_err(e.to_string())
}

/// Traces `source` (shown as `filename`, run in `folder`, where its own modules live) in a
/// worker: `python` (checked first) or this interpreter (`current_python`), which must be
/// able to import `heapscope` (from `package_dir` at the latest).
#[pyfunction]
#[pyo3(signature = (source, filename, folder, current_python, package_dir, *, python=None, stdin=String::new(),
    max_steps=1_000_000, timeout=10.0, max_memory=2048, max_trace=1024, max_items=100, sandbox="standard"))]
#[allow(clippy::too_many_arguments)]
pub fn trace(
    py: Python<'_>,
    source: String,
    filename: String,
    folder: PathBuf,
    current_python: PathBuf,
    package_dir: PathBuf,
    python: Option<PathBuf>,
    stdin: String,
    max_steps: u64,
    timeout: f64,
    max_memory: u64,
    max_trace: u64,
    max_items: u32,
    sandbox: &str,
) -> PyResult<Trace> {
    let sandbox: Sandbox = sandbox
        .parse()
        .map_err(|e: heapscope_runner::UnknownSandbox| PyValueError::new_err(e.to_string()))?;
    if timeout.is_nan() || timeout <= 0.0 {
        return Err(PyValueError::new_err(
            "timeout must be a positive number of seconds",
        ));
    }
    let worker = match python {
        Some(p) => heapscope_runner::python_worker(&p, Some(&package_dir))
            .map_err(|e| PyValueError::new_err(e.to_string()))?,
        None => WorkerCommand::Python {
            python: current_python,
            package_dir: Some(package_dir),
        },
    };
    let opts = RunOptions {
        worker,
        stdin,
        max_steps,
        timeout_secs: timeout,
        max_memory: max_memory.saturating_mul(1 << 20),
        max_trace_bytes: max_trace.saturating_mul(1 << 20),
        max_items: max_items.max(2),
        sandbox,
        ..RunOptions::default()
    };
    let inner = py
        .detach(|| heapscope_runner::trace_source(&filename, &source, &folder, &opts))
        .map_err(runtime)?;
    Ok(Trace { inner })
}

/// Reads a recorded `.hstrace` file.
#[pyfunction]
pub fn load(path: PathBuf) -> PyResult<Trace> {
    let inner = heapscope_trace::read_trace(&path).map_err(|e| {
        PyValueError::new_err(format!("cannot read the trace {}: {e}", path.display()))
    })?;
    Ok(Trace { inner })
}

/// A recorded run: every step's stack, heap and output.
#[pyclass(module = "heapscope._native", frozen)]
pub struct Trace {
    inner: heapscope_trace::Trace,
}

/// The picture options, as keyword arguments name them.
fn render_options(
    heap_primitives: bool,
    show_exited: bool,
    dark: bool,
    refs: bool,
    sizes: bool,
) -> RenderOptions {
    RenderOptions {
        heap_primitives,
        exited_frames: if show_exited {
            ExitedFrames::Faded
        } else {
            ExitedFrames::Hidden
        },
        theme: if dark { Theme::Dark } else { Theme::Light },
        show_refs: refs,
        show_sizes: sizes,
        ..RenderOptions::default()
    }
}

fn event_name(e: Option<Event>) -> &'static str {
    match e {
        None => "start",
        Some(Event::Line) => "line",
        Some(Event::Call) => "call",
        Some(Event::Return) => "return",
        Some(Event::Exception) => "exception",
        Some(Event::UncaughtException) => "uncaught_exception",
        Some(Event::WaitingForInput) => "waiting_for_input",
        Some(Event::LimitReached) => "limit_reached",
        Some(Event::Crashed) => "crashed",
    }
}

impl Trace {
    fn check_step(&self, step: u64) -> PyResult<u64> {
        let len = self.inner.len();
        if step == 0 || step > len {
            return Err(PyIndexError::new_err(format!(
                "step {step} does not exist: the trace has {len} steps (numbered 1 to {len})"
            )));
        }
        Ok(step)
    }

    /// One step as a dict of plain Python values.
    fn step_dict<'py>(&self, py: Python<'py>, state: &State) -> PyResult<Bound<'py, PyDict>> {
        let symbols = self.inner.symbols();
        let repr = Repr::new(state, symbols, ReprOptions::default());
        let frames = PyList::empty(py);
        for f in state.stack_frames() {
            let vars = PyDict::new(py);
            let ids = PyDict::new(py);
            for &(name, obj) in &f.vars {
                vars.set_item(symbols.text(name), repr.of(obj))?;
                ids.set_item(symbols.text(name), obj.0)?;
            }
            let frame = PyDict::new(py);
            frame.set_item("name", symbols.text(f.func))?;
            frame.set_item("line", f.line)?;
            frame.set_item("suspended", f.status == FrameStatus::Suspended)?;
            frame.set_item("variables", vars)?;
            frame.set_item("ids", ids)?;
            if let Some(v) = f.return_value {
                frame.set_item("return_value", repr.of(v))?;
            }
            frames.append(frame)?;
        }
        let d = PyDict::new(py);
        d.set_item("step", state.step)?;
        d.set_item("line", state.line)?;
        d.set_item("event", event_name(state.event))?;
        d.set_item("frames", frames)?;
        d.set_item("exception", state.exception.clone())?;
        d.set_item("notes", state.notes.clone())?;
        d.set_item("output", self.inner.output_until(state.step, None))?;
        Ok(d)
    }
}

#[pymethods]
impl Trace {
    /// The number of steps.
    fn __len__(&self) -> usize {
        self.inner.len() as usize
    }

    fn __repr__(&self) -> String {
        format!(
            "<heapscope.Trace: {} steps, {}>",
            self.inner.len(),
            self.outcome()
        )
    }

    /// Step `n` (1-based, as the command line and the pictures number them) as a dict:
    /// `step`, `line`, `event`, `frames` (oldest first, each with `name`, `line`,
    /// `variables` as reprs and `ids` of the objects they refer to), `exception`, `notes`
    /// and the `output` so far.
    fn step<'py>(&self, py: Python<'py>, n: u64) -> PyResult<Bound<'py, PyDict>> {
        let n = self.check_step(n)?;
        let state = self.inner.state_at(n).map_err(runtime)?;
        self.step_dict(py, &state)
    }

    /// Every step, as `step(n)` gives them, in order (one pass over the trace).
    fn steps<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let out = PyList::empty(py);
        let mut cursor = self.inner.cursor();
        while let Some(state) = cursor.next_state().map_err(runtime)? {
            out.append(self.step_dict(py, state)?)?;
        }
        Ok(out)
    }

    /// How the run ended, in words ("the program finished", an exception, a limit...).
    #[getter]
    fn outcome(&self) -> String {
        self.inner
            .meta()
            .outcome
            .as_ref()
            .map_or_else(|| "unknown".to_owned(), |o| o.describe())
    }

    /// The CPython version that ran the program.
    #[getter]
    fn python_version(&self) -> String {
        self.inner.meta().python_version.clone()
    }

    /// Everything the program printed (stdout and stderr, in order).
    #[getter]
    fn output(&self) -> String {
        self.inner.output_until(self.inner.len(), None)
    }

    /// Remarks about the whole run (limits, lost sight, the sandbox's refusals).
    #[getter]
    fn notes(&self) -> Vec<String> {
        self.inner.meta().notes.clone()
    }

    /// The whole run as one self-contained HTML page (code, picture, buttons, slider,
    /// keys, output, memory chart), to save or show in an isolated frame.
    #[pyo3(signature = (*, heap_primitives=false, show_exited=false, dark=false, refs=false, sizes=false))]
    fn to_html(
        &self,
        py: Python<'_>,
        heap_primitives: bool,
        show_exited: bool,
        dark: bool,
        refs: bool,
        sizes: bool,
    ) -> PyResult<String> {
        let opts = render_options(heap_primitives, show_exited, dark, refs, sizes);
        py.detach(|| heapscope_render::export_html(&self.inner, &opts))
            .map_err(runtime)
    }

    /// Step `step`'s picture: `"svg"` (a str), `"png"` (bytes) or `"text"` (the terminal's
    /// transcript of that step).
    #[pyo3(signature = (step, format="svg", *, heap_primitives=false, show_exited=false, dark=false, refs=false, sizes=false, scale=2.0))]
    #[allow(clippy::too_many_arguments)]
    fn render(
        &self,
        py: Python<'_>,
        step: u64,
        format: &str,
        heap_primitives: bool,
        show_exited: bool,
        dark: bool,
        refs: bool,
        sizes: bool,
        scale: f32,
    ) -> PyResult<Py<PyAny>> {
        let step = self.check_step(step)?;
        let opts = render_options(heap_primitives, show_exited, dark, refs, sizes);
        let scene = py
            .detach(|| StableLayout::new(&self.inner, &opts).and_then(|l| l.scene(step)))
            .map_err(runtime)?;
        match format {
            "svg" => Ok(heapscope_render::paint_svg(&scene)
                .into_pyobject(py)?
                .into_any()
                .unbind()),
            "text" => Ok(heapscope_render::paint_text(&scene, false)
                .into_pyobject(py)?
                .into_any()
                .unbind()),
            "png" => {
                let png = heapscope_render::paint_png(&scene, scale).map_err(runtime)?;
                Ok(PyBytes::new(py, &png).into_any().unbind())
            }
            other => Err(PyValueError::new_err(format!(
                "format must be \"svg\", \"png\" or \"text\", not {other:?}"
            ))),
        }
    }

    /// Memory over the run: per step (index 0 is step 1) the heap in bytes, live objects
    /// and stack depth; the peak; the lines that allocated most; bytes allocated in all.
    fn memory<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let t = Timeline::of(&self.inner).map_err(runtime)?;
        let d = PyDict::new(py);
        d.set_item(
            "heap_bytes",
            t.steps.iter().map(|s| s.heap_bytes).collect::<Vec<_>>(),
        )?;
        d.set_item(
            "objects",
            t.steps.iter().map(|s| s.objects).collect::<Vec<_>>(),
        )?;
        d.set_item("depth", t.steps.iter().map(|s| s.depth).collect::<Vec<_>>())?;
        d.set_item("allocated_bytes", t.allocated_bytes)?;
        let lines = PyList::empty(py);
        for l in &t.lines {
            let row = PyDict::new(py);
            row.set_item(
                "file",
                self.inner
                    .meta()
                    .sources
                    .get(l.file as usize)
                    .map(|s| s.path.clone()),
            )?;
            row.set_item("line", l.line)?;
            row.set_item("bytes", l.bytes)?;
            lines.append(row)?;
        }
        d.set_item("lines", lines)?;
        match t.peak() {
            Some((step, m)) => {
                let peak = PyDict::new(py);
                peak.set_item("step", step)?;
                peak.set_item("bytes", m.heap_bytes)?;
                peak.set_item("line", m.line)?;
                d.set_item("peak", peak)?;
            }
            None => d.set_item("peak", py.None())?,
        }
        Ok(d)
    }

    /// In a notebook: the stepper in an isolated frame (see `heapscope._notebook`).
    fn _repr_html_(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let html = self.to_html(py, false, false, false, false, false)?;
        Ok(py
            .import("heapscope._notebook")?
            .call_method1("stepper_iframe", (html,))?
            .unbind())
    }

    /// Writes the native trace (`.hstrace`), for `heapscope run FILE` and friends.
    fn save(&self, path: PathBuf) -> PyResult<()> {
        heapscope_trace::write_trace(&self.inner, Path::new(&path))
            .map_err(|e| runtime(format!("cannot write {}: {e}", path.display())))
    }
}
