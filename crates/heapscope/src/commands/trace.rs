//! `heapscope trace`: record a trace to a file, or print it as Python Tutor JSON.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Context;

use crate::args::{TraceArgs, TraceFormat};

pub fn run(a: TraceArgs) -> anyhow::Result<ExitCode> {
    let format = a.format.unwrap_or(match &a.output {
        Some(p) if p.extension().is_some_and(|e| e == "json") => TraceFormat::Opt,
        _ => TraceFormat::Native,
    });
    // A recorded trace is accepted too: `trace old.hstrace --format opt` converts it.
    let trace = crate::input::load(&a.program, &a.limits)?;
    match format {
        TraceFormat::Native => {
            let Some(out) = &a.output else {
                anyhow::bail!("the native format is binary: name a file with -o (or use --format opt for JSON on stdout)");
            };
            heapscope_trace::write_trace(&trace, out).with_context(|| format!("cannot write {}", out.display()))?;
            eprintln!(
                "heapscope: {} steps, {} (sandbox: {}) -> {}",
                trace.len(),
                trace.meta().outcome.as_ref().map(|o| o.describe()).unwrap_or_default(),
                trace.meta().sandbox,
                out.display()
            );
        }
        TraceFormat::Opt => {
            let json = heapscope_trace::opt::to_opt_json(&trace, &heapscope_trace::opt::OptOptions {
                cumulative: a.cumulative,
                heap_primitives: a.heap_primitives,
            });
            let text = heapscope_trace::opt::to_opt_text(&json)?;
            match &a.output {
                Some(p) => std::fs::write(p, text).with_context(|| format!("cannot write {}", p.display()))?,
                None => {
                    let mut out = std::io::stdout().lock();
                    out.write_all(text.as_bytes())?;
                    out.write_all(b"\n")?;
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
