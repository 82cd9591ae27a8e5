//! References the tracer takes and never gives back: an object it keys by address must
//! not die while the run lasts, or another object could take its address.

use pyo3::ffi;

/// Takes a reference to `o` that is never released.
///
/// # Safety
/// `o` must be a live object, GIL held.
pub(crate) unsafe fn keep_alive(o: *mut ffi::PyObject) {
    // SAFETY: a live object's count, with the GIL held.
    unsafe { ffi::Py_INCREF(o) }
}

/// Gives back a reference the tracer took (a new reference a reader returned).
///
/// # Safety
/// `o` must be a live object holding a reference the caller owns, GIL held.
pub(crate) unsafe fn release(o: *mut ffi::PyObject) {
    // SAFETY: per the contract.
    unsafe { ffi::Py_DECREF(o) }
}
