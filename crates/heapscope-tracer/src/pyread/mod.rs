//! Reading Python objects through the C API without running any user code: raw storage
//! of builtin types only, never `repr`, `str`, `getattr` on user classes, `__eq__`,
//! `__hash__` or iteration protocols (see shared/design/cpython-notes.md).
//!
//! Every raw read of a CPython structure the tracer makes is in this module or in
//! `compat/` (what differs between versions), one file per structure; the tracer's
//! readers (`tracer/`) call these and hold no `ffi::` call of their own. Each function
//! takes live objects (its `# Safety` section says which) and returns Rust values or
//! borrowed pointers.

mod attrs;
mod containers;
mod exceptions;
mod frames;
mod gc;
mod refs;
mod text;
mod types;
mod undeclared;
mod values;

pub(crate) use attrs::*;
pub(crate) use containers::*;
pub(crate) use exceptions::*;
pub(crate) use frames::*;
pub(crate) use gc::*;
pub(crate) use refs::*;
pub(crate) use text::*;
pub(crate) use types::*;
pub(crate) use values::*;
