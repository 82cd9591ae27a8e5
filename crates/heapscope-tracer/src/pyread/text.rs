//! Strs: their text read from the canonical storage.

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

/// True for a str (or subclass).
///
/// # Safety
/// `o` must be a live object.
pub(crate) unsafe fn is_str(o: *mut ffi::PyObject) -> bool {
    // SAFETY: a type check.
    unsafe { ffi::PyUnicode_Check(o) != 0 }
}

/// True for an exact str.
///
/// # Safety
/// `o` must be a live object.
pub(crate) unsafe fn is_exact_str(o: *mut ffi::PyObject) -> bool {
    // SAFETY: a type check.
    unsafe { ffi::PyUnicode_CheckExact(o) != 0 }
}

/// The interned str of that text, a new reference the caller keeps (null on failure).
///
/// # Safety
/// GIL held.
pub(crate) unsafe fn intern(text: &std::ffi::CStr) -> *mut ffi::PyObject {
    // SAFETY: a NUL-terminated string; interning runs no user code.
    unsafe { ffi::PyUnicode_InternFromString(text.as_ptr()) }
}
