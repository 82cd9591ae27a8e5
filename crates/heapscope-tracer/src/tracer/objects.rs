//! Reading an object's content through the readers only: raw storage of builtin types,
//! never the program's own methods. Its children are given ids (and queued for the walk,
//! `walk.rs`) as they are met.

use heapscope_trace::{
    DictData, GeneratorState, ObjId, ObjectData, SeqKind, Sequence, Sym, TextValue,
};
use pyo3::ffi;

use super::{is_dunder, Tracer};
use crate::pyread::View;
use crate::{compat, pyread};

impl Tracer {
    /// Reads one object's content.
    ///
    /// # Safety
    /// `o` must be a live object, GIL held, no exception set.
    pub(super) unsafe fn read(
        &mut self,
        o: *mut ffi::PyObject,
        depth: u32,
        id: ObjId,
    ) -> ObjectData {
        // SAFETY: o is live; forwarded.
        unsafe {
            if pyread::builtin_subclass(o) {
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
        let base = unsafe { self.read_plain(o, depth, id) };
        // SAFETY: o is live.
        let t = unsafe { pyread::type_of(o) };
        // SAFETY: o is an instance of t.
        let ObjectData::Instance {
            type_name,
            class,
            mut attrs,
        } = (unsafe { self.read_instance(o, t, depth) })
        else {
            return base;
        };
        // SAFETY: t is o's live type.
        for bt in unsafe { pyread::mro(t) } {
            // C fields of the classes between: static types, and from 3.12 heap types made
            // in C too (`defaultdict`); a Python class's `__slots__` are among its
            // instance's attributes already.
            if pyread::is_builtin_base(bt) {
                continue;
            }
            // SAFETY: bt is in o's type's MRO, so o is an instance of it.
            for m in unsafe { pyread::members(bt) } {
                if !m.object {
                    continue;
                }
                // SAFETY: an object member of one of o's classes.
                let v = unsafe { pyread::member_value(o, &m) };
                if let Some(v) = v.filter(|_| !is_dunder(&m.name)) {
                    let s = self.sym(&m.name);
                    if !attrs.iter().any(|a| a.0 == s) {
                        attrs.push((s, self.child(v, depth)));
                    }
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

    /// Reads one object's content as its builtin base type would be read.
    ///
    /// # Safety
    /// As for [`Tracer::read`].
    unsafe fn read_plain(&mut self, o: *mut ffi::PyObject, depth: u32, id: ObjId) -> ObjectData {
        let max_chars = self.cfg.max_chars as usize;
        // SAFETY: o is live and of the kind `view` found, and each reader below reads only
        // that kind's storage (the "as above" of this function's unsafe blocks).
        match unsafe { pyread::view(o) } {
            View::None => ObjectData::None,
            View::Bool(b) => ObjectData::Bool(b),
            // SAFETY: as above.
            View::Int => ObjectData::Int(unsafe { compat::int_value(o) }),
            View::Float(f) => ObjectData::Float(f),
            View::Str => {
                // SAFETY: as above.
                let (text, len) = unsafe { pyread::str_text(o, max_chars) };
                ObjectData::Str(TextValue { text, len })
            }
            View::List => {
                // SAFETY: as above.
                let n = unsafe { pyread::list_len(o) };
                // SAFETY: as above.
                let seq = self.read_seq(n, depth, |i| unsafe { pyread::list_item(o, i) });
                ObjectData::Seq(SeqKind::List, seq)
            }
            View::Tuple => {
                // SAFETY: as above.
                let n = unsafe { pyread::tuple_len(o) };
                // SAFETY: as above.
                let seq = self.read_seq(n, depth, |i| unsafe { pyread::tuple_item(o, i) });
                ObjectData::Seq(SeqKind::Tuple, seq)
            }
            // SAFETY: as above.
            View::Dict => unsafe { self.read_dict(o, depth) },
            View::Set { frozen } => {
                // SAFETY: as above.
                let items = unsafe { pyread::set_items(o) };
                let seq = self.read_seq(items.len(), depth, |i| items[i]);
                let kind = if frozen {
                    SeqKind::FrozenSet
                } else {
                    SeqKind::Set
                };
                ObjectData::Seq(kind, seq)
            }
            View::Bytes { mutable } => {
                // SAFETY: as above.
                let (data, len) = unsafe { pyread::bytes_prefix(o, max_chars) };
                ObjectData::Bytes { mutable, data, len }
            }
            View::Complex { re, im } => ObjectData::Complex { re, im },
            View::Range { start, stop, step } => ObjectData::Range { start, stop, step },
            // SAFETY: as above.
            View::Function => unsafe { self.read_function(o, depth, id) },
            View::Method { func, receiver } => {
                let func = self.child(func, depth);
                let receiver = self.child(receiver, depth);
                ObjectData::BoundMethod { func, receiver }
            }
            View::Builtin { name, receiver } => {
                let receiver = receiver.map(|r| self.child(r, depth));
                let name = self.sym(&name);
                ObjectData::Builtin { name, receiver }
            }
            // SAFETY: as above.
            View::Type => unsafe { self.read_class(o as *mut ffi::PyTypeObject, depth) },
            View::Module { name } => ObjectData::Module {
                name: self.sym(&name),
            },
            // SAFETY: as above.
            View::Generator => unsafe { self.read_generator(o) },
            // SAFETY: as above.
            View::Instance => {
                // SAFETY: as above.
                if let Some(data) = unsafe { self.read_library(o, depth) } {
                    return data;
                }
                // SAFETY: as above.
                if let Some(data) = unsafe { self.read_opaque(o, pyread::type_of(o)) } {
                    return data;
                }
                // SAFETY: as above.
                unsafe { self.read_instance(o, pyread::type_of(o), depth) }
            }
            View::Other { exception } => {
                // SAFETY: as above.
                if let Some(data) = unsafe { self.read_library(o, depth) } {
                    return data;
                }
                // SAFETY: as above.
                if let Some(data) = unsafe { self.read_opaque(o, pyread::type_of(o)) } {
                    return data;
                }
                // SAFETY: as above.
                let type_name = self.sym(&unsafe { pyread::type_qualname(pyread::type_of(o)) });
                let summary = if exception {
                    // SAFETY: as above.
                    unsafe { pyread::exception_message(o) }
                } else {
                    String::new()
                };
                ObjectData::Other { type_name, summary }
            }
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

    /// A dict's entries (the first and last ones of a long dict).
    ///
    /// # Safety
    /// `d` must be a live dict, GIL held.
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

    /// A Python function: its name and signature, where it was defined, its defaults and
    /// its closure's cells.
    ///
    /// # Safety
    /// `o` must be a live Python function, GIL held.
    pub(super) unsafe fn read_function(
        &mut self,
        o: *mut ffi::PyObject,
        depth: u32,
        id: ObjId,
    ) -> ObjectData {
        let _ = id;
        // SAFETY: o is a live function.
        let f = unsafe { pyread::function_parts(o) };
        // SAFETY: a live function's code object.
        let info = unsafe { self.code_info(f.code) };
        let name = match f.qualname {
            // SAFETY: a str the function holds.
            Some(q) => unsafe { self.name_sym(q) },
            None => Sym(0),
        };
        let Some(info) = info else {
            // A library's function: one box naming it and its module.
            let module = self.sym(f.module.as_deref().unwrap_or("?"));
            let type_name = self.sym("function");
            return ObjectData::Imported {
                class: false,
                name,
                module,
                type_name,
                members: Vec::new(),
            };
        };
        let mut defaults = Vec::new();
        for item in f.defaults {
            defaults.push(self.child(item, depth));
        }
        // SAFETY: the function's kwdefaults dict (or null); nothing runs while it is read.
        for (_, v) in unsafe { pyread::dict_items(f.kwdefaults) } {
            defaults.push(self.child(v, depth));
        }
        let mut cells = Vec::new();
        let mut cell_ptrs = Vec::new();
        for (i, cell) in f.closure.into_iter().enumerate() {
            cell_ptrs.push(cell as usize);
            // SAFETY: an item of the function's closure tuple.
            if let Some(v) = unsafe { pyread::cell_contents(cell) } {
                let name = info.freevars.get(i).copied().unwrap_or(Sym(0));
                cells.push((name, self.child(v, depth)));
            }
        }
        // Decided once, when the function is first seen: where it was defined.
        let parent_frame = match self.ids.objs.get(&(o as usize)) {
            Some(e) if e.stamp != 0 && e.cache.is_some() => e.parent_frame,
            _ => {
                let qual = self.sym_text(name).to_owned();
                self.defining_frame(&qual, &cell_ptrs)
            }
        };
        ObjectData::Function {
            name,
            signature: info.signature,
            parent_frame,
            defaults,
            cells,
        }
    }

    /// A class: one box for a library's (its name, module and members), else its bases,
    /// its own attributes and its metaclass.
    ///
    /// # Safety
    /// `t` must be a live type, GIL held.
    pub(super) unsafe fn read_class(
        &mut self,
        t: *mut ffi::PyTypeObject,
        depth: u32,
    ) -> ObjectData {
        // SAFETY: t is a live type (for every block below).
        let meta = unsafe { pyread::type_of(t as *mut ffi::PyObject) };
        // SAFETY: as above.
        if let Some(module) = unsafe { self.foreign_module(t) } {
            // SAFETY: as above.
            let name = self.sym(&unsafe { pyread::type_qualname(t) });
            let module = self.sym(&module);
            // SAFETY: as above.
            let type_name = self.sym(&unsafe { pyread::type_qualname(meta) });
            return ObjectData::Imported {
                class: true,
                name,
                module,
                type_name,
                // SAFETY: as above.
                members: unsafe { self.class_members(t) },
            };
        }
        // SAFETY: as above.
        let name = self.sym(&unsafe { pyread::type_qualname(t) });
        let mut bases = Vec::new();
        let mut base_names = Vec::new();
        // SAFETY: as above; its bases are live types it holds.
        for bt in unsafe { pyread::bases(t) } {
            // SAFETY: as above.
            base_names.push(self.sym(&unsafe { pyread::type_qualname(bt) }));
            // SAFETY: as above.
            if unsafe { pyread::is_heap_type(bt) } {
                bases.push(self.child(bt as *mut ffi::PyObject, depth));
            }
        }
        let mut attrs = Vec::new();
        // SAFETY: as above; the type's own dict, read without running code.
        if unsafe { pyread::is_heap_type(t) } {
            // SAFETY: as above.
            for (k, v) in unsafe { pyread::dict_items(pyread::type_dict(t)) } {
                // SAFETY: a key and a value the dict holds.
                if !unsafe { pyread::is_str(k) } {
                    continue;
                }
                // SAFETY: k is a live str.
                let sym = unsafe { self.name_sym(k) };
                let dunder = is_dunder(self.sym_text(sym));
                // SAFETY: v is live.
                if dunder && !unsafe { pyread::is_function(v) } {
                    continue;
                }
                attrs.push((sym, self.child(v, depth)));
            }
        }
        let metaclass = (!pyread::is_plain_type(meta))
            // SAFETY: as above.
            .then(|| self.sym(&unsafe { pyread::type_qualname(meta) }));
        ObjectData::Class {
            name,
            bases,
            base_names,
            attrs,
            metaclass,
        }
    }

    /// The module a class was defined in, when that is not one of the program's files
    /// (None for the program's own classes).
    ///
    /// # Safety
    /// `t` must be a live type, GIL held.
    pub(super) unsafe fn foreign_module(&mut self, t: *mut ffi::PyTypeObject) -> Option<String> {
        // SAFETY: forwarded.
        let module = unsafe { pyread::type_module(t) };
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
        if let Some(&u) = self.names.user_modules.get(module) {
            return u;
        }
        let Ok(name) = std::ffi::CString::new(module) else {
            return false;
        };
        // SAFETY: forwarded.
        let user = unsafe { pyread::module_file(&name) }.is_some_and(|path| {
            path == self.cfg.path
                || (!self.cfg.user_dir.is_empty()
                    && path.starts_with(&format!("{}/", self.cfg.user_dir))
                    && !path.contains("site-packages"))
        });
        self.names.user_modules.insert(module.to_owned(), user);
        user
    }

    /// An instance of a class: its `__slots__` and its attribute dict.
    ///
    /// # Safety
    /// `o` must be a live instance of the type `t`, GIL held.
    pub(super) unsafe fn read_instance(
        &mut self,
        o: *mut ffi::PyObject,
        t: *mut ffi::PyTypeObject,
        depth: u32,
    ) -> ObjectData {
        // SAFETY: t is a live type (for every block below).
        let type_name = self.sym(&unsafe { pyread::type_qualname(t) });
        let class = Some(self.child(t as *mut ffi::PyObject, depth));
        let mut attrs = Vec::new();
        // SAFETY: as above.
        for bt in unsafe { pyread::mro(t) } {
            // SAFETY: as above.
            if !unsafe { pyread::is_heap_type(bt) } {
                continue;
            }
            // SAFETY: as above.
            for m in unsafe { pyread::members(bt) } {
                if !m.object_ex || m.readonly || is_dunder(&m.name) {
                    continue;
                }
                // SAFETY: a `__slots__` member of one of o's classes.
                if let Some(v) = unsafe { pyread::member_value(o, &m) } {
                    let s = self.sym(&m.name);
                    attrs.push((s, self.child(v, depth)));
                }
            }
        }
        // SAFETY: o is live; its dict is read without running code.
        if let Some(d) = unsafe { pyread::instance_dict(o) } {
            // SAFETY: as above.
            for (k, v) in unsafe { pyread::dict_items(d) } {
                // SAFETY: a key the dict holds.
                if !unsafe { pyread::is_str(k) } {
                    continue;
                }
                // SAFETY: k is a live str.
                let s = unsafe { self.name_sym(k) };
                attrs.push((s, self.child(v, depth)));
            }
        }
        ObjectData::Instance {
            type_name,
            class,
            attrs,
        }
    }

    /// A generator or coroutine: its name, frame and state.
    ///
    /// # Safety
    /// `g` must be a live generator or coroutine, GIL held.
    pub(super) unsafe fn read_generator(&mut self, g: *mut ffi::PyObject) -> ObjectData {
        // SAFETY: generators and coroutines cannot be subclassed; their attributes are C
        // getters.
        let name = unsafe { pyread::builtin_str_attr_opt(g, c"__qualname__") };
        let name = self.sym(name.as_deref().unwrap_or("generator"));
        let frame = self.frames.generators.get(&(g as usize)).copied();
        let rec = self
            .frames
            .recs
            .values()
            .find(|r| r.generator == g as usize);
        let (state, line) = match rec {
            Some(r) if r.suspended => (GeneratorState::Suspended, r.line),
            Some(r) => (GeneratorState::Running, r.line),
            // SAFETY: as above.
            None if unsafe { pyread::builtin_attr_is_none(g, c"gi_frame") } => {
                (GeneratorState::Closed, 0)
            }
            None => (GeneratorState::Created, 0),
        };
        ObjectData::Generator {
            name,
            frame,
            state,
            line,
        }
    }
}
