//! Type objects: names, and whether a class was defined in Python.

use std::ffi::CStr;

use pyo3::ffi;

use super::text::str_full;

/// The C-level name of a type (`tp_name`), e.g. `list`, `collections.deque`, `Point`.
///
/// # Safety
/// `t` must be a live type object.
pub(crate) unsafe fn type_name(t: *mut ffi::PyTypeObject) -> String {
    // SAFETY: tp_name is a NUL-terminated C string owned by the type.
    unsafe {
        let p = (*t).tp_name;
        if p.is_null() {
            return "?".into();
        }
        CStr::from_ptr(p).to_string_lossy().into_owned()
    }
}

/// The qualified name of a type (`__qualname__` for classes, `tp_name` otherwise).
///
/// # Safety
/// `t` must be a live type object, GIL held.
pub(crate) unsafe fn type_qualname(t: *mut ffi::PyTypeObject) -> String {
    // SAFETY: a heap type is a `PyHeapTypeObject` (the same head in 3.10 to 3.13, as
    // pyo3-ffi declares it per version) whose `ht_qualname` is a str it owns; what
    // `PyType_GetQualName` returns. Static types have `tp_name` only.
    unsafe {
        if is_heap_type(t) {
            let q = (*(t as *mut ffi::PyHeapTypeObject)).ht_qualname;
            if !q.is_null() && ffi::PyUnicode_Check(q) != 0 {
                return str_full(q);
            }
        }
        let full = type_name(t);
        full.rsplit('.').next().unwrap_or(&full).to_owned()
    }
}

/// True for a class defined in Python (a heap type).
///
/// # Safety
/// `t` must be a live type object.
pub(crate) unsafe fn is_heap_type(t: *mut ffi::PyTypeObject) -> bool {
    // SAFETY: reads tp_flags.
    unsafe { (*t).tp_flags & ffi::Py_TPFLAGS_HEAPTYPE != 0 }
}

/// An object's type.
///
/// # Safety
/// `o` must be a live object.
pub(crate) unsafe fn type_of(o: *mut ffi::PyObject) -> *mut ffi::PyTypeObject {
    // SAFETY: ob_type of a live object.
    unsafe { ffi::Py_TYPE(o) }
}

/// True when `t` is `type` itself (a class without a metaclass of its own).
pub(crate) fn is_plain_type(t: *mut ffi::PyTypeObject) -> bool {
    t == std::ptr::addr_of_mut!(ffi::PyType_Type)
}

/// A type's method resolution order (`__mro__`), itself first; empty when not set.
///
/// # Safety
/// `t` must be a live type, GIL held.
pub(crate) unsafe fn mro(t: *mut ffi::PyTypeObject) -> Vec<*mut ffi::PyTypeObject> {
    // SAFETY: tp_mro is a tuple of types the type owns.
    unsafe { type_tuple((*t).tp_mro) }
}

/// A type's direct bases (`__bases__`).
///
/// # Safety
/// `t` must be a live type, GIL held.
pub(crate) unsafe fn bases(t: *mut ffi::PyTypeObject) -> Vec<*mut ffi::PyTypeObject> {
    // SAFETY: tp_bases is a tuple of types the type owns.
    unsafe { type_tuple((*t).tp_bases) }
}

/// # Safety
/// `tuple` must be null or a live object, GIL held.
unsafe fn type_tuple(tuple: *mut ffi::PyObject) -> Vec<*mut ffi::PyTypeObject> {
    // SAFETY: checked to be a tuple; its items are borrowed.
    unsafe {
        if tuple.is_null() || ffi::PyTuple_Check(tuple) == 0 {
            return vec![];
        }
        super::containers::tuple_items(tuple)
            .into_iter()
            .map(|b| b as *mut ffi::PyTypeObject)
            .collect()
    }
}

/// A type's own dict (`tp_dict`), borrowed; null for a type not ready.
///
/// # Safety
/// `t` must be a live type.
pub(crate) unsafe fn type_dict(t: *mut ffi::PyTypeObject) -> *mut ffi::PyObject {
    // SAFETY: a field of a live type.
    unsafe { (*t).tp_dict }
}

/// A C-level member of a type (`tp_members`): a field at a fixed offset in its instances.
pub(crate) struct Member {
    pub name: String,
    /// The field holds an object (`T_OBJECT`, or `T_OBJECT_EX`: a `__slots__` entry).
    pub object: bool,
    /// `T_OBJECT_EX` (Python classes' `__slots__` are these).
    pub object_ex: bool,
    pub readonly: bool,
    offset: ffi::Py_ssize_t,
}

/// The members a type declares itself (not its bases').
///
/// # Safety
/// `t` must be a live type.
pub(crate) unsafe fn members(t: *mut ffi::PyTypeObject) -> Vec<Member> {
    const T_OBJECT: std::ffi::c_int = 6;
    const T_OBJECT_EX: std::ffi::c_int = 16;
    let mut out = Vec::new();
    // SAFETY: tp_members is null or an array ended by an entry with a null name; each
    // name is a C string the type owns.
    unsafe {
        let mut m = (*t).tp_members;
        if m.is_null() {
            return out;
        }
        while !(*m).name.is_null() {
            out.push(Member {
                name: CStr::from_ptr((*m).name).to_string_lossy().into_owned(),
                object: matches!((*m).type_code, T_OBJECT | T_OBJECT_EX),
                object_ex: (*m).type_code == T_OBJECT_EX,
                readonly: (*m).flags & ffi::Py_READONLY != 0,
                offset: (*m).offset,
            });
            m = m.add(1);
        }
    }
    out
}

/// The object an object-holding member holds, borrowed; None when it is empty.
///
/// # Safety
/// `o` must be a live instance of the type that declared `m`, and `m.object` true.
pub(crate) unsafe fn member_value(o: *mut ffi::PyObject, m: &Member) -> Option<*mut ffi::PyObject> {
    // SAFETY: an object field at the offset its own type declares, in an instance of it.
    let v = unsafe { *((o as *mut u8).offset(m.offset) as *mut *mut ffi::PyObject) };
    (!v.is_null()).then_some(v)
}

/// An instance's attribute dict, borrowed; None when its type has none or it is not made
/// yet.
///
/// # Safety
/// `o` must be a live object, GIL held.
pub(crate) unsafe fn instance_dict(o: *mut ffi::PyObject) -> Option<*mut ffi::PyObject> {
    // SAFETY: `_PyObject_GetDictPtr` finds the dict pointer (inline or managed) from the
    // type's layout, without creating the dict or running code.
    unsafe {
        if (*ffi::Py_TYPE(o)).tp_dictoffset == 0 {
            return None;
        }
        let dp = super::undeclared::_PyObject_GetDictPtr(o);
        if dp.is_null() {
            ffi::PyErr_Clear();
            return None;
        }
        (!(*dp).is_null()).then_some(*dp)
    }
}

/// The module a class says it comes from: `__module__` from a Python class's own dict,
/// else the part of the C name before its last dot (`collections.defaultdict`), else
/// `builtins`.
///
/// # Safety
/// `t` must be a live type, GIL held.
pub(crate) unsafe fn type_module(t: *mut ffi::PyTypeObject) -> String {
    // SAFETY: a plain dict lookup with a str key in the type's own dict: no user code.
    unsafe {
        let d = (*t).tp_dict;
        let m = if is_heap_type(t) {
            super::containers::dict_get_str(d, c"__module__")
        } else {
            None
        };
        match m {
            Some(m) if ffi::PyUnicode_Check(m) != 0 => str_full(m),
            _ => {
                let full = type_name(t);
                match full.rsplit_once('.') {
                    Some((module, _)) => module.to_owned(),
                    None => "builtins".to_owned(),
                }
            }
        }
    }
}

/// The entry of `sys.modules` of that name, borrowed: whatever object the program put
/// there, looked up without running code (sys.modules is a plain dict with str keys).
///
/// # Safety
/// GIL held.
pub(crate) unsafe fn sys_module(name: &CStr) -> Option<*mut ffi::PyObject> {
    // SAFETY: sys.modules is the interpreter's live dict.
    unsafe { super::containers::dict_get_str(ffi::PyImport_GetModuleDict(), name) }
}

/// A module's dict, borrowed; None when `m` is not a module.
///
/// # Safety
/// `m` must be a live object, GIL held.
pub(crate) unsafe fn module_dict(m: *mut ffi::PyObject) -> Option<*mut ffi::PyObject> {
    // SAFETY: a module's dict field, read after the type check.
    unsafe { (ffi::PyModule_Check(m) != 0).then(|| ffi::PyModule_GetDict(m)) }
}

/// The `__file__` of the imported module of that name, when it has a str one.
///
/// # Safety
/// GIL held.
pub(crate) unsafe fn module_file(module: &CStr) -> Option<String> {
    // SAFETY: a module's dict is a plain dict looked up with a str key; `__file__` is
    // read without running code.
    unsafe {
        let d = module_dict(sys_module(module)?)?;
        let file = super::containers::dict_get_str(d, c"__file__")?;
        (ffi::PyUnicode_Check(file) != 0).then(|| str_full(file))
    }
}

/// True for an instance of a subclass (Python's or a library's) of one of the builtin
/// types whose storage the tracer reads: it is drawn with its class and attributes.
///
/// # Safety
/// `o` must be a live object.
pub(crate) unsafe fn builtin_subclass(o: *mut ffi::PyObject) -> bool {
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
pub(crate) fn is_builtin_base(t: *mut ffi::PyTypeObject) -> bool {
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

/// A key for a type that stays its own while the run lasts: its address and its name
/// pointer (a type freed and another made at its address has its own name).
///
/// # Safety
/// `t` must be a live type.
pub(crate) unsafe fn type_key(t: *mut ffi::PyTypeObject) -> (usize, usize) {
    // SAFETY: a field of a live type.
    (t as usize, unsafe { (*t).tp_name } as usize)
}

/// True when instances of `t` may have a `__dict__` (`tp_dictoffset` set).
///
/// # Safety
/// `t` must be a live type.
pub(crate) unsafe fn has_instance_dict(t: *mut ffi::PyTypeObject) -> bool {
    // SAFETY: a field of a live type.
    unsafe { (*t).tp_dictoffset != 0 }
}

/// The number of modules in `sys.modules` (it grows at each import).
///
/// # Safety
/// GIL held.
pub(crate) unsafe fn module_count() -> isize {
    // SAFETY: sys.modules is a dict; its size is a field.
    unsafe { ffi::PyDict_Size(ffi::PyImport_GetModuleDict()) }
}
