//! Traces written by hand for tests and benches, as the tracer would record them.
//!
//! Every hand-made trace starts the same way (a first step on line 1 of the module, whose
//! frame is pushed in that step) and then binds objects, calls and returns. Written with
//! raw [`Record`]s that prelude alone is twenty lines, and it was copied into each crate's
//! tests; [`TraceScript`] says it once, so a test reads as the program it stands for:
//!
//! ```
//! use heapscope_trace::testing::{int, TraceScript};
//! let mut t = TraceScript::new("x = 3\ndef f():\n    pass\nf()\n");
//! t.step(2).set("x", int(3));
//! t.step(4);
//! let f = t.call("f", 2);
//! t.step(3).ret_none();
//! let trace = t.finish();
//! assert_eq!(trace.len(), 6);
//! # let _ = f;
//! ```
//!
//! Built only with the `testing` feature (crates enable it for their dev-dependency) and
//! for this crate's own unit tests: nothing here is part of the trace format.

use crate::{
    DictData, Event, FrameId, FrameKind, FreeCause, ObjId, ObjInfo, ObjectData, Record, Refs,
    SeqKind, Sequence, Stream, Sym, Trace, TraceBuilder, TraceMeta,
};

/// A trace under construction, one step at a time (see the module's example).
///
/// Methods panic on a record the builder refuses: a test's script is the test's own input,
/// and a refused record is a bug in the test.
pub struct TraceScript {
    b: TraceBuilder,
    /// The frame new steps and bindings go to: the last one called into or returned to.
    frame: FrameId,
    /// The stack of frames `call` pushed, innermost last (the module's frame first).
    stack: Vec<FrameId>,
    /// The next object id `set`/`new_obj` hands out, and the next frame id `call` does.
    next_obj: u32,
    next_frame: u32,
}

impl TraceScript {
    /// A trace of `src` (as `prog.py`) whose first step is line 1 of the module.
    pub fn new(src: &str) -> TraceScript {
        TraceScript::at(src, "prog.py", 1)
    }

    /// A trace of `src` saved as `path`, whose first step (which pushes the module's frame)
    /// is at `line`.
    pub fn at(src: &str, path: &str, line: u32) -> TraceScript {
        let mut b = TraceBuilder::new(TraceMeta::for_program(src, path));
        let module = b.sym("<module>");
        let mut t = TraceScript {
            b,
            frame: FrameId::GLOBAL,
            stack: vec![FrameId::GLOBAL],
            next_obj: 1,
            next_frame: 1,
        };
        t.event(Event::Line, line, FrameId::GLOBAL.0);
        t.record(Record::FramePush {
            frame: FrameId::GLOBAL,
            func: module,
            file: 0,
            kind: FrameKind::Module,
            parent: None,
            line,
        });
        t
    }

    /// Adds any record.
    pub fn record(&mut self, rec: Record) -> &mut Self {
        if let Record::ObjNew { id, .. } = &rec {
            self.next_obj = self.next_obj.max(id.0 + 1);
        }
        if let Record::FramePush { frame, .. } = &rec {
            self.next_frame = self.next_frame.max(frame.0 + 1);
        }
        if let Err(e) = self.b.push(rec) {
            panic!("the builder refused a record: {e}");
        }
        self
    }

    /// A new step: line `line` about to run in the current frame.
    pub fn step(&mut self, line: u32) -> &mut Self {
        self.event(Event::Line, line, self.frame.0)
    }

    /// A new step with its event, line and frame given (the frame becomes the current one).
    pub fn event(&mut self, event: Event, line: u32, frame: u32) -> &mut Self {
        self.frame = FrameId(frame);
        self.record(Record::Step {
            event,
            line,
            frame: FrameId(frame),
        })
    }

    /// A line step in `frame` (shorthand for [`TraceScript::event`]).
    pub fn line(&mut self, line: u32, frame: u32) -> &mut Self {
        self.event(Event::Line, line, frame)
    }

    /// A call of `func` whose body starts at `line`: a call step in a new frame (the next
    /// free id), pushed on the stack; it becomes the current frame. Gives the frame.
    pub fn call(&mut self, func: &str, line: u32) -> FrameId {
        let frame = self.next_frame;
        self.event(Event::Call, line, frame);
        self.push(frame, func, line);
        self.stack.push(FrameId(frame));
        FrameId(frame)
    }

    /// The current frame returns `value` (a return step at `line`); the next step is in
    /// the caller, whose frame becomes current after [`TraceScript::pop`].
    pub fn ret(&mut self, frame: u32, value: u32) -> &mut Self {
        self.record(Record::SetReturn {
            frame: FrameId(frame),
            value: ObjId(value),
        })
    }

    /// A return step at the current line of the innermost called frame, returning `None`
    /// (a new object), and its pop: the caller's frame is current again.
    pub fn ret_none(&mut self) -> &mut Self {
        let frame = *self.stack.last().expect("a frame to return from");
        let line = self.b.state().line;
        self.event(Event::Return, line, frame.0);
        let none = self.new_obj(ObjectData::None);
        self.ret(frame.0, none.0);
        self.stack.pop();
        self.frame = *self.stack.last().unwrap_or(&FrameId::GLOBAL);
        self.pop(frame.0)
    }

    /// Pushes a function frame `frame` running `func` at `line` (no step of its own).
    pub fn push(&mut self, frame: u32, func: &str, line: u32) -> &mut Self {
        let func = self.b.sym(func);
        self.record(Record::FramePush {
            frame: FrameId(frame),
            func,
            file: 0,
            kind: FrameKind::Function,
            parent: None,
            line,
        })
    }

    /// The top frame `frame` returned and left the stack.
    pub fn pop(&mut self, frame: u32) -> &mut Self {
        self.record(Record::FramePop {
            frame: FrameId(frame),
            suspended: false,
        })
    }

    /// A new object with id `id`.
    pub fn obj(&mut self, id: u32, data: ObjectData) -> &mut Self {
        self.record(Record::ObjNew {
            id: ObjId(id),
            data,
        })
    }

    /// A new object with the next free id; gives the id.
    pub fn new_obj(&mut self, data: ObjectData) -> ObjId {
        let id = self.next_obj;
        self.obj(id, data);
        ObjId(id)
    }

    /// Object `id`'s content replaced.
    pub fn set_obj(&mut self, id: u32, data: ObjectData) -> &mut Self {
        self.record(Record::ObjSet {
            id: ObjId(id),
            data,
        })
    }

    /// Object `id` freed when its last reference went.
    pub fn free(&mut self, id: u32) -> &mut Self {
        self.record(Record::ObjFree {
            id: ObjId(id),
            cause: FreeCause::LastReference,
        })
    }

    /// Object `id` freed by the cycle collector (it was only in a cycle).
    pub fn collect(&mut self, id: u32) -> &mut Self {
        self.record(Record::ObjFree {
            id: ObjId(id),
            cause: FreeCause::Collector,
        })
    }

    /// Object `id`'s reference count (`None`: an immortal, which has none that counts) and
    /// its size in bytes, as the tracer reads them when asked for counts and sizes.
    pub fn info(&mut self, id: u32, refs: Option<u64>, size: u64) -> &mut Self {
        self.record(Record::ObjInfo {
            id: ObjId(id),
            info: ObjInfo {
                refs: refs.map_or(Refs::Immortal, Refs::Count),
                size,
                hidden: 0,
            },
        })
    }

    /// Binds `name` in `frame` to object `id`.
    pub fn var(&mut self, frame: u32, name: &str, id: u32) -> &mut Self {
        let name = self.b.sym(name);
        self.record(Record::SetVar {
            frame: FrameId(frame),
            name,
            value: ObjId(id),
        })
    }

    /// Binds `name` in the current frame to a new object holding `data`.
    pub fn set(&mut self, name: &str, data: ObjectData) -> &mut Self {
        let id = self.new_obj(data);
        self.var(self.frame.0, name, id.0)
    }

    /// The program wrote `text` to standard output at this step.
    pub fn print(&mut self, text: &str) -> &mut Self {
        self.record(Record::Output {
            stream: Stream::Stdout,
            text: text.to_owned(),
        })
    }

    /// Interns a name.
    pub fn sym(&mut self, text: &str) -> Sym {
        self.b.sym(text)
    }

    /// The builder, for what the script has no word for (its metadata, say).
    pub fn builder(&mut self) -> &mut TraceBuilder {
        &mut self.b
    }

    /// The trace.
    pub fn finish(self) -> Trace {
        match self.b.finish() {
            Ok(t) => t,
            Err(e) => panic!("the builder refused to finish: {e}"),
        }
    }
}

/// An int.
pub fn int(v: i64) -> ObjectData {
    ObjectData::int(v)
}

/// A str.
pub fn str(s: &str) -> ObjectData {
    ObjectData::str(s)
}

/// A list of the objects `ids`.
pub fn list(ids: &[u32]) -> ObjectData {
    ObjectData::list(ids.iter().map(|&i| ObjId(i)).collect())
}

/// A list of the objects `ids` as the tracer records a long one: all of them when there
/// are at most `2 * each`, else the first and the last `each`, with the gap between.
pub fn list_keeping_ends(ids: &[ObjId], each: usize) -> ObjectData {
    let seq = if ids.len() > 2 * each {
        let mut kept = ids[..each].to_vec();
        kept.extend_from_slice(&ids[ids.len() - each..]);
        Sequence {
            len: ids.len() as u64,
            items: kept,
            gap_at: each as u32,
        }
    } else {
        Sequence::full(ids.to_vec())
    };
    ObjectData::Seq(SeqKind::List, seq)
}

/// A tuple of the objects `ids`.
pub fn tuple(ids: &[u32]) -> ObjectData {
    ObjectData::Seq(
        SeqKind::Tuple,
        Sequence::full(ids.iter().map(|&i| ObjId(i)).collect()),
    )
}

/// A dict of the (key, value) object pairs.
pub fn dict(pairs: &[(u32, u32)]) -> ObjectData {
    ObjectData::Dict(DictData::full(
        pairs.iter().map(|&(k, v)| (ObjId(k), ObjId(v))).collect(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_script_reads_as_the_program_it_stands_for() {
        let mut t = TraceScript::new("x = 3\ndef f():\n    pass\nf()\n");
        t.step(2).set("x", int(3));
        t.step(4);
        let f = t.call("f", 2);
        t.step(3).ret_none();
        t.step(4).print("done\n");
        let trace = t.finish();
        assert_eq!(trace.len(), 7);
        let x = trace.symbols().lookup("x").unwrap();
        let at_call = trace.state_at(4).unwrap();
        assert_eq!(at_call.frame, f);
        assert_eq!(
            at_call.frame(FrameId::GLOBAL).unwrap().var(x),
            Some(ObjId(1))
        );
        assert!(at_call.frame(f).is_some());
        let after = trace.state_at(7).unwrap();
        assert_eq!(after.frame, FrameId::GLOBAL);
        assert_eq!(after.stack_frames().count(), 1, "f's frame left the stack");
        assert_eq!(trace.output_until(7, None), "done\n");
    }
}
