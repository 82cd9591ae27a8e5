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

/// Reads an array's facts and up to `max_values` of its values (half first, half last).
///
/// # Safety
/// `o` must be a live array (`api.is_array(o)`), GIL held.
pub(crate) unsafe fn read(
    api: &Api,
    o: *mut ffi::PyObject,
    max_values: usize,
) -> Option<ArrayFacts> {
    // SAFETY: o is an ndarray (checked by the caller against numpy's own type) whose
    // struct starts with ArrayFields; dimensions and strides hold nd entries; every value
    // read is at data + sum(index * stride) for an index inside the shape, which is
    // inside the buffer by numpy's own invariant.
    unsafe {
        let a = &*(o as *const ArrayFields);
        if a.nd < 0 || a.nd > MAX_DIMS || a.descr.is_null() {
            return None;
        }
        let nd = a.nd as usize;
        let shape: Vec<u64> = (0..nd)
            .map(|i| (*a.dimensions.add(i)).max(0) as u64)
            .collect();
        let strides: Vec<isize> = (0..nd).map(|i| *a.strides.add(i)).collect();
        let d = &*a.descr;
        let itemsize = item_size(api, a.descr) as u64;
        let kind = d.kind as u8;
        let swapped = is_swapped(d);
        let dtype = dtype_name(kind, itemsize, d.byteorder as u8);
        let size: u64 = shape.iter().product();
        let (head, tail) = if size == 0 || a.data.is_null() {
            (vec![], vec![])
        } else {
            let n = size.min(max_values as u64);
            let first = n.div_ceil(2);
            let last = n - first;
            let at = |flat: u64| -> *const u8 {
                let mut rest = flat;
                let mut off: isize = 0;
                for i in (0..nd).rev() {
                    let dim = shape[i].max(1);
                    off += (rest % dim) as isize * strides[i];
                    rest /= dim;
                }
                a.data.offset(off)
            };
            let read = |flat: u64| value(kind, itemsize as usize, swapped, at(flat));
            let head: Option<Vec<String>> = (0..first).map(read).collect();
            let tail: Option<Vec<String>> = (size - last..size).map(read).collect();
            match (head, tail) {
                (Some(h), Some(t)) => (h, t),
                _ => (vec![], vec![]),
            }
        };
        Some(ArrayFacts {
            dtype,
            shape,
            itemsize,
            nbytes: size * itemsize,
            owns_data: a.flags & NPY_ARRAY_OWNDATA != 0,
            base: a.base,
            data: a.data as usize,
            head,
            tail,
        })
    }
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
fn is_swapped(d: &DescrHead) -> bool {
    d.byteorder as u8 == b'>' && cfg!(target_endian = "little")
        || d.byteorder as u8 == b'<' && cfg!(target_endian = "big")
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
/// `p` must point at `size` readable bytes of an item of this kind.
pub(super) unsafe fn value(kind: u8, size: usize, swapped: bool, p: *const u8) -> Option<String> {
    // SAFETY: forwarded; unaligned reads of the item's own bytes.
    unsafe {
        let mut buf = [0u8; 16];
        if size <= 16 && kind != b'O' && kind != b'S' && kind != b'U' {
            std::ptr::copy_nonoverlapping(p, buf.as_mut_ptr(), size);
            if swapped {
                buf[..size].reverse();
            }
        }
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
            (b'S', _) => {
                let bytes = std::slice::from_raw_parts(p, size.min(64));
                let end = bytes.iter().position(|&b| b == 0).unwrap_or(bytes.len());
                format!("b{:?}", String::from_utf8_lossy(&bytes[..end]))
            }
            (b'U', _) => {
                let n = (size / 4).min(64);
                let mut s = String::new();
                for i in 0..n {
                    let mut cp = [0u8; 4];
                    std::ptr::copy_nonoverlapping(p.add(i * 4), cp.as_mut_ptr(), 4);
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
            (b'O', _) => {
                let item = std::ptr::read_unaligned(p as *const *mut ffi::PyObject);
                if item.is_null() {
                    "None".into()
                } else {
                    pyread::safe_repr(item, true)
                }
            }
            _ => return None,
        })
    }
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
    // SAFETY: as in `read`: the offset is inside the buffer for an index inside the shape.
    unsafe {
        let a = &*(o as *const ArrayFields);
        if a.nd as usize != index.len() || a.descr.is_null() || a.data.is_null() {
            return None;
        }
        let mut off: isize = 0;
        for (i, &k) in index.iter().enumerate() {
            if k >= (*a.dimensions.add(i)).max(0) as u64 {
                return None;
            }
            off += k as isize * *a.strides.add(i);
        }
        let d = &*a.descr;
        value(
            d.kind as u8,
            item_size(api, a.descr),
            is_swapped(d),
            a.data.offset(off),
        )
    }
}

/// The item pointers of an object array (`dtype=object`): all of a one-dimensional
/// array's (`row` None), or row `row` of a two-dimensional one (pandas keeps a block of
/// object columns as one array with a row per column); None for another dtype, shape or
/// row.
///
/// # Safety
/// `o` must be a live array, GIL held; the pointers are borrowed from it.
pub(crate) unsafe fn object_items(
    o: *mut ffi::PyObject,
    row: Option<u64>,
) -> Option<Vec<*mut ffi::PyObject>> {
    // SAFETY: an object array's items are PyObject pointers at data + sum(index * stride),
    // for an index inside the shape (checked against `dimensions`).
    unsafe {
        let a = &*(o as *const ArrayFields);
        if a.descr.is_null() || (*a.descr).kind as u8 != b'O' || a.data.is_null() {
            return None;
        }
        let (start, axis) = match (a.nd, row) {
            (1, None) => (a.data, 0),
            (2, Some(j)) if j < (*a.dimensions).max(0) as u64 => {
                (a.data.offset(j as isize * *a.strides), 1)
            }
            _ => return None,
        };
        let n = (*a.dimensions.add(axis)).max(0) as usize;
        let stride = *a.strides.add(axis);
        Some(
            (0..n)
                .map(|i| {
                    std::ptr::read_unaligned(
                        start.offset(i as isize * stride) as *const *mut ffi::PyObject
                    )
                })
                .collect(),
        )
    }
}
