//! Attributes of builtin objects (generators, code objects, tracebacks), read through
//! CPython's generic lookup, which on those types runs C getters only.

use std::ffi::CStr;

use pyo3::ffi;

use super::text::str_full;

/// Reads an attribute of a builtin object whose type's attribute lookup is CPython's own
/// (generators, code objects, exceptions' builtin fields). Never use on user classes.
///
/// The name is interned: the interned key of the type's own dict comes back, so nothing
/// new stays alive. A fresh string would stay referenced by CPython's type cache (or not,
/// by hash collisions) and count in the program's heap figures.
///
/// # Safety
/// `o` must be a live object of a builtin type that cannot be subclassed in Python (or
/// whose attribute is a data descriptor of the builtin base), GIL held.
pub(crate) unsafe fn builtin_attr(
    o: *mut ffi::PyObject,
    name: &CStr,
) -> Option<*mut ffi::PyObject> {
    // SAFETY: PyObject_GenericGetAttr on a builtin type runs only C getters.
    unsafe {
        let n = ffi::PyUnicode_InternFromString(name.as_ptr());
        if n.is_null() {
            ffi::PyErr_Clear();
            return None;
        }
        let v = ffi::PyObject_GenericGetAttr(o, n);
        ffi::Py_DECREF(n);
        if v.is_null() {
            ffi::PyErr_Clear();
            None
        } else {
            Some(v)
        }
    }
}

/// A str attribute of a builtin object, empty when it is missing or not a str.
///
/// # Safety
/// As for [`builtin_attr`].
pub(crate) unsafe fn builtin_str_attr(o: *mut ffi::PyObject, name: &CStr) -> String {
    // SAFETY: forwarded; the value is released after reading.
    unsafe {
        let Some(v) = builtin_attr(o, name) else {
            return String::new();
        };
        let s = if ffi::PyUnicode_Check(v) != 0 {
            str_full(v)
        } else {
            String::new()
        };
        ffi::Py_DECREF(v);
        s
    }
}

/// A small int attribute of a builtin object.
///
/// # Safety
/// As for [`builtin_attr`].
pub(crate) unsafe fn builtin_int_attr(o: *mut ffi::PyObject, name: &CStr) -> Option<i64> {
    // SAFETY: forwarded; the value is released after reading.
    unsafe {
        let v = builtin_attr(o, name)?;
        let r = if ffi::PyLong_Check(v) != 0 {
            let mut overflow = 0;
            let x = ffi::PyLong_AsLongLongAndOverflow(v, &mut overflow);
            (overflow == 0).then_some(x)
        } else {
            None
        };
        ffi::Py_DECREF(v);
        r
    }
}

/// A str attribute of a builtin object, None when it is missing or not a str.
///
/// # Safety
/// As for [`builtin_attr`].
pub(crate) unsafe fn builtin_str_attr_opt(o: *mut ffi::PyObject, name: &CStr) -> Option<String> {
    // SAFETY: forwarded; the value is released after reading.
    unsafe {
        let v = builtin_attr(o, name)?;
        let s = (ffi::PyUnicode_Check(v) != 0).then(|| str_full(v));
        ffi::Py_DECREF(v);
        s
    }
}

/// The strs of a tuple attribute of a builtin object (a code object's names), empty when
/// it is missing or not a tuple.
///
/// # Safety
/// As for [`builtin_attr`].
pub(crate) unsafe fn builtin_str_tuple_attr(o: *mut ffi::PyObject, name: &CStr) -> Vec<String> {
    // SAFETY: forwarded; the value is released after reading.
    unsafe {
        let Some(v) = builtin_attr(o, name) else {
            return vec![];
        };
        let s = if ffi::PyTuple_Check(v) != 0 {
            super::containers::str_tuple(v)
        } else {
            vec![]
        };
        ffi::Py_DECREF(v);
        s
    }
}

/// True when a builtin object's attribute is missing or `None`.
///
/// # Safety
/// As for [`builtin_attr`].
pub(crate) unsafe fn builtin_attr_is_none(o: *mut ffi::PyObject, name: &CStr) -> bool {
    // SAFETY: forwarded; the value is released after comparing.
    unsafe {
        builtin_attr(o, name).is_none_or(|v| {
            let none = v == ffi::Py_None();
            ffi::Py_DECREF(v);
            none
        })
    }
}

/// Calls the C getter of a getset descriptor (a `cdef` field of a compiled class) on `o`:
/// a new reference, or None when `desc` is not a getset descriptor, has no getter, or the
/// getter failed (its error cleared).
///
/// # Safety
/// `desc` and `o` must be live objects, GIL held, and the caller must know that this
/// getter returns its field and runs no Python code (the descriptor's class is one whose
/// getters are known, as pandas' compiled classes).
pub(crate) unsafe fn getset_get(
    desc: *mut ffi::PyObject,
    o: *mut ffi::PyObject,
) -> Option<*mut ffi::PyObject> {
    // SAFETY: the descriptor is checked to be a getset one before its def is read; its
    // getter is called per the contract.
    unsafe {
        if ffi::Py_TYPE(desc) != std::ptr::addr_of_mut!(ffi::PyGetSetDescr_Type) {
            return None;
        }
        let gs = (*(desc as *mut ffi::PyGetSetDescrObject)).d_getset;
        let v = ((*gs).get?)(o, (*gs).closure);
        if v.is_null() {
            ffi::PyErr_Clear();
            return None;
        }
        Some(v)
    }
}
