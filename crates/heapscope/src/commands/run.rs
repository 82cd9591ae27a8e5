//! `heapscope run`: the step-by-step transcript in the terminal. Each step is the same
//! scene the pictures show, painted as text, plus what the step printed.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Context;
use heapscope_render::{
    layout, paint_text, terminal_color_wanted, RenderOptions, Scene, StableLayout, WINDOW,
};
use heapscope_trace::{terminal_safe, terminal_safe_keep_colors, Trace};

use crate::args::RunArgs;

/// Characters of a source line shown in the transcript: a 5 MB line would otherwise be
/// printed again at every step.
const MAX_LINE_CHARS: usize = 400;

/// Cuts the scene's source lines to [`MAX_LINE_CHARS`], saying how much was left out.
fn clip_code(scene: &mut Scene) {
    for l in &mut scene.code {
        if let Some((cut, _)) = l.text.char_indices().nth(MAX_LINE_CHARS) {
            let more = l.text[cut..].chars().count();
            l.text.truncate(cut);
            l.text.push_str(&format!(" … ({more} more characters)"));
        }
    }
}

/// Everything the program wrote (output, exception text, values, notes) reaches the
/// terminal with its control characters escaped: it cannot clear the screen, set the
/// title or write the clipboard. The drawing's own colours are kept.
fn write_step(
    out: &mut impl Write,
    trace: &Trace,
    scene: &Scene,
    color: bool,
    explain: bool,
) -> std::io::Result<()> {
    let painted = paint_text(scene, color);
    let safe = if color {
        terminal_safe_keep_colors(&painted)
    } else {
        terminal_safe(&painted)
    };
    out.write_all(safe.as_bytes())?;
    let printed = trace.output_at(scene.step);
    if !printed.is_empty() {
        writeln!(out, "\nOutput")?;
        for l in printed.lines() {
            writeln!(out, "  {}", terminal_safe(l))?;
        }
    }
    // The layout narrates every step it draws (the pictures' captions): the transcript
    // prints the same sentences rather than narrating a second time.
    if explain {
        writeln!(out, "\nWhat happened")?;
        for s in &scene.narration {
            writeln!(out, "  {}", terminal_safe(s))?;
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
                anyhow::bail!(
                    "step {n} does not exist: the trace has {} steps (numbered 1 to {})",
                    trace.len(),
                    trace.len()
                );
            }
            let mut scene =
                layout(&trace, n, &opts).with_context(|| format!("cannot draw step {n}"))?;
            clip_code(&mut scene);
            write_step(&mut out, &trace, &scene, color, a.explain)?;
        }
        None => {
            // One stable layout per window of steps: objects keep their place from one
            // step to the next, and each step is laid out once. The run's limits bound
            // the whole transcript (a deep recursion is steps × depth of drawing).
            let meter = crate::input::budget(&a.limits).start(&trace)?;
            let end = meter.end();
            let mut stopped = None;
            let mut written = 0u64;
            let mut first = 1;
            while first <= end && stopped.is_none() {
                let last = (first + WINDOW - 1).min(end);
                let mut failed = None;
                StableLayout::window(&trace, first, last, &opts)?.for_each_scene_while(
                    |mut scene| {
                        if scene.step > 1 {
                            stopped = meter.check(scene.step - 1, written);
                            if stopped.is_some() {
                                return Ok(false);
                            }
                        }
                        clip_code(&mut scene);
                        let mut buf = Vec::new();
                        failed = write_step(&mut buf, &trace, &scene, color, a.explain)
                            .and_then(|_| writeln!(buf))
                            .and_then(|_| out.write_all(&buf))
                            .err();
                        written += buf.len() as u64;
                        Ok(failed.is_none())
                    },
                )?;
                if let Some(e) = failed {
                    return Err(e.into());
                }
                first = last + 1;
            }
            if let Some(s) = stopped.or_else(|| meter.frames_stop()) {
                writeln!(out, "{}", s.describe("the transcript"))?;
            }
        }
    }
    if let Some(outcome) = &trace.meta().outcome {
        writeln!(
            out,
            "\n{} {}: {}",
            trace.len(),
            if trace.len() == 1 { "step" } else { "steps" },
            terminal_safe(&outcome.describe())
        )?;
    }
    if !trace.meta().sandbox.is_empty() {
        writeln!(out, "sandbox: {}", trace.meta().sandbox)?;
    }
    for note in &trace.meta().notes {
        writeln!(out, "note: {}", terminal_safe(note))?;
    }
    Ok(ExitCode::SUCCESS)
}
