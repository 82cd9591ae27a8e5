//! `heapscope leaks`: what functions left alive after they returned, and what keeps it.

use std::fmt::Write as _;
use std::process::ExitCode;

use heapscope_trace::{format_bytes, format_count, leaks, HeapGraph, LeakGroup, State, Trace, LEAK_EXAMPLES};

use crate::args::LeaksArgs;

/// The report at one step: groups by type and line, each with reference paths.
pub fn report(trace: &Trace, state: &State, groups: &[LeakGroup], top: usize) -> String {
    let mut out = String::new();
    let name = trace.meta().sources.first().map(|s| s.path.as_str()).unwrap_or("?");
    let when = if state.step == trace.len() {
        format!("at the end (step {})", format_count(state.step))
    } else {
        format!("at step {} of {}", format_count(state.step), format_count(trace.len()))
    };
    let objects: usize = groups.iter().map(|g| g.objects.len()).sum();
    if objects == 0 {
        let _ = writeln!(out, "{name}, {when}: no object made inside a function outlived its call.");
        return out;
    }
    let bytes: u64 = groups.iter().map(|g| g.bytes).sum();
    let _ = writeln!(
        out,
        "{name}, {when}: {} made inside functions that have returned {} still alive ({}).",
        plural(objects, "object"),
        if objects == 1 { "is" } else { "are" },
        format_bytes(bytes)
    );
    let graph = HeapGraph::new(state);
    let unreachable: std::collections::HashSet<_> = graph.unreachable().into_iter().collect();
    for g in groups.iter().take(top) {
        let func = trace.symbols().text(g.origin.func);
        let _ = writeln!(
            out,
            "\n  {} × {} made in {func}() at {} — {}",
            format_count(g.objects.len() as u64),
            g.type_name,
            crate::commands::memory::line_text(trace, g.origin.file, g.origin.line),
            format_bytes(g.bytes)
        );
        for (id, path) in &g.examples {
            match path {
                Some(p) => {
                    let _ = writeln!(out, "      #{}: {}", id.0, p.describe(state, trace.symbols()));
                }
                None if unreachable.contains(id) => {
                    let _ = writeln!(out, "      #{}: {}", id.0, heapscope_render::CYCLE_TEXT);
                }
                None => {
                    let _ = writeln!(out, "      #{}: {}", id.0, heapscope_render::UNDRAWN_TEXT);
                }
            }
        }
        let more = g.objects.len().saturating_sub(g.examples.len().min(LEAK_EXAMPLES));
        if more > 0 {
            let _ = writeln!(out, "      … and {} more", format_count(more as u64));
        }
    }
    if groups.len() > top {
        let _ = writeln!(out, "\n  … and {} more groups (--top)", groups.len() - top);
    }
    out
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{} {word}s", format_count(n as u64))
    }
}

pub fn run(a: LeaksArgs) -> anyhow::Result<ExitCode> {
    let trace = crate::input::load(&a.program, &a.limits)?;
    if trace.is_empty() {
        anyhow::bail!("the trace has no steps");
    }
    let step = match a.step {
        Some(0) => anyhow::bail!("steps are numbered from 1"),
        Some(n) if n > trace.len() => {
            anyhow::bail!("step {n} is past the end: the trace has {} steps", trace.len())
        }
        Some(n) => n,
        None => trace.len(),
    };
    let state = trace.state_at(step)?;
    let lives = trace.lifetimes()?;
    let groups = leaks(&trace, &lives, &state);
    print!("{}", report(&trace, &state, &groups, a.top));
    Ok(ExitCode::SUCCESS)
}
