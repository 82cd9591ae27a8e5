//! The heap of one step: the objects the shown frames reach, written as met (depth first,
//! each before its children, as Python Tutor lists them), with the encodings of values.
//!
//! The format repeats every reachable object at every step, so the big ones (a list grown
//! one item a step) are what costs. A sequence's or dict's entry is kept, with what it was
//! made from, and written again as is while the object holds the same items; a list that
//! only grew has its new items appended to the kept text. That is sound because what an
//! item's encoding depends on never changes for its id: ids are never reused, inline
//! values are immutable, a reference is its id, and an entry with an unknown item is
//! not kept.

// Keyed by ids the trace numbers itself: the fast hash is safe and cheaper per step.
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::converter::Converter;
use super::json;
use super::names::{clean_signature, short};
use super::values::inline;
use crate::display::{Repr, ReprOptions};
use crate::model::{ObjId, ObjectData, SeqKind};
use crate::state::State;
use crate::Sym;

/// Entries with fewer items are written afresh: keeping them costs about what it saves.
const KEEP_FROM_ITEMS: usize = 8;

/// What a kept entry was made from.
#[derive(PartialEq)]
enum Made {
    Seq(SeqKind, Vec<ObjId>),
    Dict(Vec<(ObjId, ObjId)>),
}

/// An entry as last written.
struct Kept {
    made: Made,
    /// The entry's text.
    text: Vec<u8>,
    /// The objects it refers to, in order (to queue them again when the text is reused).
    refs: Vec<ObjId>,
}

/// What the heap keeps from step to step: kept entries and reused buffers.
#[derive(Default)]
pub(super) struct HeapMemo {
    kept: HashMap<ObjId, Kept>,
    /// Written off: every entry is written afresh (the reference the kept texts are
    /// tested against).
    pub(super) fresh: bool,
    done: HashSet<ObjId>,
    todo: Vec<ObjId>,
    /// The objects referred to by the entry being written.
    refs: Vec<ObjId>,
    /// True when the entry being written met an object the trace does not hold.
    unknown: bool,
    scratch: Vec<u8>,
}

impl HeapMemo {
    /// Drops the kept entries of freed objects (they are only shown again by a zombie
    /// frame, and then written afresh).
    pub(super) fn forget(&mut self, freed: &[ObjId]) {
        if !self.kept.is_empty() {
            for id in freed {
                self.kept.remove(id);
            }
        }
    }
}

/// The heap of one step, written into `out` as the inside of a JSON object.
pub(super) struct Heap<'a> {
    conv: &'a Converter,
    pub(super) state: &'a State,
    memo: &'a mut HeapMemo,
    out: &'a mut Vec<u8>,
}

impl<'a> Heap<'a> {
    pub(super) fn new(
        conv: &'a Converter,
        state: &'a State,
        memo: &'a mut HeapMemo,
        out: &'a mut Vec<u8>,
    ) -> Self {
        memo.done.clear();
        memo.todo.clear();
        out.clear();
        Heap {
            conv,
            state,
            memo,
            out,
        }
    }

    /// Writes a value as a variable slot or container item holds it: inline, or a
    /// reference (the object is then added to the heap).
    pub(super) fn encode(&mut self, id: ObjId, out: &mut Vec<u8>) {
        self.value(id, out);
        self.drain();
    }

    /// An object's content: live, or as it was last seen (kept by a zombie frame).
    fn object(&self, id: ObjId) -> Option<&'a ObjectData> {
        self.state.object(id).or_else(|| self.conv.shadow.get(&id))
    }

    fn value(&mut self, id: ObjId, out: &mut Vec<u8>) {
        let Some(d) = self.object(id) else {
            self.memo.unknown = true;
            out.extend_from_slice(b"[\"IMPORTED_FAUX_PRIMITIVE\",\"unknown object\"]");
            return;
        };
        if !self.conv.opts.heap_primitives && inline(d, out) {
            return;
        }
        if self.faux(d, out) {
            return;
        }
        if self.memo.done.insert(id) {
            self.memo.todo.push(id);
        }
        self.memo.refs.push(id);
        out.extend_from_slice(b"[\"REF\",");
        json::uint(out, u64::from(id.0));
        out.push(b']');
    }

    /// Values Python Tutor shows as a grey label instead of an object.
    fn faux(&self, d: &ObjectData, out: &mut Vec<u8>) -> bool {
        let label: &[u8] = match d {
            ObjectData::Function { signature, .. }
                if self.conv.syms().text(*signature).ends_with("(...)") =>
            {
                b"[\"IMPORTED_FAUX_PRIMITIVE\",\"imported object\"]"
            }
            ObjectData::Imported { class: true, .. } => {
                b"[\"IMPORTED_FAUX_PRIMITIVE\",\"imported class\"]"
            }
            ObjectData::Imported { class: false, .. } => {
                b"[\"IMPORTED_FAUX_PRIMITIVE\",\"imported object\"]"
            }
            _ => return false,
        };
        out.extend_from_slice(label);
        true
    }

    /// Writes the queued objects depth first, each before its children.
    fn drain(&mut self) {
        while let Some(id) = self.memo.todo.pop() {
            let before = self.memo.todo.len();
            let mut text = std::mem::take(&mut self.memo.scratch);
            text.clear();
            self.entry(id, &mut text);
            if !self.out.is_empty() {
                self.out.push(b',');
            }
            self.out.push(b'"');
            json::uint(self.out, u64::from(id.0));
            self.out.extend_from_slice(b"\":");
            self.out.extend_from_slice(&text);
            self.memo.scratch = text;
            // Children were queued in order; visit the first one first.
            self.memo.todo[before..].reverse();
        }
    }

    /// Queues the objects a reused entry refers to, as writing it would have.
    fn requeue(done: &mut HashSet<ObjId>, todo: &mut Vec<ObjId>, refs: &[ObjId]) {
        for &r in refs {
            if done.insert(r) {
                todo.push(r);
            }
        }
    }

    /// Writes one heap entry, reusing or extending its kept text when it can.
    fn entry(&mut self, id: ObjId, out: &mut Vec<u8>) {
        let made = match self.object(id) {
            Some(ObjectData::Seq(kind, seq)) if seq.items.len() >= KEEP_FROM_ITEMS => {
                Some((Some(*kind), seq.items.as_slice(), &[][..]))
            }
            Some(ObjectData::Dict(d)) if d.entries.len() >= KEEP_FROM_ITEMS => {
                Some((None, &[][..], d.entries.as_slice()))
            }
            _ => None,
        };
        let Some((kind, items, entries)) = made.filter(|_| !self.memo.fresh) else {
            self.memo.refs.clear();
            self.write_entry(id, out);
            return;
        };
        if let Some(mut kept) = self.memo.kept.remove(&id) {
            let HeapMemo { done, todo, .. } = &mut *self.memo;
            let same = match (&kept.made, kind) {
                (Made::Seq(k, old), Some(kind)) => *k == kind && old.as_slice() == items,
                (Made::Dict(old), None) => old.as_slice() == entries,
                _ => false,
            };
            if same {
                Self::requeue(done, todo, &kept.refs);
                out.extend_from_slice(&kept.text);
                self.memo.kept.insert(id, kept);
                return;
            }
            // A list that only grew: its new items go after the kept ones.
            if let (Made::Seq(SeqKind::List, old), Some(SeqKind::List)) = (&mut kept.made, kind) {
                if items.len() > old.len() && items.starts_with(old) {
                    Self::requeue(done, todo, &kept.refs);
                    let from = old.len();
                    kept.text.pop(); // the closing bracket
                    self.memo.refs.clear();
                    self.memo.unknown = false;
                    for &item in &items[from..] {
                        kept.text.push(b',');
                        self.value(item, &mut kept.text);
                    }
                    kept.text.push(b']');
                    out.extend_from_slice(&kept.text);
                    if !self.memo.unknown {
                        kept.refs.extend_from_slice(&self.memo.refs);
                        if let Made::Seq(_, old) = &mut kept.made {
                            old.extend_from_slice(&items[from..]);
                        }
                        self.memo.kept.insert(id, kept);
                    }
                    return;
                }
            }
        }
        self.memo.refs.clear();
        self.memo.unknown = false;
        let start = out.len();
        self.write_entry(id, out);
        if !self.memo.unknown {
            let made = match kind {
                Some(k) => Made::Seq(k, items.to_vec()),
                None => Made::Dict(entries.to_vec()),
            };
            let kept = Kept {
                made,
                text: out[start..].to_vec(),
                refs: self.memo.refs.clone(),
            };
            self.memo.kept.insert(id, kept);
        }
    }

    /// Appends `["name", value]` rows, by name as Python Tutor lists attributes.
    fn put_attrs(&mut self, out: &mut Vec<u8>, attrs: &[(Sym, ObjId)]) {
        let syms = self.conv.syms();
        let mut attrs = attrs.to_vec();
        attrs.sort_by(|a, b| syms.text(a.0).cmp(syms.text(b.0)));
        for (n, val) in attrs {
            out.extend_from_slice(b",[");
            json::string(out, syms.text(n));
            out.push(b',');
            self.value(val, out);
            out.push(b']');
        }
    }

    /// `["TAG","text",repr]` of an object Python Tutor shows by its repr.
    fn pprint(&self, out: &mut Vec<u8>, id: ObjId, type_name: &str, depth: usize) {
        let repr = Repr::new(
            self.state,
            self.conv.syms(),
            ReprOptions {
                max_depth: depth,
                max_chars: 10_000,
            },
        );
        out.extend_from_slice(b"[\"INSTANCE_PPRINT\",");
        json::string(out, type_name);
        out.push(b',');
        json::string(out, &repr.of(id));
        out.push(b']');
    }

    /// Writes an object's entry afresh.
    fn write_entry(&mut self, id: ObjId, out: &mut Vec<u8>) {
        let syms = self.conv.syms();
        let Some(d) = self.object(id) else {
            out.extend_from_slice(b"[\"INSTANCE\",\"object\"]");
            return;
        };
        let tag = |out: &mut Vec<u8>, a: &str, b: &str| {
            out.extend_from_slice(b"[\"");
            out.extend_from_slice(a.as_bytes());
            out.extend_from_slice(b"\",");
            json::string(out, b);
            out.push(b']');
        };
        match d {
            ObjectData::None
            | ObjectData::Bool(_)
            | ObjectData::Int(_)
            | ObjectData::Float(_)
            | ObjectData::Str(_) => {
                let type_name = Repr::new(self.state, syms, ReprOptions::default()).type_name(d);
                out.extend_from_slice(b"[\"HEAP_PRIMITIVE\",");
                json::string(out, &type_name);
                out.push(b',');
                if !inline(d, out) {
                    out.extend_from_slice(b"null");
                }
                out.push(b']');
            }
            ObjectData::Complex { .. } | ObjectData::Bytes { .. } | ObjectData::Range { .. } => {
                let repr = Repr::new(self.state, syms, ReprOptions::default());
                self.pprint(out, id, &repr.type_name(d), 4);
            }
            ObjectData::Seq(kind, seq) => {
                out.extend_from_slice(match kind {
                    SeqKind::List => b"[\"LIST\"",
                    SeqKind::Tuple => b"[\"TUPLE\"",
                    SeqKind::Set | SeqKind::FrozenSet => b"[\"SET\"",
                });
                for &item in &seq.items {
                    out.push(b',');
                    self.value(item, out);
                }
                out.push(b']');
            }
            ObjectData::Dict(dict) => {
                out.extend_from_slice(b"[\"DICT\"");
                for &(k, val) in &dict.entries {
                    out.extend_from_slice(b",[");
                    self.value(k, out);
                    out.push(b',');
                    self.value(val, out);
                    out.push(b']');
                }
                out.push(b']');
            }
            ObjectData::Instance {
                type_name, attrs, ..
            } => {
                out.extend_from_slice(b"[\"INSTANCE\",");
                json::string(out, short(syms.text(*type_name)));
                self.put_attrs(out, attrs);
                out.push(b']');
            }
            ObjectData::Class {
                name,
                base_names,
                attrs,
                ..
            } => {
                out.extend_from_slice(b"[\"CLASS\",");
                json::string(out, short(syms.text(*name)));
                out.extend_from_slice(b",[");
                let bases = base_names.iter().map(|b| syms.text(*b));
                for (i, b) in bases.filter(|b| *b != "object").enumerate() {
                    if i > 0 {
                        out.push(b',');
                    }
                    json::string(out, short(b));
                }
                out.push(b']');
                self.put_attrs(out, attrs);
                out.push(b']');
            }
            ObjectData::Function {
                signature,
                parent_frame,
                defaults,
                ..
            } => {
                let (sig, names) = clean_signature(syms.text(*signature), defaults.len());
                out.extend_from_slice(b"[\"FUNCTION\",");
                json::string(out, &sig);
                out.push(b',');
                let conv = self.conv;
                match conv
                    .fn_parent
                    .get(&id)
                    .copied()
                    .or(*parent_frame)
                    .and_then(|p| conv.frame_ids.get(&p))
                {
                    Some(&n) => json::uint(out, n),
                    None => out.extend_from_slice(b"null"),
                }
                if !defaults.is_empty() {
                    out.extend_from_slice(b",[");
                    for (i, (name, &d)) in names.iter().zip(defaults).enumerate() {
                        if i > 0 {
                            out.push(b',');
                        }
                        out.push(b'[');
                        json::string(out, name);
                        out.push(b',');
                        self.value(d, out);
                        out.push(b']');
                    }
                    out.push(b']');
                }
                out.push(b']');
            }
            ObjectData::Builtin { name, .. } => {
                out.extend_from_slice(b"[\"FUNCTION\",");
                json::string(out, &format!("{}(...)", syms.text(*name)));
                out.extend_from_slice(b",null]");
            }
            ObjectData::BoundMethod { .. } => tag(out, "INSTANCE", "method"),
            ObjectData::Generator { .. } => tag(out, "INSTANCE", "generator"),
            ObjectData::Module { .. } => tag(out, "INSTANCE", "module"),
            // Python Tutor shows such an object by its repr; heapscope's is read from the
            // trace (the class's own `__repr__` never runs).
            ObjectData::Derived { type_name, .. } => {
                self.pprint(out, id, short(syms.text(*type_name)), 4);
            }
            ObjectData::Imported { class, .. } => {
                tag(out, "INSTANCE", if *class { "type" } else { "function" });
            }
            ObjectData::Other { type_name, .. } => {
                tag(out, "INSTANCE", short(syms.text(*type_name)));
            }
            // Python Tutor's pretty-printed instance: the summary's facts as one line.
            ObjectData::Summary(s) => self.pprint(out, id, short(syms.text(s.type_name)), 1),
        }
    }
}
