//! `heapscope trace`: record a trace to a file, or print it as Python Tutor JSON.

use std::fs::File;
use std::io::{BufWriter, Seek, Write};
use std::path::Path;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context;
use heapscope_trace::opt::{write_opt_json, OptLimits, OptOptions, OptStream, OptSummary};

use crate::args::{TraceArgs, TraceFormat};
use crate::write_behind::WriteBehind;

pub fn run(a: TraceArgs) -> anyhow::Result<ExitCode> {
    let format = a.format.unwrap_or(match &a.output {
        Some(p) if p.extension().is_some_and(|e| e == "json") => TraceFormat::Opt,
        _ => TraceFormat::Native,
    });
    match format {
        TraceFormat::Native => {
            let Some(out) = &a.output else {
                anyhow::bail!("the native format is binary: name a file with -o (or use --format opt for JSON on stdout)");
            };
            let (trace, _trace_progress) = crate::input::load(&a.program, &a.limits)?;
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
                // A program's JSON to a file is written while it is recorded.
                Some(p) if !crate::input::is_recorded(&a.program)? => {
                    record_as_opt(&a, p, opts, limits)
                        .with_context(|| format!("cannot write {}", p.display()))?
                }
                Some(p) => {
                    let (trace, _trace_progress) = crate::input::load(&a.program, &a.limits)?;
                    let file =
                        File::create(p).with_context(|| format!("cannot write {}", p.display()))?;
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
                    let (trace, _trace_progress) = crate::input::load(&a.program, &a.limits)?;
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

/// Records the program and writes its JSON to `path` as each step is recorded: the
/// conversion runs in the recording's process while the program runs in the worker, on
/// the other core, and needs no pass of its own afterwards. When the run showed a fact
/// about a function after its frame was written (see `OptStream`), the file is written
/// again from the finished trace, so the JSON is always the finished trace's.
fn record_as_opt(
    a: &TraceArgs,
    path: &Path,
    opts: OptOptions,
    limits: OptLimits,
) -> anyhow::Result<OptSummary> {
    let run_opts = crate::input::run_options(&a.limits)?;
    // The JSON had its own `--timeout` after the recording's: it keeps both (and the 2 s
    // the runner gives a worker past its limit before killing it), so the run's own time
    // limit ends it first, with the step that says so.
    let limits = OptLimits {
        timeout: limits.timeout.map(|t| t * 2 + Duration::from_secs(2)),
        ..limits
    };
    // Written beside `path` and moved onto it at the end: a run that fails to start or
    // dies leaves a file the user already had there as it was.
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty());
    // Made as `File::create` would (0o666 less the umask), not private as temporary files are.
    let file = tempfile::Builder::new()
        .permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666))
        .tempfile_in(dir.unwrap_or_else(|| Path::new(".")))?;
    let mut stream = OptStream::new(WriteBehind::new(file)?, opts, limits);
    let mut trace =
        heapscope_runner::trace_program_observed(&a.program, &run_opts, &mut |b| stream.step(b))?;
    let stale = stream.stale(trace.meta().outcome.as_ref());
    let (mut summary, out) = stream.finish()?;
    let mut file = out.finish()?;
    if stale {
        file.as_file().set_len(0)?;
        file.rewind()?;
        let _progress = crate::progress::watch(&mut trace);
        let mut out = BufWriter::with_capacity(1 << 16, file.as_file_mut());
        summary = write_opt_json(&trace, &opts, &limits, &mut out, |_| {})?;
        out.flush()?;
    }
    file.persist(path).map_err(|e| e.error)?;
    Ok(summary)
}
