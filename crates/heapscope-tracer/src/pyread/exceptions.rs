//! Exceptions as a traceback's last line prints them, and small values as messages show
//! them, without calling `__str__` or `__repr__`.

use pyo3::ffi;

use super::containers::{is_tuple, tuple_items};
use super::text::str_text;
use super::types::{type_of, type_qualname};
use super::values::{is_int, small_int, view, View};

/// A safe one-line rendering of a small value for messages (exception arguments): ints,
/// floats, strs, None and bools as Python shows them, anything else by type.
///
/// # Safety
/// `o` must be a live object, GIL held.
pub(crate) unsafe fn safe_repr(o: *mut ffi::PyObject, quote: bool) -> String {
    // SAFETY: o is live; each reader below reads the storage of the kind `view` found
    // (the "as above" of this function's unsafe blocks).
    match unsafe { view(o) } {
        View::None => "None".into(),
        View::Bool(true) => "True".into(),
        View::Bool(false) => "False".into(),
        // SAFETY: as above.
        View::Int => match unsafe { small_int(o) } {
            Some(v) => v.to_string(),
            None => "<big int>".into(),
        },
        View::Float(f) => heapscope_trace::format_float(f),
        View::Str => {
            // SAFETY: as above.
            let (text, len) = unsafe { str_text(o, 500) };
            let t = heapscope_trace::TextValue { text, len };
            if quote {
                heapscope_trace::quote_str(&t)
            } else {
                t.text
            }
        }
        View::Tuple => {
            // SAFETY: as above; the items are live while the tuple is.
            let items: Vec<String> = unsafe { tuple_items(o) }
                .into_iter()
                .map(|i| unsafe { safe_repr(i, true) })
                .collect();
            if items.len() == 1 {
                format!("({},)", items[0])
            } else {
                format!("({})", items.join(", "))
            }
        }
        // SAFETY: as above.
        _ => format!("<{} object>", unsafe { type_qualname(type_of(o)) }),
    }
}

/// True when `exc` is an instance of the exception class `class` (or a subclass).
///
/// # Safety
/// `exc` must be a live object, `class` a live exception class.
pub(crate) unsafe fn is_instance_of(exc: *mut ffi::PyObject, class: *mut ffi::PyObject) -> bool {
    // SAFETY: a subtype check of live types (no `__instancecheck__`).
    unsafe { ffi::PyObject_TypeCheck(exc, class as *mut ffi::PyTypeObject) != 0 }
}

/// An exception as the last line of a traceback prints it (`ValueError: bad value`),
/// built from the exception's type and `args` without calling its `__str__`.
///
/// # Safety
/// `exc` must be a live exception instance, GIL held.
pub(crate) unsafe fn exception_message(exc: *mut ffi::PyObject) -> String {
    // SAFETY: exc is live (for every unsafe block below); BaseException's and OSError's
    // fields are read after the type checks.
    let name = unsafe { type_qualname(type_of(exc)) };
    // SAFETY: as above.
    if unsafe { ffi::PyExceptionInstance_Check(exc) } == 0 {
        return name;
    }
    // SAFETY: as above.
    let args = unsafe { (*(exc as *mut ffi::PyBaseExceptionObject)).args };
    // SAFETY: as above; args is null or a live object the exception holds.
    let items = if !args.is_null() && unsafe { is_tuple(args) } {
        // SAFETY: as above.
        unsafe { tuple_items(args) }
    } else {
        vec![]
    };
    // SAFETY: as above; the exception classes are static.
    let (is_key_error, is_os_error) = unsafe {
        (
            is_instance_of(exc, ffi::PyExc_KeyError),
            is_instance_of(exc, ffi::PyExc_OSError),
        )
    };
    // SAFETY: as above; the args are live while the exception is.
    let repr = |o: *mut ffi::PyObject, quote: bool| unsafe { safe_repr(o, quote) };
    let msg = match items.as_slice() {
        [] => String::new(),
        [one] if is_key_error => repr(*one, true),
        [one] => repr(*one, false),
        // SAFETY: as above.
        [code, text] if is_os_error && unsafe { is_int(*code) } => {
            let mut m = format!("[Errno {}] {}", repr(*code, false), repr(*text, false));
            // SAFETY: as above: an OSError's filename field.
            let f = unsafe { (*(exc as *mut ffi::PyOSErrorObject)).filename };
            // SAFETY: as above.
            if !f.is_null() && f != unsafe { ffi::Py_None() } {
                m.push_str(": ");
                m.push_str(&repr(f, true));
            }
            m
        }
        many => format!(
            "({})",
            many.iter()
                .map(|i| repr(*i, true))
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

/// True for an exception instance.
///
/// # Safety
/// `o` must be a live object.
pub(crate) unsafe fn is_exception(o: *mut ffi::PyObject) -> bool {
    // SAFETY: a type check.
    unsafe { ffi::PyExceptionInstance_Check(o) != 0 }
}
