//! The one layout engine: where frames, objects and arrows go.
//!
//! Objects sit on a grid. An object gets its cell (column, row) the first time it is drawn
//! and keeps it until it dies: roots referenced by a frame start in column 0, an object's
//! first child goes to its right on the same row, later children below it (a tidy tree
//! read left to right). Column widths and row heights are the largest any occupant needs
//! over the whole window of steps, so stepping moves nothing that did not change.
//! Arrows run in the gaps between columns and rows, so they never cross a box.
//!
//! - `stable`: a window's [`StableLayout`]: planned once, then any step composed.
//! - `stepper`: walks a window's steps, keeping each object's box; `frames` builds the
//!   frame boxes of a step.
//! - `plan`: one grid cell per object for the window.
//! - `compose`: one step's boxes put in their cells, with marks, ghosts and its size.
//! - `route`: arrows through the gaps.
//! - `recycle`: a box written over one no longer needed, reusing its memory.
//! - `words`: the step's title, code context and description.

mod compose;
mod frames;
mod plan;
mod recycle;
mod route;
mod stable;
mod stepper;
mod words;

use heapscope_trace::{Cursor, Trace};

pub use stable::StableLayout;

use crate::error::Result;
use crate::options::RenderOptions;
use crate::scene::Scene;

/// Margin around the picture.
const MARGIN: f32 = 16.0;
/// Height of the "Frames" / "Objects" headings.
const HEADING_H: f32 = 20.0;
/// Space between the headings and the first box.
const TOP_GAP: f32 = 16.0;
/// Space between frame boxes.
const FRAME_GAP: f32 = 12.0;
/// The channel between the Frames and Objects regions, where frame arrows run.
const CHANNEL: f32 = 64.0;
/// Space between object columns (arrows run here).
const COL_GAP: f32 = 56.0;
/// Space between object rows (arrows cross columns here).
const ROW_GAP: f32 = 24.0;
/// Objects deeper than this many columns are cut with a mark.
const MAX_COLS: u32 = 12;
/// `layout` lays out windows of this many steps, so one call stays cheap on long traces.
pub const WINDOW: u64 = 1000;
/// Narrowest frame box.
const MIN_FRAME_W: f32 = 150.0;
/// Height of the fold line of a deep stack.
const FOLD_H: f32 = 30.0;

/// Stack frames a window of [`layout`] may hold over its steps: past it (a deep recursion
/// of a hostile program: 1,000 steps × 100,000 frames), the step is laid out alone, so
/// one picture costs its own stack, not a window's.
pub const MAX_WINDOW_FRAMES: u64 = 2_000_000;

/// Lays out step `step` (1-based) of `trace`.
///
/// Positions are those of a [`StableLayout`] of the window of [`WINDOW`] steps that holds
/// `step` (the whole trace when it is no longer), so successive steps agree on where every
/// object is; a window whose stacks hold more than [`MAX_WINDOW_FRAMES`] frames is not
/// planned, and the step is laid out alone. To lay out many steps, use one
/// [`StableLayout`] instead.
pub fn layout(trace: &Trace, step: u64, opts: &RenderOptions) -> Result<Scene> {
    if step == 0 || step > trace.len() {
        return Err(heapscope_trace::Error::NoSuchStep {
            step,
            len: trace.len(),
        }
        .into());
    }
    let first = if trace.len() <= WINDOW {
        1
    } else {
        (step - 1) / WINDOW * WINDOW + 1
    };
    let last = (first + WINDOW - 1).min(trace.len());
    // One seek for the whole call: the frame count and both walks of the window read on
    // from clones of this cursor.
    let start = stable::start_cursor(trace, first)?;
    if window_frames_over(start.clone(), first, last, MAX_WINDOW_FRAMES)? {
        return StableLayout::window(trace, step, step, opts)?.scene(step);
    }
    StableLayout::planned_from(trace, start, first, last, opts, || true)?.scene(step)
}

/// Whether the stacks of steps `first..=last`, read from `cursor`, hold more than `max`
/// frames.
fn window_frames_over(mut cursor: Cursor<'_>, first: u64, last: u64, max: u64) -> Result<bool> {
    let mut frames = 0u64;
    while let Some(state) = cursor.next_state()? {
        if state.step > last {
            break;
        }
        if state.step >= first {
            frames += state.stack.len() as u64 + 1;
            if frames > max {
                return Ok(true);
            }
        }
    }
    Ok(false)
}
