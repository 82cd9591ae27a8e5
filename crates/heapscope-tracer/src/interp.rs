//! The C-API calls that drive the interpreter for the worker, in one place: the main
//! module's globals, compiling and running the program, the trace function on and off,
//! the garbage collector, deleting the program's globals at exit, and reading the
//! exception it raised. The worker and the tracer call these and hold no `ffi::` call of
//! their own.

use std::ffi::{c_int, CStr};

use pyo3::ffi;
use pyo3::prelude::*;

use crate::{compat, pyread};

/// `__main__`'s globals dict, borrowed (the module lives as long as the interpreter).
///
/// # Safety
/// GIL held.
pub(crate) unsafe fn main_globals() -> *mut ffi::PyObject {
    // SAFETY: both return borrowed references to objects the interpreter keeps.
    unsafe { ffi::PyModule_GetDict(ffi::PyImport_AddModule(c"__main__".as_ptr())) }
}

/// An attribute of `sys` (`sys.stdout`), borrowed; null when missing.
///
/// # Safety
/// GIL held.
pub(crate) unsafe fn sys_attr(name: &CStr) -> *mut ffi::PyObject {
    // SAFETY: a borrowed reference from sys's dict, without setting an exception.
    unsafe { ffi::PySys_GetObject(name.as_ptr()) }
}

/// True when CPython is running already (a Python worker), false in the heapscope
/// binary before it starts its embedded interpreter.
pub(crate) fn is_initialized() -> bool {
    // SAFETY: Py_IsInitialized may be called at any time.
    unsafe { ffi::Py_IsInitialized() != 0 }
}

/// Compiles the program's text as CPython compiles a file: a NUL byte is a syntax error
/// (not a character to replace), and the text is already decoded (the runner applied
/// any coding cookie), so the cookie is ignored here. Null with the SyntaxError raised
/// when it does not compile.
pub(crate) fn compile(py: Python<'_>, source: &str, path: &CStr) -> *mut ffi::PyObject {
    if let Some(at) = source.find('\0') {
        let line = source[..at].matches('\n').count() + 1;
        let column = at - source[..at].rfind('\n').map_or(0, |i| i + 1) + 1;
        let place = (path.to_string_lossy().into_owned(), line, column, py.None());
        pyo3::exceptions::PySyntaxError::new_err(("source code cannot contain null bytes", place))
            .restore(py);
        return std::ptr::null_mut();
    }
    let Ok(src) = std::ffi::CString::new(source) else {
        return std::ptr::null_mut();
    };
    const PYCF_IGNORE_COOKIE: c_int = 0x0800;
    let mut flags = ffi::PyCompilerFlags {
        cf_flags: PYCF_IGNORE_COOKIE,
        cf_feature_version: i32::from(py.version_info().minor),
    };
    // SAFETY: NUL-terminated strings and a flags struct that outlive the call; the GIL
    // is held (`py`).
    unsafe {
        ffi::Py_CompileStringExFlags(
            src.as_ptr(),
            path.as_ptr(),
            ffi::Py_file_input,
            &mut flags,
            -1,
        )
    }
}

/// Runs compiled module code in `globals`: its result (a new reference), or null with
/// the exception raised.
///
/// # Safety
/// GIL held; `code` a code object and `globals` a dict, both live.
pub(crate) unsafe fn eval(
    code: *mut ffi::PyObject,
    globals: *mut ffi::PyObject,
) -> *mut ffi::PyObject {
    // SAFETY: per the contract.
    unsafe { ffi::PyEval_EvalCode(code, globals, globals) }
}

/// The `sys` module, a new reference kept for the run: the trace function's argument, by
/// which the worker knows its own hook when `sys.gettrace()` returns it.
///
/// # Safety
/// GIL held.
pub(crate) unsafe fn trace_marker() -> *mut ffi::PyObject {
    // SAFETY: importing an already imported builtin module runs no user code.
    unsafe { ffi::PyImport_ImportModule(c"sys".as_ptr()) }
}

/// Installs (or, with None, removes) the C-level trace function of this thread.
///
/// # Safety
/// GIL held; `marker` live while the function is installed.
pub(crate) unsafe fn set_trace(hook: Option<ffi::Py_tracefunc>, marker: *mut ffi::PyObject) {
    // SAFETY: per the contract.
    unsafe { ffi::PyEval_SetTrace(hook, marker) }
}

/// True when `sys.gettrace()` still returns `marker`: the program did not take the trace
/// function away.
///
/// # Safety
/// GIL held, no exception set.
pub(crate) unsafe fn trace_still(marker: *mut ffi::PyObject) -> bool {
    // SAFETY: sys.gettrace is a builtin function; the result is released after comparing.
    unsafe {
        let gettrace = ffi::PySys_GetObject(c"gettrace".as_ptr());
        let now = if gettrace.is_null() {
            std::ptr::null_mut()
        } else {
            ffi::PyObject_CallNoArgs(gettrace)
        };
        let same = now == marker;
        if !now.is_null() {
            ffi::Py_DECREF(now);
        }
        same
    }
}

/// Stops the cycle collector; true when it was running (give that to [`gc_resume`]).
///
/// # Safety
/// GIL held.
pub(crate) unsafe fn gc_pause() -> bool {
    // SAFETY: per the contract.
    unsafe { ffi::PyGC_Disable() != 0 }
}

/// Starts the cycle collector again when `was_enabled`.
///
/// # Safety
/// GIL held.
pub(crate) unsafe fn gc_resume(was_enabled: bool) {
    if was_enabled {
        // SAFETY: per the contract.
        unsafe { ffi::PyGC_Enable() };
    }
}

/// Deletes the variables of `globals` (in the order they were made) whose names `keep`
/// refuses, as Python's shutdown does, then runs the cycle collector: the program's
/// finalizers run, traced like any other call.
///
/// # Safety
/// GIL held, no exception set; `globals` a live dict.
pub(crate) unsafe fn delete_globals(globals: *mut ffi::PyObject, keep: impl Fn(&str) -> bool) {
    // SAFETY: the keys list is ours, each key a str kept alive by it; errors raised by a
    // deletion (a finalizer's) are cleared, as shutdown does.
    unsafe {
        let keys = ffi::PyDict_Keys(globals);
        if keys.is_null() {
            ffi::PyErr_Clear();
            return;
        }
        for i in 0..ffi::PyList_GET_SIZE(keys) {
            let k = ffi::PyList_GET_ITEM(keys, i);
            let kept = pyread::is_str(k) && keep(&pyread::str_full(k));
            if !kept && ffi::PyDict_DelItem(globals, k) != 0 {
                ffi::PyErr_Clear();
            }
        }
        ffi::Py_DECREF(keys);
        ffi::PyGC_Collect();
        if !ffi::PyErr_Occurred().is_null() {
            ffi::PyErr_Clear();
        }
    }
}

/// The message, line and column of the SyntaxError being raised (taken: none is raised
/// after).
///
/// # Safety
/// GIL held, right after a failed compile.
pub(crate) unsafe fn take_syntax_error() -> (String, u32, u32) {
    // SAFETY: the raised exception is a SyntaxError (a failed compile raises nothing
    // else), whose builtin fields are read and type-checked; it is released after.
    unsafe {
        let exc = compat::fetch_exception();
        if exc.is_null() {
            return ("SyntaxError".into(), 1, 0);
        }
        let se = exc as *mut ffi::PySyntaxErrorObject;
        let get_int = |o: *mut ffi::PyObject| {
            if o.is_null() || ffi::PyLong_Check(o) == 0 {
                0
            } else {
                ffi::PyLong_AsLong(o).max(0) as u32
            }
        };
        let line = get_int((*se).lineno).max(1);
        let column = get_int((*se).offset);
        let msg = (*se).msg;
        let text = if !msg.is_null() && ffi::PyUnicode_Check(msg) != 0 {
            pyread::str_full(msg)
        } else {
            "invalid syntax".into()
        };
        let name = pyread::type_qualname(ffi::Py_TYPE(exc));
        ffi::Py_DECREF(exc);
        (format!("{name}: {text}"), line, column)
    }
}

/// What kind of exception escaped the program.
pub(crate) enum RaisedKind {
    SystemExit,
    MemoryError,
    Other,
}

/// An exception that escaped the program: its kind, its message as a traceback's last
/// line shows it, and the line of the main module's traceback entry.
pub(crate) struct Raised {
    pub kind: RaisedKind,
    pub message: String,
    pub line: u32,
}

/// Takes the exception that escaped the program, if one is raised.
///
/// # Safety
/// GIL held.
pub(crate) unsafe fn take_raised() -> Option<Raised> {
    // SAFETY: GIL held (our contract); the fetched exception is a new reference of ours.
    let exc = unsafe { compat::fetch_exception() };
    if exc.is_null() {
        return None;
    }
    // SAFETY: `exc` is a live object and the exception types are CPython's statics.
    let is = |t: *mut ffi::PyObject| unsafe {
        ffi::PyObject_TypeCheck(exc, t as *mut ffi::PyTypeObject) != 0
    };
    // SAFETY: the statics are read, not written, with the GIL held.
    let (system_exit, memory_error) = unsafe { (ffi::PyExc_SystemExit, ffi::PyExc_MemoryError) };
    let raised = if is(system_exit) {
        Raised {
            kind: RaisedKind::SystemExit,
            message: String::new(),
            line: 0,
        }
    } else {
        Raised {
            kind: if is(memory_error) {
                RaisedKind::MemoryError
            } else {
                RaisedKind::Other
            },
            // SAFETY: `exc` is live and ours until the release below.
            message: unsafe { pyread::exception_message(exc) },
            // SAFETY: as above.
            line: unsafe { outermost_line(exc) },
        }
    };
    // SAFETY: the reference fetched above, released once.
    unsafe { ffi::Py_DECREF(exc) };
    Some(raised)
}

/// The line of an exception's outermost traceback entry (the main module's), or 0.
///
/// # Safety
/// GIL held; `exc` a live exception object.
unsafe fn outermost_line(exc: *mut ffi::PyObject) -> u32 {
    // SAFETY: a new reference to the traceback's head (or NULL), released below.
    let tb = unsafe { ffi::PyException_GetTraceback(exc) };
    if tb.is_null() {
        return 0;
    }
    // SAFETY: `None` is a static object; only its address is compared.
    let none = unsafe { ffi::Py_None() };
    let line = if tb == none {
        0
    } else {
        // tb_lineno is computed lazily (3.11+): ask the traceback's own getter.
        // SAFETY: `tb` is a live builtin traceback object, held by us.
        unsafe { pyread::builtin_int_attr(tb, c"tb_lineno") }
            .unwrap_or(0)
            .max(0) as u32
    };
    // SAFETY: our reference from above, released once.
    unsafe { ffi::Py_DECREF(tb) };
    line
}

/// Watches what `sys.stdout` is, with a dict lookup per step by a kept, pre-hashed key:
/// no allocation.
pub(crate) struct SysStdout {
    sys_dict: *mut ffi::PyObject,
    key: *mut ffi::PyObject,
}

impl SysStdout {
    pub(crate) fn new() -> SysStdout {
        SysStdout {
            sys_dict: std::ptr::null_mut(),
            key: std::ptr::null_mut(),
        }
    }

    /// `sys.stdout` now (borrowed, null when unset); None when there is no `sys` module.
    ///
    /// # Safety
    /// GIL held.
    pub(crate) unsafe fn current(&mut self) -> Option<*mut ffi::PyObject> {
        // SAFETY: sys's dict lives as long as the interpreter and the key is ours for the
        // run; the lookup returns a borrowed reference or NULL.
        unsafe {
            if self.key.is_null() {
                let modules = ffi::PyImport_GetModuleDict();
                let sys = ffi::PyDict_GetItemString(modules, c"sys".as_ptr());
                self.sys_dict = if sys.is_null() {
                    std::ptr::null_mut()
                } else {
                    ffi::PyModule_GetDict(sys)
                };
                self.key = ffi::PyUnicode_InternFromString(c"stdout".as_ptr());
            }
            if self.sys_dict.is_null() {
                return None;
            }
            let v = ffi::PyDict_GetItemWithError(self.sys_dict, self.key);
            if v.is_null() {
                ffi::PyErr_Clear();
            }
            Some(v)
        }
    }
}

/// Puts `value` in the frame type's dictionary under `name`, in place of CPython's own
/// member, and invalidates the type's attribute cache, as `type.__setattr__` does; false
/// with an exception set when it could not.
///
/// # Safety
/// GIL held; `value` a live object.
pub(crate) unsafe fn set_frame_type_attr(name: &CStr, value: *mut ffi::PyObject) -> bool {
    // SAFETY: the frame type is a static type whose dictionary lives as long as the
    // interpreter; we take a reference to it for the call and release it after.
    unsafe {
        let ty = std::ptr::addr_of_mut!(ffi::PyFrame_Type);
        let dict = compat::type_dict_ref(ty);
        if dict.is_null() {
            return false;
        }
        let r = ffi::PyDict_SetItemString(dict, name.as_ptr(), value);
        ffi::Py_DECREF(dict);
        if r != 0 {
            return false;
        }
        ffi::PyType_Modified(ty);
        true
    }
}
