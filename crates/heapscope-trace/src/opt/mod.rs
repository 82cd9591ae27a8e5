//! Python Tutor's JSON trace format ("opt"): `{code, trace}` with one entry per step, so
//! existing Python Tutor front-ends can show heapscope's traces.
//!
//! The shape and the value encodings follow what Python Tutor's own backend writes (checked
//! against its traces of 138 programs in `../shared/opt-corpus`, see
//! `tests/opt-corpus-differences.md`):
//!
//! - Steps: one per heapscope step, except the module's own `call` (Python Tutor starts at
//!   the first line) and steps inside class bodies or in other files (Python Tutor traces
//!   only the main program's functions). Events map one to one: `step_line`, `call`,
//!   `return`, `exception`.
//! - Final events: an uncaught exception ends the trace at the module's `exception` step
//!   (Python Tutor adds nothing after it); when no such step precedes it (the exception was
//!   never reported as an event), the final step is kept as `uncaught_exception`. A syntax
//!   error is a single `uncaught_exception` entry with `line`, `offset` and the message in
//!   Python Tutor's words (`... (<string>, line N)`). The step limit becomes
//!   `instruction_limit_reached` with Python Tutor's message; other limits and crashes also
//!   end with `instruction_limit_reached` / `uncaught_exception` carrying heapscope's own
//!   description. Waiting for input becomes `raw_input` with its `prompt`.
//! - Frames: a new number at every `call` event, in order (a resumed generator gets a new
//!   one too, as in Python Tutor); `unique_hash` is `name_f{id}`, plus `_p` for a closure's
//!   parent frame and `_z` for an exited (zombie) frame. Exited frames that are closure
//!   parents stay as zombies for the rest of the run, with everything they reference (as
//!   in Python Tutor, which holds the frame objects; the tracer keeps their cell variables
//!   current);
//!   in cumulative mode every exited frame does. Frames are listed by number. A lambda's
//!   frame is named `<lambda> <line N>` once its function object has been met.
//! - A frame is a closure parent (`is_parent`) from the step where a function defined in
//!   it exists, or from its first step when its code defines a lambda (Python Tutor finds
//!   lambdas among the code's constants, before they run). Parent frames are the ones the
//!   tracer recorded (the frame that made the function object), which differs from Python
//!   Tutor where it took a new function at a reused address for an old one. A frame's
//!   `parent_frame_id_list` names only frames marked `is_parent` (a comprehension's
//!   enclosing frame is not one: Python Tutor never meets a comprehension's function, and
//!   writes `[]`), so its free variables are shown in it, after `co_varnames`, by name.
//! - Variables: parameters first, then other locals in binding order (Python Tutor uses
//!   `co_varnames`), then cell variables by name; free variables are shown only in the
//!   frame that owns them; `__return__` last, `None` after an exception left the frame.
//!   Globals keep the order in which each name was first bound over the whole run.
//! - Values: None, bools, ints, strs and non-integral finite floats (rounded to 4
//!   decimals) inline, unless `heap_primitives` puts them on the heap as `HEAP_PRIMITIVE`;
//!   integral floats, infinities and NaN as `SPECIAL_FLOAT`; everything else on the heap,
//!   keyed by heapscope's object id, holding only what the shown frames reach. Class and
//!   instance attributes are listed by name. Ints of any size are written exactly (as
//!   Python's `json` does); integral
//!   floats as Python Tutor's `'%.1f' % x`. An exception with an empty message is `Type: `.
//! - Functions from outside the program (heapscope records no signature for them) show as
//!   Python Tutor's `IMPORTED_FAUX_PRIMITIVE` "imported object"; builtins as
//!   `FUNCTION name(...)`.
//!
//! - Classes and functions defined outside the program (`Imported`) are Python Tutor's
//!   "imported class" / "imported object"; an instance of a builtin subclass (`Counter`)
//!   is `INSTANCE_PPRINT` with heapscope's own repr of it, read from the trace.
//!
//! What heapscope cannot reproduce: `INSTANCE_PPRINT` of a class with `__str__` (Python
//! Tutor calls it; heapscope never runs user code while recording), and what the tracer
//! hides on purpose (a comprehension's `.0`, dunder globals, non-function dunder class attributes).

//! The JSON is written as bytes, a step at a time, never built as a `serde_json::Value`
//! (that was five times slower): [`json`] writes what `serde_json` would, the heap keeps
//! the text of big containers that did not change (see [`heap`]).
//!
//! Modules: `converter` walks the trace (numbering, parents, zombies, final step), `facts`
//! what the run shows about functions, `live` the JSON written while recording, `step`
//! and `frames` write a step's entry, `heap` the objects, `values` the inline values, `names` Python Tutor's
//! words, `sink` the bounds and commas, `json` the text.

mod converter;
mod facts;
mod frames;
mod heap;
mod json;
mod live;
mod names;
mod sink;
mod step;
#[cfg(test)]
mod tests;
mod values;

use std::io::{self, Write};
use std::time::Duration;

use serde_json::Value;

use crate::model::Outcome;
use crate::store::Trace;
use converter::{Bufs, Converter};
use sink::{Steps, Stop};

pub use live::OptStream;

/// Python Tutor's two display options.
#[derive(Clone, Copy, Debug, Default)]
pub struct OptOptions {
    /// Keep exited frames on the stack ("cumulative mode").
    pub cumulative: bool,
    /// Every object on the heap, primitives too.
    pub heap_primitives: bool,
}

/// Bounds on the conversion. The format repeats the whole stack and heap at every step,
/// so a deep or long trace makes far more JSON than its recording; past a bound the JSON
/// ends with an `instruction_limit_reached` step that says which, every step before it
/// kept.
#[derive(Clone, Copy, Debug, Default)]
pub struct OptLimits {
    /// The most bytes of JSON to write (the `--max-trace` limit), if any.
    pub max_bytes: Option<u64>,
    /// The longest the conversion may take (the `--timeout` limit), if any.
    pub timeout: Option<Duration>,
}

/// What [`write_opt_json`] wrote.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OptSummary {
    /// Entries of the `trace` list, the final one included.
    pub steps: u64,
    /// Bytes written.
    pub bytes: u64,
    /// Why the JSON stops early, when a limit stopped it.
    pub stopped: Option<String>,
}

/// The trace as Python Tutor's JSON value, in memory (for small traces and tests;
/// [`write_opt_json`] streams). The value is read back from the same text: an int beyond
/// 64 bits, exact in the text, is a float in the `Value`.
pub fn to_opt_json(trace: &Trace, opts: &OptOptions) -> Value {
    let mut text = Vec::new();
    // Writing into a Vec cannot fail, and what is written is JSON.
    let _ = write_opt_json(trace, opts, &OptLimits::default(), &mut text, |_| {});
    serde_json::from_slice(&text).unwrap_or(Value::Null)
}

/// Writes the trace as Python Tutor's JSON (`{"code": ..., "trace": [...]}`) to `out`, one
/// step at a time: memory holds one step's JSON, never the whole list. `progress` is told
/// each step's number as it is read. Only errors of `out` are errors: a trace that cannot
/// be read ends with a final `uncaught_exception` step, as Python Tutor reports a backend
/// failure.
pub fn write_opt_json<W: Write>(
    trace: &Trace,
    opts: &OptOptions,
    limits: &OptLimits,
    out: W,
    mut progress: impl FnMut(u64),
) -> io::Result<OptSummary> {
    write_with(trace, opts, limits, out, &mut progress, false)
}

/// [`write_opt_json`] with every heap entry written afresh at every step, no text kept
/// from one step to the next: the reference the kept texts are tested against (the two
/// must write the same bytes). Not for use: slower, and the same JSON.
#[doc(hidden)]
pub fn write_opt_json_afresh<W: Write>(
    trace: &Trace,
    opts: &OptOptions,
    limits: &OptLimits,
    out: W,
) -> io::Result<OptSummary> {
    write_with(trace, opts, limits, out, &mut |_| {}, true)
}

/// [`write_opt_json`], with every heap entry written afresh when `fresh` (no text kept
/// from step to step).
fn write_with<W: Write>(
    trace: &Trace,
    opts: &OptOptions,
    limits: &OptLimits,
    out: W,
    progress: &mut dyn FnMut(u64),
    fresh: bool,
) -> io::Result<OptSummary> {
    let mut sink = Steps::new(out, *limits);
    let code = trace.meta().sources.first().map_or("", |s| s.text.as_str());
    sink.head(code)?;
    let mut bufs = Bufs::default();
    bufs.memo.fresh = fresh;
    if let Some(Outcome::SyntaxError {
        message,
        line,
        column,
    }) = trace.meta().outcome.as_ref()
    {
        syntax_error(&mut bufs.step, message, *line, *column);
        sink.push(&bufs.step)?;
    } else {
        match Converter::new(trace.symbols().clone(), *opts)
            .run(trace, &mut sink, &mut bufs, progress)
        {
            Ok(()) => {}
            Err(Stop::Out(e)) => return Err(e),
            // A trace that cannot be read is reported the way Python Tutor reports a
            // backend failure: an uncaught exception step.
            Err(Stop::Unreadable(e)) => {
                let msg = format!("heapscope could not read its trace: {e}");
                converter::event_only(&mut bufs.step, "uncaught_exception", &msg);
                sink.push(&bufs.step)?;
            }
        }
    }
    sink.write(b"]}")?;
    sink.out.flush()?;
    Ok(OptSummary {
        steps: sink.steps,
        bytes: sink.bytes,
        stopped: sink.stopped,
    })
}

/// Python Tutor's single step for a program that does not compile.
fn syntax_error(out: &mut Vec<u8>, message: &str, line: u32, column: u32) {
    out.clear();
    out.extend_from_slice(b"{\"event\":\"uncaught_exception\",\"line\":");
    json::uint(out, u64::from(line));
    out.extend_from_slice(b",\"offset\":");
    json::uint(out, u64::from(column));
    out.extend_from_slice(b",\"exception_msg\":");
    json::string(out, &format!("{message} (<string>, line {line})"));
    out.push(b'}');
}
