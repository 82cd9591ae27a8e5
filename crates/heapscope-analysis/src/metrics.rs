//! Memory over time: for every step, the heap the program holds (from the allocator
//! records), its stack depth, and where the bytes were allocated. What the `memory` and
//! `compare` reports and the charts read.

use heapscope_trace::{Result, Trace};

/// One step's figures.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StepMemory {
    /// Bytes in live blocks, above what was live at the first step.
    pub heap_bytes: u64,
    /// Live blocks (objects and buffers), above the first step's.
    pub heap_blocks: u64,
    /// Live objects the trace knows (the ones with ids: what the pictures can draw).
    pub objects: u32,
    /// Active frames.
    pub depth: u32,
    /// The step's line and file.
    pub line: u32,
    /// The step's source file index.
    pub file: u32,
}

/// Bytes allocated while one line ran (over all the times it ran).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LineAllocation {
    /// Source file index.
    pub file: u32,
    /// Line (1-based).
    pub line: u32,
    /// Bytes requested from the allocators while it ran.
    pub bytes: u64,
}

/// The whole run's memory, step by step, and its summary.
#[derive(Clone, Debug, Default)]
pub struct Timeline {
    /// Figures for steps 1..=len (index 0 is step 1).
    pub steps: Vec<StepMemory>,
    /// Lines by bytes allocated, most first.
    pub lines: Vec<LineAllocation>,
    /// Bytes requested over the whole run.
    pub allocated_bytes: u64,
}

impl Timeline {
    /// Reads every step of `trace` once and gathers the memory figures.
    pub fn of(trace: &Trace) -> Result<Timeline> {
        let mut out = Timeline {
            steps: Vec::with_capacity(trace.len() as usize),
            ..Default::default()
        };
        let mut per_line: std::collections::HashMap<(u32, u32), u64> =
            std::collections::HashMap::new();
        let mut base = None;
        // Bytes requested between a step and the next belong to the line that ran then.
        let mut prev: Option<(u32, u32, u64)> = None;
        let mut cursor = trace.cursor();
        while let Some(s) = cursor.next_state()? {
            let m = s.memory;
            let (b_bytes, b_blocks) = *base.get_or_insert((m.live_bytes, m.live_blocks));
            let file = s.frame_file().unwrap_or(0);
            if let Some((pf, pl, before)) = prev {
                let grew = m.allocated_bytes.saturating_sub(before);
                if grew > 0 {
                    *per_line.entry((pf, pl)).or_default() += grew;
                }
            }
            prev = Some((file, s.line, m.allocated_bytes));
            out.allocated_bytes = m.allocated_bytes;
            out.steps.push(StepMemory {
                heap_bytes: m.live_bytes.saturating_sub(b_bytes),
                heap_blocks: m.live_blocks.saturating_sub(b_blocks),
                objects: s.object_count() as u32,
                depth: s.stack.len() as u32,
                line: s.line,
                file,
            });
        }
        let mut lines: Vec<LineAllocation> = per_line
            .into_iter()
            .map(|((file, line), bytes)| LineAllocation { file, line, bytes })
            .collect();
        lines.sort_by(|a, b| {
            b.bytes
                .cmp(&a.bytes)
                .then(a.file.cmp(&b.file))
                .then(a.line.cmp(&b.line))
        });
        out.lines = lines;
        Ok(out)
    }

    /// The step (1-based) with the most heap bytes, the first such one.
    pub fn peak(&self) -> Option<(u64, &StepMemory)> {
        let mut best: Option<(u64, &StepMemory)> = None;
        for (i, s) in self.steps.iter().enumerate() {
            if best.is_none_or(|(_, b)| s.heap_bytes > b.heap_bytes) {
                best = Some((i as u64 + 1, s));
            }
        }
        best
    }

    /// The step (1-based) with the deepest stack, the first such one.
    pub fn deepest(&self) -> Option<(u64, &StepMemory)> {
        let mut best: Option<(u64, &StepMemory)> = None;
        for (i, s) in self.steps.iter().enumerate() {
            if best.is_none_or(|(_, b)| s.depth > b.depth) {
                best = Some((i as u64 + 1, s));
            }
        }
        best
    }

    /// The heap in `buckets` equal spans of steps, each the largest value in its span.
    pub fn heap_buckets(&self, buckets: usize) -> Vec<u64> {
        if self.steps.is_empty() || buckets == 0 {
            return Vec::new();
        }
        let n = self.steps.len();
        (0..buckets.min(n))
            .map(|b| {
                let lo = b * n / buckets.min(n);
                let hi = ((b + 1) * n / buckets.min(n)).max(lo + 1);
                self.steps[lo..hi]
                    .iter()
                    .map(|s| s.heap_bytes)
                    .max()
                    .unwrap_or(0)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use heapscope_trace::testing::TraceScript;
    use heapscope_trace::{Memory, Record};

    #[test]
    fn peak_lines_and_buckets() {
        let mem = |live, alloc| {
            Record::Memory(Memory {
                live_bytes: live,
                live_blocks: live / 10,
                allocated_bytes: alloc,
            })
        };
        let mut t = TraceScript::at("a\nb\nc\n", "m.py", 1);
        t.record(mem(1000, 1000));
        t.line(2, 0).record(mem(9000, 9000)); // line 1 allocated 8000
        t.line(3, 0).record(mem(2000, 9500)); // line 2 allocated 500 and freed most
        let t = t.finish();
        let tl = Timeline::of(&t).unwrap();
        assert_eq!(
            tl.steps.iter().map(|s| s.heap_bytes).collect::<Vec<_>>(),
            vec![0, 8000, 1000]
        );
        let (step, peak) = tl.peak().unwrap();
        assert_eq!((step, peak.line, peak.heap_bytes), (2, 2, 8000));
        assert_eq!(
            tl.lines[0],
            LineAllocation {
                file: 0,
                line: 1,
                bytes: 8000
            }
        );
        assert_eq!(
            tl.lines[1],
            LineAllocation {
                file: 0,
                line: 2,
                bytes: 500
            }
        );
        assert_eq!(tl.heap_buckets(2), vec![0, 8000]);
    }
}
