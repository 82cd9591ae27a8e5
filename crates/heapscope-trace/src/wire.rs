//! The wire between the runner (parent) and the worker (the child that runs Python):
//! the worker's configuration, and the framed stream the worker writes back.
//!
//! A frame is a tag byte, a little-endian `u32` length and the payload. The worker sends
//! one `Hello`, then `Records` frames (whole [`crate::Record`]s), then one `End`. A stream
//! that stops without `End` means the worker died; the parent says how.

use std::io::{Read, Write};

use serde::{Deserialize, Serialize};

use crate::error::{corrupt, Result};
use crate::model::Outcome;
use crate::store::SourceFile;

/// Largest frame the parent accepts: a corrupt length must not make it allocate gigabytes.
pub const MAX_FRAME: u32 = 64 * 1024 * 1024;

/// What the worker must run, and how.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct WorkerConfig {
    /// The program's path as shown to the user (also its `__file__`).
    pub path: String,
    /// The program's text (run exactly this, never re-read).
    pub source: String,
    /// The folder whose modules count as the user's own code (traced).
    pub user_dir: String,
    /// Lines served to `input()`.
    pub stdin: String,
    /// The trace ends after this many steps.
    pub max_steps: u64,
    /// Wall-clock limit in seconds, checked by the worker between steps.
    pub max_seconds: f64,
    /// The program may print at most this many bytes.
    pub max_output: u64,
    /// Containers show at most this many items (head and tail).
    pub max_items: u32,
    /// Strings and bytes keep at most this many characters.
    pub max_chars: u32,
    /// Objects deeper than this below a variable are not recorded (a visible cut).
    pub max_depth: u32,
    /// The sandbox policy ("off", "standard", "strict"): what the audit hook refuses.
    #[serde(default)]
    pub sandbox: String,
    /// Wrap CPython's allocators (deaths, memory figures). Off only to measure its cost.
    #[serde(default = "enabled")]
    pub alloc_hook: bool,
}

fn enabled() -> bool {
    true
}

impl Default for WorkerConfig {
    fn default() -> Self {
        WorkerConfig {
            path: String::new(),
            source: String::new(),
            user_dir: String::new(),
            stdin: String::new(),
            max_steps: 1_000_000,
            max_seconds: 10.0,
            max_output: 1 << 20,
            max_items: 100,
            max_chars: 1000,
            max_depth: 64,
            sandbox: String::new(),
            alloc_hook: true,
        }
    }
}

/// The worker's first frame.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct WorkerHello {
    /// E.g. "3.11.7".
    pub python_version: String,
}

/// The worker's last frame.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct WorkerEnd {
    /// How the run ended.
    pub outcome: Outcome,
    /// The user's own modules that ran besides the main file, in file-index order from 1.
    pub modules: Vec<SourceFile>,
    /// Remarks about the run.
    pub notes: Vec<String>,
}

/// Frame tags.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FrameTag {
    /// JSON [`WorkerHello`].
    Hello,
    /// Encoded records.
    Records,
    /// JSON [`WorkerEnd`].
    End,
}

impl FrameTag {
    fn byte(self) -> u8 {
        match self {
            FrameTag::Hello => b'H',
            FrameTag::Records => b'R',
            FrameTag::End => b'E',
        }
    }
}

/// Writes one frame.
pub fn write_frame(w: &mut impl Write, tag: FrameTag, payload: &[u8]) -> std::io::Result<()> {
    let mut head = [0u8; 5];
    head[0] = tag.byte();
    head[1..].copy_from_slice(&(payload.len() as u32).to_le_bytes());
    w.write_all(&head)?;
    w.write_all(payload)
}

/// Reads one frame; `Ok(None)` at a clean end of stream (between frames).
pub fn read_frame(r: &mut impl Read) -> Result<Option<(FrameTag, Vec<u8>)>> {
    let mut head = [0u8; 5];
    let mut got = 0;
    while got < head.len() {
        let n = r.read(&mut head[got..])?;
        if n == 0 {
            return if got == 0 { Ok(None) } else { Err(corrupt("the worker's stream stopped inside a frame header")) };
        }
        got += n;
    }
    let tag = match head[0] {
        b'H' => FrameTag::Hello,
        b'R' => FrameTag::Records,
        b'E' => FrameTag::End,
        other => return Err(corrupt(format!("unknown frame tag {other} in the worker's stream"))),
    };
    let len = u32::from_le_bytes([head[1], head[2], head[3], head[4]]);
    if len > MAX_FRAME {
        return Err(corrupt(format!("a frame of {len} bytes in the worker's stream")));
    }
    let mut payload = vec![0u8; len as usize];
    r.read_exact(&mut payload).map_err(|_| corrupt("the worker's stream stopped inside a frame"))?;
    Ok(Some((tag, payload)))
}
