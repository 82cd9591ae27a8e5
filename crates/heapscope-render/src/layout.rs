//! The one layout engine: where frames, objects and arrows go.
//!
//! Objects sit on a grid. An object gets its cell (column, row) the first time it is drawn
//! and keeps it until it dies: roots referenced by a frame start in column 0, an object's
//! first child goes to its right on the same row, later children below it (a tidy tree
//! read left to right). Column widths and row heights are the largest any occupant needs
//! over the whole window of steps, so stepping moves nothing that did not change.
//! Arrows run in the gaps between columns and rows, so they never cross a box.

use std::collections::{HashMap, HashSet};

use heapscope_analysis::{HeapGraph, Narrator};
use heapscope_trace::{
    Event, FrameId, FrameKind, FrameStatus, FreeCause, ObjId, ObjectData, State, Trace,
};

use crate::build::{
    add_info, cut, shift_object, shift_row, text_width, thousands, Builder, RowKey, FONT,
    FRAME_HEADER_H, NAME, PAD, ROW_H, SMALL,
};
use crate::error::Result;
use crate::options::{ExitedFrames, Pointers, RenderOptions};
use crate::scene::{
    Arrow, Banner, Cell, CodeLine, Content, FoldBox, FrameBox, Freed, Label, Mark, ObjKind,
    ObjectBox, Rect, Row, Scene,
};

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
    let (first, last) = if window_frames_over(trace, first, last, MAX_WINDOW_FRAMES)? {
        (step, step)
    } else {
        (first, last)
    };
    StableLayout::window(trace, first, last, opts)?.scene(step)
}

/// Whether the stacks of steps `first..=last` hold more than `max` frames.
fn window_frames_over(trace: &Trace, first: u64, last: u64, max: u64) -> Result<bool> {
    let mut frames = 0u64;
    let mut cursor = trace.cursor_at(first)?;
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

/// A layout of a window of steps in which every object keeps its place for its whole life.
pub struct StableLayout<'t> {
    trace: &'t Trace,
    opts: RenderOptions,
    first: u64,
    last: u64,
    grid: Grid,
    /// (line, file) of each step of the window, and of the step after it.
    lines: Vec<(u32, u32)>,
    /// Each object's grid cell for the whole window.
    plan: std::sync::Arc<HashMap<ObjId, (u32, u32)>>,
}

/// Sizes kept over a window: the largest each column and row ever needs, and the widest frame.
#[derive(Default, Debug, Clone)]
struct Grid {
    col_w: Vec<f32>,
    row_h: Vec<f32>,
    frames_w: f32,
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
        mut keep_planning: impl FnMut() -> bool,
    ) -> Result<Self> {
        let mut last = last;
        if first == 0 || last > trace.len() || first > last {
            return Err(heapscope_trace::Error::NoSuchStep {
                step: first,
                len: trace.len(),
            }
            .into());
        }
        let mut grid = Grid {
            frames_w: MIN_FRAME_W,
            ..Default::default()
        };
        let mut lines = Vec::with_capacity((last - first + 2) as usize);
        let mut stepper = Stepper::new(trace, opts, None);
        let mut cursor = trace.cursor_at(first)?;
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
            plan: std::sync::Arc::new(plan),
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
        self.replay_inner(self.last, &mut |s, _| f(s).map(|()| true), true)
    }

    /// Calls `f` with the scene of every step of the window, in order, until it returns
    /// false (a caller's budget is spent).
    pub fn for_each_scene_while(&self, mut f: impl FnMut(Scene) -> Result<bool>) -> Result<()> {
        self.replay_inner(self.last, &mut |s, _| f(s), true)
    }

    fn replay(&self, step: u64, mut f: impl FnMut(Scene) -> Result<()>) -> Result<()> {
        self.replay_inner(
            step,
            &mut |s, k| {
                if k == step {
                    f(s)?;
                }
                Ok(true)
            },
            false,
        )
    }

    fn replay_inner(
        &self,
        until: u64,
        f: &mut dyn FnMut(Scene, u64) -> Result<bool>,
        all: bool,
    ) -> Result<()> {
        let mut stepper = Stepper::new(self.trace, &self.opts, Some(self.plan.clone()));
        // The narrator needs the step before the window (what changed is told against it).
        let mut narrator = if self.first > 1 {
            Narrator::seeded(self.trace, self.trace.state_at(self.first - 1)?)
        } else {
            Narrator::new(self.trace)
        };
        let mut cursor = self.trace.cursor_at(self.first)?;
        while let Some(state) = cursor.next_state()? {
            if state.step < self.first {
                continue;
            }
            if state.step > until {
                break;
            }
            let placed = stepper.step(state);
            let narration = narrator.next(state);
            if all || state.step == until {
                let mut scene = self.compose(&stepper, state, placed, narration.sentences);
                scene.question = narration.question;
                if !f(scene, state.step)? {
                    break;
                }
            }
        }
        Ok(())
    }

    fn compose(
        &self,
        stepper: &Stepper,
        state: &State,
        placed: Placed,
        narration: Vec<String>,
    ) -> Scene {
        let g = &self.grid;
        let opts = &self.opts;
        let hl = opts.highlight_changes;
        let top = MARGIN + HEADING_H + TOP_GAP;
        // Columns and rows.
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
        // Frames.
        let mut frames = Vec::new();
        let mut folds = Vec::new();
        let mut fy = top;
        for item in placed.frames {
            match item {
                Item::Frame(mut fb) => {
                    // Frames take the height they need now: only the newest frame gains
                    // rows, and nothing sits below it, so this moves nothing.
                    let h = fb.rect.h;
                    fb.rect = Rect::new(MARGIN, fy, g.frames_w, h);
                    fb.header = Rect::new(MARGIN, fy, g.frames_w, FRAME_HEADER_H);
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
        // Objects.
        let drawn: HashSet<u32> = placed.objects.iter().map(|(id, _)| id.0).collect();
        let mut objects = Vec::with_capacity(placed.objects.len());
        let changed: HashSet<ObjId> = state.changes.changed.iter().copied().collect();
        let created: HashSet<ObjId> = state.changes.created.iter().copied().collect();
        let mut parent_tags = HashSet::new();
        for &(id, (c, r)) in &placed.objects {
            let Some(entry) = stepper.cache.get(&id) else {
                continue;
            };
            let mut b = entry.boxed.clone();
            let (bx, by) = (
                col_x.get(c as usize).copied().unwrap_or(ox0),
                row_y.get(r as usize).copied().unwrap_or(top),
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
                        let before: HashMap<RowKey, ObjId> = prev.iter().copied().collect();
                        let mut keys = entry.keys.iter();
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
                }
                if let Some(ObjectData::Generator {
                    frame: Some(gf), ..
                }) = state.object(id)
                {
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
            }
            for row in &mut b.rows {
                cut_undrawn(&mut row.value, &drawn);
                if let Some(k) = &mut row.key {
                    cut_undrawn(k, &drawn);
                }
            }
            objects.push(b);
        }
        for fb in &mut frames {
            if parent_tags.contains(&fb.id) {
                fb.tag = Some(format!("f{}", fb.id));
            }
            for row in &mut fb.rows {
                cut_undrawn(&mut row.value, &drawn);
            }
        }
        // What this step freed; a box drawn at the previous step stays one step, faded, in
        // the cell the plan kept for it.
        let freed: Vec<Freed> = placed
            .freed
            .into_iter()
            .map(|(id, type_label, cause, ghost)| {
                let ghost = ghost.and_then(|mut g| {
                    let &(c, r) = stepper.plan.as_ref()?.get(&id)?;
                    let (bx, by) = (col_x.get(c as usize)?, row_y.get(r as usize)?);
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
            .collect();
        // Arrows.
        let mut arrows = Vec::new();
        if opts.pointers == Pointers::Arrows {
            let index: HashMap<u32, usize> =
                objects.iter().enumerate().map(|(i, o)| (o.id, i)).collect();
            let mut extents: HashMap<u32, Vec<(u32, f32)>> = HashMap::new();
            for o in &objects {
                extents
                    .entry(o.grid.0)
                    .or_default()
                    .push((o.grid.1, o.rect.right()));
            }
            let router = Router {
                col_x: &col_x,
                col_w: &g.col_w,
                row_y: &row_y,
                frames_right: MARGIN + g.frames_w,
                extents,
            };
            for fb in &frames {
                for (ri, row) in fb.rows.iter().enumerate() {
                    if let Some(t) = row.value.content.target() {
                        if let Some(&ti) = index.get(&t) {
                            let pts =
                                router.route(-1, 0, row.value.rect.center(), None, &objects[ti]);
                            arrows.push(Arrow {
                                id: format!("ref-f{}-{ri}", fb.id),
                                from: format!("frame-{}", fb.id),
                                from_row: ri,
                                to: t,
                                points: pts,
                                mark: row.value.mark,
                            });
                        }
                    }
                }
            }
            for o in &objects {
                let horizontal = matches!(
                    o.kind,
                    ObjKind::List | ObjKind::Tuple | ObjKind::Set | ObjKind::FrozenSet
                );
                for (ri, row) in o.rows.iter().enumerate() {
                    let cells = row
                        .key
                        .iter()
                        .map(|k| (k, "-k"))
                        .chain(std::iter::once((&row.value, "")));
                    for (cell, suffix) in cells {
                        let Some(t) = cell.content.target() else {
                            continue;
                        };
                        let Some(&ti) = index.get(&t) else { continue };
                        let drop =
                            horizontal.then(|| cell.rect.bottom() + 3.0 + (ri % 3) as f32 * 2.0);
                        let pts = router.route(
                            o.grid.0 as i32,
                            o.grid.1,
                            cell.rect.center(),
                            drop,
                            &objects[ti],
                        );
                        arrows.push(Arrow {
                            id: format!("ref-o{}-{ri}{suffix}", o.id),
                            from: format!("obj-{}", o.id),
                            from_row: ri,
                            to: t,
                            points: pts,
                            mark: cell.mark,
                        });
                    }
                }
            }
        }
        // Size.
        let mut width = ox0 + 40.0;
        let mut height = top;
        for f in &frames {
            height = height.max(f.rect.bottom());
        }
        for f in &folds {
            height = height.max(f.rect.bottom());
        }
        for o in &objects {
            width = width.max(o.rect.right());
            height = height.max(o.rect.bottom());
        }
        for g in freed.iter().filter_map(|f| f.ghost.as_ref()) {
            width = width.max(g.rect.right());
            height = height.max(g.rect.bottom() + crate::svg::GHOST_TAG_H);
        }
        for a in &arrows {
            for &(x, y) in &a.points {
                width = width.max(x);
                height = height.max(y);
            }
        }
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
                rect: Rect::new(ox0, MARGIN, 200.0, HEADING_H),
                text: "Objects".into(),
            },
        ];
        // Words.
        let idx = (state.step - self.first) as usize;
        let (line, file) = self.lines.get(idx).copied().unwrap_or((state.line, 0));
        let next_line = self
            .lines
            .get(idx + 1)
            .filter(|(_, f)| *f == file)
            .map(|(l, _)| *l);
        let code = code_context(self.trace, file, line, next_line);
        let event = event_name(state.event);
        let mut notes = state.notes.clone();
        if state.step == self.trace.len() {
            if let Some(o) = &self.trace.meta().outcome {
                notes.push(o.describe());
            }
        }
        let title = if event == "line" {
            format!("Step {} of {}, line {}", state.step, self.trace.len(), line)
        } else {
            format!(
                "Step {} of {}, line {} ({event})",
                state.step,
                self.trace.len(),
                line
            )
        };
        let mut scene = Scene {
            step: state.step,
            steps: self.trace.len(),
            width: width + MARGIN,
            height: height + MARGIN,
            theme: opts.theme,
            title,
            desc: String::new(),
            narration,
            question: None,
            event: event.to_owned(),
            line,
            file,
            next_line,
            code,
            exception: state.exception.clone(),
            banner,
            notes,
            headings,
            text_pointers: opts.pointers == Pointers::Text,
            frames,
            folds,
            objects,
            arrows,
            freed,
        };
        scene.desc = describe(&scene);
        scene
    }
}

fn grow(v: &mut Vec<f32>, i: usize, x: f32) {
    if v.len() <= i {
        v.resize(i + 1, 0.0);
    }
    v[i] = v[i].max(x);
}

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

fn event_name(e: Option<Event>) -> &'static str {
    match e {
        Some(Event::Line) | None => "line",
        Some(Event::Call) => "call",
        Some(Event::Return) => "return",
        Some(Event::Exception) => "exception",
        Some(Event::UncaughtException) => "uncaught exception",
        Some(Event::WaitingForInput) => "waiting for input",
        Some(Event::LimitReached) => "limit reached",
        Some(Event::Crashed) => "crash",
    }
}

fn code_context(trace: &Trace, file: u32, line: u32, next: Option<u32>) -> Vec<CodeLine> {
    let Some(src) = trace.meta().sources.get(file as usize) else {
        return Vec::new();
    };
    let total = src.line_count();
    if line == 0 || total == 0 {
        return Vec::new();
    }
    let from = line.saturating_sub(2).max(1);
    let to = (line + 2).min(total);
    let mut numbers: Vec<u32> = (from..=to).collect();
    if let Some(n) = next.filter(|n| (*n < from || *n > to) && *n >= 1 && *n <= total) {
        numbers.push(n);
        numbers.sort_unstable();
    }
    numbers
        .into_iter()
        .map(|n| CodeLine {
            number: n,
            text: src.line(n).to_owned(),
            current: n == line,
            next: Some(n) == next && n != line,
        })
        .collect()
}

/// The scene in words: what a screen reader says, and what tests can read.
fn describe(s: &Scene) -> String {
    let mut out = String::new();
    for sentence in &s.narration {
        out.push_str(sentence);
        out.push(' ');
    }
    out.push_str("Frames: ");
    let mut parts = Vec::new();
    for f in &s.frames {
        let vars: Vec<String> = f
            .rows
            .iter()
            .map(|r| {
                let name = r.label.as_ref().map_or("", |l| l.text.as_str());
                match &r.value.content {
                    Content::Ref { to, .. } => format!("{name} → #{to}"),
                    c => format!("{name} = {}", c.text()),
                }
            })
            .collect();
        let mut p = f.name.clone();
        if f.current {
            p.push_str(" (running)");
        }
        if !vars.is_empty() {
            p.push_str(": ");
            p.push_str(&vars.join(", "));
        }
        parts.push(p);
    }
    for fold in &s.folds {
        parts.push(fold.text.clone());
    }
    out.push_str(&parts.join("; "));
    out.push_str(". Objects: ");
    if s.objects.is_empty() {
        out.push_str("none");
    }
    let objs: Vec<String> = s
        .objects
        .iter()
        .map(|o| format!("#{} {} {}", o.id, o.type_label, o.summary))
        .collect();
    out.push_str(&objs.join("; "));
    out.push('.');
    if !s.freed.is_empty() {
        let freed: Vec<String> = s
            .freed
            .iter()
            .map(|f| format!("#{} {} ({})", f.id, f.type_label, f.cause.describe()))
            .collect();
        out.push_str(" Freed: ");
        out.push_str(&freed.join("; "));
        out.push('.');
    }
    cut(&out, 4000)
}

/// Routes arrows through the gaps between columns and rows.
struct Router<'a> {
    col_x: &'a [f32],
    col_w: &'a [f32],
    row_y: &'a [f32],
    frames_right: f32,
    /// Per column, the drawn boxes' rows and right edges: an arrow's lane hugs the boxes
    /// it passes rather than the widest box the column ever holds.
    extents: HashMap<u32, Vec<(u32, f32)>>,
}

impl Router<'_> {
    fn route(
        &self,
        src_col: i32,
        src_row: u32,
        start: (f32, f32),
        drop: Option<f32>,
        t: &ObjectBox,
    ) -> Vec<(f32, f32)> {
        let (tc, tr) = (t.grid.0 as i32, t.grid.1 as usize);
        // Arrows to the same object share their lanes; others spread over five lanes.
        let off = ((t.id.wrapping_mul(7) + 3) % 5) as f32 * 4.0 - 8.0;
        let xs = if src_col < 0 {
            self.frames_right + CHANNEL / 2.0 + off
        } else {
            let c = src_col as usize;
            let far = self.col_x.get(c).copied().unwrap_or(0.0)
                + self.col_w.get(c).copied().unwrap_or(0.0)
                + COL_GAP / 2.0
                + off;
            let (lo, hi) = (src_row.min(tr as u32), src_row.max(tr as u32));
            let near = self
                .extents
                .get(&(c as u32))
                .into_iter()
                .flatten()
                .filter(|(r, _)| *r >= lo && *r <= hi)
                .map(|(_, right)| *right)
                .fold(start.0, f32::max)
                + 14.0
                + off;
            near.min(far)
        };
        let mut pts = vec![start];
        if let Some(yd) = drop {
            pts.push((start.0, yd));
        }
        let ycur = pts[pts.len() - 1].1;
        pts.push((xs, ycur));
        let y1 = t.body.y + (t.body.h / 2.0).min(ROW_H / 2.0 + PAD);
        if tc == src_col + 1 {
            pts.push((xs, y1));
            pts.push((t.body.x, y1));
        } else if tc == src_col {
            // Same column (a back reference): up or down the lane, into the right edge.
            pts.push((xs, y1));
            pts.push((t.body.right(), y1));
        } else {
            let row_top = self.row_y.get(tr).copied().unwrap_or(t.rect.y);
            let yg = row_top - ROW_GAP / 2.0 + off / 3.0;
            pts.push((xs, yg));
            if tc > src_col + 1 {
                let xt =
                    self.col_x.get(tc as usize).copied().unwrap_or(t.body.x) - COL_GAP / 2.0 + off;
                pts.push((xt, yg));
                pts.push((xt, y1));
                pts.push((t.body.x, y1));
            } else {
                // A column to the left: along the row gap, then into the right edge.
                let xr = t.body.right() + 14.0 + off;
                pts.push((xr, yg));
                pts.push((xr, y1));
                pts.push((t.body.right(), y1));
            }
        }
        simplify(pts)
    }
}

/// Drops repeated points and middle points of straight runs.
fn simplify(pts: Vec<(f32, f32)>) -> Vec<(f32, f32)> {
    let mut out: Vec<(f32, f32)> = Vec::with_capacity(pts.len());
    for p in pts {
        if let Some(&last) = out.last() {
            if (last.0 - p.0).abs() < 0.01 && (last.1 - p.1).abs() < 0.01 {
                continue;
            }
        }
        if out.len() >= 2 {
            let a = out[out.len() - 2];
            let b = out[out.len() - 1];
            let straight = ((a.0 - b.0).abs() < 0.01 && (b.0 - p.0).abs() < 0.01)
                || ((a.1 - b.1).abs() < 0.01 && (b.1 - p.1).abs() < 0.01);
            if straight {
                out.pop();
            }
        }
        out.push(p);
    }
    out
}

/// A frame box or the folded middle of the stack, in stack order.
enum Item {
    Frame(FrameBox),
    Fold(String, u64),
}

/// What one step drew: frames in order, and objects with their grid cells in visit order.
struct Placed {
    frames: Vec<Item>,
    objects: Vec<(ObjId, (u32, u32))>,
    /// Objects freed at this step that had a box: type label, cause, and the box when it
    /// was drawn earlier in the window.
    freed: Vec<(ObjId, String, FreeCause, Option<ObjectBox>)>,
}

/// What the first pass learns about an object over the window.
#[derive(Clone, Debug)]
struct Life {
    /// First and last step it was drawn.
    birth: u64,
    death: u64,
    /// Visit order at its first step (ties between objects born together).
    seq: u64,
    /// The object that reached it first at its last step (`None`: a frame did).
    parent: Option<ObjId>,
    /// Its slot's index in that parent at that step.
    slot: usize,
    /// The largest box it ever needed.
    w: f32,
    h: f32,
}

/// Gives every object one grid cell for the whole window.
///
/// Objects are arranged as the tree they form at the end of their lives (a list built by
/// prepending, or a tree built bottom-up, lands where its final shape wants it, even while
/// it is still a loose local), and a cell is shared only by objects whose lives do not
/// overlap, so nothing ever moves and the grid stays compact.
fn plan(lives: &HashMap<ObjId, Life>) -> HashMap<ObjId, (u32, u32)> {
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

/// A cached object box at the origin, with the values its rows show (to spot mutated cells).
struct CacheEntry {
    boxed: ObjectBox,
    keys: Vec<(RowKey, ObjId)>,
    /// The row values before this step's change, when it changed.
    prev_keys: Option<Vec<(RowKey, ObjId)>>,
}

/// DFS depth bound: keeps recursion shallow on 10,000-node linked lists.
const MAX_DEPTH: usize = 48;

/// Walks steps in order: without a plan it records each object's life (first pass); with
/// one it reports the cells of the objects drawn at each step.
struct Stepper<'t> {
    trace: &'t Trace,
    opts: RenderOptions,
    plan: Option<std::sync::Arc<HashMap<ObjId, (u32, u32)>>>,
    lives: HashMap<ObjId, Life>,
    seq: u64,
    cache: HashMap<ObjId, CacheEntry>,
    /// Deep sizes at the current step (with sizes shown).
    deep: Option<HashMap<ObjId, u64>>,
}

impl<'t> Stepper<'t> {
    fn new(
        trace: &'t Trace,
        opts: &RenderOptions,
        plan: Option<std::sync::Arc<HashMap<ObjId, (u32, u32)>>>,
    ) -> Self {
        Stepper {
            trace,
            opts: opts.clone(),
            plan,
            lives: HashMap::new(),
            seq: 0,
            cache: HashMap::new(),
            deep: None,
        }
    }

    fn step(&mut self, state: &State) -> Placed {
        let symbols = self.trace.symbols();
        let opts = self.opts.clone();
        let b = Builder::new(state, symbols, &opts);
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
                    let keys = state
                        .object(*id)
                        .map(|d| b.row_values(d))
                        .unwrap_or_default();
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

    /// Writes the reference count and sizes the options ask for into a placed box.
    fn decorate(&self, b: &mut ObjectBox, state: &State) {
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
            let keys = b
                .state
                .object(id)
                .map(|d| b.row_values(d))
                .unwrap_or_default();
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

    /// The frames to draw, in stack order, with the middle of a deep stack folded.
    fn frame_items(&self, b: &Builder, state: &State) -> Vec<Item> {
        let symbols = self.trace.symbols();
        let mut ids: Vec<FrameId> = state.stack.clone();
        if self.opts.exited_frames == ExitedFrames::Faded {
            let mut exited: Vec<FrameId> = state
                .frames()
                .filter(|f| f.status == FrameStatus::Exited)
                .map(|f| f.id)
                .collect();
            let keep = exited
                .len()
                .saturating_sub(self.opts.max_frames_shown.max(1));
            exited.drain(..keep);
            for e in exited {
                let at = ids
                    .iter()
                    .skip(1)
                    .position(|f| f.0 > e.0)
                    .map_or(ids.len(), |p| p + 1);
                ids.insert(at, e);
            }
        }
        let top = state.stack.last().copied();
        let max = self.opts.max_frames_shown.max(3);
        let mut items = Vec::new();
        let (head, tail) = if ids.len() > max {
            let head = (max / 3).max(1);
            (head, max - head)
        } else {
            (ids.len(), 0)
        };
        let fold_end = ids.len() - tail;
        for (i, fid) in ids.iter().enumerate() {
            if i == head && tail > 0 {
                let hidden = &ids[head..fold_end];
                let names: Vec<&str> = hidden
                    .iter()
                    .filter_map(|f| state.frame(*f))
                    .map(|f| symbols.text(f.func))
                    .collect();
                let text = match names.first() {
                    Some(first) if names.iter().all(|n| n == first) => {
                        format!(
                            "… {} more frames of {first} …",
                            thousands(hidden.len() as u64)
                        )
                    }
                    _ => format!("… {} more frames …", thousands(hidden.len() as u64)),
                };
                items.push(Item::Fold(text, hidden.len() as u64));
            }
            if i >= head && i < fold_end {
                continue;
            }
            if let Some(fb) = self.frame_box(b, state, *fid, Some(*fid) == top) {
                items.push(Item::Frame(fb));
            }
        }
        items
    }

    /// A frame box at the origin (x from 0, y from 0), with marks.
    fn frame_box(
        &self,
        b: &Builder,
        state: &State,
        fid: FrameId,
        current: bool,
    ) -> Option<FrameBox> {
        let f = state.frame(fid)?;
        let hl = self.opts.highlight_changes;
        let name = if f.kind == FrameKind::Module && fid == FrameId::GLOBAL {
            "Global frame".to_owned()
        } else {
            cut(b.sym(f.func), 40)
        };
        let mut rows = Vec::with_capacity(f.vars.len() + 1);
        let mut vals: Vec<(String, Content, Mark)> = f
            .vars
            .iter()
            .map(|&(n, v)| {
                let mark = if !hl {
                    Mark::None
                } else if state.changes.bound.contains(&(fid, n)) {
                    Mark::New
                } else if state.changes.rebound.contains(&(fid, n)) {
                    Mark::Rebound
                } else {
                    Mark::None
                };
                (b.sym(n).to_owned(), b.content(v), mark)
            })
            .collect();
        if self.opts.show_return_value {
            if let Some(rv) = f.return_value {
                let mark = if hl && state.event == Some(Event::Return) && state.frame == fid {
                    Mark::New
                } else {
                    Mark::None
                };
                vals.push(("Return value".into(), b.content(rv), mark));
            }
        }
        let name_w = vals
            .iter()
            .map(|(n, _, _)| text_width(n, NAME))
            .fold(0.0, f32::max);
        let val_w = vals
            .iter()
            .map(|(_, c, _)| b.cell_width(c))
            .fold(0.0, f32::max);
        let mut y = FRAME_HEADER_H + PAD;
        for (n, c, mark) in vals {
            let label = Label {
                rect: Rect::new(PAD, y, name_w, ROW_H),
                text: n,
            };
            // Each value as wide as it needs: reference cells stay small squares.
            let w = b.cell_width(&c);
            let value = Cell {
                rect: Rect::new(PAD + name_w + 8.0, y, w, ROW_H),
                content: c,
                mark,
            };
            rows.push(Row {
                label: Some(label),
                key: None,
                value,
            });
            y += ROW_H + 3.0;
        }
        let header_w = text_width(&name, FONT)
            + text_width(&format!("f{} · line {}", fid.0, f.line.max(100)), SMALL)
            + 4.0 * PAD;
        let w = (PAD + name_w + 8.0 + val_w + PAD)
            .max(header_w)
            .max(MIN_FRAME_W);
        let h = if rows.is_empty() {
            FRAME_HEADER_H + PAD
        } else {
            y + PAD - 3.0
        };
        Some(FrameBox {
            id: fid.0,
            name,
            tag: None,
            rect: Rect::new(0.0, 0.0, w, h),
            header: Rect::new(0.0, 0.0, w, FRAME_HEADER_H),
            rows,
            current,
            exited: f.status == FrameStatus::Exited,
            line: f.line,
            mark: if hl && state.changes.pushed.contains(&fid) {
                Mark::New
            } else {
                Mark::None
            },
        })
    }
}
