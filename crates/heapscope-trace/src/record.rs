//! The change language: what the tracer says happened, one record at a time, and its
//! compact binary form (one tag byte, then LEB128 varints). The same records make up the
//! worker's stream, the deltas between keyframes, and the keyframes themselves.

use crate::codec::{Reader, Writer};
use crate::error::{corrupt, Result};
use crate::model::{
    DictData, Event, FrameId, FrameKind, FreeCause, GeneratorState, IntValue, ObjId, ObjInfo,
    ObjectData, Refs, SeqKind, Sequence, Stream, Sym, TextValue,
};

/// One change. A step is a [`Record::Step`] followed by the changes that lead to its state.
#[derive(Clone, Debug, PartialEq)]
pub enum Record {
    /// Defines symbol `sym` (the next free number) as `text`.
    Sym {
        /// The symbol.
        sym: Sym,
        /// Its text.
        text: String,
    },
    /// Starts a new step.
    Step {
        /// What happened.
        event: Event,
        /// The line (1-based) in the current frame's file.
        line: u32,
        /// The frame the step happens in.
        frame: FrameId,
    },
    /// A frame was pushed on the stack (a call).
    FramePush {
        /// Its id.
        frame: FrameId,
        /// The function's (qualified) name.
        func: Sym,
        /// Index of its source file in the trace's sources.
        file: u32,
        /// What kind of code it runs.
        kind: FrameKind,
        /// The frame its function was defined in (a closure's lexical parent).
        parent: Option<FrameId>,
        /// The line it is at.
        line: u32,
    },
    /// A suspended generator frame goes back on the stack.
    FrameResume {
        /// The frame.
        frame: FrameId,
    },
    /// The top frame left the stack: it returned (exited) or yielded (suspended).
    FramePop {
        /// The frame.
        frame: FrameId,
        /// True when a generator yielded (the frame can resume).
        suspended: bool,
    },
    /// An exited or suspended frame is no longer kept.
    FrameForget {
        /// The frame.
        frame: FrameId,
    },
    /// A variable was bound or rebound.
    SetVar {
        /// The frame.
        frame: FrameId,
        /// The variable's name.
        name: Sym,
        /// The object it now refers to.
        value: ObjId,
    },
    /// A variable was unbound (`del x`).
    DelVar {
        /// The frame.
        frame: FrameId,
        /// The variable's name.
        name: Sym,
    },
    /// A returning frame's return value.
    SetReturn {
        /// The frame.
        frame: FrameId,
        /// The value.
        value: ObjId,
    },
    /// An object seen for the first time.
    ObjNew {
        /// Its new id.
        id: ObjId,
        /// Its content.
        data: ObjectData,
    },
    /// An object's content changed (replaced whole).
    ObjSet {
        /// The object.
        id: ObjId,
        /// Its new content.
        data: ObjectData,
    },
    /// A list, tuple or set changed in one run of items: `remove` recorded items at `at`
    /// were replaced by `insert`; the true length is now `len` and the gap is at `gap_at`.
    ObjSplice {
        /// The object.
        id: ObjId,
        /// New true length.
        len: u64,
        /// New gap position.
        gap_at: u32,
        /// Where the run starts among the recorded items.
        at: u32,
        /// How many recorded items it replaces.
        remove: u32,
        /// The items put there.
        insert: Vec<ObjId>,
    },
    /// An object was freed by CPython.
    ObjFree {
        /// The object.
        id: ObjId,
        /// What freed it.
        cause: FreeCause,
    },
    /// An object's reference count or size, sent when either changed.
    ObjInfo {
        /// The object.
        id: ObjId,
        /// Its references and size.
        info: ObjInfo,
    },
    /// The program wrote text.
    Output {
        /// Which stream.
        stream: Stream,
        /// The text.
        text: String,
    },
    /// The exception message for the current step (`Exception`/`UncaughtException`).
    Exception {
        /// E.g. `ZeroDivisionError: division by zero`.
        message: String,
    },
    /// A remark about the current step (e.g. the program tried to remove the tracer).
    Note {
        /// The remark.
        text: String,
    },
    /// The program's heap at this step, from the allocator (sent when it changed).
    Memory(Memory),
}

/// What CPython's allocators hold for the program at a step.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Memory {
    /// Bytes in live blocks (objects and their buffers), as requested from the allocator.
    pub live_bytes: u64,
    /// Live blocks.
    pub live_blocks: u64,
    /// Bytes requested since the program started (never goes down).
    pub allocated_bytes: u64,
}

mod tag {
    pub const SYM: u8 = 1;
    pub const STEP: u8 = 2;
    pub const FRAME_PUSH: u8 = 3;
    pub const FRAME_RESUME: u8 = 4;
    pub const FRAME_POP: u8 = 5;
    pub const FRAME_FORGET: u8 = 6;
    pub const SET_VAR: u8 = 7;
    pub const DEL_VAR: u8 = 8;
    pub const SET_RETURN: u8 = 9;
    pub const OBJ_NEW: u8 = 10;
    pub const OBJ_SET: u8 = 11;
    pub const OBJ_SPLICE: u8 = 12;
    pub const OBJ_FREE: u8 = 13;
    pub const OUTPUT: u8 = 14;
    pub const EXCEPTION: u8 = 15;
    pub const NOTE: u8 = 16;
    pub const MEMORY: u8 = 17;
    /// `ObjFree` by the cycle collector (`OBJ_FREE` is a reference-count death).
    pub const OBJ_COLLECTED: u8 = 18;
    pub const OBJ_INFO: u8 = 19;
}

mod kind {
    pub const NONE: u8 = 0;
    pub const FALSE: u8 = 1;
    pub const TRUE: u8 = 2;
    pub const INT: u8 = 3;
    pub const BIG_INT: u8 = 4;
    pub const FLOAT: u8 = 5;
    pub const COMPLEX: u8 = 6;
    pub const STR: u8 = 7;
    pub const BYTES: u8 = 8;
    pub const BYTEARRAY: u8 = 9;
    pub const LIST: u8 = 10;
    pub const TUPLE: u8 = 11;
    pub const SET: u8 = 12;
    pub const FROZENSET: u8 = 13;
    pub const DICT: u8 = 14;
    pub const RANGE: u8 = 15;
    pub const INSTANCE: u8 = 16;
    pub const CLASS: u8 = 17;
    pub const FUNCTION: u8 = 18;
    pub const BUILTIN: u8 = 19;
    pub const BOUND_METHOD: u8 = 20;
    pub const GENERATOR: u8 = 21;
    pub const MODULE: u8 = 22;
    pub const OTHER: u8 = 23;
    pub const IMPORTED: u8 = 24;
    pub const DERIVED: u8 = 25;
    pub const CLASS_WITH_METACLASS: u8 = 26;
    pub const SUMMARY: u8 = 27;
    pub const IMPORTED_WITH_MEMBERS: u8 = 28;
}

impl Record {
    /// Appends this record's binary form to `out`.
    pub fn encode(&self, out: &mut Vec<u8>) {
        let mut w = Writer {
            buf: std::mem::take(out),
        };
        encode_into(self, &mut w);
        *out = w.buf;
    }

    /// Decodes every record in `data`.
    pub fn decode_all(data: &[u8]) -> Result<Vec<Record>> {
        let mut r = Reader::new(data);
        let mut out = Vec::new();
        while !r.at_end() {
            out.push(decode_one(&mut r)?);
        }
        Ok(out)
    }

    /// Decodes one record starting at `*pos`, advancing it.
    pub fn decode_at(data: &[u8], pos: &mut usize) -> Result<Record> {
        let mut r = Reader { data, pos: *pos };
        // Returned as decoded: `?` here would copy the record once more.
        let decoded = decode_one(&mut r);
        if decoded.is_ok() {
            *pos = r.pos;
        }
        decoded
    }
}

fn opt_frame(w: &mut Writer, f: Option<FrameId>) {
    match f {
        None => w.uv(0),
        Some(f) => w.uv(u64::from(f.0) + 1),
    }
}

fn read_opt_frame(r: &mut Reader) -> Result<Option<FrameId>> {
    let v = r.u32()?;
    Ok(if v == 0 { None } else { Some(FrameId(v - 1)) })
}

fn ids(w: &mut Writer, items: &[ObjId]) {
    w.uv(items.len() as u64);
    for i in items {
        w.uv(u64::from(i.0));
    }
}

fn read_ids(r: &mut Reader) -> Result<Vec<ObjId>> {
    let n = r.count()?;
    (0..n).map(|_| Ok(ObjId(r.u32()?))).collect()
}

fn pairs(w: &mut Writer, items: &[(Sym, ObjId)]) {
    w.uv(items.len() as u64);
    for (s, v) in items {
        w.uv(u64::from(s.0));
        w.uv(u64::from(v.0));
    }
}

fn read_pairs(r: &mut Reader) -> Result<Vec<(Sym, ObjId)>> {
    let n = r.count()?;
    (0..n)
        .map(|_| Ok((Sym(r.u32()?), ObjId(r.u32()?))))
        .collect()
}

fn encode_into(rec: &Record, w: &mut Writer) {
    match rec {
        Record::Sym { sym, text } => {
            w.u8(tag::SYM);
            w.uv(u64::from(sym.0));
            w.str(text);
        }
        Record::Step { event, line, frame } => {
            w.u8(tag::STEP);
            w.u8(event.code());
            w.uv(u64::from(*line));
            w.uv(u64::from(frame.0));
        }
        Record::FramePush {
            frame,
            func,
            file,
            kind,
            parent,
            line,
        } => {
            w.u8(tag::FRAME_PUSH);
            w.uv(u64::from(frame.0));
            w.uv(u64::from(func.0));
            w.uv(u64::from(*file));
            w.u8(kind.code());
            opt_frame(w, *parent);
            w.uv(u64::from(*line));
        }
        Record::FrameResume { frame } => {
            w.u8(tag::FRAME_RESUME);
            w.uv(u64::from(frame.0));
        }
        Record::FramePop { frame, suspended } => {
            w.u8(tag::FRAME_POP);
            w.uv(u64::from(frame.0));
            w.u8(u8::from(*suspended));
        }
        Record::FrameForget { frame } => {
            w.u8(tag::FRAME_FORGET);
            w.uv(u64::from(frame.0));
        }
        Record::SetVar { frame, name, value } => {
            w.u8(tag::SET_VAR);
            w.uv(u64::from(frame.0));
            w.uv(u64::from(name.0));
            w.uv(u64::from(value.0));
        }
        Record::DelVar { frame, name } => {
            w.u8(tag::DEL_VAR);
            w.uv(u64::from(frame.0));
            w.uv(u64::from(name.0));
        }
        Record::SetReturn { frame, value } => {
            w.u8(tag::SET_RETURN);
            w.uv(u64::from(frame.0));
            w.uv(u64::from(value.0));
        }
        Record::ObjNew { id, data } => {
            w.u8(tag::OBJ_NEW);
            w.uv(u64::from(id.0));
            encode_data(data, w);
        }
        Record::ObjSet { id, data } => {
            w.u8(tag::OBJ_SET);
            w.uv(u64::from(id.0));
            encode_data(data, w);
        }
        Record::ObjSplice {
            id,
            len,
            gap_at,
            at,
            remove,
            insert,
        } => {
            w.u8(tag::OBJ_SPLICE);
            w.uv(u64::from(id.0));
            w.uv(*len);
            w.uv(u64::from(*gap_at));
            w.uv(u64::from(*at));
            w.uv(u64::from(*remove));
            ids(w, insert);
        }
        Record::ObjFree { id, cause } => {
            w.u8(match cause {
                FreeCause::LastReference => tag::OBJ_FREE,
                FreeCause::Collector => tag::OBJ_COLLECTED,
            });
            w.uv(u64::from(id.0));
        }
        Record::ObjInfo { id, info } => {
            w.u8(tag::OBJ_INFO);
            w.uv(u64::from(id.0));
            encode_info(info, w);
        }
        Record::Output { stream, text } => {
            w.u8(tag::OUTPUT);
            w.u8(*stream as u8);
            w.str(text);
        }
        Record::Exception { message } => {
            w.u8(tag::EXCEPTION);
            w.str(message);
        }
        Record::Note { text } => {
            w.u8(tag::NOTE);
            w.str(text);
        }
        Record::Memory(m) => {
            w.u8(tag::MEMORY);
            w.uv(m.live_bytes);
            w.uv(m.live_blocks);
            w.uv(m.allocated_bytes);
        }
    }
}

/// Encodes an object's references and sizes (the fields of `ObjInfo` after its id).
pub(crate) fn encode_info(info: &ObjInfo, w: &mut Writer) {
    // 0 means immortal: a live object always has at least one reference.
    w.uv(match info.refs {
        Refs::Count(n) => n.max(1),
        Refs::Immortal => 0,
    });
    w.uv(info.size);
    w.uv(info.hidden);
}

/// Decodes what [`encode_info`] wrote.
pub(crate) fn decode_info(r: &mut Reader) -> Result<ObjInfo> {
    let refs = match r.uv()? {
        0 => Refs::Immortal,
        n => Refs::Count(n),
    };
    Ok(ObjInfo {
        refs,
        size: r.uv()?,
        hidden: r.uv()?,
    })
}

/// Encodes an object's content (also used directly by the tracer's hot path).
pub(crate) fn encode_data(d: &ObjectData, w: &mut Writer) {
    match d {
        ObjectData::None => w.u8(kind::NONE),
        ObjectData::Bool(false) => w.u8(kind::FALSE),
        ObjectData::Bool(true) => w.u8(kind::TRUE),
        ObjectData::Int(IntValue::Small(v)) => {
            w.u8(kind::INT);
            w.iv(*v);
        }
        ObjectData::Int(IntValue::Big {
            negative,
            bits,
            magnitude,
        }) => {
            w.u8(kind::BIG_INT);
            w.u8(u8::from(*negative));
            w.uv(*bits);
            w.bytes(magnitude);
        }
        ObjectData::Float(f) => {
            w.u8(kind::FLOAT);
            w.f64(*f);
        }
        ObjectData::Complex { re, im } => {
            w.u8(kind::COMPLEX);
            w.f64(*re);
            w.f64(*im);
        }
        ObjectData::Str(t) => {
            w.u8(kind::STR);
            w.str(&t.text);
            w.uv(t.len);
        }
        ObjectData::Bytes { mutable, data, len } => {
            w.u8(if *mutable {
                kind::BYTEARRAY
            } else {
                kind::BYTES
            });
            w.bytes(data);
            w.uv(*len);
        }
        ObjectData::Seq(k, s) => {
            w.u8(match k {
                SeqKind::List => kind::LIST,
                SeqKind::Tuple => kind::TUPLE,
                SeqKind::Set => kind::SET,
                SeqKind::FrozenSet => kind::FROZENSET,
            });
            w.uv(s.len);
            w.uv(u64::from(s.gap_at));
            ids(w, &s.items);
        }
        ObjectData::Dict(d) => {
            w.u8(kind::DICT);
            w.uv(d.len);
            w.uv(u64::from(d.gap_at));
            w.uv(d.entries.len() as u64);
            for (k, v) in &d.entries {
                w.uv(u64::from(k.0));
                w.uv(u64::from(v.0));
            }
        }
        ObjectData::Range { start, stop, step } => {
            w.u8(kind::RANGE);
            w.iv(*start);
            w.iv(*stop);
            w.iv(*step);
        }
        ObjectData::Instance {
            type_name,
            class,
            attrs,
        } => {
            w.u8(kind::INSTANCE);
            w.uv(u64::from(type_name.0));
            w.uv(class.map_or(0, |c| u64::from(c.0)));
            pairs(w, attrs);
        }
        ObjectData::Class {
            name,
            bases,
            base_names,
            attrs,
            metaclass,
        } => {
            match metaclass {
                Some(m) => {
                    w.u8(kind::CLASS_WITH_METACLASS);
                    w.uv(u64::from(m.0));
                }
                None => w.u8(kind::CLASS),
            }
            w.uv(u64::from(name.0));
            ids(w, bases);
            w.uv(base_names.len() as u64);
            for b in base_names {
                w.uv(u64::from(b.0));
            }
            pairs(w, attrs);
        }
        ObjectData::Function {
            name,
            signature,
            parent_frame,
            defaults,
            cells,
        } => {
            w.u8(kind::FUNCTION);
            w.uv(u64::from(name.0));
            w.uv(u64::from(signature.0));
            opt_frame(w, *parent_frame);
            ids(w, defaults);
            pairs(w, cells);
        }
        ObjectData::Builtin { name, receiver } => {
            w.u8(kind::BUILTIN);
            w.uv(u64::from(name.0));
            w.uv(receiver.map_or(0, |c| u64::from(c.0)));
        }
        ObjectData::BoundMethod { func, receiver } => {
            w.u8(kind::BOUND_METHOD);
            w.uv(u64::from(func.0));
            w.uv(u64::from(receiver.0));
        }
        ObjectData::Generator {
            name,
            frame,
            state,
            line,
        } => {
            w.u8(kind::GENERATOR);
            w.uv(u64::from(name.0));
            opt_frame(w, *frame);
            w.u8(*state as u8);
            w.uv(u64::from(*line));
        }
        ObjectData::Derived {
            type_name,
            class,
            base,
            attrs,
        } => {
            w.u8(kind::DERIVED);
            w.uv(u64::from(type_name.0));
            w.uv(class.map_or(0, |c| u64::from(c.0)));
            pairs(w, attrs);
            encode_data(base, w);
        }
        ObjectData::Imported {
            class,
            name,
            module,
            type_name,
            members,
        } => {
            // Without members, as version 4 wrote it.
            w.u8(if members.is_empty() {
                kind::IMPORTED
            } else {
                kind::IMPORTED_WITH_MEMBERS
            });
            w.u8(u8::from(*class));
            w.uv(u64::from(name.0));
            w.uv(u64::from(module.0));
            w.uv(u64::from(type_name.0));
            if !members.is_empty() {
                w.uv(members.len() as u64);
                for (n, k) in members {
                    w.uv(u64::from(n.0));
                    w.uv(u64::from(k.0));
                }
            }
        }
        ObjectData::Summary(summary) => {
            w.u8(kind::SUMMARY);
            summary.encode(w);
        }
        ObjectData::Module { name } => {
            w.u8(kind::MODULE);
            w.uv(u64::from(name.0));
        }
        ObjectData::Other { type_name, summary } => {
            w.u8(kind::OTHER);
            w.uv(u64::from(type_name.0));
            w.str(summary);
        }
    }
}

fn opt_obj(v: u32) -> Option<ObjId> {
    if v == 0 {
        None
    } else {
        Some(ObjId(v))
    }
}

pub(crate) fn decode_data(r: &mut Reader) -> Result<ObjectData> {
    let k = r.u8()?;
    Ok(match k {
        kind::NONE => ObjectData::None,
        kind::FALSE => ObjectData::Bool(false),
        kind::TRUE => ObjectData::Bool(true),
        kind::INT => ObjectData::Int(IntValue::Small(r.iv()?)),
        kind::BIG_INT => {
            let negative = r.u8()? != 0;
            let bits = r.uv()?;
            let magnitude = r.bytes()?.to_vec();
            ObjectData::Int(IntValue::Big {
                negative,
                bits,
                magnitude,
            })
        }
        kind::FLOAT => ObjectData::Float(r.f64()?),
        kind::COMPLEX => ObjectData::Complex {
            re: r.f64()?,
            im: r.f64()?,
        },
        kind::STR => {
            let text = r.str()?.to_owned();
            let len = r.uv()?;
            ObjectData::Str(TextValue { text, len })
        }
        kind::BYTES | kind::BYTEARRAY => {
            let data = r.bytes()?.to_vec();
            let len = r.uv()?;
            ObjectData::Bytes {
                mutable: k == kind::BYTEARRAY,
                data,
                len,
            }
        }
        kind::LIST | kind::TUPLE | kind::SET | kind::FROZENSET => {
            let seq_kind = match k {
                kind::LIST => SeqKind::List,
                kind::TUPLE => SeqKind::Tuple,
                kind::SET => SeqKind::Set,
                _ => SeqKind::FrozenSet,
            };
            let len = r.uv()?;
            let gap_at = r.u32()?;
            let items = read_ids(r)?;
            if gap_at as usize > items.len() || (items.len() as u64) > len {
                return Err(corrupt("sequence gap out of range"));
            }
            ObjectData::Seq(seq_kind, Sequence { len, items, gap_at })
        }
        kind::DICT => {
            let len = r.uv()?;
            let gap_at = r.u32()?;
            let n = r.count()?;
            let mut entries = Vec::with_capacity(n);
            for _ in 0..n {
                entries.push((ObjId(r.u32()?), ObjId(r.u32()?)));
            }
            if gap_at as usize > entries.len() {
                return Err(corrupt("dict gap out of range"));
            }
            ObjectData::Dict(DictData {
                len,
                entries,
                gap_at,
            })
        }
        kind::RANGE => ObjectData::Range {
            start: r.iv()?,
            stop: r.iv()?,
            step: r.iv()?,
        },
        kind::INSTANCE => {
            let type_name = Sym(r.u32()?);
            let class = opt_obj(r.u32()?);
            let attrs = read_pairs(r)?;
            ObjectData::Instance {
                type_name,
                class,
                attrs,
            }
        }
        kind::CLASS | kind::CLASS_WITH_METACLASS => {
            let metaclass = if k == kind::CLASS_WITH_METACLASS {
                Some(Sym(r.u32()?))
            } else {
                None
            };
            let name = Sym(r.u32()?);
            let bases = read_ids(r)?;
            let n = r.count()?;
            let base_names = (0..n).map(|_| Ok(Sym(r.u32()?))).collect::<Result<_>>()?;
            let attrs = read_pairs(r)?;
            ObjectData::Class {
                name,
                bases,
                base_names,
                attrs,
                metaclass,
            }
        }
        kind::FUNCTION => {
            let name = Sym(r.u32()?);
            let signature = Sym(r.u32()?);
            let parent_frame = read_opt_frame(r)?;
            let defaults = read_ids(r)?;
            let cells = read_pairs(r)?;
            ObjectData::Function {
                name,
                signature,
                parent_frame,
                defaults,
                cells,
            }
        }
        kind::BUILTIN => ObjectData::Builtin {
            name: Sym(r.u32()?),
            receiver: opt_obj(r.u32()?),
        },
        kind::BOUND_METHOD => ObjectData::BoundMethod {
            func: ObjId(r.u32()?),
            receiver: ObjId(r.u32()?),
        },
        kind::GENERATOR => {
            let name = Sym(r.u32()?);
            let frame = read_opt_frame(r)?;
            let state =
                GeneratorState::from_code(r.u8()?).ok_or_else(|| corrupt("bad generator state"))?;
            let line = r.u32()?;
            ObjectData::Generator {
                name,
                frame,
                state,
                line,
            }
        }
        kind::MODULE => ObjectData::Module {
            name: Sym(r.u32()?),
        },
        kind::DERIVED => {
            let type_name = Sym(r.u32()?);
            let class = opt_obj(r.u32()?);
            let attrs = read_pairs(r)?;
            let base = decode_data(r)?;
            if matches!(base, ObjectData::Derived { .. }) {
                return Err(corrupt("nested derived object"));
            }
            ObjectData::Derived {
                type_name,
                class,
                base: Box::new(base),
                attrs,
            }
        }
        kind::IMPORTED | kind::IMPORTED_WITH_MEMBERS => ObjectData::Imported {
            class: r.u8()? != 0,
            name: Sym(r.u32()?),
            module: Sym(r.u32()?),
            type_name: Sym(r.u32()?),
            members: if k == kind::IMPORTED {
                Vec::new()
            } else {
                let n = r.count()?;
                (0..n)
                    .map(|_| Ok((Sym(r.u32()?), Sym(r.u32()?))))
                    .collect::<Result<_>>()?
            },
        },
        kind::SUMMARY => ObjectData::Summary(Box::new(crate::Summary::decode(r)?)),
        kind::OTHER => {
            let type_name = Sym(r.u32()?);
            let summary = r.str()?.to_owned();
            ObjectData::Other { type_name, summary }
        }
        other => return Err(corrupt(format!("unknown object kind {other}"))),
    })
}

fn decode_one(r: &mut Reader) -> Result<Record> {
    let t = r.u8()?;
    Ok(match t {
        tag::SYM => Record::Sym {
            sym: Sym(r.u32()?),
            text: r.str()?.to_owned(),
        },
        tag::STEP => {
            let event = Event::from_code(r.u8()?).ok_or_else(|| corrupt("unknown event"))?;
            Record::Step {
                event,
                line: r.u32()?,
                frame: FrameId(r.u32()?),
            }
        }
        tag::FRAME_PUSH => {
            let frame = FrameId(r.u32()?);
            let func = Sym(r.u32()?);
            let file = r.u32()?;
            let kind =
                FrameKind::from_code(r.u8()?).ok_or_else(|| corrupt("unknown frame kind"))?;
            let parent = read_opt_frame(r)?;
            let line = r.u32()?;
            Record::FramePush {
                frame,
                func,
                file,
                kind,
                parent,
                line,
            }
        }
        tag::FRAME_RESUME => Record::FrameResume {
            frame: FrameId(r.u32()?),
        },
        tag::FRAME_POP => Record::FramePop {
            frame: FrameId(r.u32()?),
            suspended: r.u8()? != 0,
        },
        tag::FRAME_FORGET => Record::FrameForget {
            frame: FrameId(r.u32()?),
        },
        tag::SET_VAR => Record::SetVar {
            frame: FrameId(r.u32()?),
            name: Sym(r.u32()?),
            value: ObjId(r.u32()?),
        },
        tag::DEL_VAR => Record::DelVar {
            frame: FrameId(r.u32()?),
            name: Sym(r.u32()?),
        },
        tag::SET_RETURN => Record::SetReturn {
            frame: FrameId(r.u32()?),
            value: ObjId(r.u32()?),
        },
        tag::OBJ_NEW => Record::ObjNew {
            id: ObjId(r.u32()?),
            data: decode_data(r)?,
        },
        tag::OBJ_SET => Record::ObjSet {
            id: ObjId(r.u32()?),
            data: decode_data(r)?,
        },
        tag::OBJ_SPLICE => Record::ObjSplice {
            id: ObjId(r.u32()?),
            len: r.uv()?,
            gap_at: r.u32()?,
            at: r.u32()?,
            remove: r.u32()?,
            insert: read_ids(r)?,
        },
        tag::OBJ_FREE => Record::ObjFree {
            id: ObjId(r.u32()?),
            cause: FreeCause::LastReference,
        },
        tag::OBJ_COLLECTED => Record::ObjFree {
            id: ObjId(r.u32()?),
            cause: FreeCause::Collector,
        },
        tag::OBJ_INFO => Record::ObjInfo {
            id: ObjId(r.u32()?),
            info: decode_info(r)?,
        },
        tag::OUTPUT => {
            let stream = match r.u8()? {
                0 => Stream::Stdout,
                1 => Stream::Stderr,
                _ => return Err(corrupt("unknown output stream")),
            };
            Record::Output {
                stream,
                text: r.str()?.to_owned(),
            }
        }
        tag::EXCEPTION => Record::Exception {
            message: r.str()?.to_owned(),
        },
        tag::NOTE => Record::Note {
            text: r.str()?.to_owned(),
        },
        tag::MEMORY => Record::Memory(Memory {
            live_bytes: r.uv()?,
            live_blocks: r.uv()?,
            allocated_bytes: r.uv()?,
        }),
        other => return Err(corrupt(format!("unknown record tag {other}"))),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_record_round_trips() {
        let recs = vec![
            Record::Sym {
                sym: Sym(3),
                text: "héllo".into(),
            },
            Record::Step {
                event: Event::Return,
                line: 12,
                frame: FrameId(4),
            },
            Record::FramePush {
                frame: FrameId(4),
                func: Sym(2),
                file: 0,
                kind: FrameKind::Generator,
                parent: Some(FrameId(0)),
                line: 3,
            },
            Record::SetVar {
                frame: FrameId(4),
                name: Sym(3),
                value: ObjId(9),
            },
            Record::ObjNew {
                id: ObjId(9),
                data: ObjectData::int(-5),
            },
            Record::ObjNew {
                id: ObjId(10),
                data: ObjectData::Int(IntValue::Big {
                    negative: true,
                    bits: 70,
                    magnitude: vec![1; 9],
                }),
            },
            Record::ObjSet {
                id: ObjId(11),
                data: ObjectData::Seq(
                    SeqKind::List,
                    Sequence {
                        len: 100,
                        items: vec![ObjId(1), ObjId(2)],
                        gap_at: 1,
                    },
                ),
            },
            Record::ObjSplice {
                id: ObjId(11),
                len: 101,
                gap_at: 1,
                at: 1,
                remove: 1,
                insert: vec![ObjId(3)],
            },
            Record::ObjNew {
                id: ObjId(12),
                data: ObjectData::Float(f64::NAN.copysign(1.0)),
            },
            Record::Output {
                stream: Stream::Stderr,
                text: "oops\n".into(),
            },
            Record::Exception {
                message: "ZeroDivisionError: division by zero".into(),
            },
            Record::FramePop {
                frame: FrameId(4),
                suspended: true,
            },
            Record::Memory(Memory {
                live_bytes: 1 << 40,
                live_blocks: 3,
                allocated_bytes: 5,
            }),
            Record::ObjInfo {
                id: ObjId(9),
                info: ObjInfo {
                    refs: Refs::Count(3),
                    size: 56,
                    hidden: 0,
                },
            },
            Record::ObjInfo {
                id: ObjId(1),
                info: ObjInfo {
                    refs: Refs::Immortal,
                    size: 28,
                    hidden: 104,
                },
            },
            Record::ObjFree {
                id: ObjId(9),
                cause: FreeCause::Collector,
            },
            Record::ObjFree {
                id: ObjId(12),
                cause: FreeCause::LastReference,
            },
            Record::ObjNew {
                id: ObjId(15),
                data: ObjectData::Class {
                    name: Sym(3),
                    bases: vec![ObjId(13)],
                    base_names: vec![Sym(4)],
                    attrs: vec![(Sym(5), ObjId(9))],
                    metaclass: Some(Sym(6)),
                },
            },
            Record::ObjNew {
                id: ObjId(13),
                data: ObjectData::Imported {
                    class: true,
                    name: Sym(3),
                    module: Sym(4),
                    type_name: Sym(5),
                    members: vec![(Sym(3), Sym(4)), (Sym(5), Sym(3))],
                },
            },
            Record::ObjNew {
                id: ObjId(16),
                data: ObjectData::Imported {
                    class: false,
                    name: Sym(3),
                    module: Sym(4),
                    type_name: Sym(5),
                    members: Vec::new(),
                },
            },
            Record::ObjNew {
                id: ObjId(14),
                data: ObjectData::Derived {
                    type_name: Sym(3),
                    class: Some(ObjId(13)),
                    base: Box::new(ObjectData::Dict(DictData {
                        len: 1,
                        entries: vec![(ObjId(1), ObjId(2))],
                        gap_at: 1,
                    })),
                    attrs: vec![(Sym(4), ObjId(9))],
                },
            },
            Record::ObjNew {
                id: ObjId(16),
                data: ObjectData::Summary(Box::new(crate::Summary {
                    kind: crate::SummaryKind::Array,
                    type_name: Sym(3),
                    module: Sym(4),
                    data_bytes: 0,
                    fields: vec![
                        ("dtype".into(), "int64".into()),
                        ("values".into(), "[0, 2, …, 8]".into()),
                    ],
                    parts: vec![("base".into(), ObjId(17))],
                })),
            },
        ];
        let mut buf = Vec::new();
        for r in &recs {
            r.encode(&mut buf);
        }
        let back = Record::decode_all(&buf).unwrap();
        // NaN != NaN, so compare the encodings instead.
        let mut again = Vec::new();
        for r in &back {
            r.encode(&mut again);
        }
        assert_eq!(buf, again);
        assert_eq!(back.len(), recs.len());
        assert_eq!(back[1], recs[1]);
        assert_eq!(back[13..], recs[13..]);
    }

    #[test]
    fn corrupt_input_is_an_error_not_a_panic() {
        let mut buf = Vec::new();
        Record::ObjNew {
            id: ObjId(1),
            data: ObjectData::list(vec![ObjId(2); 50]),
        }
        .encode(&mut buf);
        for cut in 0..buf.len() {
            let _ = Record::decode_all(&buf[..cut]);
        }
        let mut bad = buf.clone();
        bad[0] = 200;
        assert!(Record::decode_all(&bad).is_err());
        // A huge claimed count must not allocate.
        let huge = [
            tag::OBJ_NEW,
            1,
            kind::LIST,
            0xff,
            0xff,
            0xff,
            0xff,
            0x0f,
            0,
            0xff,
            0xff,
            0xff,
            0xff,
            0x0f,
        ];
        assert!(Record::decode_all(&huge).is_err());
    }
}
