//! Decoded keyframes kept for reuse: reading a step late in a long trace starts from its
//! block's keyframe, a whole heap (100,000 objects for a list grown to 100,000 items).
//! Decoding it is most of a late step's cost, so a trace keeps the last ones it decoded,
//! and every state read from one shares its heap (see [`crate::cow_map::CowMap`]).

use std::sync::{Arc, Mutex};

use crate::codec::Reader;
use crate::error::{corrupt, Result};
use crate::record::Record;
use crate::state::State;

/// One block, decompressed, with its keyframe applied.
#[derive(Debug)]
pub(crate) struct Keyframe {
    /// The block's index in its trace.
    pub(crate) block: usize,
    /// The decompressed block (shared with every cursor reading it).
    pub(crate) data: Arc<Vec<u8>>,
    /// Where the keyframe's records end and the steps' begin.
    pub(crate) steps_at: usize,
    /// The state before the block's first step.
    pub(crate) state: State,
    /// About how much memory it holds.
    bytes: usize,
}

impl Keyframe {
    /// Applies the keyframe of block number `index`, whose first step is `first_step`
    /// and whose decompressed bytes are `data`.
    pub(crate) fn decode(index: usize, first_step: u64, data: Vec<u8>) -> Result<Keyframe> {
        let mut r = Reader::new(&data);
        let kf_len = usize::try_from(r.uv()?).map_err(|_| corrupt("keyframe length"))?;
        let kf_end = r
            .pos
            .checked_add(kf_len)
            .filter(|&e| e <= data.len())
            .ok_or_else(|| corrupt("keyframe length"))?;
        let mut state = State::default();
        let mut pos = r.pos;
        while pos < kf_end {
            let rec = Record::decode_at(&data[..kf_end], &mut pos)?;
            state.apply(&rec)?;
        }
        state.step = first_step.saturating_sub(1);
        state.changes = Default::default();
        let bytes = data.capacity() + state.approx_bytes();
        Ok(Keyframe {
            block: index,
            data: Arc::new(data),
            steps_at: kf_end,
            state,
            bytes,
        })
    }
}

/// The keyframes a trace decoded last, most recent last. Shared by the trace's clones
/// (they hold the same blocks).
///
/// Bounded so that a trace kept open (by the server, for many learners) holds at most
/// about its own size again in decoded keyframes: the most recent keyframes whose total
/// is within `limit` bytes, and always the last one used (reading a step holds one
/// anyway while it runs).
#[derive(Clone, Debug, Default)]
pub(crate) struct Keyframes(Arc<Mutex<Vec<Arc<Keyframe>>>>);

impl Keyframes {
    /// The keyframe of block `index`: the kept one, or `decode`'s, which is then kept.
    pub(crate) fn get(
        &self,
        index: usize,
        limit: usize,
        decode: impl FnOnce() -> Result<Keyframe>,
    ) -> Result<Arc<Keyframe>> {
        if let Some(k) = self.take(index) {
            self.keep(Arc::clone(&k), limit);
            return Ok(k);
        }
        // Decoded outside the lock: other readers of the trace go on meanwhile.
        let k = Arc::new(decode()?);
        self.keep(Arc::clone(&k), limit);
        Ok(k)
    }

    /// About how many bytes the kept keyframes hold.
    pub(crate) fn bytes(&self) -> usize {
        self.lock().iter().map(|k| k.bytes).sum()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Arc<Keyframe>>> {
        // A panic elsewhere while holding the lock leaves a valid list: keep using it.
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn take(&self, index: usize) -> Option<Arc<Keyframe>> {
        let mut kept = self.lock();
        let at = kept.iter().position(|k| k.block == index)?;
        Some(kept.remove(at))
    }

    fn keep(&self, k: Arc<Keyframe>, limit: usize) {
        let mut kept = self.lock();
        kept.retain(|old| old.block != k.block);
        kept.push(k);
        let mut total = 0;
        let mut from = kept.len();
        for (i, k) in kept.iter().enumerate().rev() {
            total += k.bytes;
            if total > limit && i + 1 < kept.len() {
                break;
            }
            from = i;
        }
        kept.drain(..from);
    }
}
