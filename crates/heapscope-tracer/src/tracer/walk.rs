//! The walk over the objects reachable from the variables, once per step: an object
//! gets an id at first sight; a new one is emitted whole, a mutable one is read again
//! and its change emitted (a splice or its new content), an immutable one is read once
//! (but checked for CPython's reuse, `Shape`); reference counts and sizes go out when
//! they change.

use heapscope_trace::{ObjId, ObjInfo, ObjectData, Record, Refs, Sym};
use pyo3::ffi;

use super::ids::{tuple_hash, Entry, Shape};
use super::Tracer;
use crate::{alloc_hook, compat, pyread};

impl Tracer {
    /// The id of an object, recording it (and what it reaches) when new or changed.
    ///
    /// # Safety
    /// `root` must be a live object, GIL held, and no Python code may run until it returns.
    pub(super) unsafe fn visit(&mut self, root: *mut ffi::PyObject) -> ObjId {
        let id = self.id_of(root as usize);
        self.walk.work.push((root as usize, 0));
        while let Some((p, depth)) = self.walk.work.pop() {
            // SAFETY: p is reachable from a live root through strong references.
            unsafe { self.process(p, depth) };
        }
        id
    }

    pub(super) fn id_of(&mut self, p: usize) -> ObjId {
        if let Some(e) = self.ids.objs.get(&p) {
            match e.shape {
                // SAFETY: p is a live object (reached through strong references).
                Some(Shape::Float(bits)) if unsafe { float_bits(p) } != Some(bits) => {
                    // CPython freed the float we knew without its deallocator (sum() and
                    // the float opcodes put dead floats on the free list directly) and a
                    // new one took its address: it is another object.
                    self.forget_object(p, heapscope_trace::FreeCause::LastReference);
                }
                _ => return e.id,
            }
        }
        let id = ObjId(self.ids.next_obj);
        self.ids.next_obj += 1;
        self.ids.addrs.insert(id, p);
        // SAFETY: p is a live object (reached through strong references).
        let base = unsafe { compat::allocation_base(p as *mut ffi::PyObject) };
        alloc_hook::track(base);
        if base != p {
            alloc_hook::track(p);
            self.ids.by_base.insert(base, p);
        }
        self.ids.objs.insert(
            p,
            Entry {
                id,
                stamp: 0,
                deep_immutable: false,
                cache: None,
                parent_frame: None,
                base,
                info: None,
                shape: None,
            },
        );
        id
    }

    /// Reads an object with an id once per step: emits it when new, its changes when
    /// mutable, and its reference count and size when they changed.
    ///
    /// # Safety
    /// `p` must be a live object (reached from a root through strong references), GIL held.
    pub(super) unsafe fn process(&mut self, p: usize, depth: u32) {
        let stamp = self.walk.stamp;
        let Some(e) = self.ids.objs.get_mut(&p) else {
            return;
        };
        if e.stamp == stamp {
            return;
        }
        let old_shape = e.shape;
        if e.deep_immutable && e.cache.is_none() && e.stamp != 0 {
            let refilled = match old_shape {
                // SAFETY: p is live (see visit) and was a tuple when read.
                Some(Shape::Tuple(h)) => (unsafe { self.tuple_shape(p) }) != Some(h),
                _ => false,
            };
            if !refilled {
                // Nothing in it can change, but its reference count can.
                if let Some(e) = self.ids.objs.get_mut(&p) {
                    e.stamp = stamp;
                }
                // SAFETY: p is live (see visit).
                unsafe { self.note_info(p, None) };
                return;
            }
        }
        let Some(e) = self.ids.objs.get_mut(&p) else {
            return;
        };
        let first = e.stamp == 0;
        e.stamp = stamp;
        let id = e.id;
        self.walk.children_deep = true;
        // SAFETY: p is live (see visit).
        let data = unsafe { self.read(p as *mut ffi::PyObject, depth, id) };
        let mutable = data.is_mutable();
        let instance = matches!(data, ObjectData::Instance { .. });
        // Settled lazily: a tuple of new objects becomes deep-immutable on a later visit,
        // once its children are known to be.
        let deep = !mutable && self.walk.children_deep;
        let shape = Shape::of(&data);
        let Some(e) = self.ids.objs.get_mut(&p) else {
            return;
        };
        e.deep_immutable = deep;
        e.shape = shape;
        if !first && !mutable && shape != old_shape {
            // A tuple CPython refilled in place (dict.items(), zip and enumerate reuse
            // their result tuple once nothing else holds it): same object, new content.
            self.emit.out.record(&Record::ObjSet { id, data });
            // SAFETY: p is live.
            unsafe { self.note_info(p, None) };
            return;
        }
        if first {
            if let ObjectData::Function {
                parent_frame: Some(f),
                ..
            } = &data
            {
                e.parent_frame = Some(*f);
                *self.ids.parent_refs.entry(*f).or_default() += 1;
            }
            let cache = mutable.then(|| data.clone());
            let Some(e) = self.ids.objs.get_mut(&p) else {
                return;
            };
            e.cache = cache;
            self.emit.out.record(&Record::ObjNew { id, data });
            // SAFETY: p is live.
            unsafe { self.note_info(p, Some(instance)) };
        } else if mutable {
            let old = e.cache.take();
            let resized = match old {
                Some(old) if old == data => {
                    e.cache = Some(old);
                    None
                }
                Some(old) => {
                    let rec = diff(id, &old, &data);
                    self.emit.out.record(&rec);
                    self.note_lost(&old, &data);
                    if let Some(e) = self.ids.objs.get_mut(&p) {
                        e.cache = Some(data);
                    }
                    Some(instance)
                }
                None => {
                    e.cache = Some(data.clone());
                    self.emit.out.record(&Record::ObjSet { id, data });
                    Some(instance)
                }
            };
            // SAFETY: p is live.
            unsafe { self.note_info(p, resized) };
        } else {
            // SAFETY: p is live.
            unsafe { self.note_info(p, None) };
        }
    }

    /// Emits an object's reference count and size when they changed. Sizes are measured
    /// again only when `measure` is set (new or changed content; `Some(true)` for an
    /// instance, whose attribute dict is measured too).
    ///
    /// # Safety
    /// `p` must be a live object with an entry.
    pub(super) unsafe fn note_info(&mut self, p: usize, measure: Option<bool>) {
        let o = p as *mut ffi::PyObject;
        // SAFETY: o is live.
        let refs = unsafe { program_refs(p, &self.names.name_syms) };
        let Some(old) = self.ids.objs.get(&p).map(|e| e.info) else {
            return;
        };
        let (size, hidden) = match (old, measure) {
            (Some(old), None) => (old.size, old.hidden),
            (_, measure) => {
                // SAFETY: o is live; own_size runs no user code.
                unsafe {
                    let size = self.own_size(o);
                    let hidden = if measure == Some(true) {
                        self.instance_dict_size(o)
                    } else {
                        0
                    };
                    (size, hidden)
                }
            }
        };
        let info = ObjInfo { refs, size, hidden };
        if old != Some(info) {
            if let Some(e) = self.ids.objs.get_mut(&p) {
                e.info = Some(info);
                let id = e.id;
                self.emit.out.record(&Record::ObjInfo { id, info });
            }
        }
    }

    /// Notes the objects `old` referred to that `new` no longer does.
    fn note_lost(&mut self, old: &ObjectData, new: &ObjectData) {
        if let (ObjectData::Seq(_, a), ObjectData::Seq(_, b)) = (old, new) {
            // An append (or an assignment of equal items) keeps every old item in place:
            // nothing to look for, and no set of the new items to build at every step.
            let (prefix, suffix) = common_ends(&a.items, &b.items);
            if prefix + suffix == a.items.len() {
                return;
            }
        }
        let kept: rustc_hash::FxHashSet<ObjId> = new.children().into_iter().collect();
        old.for_each_child(|c| {
            if !kept.contains(&c) {
                if let Some(&p) = self.ids.addrs.get(&c) {
                    self.ids.lost.push(p);
                }
            }
        });
    }

    /// The size of an instance's attribute dict, when it has a real one.
    ///
    /// # Safety
    /// `o` must be a live object, GIL held.
    unsafe fn instance_dict_size(&mut self, o: *mut ffi::PyObject) -> u64 {
        // SAFETY: o is live; its dict is alive while it is.
        unsafe { pyread::instance_dict(o).map_or(0, |d| self.own_size(d)) }
    }

    /// `sys.getsizeof(o)` without running code (`compat::own_size`); the interned name
    /// `__sizeof__` it looks up is made on first use and kept for the run.
    ///
    /// # Safety
    /// `o` must be a live object, GIL held, no exception set.
    pub(super) unsafe fn own_size(&mut self, o: *mut ffi::PyObject) -> u64 {
        if self.sizeof_name.is_null() {
            // SAFETY: an interned str we keep for the whole run.
            self.sizeof_name = unsafe { pyread::intern(c"__sizeof__") };
        }
        // SAFETY: per the contract; own_size runs no user code.
        unsafe { compat::own_size(o, self.sizeof_name) }
    }

    /// The id for a child pointer, queueing it for reading.
    pub(super) fn child(&mut self, c: *mut ffi::PyObject, depth: u32) -> ObjId {
        let p = c as usize;
        // SAFETY: p is held by the object being read.
        if let Some(id) = unsafe { self.settled_child(p) } {
            return id;
        }
        if depth + 1 >= self.cfg.max_depth && !self.ids.objs.contains_key(&p) {
            self.walk.children_deep = false;
            return ObjId(0);
        }
        let id = self.id_of(p);
        let (needs, deep) = self.ids.objs.get(&p).map_or((false, false), |e| {
            (
                e.stamp != self.walk.stamp && !(e.deep_immutable && e.stamp != 0),
                e.deep_immutable,
            )
        });
        self.walk.children_deep &= deep;
        if needs {
            self.walk.work.push((p, depth + 1));
        } else if deep {
            // SAFETY: p is held by the object being read.
            unsafe { self.process(p, depth + 1) };
        }
        id
    }
}

impl Tracer {
    /// The id of a child read at an earlier step that nothing can change (an int, a str,
    /// a tuple of those: deep-immutable, and neither a float nor a tuple, which CPython
    /// may refill at the same address), its reference count emitted when it changed; None
    /// for any other object, which `child` handles in full.
    ///
    /// The same as `id_of` then `process` do for such an object (`process` only stamps
    /// it and calls `note_info` without measuring), records included, but with one map
    /// look-up instead of five: a list of 100,000 ints is met item by item at every step.
    ///
    /// # Safety
    /// `p` must be a live object (held by the object being read), GIL held.
    unsafe fn settled_child(&mut self, p: usize) -> Option<ObjId> {
        let stamp = self.walk.stamp;
        let e = self.ids.objs.get_mut(&p)?;
        if !(e.deep_immutable && e.stamp != 0 && e.cache.is_none() && e.shape.is_none()) {
            return None;
        }
        let old = e.info?;
        if e.stamp != stamp {
            e.stamp = stamp;
            // SAFETY: p is live (per the contract).
            let refs = unsafe { program_refs(p, &self.names.name_syms) };
            if refs != old.refs {
                let info = ObjInfo { refs, ..old };
                e.info = Some(info);
                let id = e.id;
                self.emit.out.record(&Record::ObjInfo { id, info });
            }
        }
        Some(e.id)
    }
}

/// An object's reference count as the program sees it: the names we keep alive (strs)
/// hold one reference that is ours, not the program's.
///
/// # Safety
/// `p` must be a live object, GIL held.
unsafe fn program_refs(p: usize, name_syms: &rustc_hash::FxHashMap<usize, Sym>) -> Refs {
    let o = p as *mut ffi::PyObject;
    // SAFETY: o is live (per the contract).
    let refs = unsafe { compat::refs(o) };
    if let Refs::Count(n) = refs {
        // SAFETY: o is live.
        if unsafe { pyread::is_exact_str(o) } && name_syms.contains_key(&p) {
            return Refs::Count(n.saturating_sub(1).max(1));
        }
    }
    refs
}

/// Tuples longer than this are not re-checked when reached unchanged (the iterators that
/// refill a tuple do so with their small result tuples; a big tuple held in a variable
/// must not cost its length at every step).
const RECHECK_TUPLE_MAX: usize = 64;

/// A float's bits, or None when `p` is not a float.
///
/// # Safety
/// `p` must be a live object.
unsafe fn float_bits(p: usize) -> Option<u64> {
    // SAFETY: forwarded.
    unsafe { pyread::float_value(p as *mut ffi::PyObject) }.map(f64::to_bits)
}

impl Tracer {
    /// The shape a tuple has now, from its items' known ids: None when it is too long to
    /// check cheaply (taken as unchanged) or holds an object we have no id for (changed).
    ///
    /// # Safety
    /// `p` must be a live tuple.
    unsafe fn tuple_shape(&self, p: usize) -> Option<u64> {
        let o = p as *mut ffi::PyObject;
        // SAFETY: o is live (for every block below); a tuple's items are read from its
        // own storage, within its length.
        if !unsafe { pyread::is_tuple(o) } {
            return None;
        }
        // SAFETY: as above.
        let n = unsafe { pyread::tuple_len(o) };
        let max = self.cfg.max_items as usize;
        if n > RECHECK_TUPLE_MAX {
            return self.ids.objs.get(&p).and_then(|e| match e.shape {
                Some(Shape::Tuple(h)) => Some(h),
                _ => None,
            });
        }
        let mut ids = Vec::with_capacity(n.min(max));
        let keep = |i: usize| n <= max || i < max - (max / 5).max(1) || i >= n - (max / 5).max(1);
        for i in (0..n).filter(|&i| keep(i)) {
            // SAFETY: as above.
            let item = unsafe { pyread::tuple_item(o, i) } as usize;
            ids.push(self.ids.objs.get(&item)?.id);
        }
        Some(tuple_hash(n, ids.into_iter()))
    }
}

/// A record that turns `old` into `new`: a splice when only one run of a sequence's items
/// changed (an append, a pop, one assignment), otherwise the whole new content.
fn diff(id: ObjId, old: &ObjectData, new: &ObjectData) -> Record {
    if let (ObjectData::Seq(ka, a), ObjectData::Seq(kb, b)) = (old, new) {
        if ka == kb {
            let (prefix, suffix) = common_ends(&a.items, &b.items);
            let remove = a.items.len() - prefix - suffix;
            let insert = b.items[prefix..b.items.len() - suffix].to_vec();
            if insert.len() + remove < b.items.len() || b.items.len() < 4 {
                return Record::ObjSplice {
                    id,
                    len: b.len,
                    gap_at: b.gap_at,
                    at: prefix as u32,
                    remove: remove as u32,
                    insert,
                };
            }
        }
    }
    Record::ObjSet {
        id,
        data: new.clone(),
    }
}

/// How many items `a` and `b` share at their start, then at their end (not counting the
/// start's again).
fn common_ends(a: &[ObjId], b: &[ObjId]) -> (usize, usize) {
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let max_suffix = a.len().min(b.len()) - prefix;
    let suffix = (a.iter().rev().zip(b.iter().rev()))
        .take(max_suffix)
        .take_while(|(x, y)| x == y)
        .count();
    (prefix, suffix)
}
