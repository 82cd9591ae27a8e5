//! The walk over the trace: which steps Python Tutor shows, how its frames are numbered,
//! which frames are closure parents or zombies, and the final step.

// Keyed by ids the trace numbers itself: the fast hash is safe and cheaper per step.
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::io::{self, Write};

use super::facts::Facts;
use super::heap::HeapMemo;
use super::json;
use super::names::{event_name, exception_msg};
use super::sink::{Steps, Stop};
use super::OptOptions;
use crate::model::Stream;
use crate::model::{Event, FrameId, FrameKind, FrameStatus, ObjId, ObjectData, Outcome};
use crate::state::{Frame, State};
use crate::store::{OutputChunk, Trace};
use crate::symbols::Symbols;
use crate::Sym;

/// Buffers reused from step to step, and what is kept between steps for speed.
#[derive(Default)]
pub(super) struct Bufs {
    pub(super) step: Vec<u8>,
    pub(super) stack: Vec<u8>,
    pub(super) globals: Vec<u8>,
    pub(super) ordered: Vec<u8>,
    pub(super) heap: Vec<u8>,
    pub(super) memo: HeapMemo,
    /// The program's standard output so far, escaped, and how many output chunks it holds.
    pub(super) stdout: Vec<u8>,
    pub(super) stdout_chunks: usize,
    /// The global variables of a step in the order shown: (rank, name, value).
    pub(super) ranked: Vec<(usize, Sym, ObjId)>,
    /// Variable names, and functions' short names, as JSON strings.
    pub(super) names: json::Quoted,
    pub(super) funcs: json::Quoted,
}

pub(super) struct Converter {
    /// The trace's names (a copy, kept up to date while recording).
    pub(super) syms: Symbols,
    pub(super) opts: OptOptions,
    /// What the run shows about each function (see [`Facts`]).
    pub(super) facts: Facts,
    /// Python Tutor's frame numbers, by heapscope frame.
    pub(super) frame_ids: HashMap<FrameId, u64>,
    /// The first line of each frame (for lambdas' names).
    pub(super) first_line: HashMap<FrameId, u32>,
    /// Frames known to be closure parents so far.
    pub(super) parents: HashSet<FrameId>,
    /// Each global name's rank in the order names were first bound.
    pub(super) global_rank: HashMap<Sym, usize>,
    /// Frames numbered so far.
    frame_count: u64,
    /// Each frame's parameters in `co_varnames` order, shown first.
    pub(super) params: HashMap<FrameId, Vec<Sym>>,
    /// Frames that returned without a value (by an exception): Python Tutor shows
    /// `__return__: None` for them.
    pub(super) returned_none: HashSet<FrameId>,
    /// The frame the first function of each qualified name was made in: Python Tutor's
    /// parent for every frame of that code.
    pub(super) qual_parent: HashMap<Sym, FrameId>,
    /// The last content of the freed objects a kept frame can still show: Python Tutor
    /// keeps zombie frames, and all they reference, alive, so they are shown after
    /// CPython freed them. Only those: a copy of every object would grow with the trace.
    pub(super) shadow: HashMap<ObjId, ObjectData>,
    /// The last state of every frame that is (or may become) a zombie.
    pub(super) ghosts: HashMap<FrameId, Frame>,
    /// Cumulative mode: a generator's frame as it was at each `yield`, under the number
    /// it had then. Python Tutor keeps the paused frame on the stack as an exited one; it
    /// is drawn once per pause, each with its own number (and so its own `unique_hash`).
    pub(super) paused: Vec<(u64, Frame)>,
    /// Functions' parent frames, as recorded when each was first seen.
    pub(super) fn_parent: HashMap<ObjId, FrameId>,
    /// Qualified names of the functions met so far.
    pub(super) seen_functions: HashSet<Sym>,
    /// The event of the last step written.
    last_event: Option<Event>,
    /// True once the final step (or a bound) ended the JSON.
    pub(super) done: bool,
    /// While recording: note what each step showed, for [`Facts::shown`].
    pub(super) track: bool,
}

/// What a step's entry needs from the trace besides the step's state.
#[derive(Clone, Copy)]
pub(super) struct Src<'a> {
    /// The program's output so far, by step.
    pub(super) output: &'a [OutputChunk],
    /// How the run ended (read by the final step).
    pub(super) outcome: Option<&'a Outcome>,
}

impl Converter {
    pub(super) fn new(syms: Symbols, opts: OptOptions) -> Self {
        Converter {
            syms,
            opts,
            facts: Facts::default(),
            frame_ids: HashMap::default(),
            first_line: HashMap::default(),
            parents: HashSet::default(),
            global_rank: HashMap::default(),
            frame_count: 0,
            params: HashMap::default(),
            returned_none: HashSet::default(),
            qual_parent: HashMap::default(),
            shadow: HashMap::default(),
            ghosts: HashMap::default(),
            paused: Vec::new(),
            fn_parent: HashMap::default(),
            seen_functions: HashSet::default(),
            last_event: None,
            done: false,
            track: false,
        }
    }

    pub(super) fn syms(&self) -> &Symbols {
        &self.syms
    }

    /// True for frames Python Tutor does not show: class bodies, imported modules, and
    /// code from other files.
    pub(super) fn hidden(frame: &Frame) -> bool {
        frame.file != 0
            || frame.kind == FrameKind::ClassBody
            || (frame.kind == FrameKind::Module && frame.id != FrameId::GLOBAL)
    }

    /// Converts a finished trace: learns the facts in a first pass, then writes every
    /// step.
    pub(super) fn run<W: Write>(
        &mut self,
        trace: &Trace,
        sink: &mut Steps<W>,
        bufs: &mut Bufs,
        progress: &mut dyn FnMut(u64),
    ) -> Result<(), Stop> {
        let mut cursor = trace.cursor();
        while let Some(state) = cursor.next_state()? {
            self.facts.learn(state, &self.syms);
        }
        let src = Src {
            output: trace.output(),
            outcome: trace.meta().outcome.as_ref(),
        };
        let mut cursor = trace.cursor();
        while let Some(state) = cursor.next_state()? {
            progress(state.step);
            self.state(state, src, sink, bufs).map_err(Stop::Out)?;
            if self.done {
                break;
            }
        }
        Ok(())
    }

    /// Writes the entry of one step (none for the steps Python Tutor does not show), in
    /// order. Sets `done` after the final step, or when the sink's bounds stop the JSON.
    pub(super) fn state<W: Write>(
        &mut self,
        state: &State,
        src: Src<'_>,
        sink: &mut Steps<W>,
        bufs: &mut Bufs,
    ) -> io::Result<()> {
        if self.done {
            return Ok(());
        }
        bufs.memo.forget(&state.changes.freed);
        let Some(event) = state.event else {
            return Ok(());
        };
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
        self.keep_freed(state);
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
            self.done = true;
            if self.final_step(state, event, src, bufs) {
                sink.push(&bufs.step)?;
            }
            return Ok(());
        }
        if frame.is_some_and(Self::hidden) {
            return Ok(());
        }
        if event == Event::Call && state.frame == FrameId::GLOBAL {
            return Ok(());
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
        self.step(state, event_name(event), None, src, bufs);
        if !sink.push(&bufs.step)? {
            self.done = true;
        }
        if self.track {
            let paused = self.paused.iter().map(|(_, f)| f);
            for f in state
                .stack_frames()
                .chain(self.ghosts.values())
                .chain(paused)
            {
                self.facts.shown(f, self.params.get(&f.id));
            }
        }
        self.last_event = Some(event);
        Ok(())
    }

    fn next_frame_number(&mut self) -> u64 {
        self.frame_count += 1;
        self.frame_count
    }

    /// Brings the escaped standard output up to `step`.
    pub(super) fn read_stdout(&self, step: u64, chunks: &[OutputChunk], bufs: &mut Bufs) {
        while let Some(c) = chunks.get(bufs.stdout_chunks).filter(|c| c.step <= step) {
            if c.stream == Stream::Stdout {
                json::escaped(&mut bufs.stdout, &c.text);
            }
            bufs.stdout_chunks += 1;
        }
    }

    /// Marks the parent frames of the functions made at this step, and keeps the last
    /// content of the objects that changed.
    fn note_parents(&mut self, state: &State) {
        for f in state.stack_frames() {
            if self.facts.lambda_parents.contains(self.syms().text(f.func)) {
                self.parents.insert(f.id);
            }
        }
        for &id in state.changes.created.iter().chain(&state.changes.changed) {
            if let Some(ObjectData::Function {
                name, parent_frame, ..
            }) = state.object(id)
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

    /// Keeps the last content of the objects freed at this step that a frame shown
    /// after its exit can reach: the zombies and paused generators kept so far, and every
    /// frame not running (an exited one may still become a zombie, when a closure made in
    /// it is met later). A running frame, like a live object, refers only to live objects.
    /// The rest are dropped: nothing can show them again.
    fn keep_freed(&mut self, state: &State) {
        if state.changes.freed.is_empty() {
            return;
        }
        let mut todo: Vec<ObjId> = Vec::new();
        let roots = self
            .ghosts
            .values()
            .chain(self.paused.iter().map(|(_, f)| f))
            .chain(state.frames().filter(|f| f.status != FrameStatus::Active));
        for f in roots {
            todo.extend(f.vars.iter().map(|&(_, v)| v).chain(f.return_value));
        }
        if todo.is_empty() {
            return;
        }
        let freed: HashMap<ObjId, &ObjectData> = state.freed_objects().collect();
        let mut seen: HashSet<ObjId> = HashSet::default();
        while let Some(id) = todo.pop() {
            if !seen.insert(id) {
                continue;
            }
            // A live object refers only to live ones: the walk stops there, so it costs
            // the kept frames' variables and the dead objects, never the live heap.
            if state.object(id).is_some() {
                continue;
            }
            let data = freed.get(&id).copied().or_else(|| self.shadow.get(&id));
            if let Some(d) = data {
                d.for_each_child(|c| todo.push(c));
            }
        }
        for (id, data) in freed {
            if seen.contains(&id) {
                self.shadow.insert(id, data.clone());
            }
        }
    }

    /// Writes the final step into `bufs.step`; false when there is none to write (an
    /// uncaught exception already shown by the module's `exception` step).
    fn final_step(&mut self, state: &State, event: Event, src: Src<'_>, bufs: &mut Bufs) -> bool {
        let last = self.last_event;
        let outcome = src.outcome.cloned();
        let (name, msg) = match event {
            Event::UncaughtException => {
                if last == Some(Event::Exception) {
                    return false;
                }
                let msg = match outcome {
                    Some(Outcome::Exception { message }) => exception_msg(&message),
                    Some(o) => o.describe(),
                    None => "the program stopped with an exception".into(),
                };
                self.step(state, "uncaught_exception", Some(&msg), src, bufs);
                return true;
            }
            Event::WaitingForInput => {
                let prompt = match outcome {
                    Some(Outcome::WaitingForInput { prompt }) => prompt,
                    _ => String::new(),
                };
                let out = &mut bufs.step;
                out.clear();
                out.extend_from_slice(b"{\"event\":\"raw_input\",\"prompt\":");
                json::string(out, &prompt);
                out.push(b'}');
                return true;
            }
            Event::LimitReached => {
                let msg = match outcome {
                    Some(Outcome::StepLimit { steps }) => format!(
                        "Stopped after running {steps} steps. Please shorten your code,\nsince Python Tutor is not designed to handle long-running code."
                    ),
                    Some(o) => o.describe(),
                    None => "a limit was reached".into(),
                };
                ("instruction_limit_reached", msg)
            }
            _ => {
                let msg = outcome
                    .map(|o| o.describe())
                    .unwrap_or_else(|| "the Python process crashed".into());
                ("uncaught_exception", msg)
            }
        };
        event_only(&mut bufs.step, name, &msg);
        true
    }
}

/// Writes `{"event": name, "exception_msg": msg}`.
pub(super) fn event_only(out: &mut Vec<u8>, name: &str, msg: &str) {
    out.clear();
    out.extend_from_slice(b"{\"event\":");
    json::string(out, name);
    out.extend_from_slice(b",\"exception_msg\":");
    json::string(out, msg);
    out.push(b'}');
}
