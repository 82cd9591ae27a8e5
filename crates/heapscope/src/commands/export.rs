//! `heapscope export`: one offline HTML file to open, share or embed.

use std::process::ExitCode;

use anyhow::Context;

use crate::args::ExportArgs;

pub fn run(a: ExportArgs) -> anyhow::Result<ExitCode> {
    let (trace, _trace_progress) = crate::input::load(&a.program, &a.limits)?;
    let html = heapscope_render::export_html(&trace, &a.picture.options())?;
    std::fs::write(&a.output, &html)
        .with_context(|| format!("cannot write {}", a.output.display()))?;
    eprintln!(
        "heapscope: {} steps, {} KB -> {}",
        trace.len(),
        html.len() / 1024,
        a.output.display()
    );
    Ok(ExitCode::SUCCESS)
}
