//! Tuples and dicts: their items as borrowed pointers, read from their storage.

use pyo3::ffi;

use super::text::str_full;

/// The items of a tuple as borrowed pointers.
///
/// # Safety
/// `t` must be a live tuple (or subclass), GIL held; the pointers are borrowed from it.
pub(crate) unsafe fn tuple_items(t: *mut ffi::PyObject) -> Vec<*mut ffi::PyObject> {
    // SAFETY: PyTuple_GET_ITEM reads raw storage within GET_SIZE.
    unsafe {
        (0..ffi::PyTuple_GET_SIZE(t))
            .map(|i| ffi::PyTuple_GET_ITEM(t, i))
            .collect()
    }
}

/// The strs of a tuple of strs (names from a code object).
///
/// # Safety
/// As for [`tuple_items`].
pub(crate) unsafe fn str_tuple(t: *mut ffi::PyObject) -> Vec<String> {
    // SAFETY: forwarded; non-str items become "?".
    unsafe {
        tuple_items(t)
            .into_iter()
            .map(|s| {
                if ffi::PyUnicode_Check(s) != 0 {
                    str_full(s)
                } else {
                    "?".into()
                }
            })
            .collect()
    }
}

/// The entries of a dict, in order, read with `PyDict_Next` (which walks the table without
/// hashing or comparing keys: no user code runs). Null or a non-dict gives no entries.
pub(crate) struct DictItems {
    dict: *mut ffi::PyObject,
    pos: ffi::Py_ssize_t,
}

/// Iterates over `d`'s entries as borrowed pointers.
///
/// # Safety
/// `d` must be null or a live object, the GIL held, and the dict left unchanged while the
/// iterator is used (nothing between its steps may run Python code).
pub(crate) unsafe fn dict_items(d: *mut ffi::PyObject) -> DictItems {
    // SAFETY: PyDict_Check reads the type of a live object.
    let dict = if d.is_null() || unsafe { ffi::PyDict_Check(d) } == 0 {
        std::ptr::null_mut()
    } else {
        d
    };
    DictItems { dict, pos: 0 }
}

impl Iterator for DictItems {
    type Item = (*mut ffi::PyObject, *mut ffi::PyObject);

    fn next(&mut self) -> Option<Self::Item> {
        if self.dict.is_null() {
            return None;
        }
        let mut k = std::ptr::null_mut();
        let mut v = std::ptr::null_mut();
        // SAFETY: the dict is live and unchanged (the contract of `dict_items`).
        (unsafe { ffi::PyDict_Next(self.dict, &mut self.pos, &mut k, &mut v) } != 0)
            .then_some((k, v))
    }
}

/// The length of a tuple.
///
/// # Safety
/// `t` must be a live tuple (or subclass), GIL held.
pub(crate) unsafe fn tuple_len(t: *mut ffi::PyObject) -> usize {
    // SAFETY: the size field of a live tuple.
    unsafe { ffi::PyTuple_GET_SIZE(t) as usize }
}

/// Item `i` of a tuple, borrowed.
///
/// # Safety
/// `t` must be a live tuple (or subclass), `i` below its length, GIL held.
pub(crate) unsafe fn tuple_item(t: *mut ffi::PyObject, i: usize) -> *mut ffi::PyObject {
    // SAFETY: within the size, per the contract.
    unsafe { ffi::PyTuple_GET_ITEM(t, i as ffi::Py_ssize_t) }
}

/// The length of a list.
///
/// # Safety
/// `l` must be a live list (or subclass), GIL held.
pub(crate) unsafe fn list_len(l: *mut ffi::PyObject) -> usize {
    // SAFETY: the size field of a live list.
    unsafe { ffi::PyList_GET_SIZE(l) as usize }
}

/// Item `i` of a list, borrowed.
///
/// # Safety
/// `l` must be a live list (or subclass), `i` below its length, GIL held, and the list
/// unchanged since its length was read.
pub(crate) unsafe fn list_item(l: *mut ffi::PyObject, i: usize) -> *mut ffi::PyObject {
    // SAFETY: within the size, per the contract.
    unsafe { ffi::PyList_GET_ITEM(l, i as ffi::Py_ssize_t) }
}

/// The items of a set or frozenset, in table order, borrowed (`_PySet_NextEntry` walks
/// the table: no hashing, no comparison).
///
/// # Safety
/// `s` must be a live set or frozenset (or subclass), GIL held.
pub(crate) unsafe fn set_items(s: *mut ffi::PyObject) -> Vec<*mut ffi::PyObject> {
    let mut items = Vec::new();
    let mut pos: ffi::Py_ssize_t = 0;
    let mut key = std::ptr::null_mut();
    let mut hash: ffi::Py_hash_t = 0;
    // SAFETY: a live set, walked with its own cursor.
    while unsafe { super::undeclared::_PySet_NextEntry(s, &mut pos, &mut key, &mut hash) } != 0 {
        items.push(key);
    }
    items
}

/// The first `max` bytes of a bytes or bytearray object, and its length.
///
/// # Safety
/// `o` must be a live bytes or bytearray object (or subclass), GIL held.
pub(crate) unsafe fn bytes_prefix(o: *mut ffi::PyObject, max: usize) -> (Vec<u8>, u64) {
    // SAFETY: the buffer and size of the type checked for; `keep` is within the size.
    unsafe {
        let (ptr, n) = if ffi::PyByteArray_Check(o) != 0 {
            (
                ffi::PyByteArray_AS_STRING(o) as *const u8,
                ffi::PyByteArray_GET_SIZE(o) as usize,
            )
        } else {
            (
                ffi::PyBytes_AS_STRING(o) as *const u8,
                ffi::PyBytes_Size(o) as usize,
            )
        };
        let keep = n.min(max);
        let data = if keep == 0 {
            vec![]
        } else {
            std::slice::from_raw_parts(ptr, keep).to_vec()
        };
        (data, n as u64)
    }
}

/// True for a cell object (a closure's variable).
///
/// # Safety
/// `o` must be a live object.
pub(crate) unsafe fn is_cell(o: *mut ffi::PyObject) -> bool {
    // SAFETY: a type check.
    unsafe { ffi::PyCell_Check(o) != 0 }
}

/// What a cell holds, borrowed; None when it is empty or `c` is not a cell.
///
/// # Safety
/// `c` must be a live object, GIL held.
pub(crate) unsafe fn cell_contents(c: *mut ffi::PyObject) -> Option<*mut ffi::PyObject> {
    // SAFETY: a cell's one field, read after checking the type.
    unsafe {
        if ffi::PyCell_Check(c) == 0 {
            return None;
        }
        let v = (*(c as *mut ffi::PyCellObject)).ob_ref;
        (!v.is_null()).then_some(v)
    }
}

/// The value of a dict at a str key, borrowed; None when absent (or `d` is null).
/// The lookup hashes and compares the key only, a str: no user code.
///
/// # Safety
/// `d` must be null or a live dict whose keys are builtin objects' (a module's or a
/// type's dict), GIL held.
pub(crate) unsafe fn dict_get_str(
    d: *mut ffi::PyObject,
    key: &std::ffi::CStr,
) -> Option<*mut ffi::PyObject> {
    if d.is_null() {
        return None;
    }
    // SAFETY: returns a borrowed reference or NULL without setting an exception.
    let v = unsafe { ffi::PyDict_GetItemString(d, key.as_ptr()) };
    (!v.is_null()).then_some(v)
}

/// True for a tuple (or subclass).
///
/// # Safety
/// `o` must be a live object.
pub(crate) unsafe fn is_tuple(o: *mut ffi::PyObject) -> bool {
    // SAFETY: a type check.
    unsafe { ffi::PyTuple_Check(o) != 0 }
}

/// Item `i` of a tuple, borrowed; None when `t` is null, not a tuple or too short.
///
/// # Safety
/// `t` must be null or a live object, GIL held.
pub(crate) unsafe fn tuple_get(t: *mut ffi::PyObject, i: usize) -> Option<*mut ffi::PyObject> {
    // SAFETY: checked to be a tuple and long enough; a borrowed reference.
    unsafe {
        if t.is_null() || ffi::PyTuple_Check(t) == 0 || tuple_len(t) <= i {
            return None;
        }
        Some(tuple_item(t, i))
    }
}

/// True for a list (or subclass).
///
/// # Safety
/// `o` must be a live object.
pub(crate) unsafe fn is_list(o: *mut ffi::PyObject) -> bool {
    // SAFETY: a type check.
    unsafe { ffi::PyList_Check(o) != 0 }
}
