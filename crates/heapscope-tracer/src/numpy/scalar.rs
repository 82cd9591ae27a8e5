//! numpy's scalar objects (`np.int64(7)`, `np.float64(2.5)`, `np.bool_(True)`): each is a
//! `PyObject_HEAD` followed by its C value (`PyLongScalarObject.obval`...), so the value is
//! read from there, once the object's type is found to be one of numpy's own scalar types
//! (from numpy's C API table, never by name).

use std::ffi::c_long;

use pyo3::ffi;

use super::{layout, Api};

/// The API table entries of numpy's number scalar types (the same since numpy 1.0), with
/// the kind and size of the value each holds.
const SCALAR_TYPES: [(usize, u8, usize); 13] = [
    (8, b'b', 1),                              // bool_
    (20, b'i', 1),                             // byte (int8)
    (21, b'i', 2),                             // short (int16)
    (22, b'i', 4),                             // intc (int32)
    (23, b'i', std::mem::size_of::<c_long>()), // long
    (24, b'i', 8),                             // longlong
    (25, b'u', 1),                             // ubyte
    (26, b'u', 2),                             // ushort
    (27, b'u', 4),                             // uintc
    (28, b'u', std::mem::size_of::<c_long>()), // ulong
    (29, b'u', 8),                             // ulonglong
    (30, b'f', 4),                             // float32
    (31, b'f', 8),                             // float64 (also a Python float)
];

/// A numpy scalar's dtype name and value as numpy prints it (`int64`, `7`), or None when
/// `o` is not an instance of one of numpy's number scalar types (or a subclass of one).
///
/// # Safety
/// `o` must be a live object, GIL held.
pub(crate) unsafe fn read(api: &Api, o: *mut ffi::PyObject) -> Option<(String, String)> {
    // SAFETY: the table entries are numpy's type objects; an instance of one (or of a
    // subclass, which keeps the base's struct at its start) holds its value right after
    // the object header, as `Py<Type>ScalarObject` declares.
    unsafe {
        let mut t = ffi::Py_TYPE(o);
        while !t.is_null() {
            for &(entry, kind, size) in &SCALAR_TYPES {
                if api.entry(entry) as *mut ffi::PyTypeObject == t {
                    let p = (o as *const u8).add(std::mem::size_of::<ffi::PyObject>());
                    let value = layout::value(kind, size, false, p)?;
                    return Some((layout::dtype_name(kind, size as u64, b'='), value));
                }
            }
            t = (*t).tp_base;
        }
        None
    }
}
