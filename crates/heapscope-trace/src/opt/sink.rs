//! Where the steps go: the commas between them, the bounds on the JSON, and the count.

use std::io::{self, Write};
use std::time::Instant;

use super::json;
use super::OptLimits;

/// Why a conversion stopped early.
pub(super) enum Stop {
    /// The destination failed.
    Out(io::Error),
    /// The trace could not be read.
    Unreadable(crate::Error),
}

impl From<crate::Error> for Stop {
    fn from(e: crate::Error) -> Self {
        Stop::Unreadable(e)
    }
}

pub(super) struct Steps<W: Write> {
    pub(super) out: W,
    pub(super) bytes: u64,
    pub(super) steps: u64,
    limits: OptLimits,
    start: Instant,
    pub(super) stopped: Option<String>,
    scratch: Vec<u8>,
}

impl<W: Write> Steps<W> {
    pub(super) fn new(out: W, limits: OptLimits) -> Self {
        Steps {
            out,
            bytes: 0,
            steps: 0,
            limits,
            start: Instant::now(),
            stopped: None,
            scratch: Vec::new(),
        }
    }

    pub(super) fn write(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.out.write_all(bytes)?;
        self.bytes += bytes.len() as u64;
        Ok(())
    }

    /// Writes one step's JSON; false (and the step that says why, in its place) once a
    /// bound is passed.
    pub(super) fn push(&mut self, step: &[u8]) -> io::Result<bool> {
        if self.stopped.is_some() {
            return Ok(false);
        }
        if let Some(reason) = self.over(step.len()) {
            let mut buf = std::mem::take(&mut self.scratch);
            super::converter::event_only(&mut buf, "instruction_limit_reached", &reason);
            self.entry(&buf)?;
            self.stopped = Some(reason);
            return Ok(false);
        }
        self.entry(step)?;
        Ok(true)
    }

    fn entry(&mut self, step: &[u8]) -> io::Result<()> {
        if self.steps > 0 {
            self.write(b",")?;
        }
        self.write(step)?;
        self.steps += 1;
        Ok(())
    }

    /// Which bound the next step of `next` bytes would pass, in words.
    fn over(&self, next: usize) -> Option<String> {
        if let Some(max) = self.limits.max_bytes {
            if self.bytes + next as u64 > max {
                return Some(format!(
                    "Stopped after {} steps: Python Tutor's JSON of this trace passed the trace size limit of {} MB (--max-trace).",
                    self.steps,
                    max.div_ceil(1 << 20)
                ));
            }
        }
        // The clock is read every 64 steps: reading it at every step was 1% of the time.
        if let Some(t) = self
            .limits
            .timeout
            .filter(|_| self.steps.is_multiple_of(64))
        {
            if self.start.elapsed() > t {
                return Some(format!(
                    "Stopped after {} steps: writing Python Tutor's JSON of this trace took more than {} s (--timeout).",
                    self.steps,
                    t.as_secs_f64()
                ));
            }
        }
        None
    }

    /// Writes the document's head, `{"code": ..., "trace": [`.
    pub(super) fn head(&mut self, code: &str) -> io::Result<()> {
        let mut head = b"{\"code\":".to_vec();
        json::string(&mut head, code);
        head.extend_from_slice(b",\"trace\":[");
        self.write(&head)
    }
}
