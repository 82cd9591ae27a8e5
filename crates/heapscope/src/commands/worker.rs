//! `heapscope __worker`: the child process that runs Python (see heapscope-runner).

use std::process::ExitCode;

pub fn run() -> anyhow::Result<ExitCode> {
    let (req, events) = heapscope_runner::prepare_child()?;
    heapscope_tracer::run_worker(events, req.config)
}
