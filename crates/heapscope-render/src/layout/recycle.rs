//! An object box written over a box no longer needed, reusing its memory.
//!
//! Each scene owns its boxes, copied from the stepper's. On a long trace the export
//! lays out every step, and most boxes are the ones of the step before: copying a
//! hundred-row list box made and then freed two strings per row at every step, a good
//! part of the export's time. Written over the box of the same object from a scene
//! the player no longer needs, its strings and rows keep their memory. Every field is
//! named in the copies below, so that a field added to a box is not forgotten.

use crate::scene::{Cell, Content, Label, ObjectBox, Row};

/// Makes `dst` equal to `src`, reusing `dst`'s memory where it can.
pub(super) fn copy_box(dst: &mut ObjectBox, src: &ObjectBox) {
    let ObjectBox {
        id,
        kind,
        type_label,
        title,
        rect,
        body,
        rows,
        immutable,
        grid,
        mark,
        summary,
        refs,
        size,
        deep_size,
    } = src;
    dst.id = *id;
    dst.kind = *kind;
    dst.type_label.clone_from(type_label);
    dst.title.clone_from(title);
    dst.rect = *rect;
    dst.body = *body;
    dst.rows.truncate(rows.len());
    for (d, s) in dst.rows.iter_mut().zip(rows) {
        copy_row(d, s);
    }
    let kept = dst.rows.len();
    dst.rows.extend(rows[kept..].iter().cloned());
    dst.immutable = *immutable;
    dst.grid = *grid;
    dst.mark = *mark;
    dst.summary.clone_from(summary);
    dst.refs.clone_from(refs);
    dst.size = *size;
    dst.deep_size = *deep_size;
}

fn copy_row(dst: &mut Row, src: &Row) {
    let Row { label, key, value } = src;
    match (&mut dst.label, label) {
        (Some(d), Some(s)) => {
            let Label { rect, text } = s;
            d.rect = *rect;
            d.text.clone_from(text);
        }
        (d, s) => *d = s.clone(),
    }
    match (&mut dst.key, key) {
        (Some(d), Some(s)) => copy_cell(d, s),
        (d, s) => *d = s.clone(),
    }
    copy_cell(&mut dst.value, value);
}

fn copy_cell(dst: &mut Cell, src: &Cell) {
    let Cell {
        rect,
        content,
        mark,
    } = src;
    dst.rect = *rect;
    dst.mark = *mark;
    match (&mut dst.content, content) {
        (Content::Text { text: d, kind: dk }, Content::Text { text: s, kind: sk }) => {
            d.clone_from(s);
            *dk = *sk;
        }
        (Content::Ref { to: dt, text: d }, Content::Ref { to, text: s })
        | (Content::Cut { to: dt, text: d }, Content::Cut { to, text: s }) => {
            *dt = *to;
            d.clone_from(s);
        }
        (
            Content::Gap {
                text: d,
                omitted: dn,
            },
            Content::Gap { text: s, omitted },
        ) => {
            d.clone_from(s);
            *dn = *omitted;
        }
        (d, s) => *d = s.clone(),
    }
}

#[cfg(test)]
mod tests {
    use heapscope_trace::testing::{dict, int, list_keeping_ends, str, TraceScript};

    use super::copy_box;
    use crate::{RenderOptions, StableLayout};

    #[test]
    fn a_box_written_over_any_other_equals_the_box_copied() {
        // Lists, dicts and strings of several sizes, references and gaps.
        let mut t = TraceScript::new("x = 1\n");
        let mut ids = Vec::new();
        for k in 0..30u32 {
            let v = t.new_obj(if k % 3 == 0 {
                str(&"ab".repeat(k as usize))
            } else {
                int(i64::from(k) * 1001)
            });
            ids.push(v);
            t.step(1)
                .set(&format!("l{}", k % 3), list_keeping_ends(&ids, 4));
            let pairs: Vec<(u32, u32)> = ids.iter().rev().take(3).map(|i| (i.0, i.0)).collect();
            t.set(&format!("d{}", k % 2), dict(&pairs));
        }
        let trace = t.finish();
        let opts = RenderOptions {
            heap_primitives: true,
            ..RenderOptions::default()
        };
        let mut boxes = Vec::new();
        StableLayout::new(&trace, &opts)
            .expect("a layout")
            .for_each_scene(|s| {
                boxes.extend(s.objects);
                Ok(())
            })
            .expect("scenes");
        assert!(boxes.len() > 100, "{} boxes", boxes.len());
        for (i, src) in boxes.iter().enumerate() {
            for dst in [
                &boxes[(i * 7 + 3) % boxes.len()],
                &boxes[(i + 1) % boxes.len()],
            ] {
                let mut d = dst.clone();
                copy_box(&mut d, src);
                assert_eq!(&d, src);
            }
        }
    }
}
