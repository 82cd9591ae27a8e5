//! C-API functions that libpython 3.10 to 3.13 export (`nm -D`) with one signature, but
//! that pyo3-ffi does not declare.

#![allow(non_snake_case, non_upper_case_globals)]

use pyo3::ffi;

extern "C" {
    pub(crate) fn _PySet_NextEntry(
        set: *mut ffi::PyObject,
        pos: *mut ffi::Py_ssize_t,
        key: *mut *mut ffi::PyObject,
        hash: *mut ffi::Py_hash_t,
    ) -> std::os::raw::c_int;
    pub(crate) static mut PyMethod_Type: ffi::PyTypeObject;
    pub(crate) fn PyMethod_Function(m: *mut ffi::PyObject) -> *mut ffi::PyObject;
    pub(crate) fn PyMethod_Self(m: *mut ffi::PyObject) -> *mut ffi::PyObject;
    pub(crate) fn _PyObject_GetDictPtr(obj: *mut ffi::PyObject) -> *mut *mut ffi::PyObject;
}
