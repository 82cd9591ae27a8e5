//! What kind of builtin object an object is, with the small values read in passing: the
//! one classification the object reader branches on, so that it reads no storage itself.

use std::ffi::{c_int, CStr};

use pyo3::ffi;

use super::text::str_full;
use super::types::is_heap_type;
use super::undeclared::{PyMethod_Function, PyMethod_Self, PyMethod_Type};

/// An object seen as the builtin type whose storage it has. Sizes and children are read
/// afterwards with the reader of that type (`list_item`, `dict_items`, ...).
pub(crate) enum View {
    None,
    Bool(bool),
    /// An int (read with `compat::int_value`).
    Int,
    Float(f64),
    Str,
    List,
    Tuple,
    Dict,
    Set {
        frozen: bool,
    },
    Bytes {
        mutable: bool,
    },
    Complex {
        re: f64,
        im: f64,
    },
    Range {
        start: i64,
        stop: i64,
        step: i64,
    },
    /// A Python function (read with [`function_parts`]).
    Function,
    /// A bound method: the function and the object it is bound to.
    Method {
        func: *mut ffi::PyObject,
        receiver: *mut ffi::PyObject,
    },
    /// A builtin function or method: its C name and the object it is bound to (None for
    /// a module's function).
    Builtin {
        name: String,
        receiver: Option<*mut ffi::PyObject>,
    },
    Type,
    Module {
        name: String,
    },
    /// A generator or coroutine.
    Generator,
    /// An instance of a class defined in Python.
    Instance,
    /// Anything else; `exception` for an exception instance.
    Other {
        exception: bool,
    },
}

/// `rangeobject`: `PyObject_HEAD`, then `start`, `stop`, `step`, `length`, the same in 3.10
/// to 3.13.
const RANGE_START: usize = 16;

/// `start`, `stop`, `step` of a `range` (all ints).
///
/// # Safety
/// `r` must be an exact `range` object, GIL held.
unsafe fn range_fields(r: *mut ffi::PyObject) -> [*mut ffi::PyObject; 3] {
    // SAFETY: rangeobject's layout (above) on an exact range.
    unsafe {
        let p = (r as *mut u8).add(RANGE_START) as *mut *mut ffi::PyObject;
        [*p, *p.add(1), *p.add(2)]
    }
}

/// Classifies a live object by the builtin storage it has, in the order the tracer tries
/// them. Objects that are none of these are `Instance` (heap types) or `Other`; the
/// tracer tries the library readers (numpy, pandas) before taking either.
///
/// # Safety
/// `o` must be a live object, GIL held, no exception set.
pub(crate) unsafe fn view(o: *mut ffi::PyObject) -> View {
    // SAFETY: type checks of a live object read its type only.
    let is = |check: unsafe fn(*mut ffi::PyObject) -> c_int| unsafe { check(o) != 0 };
    // SAFETY: the singletons' addresses and o's type, with the GIL held.
    let (none, true_, t) = unsafe { (ffi::Py_None(), ffi::Py_True(), ffi::Py_TYPE(o)) };
    if o == none {
        return View::None;
    }
    if t == std::ptr::addr_of_mut!(ffi::PyBool_Type) {
        return View::Bool(o == true_);
    }
    if is(ffi::PyLong_Check) {
        return View::Int;
    }
    if is(ffi::PyFloat_Check) {
        // SAFETY: a float's value, after the check.
        return View::Float(unsafe { ffi::PyFloat_AS_DOUBLE(o) });
    }
    if is(ffi::PyUnicode_Check) {
        return View::Str;
    }
    if is(ffi::PyList_Check) {
        return View::List;
    }
    if is(ffi::PyTuple_Check) {
        return View::Tuple;
    }
    if is(ffi::PyDict_Check) {
        return View::Dict;
    }
    if is(ffi::PyAnySet_Check) {
        return View::Set {
            frozen: is(ffi::PyFrozenSet_Check),
        };
    }
    if is(ffi::PyBytes_Check) || is(ffi::PyByteArray_Check) {
        return View::Bytes {
            mutable: is(ffi::PyByteArray_Check),
        };
    }
    if is(ffi::PyComplex_Check) {
        // SAFETY: a complex's value, after the check.
        let c = unsafe { (*(o as *mut ffi::PyComplexObject)).cval };
        return View::Complex {
            re: c.real,
            im: c.imag,
        };
    }
    // SAFETY: o is live, GIL held.
    if let Some([start, stop, step]) = unsafe { range_values(o) } {
        return View::Range { start, stop, step };
    }
    if is(ffi::PyFunction_Check) {
        return View::Function;
    }
    if t == std::ptr::addr_of_mut!(PyMethod_Type) {
        // SAFETY: a bound method's two fields, after the check.
        let (func, receiver) = unsafe { (PyMethod_Function(o), PyMethod_Self(o)) };
        return View::Method { func, receiver };
    }
    if is(ffi::PyCFunction_Check) {
        // SAFETY: a builtin function's method def (its C name) and bound object.
        let (name, selfp) = unsafe {
            let f = o as *mut ffi::PyCFunctionObject;
            let name = CStr::from_ptr((*(*f).m_ml).ml_name)
                .to_string_lossy()
                .into_owned();
            (name, (*f).m_self)
        };
        // SAFETY: the bound object is live while the function is.
        let receiver = (!selfp.is_null() && !unsafe { is_module(selfp) }).then_some(selfp);
        return View::Builtin { name, receiver };
    }
    if is(ffi::PyType_Check) {
        return View::Type;
    }
    if is(ffi::PyModule_Check) {
        // SAFETY: a module's name, or null with an error set, which is cleared.
        let name = unsafe {
            let n = ffi::PyModule_GetName(o);
            if n.is_null() {
                ffi::PyErr_Clear();
                "?".to_owned()
            } else {
                CStr::from_ptr(n).to_string_lossy().into_owned()
            }
        };
        return View::Module { name };
    }
    if is(ffi::PyGen_Check) || is(ffi::PyCoro_CheckExact) {
        return View::Generator;
    }
    // SAFETY: t is o's live type.
    if unsafe { is_heap_type(t) } {
        return View::Instance;
    }
    View::Other {
        exception: is(ffi::PyExceptionInstance_Check),
    }
}

/// An int's value, clamped to i64 (an overflow's error cleared).
///
/// # Safety
/// `v` must be a live int, GIL held.
unsafe fn clamped_int(v: *mut ffi::PyObject) -> i64 {
    let mut of = 0;
    // SAFETY: per the contract.
    let x = unsafe { ffi::PyLong_AsLongLongAndOverflow(v, &mut of) };
    if of != 0 {
        // SAFETY: clears the OverflowError just set.
        unsafe { ffi::PyErr_Clear() };
    }
    x
}

/// True for a module.
///
/// # Safety
/// `o` must be a live object.
unsafe fn is_module(o: *mut ffi::PyObject) -> bool {
    // SAFETY: a type check.
    unsafe { ffi::PyModule_Check(o) != 0 }
}

/// A float's value, or None when `o` is not a float.
///
/// # Safety
/// `o` must be a live object.
pub(crate) unsafe fn float_value(o: *mut ffi::PyObject) -> Option<f64> {
    // SAFETY: a float's value is read from its own storage after the type check.
    unsafe { (ffi::PyFloat_Check(o) != 0).then(|| ffi::PyFloat_AS_DOUBLE(o)) }
}

/// The fields of a Python function the tracer shows, as borrowed pointers.
pub(crate) struct FunctionParts {
    pub code: *mut ffi::PyObject,
    /// `__qualname__`, when it is a str.
    pub qualname: Option<*mut ffi::PyObject>,
    /// `__module__`, when it is a str.
    pub module: Option<String>,
    /// The positional defaults.
    pub defaults: Vec<*mut ffi::PyObject>,
    /// The keyword-only defaults: a dict, or null.
    pub kwdefaults: *mut ffi::PyObject,
    /// The closure's cells.
    pub closure: Vec<*mut ffi::PyObject>,
}

/// Reads a function's fields from its struct (no attribute lookup).
///
/// # Safety
/// `f` must be a live Python function (`View::Function`), GIL held.
pub(crate) unsafe fn function_parts(f: *mut ffi::PyObject) -> FunctionParts {
    // SAFETY: a function object's own fields; each object field is type-checked before
    // it is read.
    unsafe {
        let f = f as *mut ffi::PyFunctionObject;
        let str_field =
            |s: *mut ffi::PyObject| (!s.is_null() && ffi::PyUnicode_Check(s) != 0).then_some(s);
        let tuple = |t: *mut ffi::PyObject| {
            if !t.is_null() && ffi::PyTuple_Check(t) != 0 {
                super::containers::tuple_items(t)
            } else {
                vec![]
            }
        };
        FunctionParts {
            code: (*f).func_code,
            qualname: str_field((*f).func_qualname),
            module: str_field((*f).func_module).map(|m| str_full(m)),
            defaults: tuple((*f).func_defaults),
            kwdefaults: (*f).func_kwdefaults,
            closure: tuple((*f).func_closure),
        }
    }
}

/// True for a Python function.
///
/// # Safety
/// `o` must be a live object.
pub(crate) unsafe fn is_function(o: *mut ffi::PyObject) -> bool {
    // SAFETY: a type check.
    unsafe { ffi::PyFunction_Check(o) != 0 }
}

/// An int's value when it fits in an i64; None for anything else (never calls
/// `__index__`).
///
/// # Safety
/// `o` must be a live object, GIL held.
pub(crate) unsafe fn small_int(o: *mut ffi::PyObject) -> Option<i64> {
    // SAFETY: an int's digits are read after the type check; an overflow's error is
    // cleared.
    unsafe {
        if ffi::PyLong_Check(o) == 0 {
            return None;
        }
        let mut overflow = 0;
        let v = ffi::PyLong_AsLongLongAndOverflow(o, &mut overflow);
        if overflow != 0 || v == -1 && !ffi::PyErr_Occurred().is_null() {
            ffi::PyErr_Clear();
            return None;
        }
        Some(v)
    }
}

/// True for an int (or subclass, `bool` included).
///
/// # Safety
/// `o` must be a live object.
pub(crate) unsafe fn is_int(o: *mut ffi::PyObject) -> bool {
    // SAFETY: a type check.
    unsafe { ffi::PyLong_Check(o) != 0 }
}

/// `start`, `stop`, `step` of an exact `range`, each clamped to i64; None for anything
/// else.
///
/// # Safety
/// `o` must be a live object, GIL held.
pub(crate) unsafe fn range_values(o: *mut ffi::PyObject) -> Option<[i64; 3]> {
    // SAFETY: o's type, compared with range's.
    if unsafe { ffi::Py_TYPE(o) } != std::ptr::addr_of_mut!(ffi::PyRange_Type) {
        return None;
    }
    // SAFETY: an exact range's fields are ints it holds.
    Some(unsafe { range_fields(o) }.map(|v| unsafe { clamped_int(v) }))
}

/// `start`, `stop`, `step` of a slice (borrowed; each may be None), or None when `o` is
/// not a slice.
///
/// # Safety
/// `o` must be a live object, GIL held.
pub(crate) unsafe fn slice_fields(o: *mut ffi::PyObject) -> Option<[*mut ffi::PyObject; 3]> {
    // SAFETY: a slice's three fields, read after the type check.
    unsafe {
        if ffi::PySlice_Check(o) == 0 {
            return None;
        }
        let s = o as *mut ffi::PySliceObject;
        Some([(*s).start, (*s).stop, (*s).step])
    }
}

/// The pointer a capsule holds, when `o` is an exact capsule without a name (how numpy
/// exports its C API table); an error on the way is cleared.
///
/// # Safety
/// `o` must be a live object, GIL held.
pub(crate) unsafe fn capsule_pointer(o: *mut ffi::PyObject) -> Option<*mut std::ffi::c_void> {
    // SAFETY: the capsule's pointer, read after the type check; it runs no Python code.
    unsafe {
        if ffi::PyCapsule_CheckExact(o) == 0 {
            return None;
        }
        let p = ffi::PyCapsule_GetPointer(o, std::ptr::null());
        if p.is_null() {
            ffi::PyErr_Clear();
            return None;
        }
        Some(p)
    }
}
