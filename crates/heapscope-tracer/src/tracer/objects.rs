//! Giving objects ids and reading their content through the C API only: raw storage of
//! builtin types, never the program's own methods. A mutable object is re-read when
//! reached and compared with what was last emitted; a new one is emitted whole.

use std::ffi::c_int;

use heapscope_trace::{
    DictData, GeneratorState, IntValue, ObjId, ObjInfo, ObjectData, Record, Refs, SeqKind,
    Sequence, Sym, TextValue,
};
use pyo3::ffi;

use super::{is_dunder, Entry, Tracer};
use crate::{alloc_hook, compat, pyread};

impl Tracer {
    /// The id of an object, recording it (and what it reaches) when new or changed.
    pub(super) unsafe fn visit(&mut self, root: *mut ffi::PyObject) -> ObjId {
        let id = self.id_of(root as usize);
        self.work.push((root as usize, 0));
        while let Some((p, depth)) = self.work.pop() {
            // SAFETY: p is reachable from a live root through strong references.
            unsafe { self.process(p, depth) };
        }
        id
    }

    pub(super) fn id_of(&mut self, p: usize) -> ObjId {
        if let Some(e) = self.objs.get(&p) {
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
        let id = ObjId(self.next_obj);
        self.next_obj += 1;
        self.addrs.insert(id, p);
        // SAFETY: p is a live object (reached through strong references).
        let base = unsafe { compat::allocation_base(p as *mut ffi::PyObject) };
        alloc_hook::track(base);
        if base != p {
            alloc_hook::track(p);
            self.by_base.insert(base, p);
        }
        self.objs.insert(
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

    pub(super) unsafe fn process(&mut self, p: usize, depth: u32) {
        let stamp = self.stamp;
        let Some(e) = self.objs.get_mut(&p) else {
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
                if let Some(e) = self.objs.get_mut(&p) {
                    e.stamp = stamp;
                }
                // SAFETY: p is live (see visit).
                unsafe { self.note_info(p, None) };
                return;
            }
        }
        let Some(e) = self.objs.get_mut(&p) else {
            return;
        };
        let first = e.stamp == 0;
        e.stamp = stamp;
        let id = e.id;
        self.children_deep = true;
        // SAFETY: p is live (see visit).
        let data = unsafe { self.read(p as *mut ffi::PyObject, depth, id) };
        let mutable = data.is_mutable();
        let instance = matches!(data, ObjectData::Instance { .. });
        // Settled lazily: a tuple of new objects becomes deep-immutable on a later visit,
        // once its children are known to be.
        let deep = !mutable && self.children_deep;
        let shape = Shape::of(&data);
        let Some(e) = self.objs.get_mut(&p) else {
            return;
        };
        e.deep_immutable = deep;
        e.shape = shape;
        if !first && !mutable && shape != old_shape {
            // A tuple CPython refilled in place (dict.items(), zip and enumerate reuse
            // their result tuple once nothing else holds it): same object, new content.
            self.out.record(&Record::ObjSet { id, data });
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
                *self.parent_refs.entry(*f).or_default() += 1;
            }
            let cache = mutable.then(|| data.clone());
            let Some(e) = self.objs.get_mut(&p) else {
                return;
            };
            e.cache = cache;
            self.out.record(&Record::ObjNew { id, data });
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
                    self.out.record(&rec);
                    self.note_lost(&old, &data);
                    if let Some(e) = self.objs.get_mut(&p) {
                        e.cache = Some(data);
                    }
                    Some(instance)
                }
                None => {
                    e.cache = Some(data.clone());
                    self.out.record(&Record::ObjSet { id, data });
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
        let mut refs = unsafe { compat::refs(o) };
        // Names we keep alive (strs) hold one reference that is ours, not the program's.
        if let Refs::Count(n) = refs {
            // SAFETY: o is live.
            if unsafe { ffi::PyUnicode_CheckExact(o) } != 0 && self.name_syms.contains_key(&p) {
                refs = Refs::Count(n.saturating_sub(1).max(1));
            }
        }
        let Some(old) = self.objs.get(&p).map(|e| e.info) else {
            return;
        };
        let (size, hidden) = match (old, measure) {
            (Some(old), None) => (old.size, old.hidden),
            (_, measure) => {
                if self.sizeof_name.is_null() {
                    // SAFETY: an interned str we keep for the whole run.
                    self.sizeof_name =
                        unsafe { ffi::PyUnicode_InternFromString(c"__sizeof__".as_ptr()) };
                }
                // SAFETY: o is live; own_size runs no user code.
                unsafe {
                    let size = compat::own_size(o, self.sizeof_name);
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
            if let Some(e) = self.objs.get_mut(&p) {
                e.info = Some(info);
                let id = e.id;
                self.out.record(&Record::ObjInfo { id, info });
            }
        }
    }

    /// Notes the objects `old` referred to that `new` no longer does.
    fn note_lost(&mut self, old: &ObjectData, new: &ObjectData) {
        let kept: rustc_hash::FxHashSet<ObjId> = new.children().into_iter().collect();
        old.for_each_child(|c| {
            if !kept.contains(&c) {
                if let Some(&p) = self.addrs.get(&c) {
                    self.lost.push(p);
                }
            }
        });
    }

    /// The size of an instance's attribute dict, when it has a real one.
    unsafe fn instance_dict_size(&self, o: *mut ffi::PyObject) -> u64 {
        // SAFETY: o is live; the dict pointer is read as read_instance reads it.
        unsafe {
            if (*ffi::Py_TYPE(o)).tp_dictoffset == 0 {
                return 0;
            }
            let dp = compat::_PyObject_GetDictPtr(o);
            if dp.is_null() {
                ffi::PyErr_Clear();
                return 0;
            }
            if (*dp).is_null() {
                0
            } else {
                compat::own_size(*dp, self.sizeof_name)
            }
        }
    }

    /// The id for a child pointer, queueing it for reading.
    pub(super) fn child(&mut self, c: *mut ffi::PyObject, depth: u32) -> ObjId {
        let p = c as usize;
        if depth + 1 >= self.cfg.max_depth && !self.objs.contains_key(&p) {
            self.children_deep = false;
            return ObjId(0);
        }
        let id = self.id_of(p);
        let (needs, deep) = self.objs.get(&p).map_or((false, false), |e| {
            (
                e.stamp != self.stamp && !(e.deep_immutable && e.stamp != 0),
                e.deep_immutable,
            )
        });
        self.children_deep &= deep;
        if needs {
            self.work.push((p, depth + 1));
        } else if deep {
            // SAFETY: p is held by the object being read.
            unsafe { self.process(p, depth + 1) };
        }
        id
    }

    /// Reads one object's content.
    pub(super) unsafe fn read(
        &mut self,
        o: *mut ffi::PyObject,
        depth: u32,
        id: ObjId,
    ) -> ObjectData {
        // SAFETY: o is live; forwarded.
        unsafe {
            if builtin_subclass(o) {
                // numpy's float64 subclasses float: drawn as numpy's scalar, not as a
                // float subclass's instance.
                if let Some(data) = self.read_numpy_scalar(o) {
                    return data;
                }
                return self.read_derived(o, depth, id);
            }
            self.read_plain(o, depth, id)
        }
    }

    /// An instance of a subclass of a builtin type: its builtin part (read as the builtin
    /// type's storage), its class and its attributes, C fields of library classes
    /// included (`defaultdict.default_factory`). Nothing of the class's code runs.
    ///
    /// # Safety
    /// `o` must be a live object for which `builtin_subclass` holds.
    unsafe fn read_derived(&mut self, o: *mut ffi::PyObject, depth: u32, id: ObjId) -> ObjectData {
        // SAFETY: o is live; the builtin part is read as read_plain reads the base type;
        // C members are read at the offsets their own type declares, for an instance of it.
        unsafe {
            let base = self.read_plain(o, depth, id);
            let t = ffi::Py_TYPE(o);
            let ObjectData::Instance {
                type_name,
                class,
                mut attrs,
            } = self.read_instance(o, t, depth)
            else {
                return base;
            };
            let mro = (*t).tp_mro;
            if !mro.is_null() && ffi::PyTuple_Check(mro) != 0 {
                for b in pyread::tuple_items(mro) {
                    let bt = b as *mut ffi::PyTypeObject;
                    // C fields of the classes between: static types, and from 3.12 heap
                    // types made in C too (`defaultdict`); a Python class's `__slots__`
                    // are among its instance's attributes already.
                    if (*bt).tp_members.is_null() || is_builtin_base(bt) {
                        continue;
                    }
                    let mut m = (*bt).tp_members;
                    while !(*m).name.is_null() {
                        const T_OBJECT: c_int = 6;
                        const T_OBJECT_EX: c_int = 16;
                        if matches!((*m).type_code, T_OBJECT | T_OBJECT_EX) {
                            let name = std::ffi::CStr::from_ptr((*m).name)
                                .to_string_lossy()
                                .into_owned();
                            let v =
                                *((o as *mut u8).offset((*m).offset) as *mut *mut ffi::PyObject);
                            if !v.is_null() && !is_dunder(&name) {
                                let s = self.sym(&name);
                                if !attrs.iter().any(|a| a.0 == s) {
                                    attrs.push((s, self.child(v, depth)));
                                }
                            }
                        }
                        m = m.add(1);
                    }
                }
            }
            ObjectData::Derived {
                type_name,
                class,
                base: Box::new(base),
                attrs,
            }
        }
    }

    /// Reads one object's content as its builtin base type would be read.
    unsafe fn read_plain(&mut self, o: *mut ffi::PyObject, depth: u32, id: ObjId) -> ObjectData {
        // SAFETY: o is live; each branch reads only raw storage of the builtin type it
        // checked for.
        unsafe {
            if o == ffi::Py_None() {
                return ObjectData::None;
            }
            let t = ffi::Py_TYPE(o);
            if t == std::ptr::addr_of_mut!(ffi::PyBool_Type) {
                return ObjectData::Bool(o == ffi::Py_True());
            }
            if ffi::PyLong_Check(o) != 0 {
                return read_int(o);
            }
            if ffi::PyFloat_Check(o) != 0 {
                return ObjectData::Float(ffi::PyFloat_AS_DOUBLE(o));
            }
            if ffi::PyUnicode_Check(o) != 0 {
                let (text, len) = pyread::str_text(o, self.cfg.max_chars as usize);
                return ObjectData::Str(TextValue { text, len });
            }
            if ffi::PyList_Check(o) != 0 {
                let n = ffi::PyList_GET_SIZE(o) as usize;
                let seq =
                    self.read_seq(n, depth, |i| ffi::PyList_GET_ITEM(o, i as ffi::Py_ssize_t));
                return ObjectData::Seq(SeqKind::List, seq);
            }
            if ffi::PyTuple_Check(o) != 0 {
                let n = ffi::PyTuple_GET_SIZE(o) as usize;
                let seq =
                    self.read_seq(n, depth, |i| ffi::PyTuple_GET_ITEM(o, i as ffi::Py_ssize_t));
                return ObjectData::Seq(SeqKind::Tuple, seq);
            }
            if ffi::PyDict_Check(o) != 0 {
                return self.read_dict(o, depth);
            }
            if ffi::PyAnySet_Check(o) != 0 {
                let mut items = Vec::new();
                let mut pos: ffi::Py_ssize_t = 0;
                let mut key = std::ptr::null_mut();
                let mut hash: ffi::Py_hash_t = 0;
                while compat::_PySet_NextEntry(o, &mut pos, &mut key, &mut hash) != 0 {
                    items.push(key);
                }
                let seq = self.read_seq(items.len(), depth, |i| items[i]);
                let kind = if ffi::PyFrozenSet_Check(o) != 0 {
                    SeqKind::FrozenSet
                } else {
                    SeqKind::Set
                };
                return ObjectData::Seq(kind, seq);
            }
            if ffi::PyBytes_Check(o) != 0 || ffi::PyByteArray_Check(o) != 0 {
                let mutable = ffi::PyByteArray_Check(o) != 0;
                let (ptr, n) = if mutable {
                    (
                        ffi::PyByteArray_AS_STRING(o) as *const u8,
                        ffi::PyByteArray_GET_SIZE(o) as usize,
                    )
                } else {
                    (
                        ffi::PyBytes_AS_STRING(o) as *const u8,
                        ffi::PyBytes_Size(o) as usize,
                    )
                };
                let keep = n.min(self.cfg.max_chars as usize);
                let data = if keep == 0 {
                    vec![]
                } else {
                    std::slice::from_raw_parts(ptr, keep).to_vec()
                };
                return ObjectData::Bytes {
                    mutable,
                    data,
                    len: n as u64,
                };
            }
            if ffi::PyComplex_Check(o) != 0 {
                let c = (*(o as *mut ffi::PyComplexObject)).cval;
                return ObjectData::Complex {
                    re: c.real,
                    im: c.imag,
                };
            }
            if t == std::ptr::addr_of_mut!(ffi::PyRange_Type) {
                let [a, b, c] = compat::range_fields(o);
                let get = |v: *mut ffi::PyObject| {
                    let mut of = 0;
                    let x = ffi::PyLong_AsLongLongAndOverflow(v, &mut of);
                    if of != 0 {
                        ffi::PyErr_Clear();
                    }
                    x
                };
                return ObjectData::Range {
                    start: get(a),
                    stop: get(b),
                    step: get(c),
                };
            }
            if ffi::PyFunction_Check(o) != 0 {
                return self.read_function(o, depth, id);
            }
            if t == std::ptr::addr_of_mut!(compat::PyMethod_Type) {
                let func = self.child(compat::PyMethod_Function(o), depth);
                let receiver = self.child(compat::PyMethod_Self(o), depth);
                return ObjectData::BoundMethod { func, receiver };
            }
            if ffi::PyCFunction_Check(o) != 0 {
                let f = o as *mut ffi::PyCFunctionObject;
                let name = std::ffi::CStr::from_ptr((*(*f).m_ml).ml_name)
                    .to_string_lossy()
                    .into_owned();
                let selfp = (*f).m_self;
                let receiver = if selfp.is_null() || ffi::PyModule_Check(selfp) != 0 {
                    None
                } else {
                    Some(self.child(selfp, depth))
                };
                let name = self.sym(&name);
                return ObjectData::Builtin { name, receiver };
            }
            if ffi::PyType_Check(o) != 0 {
                return self.read_class(o as *mut ffi::PyTypeObject, depth);
            }
            if ffi::PyModule_Check(o) != 0 {
                let n = ffi::PyModule_GetName(o);
                let name = if n.is_null() {
                    ffi::PyErr_Clear();
                    "?".to_owned()
                } else {
                    std::ffi::CStr::from_ptr(n).to_string_lossy().into_owned()
                };
                return ObjectData::Module {
                    name: self.sym(&name),
                };
            }
            if ffi::PyGen_Check(o) != 0 || ffi::PyCoro_CheckExact(o) != 0 {
                return self.read_generator(o);
            }
            if let Some(data) = self.read_library(o, depth) {
                return data;
            }
            if let Some(data) = self.read_opaque(o, t) {
                return data;
            }
            if pyread::is_heap_type(t) {
                return self.read_instance(o, t, depth);
            }
            let type_name = self.sym(&pyread::type_qualname(t));
            let summary = if ffi::PyExceptionInstance_Check(o) != 0 {
                pyread::exception_message(o)
            } else {
                String::new()
            };
            ObjectData::Other { type_name, summary }
        }
    }

    pub(super) fn read_seq(
        &mut self,
        n: usize,
        depth: u32,
        item: impl Fn(usize) -> *mut ffi::PyObject,
    ) -> Sequence {
        let max = self.cfg.max_items as usize;
        if n <= max {
            let items = (0..n).map(|i| self.child(item(i), depth)).collect();
            Sequence::full(items)
        } else {
            let tail = (max / 5).max(1);
            let head = max - tail;
            let mut items: Vec<ObjId> = (0..head).map(|i| self.child(item(i), depth)).collect();
            items.extend((n - tail..n).map(|i| self.child(item(i), depth)));
            Sequence {
                len: n as u64,
                items,
                gap_at: head as u32,
            }
        }
    }

    pub(super) unsafe fn read_dict(&mut self, d: *mut ffi::PyObject, depth: u32) -> ObjectData {
        // SAFETY: d is a live dict; nothing runs Python code while it is read.
        let all: Vec<_> = unsafe { pyread::dict_items(d) }.collect();
        let max = self.cfg.max_items as usize;
        let n = all.len();
        let (keep, gap): (Vec<usize>, usize) = if n <= max {
            ((0..n).collect(), n)
        } else {
            let tail = (max / 5).max(1);
            ((0..max - tail).chain(n - tail..n).collect(), max - tail)
        };
        let entries = keep
            .into_iter()
            .map(|i| (self.child(all[i].0, depth), self.child(all[i].1, depth)))
            .collect();
        ObjectData::Dict(DictData {
            len: n as u64,
            entries,
            gap_at: gap as u32,
        })
    }

    pub(super) unsafe fn read_function(
        &mut self,
        o: *mut ffi::PyObject,
        depth: u32,
        id: ObjId,
    ) -> ObjectData {
        // SAFETY: o is a function object; its fields are read directly.
        unsafe {
            let f = o as *mut ffi::PyFunctionObject;
            let code = (*f).func_code;
            let info = self.code_info(code);
            let qual = (*f).func_qualname;
            let name = if !qual.is_null() && ffi::PyUnicode_Check(qual) != 0 {
                self.name_sym(qual)
            } else {
                Sym(0)
            };
            if info.is_none() {
                // A library's function: one box naming it and its module.
                let m = (*f).func_module;
                let module = if !m.is_null() && ffi::PyUnicode_Check(m) != 0 {
                    pyread::str_full(m)
                } else {
                    "?".to_owned()
                };
                let module = self.sym(&module);
                let type_name = self.sym("function");
                return ObjectData::Imported {
                    class: false,
                    name,
                    module,
                    type_name,
                    members: Vec::new(),
                };
            }
            let signature = match &info {
                Some(i) => i.signature,
                None => {
                    let n = (*f).func_name;
                    let n = if !n.is_null() && ffi::PyUnicode_Check(n) != 0 {
                        pyread::str_full(n)
                    } else {
                        "?".into()
                    };
                    self.sym(&format!("{n}(...)"))
                }
            };
            let mut defaults = Vec::new();
            let d = (*f).func_defaults;
            if !d.is_null() && ffi::PyTuple_Check(d) != 0 {
                for item in pyread::tuple_items(d) {
                    defaults.push(self.child(item, depth));
                }
            }
            for (_, v) in pyread::dict_items((*f).func_kwdefaults) {
                defaults.push(self.child(v, depth));
            }
            let mut cells = Vec::new();
            let mut cell_ptrs = Vec::new();
            let cl = (*f).func_closure;
            if !cl.is_null() && ffi::PyTuple_Check(cl) != 0 {
                let names = info
                    .as_ref()
                    .map(|i| i.freevars.clone())
                    .unwrap_or_default();
                for (i, cell) in pyread::tuple_items(cl).into_iter().enumerate() {
                    cell_ptrs.push(cell as usize);
                    if ffi::PyCell_Check(cell) != 0 {
                        let v = (*(cell as *mut ffi::PyCellObject)).ob_ref;
                        if !v.is_null() {
                            let name = names.get(i).copied().unwrap_or(Sym(0));
                            cells.push((name, self.child(v, depth)));
                        }
                    }
                }
            }
            let _ = id;
            // Decided once, when the function is first seen: where it was defined.
            let parent_frame = match self.objs.get(&(o as usize)) {
                Some(e) if e.stamp != 0 && e.cache.is_some() => e.parent_frame,
                _ => {
                    let qual = self.sym_text(name).to_owned();
                    self.defining_frame(&qual, &cell_ptrs)
                }
            };
            ObjectData::Function {
                name,
                signature,
                parent_frame,
                defaults,
                cells,
            }
        }
    }

    pub(super) unsafe fn read_class(
        &mut self,
        t: *mut ffi::PyTypeObject,
        depth: u32,
    ) -> ObjectData {
        // SAFETY: t is a live type; tp_bases and tp_dict are read directly.
        unsafe {
            if let Some(module) = self.foreign_module(t) {
                let name = self.sym(&pyread::type_qualname(t));
                let module = self.sym(&module);
                let type_name = self.sym(&pyread::type_qualname(ffi::Py_TYPE(
                    t as *mut ffi::PyObject,
                )));
                return ObjectData::Imported {
                    class: true,
                    name,
                    module,
                    type_name,
                    members: self.class_members(t),
                };
            }
            let name = self.sym(&pyread::type_qualname(t));
            let mut bases = Vec::new();
            let mut base_names = Vec::new();
            let b = (*t).tp_bases;
            if !b.is_null() && ffi::PyTuple_Check(b) != 0 {
                for base in pyread::tuple_items(b) {
                    let bt = base as *mut ffi::PyTypeObject;
                    base_names.push(self.sym(&pyread::type_qualname(bt)));
                    if pyread::is_heap_type(bt) {
                        bases.push(self.child(base, depth));
                    }
                }
            }
            let mut attrs = Vec::new();
            if pyread::is_heap_type(t) {
                for (k, v) in pyread::dict_items((*t).tp_dict) {
                    if ffi::PyUnicode_Check(k) == 0 {
                        continue;
                    }
                    let sym = self.name_sym(k);
                    let dunder = is_dunder(self.sym_text(sym));
                    if dunder && ffi::PyFunction_Check(v) == 0 {
                        continue;
                    }
                    attrs.push((sym, self.child(v, depth)));
                }
            }
            let meta = ffi::Py_TYPE(t as *mut ffi::PyObject);
            let metaclass = (meta != std::ptr::addr_of_mut!(ffi::PyType_Type))
                .then(|| self.sym(&pyread::type_qualname(meta)));
            ObjectData::Class {
                name,
                bases,
                base_names,
                attrs,
                metaclass,
            }
        }
    }

    /// The module a class was defined in, when that is not one of the program's files
    /// (None for the program's own classes).
    ///
    /// # Safety
    /// `t` must be a live type, GIL held.
    pub(super) unsafe fn foreign_module(&mut self, t: *mut ffi::PyTypeObject) -> Option<String> {
        // SAFETY: `__module__` is read from the type's own dict (a plain dict lookup with a
        // str key: no user code), else from the C name (`collections.defaultdict`).
        let module = unsafe {
            let d = (*t).tp_dict;
            let m = if pyread::is_heap_type(t) && !d.is_null() {
                ffi::PyDict_GetItemString(d, c"__module__".as_ptr())
            } else {
                std::ptr::null_mut()
            };
            if !m.is_null() && ffi::PyUnicode_Check(m) != 0 {
                pyread::str_full(m)
            } else {
                let full = pyread::type_name(t);
                match full.rsplit_once('.') {
                    Some((module, _)) => module.to_owned(),
                    None => "builtins".to_owned(),
                }
            }
        };
        // SAFETY: forwarded.
        (!unsafe { self.is_user_module(&module) }).then_some(module)
    }

    /// True when the module of this name is the program's file or one beside it.
    ///
    /// # Safety
    /// GIL held.
    unsafe fn is_user_module(&mut self, module: &str) -> bool {
        if module == "__main__" {
            return true;
        }
        if let Some(&u) = self.user_modules.get(module) {
            return u;
        }
        // SAFETY: sys.modules and a module's dict are plain dicts; `__file__` is a str
        // read without running code.
        let user = unsafe {
            let Ok(name) = std::ffi::CString::new(module) else {
                return false;
            };
            let modules = ffi::PyImport_GetModuleDict();
            let m = ffi::PyDict_GetItemString(modules, name.as_ptr());
            let file = if !m.is_null() && ffi::PyModule_Check(m) != 0 {
                ffi::PyDict_GetItemString(ffi::PyModule_GetDict(m), c"__file__".as_ptr())
            } else {
                std::ptr::null_mut()
            };
            if file.is_null() || ffi::PyUnicode_Check(file) == 0 {
                false
            } else {
                let path = pyread::str_full(file);
                path == self.cfg.path
                    || (!self.cfg.user_dir.is_empty()
                        && path.starts_with(&format!("{}/", self.cfg.user_dir))
                        && !path.contains("site-packages"))
            }
        };
        self.user_modules.insert(module.to_owned(), user);
        user
    }

    pub(super) unsafe fn read_instance(
        &mut self,
        o: *mut ffi::PyObject,
        t: *mut ffi::PyTypeObject,
        depth: u32,
    ) -> ObjectData {
        // SAFETY: o is an instance of the heap type t; __slots__ are read through the
        // member offsets of each heap type in the MRO, the dict through its pointer.
        unsafe {
            let type_name = self.sym(&pyread::type_qualname(t));
            let class = Some(self.child(t as *mut ffi::PyObject, depth));
            let mut attrs = Vec::new();
            let mro = (*t).tp_mro;
            if !mro.is_null() && ffi::PyTuple_Check(mro) != 0 {
                for base in pyread::tuple_items(mro) {
                    let bt = base as *mut ffi::PyTypeObject;
                    if !pyread::is_heap_type(bt) || (*bt).tp_members.is_null() {
                        continue;
                    }
                    let mut m = (*bt).tp_members;
                    while !(*m).name.is_null() {
                        const T_OBJECT_EX: c_int = 16;
                        if (*m).type_code == T_OBJECT_EX && (*m).flags & ffi::Py_READONLY == 0 {
                            let name = std::ffi::CStr::from_ptr((*m).name)
                                .to_string_lossy()
                                .into_owned();
                            if !is_dunder(&name) {
                                let v = *((o as *mut u8).offset((*m).offset)
                                    as *mut *mut ffi::PyObject);
                                if !v.is_null() {
                                    let s = self.sym(&name);
                                    attrs.push((s, self.child(v, depth)));
                                }
                            }
                        }
                        m = m.add(1);
                    }
                }
            }
            if (*t).tp_dictoffset != 0 {
                let dp = compat::_PyObject_GetDictPtr(o);
                if dp.is_null() {
                    ffi::PyErr_Clear();
                } else {
                    for (k, v) in pyread::dict_items(*dp) {
                        if ffi::PyUnicode_Check(k) == 0 {
                            continue;
                        }
                        let s = self.name_sym(k);
                        attrs.push((s, self.child(v, depth)));
                    }
                }
            }
            ObjectData::Instance {
                type_name,
                class,
                attrs,
            }
        }
    }

    pub(super) unsafe fn read_generator(&mut self, g: *mut ffi::PyObject) -> ObjectData {
        // SAFETY: generators and coroutines cannot be subclassed; their attributes are C getters.
        unsafe {
            let name = match pyread::builtin_attr(g, c"__qualname__") {
                Some(q) => {
                    let s = if ffi::PyUnicode_Check(q) != 0 {
                        pyread::str_full(q)
                    } else {
                        "generator".into()
                    };
                    ffi::Py_DECREF(q);
                    s
                }
                None => "generator".into(),
            };
            let name = self.sym(&name);
            let frame = self.generators.get(&(g as usize)).copied();
            let rec = self.frames.values().find(|r| r.generator == g as usize);
            let (state, line) = match rec {
                Some(r) if r.suspended => (GeneratorState::Suspended, r.line),
                Some(r) => (GeneratorState::Running, r.line),
                None => {
                    let closed = pyread::builtin_attr(g, c"gi_frame").is_none_or(|f| {
                        let none = f == ffi::Py_None();
                        ffi::Py_DECREF(f);
                        none
                    });
                    if closed {
                        (GeneratorState::Closed, 0)
                    } else {
                        (GeneratorState::Created, 0)
                    }
                }
            };
            ObjectData::Generator {
                name,
                frame,
                state,
                line,
            }
        }
    }
}

/// True for an instance of a subclass (Python's or a library's) of one of the builtin
/// types whose storage the tracer reads: it is drawn with its class and attributes.
///
/// # Safety
/// `o` must be a live object.
unsafe fn builtin_subclass(o: *mut ffi::PyObject) -> bool {
    // SAFETY: type checks only.
    unsafe {
        let t = ffi::Py_TYPE(o);
        !is_builtin_base(t)
            && (ffi::PyLong_Check(o) != 0
                || ffi::PyFloat_Check(o) != 0
                || ffi::PyComplex_Check(o) != 0
                || ffi::PyUnicode_Check(o) != 0
                || ffi::PyBytes_Check(o) != 0
                || ffi::PyByteArray_Check(o) != 0
                || ffi::PyList_Check(o) != 0
                || ffi::PyTuple_Check(o) != 0
                || ffi::PyDict_Check(o) != 0
                || ffi::PyAnySet_Check(o) != 0)
    }
}

/// True for the builtin types themselves (and `bool`, which the tracer reads as such).
fn is_builtin_base(t: *mut ffi::PyTypeObject) -> bool {
    {
        [
            std::ptr::addr_of_mut!(ffi::PyLong_Type),
            std::ptr::addr_of_mut!(ffi::PyBool_Type),
            std::ptr::addr_of_mut!(ffi::PyFloat_Type),
            std::ptr::addr_of_mut!(ffi::PyComplex_Type),
            std::ptr::addr_of_mut!(ffi::PyUnicode_Type),
            std::ptr::addr_of_mut!(ffi::PyBytes_Type),
            std::ptr::addr_of_mut!(ffi::PyByteArray_Type),
            std::ptr::addr_of_mut!(ffi::PyList_Type),
            std::ptr::addr_of_mut!(ffi::PyTuple_Type),
            std::ptr::addr_of_mut!(ffi::PyDict_Type),
            std::ptr::addr_of_mut!(ffi::PySet_Type),
            std::ptr::addr_of_mut!(ffi::PyFrozenSet_Type),
            std::ptr::addr_of_mut!(ffi::PyBaseObject_Type),
        ]
        .contains(&t)
    }
}

/// What an object CPython treats as immutable held when last read. CPython itself changes
/// such objects when it alone holds them, which a tracer that read them once would miss:
/// a float freed straight onto the free list (no deallocator we could wrap) and reborn at
/// the same address, a result tuple an iterator refills in place. Checking costs a few
/// reads per visit, no more than taking the object's reference count.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Shape {
    /// The float's bits.
    Float(u64),
    /// A hash of the tuple's length and item ids.
    Tuple(u64),
}

/// Tuples longer than this are not re-checked when reached unchanged (the iterators that
/// refill a tuple do so with their small result tuples; a big tuple held in a variable
/// must not cost its length at every step).
const RECHECK_TUPLE_MAX: usize = 64;

impl Shape {
    fn of(data: &ObjectData) -> Option<Shape> {
        match data {
            ObjectData::Float(f) => Some(Shape::Float(f.to_bits())),
            ObjectData::Seq(SeqKind::Tuple, seq) => Some(Shape::Tuple(tuple_hash(
                seq.len as usize,
                seq.items.iter().copied(),
            ))),
            _ => None,
        }
    }
}

fn tuple_hash(len: usize, ids: impl Iterator<Item = ObjId>) -> u64 {
    use std::hash::Hasher;
    let mut h = rustc_hash::FxHasher::default();
    h.write_usize(len);
    for id in ids {
        h.write_u32(id.0);
    }
    h.finish()
}

/// A float's bits, or None when `p` is not a float.
///
/// # Safety
/// `p` must be a live object.
unsafe fn float_bits(p: usize) -> Option<u64> {
    let o = p as *mut ffi::PyObject;
    // SAFETY: o is live; a float's value is read from its own storage.
    unsafe { (ffi::PyFloat_Check(o) != 0).then(|| ffi::PyFloat_AS_DOUBLE(o).to_bits()) }
}

impl Tracer {
    /// The shape a tuple has now, from its items' known ids: None when it is too long to
    /// check cheaply (taken as unchanged) or holds an object we have no id for (changed).
    ///
    /// # Safety
    /// `p` must be a live tuple.
    unsafe fn tuple_shape(&self, p: usize) -> Option<u64> {
        let o = p as *mut ffi::PyObject;
        // SAFETY: o is a live tuple; its items are read from its own storage.
        unsafe {
            if ffi::PyTuple_Check(o) == 0 {
                return None;
            }
            let n = ffi::PyTuple_GET_SIZE(o) as usize;
            let max = self.cfg.max_items as usize;
            if n > RECHECK_TUPLE_MAX {
                return self.objs.get(&p).and_then(|e| match e.shape {
                    Some(Shape::Tuple(h)) => Some(h),
                    _ => None,
                });
            }
            let mut ids = Vec::with_capacity(n.min(max));
            let keep =
                |i: usize| n <= max || i < max - (max / 5).max(1) || i >= n - (max / 5).max(1);
            for i in (0..n).filter(|&i| keep(i)) {
                let item = ffi::PyTuple_GET_ITEM(o, i as ffi::Py_ssize_t) as usize;
                ids.push(self.objs.get(&item)?.id);
            }
            Some(tuple_hash(n, ids.into_iter()))
        }
    }
}

/// A record that turns `old` into `new`: a splice when only one run of a sequence's items
/// changed (an append, a pop, one assignment), otherwise the whole new content.
fn diff(id: ObjId, old: &ObjectData, new: &ObjectData) -> Record {
    if let (ObjectData::Seq(ka, a), ObjectData::Seq(kb, b)) = (old, new) {
        if ka == kb {
            let prefix = a
                .items
                .iter()
                .zip(&b.items)
                .take_while(|(x, y)| x == y)
                .count();
            let max_suffix = a.items.len().min(b.items.len()) - prefix;
            let suffix = a
                .items
                .iter()
                .rev()
                .zip(b.items.iter().rev())
                .take(max_suffix)
                .take_while(|(x, y)| x == y)
                .count();
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

/// Reads an int: as i64 when it fits, else its magnitude (up to 64 KiB of it).
///
/// # Safety
/// `o` must be a live int.
unsafe fn read_int(o: *mut ffi::PyObject) -> ObjectData {
    // SAFETY: PyLong_AsLongLongAndOverflow and the byte export read the digits only.
    unsafe {
        let mut overflow = 0;
        let v = ffi::PyLong_AsLongLongAndOverflow(o, &mut overflow);
        if overflow == 0 {
            return ObjectData::Int(IntValue::Small(v));
        }
        ffi::PyErr_Clear();
        let negative = overflow < 0;
        let bits = compat::_PyLong_NumBits(o) as u64;
        const MAX_BYTES: u64 = 64 * 1024;
        let nbytes = bits.div_ceil(8);
        let magnitude = if nbytes <= MAX_BYTES {
            let abs = if negative {
                ffi::PyNumber_Absolute(o)
            } else {
                o
            };
            if abs.is_null() {
                ffi::PyErr_Clear();
                vec![]
            } else {
                let m = compat::int_magnitude(abs, nbytes as usize).unwrap_or_default();
                if negative {
                    ffi::Py_DECREF(abs);
                }
                m
            }
        } else {
            vec![]
        };
        ObjectData::Int(IntValue::Big {
            negative,
            bits,
            magnitude,
        })
    }
}
