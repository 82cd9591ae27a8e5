//! `heapscope render`: one step (or all of them) as SVG or PNG, for a slide or a page.

use std::path::Path;
use std::process::ExitCode;

use anyhow::{bail, Context};
use heapscope_render::{layout, paint_png, paint_svg, Scene, StableLayout};

use crate::args::RenderArgs;

enum Kind {
    Svg,
    Png,
}

fn kind_of(path: &Path) -> anyhow::Result<Kind> {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("svg") => Ok(Kind::Svg),
        Some("png") => Ok(Kind::Png),
        _ => bail!(
            "{}: the picture must be a .svg or .png file",
            path.display()
        ),
    }
}

fn write(scene: &Scene, path: &Path, kind: &Kind, scale: f32) -> anyhow::Result<()> {
    let bytes = match kind {
        Kind::Svg => paint_svg(scene).into_bytes(),
        Kind::Png => paint_png(scene, scale)?,
    };
    std::fs::write(path, bytes).with_context(|| format!("cannot write {}", path.display()))
}

pub fn run(a: RenderArgs) -> anyhow::Result<ExitCode> {
    let (trace, _trace_progress) = crate::input::load(&a.program, &a.limits)?;
    if trace.is_empty() {
        bail!("the trace has no steps to draw");
    }
    let opts = a.picture.options();
    if a.all {
        std::fs::create_dir_all(&a.output)
            .with_context(|| format!("cannot create the folder {}", a.output.display()))?;
        // Within the run's limits: the pictures drawn before a bound are kept.
        let meter = crate::input::budget(&a.limits).start(&trace)?;
        let layout =
            StableLayout::window_while(&trace, 1, meter.end(), &opts, || !meter.planning_over())?;
        let planned = *layout.steps().end();
        let width = trace.len().to_string().len();
        let (mut written, mut bytes) = (0u64, 0u64);
        let mut stopped = None;
        let mut failed: Option<anyhow::Error> = None;
        layout.for_each_scene_while(|scene| {
            if written > 0 {
                stopped = meter.check(scene.step - 1, bytes);
                if stopped.is_some() {
                    return Ok(false);
                }
            }
            let path = a.output.join(format!("step-{:0width$}.svg", scene.step));
            let svg = paint_svg(&scene);
            match std::fs::write(&path, &svg) {
                Ok(()) => {
                    written += 1;
                    bytes += svg.len() as u64;
                    Ok(true)
                }
                Err(e) => {
                    failed = Some(
                        anyhow::Error::new(e).context(format!("cannot write {}", path.display())),
                    );
                    Ok(false)
                }
            }
        })?;
        if let Some(e) = failed {
            return Err(e);
        }
        if stopped.is_none() && planned < meter.end() {
            stopped = Some(meter.planning_stop(written.min(planned)));
        }
        if let Some(s) = stopped.or_else(|| meter.frames_stop()) {
            eprintln!("{}", s.describe("the pictures"));
        }
        eprintln!("heapscope: {written} pictures in {}", a.output.display());
        return Ok(ExitCode::SUCCESS);
    }
    let kind = kind_of(&a.output)?;
    let step = if let Some(n) = a.step {
        if n == 0 || n > trace.len() {
            bail!(
                "step {n} does not exist: the trace has {} steps (numbered 1 to {})",
                trace.len(),
                trace.len()
            );
        }
        n
    } else if let Some(line) = a.line {
        match trace.find_line(line, 1)? {
            Some(n) => n,
            None => bail!("line {line} never runs in this trace"),
        }
    } else if a.last {
        trace.len()
    } else {
        1
    };
    // The layout of the window of steps around this one (as `run --step` and the web app
    // draw it): every object keeps its place for its whole life within the window, so
    // pictures of neighbouring steps line up on a slide, and a late step costs no more
    // than an early one.
    let scene = layout(&trace, step, &opts)?;
    write(&scene, &a.output, &kind, a.scale)?;
    eprintln!(
        "heapscope: step {step} of {} -> {}",
        trace.len(),
        a.output.display()
    );
    Ok(ExitCode::SUCCESS)
}
