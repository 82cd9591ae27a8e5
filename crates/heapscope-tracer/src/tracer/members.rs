//! What an imported class holds, for the inspector: the names in the class's own dict and
//! what kind of member each is ("method", "classmethod", "property", or the value's type),
//! read from the dict and the values' types only: no `getattr`, no descriptor runs.

use heapscope_trace::Sym;
use pyo3::ffi;

use super::{is_dunder, Tracer};
use crate::pyread;

/// Members recorded per class at most: the inspector lists names, a long list helps no one.
const MAX_MEMBERS: usize = 100;

impl Tracer {
    /// The members a class defines itself (its own `__dict__`, in definition order), less
    /// the dunders other than `__init__`, each with its kind.
    ///
    /// # Safety
    /// GIL held; `t` a live type.
    pub(super) unsafe fn class_members(&mut self, t: *mut ffi::PyTypeObject) -> Vec<(Sym, Sym)> {
        let mut out = Vec::new();
        // SAFETY: tp_dict is the type's own dict (str keys, read with PyDict_Next); nothing
        // runs while it is read.
        for (k, v) in unsafe { pyread::dict_items(pyread::type_dict(t)) } {
            if out.len() == MAX_MEMBERS {
                break;
            }
            // SAFETY: a key the dict holds.
            if !unsafe { pyread::is_str(k) } {
                continue;
            }
            // SAFETY: k is a live str.
            let name = unsafe { pyread::str_full(k) };
            if is_dunder(&name) && name != "__init__" {
                continue;
            }
            // SAFETY: v is live; a value's kind is its type's C name.
            let type_name = unsafe { pyread::type_name(pyread::type_of(v)) };
            let kind: String = match type_name.as_str() {
                "function"
                | "method_descriptor"
                | "wrapper_descriptor"
                | "builtin_function_or_method" => "method".into(),
                "classmethod" | "classmethod_descriptor" => "classmethod".into(),
                "staticmethod" => "staticmethod".into(),
                "property" | "getset_descriptor" | "member_descriptor" => "property".into(),
                "type" => "class".into(),
                other => format!("attribute ({other})"),
            };
            out.push((self.sym(&name), self.sym(&kind)));
        }
        out
    }
}
