//! What the caller can choose about a picture.

use serde::Serialize;

/// How references are drawn.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub enum Pointers {
    /// An arrow from the slot to the object's edge (Python Tutor's default).
    #[default]
    Arrows,
    /// The slot reads `→ #3`: for screen readers, diffs and very crowded heaps.
    Text,
}

/// What becomes of frames that returned but that the trace still keeps.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub enum ExitedFrames {
    /// Not drawn.
    #[default]
    Hidden,
    /// Drawn pale, so a learner sees the call happened (and what closures still hold).
    Faded,
}

/// Colours.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub enum Theme {
    /// Dark text on white.
    #[default]
    Light,
    /// Light text on a dark background.
    Dark,
}

/// Everything that changes how a step is laid out and painted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RenderOptions {
    /// False: None, bools, numbers and strings sit inline in their slot, as Python Tutor
    /// draws them. True: every object is a box, so CPython's sharing of small ints and
    /// interned strings shows as arrows into one box.
    pub heap_primitives: bool,
    /// Arrows or `→ #3` text.
    pub pointers: Pointers,
    /// Hidden or faded.
    pub exited_frames: ExitedFrames,
    /// Show a returning frame's "Return value" row.
    pub show_return_value: bool,
    /// Mark what this step created, rebound and mutated, and name (and draw faded) what
    /// it freed.
    pub highlight_changes: bool,
    /// Deeper stacks fold: the first and last frames stay, the middle becomes one line.
    pub max_frames_shown: usize,
    /// Colours.
    pub theme: Theme,
    /// Write each object's reference count (`refs 3`, or `immortal`) by its type.
    pub show_refs: bool,
    /// Write each object's own size and deep size (`56 B · deep 212 B`) under it.
    pub show_sizes: bool,
}

impl Default for RenderOptions {
    fn default() -> Self {
        RenderOptions {
            heap_primitives: false,
            pointers: Pointers::Arrows,
            exited_frames: ExitedFrames::Hidden,
            show_return_value: true,
            highlight_changes: true,
            max_frames_shown: 12,
            theme: Theme::Light,
            show_refs: false,
            show_sizes: false,
        }
    }
}
