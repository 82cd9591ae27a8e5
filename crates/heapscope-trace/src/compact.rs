//! The compact form of the records a block stores as deltas (format version 6).
//!
//! A long loop repeats the same few records at every step: a `Step`, a `Memory`, a new
//! object with its `ObjInfo`, a `SetVar` to it, and the death of an older object. Written
//! alone, each carries a growing object id and allocator counters that zstd cannot
//! predict, about 16 bytes a step after compression. Written relative to the record
//! before it (ids as the difference from the last id named, counters and lines as
//! differences, an `ObjInfo` equal to the last one as one tag), the same records repeat
//! byte for byte and compress to a few bytes a step.
//!
//! The context starts empty at the start of each block's delta records, so any block
//! still reads alone; keyframes and the worker's stream keep the plain form, and a plain
//! record never reads or changes the context. A block of version 5 or older holds only
//! plain records, so this reader reads it unchanged.

use crate::codec::{Reader, Writer};
use crate::error::{corrupt, Result};
use crate::model::{Event, FrameId, FreeCause, ObjId, ObjInfo, Refs, Sym};
use crate::record::{decode_data, decode_info, encode_data, encode_info, Memory, Record};

/// Tags of the compact records; the plain tags (1 to 19) keep their meaning.
mod tag {
    /// `Step`: event byte, line *zz* and frame *zz* as differences from the last step's.
    pub const STEP: u8 = 20;
    /// `ObjNew`: id *zz* from the last id, then the content as in the plain form.
    pub const OBJ_NEW: u8 = 21;
    /// `ObjFree` by reference counting: id *zz*.
    pub const OBJ_FREE: u8 = 22;
    /// `ObjFree` by the cycle collector: id *zz*.
    pub const OBJ_COLLECTED: u8 = 23;
    /// `ObjInfo`: id *zz*, then references, size and hidden bytes as in the plain form.
    pub const OBJ_INFO: u8 = 24;
    /// `ObjInfo` whose references, size and hidden bytes equal the last `ObjInfo`'s: id *zz*.
    pub const OBJ_INFO_AGAIN: u8 = 25;
    /// `SetVar`: frame, name, then the value's id *zz*.
    pub const SET_VAR: u8 = 26;
    /// `Memory`: the three counters as *zz* differences from the last `Memory`.
    pub const MEMORY: u8 = 27;
}

/// What a compact record is written relative to: the last values the compact records
/// of the current block named.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct Context {
    id: u32,
    line: u32,
    frame: u32,
    memory: Memory,
    info: Option<ObjInfo>,
}

impl Context {
    /// Writes `id` as its difference from the last id named, and remembers it.
    fn put_id(&mut self, w: &mut Writer, id: ObjId) {
        w.iv(i64::from(id.0) - i64::from(self.id));
        self.id = id.0;
    }

    fn get_id(&mut self, r: &mut Reader) -> Result<ObjId> {
        self.id = offset(self.id, r.iv()?, "object id")?;
        Ok(ObjId(self.id))
    }
}

/// `base + delta`, which must fit a `u32` (a corrupt delta is an error, never a wrap).
fn offset(base: u32, delta: i64, what: &str) -> Result<u32> {
    i64::from(base)
        .checked_add(delta)
        .and_then(|v| u32::try_from(v).ok())
        .ok_or_else(|| corrupt(format!("{what} out of range")))
}

/// Counters may go up or down; their difference is taken modulo 2^64 so any pair of
/// values round-trips.
fn put_counter(w: &mut Writer, now: u64, last: u64) {
    w.iv(now.wrapping_sub(last) as i64);
}

fn get_counter(r: &mut Reader, last: u64) -> Result<u64> {
    Ok(last.wrapping_add(r.iv()? as u64))
}

/// Appends `rec` to `out`: in compact form relative to `ctx` (and updating it) when it
/// has one, else in its plain form.
pub(crate) fn encode(rec: &Record, ctx: &mut Context, out: &mut Vec<u8>) {
    let mut w = Writer {
        buf: std::mem::take(out),
    };
    match rec {
        Record::Step { event, line, frame } => {
            w.u8(tag::STEP);
            w.u8(event.code());
            w.iv(i64::from(*line) - i64::from(ctx.line));
            w.iv(i64::from(frame.0) - i64::from(ctx.frame));
            ctx.line = *line;
            ctx.frame = frame.0;
        }
        Record::ObjNew { id, data } => {
            w.u8(tag::OBJ_NEW);
            ctx.put_id(&mut w, *id);
            encode_data(data, &mut w);
        }
        Record::ObjFree { id, cause } => {
            w.u8(match cause {
                FreeCause::LastReference => tag::OBJ_FREE,
                FreeCause::Collector => tag::OBJ_COLLECTED,
            });
            ctx.put_id(&mut w, *id);
        }
        Record::ObjInfo { id, info } => {
            // Compare what the plain form keeps (a count of 0 is written as 1).
            let again = ctx.info.is_some_and(|last| kept(last) == kept(*info));
            w.u8(if again {
                tag::OBJ_INFO_AGAIN
            } else {
                tag::OBJ_INFO
            });
            ctx.put_id(&mut w, *id);
            if !again {
                encode_info(info, &mut w);
                ctx.info = Some(kept(*info));
            }
        }
        Record::SetVar { frame, name, value } => {
            w.u8(tag::SET_VAR);
            w.uv(u64::from(frame.0));
            w.uv(u64::from(name.0));
            ctx.put_id(&mut w, *value);
        }
        Record::Memory(m) => {
            w.u8(tag::MEMORY);
            put_counter(&mut w, m.live_bytes, ctx.memory.live_bytes);
            put_counter(&mut w, m.live_blocks, ctx.memory.live_blocks);
            put_counter(&mut w, m.allocated_bytes, ctx.memory.allocated_bytes);
            ctx.memory = *m;
        }
        other => {
            *out = w.buf;
            other.encode(out);
            return;
        }
    }
    *out = w.buf;
}

/// The info as a reader gets it back (a live object's count is at least 1).
fn kept(info: ObjInfo) -> ObjInfo {
    ObjInfo {
        refs: match info.refs {
            Refs::Count(n) => Refs::Count(n.max(1)),
            Refs::Immortal => Refs::Immortal,
        },
        ..info
    }
}

/// True when `rec` has a compact form (so [`encode`] does not write its plain bytes).
pub(crate) fn has_compact_form(rec: &Record) -> bool {
    matches!(
        rec,
        Record::Step { .. }
            | Record::ObjNew { .. }
            | Record::ObjFree { .. }
            | Record::ObjInfo { .. }
            | Record::SetVar { .. }
            | Record::Memory(_)
    )
}

/// Decodes one record, plain or compact, at `*pos`, advancing it and updating `ctx`.
pub(crate) fn decode_at(data: &[u8], pos: &mut usize, ctx: &mut Context) -> Result<Record> {
    let Some(&t) = data.get(*pos) else {
        return Err(corrupt("unexpected end of record"));
    };
    if !(tag::STEP..=tag::MEMORY).contains(&t) {
        return Record::decode_at(data, pos);
    }
    let mut r = Reader {
        data,
        pos: *pos + 1,
    };
    let rec = match t {
        tag::STEP => {
            let event = Event::from_code(r.u8()?).ok_or_else(|| corrupt("unknown event"))?;
            ctx.line = offset(ctx.line, r.iv()?, "line")?;
            ctx.frame = offset(ctx.frame, r.iv()?, "frame id")?;
            Record::Step {
                event,
                line: ctx.line,
                frame: FrameId(ctx.frame),
            }
        }
        tag::OBJ_NEW => Record::ObjNew {
            id: ctx.get_id(&mut r)?,
            data: decode_data(&mut r)?,
        },
        tag::OBJ_FREE | tag::OBJ_COLLECTED => Record::ObjFree {
            id: ctx.get_id(&mut r)?,
            cause: if t == tag::OBJ_FREE {
                FreeCause::LastReference
            } else {
                FreeCause::Collector
            },
        },
        tag::OBJ_INFO => {
            let id = ctx.get_id(&mut r)?;
            let info = decode_info(&mut r)?;
            ctx.info = Some(info);
            Record::ObjInfo { id, info }
        }
        tag::OBJ_INFO_AGAIN => {
            let id = ctx.get_id(&mut r)?;
            let info = ctx
                .info
                .ok_or_else(|| corrupt("a repeated object info before any object info"))?;
            Record::ObjInfo { id, info }
        }
        tag::SET_VAR => {
            let frame = FrameId(r.u32()?);
            let name = Sym(r.u32()?);
            Record::SetVar {
                frame,
                name,
                value: ctx.get_id(&mut r)?,
            }
        }
        _ => {
            let m = Memory {
                live_bytes: get_counter(&mut r, ctx.memory.live_bytes)?,
                live_blocks: get_counter(&mut r, ctx.memory.live_blocks)?,
                allocated_bytes: get_counter(&mut r, ctx.memory.allocated_bytes)?,
            };
            ctx.memory = m;
            Record::Memory(m)
        }
    };
    *pos = r.pos;
    Ok(rec)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ObjectData, Stream};

    fn info(refs: Refs, size: u64) -> ObjInfo {
        ObjInfo {
            refs,
            size,
            hidden: 0,
        }
    }

    /// Encodes `recs` in one context and decodes them in another: the same records come
    /// back, and both contexts end alike.
    fn round_trip(recs: &[Record]) -> Vec<u8> {
        let mut ctx = Context::default();
        let mut bytes = Vec::new();
        for r in recs {
            encode(r, &mut ctx, &mut bytes);
        }
        let mut back = Context::default();
        let mut pos = 0;
        let mut got = Vec::new();
        while pos < bytes.len() {
            got.push(decode_at(&bytes, &mut pos, &mut back).unwrap());
        }
        assert_eq!(got, recs);
        assert_eq!(back, ctx);
        bytes
    }

    #[test]
    fn every_compact_record_round_trips_with_edge_values() {
        let max = ObjId(u32::MAX);
        round_trip(&[
            // The first record of a block: relative to an empty context.
            Record::Step {
                event: Event::Line,
                line: 7,
                frame: FrameId(0),
            },
            Record::ObjNew {
                id: max,
                data: ObjectData::int(i64::MIN),
            },
            // From the largest id down to the smallest: a negative difference.
            Record::ObjFree {
                id: ObjId(1),
                cause: FreeCause::Collector,
            },
            Record::ObjInfo {
                id: max,
                info: info(Refs::Count(u64::MAX), u64::MAX),
            },
            Record::ObjInfo {
                id: ObjId(3),
                info: info(Refs::Count(u64::MAX), u64::MAX),
            },
            Record::ObjInfo {
                id: ObjId(2),
                info: info(Refs::Immortal, 28),
            },
            Record::SetVar {
                frame: FrameId(u32::MAX),
                name: Sym(u32::MAX),
                value: ObjId(0),
            },
            Record::Memory(Memory {
                live_bytes: u64::MAX,
                live_blocks: 0,
                allocated_bytes: 1 << 63,
            }),
            Record::Memory(Memory {
                live_bytes: 0,
                live_blocks: u64::MAX,
                allocated_bytes: (1 << 63) + 5,
            }),
            Record::Step {
                event: Event::Return,
                line: u32::MAX,
                frame: FrameId(u32::MAX),
            },
            Record::Step {
                event: Event::Call,
                line: 1,
                frame: FrameId(0),
            },
            // Plain records between compact ones leave the context alone.
            Record::Output {
                stream: Stream::Stdout,
                text: "x".into(),
            },
            Record::ObjFree {
                id: ObjId(4),
                cause: FreeCause::LastReference,
            },
        ]);
    }

    #[test]
    fn a_count_of_zero_is_kept_as_one_as_in_the_plain_form() {
        let mut ctx = Context::default();
        let mut bytes = Vec::new();
        let zero = Record::ObjInfo {
            id: ObjId(1),
            info: info(Refs::Count(0), 8),
        };
        encode(&zero, &mut ctx, &mut bytes);
        encode(&zero, &mut ctx, &mut bytes);
        let mut plain = Vec::new();
        zero.encode(&mut plain);
        let from_plain = Record::decode_all(&plain).unwrap();
        let (mut back, mut pos) = (Context::default(), 0);
        for _ in 0..2 {
            assert_eq!(
                decode_at(&bytes, &mut pos, &mut back).unwrap(),
                from_plain[0]
            );
        }
    }

    #[test]
    fn a_loop_repeats_the_same_bytes_at_every_step() {
        // The records of `for i in range(n): total += i` as the tracer sends them (the
        // int's value kept the same here, so only the ids and counters change).
        let mut ctx = Context::default();
        let (mut bytes, mut plain, mut steps) = (Vec::new(), Vec::new(), Vec::new());
        let mut live = 1_000u64;
        for k in 0..5u32 {
            let id = ObjId(100 + k);
            live += 32;
            let recs = [
                Record::Step {
                    event: Event::Line,
                    line: 3 + k % 2,
                    frame: FrameId(0),
                },
                Record::Memory(Memory {
                    live_bytes: live,
                    live_blocks: 20,
                    allocated_bytes: live * 3,
                }),
                Record::ObjFree {
                    id: ObjId(id.0 - 2),
                    cause: FreeCause::LastReference,
                },
                Record::ObjNew {
                    id,
                    data: ObjectData::int(7),
                },
                Record::ObjInfo {
                    id,
                    info: info(Refs::Count(1), 28),
                },
                Record::SetVar {
                    frame: FrameId(0),
                    name: Sym(11 + k % 2),
                    value: id,
                },
            ];
            let start = bytes.len();
            for r in &recs {
                encode(r, &mut ctx, &mut bytes);
                r.encode(&mut plain);
            }
            steps.push(bytes[start..].to_vec());
        }
        // The first step is relative to an empty context; from the third on, each step's
        // bytes are those of the step two before it (same line and variable).
        assert_ne!(steps[0], steps[2]);
        assert_eq!(steps[1], steps[3]);
        assert_eq!(steps[2], steps[4]);
        assert!(
            bytes.len() < plain.len(),
            "{} vs {}",
            bytes.len(),
            plain.len()
        );
        let (mut back, mut pos, mut n) = (Context::default(), 0, 0);
        while pos < bytes.len() {
            decode_at(&bytes, &mut pos, &mut back).unwrap();
            n += 1;
        }
        assert_eq!((n, back), (30, ctx));
    }

    #[test]
    fn corrupt_differences_are_errors_not_wraps() {
        // An id below 0, a line past u32, a repeated info with none before it.
        for bytes in [
            vec![tag::OBJ_FREE, 1],
            vec![tag::STEP, 0, 0xfe, 0xff, 0xff, 0xff, 0x3f, 0],
            vec![tag::OBJ_INFO_AGAIN, 2],
            vec![tag::OBJ_NEW],
        ] {
            let (mut ctx, mut pos) = (Context::default(), 0);
            assert!(
                decode_at(&bytes, &mut pos, &mut ctx).is_err(),
                "{bytes:?} decoded"
            );
        }
        // The stateless reader (the worker's stream) refuses compact records.
        assert!(Record::decode_all(&[tag::OBJ_FREE, 2]).is_err());
    }
}
