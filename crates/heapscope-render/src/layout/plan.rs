//! The plan: one grid cell per object for a whole window of steps.

use std::collections::{HashMap, HashSet};

use heapscope_trace::ObjId;

use super::MAX_COLS;

/// What the first pass learns about an object over the window.
#[derive(Clone, Debug)]
pub(super) struct Life {
    /// First and last step it was drawn.
    pub(super) birth: u64,
    pub(super) death: u64,
    /// Visit order at its first step (ties between objects born together).
    pub(super) seq: u64,
    /// The object that reached it first at its last step (`None`: a frame did).
    pub(super) parent: Option<ObjId>,
    /// Its slot's index in that parent at that step.
    pub(super) slot: usize,
    /// The largest box it ever needed.
    pub(super) w: f32,
    pub(super) h: f32,
}

/// Gives every object one grid cell for the whole window.
///
/// Objects are arranged as the tree they form at the end of their lives (a list built by
/// prepending, or a tree built bottom-up, lands where its final shape wants it, even while
/// it is still a loose local), and a cell is shared only by objects whose lives do not
/// overlap, so nothing ever moves and the grid stays compact.
pub(super) fn plan(lives: &HashMap<ObjId, Life>) -> HashMap<ObjId, (u32, u32)> {
    let mut kids: HashMap<ObjId, Vec<ObjId>> = HashMap::new();
    let mut roots = Vec::new();
    for (&id, l) in lives {
        match l.parent {
            Some(p) if p != id && lives.contains_key(&p) => kids.entry(p).or_default().push(id),
            _ => roots.push(id),
        }
    }
    let order = |id: &ObjId| lives.get(id).map(|l| (l.birth, l.seq)).unwrap_or_default();
    roots.sort_by_key(|id| (order(id), *id));
    for v in kids.values_mut() {
        v.sort_by_key(|id| (lives.get(id).map_or(0, |l| l.slot), order(id), *id));
    }
    let mut planner = Planner {
        lives,
        kids: &kids,
        busy: HashMap::new(),
        cells: HashMap::new(),
        done: HashSet::new(),
        wrapped: Vec::new(),
    };
    for r in &roots {
        planner.place(*r, 0, 0);
    }
    let mut i = 0;
    while i < planner.wrapped.len() {
        let (id, row) = planner.wrapped[i];
        planner.place(id, 0, row);
        i += 1;
    }
    // Parents that form a cycle across steps leave objects no root reaches: they are roots.
    let mut rest: Vec<ObjId> = lives
        .keys()
        .filter(|id| !planner.done.contains(id))
        .copied()
        .collect();
    rest.sort_by_key(|id| (order(id), *id));
    for r in rest {
        planner.place(r, 0, 0);
    }
    planner.cells
}

struct Planner<'a> {
    lives: &'a HashMap<ObjId, Life>,
    kids: &'a HashMap<ObjId, Vec<ObjId>>,
    /// Per cell, the step ranges it is taken.
    busy: HashMap<(u32, u32), Vec<(u64, u64)>>,
    cells: HashMap<ObjId, (u32, u32)>,
    done: HashSet<ObjId>,
    /// Objects past the last column, with the row to continue from.
    wrapped: Vec<(ObjId, u32)>,
}

impl Planner<'_> {
    /// Places `id` in column `col` at or below `row`, then its children to its right;
    /// returns the lowest row its subtree uses.
    fn place(&mut self, id: ObjId, col: u32, row: u32) -> Option<u32> {
        if col >= MAX_COLS {
            // Too far right: the chain wraps to a new row that starts in column 0.
            self.wrapped.push((id, row + 1));
            return None;
        }
        if !self.done.insert(id) {
            return None;
        }
        let life = self.lives.get(&id)?;
        let (b, d) = (life.birth, life.death);
        let mut r = row;
        while self
            .busy
            .get(&(col, r))
            .is_some_and(|v| v.iter().any(|&(x, y)| x <= d && b <= y))
        {
            r += 1;
        }
        self.busy.entry((col, r)).or_default().push((b, d));
        self.cells.insert(id, (col, r));
        let mut next = r;
        let mut bottom = r;
        if let Some(kids) = self.kids.get(&id) {
            for &k in kids {
                if let Some(sub) = self.place(k, col + 1, next) {
                    next = sub + 1;
                    bottom = bottom.max(sub);
                }
            }
        }
        Some(bottom)
    }
}
