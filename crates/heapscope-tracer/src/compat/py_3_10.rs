//! Frames of CPython 3.10: no interpreter frame yet. The `PyFrameObject` holds the fast
//! locals itself (`f_localsplus`, after the block stack), a borrowed pointer to its
//! generator (`f_gen`) and its state (`f_state`); it does not know its function. Code
//! objects have no `co_qualname`: qualified names are rebuilt from the nesting of code
//! objects, as the compiler builds them, reading code objects through their struct.

use std::cell::RefCell;
use std::ffi::{c_char, c_int};

use pyo3::ffi;
use rustc_hash::FxHashMap;

use crate::pyread;

/// `CO_MAXBLOCKS` in 3.10's `cpython/code.h`: the length of `f_blockstack`.
const CO_MAXBLOCKS: usize = 20;

/// `FRAME_SUSPENDED` of `enum _framestate` (a generator's frame after `yield`/`await`).
const FRAME_SUSPENDED: i8 = -1;

/// `struct _frame` of 3.10's `cpython/frameobject.h`, field for field.
#[repr(C)]
struct Frame {
    ob_base: ffi::PyVarObject,
    f_back: *mut Frame,
    f_code: *mut ffi::PyObject,
    f_builtins: *mut ffi::PyObject,
    f_globals: *mut ffi::PyObject,
    f_locals: *mut ffi::PyObject,
    f_valuestack: *mut *mut ffi::PyObject,
    f_trace: *mut ffi::PyObject,
    f_stackdepth: c_int,
    f_trace_lines: c_char,
    f_trace_opcodes: c_char,
    f_gen: *mut ffi::PyObject,
    f_lasti: c_int,
    f_lineno: c_int,
    f_iblock: c_int,
    f_state: i8,
    f_blockstack: [ffi::PyTryBlock; CO_MAXBLOCKS],
    f_localsplus: [*mut ffi::PyObject; 1],
}

/// The head of `struct PyCodeObject` of 3.10's `cpython/code.h`, up to the fields read
/// here. Reading them directly, rather than through attribute lookups, allocates nothing
/// the program's heap figures would count.
#[repr(C)]
struct Code {
    ob_base: ffi::PyObject,
    co_argcount: c_int,
    co_posonlyargcount: c_int,
    co_kwonlyargcount: c_int,
    co_nlocals: c_int,
    co_stacksize: c_int,
    co_flags: c_int,
    co_firstlineno: c_int,
    co_code: *mut ffi::PyObject,
    co_consts: *mut ffi::PyObject,
    co_names: *mut ffi::PyObject,
    co_varnames: *mut ffi::PyObject,
    co_freevars: *mut ffi::PyObject,
    co_cellvars: *mut ffi::PyObject,
    co_cell2arg: *mut ffi::Py_ssize_t,
    co_filename: *mut ffi::PyObject,
    co_name: *mut ffi::PyObject,
}

/// The fields of a code object.
///
/// # Safety
/// `code` must be a live code object.
unsafe fn code_fields(code: *mut ffi::PyObject) -> *mut Code {
    code as *mut Code
}

/// The text of a str field, empty when it is not a str.
///
/// # Safety
/// `s` must be null or a live object, GIL held.
unsafe fn text(s: *mut ffi::PyObject) -> String {
    // SAFETY: checked to be a str before reading it.
    unsafe {
        if !s.is_null() && ffi::PyUnicode_Check(s) != 0 {
            pyread::str_full(s)
        } else {
            String::new()
        }
    }
}

/// The length of a tuple field, 0 when it is not a tuple.
///
/// # Safety
/// `t` must be null or a live object.
unsafe fn tuple_len(t: *mut ffi::PyObject) -> usize {
    // SAFETY: checked to be a tuple before reading its size.
    unsafe {
        if !t.is_null() && ffi::PyTuple_Check(t) != 0 {
            ffi::PyTuple_GET_SIZE(t) as usize
        } else {
            0
        }
    }
}

/// A cell that is also an argument keeps its name's slot (left NULL once the call set up
/// the frame) and has a slot of its own among the cells, which holds the cell.
pub(crate) const CELL_ARGS_HAVE_OWN_SLOT: bool = true;

/// # Safety
/// `frame` must be a live frame object, GIL held.
unsafe fn fields(frame: *mut ffi::PyFrameObject) -> *mut Frame {
    frame as *mut Frame
}

/// The frame's fast-locals array (`f_localsplus`): the code's varnames, then all its
/// cells, then its free variables.
///
/// # Safety
/// `frame` must be a live frame object whose code is being traced, GIL held.
pub(crate) unsafe fn localsplus(frame: *mut ffi::PyFrameObject) -> *mut *mut ffi::PyObject {
    // SAFETY: the array starts at a fixed offset of the frame object (see `Frame`),
    // checked by `check_layout`; `addr_of_mut!` makes no reference to the C memory.
    unsafe { std::ptr::addr_of_mut!((*fields(frame)).f_localsplus) as *mut *mut ffi::PyObject }
}

/// The frame's locals dict (module and class bodies), possibly null.
///
/// # Safety
/// As for [`localsplus`].
pub(crate) unsafe fn frame_locals_dict(frame: *mut ffi::PyFrameObject) -> *mut ffi::PyObject {
    // SAFETY: a pointer field of the live frame (see `Frame`).
    unsafe { (*fields(frame)).f_locals }
}

/// Always null: a 3.10 frame does not record the function it runs.
///
/// # Safety
/// None needed; kept `unsafe` to match the other versions.
pub(crate) unsafe fn frame_function(_frame: *mut ffi::PyFrameObject) -> *mut ffi::PyObject {
    std::ptr::null_mut()
}

/// The generator, coroutine or async generator that owns a frame (its address), or 0.
///
/// # Safety
/// As for [`localsplus`].
pub(crate) unsafe fn frame_generator(frame: *mut ffi::PyFrameObject) -> usize {
    // SAFETY: f_gen is a borrowed pointer to the owner, or NULL (see `Frame`).
    unsafe { (*fields(frame)).f_gen as usize }
}

/// At a return event of a generator's frame: true when it yielded (or awaited) rather
/// than finished. `YIELD_VALUE` and `YIELD_FROM` mark the frame suspended before the
/// return event.
///
/// # Safety
/// `frame` must be the live returning frame, GIL held.
pub(crate) unsafe fn generator_suspended(
    frame: *mut ffi::PyFrameObject,
    _generator: *mut ffi::PyObject,
) -> bool {
    // SAFETY: a plain field of the live frame.
    unsafe { (*fields(frame)).f_state == FRAME_SUSPENDED }
}

thread_local! {
    /// Qualified names of the user's code objects whose enclosing code has run, by address
    /// (each holds a reference to its code object, so the address stays its own).
    static QUALNAMES: RefCell<FxHashMap<usize, String>> = RefCell::default();
}

/// A code object's qualified name, as 3.11's `co_qualname` gives it: a function's
/// children are `f.<locals>.g`, a class's `C.g`, a comprehension's `<listcomp>.g`, the
/// module's `g`. Rebuilt from its enclosing code object (whose `co_consts` holds it), read
/// when that one first ran; the name alone otherwise. A function or class declared
/// `global` where it is defined is named plainly, as CPython does.
///
/// # Safety
/// `code` must be a live code object, GIL held.
pub(crate) unsafe fn code_qualname(code: *mut ffi::PyObject) -> String {
    // SAFETY: fields of a live code object (see `Code`, checked by `check_layout`); the
    // constants are only type-checked, and the ones kept get a reference.
    unsafe {
        let c = code_fields(code);
        let name = text((*c).co_name);
        let known = QUALNAMES.with(|q| q.borrow().get(&(code as usize)).cloned());
        let qualname = known.unwrap_or_else(|| name.clone());
        const CO_NEWLOCALS: c_int = 0x2;
        let prefix = if name == "<module>" {
            String::new()
        } else if (*c).co_flags & CO_NEWLOCALS == 0
            || matches!(
                name.as_str(),
                "<listcomp>" | "<dictcomp>" | "<setcomp>" | "<genexpr>"
            )
        {
            format!("{qualname}.")
        } else {
            format!("{qualname}.<locals>.")
        };
        let consts = (*c).co_consts;
        if tuple_len(consts) > 0 {
            let globals = stored_globals(c);
            for i in 0..tuple_len(consts) as isize {
                let child = ffi::PyTuple_GET_ITEM(consts, i);
                if ffi::PyCode_Check(child) == 0 {
                    continue;
                }
                let name = text((*code_fields(child)).co_name);
                let child_qualname = if globals.contains(&name) {
                    name
                } else {
                    format!("{prefix}{name}")
                };
                QUALNAMES.with(|q| {
                    q.borrow_mut().entry(child as usize).or_insert_with(|| {
                        ffi::Py_INCREF(child);
                        child_qualname
                    });
                });
            }
        }
        qualname
    }
}

/// The names a code object stores with `STORE_GLOBAL` (the ones it declares `global`),
/// read from its bytecode: 2-byte instructions, `EXTENDED_ARG` prefixes.
///
/// # Safety
/// `code` must be a live code object, GIL held.
unsafe fn stored_globals(code: *mut Code) -> Vec<String> {
    const STORE_GLOBAL: u8 = 97;
    const EXTENDED_ARG: u8 = 144;
    let mut out = Vec::new();
    // SAFETY: co_code is a bytes object and co_names a tuple of str (fields of a live code
    // object, type-checked before use).
    unsafe {
        let (bytecode, names) = ((*code).co_code, (*code).co_names);
        if bytecode.is_null() || ffi::PyBytes_Check(bytecode) == 0 {
            return out;
        }
        let n = ffi::PyBytes_Size(bytecode).max(0) as usize;
        let ops = std::slice::from_raw_parts(ffi::PyBytes_AsString(bytecode) as *const u8, n);
        let mut ext = 0usize;
        for op in ops.chunks_exact(2) {
            let arg = ext << 8 | usize::from(op[1]);
            ext = if op[0] == EXTENDED_ARG { arg } else { 0 };
            if op[0] == STORE_GLOBAL && arg < tuple_len(names) {
                out.push(text(ffi::PyTuple_GET_ITEM(names, arg as isize)));
            }
        }
    }
    out
}

/// Checks the frame and code layouts on a live frame: the frame's code pointer must be the
/// one the public API returns, the code's `co_name` and `co_flags` fields what its getters
/// return, and the value stack must start right after the fast locals (as `frame_alloc`
/// lays them out), which pins the offset of `f_localsplus`.
///
/// # Safety
/// `frame` must be a live frame object, GIL held.
pub(crate) unsafe fn check_layout(frame: *mut ffi::PyFrameObject) -> bool {
    // SAFETY: PyFrame_GetCode returns a new reference that we release; co_name comes the
    // same way (a C getter); the rest are reads of the frame's and the code's fields.
    unsafe {
        let code = ffi::PyFrame_GetCode(frame) as *mut ffi::PyObject;
        let (f, c) = (fields(frame), code_fields(code));
        let name = pyread::builtin_attr(code, c"co_name");
        let same_name = name.is_some_and(|n| {
            ffi::Py_DECREF(n);
            n == (*c).co_name
        });
        let same_flags = pyread::builtin_int_attr(code, c"co_flags") == Some((*c).co_flags.into());
        let slots = (*c).co_nlocals.max(0) as usize
            + tuple_len((*c).co_cellvars)
            + tuple_len((*c).co_freevars);
        let ok = (*f).f_code == code
            && same_name
            && same_flags
            && (*c).co_nlocals >= 0
            && (*f).f_valuestack == localsplus(frame).add(slots);
        ffi::Py_DECREF(code);
        ok
    }
}
