//! Exceptions as a traceback's last line prints them, and small values as messages show
//! them, without calling `__str__` or `__repr__`.

use pyo3::ffi;

use super::containers::tuple_items;
use super::text::str_text;
use super::types::type_qualname;

/// A safe one-line rendering of a small value for messages (exception arguments): ints,
/// floats, strs, None and bools as Python shows them, anything else by type.
///
/// # Safety
/// `o` must be a live object, GIL held.
pub(crate) unsafe fn safe_repr(o: *mut ffi::PyObject, quote: bool) -> String {
    // SAFETY: only reads raw storage of builtin types.
    unsafe {
        if o == ffi::Py_None() {
            return "None".into();
        }
        if ffi::PyBool_Check(o) != 0 {
            return if o == ffi::Py_True() {
                "True".into()
            } else {
                "False".into()
            };
        }
        if ffi::PyLong_Check(o) != 0 {
            let mut overflow = 0;
            let v = ffi::PyLong_AsLongLongAndOverflow(o, &mut overflow);
            if overflow == 0 {
                return v.to_string();
            }
            ffi::PyErr_Clear();
            return "<big int>".into();
        }
        if ffi::PyFloat_Check(o) != 0 {
            return heapscope_trace::format_float(ffi::PyFloat_AS_DOUBLE(o));
        }
        if ffi::PyUnicode_Check(o) != 0 {
            let (text, len) = str_text(o, 500);
            let t = heapscope_trace::TextValue { text, len };
            return if quote {
                heapscope_trace::quote_str(&t)
            } else {
                t.text
            };
        }
        if ffi::PyTuple_Check(o) != 0 {
            let items: Vec<String> = tuple_items(o)
                .into_iter()
                .map(|i| safe_repr(i, true))
                .collect();
            return if items.len() == 1 {
                format!("({},)", items[0])
            } else {
                format!("({})", items.join(", "))
            };
        }
        format!("<{} object>", type_qualname(ffi::Py_TYPE(o)))
    }
}

/// An exception as the last line of a traceback prints it (`ValueError: bad value`),
/// built from the exception's type and `args` without calling its `__str__`.
///
/// # Safety
/// `exc` must be a live exception instance, GIL held.
pub(crate) unsafe fn exception_message(exc: *mut ffi::PyObject) -> String {
    // SAFETY: reads the builtin BaseException fields.
    unsafe {
        let t = ffi::Py_TYPE(exc);
        let name = type_qualname(t);
        if ffi::PyExceptionInstance_Check(exc) == 0 {
            return name;
        }
        let args = (*(exc as *mut ffi::PyBaseExceptionObject)).args;
        let items = if !args.is_null() && ffi::PyTuple_Check(args) != 0 {
            tuple_items(args)
        } else {
            vec![]
        };
        let is_key_error =
            ffi::PyObject_TypeCheck(exc, ffi::PyExc_KeyError as *mut ffi::PyTypeObject) != 0;
        let is_os_error =
            ffi::PyObject_TypeCheck(exc, ffi::PyExc_OSError as *mut ffi::PyTypeObject) != 0;
        let msg = match items.as_slice() {
            [] => String::new(),
            [one] if is_key_error => safe_repr(*one, true),
            [one] => safe_repr(*one, false),
            [code, text] if is_os_error && ffi::PyLong_Check(*code) != 0 => {
                let mut m = format!(
                    "[Errno {}] {}",
                    safe_repr(*code, false),
                    safe_repr(*text, false)
                );
                let e = exc as *mut ffi::PyOSErrorObject;
                let f = (*e).filename;
                if !f.is_null() && f != ffi::Py_None() {
                    m.push_str(": ");
                    m.push_str(&safe_repr(f, true));
                }
                m
            }
            many => format!(
                "({})",
                many.iter()
                    .map(|i| safe_repr(*i, true))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        if msg.is_empty() {
            name
        } else {
            format!("{name}: {msg}")
        }
    }
}
