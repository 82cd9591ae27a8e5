//! The memory state at one step, and how records change it.

use std::collections::BTreeMap;

use crate::cow_map::CowMap;
use crate::error::{corrupt, Result};
use crate::model::{
    Event, FrameId, FrameKind, FrameStatus, FreeCause, ObjId, ObjInfo, ObjectData, Sym,
};
use crate::record::{Memory, Record};

/// One frame: a call of a function (or the module's own code), with its variables.
#[derive(Clone, Debug, PartialEq)]
pub struct Frame {
    /// Its id.
    pub id: FrameId,
    /// The function's qualified name (`<module>` for the global frame).
    pub func: Sym,
    /// Index of its source file in the trace's sources.
    pub file: u32,
    /// What kind of code it runs.
    pub kind: FrameKind,
    /// The frame its function was defined in, for closures.
    pub parent: Option<FrameId>,
    /// Variables in the order they were first bound.
    pub vars: Vec<(Sym, ObjId)>,
    /// The return value, once the frame is returning.
    pub return_value: Option<ObjId>,
    /// The line it is at (for frames below the top: the line of the call in progress).
    pub line: u32,
    /// Active, suspended or exited.
    pub status: FrameStatus,
}

impl Frame {
    /// The value of a variable.
    pub fn var(&self, name: Sym) -> Option<ObjId> {
        self.vars.iter().find(|(n, _)| *n == name).map(|&(_, v)| v)
    }
}

/// What one step changed: the records of the step, summarised for highlighting.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StepChanges {
    /// Objects seen for the first time.
    pub created: Vec<ObjId>,
    /// Objects whose content changed (mutation).
    pub changed: Vec<ObjId>,
    /// Objects freed by CPython.
    pub freed: Vec<ObjId>,
    /// The freed objects the cycle collector took (the others lost their last reference).
    pub collected: Vec<ObjId>,
    /// Variables bound for the first time in their frame.
    pub bound: Vec<(FrameId, Sym)>,
    /// Variables that already had a value and were given another.
    pub rebound: Vec<(FrameId, Sym)>,
    /// Variables unbound.
    pub unbound: Vec<(FrameId, Sym)>,
    /// Frames pushed or resumed.
    pub pushed: Vec<FrameId>,
    /// Frames popped (returned or suspended).
    pub popped: Vec<FrameId>,
}

impl StepChanges {
    /// Empties every list, keeping their room: a step's changes are mostly a few ids, and
    /// reading a long trace would otherwise allocate them afresh at every step.
    fn clear(&mut self) {
        // Every field named, so a new one cannot be forgotten here.
        let StepChanges {
            created,
            changed,
            freed,
            collected,
            bound,
            rebound,
            unbound,
            pushed,
            popped,
        } = self;
        created.clear();
        changed.clear();
        freed.clear();
        collected.clear();
        bound.clear();
        rebound.clear();
        unbound.clear();
        pushed.clear();
        popped.clear();
    }
}

/// The memory state at one step: stack, frames (active, suspended and kept exited ones),
/// and the heap of objects known to be alive. Two states are equal when they hold the
/// same values, however they were read (from step 1 or from a shared keyframe).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct State {
    /// The step number (1-based; 0 is "before the first step").
    pub step: u64,
    /// What happened at this step.
    pub event: Option<Event>,
    /// The line of this step, in the current frame's file.
    pub line: u32,
    /// The frame this step happens in.
    pub frame: FrameId,
    /// The active frames, oldest (the global frame) first.
    pub stack: Vec<FrameId>,
    /// The exception message of this step, if it raised.
    pub exception: Option<String>,
    /// Remarks about this step.
    pub notes: Vec<String>,
    /// What this step changed.
    pub changes: StepChanges,
    /// The program's heap as the allocator sees it (kept from the last step that said).
    pub memory: Memory,
    frames: BTreeMap<FrameId, Frame>,
    /// Shared with the state's clones and with the keyframe it was read from: cloning a
    /// state copies what changed since, not the heap.
    objects: CowMap<ObjectData>,
    info: CowMap<ObjInfo>,
    /// The last content of the objects freed at this step, until the next step: a reader
    /// that shows freed objects later (Python Tutor's zombie frames) copies only the ones
    /// it needs, instead of a copy of every object in case it dies.
    freed: Vec<(ObjId, ObjectData)>,
}

impl State {
    /// A frame by id (active, suspended or kept exited).
    pub fn frame(&self, id: FrameId) -> Option<&Frame> {
        self.frames.get(&id)
    }
    /// All frames known at this step, by id.
    pub fn frames(&self) -> impl Iterator<Item = &Frame> {
        self.frames.values()
    }
    /// The active frames, oldest first.
    pub fn stack_frames(&self) -> impl Iterator<Item = &Frame> {
        self.stack.iter().filter_map(|id| self.frames.get(id))
    }
    /// An object's content.
    pub fn object(&self, id: ObjId) -> Option<&ObjectData> {
        self.objects.get(&id)
    }
    /// An object's reference count and size, when the tracer reported them.
    pub fn info(&self, id: ObjId) -> Option<ObjInfo> {
        self.info.get(&id).copied()
    }
    /// Every live object known at this step (in no particular order).
    pub fn objects(&self) -> impl Iterator<Item = (ObjId, &ObjectData)> {
        self.objects.iter().map(|(k, v)| (*k, v))
    }
    /// Number of live objects known.
    pub fn object_count(&self) -> usize {
        self.objects.len()
    }
    /// The objects freed at this step, with their last content.
    pub fn freed_objects(&self) -> impl Iterator<Item = (ObjId, &ObjectData)> {
        self.freed.iter().map(|(k, v)| (*k, v))
    }

    /// About how many bytes of memory its heap holds (each object's entry and its
    /// references): what a cache of states should count.
    pub(crate) fn approx_bytes(&self) -> usize {
        let entry = std::mem::size_of::<(ObjId, ObjectData)>() + 8;
        let refs: usize = self
            .objects
            .iter()
            .map(|(_, o)| {
                let mut n = 0;
                o.for_each_child(|_| n += 1);
                n * std::mem::size_of::<ObjId>()
            })
            .sum();
        let info = std::mem::size_of::<(ObjId, ObjInfo)>() + 8;
        self.objects.len() * entry + refs + self.info.len() * info
    }

    /// Objects reachable from the given frames' variables and return values, in the order
    /// a reader meets them (frames in order, variables in order, depth first).
    pub fn reachable_from(&self, frames: &[FrameId]) -> Vec<ObjId> {
        let mut seen = std::collections::HashSet::new();
        let mut order = Vec::new();
        let mut todo: Vec<ObjId> = Vec::new();
        for f in frames.iter().filter_map(|f| self.frames.get(f)) {
            let roots = f.vars.iter().map(|&(_, v)| v).chain(f.return_value);
            for root in roots {
                todo.push(root);
                while let Some(id) = todo.pop() {
                    if !seen.insert(id) {
                        continue;
                    }
                    let Some(obj) = self.objects.get(&id) else {
                        continue;
                    };
                    order.push(id);
                    let mut kids = obj.children();
                    kids.reverse();
                    todo.extend(kids);
                }
            }
        }
        order
    }

    /// Applies one record. `Sym` and `Output` records are the store's business and are
    /// ignored here.
    pub fn apply(&mut self, rec: &Record) -> Result<()> {
        match rec {
            Record::Sym { .. } | Record::Output { .. } => {}
            Record::Step { event, line, frame } => {
                self.step += 1;
                self.event = Some(*event);
                self.line = *line;
                self.frame = *frame;
                self.exception = None;
                self.notes.clear();
                self.changes.clear();
                self.freed.clear();
                if let Some(f) = self.frames.get_mut(frame) {
                    f.line = *line;
                }
            }
            Record::FramePush {
                frame,
                func,
                file,
                kind,
                parent,
                line,
            } => {
                self.frames.insert(
                    *frame,
                    Frame {
                        id: *frame,
                        func: *func,
                        file: *file,
                        kind: *kind,
                        parent: *parent,
                        vars: Vec::new(),
                        return_value: None,
                        // Pushed in the step that runs it: it is at the step's line.
                        line: if self.frame == *frame && self.event.is_some() {
                            self.line
                        } else {
                            *line
                        },
                        status: FrameStatus::Active,
                    },
                );
                self.stack.push(*frame);
                self.changes.pushed.push(*frame);
            }
            Record::FrameResume { frame } => {
                let f = self.frame_mut(*frame)?;
                f.status = FrameStatus::Active;
                f.return_value = None;
                self.stack.push(*frame);
                self.changes.pushed.push(*frame);
            }
            Record::FramePop { frame, suspended } => {
                let f = self.frame_mut(*frame)?;
                f.status = if *suspended {
                    FrameStatus::Suspended
                } else {
                    FrameStatus::Exited
                };
                if self.stack.last() == Some(frame) {
                    self.stack.pop();
                } else {
                    self.stack.retain(|x| x != frame);
                }
                self.changes.popped.push(*frame);
            }
            Record::FrameForget { frame } => {
                self.frames.remove(frame);
                self.stack.retain(|x| x != frame);
            }
            Record::SetVar { frame, name, value } => {
                let f = self.frame_mut(*frame)?;
                match f.vars.iter_mut().find(|(n, _)| n == name) {
                    Some(slot) => {
                        slot.1 = *value;
                        self.changes.rebound.push((*frame, *name));
                    }
                    None => {
                        f.vars.push((*name, *value));
                        self.changes.bound.push((*frame, *name));
                    }
                }
            }
            Record::DelVar { frame, name } => {
                let f = self.frame_mut(*frame)?;
                f.vars.retain(|(n, _)| n != name);
                self.changes.unbound.push((*frame, *name));
            }
            Record::SetReturn { frame, value } => {
                self.frame_mut(*frame)?.return_value = Some(*value);
            }
            Record::ObjNew { id, data } => {
                self.objects.insert(*id, data.clone());
                self.changes.created.push(*id);
            }
            Record::ObjSet { id, data } => {
                self.objects.insert(*id, data.clone());
                self.changes.changed.push(*id);
            }
            Record::ObjSplice {
                id,
                len,
                gap_at,
                at,
                remove,
                insert,
            } => {
                let Some(ObjectData::Seq(_, seq)) = self.objects.get_mut(id) else {
                    return Err(corrupt(format!(
                        "splice of object #{} that is not a sequence",
                        id.0
                    )));
                };
                let at = *at as usize;
                let end = at + *remove as usize;
                if end > seq.items.len() {
                    return Err(corrupt("splice out of range"));
                }
                seq.items.splice(at..end, insert.iter().copied());
                seq.len = *len;
                seq.gap_at = (*gap_at).min(seq.items.len() as u32);
                self.changes.changed.push(*id);
            }
            Record::ObjFree { id, cause } => {
                self.info.remove(id);
                if let Some(data) = self.objects.remove(id) {
                    self.freed.push((*id, data));
                    self.changes.freed.push(*id);
                    if *cause == FreeCause::Collector {
                        self.changes.collected.push(*id);
                    }
                }
            }
            Record::ObjInfo { id, info } => {
                if self.objects.contains_key(id) {
                    self.info.insert(*id, *info);
                }
            }
            Record::Exception { message } => self.exception = Some(message.clone()),
            Record::Note { text } => self.notes.push(text.clone()),
            Record::Memory(m) => self.memory = *m,
        }
        Ok(())
    }

    fn frame_mut(&mut self, id: FrameId) -> Result<&mut Frame> {
        self.frames
            .get_mut(&id)
            .ok_or_else(|| corrupt(format!("unknown frame {}", id.0)))
    }

    /// The records that rebuild this state from nothing (a keyframe). Step-level fields
    /// (event, line, frame, exception) come first as a `Step` record; the step counter is
    /// the store's business.
    pub(crate) fn to_records(&self) -> Vec<Record> {
        let mut out = Vec::with_capacity(self.frames.len() * 4 + self.objects.len() + 2);
        if let Some(event) = self.event {
            out.push(Record::Step {
                event,
                line: self.line,
                frame: self.frame,
            });
        }
        if let Some(message) = &self.exception {
            out.push(Record::Exception {
                message: message.clone(),
            });
        }
        for text in &self.notes {
            out.push(Record::Note { text: text.clone() });
        }
        if self.memory != Memory::default() {
            out.push(Record::Memory(self.memory));
        }
        // Frames not on the stack first (pushed and popped), then the stack in order.
        let off_stack = self
            .frames
            .values()
            .filter(|f| f.status != FrameStatus::Active);
        let on_stack = self.stack.iter().filter_map(|id| self.frames.get(id));
        for f in off_stack.chain(on_stack) {
            out.push(Record::FramePush {
                frame: f.id,
                func: f.func,
                file: f.file,
                kind: f.kind,
                parent: f.parent,
                line: f.line,
            });
            if f.status != FrameStatus::Active {
                out.push(Record::FramePop {
                    frame: f.id,
                    suspended: f.status == FrameStatus::Suspended,
                });
            }
        }
        let mut objects: Vec<_> = self.objects.iter().collect();
        objects.sort_unstable_by_key(|(id, _)| **id);
        for (&id, data) in objects {
            out.push(Record::ObjNew {
                id,
                data: data.clone(),
            });
            if let Some(&info) = self.info.get(&id) {
                out.push(Record::ObjInfo { id, info });
            }
        }
        for f in self.frames.values() {
            for &(name, value) in &f.vars {
                out.push(Record::SetVar {
                    frame: f.id,
                    name,
                    value,
                });
            }
            if let Some(value) = f.return_value {
                out.push(Record::SetReturn { frame: f.id, value });
            }
        }
        out
    }
}
