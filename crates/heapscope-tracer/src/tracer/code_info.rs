//! What the tracer needs to know about a code object, computed once (by `code.rs`).

use heapscope_trace::{FrameKind, Sym};

/// What kind of local a fast-locals slot holds.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum SlotKind {
    Local,
    /// A cell: the variable's value is the cell's content.
    Cell,
    /// A free variable (a cell from an enclosing function).
    Free,
}

/// What we need to know about a code object, computed once.
pub(super) struct CodeInfo {
    pub(super) file: u32,
    pub(super) qualname: Sym,
    pub(super) kind: FrameKind,
    /// Fast-locals slots: name (None for hidden ones like `.0`) and kind.
    pub(super) slots: Vec<(Option<Sym>, SlotKind)>,
    pub(super) has_cells: bool,
    /// `name(a, b, *args)` as Python Tutor shows it.
    pub(super) signature: Sym,
    /// The main module's code.
    pub(super) is_main: bool,
    /// Names of the free variables, for a function's closure cells.
    pub(super) freevars: Vec<Sym>,
    /// `co_firstlineno`, the line of a call event before any instruction ran.
    pub(super) first_line: u32,
}
