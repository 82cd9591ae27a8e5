//! Python Tutor's JSON written while the run is recorded, each step as the recording
//! commits it, so that converting costs no pass of its own over the finished trace.
//!
//! What the JSON of a frame says about its function (a cell variable listed last, a frame
//! that is a lambda's parent from its first step) needs facts the run may show only later
//! (see [`super::facts`]). The stream writes with the facts known so far and says, at the
//! end, whether one came too late ([`OptStream::stale`]): then its JSON differs from the
//! finished trace's and must be written again with [`super::write_opt_json`]. Programs
//! without nested functions never are.

use std::io::{self, Write};

use super::converter::{Bufs, Converter, Src};
use super::sink::Steps;
use super::{OptLimits, OptOptions, OptSummary};
use crate::model::Outcome;
use crate::store::Building;
use crate::Sym;

/// Python Tutor's JSON of a run, written to `out` as the run is recorded: feed it every
/// step with [`OptStream::step`] (a [`crate::TraceBuilder`] observer), then
/// [`OptStream::finish`].
pub struct OptStream<W: Write> {
    conv: Converter,
    sink: Steps<W>,
    bufs: Bufs,
    /// No step seen yet.
    first: bool,
    /// The destination failed.
    error: Option<io::Error>,
}

impl<W: Write> OptStream<W> {
    /// A JSON to write into `out` (its head is written with the first step).
    pub fn new(out: W, opts: OptOptions, limits: OptLimits) -> Self {
        let mut conv = Converter::new(crate::Symbols::default(), opts);
        conv.track = true;
        OptStream {
            conv,
            sink: Steps::new(out, limits),
            bufs: Bufs::default(),
            first: true,
            error: None,
        }
    }

    /// Writes one committed step's entry (when Python Tutor shows it).
    pub fn step(&mut self, b: &Building<'_>) {
        if self.error.is_some() || self.conv.facts.stale {
            return;
        }
        // The builder's names only grow: copy the new ones.
        for i in self.conv.syms.len()..b.symbols.len() {
            let sym = Sym(i as u32);
            self.conv.syms.define(sym, b.symbols.text(sym));
        }
        self.conv.facts.learn(b.state, &self.conv.syms);
        if std::mem::take(&mut self.first) {
            let code = b.meta.sources.first().map_or("", |s| s.text.as_str());
            if let Err(e) = self.sink.head(code) {
                self.error = Some(e);
                return;
            }
            self.conv.facts.written_all(b.state);
        } else {
            self.conv.facts.written(b.state);
        }
        if self.conv.facts.stale {
            return;
        }
        let src = Src {
            output: b.output,
            outcome: b.meta.outcome.as_ref(),
        };
        if let Err(e) = self
            .conv
            .state(b.state, src, &mut self.sink, &mut self.bufs)
        {
            self.error = Some(e);
        }
    }

    /// True when a fact about a function came after its frame was written, or the run
    /// did not compile (one entry of its own), or no step came: the JSON written must be
    /// replaced by the finished trace's.
    pub fn stale(&self, outcome: Option<&Outcome>) -> bool {
        self.first || self.conv.facts.stale || matches!(outcome, Some(Outcome::SyntaxError { .. }))
    }

    /// Ends the JSON; gives what was written and the destination.
    pub fn finish(mut self) -> io::Result<(OptSummary, W)> {
        if let Some(e) = self.error {
            return Err(e);
        }
        self.sink.write(b"]}")?;
        self.sink.out.flush()?;
        let summary = OptSummary {
            steps: self.sink.steps,
            bytes: self.sink.bytes,
            stopped: self.sink.stopped.take(),
        };
        Ok((summary, self.sink.out))
    }
}
