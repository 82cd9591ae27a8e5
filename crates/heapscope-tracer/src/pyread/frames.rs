//! Frames through the public API (what differs between versions is in `compat`).

use pyo3::ffi;

/// The code object a frame runs, borrowed (the frame holds it).
///
/// # Safety
/// `frame` must be a live frame, GIL held.
pub(crate) unsafe fn frame_code(frame: *mut ffi::PyFrameObject) -> *mut ffi::PyObject {
    // SAFETY: a new reference, released at once: the frame keeps its code alive.
    unsafe {
        let code = ffi::PyFrame_GetCode(frame) as *mut ffi::PyObject;
        ffi::Py_DECREF(code);
        code
    }
}

/// The line a frame is at (0 or less before its first instruction ran).
///
/// # Safety
/// `frame` must be a live frame, GIL held.
pub(crate) unsafe fn frame_line(frame: *mut ffi::PyFrameObject) -> i32 {
    // SAFETY: per the contract.
    unsafe { ffi::PyFrame_GetLineNumber(frame) }
}
