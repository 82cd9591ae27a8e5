//! A pandas Index's length and labels: a RangeIndex's computed from its range, any
//! other's read from the numpy array behind its data.

use pyo3::ffi;

use super::fields::{backing_array, inst_attr, Held};
use crate::numpy::{self, layout};
use crate::pyread;

/// A RangeIndex's `start`, `stop`, `step` (its `_range`), None for another index.
///
/// # Safety
/// `idx` must be a live object, GIL held.
unsafe fn index_range(idx: *mut ffi::PyObject) -> Option<[i64; 3]> {
    // SAFETY: a dict lookup, then an exact range's fields (both borrowed from idx).
    unsafe { pyread::range_values(inst_attr(idx, c"_range")?) }
}

/// How many values `range(start, stop, step)` has; None for a step of 0.
fn range_len([start, stop, step]: [i64; 3]) -> Option<u64> {
    if step == 0 {
        return None;
    }
    let n = if step > 0 {
        (stop - start + step - 1).max(0) / step
    } else {
        (start - stop - step - 1).max(0) / -step
    };
    Some(n as u64)
}

/// The numpy array holding an index's labels (its `_data`, or the array behind it).
///
/// # Safety
/// `idx` must be a live object, GIL held.
unsafe fn index_array(
    api: &numpy::Api,
    idx: *mut ffi::PyObject,
    held: &mut Held,
) -> Option<*mut ffi::PyObject> {
    // SAFETY: a dict lookup, then forwarded with the live data it found.
    unsafe { backing_array(api, inst_attr(idx, c"_data")?, held).map(|(a, _)| a) }
}

/// How many labels an index has: a RangeIndex's range length, else its data's length.
///
/// # Safety
/// `idx` must be a live object, GIL held.
pub(super) unsafe fn index_len(
    api: &numpy::Api,
    idx: *mut ffi::PyObject,
    held: &mut Held,
) -> Option<u64> {
    // SAFETY: forwarded.
    if let Some(r) = unsafe { index_range(idx) } {
        return range_len(r);
    }
    // SAFETY: forwarded; the array is live (the index's or held).
    unsafe {
        let arr = index_array(api, idx, held)?;
        layout::read(api, arr, 0).and_then(|f| f.shape.first().copied())
    }
}

/// An index's labels as text (all of them up to `max`; a range's computed).
///
/// # Safety
/// `idx` must be a live object, GIL held.
pub(super) unsafe fn index_labels(
    api: &numpy::Api,
    idx: *mut ffi::PyObject,
    held: &mut Held,
    at: Option<&[u64]>,
) -> Vec<String> {
    // SAFETY: forwarded.
    let n = unsafe { index_len(api, idx, held) }
        .unwrap_or(0)
        .min(1 << 16);
    let all: Vec<u64>;
    let at = match at {
        Some(at) => at,
        None => {
            all = (0..n).collect();
            &all
        }
    };
    // SAFETY: forwarded.
    if let Some([start, _, step]) = unsafe { index_range(idx) } {
        return at
            .iter()
            .map(|&i| (start + i as i64 * step).to_string())
            .collect();
    }
    // SAFETY: forwarded.
    let Some(arr) = (unsafe { index_array(api, idx, held) }) else {
        return vec![];
    };
    at.iter()
        .map(|&i| {
            // SAFETY: a live array's item, read from its struct.
            let t = unsafe { layout::item(api, arr, &[i]) }.unwrap_or_else(|| "?".into());
            t.strip_prefix('\'')
                .and_then(|t| t.strip_suffix('\''))
                .map_or(t.clone(), str::to_owned)
        })
        .collect()
}
