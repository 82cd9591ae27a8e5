//! The stepper: walks the steps of a window in order, keeping each object's box (built
//! again only when the object changes), and says which frames and objects each step draws.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use heapscope_analysis::HeapGraph;
use heapscope_trace::{FreeCause, ObjId, ObjectData, State, Trace};

use super::plan::Life;
use crate::boxes::{add_info, Builder, InlineTexts, RowKey};
use crate::options::RenderOptions;
use crate::scene::{FrameBox, ObjKind, ObjectBox};

/// A frame box or the folded middle of the stack, in stack order.
pub(super) enum Item {
    Frame(FrameBox),
    Fold(String, u64),
}

/// What one step drew: frames in order, and objects with their grid cells in visit order.
pub(super) struct Placed {
    pub(super) frames: Vec<Item>,
    pub(super) objects: Vec<(ObjId, (u32, u32))>,
    /// Objects freed at this step that had a box: type label, cause, and the box when it
    /// was drawn earlier in the window.
    pub(super) freed: Vec<(ObjId, String, FreeCause, Option<ObjectBox>)>,
}

/// A cached object box at the origin, with the values its rows show (to spot mutated cells).
pub(super) struct CacheEntry {
    pub(super) boxed: ObjectBox,
    pub(super) keys: Vec<(RowKey, ObjId)>,
    /// The row values before this step's change, when it changed.
    pub(super) prev_keys: Option<Vec<(RowKey, ObjId)>>,
}

/// DFS depth bound: keeps recursion shallow on 10,000-node linked lists.
const MAX_DEPTH: usize = 48;

/// Walks steps in order: without a plan it records each object's life (first pass); with
/// one it reports the cells of the objects drawn at each step.
pub(super) struct Stepper<'t> {
    pub(super) trace: &'t Trace,
    pub(super) opts: RenderOptions,
    pub(super) plan: Option<Arc<HashMap<ObjId, (u32, u32)>>>,
    pub(super) lives: HashMap<ObjId, Life>,
    pub(super) seq: u64,
    pub(super) cache: HashMap<ObjId, CacheEntry>,
    /// Deep sizes at the current step (with sizes shown).
    pub(super) deep: Option<HashMap<ObjId, u64>>,
    /// Inline texts of primitives, kept over the steps walked.
    pub(super) texts: InlineTexts,
}

impl<'t> Stepper<'t> {
    pub(super) fn new(
        trace: &'t Trace,
        opts: &RenderOptions,
        plan: Option<Arc<HashMap<ObjId, (u32, u32)>>>,
    ) -> Self {
        Stepper {
            trace,
            opts: opts.clone(),
            plan,
            lives: HashMap::new(),
            seq: 0,
            cache: HashMap::new(),
            deep: None,
            texts: InlineTexts::default(),
        }
    }

    pub(super) fn step(&mut self, state: &State) -> Placed {
        let symbols = self.trace.symbols();
        let opts = self.opts.clone();
        {
            let mut texts = self.texts.borrow_mut();
            let c = &state.changes;
            for id in c.freed.iter().chain(&c.created).chain(&c.changed) {
                texts.remove(id);
            }
        }
        let b = Builder::new(state, symbols, &opts).with_texts(self.texts.clone());
        let freed = if opts.highlight_changes {
            self.freed(state)
        } else {
            Vec::new()
        };
        self.deep = if opts.show_sizes {
            HeapGraph::new(state).deep_sizes()
        } else {
            None
        };
        for id in state.changes.freed.iter().chain(&state.changes.created) {
            self.cache.remove(id);
        }
        for e in self.cache.values_mut() {
            e.prev_keys = None;
        }
        for id in &state.changes.changed {
            if let Some(e) = self.cache.remove(id) {
                if let Some(boxed) = b.object_box(*id) {
                    let keys = self.row_values(&b, *id);
                    self.cache.insert(
                        *id,
                        CacheEntry {
                            boxed,
                            keys,
                            prev_keys: Some(e.keys),
                        },
                    );
                }
            }
        }
        let frames = self.frame_items(&b, state);
        let mut seen = HashSet::new();
        let mut order = Vec::new();
        for item in &frames {
            let Item::Frame(fb) = item else { continue };
            for row in &fb.rows {
                if let Some(t) = row.value.content.target() {
                    self.visit(&b, ObjId(t), None, 0, 0, &mut seen, &mut order);
                }
            }
        }
        Placed {
            frames,
            objects: order,
            freed,
        }
    }

    /// Makes this stepper of a planned window hold what it would after stepping the
    /// window up to `state`: the box of every object alive at `state` that was drawn at
    /// some step of the window up to it (`drawn_from` says from which step). A box is
    /// built from its object's data alone, and the stepper rebuilds it whenever that data
    /// changes, so building it at `state` gives the box the walk would have kept.
    pub(super) fn resume(&mut self, state: &State, drawn_from: &HashMap<ObjId, u64>) {
        let symbols = self.trace.symbols();
        let opts = self.opts.clone();
        self.texts = InlineTexts::default();
        let b = Builder::new(state, symbols, &opts).with_texts(self.texts.clone());
        self.cache.clear();
        for (&id, &from) in drawn_from {
            if from > state.step {
                continue;
            }
            let Some(d) = state.object(id) else { continue };
            if let Some(boxed) = b.object_box(id) {
                let keys = b.row_values(d);
                self.cache.insert(
                    id,
                    CacheEntry {
                        boxed,
                        keys,
                        prev_keys: None,
                    },
                );
            }
        }
    }

    /// The objects freed at this step that had a box (the last one built for them), with
    /// why, and that box when it was drawn in this window. The first pass keeps its cell
    /// until this step, so its ghost overlaps nothing: an object that lost its last
    /// reference leaves at once, and a cycle that went out of view earlier keeps its place
    /// empty until the collector frees it (it was still in memory all that time).
    fn freed(&mut self, state: &State) -> Vec<(ObjId, String, FreeCause, Option<ObjectBox>)> {
        let mut out = Vec::new();
        for id in &state.changes.freed {
            let Some(e) = self.cache.get(id) else {
                continue;
            };
            let cause = if state.changes.collected.contains(id) {
                FreeCause::Collector
            } else {
                FreeCause::LastReference
            };
            let placed = match &self.plan {
                Some(plan) => plan.contains_key(id),
                None => match self.lives.get_mut(id) {
                    Some(l) => {
                        l.death = state.step;
                        true
                    }
                    None => false,
                },
            };
            let ghost = placed.then(|| e.boxed.clone());
            out.push((*id, e.boxed.type_label.clone(), cause, ghost));
        }
        out
    }

    /// The values `id`'s rows show, to mark the cells a change touched: only a planned
    /// walk composes scenes, so the first pass keeps none.
    fn row_values(&self, b: &Builder, id: ObjId) -> Vec<(RowKey, ObjId)> {
        match (&self.plan, b.state.object(id)) {
            (Some(_), Some(d)) => b.row_values(d),
            _ => Vec::new(),
        }
    }

    /// Writes the reference count and sizes the options ask for into a placed box.
    pub(super) fn decorate(&self, b: &mut ObjectBox, state: &State) {
        if !self.opts.show_refs && !self.opts.show_sizes {
            return;
        }
        let id = ObjId(b.id);
        let info = state.info(id);
        let refs = info.filter(|_| self.opts.show_refs).map(|i| i.refs);
        let (size, deep) = match info.filter(|_| self.opts.show_sizes) {
            Some(i) => (
                Some(i.size),
                self.deep.as_ref().and_then(|d| d.get(&id).copied()),
            ),
            None => (None, None),
        };
        add_info(b, refs, size, deep);
    }

    /// Visits `id` (reached from `parent`'s slot `slot`) and what it refers to.
    #[allow(clippy::too_many_arguments)]
    fn visit(
        &mut self,
        b: &Builder,
        id: ObjId,
        parent: Option<ObjId>,
        slot: usize,
        depth: usize,
        seen: &mut HashSet<ObjId>,
        order: &mut Vec<(ObjId, (u32, u32))>,
    ) {
        if depth >= MAX_DEPTH || b.state.object(id).is_none() || !seen.insert(id) {
            return;
        }
        let generator = matches!(b.state.object(id), Some(ObjectData::Generator { .. }));
        if generator || !self.cache.contains_key(&id) {
            let Some(boxed) = b.object_box(id) else {
                return;
            };
            let keys = self.row_values(b, id);
            let prev_keys = self.cache.remove(&id).and_then(|e| e.prev_keys);
            self.cache.insert(
                id,
                CacheEntry {
                    boxed,
                    keys,
                    prev_keys,
                },
            );
        }
        let Some(entry) = self.cache.get(&id) else {
            return;
        };
        let (w, h) = if self.plan.is_none() && (self.opts.show_refs || self.opts.show_sizes) {
            let mut sized = entry.boxed.clone();
            self.decorate(&mut sized, b.state);
            (sized.rect.w, sized.rect.h)
        } else {
            (entry.boxed.rect.w, entry.boxed.rect.h)
        };
        let primitive = entry.boxed.kind == ObjKind::Primitive;
        let kids: Vec<ObjId> = entry
            .boxed
            .rows
            .iter()
            .flat_map(|row| row.key.iter().chain(std::iter::once(&row.value)))
            .filter_map(|cell| cell.content.target().map(ObjId))
            .collect();
        match &self.plan {
            Some(plan) => match plan.get(&id) {
                Some(&cell) => order.push((id, cell)),
                // Too deep for the grid: its slot shows a cut mark instead.
                None => return,
            },
            None => {
                let step = b.state.step;
                self.seq += 1;
                let seq = self.seq;
                let life = self.lives.entry(id).or_insert(Life {
                    birth: step,
                    death: step,
                    seq,
                    parent,
                    slot,
                    w,
                    h,
                });
                life.death = step;
                // Primitives (heap mode) are shared, not adopted: they stay where first seen.
                if !primitive {
                    life.parent = parent;
                    life.slot = slot;
                }
                life.w = life.w.max(w);
                life.h = life.h.max(h);
            }
        }
        for (i, k) in kids.into_iter().enumerate() {
            self.visit(b, k, Some(id), i, depth + 1, seen, order);
        }
    }
}
