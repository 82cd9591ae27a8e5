//! Changes to a built box: its reference count and sizes, and moving it into place.

use super::metrics::{text_width, FOOT_FONT, FOOT_H, SMALL};
use crate::scene::{ObjectBox, Rect, Row};

/// Gives a box its reference count and sizes, widening it for their words and adding the
/// strip under its body for the sizes.
pub(crate) fn add_info(
    b: &mut ObjectBox,
    refs: Option<heapscope_trace::Refs>,
    size: Option<u64>,
    deep: Option<u64>,
) {
    b.refs = refs;
    b.size = size;
    b.deep_size = deep;
    let id_w = text_width(&format!("#{}", b.id), SMALL);
    let mut need = 0.0_f32;
    if let Some(r) = b.refs_text() {
        need = need.max(text_width(&format!("{} · {r}", b.type_label), SMALL) + id_w + 12.0);
    }
    if let Some(words) = size_words(b) {
        need = need.max(text_width(&words, FOOT_FONT) + 2.0);
        b.rect.h += FOOT_H;
    }
    if need > b.rect.w {
        b.rect.w = need;
        b.body.w = need;
    }
}

/// The words of a box's size strip: `56 B · deep 212 B`.
pub(crate) fn size_words(b: &ObjectBox) -> Option<String> {
    let (own, deep) = b.size_texts()?;
    Some(match deep {
        Some(d) => format!("{own} · deep {d}"),
        None => own,
    })
}

/// Moves every rectangle of a box by (dx, dy).
pub(crate) fn shift_object(b: &mut ObjectBox, dx: f32, dy: f32) {
    let mv = |r: &mut Rect| {
        r.x += dx;
        r.y += dy;
    };
    mv(&mut b.rect);
    mv(&mut b.body);
    for row in &mut b.rows {
        shift_row(row, dx, dy);
    }
}

pub(crate) fn shift_row(row: &mut Row, dx: f32, dy: f32) {
    let mv = |r: &mut Rect| {
        r.x += dx;
        r.y += dy;
    };
    if let Some(l) = &mut row.label {
        mv(&mut l.rect);
    }
    if let Some(k) = &mut row.key {
        mv(&mut k.rect);
    }
    mv(&mut row.value.rect);
}
