//! The frames the tracer follows: the stack of active user frames, the frames below the
//! running one that still need looking at, generators' frames, closure cells and the
//! frames that exited but are still shown.

use std::collections::VecDeque;
use std::rc::Rc;

use heapscope_trace::{FrameId, ObjId, Sym};
use rustc_hash::FxHashMap;

use super::code_info::CodeInfo;

/// How many exited frames stay in the state (for pictures that show them faded).
pub(super) const KEEP_EXITED_FRAMES: usize = 16;

/// A frame we are following.
pub(super) struct FrameRec {
    pub(super) id: FrameId,
    pub(super) code: Rc<CodeInfo>,
    /// Variables as last emitted: name, id, and the object (borrowed from the frame).
    pub(super) vars: Vec<(Sym, ObjId, usize)>,
    /// The generator that owns this frame, if any.
    pub(super) generator: usize,
    pub(super) suspended: bool,
    /// Some variable reaches an object that can change: re-walk it at every step even
    /// when another frame is running.
    pub(super) mutable_reach: bool,
    /// The line it was last at (a suspended generator resumes after it).
    pub(super) line: u32,
    /// Mutable objects its variables hold, counted in `roots` while it is not running.
    pub(super) rooted: Vec<usize>,
}

/// An exited frame's cells, with the value each showed last.
pub(super) struct ExitedCells {
    pub(super) frame: FrameId,
    pub(super) cells: Vec<(Sym, usize, Option<ObjId>)>,
}

/// The frames we follow.
pub(super) struct Frames {
    /// Frame object address → what we know of it.
    pub(super) recs: FxHashMap<usize, FrameRec>,
    /// Active user frames, oldest first (frame object addresses).
    pub(super) active: Vec<usize>,
    /// The frames below the running one that must still be looked at each step (they
    /// have cells or reach mutable objects), oldest first. Keeps a deep recursion over
    /// plain values from costing its depth at every step.
    pub(super) watched: Vec<usize>,
    /// Mutable objects held by frames below the running one (without cells), with how many
    /// such frames hold each: walked once per step however deep the stack, so a recursion
    /// passing one list down costs one walk, not its depth.
    pub(super) roots: FxHashMap<usize, u32>,
    pub(super) scratch_roots: Vec<usize>,
    pub(super) next_frame: u32,
    /// Generator object → its frame's id.
    pub(super) generators: FxHashMap<usize, FrameId>,
    /// Cell object → the frame that owns it (to find a closure's parent frame).
    pub(super) cell_owner: FxHashMap<usize, FrameId>,
    /// Cell block start → cell object, to notice a cell's death.
    pub(super) cell_bases: FxHashMap<usize, usize>,
    /// Cells of the frame returning at the last step (read while the frame was alive).
    pub(super) returning_cells: Vec<(Sym, usize, Option<ObjId>)>,
    /// Exited frames' cells still watched.
    pub(super) exited_cells: Vec<ExitedCells>,
    /// The frame that made the call of this step: read again in full at the call's step
    /// (it may have bound names since its last line event), then only watched.
    pub(super) calling: Option<usize>,
    /// A frame that returned at the last step: popped at the next one.
    pub(super) pending_pop: Option<(usize, FrameId, bool)>,
    /// Frames that exited, oldest first, still shown (faded) until forgotten.
    pub(super) exited: VecDeque<FrameId>,
    /// Reused buffers for a frame's variables while it is read.
    pub(super) scratch_now: Vec<(Sym, usize)>,
    pub(super) scratch_vars: Vec<(Sym, ObjId, usize)>,
}

impl Default for Frames {
    fn default() -> Frames {
        Frames {
            recs: FxHashMap::default(),
            active: Vec::new(),
            watched: Vec::new(),
            roots: FxHashMap::default(),
            scratch_roots: Vec::new(),
            next_frame: 1,
            generators: FxHashMap::default(),
            cell_owner: FxHashMap::default(),
            cell_bases: FxHashMap::default(),
            returning_cells: Vec::new(),
            exited_cells: Vec::new(),
            calling: None,
            pending_pop: None,
            exited: VecDeque::new(),
            scratch_now: Vec::new(),
            scratch_vars: Vec::new(),
        }
    }
}
