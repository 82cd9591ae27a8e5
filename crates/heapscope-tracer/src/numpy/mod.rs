//! numpy, read from its C structs and C API table only: the array layout (`layout`) and
//! the NEP 49 allocator handler that counts array buffers (`alloc`). numpy is never
//! imported on the tracer's account: everything here starts from a program that already
//! imported it (its extension module is in `sys.modules`).

pub(crate) mod alloc;
pub(crate) mod layout;
pub(crate) mod scalar;

use std::ffi::c_void;

use pyo3::ffi;

use crate::pyread;

/// numpy's C API as the running numpy exports it, once the program imported numpy.
#[derive(Clone, Copy)]
pub(crate) struct Api {
    /// The function table (`PyArray_API`).
    table: *const *const c_void,
    /// `numpy.ndarray`.
    pub(crate) array_type: *mut ffi::PyTypeObject,
    /// The ABI's major version: 1 (numpy 1.x) or 2 (numpy 2.x); the descriptor layout differs.
    pub(crate) abi_major: u32,
    /// The C API feature version (0xf and up have the NEP 49 allocator handlers).
    pub(crate) feature: u32,
}

/// Smallest `ndarray` struct we read (`PyArrayObject_fields` through `flags`).
const MIN_ARRAY_SIZE: isize = std::mem::size_of::<layout::ArrayFields>() as isize;

impl Api {
    /// numpy's API when the program has imported numpy and its layout is one we know, else
    /// None (not imported yet, or a numpy we cannot read: the tracer then draws arrays as
    /// opaque objects rather than guess).
    ///
    /// # Safety
    /// GIL held.
    pub(crate) unsafe fn find() -> Option<Api> {
        let m = [
            c"numpy._core._multiarray_umath",
            c"numpy.core._multiarray_umath",
        ]
        .into_iter()
        // SAFETY: GIL held.
        .find_map(|name| unsafe { pyread::sys_module(name) })?;
        // SAFETY: m is live while sys.modules holds it; its dict is a plain dict looked up
        // with a str key, and the capsule's pointer is read without running code.
        let table = unsafe {
            let cap = pyread::dict_get_str(pyread::module_dict(m)?, c"_ARRAY_API")?;
            pyread::capsule_pointer(cap)? as *const *const c_void
        };
        // SAFETY: the capsule's pointer is numpy's API table, whose first entries (the ABI
        // and feature versions, the array type) have been at the same places since numpy
        // 1.0; the version functions take no arguments and only return a constant.
        let (abi_major, feature, array_type) = unsafe {
            let version: extern "C" fn() -> u32 = std::mem::transmute(*table);
            let abi_major = version() >> 24;
            if !matches!(abi_major, 1 | 2) {
                return None;
            }
            let feature_fn: extern "C" fn() -> u32 = std::mem::transmute(*table.add(211));
            (
                abi_major,
                feature_fn(),
                *table.add(2) as *mut ffi::PyTypeObject,
            )
        };
        // SAFETY: numpy's array type, live while numpy is imported.
        if array_type.is_null() || unsafe { (*array_type).tp_basicsize } < MIN_ARRAY_SIZE {
            return None;
        }
        Some(Api {
            table,
            array_type,
            abi_major,
            feature,
        })
    }

    /// Entry `i` of the API table.
    ///
    /// # Safety
    /// `i` must be an entry the running numpy's feature version has.
    pub(crate) unsafe fn entry(&self, i: usize) -> *const c_void {
        // SAFETY: forwarded.
        unsafe { *self.table.add(i) }
    }

    /// True when `o` is an `ndarray` or an instance of a subclass of it (walks the type's
    /// bases: no attribute lookup, no `isinstance` hooks).
    ///
    /// # Safety
    /// `o` must be a live object.
    pub(crate) unsafe fn is_array(&self, o: *mut ffi::PyObject) -> bool {
        // SAFETY: tp_base chains of live types are live.
        unsafe {
            let mut t = ffi::Py_TYPE(o);
            while !t.is_null() {
                if t == self.array_type {
                    return true;
                }
                t = (*t).tp_base;
            }
            false
        }
    }
}
