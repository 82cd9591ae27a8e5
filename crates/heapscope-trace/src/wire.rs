//! The wire between the runner (parent) and the worker (the child that runs Python):
//! the worker's configuration, and the framed stream the worker writes back.
//!
//! A frame is a tag byte, a little-endian `u32` length, the payload and a keyed tag (see
//! [`FrameSealer`]). The worker sends one `Hello`, then `Records` frames (whole
//! [`crate::Record`]s), then one `End`. A stream that stops without `End` means the worker
//! died; the parent says how. A frame whose tag does not check was not written by the
//! tracer: the program wrote into the event pipe, and the parent stops the run there.

/// The CPython versions (`major.minor`) a worker may be: the tracer is built and tested for
/// each (its `compat` module refuses others at build time), and `--python` checks for them.
pub const SUPPORTED_PYTHONS: &[&str] = &["3.10", "3.11", "3.12", "3.13"];

use std::io::{Read, Write};

use serde::{Deserialize, Serialize};

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
    /// The key that seals the worker's frames (see [`StreamKey`]).
    #[serde(default)]
    pub stream_key: StreamKey,
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
            stream_key: StreamKey::default(),
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

/// A per-run secret that authenticates the worker's frames. The parent draws it, sends it
/// on the worker's request (a pipe the program never sees) and the worker keeps it in
/// Rust memory only. The program runs in the same process and can write to the event
/// pipe, but without the key it cannot make a frame the parent accepts.
#[derive(Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StreamKey(pub [u64; 2]);

impl StreamKey {
    /// A fresh key from the kernel's random source.
    pub fn random() -> std::io::Result<StreamKey> {
        let mut b = [0u8; 16];
        std::fs::File::open("/dev/urandom")?.read_exact(&mut b)?;
        let half = |i: usize| {
            u64::from_le_bytes([
                b[i],
                b[i + 1],
                b[i + 2],
                b[i + 3],
                b[i + 4],
                b[i + 5],
                b[i + 6],
                b[i + 7],
            ])
        };
        Ok(StreamKey([half(0), half(8)]))
    }

    /// The tag of frame number `seq`: SipHash-2-4 (128-bit output) of the frame's number,
    /// tag byte, length and payload.
    fn mac(&self, seq: u64, head: &[u8; 5], payload: &[u8]) -> [u8; MAC_LEN] {
        use siphasher::sip128::Hasher128;
        use std::hash::Hasher;
        let mut h = siphasher::sip128::SipHasher24::new_with_keys(self.0[0], self.0[1]);
        h.write(&seq.to_le_bytes());
        h.write(head);
        h.write(payload);
        h.finish128().as_bytes()
    }
}

impl std::fmt::Debug for StreamKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("StreamKey(..)")
    }
}

/// Bytes of the tag that ends every frame.
pub const MAC_LEN: usize = 16;

/// The worker's side: writes frames, each ending in a tag over its number and contents.
#[derive(Debug)]
pub struct FrameSealer {
    key: StreamKey,
    seq: u64,
}

impl FrameSealer {
    /// A sealer with no key yet (see [`FrameSealer::rekey`]).
    pub const UNKEYED: FrameSealer = FrameSealer {
        key: StreamKey([0, 0]),
        seq: 0,
    };

    /// Starts a stream with `key`.
    pub fn new(key: StreamKey) -> FrameSealer {
        FrameSealer { key, seq: 0 }
    }

    /// Starts over with `key` (frame numbers from 0).
    pub fn rekey(&mut self, key: StreamKey) {
        *self = FrameSealer::new(key);
    }

    /// Writes one frame: tag byte, little-endian `u32` length, payload, [`MAC_LEN`] bytes
    /// of tag. Pure computation and `write(2)`: safe to call from a signal handler.
    pub fn write(
        &mut self,
        w: &mut impl Write,
        tag: FrameTag,
        payload: &[u8],
    ) -> std::io::Result<()> {
        let mut head = [0u8; 5];
        head[0] = tag.byte();
        head[1..].copy_from_slice(&(payload.len() as u32).to_le_bytes());
        let mac = self.key.mac(self.seq, &head, payload);
        self.seq += 1;
        w.write_all(&head)?;
        w.write_all(payload)?;
        w.write_all(&mac)
    }
}

/// Why the parent stopped reading the worker's stream.
#[derive(Debug, thiserror::Error)]
pub enum StreamFault {
    /// Bytes heapscope's tracer did not write: the program wrote into the event pipe.
    #[error("{0}")]
    Forged(String),
    /// The stream stopped in the middle of a frame (the worker died while writing).
    #[error("{0}")]
    Cut(String),
    /// A frame longer than the reader would accept (checked before it is read, so a
    /// forged length costs no memory).
    #[error("a frame of {0} bytes")]
    TooLong(u32),
}

/// The parent's side: reads frames and accepts only those the worker's tracer sealed,
/// in order.
#[derive(Debug)]
pub struct FrameOpener {
    key: StreamKey,
    seq: u64,
}

impl FrameOpener {
    /// Reads a stream sealed with `key`.
    pub fn new(key: StreamKey) -> FrameOpener {
        FrameOpener { key, seq: 0 }
    }

    /// Reads one frame of at most `max_len` bytes of payload (and never over
    /// [`MAX_FRAME`]); `Ok(None)` at a clean end of stream (between frames).
    pub fn read(
        &mut self,
        r: &mut impl Read,
        max_len: u64,
    ) -> std::result::Result<Option<(FrameTag, Vec<u8>)>, StreamFault> {
        let forged = |what: String| StreamFault::Forged(what);
        let mut head = [0u8; 5];
        let mut got = 0;
        while got < head.len() {
            match r.read(&mut head[got..]) {
                Ok(0) if got == 0 => return Ok(None),
                Ok(0) => {
                    return Err(StreamFault::Cut(
                        "the stream stopped inside a frame header".into(),
                    ))
                }
                Ok(n) => got += n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(StreamFault::Cut(e.to_string())),
            }
        }
        let tag = match head[0] {
            b'H' => FrameTag::Hello,
            b'R' => FrameTag::Records,
            b'E' => FrameTag::End,
            other => return Err(forged(format!("a frame with the unknown tag {other}"))),
        };
        let len = u32::from_le_bytes([head[1], head[2], head[3], head[4]]);
        if len > MAX_FRAME {
            return Err(forged(format!("a frame of {len} bytes")));
        }
        if u64::from(len) > max_len {
            return Err(StreamFault::TooLong(len));
        }
        let mut payload = vec![0u8; len as usize];
        let mut mac = [0u8; MAC_LEN];
        r.read_exact(&mut payload)
            .and_then(|_| r.read_exact(&mut mac))
            .map_err(|_| StreamFault::Cut("the stream stopped inside a frame".into()))?;
        if !constant_time_eq(&mac, &self.key.mac(self.seq, &head, &payload)) {
            return Err(forged(format!(
                "frame {} is not sealed with this run's key",
                self.seq + 1
            )));
        }
        self.seq += 1;
        Ok(Some((tag, payload)))
    }
}

fn constant_time_eq(a: &[u8; MAC_LEN], b: &[u8; MAC_LEN]) -> bool {
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sealed(key: StreamKey, frames: &[(FrameTag, &[u8])]) -> Vec<u8> {
        let mut s = FrameSealer::new(key);
        let mut out = Vec::new();
        for (t, p) in frames {
            s.write(&mut out, *t, p).expect("write to a Vec");
        }
        out
    }

    #[test]
    fn sealed_frames_are_read_back_in_order() {
        let key = StreamKey([1, 2]);
        let bytes = sealed(
            key,
            &[
                (FrameTag::Hello, b"{}"),
                (FrameTag::Records, b"abc"),
                (FrameTag::End, b""),
            ],
        );
        let mut r = &bytes[..];
        let mut o = FrameOpener::new(key);
        let got: Vec<_> =
            std::iter::from_fn(|| o.read(&mut r, u64::MAX).expect("sealed")).collect();
        assert_eq!(
            got,
            vec![
                (FrameTag::Hello, b"{}".to_vec()),
                (FrameTag::Records, b"abc".to_vec()),
                (FrameTag::End, Vec::new())
            ]
        );
    }

    #[test]
    fn a_frame_without_the_key_a_replayed_frame_or_a_changed_byte_is_forged() {
        let key = StreamKey([7, 9]);
        // Well formed, but sealed with another key (the program does not know this one).
        let other = sealed(StreamKey([0, 0]), &[(FrameTag::End, b"{}")]);
        assert!(matches!(
            FrameOpener::new(key).read(&mut &other[..], u64::MAX),
            Err(StreamFault::Forged(_))
        ));
        // A genuine frame sent twice: the second has the wrong number.
        let one = sealed(key, &[(FrameTag::Records, b"x")]);
        let twice = [one.clone(), one.clone()].concat();
        let mut r = &twice[..];
        let mut o = FrameOpener::new(key);
        assert!(o.read(&mut r, u64::MAX).is_ok());
        assert!(matches!(
            o.read(&mut r, u64::MAX),
            Err(StreamFault::Forged(_))
        ));
        // One payload byte changed.
        let mut bent = one;
        bent[5] ^= 1;
        assert!(matches!(
            FrameOpener::new(key).read(&mut &bent[..], u64::MAX),
            Err(StreamFault::Forged(_))
        ));
        // Garbage where a tag should be.
        assert!(matches!(
            FrameOpener::new(key).read(&mut &b"Zxxxxxxxxx"[..], u64::MAX),
            Err(StreamFault::Forged(_))
        ));
        // A stream cut in the middle of a frame is cut, not forged.
        let cut = sealed(key, &[(FrameTag::Records, b"abcdef")]);
        assert!(matches!(
            FrameOpener::new(key).read(&mut &cut[..8], u64::MAX),
            Err(StreamFault::Cut(_))
        ));
        // A length over what the reader accepts is refused before anything is read.
        assert!(matches!(
            FrameOpener::new(key).read(&mut &cut[..], 5),
            Err(StreamFault::TooLong(6))
        ));
    }
}
