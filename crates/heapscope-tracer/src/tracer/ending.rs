//! How a run ends: a final step (a limit, waiting for input, a crash), the unwinding of an
//! uncaught exception, the finalizers Python runs at exit, a program that does not
//! compile; then the end of the trace and the exit of the worker process.

use std::ffi::c_int;

use heapscope_trace::wire::{FrameTag, WorkerEnd};
use heapscope_trace::{Event, FrameId, FrameKind, ObjectData, Outcome, Record, SourceFile};
use pyo3::ffi;

use super::Tracer;
use crate::run_state::ActiveRun;

impl Tracer {
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
    pub(super) fn flush_tail(&mut self) {
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
