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
//!   Tutor where it took a new function at a reused address for an old one.
//! - Variables: parameters first, then other locals in binding order (Python Tutor uses
//!   `co_varnames`), then cell variables by name; free variables are shown only in the
//!   frame that owns them; `__return__` last, `None` after an exception left the frame.
//!   Globals keep the order in which each name was first bound over the whole run.
//! - Values: None, bools, ints, strs and non-integral finite floats (rounded to 4
//!   decimals) inline, unless `heap_primitives` puts them on the heap as `HEAP_PRIMITIVE`;
//!   integral floats, infinities and NaN as `SPECIAL_FLOAT`; everything else on the heap,
//!   keyed by heapscope's object id, holding only what the shown frames reach. Class and
//!   instance attributes are listed by name. Ints beyond `u64` are written as JSON floats
//!   (serde_json's `Value` cannot hold more; a JavaScript front-end reads them as doubles
//!   anyway).
//! - Functions from outside the program (heapscope records no signature for them) show as
//!   Python Tutor's `IMPORTED_FAUX_PRIMITIVE` "imported object"; builtins as
//!   `FUNCTION name(...)`.
//!
//! What heapscope cannot reproduce: `INSTANCE_PPRINT` (Python Tutor calls a class's
//! `__str__`; heapscope never runs user code while recording), "imported class" faux
//! primitives (a class's `__module__` is not recorded), and what the tracer hides on
//! purpose (a comprehension's `.0`, dunder globals, non-function dunder class attributes).

use std::collections::{HashMap, HashSet};
use std::io::{self, Write};
use std::time::{Duration, Instant};

use serde::Serialize;
use serde_json::{json, Value};

use crate::display::{format_float, format_int, Repr, ReprOptions};
use crate::model::{
    Event, FrameId, FrameKind, FrameStatus, IntValue, ObjId, ObjectData, Outcome, SeqKind,
};
use crate::record::Record;
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

/// The trace as Python Tutor's JSON value, for small traces and tests: it is
/// [`write_opt_json`]'s output, read back.
pub fn to_opt_json(trace: &Trace, opts: &OptOptions) -> Value {
    let mut buf = Vec::new();
    // Writing to memory cannot fail, and the writer writes valid JSON.
    match write_opt_json(trace, opts, &OptLimits::default(), &mut buf, |_| {}) {
        Ok(_) => serde_json::from_slice(&buf).unwrap_or(Value::Null),
        Err(_) => Value::Null,
    }
}

/// Writes the trace as Python Tutor's JSON (`{"code": ..., "trace": [...]}`) to `out`, one
/// step at a time: memory holds one step's JSON, never the whole list, so the cost is the
/// bytes written. `progress` is told each step's number as it is read. Only errors of
/// `out` are errors: a trace that cannot be read is reported the way Python Tutor reports
/// a backend failure, as a final `uncaught_exception` step after the steps written.
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
    match trace.meta().outcome.as_ref() {
        Some(Outcome::SyntaxError {
            message,
            line,
            column,
        }) => {
            let mut buf = Vec::new();
            syntax_error(&mut buf, message, *line, *column);
            sink.push(&buf)?;
        }
        _ => Converter::new(trace, *opts).run(&mut sink, &mut progress)?,
    }
    sink.write(b"]}")?;
    sink.out.flush()?;
    Ok(OptSummary {
        steps: sink.steps,
        bytes: sink.bytes,
        stopped: sink.stopped,
    })
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

    /// Ends the list with a step that says the trace could not be read.
    fn unreadable(&mut self, e: &crate::Error) -> io::Result<()> {
        let mut buf = Vec::new();
        put_raw(
            &mut buf,
            "{\"event\":\"uncaught_exception\",\"exception_msg\":",
        );
        put_json(
            &mut buf,
            &format!("heapscope could not read its trace: {e}"),
        );
        buf.push(b'}');
        self.push(&buf).map(drop)
    }
}

/// Appends `v` as JSON (strings escaped, numbers as serde_json writes them).
fn put_json<T: Serialize + ?Sized>(out: &mut Vec<u8>, v: &T) {
    // Serializing plain values into a Vec cannot fail.
    let _ = serde_json::to_writer(&mut *out, v);
}

/// Appends JSON text that is already valid.
fn put_raw(out: &mut Vec<u8>, text: &str) {
    out.extend_from_slice(text.as_bytes());
}

/// Appends `,"key":value`.
fn put_field<T: Serialize + ?Sized>(out: &mut Vec<u8>, key: &str, v: &T) {
    out.push(b',');
    put_key(out, key);
    put_json(out, v);
}

/// Appends `"key":`.
fn put_key(out: &mut Vec<u8>, key: &str) {
    put_json(out, key);
    out.push(b':');
}

/// Python Tutor's single step for a program that does not compile.
fn syntax_error(out: &mut Vec<u8>, message: &str, line: u32, column: u32) {
    put_raw(out, "{\"event\":\"uncaught_exception\",\"line\":");
    put_json(out, &line);
    put_field(out, "offset", &column);
    put_field(
        out,
        "exception_msg",
        &format!("{message} (<string>, line {line})"),
    );
    out.push(b'}');
}

/// The last part of a qualified name: Python Tutor shows `__name__`, heapscope records
/// `__qualname__`.
fn short(qualname: &str) -> &str {
    qualname.rsplit('.').next().unwrap_or(qualname)
}

/// The frames a step pushed (or resumed) that are on the stack after it.
fn arrived(state: &State) -> impl Iterator<Item = &Frame> {
    state
        .changes
        .pushed
        .iter()
        .filter_map(|&id| state.frame(id))
        .filter(|f| f.status == FrameStatus::Active)
}

/// Buffers reused from step to step: a step's frames, globals and heap are written apart
/// and joined in Python Tutor's key order.
#[derive(Default)]
struct Scratch {
    stack: Vec<u8>,
    globals: Vec<u8>,
    heap: HeapBufs,
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
    /// False when no frame can become a zombie (not cumulative, and no closure parent but
    /// the global frame): `shadow` is then never read, and not kept. Found in a first pass.
    zombies_possible: bool,
    /// The last state of every frame that is (or may become) a zombie.
    ghosts: HashMap<FrameId, Frame>,
    /// Functions' parent frames, as recorded when each was first seen.
    fn_parent: HashMap<ObjId, FrameId>,
    /// Qualified names of the functions met so far.
    seen_functions: HashSet<Sym>,
    /// What the program printed to stdout up to the current step (Python Tutor repeats
    /// it at every step).
    stdout: String,
    /// Output chunks already in `stdout`.
    output_read: usize,
    /// Frames pushed since the last step written.
    pending: Vec<FrameId>,
    /// Frames that became closure parents at this step.
    fresh_parents: Vec<FrameId>,
    scratch: Scratch,
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
            zombies_possible: false,
            ghosts: HashMap::new(),
            fn_parent: HashMap::new(),
            seen_functions: HashSet::new(),
            stdout: String::new(),
            output_read: 0,
            pending: Vec::new(),
            fresh_parents: Vec::new(),
            scratch: Scratch::default(),
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

    fn run<W: Write>(
        mut self,
        sink: &mut Steps<W>,
        progress: &mut impl FnMut(u64),
    ) -> io::Result<()> {
        if let Err(e) = self.find_lambda_parents() {
            return sink.unreadable(&e);
        }
        let trace = self.trace;
        let mut last_event: Option<Event> = None;
        let mut cursor = trace.cursor();
        let mut buf = Vec::new();
        loop {
            let state = match cursor.next_state() {
                Ok(Some(state)) => state,
                Ok(None) => break,
                Err(e) => return sink.unreadable(&e),
            };
            progress(state.step);
            let Some(event) = state.event else { continue };
            self.read_stdout(state.step);
            let frame = state.frame(state.frame);
            if let Some(f) = frame {
                self.first_line.entry(f.id).or_insert(state.line);
            }
            // What this step changed is looked at, not the whole stack: a frame's first
            // step is the one that pushes it.
            for f in arrived(state) {
                self.first_line.entry(f.id).or_insert(f.line);
            }
            self.pending.extend(arrived(state).map(|f| f.id));
            self.note_parents(state);
            self.keep_ghosts(state);
            let new: Vec<(FrameId, Vec<Sym>)> = arrived(state)
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
                buf.clear();
                if self.final_step(state, event, last_event, &mut buf) {
                    sink.push(&buf)?;
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
            // Frames that came onto the stack in steps not shown get their numbers now, in
            // stack order (looked for only when there are some).
            let unnumbered = |id: &FrameId| {
                *id != FrameId::GLOBAL
                    && !self.frame_ids.contains_key(id)
                    && state
                        .frame(*id)
                        .is_some_and(|f| f.status == FrameStatus::Active && !Self::hidden(f))
            };
            if self.pending.iter().any(unnumbered) {
                for &id in &state.stack {
                    if id != FrameId::GLOBAL
                        && state.frame(id).is_some_and(|f| !Self::hidden(f))
                        && !self.frame_ids.contains_key(&id)
                    {
                        let n = self.next_frame_number();
                        self.frame_ids.insert(id, n);
                    }
                }
            }
            self.pending.clear();
            buf.clear();
            self.step(state, event_name(event), None, &mut buf);
            if !sink.push(&buf)? {
                break;
            }
            last_event = Some(event);
        }
        Ok(())
    }

    /// Keeps the last state of the frames that are (or have become) zombies: exited
    /// frames that are closure parents, or every exited frame in cumulative mode. Only
    /// frames that can have become one at this step are looked at.
    fn keep_ghosts(&mut self, state: &State) {
        let mut candidates: Vec<FrameId> = self.ghosts.keys().copied().collect();
        candidates.extend_from_slice(&state.changes.popped);
        candidates.append(&mut self.fresh_parents);
        for id in candidates {
            let Some(f) = state.frame(id) else { continue };
            if f.id != FrameId::GLOBAL
                && (f.status == FrameStatus::Exited || self.ghosts.contains_key(&f.id))
                && (self.opts.cumulative || self.parents.contains(&f.id))
            {
                self.ghosts.insert(f.id, f.clone());
            }
        }
    }

    /// Brings `stdout` up to step `step`.
    fn read_stdout(&mut self, step: u64) {
        let output = self.trace.output();
        while let Some(chunk) = output.get(self.output_read).filter(|c| c.step <= step) {
            if chunk.stream == Stream::Stdout {
                self.stdout.push_str(&chunk.text);
            }
            self.output_read += 1;
        }
    }

    fn next_frame_number(&mut self) -> u64 {
        self.frame_count += 1;
        self.frame_count
    }
    /// First pass: the frames in which a lambda was made (the lambda's function names
    /// its parent frame), each function's signature and free variables, and whether any
    /// frame can become a zombie. Reads records without rebuilding states.
    fn find_lambda_parents(&mut self) -> crate::Result<()> {
        // Per step: the frames it pushed that are still on the stack after it, and the
        // functions it made that are still alive after it (as their content then).
        let mut frames: Vec<(FrameId, Sym)> = Vec::new();
        let mut made: Vec<(ObjId, ObjectData)> = Vec::new();
        self.trace.for_each_record(|rec| match rec {
            Record::Step { .. } => self.note_step(&mut frames, &mut made),
            Record::FramePush { frame, func, .. } => frames.push((*frame, *func)),
            Record::FramePop { frame, .. } | Record::FrameForget { frame } => {
                frames.retain(|(f, _)| f != frame);
            }
            Record::ObjNew { id, data } | Record::ObjSet { id, data } => {
                let function = matches!(data, ObjectData::Function { .. });
                if let ObjectData::Function { parent_frame, .. } = data {
                    self.zombies_possible |= parent_frame.is_some_and(|p| p != FrameId::GLOBAL);
                }
                match made.iter().position(|(m, _)| m == id) {
                    Some(i) if function => made[i].1 = data.clone(),
                    Some(i) => drop(made.remove(i)),
                    None if function && matches!(rec, Record::ObjNew { .. }) => {
                        made.push((*id, data.clone()));
                    }
                    None => {}
                }
            }
            Record::ObjFree { id, .. } => made.retain(|(m, _)| m != id),
            _ => {}
        })?;
        self.note_step(&mut frames, &mut made);
        self.zombies_possible |= self.opts.cumulative || !self.lambda_parents.is_empty();
        Ok(())
    }

    /// The first pass's work at the end of a step: lambdas seen as objects, or only as
    /// running frames (a lambda called at once is never bound to a name).
    fn note_step(&mut self, frames: &mut Vec<(FrameId, Sym)>, made: &mut Vec<(ObjId, ObjectData)>) {
        let syms = self.trace.symbols();
        let mut names: Vec<Sym> = frames.drain(..).map(|(_, func)| func).collect();
        for (_, data) in made.drain(..) {
            if let ObjectData::Function {
                name,
                cells,
                signature,
                ..
            } = data
            {
                self.signatures.entry(name).or_insert(signature);
                if !cells.is_empty() {
                    self.freevars
                        .entry(name)
                        .or_default()
                        .extend(cells.iter().map(|&(n, _)| n));
                }
                names.push(name);
            }
        }
        for name in names {
            if let Some(outer) = syms.text(name).strip_suffix(".<locals>.<lambda>") {
                self.lambda_parents.insert(outer.to_owned());
            }
        }
    }

    /// Marks the parent frames of the functions made at this step, and keeps the last
    /// content of the objects that changed.
    fn note_parents(&mut self, state: &State) {
        for f in arrived(state) {
            if self.lambda_parents.contains(self.syms().text(f.func)) && self.parents.insert(f.id) {
                self.fresh_parents.push(f.id);
            }
        }
        for &id in state.changes.created.iter().chain(&state.changes.changed) {
            let Some(data) = state.object(id) else {
                continue;
            };
            if self.zombies_possible {
                self.shadow.insert(id, data.clone());
            }
            if let ObjectData::Function {
                name, parent_frame, ..
            } = data
            {
                self.seen_functions.insert(*name);
                if let Some(p) = *parent_frame {
                    self.fn_parent.entry(id).or_insert(p);
                }
                if let Some(&p) = self.fn_parent.get(&id) {
                    if self.parents.insert(p) {
                        self.fresh_parents.push(p);
                    }
                    self.qual_parent.entry(*name).or_insert(p);
                }
            }
        }
    }

    /// The final step, as Python Tutor words it; false when there is none to write.
    fn final_step(
        &mut self,
        state: &State,
        event: Event,
        last: Option<Event>,
        out: &mut Vec<u8>,
    ) -> bool {
        let outcome = self.trace.meta().outcome.clone();
        match event {
            Event::UncaughtException => {
                if last == Some(Event::Exception) {
                    return false;
                }
                let msg = match outcome {
                    Some(Outcome::Exception { message }) => message,
                    Some(o) => o.describe(),
                    None => "the program stopped with an exception".into(),
                };
                self.step(state, "uncaught_exception", Some(&msg), out);
            }
            Event::WaitingForInput => {
                let prompt = match outcome {
                    Some(Outcome::WaitingForInput { prompt }) => prompt,
                    _ => String::new(),
                };
                put_raw(out, "{\"event\":\"raw_input\",\"prompt\":");
                put_json(out, &prompt);
                out.push(b'}');
            }
            Event::LimitReached => {
                let msg = match outcome {
                    Some(Outcome::StepLimit { steps }) => format!(
                        "Stopped after running {steps} steps. Please shorten your code,\nsince Python Tutor is not designed to handle long-running code."
                    ),
                    Some(o) => o.describe(),
                    None => "a limit was reached".into(),
                };
                put_raw(
                    out,
                    "{\"event\":\"instruction_limit_reached\",\"exception_msg\":",
                );
                put_json(out, &msg);
                out.push(b'}');
            }
            _ => {
                let msg = outcome
                    .map(|o| o.describe())
                    .unwrap_or_else(|| "the Python process crashed".into());
                put_raw(out, "{\"event\":\"uncaught_exception\",\"exception_msg\":");
                put_json(out, &msg);
                out.push(b'}');
            }
        }
        true
    }

    /// Writes one step: `event` is its name, and `message` its `exception_msg` when the
    /// step itself has none.
    fn step(&mut self, state: &State, event: &str, message: Option<&str>, out: &mut Vec<u8>) {
        let syms = self.syms();
        if let Some(g) = state.frame(FrameId::GLOBAL) {
            for &(name, _) in &g.vars {
                let next = self.global_rank.len();
                self.global_rank.entry(name).or_insert(next);
            }
        }
        let Scratch {
            mut stack,
            mut globals,
            heap,
        } = std::mem::take(&mut self.scratch);
        let mut heap = Heap::new(self, state, heap);
        let func_name = state
            .frame(state.frame)
            .map_or("<module>", |f| short(syms.text(f.func)));

        // Frames to show: the active ones, plus zombies, by Python Tutor id.
        let mut shown: Vec<(&Frame, bool)> = Vec::new();
        for f in state.stack_frames() {
            if f.id != FrameId::GLOBAL && !Self::hidden(f) {
                shown.push((f, false));
            }
        }
        for f in self.ghosts.values() {
            let live = state.frame(f.id);
            let exited = live.is_none_or(|l| l.status == FrameStatus::Exited);
            if exited && !Self::hidden(f) && self.frame_ids.contains_key(&f.id) {
                shown.push((live.unwrap_or(f), true));
            }
        }
        shown.sort_by_key(|(f, _)| self.frame_ids.get(&f.id).copied().unwrap_or(u64::MAX));

        stack.clear();
        stack.push(b'[');
        for (i, (f, zombie)) in shown.into_iter().enumerate() {
            if i > 0 {
                stack.push(b',');
            }
            let highlighted = f.id == state.frame && !zombie;
            self.frame_json(f, zombie, highlighted, &mut heap, &mut stack);
        }
        stack.push(b']');

        globals.clear();
        globals.push(b'{');
        let mut ordered: Vec<&str> = Vec::new();
        if let Some(g) = state.frame(FrameId::GLOBAL) {
            let mut vars = g.vars.clone();
            vars.sort_by_key(|(n, _)| self.global_rank.get(n).copied().unwrap_or(usize::MAX));
            for (i, (n, v)) in vars.into_iter().enumerate() {
                if i > 0 {
                    globals.push(b',');
                }
                let n = syms.text(n);
                put_key(&mut globals, n);
                heap.encode(v, &mut globals);
                ordered.push(n);
            }
        }
        globals.push(b'}');
        let heap = heap.finish();

        put_raw(out, "{\"line\":");
        put_json(out, &state.line);
        put_field(out, "event", event);
        put_field(out, "func_name", func_name);
        put_raw(out, ",\"globals\":");
        out.extend_from_slice(&globals);
        put_field(out, "ordered_globals", &ordered);
        put_raw(out, ",\"stack_to_render\":");
        out.extend_from_slice(&stack);
        put_raw(out, ",\"heap\":{");
        out.extend_from_slice(&heap.out);
        put_raw(out, "},\"stdout\":");
        put_json(out, &self.stdout);
        if let Some(msg) = state.exception.as_deref().or(message) {
            put_field(out, "exception_msg", msg);
        }
        out.push(b'}');
        self.scratch = Scratch {
            stack,
            globals,
            heap,
        };
    }
    /// The frame a frame's function was defined in, as the tracer recorded it; else the
    /// parent of the first function made from the same code.
    fn frame_parent(&self, f: &Frame) -> Option<FrameId> {
        f.parent.or_else(|| self.qual_parent.get(&f.func).copied())
    }

    /// A frame's parameters in `co_varnames` order (positional, keyword-only, `*args`,
    /// `**kwargs`): from its function's signature, or else its variables at its first
    /// step less the free variables it shares with an enclosing frame.
    fn frame_params(&self, state: &State, f: &Frame) -> Vec<Sym> {
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
        zombie: bool,
        highlighted: bool,
        heap: &mut Heap<'_>,
        out: &mut Vec<u8>,
    ) {
        let syms = self.syms();
        let id = self.frame_ids.get(&f.id).copied().unwrap_or(0);
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
                parents.push(n);
            }
            p = heap
                .state
                .frame(pid)
                .or(self.ghosts.get(&pid))
                .and_then(|pf| self.frame_parent(pf));
            guard += 1;
        }
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
        let is_cell = |n: &Sym| {
            self.freevars
                .iter()
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
        let mut hash = format!("{name}_f{id}");
        if is_parent {
            hash.push_str("_p");
        }
        if zombie {
            hash.push_str("_z");
        }
        put_raw(out, "{\"func_name\":");
        put_json(out, &name);
        put_field(out, "is_parent", &is_parent);
        put_field(out, "frame_id", &id);
        put_field(out, "parent_frame_id_list", &parents);
        put_raw(out, ",\"encoded_locals\":{");
        let mut names = Vec::with_capacity(vars.len() + 1);
        for (i, (n, v)) in vars.into_iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            let n = syms.text(n);
            put_key(out, n);
            heap.encode(v, out);
            names.push(n);
        }
        let returned = f
            .return_value
            .map(Some)
            .or_else(|| self.returned_none.contains(&f.id).then_some(None::<ObjId>));
        if let Some(r) = returned {
            if !names.is_empty() {
                out.push(b',');
            }
            put_key(out, "__return__");
            match r {
                Some(r) => heap.encode(r, out),
                None => put_raw(out, "null"),
            }
            names.push("__return__");
        }
        put_raw(out, "},\"ordered_varnames\":");
        put_json(out, &names);
        for (key, flag) in [("is_zombie", zombie), ("is_highlighted", highlighted)] {
            put_field(out, key, &flag);
        }
        put_field(out, "unique_hash", &hash);
        out.push(b'}');
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

/// A value as a variable slot or container item holds it.
#[derive(Clone, Copy)]
enum Val<'a> {
    /// A primitive written in place.
    Inline(&'a ObjectData),
    /// A reference to a heap entry.
    Ref(ObjId),
    /// Python Tutor's grey label for what it does not show as an object.
    Faux(&'static str),
}

/// Appends a value.
fn put_val(out: &mut Vec<u8>, v: Val<'_>) {
    match v {
        // The common primitives are written without building a `Value`.
        Val::Inline(ObjectData::Str(t)) => put_json(out, &t.text),
        Val::Inline(ObjectData::Int(IntValue::Small(i))) => put_json(out, i),
        Val::Inline(d) => put_json(out, &inline(d).unwrap_or(Value::Null)),
        Val::Ref(id) => {
            put_raw(out, "[\"REF\",");
            put_json(out, &id.0);
            out.push(b']');
        }
        Val::Faux(label) => {
            put_raw(out, "[\"IMPORTED_FAUX_PRIMITIVE\",");
            put_json(out, label);
            out.push(b']');
        }
    }
}

/// True for the objects [`inline`] writes in place.
fn is_inline(d: &ObjectData) -> bool {
    matches!(
        d,
        ObjectData::None
            | ObjectData::Bool(_)
            | ObjectData::Int(_)
            | ObjectData::Float(_)
            | ObjectData::Str(_)
    )
}

/// A step's heap entries (`"id":[...]`, comma-separated) and the objects already in it;
/// kept from step to step so its memory is reused.
#[derive(Default)]
struct HeapBufs {
    out: Vec<u8>,
    done: HashSet<ObjId>,
    todo: Vec<ObjId>,
}

/// The heap of one step: objects reachable from what is shown, encoded as met.
struct Heap<'a> {
    conv: &'a Converter<'a>,
    state: &'a State,
    bufs: HeapBufs,
}

impl<'a> Heap<'a> {
    fn new(conv: &'a Converter<'a>, state: &'a State, mut bufs: HeapBufs) -> Self {
        bufs.out.clear();
        bufs.done.clear();
        bufs.todo.clear();
        Heap { conv, state, bufs }
    }

    /// Writes a value as a variable slot holds it to `out`: inline, or a reference (the
    /// object, and what it reaches, is then added to the heap).
    fn encode(&mut self, id: ObjId, out: &mut Vec<u8>) {
        let v = self.value(id);
        put_val(out, v);
        self.drain();
    }

    /// An object's content: live, or as it was last seen (kept by a zombie frame).
    fn object(&self, id: ObjId) -> Option<&'a ObjectData> {
        self.state.object(id).or_else(|| self.conv.shadow.get(&id))
    }

    /// Appends `,[name, value]` rows, by name as Python Tutor lists attributes.
    fn push_attrs(&mut self, attrs: &[(Sym, ObjId)]) {
        let syms = self.conv.syms();
        let mut attrs = attrs.to_vec();
        attrs.sort_by(|a, b| syms.text(a.0).cmp(syms.text(b.0)));
        for (n, val) in attrs {
            let val = self.value(val);
            put_raw(&mut self.bufs.out, ",[");
            put_json(&mut self.bufs.out, syms.text(n));
            self.bufs.out.push(b',');
            put_val(&mut self.bufs.out, val);
            self.bufs.out.push(b']');
        }
    }

    fn value(&mut self, id: ObjId) -> Val<'a> {
        let Some(d) = self.object(id) else {
            return Val::Faux("unknown object");
        };
        if !self.conv.opts.heap_primitives && is_inline(d) {
            return Val::Inline(d);
        }
        if let Some(v) = self.faux(d) {
            return v;
        }
        if self.bufs.done.insert(id) {
            self.bufs.todo.push(id);
        }
        Val::Ref(id)
    }

    /// Values Python Tutor shows as a grey label instead of an object.
    fn faux(&self, d: &ObjectData) -> Option<Val<'a>> {
        match d {
            ObjectData::Function { signature, .. }
                if self.conv.syms().text(*signature).ends_with("(...)") =>
            {
                Some(Val::Faux("imported object"))
            }
            _ => None,
        }
    }

    /// Writes the queued objects depth first, each before its children, as Python Tutor
    /// lists them.
    fn drain(&mut self) {
        while let Some(id) = self.bufs.todo.pop() {
            let before = self.bufs.todo.len();
            if !self.bufs.out.is_empty() {
                self.bufs.out.push(b',');
            }
            self.bufs.out.push(b'"');
            put_json(&mut self.bufs.out, &id.0);
            put_raw(&mut self.bufs.out, "\":");
            self.entry(id);
            // Children were queued in order; visit the first one first.
            self.bufs.todo[before..].reverse();
        }
    }

    /// Writes `[tag, item, ...]` for the values of `items`, queueing the objects.
    fn put_items(&mut self, tag: &str, items: &[ObjId]) {
        put_raw(&mut self.bufs.out, "[");
        put_json(&mut self.bufs.out, tag);
        for &item in items {
            let v = self.value(item);
            self.bufs.out.push(b',');
            put_val(&mut self.bufs.out, v);
        }
        self.bufs.out.push(b']');
    }

    fn entry(&mut self, id: ObjId) {
        let syms = self.conv.syms();
        let Some(d) = self.object(id) else {
            put_raw(&mut self.bufs.out, "[\"INSTANCE\",\"object\"]");
            return;
        };
        let out = &mut self.bufs.out;
        match d {
            ObjectData::None
            | ObjectData::Bool(_)
            | ObjectData::Int(_)
            | ObjectData::Float(_)
            | ObjectData::Str(_) => {
                let type_name = Repr::new(self.state, syms, ReprOptions::default()).type_name(d);
                put_raw(out, "[\"HEAP_PRIMITIVE\",");
                put_json(out, &type_name);
                out.push(b',');
                put_val(out, Val::Inline(d));
                out.push(b']');
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
                put_raw(out, "[\"INSTANCE_PPRINT\",");
                put_json(out, &repr.type_name(d));
                out.push(b',');
                put_json(out, &repr.of(id));
                out.push(b']');
            }
            ObjectData::Seq(kind, seq) => {
                let tag = match kind {
                    SeqKind::List => "LIST",
                    SeqKind::Tuple => "TUPLE",
                    SeqKind::Set | SeqKind::FrozenSet => "SET",
                };
                self.put_items(tag, &seq.items);
            }
            ObjectData::Dict(dict) => {
                put_raw(out, "[\"DICT\"");
                for &(k, val) in &dict.entries {
                    let k = self.value(k);
                    let val = self.value(val);
                    let out = &mut self.bufs.out;
                    put_raw(out, ",[");
                    put_val(out, k);
                    out.push(b',');
                    put_val(out, val);
                    out.push(b']');
                }
                self.bufs.out.push(b']');
            }
            ObjectData::Instance {
                type_name, attrs, ..
            } => {
                put_raw(out, "[\"INSTANCE\",");
                put_json(out, short(syms.text(*type_name)));
                self.push_attrs(attrs);
                self.bufs.out.push(b']');
            }
            ObjectData::Class {
                name,
                base_names,
                attrs,
                ..
            } => {
                let bases: Vec<&str> = base_names
                    .iter()
                    .map(|b| syms.text(*b))
                    .filter(|b| *b != "object")
                    .map(short)
                    .collect();
                put_raw(out, "[\"CLASS\",");
                put_json(out, short(syms.text(*name)));
                out.push(b',');
                put_json(out, &bases);
                self.push_attrs(attrs);
                self.bufs.out.push(b']');
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
                    .and_then(|p| self.conv.frame_ids.get(&p));
                put_raw(out, "[\"FUNCTION\",");
                put_json(out, &sig);
                out.push(b',');
                put_json(out, &parent);
                if !defaults.is_empty() {
                    put_raw(out, ",[");
                    for (i, (name, &d)) in names.iter().zip(defaults).enumerate() {
                        let val = self.value(d);
                        let out = &mut self.bufs.out;
                        if i > 0 {
                            out.push(b',');
                        }
                        out.push(b'[');
                        put_json(out, name);
                        out.push(b',');
                        put_val(out, val);
                        out.push(b']');
                    }
                    self.bufs.out.push(b']');
                }
                self.bufs.out.push(b']');
            }
            ObjectData::Builtin { name, .. } => {
                put_raw(out, "[\"FUNCTION\",");
                put_json(out, &format!("{}(...)", syms.text(*name)));
                put_raw(out, ",null]");
            }
            ObjectData::BoundMethod { .. } => put_raw(out, "[\"INSTANCE\",\"method\"]"),
            ObjectData::Generator { .. } => put_raw(out, "[\"INSTANCE\",\"generator\"]"),
            ObjectData::Module { .. } => put_raw(out, "[\"INSTANCE\",\"module\"]"),
            ObjectData::Other { type_name, .. } => {
                put_raw(out, "[\"INSTANCE\",");
                put_json(out, short(syms.text(*type_name)));
                out.push(b']');
            }
        }
    }

    fn finish(self) -> HeapBufs {
        self.bufs
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
        ObjectData::Int(big @ IntValue::Big { .. }) => {
            let text = format_int(big);
            match text.parse::<f64>() {
                Ok(f) if f.is_finite() => json!(f),
                _ => json!(text),
            }
        }
        ObjectData::Float(f) => {
            if f.is_nan() {
                json!(["SPECIAL_FLOAT", "NaN"])
            } else if f.is_infinite() {
                json!([
                    "SPECIAL_FLOAT",
                    if *f > 0.0 { "Infinity" } else { "-Infinity" }
                ])
            } else if f.fract() == 0.0 {
                json!(["SPECIAL_FLOAT", format_float(*f)])
            } else {
                // Python Tutor rounds floats to 4 decimals.
                json!(format!("{f:.4}").parse::<f64>().unwrap_or(*f))
            }
        }
        ObjectData::Str(t) => json!(t.text),
        _ => return None,
    })
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
                ..OptOptions::default()
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
