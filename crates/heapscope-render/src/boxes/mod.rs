//! Boxes at the origin: what each frame and object looks like and how big it is, before
//! anything is placed. Sizes come from the shipped monospace font, so they are exact.
//!
//! - `metrics`: the sizes boxes are built from (shared with the layout and the painters).
//! - `object`: an object's box.
//! - `edit`: reference counts and sizes added to a box, and moving it into place.

mod edit;
pub(crate) mod metrics;
mod object;

pub(crate) use edit::{add_info, shift_object, shift_row, size_words};
pub use metrics::text_width;
pub(crate) use metrics::*;

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use heapscope_trace::{ObjId, ObjectData, Repr, ReprOptions, State, Sym, Symbols};

use crate::options::{Pointers, RenderOptions};
use crate::scene::{Content, TextKind};

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

/// The inline text of primitive objects (ints, strings, floats...), kept from one step to
/// the next by whoever walks the steps: a primitive never changes, and a list box rebuilt
/// at every step of a loop would otherwise format the same hundred values each time.
/// The walker forgets an id when its object is freed, created or changed.
pub(crate) type InlineTexts = Rc<RefCell<HashMap<ObjId, String, rustc_hash::FxBuildHasher>>>;

/// Reads objects of one state into boxes.
pub(crate) struct Builder<'a> {
    pub state: &'a State,
    pub symbols: &'a Symbols,
    pub opts: &'a RenderOptions,
    repr: Repr<'a>,
    texts: Option<InlineTexts>,
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
            texts: None,
        }
    }

    /// This builder, reading and keeping inline texts in `texts`.
    pub fn with_texts(mut self, texts: InlineTexts) -> Self {
        self.texts = Some(texts);
        self
    }

    /// The text of a primitive shown inline.
    fn inline_text(&self, id: ObjId) -> String {
        if let Some(hit) = self
            .texts
            .as_ref()
            .and_then(|t| t.borrow().get(&id).cloned())
        {
            return hit;
        }
        let text = cut(&self.repr.of(id), INLINE_MAX);
        if let Some(t) = &self.texts {
            t.borrow_mut().insert(id, text.clone());
        }
        text
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
                text: self.inline_text(id),
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
        // Lists and dicts, the objects that grow long, without making their entries.
        match d {
            ObjectData::Seq(_, seq) => {
                return (seq.items.iter().enumerate())
                    .map(|(i, &v)| (RowKey::Index(seq.index_of(i)), v))
                    .collect();
            }
            ObjectData::Dict(dict) => {
                return (dict.entries.iter())
                    .map(|&(k, v)| (RowKey::Key(k), v))
                    .collect();
            }
            _ => {}
        }
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
        let mut out = match d {
            ObjectData::Seq(_, seq) => Vec::with_capacity(seq.items.len() + 1),
            ObjectData::Dict(dict) => Vec::with_capacity(dict.entries.len() + 1),
            _ => Vec::new(),
        };
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
}
