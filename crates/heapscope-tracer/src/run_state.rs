//! The state of the one run a worker process makes, kept here so that the modules that use
//! it depend on this one and not on each other: the tracer at work, a run-ending request it
//! could not act on at once, what the program printed and the input it may still read.
//!
//! The tracer is kept behind [`ActiveRun`], the little that the trace hook, the worker and
//! the program's calls (`input()`, `print` past the output limit, a refused
//! `sys.settrace`) ask of it, so this module needs nothing of the tracer's own.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::ffi::c_int;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard};

use heapscope_trace::{Event, Outcome, Stream};
use pyo3::ffi;

/// A request to end the run with a final step.
pub(crate) struct PendingFinal {
    pub event: Event,
    pub outcome: Outcome,
    pub message: Option<String>,
}

/// What the rest of the worker asks of the tracer while the program runs.
pub(crate) trait ActiveRun {
    /// A trace event of CPython's.
    ///
    /// # Safety
    /// Called from the trace hook with the GIL held and a live frame.
    unsafe fn on_event(
        &mut self,
        frame: *mut ffi::PyFrameObject,
        what: c_int,
        arg: *mut ffi::PyObject,
    );
    /// Ends the run now with a final step, and exits the worker process.
    fn finish_now(&mut self, event: Event, outcome: Outcome, message: Option<String>) -> !;
    /// A note to emit with the next step.
    fn add_note(&mut self, text: String);
    /// True when ending the program runs code worth tracing (a class defines `__del__`).
    fn has_finalizers(&self) -> bool;
    /// Says, at the next step, that Python is deleting the program's globals.
    fn begin_exit(&mut self);
    /// The step after the finalizers that ran at exit.
    fn exit_step(&mut self);
    /// Ends the trace after the program's code returned or raised, and exits the process:
    /// `removed` when the program took the trace hook away; `final_step` the line and
    /// message of an uncaught exception.
    fn end_program(
        &mut self,
        removed: bool,
        outcome: Outcome,
        final_step: Option<(u32, String)>,
    ) -> !;
}

thread_local! {
    /// The tracer of the thread that runs the program (the main thread).
    static ACTIVE: RefCell<Option<Box<dyn ActiveRun>>> = const { RefCell::new(None) };
    /// The input lines not read yet.
    static INPUT: RefCell<VecDeque<String>> = const { RefCell::new(VecDeque::new()) };
}

/// A run-ending request the tracer could not act on at once: made while it was busy, or
/// from another thread (a thread that passes the output limit).
static STOP: Mutex<Option<PendingFinal>> = Mutex::new(None);

/// What the program printed since the tracer last took it. Shared by every thread: a
/// thread's `print` is recorded (at the main thread's next step) and counts toward the
/// output limit like the main thread's.
static OUTPUT: Mutex<Vec<(Stream, String)>> = Mutex::new(Vec::new());
/// True when `OUTPUT` may hold text: most steps print nothing, and are spared the lock.
static OUTPUT_PENDING: AtomicBool = AtomicBool::new(false);
static WRITTEN: AtomicU64 = AtomicU64::new(0);
static LIMIT: AtomicU64 = AtomicU64::new(u64::MAX);

fn lock<T>(m: &'static Mutex<T>) -> MutexGuard<'static, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// Sets the input lines and the output limit.
pub(crate) fn configure(stdin: &str, max_output: u64) {
    INPUT.with(|i| *i.borrow_mut() = stdin.lines().map(str::to_owned).collect());
    LIMIT.store(max_output, Ordering::Relaxed);
}

/// Makes `run` the tracer the trace hook and the program's calls reach.
pub(crate) fn install(run: Box<dyn ActiveRun>) {
    ACTIVE.with(|a| *a.borrow_mut() = Some(run));
}

/// Calls `f` with the tracer, unless there is none on this thread or it is busy (the call
/// came from code that runs inside a step).
pub(crate) fn with_active<R>(f: impl FnOnce(&mut dyn ActiveRun) -> R) -> Option<R> {
    ACTIVE.with(|a| {
        let mut g = a.try_borrow_mut().ok()?;
        let run = g.as_mut()?;
        Some(f(run.as_mut()))
    })
}

/// The C-level trace function (`PyEval_SetTrace`): hands each event to the tracer.
pub(crate) extern "C" fn trace_hook(
    _obj: *mut ffi::PyObject,
    frame: *mut ffi::PyFrameObject,
    what: c_int,
    arg: *mut ffi::PyObject,
) -> c_int {
    let r = std::panic::catch_unwind(|| {
        // SAFETY: CPython calls the hook with the GIL held and a live frame.
        with_active(|run| unsafe { run.on_event(frame, what, arg) })
    });
    if r.is_err() {
        eprintln!("heapscope: internal error in the tracer");
        // SAFETY: a panic must not unwind into CPython; end the process.
        unsafe { libc::_exit(70) };
    }
    0
}

/// Ends the run with a final step (called from code the program calls, like `input()`):
/// at once when the tracer is free, else at its next step.
pub(crate) fn end_run(event: Event, outcome: Outcome, message: Option<String>) {
    let done = with_active(|run| -> () { run.finish_now(event, outcome.clone(), message.clone()) });
    if done.is_none() {
        *lock(&STOP) = Some(PendingFinal {
            event,
            outcome,
            message,
        });
    }
}

/// A run-ending request made while the tracer was busy, if any.
pub(crate) fn take_stop() -> Option<PendingFinal> {
    lock(&STOP).take()
}

/// Adds a note to the next step.
pub(crate) fn note(text: String) {
    with_active(|run| run.add_note(text));
}

/// Records what the program wrote to `stream`, up to the output limit; the write that
/// passes it keeps what fits and ends the run.
pub(crate) fn write_output(stream: Stream, text: &str) {
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
        lock(&OUTPUT).push((stream, text[..cut].to_owned()));
        OUTPUT_PENDING.store(true, Ordering::Release);
        end_run(
            Event::LimitReached,
            Outcome::OutputLimit { bytes: limit },
            None,
        );
        return;
    }
    lock(&OUTPUT).push((stream, text.to_owned()));
    OUTPUT_PENDING.store(true, Ordering::Release);
}

/// Output written since the last call.
pub(crate) fn take_output() -> Vec<(Stream, String)> {
    // Text pushed after this swap sets the flag again and is taken at the next call.
    if !OUTPUT_PENDING.swap(false, Ordering::Acquire) {
        return Vec::new();
    }
    std::mem::take(&mut *lock(&OUTPUT))
}

/// The next input line, if any is left.
pub(crate) fn next_input_line() -> Option<String> {
    INPUT.with(|i| i.borrow_mut().pop_front())
}

/// All the input lines left, each with its newline.
pub(crate) fn rest_of_input() -> Vec<String> {
    INPUT.with(|i| i.borrow_mut().drain(..).map(|l| l + "\n").collect())
}
