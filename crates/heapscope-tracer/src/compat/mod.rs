//! Everything that differs between the CPython versions heapscope supports (3.10 to
//! 3.13), in one place: private layouts read directly, and public API that came or changed
//! in a version. Nothing outside this module names a version (`Py_3_*` cfgs).
//!
//! - The frame layout, by version family, in one file each with the same functions:
//!   `py_3_10` (the frame object holds the fast locals) and `py_3_11` (3.11 to 3.13: an
//!   interpreter frame behind the frame object). Each offset was read from that version's
//!   `frameobject.h` / `pycore_frame.h`; `check_layout` verifies them at start-up against
//!   public API before any tracing.
//! - Here, the smaller differences: immortal objects (3.12), the pre-header before an
//!   object (3.11 managed dict, 3.12 weakref), `_PyLong_AsByteArray`'s signature (3.13),
//!   fetching the raised exception (3.12).
//!
//! # Adding a version
//! Add it to [`SUPPORTED_PYTHONS`] and to the `compile_error!` bound below. Build with
//! `PYO3_PYTHON=` that version and run the tracer tests: `check_layout`
//! refuses a frame layout it does not match. Compare that version's headers with the
//! family file; when they differ add a `py_3_N.rs` with the same functions and pick it
//! below; then the `cfg`s in this file. ARCHITECTURE.md §6 has the whole list.

use pyo3::ffi;

pub use heapscope_trace::wire::SUPPORTED_PYTHONS;

// Any other version is refused when building, not met while tracing.
#[cfg(any(not(Py_3_10), Py_3_14))]
compile_error!(
    "heapscope's tracer supports CPython 3.10 to 3.13 (ARCHITECTURE.md §6: adding a version)"
);

// The frame layout, by version family: one module each, with the same functions.
#[cfg(not(Py_3_11))]
mod py_3_10;
#[cfg(not(Py_3_11))]
use py_3_10 as frames;
#[cfg(Py_3_11)]
mod py_3_11;
#[cfg(Py_3_11)]
use py_3_11 as frames;

pub(crate) use frames::{
    check_layout, code_qualname, frame_function, frame_generator, frame_locals_dict,
    generator_suspended, localsplus, CELL_ARGS_HAVE_OWN_SLOT,
};

/// Fast-locals slot `i` of a frame: a value, a cell, or null.
///
/// # Safety
/// `frame` must be a live frame whose code is being traced, `i` below its code's slot
/// count, GIL held.
pub(crate) unsafe fn fast_local(frame: *mut ffi::PyFrameObject, i: usize) -> *mut ffi::PyObject {
    // SAFETY: localsplus holds one pointer per slot of the frame's code.
    unsafe { *localsplus(frame).add(i) }
}

// Exported by libpython 3.10 to 3.13 (`nm -D`) but not declared by pyo3-ffi.
extern "C" {
    fn _PyLong_NumBits(v: *mut ffi::PyObject) -> usize;
    #[cfg(not(Py_3_13))]
    #[link_name = "_PyLong_AsByteArray"]
    fn long_as_byte_array(
        v: *mut ffi::PyObject,
        bytes: *mut u8,
        n: usize,
        little_endian: std::os::raw::c_int,
        is_signed: std::os::raw::c_int,
    ) -> std::os::raw::c_int;
    #[cfg(Py_3_13)]
    #[link_name = "_PyLong_AsByteArray"]
    fn long_as_byte_array(
        v: *mut ffi::PyObject,
        bytes: *mut u8,
        n: usize,
        little_endian: std::os::raw::c_int,
        is_signed: std::os::raw::c_int,
        with_exceptions: std::os::raw::c_int,
    ) -> std::os::raw::c_int;
    fn _PyType_Lookup(t: *mut ffi::PyTypeObject, name: *mut ffi::PyObject) -> *mut ffi::PyObject;
}

/// An object's reference count, or immortal. 3.12+ marks immortal objects in the count
/// itself (its low 32 bits read negative); 3.10 and 3.11 have no such mark, so the objects
/// that never die there (`None`, `True`, `False`, `...`, `NotImplemented`, the cached small
/// ints -5..=256) are named here.
///
/// # Safety
/// `o` must be a live object, GIL held.
pub(crate) unsafe fn refs(o: *mut ffi::PyObject) -> heapscope_trace::Refs {
    // SAFETY: reads the count and, on 3.11, compares with static singletons.
    unsafe {
        let n = ffi::Py_REFCNT(o);
        #[cfg(Py_3_12)]
        let immortal = (n as i32) < 0;
        #[cfg(not(Py_3_12))]
        let immortal = o == ffi::Py_None()
            || o == ffi::Py_True()
            || o == ffi::Py_False()
            || o == ffi::Py_Ellipsis()
            || o == ffi::Py_NotImplemented()
            || (ffi::PyLong_CheckExact(o) != 0 && {
                let mut overflow = 0;
                let v = ffi::PyLong_AsLongLongAndOverflow(o, &mut overflow);
                overflow == 0 && (-5..=256).contains(&v)
            })
            || static_or_interned_str(o);
        if immortal {
            heapscope_trace::Refs::Immortal
        } else {
            heapscope_trace::Refs::Count(n.max(0) as u64)
        }
    }
}

/// 3.10's and 3.11's strings that live as long as the interpreter: interned ones (names, and the
/// constants of code objects) and the static one-character and empty strings. 3.12 made
/// them immortal; they are shown so on 3.11 too.
///
/// # Safety
/// `o` must be a live object.
#[cfg(not(Py_3_12))]
unsafe fn static_or_interned_str(o: *mut ffi::PyObject) -> bool {
    // SAFETY: the state bits and length of a str are plain fields.
    unsafe {
        if ffi::PyUnicode_CheckExact(o) == 0 {
            return false;
        }
        let ascii = o as *mut ffi::PyASCIIObject;
        (*ascii).interned() != 0
            || ((*ascii).length <= 1 && ffi::PyUnicode_KIND(o) == ffi::PyUnicode_1BYTE_KIND)
    }
}

/// `sys.getsizeof(o)` without running the program's code: the type's `__sizeof__` C
/// function called directly when it is a builtin method (every builtin type, and user
/// classes that do not define one), plus the headers `sys.getsizeof` adds; else the
/// layout's size (`tp_basicsize` + items + headers). Calling the C function directly, not
/// through Python's call machinery, also works at the recursion limit.
///
/// # Safety
/// `o` must be a live object, GIL held, no exception set.
pub(crate) unsafe fn own_size(o: *mut ffi::PyObject, sizeof_name: *mut ffi::PyObject) -> u64 {
    // SAFETY: _PyType_Lookup walks the MRO's dicts with a str key (no user code) and
    // returns a borrowed reference; a method descriptor's C function is the type's own.
    unsafe {
        let t = ffi::Py_TYPE(o);
        let m = _PyType_Lookup(t, sizeof_name);
        let headers = getsizeof_headers(o);
        if !m.is_null() && ffi::Py_TYPE(m) == std::ptr::addr_of_mut!(ffi::PyMethodDescr_Type) {
            let def = (*(m as *mut ffi::PyMethodDescrObject)).d_method;
            if !def.is_null() && (*def).ml_flags & ffi::METH_NOARGS != 0 {
                let f = (*def).ml_meth.PyCFunction;
                let r = f(o, std::ptr::null_mut());
                if !r.is_null() {
                    let n = ffi::PyLong_AsSsize_t(r);
                    ffi::Py_DECREF(r);
                    if n >= 0 {
                        return n as u64 + headers;
                    }
                }
                ffi::PyErr_Clear();
            }
        }
        let items = if (*t).tp_itemsize != 0 && ffi::PyLong_Check(o) == 0 {
            (*(o as *mut ffi::PyVarObject)).ob_size.unsigned_abs() * (*t).tp_itemsize as usize
        } else {
            0
        };
        (*t).tp_basicsize.max(0) as u64 + items as u64 + headers
    }
}

/// What `sys.getsizeof` adds to `__sizeof__`: `_PyType_PreHeaderSize`, the GC header of a
/// collectable type and the managed dict (and, 3.12+, weakref) pointers before the
/// object, which is exactly the distance to the start of its block.
///
/// # Safety
/// `o` must be a live object.
unsafe fn getsizeof_headers(o: *mut ffi::PyObject) -> u64 {
    // SAFETY: forwarded.
    (o as usize - unsafe { allocation_base(o) }) as u64
}

/// An int's value: as i64 when it fits, else its sign, bit count and magnitude (up to 64
/// KiB of it), read without calling `str()`.
///
/// # Safety
/// `o` must be a live int (or subclass), GIL held, no exception set.
pub(crate) unsafe fn int_value(o: *mut ffi::PyObject) -> heapscope_trace::IntValue {
    // SAFETY: PyLong_AsLongLongAndOverflow and the byte export read the digits only.
    unsafe {
        let mut overflow = 0;
        let v = ffi::PyLong_AsLongLongAndOverflow(o, &mut overflow);
        if overflow == 0 {
            return heapscope_trace::IntValue::Small(v);
        }
        ffi::PyErr_Clear();
        let negative = overflow < 0;
        let bits = _PyLong_NumBits(o) as u64;
        const MAX_BYTES: u64 = 64 * 1024;
        let nbytes = bits.div_ceil(8);
        let magnitude = if nbytes <= MAX_BYTES {
            let abs = if negative {
                ffi::PyNumber_Absolute(o)
            } else {
                o
            };
            if abs.is_null() {
                ffi::PyErr_Clear();
                vec![]
            } else {
                let m = int_magnitude(abs, nbytes as usize).unwrap_or_default();
                if negative {
                    ffi::Py_DECREF(abs);
                }
                m
            }
        } else {
            vec![]
        };
        heapscope_trace::IntValue::Big {
            negative,
            bits,
            magnitude,
        }
    }
}

/// The magnitude of an int as little-endian bytes (unsigned), without calling `str()`.
///
/// # Safety
/// `v` must be a non-negative exact-or-subclass int, GIL held.
unsafe fn int_magnitude(v: *mut ffi::PyObject, bytes: usize) -> Option<Vec<u8>> {
    let mut buf = vec![0u8; bytes];
    // SAFETY: buf has `bytes` bytes; the call writes at most that many.
    let rc = unsafe {
        #[cfg(not(Py_3_13))]
        {
            long_as_byte_array(v, buf.as_mut_ptr(), bytes, 1, 0)
        }
        #[cfg(Py_3_13)]
        {
            long_as_byte_array(v, buf.as_mut_ptr(), bytes, 1, 0, 1)
        }
    };
    if rc < 0 {
        // SAFETY: clears the OverflowError the call may have set.
        unsafe { ffi::PyErr_Clear() };
        None
    } else {
        Some(buf)
    }
}

/// How far before an object its memory block starts: the GC header of collectable types,
/// and the pre-header (managed dict / weakref pointers) of classes that have one. The
/// allocator frees the block's start, so this is the address the free hook sees.
///
/// # Safety
/// `o` must be a live object.
pub(crate) unsafe fn allocation_base(o: *mut ffi::PyObject) -> usize {
    const GC_HEAD: usize = 16;
    const HAVE_GC: std::ffi::c_ulong = 1 << 14;
    // SAFETY: reads the type's flags.
    let flags = unsafe { (*ffi::Py_TYPE(o)).tp_flags };
    let mut pre = 0;
    if flags & HAVE_GC != 0 {
        pre += GC_HEAD;
    }
    if has_preheader(flags) {
        pre += 16;
    }
    o as usize - pre
}

/// Whether a type's objects have the two pointers before them (`_PyType_PreHeaderSize`):
/// the managed dict (3.11+, `Py_TPFLAGS_MANAGED_DICT`) or weakref list (3.12+,
/// `Py_TPFLAGS_MANAGED_WEAKREF`).
#[cfg(Py_3_11)]
fn has_preheader(flags: std::ffi::c_ulong) -> bool {
    const MANAGED_DICT: std::ffi::c_ulong = 1 << 4;
    #[cfg(Py_3_12)]
    const PREHEADER: std::ffi::c_ulong = MANAGED_DICT | (1 << 3);
    #[cfg(not(Py_3_12))]
    const PREHEADER: std::ffi::c_ulong = MANAGED_DICT;
    flags & PREHEADER != 0
}

/// 3.10 keeps an instance's dict and weakref list inside the object (`tp_dictoffset`,
/// `tp_weaklistoffset`): nothing before it but the GC header.
#[cfg(not(Py_3_11))]
fn has_preheader(_flags: std::ffi::c_ulong) -> bool {
    false
}

/// True when a `return` trace event is a frame unwinding with an exception, not a return.
/// CPython passes a null value for an unwind, but 3.12's legacy tracing (built on
/// `sys.monitoring`) passes `None`, the value of a plain `return None` too: there the
/// frame's last instruction tells, a return opcode or not.
///
/// # Safety
/// GIL held; `frame` live (during its return event).
pub(crate) unsafe fn is_unwinding(
    frame: *mut ffi::PyFrameObject,
    value: *mut ffi::PyObject,
) -> bool {
    if value.is_null() {
        return true;
    }
    #[cfg(all(Py_3_12, not(Py_3_13)))]
    {
        extern "C" {
            fn PyCode_GetCode(co: *mut ffi::PyCodeObject) -> *mut ffi::PyObject;
        }
        /// 3.12's `RETURN_VALUE` and `RETURN_CONST` (`opcode.opmap`).
        const RETURNS: [u8; 2] = [83, 121];
        // SAFETY: public API on a live frame: its code, the code's bytes (without the
        // instrumentation tracing adds) and the byte offset of its last instruction.
        unsafe {
            if value != ffi::Py_None() {
                return false;
            }
            let code = ffi::PyFrame_GetCode(frame);
            let bytes = PyCode_GetCode(code);
            ffi::Py_DECREF(code as *mut ffi::PyObject);
            if bytes.is_null() {
                ffi::PyErr_Clear();
                return false;
            }
            let lasti = ffi::PyFrame_GetLasti(frame);
            let len = ffi::PyBytes_Size(bytes);
            let op = (lasti >= 0 && (lasti as isize) < len)
                .then(|| *(ffi::PyBytes_AsString(bytes) as *const u8).offset(lasti as isize));
            ffi::Py_DECREF(bytes);
            return op.is_some_and(|op| !RETURNS.contains(&op));
        }
    }
    #[allow(unreachable_code)]
    {
        let _ = frame;
        false
    }
}

/// A type's dictionary, a new reference (null with an exception set when it has none).
/// 3.12 keeps static builtin types' dicts per interpreter, behind `PyType_GetDict`.
///
/// # Safety
/// `t` must be a live type, GIL held.
pub(crate) unsafe fn type_dict_ref(t: *mut ffi::PyTypeObject) -> *mut ffi::PyObject {
    // SAFETY: per the contract; before 3.12 `tp_dict` is the type's own, borrowed.
    unsafe {
        #[cfg(Py_3_12)]
        {
            ffi::PyType_GetDict(t)
        }
        #[cfg(not(Py_3_12))]
        {
            let d = (*t).tp_dict;
            ffi::Py_XINCREF(d);
            d
        }
    }
}

/// Takes the raised exception (normalised), or null. 3.12 stores it as one object.
///
/// # Safety
/// GIL held.
pub(crate) unsafe fn fetch_exception() -> *mut ffi::PyObject {
    // SAFETY: GIL held by the caller.
    unsafe {
        #[cfg(Py_3_12)]
        {
            ffi::PyErr_GetRaisedException()
        }
        #[cfg(not(Py_3_12))]
        {
            let mut t = std::ptr::null_mut();
            let mut v = std::ptr::null_mut();
            let mut tb = std::ptr::null_mut();
            ffi::PyErr_Fetch(&mut t, &mut v, &mut tb);
            ffi::PyErr_NormalizeException(&mut t, &mut v, &mut tb);
            if !v.is_null() && !tb.is_null() {
                ffi::PyException_SetTraceback(v, tb);
            }
            for o in [t, tb] {
                if !o.is_null() {
                    ffi::Py_DECREF(o);
                }
            }
            v
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_python_built_against_is_a_supported_one() {
        assert!(super::SUPPORTED_PYTHONS.contains(&crate::BUILT_PYTHON));
    }
}
