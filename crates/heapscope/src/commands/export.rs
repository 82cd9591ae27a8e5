//! `heapscope export`: one offline HTML file to open, share or embed, drawn within the
//! run's limits (see [`heapscope_render::Budget`]).

use std::process::ExitCode;

use anyhow::Context;

use crate::args::ExportArgs;

pub fn run(a: ExportArgs) -> anyhow::Result<ExitCode> {
    let (trace, _trace_progress) = crate::input::load(&a.program, &a.limits)?;
    let budget = crate::input::budget(&a.limits);
    let export = heapscope_render::export_html_within(&trace, &a.picture.options(), &budget)?;
    std::fs::write(&a.output, &export.html)
        .with_context(|| format!("cannot write {}", a.output.display()))?;
    if let Some(stopped) = &export.stopped {
        eprintln!("{}", stopped.describe("the export"));
    }
    eprintln!(
        "heapscope: {} steps, {} KB -> {}",
        export.steps,
        export.html.len() / 1024,
        a.output.display()
    );
    Ok(ExitCode::SUCCESS)
}
