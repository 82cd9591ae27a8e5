//! Reading pandas' objects' own data: instance-dict entries, the allow-listed Cython
//! field getters (see the notes of `pandas/mod.rs`), and the numpy arrays behind them.
//! Every read keeps the owned references it takes in [`Held`], released when the read
//! of one object is over.

use std::ffi::CStr;

use heapscope_trace::SummaryKind;
use pyo3::ffi;

use crate::numpy::{self, layout};
use crate::pyread;

/// The Cython fields read through their generated getters (see the module's notes).
const CYTHON_FIELDS: [&CStr; 5] = [c"blocks", c"axes", c"values", c"_mgr_locs", c"indexer"];

/// Owned references taken while reading, released when the read is over.
pub(super) struct Held(pub(super) Vec<*mut ffi::PyObject>);

impl Held {
    pub(super) fn keep(&mut self, o: *mut ffi::PyObject) -> *mut ffi::PyObject {
        self.0.push(o);
        o
    }
}

impl Drop for Held {
    fn drop(&mut self) {
        for &o in &self.0 {
            // SAFETY: each pointer is a new reference we took with the GIL held, which is
            // still held (the read happens within one trace-hook call).
            unsafe { pyread::release(o) };
        }
    }
}

/// The values array of a pandas `Categorical`'s categories (`_dtype._categories._data`),
/// None for any other object. `_dtype` is the one other Cython field read, from
/// `NDArrayBacked` alone; the dtype's `_categories` and the index's `_data` are
/// instance-dict entries.
///
/// # Safety
/// `values` must be a live object, GIL held.
pub(super) unsafe fn categories(
    api: &numpy::Api,
    values: *mut ffi::PyObject,
    held: &mut Held,
) -> Option<*mut ffi::PyObject> {
    // SAFETY: forwarded; each read is a dict lookup or the allow-listed getter.
    unsafe {
        if api.is_array(values) || pyread::type_qualname(pyread::type_of(values)) != "Categorical" {
            return None;
        }
        let dtype = cython_field(
            values,
            c"_dtype",
            |t| t == "pandas._libs.arrays.NDArrayBacked",
            held,
        )?;
        let index = inst_attr(dtype, c"_categories")?;
        let data = inst_attr(index, c"_data")?;
        backing_array(api, data, held).map(|(a, _)| a)
    }
}

/// Which pandas object a type's instances are, from the classes in its MRO: pandas'
/// `DataFrame`, `Series` or `Index` (subclasses included), named by their module.
///
/// # Safety
/// `t` must be a live type, GIL held.
pub(super) unsafe fn pandas_kind(t: *mut ffi::PyTypeObject) -> Option<SummaryKind> {
    // SAFETY: t is live.
    if !unsafe { pyread::is_heap_type(t) } {
        return None;
    }
    // SAFETY: as above; its MRO holds live types.
    for bt in unsafe { pyread::mro(t) } {
        // SAFETY: as above.
        let kind = match unsafe { pyread::type_qualname(bt) }.as_str() {
            "DataFrame" => SummaryKind::DataFrame,
            "Series" => SummaryKind::Series,
            "Index" => SummaryKind::Index,
            _ => continue,
        };
        // SAFETY: a str-keyed lookup in a live type's own dict; the value is type-checked
        // before its text is read.
        let module = unsafe {
            pyread::dict_get_str(pyread::type_dict(bt), c"__module__")
                .filter(|&m| pyread::is_str(m))
                .map(|m| pyread::str_full(m))
        };
        if module.is_some_and(|m| m == "pandas" || m.starts_with("pandas.")) {
            return Some(kind);
        }
    }
    None
}

/// An attribute from the object's own `__dict__` (borrowed), never through its class.
///
/// # Safety
/// `o` must be a live object, GIL held.
pub(super) unsafe fn inst_attr(o: *mut ffi::PyObject, name: &CStr) -> Option<*mut ffi::PyObject> {
    // SAFETY: the instance dict is a plain dict, looked up with a str key.
    unsafe { pyread::dict_get_str(pyread::instance_dict(o)?, name) }
}

/// A field of a pandas object: from its `__dict__`, else from an allow-listed Cython
/// field getter of a `pandas._libs` class (a new reference, kept in `held`).
///
/// # Safety
/// `o` must be a live object, GIL held.
pub(super) unsafe fn field(
    o: *mut ffi::PyObject,
    name: &CStr,
    held: &mut Held,
) -> Option<*mut ffi::PyObject> {
    // SAFETY: a dict lookup, then forwarded.
    unsafe {
        if let Some(v) = inst_attr(o, name) {
            return Some(v);
        }
        if !CYTHON_FIELDS.contains(&name) {
            return None;
        }
        cython_field(o, name, |t| t.starts_with("pandas._libs."), held)
    }
}

/// Calls the getter of the `cdef` field `name` declared by the first class in `o`'s MRO
/// whose full name `declared_by` accepts (a new reference, kept in `held`); None when that
/// class's attribute is not a getset descriptor.
///
/// # Safety
/// `o` must be a live object, GIL held; `declared_by` must accept only pandas' compiled
/// classes, whose getters of these names return the field (see the module's notes).
unsafe fn cython_field(
    o: *mut ffi::PyObject,
    name: &CStr,
    declared_by: impl Fn(&str) -> bool,
    held: &mut Held,
) -> Option<*mut ffi::PyObject> {
    // SAFETY: o and its type are live; the MRO holds live types.
    for bt in unsafe { pyread::mro(pyread::type_of(o)) } {
        // SAFETY: as above.
        let d = unsafe { pyread::type_dict(bt) };
        // SAFETY: as above.
        if d.is_null() || !declared_by(&unsafe { pyread::type_name(bt) }) {
            continue;
        }
        // SAFETY: a str-keyed lookup in a type's own dict.
        let Some(desc) = (unsafe { pyread::dict_get_str(d, name) }) else {
            continue;
        };
        // SAFETY: the getter of an accepted pandas class, per the contract.
        return unsafe { pyread::getset_get(desc, o) }.map(|v| held.keep(v));
    }
    None
}

/// The numpy array behind an index's or column's data (itself, or an extension array's
/// `_ndarray`), with the dtype drawn for it.
///
/// # Safety
/// `d` must be a live object, GIL held.
pub(super) unsafe fn backing_array(
    api: &numpy::Api,
    d: *mut ffi::PyObject,
    held: &mut Held,
) -> Option<(*mut ffi::PyObject, String)> {
    // SAFETY: forwarded.
    unsafe {
        if api.is_array(d) {
            return Some((d, layout::read(api, d, 0)?.dtype));
        }
        let inner = field_ndarray(d, held)?;
        if !api.is_array(inner) {
            return None;
        }
        let dtype = match pyread::type_qualname(pyread::type_of(d)).as_str() {
            "StringArray" => "str".to_owned(),
            "Categorical" => "category (codes)".to_owned(),
            other => format!("{other} of {}", layout::read(api, inner, 0)?.dtype),
        };
        Some((inner, dtype))
    }
}

/// `NDArrayBacked._ndarray`, the Cython field holding an extension array's numpy array.
///
/// # Safety
/// `o` must be a live object, GIL held.
unsafe fn field_ndarray(o: *mut ffi::PyObject, held: &mut Held) -> Option<*mut ffi::PyObject> {
    // SAFETY: the one name `_ndarray`, on the one class `pandas._libs.arrays.NDArrayBacked`.
    unsafe {
        cython_field(
            o,
            c"_ndarray",
            |t| t == "pandas._libs.arrays.NDArrayBacked",
            held,
        )
    }
}

/// The positions a block's placement indexer names: a slice's range or an intp array.
///
/// # Safety
/// `ix` must be a live object, GIL held.
pub(super) unsafe fn indexer_positions(api: &numpy::Api, ix: *mut ffi::PyObject) -> Vec<u64> {
    // SAFETY: a slice's fields are read from its struct; an array's items by `item`.
    unsafe {
        if let Some([start, stop, step]) = pyread::slice_fields(ix) {
            let int = |v: *mut ffi::PyObject| (!v.is_null()).then(|| pyread::small_int(v))?;
            let start = int(start).unwrap_or(0).max(0) as u64;
            let Some(stop) = int(stop) else {
                return vec![];
            };
            let step = int(step).unwrap_or(1).max(1) as u64;
            return (start..stop.max(0) as u64).step_by(step as usize).collect();
        }
        if api.is_array(ix) {
            let n = layout::read(api, ix, 0).map_or(0, |f| f.shape.first().copied().unwrap_or(0));
            return (0..n)
                .filter_map(|i| layout::item(api, ix, &[i])?.parse().ok())
                .collect();
        }
        vec![]
    }
}
