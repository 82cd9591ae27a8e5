//! What kind of builtin object an object is, with the small values read in passing: the
//! one classification the object reader branches on, so that it reads no storage itself.

use std::ffi::CStr;

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
pub(crate) unsafe fn range_fields(r: *mut ffi::PyObject) -> [*mut ffi::PyObject; 3] {
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
    // SAFETY: each branch reads only the storage of the builtin type it checked for.
    unsafe {
        if o == ffi::Py_None() {
            return View::None;
        }
        let t = ffi::Py_TYPE(o);
        if t == std::ptr::addr_of_mut!(ffi::PyBool_Type) {
            return View::Bool(o == ffi::Py_True());
        }
        if ffi::PyLong_Check(o) != 0 {
            return View::Int;
        }
        if ffi::PyFloat_Check(o) != 0 {
            return View::Float(ffi::PyFloat_AS_DOUBLE(o));
        }
        if ffi::PyUnicode_Check(o) != 0 {
            return View::Str;
        }
        if ffi::PyList_Check(o) != 0 {
            return View::List;
        }
        if ffi::PyTuple_Check(o) != 0 {
            return View::Tuple;
        }
        if ffi::PyDict_Check(o) != 0 {
            return View::Dict;
        }
        if ffi::PyAnySet_Check(o) != 0 {
            return View::Set {
                frozen: ffi::PyFrozenSet_Check(o) != 0,
            };
        }
        if ffi::PyBytes_Check(o) != 0 || ffi::PyByteArray_Check(o) != 0 {
            return View::Bytes {
                mutable: ffi::PyByteArray_Check(o) != 0,
            };
        }
        if ffi::PyComplex_Check(o) != 0 {
            let c = (*(o as *mut ffi::PyComplexObject)).cval;
            return View::Complex {
                re: c.real,
                im: c.imag,
            };
        }
        if t == std::ptr::addr_of_mut!(ffi::PyRange_Type) {
            let [a, b, c] = range_fields(o);
            let get = |v: *mut ffi::PyObject| {
                let mut of = 0;
                let x = ffi::PyLong_AsLongLongAndOverflow(v, &mut of);
                if of != 0 {
                    ffi::PyErr_Clear();
                }
                x
            };
            return View::Range {
                start: get(a),
                stop: get(b),
                step: get(c),
            };
        }
        if ffi::PyFunction_Check(o) != 0 {
            return View::Function;
        }
        if t == std::ptr::addr_of_mut!(PyMethod_Type) {
            return View::Method {
                func: PyMethod_Function(o),
                receiver: PyMethod_Self(o),
            };
        }
        if ffi::PyCFunction_Check(o) != 0 {
            let f = o as *mut ffi::PyCFunctionObject;
            let name = CStr::from_ptr((*(*f).m_ml).ml_name)
                .to_string_lossy()
                .into_owned();
            let selfp = (*f).m_self;
            let receiver = (!selfp.is_null() && ffi::PyModule_Check(selfp) == 0).then_some(selfp);
            return View::Builtin { name, receiver };
        }
        if ffi::PyType_Check(o) != 0 {
            return View::Type;
        }
        if ffi::PyModule_Check(o) != 0 {
            let n = ffi::PyModule_GetName(o);
            let name = if n.is_null() {
                ffi::PyErr_Clear();
                "?".to_owned()
            } else {
                CStr::from_ptr(n).to_string_lossy().into_owned()
            };
            return View::Module { name };
        }
        if ffi::PyGen_Check(o) != 0 || ffi::PyCoro_CheckExact(o) != 0 {
            return View::Generator;
        }
        if is_heap_type(t) {
            return View::Instance;
        }
        View::Other {
            exception: ffi::PyExceptionInstance_Check(o) != 0,
        }
    }
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
