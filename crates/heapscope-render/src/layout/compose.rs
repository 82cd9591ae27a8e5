//! Composing one step: its frames stacked, its objects put in their planned cells with the
//! marks of what changed, the ghosts of what it freed, its arrows, size and words.

use std::collections::HashSet;

use heapscope_trace::{FreeCause, ObjId, ObjectData, State};

use super::recycle::copy_box;
use super::route::arrows;
use super::stable::StableLayout;
use super::stepper::{Item, Placed, Stepper};
use super::words::{code_context, describe, event_name};
use super::{CHANNEL, COL_GAP, FOLD_H, FRAME_GAP, HEADING_H, MARGIN, ROW_GAP, TOP_GAP};
use crate::boxes::{shift_object, shift_row, text_width, RowKey, GHOST_TAG_H, PAD, SMALL};
use crate::options::Pointers;
use crate::scene::{
    Arrow, Banner, Cell, Content, FoldBox, FrameBox, Freed, Label, Mark, ObjectBox, Rect, Scene,
};

/// Sizes kept over a window: the largest each column and row ever needs, and the widest frame.
#[derive(Default, Debug, Clone)]
pub(super) struct Grid {
    pub col_w: Vec<f32>,
    pub row_h: Vec<f32>,
    pub frames_w: f32,
}

/// Where the grid's columns and rows start on the page.
pub(super) struct Origins {
    /// The left edge of the Objects region.
    pub ox0: f32,
    /// The top of the first frame and the first row.
    pub top: f32,
    pub col_x: Vec<f32>,
    pub row_y: Vec<f32>,
}

impl Origins {
    fn new(g: &Grid) -> Self {
        let top = MARGIN + HEADING_H + TOP_GAP;
        let ox0 = MARGIN + g.frames_w + CHANNEL;
        let mut col_x = Vec::with_capacity(g.col_w.len());
        let mut x = ox0;
        for w in &g.col_w {
            col_x.push(x);
            x += w + COL_GAP;
        }
        let mut row_y = Vec::with_capacity(g.row_h.len());
        let mut y = top;
        for h in &g.row_h {
            row_y.push(y);
            y += h + ROW_GAP;
        }
        Origins {
            ox0,
            top,
            col_x,
            row_y,
        }
    }
}

impl StableLayout<'_> {
    /// The scene of `state`, from what the stepper placed at it.
    pub(super) fn compose(
        &self,
        stepper: &Stepper,
        state: &State,
        placed: Placed,
        narration: Vec<String>,
        spare: Option<Scene>,
    ) -> Scene {
        let g = &self.grid;
        let opts = &self.opts;
        let at = Origins::new(g);
        let (mut frames, folds, fy) = stack_frames(g, placed.frames, at.top);
        let drawn: HashSet<u32> = placed.objects.iter().map(|(id, _)| id.0).collect();
        let (objects, parent_tags) = place_objects(
            stepper,
            state,
            &placed.objects,
            &at,
            &drawn,
            opts.highlight_changes,
            spare.map(|s| s.objects).unwrap_or_default(),
        );
        for fb in &mut frames {
            if parent_tags.contains(&fb.id) {
                fb.tag = Some(format!("f{}", fb.id));
            }
            for row in &mut fb.rows {
                cut_undrawn(&mut row.value, &drawn);
            }
        }
        let freed = ghosts(stepper, placed.freed, &at);
        let arrows = if opts.pointers == Pointers::Arrows {
            arrows(g, &at, &frames, &objects)
        } else {
            Vec::new()
        };
        let (width, mut height) = extent(&at, &frames, &folds, &objects, &freed, &arrows);
        // The exception of this step, under the frames (where nothing ever needs the room).
        let banner = state.exception.as_ref().map(|e| {
            let per_line =
                ((g.frames_w - 2.0 * PAD) / text_width("m", SMALL + 1.0)).max(8.0) as usize;
            let mut lines: Vec<String> = Vec::new();
            for chunk in e.chars().collect::<Vec<_>>().chunks(per_line).take(4) {
                lines.push(chunk.iter().collect());
            }
            let h = 8.0 + 15.0 * lines.len() as f32;
            let rect = Rect::new(MARGIN, fy, g.frames_w, h);
            height = height.max(rect.bottom());
            Banner { rect, lines }
        });
        let headings = vec![
            Label {
                rect: Rect::new(MARGIN, MARGIN, g.frames_w, HEADING_H),
                text: "Frames".into(),
            },
            Label {
                rect: Rect::new(at.ox0, MARGIN, 200.0, HEADING_H),
                text: "Objects".into(),
            },
        ];
        let mut scene = Scene {
            step: state.step,
            steps: self.trace.len(),
            width: width + MARGIN,
            height: height + MARGIN,
            theme: opts.theme,
            title: String::new(),
            desc: String::new(),
            narration,
            question: None,
            event: String::new(),
            line: 0,
            file: 0,
            next_line: None,
            code: Vec::new(),
            exception: state.exception.clone(),
            banner,
            notes: Vec::new(),
            headings,
            text_pointers: opts.pointers == Pointers::Text,
            frames,
            folds,
            objects,
            arrows,
            freed,
        };
        self.words(state, &mut scene);
        scene.desc = describe(&scene);
        scene
    }

    /// The step's title, event, line, code context and notes.
    fn words(&self, state: &State, scene: &mut Scene) {
        let idx = (state.step - self.first) as usize;
        let (line, file) = self.lines.get(idx).copied().unwrap_or((state.line, 0));
        let next_line = self
            .lines
            .get(idx + 1)
            .filter(|(_, f)| *f == file)
            .map(|(l, _)| *l);
        let event = event_name(state.event);
        let mut notes = state.notes.clone();
        if state.step == self.trace.len() {
            if let Some(o) = &self.trace.meta().outcome {
                notes.push(o.describe());
            }
        }
        scene.title = if event == "line" {
            format!("Step {} of {}, line {}", state.step, self.trace.len(), line)
        } else {
            format!(
                "Step {} of {}, line {} ({event})",
                state.step,
                self.trace.len(),
                line
            )
        };
        scene.code = code_context(self.trace, file, line, next_line);
        scene.event = event.to_owned();
        scene.line = line;
        scene.file = file;
        scene.next_line = next_line;
        scene.notes = notes;
    }
}

/// Stacks the frames (and folds) from `top` down; returns them and the y under the last.
fn stack_frames(g: &Grid, items: Vec<Item>, top: f32) -> (Vec<FrameBox>, Vec<FoldBox>, f32) {
    let mut frames = Vec::new();
    let mut folds = Vec::new();
    let mut fy = top;
    for item in items {
        match item {
            Item::Frame(mut fb) => {
                // Frames take the height they need now: only the newest frame gains
                // rows, and nothing sits below it, so this moves nothing.
                let h = fb.rect.h;
                fb.rect = Rect::new(MARGIN, fy, g.frames_w, h);
                fb.header = Rect::new(MARGIN, fy, g.frames_w, crate::boxes::FRAME_HEADER_H);
                for row in &mut fb.rows {
                    shift_row(row, MARGIN, fy);
                }
                fy += h + FRAME_GAP;
                frames.push(fb);
            }
            Item::Fold(text, hidden) => {
                folds.push(FoldBox {
                    rect: Rect::new(MARGIN, fy, g.frames_w, FOLD_H),
                    text,
                    hidden,
                });
                fy += FOLD_H + FRAME_GAP;
            }
        }
    }
    (frames, folds, fy)
}

/// The objects drawn at this step in their cells, marked with what changed; and the
/// frames that some drawn function was defined in (their boxes get a tag).
fn place_objects(
    stepper: &Stepper,
    state: &State,
    placed: &[(ObjId, (u32, u32))],
    at: &Origins,
    drawn: &HashSet<u32>,
    hl: bool,
    spare: Vec<ObjectBox>,
) -> (Vec<ObjectBox>, HashSet<u32>) {
    // Boxes of a scene no longer needed, by object: written over rather than allocated.
    let mut spare: rustc_hash::FxHashMap<u32, ObjectBox> =
        spare.into_iter().map(|b| (b.id, b)).collect();
    let mut objects = Vec::with_capacity(placed.len());
    let changed: HashSet<ObjId> = state.changes.changed.iter().copied().collect();
    let created: HashSet<ObjId> = state.changes.created.iter().copied().collect();
    let mut parent_tags = HashSet::new();
    for &(id, (c, r)) in placed {
        let Some(entry) = stepper.cache.get(&id) else {
            continue;
        };
        let mut b = match spare.remove(&id.0) {
            Some(mut b) => {
                copy_box(&mut b, &entry.boxed);
                b
            }
            None => entry.boxed.clone(),
        };
        let (bx, by) = (
            at.col_x.get(c as usize).copied().unwrap_or(at.ox0),
            at.row_y.get(r as usize).copied().unwrap_or(at.top),
        );
        shift_object(&mut b, bx, by);
        b.grid = (c, r);
        stepper.decorate(&mut b, state);
        if let Some(ObjectData::Function {
            parent_frame: Some(p),
            ..
        }) = state.object(id)
        {
            parent_tags.insert(p.0);
        }
        if hl {
            if created.contains(&id) {
                b.mark = Mark::New;
            } else if changed.contains(&id) {
                b.mark = Mark::Mutated;
                if let Some(prev) = &entry.prev_keys {
                    mark_changed_cells(&mut b, prev, &entry.keys);
                }
            }
            mark_rebound_locals(stepper, state, id, &mut b);
        }
        for row in &mut b.rows {
            cut_undrawn(&mut row.value, drawn);
            if let Some(k) = &mut row.key {
                cut_undrawn(k, drawn);
            }
        }
        objects.push(b);
    }
    (objects, parent_tags)
}

/// Marks the cells of a mutated box whose value differs from before the step.
fn mark_changed_cells(b: &mut ObjectBox, prev: &[(RowKey, ObjId)], keys: &[(RowKey, ObjId)]) {
    let before: rustc_hash::FxHashMap<RowKey, ObjId> = prev.iter().copied().collect();
    let mut keys = keys.iter();
    for row in &mut b.rows {
        if matches!(row.value.content, Content::Gap { .. }) {
            continue;
        }
        if let Some((k, v)) = keys.next() {
            if before.get(k) != Some(v) {
                row.value.mark = Mark::Mutated;
            }
        }
    }
}

/// Marks a paused generator's locals that this step bound or rebound.
fn mark_rebound_locals(stepper: &Stepper, state: &State, id: ObjId, b: &mut ObjectBox) {
    let Some(ObjectData::Generator {
        frame: Some(gf), ..
    }) = state.object(id)
    else {
        return;
    };
    for row in &mut b.rows {
        let name = row.label.as_ref().map(|l| l.text.as_str());
        if state
            .changes
            .rebound
            .iter()
            .chain(&state.changes.bound)
            .any(|(f, s)| f == gf && Some(stepper.trace.symbols().text(*s)) == name)
        {
            row.value.mark = Mark::Rebound;
        }
    }
}

/// What this step freed; a box drawn at the previous step stays one step, faded, in the
/// cell the plan kept for it.
fn ghosts(
    stepper: &Stepper,
    freed: Vec<(ObjId, String, FreeCause, Option<ObjectBox>)>,
    at: &Origins,
) -> Vec<Freed> {
    freed
        .into_iter()
        .map(|(id, type_label, cause, ghost)| {
            let ghost = ghost.and_then(|mut g| {
                let &(c, r) = stepper.plan.as_ref()?.get(&id)?;
                let (bx, by) = (at.col_x.get(c as usize)?, at.row_y.get(r as usize)?);
                shift_object(&mut g, *bx, *by);
                g.grid = (c, r);
                g.mark = Mark::None;
                Some(g)
            });
            Freed {
                id: id.0,
                type_label,
                cause,
                ghost,
            }
        })
        .collect()
}

/// The width and height everything drawn needs (before the margin).
fn extent(
    at: &Origins,
    frames: &[FrameBox],
    folds: &[FoldBox],
    objects: &[ObjectBox],
    freed: &[Freed],
    arrows: &[Arrow],
) -> (f32, f32) {
    let mut width = at.ox0 + 40.0;
    let mut height = at.top;
    for f in frames {
        height = height.max(f.rect.bottom());
    }
    for f in folds {
        height = height.max(f.rect.bottom());
    }
    for o in objects {
        width = width.max(o.rect.right());
        height = height.max(o.rect.bottom());
    }
    for g in freed.iter().filter_map(|f| f.ghost.as_ref()) {
        width = width.max(g.rect.right());
        height = height.max(g.rect.bottom() + GHOST_TAG_H);
    }
    for a in arrows {
        for &(x, y) in &a.points {
            width = width.max(x);
            height = height.max(y);
        }
    }
    (width, height)
}

/// Replaces a reference to an object not drawn at this step with a cut mark.
fn cut_undrawn(cell: &mut Cell, drawn: &HashSet<u32>) {
    if let Content::Ref { to, .. } = cell.content {
        if !drawn.contains(&to) {
            cell.content = Content::Cut {
                to,
                text: format!("#{to} …"),
            };
        }
    }
}
