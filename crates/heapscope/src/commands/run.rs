//! `heapscope run`: the step-by-step transcript in the terminal. Each step is the same
//! scene the pictures show, painted as text, plus what the step printed.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Context;
use heapscope_render::{layout, paint_text, terminal_color_wanted, RenderOptions, Scene, StableLayout, WINDOW};
use heapscope_trace::Trace;

use crate::args::RunArgs;

fn write_step(out: &mut impl Write, trace: &Trace, scene: &Scene, color: bool) -> std::io::Result<()> {
    out.write_all(paint_text(scene, color).as_bytes())?;
    let printed = trace.output_at(scene.step);
    if !printed.is_empty() {
        writeln!(out, "\nOutput")?;
        for l in printed.lines() {
            writeln!(out, "  {l}")?;
        }
    }
    Ok(())
}

pub fn run(a: RunArgs) -> anyhow::Result<ExitCode> {
    let (trace, _trace_progress) = crate::input::load(&a.program, &a.limits)?;
    let color = !a.no_color && terminal_color_wanted();
    let opts: RenderOptions = a.picture.options();
    let mut out = std::io::stdout().lock();
    match a.step {
        Some(n) => {
            if n == 0 || n > trace.len() {
                anyhow::bail!("step {n} does not exist: the trace has {} steps (numbered 1 to {})", trace.len(), trace.len());
            }
            let scene = layout(&trace, n, &opts).with_context(|| format!("cannot draw step {n}"))?;
            write_step(&mut out, &trace, &scene, color)?;
        }
        None => {
            // One stable layout per window of steps: objects keep their place from one
            // step to the next, and each step is laid out once.
            let mut first = 1;
            while first <= trace.len() {
                let last = (first + WINDOW - 1).min(trace.len());
                let mut failed = None;
                StableLayout::window(&trace, first, last, &opts)?.for_each_scene(|scene| {
                    if failed.is_none() {
                        failed = write_step(&mut out, &trace, &scene, color).and_then(|_| writeln!(out)).err();
                    }
                    Ok(())
                })?;
                if let Some(e) = failed {
                    return Err(e.into());
                }
                first = last + 1;
            }
        }
    }
    if let Some(outcome) = &trace.meta().outcome {
        writeln!(out, "\n{} steps: {}", trace.len(), outcome.describe())?;
    }
    if !trace.meta().sandbox.is_empty() {
        writeln!(out, "sandbox: {}", trace.meta().sandbox)?;
    }
    for note in &trace.meta().notes {
        writeln!(out, "note: {note}")?;
    }
    Ok(ExitCode::SUCCESS)
}
