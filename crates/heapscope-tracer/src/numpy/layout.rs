//! The `ndarray` and dtype structs as numpy's headers lay them out
//! (`PyArrayObject_fields`, `PyArray_Descr`), and reading an array's facts and its first
//! and last values straight from its buffer, honouring strides and byte order.

use std::ffi::{c_char, c_int};

use pyo3::ffi;

use super::Api;
use crate::pyread;

/// `PyArrayObject_fields`, the part every numpy since 1.7 shares (through `flags`).
#[repr(C)]
pub(crate) struct ArrayFields {
    ob_base: ffi::PyObject,
    data: *mut u8,
    nd: c_int,
    dimensions: *const isize,
    strides: *const isize,
    base: *mut ffi::PyObject,
    descr: *mut DescrHead,
    flags: c_int,
}

/// The start of `PyArray_Descr`, the same in numpy 1.x and 2.x; the item size follows at
/// an offset that depends on the ABI (see [`item_size`]).
#[repr(C)]
struct DescrHead {
    ob_base: ffi::PyObject,
    typeobj: *mut ffi::PyTypeObject,
    kind: c_char,
    type_char: c_char,
    byteorder: c_char,
    flags: c_char,
    type_num: c_int,
}

/// numpy 1.x: `int elsize` right after `type_num`.
#[repr(C)]
struct DescrV1 {
    head: DescrHead,
    elsize: c_int,
}

/// numpy 2.x: `npy_uint64 flags` then `npy_intp elsize`.
#[repr(C)]
struct DescrV2 {
    head: DescrHead,
    flags: u64,
    elsize: isize,
}

const NPY_ARRAY_OWNDATA: c_int = 0x0004;
/// numpy's own limit on dimensions (64 in 2.x, 32 before).
const MAX_DIMS: c_int = 64;

/// What the tracer draws of an array.
pub(crate) struct ArrayFacts {
    /// `int64`, `float32`, `<U5`, `object`...
    pub dtype: String,
    pub shape: Vec<u64>,
    #[allow(dead_code)]
    pub itemsize: u64,
    pub nbytes: u64,
    /// The array allocated its buffer itself (not a view).
    pub owns_data: bool,
    /// What keeps the buffer alive for a view (the owning array), or NULL.
    pub base: *mut ffi::PyObject,
    /// The buffer's address (two arrays with the same base share it).
    pub data: usize,
    /// The first and last values in C order, as numpy would print them; empty when the
    /// dtype's values are not read (datetimes, structured, float16, long double).
    pub head: Vec<String>,
    pub tail: Vec<String>,
}

/// An array's struct and its dtype's, copied out: what the readers below work from.
struct Header {
    data: *mut u8,
    shape: Vec<u64>,
    strides: Vec<isize>,
    kind: u8,
    byteorder: u8,
    itemsize: usize,
    flags: c_int,
    base: *mut ffi::PyObject,
}

impl Header {
    /// The byte offset of the item at `index` (one entry per dimension) from `data`;
    /// None when the index is outside the shape.
    fn offset(&self, index: &[u64]) -> Option<isize> {
        if index.len() != self.shape.len() {
            return None;
        }
        let mut off: isize = 0;
        for ((&k, &dim), &stride) in index.iter().zip(&self.shape).zip(&self.strides) {
            if k >= dim {
                return None;
            }
            off += k as isize * stride;
        }
        Some(off)
    }

    /// The index, in C order, of the item at flat position `flat` (below the size).
    fn unflatten(&self, flat: u64) -> Vec<u64> {
        let mut rest = flat;
        let mut index = vec![0; self.shape.len()];
        for i in (0..self.shape.len()).rev() {
            let dim = self.shape[i].max(1);
            index[i] = rest % dim;
            rest /= dim;
        }
        index
    }

    /// The text of the item `off` bytes from `data`, as numpy prints it.
    ///
    /// # Safety
    /// `off` must come from [`Header::offset`] of an array still live, GIL held.
    unsafe fn value_at(&self, off: isize) -> Option<String> {
        // SAFETY: an offset inside the shape is inside the buffer by numpy's own
        // invariant; the item has `itemsize` bytes.
        unsafe {
            value(
                self.kind,
                self.itemsize,
                is_swapped(self.byteorder),
                self.data.offset(off),
            )
        }
    }
}

/// Copies an array's struct out; None for one that is not laid out as numpy's headers say.
///
/// # Safety
/// `o` must be a live array (`api.is_array(o)`), GIL held.
unsafe fn header(api: &Api, o: *mut ffi::PyObject) -> Option<Header> {
    // SAFETY: o is an ndarray (checked by the caller against numpy's own type) whose
    // struct starts with ArrayFields; dimensions and strides hold nd entries; descr is
    // the array's live dtype.
    unsafe {
        let a = &*(o as *const ArrayFields);
        if a.nd < 0 || a.nd > MAX_DIMS || a.descr.is_null() {
            return None;
        }
        let nd = a.nd as usize;
        let d = &*a.descr;
        Some(Header {
            data: a.data,
            shape: (0..nd)
                .map(|i| (*a.dimensions.add(i)).max(0) as u64)
                .collect(),
            strides: (0..nd).map(|i| *a.strides.add(i)).collect(),
            kind: d.kind as u8,
            byteorder: d.byteorder as u8,
            itemsize: item_size(api, a.descr),
            flags: a.flags,
            base: a.base,
        })
    }
}

/// Reads an array's facts and up to `max_values` of its values (half first, half last).
///
/// # Safety
/// `o` must be a live array (`api.is_array(o)`), GIL held.
pub(crate) unsafe fn read(
    api: &Api,
    o: *mut ffi::PyObject,
    max_values: usize,
) -> Option<ArrayFacts> {
    // SAFETY: per the contract.
    let h = unsafe { header(api, o)? };
    let itemsize = h.itemsize as u64;
    let dtype = dtype_name(h.kind, itemsize, h.byteorder);
    let size: u64 = h.shape.iter().product();
    let (head, tail) = if size == 0 || h.data.is_null() {
        (vec![], vec![])
    } else {
        let n = size.min(max_values as u64);
        let first = n.div_ceil(2);
        let last = n - first;
        let read = |flat: u64| {
            let off = h.offset(&h.unflatten(flat))?;
            // SAFETY: an offset of an index inside the shape of the live array.
            unsafe { h.value_at(off) }
        };
        let head: Option<Vec<String>> = (0..first).map(read).collect();
        let tail: Option<Vec<String>> = (size - last..size).map(read).collect();
        match (head, tail) {
            (Some(h), Some(t)) => (h, t),
            _ => (vec![], vec![]),
        }
    };
    Some(ArrayFacts {
        dtype,
        shape: h.shape,
        itemsize,
        nbytes: size * itemsize,
        owns_data: h.flags & NPY_ARRAY_OWNDATA != 0,
        base: h.base,
        data: h.data as usize,
        head,
        tail,
    })
}

/// A dtype's item size, where this numpy's ABI puts it.
///
/// # Safety
/// `descr` must be a live dtype of the running numpy.
unsafe fn item_size(api: &Api, descr: *const DescrHead) -> usize {
    // SAFETY: the ABI version says which layout the struct has.
    unsafe {
        if api.abi_major >= 2 {
            (*(descr as *const DescrV2)).elsize.max(0) as usize
        } else {
            (*(descr as *const DescrV1)).elsize.max(0) as usize
        }
    }
}

/// True when the dtype's byte order is not this machine's.
fn is_swapped(byteorder: u8) -> bool {
    byteorder == b'>' && cfg!(target_endian = "little")
        || byteorder == b'<' && cfg!(target_endian = "big")
}

/// The dtype's name as numpy prints it, from its kind and item size.
pub(super) fn dtype_name(kind: u8, itemsize: u64, byteorder: u8) -> String {
    let bits = itemsize * 8;
    match kind {
        b'b' => "bool".into(),
        b'i' => format!("int{bits}"),
        b'u' => format!("uint{bits}"),
        b'f' => format!("float{bits}"),
        b'c' => format!("complex{bits}"),
        b'O' => "object".into(),
        b'S' => format!("|S{itemsize}"),
        b'U' => {
            let order = if byteorder == b'>' { '>' } else { '<' };
            format!("{order}U{}", itemsize / 4)
        }
        b'M' => "datetime64".into(),
        b'm' => "timedelta64".into(),
        b'V' => format!("|V{itemsize}"),
        b'T' => "StringDType".into(),
        other => format!("kind {:?}", other as char),
    }
}

/// One value at `p`, as numpy prints it; None for dtypes whose values are not read.
///
/// # Safety
/// `p` must point at `size` readable bytes of an item of this kind, GIL held.
pub(super) unsafe fn value(kind: u8, size: usize, swapped: bool, p: *const u8) -> Option<String> {
    match kind {
        b'S' => {
            // SAFETY: the item's own bytes (at most 64 of its `size`).
            let bytes = unsafe { std::slice::from_raw_parts(p, size.min(64)) };
            let end = bytes.iter().position(|&b| b == 0).unwrap_or(bytes.len());
            Some(format!("b{:?}", String::from_utf8_lossy(&bytes[..end])))
        }
        b'U' => {
            // SAFETY: the item's first code units (4 bytes each), within its `size`.
            let units = unsafe { std::slice::from_raw_parts(p, (size / 4).min(64) * 4) };
            Some(ucs4_text(units, swapped))
        }
        b'O' => {
            // SAFETY: an object item is a pointer, read unaligned.
            let item = unsafe { std::ptr::read_unaligned(p as *const *mut ffi::PyObject) };
            Some(if item.is_null() {
                "None".into()
            } else {
                // SAFETY: an object array holds live objects, GIL held.
                unsafe { pyread::safe_repr(item, true) }
            })
        }
        _ => {
            let mut buf = [0u8; 16];
            if size <= 16 {
                // SAFETY: the item's own `size` bytes, unaligned.
                unsafe { std::ptr::copy_nonoverlapping(p, buf.as_mut_ptr(), size) };
                if swapped {
                    buf[..size].reverse();
                }
            }
            number_text(kind, size, &buf)
        }
    }
}

/// A numpy str item's text (UCS4 code units, up to the first NUL), quoted as numpy
/// prints it.
fn ucs4_text(units: &[u8], swapped: bool) -> String {
    let mut s = String::new();
    for unit in units.chunks_exact(4) {
        let mut cp = [unit[0], unit[1], unit[2], unit[3]];
        if swapped {
            cp.reverse();
        }
        let c = u32::from_ne_bytes(cp);
        if c == 0 {
            break;
        }
        s.push(char::from_u32(c).unwrap_or('\u{fffd}'));
    }
    heapscope_trace::quote_str(&heapscope_trace::TextValue::full(s))
}

/// A bool or number item's text from its bytes (in this machine's order); None for a
/// kind or size whose values are not read.
fn number_text(kind: u8, size: usize, buf: &[u8; 16]) -> Option<String> {
    let int = |n: usize| -> i64 {
        match n {
            1 => i8::from_ne_bytes([buf[0]]) as i64,
            2 => i16::from_ne_bytes([buf[0], buf[1]]) as i64,
            4 => i32::from_ne_bytes(buf[..4].try_into().unwrap_or_default()) as i64,
            _ => i64::from_ne_bytes(buf[..8].try_into().unwrap_or_default()),
        }
    };
    let float = |n: usize| -> Option<f64> {
        match n {
            4 => Some(f32::from_ne_bytes(buf[..4].try_into().ok()?) as f64),
            8 => Some(f64::from_ne_bytes(buf[..8].try_into().ok()?)),
            _ => None,
        }
    };
    Some(match (kind, size) {
        (b'b', 1) => if buf[0] != 0 { "True" } else { "False" }.into(),
        (b'i', 1 | 2 | 4 | 8) => int(size).to_string(),
        (b'u', 1 | 2 | 4 | 8) => {
            let v = int(size);
            let mask = if size == 8 {
                u64::MAX
            } else {
                (1u64 << (size * 8)) - 1
            };
            (v as u64 & mask).to_string()
        }
        (b'f', 4 | 8) => number(float(size)?),
        (b'c', 8 | 16) => {
            let half = size / 2;
            let (re, im) = if half == 4 {
                (
                    f32::from_ne_bytes(buf[..4].try_into().ok()?) as f64,
                    f32::from_ne_bytes(buf[4..8].try_into().ok()?) as f64,
                )
            } else {
                (
                    f64::from_ne_bytes(buf[..8].try_into().ok()?),
                    f64::from_ne_bytes(buf[8..16].try_into().ok()?),
                )
            };
            let sign = if im.is_sign_negative() { '-' } else { '+' };
            format!("{}{sign}{}j", number(re), number(im.abs()))
        }
        _ => return None,
    })
}

/// A float as numpy prints it in an array: `1.5`, `3.0`, `nan`.
fn number(v: f64) -> String {
    heapscope_trace::format_float(v)
}

/// The text of one item of an array at `index` (one entry per dimension), None when the
/// index is outside the shape or the dtype's values are not read.
///
/// # Safety
/// `o` must be a live array (`api.is_array(o)`), GIL held.
pub(crate) unsafe fn item(api: &Api, o: *mut ffi::PyObject, index: &[u64]) -> Option<String> {
    // SAFETY: per the contract.
    let h = unsafe { header(api, o)? };
    if h.data.is_null() {
        return None;
    }
    let off = h.offset(index)?;
    // SAFETY: an offset of an index inside the shape of the live array.
    unsafe { h.value_at(off) }
}

/// The item pointers of an object array (`dtype=object`): all of a one-dimensional
/// array's (`row` None), or row `row` of a two-dimensional one (pandas keeps a block of
/// object columns as one array with a row per column); None for another dtype, shape or
/// row.
///
/// # Safety
/// `o` must be a live array, GIL held; the pointers are borrowed from it.
pub(crate) unsafe fn object_items(
    api: &Api,
    o: *mut ffi::PyObject,
    row: Option<u64>,
) -> Option<Vec<*mut ffi::PyObject>> {
    // SAFETY: per the contract.
    let h = unsafe { header(api, o)? };
    if h.kind != b'O' || h.data.is_null() {
        return None;
    }
    let start = match (h.shape.len(), row) {
        (1, None) => 0,
        (2, Some(j)) if j < h.shape[0] => j as isize * h.strides[0],
        _ => return None,
    };
    let axis = h.shape.len() - 1;
    let n = h.shape[axis];
    let stride = h.strides[axis];
    Some(
        (0..n as isize)
            .map(|i| {
                // SAFETY: an object array's items are PyObject pointers at data +
                // sum(index * stride) for an index inside its shape: the row is below
                // the first dimension, and i below the axis' length.
                unsafe {
                    std::ptr::read_unaligned(
                        h.data.offset(start + i * stride) as *const *mut ffi::PyObject
                    )
                }
            })
            .collect(),
    )
}
