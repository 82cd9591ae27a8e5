//! Frame boxes: the stack in order, exited frames faded in, the middle of a deep stack
//! folded.

use heapscope_trace::{Event, FrameId, FrameKind, FrameStatus, State};

use super::stepper::{Item, Stepper};
use super::MIN_FRAME_W;
use crate::boxes::{
    cut, text_width, thousands, Builder, FONT, FRAME_HEADER_H, NAME, PAD, ROW_H, SMALL,
};
use crate::options::ExitedFrames;
use crate::scene::{Cell, Content, FrameBox, Label, Mark, Rect, Row};

impl Stepper<'_> {
    /// The frames to draw, in stack order, with the middle of a deep stack folded.
    pub(super) fn frame_items(&self, b: &Builder, state: &State) -> Vec<Item> {
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
