//! One step's entry: its frames (the stack, zombies and paused generators, by Python
//! Tutor's numbers), the globals, the heap they reach and the output so far.

use super::converter::{Bufs, Converter, Src};
use super::heap::Heap;
use super::json;
use super::names::{exception_msg, short};
use crate::model::{FrameId, FrameStatus};
use crate::state::{Frame, State};

impl Converter {
    /// Writes the step's entry into `bufs.step`. `fallback_msg` is the exception message
    /// written when the state has none.
    pub(super) fn step(
        &mut self,
        state: &State,
        event: &str,
        fallback_msg: Option<&str>,
        src: Src<'_>,
        bufs: &mut Bufs,
    ) {
        if let Some(g) = state.frame(FrameId::GLOBAL) {
            for &(name, _) in &g.vars {
                let next = self.global_rank.len();
                self.global_rank.entry(name).or_insert(next);
            }
        }
        self.read_stdout(state.step, src.output, bufs);
        let this = &*self;
        let syms = this.syms();
        let Bufs {
            step: out,
            stack,
            globals,
            ordered,
            heap: heap_text,
            memo,
            stdout,
            ranked,
            names,
            funcs,
            ..
        } = bufs;
        let mut heap = Heap::new(this, state, memo, heap_text);

        // Frames to show: the active ones, plus zombies, by Python Tutor id.
        let number = |f: &Frame| this.frame_ids.get(&f.id).copied().unwrap_or(u64::MAX);
        let mut shown: Vec<(&Frame, bool, u64)> = Vec::new();
        for f in state.stack_frames() {
            if f.id != FrameId::GLOBAL && !Self::hidden(f) {
                shown.push((f, false, number(f)));
            }
        }
        for f in this.ghosts.values() {
            let live = state.frame(f.id);
            let exited = live.is_none_or(|l| l.status == FrameStatus::Exited);
            if exited && !Self::hidden(f) && this.frame_ids.contains_key(&f.id) {
                let f = live.unwrap_or(f);
                shown.push((f, true, number(f)));
            }
        }
        for (n, f) in &this.paused {
            if !Self::hidden(f) && !shown.iter().any(|s| s.2 == *n) {
                shown.push((f, true, *n));
            }
        }
        shown.sort_by_key(|s| s.2);

        stack.clear();
        for (i, (f, zombie, n)) in shown.into_iter().enumerate() {
            if i > 0 {
                stack.push(b',');
            }
            let highlighted = f.id == state.frame && !zombie;
            this.frame_json(f, n, zombie, highlighted, &mut heap, stack);
        }

        globals.clear();
        ordered.clear();
        if let Some(g) = state.frame(FrameId::GLOBAL) {
            ranked.clear();
            ranked.extend(g.vars.iter().map(|&(n, v)| {
                let rank = this.global_rank.get(&n).copied().unwrap_or(usize::MAX);
                (rank, n, v)
            }));
            ranked.sort_by_key(|&(rank, _, _)| rank);
            for (i, &(_, n, v)) in ranked.iter().enumerate() {
                if i > 0 {
                    globals.push(b',');
                    ordered.push(b',');
                }
                let quoted = names.get(syms, n, json::as_is);
                globals.extend_from_slice(quoted);
                globals.push(b':');
                ordered.extend_from_slice(quoted);
                heap.encode(v, globals);
            }
        }

        out.clear();
        out.extend_from_slice(b"{\"line\":");
        json::uint(out, u64::from(state.line));
        out.extend_from_slice(b",\"event\":");
        json::string(out, event);
        out.extend_from_slice(b",\"func_name\":");
        match state.frame(state.frame) {
            Some(f) => out.extend_from_slice(funcs.get(syms, f.func, short)),
            None => json::string(out, "<module>"),
        }
        out.extend_from_slice(b",\"globals\":{");
        out.extend_from_slice(globals);
        out.extend_from_slice(b"},\"ordered_globals\":[");
        out.extend_from_slice(ordered);
        out.extend_from_slice(b"],\"stack_to_render\":[");
        out.extend_from_slice(stack);
        out.extend_from_slice(b"],\"heap\":{");
        out.extend_from_slice(heap_text);
        out.extend_from_slice(b"},\"stdout\":\"");
        out.extend_from_slice(stdout);
        out.push(b'"');
        let msg = state.exception.as_deref().map(exception_msg);
        if let Some(msg) = msg.as_deref().or(fallback_msg) {
            out.extend_from_slice(b",\"exception_msg\":");
            json::string(out, msg);
        }
        out.push(b'}');
    }
}
