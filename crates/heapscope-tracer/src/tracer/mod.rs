//! The tracer: called by CPython at every event of the user's code, it works out what
//! changed since the last step and emits only that, as records.
//!
//! Cost per step follows what changed, not the heap: the current frame and the global
//! frame are re-read; other frames only through their closure cells and the mutable
//! objects they reach; objects whose whole reachable content is immutable are read once.

use std::ffi::c_int;
use std::rc::Rc;
use std::time::Instant;

use heapscope_trace::wire::{FrameTag, WorkerConfig, WorkerEnd};
use heapscope_trace::{Event, FrameId, FrameKind, ObjectData, Outcome, Record, SourceFile, Sym};
use pyo3::ffi;
use rustc_hash::FxHashMap;

mod code;
mod emitting;
mod frames;
mod ids;
mod library;
mod members;
mod objects;
mod pandas;
mod stack;

pub(crate) use emitting::is_dunder;

use crate::emit::Emitter;
use crate::run_state::{self, ActiveRun};
use crate::{alloc_hook, compat, interp, pyread};
use stack::{ExitedCells, FrameRec, KEEP_EXITED_FRAMES};

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

/// The tracer's state, by concern: configuration and limits, what it emits, the ids of the
/// objects it knows, the frames it follows, and what Python objects mean to it.
pub(crate) struct Tracer {
    /// The run's request: its limits and the program's paths.
    cfg: WorkerConfig,
    /// When the run started (for the time limit).
    started: Instant,
    /// Whether the frame layout was checked (at the first event).
    layout_checked: bool,
    /// The trace as it goes out: records, symbols, the current step.
    emit: emitting::Emitting,
    /// The objects we gave ids to, and their deaths.
    ids: ids::Ids,
    /// The state of one walk over the objects.
    walk: ids::Walk,
    /// The frames we follow: the stack, the watched frames, exited frames' cells.
    frames: stack::Frames,
    /// What Python objects mean to the tracer, computed once: code, names, modules.
    names: Names,
    main_globals: *mut ffi::PyObject,
    capture_stdout: *mut ffi::PyObject,
    /// What `sys.stdout` is at each step (a program that replaces it prints unrecorded).
    sys_stdout: interp::SysStdout,
    stdout_replaced: bool,
    /// Notes for the end of the trace.
    pub(crate) notes: Vec<String>,
    /// The interned name `__sizeof__`, for the size lookup.
    sizeof_name: *mut ffi::PyObject,
    /// numpy's API and allocator handler, once the program imported numpy.
    libs: library::Libraries,
}

/// What Python objects mean to the tracer, computed once and kept by their address
/// (the tracer keeps each of these objects alive, so an address stays its object's).
#[derive(Default)]
struct Names {
    /// Module and class variable names: key str → symbol, None when hidden.
    global_names: FxHashMap<usize, Option<Sym>>,
    /// str object → symbol, for names (we hold a reference to each key string).
    name_syms: FxHashMap<usize, Sym>,
    /// Code object → what we need of it, None when it is not the program's.
    codes: FxHashMap<usize, Option<Rc<CodeInfo>>>,
    /// Module name → whether its file is one of the program's (classes and functions of
    /// other modules are drawn as one box, without their insides).
    user_modules: FxHashMap<String, bool>,
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
            started: Instant::now(),
            layout_checked: false,
            emit: emitting::Emitting::new(out, files),
            ids: ids::Ids::default(),
            walk: ids::Walk::default(),
            frames: stack::Frames::default(),
            names: Names::default(),
            main_globals,
            capture_stdout,
            sys_stdout: interp::SysStdout::new(),
            stdout_replaced: false,
            notes: Vec::new(),
            sizeof_name: std::ptr::null_mut(),
            libs: library::Libraries::default(),
        }
    }

    /// Interns a text, emitting its definition the first time.
    pub(crate) fn sym(&mut self, text: &str) -> Sym {
        self.emit.sym(text)
    }

    /// The symbol for a str object used as a name; we keep the str alive so its address
    /// cannot be reused by another string.
    ///
    /// # Safety
    /// `s` must be a live str, GIL held.
    unsafe fn name_sym(&mut self, s: *mut ffi::PyObject) -> Sym {
        if let Some(&sym) = self.names.name_syms.get(&(s as usize)) {
            return sym;
        }
        // SAFETY: s is a live str (caller checked); we take a reference to keep it alive.
        unsafe { pyread::keep_alive(s) };
        // SAFETY: as above.
        let text = unsafe { pyread::str_full(s) };
        let sym = self.sym(&text);
        self.names.name_syms.insert(s as usize, sym);
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
        if let Some(rec) = self.frames.recs.get_mut(&addr) {
            // A generator resuming.
            if rec.suspended {
                rec.suspended = false;
                let id = rec.id;
                self.frames.calling = self.frames.active.last().copied();
                self.frames.active.push(addr);
                self.emit.pre.push(Record::FrameResume { frame: id });
            }
        } else {
            let id = if info.is_main && !self.frames.recs.values().any(|f| f.id == FrameId::GLOBAL)
            {
                FrameId::GLOBAL
            } else {
                let id = FrameId(self.frames.next_frame);
                self.frames.next_frame += 1;
                id
            };
            // SAFETY: frame is live.
            let generator = unsafe { compat::frame_generator(frame) };
            if generator != 0 {
                self.frames.generators.insert(generator, id);
            }
            // SAFETY: frame is live.
            let line = match unsafe { pyread::frame_line(frame) } {
                n if n > 0 => n as u32,
                _ => info.first_line.max(1),
            };
            let parent = self.lexical_parent(frame, &info);
            self.emit.pre.push(Record::FramePush {
                frame: id,
                func: info.qualname,
                file: info.file,
                kind: info.kind,
                parent,
                line,
            });
            self.frames.recs.insert(
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
            self.frames.calling = self.frames.active.last().copied();
            self.frames.active.push(addr);
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
        if let Some(e) = self.ids.objs.get(&(func as usize)) {
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
            for addr in self.frames.active.iter().rev() {
                if let Some(rec) = self.frames.recs.get(addr) {
                    if self.sym_text(rec.code.qualname) == outer {
                        return Some(rec.id);
                    }
                }
            }
        }
        closure
            .iter()
            .filter_map(|c| self.frames.cell_owner.get(c))
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
        let Some(rec) = self.frames.recs.get(&addr) else {
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
            self.emit.out.record(&Record::SetReturn {
                frame: id,
                value: v,
            });
        }
        // Its cells, while the frame is alive: closures may change them after it exits.
        self.frames.returning_cells.clear();
        if let Some(rec) = self.frames.recs.get(&addr) {
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
                    if self.frames.cell_owner.contains_key(&(c as usize)) {
                        // SAFETY: c is a live cell.
                        let v = unsafe { pyread::cell_contents(c) };
                        let last = v.and_then(|v| self.ids.objs.get(&(v as usize)).map(|e| e.id));
                        self.frames.returning_cells.push((*name, c as usize, last));
                    }
                }
            }
        }
        // SAFETY: the generator is alive while its frame runs, and the frame is live.
        let suspended = generator != 0
            && unsafe { compat::generator_suspended(frame, generator as *mut ffi::PyObject) };
        if !is_main {
            self.frames.pending_pop = Some((addr, id, suspended));
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
        let Some(fid) = self.frames.recs.get(&addr).map(|r| r.id) else {
            return;
        };
        // SAFETY: frame is live.
        let line = match unsafe { pyread::frame_line(frame) } {
            n if n > 0 => n as u32,
            _ => self
                .frames
                .recs
                .get(&addr)
                .map_or(1, |r| r.code.first_line.max(1)),
        };
        self.emit.step += 1;
        if self.emit.step > self.cfg.max_steps {
            self.emit.step -= 1;
            let steps = self.cfg.max_steps;
            self.finish_now(Event::LimitReached, Outcome::StepLimit { steps }, None);
        }
        if self.emit.step.is_multiple_of(1024)
            && self.started.elapsed().as_secs_f64() > self.cfg.max_seconds
        {
            let seconds = self.cfg.max_seconds;
            self.finish_now(Event::LimitReached, Outcome::TimeLimit { seconds }, None);
        }
        self.walk.stamp = self.walk.stamp.wrapping_add(1);
        self.emit.out.record(&Record::Step {
            event,
            line,
            frame: fid,
        });
        self.emit.last_line = line;
        self.emit.last_frame = fid;
        if let Some(rec) = self.frames.recs.get_mut(&addr) {
            rec.line = line;
        }
        self.apply_pending_pop();
        self.drain_pre();
        self.emit_frees();
        self.emit_memory();
        if let Some(m) = exception {
            self.emit.out.record(&Record::Exception { message: m });
        }
        // SAFETY: every frame on our stack is live (it has not returned).
        unsafe {
            if let Some(caller) = self.frames.calling.take() {
                // The caller may have bound names after its last line event (a
                // comprehension's loop variable, then the call in its body).
                if self.frames.active.first() != Some(&caller) {
                    self.read_frame(caller as *mut ffi::PyFrameObject, true);
                }
                self.leave(caller);
            }
            self.read_frame(frame, true);
            if let Some(&g) = self.frames.active.first() {
                if g != addr {
                    self.read_frame(g as *mut ffi::PyFrameObject, true);
                }
            }
            for i in 0..self.frames.watched.len() {
                let w = self.frames.watched[i];
                if w != addr && Some(&w) != self.frames.active.first() {
                    self.read_frame(w as *mut ffi::PyFrameObject, false);
                }
            }
            if !self.frames.roots.is_empty() {
                let mut roots = std::mem::take(&mut self.frames.scratch_roots);
                roots.clear();
                roots.extend(self.frames.roots.keys().copied());
                for &p in &roots {
                    // SAFETY: a frame on the stack holds each root in a variable.
                    self.visit(p as *mut ffi::PyObject);
                }
                self.frames.scratch_roots = roots;
            }
            if !self.frames.exited_cells.is_empty() {
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
        let stamp = self.walk.stamp;
        let mut lost = std::mem::take(&mut self.ids.lost);
        for &p in &lost {
            if self.ids.objs.get(&p).is_some_and(|e| e.stamp != stamp) {
                // SAFETY: an object with an entry after this step's frees is alive.
                unsafe { self.note_info(p, None) };
            }
        }
        lost.clear();
        self.ids.lost = lost;
    }

    /// Does the bookkeeping of the frame that returned at the last step now (its records
    /// go out with the next step). Done before a call too: the returned frame's address
    /// may already belong to the new frame.
    fn apply_pending_pop(&mut self) {
        if let Some((addr, id, suspended)) = self.frames.pending_pop.take() {
            self.pop_frame(addr, id, suspended);
        }
    }

    /// Emits the records queued for the current step (right after its header).
    fn drain_pre(&mut self) {
        for rec in std::mem::take(&mut self.emit.pre) {
            self.emit.out.record(&rec);
        }
    }

    /// The frame `top` has called: from now on it is only watched (if needed).
    fn leave(&mut self, top: usize) {
        if self.frames.active.first() == Some(&top) {
            return; // the global frame is re-read at every step anyway
        }
        let Some(rec) = self.frames.recs.get(&top) else {
            return;
        };
        if rec.code.has_cells {
            // Inner functions may rebind its cells: re-read them at each step.
            self.frames.watched.push(top);
        } else if rec.mutable_reach {
            let ptrs: Vec<usize> = rec
                .vars
                .iter()
                .map(|v| v.2)
                .filter(|p| self.ids.objs.get(p).is_none_or(|e| !e.deep_immutable))
                .collect();
            for &p in &ptrs {
                *self.frames.roots.entry(p).or_default() += 1;
            }
            if let Some(rec) = self.frames.recs.get_mut(&top) {
                rec.rooted = ptrs;
            }
        }
    }

    /// A frame runs again (or is gone): its objects are walked through it directly.
    fn unroot(&mut self, addr: usize) {
        let Some(rec) = self.frames.recs.get_mut(&addr) else {
            return;
        };
        for p in std::mem::take(&mut rec.rooted) {
            if let Some(n) = self.frames.roots.get_mut(&p) {
                *n -= 1;
                if *n == 0 {
                    self.frames.roots.remove(&p);
                }
            }
        }
    }

    fn pop_frame(&mut self, addr: usize, id: FrameId, suspended: bool) {
        self.emit.pre.push(Record::FramePop {
            frame: id,
            suspended,
        });
        if self.frames.active.last() == Some(&addr) {
            self.frames.active.pop();
        } else {
            self.frames.active.retain(|&a| a != addr);
        }
        self.unroot(addr);
        // The frame below runs again: it is read in full, no longer watched.
        if let Some(&top) = self.frames.active.last() {
            if self.frames.watched.last() == Some(&top) {
                self.frames.watched.pop();
            }
            self.unroot(top);
        }
        if self.frames.watched.last() == Some(&addr) {
            self.frames.watched.pop();
        } else if self.frames.watched.contains(&addr) {
            self.frames.watched.retain(|&a| a != addr);
        }
        if let Some(rec) = self.frames.recs.get_mut(&addr) {
            if suspended {
                rec.suspended = true;
                self.frames.returning_cells.clear();
                return;
            }
        }
        if let Some(rec) = self.frames.recs.remove(&addr) {
            if rec.generator != 0 {
                self.frames.generators.remove(&rec.generator);
            }
            // Its variables are gone: what they held has one reference less.
            self.ids.lost.extend(rec.vars.iter().map(|v| v.2));
        }
        if !self.frames.returning_cells.is_empty() {
            let cells = std::mem::take(&mut self.frames.returning_cells);
            self.frames
                .exited_cells
                .push(ExitedCells { frame: id, cells });
        }
        self.frames.exited.push_back(id);
        while self.frames.exited.len() > KEEP_EXITED_FRAMES {
            let Some(old) = self.frames.exited.pop_front() else {
                break;
            };
            if self.ids.parent_refs.get(&old).copied().unwrap_or(0) == 0 {
                self.emit.pre.push(Record::FrameForget { frame: old });
                self.frames.exited_cells.retain(|e| e.frame != old);
            } else {
                // Still a closure's parent: keep it, and look again later.
                self.frames.exited.push_back(old);
                if self
                    .frames
                    .exited
                    .iter()
                    .all(|f| self.ids.parent_refs.get(f).copied().unwrap_or(0) > 0)
                {
                    break;
                }
            }
        }
    }

    fn sym_text(&self, s: Sym) -> &str {
        self.emit.sym_text(s)
    }

    fn emit_frees(&mut self) {
        // A freed address is an object's own (its deallocator ran) or its block's start
        // (the allocator got the memory back); either way that object is dead.
        let mut freed_now = std::mem::take(&mut self.ids.scratch_freed);
        alloc_hook::take_freed(&mut freed_now);
        for &(freed, collected) in &freed_now {
            let addr = if self.ids.objs.contains_key(&freed) {
                freed
            } else {
                self.ids.by_base.get(&freed).copied().unwrap_or(0)
            };
            let cause = if collected {
                heapscope_trace::FreeCause::Collector
            } else {
                heapscope_trace::FreeCause::LastReference
            };
            self.forget_object(addr, cause);
            if let Some(cell) = self.frames.cell_bases.remove(&freed) {
                self.frames.cell_owner.remove(&cell);
                for ex in &mut self.frames.exited_cells {
                    ex.cells.retain(|c| c.1 != cell);
                }
            }
        }
        self.ids.scratch_freed = freed_now;
    }

    /// Drops the entry of an object that died and says so.
    fn forget_object(&mut self, addr: usize, cause: heapscope_trace::FreeCause) {
        if let Some(e) = self.ids.objs.remove(&addr) {
            self.ids.by_base.remove(&e.base);
            self.ids.addrs.remove(&e.id);
            if let Some(f) = e.parent_frame {
                if let Some(n) = self.ids.parent_refs.get_mut(&f) {
                    *n = n.saturating_sub(1);
                }
            }
            self.emit.out.record(&Record::ObjFree { id: e.id, cause });
        }
    }

    /// The heap as the allocators see it, when it changed since the last step.
    fn emit_memory(&mut self) {
        let m = alloc_hook::memory();
        if m != self.emit.last_memory {
            self.emit.out.record(&Record::Memory(m));
            self.emit.last_memory = m;
        }
    }

    fn emit_output(&mut self) {
        for (stream, text) in run_state::take_output() {
            self.emit.out.record(&Record::Output { stream, text });
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
                format!("sys.stdout was replaced before line {}: what the program prints to it is not recorded", self.emit.last_line)
            } else {
                "sys.stdout is back: output is recorded again".to_owned()
            };
            self.emit.out.record(&Record::Note { text });
        }
    }

    fn commit_step(&mut self) {
        self.emit.out.commit();
    }

    /// A record to emit right after the next step's header.
    pub(crate) fn add_pre(&mut self, rec: Record) {
        self.emit.pre.push(rec);
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
        self.emit.step += 1;
        let (line, frame) = (self.emit.last_line, self.emit.last_frame);
        self.emit.out.record(&Record::Step { event, line, frame });
        if let Some((paddr, pid, suspended)) = self.frames.pending_pop.take() {
            if pid != frame {
                self.pop_frame(paddr, pid, suspended);
            }
        }
        self.drain_pre();
        self.emit_frees();
        self.emit_memory();
        self.emit_output();
        if let Some(m) = message {
            self.emit.out.record(&Record::Exception { message: m });
        }
    }

    /// The final step of an uncaught exception: the stack unwound to the global frame.
    pub(crate) fn uncaught(&mut self, line: u32, message: String) {
        self.emit.step += 1;
        self.emit.out.record(&Record::Step {
            event: Event::UncaughtException,
            line,
            frame: FrameId::GLOBAL,
        });
        // Every frame but the global one has unwound.
        self.apply_pending_pop();
        let others: Vec<usize> = self
            .frames
            .active
            .iter()
            .copied()
            .filter(|a| {
                self.frames
                    .recs
                    .get(a)
                    .is_some_and(|r| r.id != FrameId::GLOBAL)
            })
            .collect();
        for a in others.into_iter().rev() {
            if let Some(id) = self.frames.recs.get(&a).map(|r| r.id) {
                self.pop_frame(a, id, false);
            }
        }
        self.drain_pre();
        self.emit_frees();
        self.emit_output();
        self.emit.out.record(&Record::Exception { message });
        self.emit.last_line = line;
        self.emit.last_frame = FrameId::GLOBAL;
    }

    /// True when a class of the program defines `__del__`: then ending the program runs
    /// code worth showing (read from what was recorded, without touching objects).
    pub(crate) fn has_finalizers(&self) -> bool {
        let Some(del) = self.emit.known_sym("__del__") else {
            return false;
        };
        self.ids.objs.values().any(|e| {
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
        let Some(&main) = self.frames.active.first() else {
            return;
        };
        let line = self
            .frames
            .recs
            .get(&main)
            .map_or(self.emit.last_line, |r| r.line);
        self.emit.step += 1;
        self.walk.stamp = self.walk.stamp.wrapping_add(1);
        self.emit.out.record(&Record::Step {
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
        self.emit.out.record(&Record::Note {
            text: "the program has ended: Python deleted its global variables and freed what only they kept".into(),
        });
        self.emit_output();
        self.emit.last_line = line;
        self.emit.last_frame = FrameId::GLOBAL;
        self.commit_step();
    }

    /// Ends a run whose program does not compile: one step at the error, then the end.
    pub(crate) fn syntax_error(&mut self, message: String, line: u32, column: u32) -> ! {
        let module = self.sym("<module>");
        self.emit.out.record(&Record::Step {
            event: Event::UncaughtException,
            line,
            frame: FrameId::GLOBAL,
        });
        self.emit.out.record(&Record::FramePush {
            frame: FrameId::GLOBAL,
            func: module,
            file: 0,
            kind: FrameKind::Module,
            parent: None,
            line,
        });
        self.emit.out.record(&Record::Exception {
            message: message.clone(),
        });
        self.exit(Outcome::SyntaxError {
            message,
            line,
            column,
        })
    }

    /// Sends the end of the trace and exits the process.
    pub(crate) fn exit(&mut self, outcome: Outcome) -> ! {
        self.flush_tail();
        let modules = self.emit.files[1..]
            .iter()
            .map(|p| SourceFile::new(p.clone(), std::fs::read_to_string(p).unwrap_or_default()))
            .collect();
        let end = WorkerEnd {
            outcome,
            modules,
            notes: std::mem::take(&mut self.notes),
        };
        self.emit.out.json(FrameTag::End, &end);
        // SAFETY: ends the process at once; everything the parent needs has been written.
        unsafe { libc::_exit(0) }
    }

    /// Final flush of output written after the last step (at exit).
    fn flush_tail(&mut self) {
        if let Some((paddr, pid, suspended)) = self.frames.pending_pop.take() {
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
                self.emit.step, self.emit.last_line
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
