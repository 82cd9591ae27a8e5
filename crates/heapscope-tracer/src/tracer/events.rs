//! CPython's trace events: a call pushes a frame (or resumes a generator's), a line is a
//! step, a return records the value and the frame's cells, an exception is a step with
//! its message. Each step emits its header, then everything that changed.

use std::ffi::c_int;
use std::rc::Rc;

use heapscope_trace::{Event, FrameId, Outcome, Record};
use pyo3::ffi;

use super::code_info::{CodeInfo, SlotKind};
use super::stack::FrameRec;
use super::Tracer;
use crate::{alloc_hook, compat, interp, pyread, run_state};

impl Tracer {
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
    pub(super) unsafe fn on_call(&mut self, frame: *mut ffi::PyFrameObject, info: Rc<CodeInfo>) {
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
    pub(super) fn lexical_parent(
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
    pub(super) fn defining_frame(&self, qualname: &str, closure: &[usize]) -> Option<FrameId> {
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
    pub(super) unsafe fn on_return(
        &mut self,
        frame: *mut ffi::PyFrameObject,
        value: *mut ffi::PyObject,
    ) {
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
    pub(super) unsafe fn snapshot(
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
        // SAFETY: every frame on our stack is live (it has not returned); the GIL is held
        // (the "as above" of the blocks below).
        if let Some(caller) = self.frames.calling.take() {
            // The caller may have bound names after its last line event (a
            // comprehension's loop variable, then the call in its body).
            if self.frames.active.first() != Some(&caller) {
                // SAFETY: as above.
                unsafe { self.read_frame(caller as *mut ffi::PyFrameObject, true) };
            }
            self.leave(caller);
        }
        // SAFETY: as above.
        unsafe { self.read_frame(frame, true) };
        if let Some(&g) = self.frames.active.first() {
            if g != addr {
                // SAFETY: as above.
                unsafe { self.read_frame(g as *mut ffi::PyFrameObject, true) };
            }
        }
        for i in 0..self.frames.watched.len() {
            let w = self.frames.watched[i];
            if w != addr && Some(&w) != self.frames.active.first() {
                // SAFETY: as above.
                unsafe { self.read_frame(w as *mut ffi::PyFrameObject, false) };
            }
        }
        if !self.frames.roots.is_empty() {
            let mut roots = std::mem::take(&mut self.frames.scratch_roots);
            roots.clear();
            roots.extend(self.frames.roots.keys().copied());
            for &p in &roots {
                // SAFETY: a frame on the stack holds each root in a variable.
                unsafe { self.visit(p as *mut ffi::PyObject) };
            }
            self.frames.scratch_roots = roots;
        }
        if !self.frames.exited_cells.is_empty() {
            // SAFETY: as above; the cells listed are alive.
            unsafe { self.read_exited_cells() };
        }
        self.recount_lost();
        self.emit_output();
        self.check_stdout();
        if let Some(stop) = run_state::take_stop() {
            self.finish_now(stop.event, stop.outcome, stop.message);
        }
        self.commit_step();
    }
}
