//! `heapscope run`: the step-by-step transcript in the terminal. Each step is the same
//! scene the pictures show, painted as text, plus what the step printed.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Context;
use heapscope_render::{layout, paint_text, terminal_color_wanted, RenderOptions};
use heapscope_trace::Trace;

use crate::args::RunArgs;

fn write_step(out: &mut impl Write, trace: &Trace, step: u64, opts: &RenderOptions, color: bool) -> anyhow::Result<()> {
    let scene = layout(trace, step, opts).with_context(|| format!("cannot draw step {step}"))?;
    out.write_all(paint_text(&scene, color).as_bytes())?;
    let printed = trace.output_at(step);
    if !printed.is_empty() {
        writeln!(out, "\nOutput")?;
        for l in printed.lines() {
            writeln!(out, "  {l}")?;
        }
    }
    Ok(())
}

pub fn run(a: RunArgs) -> anyhow::Result<ExitCode> {
    let trace = crate::input::load(&a.program, &a.limits)?;
    let color = !a.no_color && terminal_color_wanted();
    let opts = RenderOptions { heap_primitives: a.heap_primitives, ..RenderOptions::default() };
    let mut out = std::io::stdout().lock();
    match a.step {
        Some(n) => {
            if n == 0 || n > trace.len() {
                anyhow::bail!("step {n} does not exist: the trace has {} steps (numbered 1 to {})", trace.len(), trace.len());
            }
            write_step(&mut out, &trace, n, &opts, color)?;
        }
        None => {
            for n in 1..=trace.len() {
                write_step(&mut out, &trace, n, &opts, color)?;
                writeln!(out)?;
            }
        }
    }
    if let Some(outcome) = &trace.meta().outcome {
        writeln!(out, "\n{} steps: {}", trace.len(), outcome.describe())?;
    }
    for note in &trace.meta().notes {
        writeln!(out, "note: {note}")?;
    }
    Ok(ExitCode::SUCCESS)
}
