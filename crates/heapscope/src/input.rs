//! Turning what the user named (a program or a recorded trace) into a trace.

use std::path::Path;

use anyhow::Context;
use heapscope_runner::{RunOptions, WorkerCommand};
use heapscope_trace::Trace;

use crate::args::Limits;
use crate::progress::Watch;

/// The runner's options from the flags.
pub fn run_options(limits: &Limits) -> anyhow::Result<RunOptions> {
    let stdin = match &limits.stdin {
        Some(p) => std::fs::read_to_string(p)
            .with_context(|| format!("cannot read the input file {}", p.display()))?,
        None => String::new(),
    };
    if limits.timeout.is_nan() || limits.timeout <= 0.0 {
        anyhow::bail!("--timeout must be a positive number of seconds");
    }
    Ok(RunOptions {
        worker: worker(limits.python.as_deref())?,
        stdin,
        max_steps: limits.max_steps,
        timeout_secs: limits.timeout,
        max_memory: limits.max_memory.saturating_mul(1 << 20),
        max_trace_bytes: limits.max_trace.saturating_mul(1 << 20),
        max_items: limits.max_items.max(2),
        sandbox: limits.sandbox,
        alloc_hook: !limits.no_alloc_hook,
        ..RunOptions::default()
    })
}

/// The worker for `--python PATH` (checked, so a wrong interpreter is a clear error), or
/// the process's own. A Python package's heapscope also offers its own package folder, so
/// a venv of the same Python version needs no copy of heapscope.
pub fn worker(python: Option<&Path>) -> anyhow::Result<WorkerCommand> {
    let own = WorkerCommand::default_for_process();
    let Some(python) = python else { return Ok(own) };
    let fallback = match &own {
        WorkerCommand::Python { package_dir, .. } => package_dir.clone(),
        WorkerCommand::Embedded { .. } => None,
    };
    Ok(heapscope_runner::python_worker(
        python,
        fallback.as_deref(),
    )?)
}

/// The bounds on drawing a trace after the run: the run's own `--timeout` (counted again
/// from when the drawing starts) and `--max-trace`, and the frames bound, so a trace of a
/// hostile program cannot keep `run`, `render --all` or `export` going without end.
pub fn budget(limits: &Limits) -> heapscope_render::Budget {
    heapscope_render::Budget::of_run(
        std::time::Duration::from_secs_f64(limits.timeout),
        limits.max_trace.saturating_mul(1 << 20),
    )
}

/// Traces a program, or reads a recorded trace (a file that starts like one). Passes over
/// the trace show how far they have got (see [`crate::progress`]) until the [`Watch`] is
/// dropped.
pub fn load(path: &Path, limits: &Limits) -> anyhow::Result<(Trace, Watch)> {
    let mut trace = read(path, limits)?;
    let watch = crate::progress::watch(&mut trace);
    Ok((trace, watch))
}

/// True when `path` holds a recorded trace rather than a program.
pub fn is_recorded(path: &Path) -> anyhow::Result<bool> {
    use std::io::Read;
    let mut f =
        std::fs::File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    let mut b = [0u8; 8];
    let n = f.read(&mut b).unwrap_or(0);
    Ok(heapscope_trace::looks_like_trace(&b[..n]))
}

fn read(path: &Path, limits: &Limits) -> anyhow::Result<Trace> {
    if is_recorded(path)? {
        return heapscope_trace::read_trace(path)
            .with_context(|| format!("cannot read the trace {}", path.display()));
    }
    let opts = run_options(limits)?;
    Ok(heapscope_runner::trace_program(path, &opts)?)
}
