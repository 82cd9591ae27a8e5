//! What the tracer needs to know about a code object, read once: whose code it is (the
//! user's file or a module beside it), its fast-locals slots, and its signature.

use std::rc::Rc;

use heapscope_trace::FrameKind;
use pyo3::ffi;

use super::code_info::{CodeInfo, SlotKind};
use super::Tracer;
use crate::{compat, pyread};

impl Tracer {
    /// Code info, or None when the code is not the user's.
    ///
    /// # Safety
    /// `code` must be a live code object, GIL held.
    pub(super) unsafe fn code_info(&mut self, code: *mut ffi::PyObject) -> Option<Rc<CodeInfo>> {
        if let Some(c) = self.names.codes.get(&(code as usize)) {
            return c.clone();
        }
        // SAFETY: code is a live code object; we keep a reference so the address stays
        // this code object's.
        unsafe { pyread::keep_alive(code) };
        // SAFETY: forwarded.
        let info = unsafe { self.make_code_info(code) };
        let info = info.map(Rc::new);
        self.names.codes.insert(code as usize, info.clone());
        info
    }

    /// Reads what [`CodeInfo`] holds from a code object's attributes.
    ///
    /// # Safety
    /// `code` must be a live code object, GIL held.
    pub(super) unsafe fn make_code_info(&mut self, code: *mut ffi::PyObject) -> Option<CodeInfo> {
        // SAFETY: code objects are builtin and cannot be subclassed; attribute reads run
        // only C getters (the "as above" of this function's unsafe blocks).
        let path = unsafe { pyread::builtin_str_attr_opt(code, c"co_filename") }?;
        let is_main = path == self.cfg.path;
        let file = if is_main {
            0
        } else if !self.cfg.user_dir.is_empty()
            && path.starts_with(&format!("{}/", self.cfg.user_dir))
            && path.ends_with(".py")
            && !path.contains("site-packages")
        {
            match self.emit.files.iter().position(|f| *f == path) {
                Some(i) => i as u32,
                None => {
                    self.emit.files.push(path.clone());
                    (self.emit.files.len() - 1) as u32
                }
            }
        } else {
            return None;
        };
        let tuple_attr = |name: &std::ffi::CStr| -> Vec<String> {
            // SAFETY: as above.
            unsafe { pyread::builtin_str_tuple_attr(code, name) }
        };
        let int_attr = |name: &std::ffi::CStr| -> i64 {
            // SAFETY: as above.
            unsafe { pyread::builtin_int_attr(code, name) }.unwrap_or(0)
        };
        // SAFETY: as above.
        let name = unsafe { pyread::builtin_str_attr(code, c"co_name") };
        // SAFETY: as above.
        let qualname = unsafe { compat::code_qualname(code) };
        let varnames = tuple_attr(c"co_varnames");
        let cellvars = tuple_attr(c"co_cellvars");
        let freevars = tuple_attr(c"co_freevars");
        let flags = int_attr(c"co_flags");
        let argcount = int_attr(c"co_argcount") as usize;
        let kwonly = int_attr(c"co_kwonlyargcount") as usize;
        let first_line = int_attr(c"co_firstlineno");

        const CO_NEWLOCALS: i64 = 0x2;
        const CO_VARARGS: i64 = 0x4;
        const CO_VARKEYWORDS: i64 = 0x8;
        const CO_GENERATOR: i64 = 0x20;
        const CO_COROUTINE: i64 = 0x80;
        const CO_ASYNC_GENERATOR: i64 = 0x200;
        let kind = if name == "<module>" {
            FrameKind::Module
        } else if matches!(
            name.as_str(),
            "<listcomp>" | "<dictcomp>" | "<setcomp>" | "<genexpr>"
        ) {
            FrameKind::Comprehension
        } else if flags & (CO_GENERATOR | CO_COROUTINE | CO_ASYNC_GENERATOR) != 0 {
            FrameKind::Generator
        } else if name == "<lambda>" {
            FrameKind::Lambda
        } else if flags & CO_NEWLOCALS == 0 {
            FrameKind::ClassBody
        } else {
            FrameKind::Function
        };

        // Fast locals: varnames, then cells that are not arguments (all cells where a
        // cell argument has a slot of its own, its name's slot left empty), then free
        // vars.
        let own_slot = compat::CELL_ARGS_HAVE_OWN_SLOT;
        let mut slots = Vec::new();
        for v in &varnames {
            match (cellvars.contains(v), own_slot) {
                (false, _) => slots.push((v.clone(), SlotKind::Local)),
                (true, false) => slots.push((v.clone(), SlotKind::Cell)),
                (true, true) => slots.push((".".into(), SlotKind::Local)),
            }
        }
        for c in cellvars
            .iter()
            .filter(|c| own_slot || !varnames.contains(c))
        {
            slots.push((c.clone(), SlotKind::Cell));
        }
        for f in &freevars {
            slots.push((f.clone(), SlotKind::Free));
        }
        let has_cells = slots.iter().any(|(_, k)| *k != SlotKind::Local);
        let slots = slots
            .into_iter()
            .map(|(n, k)| ((!n.starts_with('.')).then(|| self.sym(&n)), k))
            .collect();

        // Signature as written: positional params, *args, keyword-only, **kwargs.
        let mut params: Vec<String> = varnames.iter().take(argcount).cloned().collect();
        let mut i = argcount;
        if flags & CO_VARARGS != 0 {
            params.push(format!(
                "*{}",
                varnames.get(argcount + kwonly).cloned().unwrap_or_default()
            ));
        } else if kwonly > 0 {
            params.push("*".into());
        }
        params.extend(varnames.iter().skip(i).take(kwonly).cloned());
        i += kwonly + usize::from(flags & CO_VARARGS != 0);
        if flags & CO_VARKEYWORDS != 0 {
            params.push(format!(
                "**{}",
                varnames.get(i).cloned().unwrap_or_default()
            ));
        }
        let mut signature = format!("{name}({})", params.join(", "));
        if name == "<lambda>" {
            signature.push_str(&format!(" <line {first_line}>"));
        }
        // An imported module of the user's is named after its file, not "<module>".
        let display_name = if kind == FrameKind::Module && !is_main {
            let stem = std::path::Path::new(&path)
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or("?");
            format!("<module {stem}>")
        } else if qualname.is_empty() {
            name.clone()
        } else {
            qualname.clone()
        };
        let info = CodeInfo {
            file,
            first_line: first_line.max(0) as u32,
            qualname: self.sym(&display_name),
            kind,
            slots,
            has_cells,
            signature: self.sym(&signature),
            is_main: is_main && kind == FrameKind::Module,
            freevars: freevars.iter().map(|f| self.sym(f)).collect(),
        };
        Some(info)
    }
}
