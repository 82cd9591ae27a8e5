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
//!   Python's `json` does: in the `Value` an int beyond `u64` is `{BIG_INT_KEY: digits}`,
//!   which [`to_opt_text`] writes as a number); integral
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

use std::collections::{HashMap, HashSet};
use std::io::{self, Write};
use std::time::{Duration, Instant};

use serde_json::{json, Map, Value};

use crate::display::{format_int, Repr, ReprOptions};
use crate::model::{
    Event, FrameId, FrameKind, FrameStatus, IntValue, ObjId, ObjectData, Outcome, SeqKind,
};
use crate::state::{Frame, State};
use crate::store::{Stream, Trace};
use crate::symbols::Symbols;
use crate::Sym;

/// Python Tutor's two display options.
#[derive(Clone, Copy, Debug, Default)]
pub struct OptOptions {
    /// Keep exited frames on the stack ("cumulative mode").
    pub cumulative: bool,
    /// Every object on the heap, primitives too.
    pub heap_primitives: bool,
}

/// The key of the one-entry object that stands, in the `Value`, for an int too big for
/// serde_json's numbers; [`to_opt_text`] writes its digits as a JSON number. No variable
/// name or heap id can hold a NUL, so no program's data can look like it.
pub const BIG_INT_KEY: &str = "\u{0}int";

/// The JSON text of an opt trace: as `serde_json::to_string`, with big ints written as
/// exact JSON numbers (Python's `json` writes `2**70` as `1180591620717411303424`).
pub fn to_opt_text(v: &Value) -> serde_json::Result<String> {
    serde_json::to_string(&Exact(v))
}

/// A `Value` serialised with its big ints as plain digits.
struct Exact<'a>(&'a Value);

impl serde::Serialize for Exact<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{SerializeMap, SerializeSeq};
        match self.0 {
            Value::Array(items) => {
                let mut seq = s.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(&Exact(item))?;
                }
                seq.end()
            }
            Value::Object(m) => {
                if let (1, Some(Value::String(digits))) = (m.len(), m.get(BIG_INT_KEY)) {
                    if let Ok(raw) = serde_json::value::RawValue::from_string(digits.clone()) {
                        return raw.serialize(s);
                    }
                }
                let mut map = s.serialize_map(Some(m.len()))?;
                for (k, v) in m {
                    map.serialize_entry(k, &Exact(v))?;
                }
                map.end()
            }
            other => other.serialize(s),
        }
    }
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

/// The trace as Python Tutor's JSON value, built in memory (for small traces and tests;
/// [`write_opt_json`] streams). Ints too big for a JSON number are `{BIG_INT_KEY: digits}`.
pub fn to_opt_json(trace: &Trace, opts: &OptOptions) -> Value {
    let code = trace
        .meta()
        .sources
        .first()
        .map(|s| s.text.clone())
        .unwrap_or_default();
    let mut steps = Vec::new();
    let _ = convert(
        trace,
        opts,
        &mut |v| {
            steps.push(v);
            Ok(true)
        },
        &mut |_| {},
    );
    json!({ "code": code, "trace": steps })
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
    let mut sink = Steps {
        out,
        bytes: 0,
        steps: 0,
        limits: *limits,
        start: Instant::now(),
        stopped: None,
    };
    let code = trace.meta().sources.first().map_or("", |s| s.text.as_str());
    let mut head = b"{\"code\":".to_vec();
    put_json(&mut head, code);
    head.extend_from_slice(b",\"trace\":[");
    sink.write(&head)?;
    convert(
        trace,
        opts,
        &mut |v| {
            let text = to_opt_text(&v).map_err(io::Error::other)?;
            sink.push(text.as_bytes())
        },
        &mut progress,
    )?;
    sink.write(b"]}")?;
    sink.out.flush()?;
    Ok(OptSummary {
        steps: sink.steps,
        bytes: sink.bytes,
        stopped: sink.stopped,
    })
}

/// Runs the conversion, handing each step to `emit` (false: stop).
fn convert(
    trace: &Trace,
    opts: &OptOptions,
    emit: &mut dyn FnMut(Value) -> io::Result<bool>,
    progress: &mut dyn FnMut(u64),
) -> io::Result<()> {
    if let Some(Outcome::SyntaxError {
        message,
        line,
        column,
    }) = trace.meta().outcome.as_ref()
    {
        emit(syntax_error(message, *line, *column))?;
        return Ok(());
    }
    match Converter::new(trace, *opts).run(emit, progress) {
        Ok(()) => Ok(()),
        Err(Stop::Out(e)) => Err(e),
        // A trace that cannot be read is reported the way Python Tutor reports a
        // backend failure: an uncaught exception step.
        Err(Stop::Unreadable(e)) => emit(json!({
            "event": "uncaught_exception",
            "exception_msg": format!("heapscope could not read its trace: {e}"),
        }))
        .map(drop),
    }
}

/// Why a conversion stopped early.
enum Stop {
    /// The destination failed.
    Out(io::Error),
    /// The trace could not be read.
    Unreadable(crate::Error),
}

impl From<crate::Error> for Stop {
    fn from(e: crate::Error) -> Self {
        Stop::Unreadable(e)
    }
}

/// Where the steps go: the commas between them, the bounds, and the count.
struct Steps<W: Write> {
    out: W,
    bytes: u64,
    steps: u64,
    limits: OptLimits,
    start: Instant,
    stopped: Option<String>,
}

impl<W: Write> Steps<W> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.out.write_all(bytes)?;
        self.bytes += bytes.len() as u64;
        Ok(())
    }

    /// Writes one step's JSON; false (and the step that says why, in its place) once a
    /// bound is passed.
    fn push(&mut self, step: &[u8]) -> io::Result<bool> {
        if self.stopped.is_some() {
            return Ok(false);
        }
        if let Some(reason) = self.over(step.len()) {
            let mut buf = Vec::new();
            put_raw(
                &mut buf,
                "{\"event\":\"instruction_limit_reached\",\"exception_msg\":",
            );
            put_json(&mut buf, &reason);
            buf.push(b'}');
            self.entry(&buf)?;
            self.stopped = Some(reason);
            return Ok(false);
        }
        self.entry(step)?;
        Ok(true)
    }

    fn entry(&mut self, step: &[u8]) -> io::Result<()> {
        if self.steps > 0 {
            self.write(b",")?;
        }
        self.write(step)?;
        self.steps += 1;
        Ok(())
    }

    /// Which bound the next step of `next` bytes would pass, in words.
    fn over(&self, next: usize) -> Option<String> {
        if let Some(max) = self.limits.max_bytes {
            if self.bytes + next as u64 > max {
                return Some(format!(
                    "Stopped after {} steps: Python Tutor's JSON of this trace passed the trace size limit of {} MB (--max-trace).",
                    self.steps,
                    max.div_ceil(1 << 20)
                ));
            }
        }
        if let Some(t) = self.limits.timeout {
            if self.start.elapsed() > t {
                return Some(format!(
                    "Stopped after {} steps: writing Python Tutor's JSON of this trace took more than {} s (--timeout).",
                    self.steps,
                    t.as_secs_f64()
                ));
            }
        }
        None
    }
}

/// Appends `v` as JSON (strings escaped, numbers as serde_json writes them).
fn put_json<T: serde::Serialize + ?Sized>(out: &mut Vec<u8>, v: &T) {
    // Serializing plain values into a Vec cannot fail.
    let _ = serde_json::to_writer(&mut *out, v);
}

/// Appends JSON text that is already valid.
fn put_raw(out: &mut Vec<u8>, text: &str) {
    out.extend_from_slice(text.as_bytes());
}

/// Python Tutor's single step for a program that does not compile.
fn syntax_error(message: &str, line: u32, column: u32) -> Value {
    json!({
        "event": "uncaught_exception",
        "line": line,
        "offset": column,
        "exception_msg": format!("{message} (<string>, line {line})"),
    })
}

/// The last part of a qualified name: Python Tutor shows `__name__`, heapscope records
/// `__qualname__`.
fn short(qualname: &str) -> &str {
    qualname.rsplit('.').next().unwrap_or(qualname)
}

struct Converter<'t> {
    trace: &'t Trace,
    opts: OptOptions,
    /// Python Tutor's frame numbers, by heapscope frame.
    frame_ids: HashMap<FrameId, u64>,
    /// The first line of each frame (for lambdas' names).
    first_line: HashMap<FrameId, u32>,
    /// Frames known to be closure parents so far.
    parents: HashSet<FrameId>,
    /// Functions (qualified names) that define a lambda: their frames are parents from
    /// their first step. Found in a first pass.
    lambda_parents: HashSet<String>,
    /// Each global name's rank in the order names were first bound.
    global_rank: HashMap<Sym, usize>,
    /// Frames numbered so far.
    frame_count: u64,
    /// Each frame's parameters in `co_varnames` order, shown first.
    params: HashMap<FrameId, Vec<Sym>>,
    /// Each function's signature, by qualified name (first pass).
    signatures: HashMap<Sym, Sym>,
    /// Frames that returned without a value (by an exception): Python Tutor shows
    /// `__return__: None` for them.
    returned_none: HashSet<FrameId>,
    /// Free variables of each function (by qualified name), from a first pass: Python
    /// Tutor shows them only in the frame that owns them.
    freevars: HashMap<Sym, HashSet<Sym>>,
    /// The frame the first function of each qualified name was made in: Python Tutor's
    /// parent for every frame of that code.
    qual_parent: HashMap<Sym, FrameId>,
    /// The last content of every object seen: Python Tutor keeps zombie frames, and all
    /// they reference, alive, so they are shown after CPython freed them.
    shadow: HashMap<ObjId, ObjectData>,
    /// Free variables of each comprehension (by qualified name), from a first pass: the
    /// names bound at its `call` step (its only parameter, `.0`, is hidden). Python Tutor
    /// lists them after `co_varnames`, by name, and they are cells of the enclosing frame.
    comp_freevars: HashMap<Sym, HashSet<Sym>>,
    /// The last state of every frame that is (or may become) a zombie.
    ghosts: HashMap<FrameId, Frame>,
    /// Cumulative mode: a generator's frame as it was at each `yield`, under the number
    /// it had then. Python Tutor keeps the paused frame on the stack as an exited one; it
    /// is drawn once per pause, each with its own number (and so its own `unique_hash`).
    paused: Vec<(u64, Frame)>,
    /// Functions' parent frames, as recorded when each was first seen.
    fn_parent: HashMap<ObjId, FrameId>,
    /// Qualified names of the functions met so far.
    seen_functions: HashSet<Sym>,
}

impl<'t> Converter<'t> {
    fn new(trace: &'t Trace, opts: OptOptions) -> Self {
        Converter {
            trace,
            opts,
            frame_ids: HashMap::new(),
            first_line: HashMap::new(),
            parents: HashSet::new(),
            lambda_parents: HashSet::new(),
            global_rank: HashMap::new(),
            frame_count: 0,
            params: HashMap::new(),
            signatures: HashMap::new(),
            returned_none: HashSet::new(),
            freevars: HashMap::new(),
            qual_parent: HashMap::new(),
            shadow: HashMap::new(),
            comp_freevars: HashMap::new(),
            ghosts: HashMap::new(),
            paused: Vec::new(),
            fn_parent: HashMap::new(),
            seen_functions: HashSet::new(),
        }
    }

    fn syms(&self) -> &'t Symbols {
        self.trace.symbols()
    }

    /// True for frames Python Tutor does not show: class bodies, imported modules, and
    /// code from other files.
    fn hidden(frame: &Frame) -> bool {
        frame.file != 0
            || frame.kind == FrameKind::ClassBody
            || (frame.kind == FrameKind::Module && frame.id != FrameId::GLOBAL)
    }

    fn run(
        mut self,
        emit: &mut dyn FnMut(Value) -> io::Result<bool>,
        progress: &mut dyn FnMut(u64),
    ) -> Result<(), Stop> {
        self.find_lambda_parents()?;
        let trace = self.trace;
        let mut last_event: Option<Event> = None;
        let mut cursor = trace.cursor();
        while let Some(state) = cursor.next_state()? {
            progress(state.step);
            let Some(event) = state.event else { continue };
            let frame = state.frame(state.frame);
            if let Some(f) = frame {
                self.first_line.entry(f.id).or_insert(state.line);
            }
            for &id in &state.stack {
                if let Some(f) = state.frame(id) {
                    self.first_line.entry(id).or_insert(f.line);
                }
            }
            self.note_parents(state);
            for f in state.frames() {
                if f.id != FrameId::GLOBAL
                    && (f.status == FrameStatus::Exited || self.ghosts.contains_key(&f.id))
                    && (self.opts.cumulative || self.parents.contains(&f.id))
                {
                    self.ghosts.insert(f.id, f.clone());
                }
                if self.opts.cumulative && f.status == FrameStatus::Suspended {
                    if let Some(&n) = self.frame_ids.get(&f.id) {
                        if !self.paused.iter().any(|(m, _)| *m == n) {
                            self.paused.push((n, f.clone()));
                        }
                    }
                }
            }
            let new: Vec<(FrameId, Vec<Sym>)> = state
                .stack_frames()
                .filter(|f| !self.params.contains_key(&f.id))
                .map(|f| (f.id, self.frame_params(state, f)))
                .collect();
            self.params.extend(new);
            if event == Event::Return {
                if let Some(f) = frame.filter(|f| f.return_value.is_none()) {
                    self.returned_none.insert(f.id);
                }
            } else if event == Event::Call {
                self.returned_none.remove(&state.frame);
            }
            if event.is_final() {
                if let Some(v) = self.final_step(state, event, last_event) {
                    emit(v).map_err(Stop::Out)?;
                }
                break;
            }
            if frame.is_some_and(Self::hidden) {
                continue;
            }
            if event == Event::Call && state.frame == FrameId::GLOBAL {
                continue;
            }
            // Number the frames in the order Python Tutor meets them: a new number at each
            // call, resumed generators included.
            if event == Event::Call {
                let n = self.next_frame_number();
                self.frame_ids.insert(state.frame, n);
            }
            for &id in &state.stack {
                if id != FrameId::GLOBAL
                    && state.frame(id).is_some_and(|f| !Self::hidden(f))
                    && !self.frame_ids.contains_key(&id)
                {
                    let n = self.next_frame_number();
                    self.frame_ids.insert(id, n);
                }
            }
            if !emit(self.step(state, event)).map_err(Stop::Out)? {
                break;
            }
            last_event = Some(event);
        }
        Ok(())
    }

    fn next_frame_number(&mut self) -> u64 {
        self.frame_count += 1;
        self.frame_count
    }

    /// First pass: the frames in which a lambda was made (the lambda's function names
    /// its parent frame).
    fn find_lambda_parents(&mut self) -> crate::Result<()> {
        let syms = self.trace.symbols();
        let mut cursor = self.trace.cursor();
        while let Some(state) = cursor.next_state()? {
            // Lambdas seen as objects, or only as running frames (a lambda called at once
            // is never bound to a name). Every frame is pushed at some step: looking at the
            // ones pushed keeps this pass in proportion to the records, not steps × depth.
            let mut names: Vec<Sym> = state
                .changes
                .pushed
                .iter()
                .filter_map(|&id| state.frame(id))
                .map(|f| f.func)
                .collect();
            if state.event == Some(Event::Call) {
                if let Some(f) = state
                    .frame(state.frame)
                    .filter(|f| f.kind == FrameKind::Comprehension)
                {
                    self.comp_freevars
                        .entry(f.func)
                        .or_default()
                        .extend(f.vars.iter().map(|&(n, _)| n));
                }
            }
            // A closure made before its cells are filled gets them later (a change).
            for &id in state.changes.created.iter().chain(&state.changes.changed) {
                if let Some(ObjectData::Function {
                    name,
                    cells,
                    signature,
                    ..
                }) = state.object(id)
                {
                    self.signatures.entry(*name).or_insert(*signature);
                    if !cells.is_empty() {
                        self.freevars
                            .entry(*name)
                            .or_default()
                            .extend(cells.iter().map(|&(n, _)| n));
                    }
                    names.push(*name);
                }
            }
            for name in names {
                if let Some(outer) = lambda_outer(syms.text(name)) {
                    self.lambda_parents.insert(outer.to_owned());
                }
            }
        }
        Ok(())
    }

    /// Marks the parent frames of the functions made at this step, and keeps the last
    /// content of the objects that changed.
    fn note_parents(&mut self, state: &State) {
        for f in state.stack_frames() {
            if self.lambda_parents.contains(self.syms().text(f.func)) {
                self.parents.insert(f.id);
            }
        }
        for &id in state.changes.created.iter().chain(&state.changes.changed) {
            let Some(data) = state.object(id) else {
                continue;
            };
            self.shadow.insert(id, data.clone());
            if let ObjectData::Function {
                name, parent_frame, ..
            } = data
            {
                self.seen_functions.insert(*name);
                if let Some(p) = *parent_frame {
                    self.fn_parent.entry(id).or_insert(p);
                }
                if let Some(&p) = self.fn_parent.get(&id) {
                    self.parents.insert(p);
                    self.qual_parent.entry(*name).or_insert(p);
                }
            }
        }
    }

    fn final_step(&mut self, state: &State, event: Event, last: Option<Event>) -> Option<Value> {
        let outcome = self.trace.meta().outcome.clone();
        match event {
            Event::UncaughtException => {
                if last == Some(Event::Exception) {
                    return None;
                }
                let mut v = self.step(state, event);
                v["event"] = json!("uncaught_exception");
                if v.get("exception_msg").is_none() {
                    let msg = match outcome {
                        Some(Outcome::Exception { message }) => exception_msg(&message),
                        Some(o) => o.describe(),
                        None => "the program stopped with an exception".into(),
                    };
                    v["exception_msg"] = json!(msg);
                }
                Some(v)
            }
            Event::WaitingForInput => {
                let prompt = match outcome {
                    Some(Outcome::WaitingForInput { prompt }) => prompt,
                    _ => String::new(),
                };
                Some(json!({ "event": "raw_input", "prompt": prompt }))
            }
            Event::LimitReached => {
                let msg = match outcome {
                    Some(Outcome::StepLimit { steps }) => format!(
                        "Stopped after running {steps} steps. Please shorten your code,\nsince Python Tutor is not designed to handle long-running code."
                    ),
                    Some(o) => o.describe(),
                    None => "a limit was reached".into(),
                };
                Some(json!({ "event": "instruction_limit_reached", "exception_msg": msg }))
            }
            _ => {
                let msg = outcome
                    .map(|o| o.describe())
                    .unwrap_or_else(|| "the Python process crashed".into());
                Some(json!({ "event": "uncaught_exception", "exception_msg": msg }))
            }
        }
    }

    fn step(&mut self, state: &State, event: Event) -> Value {
        let syms = self.syms();
        if let Some(g) = state.frame(FrameId::GLOBAL) {
            for &(name, _) in &g.vars {
                let next = self.global_rank.len();
                self.global_rank.entry(name).or_insert(next);
            }
        }
        let mut heap = Heap::new(self, state);
        let func_name = state
            .frame(state.frame)
            .map(|f| short(syms.text(f.func)).to_owned())
            .unwrap_or_else(|| "<module>".into());

        // Frames to show: the active ones, plus zombies, by Python Tutor id.
        let number = |f: &Frame| self.frame_ids.get(&f.id).copied().unwrap_or(u64::MAX);
        let mut shown: Vec<(&Frame, bool, u64)> = Vec::new();
        for f in state.stack_frames() {
            if f.id != FrameId::GLOBAL && !Self::hidden(f) {
                shown.push((f, false, number(f)));
            }
        }
        for f in self.ghosts.values() {
            let live = state.frame(f.id);
            let exited = live.is_none_or(|l| l.status == FrameStatus::Exited);
            if exited && !Self::hidden(f) && self.frame_ids.contains_key(&f.id) {
                let f = live.unwrap_or(f);
                shown.push((f, true, number(f)));
            }
        }
        for (n, f) in &self.paused {
            if !Self::hidden(f) && !shown.iter().any(|s| s.2 == *n) {
                shown.push((f, true, *n));
            }
        }
        shown.sort_by_key(|s| s.2);

        let mut stack = Vec::new();
        for (f, zombie, n) in shown {
            let highlighted = f.id == state.frame && !zombie;
            stack.push(self.frame_json(f, n, zombie, highlighted, &mut heap));
        }

        let mut globals = Map::new();
        let mut ordered = Vec::new();
        if let Some(g) = state.frame(FrameId::GLOBAL) {
            let mut vars = g.vars.clone();
            vars.sort_by_key(|(n, _)| self.global_rank.get(n).copied().unwrap_or(usize::MAX));
            for (n, v) in vars {
                let n = syms.text(n);
                globals.insert(n.to_owned(), heap.encode(v));
                ordered.push(json!(n));
            }
        }

        let mut v = json!({
            "line": state.line,
            "event": event_name(event),
            "func_name": func_name,
            "globals": globals,
            "ordered_globals": ordered,
            "stack_to_render": stack,
            "heap": heap.finish(),
            "stdout": self.trace.output_until(state.step, Some(Stream::Stdout)),
        });
        if let Some(msg) = &state.exception {
            v["exception_msg"] = json!(exception_msg(msg));
        }
        v
    }

    /// The frame a frame's function was defined in, as the tracer recorded it; else the
    /// parent of the first function made from the same code.
    fn frame_parent(&self, f: &Frame) -> Option<FrameId> {
        f.parent
            .or_else(|| self.qual_parent.get(&f.func).copied())
            .filter(|p| self.parents.contains(p))
    }

    /// A frame's parameters in `co_varnames` order (positional, keyword-only, `*args`,
    /// `**kwargs`): from its function's signature, or else its variables at its first
    /// step less the free variables it shares with an enclosing frame.
    fn frame_params(&self, state: &State, f: &Frame) -> Vec<Sym> {
        if f.kind == FrameKind::Comprehension {
            return Vec::new(); // `.0`, hidden
        }
        let syms = self.syms();
        if let Some(sig) = self.signatures.get(&f.func) {
            let sig = syms.text(*sig);
            if let (Some(open), Some(close)) = (sig.find('('), sig.rfind(')')) {
                let (mut plain, mut star) = (Vec::new(), Vec::new());
                for p in sig.get(open + 1..close).unwrap_or("").split(", ") {
                    match p.trim_start_matches('*') {
                        "" | "/" => {}
                        n if p.starts_with('*') => star.push(n.to_owned()),
                        n => plain.push(n.to_owned()),
                    }
                }
                let names: Vec<Sym> = plain
                    .iter()
                    .chain(&star)
                    .filter_map(|n| syms.lookup(n))
                    .collect();
                return names;
            }
        }
        f.vars
            .iter()
            .filter(|&&(n, v)| !self.inherited(state, f, n, v))
            .map(|&(n, _)| n)
            .collect()
    }

    /// True for a free variable of a function heapscope never recorded (a lambda called at
    /// once): not a parameter, and the same object under the same name in an enclosing
    /// frame.
    fn inherited(&self, state: &State, f: &Frame, name: Sym, value: ObjId) -> bool {
        // A recorded function's free variables are known from its cells.
        if self.signatures.contains_key(&f.func)
            || self.params.get(&f.id).is_some_and(|p| p.contains(&name))
        {
            return false;
        }
        let mut p = self.frame_parent(f);
        let mut guard = 0;
        while let Some(pid) = p.filter(|&p| p != FrameId::GLOBAL && guard < 100) {
            let Some(pf) = state.frame(pid).or(self.ghosts.get(&pid)) else {
                return false;
            };
            if pf.var(name) == Some(value) {
                return true;
            }
            p = self.frame_parent(pf);
            guard += 1;
        }
        false
    }

    fn frame_name(&self, f: &Frame) -> String {
        let name = short(self.syms().text(f.func));
        // Python Tutor names a lambda's frame after the function object it has met; one it
        // never met (called at once, never bound) is plain `<lambda>`.
        if (f.kind == FrameKind::Lambda || name == "<lambda>")
            && self.seen_functions.contains(&f.func)
        {
            let line = self.first_line.get(&f.id).copied().unwrap_or(f.line);
            format!("{name} <line {line}>")
        } else {
            name.to_owned()
        }
    }

    fn frame_json(
        &self,
        f: &Frame,
        id: u64,
        zombie: bool,
        highlighted: bool,
        heap: &mut Heap<'_>,
    ) -> Value {
        let syms = self.syms();
        let id = if id == u64::MAX { 0 } else { id };
        let is_parent = self.parents.contains(&f.id);
        let name = self.frame_name(f);
        let mut parents = Vec::new();
        let mut p = self.frame_parent(f);
        let mut guard = 0;
        while let Some(pid) = p {
            if pid == FrameId::GLOBAL || guard > 1000 {
                break;
            }
            if let Some(&n) = self.frame_ids.get(&pid) {
                parents.push(json!(n));
            }
            p = heap
                .state
                .frame(pid)
                .or(self.ghosts.get(&pid))
                .and_then(|pf| self.frame_parent(pf));
            guard += 1;
        }
        let mut locals = Map::new();
        let free = self.freevars.get(&f.func);
        let params = self.params.get(&f.id);
        let mut vars: Vec<(Sym, ObjId)> = f
            .vars
            .iter()
            .copied()
            .filter(|(n, v)| {
                !free.is_some_and(|fr| fr.contains(n)) && !self.inherited(heap.state, f, *n, *v)
            })
            .collect();
        // Python Tutor's order is the code's `co_varnames` (parameters, then locals as
        // first written), then the cell variables by name. heapscope has the parameters
        // and the binding order; cell variables are the free variables of the functions
        // nested in this one.
        let prefix = format!("{}.<locals>.", syms.text(f.func));
        let own_free = self.comp_freevars.get(&f.func);
        let is_cell = |n: &Sym| {
            own_free.is_some_and(|fv| fv.contains(n))
                || self
                    .freevars
                    .iter()
                    .chain(&self.comp_freevars)
                    .any(|(q, fv)| fv.contains(n) && syms.text(*q).starts_with(&prefix))
        };
        let rank = |n: &Sym| match params.and_then(|p| p.iter().position(|x| x == n)) {
            Some(i) => (0, i),
            None if is_cell(n) => (2, 0),
            None => (1, 0),
        };
        // A stable sort: locals keep their binding order.
        vars.sort_by(|a, b| {
            let (ra, rb) = (rank(&a.0), rank(&b.0));
            ra.cmp(&rb).then_with(|| {
                if ra.0 == 2 {
                    syms.text(a.0).cmp(syms.text(b.0))
                } else {
                    std::cmp::Ordering::Equal
                }
            })
        });
        let mut names = Vec::new();
        for (n, v) in vars {
            let n = syms.text(n);
            locals.insert(n.to_owned(), heap.encode(v));
            names.push(json!(n));
        }
        if let Some(r) = f.return_value {
            locals.insert("__return__".into(), heap.encode(r));
            names.push(json!("__return__"));
        } else if self.returned_none.contains(&f.id) {
            locals.insert("__return__".into(), Value::Null);
            names.push(json!("__return__"));
        }
        let mut hash = format!("{name}_f{id}");
        if is_parent {
            hash.push_str("_p");
        }
        if zombie {
            hash.push_str("_z");
        }
        json!({
            "func_name": name,
            "is_parent": is_parent,
            "frame_id": id,
            "parent_frame_id_list": parents,
            "encoded_locals": locals,
            "ordered_varnames": names,
            "is_zombie": zombie,
            "is_highlighted": highlighted,
            "unique_hash": hash,
        })
    }
}

fn event_name(e: Event) -> &'static str {
    match e {
        Event::Line => "step_line",
        Event::Call => "call",
        Event::Return => "return",
        Event::Exception => "exception",
        Event::UncaughtException | Event::Crashed => "uncaught_exception",
        Event::WaitingForInput => "raw_input",
        Event::LimitReached => "instruction_limit_reached",
    }
}

/// The heap of one step: objects reachable from what is shown, encoded as met.
struct Heap<'a> {
    conv: &'a Converter<'a>,
    state: &'a State,
    heap: Map<String, Value>,
    done: HashSet<ObjId>,
    todo: Vec<ObjId>,
}

impl<'a> Heap<'a> {
    fn new(conv: &'a Converter<'a>, state: &'a State) -> Self {
        Heap {
            conv,
            state,
            heap: Map::new(),
            done: HashSet::new(),
            todo: Vec::new(),
        }
    }

    /// A value as a variable slot or container item holds it: inline, or a reference
    /// (the object is then added to the heap).
    fn encode(&mut self, id: ObjId) -> Value {
        let v = self.value(id);
        self.drain();
        v
    }

    /// An object's content: live, or as it was last seen (kept by a zombie frame).
    fn object(&self, id: ObjId) -> Option<&'a ObjectData> {
        self.state.object(id).or_else(|| self.conv.shadow.get(&id))
    }

    /// Appends `[name, value]` rows, by name as Python Tutor lists attributes.
    fn push_attrs(&mut self, v: &mut Vec<Value>, attrs: &[(Sym, ObjId)]) {
        let syms = self.conv.syms();
        let mut attrs = attrs.to_vec();
        attrs.sort_by(|a, b| syms.text(a.0).cmp(syms.text(b.0)));
        for (n, val) in attrs {
            let name = syms.text(n).to_owned();
            let val = self.value(val);
            v.push(json!([name, val]));
        }
    }

    fn value(&mut self, id: ObjId) -> Value {
        let Some(d) = self.object(id) else {
            return json!(["IMPORTED_FAUX_PRIMITIVE", "unknown object"]);
        };
        if !self.conv.opts.heap_primitives {
            if let Some(v) = inline(d) {
                return v;
            }
        }
        if let Some(v) = self.faux(d) {
            return v;
        }
        if self.done.insert(id) {
            self.todo.push(id);
        }
        json!(["REF", id.0])
    }

    /// Values Python Tutor shows as a grey label instead of an object.
    fn faux(&self, d: &ObjectData) -> Option<Value> {
        match d {
            ObjectData::Function { signature, .. }
                if self.conv.syms().text(*signature).ends_with("(...)") =>
            {
                Some(json!(["IMPORTED_FAUX_PRIMITIVE", "imported object"]))
            }
            ObjectData::Imported { class: true, .. } => {
                Some(json!(["IMPORTED_FAUX_PRIMITIVE", "imported class"]))
            }
            ObjectData::Imported { class: false, .. } => {
                Some(json!(["IMPORTED_FAUX_PRIMITIVE", "imported object"]))
            }
            _ => None,
        }
    }

    /// Encodes the queued objects depth first, each before its children, as Python Tutor
    /// lists them.
    fn drain(&mut self) {
        while let Some(id) = self.todo.pop() {
            let before = self.todo.len();
            let entry = self.entry(id);
            self.heap.insert(id.0.to_string(), entry);
            // Children were queued in order; visit the first one first.
            self.todo[before..].reverse();
        }
    }

    fn entry(&mut self, id: ObjId) -> Value {
        let syms = self.conv.syms();
        let Some(d) = self.object(id) else {
            return json!(["INSTANCE", "object"]);
        };
        match d {
            ObjectData::None
            | ObjectData::Bool(_)
            | ObjectData::Int(_)
            | ObjectData::Float(_)
            | ObjectData::Str(_) => {
                let type_name = Repr::new(self.state, syms, ReprOptions::default()).type_name(d);
                json!([
                    "HEAP_PRIMITIVE",
                    type_name,
                    inline(d).unwrap_or(Value::Null)
                ])
            }
            ObjectData::Complex { .. } | ObjectData::Bytes { .. } | ObjectData::Range { .. } => {
                let repr = Repr::new(
                    self.state,
                    syms,
                    ReprOptions {
                        max_depth: 4,
                        max_chars: 10_000,
                    },
                );
                json!(["INSTANCE_PPRINT", repr.type_name(d), repr.of(id)])
            }
            ObjectData::Seq(kind, seq) => {
                let tag = match kind {
                    SeqKind::List => "LIST",
                    SeqKind::Tuple => "TUPLE",
                    SeqKind::Set | SeqKind::FrozenSet => "SET",
                };
                let mut v = vec![json!(tag)];
                for &item in &seq.items {
                    v.push(self.value(item));
                }
                Value::Array(v)
            }
            ObjectData::Dict(dict) => {
                let mut v = vec![json!("DICT")];
                for &(k, val) in &dict.entries {
                    let k = self.value(k);
                    let val = self.value(val);
                    v.push(json!([k, val]));
                }
                Value::Array(v)
            }
            ObjectData::Instance {
                type_name, attrs, ..
            } => {
                let mut v = vec![json!("INSTANCE"), json!(short(syms.text(*type_name)))];
                self.push_attrs(&mut v, attrs);
                Value::Array(v)
            }
            ObjectData::Class {
                name,
                base_names,
                attrs,
                ..
            } => {
                let bases: Vec<Value> = base_names
                    .iter()
                    .map(|b| syms.text(*b))
                    .filter(|b| *b != "object")
                    .map(|b| json!(short(b)))
                    .collect();
                let mut v = vec![
                    json!("CLASS"),
                    json!(short(syms.text(*name))),
                    Value::Array(bases),
                ];
                self.push_attrs(&mut v, attrs);
                Value::Array(v)
            }
            ObjectData::Function {
                signature,
                parent_frame,
                defaults,
                ..
            } => {
                let (sig, names) = clean_signature(syms.text(*signature), defaults.len());
                let parent = self
                    .conv
                    .fn_parent
                    .get(&id)
                    .copied()
                    .or(*parent_frame)
                    .and_then(|p| self.conv.frame_ids.get(&p))
                    .map_or(Value::Null, |&n| json!(n));
                let mut v = vec![json!("FUNCTION"), json!(sig), parent];
                if !defaults.is_empty() {
                    let mut ds = Vec::new();
                    for (name, &d) in names.iter().zip(defaults) {
                        let val = self.value(d);
                        ds.push(json!([name, val]));
                    }
                    v.push(Value::Array(ds));
                }
                Value::Array(v)
            }
            ObjectData::Builtin { name, .. } => {
                json!(["FUNCTION", format!("{}(...)", syms.text(*name)), null])
            }
            ObjectData::BoundMethod { .. } => json!(["INSTANCE", "method"]),
            ObjectData::Generator { .. } => json!(["INSTANCE", "generator"]),
            ObjectData::Module { .. } => json!(["INSTANCE", "module"]),
            // Python Tutor shows such an object by its repr; heapscope's is read from the
            // trace (the class's own `__repr__` never runs).
            ObjectData::Derived { type_name, .. } => {
                let repr = Repr::new(
                    self.state,
                    syms,
                    ReprOptions {
                        max_depth: 4,
                        max_chars: 10_000,
                    },
                );
                json!(["INSTANCE_PPRINT", short(syms.text(*type_name)), repr.of(id)])
            }
            ObjectData::Imported { class, .. } => {
                json!(["INSTANCE", if *class { "type" } else { "function" }])
            }
            ObjectData::Other { type_name, .. } => {
                json!(["INSTANCE", short(syms.text(*type_name))])
            }
            // Python Tutor's pretty-printed instance: the summary's facts as one line.
            ObjectData::Summary(s) => {
                let repr = Repr::new(
                    self.state,
                    syms,
                    ReprOptions {
                        max_depth: 1,
                        max_chars: 10_000,
                    },
                );
                json!([
                    "INSTANCE_PPRINT",
                    short(syms.text(s.type_name)),
                    repr.of(id)
                ])
            }
        }
    }

    fn finish(self) -> Value {
        Value::Object(self.heap)
    }
}

/// A primitive's inline encoding, or `None` for objects that go on the heap.
fn inline(d: &ObjectData) -> Option<Value> {
    Some(match d {
        ObjectData::None => Value::Null,
        ObjectData::Bool(b) => json!(b),
        ObjectData::Int(IntValue::Small(i)) => json!(i),
        ObjectData::Int(IntValue::Big {
            negative: false,
            magnitude,
            ..
        }) if !magnitude.is_empty() && magnitude.len() <= 8 => {
            let mut bytes = [0u8; 8];
            bytes[..magnitude.len()].copy_from_slice(magnitude);
            json!(u64::from_le_bytes(bytes))
        }
        ObjectData::Int(big @ IntValue::Big { magnitude, .. }) if !magnitude.is_empty() => {
            // Exact, as Python's json writes it: `to_opt_text` writes the digits.
            json!({ BIG_INT_KEY: format_int(big) })
        }
        ObjectData::Int(big) => json!(format_int(big)),
        ObjectData::Float(f) => {
            if f.is_nan() {
                json!(["SPECIAL_FLOAT", "NaN"])
            } else if f.is_infinite() {
                json!([
                    "SPECIAL_FLOAT",
                    if *f > 0.0 { "Infinity" } else { "-Infinity" }
                ])
            } else if f.fract() == 0.0 {
                // Python Tutor writes `'%.1f' % x`: every digit, never an exponent.
                json!(["SPECIAL_FLOAT", format!("{f:.1}")])
            } else {
                // Python Tutor rounds floats to 4 decimals.
                json!(format!("{f:.4}").parse::<f64>().unwrap_or(*f))
            }
        }
        ObjectData::Str(t) => json!(t.text),
        _ => return None,
    })
}

/// The qualified name of the code a lambda was written in: `f.<locals>.<lambda>`, or
/// `<genexpr>.<lambda>` (CPython adds no `<locals>` after a comprehension's name).
fn lambda_outer(qualname: &str) -> Option<&str> {
    qualname.strip_suffix(".<locals>.<lambda>").or_else(|| {
        qualname.strip_suffix(".<lambda>").filter(|outer| {
            ["<genexpr>", "<listcomp>", "<setcomp>", "<dictcomp>"]
                .iter()
                .any(|c| outer.ends_with(c))
        })
    })
}

/// An exception as Python Tutor words it: `Type: message`, the colon kept when the
/// message is empty (heapscope's own text is `Type` alone then, as a traceback's).
fn exception_msg(msg: &str) -> String {
    let bare = !msg.is_empty()
        && msg
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '.');
    if bare {
        format!("{msg}: ")
    } else {
        msg.to_owned()
    }
}

/// Python Tutor's signature (`f(a, b, *rest, kw, **more)`: no bare `*` or `/`) and the
/// names of the parameters that have defaults, in the order of the function's defaults
/// (positional ones, then keyword-only ones).
fn clean_signature(sig: &str, n_defaults: usize) -> (String, Vec<String>) {
    let Some(open) = sig.find('(') else {
        return (sig.to_owned(), Vec::new());
    };
    let close = sig.rfind(')').unwrap_or(sig.len());
    let name = &sig[..open];
    let tail = sig.get(close + 1..).unwrap_or("");
    let params: Vec<&str> = sig[open + 1..close.max(open + 1)]
        .split(", ")
        .filter(|p| !p.is_empty())
        .collect();
    let mut positional = Vec::new();
    let mut kwonly = Vec::new();
    let mut after_star = false;
    let mut kept = Vec::new();
    for p in params {
        if p == "*" || p == "/" {
            after_star |= p == "*";
            continue;
        }
        kept.push(p);
        if p.starts_with("**") {
            continue;
        }
        if p.starts_with('*') {
            after_star = true;
            continue;
        }
        if after_star {
            kwonly.push(p.to_owned());
        } else {
            positional.push(p.to_owned());
        }
    }
    // Keyword-only parameters with defaults are taken to be the last ones (heapscope does
    // not record which have one); the rest of the defaults belong to the last positional
    // parameters.
    let n_kw = n_defaults.min(kwonly.len());
    let n_pos = (n_defaults - n_kw).min(positional.len());
    let mut names: Vec<String> = positional[positional.len() - n_pos..].to_vec();
    names.extend(kwonly[kwonly.len() - n_kw..].iter().cloned());
    (format!("{name}({}){tail}", kept.join(", ")), names)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Record, TraceBuilder, TraceMeta};

    /// `x = 1` then a call of `f(2)` whose frame returns 2, ending with `end`.
    fn small_trace(end: Option<(Event, Outcome)>) -> Trace {
        let mut b = TraceBuilder::new(TraceMeta::for_program("x = 1\nf(2)\n", "prog.py"));
        let module = b.sym("<module>");
        let (x, f, a) = (b.sym("x"), b.sym("f"), b.sym("a"));
        let g = FrameId::GLOBAL;
        let step = |b: &mut TraceBuilder, event, line, frame| {
            b.push(Record::Step { event, line, frame }).unwrap()
        };
        step(&mut b, Event::Line, 1, g);
        b.push(Record::FramePush {
            frame: g,
            func: module,
            file: 0,
            kind: FrameKind::Module,
            parent: None,
            line: 1,
        })
        .unwrap();
        step(&mut b, Event::Line, 2, g);
        b.push(Record::ObjNew {
            id: ObjId(1),
            data: ObjectData::int(1),
        })
        .unwrap();
        b.push(Record::SetVar {
            frame: g,
            name: x,
            value: ObjId(1),
        })
        .unwrap();
        step(&mut b, Event::Call, 5, FrameId(1));
        b.push(Record::FramePush {
            frame: FrameId(1),
            func: f,
            file: 0,
            kind: FrameKind::Function,
            parent: None,
            line: 5,
        })
        .unwrap();
        b.push(Record::ObjNew {
            id: ObjId(2),
            data: ObjectData::list(vec![ObjId(1)]),
        })
        .unwrap();
        b.push(Record::SetVar {
            frame: FrameId(1),
            name: a,
            value: ObjId(2),
        })
        .unwrap();
        step(&mut b, Event::Return, 5, FrameId(1));
        b.push(Record::SetReturn {
            frame: FrameId(1),
            value: ObjId(1),
        })
        .unwrap();
        b.push(Record::Output {
            stream: Stream::Stdout,
            text: "hi\n".into(),
        })
        .unwrap();
        if let Some((event, outcome)) = end {
            step(&mut b, event, 2, g);
            b.push(Record::FramePop {
                frame: FrameId(1),
                suspended: false,
            })
            .unwrap();
            b.meta_mut().outcome = Some(outcome);
        }
        b.finish().unwrap()
    }

    #[test]
    fn steps_frames_and_values_read_like_python_tutor() {
        let v = to_opt_json(&small_trace(None), &OptOptions::default());
        let steps = v["trace"].as_array().unwrap();
        assert_eq!(steps.len(), 4);
        assert_eq!(steps[1]["globals"], json!({"x": 1}));
        assert_eq!(steps[2]["event"], "call");
        let frame = &steps[3]["stack_to_render"][0];
        assert_eq!(frame["unique_hash"], "f_f1");
        assert_eq!(
            frame["encoded_locals"],
            json!({"a": ["REF", 2], "__return__": 1})
        );
        assert_eq!(frame["ordered_varnames"], json!(["a", "__return__"]));
        assert_eq!(steps[3]["heap"], json!({"2": ["LIST", 1]}));
        assert_eq!(steps[3]["stdout"], "hi\n");

        let v = to_opt_json(
            &small_trace(None),
            &OptOptions {
                cumulative: false,
                heap_primitives: true,
            },
        );
        assert_eq!(v["trace"][1]["globals"], json!({"x": ["REF", 1]}));
        assert_eq!(
            v["trace"][1]["heap"],
            json!({"1": ["HEAP_PRIMITIVE", "int", 1]})
        );
    }

    #[test]
    fn final_events_map_to_python_tutor_ones() {
        let limit = small_trace(Some((Event::LimitReached, Outcome::StepLimit { steps: 4 })));
        let v = to_opt_json(&limit, &OptOptions::default());
        let last = v["trace"].as_array().unwrap().last().unwrap().clone();
        assert_eq!(last["event"], "instruction_limit_reached");
        assert!(last["exception_msg"]
            .as_str()
            .unwrap()
            .starts_with("Stopped after running 4 steps."));

        let input = small_trace(Some((
            Event::WaitingForInput,
            Outcome::WaitingForInput {
                prompt: "name? ".into(),
            },
        )));
        let v = to_opt_json(&input, &OptOptions::default());
        assert_eq!(
            v["trace"].as_array().unwrap().last().unwrap(),
            &json!({"event": "raw_input", "prompt": "name? "})
        );

        let mut bad = small_trace(None);
        bad.meta_mut().outcome = Some(Outcome::SyntaxError {
            message: "SyntaxError: invalid syntax".into(),
            line: 2,
            column: 3,
        });
        let v = to_opt_json(&bad, &OptOptions::default());
        assert_eq!(
            v["trace"],
            json!([{"event": "uncaught_exception", "line": 2, "offset": 3,
                    "exception_msg": "SyntaxError: invalid syntax (<string>, line 2)"}])
        );
    }

    #[test]
    fn signatures_read_like_python_tutor() {
        assert_eq!(
            clean_signature("f(x, arr)", 1),
            ("f(x, arr)".into(), vec!["arr".into()])
        );
        assert_eq!(
            clean_signature("my_sorted(iterable, *, reverse, key)", 2),
            (
                "my_sorted(iterable, reverse, key)".into(),
                vec!["reverse".into(), "key".into()]
            )
        );
        assert_eq!(
            clean_signature("baz(*a, k1, k2, **kw)", 1),
            ("baz(*a, k1, k2, **kw)".into(), vec!["k2".into()])
        );
        assert_eq!(
            clean_signature("<lambda>(y) <line 2>", 0),
            ("<lambda>(y) <line 2>".into(), vec![])
        );
    }

    #[test]
    fn short_names_drop_the_qualifiers() {
        assert_eq!(short("foo.<locals>.bar"), "bar");
        assert_eq!(short("Point.__init__"), "__init__");
        assert_eq!(short("<module>"), "<module>");
    }
}
