//! `heapscope trace`: record a trace to a file, or print it as Python Tutor JSON.

use std::io::{BufWriter, Write};
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context;
use heapscope_trace::opt::{write_opt_json, OptLimits, OptOptions};

use crate::args::{TraceArgs, TraceFormat};

pub fn run(a: TraceArgs) -> anyhow::Result<ExitCode> {
    let format = a.format.unwrap_or(match &a.output {
        Some(p) if p.extension().is_some_and(|e| e == "json") => TraceFormat::Opt,
        _ => TraceFormat::Native,
    });
    // A recorded trace is accepted too: `trace old.hstrace --format opt` converts it.
    let (trace, _trace_progress) = crate::input::load(&a.program, &a.limits)?;
    match format {
        TraceFormat::Native => {
            let Some(out) = &a.output else {
                anyhow::bail!("the native format is binary: name a file with -o (or use --format opt for JSON on stdout)");
            };
            heapscope_trace::write_trace(&trace, out)
                .with_context(|| format!("cannot write {}", out.display()))?;
            eprintln!(
                "heapscope: {} steps, {} (sandbox: {}) -> {}",
                trace.len(),
                heapscope_trace::terminal_safe(
                    &trace
                        .meta()
                        .outcome
                        .as_ref()
                        .map(|o| o.describe())
                        .unwrap_or_default()
                ),
                trace.meta().sandbox,
                out.display()
            );
        }
        TraceFormat::Opt => {
            let opts = OptOptions {
                cumulative: a.cumulative,
                heap_primitives: a.heap_primitives,
            };
            // The JSON repeats the stack and heap at every step: the recording's limits
            // bound it too, and it goes to its destination a step at a time.
            let limits = OptLimits {
                max_bytes: Some(a.limits.max_trace.saturating_mul(1 << 20)),
                timeout: Some(Duration::from_secs_f64(a.limits.timeout)),
            };
            let summary = match &a.output {
                Some(p) => {
                    let file = std::fs::File::create(p)
                        .with_context(|| format!("cannot write {}", p.display()))?;
                    write_opt_json(
                        &trace,
                        &opts,
                        &limits,
                        BufWriter::with_capacity(1 << 16, file),
                        |_| {},
                    )
                    .with_context(|| format!("cannot write {}", p.display()))?
                }
                None => {
                    let mut out = BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
                    let summary = write_opt_json(&trace, &opts, &limits, &mut out, |_| {})?;
                    out.write_all(b"\n")?;
                    out.flush()?;
                    summary
                }
            };
            if let Some(why) = summary.stopped {
                eprintln!("heapscope: {why}");
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
