//! The objects the tracer gave ids to: address → id and back, what was emitted for each
//! last, and what their deaths change; and the state of one walk over them.

use heapscope_trace::{FrameId, ObjId, ObjInfo, ObjectData, SeqKind};
use rustc_hash::FxHashMap;

/// One object we gave an id to.
pub(super) struct Entry {
    pub(super) id: ObjId,
    /// The walk stamp of the last step that read this object.
    pub(super) stamp: u32,
    /// Nothing reachable from it can ever change (ints, strs, tuples of those).
    pub(super) deep_immutable: bool,
    /// The last content emitted, for objects that can change.
    pub(super) cache: Option<ObjectData>,
    /// Ids of the frames of functions (closure parents), to keep those frames alive.
    pub(super) parent_frame: Option<FrameId>,
    /// Where its memory block starts (what the allocator frees).
    pub(super) base: usize,
    /// The reference count and size sent last.
    pub(super) info: Option<ObjInfo>,
    /// What an "immutable" object held when last read, to notice CPython changing it
    /// behind our back (see [`Shape`]).
    pub(super) shape: Option<Shape>,
}

/// The objects we know.
pub(super) struct Ids {
    /// Object address → its entry.
    pub(super) objs: FxHashMap<usize, Entry>,
    /// Block start → object address, for objects with a header before them.
    pub(super) by_base: FxHashMap<usize, usize>,
    /// Each id's object address (the reverse of `objs`).
    pub(super) addrs: FxHashMap<ObjId, usize>,
    pub(super) next_obj: u32,
    /// Objects that lost a visible reference this step (a variable or a container slot
    /// stopped naming them): their counts are read again even if nothing visible
    /// reaches them any more (an object kept only by a cycle).
    pub(super) lost: Vec<usize>,
    /// Reused buffer for the addresses freed between two steps.
    pub(super) scratch_freed: Vec<(usize, bool)>,
    /// How many live functions name each frame as their parent.
    pub(super) parent_refs: FxHashMap<FrameId, u32>,
}

impl Default for Ids {
    fn default() -> Ids {
        Ids {
            objs: FxHashMap::default(),
            by_base: FxHashMap::default(),
            addrs: FxHashMap::default(),
            next_obj: 1,
            lost: Vec::new(),
            scratch_freed: Vec::new(),
            parent_refs: FxHashMap::default(),
        }
    }
}

/// The state of the walk over the objects reachable from the variables.
pub(super) struct Walk {
    /// Stamped on each object read, once per step.
    pub(super) stamp: u32,
    /// Objects still to read, with their depth.
    pub(super) work: Vec<(usize, u32)>,
    /// Set while reading an object: false once a child is not known to be deep-immutable.
    pub(super) children_deep: bool,
}

impl Default for Walk {
    fn default() -> Walk {
        Walk {
            stamp: 0,
            work: Vec::new(),
            children_deep: true,
        }
    }
}

/// What an object CPython treats as immutable held when last read. CPython itself changes
/// such objects when it alone holds them, which a tracer that read them once would miss:
/// a float freed straight onto the free list (no deallocator we could wrap) and reborn at
/// the same address, a result tuple an iterator refills in place. Checking costs a few
/// reads per visit, no more than taking the object's reference count.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Shape {
    /// The float's bits.
    Float(u64),
    /// A hash of the tuple's length and item ids.
    Tuple(u64),
}

impl Shape {
    pub(super) fn of(data: &ObjectData) -> Option<Shape> {
        match data {
            ObjectData::Float(f) => Some(Shape::Float(f.to_bits())),
            ObjectData::Seq(SeqKind::Tuple, seq) => Some(Shape::Tuple(tuple_hash(
                seq.len as usize,
                seq.items.iter().copied(),
            ))),
            _ => None,
        }
    }
}

pub(super) fn tuple_hash(len: usize, ids: impl Iterator<Item = ObjId>) -> u64 {
    use std::hash::Hasher;
    let mut h = rustc_hash::FxHasher::default();
    h.write_usize(len);
    for id in ids {
        h.write_u32(id.0);
    }
    h.finish()
}
