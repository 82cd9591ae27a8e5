//! Boxes at the origin: what each frame and object looks like and how big it is, before
//! anything is placed. Sizes come from the shipped monospace font, so they are exact.

use heapscope_trace::{
    FrameId, ObjId, ObjectData, Repr, ReprOptions, SeqKind, State, Sym, Symbols,
};

use crate::options::{Pointers, RenderOptions};
use crate::scene::{Cell, Content, Label, ObjKind, ObjectBox, Rect, Row, TextKind};

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
const ROW_SEP: f32 = 3.0;
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
const INDEX_H: f32 = 13.0;
/// A reference cell: just wide enough for the dot the arrow starts from.
const REF_W: f32 = 28.0;
/// Narrowest value cell.
const MIN_CELL: f32 = 28.0;
/// List cells per line before wrapping (lists of values only).
pub(crate) const LIST_WRAP: usize = 10;
/// Longest inline value, in characters.
const INLINE_MAX: usize = 36;

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

/// Which slot of an object a row shows: used to tell which cells a mutation touched.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum RowKey {
    Index(u64),
    Key(ObjId),
    Name(Sym),
    Special(u8),
}

/// One entry of an object, before it becomes a row.
enum Entry {
    Item(u64, ObjId),
    Gap(u64),
    Pair(ObjId, ObjId),
    Named(String, RowKey, ObjId),
    /// A named fact written as text (a library object's dtype, shape, first values).
    Fact(String, String),
}

/// Reads objects of one state into boxes.
pub(crate) struct Builder<'a> {
    pub state: &'a State,
    pub symbols: &'a Symbols,
    pub opts: &'a RenderOptions,
    repr: Repr<'a>,
}

impl<'a> Builder<'a> {
    pub fn new(state: &'a State, symbols: &'a Symbols, opts: &'a RenderOptions) -> Self {
        let repr = Repr::new(
            state,
            symbols,
            ReprOptions {
                max_depth: 2,
                max_chars: 120,
            },
        );
        Builder {
            state,
            symbols,
            opts,
            repr,
        }
    }

    pub fn sym(&self, s: Sym) -> &'a str {
        self.symbols.text(s)
    }

    /// True when `id` gets a box of its own (rather than sitting inline in its slot).
    pub fn boxed(&self, id: ObjId) -> bool {
        match self.state.object(id) {
            Some(d) => self.opts.heap_primitives || !d.is_primitive(),
            None => false,
        }
    }

    /// The content of a slot holding `id`.
    pub fn content(&self, id: ObjId) -> Content {
        match self.state.object(id) {
            None => Content::Text {
                text: format!("#{} (gone)", id.0),
                kind: TextKind::Missing,
            },
            Some(_) if self.boxed(id) => Content::Ref {
                to: id.0,
                text: format!("→ #{}", id.0),
            },
            Some(_) => Content::Text {
                text: cut(&self.repr.of(id), INLINE_MAX),
                kind: TextKind::Value,
            },
        }
    }

    /// The width a cell needs for `c`.
    pub fn cell_width(&self, c: &Content) -> f32 {
        let w = match c {
            Content::Ref { text, .. } => match self.opts.pointers {
                Pointers::Arrows => REF_W,
                Pointers::Text => text_width(text, FONT) + 2.0 * PAD,
            },
            Content::Cut { .. } => REF_W + 10.0,
            other => text_width(other.text(), FONT) + 2.0 * PAD,
        };
        w.max(MIN_CELL)
    }

    /// Short text of a slot for one-line summaries: the value, or `#3` for a box.
    fn short(&self, id: ObjId) -> String {
        match self.content(id) {
            Content::Ref { to, .. } => format!("#{to}"),
            c => c.text().to_owned(),
        }
    }

    /// The values a row-based object shows, with the key each row stands for.
    pub fn row_values(&self, d: &ObjectData) -> Vec<(RowKey, ObjId)> {
        self.entries(d)
            .into_iter()
            .filter_map(|e| match e {
                Entry::Item(i, v) => Some((RowKey::Index(i), v)),
                Entry::Pair(k, v) => Some((RowKey::Key(k), v)),
                Entry::Named(_, key, v) => Some((key, v)),
                Entry::Gap(_) | Entry::Fact(..) => None,
            })
            .collect()
    }

    fn entries(&self, d: &ObjectData) -> Vec<Entry> {
        let mut out = Vec::new();
        match d {
            ObjectData::Seq(_, seq) => {
                for (i, &item) in seq.items.iter().enumerate() {
                    if i == seq.gap_at as usize && seq.omitted() > 0 {
                        out.push(Entry::Gap(seq.omitted()));
                    }
                    out.push(Entry::Item(seq.index_of(i), item));
                }
                if seq.gap_at as usize >= seq.items.len() && seq.omitted() > 0 {
                    out.push(Entry::Gap(seq.omitted()));
                }
            }
            ObjectData::Dict(dict) => {
                for (i, &(k, v)) in dict.entries.iter().enumerate() {
                    if i == dict.gap_at as usize && dict.omitted() > 0 {
                        out.push(Entry::Gap(dict.omitted()));
                    }
                    out.push(Entry::Pair(k, v));
                }
                if dict.gap_at as usize >= dict.entries.len() && dict.omitted() > 0 {
                    out.push(Entry::Gap(dict.omitted()));
                }
            }
            // A builtin subclass's instance: its items (by index) or entries, then its
            // own attributes, all as rows.
            ObjectData::Derived { base, attrs, .. } => {
                for e in self.entries(base) {
                    out.push(match e {
                        Entry::Item(i, v) => Entry::Named(i.to_string(), RowKey::Index(i), v),
                        other => other,
                    });
                }
                for &(name, v) in attrs {
                    out.push(Entry::Named(
                        self.sym(name).to_owned(),
                        RowKey::Name(name),
                        v,
                    ));
                }
            }
            ObjectData::Instance { attrs, .. } | ObjectData::Class { attrs, .. } => {
                for &(name, v) in attrs {
                    out.push(Entry::Named(
                        self.sym(name).to_owned(),
                        RowKey::Name(name),
                        v,
                    ));
                }
            }
            ObjectData::Function {
                cells, defaults, ..
            } => {
                for &(name, v) in cells {
                    out.push(Entry::Named(
                        self.sym(name).to_owned(),
                        RowKey::Name(name),
                        v,
                    ));
                }
                // Only defaults that are boxes: the mutable-default trap deserves an arrow.
                for (i, &v) in defaults.iter().enumerate() {
                    if self.boxed(v) && self.state.object(v).is_some_and(|d| d.is_mutable()) {
                        out.push(Entry::Named("default".into(), RowKey::Index(i as u64), v));
                    }
                }
            }
            // A library data object: its facts as text rows, then the parts it holds.
            ObjectData::Summary(sm) => {
                for (n, v) in &sm.fields {
                    out.push(Entry::Fact(n.clone(), v.clone()));
                }
                for (i, (n, v)) in sm.parts.iter().enumerate() {
                    out.push(Entry::Named(n.clone(), RowKey::Index(i as u64), *v));
                }
            }
            ObjectData::BoundMethod { func, receiver } => {
                out.push(Entry::Named("function".into(), RowKey::Special(0), *func));
                out.push(Entry::Named("self".into(), RowKey::Special(1), *receiver));
            }
            ObjectData::Builtin {
                receiver: Some(r), ..
            } => {
                out.push(Entry::Named("self".into(), RowKey::Special(1), *r));
            }
            ObjectData::Generator { frame: Some(f), .. } => {
                if let Some(fr) = self
                    .state
                    .frame(*f)
                    .filter(|fr| fr.status == heapscope_trace::FrameStatus::Suspended)
                {
                    for &(name, v) in &fr.vars {
                        out.push(Entry::Named(
                            self.sym(name).to_owned(),
                            RowKey::Name(name),
                            v,
                        ));
                    }
                }
            }
            _ => {}
        }
        out
    }

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
        let mut summary_parts = Vec::with_capacity(entries.len());
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
                    summary_parts.push(match &c {
                        Content::Ref { to, .. } => format!("#{to}"),
                        other => other.text().to_owned(),
                    });
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
                            summary_parts.push(format!("{}: {}", self.short(*k), self.short(*v)));
                            specs.push((None, Some(kc), vc));
                        }
                        Entry::Named(n, _, v) => {
                            let vc = self.content(*v);
                            name_w = name_w.max(text_width(n, NAME));
                            val_w = val_w.max(self.cell_width(&vc));
                            summary_parts.push(format!("{n}={}", self.short(*v)));
                            specs.push((Some(n.clone()), None, vc));
                        }
                        Entry::Gap(n) => {
                            let t = format!("… {} more …", thousands(*n));
                            summary_parts.push(t.clone());
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
                            summary_parts.push(format!("{n}={t}"));
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
            ObjectData::Seq(SeqKind::List, _) => format!("[{}]", summary_parts.join(", ")),
            ObjectData::Seq(SeqKind::Tuple, s) if s.len == 1 => {
                format!("({},)", summary_parts.join(", "))
            }
            ObjectData::Seq(SeqKind::Tuple, _) => format!("({})", summary_parts.join(", ")),
            ObjectData::Seq(SeqKind::Set, _) => format!("{{{}}}", summary_parts.join(", ")),
            ObjectData::Seq(SeqKind::FrozenSet, _) => {
                format!("frozenset({{{}}})", summary_parts.join(", "))
            }
            ObjectData::Dict(_) => format!("{{{}}}", summary_parts.join(", ")),
            _ => {
                let mut s = title.clone().unwrap_or_default();
                if !summary_parts.is_empty() {
                    if !s.is_empty() {
                        s.push(' ');
                    }
                    s.push_str(&format!("({})", summary_parts.join(", ")));
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
