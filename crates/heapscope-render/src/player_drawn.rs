//! What the HTML player drew at a step, element by element, so that the next step reuses
//! the placement of each element equal to the one drawn there.
//!
//! From one step to the next, most of a picture stays as it was: the headings, the
//! frames' rows, the boxes of objects that did not change, the arrows. Writing each
//! one's SVG again only to find the piece it already had was, with the moved list rows,
//! most of a long export's time. An element's SVG is made from the element alone (and
//! the palette and pointer style, the same for the whole export), so an element equal
//! to the one at the same place before has the same text, hence the same piece and,
//! drawn in place, the same placement: reusing it gives the very list the text would.

use rustc_hash::FxHashMap;

use crate::scene::{FrameBox, ObjectBox, Scene};
use crate::svg::Elem;

/// No placement recorded.
const NONE: u32 = u32::MAX;

/// The placements of a step's elements (see the module's doc).
#[derive(Default)]
pub(crate) struct Drawn {
    headings: Option<u32>,
    frame_open: Vec<u32>,
    frame_head: Vec<u32>,
    frame_rows: Vec<Vec<u32>>,
    object_open: FxHashMap<u32, u32>,
    object_body: FxHashMap<u32, u32>,
    arrows: Vec<u32>,
    /// The closing tag's placement (one piece, drawn in place: one placement for all).
    close: Option<u32>,
    /// Each object's rows' placements, by object id.
    pub(crate) rows: FxHashMap<u32, Vec<u32>>,
}

/// A step drawn before: its scene, what was drawn for it, and its objects by id.
pub(crate) struct Before<'a> {
    pub(crate) scene: &'a Scene,
    pub(crate) drawn: &'a Drawn,
    pub(crate) objects: FxHashMap<u32, &'a ObjectBox>,
}

impl Drawn {
    /// What a step records, knowing the closing tag's placement from the step before.
    pub(crate) fn after(before: Option<&Drawn>) -> Drawn {
        Drawn {
            close: before.and_then(|d| d.close),
            ..Drawn::default()
        }
    }

    /// Records that `e` was drawn as `place`.
    pub(crate) fn record(&mut self, e: &Elem, place: u32) {
        match *e {
            Elem::Headings(_) => self.headings = Some(place),
            Elem::FrameOpen(i, _) => set(&mut self.frame_open, i, place),
            Elem::FrameHead(i, _) => set(&mut self.frame_head, i, place),
            Elem::FrameRow(i, k, _) => {
                if self.frame_rows.len() <= i {
                    self.frame_rows.resize_with(i + 1, Vec::new);
                }
                set(&mut self.frame_rows[i], k, place);
            }
            Elem::ObjectOpen(o) => {
                self.object_open.insert(o.id, place);
            }
            Elem::ObjectBody(o) => {
                self.object_body.insert(o.id, place);
            }
            Elem::Close => self.close = Some(place),
            Elem::Arrow(i, _) => set(&mut self.arrows, i, place),
        }
    }
}

impl Before<'_> {
    /// The placement drawn at this step before for an element equal to `e`, if any.
    pub(crate) fn reuse(&self, e: &Elem) -> Option<u32> {
        let (s, d) = (self.scene, self.drawn);
        let frame = |i: usize| s.frames.get(i);
        match *e {
            Elem::Headings(h) => d.headings.filter(|_| s.headings == h),
            Elem::FrameOpen(i, f) => frame(i)
                .filter(|b| b.id == f.id && b.current == f.current && b.exited == f.exited)
                .and_then(|_| get(&d.frame_open, i)),
            Elem::FrameHead(i, f) => frame(i)
                .filter(|b| same_frame_head(b, f))
                .and_then(|_| get(&d.frame_head, i)),
            Elem::FrameRow(i, k, row) => frame(i)
                .filter(|b| b.rows.get(k) == Some(row))
                .and_then(|_| get(d.frame_rows.get(i)?, k)),
            Elem::ObjectOpen(o) => self
                .objects
                .get(&o.id)
                .filter(|b| b.kind == o.kind)
                .and_then(|_| d.object_open.get(&o.id).copied()),
            Elem::ObjectBody(o) => self
                .objects
                .get(&o.id)
                .filter(|b| same_object_body(b, o))
                .and_then(|_| d.object_body.get(&o.id).copied()),
            Elem::Close => d.close,
            Elem::Arrow(i, a) => (s.arrows.get(i) == Some(a))
                .then(|| get(&d.arrows, i))
                .flatten(),
        }
    }
}

fn set(v: &mut Vec<u32>, i: usize, place: u32) {
    if v.len() <= i {
        v.resize(i + 1, NONE);
    }
    v[i] = place;
}

fn get(v: &[u32], i: usize) -> Option<u32> {
    v.get(i).copied().filter(|&p| p != NONE)
}

/// Whether two frames are equal but for their rows (each row is a piece of its own). Every
/// field is named, so that a field added to frames is not forgotten here.
fn same_frame_head(a: &FrameBox, b: &FrameBox) -> bool {
    let FrameBox {
        id,
        name,
        tag,
        rect,
        header,
        rows: _,
        current,
        exited,
        line,
        mark,
    } = a;
    *id == b.id
        && *name == b.name
        && *tag == b.tag
        && *rect == b.rect
        && *header == b.header
        && *current == b.current
        && *exited == b.exited
        && *line == b.line
        && *mark == b.mark
}

/// Whether two object boxes are equal but for their rows. Every field is named, so that
/// a field added to boxes is not forgotten here.
fn same_object_body(a: &ObjectBox, b: &ObjectBox) -> bool {
    let ObjectBox {
        id,
        kind,
        type_label,
        title,
        rect,
        body,
        rows: _,
        immutable,
        grid,
        mark,
        summary,
        refs,
        size,
        deep_size,
    } = a;
    *id == b.id
        && *kind == b.kind
        && *type_label == b.type_label
        && *title == b.title
        && *rect == b.rect
        && *body == b.body
        && *immutable == b.immutable
        && *grid == b.grid
        && *mark == b.mark
        && *summary == b.summary
        && *refs == b.refs
        && *size == b.size
        && *deep_size == b.deep_size
}

#[cfg(test)]
mod tests {
    use heapscope_trace::testing::{dict, int, list_keeping_ends, TraceScript};
    use heapscope_trace::{ObjId, ObjectData, SeqKind, Sequence, Trace};

    use crate::piece_text::join;
    use crate::player_steps::{Pictures, IN_PLACE, KEY_EVERY};
    use crate::scene::Scene;
    use crate::svg::{palette, row_at_origin, scene_parts, Part};
    use crate::{RenderOptions, StableLayout};

    /// A loop appending to a list past the items a trace keeps (its last items shift at
    /// every append), calling a function now and then (frames come and go, arrows move),
    /// with a dict rewritten and objects freed.
    fn trace() -> Trace {
        let mut t = TraceScript::new("items = []\nfor i in range(99):\n    f(items, i)\n");
        t.step(1)
            .obj(1, ObjectData::Seq(SeqKind::List, Sequence::full(vec![])));
        t.var(0, "items", 1);
        t.obj(2, dict(&[])).var(0, "seen", 2);
        let mut items = Vec::new();
        let mut next = 100;
        for k in 0..150u32 {
            next += 1;
            t.step(2).obj(next, int(i64::from(k))).var(0, "i", next);
            items.push(ObjId(next));
            t.step(3).set_obj(1, list_keeping_ends(&items, 20));
            if k % 9 == 0 {
                let f = t.call("f", 5);
                t.var(f.0, "xs", 1).var(f.0, "k", next);
                t.step(6).set_obj(2, dict(&[(next, 1)]));
                t.ret_none();
            }
            if k % 13 == 5 {
                let gone = t.new_obj(ObjectData::Seq(SeqKind::Tuple, Sequence::full(vec![])));
                t.var(0, "tmp", gone.0);
                t.step(2).var(0, "tmp", next).free(gone.0);
            }
        }
        t.finish()
    }

    /// What a step's scene draws, piece by piece: each piece's text and where it goes, as
    /// the player had it before it reused anything.
    fn drawn(s: &Scene) -> Vec<(String, f32, f32)> {
        let p = palette(s.theme);
        let tp = s.text_pointers;
        scene_parts(s, &p)
            .into_iter()
            .map(|part| match part {
                Part::Whole(t) => (t, IN_PLACE, 0.0),
                Part::Elem(e) => (e.text(&p, tp), IN_PLACE, 0.0),
                Part::Row { row, fill, .. } => row_at_origin(row, fill, &p, tp),
            })
            .collect()
    }

    /// What the page shows at step index `k`: its keyframe's list with the deltas since
    /// applied (as `player.js` does), each placement's piece joined back into text.
    fn shown(pics: &Pictures, k: usize) -> Vec<(String, f32, f32)> {
        let mut list = pics.keys[k / KEY_EVERY].clone();
        for at in (k / KEY_EVERY) * KEY_EVERY + 1..=k {
            crate::player_steps::apply_edits(&mut list, pics.deltas.get(at));
        }
        list.iter()
            .map(|&pl| {
                let place = &pics.places[pl as usize];
                let (template, nums) = pics.pieces.get(place.piece as usize);
                let parts: Vec<&str> = pics.templates[template as usize]
                    .iter()
                    .map(String::as_str)
                    .collect();
                (join(&parts, nums), place.x, place.y)
            })
            .collect()
    }

    #[test]
    fn every_step_shows_what_its_scene_draws_though_unchanged_elements_are_reused() {
        let trace = trace();
        for opts in [
            RenderOptions::default(),
            RenderOptions {
                pointers: crate::Pointers::Text,
                show_refs: true,
                ..RenderOptions::default()
            },
        ] {
            let layout = StableLayout::new(&trace, &opts).expect("a layout");
            let mut pics = Pictures::default();
            let mut want = Vec::new();
            layout
                .for_each_scene(|s| {
                    want.push(drawn(&s));
                    pics.push(s);
                    Ok(())
                })
                .expect("scenes");
            assert!(want.len() > 350, "{} steps", want.len());
            for (k, w) in want.iter().enumerate() {
                assert_eq!(&shown(&pics, k), w, "step {}", k + 1);
            }
            // Most placements were reused: far fewer than the pieces drawn.
            let drawn_pieces: usize = want.iter().map(Vec::len).sum();
            assert!(pics.places.len() * 4 < drawn_pieces);
        }
    }
}
