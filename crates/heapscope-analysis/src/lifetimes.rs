//! Every object's life: the step it was first seen, the code that made it, the step it
//! was freed and why; and, from those, the objects a returned function left behind.

use std::collections::{BTreeMap, HashMap, HashSet};

use heapscope_trace::{
    FrameId, FrameKind, FrameStatus, FreeCause, ObjId, Refs, Repr, Result, State, Sym, Trace,
};

use crate::heap::{HeapGraph, RefPath};

/// The code running when an object was made: the step before the one that first shows
/// it (its line ran between the two).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Origin {
    /// The frame that ran it.
    pub frame: FrameId,
    /// That frame's function.
    pub func: Sym,
    /// Source file index.
    pub file: u32,
    /// The line.
    pub line: u32,
    /// True when that frame is a call of a function (or lambda, or generator); false for
    /// the module, a class body or a comprehension, whose objects are not left behind by
    /// a call the program made.
    pub in_call: bool,
}

/// One object's life.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Lifetime {
    /// The first step whose state shows it.
    pub born: u64,
    /// Where it was made.
    pub origin: Origin,
    /// The step at which it was gone, and why.
    pub died: Option<(u64, FreeCause)>,
}

/// The lives of every object of a trace.
#[derive(Clone, Debug, Default)]
pub struct Lifetimes {
    lives: HashMap<ObjId, Lifetime>,
}

impl Lifetimes {
    /// Reads every step of `trace` once and notes when each object was born and died.
    pub fn of(trace: &Trace) -> Result<Lifetimes> {
        let mut lives = HashMap::new();
        let mut cursor = trace.cursor();
        let mut prev: Option<Origin> = None;
        while let Some(s) = cursor.next_state()? {
            let here = origin_of(s);
            let origin = prev.unwrap_or(here);
            for &id in &s.changes.created {
                lives.insert(
                    id,
                    Lifetime {
                        born: s.step,
                        origin,
                        died: None,
                    },
                );
            }
            for &id in &s.changes.freed {
                let cause = if s.changes.collected.contains(&id) {
                    FreeCause::Collector
                } else {
                    FreeCause::LastReference
                };
                if let Some(l) = lives.get_mut(&id) {
                    l.died = Some((s.step, cause));
                }
            }
            prev = Some(here);
        }
        Ok(Lifetimes { lives })
    }

    /// One object's life.
    pub fn get(&self, id: ObjId) -> Option<&Lifetime> {
        self.lives.get(&id)
    }
    /// How many objects the trace ever showed.
    pub fn len(&self) -> usize {
        self.lives.len()
    }
    /// True when the trace showed no object.
    pub fn is_empty(&self) -> bool {
        self.lives.is_empty()
    }
}

fn origin_of(s: &State) -> Origin {
    let here = Origin {
        frame: s.frame,
        func: Sym(0),
        file: s.frame_file().unwrap_or(0),
        line: s.line,
        in_call: false,
    };
    let Some(mut f) = s.frame(s.frame) else {
        return here;
    };
    let mut line = s.line;
    // A comprehension's objects are its caller's (3.11 runs it as a frame of its own).
    if f.kind == FrameKind::Comprehension {
        let caller = s
            .stack
            .iter()
            .rev()
            .filter_map(|id| s.frame(*id))
            .find(|c| c.kind != FrameKind::Comprehension);
        if let Some(c) = caller {
            f = c;
            line = c.line;
        }
    }
    let in_call = matches!(
        f.kind,
        FrameKind::Function | FrameKind::Lambda | FrameKind::Generator
    );
    Origin {
        frame: f.id,
        func: f.func,
        file: f.file,
        line,
        in_call,
    }
}

/// Objects of one type, made by one line of a function that has returned, still alive.
#[derive(Clone, Debug, PartialEq)]
pub struct LeakGroup {
    /// Their type's name.
    pub type_name: String,
    /// The function and line that made them (`frame` is not kept: a group gathers every
    /// call of that line).
    pub origin: Origin,
    /// The objects, oldest first.
    pub objects: Vec<ObjId>,
    /// Their own sizes added up (0 when the trace has no sizes).
    pub bytes: u64,
    /// Up to [`LEAK_EXAMPLES`] of them with what keeps each alive: the shortest path of
    /// references from a variable, or `None` when no variable reaches it (a reference
    /// cycle the collector has not taken yet, or a holder the trace does not show).
    pub examples: Vec<(ObjId, Option<RefPath>)>,
    /// How many of them no variable reaches.
    pub unreachable: usize,
}

/// How many objects of a leak group come with their reference path.
pub const LEAK_EXAMPLES: usize = 3;

/// The objects alive at `state` that were made inside a function call that has since
/// returned, grouped by type and the line that made them, biggest groups first. Each
/// group says what keeps one of its objects alive. Immortal objects are left out.
pub fn leaks(trace: &Trace, lifetimes: &Lifetimes, state: &State) -> Vec<LeakGroup> {
    let repr = Repr::new(state, trace.symbols(), Default::default());
    let returned = |f: FrameId| {
        f != FrameId::GLOBAL
            && !state.stack.contains(&f)
            && state
                .frame(f)
                .is_none_or(|fr| fr.status == FrameStatus::Exited)
    };
    // Grouped by line, whichever call of the function made them.
    let mut groups: BTreeMap<(String, Origin), Vec<ObjId>> = BTreeMap::new();
    for (id, data) in state.objects() {
        let Some(life) = lifetimes.get(id) else {
            continue;
        };
        if !life.origin.in_call
            || !returned(life.origin.frame)
            || state.info(id).is_some_and(|i| i.refs == Refs::Immortal)
        {
            continue;
        }
        let line = Origin {
            frame: FrameId::GLOBAL,
            ..life.origin
        };
        groups
            .entry((repr.type_name(data), line))
            .or_default()
            .push(id);
    }
    let graph = HeapGraph::new(state);
    let unreachable: HashSet<ObjId> = graph.unreachable().into_iter().collect();
    let mut out: Vec<LeakGroup> = groups
        .into_iter()
        .map(|((type_name, origin), mut objects)| {
            // Examples: reachable ones first (they say what to fix), then the others.
            objects.sort_unstable_by_key(|o| (unreachable.contains(o), *o));
            let examples = objects
                .iter()
                .take(LEAK_EXAMPLES)
                .map(|&o| (o, None))
                .collect();
            objects.sort_unstable();
            let bytes = objects
                .iter()
                .filter_map(|&o| state.info(o))
                .map(|i| i.size + i.hidden)
                .sum();
            let unreachable = objects.iter().filter(|o| unreachable.contains(o)).count();
            LeakGroup {
                type_name,
                origin,
                objects,
                bytes,
                examples,
                unreachable,
            }
        })
        .collect();
    // The paths of every group's examples, in one walk of the heap.
    let picked: Vec<ObjId> = out
        .iter()
        .flat_map(|g| g.examples.iter().map(|e| e.0))
        .collect();
    let mut paths = graph.paths_to(&picked).into_iter();
    for g in &mut out {
        for e in &mut g.examples {
            e.1 = paths.next().flatten();
        }
    }
    out.sort_by(|a, b| {
        b.bytes
            .cmp(&a.bytes)
            .then(b.objects.len().cmp(&a.objects.len()))
            .then(a.origin.cmp(&b.origin))
    });
    out
}
