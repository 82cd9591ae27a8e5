//! The trace model of heapscope: what a traced Python program did, step by step.
//!
//! A [`Trace`] is a sequence of steps. Each step has an event ([`Event`]: a line about to
//! run, a call, a return, an exception, or the final word on how the run ended), and a
//! memory [`State`]: the stack of [`Frame`]s with their variables and the heap of objects
//! ([`ObjectData`]) they reference, every object named by a short, stable [`ObjId`].
//!
//! The tracer (in the worker process) speaks the [`Record`] language: it emits only what
//! changed at each step. The [`TraceBuilder`] applies those records and stores them in
//! blocks, each opened by a keyframe (the whole state, as records), so any step can be
//! rebuilt from its block alone and the trace costs about what changed, not steps × heap.
//!
//! ```
//! use heapscope_trace::{Event, ObjectData, Record, TraceBuilder, TraceMeta, ObjId, FrameId, FrameKind};
//! let mut b = TraceBuilder::new(TraceMeta::for_program("x = 1\n", "prog.py"));
//! let x = b.sym("x");
//! let module = b.sym("<module>");
//! b.push(Record::Step { event: Event::Line, line: 1, frame: FrameId::GLOBAL }).unwrap();
//! b.push(Record::FramePush { frame: FrameId::GLOBAL, func: module, file: 0, kind: FrameKind::Module, parent: None, line: 1 }).unwrap();
//! b.push(Record::Step { event: Event::Line, line: 2, frame: FrameId::GLOBAL }).unwrap();
//! b.push(Record::ObjNew { id: ObjId(1), data: ObjectData::int(1) }).unwrap();
//! b.push(Record::SetVar { frame: FrameId::GLOBAL, name: x, value: ObjId(1) }).unwrap();
//! let trace = b.finish().unwrap();
//! let state = trace.state_at(2).unwrap();
//! assert_eq!(state.frame(FrameId::GLOBAL).unwrap().var(trace.symbols().lookup("x").unwrap()), Some(ObjId(1)));
//! ```
//!
//! What a trace means (reference paths, lifetimes, memory over time, narration) is read
//! from it by `heapscope-analysis`; this crate holds only what was recorded and how it is
//! stored.
//!
//! # Source layout
//! - `model`: ids, events, objects and frames; `model/library.rs`, numpy arrays and pandas
//!   frames summarised.
//! - `state`: the memory state at one step and how records change it.
//! - `record`: the change language and its compact binary codec.
//! - `store`: the trace, its blocks and keyframes, and the builder.
//! - `native`: the `.hstrace` file format (see `docs/trace-format.md`).
//! - `wire`: the worker's configuration and framed stream.
//! - `display`: how values read as Python source (`repr`-like), without Python.
//! - `testing` (feature `testing`): traces written by hand for tests, step by step.
#![deny(missing_docs)]
#![forbid(unsafe_code)]

mod codec;
mod compact;
mod cow_map;
mod display;
mod error;
mod keyframes;
mod model;
mod native;
pub mod opt;
mod record;
mod state;
mod store;
mod symbols;
#[cfg(any(test, feature = "testing"))]
pub mod testing;
pub mod wire;

pub use display::{
    format_bytes, format_count, format_float, format_int, quote_str, terminal_safe,
    terminal_safe_keep_colors, Repr, ReprOptions,
};
pub use error::{Error, Result};
pub use model::{
    DictData, Edge, Event, FrameId, FrameKind, FrameStatus, FreeCause, GeneratorState, IntValue,
    ObjId, ObjInfo, ObjectData, Outcome, Refs, SeqKind, Sequence, Stream, Summary, SummaryKind,
    Sym, TextValue,
};
pub use native::{
    decode_trace, encode_trace, looks_like_trace, read_trace, write_trace, FORMAT_VERSION,
};
pub use record::{Memory, Record};
pub use state::{Frame, State, StepChanges};
pub use store::{
    Building, Cursor, Observer, OutputChunk, SourceFile, Trace, TraceBuilder, TraceMeta,
};
pub use symbols::Symbols;
