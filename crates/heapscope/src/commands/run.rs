//! `heapscope run`: the step-by-step transcript in the terminal.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Context;

use crate::args::RunArgs;
use crate::transcript::{step_text, Style};

pub fn run(a: RunArgs) -> anyhow::Result<ExitCode> {
    let trace = crate::input::load(&a.program, &a.limits)?;
    let color = !a.no_color && std::env::var_os("NO_COLOR").is_none() && std::io::IsTerminal::is_terminal(&std::io::stdout());
    let style = Style { color, heap_primitives: a.heap_primitives };
    let mut out = std::io::stdout().lock();
    match a.step {
        Some(n) => {
            let state = trace.state_at(n).with_context(|| format!("cannot show step {n}"))?;
            out.write_all(step_text(&trace, &state, style).as_bytes())?;
        }
        None => {
            let mut cursor = trace.cursor();
            while let Some(state) = cursor.next_state()? {
                out.write_all(step_text(&trace, state, style).as_bytes())?;
                out.write_all(b"\n")?;
            }
        }
    }
    if let Some(outcome) = &trace.meta().outcome {
        writeln!(out, "{} steps: {}", trace.len(), outcome.describe())?;
    }
    for note in &trace.meta().notes {
        writeln!(out, "note: {note}")?;
    }
    Ok(ExitCode::SUCCESS)
}
