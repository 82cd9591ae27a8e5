//! Reading a frame's variables (fast locals, or a module's or class body's dict) and
//! emitting what changed; cells of exited frames that closures still change.

use heapscope_trace::{FrameKind, ObjId, Record, Sym};
use pyo3::ffi;

use super::code_info::SlotKind;
use super::Tracer;
use crate::{alloc_hook, compat, pyread};

impl Tracer {
    /// Reads a frame's variables and emits what changed. `full`: re-read every slot;
    /// otherwise (a frame below the running one, with cells) re-read its cells, which inner
    /// functions can rebind, and walk the values of its other variables again.
    ///
    /// # Safety
    /// `frame` must be a live frame the tracer follows, GIL held.
    pub(super) unsafe fn read_frame(&mut self, frame: *mut ffi::PyFrameObject, full: bool) {
        let addr = frame as usize;
        let Some(rec) = self.frames.recs.get(&addr) else {
            return;
        };
        let code = rec.code.clone();
        let fid = rec.id;
        let mut now = std::mem::take(&mut self.frames.scratch_now);
        now.clear();
        // SAFETY: the frame is live, and the slots read are its own code's; values and
        // cells are borrowed from it (the "as above" of this function's unsafe blocks).
        match code.kind {
            FrameKind::Module | FrameKind::ClassBody => {
                let d = if code.is_main {
                    self.main_globals
                } else {
                    // SAFETY: as above.
                    unsafe { compat::frame_locals_dict(frame) }
                };
                // SAFETY: as above; nothing runs while the dict is read.
                for (k, v) in unsafe { pyread::dict_items(d) } {
                    // SAFETY: as above.
                    if !unsafe { pyread::is_str(k) } {
                        continue;
                    }
                    // SAFETY: k is a live str.
                    if let Some(sym) = unsafe { self.global_name(k) } {
                        now.push((sym, v as usize));
                    }
                }
                // 3.12+ runs a comprehension written at module or class level inline:
                // its loop variable is a hidden fast local of this frame, bound while
                // it runs (and shadowing a variable of the same name), as `f_locals`
                // shows it. Earlier versions' module code has no fast locals.
                for (i, (name, kind)) in code.slots.iter().enumerate() {
                    let (Some(name), SlotKind::Local) = (name, kind) else {
                        continue;
                    };
                    // SAFETY: as above.
                    let v = unsafe { compat::fast_local(frame, i) };
                    if v.is_null() {
                        continue;
                    }
                    match now.iter_mut().find(|(n, _)| n == name) {
                        Some(slot) => slot.1 = v as usize,
                        None => now.push((*name, v as usize)),
                    }
                }
            }
            _ => {
                for (i, (name, kind)) in code.slots.iter().enumerate() {
                    let Some(name) = name else { continue };
                    if !full && *kind == SlotKind::Local {
                        if let Some(old) = self
                            .frames
                            .recs
                            .get(&addr)
                            .and_then(|r| r.vars.iter().find(|v| v.0 == *name))
                        {
                            now.push((*name, old.2));
                        }
                        continue;
                    }
                    // SAFETY: as above.
                    let v = unsafe { compat::fast_local(frame, i) };
                    // SAFETY: as above.
                    if !v.is_null() && *kind != SlotKind::Local && unsafe { pyread::is_cell(v) } {
                        if *kind == SlotKind::Cell
                            && !self.frames.cell_owner.contains_key(&(v as usize))
                        {
                            self.frames.cell_owner.insert(v as usize, fid);
                            // SAFETY: as above.
                            let base = unsafe { compat::allocation_base(v) };
                            alloc_hook::track(base);
                            self.frames.cell_bases.insert(base, v as usize);
                        }
                        // SAFETY: as above.
                        if let Some(content) = unsafe { pyread::cell_contents(v) } {
                            now.push((*name, content as usize));
                        }
                    } else if !v.is_null() {
                        now.push((*name, v as usize));
                    }
                }
            }
        }
        // Compare with what was emitted, keeping first-bound order.
        let mut new_vars = std::mem::take(&mut self.frames.scratch_vars);
        new_vars.clear();
        for &(name, p) in &now {
            // SAFETY: p is a live object referenced by the frame.
            let id = unsafe { self.visit(p as *mut ffi::PyObject) };
            new_vars.push((name, id, p));
        }
        self.frames.scratch_now = now;
        let mutable_reach = new_vars
            .iter()
            .any(|v| self.ids.objs.get(&v.2).is_none_or(|e| !e.deep_immutable));
        let Some(rec) = self.frames.recs.get_mut(&addr) else {
            return;
        };
        if full {
            rec.mutable_reach = mutable_reach;
        }
        let same_names = rec.vars.len() == new_vars.len()
            && rec.vars.iter().zip(&new_vars).all(|(o, n)| o.0 == n.0);
        if same_names {
            // The common case: the same names, some rebound.
            for (old, new) in rec.vars.iter_mut().zip(&new_vars) {
                if old.1 != new.1 {
                    self.ids.lost.push(old.2);
                    self.emit.out.record(&Record::SetVar {
                        frame: fid,
                        name: new.0,
                        value: new.1,
                    });
                }
                *old = *new;
            }
        } else {
            for (name, id, _) in &new_vars {
                match rec.vars.iter().find(|v| v.0 == *name) {
                    Some(old) if old.1 == *id => {}
                    old => {
                        if let Some(old) = old {
                            self.ids.lost.push(old.2);
                        }
                        self.emit.out.record(&Record::SetVar {
                            frame: fid,
                            name: *name,
                            value: *id,
                        })
                    }
                }
            }
            for (name, _, old) in &rec.vars {
                if !new_vars.iter().any(|v| v.0 == *name) {
                    self.ids.lost.push(*old);
                    self.emit.out.record(&Record::DelVar {
                        frame: fid,
                        name: *name,
                    });
                }
            }
            let mut ordered: Vec<(Sym, ObjId, usize)> = rec
                .vars
                .iter()
                .filter_map(|o| new_vars.iter().find(|n| n.0 == o.0).copied())
                .collect();
            for n in &new_vars {
                if !ordered.iter().any(|o| o.0 == n.0) {
                    ordered.push(*n);
                }
            }
            rec.vars = ordered;
        }
        self.frames.scratch_vars = new_vars;
    }

    /// The symbol of a module or class variable's name, or None for the names that are
    /// Python's rather than the program's (`__name__`, `__builtins__`, ...).
    ///
    /// # Safety
    /// `k` must be a live str, GIL held.
    pub(super) unsafe fn global_name(&mut self, k: *mut ffi::PyObject) -> Option<Sym> {
        if let Some(&s) = self.names.global_names.get(&(k as usize)) {
            return s;
        }
        // SAFETY: k is a live str key (name_sym keeps it alive).
        let sym = unsafe { self.name_sym(k) };
        let shown = (!self.emit.dunders.contains(&sym)).then_some(sym);
        self.names.global_names.insert(k as usize, shown);
        shown
    }

    /// Cells of exited frames that closures still use: `nonlocal` writes change what the
    /// kept frame shows.
    ///
    /// # Safety
    /// GIL held; the cells listed are alive (a cell's death removes it from the list).
    pub(super) unsafe fn read_exited_cells(&mut self) {
        for i in 0..self.frames.exited_cells.len() {
            let frame = self.frames.exited_cells[i].frame;
            for j in 0..self.frames.exited_cells[i].cells.len() {
                let (name, cell, last) = self.frames.exited_cells[i].cells[j];
                // SAFETY: the cell is alive (its death removes it from this list).
                let v = unsafe { pyread::cell_contents(cell as *mut ffi::PyObject) };
                // SAFETY: v is the cell's live content.
                let now = v.map(|v| unsafe { self.visit(v) });
                if now != last {
                    match now {
                        Some(value) => self.emit.out.record(&Record::SetVar { frame, name, value }),
                        None => self.emit.out.record(&Record::DelVar { frame, name }),
                    }
                    self.frames.exited_cells[i].cells[j].2 = now;
                }
            }
        }
    }
}
