//! `heapscope lesson`: a lesson file (Markdown) as one offline page, each section's
//! program traced and embedded as a player.

use std::process::ExitCode;

use anyhow::Context;

use crate::args::LessonArgs;

pub fn run(a: LessonArgs) -> anyhow::Result<ExitCode> {
    let text = std::fs::read_to_string(&a.lesson)
        .with_context(|| format!("cannot read the lesson {}", a.lesson.display()))?;
    let lesson = heapscope_render::parse_lesson(&text)
        .with_context(|| format!("{} is not a lesson", a.lesson.display()))?;
    let opts = crate::input::run_options(&a.limits)?;
    // Each program runs from a folder of its own, as `sectionN.py`.
    let dir = tempfile::tempdir().context("cannot make a temporary folder")?;
    let mut traces = Vec::with_capacity(lesson.sections.len());
    for (i, s) in lesson.sections.iter().enumerate() {
        if s.program.is_empty() {
            traces.push(None);
            continue;
        }
        let path = dir.path().join(format!("section{}.py", i + 1));
        std::fs::write(&path, &s.program)?;
        let trace = heapscope_runner::trace_program(&path, &opts)
            .with_context(|| format!("cannot run the program of “{}”", s.title))?;
        eprintln!("heapscope: “{}”: {} steps", s.title, trace.len());
        traces.push(Some(trace));
    }
    let html = heapscope_render::lesson_html(&lesson, &traces, &a.picture.options())?;
    std::fs::write(&a.output, &html)
        .with_context(|| format!("cannot write {}", a.output.display()))?;
    eprintln!(
        "heapscope: lesson “{}”, {} sections, {} KB -> {}",
        lesson.title,
        lesson.sections.len(),
        html.len() / 1024,
        a.output.display()
    );
    Ok(ExitCode::SUCCESS)
}
