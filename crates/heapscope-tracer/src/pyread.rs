//! Reading Python objects through the C API without running any user code: raw storage
//! of builtin types only, never `repr`, `str`, `getattr` on user classes, `__eq__`,
//! `__hash__` or iteration protocols (see shared/design/cpython-notes.md).

use std::ffi::CStr;

use pyo3::ffi;

/// A str's text from its canonical storage (never the cached UTF-8 copy, whose creation
/// would change the object's size): at most `max_chars` characters, and the true length.
///
/// # Safety
/// `s` must be a live str object, GIL held.
pub(crate) unsafe fn str_text(s: *mut ffi::PyObject, max_chars: usize) -> (String, u64) {
    // SAFETY: PyUnicode_KIND/DATA/GET_LENGTH read the canonical representation of a
    // ready str (all strs are ready since 3.12; 3.10 and 3.11 create them ready from
    // Python code).
    unsafe {
        let len = ffi::PyUnicode_GET_LENGTH(s) as usize;
        let n = len.min(max_chars);
        let data = ffi::PyUnicode_DATA(s);
        let kind = ffi::PyUnicode_KIND(s);
        let mut out = String::with_capacity(n);
        for i in 0..n {
            let cp = match kind {
                1 => u32::from(*(data as *const u8).add(i)),
                2 => u32::from(*(data as *const u16).add(i)),
                _ => *(data as *const u32).add(i),
            };
            out.push(char::from_u32(cp).unwrap_or('\u{fffd}'));
        }
        (out, len as u64)
    }
}

/// The full text of a str (for names and keys).
///
/// # Safety
/// As for [`str_text`].
pub(crate) unsafe fn str_full(s: *mut ffi::PyObject) -> String {
    // SAFETY: forwarded.
    unsafe { str_text(s, usize::MAX).0 }
}

/// The C-level name of a type (`tp_name`), e.g. `list`, `collections.deque`, `Point`.
///
/// # Safety
/// `t` must be a live type object.
pub(crate) unsafe fn type_name(t: *mut ffi::PyTypeObject) -> String {
    // SAFETY: tp_name is a NUL-terminated C string owned by the type.
    unsafe {
        let p = (*t).tp_name;
        if p.is_null() {
            return "?".into();
        }
        CStr::from_ptr(p).to_string_lossy().into_owned()
    }
}

/// The qualified name of a type (`__qualname__` for classes, `tp_name` otherwise).
///
/// # Safety
/// `t` must be a live type object, GIL held.
pub(crate) unsafe fn type_qualname(t: *mut ffi::PyTypeObject) -> String {
    // SAFETY: a heap type is a `PyHeapTypeObject` (the same head in 3.10 to 3.13, as
    // pyo3-ffi declares it per version) whose `ht_qualname` is a str it owns; what
    // `PyType_GetQualName` returns. Static types have `tp_name` only.
    unsafe {
        if is_heap_type(t) {
            let q = (*(t as *mut ffi::PyHeapTypeObject)).ht_qualname;
            if !q.is_null() && ffi::PyUnicode_Check(q) != 0 {
                return str_full(q);
            }
        }
        let full = type_name(t);
        full.rsplit('.').next().unwrap_or(&full).to_owned()
    }
}

/// True for a class defined in Python (a heap type).
///
/// # Safety
/// `t` must be a live type object.
pub(crate) unsafe fn is_heap_type(t: *mut ffi::PyTypeObject) -> bool {
    // SAFETY: reads tp_flags.
    unsafe { (*t).tp_flags & ffi::Py_TPFLAGS_HEAPTYPE != 0 }
}

/// Reads an attribute of a builtin object whose type's attribute lookup is CPython's own
/// (generators, code objects, exceptions' builtin fields). Never use on user classes.
///
/// The name is interned: the interned key of the type's own dict comes back, so nothing
/// new stays alive. A fresh string would stay referenced by CPython's type cache (or not,
/// by hash collisions) and count in the program's heap figures.
///
/// # Safety
/// `o` must be a live object of a builtin type that cannot be subclassed in Python (or
/// whose attribute is a data descriptor of the builtin base), GIL held.
pub(crate) unsafe fn builtin_attr(
    o: *mut ffi::PyObject,
    name: &CStr,
) -> Option<*mut ffi::PyObject> {
    // SAFETY: PyObject_GenericGetAttr on a builtin type runs only C getters.
    unsafe {
        let n = ffi::PyUnicode_InternFromString(name.as_ptr());
        if n.is_null() {
            ffi::PyErr_Clear();
            return None;
        }
        let v = ffi::PyObject_GenericGetAttr(o, n);
        ffi::Py_DECREF(n);
        if v.is_null() {
            ffi::PyErr_Clear();
            None
        } else {
            Some(v)
        }
    }
}

/// A str attribute of a builtin object, empty when it is missing or not a str.
///
/// # Safety
/// As for [`builtin_attr`].
pub(crate) unsafe fn builtin_str_attr(o: *mut ffi::PyObject, name: &CStr) -> String {
    // SAFETY: forwarded; the value is released after reading.
    unsafe {
        let Some(v) = builtin_attr(o, name) else {
            return String::new();
        };
        let s = if ffi::PyUnicode_Check(v) != 0 {
            str_full(v)
        } else {
            String::new()
        };
        ffi::Py_DECREF(v);
        s
    }
}

/// A small int attribute of a builtin object.
///
/// # Safety
/// As for [`builtin_attr`].
pub(crate) unsafe fn builtin_int_attr(o: *mut ffi::PyObject, name: &CStr) -> Option<i64> {
    // SAFETY: forwarded; the value is released after reading.
    unsafe {
        let v = builtin_attr(o, name)?;
        let r = if ffi::PyLong_Check(v) != 0 {
            let mut overflow = 0;
            let x = ffi::PyLong_AsLongLongAndOverflow(v, &mut overflow);
            (overflow == 0).then_some(x)
        } else {
            None
        };
        ffi::Py_DECREF(v);
        r
    }
}

/// The items of a tuple as borrowed pointers.
///
/// # Safety
/// `t` must be a live tuple (or subclass), GIL held; the pointers are borrowed from it.
pub(crate) unsafe fn tuple_items(t: *mut ffi::PyObject) -> Vec<*mut ffi::PyObject> {
    // SAFETY: PyTuple_GET_ITEM reads raw storage within GET_SIZE.
    unsafe {
        (0..ffi::PyTuple_GET_SIZE(t))
            .map(|i| ffi::PyTuple_GET_ITEM(t, i))
            .collect()
    }
}

/// The strs of a tuple of strs (names from a code object).
///
/// # Safety
/// As for [`tuple_items`].
pub(crate) unsafe fn str_tuple(t: *mut ffi::PyObject) -> Vec<String> {
    // SAFETY: forwarded; non-str items become "?".
    unsafe {
        tuple_items(t)
            .into_iter()
            .map(|s| {
                if ffi::PyUnicode_Check(s) != 0 {
                    str_full(s)
                } else {
                    "?".into()
                }
            })
            .collect()
    }
}

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

/// The entries of a dict, in order, read with `PyDict_Next` (which walks the table without
/// hashing or comparing keys: no user code runs). Null or a non-dict gives no entries.
pub(crate) struct DictItems {
    dict: *mut ffi::PyObject,
    pos: ffi::Py_ssize_t,
}

/// Iterates over `d`'s entries as borrowed pointers.
///
/// # Safety
/// `d` must be null or a live object, the GIL held, and the dict left unchanged while the
/// iterator is used (nothing between its steps may run Python code).
pub(crate) unsafe fn dict_items(d: *mut ffi::PyObject) -> DictItems {
    // SAFETY: PyDict_Check reads the type of a live object.
    let dict = if d.is_null() || unsafe { ffi::PyDict_Check(d) } == 0 {
        std::ptr::null_mut()
    } else {
        d
    };
    DictItems { dict, pos: 0 }
}

impl Iterator for DictItems {
    type Item = (*mut ffi::PyObject, *mut ffi::PyObject);

    fn next(&mut self) -> Option<Self::Item> {
        if self.dict.is_null() {
            return None;
        }
        let mut k = std::ptr::null_mut();
        let mut v = std::ptr::null_mut();
        // SAFETY: the dict is live and unchanged (the contract of `dict_items`).
        (unsafe { ffi::PyDict_Next(self.dict, &mut self.pos, &mut k, &mut v) } != 0)
            .then_some((k, v))
    }
}
