//! `heapscope leaks`: what functions left alive after they returned, and what keeps it.

use std::fmt::Write as _;
use std::process::ExitCode;

use heapscope_analysis::{leak_report, LeakReport, Lifetimes};
use heapscope_trace::{format_count, Trace};

use crate::args::LeaksArgs;

/// The report at one step, as text: the same groups and words as the web app's panel.
pub fn report(trace: &Trace, report: &LeakReport, top: usize) -> String {
    let mut out = String::new();
    let name = trace
        .meta()
        .sources
        .first()
        .map(|s| s.path.as_str())
        .unwrap_or("?");
    let when = if report.step == report.steps {
        format!("at the end (step {})", format_count(report.step))
    } else {
        format!(
            "at step {} of {}",
            format_count(report.step),
            format_count(report.steps)
        )
    };
    let mut text = report.text.clone();
    if report.objects == 0 {
        // "No object …" reads as the rest of a sentence after the name.
        text = text.replacen("No object", "no object", 1);
    }
    let _ = writeln!(out, "{name}, {when}: {text}");
    for g in report.groups.iter().take(top) {
        let _ = writeln!(
            out,
            "\n  {} × {} made in {}() at {} — {}",
            format_count(g.count as u64),
            g.type_name,
            g.function,
            crate::commands::memory::line_text(trace, g.file, g.line),
            g.bytes_text
        );
        for x in &g.examples {
            let _ = writeln!(out, "      #{}: {}", x.id, x.kept_by);
        }
        if g.more > 0 {
            let _ = writeln!(out, "      … and {} more", format_count(g.more as u64));
        }
    }
    if report.groups.len() > top {
        let _ = writeln!(
            out,
            "\n  … and {} more groups (--top)",
            report.groups.len() - top
        );
    }
    out
}

pub fn run(a: LeaksArgs) -> anyhow::Result<ExitCode> {
    let (trace, _trace_progress) = crate::input::load(&a.program, &a.limits)?;
    if trace.is_empty() {
        anyhow::bail!("the trace has no steps");
    }
    let step = match a.step {
        Some(0) => anyhow::bail!("steps are numbered from 1"),
        Some(n) if n > trace.len() => {
            anyhow::bail!(
                "step {n} is past the end: the trace has {} steps",
                trace.len()
            )
        }
        Some(n) => n,
        None => trace.len(),
    };
    let state = trace.state_at(step)?;
    let lives = Lifetimes::of(&trace)?;
    print!(
        "{}",
        report(&trace, &leak_report(&trace, &lives, &state), a.top)
    );
    Ok(ExitCode::SUCCESS)
}
