//! Library objects heapscope has no reader for (a pandas `GroupBy`, a `re.Pattern`, a
//! `datetime`): one opaque box naming the type, its module, its own size and the size of
//! everything it reaches. Nothing of the library's Python code runs: no `__repr__`, no
//! attribute or property is asked. The objects it reaches are found with each type's
//! `tp_traverse`, the C function the cycle collector itself calls (what
//! `gc.get_referents` uses), and sized as every object is (`compat::own_size`).

use heapscope_trace::{ObjectData, Summary, SummaryKind};
use pyo3::ffi;

use super::Tracer;
use crate::pyread;

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
        // SAFETY: a type check of a live object.
        if unsafe { pyread::is_exception(o) } {
            return None;
        }
        // Which types are library types, and whose, is settled once per type (by address
        // and name pointer, as pandas/ keys its types): this runs for every object
        // that is not a builtin, at every step it is read.
        // SAFETY: t is o's live type.
        let key = unsafe { pyread::type_key(t) };
        let (module, package) = match self.libs.opaque_types.get(&key) {
            Some(known) => known.clone()?,
            None => {
                // SAFETY: as above.
                let known = unsafe { self.library_type(t) };
                self.libs.opaque_types.insert(key, known.clone());
                known?
            }
        };
        // SAFETY: o is live; own_size runs no user code.
        let own = unsafe { self.own_size(o) };
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
        // SAFETY: t is live.
        let gc = unsafe { pyread::has_gc(t) };
        if package || !gc {
            let (deep, complete) = if gc {
                // SAFETY: o is live, GIL held.
                unsafe { self.deep_size(o) }
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
        // SAFETY: t is live.
        let type_name = self.sym(&unsafe { pyread::type_qualname(t) });
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

    /// The module of a library type and whether it is an installed package's; None for a
    /// type drawn as usual (see [`Tracer::read_opaque`]).
    ///
    /// # Safety
    /// `t` must be a live type, GIL held.
    unsafe fn library_type(&mut self, t: *mut ffi::PyTypeObject) -> Option<(String, bool)> {
        // SAFETY: forwarded.
        let module = unsafe { self.foreign_module(t)? };
        if module == "builtins" {
            return None;
        }
        // SAFETY: forwarded.
        let package = unsafe { self.installed_package(&module) };
        // SAFETY: forwarded.
        if unsafe { pyread::is_heap_type(t) && !c_heap_type(t) } && !package {
            return None;
        }
        Some((module, package))
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
        let top = module.split('.').next().unwrap_or(module);
        let installed = std::ffi::CString::new(top).is_ok_and(|name| {
            // SAFETY: forwarded.
            unsafe { pyread::module_file(&name) }.is_some_and(|path| {
                path.contains("/site-packages/") || path.contains("/dist-packages/")
            })
        });
        self.libs.installed.insert(module.to_owned(), installed);
        installed
    }

    /// The sizes of `root` and of every object it reaches (each once), but for the
    /// program's structure that is nobody's data (`pyread::is_structure`); false when it
    /// stopped at [`DEEP_MAX`] objects.
    ///
    /// # Safety
    /// `root` must be a live object, GIL held.
    unsafe fn deep_size(&mut self, root: *mut ffi::PyObject) -> (u64, bool) {
        let mut seen: rustc_hash::FxHashSet<usize> = Default::default();
        let mut stack = vec![root];
        let mut referents = Vec::new();
        let mut total = 0u64;
        while let Some(p) = stack.pop() {
            if !seen.insert(p as usize) {
                continue;
            }
            if seen.len() > DEEP_MAX {
                return (total, false);
            }
            // SAFETY: every pointer was handed out by a tp_traverse of a live object
            // reached from `root` with the GIL held, so it is live while nothing runs.
            unsafe {
                total += self.own_size(p);
                pyread::push_referents(p, &mut referents);
            }
            // SAFETY: as above.
            stack.extend(
                referents
                    .drain(..)
                    .filter(|&r| !unsafe { pyread::is_structure(r) }),
            );
        }
        (total, true)
    }
}

/// True for a heap type made in C (`re.Pattern` since 3.10): instances without a
/// `__dict__`, and no class in its MRO declares `__slots__` (a Python class has one or
/// the other).
///
/// # Safety
/// `t` must be a live type, GIL held.
unsafe fn c_heap_type(t: *mut ffi::PyTypeObject) -> bool {
    // SAFETY: t is live; its MRO holds live types whose dicts are looked up with a str key.
    unsafe {
        if pyread::has_instance_dict(t) {
            return false;
        }
        let mro = pyread::mro(t);
        !mro.is_empty()
            && !mro
                .into_iter()
                .any(|b| pyread::dict_get_str(pyread::type_dict(b), c"__slots__").is_some())
    }
}
