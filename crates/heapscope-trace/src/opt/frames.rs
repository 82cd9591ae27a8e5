//! A frame's entry: its name, number, closure parents, and variables in Python Tutor's
//! order.

use std::borrow::Cow;

use super::converter::Converter;
use super::heap::Heap;
use super::json;
use super::names::short;
use crate::model::{FrameId, FrameKind, ObjId};
use crate::state::{Frame, State};
use crate::Sym;

impl Converter {
    /// The frame a frame's function was defined in, as the tracer recorded it; else the
    /// parent of the first function made from the same code.
    pub(super) fn frame_parent(&self, f: &Frame) -> Option<FrameId> {
        f.parent
            .or_else(|| self.qual_parent.get(&f.func).copied())
            .filter(|p| self.parents.contains(p))
    }

    /// A frame's parameters in `co_varnames` order (positional, keyword-only, `*args`,
    /// `**kwargs`): from its function's signature, or else its variables at its first
    /// step less the free variables it shares with an enclosing frame.
    pub(super) fn frame_params(&self, state: &State, f: &Frame) -> Vec<Sym> {
        if f.kind == FrameKind::Comprehension {
            return Vec::new(); // `.0`, hidden
        }
        let syms = self.syms();
        if let Some(sig) = self.facts.signatures.get(&f.func) {
            let sig = syms.text(*sig);
            if let (Some(open), Some(close)) = (sig.find('('), sig.rfind(')')) {
                let (mut plain, mut star) = (Vec::new(), Vec::new());
                for p in sig.get(open + 1..close).unwrap_or("").split(", ") {
                    match p.trim_start_matches('*') {
                        "" | "/" => {}
                        n if p.starts_with('*') => star.push(n.to_owned()),
                        n => plain.push(n.to_owned()),
                    }
                }
                let names: Vec<Sym> = plain
                    .iter()
                    .chain(&star)
                    .filter_map(|n| syms.lookup(n))
                    .collect();
                return names;
            }
        }
        f.vars
            .iter()
            .filter(|&&(n, v)| !self.inherited(state, f, n, v))
            .map(|&(n, _)| n)
            .collect()
    }

    /// True for a free variable of a function heapscope never recorded (a lambda called at
    /// once): not a parameter, and the same object under the same name in an enclosing
    /// frame.
    fn inherited(&self, state: &State, f: &Frame, name: Sym, value: ObjId) -> bool {
        // A recorded function's free variables are known from its cells.
        if self.facts.signatures.contains_key(&f.func)
            || self.params.get(&f.id).is_some_and(|p| p.contains(&name))
        {
            return false;
        }
        let mut p = self.frame_parent(f);
        let mut guard = 0;
        while let Some(pid) = p.filter(|&p| p != FrameId::GLOBAL && guard < 100) {
            let Some(pf) = state.frame(pid).or(self.ghosts.get(&pid)) else {
                return false;
            };
            if pf.var(name) == Some(value) {
                return true;
            }
            p = self.frame_parent(pf);
            guard += 1;
        }
        false
    }

    fn frame_name(&self, f: &Frame) -> Cow<'_, str> {
        let name = short(self.syms().text(f.func));
        // Python Tutor names a lambda's frame after the function object it has met; one it
        // never met (called at once, never bound) is plain `<lambda>`.
        if (f.kind == FrameKind::Lambda || name == "<lambda>")
            && self.seen_functions.contains(&f.func)
        {
            let line = self.first_line.get(&f.id).copied().unwrap_or(f.line);
            Cow::Owned(format!("{name} <line {line}>"))
        } else {
            Cow::Borrowed(name)
        }
    }

    /// Writes the frame's entry (`id` is its Python Tutor number, `u64::MAX` for none).
    pub(super) fn frame_json(
        &self,
        f: &Frame,
        id: u64,
        zombie: bool,
        highlighted: bool,
        heap: &mut Heap<'_>,
        out: &mut Vec<u8>,
    ) {
        let syms = self.syms();
        let id = if id == u64::MAX { 0 } else { id };
        let is_parent = self.parents.contains(&f.id);
        let name = self.frame_name(f);
        out.extend_from_slice(b"{\"func_name\":");
        json::string(out, &name);
        out.extend_from_slice(b",\"is_parent\":");
        json::boolean(out, is_parent);
        out.extend_from_slice(b",\"frame_id\":");
        json::uint(out, id);
        out.extend_from_slice(b",\"parent_frame_id_list\":[");
        let mut p = self.frame_parent(f);
        let mut guard = 0;
        let mut first = true;
        while let Some(pid) = p {
            if pid == FrameId::GLOBAL || guard > 1000 {
                break;
            }
            if let Some(&n) = self.frame_ids.get(&pid) {
                if !first {
                    out.push(b',');
                }
                first = false;
                json::uint(out, n);
            }
            p = heap
                .state
                .frame(pid)
                .or(self.ghosts.get(&pid))
                .and_then(|pf| self.frame_parent(pf));
            guard += 1;
        }
        out.extend_from_slice(b"],\"encoded_locals\":{");
        let free = self.facts.freevars.get(&f.func);
        let params = self.params.get(&f.id);
        let mut vars: Vec<(Sym, ObjId)> = f
            .vars
            .iter()
            .copied()
            .filter(|(n, v)| {
                !free.is_some_and(|fr| fr.contains(n)) && !self.inherited(heap.state, f, *n, *v)
            })
            .collect();
        // Python Tutor's order is the code's `co_varnames` (parameters, then locals as
        // first written), then the cell variables by name. heapscope has the parameters
        // and the binding order; cell variables are the free variables of the functions
        // nested in this one.
        let cells = self.facts.cells.get(syms.text(f.func));
        let is_cell = |n: &Sym| cells.is_some_and(|c| c.contains(n));
        let rank = |n: &Sym| match params.and_then(|p| p.iter().position(|x| x == n)) {
            Some(i) => (0, i),
            None if is_cell(n) => (2, 0),
            None => (1, 0),
        };
        // A stable sort: locals keep their binding order.
        vars.sort_by(|a, b| {
            let (ra, rb) = (rank(&a.0), rank(&b.0));
            ra.cmp(&rb).then_with(|| {
                if ra.0 == 2 {
                    syms.text(a.0).cmp(syms.text(b.0))
                } else {
                    std::cmp::Ordering::Equal
                }
            })
        });
        let mut names = Vec::new();
        for (n, v) in vars {
            let n = syms.text(n);
            if !names.is_empty() {
                out.push(b',');
                names.push(b',');
            }
            json::key(out, n);
            heap.encode(v, out);
            json::string(&mut names, n);
        }
        let ret = f
            .return_value
            .map(Some)
            .or_else(|| self.returned_none.contains(&f.id).then_some(None));
        if let Some(r) = ret {
            if !names.is_empty() {
                out.push(b',');
                names.push(b',');
            }
            json::key(out, "__return__");
            match r {
                Some(r) => heap.encode(r, out),
                None => out.extend_from_slice(b"null"),
            }
            json::string(&mut names, "__return__");
        }
        out.extend_from_slice(b"},\"ordered_varnames\":[");
        out.extend_from_slice(&names);
        out.extend_from_slice(b"],\"is_zombie\":");
        json::boolean(out, zombie);
        out.extend_from_slice(b",\"is_highlighted\":");
        json::boolean(out, highlighted);
        out.extend_from_slice(b",\"unique_hash\":\"");
        json::escaped(out, &name);
        out.extend_from_slice(b"_f");
        json::uint(out, id);
        if is_parent {
            out.extend_from_slice(b"_p");
        }
        if zombie {
            out.extend_from_slice(b"_z");
        }
        out.extend_from_slice(b"\"}");
    }
}
