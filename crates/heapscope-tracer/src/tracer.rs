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

use heapscope_trace::wire::WorkerConfig;
use heapscope_trace::{
    DictData, Event, FrameId, FrameKind, GeneratorState, IntValue, ObjId, ObjectData, Outcome, Record, SeqKind,
    Sequence, Sym, TextValue,
};
use pyo3::ffi;
use rustc_hash::FxHashMap;

use crate::emit::Emitter;
use crate::{alloc_hook, compat, pyread};

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
}

/// An exited frame's cells, with the value each showed last.
struct ExitedCells {
    frame: FrameId,
    cells: Vec<(Sym, usize, Option<ObjId>)>,
}

/// What happened at an event, for the step header.
pub(crate) struct PendingFinal {
    pub event: Event,
    pub outcome: Outcome,
    pub message: Option<String>,
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
    sys_dict: *mut ffi::PyObject,
    stdout_key: *mut ffi::PyObject,
    stdout_replaced: bool,
    layout_checked: bool,
    pub(crate) notes: Vec<String>,
}

fn is_dunder(name: &str) -> bool {
    name.len() > 4 && name.starts_with("__") && name.ends_with("__")
}

impl Tracer {
    pub(crate) fn new(cfg: WorkerConfig, out: Emitter, main_globals: *mut ffi::PyObject, capture_stdout: *mut ffi::PyObject) -> Tracer {
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
            next_frame: 1,
            generators: FxHashMap::default(),
            cell_owner: FxHashMap::default(),
            cell_bases: FxHashMap::default(),
            returning_cells: Vec::new(),
            exited_cells: Vec::new(),
            pre: Vec::new(),
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
            sys_dict: std::ptr::null_mut(),
            stdout_key: std::ptr::null_mut(),
            stdout_replaced: false,
            layout_checked: false,
            notes: Vec::new(),
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
        self.out.record(&Record::Sym { sym: s, text: text.to_owned() });
        s
    }

    /// The symbol for a str object used as a name; we keep the str alive so its address
    /// cannot be reused by another string.
    unsafe fn name_sym(&mut self, s: *mut ffi::PyObject) -> Sym {
        if let Some(&sym) = self.name_syms.get(&(s as usize)) {
            return sym;
        }
        // SAFETY: s is a live str (caller checked); we take a reference to keep it alive.
        let text = unsafe {
            ffi::Py_INCREF(s);
            pyread::str_full(s)
        };
        let sym = self.sym(&text);
        self.name_syms.insert(s as usize, sym);
        sym
    }

    /// Code info, or None when the code is not the user's.
    unsafe fn code_info(&mut self, code: *mut ffi::PyObject) -> Option<Rc<CodeInfo>> {
        if let Some(c) = self.codes.get(&(code as usize)) {
            return c.clone();
        }
        // SAFETY: code is a live code object; its attributes are builtin getters. We keep
        // a reference so the address stays this code object's.
        let info = unsafe {
            ffi::Py_INCREF(code);
            self.make_code_info(code)
        };
        let info = info.map(Rc::new);
        self.codes.insert(code as usize, info.clone());
        info
    }

    unsafe fn make_code_info(&mut self, code: *mut ffi::PyObject) -> Option<CodeInfo> {
        // SAFETY: code objects are builtin and cannot be subclassed; attribute reads run
        // only C getters.
        unsafe {
            let filename = pyread::builtin_attr(code, c"co_filename")?;
            let path = pyread::str_full(filename);
            ffi::Py_DECREF(filename);
            let is_main = path == self.cfg.path;
            let file = if is_main {
                0
            } else if !self.cfg.user_dir.is_empty()
                && path.starts_with(&format!("{}/", self.cfg.user_dir))
                && path.ends_with(".py")
                && !path.contains("site-packages")
            {
                match self.files.iter().position(|f| *f == path) {
                    Some(i) => i as u32,
                    None => {
                        self.files.push(path.clone());
                        (self.files.len() - 1) as u32
                    }
                }
            } else {
                return None;
            };
            let text_attr = |name: &std::ffi::CStr| -> String {
                match pyread::builtin_attr(code, name) {
                    Some(v) => {
                        let s = if ffi::PyUnicode_Check(v) != 0 { pyread::str_full(v) } else { String::new() };
                        ffi::Py_DECREF(v);
                        s
                    }
                    None => String::new(),
                }
            };
            let tuple_attr = |name: &std::ffi::CStr| -> Vec<String> {
                match pyread::builtin_attr(code, name) {
                    Some(v) => {
                        let s = if ffi::PyTuple_Check(v) != 0 { pyread::str_tuple(v) } else { vec![] };
                        ffi::Py_DECREF(v);
                        s
                    }
                    None => vec![],
                }
            };
            let name = text_attr(c"co_name");
            let qualname = text_attr(c"co_qualname");
            let varnames = tuple_attr(c"co_varnames");
            let cellvars = tuple_attr(c"co_cellvars");
            let freevars = tuple_attr(c"co_freevars");
            let flags = pyread::builtin_int_attr(code, c"co_flags").unwrap_or(0);
            let argcount = pyread::builtin_int_attr(code, c"co_argcount").unwrap_or(0) as usize;
            let kwonly = pyread::builtin_int_attr(code, c"co_kwonlyargcount").unwrap_or(0) as usize;
            let first_line = pyread::builtin_int_attr(code, c"co_firstlineno").unwrap_or(0);

            const CO_NEWLOCALS: i64 = 0x2;
            const CO_VARARGS: i64 = 0x4;
            const CO_VARKEYWORDS: i64 = 0x8;
            const CO_GENERATOR: i64 = 0x20;
            const CO_COROUTINE: i64 = 0x80;
            const CO_ASYNC_GENERATOR: i64 = 0x200;
            let kind = if name == "<module>" {
                FrameKind::Module
            } else if matches!(name.as_str(), "<listcomp>" | "<dictcomp>" | "<setcomp>" | "<genexpr>") {
                FrameKind::Comprehension
            } else if flags & (CO_GENERATOR | CO_COROUTINE | CO_ASYNC_GENERATOR) != 0 {
                FrameKind::Generator
            } else if name == "<lambda>" {
                FrameKind::Lambda
            } else if flags & CO_NEWLOCALS == 0 {
                FrameKind::ClassBody
            } else {
                FrameKind::Function
            };

            // Fast locals: varnames, then cells that are not arguments, then free vars.
            let mut slots = Vec::new();
            for v in &varnames {
                let k = if cellvars.contains(v) { SlotKind::Cell } else { SlotKind::Local };
                slots.push((v.clone(), k));
            }
            for c in cellvars.iter().filter(|c| !varnames.contains(c)) {
                slots.push((c.clone(), SlotKind::Cell));
            }
            for f in &freevars {
                slots.push((f.clone(), SlotKind::Free));
            }
            let has_cells = slots.iter().any(|(_, k)| *k != SlotKind::Local);
            let slots = slots
                .into_iter()
                .map(|(n, k)| ((!n.starts_with('.')).then(|| self.sym(&n)), k))
                .collect();

            // Signature as written: positional params, *args, keyword-only, **kwargs.
            let mut params: Vec<String> = varnames.iter().take(argcount).cloned().collect();
            let mut i = argcount;
            if flags & CO_VARARGS != 0 {
                params.push(format!("*{}", varnames.get(argcount + kwonly).cloned().unwrap_or_default()));
            } else if kwonly > 0 {
                params.push("*".into());
            }
            params.extend(varnames.iter().skip(i).take(kwonly).cloned());
            i += kwonly + usize::from(flags & CO_VARARGS != 0);
            if flags & CO_VARKEYWORDS != 0 {
                params.push(format!("**{}", varnames.get(i).cloned().unwrap_or_default()));
            }
            let mut signature = format!("{name}({})", params.join(", "));
            if name == "<lambda>" {
                signature.push_str(&format!(" <line {first_line}>"));
            }
            // An imported module of the user's is named after its file, not "<module>".
            let display_name = if kind == FrameKind::Module && !is_main {
                let stem = std::path::Path::new(&path).file_stem().and_then(|s| s.to_str()).unwrap_or("?");
                format!("<module {stem}>")
            } else if qualname.is_empty() {
                name.clone()
            } else {
                qualname.clone()
            };
            let info = CodeInfo {
                file,
                first_line: first_line.max(0) as u32,
                qualname: self.sym(&display_name),
                kind,
                slots,
                has_cells,
                signature: self.sym(&signature),
                is_main: is_main && kind == FrameKind::Module,
                freevars: freevars.iter().map(|f| self.sym(f)).collect(),
            };
            Some(info)
        }
    }

    /// The trace callback's body.
    ///
    /// # Safety
    /// Called from CPython's trace hook with the GIL held and a live frame.
    pub(crate) unsafe fn on_event(&mut self, frame: *mut ffi::PyFrameObject, what: c_int, arg: *mut ffi::PyObject) {
        // SAFETY: frame is live for the duration of the callback.
        let code = unsafe { ffi::PyFrame_GetCode(frame) } as *mut ffi::PyObject;
        // SAFETY: code is live (we got a new reference and drop it right after).
        let info = unsafe {
            let info = self.code_info(code);
            ffi::Py_DECREF(code);
            info
        };
        let Some(info) = info else { return };
        if !self.layout_checked {
            // SAFETY: frame is live.
            if !unsafe { compat::check_layout(frame) } {
                self.notes.push("this CPython's frame layout is not the one heapscope was built for: no variables can be read".into());
                self.finish_now(Event::Crashed, Outcome::Crashed { message: "unsupported CPython frame layout".into() }, None);
            }
            self.layout_checked = true;
        }
        // SAFETY: the GC must not run user finalizers in the middle of a snapshot.
        let gc_was_enabled = unsafe { ffi::PyGC_Disable() };
        // SAFETY: forwarded from the caller.
        unsafe {
            match what {
                ffi::PyTrace_CALL => self.on_call(frame, info),
                ffi::PyTrace_LINE => self.snapshot(frame, Event::Line, None),
                ffi::PyTrace_RETURN => self.on_return(frame, arg),
                ffi::PyTrace_EXCEPTION => {
                    let exc = if !arg.is_null() && ffi::PyTuple_Check(arg) != 0 && ffi::PyTuple_GET_SIZE(arg) >= 2 {
                        ffi::PyTuple_GET_ITEM(arg, 1)
                    } else {
                        std::ptr::null_mut()
                    };
                    let msg = if exc.is_null() { "exception".into() } else { pyread::exception_message(exc) };
                    self.snapshot(frame, Event::Exception, Some(msg))
                }
                _ => {}
            }
            if gc_was_enabled != 0 {
                ffi::PyGC_Enable();
            }
        }
    }

    unsafe fn on_call(&mut self, frame: *mut ffi::PyFrameObject, info: Rc<CodeInfo>) {
        self.apply_pending_pop();
        let addr = frame as usize;
        if let Some(rec) = self.frames.get_mut(&addr) {
            // A generator resuming.
            if rec.suspended {
                rec.suspended = false;
                let id = rec.id;
                self.leave_current();
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
            // SAFETY: frame is live; PyFrame_GetGenerator returns a new reference or NULL.
            let generator = unsafe {
                let g = ffi::PyFrame_GetGenerator(frame);
                if g.is_null() {
                    0
                } else {
                    ffi::Py_DECREF(g);
                    g as usize
                }
            };
            if generator != 0 {
                self.generators.insert(generator, id);
            }
            // SAFETY: frame is live.
            let line = match unsafe { ffi::PyFrame_GetLineNumber(frame) } {
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
                FrameRec { id, code: info.clone(), vars: Vec::new(), generator, suspended: false, mutable_reach: false },
            );
            self.leave_current();
            self.stack.push(addr);
            if info.is_main {
                // Python Tutor shows no step for entering the module: its first line is.
                return;
            }
        }
        // SAFETY: forwarded.
        unsafe { self.snapshot(frame, Event::Call, None) }
    }

    /// The frame a called function was defined in: what was recorded for its function
    /// object, else the frame its qualified name says (`outer.<locals>.inner`).
    fn lexical_parent(&mut self, frame: *mut ffi::PyFrameObject, info: &CodeInfo) -> Option<FrameId> {
        // SAFETY: the frame is live; the function pointer is checked before use.
        let func = unsafe { compat::frame_function(frame) };
        if let Some(e) = self.objs.get(&(func as usize)) {
            if e.stamp != 0 {
                return e.parent_frame;
            }
        }
        let qualname = self.sym_text(info.qualname).to_owned();
        self.defining_frame(&qualname, &[])
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
        closure.iter().filter_map(|c| self.cell_owner.get(c)).max().copied()
    }

    unsafe fn on_return(&mut self, frame: *mut ffi::PyFrameObject, value: *mut ffi::PyObject) {
        let addr = frame as usize;
        let Some(rec) = self.frames.get(&addr) else { return };
        let is_main = rec.code.is_main;
        if is_main && value.is_null() {
            // The module is unwinding with an exception: the final step says so.
            return;
        }
        let generator = rec.generator;
        let id = rec.id;
        // SAFETY: forwarded.
        unsafe { self.snapshot(frame, Event::Return, None) };
        if !value.is_null() && !is_main {
            // SAFETY: value is live during the callback.
            let v = unsafe { self.visit(value) };
            self.out.record(&Record::SetReturn { frame: id, value: v });
        }
        // Its cells, while the frame is alive: closures may change them after it exits.
        self.returning_cells.clear();
        if let Some(rec) = self.frames.get(&addr) {
            if rec.code.has_cells && !is_main {
                let code = rec.code.clone();
                // SAFETY: the frame is live during its return event.
                unsafe {
                    let lp = compat::localsplus(frame);
                    for (i, (name, kind)) in code.slots.iter().enumerate() {
                        let (Some(name), SlotKind::Cell) = (name, kind) else { continue };
                        let c = *lp.add(i);
                        if !c.is_null() && ffi::PyCell_Check(c) != 0 && self.cell_owner.contains_key(&(c as usize)) {
                            let v = (*(c as *mut ffi::PyCellObject)).ob_ref;
                            let last = if v.is_null() { None } else { self.objs.get(&(v as usize)).map(|e| e.id) };
                            self.returning_cells.push((*name, c as usize, last));
                        }
                    }
                }
            }
        }
        let suspended = generator != 0 && {
            // SAFETY: the generator is alive while its frame runs; gi_suspended is a C getter.
            unsafe {
                [c"gi_suspended", c"cr_suspended", c"ag_suspended"].iter().any(|n| {
                    pyread::builtin_attr(generator as *mut ffi::PyObject, n).is_some_and(|v| {
                        let t = v == ffi::Py_True();
                        ffi::Py_DECREF(v);
                        t
                    })
                })
            }
        };
        if !is_main {
            self.pending_pop = Some((addr, id, suspended));
        }
        self.commit_step();
    }

    /// Emits the step header and everything that changed.
    unsafe fn snapshot(&mut self, frame: *mut ffi::PyFrameObject, event: Event, exception: Option<String>) {
        let addr = frame as usize;
        let Some(fid) = self.frames.get(&addr).map(|r| r.id) else { return };
        // SAFETY: frame is live.
        let line = match unsafe { ffi::PyFrame_GetLineNumber(frame) } {
            n if n > 0 => n as u32,
            _ => self.frames.get(&addr).map_or(1, |r| r.code.first_line.max(1)),
        };
        self.step += 1;
        if self.step > self.cfg.max_steps {
            self.step -= 1;
            let steps = self.cfg.max_steps;
            self.finish_now(Event::LimitReached, Outcome::StepLimit { steps }, None);
        }
        if self.step.is_multiple_of(1024) && self.started.elapsed().as_secs_f64() > self.cfg.max_seconds {
            let seconds = self.cfg.max_seconds;
            self.finish_now(Event::LimitReached, Outcome::TimeLimit { seconds }, None);
        }
        self.stamp = self.stamp.wrapping_add(1);
        self.out.record(&Record::Step { event, line, frame: fid });
        self.last_line = line;
        self.last_frame = fid;
        self.apply_pending_pop();
        self.drain_pre();
        self.emit_frees();
        if let Some(m) = exception {
            self.out.record(&Record::Exception { message: m });
        }
        // SAFETY: every frame on our stack is live (it has not returned).
        unsafe {
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
            if !self.exited_cells.is_empty() {
                self.read_exited_cells();
            }
        }
        self.emit_output();
        self.check_stdout();
        if let Some(stop) = crate::worker::take_stop() {
            self.finish_now(stop.event, stop.outcome, stop.message);
        }
        self.commit_step();
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

    /// The running frame is about to call: from now on it is only watched (if needed).
    fn leave_current(&mut self) {
        let Some(&top) = self.stack.last() else { return };
        if self.stack.len() == 1 {
            return; // the global frame is re-read at every step anyway
        }
        if self.frames.get(&top).is_some_and(|r| r.mutable_reach || r.code.has_cells) {
            self.watched.push(top);
        }
    }

    fn pop_frame(&mut self, addr: usize, id: FrameId, suspended: bool) {
        self.pre.push(Record::FramePop { frame: id, suspended });
        if self.stack.last() == Some(&addr) {
            self.stack.pop();
        } else {
            self.stack.retain(|&a| a != addr);
        }
        // The frame below runs again: it is read in full, no longer watched.
        if let Some(&top) = self.stack.last() {
            if self.watched.last() == Some(&top) {
                self.watched.pop();
            }
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
        }
        if !self.returning_cells.is_empty() {
            let cells = std::mem::take(&mut self.returning_cells);
            self.exited_cells.push(ExitedCells { frame: id, cells });
        }
        self.exited.push_back(id);
        while self.exited.len() > KEEP_EXITED_FRAMES {
            let Some(old) = self.exited.pop_front() else { break };
            if self.parent_refs.get(&old).copied().unwrap_or(0) == 0 {
                self.pre.push(Record::FrameForget { frame: old });
                self.exited_cells.retain(|e| e.frame != old);
            } else {
                // Still a closure's parent: keep it, and look again later.
                self.exited.push_back(old);
                if self.exited.iter().all(|f| self.parent_refs.get(f).copied().unwrap_or(0) > 0) {
                    break;
                }
            }
        }
    }

    /// Reads a frame's variables and emits what changed. `full`: re-read every slot;
    /// otherwise only cells (which inner functions can change) and mutable objects.
    unsafe fn read_frame(&mut self, frame: *mut ffi::PyFrameObject, full: bool) {
        let addr = frame as usize;
        let Some(rec) = self.frames.get(&addr) else { return };
        let code = rec.code.clone();
        let fid = rec.id;
        if !full && !code.has_cells {
            // Only the objects it references can have changed.
            let ptrs: Vec<usize> = rec.vars.iter().map(|v| v.2).collect();
            for p in ptrs {
                // SAFETY: the frame holds a reference to each of its variables' values.
                unsafe { self.visit(p as *mut ffi::PyObject) };
            }
            return;
        }
        let mut now = std::mem::take(&mut self.scratch_now);
        now.clear();
        // SAFETY: the frame is live; slot count comes from its own code object.
        unsafe {
            match code.kind {
                FrameKind::Module | FrameKind::ClassBody => {
                    let d = if code.is_main { self.main_globals } else { compat::frame_locals_dict(frame) };
                    if !d.is_null() && ffi::PyDict_Check(d) != 0 {
                        let mut pos: ffi::Py_ssize_t = 0;
                        let mut k = std::ptr::null_mut();
                        let mut v = std::ptr::null_mut();
                        while ffi::PyDict_Next(d, &mut pos, &mut k, &mut v) != 0 {
                            if ffi::PyUnicode_Check(k) == 0 {
                                continue;
                            }
                            if let Some(sym) = self.global_name(k) {
                                now.push((sym, v as usize));
                            }
                        }
                    }
                }
                _ => {
                    let lp = compat::localsplus(frame);
                    for (i, (name, kind)) in code.slots.iter().enumerate() {
                        let Some(name) = name else { continue };
                        if !full && *kind == SlotKind::Local {
                            if let Some(old) = self.frames.get(&addr).and_then(|r| r.vars.iter().find(|v| v.0 == *name)) {
                                now.push((*name, old.2));
                            }
                            continue;
                        }
                        let mut v = *lp.add(i);
                        if !v.is_null() && *kind != SlotKind::Local && ffi::PyCell_Check(v) != 0 {
                            if *kind == SlotKind::Cell && !self.cell_owner.contains_key(&(v as usize)) {
                                self.cell_owner.insert(v as usize, fid);
                                let base = compat::allocation_base(v);
                                alloc_hook::track(base);
                                self.cell_bases.insert(base, v as usize);
                            }
                            v = (*(v as *mut ffi::PyCellObject)).ob_ref;
                        }
                        if !v.is_null() {
                            now.push((*name, v as usize));
                        }
                    }
                }
            }
        }
        // Compare with what was emitted, keeping first-bound order.
        let mut new_vars = std::mem::take(&mut self.scratch_vars);
        new_vars.clear();
        for &(name, p) in &now {
            // SAFETY: p is a live object referenced by the frame.
            let id = unsafe { self.visit(p as *mut ffi::PyObject) };
            new_vars.push((name, id, p));
        }
        self.scratch_now = now;
        let mutable_reach = new_vars.iter().any(|v| self.objs.get(&v.2).is_none_or(|e| !e.deep_immutable));
        let Some(rec) = self.frames.get_mut(&addr) else { return };
        if full {
            rec.mutable_reach = mutable_reach;
        }
        let same_names = rec.vars.len() == new_vars.len() && rec.vars.iter().zip(&new_vars).all(|(o, n)| o.0 == n.0);
        if same_names {
            // The common case: the same names, some rebound.
            for (old, new) in rec.vars.iter_mut().zip(&new_vars) {
                if old.1 != new.1 {
                    self.out.record(&Record::SetVar { frame: fid, name: new.0, value: new.1 });
                }
                *old = *new;
            }
        } else {
            for (name, id, _) in &new_vars {
                match rec.vars.iter().find(|v| v.0 == *name) {
                    Some(old) if old.1 == *id => {}
                    _ => self.out.record(&Record::SetVar { frame: fid, name: *name, value: *id }),
                }
            }
            for (name, _, _) in &rec.vars {
                if !new_vars.iter().any(|v| v.0 == *name) {
                    self.out.record(&Record::DelVar { frame: fid, name: *name });
                }
            }
            let mut ordered: Vec<(Sym, ObjId, usize)> =
                rec.vars.iter().filter_map(|o| new_vars.iter().find(|n| n.0 == o.0).copied()).collect();
            for n in &new_vars {
                if !ordered.iter().any(|o| o.0 == n.0) {
                    ordered.push(*n);
                }
            }
            rec.vars = ordered;
        }
        self.scratch_vars = new_vars;
    }

    /// The symbol of a module or class variable's name, or None for the names that are
    /// Python's rather than the program's (`__name__`, `__builtins__`, ...).
    unsafe fn global_name(&mut self, k: *mut ffi::PyObject) -> Option<Sym> {
        if let Some(&s) = self.global_names.get(&(k as usize)) {
            return s;
        }
        // SAFETY: k is a live str key (name_sym keeps it alive).
        let sym = unsafe { self.name_sym(k) };
        let shown = (!self.dunders.contains(&sym)).then_some(sym);
        self.global_names.insert(k as usize, shown);
        shown
    }

    /// The id of an object, recording it (and what it reaches) when new or changed.
    unsafe fn visit(&mut self, root: *mut ffi::PyObject) -> ObjId {
        let id = self.id_of(root as usize);
        self.work.push((root as usize, 0));
        while let Some((p, depth)) = self.work.pop() {
            // SAFETY: p is reachable from a live root through strong references.
            unsafe { self.process(p, depth) };
        }
        id
    }

    fn id_of(&mut self, p: usize) -> ObjId {
        if let Some(e) = self.objs.get(&p) {
            return e.id;
        }
        let id = ObjId(self.next_obj);
        self.next_obj += 1;
        // SAFETY: p is a live object (reached through strong references).
        let base = unsafe { compat::allocation_base(p as *mut ffi::PyObject) };
        alloc_hook::track(base);
        if base != p {
            alloc_hook::track(p);
            self.by_base.insert(base, p);
        }
        self.objs.insert(p, Entry { id, stamp: 0, deep_immutable: false, cache: None, parent_frame: None, base });
        id
    }

    unsafe fn process(&mut self, p: usize, depth: u32) {
        let stamp = self.stamp;
        let Some(e) = self.objs.get_mut(&p) else { return };
        if e.stamp == stamp || (e.deep_immutable && e.cache.is_none() && e.stamp != 0) {
            return;
        }
        let first = e.stamp == 0;
        e.stamp = stamp;
        let id = e.id;
        self.children_deep = true;
        // SAFETY: p is live (see visit).
        let data = unsafe { self.read(p as *mut ffi::PyObject, depth, id) };
        let mutable = data.is_mutable();
        // Settled lazily: a tuple of new objects becomes deep-immutable on a later visit,
        // once its children are known to be.
        let deep = !mutable && self.children_deep;
        let Some(e) = self.objs.get_mut(&p) else { return };
        e.deep_immutable = deep;
        if first {
            if let ObjectData::Function { parent_frame: Some(f), .. } = &data {
                e.parent_frame = Some(*f);
                *self.parent_refs.entry(*f).or_default() += 1;
            }
            let cache = mutable.then(|| data.clone());
            let Some(e) = self.objs.get_mut(&p) else { return };
            e.cache = cache;
            self.out.record(&Record::ObjNew { id, data });
        } else if mutable {
            let old = e.cache.take();
            match old {
                Some(old) if old == data => e.cache = Some(old),
                Some(old) => {
                    let rec = diff(id, &old, &data);
                    e.cache = Some(data);
                    self.out.record(&rec);
                }
                None => {
                    e.cache = Some(data.clone());
                    self.out.record(&Record::ObjSet { id, data });
                }
            }
        }
    }

    /// The id for a child pointer, queueing it for reading.
    fn child(&mut self, c: *mut ffi::PyObject, depth: u32) -> ObjId {
        let p = c as usize;
        if depth + 1 >= self.cfg.max_depth && !self.objs.contains_key(&p) {
            self.children_deep = false;
            return ObjId(0);
        }
        let id = self.id_of(p);
        let (needs, deep) = self
            .objs
            .get(&p)
            .map_or((false, false), |e| (e.stamp != self.stamp && !(e.deep_immutable && e.stamp != 0), e.deep_immutable));
        self.children_deep &= deep;
        if needs {
            self.work.push((p, depth + 1));
        }
        id
    }

    /// Reads one object's content.
    unsafe fn read(&mut self, o: *mut ffi::PyObject, depth: u32, id: ObjId) -> ObjectData {
        // SAFETY: o is live; each branch reads only raw storage of the builtin type it
        // checked for.
        unsafe {
            if o == ffi::Py_None() {
                return ObjectData::None;
            }
            let t = ffi::Py_TYPE(o);
            if t == std::ptr::addr_of_mut!(ffi::PyBool_Type) {
                return ObjectData::Bool(o == ffi::Py_True());
            }
            if ffi::PyLong_Check(o) != 0 {
                return read_int(o);
            }
            if ffi::PyFloat_Check(o) != 0 {
                return ObjectData::Float(ffi::PyFloat_AS_DOUBLE(o));
            }
            if ffi::PyUnicode_Check(o) != 0 {
                let (text, len) = pyread::str_text(o, self.cfg.max_chars as usize);
                return ObjectData::Str(TextValue { text, len });
            }
            if ffi::PyList_Check(o) != 0 {
                let n = ffi::PyList_GET_SIZE(o) as usize;
                let seq = self.read_seq(n, depth, |i| ffi::PyList_GET_ITEM(o, i as ffi::Py_ssize_t));
                return ObjectData::Seq(SeqKind::List, seq);
            }
            if ffi::PyTuple_Check(o) != 0 {
                let n = ffi::PyTuple_GET_SIZE(o) as usize;
                let seq = self.read_seq(n, depth, |i| ffi::PyTuple_GET_ITEM(o, i as ffi::Py_ssize_t));
                return ObjectData::Seq(SeqKind::Tuple, seq);
            }
            if ffi::PyDict_Check(o) != 0 {
                return self.read_dict(o, depth);
            }
            if ffi::PyAnySet_Check(o) != 0 {
                let mut items = Vec::new();
                let mut pos: ffi::Py_ssize_t = 0;
                let mut key = std::ptr::null_mut();
                let mut hash: ffi::Py_hash_t = 0;
                while compat::_PySet_NextEntry(o, &mut pos, &mut key, &mut hash) != 0 {
                    items.push(key);
                }
                let seq = self.read_seq(items.len(), depth, |i| items[i]);
                let kind = if ffi::PyFrozenSet_Check(o) != 0 { SeqKind::FrozenSet } else { SeqKind::Set };
                return ObjectData::Seq(kind, seq);
            }
            if ffi::PyBytes_Check(o) != 0 || ffi::PyByteArray_Check(o) != 0 {
                let mutable = ffi::PyByteArray_Check(o) != 0;
                let (ptr, n) = if mutable {
                    (ffi::PyByteArray_AS_STRING(o) as *const u8, ffi::PyByteArray_GET_SIZE(o) as usize)
                } else {
                    (ffi::PyBytes_AS_STRING(o) as *const u8, ffi::PyBytes_Size(o) as usize)
                };
                let keep = n.min(self.cfg.max_chars as usize);
                let data = if keep == 0 { vec![] } else { std::slice::from_raw_parts(ptr, keep).to_vec() };
                return ObjectData::Bytes { mutable, data, len: n as u64 };
            }
            if ffi::PyComplex_Check(o) != 0 {
                let c = (*(o as *mut ffi::PyComplexObject)).cval;
                return ObjectData::Complex { re: c.real, im: c.imag };
            }
            if t == std::ptr::addr_of_mut!(ffi::PyRange_Type) {
                let [a, b, c] = compat::range_fields(o);
                let get = |v: *mut ffi::PyObject| {
                    let mut of = 0;
                    let x = ffi::PyLong_AsLongLongAndOverflow(v, &mut of);
                    if of != 0 {
                        ffi::PyErr_Clear();
                    }
                    x
                };
                return ObjectData::Range { start: get(a), stop: get(b), step: get(c) };
            }
            if ffi::PyFunction_Check(o) != 0 {
                return self.read_function(o, depth, id);
            }
            if t == std::ptr::addr_of_mut!(compat::PyMethod_Type) {
                let func = self.child(compat::PyMethod_Function(o), depth);
                let receiver = self.child(compat::PyMethod_Self(o), depth);
                return ObjectData::BoundMethod { func, receiver };
            }
            if ffi::PyCFunction_Check(o) != 0 {
                let f = o as *mut ffi::PyCFunctionObject;
                let name = std::ffi::CStr::from_ptr((*(*f).m_ml).ml_name).to_string_lossy().into_owned();
                let selfp = (*f).m_self;
                let receiver = if selfp.is_null() || ffi::PyModule_Check(selfp) != 0 { None } else { Some(self.child(selfp, depth)) };
                let name = self.sym(&name);
                return ObjectData::Builtin { name, receiver };
            }
            if ffi::PyType_Check(o) != 0 {
                return self.read_class(o as *mut ffi::PyTypeObject, depth);
            }
            if ffi::PyModule_Check(o) != 0 {
                let n = ffi::PyModule_GetName(o);
                let name = if n.is_null() {
                    ffi::PyErr_Clear();
                    "?".to_owned()
                } else {
                    std::ffi::CStr::from_ptr(n).to_string_lossy().into_owned()
                };
                return ObjectData::Module { name: self.sym(&name) };
            }
            if ffi::PyGen_Check(o) != 0 || ffi::PyCoro_CheckExact(o) != 0 {
                return self.read_generator(o);
            }
            if pyread::is_heap_type(t) {
                return self.read_instance(o, t, depth);
            }
            let type_name = self.sym(&pyread::type_qualname(t));
            let summary = if ffi::PyExceptionInstance_Check(o) != 0 { pyread::exception_message(o) } else { String::new() };
            ObjectData::Other { type_name, summary }
        }
    }

    fn read_seq(&mut self, n: usize, depth: u32, item: impl Fn(usize) -> *mut ffi::PyObject) -> Sequence {
        let max = self.cfg.max_items as usize;
        if n <= max {
            let items = (0..n).map(|i| self.child(item(i), depth)).collect();
            Sequence::full(items)
        } else {
            let tail = (max / 5).max(1);
            let head = max - tail;
            let mut items: Vec<ObjId> = (0..head).map(|i| self.child(item(i), depth)).collect();
            items.extend((n - tail..n).map(|i| self.child(item(i), depth)));
            Sequence { len: n as u64, items, gap_at: head as u32 }
        }
    }

    unsafe fn read_dict(&mut self, d: *mut ffi::PyObject, depth: u32) -> ObjectData {
        let mut all = Vec::new();
        // SAFETY: PyDict_Next walks the table without hashing or comparing keys.
        unsafe {
            let mut pos: ffi::Py_ssize_t = 0;
            let mut k = std::ptr::null_mut();
            let mut v = std::ptr::null_mut();
            while ffi::PyDict_Next(d, &mut pos, &mut k, &mut v) != 0 {
                all.push((k, v));
            }
        }
        let max = self.cfg.max_items as usize;
        let n = all.len();
        let (keep, gap): (Vec<usize>, usize) = if n <= max {
            ((0..n).collect(), n)
        } else {
            let tail = (max / 5).max(1);
            ((0..max - tail).chain(n - tail..n).collect(), max - tail)
        };
        let entries = keep.into_iter().map(|i| (self.child(all[i].0, depth), self.child(all[i].1, depth))).collect();
        ObjectData::Dict(DictData { len: n as u64, entries, gap_at: gap as u32 })
    }

    unsafe fn read_function(&mut self, o: *mut ffi::PyObject, depth: u32, id: ObjId) -> ObjectData {
        // SAFETY: o is a function object; its fields are read directly.
        unsafe {
            let f = o as *mut ffi::PyFunctionObject;
            let code = (*f).func_code;
            let info = self.code_info(code);
            let qual = (*f).func_qualname;
            let name = if !qual.is_null() && ffi::PyUnicode_Check(qual) != 0 { self.name_sym(qual) } else { Sym(0) };
            let signature = match &info {
                Some(i) => i.signature,
                None => {
                    let n = (*f).func_name;
                    let n = if !n.is_null() && ffi::PyUnicode_Check(n) != 0 { pyread::str_full(n) } else { "?".into() };
                    self.sym(&format!("{n}(...)"))
                }
            };
            let mut defaults = Vec::new();
            let d = (*f).func_defaults;
            if !d.is_null() && ffi::PyTuple_Check(d) != 0 {
                for item in pyread::tuple_items(d) {
                    defaults.push(self.child(item, depth));
                }
            }
            let kd = (*f).func_kwdefaults;
            if !kd.is_null() && ffi::PyDict_Check(kd) != 0 {
                let mut pos: ffi::Py_ssize_t = 0;
                let mut k = std::ptr::null_mut();
                let mut v = std::ptr::null_mut();
                while ffi::PyDict_Next(kd, &mut pos, &mut k, &mut v) != 0 {
                    defaults.push(self.child(v, depth));
                }
            }
            let mut cells = Vec::new();
            let mut cell_ptrs = Vec::new();
            let cl = (*f).func_closure;
            if !cl.is_null() && ffi::PyTuple_Check(cl) != 0 {
                let names = info.as_ref().map(|i| i.freevars.clone()).unwrap_or_default();
                for (i, cell) in pyread::tuple_items(cl).into_iter().enumerate() {
                    cell_ptrs.push(cell as usize);
                    if ffi::PyCell_Check(cell) != 0 {
                        let v = (*(cell as *mut ffi::PyCellObject)).ob_ref;
                        if !v.is_null() {
                            let name = names.get(i).copied().unwrap_or(Sym(0));
                            cells.push((name, self.child(v, depth)));
                        }
                    }
                }
            }
            let _ = id;
            // Decided once, when the function is first seen: where it was defined.
            let parent_frame = match self.objs.get(&(o as usize)) {
                Some(e) if e.stamp != 0 && e.cache.is_some() => e.parent_frame,
                _ => {
                    let qual = self.sym_text(name).to_owned();
                    self.defining_frame(&qual, &cell_ptrs)
                }
            };
            ObjectData::Function { name, signature, parent_frame, defaults, cells }
        }
    }

    fn sym_text(&self, s: Sym) -> &str {
        self.sym_texts.get(s.0 as usize).map(String::as_str).unwrap_or("")
    }

    unsafe fn read_class(&mut self, t: *mut ffi::PyTypeObject, depth: u32) -> ObjectData {
        // SAFETY: t is a live type; tp_bases and tp_dict are read directly.
        unsafe {
            let name = self.sym(&pyread::type_qualname(t));
            let mut bases = Vec::new();
            let mut base_names = Vec::new();
            let b = (*t).tp_bases;
            if !b.is_null() && ffi::PyTuple_Check(b) != 0 {
                for base in pyread::tuple_items(b) {
                    let bt = base as *mut ffi::PyTypeObject;
                    base_names.push(self.sym(&pyread::type_qualname(bt)));
                    if pyread::is_heap_type(bt) {
                        bases.push(self.child(base, depth));
                    }
                }
            }
            let mut attrs = Vec::new();
            if pyread::is_heap_type(t) {
                let d = (*t).tp_dict;
                if !d.is_null() && ffi::PyDict_Check(d) != 0 {
                    let mut pos: ffi::Py_ssize_t = 0;
                    let mut k = std::ptr::null_mut();
                    let mut v = std::ptr::null_mut();
                    while ffi::PyDict_Next(d, &mut pos, &mut k, &mut v) != 0 {
                        if ffi::PyUnicode_Check(k) == 0 {
                            continue;
                        }
                        let sym = self.name_sym(k);
                        let dunder = is_dunder(self.sym_text(sym));
                        if dunder && ffi::PyFunction_Check(v) == 0 {
                            continue;
                        }
                        attrs.push((sym, self.child(v, depth)));
                    }
                }
            }
            ObjectData::Class { name, bases, base_names, attrs }
        }
    }

    unsafe fn read_instance(&mut self, o: *mut ffi::PyObject, t: *mut ffi::PyTypeObject, depth: u32) -> ObjectData {
        // SAFETY: o is an instance of the heap type t; __slots__ are read through the
        // member offsets of each heap type in the MRO, the dict through its pointer.
        unsafe {
            let type_name = self.sym(&pyread::type_qualname(t));
            let class = Some(self.child(t as *mut ffi::PyObject, depth));
            let mut attrs = Vec::new();
            let mro = (*t).tp_mro;
            if !mro.is_null() && ffi::PyTuple_Check(mro) != 0 {
                for base in pyread::tuple_items(mro) {
                    let bt = base as *mut ffi::PyTypeObject;
                    if !pyread::is_heap_type(bt) || (*bt).tp_members.is_null() {
                        continue;
                    }
                    let mut m = (*bt).tp_members;
                    while !(*m).name.is_null() {
                        const T_OBJECT_EX: c_int = 16;
                        if (*m).type_code == T_OBJECT_EX && (*m).flags & ffi::Py_READONLY == 0 {
                            let name = std::ffi::CStr::from_ptr((*m).name).to_string_lossy().into_owned();
                            if !is_dunder(&name) {
                                let v = *((o as *mut u8).offset((*m).offset) as *mut *mut ffi::PyObject);
                                if !v.is_null() {
                                    let s = self.sym(&name);
                                    attrs.push((s, self.child(v, depth)));
                                }
                            }
                        }
                        m = m.add(1);
                    }
                }
            }
            if (*t).tp_dictoffset != 0 {
                let dp = compat::_PyObject_GetDictPtr(o);
                if dp.is_null() {
                    ffi::PyErr_Clear();
                } else if !(*dp).is_null() && ffi::PyDict_Check(*dp) != 0 {
                    let mut pos: ffi::Py_ssize_t = 0;
                    let mut k = std::ptr::null_mut();
                    let mut v = std::ptr::null_mut();
                    while ffi::PyDict_Next(*dp, &mut pos, &mut k, &mut v) != 0 {
                        if ffi::PyUnicode_Check(k) == 0 {
                            continue;
                        }
                        let s = self.name_sym(k);
                        attrs.push((s, self.child(v, depth)));
                    }
                }
            }
            ObjectData::Instance { type_name, class, attrs }
        }
    }

    unsafe fn read_generator(&mut self, g: *mut ffi::PyObject) -> ObjectData {
        // SAFETY: generators and coroutines cannot be subclassed; their attributes are C getters.
        unsafe {
            let name = match pyread::builtin_attr(g, c"__qualname__") {
                Some(q) => {
                    let s = if ffi::PyUnicode_Check(q) != 0 { pyread::str_full(q) } else { "generator".into() };
                    ffi::Py_DECREF(q);
                    s
                }
                None => "generator".into(),
            };
            let name = self.sym(&name);
            let frame = self.generators.get(&(g as usize)).copied();
            let rec = self.frames.values().find(|r| r.generator == g as usize);
            let (state, line) = match rec {
                Some(r) if r.suspended => (GeneratorState::Suspended, 0),
                Some(_) => (GeneratorState::Running, 0),
                None => {
                    let closed = pyread::builtin_attr(g, c"gi_frame").is_none_or(|f| {
                        let none = f == ffi::Py_None();
                        ffi::Py_DECREF(f);
                        none
                    });
                    if closed {
                        (GeneratorState::Closed, 0)
                    } else {
                        (GeneratorState::Created, 0)
                    }
                }
            };
            ObjectData::Generator { name, frame, state, line }
        }
    }

    fn emit_frees(&mut self) {
        // A freed address is an object's own (its deallocator ran) or its block's start
        // (the allocator got the memory back); either way that object is dead.
        for freed in alloc_hook::take_freed() {
            let addr = if self.objs.contains_key(&freed) { freed } else { self.by_base.get(&freed).copied().unwrap_or(0) };
            if let Some(e) = self.objs.remove(&addr) {
                self.by_base.remove(&e.base);
                if let Some(f) = e.parent_frame {
                    if let Some(n) = self.parent_refs.get_mut(&f) {
                        *n = n.saturating_sub(1);
                    }
                }
                self.out.record(&Record::ObjFree { id: e.id });
            }
            if let Some(cell) = self.cell_bases.remove(&freed) {
                self.cell_owner.remove(&cell);
                for ex in &mut self.exited_cells {
                    ex.cells.retain(|c| c.1 != cell);
                }
            }
        }
    }

    /// Cells of exited frames that closures still use: `nonlocal` writes change what the
    /// kept frame shows.
    unsafe fn read_exited_cells(&mut self) {
        for i in 0..self.exited_cells.len() {
            let frame = self.exited_cells[i].frame;
            for j in 0..self.exited_cells[i].cells.len() {
                let (name, cell, last) = self.exited_cells[i].cells[j];
                // SAFETY: the cell is alive (its death removes it from this list).
                let v = unsafe { (*(cell as *mut ffi::PyCellObject)).ob_ref };
                // SAFETY: v is the cell's live content.
                let now = if v.is_null() { None } else { Some(unsafe { self.visit(v) }) };
                if now != last {
                    match now {
                        Some(value) => self.out.record(&Record::SetVar { frame, name, value }),
                        None => self.out.record(&Record::DelVar { frame, name }),
                    }
                    self.exited_cells[i].cells[j].2 = now;
                }
            }
        }
    }

    fn emit_output(&mut self) {
        for (stream, text) in crate::capture::take_output() {
            self.out.record(&Record::Output { stream, text });
        }
    }

    fn check_stdout(&mut self) {
        // A dict lookup with a kept, pre-hashed key: no allocation per step.
        // SAFETY: sys_dict and stdout_key are kept alive by the tracer; the lookup
        // returns a borrowed reference or NULL.
        let current = unsafe {
            if self.stdout_key.is_null() {
                self.sys_dict = ffi::PyImport_GetModuleDict();
                let sys = ffi::PyDict_GetItemString(self.sys_dict, c"sys".as_ptr());
                self.sys_dict = if sys.is_null() { std::ptr::null_mut() } else { ffi::PyModule_GetDict(sys) };
                self.stdout_key = ffi::PyUnicode_InternFromString(c"stdout".as_ptr());
            }
            if self.sys_dict.is_null() {
                return;
            }
            let v = ffi::PyDict_GetItemWithError(self.sys_dict, self.stdout_key);
            if v.is_null() {
                ffi::PyErr_Clear();
            }
            v
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
    pub(crate) fn finish_now(&mut self, event: Event, outcome: Outcome, message: Option<String>) -> ! {
        self.final_step(event, message);
        crate::worker::exit_with(self, outcome)
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
        self.emit_output();
        if let Some(m) = message {
            self.out.record(&Record::Exception { message: m });
        }
    }

    /// The final step of an uncaught exception: the stack unwound to the global frame.
    pub(crate) fn uncaught(&mut self, line: u32, message: String) {
        self.step += 1;
        self.out.record(&Record::Step { event: Event::UncaughtException, line, frame: FrameId::GLOBAL });
        // Every frame but the global one has unwound.
        self.apply_pending_pop();
        let others: Vec<usize> = self.stack.iter().copied().filter(|a| self.frames.get(a).is_some_and(|r| r.id != FrameId::GLOBAL)).collect();
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

    /// Final flush of output written after the last step (at exit).
    pub(crate) fn flush_tail(&mut self) {
        if let Some((paddr, pid, suspended)) = self.pending_pop.take() {
            // The last return is shown as it happened; the pop has no step to live in.
            let _ = (paddr, pid, suspended);
        }
        self.emit_output();
    }

}

/// A record that turns `old` into `new`: a splice when only one run of a sequence's items
/// changed (an append, a pop, one assignment), otherwise the whole new content.
fn diff(id: ObjId, old: &ObjectData, new: &ObjectData) -> Record {
    if let (ObjectData::Seq(ka, a), ObjectData::Seq(kb, b)) = (old, new) {
        if ka == kb {
            let prefix = a.items.iter().zip(&b.items).take_while(|(x, y)| x == y).count();
            let max_suffix = a.items.len().min(b.items.len()) - prefix;
            let suffix = a.items.iter().rev().zip(b.items.iter().rev()).take(max_suffix).take_while(|(x, y)| x == y).count();
            let remove = a.items.len() - prefix - suffix;
            let insert = b.items[prefix..b.items.len() - suffix].to_vec();
            if insert.len() + remove < b.items.len() || b.items.len() < 4 {
                return Record::ObjSplice {
                    id,
                    len: b.len,
                    gap_at: b.gap_at,
                    at: prefix as u32,
                    remove: remove as u32,
                    insert,
                };
            }
        }
    }
    Record::ObjSet { id, data: new.clone() }
}

/// Reads an int: as i64 when it fits, else its magnitude (up to 64 KiB of it).
///
/// # Safety
/// `o` must be a live int.
unsafe fn read_int(o: *mut ffi::PyObject) -> ObjectData {
    // SAFETY: PyLong_AsLongLongAndOverflow and the byte export read the digits only.
    unsafe {
        let mut overflow = 0;
        let v = ffi::PyLong_AsLongLongAndOverflow(o, &mut overflow);
        if overflow == 0 {
            return ObjectData::Int(IntValue::Small(v));
        }
        ffi::PyErr_Clear();
        let negative = overflow < 0;
        let bits = compat::_PyLong_NumBits(o) as u64;
        const MAX_BYTES: u64 = 64 * 1024;
        let nbytes = bits.div_ceil(8);
        let magnitude = if nbytes <= MAX_BYTES {
            let abs = if negative { ffi::PyNumber_Absolute(o) } else { o };
            if abs.is_null() {
                ffi::PyErr_Clear();
                vec![]
            } else {
                let m = compat::int_magnitude(abs, nbytes as usize).unwrap_or_default();
                if negative {
                    ffi::Py_DECREF(abs);
                }
                m
            }
        } else {
            vec![]
        };
        ObjectData::Int(IntValue::Big { negative, bits, magnitude })
    }
}
