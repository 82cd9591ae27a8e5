//! The trace store: steps kept as blocks, each a keyframe (the whole state, as records)
//! followed by the records of its steps, compressed. Any step is rebuilt from its block
//! alone; a block is sealed once its deltas outweigh its keyframe, so keyframes never cost
//! more than the deltas they save replaying.

use std::borrow::Cow;
use std::fs::File;
use std::os::unix::fs::FileExt;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::codec::{Reader, Writer};
use crate::compact;
use crate::error::{corrupt, Error, Result};
use crate::keyframes::{Keyframe, Keyframes};
use crate::model::Stream;
use crate::model::{Event, Outcome};
use crate::record::Record;
use crate::state::State;
use crate::symbols::Symbols;

/// A block is sealed at a step boundary once its delta bytes pass this and its keyframe.
const MIN_BLOCK_BYTES: usize = 64 * 1024;
/// zstd level for sealed blocks: fast, and step records compress well.
const ZSTD_LEVEL: i32 = 1;
/// Sealed blocks past this many bytes go to an unnamed temporary file instead of memory,
/// so a long recording's memory stays flat.
const SPILL_ABOVE: usize = 32 << 20;

/// Text the program wrote, and the step at which it first shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutputChunk {
    /// The step (1-based) whose state first includes this text.
    pub step: u64,
    /// Which stream.
    pub stream: Stream,
    /// The text.
    pub text: String,
}

/// One source file of the traced program.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct SourceFile {
    /// Its path as the user gave it (or relative to the main file's folder).
    pub path: String,
    /// Its full text.
    pub text: String,
    /// Where each line starts in `text`, worked out on the first look-up: every drawn
    /// step shows a few lines, and finding them from the top each time made a 5 MB source
    /// cost 20 ms a step.
    #[serde(skip)]
    starts: std::sync::OnceLock<Vec<usize>>,
}

/// Equal when the path and text are: the line index is a cache.
impl PartialEq for SourceFile {
    fn eq(&self, other: &Self) -> bool {
        self.path == other.path && self.text == other.text
    }
}

impl Eq for SourceFile {}

impl SourceFile {
    /// The file at `path` holding `text`.
    pub fn new(path: impl Into<String>, text: impl Into<String>) -> SourceFile {
        SourceFile {
            path: path.into(),
            text: text.into(),
            starts: std::sync::OnceLock::new(),
        }
    }

    fn starts(&self) -> &[usize] {
        self.starts.get_or_init(|| {
            // As `str::lines` splits: after each '\n', and no empty last line.
            let mut v = vec![0];
            v.extend(
                self.text
                    .match_indices('\n')
                    .map(|(i, _)| i + 1)
                    .filter(|&i| i < self.text.len()),
            );
            if self.text.is_empty() {
                v.clear();
            }
            v
        })
    }

    /// The number of lines (as `str::lines` counts them).
    pub fn line_count(&self) -> u32 {
        self.starts().len() as u32
    }

    /// Line `n` (1-based) without its line ending, or "" when there is no such line.
    pub fn line(&self, n: u32) -> &str {
        let starts = self.starts();
        let Some(&from) = n.checked_sub(1).and_then(|i| starts.get(i as usize)) else {
            return "";
        };
        let to = starts.get(n as usize).copied().unwrap_or(self.text.len());
        let line = &self.text[from..to];
        let line = line.strip_suffix('\n').unwrap_or(line);
        line.strip_suffix('\r').unwrap_or(line)
    }
}

#[cfg(test)]
mod source_tests {
    use super::SourceFile;

    #[test]
    fn lines_are_found_as_str_lines_splits_them() {
        for text in [
            "",
            "\n",
            "a",
            "a\n",
            "a\n\nb",
            "a\r\nb\r\n",
            "x\ny\n\n",
            "é\nü",
        ] {
            let f = SourceFile::new("p.py", text);
            let want: Vec<&str> = text.lines().collect();
            assert_eq!(f.line_count() as usize, want.len(), "{text:?}");
            for (i, l) in want.iter().enumerate() {
                assert_eq!(f.line(i as u32 + 1), *l, "{text:?} line {}", i + 1);
            }
            assert_eq!(f.line(0), "");
            assert_eq!(f.line(want.len() as u32 + 1), "");
        }
    }
}

/// What the trace is of and how it was made. Stored as JSON in the file's header.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TraceMeta {
    /// The heapscope version that recorded it.
    pub heapscope_version: String,
    /// The CPython version that ran the program (e.g. "3.11.7").
    pub python_version: String,
    /// The program's files; the main file first.
    pub sources: Vec<SourceFile>,
    /// The input given to `input()`.
    #[serde(default)]
    pub stdin: String,
    /// How the run ended.
    pub outcome: Option<Outcome>,
    /// The sandbox policy in force ("off", "standard", "strict").
    #[serde(default)]
    pub sandbox: String,
    /// Options the trace was recorded with, as `name=value` text.
    #[serde(default)]
    pub options: Vec<String>,
    /// Remarks about the whole run (e.g. which limits applied).
    #[serde(default)]
    pub notes: Vec<String>,
}

impl TraceMeta {
    /// Metadata for a one-file program, with nothing else known yet.
    pub fn for_program(text: &str, path: &str) -> TraceMeta {
        TraceMeta {
            heapscope_version: env!("CARGO_PKG_VERSION").to_owned(),
            python_version: String::new(),
            sources: vec![SourceFile::new(path, text)],
            stdin: String::new(),
            outcome: None,
            sandbox: String::new(),
            options: Vec::new(),
            notes: Vec::new(),
        }
    }
}

/// A sealed block: the steps `first_step ..= first_step + steps - 1`.
#[derive(Clone, Debug)]
pub(crate) struct Block {
    pub(crate) first_step: u64,
    pub(crate) steps: u64,
    /// zstd of: varint keyframe length, keyframe records, delta records.
    pub(crate) data: BlockData,
}

/// Where a sealed block's compressed bytes are.
#[derive(Clone, Debug)]
pub(crate) enum BlockData {
    /// In memory.
    Mem(Vec<u8>),
    /// In the builder's spill file (unnamed: it goes when the last trace using it does).
    Spilled {
        file: Arc<File>,
        at: u64,
        len: usize,
    },
}

impl Block {
    /// The compressed bytes, read back from the spill file when they are there.
    pub(crate) fn compressed(&self) -> Result<Cow<'_, [u8]>> {
        match &self.data {
            BlockData::Mem(bytes) => Ok(Cow::Borrowed(bytes)),
            BlockData::Spilled { file, at, len } => {
                let mut bytes = vec![0; *len];
                file.read_exact_at(&mut bytes, *at)?;
                Ok(Cow::Owned(bytes))
            }
        }
    }
}

/// A new unnamed file for spilled blocks, readable only by this user.
fn spill_file() -> std::io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    let dir = std::env::temp_dir();
    let mut n = 0u32;
    loop {
        let path = dir.join(format!(".heapscope-blocks-{}-{n}", std::process::id()));
        match std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&path)
        {
            Ok(f) => {
                // Unlinked at once: the open handle keeps it, and nothing is left behind.
                std::fs::remove_file(&path)?;
                return Ok(f);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && n < 1000 => n += 1,
            Err(e) => return Err(e),
        }
    }
}

/// Seals blocks with one zstd context and two buffers kept from block to block: each
/// block's compressed bytes are then copied out at their exact size, so a long
/// recording's blocks lie packed in memory (a buffer sized for zstd's worst case and then
/// shrunk left a hole behind every block) and no context is made per block.
struct Sealer {
    zstd: zstd::bulk::Compressor<'static>,
    raw: Writer,
    packed: Vec<u8>,
}

impl Sealer {
    fn new() -> Result<Sealer> {
        Ok(Sealer {
            zstd: zstd::bulk::Compressor::new(ZSTD_LEVEL)?,
            raw: Writer::default(),
            packed: Vec::new(),
        })
    }

    fn seal(
        &mut self,
        first_step: u64,
        steps: u64,
        keyframe: &[u8],
        deltas: &[u8],
    ) -> Result<Block> {
        let w = &mut self.raw;
        w.buf.clear();
        w.uv(keyframe.len() as u64);
        w.buf.extend_from_slice(keyframe);
        w.buf.extend_from_slice(deltas);
        self.packed.clear();
        self.packed
            .reserve(zstd::zstd_safe::compress_bound(w.buf.len()));
        self.zstd.compress_to_buffer(&w.buf, &mut self.packed)?;
        Ok(Block {
            first_step,
            steps,
            data: BlockData::Mem(self.packed.clone()),
        })
    }
}

impl Block {
    pub(crate) fn raw(&self) -> Result<Vec<u8>> {
        // The decompressed size is bounded: refuse absurd claims from a corrupt file.
        zstd::stream::decode_all(&self.compressed()?[..]).map_err(|e| {
            corrupt(format!(
                "a block of steps {}.. does not decompress: {e}",
                self.first_step
            ))
        })
    }
}

/// A recorded run: metadata, interned names, output, and the steps.
#[derive(Clone, Debug)]
pub struct Trace {
    pub(crate) meta: TraceMeta,
    pub(crate) symbols: Symbols,
    pub(crate) output: Vec<OutputChunk>,
    pub(crate) blocks: Vec<Block>,
    pub(crate) steps: u64,
    pub(crate) progress: Progress,
    /// The blocks decoded last, kept so that the next step read near them does not
    /// decode a whole heap again (bounded by the trace's own size; see [`Keyframes`]).
    pub(crate) keyframes: Keyframes,
}

/// Told the first step of each block a cursor starts reading: how far a pass over a long
/// trace has got, at the cost of one call per block.
#[derive(Clone, Default)]
pub(crate) struct Progress(Option<std::sync::Arc<dyn Fn(u64) + Send + Sync>>);

impl std::fmt::Debug for Progress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.is_some() {
            "Progress(watched)"
        } else {
            "Progress(none)"
        })
    }
}

impl Trace {
    /// About how many bytes of memory the trace holds (compressed steps, output, sources,
    /// names, and the decoded keyframes it keeps, which are bounded by the rest): what a
    /// cache of traces should count.
    pub fn approx_bytes(&self) -> usize {
        self.stored_bytes() + self.keyframes.bytes()
    }

    /// At most how many bytes the decoded keyframes it keeps hold: its own size again
    /// (more only when a single keyframe is bigger, which it keeps while it is the last
    /// one read). A cache of traces should leave this much room for each.
    pub fn keyframe_budget(&self) -> usize {
        self.stored_bytes()
    }

    /// About how many bytes its own parts hold: everything but the kept keyframes.
    fn stored_bytes(&self) -> usize {
        // A block spilled to the builder's file holds no memory but its place.
        let blocks: usize = self
            .blocks
            .iter()
            .map(|b| match &b.data {
                BlockData::Mem(bytes) => bytes.len() + 32,
                BlockData::Spilled { .. } => 32,
            })
            .sum();
        let output: usize = self.output.iter().map(|o| o.text.len() + 40).sum();
        let sources: usize = self
            .meta
            .sources
            .iter()
            .map(|s| s.text.len() + s.path.len())
            .sum();
        let notes: usize = self.meta.notes.iter().map(String::len).sum();
        blocks + output + sources + notes + self.meta.stdin.len() + self.symbols.text_bytes()
    }

    /// How it was made and how it ended.
    pub fn meta(&self) -> &TraceMeta {
        &self.meta
    }
    /// Mutable metadata (to record an outcome the worker could not).
    pub fn meta_mut(&mut self) -> &mut TraceMeta {
        &mut self.meta
    }
    /// Has `f` told the step each pass over the trace has reached (once per block read in
    /// order), so a command can say how far it has got.
    pub fn on_progress(&mut self, f: impl Fn(u64) + Send + Sync + 'static) {
        self.progress = Progress(Some(std::sync::Arc::new(f)));
    }
    /// The names used by the trace.
    pub fn symbols(&self) -> &Symbols {
        &self.symbols
    }
    /// The number of steps (numbered 1 to `len`).
    pub fn len(&self) -> u64 {
        self.steps
    }
    /// True when nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.steps == 0
    }
    /// Everything the program wrote, in order.
    pub fn output(&self) -> &[OutputChunk] {
        &self.output
    }
    /// The text written to `stream` (both when `None`) up to and including step `step`.
    pub fn output_until(&self, step: u64, stream: Option<Stream>) -> String {
        let end = self.output.partition_point(|c| c.step <= step);
        self.output[..end]
            .iter()
            .filter(|c| stream.is_none_or(|s| s == c.stream))
            .map(|c| c.text.as_str())
            .collect()
    }
    /// The text a step added to the output (both streams).
    pub fn output_at(&self, step: u64) -> String {
        let start = self.output.partition_point(|c| c.step < step);
        let end = self.output.partition_point(|c| c.step <= step);
        self.output[start..end]
            .iter()
            .map(|c| c.text.as_str())
            .collect()
    }

    /// The state at step `step` (1-based), rebuilt from its block's keyframe.
    pub fn state_at(&self, step: u64) -> Result<State> {
        if step == 0 || step > self.steps {
            return Err(Error::NoSuchStep {
                step,
                len: self.steps,
            });
        }
        let b = self
            .blocks
            .partition_point(|b| b.first_step + b.steps <= step);
        let mut cursor = Cursor::at_block(self, b)?;
        while cursor.state.step < step {
            if !cursor.advance()? {
                return Err(corrupt(format!("step {step} is missing from its block")));
            }
        }
        Ok(cursor.state)
    }

    /// A cursor before the first step, for reading steps in order cheaply.
    pub fn cursor(&self) -> Cursor<'_> {
        Cursor {
            trace: self,
            block: 0,
            data: Arc::default(),
            pos: 0,
            loaded: false,
            state: State::default(),
            ctx: compact::Context::default(),
        }
    }

    /// A cursor whose next step is `step` (1-based): it starts from that step's block, so
    /// reading a window late in a long trace does not replay everything before it.
    pub fn cursor_at(&self, step: u64) -> Result<Cursor<'_>> {
        if step <= 1 {
            return Ok(self.cursor());
        }
        if step > self.steps {
            return Err(Error::NoSuchStep {
                step,
                len: self.steps,
            });
        }
        let b = self
            .blocks
            .partition_point(|b| b.first_step + b.steps <= step);
        let mut cursor = Cursor::at_block(self, b)?;
        while cursor.state.step + 1 < step {
            if !cursor.advance()? {
                return Err(corrupt(format!("step {step} is missing from its block")));
            }
        }
        Ok(cursor)
    }

    /// Calls `f` with every step's records in order, without rebuilding any state: for
    /// passes that only look for some records (a fraction of the cost of a cursor).
    pub fn for_each_record(&self, mut f: impl FnMut(&Record)) -> Result<()> {
        for block in &self.blocks {
            if let Some(p) = &self.progress.0 {
                p(block.first_step);
            }
            let data = block.raw()?;
            let mut r = Reader::new(&data);
            let kf_len = usize::try_from(r.uv()?).map_err(|_| corrupt("keyframe length"))?;
            // The keyframe restates what earlier blocks' records did: skipped.
            let mut pos = r
                .pos
                .checked_add(kf_len)
                .filter(|&e| e <= data.len())
                .ok_or_else(|| corrupt("keyframe length"))?;
            // The deltas' compact records are relative to what came before in the block.
            let mut ctx = compact::Context::default();
            while pos < data.len() {
                f(&compact::decode_at(&data, &mut pos, &mut ctx)?);
            }
        }
        Ok(())
    }

    /// The first step at `line` of the main file at or after step `from`, if any.
    pub fn find_line(&self, line: u32, from: u64) -> Result<Option<u64>> {
        let mut c = self.cursor();
        while let Some(s) = c.next_state()? {
            if s.step >= from && s.line == line && s.frame_file() == Some(0) {
                return Ok(Some(s.step));
            }
        }
        Ok(None)
    }
}

impl State {
    /// The source file index of the current frame.
    pub fn frame_file(&self) -> Option<u32> {
        self.frame(self.frame).map(|f| f.file)
    }
}

/// Reads steps in order, decoding each block once. A clone reads on from the same step
/// (cheaper than seeking again: no keyframe to decode).
#[derive(Clone)]
pub struct Cursor<'t> {
    trace: &'t Trace,
    block: usize,
    /// The decompressed block being read (shared by the cursor's clones).
    data: Arc<Vec<u8>>,
    pos: usize,
    loaded: bool,
    state: State,
    /// What the block's compact records are relative to, as of `pos`.
    ctx: compact::Context,
}

impl<'t> Cursor<'t> {
    /// A cursor before the first step of block number `block`, from its keyframe (the
    /// one the trace kept, when it did: the heap is then shared, not decoded again).
    fn at_block(trace: &'t Trace, block: usize) -> Result<Cursor<'t>> {
        let b = trace
            .blocks
            .get(block)
            .ok_or_else(|| corrupt("no block holds this step"))?;
        let k = trace.keyframes.get(block, trace.stored_bytes(), || {
            Keyframe::decode(block, b.first_step, b.raw()?)
        })?;
        Ok(Cursor {
            trace,
            block,
            data: Arc::clone(&k.data),
            pos: k.steps_at,
            loaded: true,
            state: k.state.clone(),
            ctx: compact::Context::default(),
        })
    }

    /// The state at the current step.
    pub fn state(&self) -> &State {
        &self.state
    }

    /// Moves to the next step; returns its state, or `None` after the last step.
    pub fn next_state(&mut self) -> Result<Option<&State>> {
        Ok(if self.advance()? {
            Some(&self.state)
        } else {
            None
        })
    }

    /// Moves to the next step. False at the end.
    fn advance(&mut self) -> Result<bool> {
        if self.state.step >= self.trace.steps {
            return Ok(false);
        }
        if !self.loaded || self.pos >= self.data.len() {
            let next = if self.loaded { self.block + 1 } else { 0 };
            let Some(block) = self.trace.blocks.get(next) else {
                return Ok(false);
            };
            let data = block.raw()?;
            // Keep the live state (it equals the keyframe) and skip the keyframe bytes.
            let mut r = Reader::new(&data);
            let kf_len = usize::try_from(r.uv()?).map_err(|_| corrupt("keyframe length"))?;
            if !self.loaded && block.first_step != 1 {
                return Err(corrupt("the first block does not start at step 1"));
            }
            self.pos = r.pos + kf_len;
            if self.pos > data.len() {
                return Err(corrupt("keyframe length"));
            }
            self.data = Arc::new(data);
            self.block = next;
            self.loaded = true;
            self.ctx = compact::Context::default();
            if let Some(f) = &self.trace.progress.0 {
                f(block.first_step);
            }
        }
        // Apply the Step record and every record up to the next Step.
        let mut first = true;
        while self.pos < self.data.len() {
            // Decoded on a copy of the context: the next step's `Step` is only looked at.
            let (mut p, mut ctx) = (self.pos, self.ctx);
            // Looked at where it was decoded: moving a record out of its `Result` costs a
            // stalled copy per record, the largest part of reading a step.
            let decoded = compact::decode_at(&self.data, &mut p, &mut ctx);
            let rec = match &decoded {
                Ok(rec) => rec,
                Err(_) => return decoded.map(|_| false),
            };
            if matches!(rec, Record::Step { .. }) && !first {
                break;
            }
            if first && !matches!(rec, Record::Step { .. }) {
                return Err(corrupt("a step does not start with a Step record"));
            }
            first = false;
            self.state.apply(rec)?;
            self.pos = p;
            self.ctx = ctx;
        }
        Ok(!first)
    }
}

/// A step as the builder commits it (all its records in): its state and the trace so far,
/// for a reader that follows the run as it is recorded.
pub struct Building<'a> {
    /// The state after the step.
    pub state: &'a State,
    /// The names defined so far.
    pub symbols: &'a Symbols,
    /// The program's output so far.
    pub output: &'a [OutputChunk],
    /// The metadata (its outcome is set at the final step).
    pub meta: &'a TraceMeta,
}

/// Shown each step as the builder completes it.
pub type Observer<'o> = &'o mut dyn FnMut(&Building<'_>);

/// Builds a [`Trace`] from records as the tracer emits them.
pub struct TraceBuilder {
    meta: TraceMeta,
    symbols: Symbols,
    output: Vec<OutputChunk>,
    blocks: Vec<Block>,
    state: State,
    steps: u64,
    block_first_step: u64,
    keyframe: Vec<u8>,
    deltas: Vec<u8>,
    /// What the current block's compact delta records are relative to.
    ctx: compact::Context,
    scratch: Vec<u8>,
    /// Bytes of sealed blocks kept in memory, and the most to keep there.
    in_memory: usize,
    spill_above: usize,
    /// The file later blocks go to, and its length.
    spill: Option<(Arc<File>, u64)>,
    /// Made at the first block sealed.
    sealer: Option<Sealer>,
}

impl TraceBuilder {
    /// An empty trace of the program described by `meta`.
    pub fn new(meta: TraceMeta) -> TraceBuilder {
        TraceBuilder {
            meta,
            symbols: Symbols::default(),
            output: Vec::new(),
            blocks: Vec::new(),
            state: State::default(),
            steps: 0,
            block_first_step: 1,
            keyframe: Vec::new(),
            deltas: Vec::new(),
            ctx: compact::Context::default(),
            scratch: Vec::new(),
            in_memory: 0,
            spill_above: SPILL_ABOVE,
            spill: None,
            sealer: None,
        }
    }

    /// Interns a name, for building traces by hand (tests, converters).
    pub fn sym(&mut self, text: &str) -> crate::Sym {
        self.symbols.intern(text)
    }

    /// The state after the records pushed so far.
    pub fn state(&self) -> &State {
        &self.state
    }

    /// Number of steps so far.
    pub fn len(&self) -> u64 {
        self.steps
    }

    /// True before the first step.
    pub fn is_empty(&self) -> bool {
        self.steps == 0
    }

    /// The metadata, to fill in as the run goes.
    pub fn meta_mut(&mut self) -> &mut TraceMeta {
        &mut self.meta
    }

    /// Adds one record.
    pub fn push(&mut self, rec: Record) -> Result<()> {
        self.push_observed(rec, &mut |_| {})
    }

    /// Adds one record; `observe` is shown the step before it when it starts a new one.
    pub fn push_observed(&mut self, rec: Record, observe: Observer<'_>) -> Result<()> {
        let mut bytes = std::mem::take(&mut self.scratch);
        bytes.clear();
        rec.encode(&mut bytes);
        let r = self.push_decoded(&rec, &bytes, observe);
        self.scratch = bytes;
        r
    }

    /// Adds the records encoded in `data` (whole records, as the worker sends them).
    pub fn push_bytes(&mut self, data: &[u8]) -> Result<()> {
        self.push_bytes_observed(data, &mut |_| {})
    }

    /// [`TraceBuilder::push_bytes`], showing `observe` each step as it is completed.
    pub fn push_bytes_observed(&mut self, data: &[u8], observe: Observer<'_>) -> Result<()> {
        let mut pos = 0;
        while pos < data.len() {
            let start = pos;
            // Used where it was decoded (see `Cursor::advance`).
            let decoded = Record::decode_at(data, &mut pos);
            let rec = match &decoded {
                Ok(rec) => rec,
                Err(_) => return decoded.map(|_| ()),
            };
            self.push_decoded(rec, &data[start..pos], observe)?;
        }
        Ok(())
    }

    /// The step committed so far, as an observer sees it.
    fn building(&self) -> Building<'_> {
        Building {
            state: &self.state,
            symbols: &self.symbols,
            output: &self.output,
            meta: &self.meta,
        }
    }

    fn push_decoded(&mut self, rec: &Record, bytes: &[u8], observe: Observer<'_>) -> Result<()> {
        match rec {
            Record::Sym { sym, text } => {
                if !self.symbols.define(*sym, text) {
                    return Err(corrupt(format!("symbol {} defined out of order", sym.0)));
                }
                return Ok(());
            }
            Record::Output { stream, text } => {
                let step = self.steps.max(1);
                match self.output.last_mut() {
                    Some(last) if last.step == step && last.stream == *stream => {
                        last.text.push_str(text)
                    }
                    _ => self.output.push(OutputChunk {
                        step,
                        stream: *stream,
                        text: text.clone(),
                    }),
                }
                return Ok(());
            }
            Record::Step { .. } => {
                if self.state.event.is_some_and(Event::is_final) {
                    return Err(corrupt("a step after the final step"));
                }
                // The step before this one is complete.
                if self.steps > 0 {
                    observe(&self.building());
                }
                if self.deltas.len() >= MIN_BLOCK_BYTES.max(self.keyframe.len()) {
                    self.seal()?;
                }
                self.steps += 1;
            }
            _ => {
                if self.steps == 0 {
                    return Err(corrupt("a change before the first step"));
                }
            }
        }
        self.state.apply(rec)?;
        // The stream's plain bytes are kept as they are unless a compact form is shorter
        // to compress (the records every step repeats).
        if compact::has_compact_form(rec) {
            compact::encode(rec, &mut self.ctx, &mut self.deltas);
        } else {
            self.deltas.extend_from_slice(bytes);
        }
        Ok(())
    }

    /// Seals the current block; the next one starts with a keyframe of the current state.
    fn seal(&mut self) -> Result<()> {
        let steps = self.steps + 1 - self.block_first_step;
        if steps > 0 {
            let sealer = match &mut self.sealer {
                Some(s) => s,
                None => self.sealer.insert(Sealer::new()?),
            };
            let block = sealer.seal(self.block_first_step, steps, &self.keyframe, &self.deltas)?;
            let block = self.spill(block)?;
            self.blocks.push(block);
        }
        self.block_first_step = self.steps + 1;
        self.deltas.clear();
        self.ctx = compact::Context::default();
        self.keyframe.clear();
        for rec in self.state.to_records() {
            rec.encode(&mut self.keyframe);
        }
        Ok(())
    }

    /// Keeps a sealed block in memory while the blocks there are under `spill_above`
    /// bytes; past that, writes it to the spill file and keeps where it is.
    fn spill(&mut self, mut block: Block) -> Result<Block> {
        let BlockData::Mem(bytes) = &block.data else {
            return Ok(block);
        };
        if self.in_memory + bytes.len() <= self.spill_above {
            self.in_memory += bytes.len();
            return Ok(block);
        }
        if self.spill.is_none() {
            self.spill = Some((Arc::new(spill_file()?), 0));
        }
        let Some((file, end)) = &mut self.spill else {
            return Ok(block);
        };
        file.write_all_at(bytes, *end)?;
        let spilled = BlockData::Spilled {
            file: Arc::clone(file),
            at: *end,
            len: bytes.len(),
        };
        *end += bytes.len() as u64;
        block.data = spilled;
        Ok(block)
    }

    /// Ends the trace with `outcome` (unless one is already set) and returns it.
    pub fn finish(self) -> Result<Trace> {
        self.finish_observed(&mut |_| {})
    }

    /// [`TraceBuilder::finish`], showing `observe` the last step, with the outcome set.
    pub fn finish_observed(mut self, observe: Observer<'_>) -> Result<Trace> {
        if self.meta.outcome.is_none() {
            self.meta.outcome = Some(Outcome::Finished);
        }
        if self.steps > 0 {
            observe(&self.building());
        }
        if self.steps >= self.block_first_step {
            self.seal()?;
        }
        Ok(Trace {
            meta: self.meta,
            symbols: self.symbols,
            output: self.output,
            blocks: self.blocks,
            steps: self.steps,
            progress: Progress::default(),
            keyframes: Keyframes::default(),
        })
    }
}

impl Trace {
    /// Rebuilds a trace from its parts (the file reader).
    pub(crate) fn from_parts(
        meta: TraceMeta,
        symbols: Symbols,
        output: Vec<OutputChunk>,
        blocks: Vec<Block>,
    ) -> Result<Trace> {
        let mut next = 1;
        for b in &blocks {
            if b.first_step != next || b.steps == 0 {
                return Err(corrupt("the blocks' step ranges do not follow each other"));
            }
            next += b.steps;
        }
        Ok(Trace {
            meta,
            symbols,
            output,
            blocks,
            steps: next - 1,
            progress: Progress::default(),
            keyframes: Keyframes::default(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{FrameId, ObjId, ObjectData};
    use crate::testing::TraceScript;

    /// A loop that rebinds `i` 50,000 times and appends to a list: enough steps for many
    /// blocks, with state that grows.
    fn long_trace() -> Trace {
        let mut t = TraceScript::at("", "t.py", 1);
        t.obj(1, ObjectData::list(vec![])).var(0, "l", 1);
        let mut items = vec![];
        for k in 0..50_000u32 {
            t.step(2 + k % 3);
            let id = ObjId(k + 2);
            t.obj(id.0, ObjectData::int(i64::from(k))).var(0, "i", id.0);
            items.push(id);
            t.record(Record::ObjSplice {
                id: ObjId(1),
                len: items.len() as u64,
                gap_at: items.len() as u32,
                at: k,
                remove: 0,
                insert: vec![id],
            });
            if k % 1000 == 0 {
                t.record(Record::Output {
                    stream: Stream::Stdout,
                    text: format!("{k}\n"),
                });
            }
        }
        t.finish()
    }

    #[test]
    fn any_step_reads_the_same_as_sequential_replay() {
        let t = long_trace();
        assert_eq!(t.len(), 50_001);
        assert!(
            t.blocks.len() > 3,
            "expected several blocks, got {}",
            t.blocks.len()
        );
        let i = t.symbols().lookup("i").unwrap();
        let mut c = t.cursor();
        let mut seq = Vec::new();
        while let Some(s) = c.next_state().unwrap() {
            if s.step % 4999 == 0 || s.step == 1 || s.step == t.len() {
                seq.push((
                    s.step,
                    s.line,
                    s.frame(FrameId::GLOBAL).unwrap().var(i),
                    s.object_count(),
                ));
            }
        }
        for &(step, line, var, count) in &seq {
            let s = t.state_at(step).unwrap();
            assert_eq!(
                (
                    s.step,
                    s.line,
                    s.frame(FrameId::GLOBAL).unwrap().var(i),
                    s.object_count()
                ),
                (step, line, var, count)
            );
            let mut c = t.cursor_at(step).unwrap();
            let s = c.next_state().unwrap().unwrap();
            assert_eq!(
                (
                    s.step,
                    s.line,
                    s.frame(FrameId::GLOBAL).unwrap().var(i),
                    s.object_count()
                ),
                (step, line, var, count)
            );
        }
        let last = t.state_at(t.len()).unwrap();
        let Some(ObjectData::Seq(_, list)) = last.object(ObjId(1)) else {
            panic!()
        };
        assert_eq!(list.len, 50_000);
        assert_eq!(last.changes.rebound, vec![(FrameId::GLOBAL, i)]);
    }

    #[test]
    fn blocks_spilled_to_a_file_read_and_write_as_in_memory() {
        let kept = long_trace();
        let mut b = TraceBuilder::new(TraceMeta::for_program("", "t.py"));
        b.spill_above = 0;
        // The same records, into a builder that keeps no block in memory.
        let spilled = rebuild(&kept, b);
        assert!(spilled
            .blocks
            .iter()
            .all(|b| matches!(b.data, BlockData::Spilled { .. })));
        assert!(kept
            .blocks
            .iter()
            .all(|b| matches!(b.data, BlockData::Mem(_))));
        assert_eq!(spilled.len(), kept.len());
        for step in [1, 2, 4999, 25_000, kept.len()] {
            let (a, b) = (
                kept.state_at(step).unwrap(),
                spilled.state_at(step).unwrap(),
            );
            assert_eq!((a.line, a.object_count()), (b.line, b.object_count()));
        }
        assert_eq!(
            crate::encode_trace(&spilled).unwrap(),
            crate::encode_trace(&kept).unwrap()
        );
    }

    /// Pushes `trace`'s records again into `b` (its keyframes skipped: they restate).
    fn rebuild(trace: &Trace, mut b: TraceBuilder) -> Trace {
        for text in trace.symbols().iter().skip(1) {
            b.sym(text);
        }
        let mut outputs = trace.output().iter().peekable();
        trace
            .for_each_record(|rec| {
                b.push(rec.clone()).unwrap();
                if matches!(rec, Record::Step { .. }) {
                    while let Some(o) = outputs.next_if(|o| o.step == b.len()) {
                        b.push(Record::Output {
                            stream: o.stream,
                            text: o.text.clone(),
                        })
                        .unwrap();
                    }
                }
            })
            .unwrap();
        b.finish().unwrap()
    }

    #[test]
    fn output_is_split_by_step() {
        let t = long_trace();
        assert_eq!(t.output_until(2, None), "0\n");
        assert_eq!(t.output_at(1002), "1000\n");
        assert!(t.output_until(t.len(), Some(Stream::Stderr)).is_empty());
    }

    #[test]
    fn out_of_range_steps_are_errors() {
        let t = long_trace();
        assert!(matches!(t.state_at(0), Err(Error::NoSuchStep { .. })));
        assert!(matches!(
            t.state_at(t.len() + 1),
            Err(Error::NoSuchStep { .. })
        ));
    }
}
