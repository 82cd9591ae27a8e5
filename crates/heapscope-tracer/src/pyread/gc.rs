//! What an object refers to, as the cycle collector sees it: each type's `tp_traverse`,
//! the C function `gc.get_referents` calls. Nothing of the program's code runs.

use std::ffi::{c_int, c_void};

use pyo3::ffi;

/// True when instances of `t` are tracked by the cycle collector (`Py_TPFLAGS_HAVE_GC`):
/// they may refer to other objects, and their type defines `tp_traverse`.
///
/// # Safety
/// `t` must be a live type.
pub(crate) unsafe fn has_gc(t: *mut ffi::PyTypeObject) -> bool {
    // SAFETY: reads tp_flags of a live type.
    unsafe { (*t).tp_flags & ffi::Py_TPFLAGS_HAVE_GC != 0 }
}

/// The objects `o` refers to (borrowed, null ones left out), pushed onto `out`; nothing
/// for an object whose type is not collected (see [`has_gc`]).
///
/// # Safety
/// `o` must be a live object, GIL held; the pointers are live while nothing runs.
pub(crate) unsafe fn push_referents(o: *mut ffi::PyObject, out: &mut Vec<*mut ffi::PyObject>) {
    // SAFETY: o's type is live while o is.
    let t = unsafe { ffi::Py_TYPE(o) };
    // SAFETY: as above.
    if !unsafe { has_gc(t) } {
        return;
    }
    // SAFETY: a collected type's tp_traverse, called with its own instance and a visitor
    // that only pushes onto `out` (what `visit` is handed back as `arg`).
    unsafe {
        if let Some(traverse) = (*t).tp_traverse {
            traverse(o, visit, out as *mut Vec<*mut ffi::PyObject> as *mut c_void);
        }
    }
}

/// tp_traverse's callback: keeps each referent.
extern "C" fn visit(o: *mut ffi::PyObject, arg: *mut c_void) -> c_int {
    if !o.is_null() {
        // SAFETY: `arg` is the vector `push_referents` passed, alive for the call.
        unsafe { (*(arg as *mut Vec<*mut ffi::PyObject>)).push(o) };
    }
    0
}

/// True for the program's structure rather than its data: None, True, False, types,
/// modules, functions (Python or builtin) and code objects.
///
/// # Safety
/// `o` must be a live object, GIL held.
pub(crate) unsafe fn is_structure(o: *mut ffi::PyObject) -> bool {
    // SAFETY: the singletons' addresses and type checks of a live object.
    unsafe {
        o == ffi::Py_None()
            || o == ffi::Py_True()
            || o == ffi::Py_False()
            || ffi::PyType_Check(o) != 0
            || ffi::PyModule_Check(o) != 0
            || ffi::PyFunction_Check(o) != 0
            || ffi::PyCode_Check(o) != 0
            || ffi::PyCFunction_Check(o) != 0
    }
}
