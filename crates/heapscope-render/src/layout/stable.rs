//! A stable layout: a window of steps planned once, then any of its steps composed.

use std::collections::HashMap;
use std::sync::Arc;

use heapscope_analysis::Narrator;
use heapscope_trace::{Cursor, ObjId, Trace};

use super::compose::Grid;
use super::plan::plan;
use super::stepper::{Item, Stepper};
use super::MIN_FRAME_W;
use crate::error::Result;
use crate::options::RenderOptions;
use crate::scene::Scene;

/// A layout of a window of steps in which every object keeps its place for its whole life.
pub struct StableLayout<'t> {
    pub(super) trace: &'t Trace,
    pub(super) opts: RenderOptions,
    pub(super) first: u64,
    pub(super) last: u64,
    pub(super) grid: Grid,
    /// (line, file) of each step of the window, and of the step after it.
    pub(super) lines: Vec<(u32, u32)>,
    /// Each object's grid cell for the whole window.
    pub(super) plan: Arc<HashMap<ObjId, (u32, u32)>>,
    /// The first step of the window at which each object is drawn: from it on, the
    /// stepper keeps the object's box until it is freed, so a single step can start from
    /// the step before it (see [`Stepper::resume`]) instead of stepping the window.
    pub(super) drawn_from: HashMap<ObjId, u64>,
    /// A cursor whose next step is `first`: each walk of the window starts from a clone
    /// of it rather than seeking (decoding a keyframe: a whole heap on a late step).
    start: Cursor<'t>,
}

impl<'t> StableLayout<'t> {
    /// A stable layout of the whole trace.
    pub fn new(trace: &'t Trace, opts: &RenderOptions) -> Result<Self> {
        Self::window(trace, 1, trace.len(), opts)
    }

    /// A stable layout of steps `first..=last`.
    pub fn window(trace: &'t Trace, first: u64, last: u64, opts: &RenderOptions) -> Result<Self> {
        Self::window_while(trace, first, last, opts, || true)
    }

    /// A stable layout of steps `first..=last`, or of fewer when `keep_planning` says
    /// no after a step (a caller's budget is spent): the layout then ends at that step.
    pub fn window_while(
        trace: &'t Trace,
        first: u64,
        last: u64,
        opts: &RenderOptions,
        keep_planning: impl FnMut() -> bool,
    ) -> Result<Self> {
        check_window(trace, first, last)?;
        let start = start_cursor(trace, first)?;
        Self::planned_from(trace, start, first, last, opts, keep_planning)
    }

    /// A stable layout of steps `first..=last`, read from `start` (a cursor whose next
    /// step is `first`, from [`start_cursor`]), or of fewer when `keep_planning` says no.
    pub(super) fn planned_from(
        trace: &'t Trace,
        start: Cursor<'t>,
        first: u64,
        last: u64,
        opts: &RenderOptions,
        mut keep_planning: impl FnMut() -> bool,
    ) -> Result<Self> {
        check_window(trace, first, last)?;
        let mut last = last;
        let mut grid = Grid {
            frames_w: MIN_FRAME_W,
            ..Default::default()
        };
        let mut lines = Vec::with_capacity((last - first + 2) as usize);
        let mut stepper = Stepper::new(trace, opts, None);
        let mut cursor = start.clone();
        while let Some(state) = cursor.next_state()? {
            if state.step < first {
                continue;
            }
            if state.step > last {
                lines.push((state.line, state.frame_file().unwrap_or(0)));
                break;
            }
            lines.push((state.line, state.frame_file().unwrap_or(0)));
            let placed = stepper.step(state);
            for f in &placed.frames {
                if let Item::Frame(fb) = f {
                    grid.frames_w = grid.frames_w.max(fb.rect.w);
                }
            }
            if state.step < last && !keep_planning() {
                // The next state only gives this step its "next line".
                last = state.step;
            }
        }
        let plan = plan(&stepper.lives);
        let drawn_from = stepper.lives.iter().map(|(&id, l)| (id, l.birth)).collect();
        for (id, &(c, r)) in &plan {
            if let Some(l) = stepper.lives.get(id) {
                grow(&mut grid.col_w, c as usize, l.w);
                grow(&mut grid.row_h, r as usize, l.h);
            }
        }
        Ok(StableLayout {
            trace,
            opts: opts.clone(),
            first,
            last,
            grid,
            lines,
            plan: Arc::new(plan),
            drawn_from,
            start,
        })
    }

    /// The steps this layout covers.
    pub fn steps(&self) -> std::ops::RangeInclusive<u64> {
        self.first..=self.last
    }

    /// The scene of one step of the window.
    pub fn scene(&self, step: u64) -> Result<Scene> {
        if step < self.first || step > self.last {
            return Err(heapscope_trace::Error::NoSuchStep {
                step,
                len: self.trace.len(),
            }
            .into());
        }
        let mut out = None;
        self.replay(step, |s| {
            out = Some(s);
            Ok(())
        })?;
        out.ok_or_else(|| {
            heapscope_trace::Error::NoSuchStep {
                step,
                len: self.trace.len(),
            }
            .into()
        })
    }

    /// Calls `f` with the scene of every step of the window, in order.
    pub fn for_each_scene(&self, mut f: impl FnMut(Scene) -> Result<()>) -> Result<()> {
        self.replay_inner(self.last, &mut |s, _, _| f(s).map(|()| true), true)
    }

    /// Calls `f` with the scene of every step of the window, in order, until it returns
    /// false (a caller's budget is spent).
    pub fn for_each_scene_while(&self, mut f: impl FnMut(Scene) -> Result<bool>) -> Result<()> {
        self.replay_inner(self.last, &mut |s, _, _| f(s), true)
    }

    /// Like [`StableLayout::for_each_scene_while`], and `f` may put a scene it no longer
    /// needs in `spare`: the next scene's object boxes are written over its boxes of the
    /// same objects, reusing their memory (a long list's box is then not allocated
    /// again, row by row, at every step).
    pub fn for_each_scene_while_reusing(
        &self,
        mut f: impl FnMut(Scene, &mut Option<Scene>) -> Result<bool>,
    ) -> Result<()> {
        self.replay_inner(self.last, &mut |s, _, spare| f(s, spare), true)
    }

    fn replay(&self, step: u64, mut f: impl FnMut(Scene) -> Result<()>) -> Result<()> {
        self.replay_inner(
            step,
            &mut |s, k, _| {
                if k == step {
                    f(s)?;
                }
                Ok(true)
            },
            false,
        )
    }

    fn replay_inner(&self, until: u64, f: &mut SceneSink<'_>, all: bool) -> Result<()> {
        let mut spare = None;
        let mut stepper = Stepper::new(self.trace, &self.opts, Some(self.plan.clone()));
        let mut cursor = self.start.clone();
        // The narrator needs the step before the window (what changed is told against it).
        let mut narrator = if self.first > 1 {
            Narrator::seeded(self.trace, cursor.state().clone())
        } else {
            Narrator::new(self.trace)
        };
        while let Some(state) = cursor.next_state()? {
            if state.step < self.first {
                continue;
            }
            if state.step > until {
                break;
            }
            if !all && state.step < until {
                // One step is asked for: the steps before it only tell the narrator what
                // happened, and the stepper starts from the step just before it, where
                // it holds the boxes of the objects drawn so far in the window that are
                // still alive (each built from its data, as the full walk would have).
                narrator.next(state);
                if state.step + 1 == until {
                    stepper.resume(state, &self.drawn_from);
                }
                continue;
            }
            let placed = stepper.step(state);
            let narration = narrator.next(state);
            if all || state.step == until {
                let mut scene =
                    self.compose(&stepper, state, placed, narration.sentences, spare.take());
                scene.question = narration.question;
                if !f(scene, state.step, &mut spare)? {
                    break;
                }
            }
        }
        Ok(())
    }
}

/// What a walk of the window calls with each scene, its step, and the slot for a scene
/// whose memory the next one may reuse; it says whether to go on.
type SceneSink<'f> = dyn FnMut(Scene, u64, &mut Option<Scene>) -> Result<bool> + 'f;

fn grow(v: &mut Vec<f32>, i: usize, x: f32) {
    if v.len() <= i {
        v.resize(i + 1, 0.0);
    }
    v[i] = v[i].max(x);
}

/// An error unless `first..=last` is a window of the trace's steps.
fn check_window(trace: &Trace, first: u64, last: u64) -> Result<()> {
    if first == 0 || last > trace.len() || first > last {
        return Err(heapscope_trace::Error::NoSuchStep {
            step: first,
            len: trace.len(),
        }
        .into());
    }
    Ok(())
}

/// A cursor whose next step is `first`, holding the state of the step before it with that
/// step's changes (the narrator tells the window's first step against them).
pub(super) fn start_cursor(trace: &Trace, first: u64) -> Result<Cursor<'_>> {
    if first <= 1 {
        return Ok(trace.cursor());
    }
    let mut cursor = trace.cursor_at(first - 1)?;
    cursor.next_state()?;
    Ok(cursor)
}
