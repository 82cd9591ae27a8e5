//! The pictures of an exported player's steps, stored in proportion to what changes.
//!
//! A step's picture is a list of placed pieces of SVG. Three things keep the file, the
//! export's memory and the page's memory growing with the changes, not steps × heap:
//! - **Pieces are shared.** An identical piece is stored once. An object's row is drawn
//!   at the origin and placed with a `translate`, so the last items of a long list, which
//!   shift by one cell at every append, are one piece each rather than one per step.
//! - **Rows are drawn once.** A row equal to the same object's row at the step before
//!   (the scene before is kept, not copied) reuses its placement without being painted
//!   again.
//! - **Steps are deltas.** Every [`KEY_EVERY`] steps the whole list is kept (a
//!   keyframe); the other steps keep only the edits from the step before. The page shows
//!   any step by applying at most [`KEY_EVERY`] - 1 deltas to a keyframe, so a step near
//!   the end costs the same as one near the start.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};

use rustc_hash::{FxHashMap, FxHashSet};
use serde::Serialize;

use crate::lists::Lists;
use crate::piece_text::{matches, split, Pieces};
use crate::player_drawn::{Before, Drawn};
use crate::scene::Scene;
use crate::svg::{palette, row_at_origin, row_fill, scene_parts, Part};

/// A step whose index (from 0) is a multiple of this keeps its whole list of pieces.
pub(crate) const KEY_EVERY: usize = 64;

/// How many recently looked-up texts [`Pictures`] keeps (a few hundred KB).
const RECENT: usize = 2048;

/// The x of a placement drawn where it stands (a row's origin is never negative).
pub(crate) const IN_PLACE: f32 = -1.0;

/// The stored pictures, as the page reads them.
#[derive(Default, Serialize)]
pub(crate) struct Pictures {
    /// The SVG pieces, each once, as `[template, numbers…]` (see [`crate::piece_text`]).
    pub(crate) pieces: Pieces,
    /// The pieces' templates: the text between their numbers, each once.
    pub(crate) templates: Vec<Vec<String>>,
    /// Placements, written as three numbers each: piece, x, y (x = -1: the piece is drawn
    /// in place; otherwise it is drawn at the origin and moved to x, y), whole
    /// coordinates as integers ("12", not "12.0").
    #[serde(serialize_with = "flat_places")]
    pub(crate) places: Vec<Place>,
    /// The whole list of placements of steps 0, [`KEY_EVERY`], 2 × [`KEY_EVERY`]…
    pub(crate) keys: Vec<Vec<u32>>,
    /// Per step, the edits from the step before (empty at keyframes): runs of
    /// `at, removed, added, added placements…`, applied in order, like `Array.splice`.
    pub(crate) deltas: Lists<u32>,
    /// The placement of each piece drawn in place, by piece (u32::MAX: none yet).
    #[serde(skip)]
    in_place: Vec<u32>,
    /// Each piece by a 64-bit hash of its text (the piece itself is kept once, in
    /// `pieces`); texts whose hash an earlier, different text had are in `collided`.
    #[serde(skip)]
    piece_index: HashMap<u64, u32>,
    #[serde(skip)]
    collided: HashMap<String, u32>,
    /// The pieces of the texts looked up lately, by their text: most pieces are drawn
    /// again at the next steps (a frame, a heading, a list's item that shifted), and this
    /// finds them by comparing texts rather than reading a piece's numbers back. Emptied
    /// when it holds [`RECENT`] texts.
    #[serde(skip)]
    recent: FxHashMap<String, u32>,
    /// Each template by its parts joined with a NUL (which SVG text never holds).
    #[serde(skip)]
    template_index: HashMap<String, u32>,
    /// The step before's scene, and what was drawn for it.
    #[serde(skip)]
    prev: Option<(Scene, Drawn)>,
    /// The placements of the step before.
    #[serde(skip)]
    last: Vec<u32>,
}

impl Pictures {
    /// Adds the next step's picture; returns the bytes it added to what is kept. The
    /// scene is kept until the next step, whose elements are compared with its elements.
    ///
    /// Gives back the scene of the step before that one, which nothing needs any more
    /// (its memory can be reused for the next scene).
    pub(crate) fn push(&mut self, scene: Scene) -> (u64, Option<Scene>) {
        let p = palette(scene.theme);
        let tp = scene.text_pointers;
        let mut bytes = 0u64;
        let mut list = Vec::with_capacity(self.last.len().max(16));
        let prev = self.prev.take();
        let mut drawn = Drawn::after(prev.as_ref().map(|(_, d)| d));
        // The step before, when it was drawn alike (an equal element then has equal text).
        let before = prev
            .as_ref()
            .filter(|(s, _)| s.theme == scene.theme && s.text_pointers == tp)
            .map(|(s, d)| Before {
                scene: s,
                drawn: d,
                objects: s.objects.iter().map(|o| (o.id, o)).collect(),
            });
        for part in scene_parts(&scene, &p) {
            let place = match part {
                Part::Whole(text) => {
                    let piece = self.piece(text, &mut bytes);
                    self.place(piece, IN_PLACE, 0.0, &mut bytes)
                }
                Part::Elem(e) => {
                    let place = match before.as_ref().and_then(|b| b.reuse(&e)) {
                        Some(place) => place,
                        None => {
                            let piece = self.piece(e.text(&p, tp), &mut bytes);
                            self.place(piece, IN_PLACE, 0.0, &mut bytes)
                        }
                    };
                    drawn.record(&e, place);
                    place
                }
                Part::Row {
                    obj,
                    index,
                    row,
                    fill,
                } => {
                    // A row equal to the same object's row before, drawn with the same
                    // fill, keeps its placement.
                    let same = before.as_ref().and_then(|b| {
                        let o = b.objects.get(&obj)?;
                        if row_fill(o, &p) != fill || o.rows.get(index) != Some(row) {
                            return None;
                        }
                        b.drawn.rows.get(&obj)?.get(index).copied()
                    });
                    let place = match same {
                        Some(place) => place,
                        None => {
                            let (text, x, y) = row_at_origin(row, fill, &p, tp);
                            let piece = self.piece(text, &mut bytes);
                            self.place(piece, x, y, &mut bytes)
                        }
                    };
                    drawn.rows.entry(obj).or_default().push(place);
                    place
                }
            };
            list.push(place);
        }
        drop(before);
        let step = self.deltas.len();
        let delta = if step.is_multiple_of(KEY_EVERY) {
            bytes += 4 * list.len() as u64;
            self.keys.push(list.clone());
            Vec::new()
        } else {
            edits(&self.last, &list)
        };
        bytes += 4 * delta.len() as u64 + 2;
        self.deltas.push(&delta);
        self.last = list;
        self.prev = Some((scene, drawn));
        (bytes, prev.map(|(s, _)| s))
    }

    fn piece(&mut self, text: String, bytes: &mut u64) -> u32 {
        if let Some(&i) = self.recent.get(&text) {
            return i;
        }
        if self.recent.len() >= RECENT {
            self.recent.clear();
        }
        let i = self.find_or_add(&text, bytes);
        self.recent.insert(text, i);
        i
    }

    /// The piece whose text is `text`, added if there is none.
    fn find_or_add(&mut self, text: &str, bytes: &mut u64) -> u32 {
        let hash = {
            // Fx: the texts are the program's own pictures, which need no defence against
            // crafted collisions (and a text whose hash collides is still told apart).
            let mut h = rustc_hash::FxHasher::default();
            text.hash(&mut h);
            h.finish()
        };
        match self.piece_index.get(&hash) {
            Some(&i) if self.is(i, text) => return i,
            Some(_) => {
                if let Some(&i) = self.collided.get(text) {
                    return i;
                }
            }
            None => {}
        }
        let (parts, nums) = split(text);
        let template = self.template(&parts, bytes);
        *bytes += 8 * nums.len() as u64 + 8;
        let i = self.pieces.len() as u32;
        if let std::collections::hash_map::Entry::Vacant(e) = self.piece_index.entry(hash) {
            e.insert(i);
        } else {
            self.collided.insert(text.to_owned(), i);
        }
        self.pieces.push(template, &nums);
        i
    }

    /// Whether piece `i` is `text`.
    fn is(&self, i: u32, text: &str) -> bool {
        let (template, nums) = self.pieces.get(i as usize);
        matches(text, &self.templates[template as usize], nums)
    }

    /// The index of the template with these parts (added if new).
    fn template(&mut self, parts: &[&str], bytes: &mut u64) -> u32 {
        let key = parts.join("\0");
        if let Some(&t) = self.template_index.get(&key) {
            return t;
        }
        *bytes += key.len() as u64 + 4 * parts.len() as u64;
        let t = self.templates.len() as u32;
        self.templates
            .push(parts.iter().map(|p| p.to_string()).collect());
        self.template_index.insert(key, t);
        t
    }

    /// A placement of `piece`: drawn in place (one placement per piece, shared), or a
    /// row moved to x, y (a new placement: a row equal to the step before's reuses its
    /// placement before coming here, and a row that moved is at a new place anyway).
    fn place(&mut self, piece: u32, x: f32, y: f32, bytes: &mut u64) -> u32 {
        let next = self.places.len() as u32;
        if x == IN_PLACE {
            let i = piece as usize;
            if self.in_place.len() <= i {
                self.in_place.resize(i + 1, u32::MAX);
            }
            if self.in_place[i] != u32::MAX {
                return self.in_place[i];
            }
            self.in_place[i] = next;
        }
        *bytes += 16;
        self.places.push(Place { piece, x, y });
        next
    }
}

/// Where a piece is drawn: in place (x = [`IN_PLACE`]) or moved to x, y. The piece is
/// kept as an integer (an `f32` holds indexes exactly only up to 2^24).
pub(crate) struct Place {
    pub(crate) piece: u32,
    pub(crate) x: f32,
    pub(crate) y: f32,
}

/// Writes the placements as one flat list, three numbers each, with whole coordinates as
/// integers (JavaScript reads and writes both alike).
fn flat_places<S: serde::Serializer>(places: &[Place], s: S) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeSeq;
    let mut seq = s.serialize_seq(Some(3 * places.len()))?;
    for p in places {
        seq.serialize_element(&p.piece)?;
        for v in [p.x, p.y] {
            if v.fract() == 0.0 && v.abs() < 1e9 {
                seq.serialize_element(&(v as i64))?;
            } else {
                seq.serialize_element(&v)?;
            }
        }
    }
    seq.end()
}

/// Edits that turn `old` into `new`, as splice runs `at, removed, added, added items…`
/// applied in order (`at` counts in the list being edited, whose start already equals
/// `new`'s). Not always the fewest edits, but linear: an item missing from the other
/// list is removed or added, two differing items both present elsewhere are replaced.
fn edits(old: &[u32], new: &[u32]) -> Vec<u32> {
    if old == new {
        return Vec::new();
    }
    let set = |l: &[u32]| l.iter().copied().collect::<FxHashSet<u32>>();
    let (in_old, in_new) = (set(old), set(new));
    let mut out = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < old.len() || j < new.len() {
        if i < old.len() && j < new.len() && old[i] == new[j] {
            i += 1;
            j += 1;
            continue;
        }
        let (at, mut removed) = (j, 0u32);
        loop {
            let (has_old, has_new) = (i < old.len(), j < new.len());
            if has_old && has_new && old[i] == new[j] {
                break;
            }
            if has_old && (!has_new || !in_new.contains(&old[i])) {
                i += 1;
                removed += 1;
            } else if has_new && (!has_old || !in_old.contains(&new[j])) {
                j += 1;
            } else if has_old && has_new {
                i += 1;
                removed += 1;
                j += 1;
            } else {
                break;
            }
        }
        out.extend([at as u32, removed, (j - at) as u32]);
        out.extend_from_slice(&new[at..j]);
    }
    out
}

/// Applies splice runs to `list` as the page does (for tests that rebuild what it shows).
#[cfg(test)]
pub(crate) fn apply_edits(list: &mut Vec<u32>, runs: &[u32]) {
    let mut k = 0;
    while k < runs.len() {
        let (at, removed, added) = (runs[k] as usize, runs[k + 1] as usize, runs[k + 2] as usize);
        let items = runs[k + 3..k + 3 + added].to_vec();
        list.splice(at..at + removed, items);
        k += 3 + added;
    }
}

#[cfg(test)]
mod tests {
    use super::{apply_edits, edits};

    fn apply(list: &[u32], runs: &[u32]) -> Vec<u32> {
        let mut v = list.to_vec();
        apply_edits(&mut v, runs);
        v
    }

    #[test]
    fn edits_turn_the_old_list_into_the_new() {
        let cases: &[(&[u32], &[u32])] = &[
            (&[], &[1, 2, 3]),
            (&[1, 2, 3], &[]),
            (&[1, 2, 3], &[1, 2, 3]),
            (&[1, 2, 3, 4], &[1, 9, 3, 4, 5]),
            (&[0, 7, 1, 2, 3, 7], &[0, 7, 2, 3, 4, 7, 8]),
            (&[5, 6, 7, 8], &[8, 7, 6, 5]),
            (&[1, 1, 2, 2], &[2, 1, 1, 3, 2]),
        ];
        for (old, new) in cases {
            assert_eq!(
                apply(old, &edits(old, new)),
                new.to_vec(),
                "{old:?} -> {new:?}"
            );
        }
        assert!(edits(&[1, 2, 3], &[1, 2, 3]).is_empty());
        // One changed item in a long list is one short run, not the list again.
        let old: Vec<u32> = (0..100).collect();
        let mut new = old.clone();
        new[50] = 500;
        assert_eq!(edits(&old, &new), vec![50, 1, 1, 500]);
    }
}
