//! Arrows: routed through the gaps between columns and rows, so they never cross a box.

use std::collections::HashMap;

use super::compose::{Grid, Origins};
use super::{CHANNEL, COL_GAP, MARGIN, ROW_GAP};
use crate::boxes::{PAD, ROW_H};
use crate::scene::{Arrow, FrameBox, ObjKind, ObjectBox};

/// The arrows from frame variables and object slots to the drawn objects they refer to.
pub(super) fn arrows(
    g: &Grid,
    at: &Origins,
    frames: &[FrameBox],
    objects: &[ObjectBox],
) -> Vec<Arrow> {
    let mut arrows = Vec::new();
    let index: HashMap<u32, usize> = objects.iter().enumerate().map(|(i, o)| (o.id, i)).collect();
    let mut extents: HashMap<u32, Vec<(u32, f32)>> = HashMap::new();
    for o in objects {
        extents
            .entry(o.grid.0)
            .or_default()
            .push((o.grid.1, o.rect.right()));
    }
    let router = Router {
        col_x: &at.col_x,
        col_w: &g.col_w,
        row_y: &at.row_y,
        frames_right: MARGIN + g.frames_w,
        extents,
    };
    for fb in frames {
        for (ri, row) in fb.rows.iter().enumerate() {
            if let Some(t) = row.value.content.target() {
                if let Some(&ti) = index.get(&t) {
                    let pts = router.route(-1, 0, row.value.rect.center(), None, &objects[ti]);
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
    for o in objects {
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
                let drop = horizontal.then(|| cell.rect.bottom() + 3.0 + (ri % 3) as f32 * 2.0);
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
    arrows
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
