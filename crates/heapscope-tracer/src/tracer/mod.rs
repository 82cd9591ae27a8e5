//! The tracer: called by CPython at every event of the user's code, it works out what
//! changed since the last step and emits only that, as records.
//!
//! Cost per step follows what changed, not the heap: the current frame and the global
//! frame are re-read; other frames only through their closure cells and the mutable
//! objects they reach; objects whose whole reachable content is immutable are read once.

use std::rc::Rc;
use std::time::Instant;

use heapscope_trace::wire::WorkerConfig;
use heapscope_trace::{FrameId, Record, Sym};
use pyo3::ffi;
use rustc_hash::FxHashMap;

mod code;
mod code_info;
mod emitting;
mod ending;
mod events;
mod frames;
mod ids;
mod library;
mod members;
mod objects;
mod opaque;
mod pandas;
mod stack;
mod walk;

use code_info::CodeInfo;
pub(crate) use emitting::is_dunder;

use crate::emit::Emitter;
use crate::run_state;
use crate::{alloc_hook, interp, pyread};
use stack::{ExitedCells, KEEP_EXITED_FRAMES};

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
}
