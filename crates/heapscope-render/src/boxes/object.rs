//! An object's box: its type label, rows and size, from the object's data alone.

use heapscope_trace::{FrameId, ObjId, ObjectData, SeqKind, Sym};

use super::metrics::*;
use super::{Builder, Entry};
use crate::scene::{Cell, Content, Label, ObjKind, ObjectBox, Rect, Row, TextKind};

impl Builder<'_> {
    /// The box of object `id` at the origin, unmarked, or `None` when it is not alive.
    pub fn object_box(&self, id: ObjId) -> Option<ObjectBox> {
        let d = self.state.object(id)?;
        let sym = |s: Sym| self.sym(s).to_owned();
        let (kind, type_label, title, immutable): (ObjKind, String, Option<String>, bool) = match d
        {
            ObjectData::Seq(k, s) => {
                let kind = match k {
                    SeqKind::List => ObjKind::List,
                    SeqKind::Tuple => ObjKind::Tuple,
                    SeqKind::Set => ObjKind::Set,
                    SeqKind::FrozenSet => ObjKind::FrozenSet,
                };
                let label = if s.omitted() > 0 {
                    format!("{} of {}", k.type_name(), thousands(s.len))
                } else {
                    k.type_name().to_owned()
                };
                (
                    kind,
                    label,
                    (s.len == 0).then(|| "empty".to_owned()),
                    !k.is_mutable(),
                )
            }
            ObjectData::Dict(dd) => {
                let label = if dd.omitted() > 0 {
                    format!("dict of {}", thousands(dd.len))
                } else {
                    "dict".into()
                };
                (
                    ObjKind::Dict,
                    label,
                    (dd.len == 0).then(|| "empty".to_owned()),
                    false,
                )
            }
            ObjectData::Derived {
                type_name, base, ..
            } => {
                // An int, str... subclass: its value is the title.
                let title = if base.is_primitive() || !base.children().is_empty() {
                    base.is_primitive().then(|| {
                        let r = self.repr.of(id);
                        let inner = r
                            .strip_prefix(&format!("{}(", sym(*type_name)))
                            .and_then(|r| r.strip_suffix(')'))
                            .unwrap_or(&r)
                            .to_owned();
                        cut(&inner, INLINE_MAX)
                    })
                } else {
                    Some("empty".to_owned())
                };
                (
                    ObjKind::Instance,
                    format!("{} instance", sym(*type_name)),
                    title,
                    false,
                )
            }
            ObjectData::Instance { type_name, .. } => (
                ObjKind::Instance,
                format!("{} instance", sym(*type_name)),
                None,
                false,
            ),
            ObjectData::Class {
                name, base_names, ..
            } => {
                let bases: Vec<&str> = base_names
                    .iter()
                    .map(|b| self.sym(*b))
                    .filter(|b| *b != "object")
                    .collect();
                let title = if bases.is_empty() {
                    sym(*name)
                } else {
                    format!("{}({})", sym(*name), bases.join(", "))
                };
                (ObjKind::Class, "class".into(), Some(title), false)
            }
            ObjectData::Function {
                signature,
                parent_frame,
                name,
                ..
            } => {
                let sig = if self.sym(*signature).is_empty() {
                    format!("{}(…)", sym(*name))
                } else {
                    sym(*signature)
                };
                let title = match parent_frame {
                    Some(FrameId(f)) => format!("{} [parent f{f}]", cut(&sig, 48)),
                    None => cut(&sig, 48),
                };
                (ObjKind::Function, "function".into(), Some(title), false)
            }
            ObjectData::Generator {
                name,
                state,
                line,
                frame,
            } => {
                use heapscope_trace::GeneratorState as G;
                // The suspended frame knows its line when the object does not.
                let line = match frame.and_then(|f| self.state.frame(f)) {
                    Some(f) if *line == 0 => f.line,
                    _ => *line,
                };
                let at = if line > 0 {
                    format!(" at line {line}")
                } else {
                    String::new()
                };
                let st = match state {
                    G::Created => format!("not started{at}"),
                    G::Suspended => format!("paused{at}"),
                    G::Running => "running".into(),
                    G::Closed => "finished".into(),
                };
                (
                    ObjKind::Generator,
                    "generator".into(),
                    Some(format!("{}: {st}", sym(*name))),
                    false,
                )
            }
            ObjectData::BoundMethod { .. } => (ObjKind::Method, "method".into(), None, true),
            ObjectData::Builtin { name, .. } => (
                ObjKind::Other,
                "builtin function".into(),
                Some(sym(*name)),
                true,
            ),
            ObjectData::Module { name } => {
                (ObjKind::Module, "module".into(), Some(sym(*name)), false)
            }
            // A library's class or function: one box naming it and its module.
            ObjectData::Imported {
                class,
                name,
                module,
                ..
            } => {
                let (kind, label) = if *class {
                    (ObjKind::Class, "class")
                } else {
                    (ObjKind::Function, "function")
                };
                let title = cut(&format!("{} from {}", sym(*name), sym(*module)), 48);
                (kind, label.into(), Some(title), false)
            }
            ObjectData::Other { type_name, summary } => (
                ObjKind::Other,
                sym(*type_name),
                Some(cut(summary, 48)),
                false,
            ),
            ObjectData::Summary(sm) => (
                ObjKind::Instance,
                format!("{}.{}", sym(sm.module), sym(sm.type_name)),
                None,
                false,
            ),
            ObjectData::Range { .. } | ObjectData::Bytes { .. } => (
                ObjKind::Other,
                self.repr.type_name(d),
                Some(cut(&self.repr.of(id), 48)),
                !d.is_mutable(),
            ),
            _ => (
                ObjKind::Primitive,
                self.repr.type_name(d),
                Some(cut(&self.repr.of(id), INLINE_MAX)),
                true,
            ),
        };
        let entries = self.entries(d);
        let mut rows = Vec::with_capacity(entries.len());
        // The rows' short texts joined with ", " as they come (one string, not one each).
        let mut summary_parts = Joined::default();
        let top = LABEL_H + PAD;
        let title_h = if title.is_some() { ROW_H } else { 0.0 };
        let mut body_w = title
            .as_deref()
            .map_or(0.0, |t| text_width(t, FONT) + 2.0 * PAD);
        let label_w =
            text_width(&type_label, SMALL) + text_width(&format!("#{}", id.0), SMALL) + 12.0;
        let mut body_h;
        match kind {
            ObjKind::List | ObjKind::Tuple | ObjKind::Set | ObjKind::FrozenSet => {
                let indexed = matches!(kind, ObjKind::List | ObjKind::Tuple);
                let idx_h = if indexed { INDEX_H } else { 0.0 };
                let contents: Vec<(Option<u64>, Content)> = entries
                    .iter()
                    .map(|e| match e {
                        Entry::Item(i, v) => (Some(*i), self.content(*v)),
                        Entry::Gap(n) => (
                            None,
                            Content::Gap {
                                text: format!("… {} more …", thousands(*n)),
                                omitted: *n,
                            },
                        ),
                        _ => (
                            None,
                            Content::Text {
                                text: String::new(),
                                kind: TextKind::Note,
                            },
                        ),
                    })
                    .collect();
                let cell_w = contents
                    .iter()
                    .filter(|(i, _)| i.is_some())
                    .map(|(_, c)| self.cell_width(c))
                    .fold(MIN_CELL, f32::max);
                // Lines of references leave a lane under each line: arrows drop into it
                // and run out of the box's right side, never across the cells below.
                let line_gap = if contents
                    .iter()
                    .any(|(_, c)| matches!(c, Content::Ref { .. }))
                {
                    ROW_SEP + 10.0
                } else {
                    ROW_SEP
                };
                let mut x = PAD;
                let mut y = top + title_h;
                let mut line_w: f32 = 0.0;
                for (n, (idx, c)) in contents.into_iter().enumerate() {
                    if n > 0 && n % LIST_WRAP == 0 {
                        x = PAD;
                        y += idx_h + ROW_H + line_gap;
                    }
                    let w = if idx.is_some() {
                        cell_w
                    } else {
                        self.cell_width(&c)
                    };
                    let rect = Rect::new(x, y + idx_h, w, ROW_H);
                    match &c {
                        Content::Ref { to, .. } => summary_parts.push(format_args!("#{to}")),
                        other => summary_parts.push(other.text()),
                    }
                    let label = match idx {
                        Some(i) if indexed => Some(Label {
                            rect: Rect::new(x, y, w, idx_h),
                            text: i.to_string(),
                        }),
                        _ => None,
                    };
                    rows.push(Row {
                        label,
                        key: None,
                        value: Cell {
                            rect,
                            content: c,
                            mark: Default::default(),
                        },
                    });
                    x += w;
                    line_w = line_w.max(x + PAD);
                }
                body_w = body_w.max(line_w);
                body_h = if rows.is_empty() {
                    title_h + PAD
                } else {
                    y + idx_h + ROW_H + PAD - LABEL_H
                };
            }
            _ => {
                let mut key_w: f32 = 0.0;
                let mut name_w: f32 = 0.0;
                let mut val_w: f32 = MIN_CELL;
                let mut specs = Vec::with_capacity(entries.len());
                for e in &entries {
                    match e {
                        Entry::Pair(k, v) => {
                            let (kc, vc) = (self.content(*k), self.content(*v));
                            key_w = key_w.max(self.cell_width(&kc));
                            val_w = val_w.max(self.cell_width(&vc));
                            summary_parts.push(format_args!(
                                "{}: {}",
                                self.short(*k),
                                self.short(*v)
                            ));
                            specs.push((None, Some(kc), vc));
                        }
                        Entry::Named(n, _, v) => {
                            let vc = self.content(*v);
                            name_w = name_w.max(text_width(n, NAME));
                            val_w = val_w.max(self.cell_width(&vc));
                            summary_parts.push(format_args!("{n}={}", self.short(*v)));
                            specs.push((Some(n.clone()), None, vc));
                        }
                        Entry::Gap(n) => {
                            let t = format!("… {} more …", thousands(*n));
                            summary_parts.push(&t);
                            specs.push((
                                None,
                                None,
                                Content::Gap {
                                    text: t,
                                    omitted: *n,
                                },
                            ));
                        }
                        Entry::Item(_, v) => specs.push((None, None, self.content(*v))),
                        Entry::Fact(n, t) => {
                            let vc = Content::Text {
                                text: cut(t, 64),
                                kind: TextKind::Value,
                            };
                            name_w = name_w.max(text_width(n, NAME));
                            val_w = val_w.max(self.cell_width(&vc));
                            summary_parts.push(format_args!("{n}={t}"));
                            specs.push((Some(n.clone()), None, vc));
                        }
                    }
                }
                let name_col = if name_w > 0.0 { name_w + 8.0 } else { 0.0 };
                let key_col = if key_w > 0.0 { key_w } else { 0.0 };
                let mut y = top + title_h;
                for (name, key, vc) in specs {
                    let label = name.map(|n| Label {
                        rect: Rect::new(PAD, y, name_w, ROW_H),
                        text: n,
                    });
                    let gap = matches!(vc, Content::Gap { .. });
                    let key = key.map(|kc| Cell {
                        rect: Rect::new(PAD + name_col, y, key_col, ROW_H),
                        content: kc,
                        mark: Default::default(),
                    });
                    let rect = if gap {
                        Rect::new(
                            PAD + name_col,
                            y,
                            (key_col + val_w).max(self.cell_width(&vc)),
                            ROW_H,
                        )
                    } else {
                        Rect::new(PAD + name_col + key_col, y, val_w, ROW_H)
                    };
                    body_w = body_w.max(rect.right() + PAD);
                    rows.push(Row {
                        label,
                        key,
                        value: Cell {
                            rect,
                            content: vc,
                            mark: Default::default(),
                        },
                    });
                    y += ROW_H + ROW_SEP;
                }
                body_h = y - LABEL_H + PAD - ROW_SEP;
                if rows.is_empty() {
                    body_h = title_h + 2.0 * PAD;
                }
            }
        }
        let w = body_w.max(label_w).max(2.0 * PAD + MIN_CELL);
        let summary = match d {
            ObjectData::Seq(SeqKind::List, _) => format!("[{}]", summary_parts.0),
            ObjectData::Seq(SeqKind::Tuple, s) if s.len == 1 => {
                format!("({},)", summary_parts.0)
            }
            ObjectData::Seq(SeqKind::Tuple, _) => format!("({})", summary_parts.0),
            ObjectData::Seq(SeqKind::Set, _) => format!("{{{}}}", summary_parts.0),
            ObjectData::Seq(SeqKind::FrozenSet, _) => {
                format!("frozenset({{{}}})", summary_parts.0)
            }
            ObjectData::Dict(_) => format!("{{{}}}", summary_parts.0),
            _ => {
                let mut s = title.clone().unwrap_or_default();
                if summary_parts.1 {
                    if !s.is_empty() {
                        s.push(' ');
                    }
                    s.push_str(&format!("({})", summary_parts.0));
                }
                s
            }
        };
        Some(ObjectBox {
            id: id.0,
            kind,
            type_label,
            title,
            rect: Rect::new(0.0, 0.0, w, LABEL_H + body_h),
            body: Rect::new(0.0, LABEL_H, w, body_h),
            rows,
            immutable,
            grid: (0, 0),
            mark: Default::default(),
            summary,
            refs: None,
            size: None,
            deep_size: None,
        })
    }
}

/// Texts joined with ", " as they are pushed: `.0` is what `join(", ")` of them gives,
/// `.1` whether any was pushed (an empty text pushed alone leaves `.0` empty).
#[derive(Default)]
struct Joined(String, bool);

impl Joined {
    fn push(&mut self, t: impl std::fmt::Display) {
        use std::fmt::Write;
        if self.1 {
            self.0.push_str(", ");
        }
        self.1 = true;
        let _ = write!(self.0, "{t}");
    }
}
