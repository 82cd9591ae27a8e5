//! The sizes every box is built from: text sizes, row heights, paddings, and the width
//! of text in the shipped monospace font. The layout and the painters read them here, so
//! neither depends on the other's numbers.

/// Value text size.
pub(crate) const FONT: f32 = 13.0;
/// Label and index size.
pub(crate) const SMALL: f32 = 11.0;
/// Variable and attribute names.
pub(crate) const NAME: f32 = 12.0;
/// DejaVu Sans Mono's advance width per em (1233 / 2048).
const ADVANCE: f32 = 0.6021;
/// Height of a cell.
pub(crate) const ROW_H: f32 = 24.0;
/// Space between rows of a box.
pub(crate) const ROW_SEP: f32 = 3.0;
/// Inner padding.
pub(crate) const PAD: f32 = 6.0;
/// The strip above an object's body with its type and id.
pub(crate) const LABEL_H: f32 = 16.0;
/// The strip under an object's body with its sizes.
pub(crate) const FOOT_H: f32 = 14.0;
/// Size of the text in that strip.
pub(crate) const FOOT_FONT: f32 = 10.0;
/// The strip with a frame's name.
pub(crate) const FRAME_HEADER_H: f32 = 24.0;
/// Height of the index strip above list cells.
pub(crate) const INDEX_H: f32 = 13.0;
/// A reference cell: just wide enough for the dot the arrow starts from.
pub(crate) const REF_W: f32 = 28.0;
/// Narrowest value cell.
pub(crate) const MIN_CELL: f32 = 28.0;
/// List cells per line before wrapping (lists of values only).
pub(crate) const LIST_WRAP: usize = 10;
/// Longest inline value, in characters.
pub(crate) const INLINE_MAX: usize = 36;

/// Width of `s` at `size` in the shipped monospace font (wide CJK glyphs count double).
pub fn text_width(s: &str, size: f32) -> f32 {
    let cols: usize = s.chars().map(|c| if is_wide(c) { 2 } else { 1 }).sum();
    cols as f32 * ADVANCE * size
}

fn is_wide(c: char) -> bool {
    matches!(c as u32, 0x1100..=0x115F | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x1F300..=0x1F64F | 0x1F900..=0x1F9FF | 0x20000..=0x3FFFD)
}

/// Cuts `s` to `max` characters with an ellipsis.
pub(crate) fn cut(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_owned()
    } else {
        let mut t: String = s.chars().take(max.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

/// `9990` → `9,990`.
pub(crate) fn thousands(n: u64) -> String {
    heapscope_trace::format_count(n)
}

/// The height a freed object's ghost tag takes under its box (the layout leaves room for
/// it, the SVG painter draws it).
pub(crate) const GHOST_TAG_H: f32 = 18.0;
