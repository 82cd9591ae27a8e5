//! `heapscope memory`: what the program held over time, as text (and, with `--svg`, as a
//! chart).

use std::fmt::Write as _;
use std::process::ExitCode;

use anyhow::Context;
use heapscope_analysis::Timeline;
use heapscope_render::{memory_chart_svg, ChartOptions, Theme};
use heapscope_trace::Trace;

use crate::args::MemoryArgs;

pub use heapscope_trace::format_bytes as bytes;
pub use heapscope_trace::format_count as count;

/// The heap over the run as one line of block characters, scaled to its own peak.
pub fn sparkline(t: &Timeline, width: usize) -> String {
    let max = t.heap_buckets(width).into_iter().max().unwrap_or(0);
    sparkline_scaled(t, width, max)
}

/// The same, scaled to `max` bytes (so two runs can be drawn on one scale).
pub fn sparkline_scaled(t: &Timeline, width: usize, max: u64) -> String {
    const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    let max = max.max(1) as f64;
    t.heap_buckets(width)
        .iter()
        .map(|&v| BARS[((v as f64 / max).min(1.0) * 7.0).round() as usize])
        .collect()
}

/// "line 3: squares = [...]" for a step's source line.
pub fn line_text(trace: &Trace, file: u32, line: u32) -> String {
    let text = trace
        .meta()
        .sources
        .get(file as usize)
        .map(|s| s.line(line).trim())
        .unwrap_or("");
    let text: String = if text.chars().count() > 50 {
        text.chars().take(49).chain(['…']).collect()
    } else {
        text.to_owned()
    };
    if file == 0 {
        format!("line {line}: {text}")
    } else {
        let name = trace
            .meta()
            .sources
            .get(file as usize)
            .map(|s| s.path.rsplit('/').next().unwrap_or(&s.path))
            .unwrap_or("?");
        format!("{name} line {line}: {text}")
    }
}

/// The report for one trace.
pub fn report(trace: &Trace, t: &Timeline, top: usize) -> String {
    let mut out = String::new();
    let name = trace
        .meta()
        .sources
        .first()
        .map(|s| s.path.as_str())
        .unwrap_or("?");
    let outcome = trace
        .meta()
        .outcome
        .as_ref()
        .map(|o| o.describe())
        .unwrap_or_default();
    let _ = writeln!(out, "{name}: {} steps, {outcome}", count(trace.len()));
    if let Some((step, peak)) = t.peak() {
        let _ = writeln!(
            out,
            "peak heap: {} in {} blocks at step {} ({})",
            bytes(peak.heap_bytes),
            count(peak.heap_blocks),
            count(step),
            line_text(trace, peak.file, peak.line)
        );
    }
    let end = t.steps.last().copied().unwrap_or_default();
    let _ = writeln!(
        out,
        "at the end: {} in {} blocks",
        bytes(end.heap_bytes),
        count(end.heap_blocks)
    );
    if let Some((step, deep)) = t.deepest() {
        let _ = writeln!(
            out,
            "deepest stack: {} frames at step {} ({})",
            count(u64::from(deep.depth)),
            count(step),
            line_text(trace, deep.file, deep.line)
        );
    }
    let _ = writeln!(out, "allocated in all: {}", bytes(t.allocated_bytes));
    let _ = writeln!(out, "heap over time: {}", sparkline(t, 60));
    if !t.lines.is_empty() {
        let _ = writeln!(out, "lines that allocated the most:");
        for l in t.lines.iter().take(top) {
            let _ = writeln!(
                out,
                "  {:>9}  {}",
                bytes(l.bytes),
                line_text(trace, l.file, l.line)
            );
        }
    }
    out
}

pub fn run(a: MemoryArgs) -> anyhow::Result<ExitCode> {
    let (trace, _trace_progress) = crate::input::load(&a.program, &a.limits)?;
    let t = Timeline::of(&trace)?;
    print!("{}", report(&trace, &t, a.top));
    if let Some(path) = &a.svg {
        let theme = if a.dark { Theme::Dark } else { Theme::Light };
        let svg = memory_chart_svg(
            &t,
            &ChartOptions {
                theme,
                ..ChartOptions::default()
            },
        );
        std::fs::write(path, svg).with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(ExitCode::SUCCESS)
}
