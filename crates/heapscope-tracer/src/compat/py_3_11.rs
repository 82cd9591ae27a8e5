//! Frames of CPython 3.11, 3.12 and 3.13: a `PyFrameObject` points at a
//! `_PyInterpreterFrame` (`f_frame`) that holds the fast locals (`localsplus`), the running
//! function and the code. Each offset was read from that version's `pycore_frame.h` /
//! `frameobject.h`; [`check_layout`] verifies them at start-up against public API.

use std::ffi::CStr;

use pyo3::ffi;

use crate::pyread;

/// `PyFrameObject.f_frame` (the `_PyInterpreterFrame *`): after `ob_refcnt`, `ob_type` and
/// `f_back` in all three versions.
const FRAME_F_FRAME: usize = 24;

/// `_PyInterpreterFrame.localsplus`: eight pointer fields, `stacktop` (int), then a few
/// small fields padded to 8, in all three versions.
const IFRAME_LOCALSPLUS: usize = 72;

/// `_PyInterpreterFrame.f_locals` (the dict of a module or class body).
#[cfg(not(Py_3_12))]
const IFRAME_F_LOCALS: usize = 24;
#[cfg(Py_3_12)]
const IFRAME_F_LOCALS: usize = 40;

/// `_PyInterpreterFrame.f_func` (3.11) / `f_funcobj` (3.12, 3.13): the function running.
#[cfg(not(Py_3_12))]
const IFRAME_F_FUNC: usize = 0;
#[cfg(Py_3_12)]
const IFRAME_F_FUNC: usize = 16;

/// `_PyInterpreterFrame.f_code` (3.11: `f_code`; 3.12: `f_code`; 3.13: `f_executable`).
#[cfg(not(Py_3_12))]
const IFRAME_F_CODE: usize = 32;
#[cfg(Py_3_12)]
const IFRAME_F_CODE: usize = 0;

/// A cell that is also an argument has one fast-locals slot (its name's), holding the cell.
pub(crate) const CELL_ARGS_HAVE_OWN_SLOT: bool = false;

/// The interpreter frame behind a frame object.
///
/// # Safety
/// `frame` must be a live `PyFrameObject` and the GIL held.
unsafe fn iframe(frame: *mut ffi::PyFrameObject) -> *mut u8 {
    // SAFETY: f_frame is the first pointer after PyObject_HEAD and f_back (see above).
    unsafe { *((frame as *mut u8).add(FRAME_F_FRAME) as *mut *mut u8) }
}

/// The frame's fast-locals array (`localsplus`): the code's varnames, then its cells that
/// are not arguments, then its free variables.
///
/// # Safety
/// `frame` must be a live frame object whose code is being traced, GIL held.
pub(crate) unsafe fn localsplus(frame: *mut ffi::PyFrameObject) -> *mut *mut ffi::PyObject {
    // SAFETY: see IFRAME_LOCALSPLUS; caller guarantees a live frame.
    unsafe { iframe(frame).add(IFRAME_LOCALSPLUS) as *mut *mut ffi::PyObject }
}

/// The frame's locals dict (module and class bodies), possibly null.
///
/// # Safety
/// As for [`localsplus`].
pub(crate) unsafe fn frame_locals_dict(frame: *mut ffi::PyFrameObject) -> *mut ffi::PyObject {
    // SAFETY: see IFRAME_F_LOCALS.
    unsafe { *(iframe(frame).add(IFRAME_F_LOCALS) as *mut *mut ffi::PyObject) }
}

/// The function object a frame runs, or null (module and class bodies, or not a function).
///
/// # Safety
/// As for [`localsplus`].
pub(crate) unsafe fn frame_function(frame: *mut ffi::PyFrameObject) -> *mut ffi::PyObject {
    // SAFETY: see IFRAME_F_FUNC; the pointer is checked to be a function before use.
    unsafe {
        let f = *(iframe(frame).add(IFRAME_F_FUNC) as *mut *mut ffi::PyObject);
        if f.is_null() || ffi::PyFunction_Check(f) == 0 {
            std::ptr::null_mut()
        } else {
            f
        }
    }
}

/// The generator, coroutine or async generator that owns a frame (its address), or 0.
///
/// # Safety
/// As for [`localsplus`].
pub(crate) unsafe fn frame_generator(frame: *mut ffi::PyFrameObject) -> usize {
    // SAFETY: PyFrame_GetGenerator returns a new reference or NULL; the owner outlives
    // the frame's run, so the address stays its own while we use it.
    unsafe {
        let g = ffi::PyFrame_GetGenerator(frame);
        if g.is_null() {
            0
        } else {
            ffi::Py_DECREF(g);
            g as usize
        }
    }
}

/// At a return event of a generator's frame: true when it yielded (or awaited) rather
/// than finished.
///
/// # Safety
/// `generator` must be the live owner of the returning frame, GIL held.
pub(crate) unsafe fn generator_suspended(
    _frame: *mut ffi::PyFrameObject,
    generator: *mut ffi::PyObject,
) -> bool {
    const SUSPENDED: [&CStr; 3] = [c"gi_suspended", c"cr_suspended", c"ag_suspended"];
    // SAFETY: generators, coroutines and async generators cannot be subclassed;
    // gi_suspended and its kin are C getters.
    SUSPENDED.iter().any(|n| unsafe {
        pyread::builtin_attr(generator, n).is_some_and(|v| {
            let t = v == ffi::Py_True();
            ffi::Py_DECREF(v);
            t
        })
    })
}

/// A code object's qualified name (`co_qualname`), empty when it cannot be read.
///
/// # Safety
/// `code` must be a live code object, GIL held.
pub(crate) unsafe fn code_qualname(code: *mut ffi::PyObject) -> String {
    // SAFETY: code objects cannot be subclassed; co_qualname is a member.
    unsafe { pyread::builtin_str_attr(code, c"co_qualname") }
}

/// Checks the frame offsets on a live frame: the code pointer found through our offsets
/// must be the one the public API returns. Refuse to trace otherwise.
///
/// # Safety
/// `frame` must be a live frame object, GIL held.
pub(crate) unsafe fn check_layout(frame: *mut ffi::PyFrameObject) -> bool {
    // SAFETY: PyFrame_GetCode returns a new reference that we release; the offset read
    // is of a pointer-sized field inside the interpreter frame.
    unsafe {
        let code = ffi::PyFrame_GetCode(frame);
        let ours = *(iframe(frame).add(IFRAME_F_CODE) as *mut *mut ffi::PyObject);
        ffi::Py_DECREF(code as *mut ffi::PyObject);
        ours == code as *mut ffi::PyObject
    }
}
