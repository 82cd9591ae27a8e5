//! The native `.hstrace` file: a signature, then checksummed sections (metadata, names,
//! output, one per block of steps), then an index and a fixed footer. The layout is
//! documented in `docs/trace-format.md`; any change to it bumps [`FORMAT_VERSION`].

use std::io::Write;
use std::path::Path;

use crate::codec::{Reader, Writer};
use crate::error::{corrupt, Error, Result};
use crate::model::Stream;
use crate::store::{Block, BlockData, OutputChunk, Trace, TraceMeta};
use crate::symbols::Symbols;

/// The version of the file format this build writes. It also reads versions 1 to 5:
/// version 5 is version 6 without the compact delta records (tags 20 to 27, see
/// `compact.rs`), so the same reader reads both;
/// version 4 is version 5 without an imported class's members (object kind 27),
/// version 3 is version 4 without the `imported` object kind, version 2 is version 3
/// without `ObjInfo` and collector-free records, version 1 is version 2 without `Memory`
/// records.
pub const FORMAT_VERSION: u32 = 6;
const OLDEST_READ: u32 = 1;

const MAGIC: &[u8; 8] = b"HSTRACE\0";
const FOOTER_MAGIC: &[u8; 8] = b"HSEND\0\0\0";
const SECTION_HEADER: usize = 1 + 8 + 4;
const FOOTER: usize = 8 + 8;

mod section {
    pub const META: u8 = b'M';
    pub const SYMBOLS: u8 = b'S';
    pub const OUTPUT: u8 = b'O';
    pub const BLOCK: u8 = b'B';
    pub const INDEX: u8 = b'I';
}

/// Where the file's bytes go, and how many have gone (the index records offsets).
struct Out<W: Write> {
    w: W,
    at: u64,
}

impl<W: Write> Out<W> {
    fn put(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        self.w.write_all(bytes)?;
        self.at += bytes.len() as u64;
        Ok(())
    }

    /// A section whose payload is `head` then `body` (a block's header and its data,
    /// written without joining them).
    fn section(&mut self, tag: u8, head: &[u8], body: &[u8]) -> std::io::Result<()> {
        let mut crc = crc32fast::Hasher::new();
        crc.update(head);
        crc.update(body);
        self.put(&[tag])?;
        self.put(&((head.len() + body.len()) as u64).to_le_bytes())?;
        self.put(&crc.finalize().to_le_bytes())?;
        self.put(head)?;
        self.put(body)
    }
}

/// Encodes a trace as the bytes of a `.hstrace` file.
pub fn encode_trace(trace: &Trace) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    write_to(trace, &mut out).map_err(|e| corrupt(format!("cannot encode the trace: {e}")))?;
    Ok(out)
}

/// Writes the file's bytes to `w` section by section, so writing a long trace does not
/// hold a second copy of it in memory.
fn write_to(trace: &Trace, w: impl Write) -> std::io::Result<()> {
    let mut out = Out { w, at: 0 };
    out.put(MAGIC)?;
    out.put(&FORMAT_VERSION.to_le_bytes())?;

    let meta = serde_json::to_vec(&trace.meta)?;
    out.section(section::META, &zstd::bulk::compress(&meta, 3)?, &[])?;

    let mut w = Writer::default();
    w.uv(trace.symbols.len() as u64);
    for s in trace.symbols.iter() {
        w.str(s);
    }
    out.section(section::SYMBOLS, &zstd::bulk::compress(&w.buf, 3)?, &[])?;

    let mut w = Writer::default();
    w.uv(trace.output.len() as u64);
    for c in &trace.output {
        w.uv(c.step);
        w.u8(c.stream as u8);
        w.str(&c.text);
    }
    out.section(section::OUTPUT, &zstd::bulk::compress(&w.buf, 3)?, &[])?;

    let mut index = Writer::default();
    index.uv(trace.blocks.len() as u64);
    for b in &trace.blocks {
        index.uv(out.at);
        let mut w = Writer::default();
        w.uv(b.first_step);
        w.uv(b.steps);
        out.section(
            section::BLOCK,
            &w.buf,
            &b.compressed().map_err(std::io::Error::other)?,
        )?;
    }
    let index_at = out.at;
    out.section(section::INDEX, &index.buf, &[])?;
    out.put(&index_at.to_le_bytes())?;
    out.put(FOOTER_MAGIC)?;
    out.w.flush()
}

/// Writes a trace to a `.hstrace` file (through a temporary file, so a failed write never
/// leaves half a trace under the real name).
pub fn write_trace(trace: &Trace, path: &Path) -> Result<()> {
    let io = |source| Error::Io {
        path: path.to_owned(),
        source,
    };
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let tmp = dir.join(format!(
        ".{}.tmp{}",
        path.file_name().and_then(|n| n.to_str()).unwrap_or("trace"),
        std::process::id()
    ));
    let f = std::fs::File::create(&tmp).map_err(io)?;
    let mut buffered = std::io::BufWriter::with_capacity(1 << 20, f);
    let written = write_to(trace, &mut buffered)
        .and_then(|()| buffered.into_inner().map_err(|e| e.into_error()))
        .and_then(|f| f.sync_all());
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(io(e));
    }
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        io(e)
    })
}

/// Reads a `.hstrace` file.
pub fn read_trace(path: &Path) -> Result<Trace> {
    let bytes = std::fs::read(path).map_err(|source| Error::Io {
        path: path.to_owned(),
        source,
    })?;
    decode_trace(&bytes)
}

/// True when `bytes` start like a `.hstrace` file.
pub fn looks_like_trace(bytes: &[u8]) -> bool {
    bytes.starts_with(MAGIC)
}

struct Section<'a> {
    tag: u8,
    payload: &'a [u8],
}

fn section_at(bytes: &[u8], at: usize) -> Result<(Section<'_>, usize)> {
    let header = bytes.get(at..at + SECTION_HEADER).ok_or_else(|| {
        Error::Truncated(format!(
            "a section header at byte {at} is cut off (the file has {} bytes)",
            bytes.len()
        ))
    })?;
    let tag = header[0];
    let len = u64::from_le_bytes(header[1..9].try_into().map_err(|_| corrupt("header"))?);
    let crc = u32::from_le_bytes(header[9..13].try_into().map_err(|_| corrupt("header"))?);
    let start = at + SECTION_HEADER;
    let end = usize::try_from(len)
        .ok()
        .and_then(|l| start.checked_add(l))
        .filter(|&e| e <= bytes.len());
    let end = end.ok_or_else(|| {
        Error::Truncated(format!(
            "the section at byte {at} claims {len} bytes but the file ends first"
        ))
    })?;
    let payload = &bytes[start..end];
    if crc32fast::hash(payload) != crc {
        return Err(corrupt(format!(
            "the checksum of the '{}' section at byte {at} does not match: the file is damaged",
            tag as char
        )));
    }
    Ok((Section { tag, payload }, end))
}

fn unzstd(payload: &[u8], what: &str) -> Result<Vec<u8>> {
    zstd::stream::decode_all(payload)
        .map_err(|e| corrupt(format!("the {what} do not decompress: {e}")))
}

/// Decodes the bytes of a `.hstrace` file.
pub fn decode_trace(bytes: &[u8]) -> Result<Trace> {
    if bytes.len() < MAGIC.len() + 4 || !bytes.starts_with(MAGIC) {
        return Err(Error::NotATrace);
    }
    let version = u32::from_le_bytes(bytes[8..12].try_into().map_err(|_| Error::NotATrace)?);
    if !(OLDEST_READ..=FORMAT_VERSION).contains(&version) {
        return Err(Error::Version {
            found: version,
            oldest: OLDEST_READ,
            newest: FORMAT_VERSION,
        });
    }
    if bytes.len() < 12 + FOOTER || &bytes[bytes.len() - 8..] != FOOTER_MAGIC {
        return Err(Error::Truncated(format!(
            "the file ends after {} bytes without its footer: the recording was cut off or the copy is incomplete",
            bytes.len()
        )));
    }
    let mut at = 12;
    let mut meta: Option<TraceMeta> = None;
    let mut symbols = Symbols::default();
    let mut output = Vec::new();
    let mut blocks = Vec::new();
    let body_end = bytes.len() - FOOTER;
    while at < body_end {
        let (sec, next) = section_at(&bytes[..body_end], at)?;
        at = next;
        match sec.tag {
            section::META => {
                let json = unzstd(sec.payload, "metadata")?;
                meta = Some(
                    serde_json::from_slice(&json).map_err(|e| corrupt(format!("metadata: {e}")))?,
                );
            }
            section::SYMBOLS => {
                let raw = unzstd(sec.payload, "names")?;
                let mut r = Reader::new(&raw);
                let n = r.count()?;
                let mut s = Symbols::default();
                for i in 0..n {
                    let text = r.str()?;
                    if i == 0 {
                        continue;
                    }
                    if !s.define(crate::Sym(i as u32), text) {
                        return Err(corrupt("duplicate name in the names table"));
                    }
                }
                symbols = s;
            }
            section::OUTPUT => {
                let raw = unzstd(sec.payload, "output")?;
                let mut r = Reader::new(&raw);
                let n = r.count()?;
                for _ in 0..n {
                    let step = r.uv()?;
                    let stream = if r.u8()? == 0 {
                        Stream::Stdout
                    } else {
                        Stream::Stderr
                    };
                    output.push(OutputChunk {
                        step,
                        stream,
                        text: r.str()?.to_owned(),
                    });
                }
            }
            section::BLOCK => {
                let mut r = Reader::new(sec.payload);
                let first_step = r.uv()?;
                let steps = r.uv()?;
                blocks.push(Block {
                    first_step,
                    steps,
                    data: BlockData::Mem(sec.payload[r.pos..].to_vec()),
                });
            }
            section::INDEX => {}
            other => return Err(corrupt(format!("unknown section '{}'", other as char))),
        }
    }
    let meta = meta.ok_or_else(|| corrupt("the file has no metadata section"))?;
    Trace::from_parts(meta, symbols, output, blocks)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{int, list, TraceScript};
    use crate::{FrameId, ObjId};

    fn small() -> Trace {
        let mut t = TraceScript::at("x = [1]\nprint(x)\n", "p.py", 1);
        t.step(2).obj(1, int(1)).obj(2, list(&[1])).var(0, "x", 2);
        t.print("[1]\n");
        t.finish()
    }

    #[test]
    fn round_trip() {
        let t = small();
        let bytes = encode_trace(&t).unwrap();
        let back = decode_trace(&bytes).unwrap();
        assert_eq!(back.len(), 2);
        assert_eq!(back.meta(), t.meta());
        let s = back.state_at(2).unwrap();
        let x = back.symbols().lookup("x").unwrap();
        assert_eq!(s.frame(FrameId::GLOBAL).unwrap().var(x), Some(ObjId(2)));
        assert_eq!(back.output_until(2, None), "[1]\n");
    }

    #[test]
    fn the_file_written_section_by_section_is_the_encoded_trace() {
        let t = small();
        let path =
            std::env::temp_dir().join(format!("heapscope-native-{}.hstrace", std::process::id()));
        write_trace(&t, &path).unwrap();
        let written = std::fs::read(&path).unwrap();
        let _ = std::fs::remove_file(&path);
        assert_eq!(written, encode_trace(&t).unwrap());
        assert_eq!(decode_trace(&written).unwrap().len(), 2);
    }

    /// What a reader sees at a step: the step-level fields and the records that rebuild
    /// the state, sorted (the heap's order of iteration is not part of the state).
    fn seen(s: &crate::State) -> String {
        let mut recs: Vec<String> = s.to_records().iter().map(|r| format!("{r:?}")).collect();
        recs.sort();
        format!("{}\n{}", fields(s), recs.join("\n"))
    }

    /// A step's own fields and what it changed.
    fn fields(s: &crate::State) -> String {
        format!(
            "{} {:?} {} {:?} {:?} {:?} {:?}",
            s.step, s.event, s.line, s.frame, s.stack, s.memory, s.changes
        )
    }

    /// Every step as `seen` says (each 100th in full: the whole heap at every one of
    /// 5,000 steps would take seconds; the others by their fields, what they changed and
    /// how many objects are alive).
    fn every_step(t: &Trace) -> Vec<String> {
        let mut c = t.cursor();
        let mut out = Vec::new();
        while let Some(s) = c.next_state().unwrap() {
            out.push(if s.step % 100 == 1 || s.step + 1 >= t.len() {
                seen(s)
            } else {
                format!("{} {}", fields(s), s.object_count())
            });
        }
        out
    }

    /// Version 5 files, recorded by the heapscope before version 6 (its release build,
    /// from `examples/lecture/11_list_vs_generator.py` and `13_reference_cycle.py`), still
    /// read; written again as version 6 (compact deltas), every step reads the same, in
    /// order and by seeking, and the file is smaller.
    #[test]
    fn version_5_files_read_and_rewrite_as_version_6_with_the_same_steps() {
        for (name, old, steps, blocks) in [
            (
                "list_vs_generator",
                &include_bytes!("../fixtures/v5_list_vs_generator.hstrace")[..],
                5018,
                2,
            ),
            (
                "reference_cycle",
                &include_bytes!("../fixtures/v5_reference_cycle.hstrace")[..],
                25,
                1,
            ),
        ] {
            assert_eq!(old[8..12], 5u32.to_le_bytes(), "{name}");
            let v5 = decode_trace(old).unwrap();
            assert_eq!(v5.len(), steps, "{name}");
            // Rebuilt from its records, as the recorder builds a trace from the stream.
            let mut b = crate::TraceBuilder::new(v5.meta().clone());
            for text in v5.symbols().iter().skip(1) {
                b.sym(text);
            }
            let mut outputs = v5.output().iter().peekable();
            let mut pushed = Vec::new();
            v5.for_each_record(|rec| {
                pushed.push(rec.clone());
                b.push(rec.clone()).unwrap();
                if matches!(rec, crate::Record::Step { .. }) {
                    while let Some(o) = outputs.next_if(|o| o.step == b.len()) {
                        b.push(crate::Record::Output {
                            stream: o.stream,
                            text: o.text.clone(),
                        })
                        .unwrap();
                    }
                }
            })
            .unwrap();
            let new = encode_trace(&b.finish().unwrap()).unwrap();
            assert_eq!(new[8..12], FORMAT_VERSION.to_le_bytes());
            let v6 = decode_trace(&new).unwrap();
            // Record for record, the compact blocks give back what was pushed.
            let mut read = Vec::new();
            v6.for_each_record(|rec| read.push(rec.clone())).unwrap();
            assert!(read == pushed, "{name}: the records differ");
            let (before, after) = (every_step(&v5), every_step(&v6));
            assert_eq!(before.len() as u64, steps);
            // Past a block's end: the compact records start again from an empty context.
            assert!(
                v6.blocks.len() >= blocks,
                "{name}: {} blocks",
                v6.blocks.len()
            );
            for (a, b) in before.iter().zip(&after) {
                assert_eq!(a, b, "{name}");
            }
            assert_eq!(before.len(), after.len());
            let seeks = [1, 101, 201, steps / 100 * 100 + 1, steps - 1, steps];
            for step in seeks.into_iter().filter(|&s| s <= steps) {
                let want = &before[step as usize - 1];
                assert_eq!(&seen(&v6.state_at(step).unwrap()), want, "{name} {step}");
                assert_eq!(&seen(&v5.state_at(step).unwrap()), want, "{name} {step}");
            }
            assert_eq!(v6.output_until(steps, None), v5.output_until(steps, None));
            assert!(
                new.len() < old.len(),
                "{name}: {} vs {}",
                new.len(),
                old.len()
            );
        }
    }

    #[test]
    fn damage_is_reported_not_panicked() {
        let bytes = encode_trace(&small()).unwrap();
        for cut in [0, 5, 12, 40, bytes.len() - 1] {
            let e = decode_trace(&bytes[..cut]).unwrap_err();
            assert!(
                matches!(e, Error::NotATrace | Error::Truncated(_)),
                "cut at {cut}: {e}"
            );
        }
        let mut flipped = bytes.clone();
        flipped[30] ^= 0x55;
        let e = decode_trace(&flipped).unwrap_err().to_string();
        assert!(
            e.contains("checksum") || e.contains("corrupt") || e.contains("truncated"),
            "{e}"
        );
        assert!(matches!(
            decode_trace(b"hello world, not a trace"),
            Err(Error::NotATrace)
        ));
        let mut v2 = bytes.clone();
        v2[8] = 9;
        assert!(matches!(
            decode_trace(&v2),
            Err(Error::Version { found: 9, .. })
        ));
        // A newer heapscope's file says so, and what this one reads.
        assert_eq!(
            decode_trace(&v2).unwrap_err().to_string(),
            format!(
                "the trace was made by a newer heapscope (format version 9; this one reads \
                 versions 1 to {FORMAT_VERSION}): upgrade heapscope to read it"
            )
        );
        v2[8] = 0;
        assert!(decode_trace(&v2)
            .unwrap_err()
            .to_string()
            .starts_with("trace format version 0 is unknown"));
    }
}
