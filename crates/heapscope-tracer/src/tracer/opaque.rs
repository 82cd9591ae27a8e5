//! Library objects heapscope has no reader for (a pandas `GroupBy`, a `re.Pattern`, a
//! `datetime`): one opaque box naming the type, its module, its own size and the size of
//! everything it reaches. Nothing of the library's Python code runs: no `__repr__`, no
//! attribute or property is asked. The objects it reaches are found with each type's
//! `tp_traverse`, the C function the cycle collector itself calls (what
//! `gc.get_referents` uses), and sized as every object is (`compat::own_size`).

use std::ffi::{c_int, c_void};

use heapscope_trace::{ObjectData, Summary, SummaryKind};
use pyo3::ffi;

use super::Tracer;
use crate::{compat, pyread};

/// At most this many objects are sized for one box's deep size; past it the box says
/// "more than".
const DEEP_MAX: usize = 10_000;

impl Tracer {
    /// The opaque box for `o` (of type `t`) when it is a library object: an instance of a
    /// class from an installed package (site-packages), or an object of a type written in
    /// C outside `builtins` (`datetime.datetime`, `re.Pattern`). None otherwise: the
    /// program's own classes, the standard library's Python classes, builtins and
    /// exceptions keep their usual drawing.
    ///
    /// # Safety
    /// `o` must be a live object of type `t`, GIL held.
    pub(super) unsafe fn read_opaque(
        &mut self,
        o: *mut ffi::PyObject,
        t: *mut ffi::PyTypeObject,
    ) -> Option<ObjectData> {
        // SAFETY: type checks, plain dict lookups and the readers named in the module doc.
        unsafe {
            if ffi::PyExceptionInstance_Check(o) != 0 {
                return None;
            }
            // Which types are library types, and whose, is settled once per type (by address
            // and name pointer, as pandas.rs keys its types): this runs for every object
            // that is not a builtin, at every step it is read.
            let key = (t as usize, (*t).tp_name as usize);
            let (module, package) = match self.libs.opaque_types.get(&key) {
                Some(known) => known.clone()?,
                None => {
                    let known = self.library_type(t);
                    self.libs.opaque_types.insert(key, known.clone());
                    known?
                }
            };
            if self.sizeof_name.is_null() {
                self.sizeof_name = ffi::PyUnicode_InternFromString(c"__sizeof__".as_ptr());
            }
            let own = compat::own_size(o, self.sizeof_name);
            let mut fields = vec![
                ("module".to_owned(), module.clone()),
                ("own size".to_owned(), heapscope_trace::format_bytes(own)),
            ];
            // The deep walk is for an installed package's objects (what #13 is about: a
            // GroupBy holding its frame). A standard-library object written in C that can
            // refer to others (a file, a csv reader, a compiled pattern) is often held
            // through a hot loop, where walking it at every step doubled the tracing time
            // of `examples/data/rows_generator.py`: it shows its own size only. One that
            // refers to nothing (a datetime) is its own deep size.
            let gc = (*t).tp_flags & ffi::Py_TPFLAGS_HAVE_GC != 0;
            if package || !gc {
                let (deep, complete) = if gc {
                    deep_size(o, self.sizeof_name)
                } else {
                    (own, true)
                };
                let deep = if complete {
                    heapscope_trace::format_bytes(deep)
                } else {
                    format!(
                        "more than {} (stopped after {DEEP_MAX} objects)",
                        heapscope_trace::format_bytes(deep)
                    )
                };
                fields.push(("deep size".to_owned(), deep));
            }
            let type_name = self.sym(&pyread::type_qualname(t));
            let module = self.sym(&module);
            Some(ObjectData::Summary(Box::new(Summary {
                kind: SummaryKind::Opaque,
                type_name,
                module,
                data_bytes: 0,
                fields,
                parts: vec![],
            })))
        }
    }

    /// The module of a library type and whether it is an installed package's; None for a
    /// type drawn as usual (see [`Tracer::read_opaque`]).
    ///
    /// # Safety
    /// `t` must be a live type, GIL held.
    unsafe fn library_type(&mut self, t: *mut ffi::PyTypeObject) -> Option<(String, bool)> {
        // SAFETY: forwarded.
        unsafe {
            let module = self.foreign_module(t)?;
            if module == "builtins" {
                return None;
            }
            let package = self.installed_package(&module);
            if pyread::is_heap_type(t) && !c_heap_type(t) && !package {
                return None;
            }
            Some((module, package))
        }
    }

    /// True when the module was loaded from an installed package's folder
    /// (`site-packages`, Debian's `dist-packages`); remembered per module name.
    ///
    /// # Safety
    /// GIL held.
    unsafe fn installed_package(&mut self, module: &str) -> bool {
        if let Some(&b) = self.libs.installed.get(module) {
            return b;
        }
        // SAFETY: sys.modules and a module's dict are plain dicts; `__file__` is a str.
        let installed = unsafe {
            let top = module.split('.').next().unwrap_or(module);
            let Ok(name) = std::ffi::CString::new(top) else {
                return false;
            };
            let m = ffi::PyDict_GetItemString(ffi::PyImport_GetModuleDict(), name.as_ptr());
            let file = if !m.is_null() && ffi::PyModule_Check(m) != 0 {
                ffi::PyDict_GetItemString(ffi::PyModule_GetDict(m), c"__file__".as_ptr())
            } else {
                std::ptr::null_mut()
            };
            !file.is_null() && ffi::PyUnicode_Check(file) != 0 && {
                let path = pyread::str_full(file);
                path.contains("/site-packages/") || path.contains("/dist-packages/")
            }
        };
        self.libs.installed.insert(module.to_owned(), installed);
        installed
    }
}

/// True for a heap type made in C (`re.Pattern` since 3.10): instances without a
/// `__dict__`, and no class in its MRO declares `__slots__` (a Python class has one or
/// the other).
///
/// # Safety
/// `t` must be a live type, GIL held.
unsafe fn c_heap_type(t: *mut ffi::PyTypeObject) -> bool {
    // SAFETY: tp_mro is a tuple of types; each dict is looked up with a str key.
    unsafe {
        if (*t).tp_dictoffset != 0 {
            return false;
        }
        let mro = (*t).tp_mro;
        if mro.is_null() || ffi::PyTuple_Check(mro) == 0 {
            return false;
        }
        !pyread::tuple_items(mro).into_iter().any(|b| {
            let d = (*(b as *mut ffi::PyTypeObject)).tp_dict;
            !d.is_null() && !ffi::PyDict_GetItemString(d, c"__slots__".as_ptr()).is_null()
        })
    }
}

/// The sizes of `root` and of every object it reaches (each once), but for the program's
/// structure that is nobody's data (types, modules, functions, code, None, True, False);
/// false when it stopped at [`DEEP_MAX`] objects.
///
/// # Safety
/// `root` must be a live object, GIL held.
unsafe fn deep_size(root: *mut ffi::PyObject, sizeof_name: *mut ffi::PyObject) -> (u64, bool) {
    // SAFETY: every pointer was handed out by a tp_traverse of a live object reached from
    // `root` with the GIL held, so it is live while nothing runs; tp_traverse is called only
    // for a type with Py_TPFLAGS_HAVE_GC, which defines it.
    unsafe {
        let mut seen: rustc_hash::FxHashSet<usize> = Default::default();
        let mut stack = vec![root];
        let mut total = 0u64;
        while let Some(p) = stack.pop() {
            if !seen.insert(p as usize) {
                continue;
            }
            if seen.len() > DEEP_MAX {
                return (total, false);
            }
            total += compat::own_size(p, sizeof_name);
            let t = ffi::Py_TYPE(p);
            if (*t).tp_flags & ffi::Py_TPFLAGS_HAVE_GC != 0 {
                if let Some(traverse) = (*t).tp_traverse {
                    traverse(
                        p,
                        visit,
                        &mut stack as *mut Vec<*mut ffi::PyObject> as *mut c_void,
                    );
                }
            }
        }
        (total, true)
    }
}

/// tp_traverse's callback: keeps each referent that is data.
extern "C" fn visit(o: *mut ffi::PyObject, arg: *mut c_void) -> c_int {
    // SAFETY: `arg` is the stack `deep_size` passed; `o` is a live referent.
    unsafe {
        if o.is_null()
            || o == ffi::Py_None()
            || o == ffi::Py_True()
            || o == ffi::Py_False()
            || ffi::PyType_Check(o) != 0
            || ffi::PyModule_Check(o) != 0
            || ffi::PyFunction_Check(o) != 0
            || ffi::PyCode_Check(o) != 0
            || ffi::PyCFunction_Check(o) != 0
        {
            return 0;
        }
        (*(arg as *mut Vec<*mut ffi::PyObject>)).push(o);
    }
    0
}
