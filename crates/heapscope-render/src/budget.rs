//! Bounds on the drawing done after a run: a trace of a hostile program must not make
//! `run`, `render --all` or `export` work without end, or hold without end.
//!
//! Three bounds, each checked between steps by the loop that draws them:
//! - **Frames laid out.** Every step lays out its whole stack, so a deep recursion costs
//!   steps × depth (a 30,000-deep one ran for many minutes after a 5 s run, and its export
//!   grew by gigabytes). The steps drawn stop where their stacks add up to
//!   [`Budget::max_frames`]; this is decided from the trace alone, so the same trace
//!   always stops at the same step.
//! - **Time**, the run's own `--timeout`, counted from when the drawing starts: half of
//!   it for planning the layout (placing every object once), the rest for drawing.
//! - **Bytes** of what is kept in memory or written, the run's own `--max-trace`.
//!
//! Whatever was drawn before a bound is kept, and the caller says where and why it
//! stopped, with [`Stopped::describe`].

use std::time::{Duration, Instant};

use heapscope_trace::{format_count, Trace};

use crate::error::Result;

/// Stack frames one output lays out over all its steps, unless a budget says otherwise.
pub const MAX_LAID_OUT_FRAMES: u64 = 5_000_000;

/// How much drawing one output may do.
#[derive(Clone, Copy, Debug)]
pub struct Budget {
    /// Stack frames laid out over all the steps drawn.
    pub max_frames: u64,
    /// The longest the drawing may take (the `--timeout` of the command), if bounded.
    pub timeout: Option<Duration>,
    /// The most bytes the output may hold (the `--max-trace` of the command), if bounded.
    pub max_bytes: Option<u64>,
}

impl Default for Budget {
    /// The frames bound only: a library caller (the Python package, the examples) keeps
    /// its own time.
    fn default() -> Self {
        Budget {
            max_frames: MAX_LAID_OUT_FRAMES,
            timeout: None,
            max_bytes: None,
        }
    }
}

/// Which bound stopped the drawing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bound {
    /// The steps after this one would pass [`Budget::max_frames`].
    Frames(u64),
    /// The drawing took longer than this many milliseconds.
    Time(u64),
    /// The output passed this many bytes.
    Bytes(u64),
}

/// Where and why drawing stopped early.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stopped {
    /// The last step drawn (0: none).
    pub last_drawn: u64,
    /// The steps of the trace.
    pub steps: u64,
    /// The bound that stopped it.
    pub bound: Bound,
}

impl Stopped {
    /// In words, for the user: "heapscope stopped the export at step 1,234 of 40,000: ...".
    /// `what` names the output ("the export", "the transcript", "the pictures").
    pub fn describe(&self, what: &str) -> String {
        let why = match self.bound {
            Bound::Frames(n) => format!(
                "the steps so far hold {} stack frames, the most one output lays out",
                format_count(n)
            ),
            Bound::Time(ms) => format!("drawing took more than {} s (--timeout)", format_secs(ms)),
            Bound::Bytes(b) => format!(
                "it passed the size limit of {} MB (--max-trace)",
                b.div_ceil(1 << 20)
            ),
        };
        format!(
            "heapscope stopped {what} at step {} of {}: {why}; what came before is kept (draw a later step with --step N)",
            format_count(self.last_drawn),
            format_count(self.steps)
        )
    }
}

fn format_secs(ms: u64) -> String {
    let s = ms as f64 / 1000.0;
    if s.fract() == 0.0 {
        format!("{s:.0}")
    } else {
        format!("{s}")
    }
}

impl Budget {
    /// The bounds of a command: the frames bound, its `--timeout` and its `--max-trace`.
    pub fn of_run(timeout: Duration, max_bytes: u64) -> Budget {
        Budget {
            timeout: Some(timeout),
            max_bytes: Some(max_bytes),
            ..Budget::default()
        }
    }

    /// Starts the clock: the meter checks the time and bytes bounds from now on.
    pub fn start(&self, trace: &Trace) -> Result<Meter> {
        let (end, frames) = frames_end(trace, self.max_frames)?;
        Ok(Meter {
            budget: *self,
            started: Instant::now(),
            steps: trace.len(),
            end,
            frames,
        })
    }
}

/// The last step whose stacks, with those before it, fit in `max_frames` (at least one,
/// so a single enormous step is still drawn), and the frames up to it when that cuts the
/// trace short.
fn frames_end(trace: &Trace, max_frames: u64) -> Result<(u64, Option<u64>)> {
    let mut frames = 0u64;
    let mut c = trace.cursor();
    while let Some(state) = c.next_state()? {
        let here = state.stack.len() as u64 + 1;
        if frames + here > max_frames {
            let last = state.step.saturating_sub(1).max(1);
            return Ok((last, Some(frames)));
        }
        frames += here;
    }
    Ok((trace.len(), None))
}

/// A running budget: where the frames bound ends the drawing, and the clock.
#[derive(Clone, Debug)]
pub struct Meter {
    budget: Budget,
    started: Instant,
    steps: u64,
    end: u64,
    frames: Option<u64>,
}

impl Meter {
    /// The last step to draw under the frames bound.
    pub fn end(&self) -> u64 {
        self.end
    }

    /// Why drawing stops after `end()`, when that is before the trace's end.
    pub fn frames_stop(&self) -> Option<Stopped> {
        self.frames.map(|n| Stopped {
            last_drawn: self.end,
            steps: self.steps,
            bound: Bound::Frames(n),
        })
    }

    /// Whether planning the layout (placing every object once, before any step is drawn)
    /// has had its share of the time: half of it, so the drawing gets the other half.
    pub fn planning_over(&self) -> bool {
        self.budget
            .timeout
            .is_some_and(|t| self.started.elapsed() > t / 2)
    }

    /// Why drawing stopped after `last_drawn` when the planning ran out of time before
    /// the steps the other bounds allow.
    pub fn planning_stop(&self, last_drawn: u64) -> Stopped {
        Stopped {
            last_drawn,
            steps: self.steps,
            bound: Bound::Time(self.budget.timeout.map_or(0, |t| t.as_millis() as u64)),
        }
    }

    /// Checked before drawing the step after `last_drawn`, with the `bytes` the output
    /// holds so far: why to stop, if a bound is passed.
    pub fn check(&self, last_drawn: u64, bytes: u64) -> Option<Stopped> {
        let stop = |bound| {
            Some(Stopped {
                last_drawn,
                steps: self.steps,
                bound,
            })
        };
        if let Some(t) = self.budget.timeout {
            if self.started.elapsed() > t {
                return stop(Bound::Time(t.as_millis() as u64));
            }
        }
        if let Some(max) = self.budget.max_bytes {
            if bytes > max {
                return stop(Bound::Bytes(max));
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn describes_each_bound_with_the_flag_that_sets_it() {
        let s = |bound| Stopped {
            last_drawn: 1234,
            steps: 40_000,
            bound,
        };
        assert_eq!(
            s(Bound::Time(2500)).describe("the export"),
            "heapscope stopped the export at step 1,234 of 40,000: drawing took more than 2.5 s (--timeout); what came before is kept (draw a later step with --step N)"
        );
        assert!(s(Bound::Bytes(3 << 20))
            .describe("the export")
            .contains("the size limit of 3 MB (--max-trace)"));
        assert!(s(Bound::Frames(5_000_000))
            .describe("the transcript")
            .contains("the steps so far hold 5,000,000 stack frames"));
    }
}
