//! What Python Tutor knows about each function from its code before it runs, and heapscope
//! learns only when the run shows it: which functions define a lambda, their signatures,
//! their free variables and the cell variables of the functions around them.
//!
//! Converting a finished trace learns them all in a first pass. Converting while the run is
//! recorded learns them as they come, and notes when one arrives too late: a fact about a
//! function whose frame was already written would have changed that frame's JSON (a cell
//! variable moved last, a frame marked a parent earlier), so that JSON must be written
//! again from the finished trace.

use std::collections::{HashMap, HashSet};

use super::names::lambda_outer;
use crate::model::{Event, FrameId, FrameKind, ObjectData};
use crate::state::{Frame, State};
use crate::symbols::Symbols;
use crate::Sym;

#[derive(Default)]
pub(super) struct Facts {
    /// Functions (qualified names) that define a lambda: their frames are parents from
    /// their first step.
    pub(super) lambda_parents: HashSet<String>,
    /// Each function's signature, by qualified name (the first one met).
    pub(super) signatures: HashMap<Sym, Sym>,
    /// Free variables of each function (by qualified name): Python Tutor shows them only
    /// in the frame that owns them.
    pub(super) freevars: HashMap<Sym, HashSet<Sym>>,
    /// The cell variables of each function (by qualified name): its own free variables
    /// when it is a comprehension (the names bound at its `call` step; Python Tutor lists
    /// them after `co_varnames`, by name), and the free variables of the functions nested
    /// in it.
    pub(super) cells: HashMap<String, HashSet<Sym>>,
    /// The functions whose frames were already written (only while recording).
    seen: HashSet<Sym>,
    /// While recording: the variables (not parameters) each function's frames showed in a
    /// written step where they had two or more, whose order a new cell variable changes.
    shown: HashMap<Sym, HashSet<Sym>>,
    /// True once a fact arrived about a function in `seen`.
    pub(super) stale: bool,
}

impl Facts {
    /// Learns what this step shows: the functions of the frames pushed, the functions made
    /// or changed (a closure made before its cells are filled gets them later), and a
    /// comprehension's free variables at its `call` step.
    pub(super) fn learn(&mut self, state: &State, syms: &Symbols) {
        // Lambdas seen as objects, or only as running frames (a lambda called at once is
        // never bound to a name). Every frame is pushed at some step: looking at the ones
        // pushed keeps this in proportion to the records, not steps × depth.
        for f in state
            .changes
            .pushed
            .iter()
            .filter_map(|&id| state.frame(id))
        {
            self.lambda(f.func, syms);
        }
        if state.event == Some(Event::Call) {
            if let Some(f) = state
                .frame(state.frame)
                .filter(|f| f.kind == FrameKind::Comprehension)
            {
                let names: Vec<Sym> = f.vars.iter().map(|&(n, _)| n).collect();
                let own = syms.text(f.func).to_owned();
                self.add_cells(&own, &names, syms);
                self.nested(f.func, &names, syms);
            }
        }
        for &id in state.changes.created.iter().chain(&state.changes.changed) {
            if let Some(ObjectData::Function {
                name,
                cells,
                signature,
                ..
            }) = state.object(id)
            {
                if !self.signatures.contains_key(name) {
                    self.signatures.insert(*name, *signature);
                    self.touched(*name);
                }
                if !cells.is_empty() {
                    let names: Vec<Sym> = cells.iter().map(|&(n, _)| n).collect();
                    let free = self.freevars.entry(*name).or_default();
                    let before = free.len();
                    free.extend(names.iter().copied());
                    if free.len() != before {
                        self.touched(*name);
                    }
                    self.nested(*name, &names, syms);
                }
                self.lambda(*name, syms);
            }
        }
    }

    /// Marks the functions of the frames pushed at this step as written (while recording:
    /// later facts about them make the JSON stale).
    pub(super) fn written(&mut self, state: &State) {
        for f in state
            .changes
            .pushed
            .iter()
            .filter_map(|&id| state.frame(id))
        {
            self.seen.insert(f.func);
        }
    }

    /// Notes the variables a written frame showed (while recording).
    pub(super) fn shown(&mut self, f: &Frame, params: Option<&Vec<Sym>>) {
        if f.vars.len() < 2 || f.id == FrameId::GLOBAL {
            return;
        }
        let names = f
            .vars
            .iter()
            .map(|&(n, _)| n)
            .filter(|n| !params.is_some_and(|p| p.contains(n)));
        self.shown.entry(f.func).or_default().extend(names);
    }

    /// Marks every frame of `state` as written (the first step seen while recording).
    pub(super) fn written_all(&mut self, state: &State) {
        for f in state.frames() {
            self.seen.insert(f.func);
        }
    }

    fn lambda(&mut self, name: Sym, syms: &Symbols) {
        if let Some(outer) = lambda_outer(syms.text(name)) {
            if !self.lambda_parents.contains(outer) {
                self.lambda_parents.insert(outer.to_owned());
                self.touched_text(outer, syms);
            }
        }
    }

    /// `names` are free variables of `qual`: they are cells of every function it is
    /// nested in (`outer.<locals>.inner`).
    fn nested(&mut self, qual: Sym, names: &[Sym], syms: &Symbols) {
        let text = syms.text(qual);
        for (i, _) in text.match_indices(".<locals>.") {
            self.add_cells(&text[..i], names, syms);
        }
    }

    /// A cell variable is listed last, by name: it changes a written frame only when the
    /// frame showed it among other variables.
    fn add_cells(&mut self, func: &str, names: &[Sym], syms: &Symbols) {
        let cells = self.cells.entry(func.to_owned()).or_default();
        let new: Vec<Sym> = names.iter().copied().filter(|n| cells.insert(*n)).collect();
        if new.is_empty() {
            return;
        }
        let shown = syms.lookup(func).and_then(|f| self.shown.get(&f));
        self.stale |= shown.is_some_and(|s| new.iter().any(|n| s.contains(n)));
    }

    fn touched(&mut self, func: Sym) {
        self.stale |= self.seen.contains(&func);
    }

    fn touched_text(&mut self, func: &str, syms: &Symbols) {
        if let Some(s) = syms.lookup(func) {
            self.touched(s);
        }
    }
}
