//! The heap as a graph at one step: what keeps each object alive (a path of references
//! from a variable) and what it would take with it (its deep size).
//!
//! Roots are the variables and return values of the frames on the stack, and the local
//! variables of suspended generators (reached through their generator object). An object
//! whose reference count is higher than the references the trace can see is also held
//! by something the pictures do not show (a code object's constants, a C extension), so it
//! counts as a root of its own: deep sizes then say what would really be freed.

use std::collections::{HashMap, VecDeque};
use std::fmt::Write as _;

use heapscope_trace::{
    Edge, FrameId, FrameStatus, ObjId, ObjectData, Refs, Repr, State, Sym, Symbols,
};

/// Where a reference path starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Root {
    /// A variable of a frame (on the stack, or a suspended generator's).
    Var {
        /// The frame.
        frame: FrameId,
        /// The variable.
        name: Sym,
    },
    /// The value a frame is returning.
    Return {
        /// The frame.
        frame: FrameId,
    },
}

/// A chain of references from a root to an object.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RefPath {
    /// The variable it starts from.
    pub root: Root,
    /// The object the root refers to, then each hop: how it is held, and the object.
    pub first: ObjId,
    /// The hops after the first object.
    pub hops: Vec<(Edge, ObjId)>,
}

impl RefPath {
    /// The object the path ends at.
    pub fn target(&self) -> ObjId {
        self.hops.last().map_or(self.first, |h| h.1)
    }

    /// `` `results` (global) → list #4 → [812] ``, for a learner.
    pub fn describe(&self, state: &State, symbols: &Symbols) -> String {
        let repr = Repr::new(state, symbols, Default::default());
        let mut out = String::new();
        let frame_name = |f: FrameId| {
            if f == FrameId::GLOBAL {
                "global".to_owned()
            } else {
                let func = state.frame(f).map_or("?", |fr| symbols.text(fr.func));
                format!("in {func}, frame {}", f.0)
            }
        };
        match self.root {
            Root::Var { frame, name } => {
                let _ = write!(out, "`{}` ({})", symbols.text(name), frame_name(frame));
            }
            Root::Return { frame } => {
                let _ = write!(out, "return value ({})", frame_name(frame));
            }
        }
        let label = |id: ObjId| match state.object(id) {
            Some(d) => format!("{} #{}", repr.type_name(d), id.0),
            None => format!("#{}", id.0),
        };
        let _ = write!(out, " → {}", label(self.first));
        let mut prev = self.first;
        for &(edge, id) in &self.hops {
            match edge {
                Edge::Item(i) => {
                    let _ = write!(out, " → [{i}]");
                }
                Edge::Value(k) => {
                    let _ = write!(out, " → [{}]", repr.of(k));
                }
                Edge::Key => out.push_str(" → (a key)"),
                Edge::Attr(n) => {
                    let _ = write!(out, " → .{}", symbols.text(n));
                }
                Edge::Class => out.push_str(" → (its class)"),
                Edge::Base => out.push_str(" → (a base class)"),
                Edge::Default(i) => {
                    let _ = write!(out, " → (default {})", i + 1);
                }
                Edge::Cell(n) => {
                    let _ = write!(out, " → (cell {})", symbols.text(n));
                }
                Edge::Local(n) => {
                    let _ = write!(out, " → (local {})", symbols.text(n));
                }
                Edge::Receiver => out.push_str(" → (self)"),
                Edge::Func => out.push_str(" → (function)"),
                Edge::Part(i) => match state.object(prev) {
                    Some(ObjectData::Summary(s)) if (i as usize) < s.parts.len() => {
                        let _ = write!(out, " → ({})", s.parts[i as usize].0);
                    }
                    _ => out.push_str(" → (a part)"),
                },
            }
            // Name each object passed through, except values drawn inline.
            if !state.object(id).is_some_and(ObjectData::is_primitive) {
                let _ = write!(out, " ({})", label(id));
            }
            prev = id;
        }
        out
    }
}

/// The references of one state, indexed for walking.
pub struct HeapGraph<'s> {
    state: &'s State,
    ids: Vec<ObjId>,
    index: HashMap<ObjId, usize>,
    edges: Vec<Vec<(Edge, usize)>>,
    roots: Vec<(Root, usize)>,
    /// Objects held by something the trace does not show.
    hidden_held: Vec<bool>,
}

impl<'s> HeapGraph<'s> {
    /// Indexes the live objects of `state` and their references.
    pub fn new(state: &'s State) -> HeapGraph<'s> {
        let mut ids: Vec<ObjId> = state.objects().map(|(id, _)| id).collect();
        ids.sort_unstable();
        let index: HashMap<ObjId, usize> = ids.iter().enumerate().map(|(i, &id)| (id, i)).collect();
        let mut incoming = vec![0u64; ids.len()];
        let mut edges = vec![Vec::new(); ids.len()];
        for (i, &id) in ids.iter().enumerate() {
            let Some(d) = state.object(id) else { continue };
            d.for_each_edge(|e, to| {
                if let Some(&j) = index.get(&to) {
                    edges[i].push((e, j));
                    incoming[j] += 1;
                }
            });
            // A suspended generator holds its frame's locals.
            if let ObjectData::Generator { frame: Some(f), .. } = d {
                if let Some(fr) = state
                    .frame(*f)
                    .filter(|fr| fr.status == FrameStatus::Suspended)
                {
                    for &(name, v) in &fr.vars {
                        if let Some(&j) = index.get(&v) {
                            edges[i].push((Edge::Local(name), j));
                            incoming[j] += 1;
                        }
                    }
                }
            }
        }
        let mut roots = Vec::new();
        for f in state.stack_frames() {
            for &(name, v) in &f.vars {
                if let Some(&j) = index.get(&v) {
                    roots.push((Root::Var { frame: f.id, name }, j));
                    incoming[j] += 1;
                }
            }
            if let Some(&j) = f.return_value.and_then(|v| index.get(&v)) {
                roots.push((Root::Return { frame: f.id }, j));
            }
        }
        let hidden_held = ids
            .iter()
            .zip(&incoming)
            .map(|(&id, &seen)| match state.info(id).map(|i| i.refs) {
                Some(Refs::Count(n)) => n > seen,
                Some(Refs::Immortal) => true,
                None => false,
            })
            .collect();
        HeapGraph {
            state,
            ids,
            index,
            edges,
            roots,
            hidden_held,
        }
    }

    /// The shortest path of references from a root variable to `target`, if any root
    /// reaches it. Roots are tried in stack order, so a global wins over a local.
    pub fn path_to(&self, target: ObjId) -> Option<RefPath> {
        self.paths_to(&[target]).pop().flatten()
    }

    /// Shortest paths to several objects at once (one walk of the heap).
    pub fn paths_to(&self, targets: &[ObjId]) -> Vec<Option<RefPath>> {
        let n = self.ids.len();
        // prev[j] = (parent node or usize::MAX for a root, how it is held, root index)
        let mut prev: Vec<Option<(usize, Option<Edge>, usize)>> = vec![None; n];
        let mut queue = VecDeque::new();
        for (ri, &(_, j)) in self.roots.iter().enumerate() {
            if prev[j].is_none() {
                prev[j] = Some((usize::MAX, None, ri));
                queue.push_back(j);
            }
        }
        while let Some(i) = queue.pop_front() {
            let ri = prev[i].map_or(0, |p| p.2);
            for &(e, j) in &self.edges[i] {
                if prev[j].is_none() {
                    prev[j] = Some((i, Some(e), ri));
                    queue.push_back(j);
                }
            }
        }
        targets
            .iter()
            .map(|t| {
                let mut j = *self.index.get(t)?;
                let (_, _, ri) = prev[j]?;
                let mut hops = Vec::new();
                loop {
                    let (p, e, _) = prev[j]?;
                    match e {
                        Some(e) => {
                            hops.push((e, self.ids[j]));
                            j = p;
                        }
                        None => break,
                    }
                }
                hops.reverse();
                Some(RefPath {
                    root: self.roots[ri].0,
                    first: self.ids[j],
                    hops,
                })
            })
            .collect()
    }

    /// Each object's deep size: its own bytes plus those of every object reachable only
    /// through it (what freeing it would free), each counted once. Immortal objects cost
    /// nothing. `None` when the trace has no sizes (recorded before version 3).
    pub fn deep_sizes(&self) -> Option<HashMap<ObjId, u64>> {
        let n = self.ids.len();
        if n > 0 && !self.ids.iter().any(|&id| self.state.info(id).is_some()) {
            return None;
        }
        // Node n is a virtual root above every real root, every object held by something
        // unseen, and every object none of those reach: in an unnamed cycle no member
        // holds the others alone.
        let mut entry: Vec<usize> = self.roots.iter().map(|r| r.1).collect();
        entry.extend((0..n).filter(|&i| self.hidden_held[i]));
        let reached = self.reach(entry.iter().copied());
        entry.extend((0..n).filter(|&i| !reached[i]));
        let mut succ: Vec<Vec<usize>> = self
            .edges
            .iter()
            .map(|es| es.iter().map(|e| e.1).collect())
            .collect();
        succ.push(entry);
        // Reverse postorder from the virtual root.
        let mut order = Vec::with_capacity(n + 1);
        let mut visited = vec![false; n + 1];
        let mut stack = vec![(n, 0usize)];
        visited[n] = true;
        while let Some((v, k)) = stack.last_mut() {
            if let Some(&w) = succ[*v].get(*k) {
                *k += 1;
                if !std::mem::replace(&mut visited[w], true) {
                    stack.push((w, 0));
                }
            } else {
                order.push(*v);
                stack.pop();
            }
        }
        order.reverse();
        let mut rpo = vec![usize::MAX; n + 1];
        for (k, &v) in order.iter().enumerate() {
            rpo[v] = k;
        }
        let mut preds: Vec<Vec<usize>> = vec![Vec::new(); n + 1];
        for (v, ws) in succ.iter().enumerate() {
            for &w in ws {
                preds[w].push(v);
            }
        }
        // Cooper, Harvey and Kennedy's iterative dominators.
        let mut idom = vec![usize::MAX; n + 1];
        idom[n] = n;
        let intersect = |idom: &[usize], mut a: usize, mut b: usize| {
            while a != b {
                while rpo[a] > rpo[b] {
                    a = idom[a];
                }
                while rpo[b] > rpo[a] {
                    b = idom[b];
                }
            }
            a
        };
        let mut changed = true;
        while changed {
            changed = false;
            for &v in order.iter().skip(1) {
                let mut new = usize::MAX;
                for &p in &preds[v] {
                    if idom[p] == usize::MAX {
                        continue;
                    }
                    new = if new == usize::MAX {
                        p
                    } else {
                        intersect(&idom, p, new)
                    };
                }
                if new != usize::MAX && idom[v] != new {
                    idom[v] = new;
                    changed = true;
                }
            }
        }
        // Sum sizes up the dominator tree, deepest first.
        let own = |i: usize| match self.state.info(self.ids[i]) {
            Some(info) if info.refs != Refs::Immortal => info.size + info.hidden,
            _ => 0,
        };
        let mut deep: Vec<u64> = (0..n).map(own).collect();
        for &v in order.iter().rev() {
            if v == n {
                continue;
            }
            let d = idom[v];
            if d != n && d != usize::MAX && d != v {
                deep[d] += deep[v];
            }
        }
        Some(self.ids.iter().copied().zip(deep).collect())
    }

    /// The objects no root reaches through the references the trace shows.
    pub fn unreachable(&self) -> Vec<ObjId> {
        let seen = self.reach(self.roots.iter().map(|r| r.1));
        self.ids
            .iter()
            .zip(seen)
            .filter(|(_, s)| !s)
            .map(|(&id, _)| id)
            .collect()
    }

    /// The objects no root reaches that something the trace does not show keeps alive
    /// (directly, or through objects it holds). The other unreachable objects are kept
    /// only by reference cycles among themselves, until the collector runs.
    pub fn held_unseen(&self) -> Vec<ObjId> {
        let named = self.reach(self.roots.iter().map(|r| r.1));
        let unseen = self.reach((0..self.ids.len()).filter(|&i| self.hidden_held[i]));
        (0..self.ids.len())
            .filter(|&i| !named[i] && unseen[i])
            .map(|i| self.ids[i])
            .collect()
    }

    /// Which objects (by index) the given ones reach, themselves included.
    fn reach(&self, starts: impl Iterator<Item = usize>) -> Vec<bool> {
        let mut seen = vec![false; self.ids.len()];
        let mut todo: Vec<usize> = starts.collect();
        while let Some(i) = todo.pop() {
            if !std::mem::replace(&mut seen[i], true) {
                todo.extend(self.edges[i].iter().map(|e| e.1));
            }
        }
        seen
    }
}

#[cfg(test)]
mod tests {
    use crate::{leaks, Lifetimes};
    use heapscope_trace::testing::{int, list, TraceScript};
    use heapscope_trace::{FrameId, FreeCause, ObjId, ObjInfo, Record, Refs, Trace};

    /// `results = []` then `fill()` appends a list [big, 5] made in `fill` (frame 1),
    /// plus a cycle a <-> b that nothing names, freed by the collector at step 6.
    fn program() -> Trace {
        let mut t = TraceScript::at(
            "results = []\ndef fill():\n    x = [10**30, 5]\n    results.append(x)\nfill()\n",
            "m.py",
            1,
        );
        // 5: results = [] (then the call of fill)
        t.line(5, 0).obj(1, list(&[])).info(1, Some(1), 56);
        t.var(0, "results", 1);
        // 3: in fill
        t.line(3, 1).push(1, "fill", 3);
        // 4: x = [10**30, 5], and a cycle made in fill and left unnamed
        t.line(4, 1).obj(2, int(7)).info(2, Some(1), 40);
        t.obj(3, int(5)).info(3, None, 28);
        t.obj(4, list(&[2, 3])).info(4, Some(1), 72);
        t.var(1, "x", 4);
        t.obj(5, list(&[6])).obj(6, list(&[5]));
        t.info(5, Some(1), 64).info(6, Some(1), 64);
        // 5: fill returned; results.append(x) happened
        t.line(5, 0).pop(1).set_obj(1, list(&[4]));
        t.info(1, Some(1), 88).info(4, Some(1), 72);
        // 6: the collector freed the cycle
        t.line(6, 0).collect(5).collect(6);
        t.finish()
    }

    #[test]
    fn deep_size_counts_what_only_it_holds() {
        let t = program();
        let s = t.state_at(5).unwrap();
        let g = super::HeapGraph::new(&s);
        let deep = g.deep_sizes().unwrap();
        // results → x-list → (int 40 bytes, immortal 5): 88 + 72 + 40.
        assert_eq!(deep[&ObjId(1)], 200);
        assert_eq!(deep[&ObjId(4)], 112);
        assert_eq!(deep[&ObjId(3)], 0, "an immortal costs nothing");
        // Each member of an unnamed cycle holds the other; neither dominates.
        assert_eq!(deep[&ObjId(5)], 64);
        assert_eq!(g.unreachable(), vec![ObjId(5), ObjId(6)]);
    }

    #[test]
    fn a_shared_object_is_not_in_deep_size() {
        let t = program();
        let mut s = t.state_at(5).unwrap();
        // Someone the trace does not show also holds the int: it stays when the list goes.
        s.apply(&Record::ObjInfo {
            id: ObjId(2),
            info: ObjInfo {
                refs: Refs::Count(2),
                size: 40,
                hidden: 0,
            },
        })
        .unwrap();
        let deep = super::HeapGraph::new(&s).deep_sizes().unwrap();
        assert_eq!(deep[&ObjId(4)], 72);
    }

    #[test]
    fn leak_report_names_the_line_and_the_path() {
        let t = program();
        let lives = Lifetimes::of(&t).unwrap();
        let l = lives.get(ObjId(4)).unwrap();
        assert_eq!(
            (l.born, l.origin.frame, l.origin.line, l.died),
            (4, FrameId(1), 3, None)
        );
        assert_eq!(
            lives.get(ObjId(5)).unwrap().died,
            Some((6, FreeCause::Collector))
        );
        let s = t.state_at(5).unwrap();
        let groups = leaks(&t, &lives, &s);
        let lists = groups.iter().find(|g| g.type_name == "list").unwrap();
        assert_eq!(lists.objects, vec![ObjId(4), ObjId(5), ObjId(6)]);
        assert_eq!(
            (lists.origin.line, lists.bytes, lists.unreachable),
            (3, 200, 2)
        );
        let (first, path) = &lists.examples[0];
        assert_eq!(*first, ObjId(4));
        assert_eq!(
            path.as_ref().unwrap().describe(&s, t.symbols()),
            "`results` (global) → list #1 → [0] (list #4)"
        );
        assert_eq!(
            lists.examples[1],
            (ObjId(5), None),
            "the cycle: no variable reaches it"
        );
        let ints = groups.iter().find(|g| g.type_name == "int").unwrap();
        assert_eq!(ints.objects, vec![ObjId(2)], "the immortal 5 is no leak");
        assert_eq!(
            ints.examples[0]
                .1
                .as_ref()
                .unwrap()
                .describe(&s, t.symbols()),
            "`results` (global) → list #1 → [0] (list #4) → [0]"
        );
        // After the collector ran, the cycle is gone from the report.
        let s6 = t.state_at(6).unwrap();
        assert!(leaks(&t, &lives, &s6)
            .iter()
            .all(|g| !g.objects.contains(&ObjId(5))));
        assert_eq!(s6.changes.collected, vec![ObjId(5), ObjId(6)]);
    }
}
