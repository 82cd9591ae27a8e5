//! What a heapscope trace means, read off its steps: the analyses that the CLI's reports,
//! the server's endpoints and the painters share, so each says the same thing in the same
//! words.
//!
//! `heapscope-trace` holds what was recorded (the model, the states, the records, the
//! store and the file formats); this crate only reads a [`Trace`](heapscope_trace::Trace)
//! or a [`State`](heapscope_trace::State) and never changes them, so a new report or a new
//! view's facts go here, and the trace crate changes only when what is recorded changes.
//!
//! # Source layout
//! - `heap`: the heap as a graph at one step: reference paths and deep sizes.
//! - `inspect`: the inspector's facts about one object at one step, and the leak report
//!   at a step, as data (the web app's `/object` and `/leaks`, the export, `heapscope leaks`).
//! - `lifetimes`: each object's birth and death, and what returned functions left alive.
//! - `metrics`: memory over time (heap bytes, live blocks, stack depth, bytes per line).
//! - `narrate`: each step in plain sentences, from what it changed; predict mode's
//!   questions from the same facts.
#![deny(missing_docs)]
#![forbid(unsafe_code)]

mod heap;
mod inspect;
mod lifetimes;
mod metrics;
mod narrate;

pub use heap::{HeapGraph, RefPath, Root};
pub use inspect::{
    all_object_facts, leak_report, object_facts, BornView, DiedView, LeakExample, LeakGroupView,
    LeakReport, MemberView, ObjectFacts, CYCLE_TEXT, UNDRAWN_TEXT,
};
pub use lifetimes::{leaks, LeakGroup, Lifetime, Lifetimes, Origin, LEAK_EXAMPLES};
pub use metrics::{LineAllocation, StepMemory, Timeline};
pub use narrate::{Choice, Misconception, Narration, Narrator, Question, MAX_SENTENCES};
