//! The tracer: called by CPython at every event of the user's code, it works out what
//! changed since the last step and emits only that, as records.
//!
//! Cost per step follows what changed, not the heap: the current frame and the global
//! frame are re-read; other frames only through their closure cells and the mutable
//! objects they reach; objects whose whole reachable content is immutable are read once.

use std::collections::VecDeque;
use std::ffi::c_int;
use std::rc::Rc;
use std::time::Instant;

use heapscope_trace::wire::{FrameTag, WorkerConfig, WorkerEnd};
use heapscope_trace::{
    Event, FrameId, FrameKind, ObjId, ObjectData, Outcome, Record, SourceFile, Sym,
};
use pyo3::ffi;
use rustc_hash::FxHashMap;

mod code;
mod frames;
mod library;
mod members;
mod objects;
mod pandas;

use crate::emit::Emitter;
use crate::run_state::{self, ActiveRun};
use crate::{alloc_hook, compat, interp, pyread};

/// How many exited frames stay in the state (for pictures that show them faded).
const KEEP_EXITED_FRAMES: usize = 16;

/// What kind of local a fast-locals slot holds.
#[derive(Clone, Copy, PartialEq, Eq)]
enum SlotKind {
    Local,
    /// A cell: the variable's value is the cell's content.
    Cell,
    /// A free variable (a cell from an enclosing function).
    Free,
}

/// What we need to know about a code object, computed once.
pub(crate) struct CodeInfo {
    file: u32,
    qualname: Sym,
    kind: FrameKind,
    /// Fast-locals slots: name (None for hidden ones like `.0`) and kind.
    slots: Vec<(Option<Sym>, SlotKind)>,
    has_cells: bool,
    /// `name(a, b, *args)` as Python Tutor shows it.
    signature: Sym,
    /// The main module's code.
    is_main: bool,
    /// Names of the free variables, for a function's closure cells.
    freevars: Vec<Sym>,
    /// `co_firstlineno`, the line of a call event before any instruction ran.
    first_line: u32,
}

/// A frame we are following.
struct FrameRec {
    id: FrameId,
    code: Rc<CodeInfo>,
    /// Variables as last emitted: name, id, and the object (borrowed from the frame).
    vars: Vec<(Sym, ObjId, usize)>,
    /// The generator that owns this frame, if any.
    generator: usize,
    suspended: bool,
    /// Some variable reaches an object that can change: re-walk it at every step even
    /// when another frame is running.
    mutable_reach: bool,
    /// The line it was last at (a suspended generator resumes after it).
    line: u32,
    /// Mutable objects its variables hold, counted in `roots` while it is not running.
    rooted: Vec<usize>,
}

/// One object we gave an id to.
struct Entry {
    id: ObjId,
    /// The walk stamp of the last step that read this object.
    stamp: u32,
    /// Nothing reachable from it can ever change (ints, strs, tuples of those).
    deep_immutable: bool,
    /// The last content emitted, for objects that can change.
    cache: Option<ObjectData>,
    /// Ids of the frames of functions (closure parents), to keep those frames alive.
    parent_frame: Option<FrameId>,
    /// Where its memory block starts (what the allocator frees).
    base: usize,
    /// The reference count and size sent last.
    info: Option<heapscope_trace::ObjInfo>,
    /// What an "immutable" object held when last read, to notice CPython changing it
    /// behind our back (see `objects::Shape`).
    shape: Option<objects::Shape>,
}

/// An exited frame's cells, with the value each showed last.
struct ExitedCells {
    frame: FrameId,
    cells: Vec<(Sym, usize, Option<ObjId>)>,
}

pub(crate) struct Tracer {
    cfg: WorkerConfig,
    pub(crate) out: Emitter,
    syms: FxHashMap<String, Sym>,
    /// Text of each symbol, by number.
    sym_texts: Vec<String>,
    /// Symbols of dunder names (hidden from globals).
    dunders: rustc_hash::FxHashSet<Sym>,
    /// Set while reading an object: false once a child is not known to be deep-immutable.
    children_deep: bool,
    /// Module and class variable names: key str → symbol, None when hidden.
    global_names: FxHashMap<usize, Option<Sym>>,
    scratch_now: Vec<(Sym, usize)>,
    scratch_vars: Vec<(Sym, ObjId, usize)>,
    /// str object → symbol, for names (we hold a reference to each key string).
    name_syms: FxHashMap<usize, Sym>,
    objs: FxHashMap<usize, Entry>,
    /// Block start → object address, for objects with a header before them.
    by_base: FxHashMap<usize, usize>,
    next_obj: u32,
    codes: FxHashMap<usize, Option<Rc<CodeInfo>>>,
    pub(crate) files: Vec<String>,
    frames: FxHashMap<usize, FrameRec>,
    /// Active user frames, oldest first (frame object addresses).
    stack: Vec<usize>,
    /// The frames below the running one that must still be looked at each step (they
    /// have cells or reach mutable objects), oldest first. Keeps a deep recursion over
    /// plain values from costing its depth at every step.
    watched: Vec<usize>,
    /// Mutable objects held by frames below the running one (without cells), with how many
    /// such frames hold each: walked once per step however deep the stack, so a recursion
    /// passing one list down costs one walk, not its depth.
    roots: FxHashMap<usize, u32>,
    scratch_roots: Vec<usize>,
    /// The heap figures sent last.
    last_memory: heapscope_trace::Memory,
    next_frame: u32,
    /// Generator object → its frame's id.
    generators: FxHashMap<usize, FrameId>,
    /// Cell object → the frame that owns it (to find a closure's parent frame).
    cell_owner: FxHashMap<usize, FrameId>,
    /// Cell block start → cell object, to notice a cell's death.
    cell_bases: FxHashMap<usize, usize>,
    /// Cells of the frame returning at the last step (read while the frame was alive).
    returning_cells: Vec<(Sym, usize, Option<ObjId>)>,
    /// Exited frames' cells still watched.
    exited_cells: Vec<ExitedCells>,
    /// Records to emit right after the next step header (pops, pushes, frees).
    pre: Vec<Record>,
    /// The frame that made the call of this step: read again in full at the call's step
    /// (it may have bound names since its last line event), then only watched.
    calling: Option<usize>,
    /// A frame that returned at the last step: popped at the next one.
    pending_pop: Option<(usize, FrameId, bool)>,
    exited: VecDeque<FrameId>,
    /// How many live functions name each frame as their parent.
    parent_refs: FxHashMap<FrameId, u32>,
    pub(crate) step: u64,
    stamp: u32,
    started: Instant,
    pub(crate) last_line: u32,
    pub(crate) last_frame: FrameId,
    work: Vec<(usize, u32)>,
    main_globals: *mut ffi::PyObject,
    capture_stdout: *mut ffi::PyObject,
    /// What `sys.stdout` is at each step (a program that replaces it prints unrecorded).
    sys_stdout: interp::SysStdout,
    stdout_replaced: bool,
    layout_checked: bool,
    pub(crate) notes: Vec<String>,
    /// The interned name `__sizeof__`, for the size lookup.
    sizeof_name: *mut ffi::PyObject,
    /// Each id's object address (the reverse of `objs`).
    addrs: FxHashMap<ObjId, usize>,
    /// Reused buffer for the addresses freed between two steps.
    scratch_freed: Vec<(usize, bool)>,
    /// Objects that lost a visible reference this step (a variable or a container slot
    /// stopped naming them): their counts are read again even if nothing visible
    /// reaches them any more (an object kept only by a cycle).
    lost: Vec<usize>,
    /// Module name → whether its file is one of the program's (classes and functions of
    /// other modules are drawn as one box, without their insides).
    user_modules: FxHashMap<String, bool>,
    /// numpy's API and allocator handler, once the program imported numpy.
    libs: library::Libraries,
}

/// `__name__`-style names: Python's own, hidden from the program's variables.
pub(crate) fn is_dunder(name: &str) -> bool {
    name.len() > 4 && name.starts_with("__") && name.ends_with("__")
}

impl Tracer {
    pub(crate) fn new(
        cfg: WorkerConfig,
        out: Emitter,
        main_globals: *mut ffi::PyObject,
        capture_stdout: *mut ffi::PyObject,
    ) -> Tracer {
        let files = vec![cfg.path.clone()];
        Tracer {
            cfg,
            out,
            syms: FxHashMap::default(),
            sym_texts: vec![String::new()],
            dunders: Default::default(),
            children_deep: true,
            global_names: FxHashMap::default(),
            scratch_now: Vec::new(),
            scratch_vars: Vec::new(),
            name_syms: FxHashMap::default(),
            objs: FxHashMap::default(),
            by_base: FxHashMap::default(),
            next_obj: 1,
            codes: FxHashMap::default(),
            files,
            frames: FxHashMap::default(),
            stack: Vec::new(),
            watched: Vec::new(),
            roots: FxHashMap::default(),
            scratch_roots: Vec::new(),
            last_memory: Default::default(),
            next_frame: 1,
            generators: FxHashMap::default(),
            cell_owner: FxHashMap::default(),
            cell_bases: FxHashMap::default(),
            returning_cells: Vec::new(),
            exited_cells: Vec::new(),
            pre: Vec::new(),
            calling: None,
            pending_pop: None,
            exited: VecDeque::new(),
            parent_refs: FxHashMap::default(),
            step: 0,
            stamp: 0,
            started: Instant::now(),
            last_line: 0,
            last_frame: FrameId::GLOBAL,
            work: Vec::new(),
            main_globals,
            capture_stdout,
            sys_stdout: interp::SysStdout::new(),
            stdout_replaced: false,
            layout_checked: false,
            notes: Vec::new(),
            sizeof_name: std::ptr::null_mut(),
            addrs: FxHashMap::default(),
            lost: Vec::new(),
            user_modules: FxHashMap::default(),
            scratch_freed: Vec::new(),
            libs: library::Libraries::default(),
        }
    }

    /// Interns a text, emitting its definition the first time.
    pub(crate) fn sym(&mut self, text: &str) -> Sym {
        if text.is_empty() {
            return Sym(0);
        }
        if let Some(&s) = self.syms.get(text) {
            return s;
        }
        let s = Sym(self.sym_texts.len() as u32);
        self.sym_texts.push(text.to_owned());
        if is_dunder(text) {
            self.dunders.insert(s);
        }
        self.syms.insert(text.to_owned(), s);
        self.out.record(&Record::Sym {
            sym: s,
            text: text.to_owned(),
        });
        s
    }

    /// The symbol for a str object used as a name; we keep the str alive so its address
    /// cannot be reused by another string.
    ///
    /// # Safety
    /// `s` must be a live str, GIL held.
    unsafe fn name_sym(&mut self, s: *mut ffi::PyObject) -> Sym {
        if let Some(&sym) = self.name_syms.get(&(s as usize)) {
            return sym;
        }
        // SAFETY: s is a live str (caller checked); we take a reference to keep it alive.
        unsafe { pyread::keep_alive(s) };
        // SAFETY: as above.
        let text = unsafe { pyread::str_full(s) };
        let sym = self.sym(&text);
        self.name_syms.insert(s as usize, sym);
        sym
    }

    /// The trace callback's body.
    ///
    /// # Safety
    /// Called from CPython's trace hook with the GIL held and a live frame.
    pub(crate) unsafe fn on_event(
        &mut self,
        frame: *mut ffi::PyFrameObject,
        what: c_int,
        arg: *mut ffi::PyObject,
    ) {
        // SAFETY: frame is live for the duration of the callback, and holds its code.
        let code = unsafe { pyread::frame_code(frame) };
        // SAFETY: as above.
        let info = unsafe { self.code_info(code) };
        let Some(info) = info else { return };
        if !self.layout_checked {
            // SAFETY: frame is live.
            if !unsafe { compat::check_layout(frame) } {
                self.notes.push("this CPython's frame layout is not the one heapscope was built for: no variables can be read".into());
                self.finish_now(
                    Event::Crashed,
                    Outcome::Crashed {
                        message: "unsupported CPython frame layout".into(),
                    },
                    None,
                );
            }
            self.layout_checked = true;
        }
        // SAFETY: GIL held. The GC must not run user finalizers in the middle of a snapshot.
        let gc_was_enabled = unsafe { interp::gc_pause() };
        alloc_hook::set_tracer_busy(true);
        // SAFETY: GIL held, in the program's own context.
        unsafe { self.library_step() };
        match what {
            // SAFETY: forwarded from the caller (the "as above" of this match).
            ffi::PyTrace_CALL => unsafe { self.on_call(frame, info) },
            // SAFETY: as above.
            ffi::PyTrace_LINE => unsafe { self.snapshot(frame, Event::Line, None) },
            // SAFETY: as above.
            ffi::PyTrace_RETURN => unsafe { self.on_return(frame, arg) },
            ffi::PyTrace_EXCEPTION => {
                // SAFETY: as above; an exception event's arg is the (type, value,
                // traceback) tuple, checked before it is read.
                let msg = unsafe {
                    if !arg.is_null() && pyread::is_tuple(arg) && pyread::tuple_len(arg) >= 2 {
                        pyread::exception_message(pyread::tuple_item(arg, 1))
                    } else {
                        "exception".into()
                    }
                };
                // SAFETY: as above.
                unsafe { self.snapshot(frame, Event::Exception, Some(msg)) }
            }
            _ => {}
        }
        // SAFETY: GIL held.
        unsafe { interp::gc_resume(gc_was_enabled) };
        alloc_hook::set_tracer_busy(false);
    }

    /// A call event: a new frame pushed (or a generator's resumed), and its first step.
    ///
    /// # Safety
    /// As for [`Tracer::on_event`].
    unsafe fn on_call(&mut self, frame: *mut ffi::PyFrameObject, info: Rc<CodeInfo>) {
        self.apply_pending_pop();
        let addr = frame as usize;
        if let Some(rec) = self.frames.get_mut(&addr) {
            // A generator resuming.
            if rec.suspended {
                rec.suspended = false;
                let id = rec.id;
                self.calling = self.stack.last().copied();
                self.stack.push(addr);
                self.pre.push(Record::FrameResume { frame: id });
            }
        } else {
            let id = if info.is_main && !self.frames.values().any(|f| f.id == FrameId::GLOBAL) {
                FrameId::GLOBAL
            } else {
                let id = FrameId(self.next_frame);
                self.next_frame += 1;
                id
            };
            // SAFETY: frame is live.
            let generator = unsafe { compat::frame_generator(frame) };
            if generator != 0 {
                self.generators.insert(generator, id);
            }
            // SAFETY: frame is live.
            let line = match unsafe { pyread::frame_line(frame) } {
                n if n > 0 => n as u32,
                _ => info.first_line.max(1),
            };
            let parent = self.lexical_parent(frame, &info);
            self.pre.push(Record::FramePush {
                frame: id,
                func: info.qualname,
                file: info.file,
                kind: info.kind,
                parent,
                line,
            });
            self.frames.insert(
                addr,
                FrameRec {
                    id,
                    code: info.clone(),
                    vars: Vec::new(),
                    generator,
                    suspended: false,
                    mutable_reach: false,
                    line,
                    rooted: Vec::new(),
                },
            );
            self.calling = self.stack.last().copied();
            self.stack.push(addr);
            if info.is_main {
                // Kept alive to the end: the global frame stays on our stack after the
                // module returns (finalizers at exit run above it), and its address must
                // not go to another frame.
                // SAFETY: frame is live; the reference is never given back.
                unsafe { pyread::keep_alive(frame as *mut ffi::PyObject) };
                // Python Tutor shows no step for entering the module: its first line is.
                return;
            }
        }
        // SAFETY: forwarded.
        unsafe { self.snapshot(frame, Event::Call, None) }
    }

    /// The frame a called function was defined in: what was recorded for its function
    /// object, else the frame its qualified name says (`outer.<locals>.inner`).
    fn lexical_parent(
        &mut self,
        frame: *mut ffi::PyFrameObject,
        info: &CodeInfo,
    ) -> Option<FrameId> {
        // SAFETY: the frame is live; the function pointer is checked before use.
        let func = unsafe { compat::frame_function(frame) };
        if let Some(e) = self.objs.get(&(func as usize)) {
            if e.stamp != 0 {
                return e.parent_frame;
            }
        }
        let qualname = self.sym_text(info.qualname).to_owned();
        // Else its closure cells (its free-variable slots) name the frames that made them:
        // the only way on 3.10, whose frames do not know their function.
        // SAFETY: the frame is live; the slots are its code's own; only addresses are read.
        let closure: Vec<usize> = (info.slots.iter().enumerate())
            .filter(|(_, (_, kind))| *kind == SlotKind::Free)
            // SAFETY: as above.
            .map(|(i, _)| unsafe { compat::fast_local(frame, i) } as usize)
            .filter(|&c| c != 0)
            .collect();
        self.defining_frame(&qualname, &closure)
    }

    /// The frame a function with this qualified name was defined in: the newest active
    /// frame running the enclosing function, else the newest owner of its closure cells.
    fn defining_frame(&self, qualname: &str, closure: &[usize]) -> Option<FrameId> {
        if let Some((outer, _)) = qualname.rsplit_once(".<locals>.") {
            for addr in self.stack.iter().rev() {
                if let Some(rec) = self.frames.get(addr) {
                    if self.sym_text(rec.code.qualname) == outer {
                        return Some(rec.id);
                    }
                }
            }
        }
        closure
            .iter()
            .filter_map(|c| self.cell_owner.get(c))
            .max()
            .copied()
    }

    /// A return event: the step, the return value, the frame's cells while it is alive;
    /// the frame is popped at the next step.
    ///
    /// # Safety
    /// As for [`Tracer::on_event`]; `value` null or live.
    unsafe fn on_return(&mut self, frame: *mut ffi::PyFrameObject, value: *mut ffi::PyObject) {
        let addr = frame as usize;
        let Some(rec) = self.frames.get(&addr) else {
            return;
        };
        let is_main = rec.code.is_main;
        // SAFETY: the frame is live during its return event.
        let unwinding = unsafe { compat::is_unwinding(frame, value) };
        if is_main && unwinding {
            // The module is unwinding with an exception: the final step says so.
            return;
        }
        // An unwinding frame returns nothing (3.12 passes None for it).
        let value = if unwinding {
            std::ptr::null_mut()
        } else {
            value
        };
        let generator = rec.generator;
        let id = rec.id;
        // SAFETY: forwarded.
        unsafe { self.snapshot(frame, Event::Return, None) };
        if !value.is_null() && !is_main {
            // SAFETY: value is live during the callback.
            let v = unsafe { self.visit(value) };
            self.out.record(&Record::SetReturn {
                frame: id,
                value: v,
            });
        }
        // Its cells, while the frame is alive: closures may change them after it exits.
        self.returning_cells.clear();
        if let Some(rec) = self.frames.get(&addr) {
            if rec.code.has_cells && !is_main {
                let code = rec.code.clone();
                for (i, (name, kind)) in code.slots.iter().enumerate() {
                    let (Some(name), SlotKind::Cell) = (name, kind) else {
                        continue;
                    };
                    // SAFETY: the frame is live during its return event; slot i is its
                    // code's.
                    let c = unsafe { compat::fast_local(frame, i) };
                    // SAFETY: c is null or a live object the frame holds.
                    if c.is_null() || !unsafe { pyread::is_cell(c) } {
                        continue;
                    }
                    if self.cell_owner.contains_key(&(c as usize)) {
                        // SAFETY: c is a live cell.
                        let v = unsafe { pyread::cell_contents(c) };
                        let last = v.and_then(|v| self.objs.get(&(v as usize)).map(|e| e.id));
                        self.returning_cells.push((*name, c as usize, last));
                    }
                }
            }
        }
        // SAFETY: the generator is alive while its frame runs, and the frame is live.
        let suspended = generator != 0
            && unsafe { compat::generator_suspended(frame, generator as *mut ffi::PyObject) };
        if !is_main {
            self.pending_pop = Some((addr, id, suspended));
        }
        self.commit_step();
    }

    /// Emits the step header and everything that changed.
    ///
    /// # Safety
    /// As for [`Tracer::on_event`].
    unsafe fn snapshot(
        &mut self,
        frame: *mut ffi::PyFrameObject,
        event: Event,
        exception: Option<String>,
    ) {
        let addr = frame as usize;
        let Some(fid) = self.frames.get(&addr).map(|r| r.id) else {
            return;
        };
        // SAFETY: frame is live.
        let line = match unsafe { pyread::frame_line(frame) } {
            n if n > 0 => n as u32,
            _ => self
                .frames
                .get(&addr)
                .map_or(1, |r| r.code.first_line.max(1)),
        };
        self.step += 1;
        if self.step > self.cfg.max_steps {
            self.step -= 1;
            let steps = self.cfg.max_steps;
            self.finish_now(Event::LimitReached, Outcome::StepLimit { steps }, None);
        }
        if self.step.is_multiple_of(1024)
            && self.started.elapsed().as_secs_f64() > self.cfg.max_seconds
        {
            let seconds = self.cfg.max_seconds;
            self.finish_now(Event::LimitReached, Outcome::TimeLimit { seconds }, None);
        }
        self.stamp = self.stamp.wrapping_add(1);
        self.out.record(&Record::Step {
            event,
            line,
            frame: fid,
        });
        self.last_line = line;
        self.last_frame = fid;
        if let Some(rec) = self.frames.get_mut(&addr) {
            rec.line = line;
        }
        self.apply_pending_pop();
        self.drain_pre();
        self.emit_frees();
        self.emit_memory();
        if let Some(m) = exception {
            self.out.record(&Record::Exception { message: m });
        }
        // SAFETY: every frame on our stack is live (it has not returned).
        unsafe {
            if let Some(caller) = self.calling.take() {
                // The caller may have bound names after its last line event (a
                // comprehension's loop variable, then the call in its body).
                if self.stack.first() != Some(&caller) {
                    self.read_frame(caller as *mut ffi::PyFrameObject, true);
                }
                self.leave(caller);
            }
            self.read_frame(frame, true);
            if let Some(&g) = self.stack.first() {
                if g != addr {
                    self.read_frame(g as *mut ffi::PyFrameObject, true);
                }
            }
            for i in 0..self.watched.len() {
                let w = self.watched[i];
                if w != addr && Some(&w) != self.stack.first() {
                    self.read_frame(w as *mut ffi::PyFrameObject, false);
                }
            }
            if !self.roots.is_empty() {
                let mut roots = std::mem::take(&mut self.scratch_roots);
                roots.clear();
                roots.extend(self.roots.keys().copied());
                for &p in &roots {
                    // SAFETY: a frame on the stack holds each root in a variable.
                    self.visit(p as *mut ffi::PyObject);
                }
                self.scratch_roots = roots;
            }
            if !self.exited_cells.is_empty() {
                self.read_exited_cells();
            }
        }
        self.recount_lost();
        self.emit_output();
        self.check_stdout();
        if let Some(stop) = run_state::take_stop() {
            self.finish_now(stop.event, stop.outcome, stop.message);
        }
        self.commit_step();
    }

    /// Reads again the counts of objects that lost a reference this step and were not
    /// read since (they are alive: the frees of this step were applied first).
    fn recount_lost(&mut self) {
        let stamp = self.stamp;
        let mut lost = std::mem::take(&mut self.lost);
        for &p in &lost {
            if self.objs.get(&p).is_some_and(|e| e.stamp != stamp) {
                // SAFETY: an object with an entry after this step's frees is alive.
                unsafe { self.note_info(p, None) };
            }
        }
        lost.clear();
        self.lost = lost;
    }

    /// Does the bookkeeping of the frame that returned at the last step now (its records
    /// go out with the next step). Done before a call too: the returned frame's address
    /// may already belong to the new frame.
    fn apply_pending_pop(&mut self) {
        if let Some((addr, id, suspended)) = self.pending_pop.take() {
            self.pop_frame(addr, id, suspended);
        }
    }

    /// Emits the records queued for the current step (right after its header).
    fn drain_pre(&mut self) {
        for rec in std::mem::take(&mut self.pre) {
            self.out.record(&rec);
        }
    }

    /// The frame `top` has called: from now on it is only watched (if needed).
    fn leave(&mut self, top: usize) {
        if self.stack.first() == Some(&top) {
            return; // the global frame is re-read at every step anyway
        }
        let Some(rec) = self.frames.get(&top) else {
            return;
        };
        if rec.code.has_cells {
            // Inner functions may rebind its cells: re-read them at each step.
            self.watched.push(top);
        } else if rec.mutable_reach {
            let ptrs: Vec<usize> = rec
                .vars
                .iter()
                .map(|v| v.2)
                .filter(|p| self.objs.get(p).is_none_or(|e| !e.deep_immutable))
                .collect();
            for &p in &ptrs {
                *self.roots.entry(p).or_default() += 1;
            }
            if let Some(rec) = self.frames.get_mut(&top) {
                rec.rooted = ptrs;
            }
        }
    }

    /// A frame runs again (or is gone): its objects are walked through it directly.
    fn unroot(&mut self, addr: usize) {
        let Some(rec) = self.frames.get_mut(&addr) else {
            return;
        };
        for p in std::mem::take(&mut rec.rooted) {
            if let Some(n) = self.roots.get_mut(&p) {
                *n -= 1;
                if *n == 0 {
                    self.roots.remove(&p);
                }
            }
        }
    }

    fn pop_frame(&mut self, addr: usize, id: FrameId, suspended: bool) {
        self.pre.push(Record::FramePop {
            frame: id,
            suspended,
        });
        if self.stack.last() == Some(&addr) {
            self.stack.pop();
        } else {
            self.stack.retain(|&a| a != addr);
        }
        self.unroot(addr);
        // The frame below runs again: it is read in full, no longer watched.
        if let Some(&top) = self.stack.last() {
            if self.watched.last() == Some(&top) {
                self.watched.pop();
            }
            self.unroot(top);
        }
        if self.watched.last() == Some(&addr) {
            self.watched.pop();
        } else if self.watched.contains(&addr) {
            self.watched.retain(|&a| a != addr);
        }
        if let Some(rec) = self.frames.get_mut(&addr) {
            if suspended {
                rec.suspended = true;
                self.returning_cells.clear();
                return;
            }
        }
        if let Some(rec) = self.frames.remove(&addr) {
            if rec.generator != 0 {
                self.generators.remove(&rec.generator);
            }
            // Its variables are gone: what they held has one reference less.
            self.lost.extend(rec.vars.iter().map(|v| v.2));
        }
        if !self.returning_cells.is_empty() {
            let cells = std::mem::take(&mut self.returning_cells);
            self.exited_cells.push(ExitedCells { frame: id, cells });
        }
        self.exited.push_back(id);
        while self.exited.len() > KEEP_EXITED_FRAMES {
            let Some(old) = self.exited.pop_front() else {
                break;
            };
            if self.parent_refs.get(&old).copied().unwrap_or(0) == 0 {
                self.pre.push(Record::FrameForget { frame: old });
                self.exited_cells.retain(|e| e.frame != old);
            } else {
                // Still a closure's parent: keep it, and look again later.
                self.exited.push_back(old);
                if self
                    .exited
                    .iter()
                    .all(|f| self.parent_refs.get(f).copied().unwrap_or(0) > 0)
                {
                    break;
                }
            }
        }
    }

    fn sym_text(&self, s: Sym) -> &str {
        self.sym_texts
            .get(s.0 as usize)
            .map(String::as_str)
            .unwrap_or("")
    }

    fn emit_frees(&mut self) {
        // A freed address is an object's own (its deallocator ran) or its block's start
        // (the allocator got the memory back); either way that object is dead.
        let mut freed_now = std::mem::take(&mut self.scratch_freed);
        alloc_hook::take_freed(&mut freed_now);
        for &(freed, collected) in &freed_now {
            let addr = if self.objs.contains_key(&freed) {
                freed
            } else {
                self.by_base.get(&freed).copied().unwrap_or(0)
            };
            let cause = if collected {
                heapscope_trace::FreeCause::Collector
            } else {
                heapscope_trace::FreeCause::LastReference
            };
            self.forget_object(addr, cause);
            if let Some(cell) = self.cell_bases.remove(&freed) {
                self.cell_owner.remove(&cell);
                for ex in &mut self.exited_cells {
                    ex.cells.retain(|c| c.1 != cell);
                }
            }
        }
        self.scratch_freed = freed_now;
    }

    /// Drops the entry of an object that died and says so.
    fn forget_object(&mut self, addr: usize, cause: heapscope_trace::FreeCause) {
        if let Some(e) = self.objs.remove(&addr) {
            self.by_base.remove(&e.base);
            self.addrs.remove(&e.id);
            if let Some(f) = e.parent_frame {
                if let Some(n) = self.parent_refs.get_mut(&f) {
                    *n = n.saturating_sub(1);
                }
            }
            self.out.record(&Record::ObjFree { id: e.id, cause });
        }
    }

    /// The heap as the allocators see it, when it changed since the last step.
    fn emit_memory(&mut self) {
        let m = alloc_hook::memory();
        if m != self.last_memory {
            self.out.record(&Record::Memory(m));
            self.last_memory = m;
        }
    }

    fn emit_output(&mut self) {
        for (stream, text) in run_state::take_output() {
            self.out.record(&Record::Output { stream, text });
        }
    }

    fn check_stdout(&mut self) {
        // SAFETY: GIL held (the tracer runs inside the trace hook).
        let Some(current) = (unsafe { self.sys_stdout.current() }) else {
            return;
        };
        let replaced = current != self.capture_stdout;
        if replaced != self.stdout_replaced {
            self.stdout_replaced = replaced;
            let text = if replaced {
                format!("sys.stdout was replaced before line {}: what the program prints to it is not recorded", self.last_line)
            } else {
                "sys.stdout is back: output is recorded again".to_owned()
            };
            self.out.record(&Record::Note { text });
        }
    }

    fn commit_step(&mut self) {
        self.out.commit();
    }

    /// A record to emit right after the next step's header.
    pub(crate) fn add_pre(&mut self, rec: Record) {
        self.pre.push(rec);
    }

    /// Ends the run now with a final step, and exits the worker process.
    pub(crate) fn finish_now(
        &mut self,
        event: Event,
        outcome: Outcome,
        message: Option<String>,
    ) -> ! {
        self.final_step(event, message);
        self.exit(outcome)
    }

    /// Emits the final step (at the last line seen) without exiting.
    pub(crate) fn final_step(&mut self, event: Event, message: Option<String>) {
        self.step += 1;
        let (line, frame) = (self.last_line, self.last_frame);
        self.out.record(&Record::Step { event, line, frame });
        if let Some((paddr, pid, suspended)) = self.pending_pop.take() {
            if pid != frame {
                self.pop_frame(paddr, pid, suspended);
            }
        }
        self.drain_pre();
        self.emit_frees();
        self.emit_memory();
        self.emit_output();
        if let Some(m) = message {
            self.out.record(&Record::Exception { message: m });
        }
    }

    /// The final step of an uncaught exception: the stack unwound to the global frame.
    pub(crate) fn uncaught(&mut self, line: u32, message: String) {
        self.step += 1;
        self.out.record(&Record::Step {
            event: Event::UncaughtException,
            line,
            frame: FrameId::GLOBAL,
        });
        // Every frame but the global one has unwound.
        self.apply_pending_pop();
        let others: Vec<usize> = self
            .stack
            .iter()
            .copied()
            .filter(|a| self.frames.get(a).is_some_and(|r| r.id != FrameId::GLOBAL))
            .collect();
        for a in others.into_iter().rev() {
            if let Some(id) = self.frames.get(&a).map(|r| r.id) {
                self.pop_frame(a, id, false);
            }
        }
        self.drain_pre();
        self.emit_frees();
        self.emit_output();
        self.out.record(&Record::Exception { message });
        self.last_line = line;
        self.last_frame = FrameId::GLOBAL;
    }

    /// True when a class of the program defines `__del__`: then ending the program runs
    /// code worth showing (read from what was recorded, without touching objects).
    pub(crate) fn has_finalizers(&self) -> bool {
        let Some(&del) = self.syms.get("__del__") else {
            return false;
        };
        self.objs.values().any(|e| {
            matches!(&e.cache, Some(ObjectData::Class { attrs, .. }) if attrs.iter().any(|a| a.0 == del))
        })
    }

    /// Says, at the next step, that the program has ended and Python is deleting its
    /// global variables (the steps that follow are the `__del__` methods this runs).
    pub(crate) fn begin_exit(&mut self) {
        self.add_pre(Record::Note {
            text: "the program has ended: Python deletes its global variables, which runs the __del__ methods below".into(),
        });
    }

    /// The step after the finalizers that ran at exit: the global frame emptied, and what
    /// was freed with it.
    pub(crate) fn exit_step(&mut self) {
        let Some(&main) = self.stack.first() else {
            return;
        };
        let line = self.frames.get(&main).map_or(self.last_line, |r| r.line);
        self.step += 1;
        self.stamp = self.stamp.wrapping_add(1);
        self.out.record(&Record::Step {
            event: Event::Return,
            line,
            frame: FrameId::GLOBAL,
        });
        self.apply_pending_pop();
        self.drain_pre();
        self.emit_frees();
        self.emit_memory();
        // SAFETY: the main frame is kept alive (see on_call); a module frame is read
        // through the globals dict, which is alive.
        unsafe { self.read_frame(main as *mut ffi::PyFrameObject, true) };
        self.out.record(&Record::Note {
            text: "the program has ended: Python deleted its global variables and freed what only they kept".into(),
        });
        self.emit_output();
        self.last_line = line;
        self.last_frame = FrameId::GLOBAL;
        self.commit_step();
    }

    /// Sends the end of the trace and exits the process.
    pub(crate) fn exit(&mut self, outcome: Outcome) -> ! {
        self.flush_tail();
        let modules = self.files[1..]
            .iter()
            .map(|p| SourceFile::new(p.clone(), std::fs::read_to_string(p).unwrap_or_default()))
            .collect();
        let end = WorkerEnd {
            outcome,
            modules,
            notes: std::mem::take(&mut self.notes),
        };
        self.out.json(FrameTag::End, &end);
        // SAFETY: ends the process at once; everything the parent needs has been written.
        unsafe { libc::_exit(0) }
    }

    /// Final flush of output written after the last step (at exit).
    fn flush_tail(&mut self) {
        if let Some((paddr, pid, suspended)) = self.pending_pop.take() {
            // The last return is shown as it happened; the pop has no step to live in.
            let _ = (paddr, pid, suspended);
        }
        self.emit_output();
    }
}

impl ActiveRun for Tracer {
    /// # Safety
    /// As for [`ActiveRun::on_event`].
    unsafe fn on_event(
        &mut self,
        frame: *mut ffi::PyFrameObject,
        what: c_int,
        arg: *mut ffi::PyObject,
    ) {
        // SAFETY: forwarded (the trait's contract is this method's).
        unsafe { Tracer::on_event(self, frame, what, arg) }
    }

    fn finish_now(&mut self, event: Event, outcome: Outcome, message: Option<String>) -> ! {
        Tracer::finish_now(self, event, outcome, message)
    }

    fn add_note(&mut self, text: String) {
        self.add_pre(Record::Note { text });
    }

    fn has_finalizers(&self) -> bool {
        Tracer::has_finalizers(self)
    }

    fn begin_exit(&mut self) {
        Tracer::begin_exit(self)
    }

    fn exit_step(&mut self) {
        Tracer::exit_step(self)
    }

    fn end_program(
        &mut self,
        removed: bool,
        outcome: Outcome,
        final_step: Option<(u32, String)>,
    ) -> ! {
        if removed {
            self.notes.push(format!(
                "the program removed heapscope's tracer: steps after step {} (line {}) are missing",
                self.step, self.last_line
            ));
        }
        if let Some((line, message)) = final_step {
            match &outcome {
                Outcome::MemoryLimit { .. } => self.final_step(Event::LimitReached, Some(message)),
                _ => self.uncaught(line, message),
            }
        }
        self.exit(outcome)
    }
}
