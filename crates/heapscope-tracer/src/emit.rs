//! The worker's side of the wire: records are buffered and written as frames on the
//! event pipe (see `heapscope_trace::wire`).

use std::fs::File;
use std::io::Write;

use heapscope_trace::wire::{write_frame, FrameTag};
use heapscope_trace::Record;

/// Buffers records and writes them to the parent in frames.
pub(crate) struct Emitter {
    file: File,
    buf: Vec<u8>,
}

impl Emitter {
    pub(crate) fn new(file: File) -> Emitter {
        Emitter { file, buf: Vec::with_capacity(512 * 1024) }
    }

    #[inline]
    pub(crate) fn record(&mut self, rec: &Record) {
        rec.encode(&mut self.buf);
    }

    pub(crate) fn pending(&self) -> usize {
        self.buf.len()
    }

    /// Sends the buffered records. If the parent has gone away there is no one to trace
    /// for: the worker exits at once.
    pub(crate) fn flush_records(&mut self) {
        if self.buf.is_empty() {
            return;
        }
        if write_frame(&mut self.file, FrameTag::Records, &self.buf).is_err() {
            // SAFETY: _exit ends the process without running Python or Rust destructors.
            unsafe { libc::_exit(3) };
        }
        self.buf.clear();
    }

    /// Sends a JSON frame (hello or end), after any buffered records.
    pub(crate) fn json(&mut self, tag: FrameTag, value: &impl serde::Serialize) {
        self.flush_records();
        let payload = serde_json::to_vec(value).unwrap_or_default();
        if write_frame(&mut self.file, tag, &payload).and_then(|_| self.file.flush()).is_err() {
            // SAFETY: as in flush_records.
            unsafe { libc::_exit(3) };
        }
    }
}
